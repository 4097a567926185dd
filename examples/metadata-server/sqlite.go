package main

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	_ "modernc.org/sqlite" // registers the "sqlite" driver: SQLite in pure Go
)

// The SQLite schema. A user's three metadata objects are one JSON document in one
// column, {"public_metadata":{…},"private_metadata":{…},"unsafe_metadata":{…}},
// so that a request body is a merge patch of that document and one merge
// applies all of it. The column is NULL until the first change; a member
// that is missing stands for {}. version counts the changes committed, and
// is the user's ETag.
const sqliteSchema = `CREATE TABLE IF NOT EXISTS users (
	id       TEXT    NOT NULL PRIMARY KEY,
	metadata BLOB,
	version  INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1)
) STRICT`

// sqliteStore keeps users in one SQLite file.
//
// Writes go through a pool of exactly one connection, so within this
// process they queue in database/sql, in Go, and never meet in SQLite's
// lock: no request waits in a busy loop or fails with SQLITE_BUSY however
// many arrive at once. Each read-modify-write still runs in one
// BEGIN IMMEDIATE transaction (the _txlock DSN parameter), which takes the
// write lock before the read: if another process writes the same file,
// this one waits for it (up to busy_timeout) before it reads, rather than
// reading a version that the other process then changes. In WAL mode
// readers do not block the writer or each other, so GET uses a pool of its
// own, opened read-only.
type sqliteStore struct {
	w *sql.DB // the one writer connection
	r *sql.DB // readers
}

// openSQLite opens the SQLite database at path, creating the file and its
// schema if they do not exist. path is a file name; it may not contain '?',
// which would start the DSN's parameters.
func openSQLite(path string) (*sqliteStore, error) {
	if path == "" || strings.ContainsRune(path, '?') {
		return nil, fmt.Errorf("database path %q: must be a non-empty file name without '?'", path)
	}
	// busy_timeout only matters when another process holds the lock.
	// synchronous=NORMAL in WAL mode keeps every commit atomic and
	// durable across a crash of the process; a power loss may undo the
	// last commits, never corrupt the file.
	w, err := sql.Open("sqlite", path+"?_txlock=immediate&_busy_timeout=5000&_journal_mode=WAL&_synchronous=NORMAL")
	if err != nil {
		return nil, err
	}
	w.SetMaxOpenConns(1)
	w.SetMaxIdleConns(1)
	w.SetConnMaxIdleTime(0)
	w.SetConnMaxLifetime(0)
	if _, err := w.Exec(sqliteSchema); err != nil {
		w.Close()
		return nil, fmt.Errorf("creating the schema in %s: %w", path, err)
	}
	r, err := sql.Open("sqlite", path+"?_busy_timeout=5000&_query_only=1")
	if err != nil {
		w.Close()
		return nil, err
	}
	r.SetMaxOpenConns(4)
	r.SetMaxIdleConns(4)
	if err := r.Ping(); err != nil {
		w.Close()
		r.Close()
		return nil, err
	}
	return &sqliteStore{w: w, r: r}, nil
}

// Close closes both pools.
func (s *sqliteStore) Close() error {
	return errors.Join(s.r.Close(), s.w.Close())
}

// create is [store.create].
func (s *sqliteStore) create(ctx context.Context, id string) (user, error) {
	res, err := s.w.ExecContext(ctx, `INSERT INTO users (id) VALUES (?) ON CONFLICT (id) DO NOTHING`, id)
	if err != nil {
		return user{}, err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return user{}, err
	}
	if n == 0 {
		return user{}, errExists
	}
	return user{ID: id, Version: 1}, nil
}

// get is [store.get].
func (s *sqliteStore) get(ctx context.Context, id string) (user, error) {
	return getUser(ctx, s.r, id)
}

// sqlQuerier is what getUser needs of a pool or a transaction.
type sqlQuerier interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

func getUser(ctx context.Context, q sqlQuerier, id string) (user, error) {
	u := user{ID: id}
	err := q.QueryRowContext(ctx, `SELECT metadata, version FROM users WHERE id = ?`, id).Scan(&u.Metadata, &u.Version)
	if errors.Is(err, sql.ErrNoRows) {
		return user{}, errNotFound
	}
	return u, err
}

// update is [store.update]. It calls change once: the transaction holds
// the write lock from the read to the commit.
func (s *sqliteStore) update(ctx context.Context, id string, change func(user) ([]byte, error)) (user, error) {
	tx, err := s.w.BeginTx(ctx, nil) // BEGIN IMMEDIATE
	if err != nil {
		return user{}, err
	}
	defer tx.Rollback() // a no-op after Commit

	u, err := getUser(ctx, tx, id)
	if err != nil {
		return user{}, err
	}
	doc, err := change(u)
	if err != nil {
		return user{}, err
	}
	if bytes.Equal(doc, u.Metadata) {
		return u, nil
	}
	if _, err := tx.ExecContext(ctx, `UPDATE users SET metadata = ?, version = version + 1 WHERE id = ?`, doc, id); err != nil {
		return user{}, err
	}
	if err := tx.Commit(); err != nil {
		return user{}, err
	}
	return user{ID: id, Metadata: doc, Version: u.Version + 1}, nil
}
