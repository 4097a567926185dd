package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	osuser "os/user"
	"path/filepath"
	"strconv"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// pgBin holds the PostgreSQL server's binaries, as Debian's postgresql-15
// package installs them.
const pgBin = "/usr/lib/postgresql/15/bin"

// TestMain stops what the tests started for all of them: the PostgreSQL
// server and the built binary.
func TestMain(m *testing.M) {
	code := m.Run()
	if pgShared.srv != nil {
		if err := pgShared.srv.stop(); err != nil {
			fmt.Fprintln(os.Stderr, "stopping PostgreSQL:", err)
			if code == 0 {
				code = 1
			}
		}
	}
	if built.dir != "" {
		os.RemoveAll(built.dir)
	}
	os.Exit(code)
}

// pgServer is a throwaway PostgreSQL server: a new cluster in a temporary
// directory, serving on a Unix socket in that directory only, so that it
// needs no free port and meets no other server (the system's own cluster,
// if one runs, included).
type pgServer struct {
	dir    string // the cluster in dir/data, the socket in dir
	cmd    *exec.Cmd
	exited chan struct{}
	stderr *syncBuffer
	dbs    atomic.Int64 // databases made, for their names
}

// pgShared is the server that the tests share, each in a database of its
// own; it is started by the first test that needs it.
var pgShared struct {
	once sync.Once
	srv  *pgServer
	err  error
}

// sharedPostgres returns the server the tests share, starting it if need
// be. Without PostgreSQL's binaries it skips the test, except under CI=true,
// where it fails it: CI must run every test.
func sharedPostgres(t testing.TB) *pgServer {
	t.Helper()
	if _, err := os.Stat(filepath.Join(pgBin, "postgres")); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("PostgreSQL is not installed (%v): CI must install postgresql-15", err)
		}
		t.Skipf("PostgreSQL is not installed: %v", err)
	}
	pgShared.once.Do(func() { pgShared.srv, pgShared.err = startPostgres() })
	if pgShared.err != nil {
		t.Fatal(pgShared.err)
	}
	return pgShared.srv
}

// startPostgres makes a new cluster and starts a server on it. As root,
// both run as the postgres user, which PostgreSQL requires, in a directory
// that user owns. The directory is under /tmp with a short name (a Unix
// socket's path must stay under 107 bytes) rather than in t.TempDir, whose
// parents that user may not be able to enter.
func startPostgres() (*pgServer, error) {
	dir, err := os.MkdirTemp("/tmp", "mdpg")
	if err != nil {
		return nil, err
	}
	var cred *syscall.Credential
	if os.Geteuid() == 0 {
		pu, err := osuser.Lookup("postgres")
		if err != nil {
			os.RemoveAll(dir)
			return nil, fmt.Errorf("running PostgreSQL as root needs the postgres user: %w", err)
		}
		uid, _ := strconv.Atoi(pu.Uid)
		gid, _ := strconv.Atoi(pu.Gid)
		if err := os.Chown(dir, uid, gid); err != nil {
			os.RemoveAll(dir)
			return nil, err
		}
		cred = &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}
	}
	command := func(name string, args ...string) *exec.Cmd {
		cmd := exec.Command(filepath.Join(pgBin, name), args...)
		cmd.Dir = dir
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: cred}
		return cmd
	}
	// -N: no fsync, for a cluster that lives as long as the tests.
	initdb := command("initdb", "-D", filepath.Join(dir, "data"), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C", "-N")
	if out, err := initdb.CombinedOutput(); err != nil {
		os.RemoveAll(dir)
		return nil, fmt.Errorf("initdb: %v\n%s", err, out)
	}
	p := &pgServer{dir: dir, exited: make(chan struct{}), stderr: new(syncBuffer)}
	p.cmd = command("postgres", "-D", filepath.Join(dir, "data"), "-k", dir, "-c", "listen_addresses=", "-F",
		"-c", "max_connections=200")
	p.cmd.Stdout, p.cmd.Stderr = p.stderr, p.stderr
	// Should the tests die without stopping it, the server stops too
	// (immediate shutdown).
	p.cmd.SysProcAttr.Pdeathsig = syscall.SIGQUIT
	if err := p.cmd.Start(); err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	go func() { p.cmd.Wait(); close(p.exited) }()

	deadline := time.Now().Add(30 * time.Second)
	for {
		conn, err := pgx.Connect(context.Background(), p.url("postgres"))
		if err == nil {
			conn.Close(context.Background())
			return p, nil
		}
		select {
		case <-p.exited:
			os.RemoveAll(dir)
			return nil, fmt.Errorf("PostgreSQL exited: %s", p.stderr.String())
		case <-time.After(50 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			p.stop()
			return nil, fmt.Errorf("PostgreSQL did not accept connections within 30 s: %v\n%s", err, p.stderr.String())
		}
	}
}

// url returns the URL of database db, over the server's Unix socket.
func (p *pgServer) url(db string) string {
	return "postgres://postgres@/" + db + "?host=" + p.dir
}

// patientLocks is added to the URL of a test database whose test counts
// a 409 as a failure. The server's lock_timeout of 2 s marks contention
// on a production machine, but on a CI machine shared by other jobs, under
// the race detector, a queue of writers for one row can wait that long,
// and a PATCH then gets the 409 that the test did not mean to provoke (in
// a test that waits for a PATCH to queue and then cancels it, a 409 before
// the cancel leaves the test waiting for a log line that never comes). With
// 20 s a lock that is truly stuck still fails the test, within the server's
// tries and long before go test's timeout.
const patientLocks = "&lock_timeout=20s"

// newDatabase creates an empty database for one test and returns its URL.
func (p *pgServer) newDatabase(t testing.TB) string {
	t.Helper()
	name := fmt.Sprintf("test_%d", p.dbs.Add(1))
	conn, err := pgx.Connect(t.Context(), p.url("postgres"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.Background())
	if _, err := conn.Exec(t.Context(), "CREATE DATABASE "+name); err != nil {
		t.Fatal(err)
	}
	return p.url(name)
}

// stop shuts the server down (a fast shutdown, which rolls back what is
// open) and removes its directory.
func (p *pgServer) stop() error {
	defer os.RemoveAll(p.dir)
	if err := p.cmd.Process.Signal(syscall.SIGINT); err != nil && !errors.Is(err, os.ErrProcessDone) {
		return err
	}
	select {
	case <-p.exited:
		return nil
	case <-time.After(30 * time.Second):
		p.cmd.Process.Kill()
		<-p.exited
		return errors.New("PostgreSQL did not stop within 30 s of SIGINT; killed")
	}
}

// built is the server's binary, built once for the tests that start it.
var built struct {
	once sync.Once
	dir  string
	bin  string
	err  error
}

// serverBinary builds the server, once, and returns the binary's path.
func serverBinary(t testing.TB) string {
	t.Helper()
	built.once.Do(func() {
		built.dir, built.err = os.MkdirTemp("", "metadata-server-bin")
		if built.err != nil {
			return
		}
		built.bin = filepath.Join(built.dir, "metadata-server")
		var out bytes.Buffer
		build := exec.Command("go", "build", "-o", built.bin, ".")
		build.Stdout, build.Stderr = &out, &out
		if err := build.Run(); err != nil {
			built.err = fmt.Errorf("go build: %v\n%s", err, out.String())
		}
	})
	if built.err != nil {
		t.Fatal(built.err)
	}
	return built.bin
}
