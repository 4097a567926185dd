// Command metadata-server is a reference server for PATCH
// /users/{id}/metadata: it merges RFC 7396 merge patches into users'
// public, private and unsafe metadata, stored in SQLite or PostgreSQL.
//
// Usage:
//
//	metadata-server [-addr 127.0.0.1:8080] [-db users.db | -db postgres://…]
//	                [-pg-lock row|version] [-max-body 65536]
//	                [-max-depth 32] [-max-metadata 8192]
//
// It keeps users in a SQLite file, or in a PostgreSQL database that any
// number of replicas may share. It creates the SQLite file, and the schema
// of either, if they do not exist, logs each request to standard error,
// and shuts down gracefully on SIGINT or SIGTERM. The README beside this
// file describes the API.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stderr)
	stop()
	switch {
	case errors.Is(err, flag.ErrHelp):
	case errors.Is(err, errUsage):
		os.Exit(2)
	case err != nil:
		fmt.Fprintln(os.Stderr, "metadata-server:", err)
		os.Exit(1)
	}
}

// errUsage is returned for flags that are wrong; the flag package has said
// why.
var errUsage = errors.New("usage")

// run serves until ctx is done, then shuts the server down: it stops
// accepting connections and waits up to 10 seconds for the requests in
// flight.
func run(ctx context.Context, args []string, stderr io.Writer) error {
	fs := flag.NewFlagSet("metadata-server", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", "127.0.0.1:8080", "listen `address`; port 0 picks a free port, which is logged")
	db := fs.String("db", "users.db", "the SQLite `file`, or a postgres:// URL; the schema is created if it does not exist")
	var pg pgOptions
	fs.Func("pg-lock", "how a PostgreSQL update excludes other writers: `row` (SELECT … FOR UPDATE, the default) or version (UPDATE … WHERE version = the one read)",
		func(s string) error {
			if s != string(lockRow) && s != string(lockVersion) {
				return errors.New(`must be "row" or "version"`)
			}
			pg.Lock = lockMode(s)
			return nil
		})
	cfg := defaultConfig
	fs.Int64Var(&cfg.MaxBody, "max-body", cfg.MaxBody, "most `bytes` of a request body (413 above)")
	fs.IntVar(&cfg.MaxDepth, "max-depth", cfg.MaxDepth, "deepest nesting of a PATCH body, its top-level object at depth 1 (400 deeper)")
	fs.IntVar(&cfg.MaxMetadata, "max-metadata", cfg.MaxMetadata,
		"most `bytes` of a user's three metadata objects together, as compact JSON (422 above)")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return errUsage
	}
	if fs.NArg() > 0 || cfg.MaxBody <= 0 || cfg.MaxDepth <= 0 || cfg.MaxMetadata <= 0 {
		fmt.Fprintln(stderr, "metadata-server: takes no arguments, and every limit must be positive")
		fs.Usage()
		return errUsage
	}

	log := slog.New(slog.NewTextHandler(stderr, nil))
	st, err := openStore(ctx, *db, pg)
	if err != nil {
		return err
	}
	defer st.Close()
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	srv := &http.Server{
		Handler:           newHandler(st, cfg, log),
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       2 * time.Minute,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	log.Info("listening", "addr", ln.Addr().String(), "db", describeDB(*db))

	select {
	case err := <-served:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down")
	shutdown, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil {
		return err
	}
	log.Info("stopped")
	return nil
}
