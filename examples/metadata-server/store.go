package main

import (
	"context"
	"errors"
	"fmt"
	"strings"
)

// errNotFound is returned for a user that does not exist, errExists for an
// id that is already taken, and errConflict for a change that lost to
// other writers of the same user as many times as the store tries.
var (
	errNotFound = errors.New("no such user")
	errExists   = errors.New("user already exists")
	errConflict = errors.New("the user was changed by other writers at every try")
)

// user is a row of the users table.
type user struct {
	ID string
	// Metadata is the stored document exactly as stored: nil when the
	// column is NULL.
	Metadata []byte
	// Version is 1 for a new user and grows by one with each change.
	Version int64
}

// A store keeps users: the one seam between the handler and a database,
// so that the handler, its statuses and its problem bodies are the same
// on every store. Its methods are safe for concurrent use, also by
// several processes over one database.
type store interface {
	// create adds a user with NULL metadata and version 1, and returns
	// it. It returns errExists if the id is taken.
	create(ctx context.Context, id string) (user, error)

	// get returns the user with the given id, or errNotFound.
	get(ctx context.Context, id string) (user, error)

	// update replaces the metadata of the user id with what change
	// returns for the stored user, atomically: the document written is
	// change's answer to the version it replaces, whatever other
	// goroutines and processes write meanwhile. If change returns an
	// error, nothing is written and update returns that error as it is.
	// If change returns the stored document unchanged (byte for byte),
	// nothing is written and the version stays; otherwise the version
	// grows by one. update returns the user as it is afterwards, or
	// errNotFound before calling change at all.
	//
	// change may be called more than once, each time with the user as
	// it is then, so it must have no effect besides its result; the
	// result of its last call is the one written. When other writers
	// keep changing the user between the read and the write, update
	// gives up after a bounded number of tries with errConflict.
	update(ctx context.Context, id string, change func(user) ([]byte, error)) (user, error)

	// Close releases the store's connections.
	Close() error
}

// openStore opens the store that db names: a PostgreSQL database for a
// postgres:// or postgresql:// URL, and otherwise the SQLite file of that
// name. Either is created with its schema if it does not exist (the
// PostgreSQL database itself must exist).
func openStore(ctx context.Context, db string, pg pgOptions) (store, error) {
	if isPostgresURL(db) {
		return openPostgres(ctx, db, pg)
	}
	st, err := openSQLite(db)
	if err != nil {
		return nil, err
	}
	return st, nil
}

// isPostgresURL reports whether db is a PostgreSQL connection URL.
func isPostgresURL(db string) bool {
	return strings.HasPrefix(db, "postgres://") || strings.HasPrefix(db, "postgresql://")
}

// describeDB returns db for a log line: a URL without its password.
func describeDB(db string) string {
	if !isPostgresURL(db) {
		return db
	}
	cfg, err := parsePostgresURL(db)
	if err != nil {
		return "postgres (unparsable URL)"
	}
	return fmt.Sprintf("postgres://%s@%s:%d/%s", cfg.User, cfg.Host, cfg.Port, cfg.Database)
}
