package main

import (
	"bufio"
	"bytes"
	"io"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

func TestTargetsMustBeLoopback(t *testing.T) {
	tests := []struct {
		targets string
		wantErr bool
		reason  string
	}{
		{"http://127.0.0.1:8080", false, ""},
		{"http://127.0.0.1:8081,http://[::1]:8082,http://localhost:8083/", false, "several, IPv6 and localhost"},
		{"http://127.0.0.2:80", false, "all of 127/8 is loopback"},
		{"http://10.0.0.1:8080", true, "a private address is someone's machine"},
		{"http://example.com", true, "a name other than localhost may resolve anywhere"},
		{"http://127.0.0.1:8080,http://192.0.2.1:8080", true, "every target is checked"},
		{"https://127.0.0.1:8443", true, "plain http only"},
		{"http://127.0.0.1:8080/users", true, "a base URL, no path"},
		{"", true, "required"},
	}
	for _, tt := range tests {
		_, err := loopbackTargets(tt.targets)
		if (err != nil) != tt.wantErr {
			t.Errorf("loopbackTargets(%q): error %v, want error %v\n%s", tt.targets, err, tt.wantErr, tt.reason)
		}
	}
}

func TestBounds(t *testing.T) {
	for _, args := range [][]string{
		{"-clients", "257"}, {"-clients", "0"}, {"-n", "1000001"}, {"-n", "0"},
		{"-duration", "5m1s"}, {"-duration", "0s"}, {"-users", "0"}, {"extra"},
	} {
		var stderr bytes.Buffer
		// The target does not exist: a run that went past the checks
		// would fail on it too, so the error must be the bound's.
		err := run(append([]string{"-targets", "http://127.0.0.1:1"}, args...), io.Discard, &stderr)
		if err == nil || strings.Contains(err.Error(), "connect") {
			t.Errorf("%q: error %v, want the bound refused before any request", args, err)
		}
	}
}

// TestRun builds the server, starts it on a new SQLite file, and loads it
// with a short run, which must report every PATCH acknowledged and the
// versions grown by as many.
func TestRun(t *testing.T) {
	dir := t.TempDir()
	bin := filepath.Join(dir, "metadata-server")
	if out, err := exec.Command("go", "build", "-o", bin, "..").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	cmd := exec.Command(bin, "-addr", "127.0.0.1:0", "-db", filepath.Join(dir, "users.db"))
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { cmd.Process.Kill(); cmd.Wait() }()
	addr := make(chan string, 1)
	go func() {
		listening := regexp.MustCompile(`msg=listening addr=(127\.0\.0\.1:[0-9]+) `)
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			if m := listening.FindStringSubmatch(sc.Text()); m != nil {
				addr <- m[1]
			}
		}
	}()
	var base string
	select {
	case a := <-addr:
		base = "http://" + a
	case <-time.After(30 * time.Second):
		t.Fatal("the server did not listen within 30 s")
	}

	var out bytes.Buffer
	if err := run([]string{"-targets", base, "-n", "300", "-clients", "8", "-users", "3"}, &out, io.Discard); err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	want := regexp.MustCompile(`^targets=1 users=3 clients=8 sent=300 seconds=[0-9.]+ patches/s=[0-9]+ p50=[0-9.]+ms p99=[0-9.]+ms status=\[200×300\] versions=\+300 ok\n$`)
	if !want.MatchString(out.String()) {
		t.Errorf("output %q, want it to match %s", out.String(), want)
	}
}
