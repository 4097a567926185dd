package main

import (
	"bufio"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/deepmerge-go/deepmerge"
	"github.com/google/go-cmp/cmp"
)

// TestBinary builds the command, starts it on a free port with a new
// database file, sends it a POST, a PATCH and a GET, and stops it with
// SIGINT.
func TestBinary(t *testing.T) {
	dir := t.TempDir()
	bin := serverBinary(t)
	db := filepath.Join(dir, "users.db")
	cmd := exec.Command(bin, "-addr", "127.0.0.1:0", "-db", db)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	logs := make(chan string, 100)
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			logs <- sc.Text()
		}
		close(logs)
		exited <- cmd.Wait() // after stderr is read to its end, as Wait requires
	}()
	stopped := false
	t.Cleanup(func() { // when the test fails before the server exits
		if !stopped {
			cmd.Process.Kill()
			<-exited
		}
	})

	// The server logs the address it listens on, port 0 being chosen by
	// the kernel.
	var addr string
	listening := regexp.MustCompile(`msg=listening addr=(127\.0\.0\.1:[0-9]+) db=`)
	timeout := time.After(30 * time.Second)
	for addr == "" {
		select {
		case line, ok := <-logs:
			if !ok {
				err := <-exited
				stopped = true
				t.Fatalf("the server exited before listening: %v", err)
			}
			if m := listening.FindStringSubmatch(line); m != nil {
				addr = m[1]
			}
		case <-timeout:
			t.Fatal("the server did not log its address within 30 s")
		}
	}
	if _, err := os.Stat(db); err != nil {
		t.Errorf("the database file: %v", err)
	}

	base := "http://" + addr
	send := func(method, path, contentType, body string) (int, http.Header, string) {
		t.Helper()
		req, err := http.NewRequest(method, base+path, strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Content-Type", contentType)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatalf("%s %s: %v", method, path, err)
		}
		defer res.Body.Close()
		b, err := io.ReadAll(res.Body)
		if err != nil {
			t.Fatal(err)
		}
		return res.StatusCode, res.Header, string(b)
	}
	if status, h, body := send("POST", "/users", "application/json", `{"id":"user_bin"}`); status != 201 || h.Get("Location") != "/users/user_bin" {
		t.Fatalf("POST /users: %d Location %q %s", status, h.Get("Location"), body)
	}
	status, h, body := send("PATCH", "/users/user_bin/metadata", deepmerge.MediaType+"; charset=utf-8",
		`{"public_metadata":{"role":"admin","profile":{"bio":"hi"}},"unsafe_metadata":{"x":null}}`)
	const want = `{"id":"user_bin","public_metadata":{"role":"admin","profile":{"bio":"hi"}},"private_metadata":{},"unsafe_metadata":{}}` + "\n"
	if status != 200 || body != want || h.Get("ETag") != `"v2"` {
		t.Fatalf("PATCH: %d ETag %q %s, want 200 \"v2\" %s", status, h.Get("ETag"), body, want)
	}
	status, h, body = send("GET", "/users/user_bin", "", "")
	if status != 200 || body != want || h.Get("ETag") != `"v2"` {
		t.Fatalf("GET: %d ETag %q %s, want 200 \"v2\" %s", status, h.Get("ETag"), body, want)
	}
	var got map[string]any
	if err := json.Unmarshal([]byte(body), &got); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff("admin", got["public_metadata"].(map[string]any)["role"]); diff != "" {
		t.Errorf("role (-want +got):\n%s", diff)
	}

	if err := cmd.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	var rest []string
	for line := range logs {
		rest = append(rest, line)
	}
	select {
	case err := <-exited:
		stopped = true
		if err != nil {
			t.Errorf("after SIGINT the server exited with %v, want status 0", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("the server did not exit within 30 s of SIGINT")
	}
	logged := strings.Join(rest, "\n")
	if !strings.Contains(logged, `msg="shutting down"`) || !strings.Contains(logged, "msg=stopped") {
		t.Errorf("the server did not log a graceful shutdown:\n%s", logged)
	}
	if strings.Contains(logged, "level=ERROR") {
		t.Errorf("the server logged an error:\n%s", logged)
	}
}
