package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
)

// The PostgreSQL schema: the same row as in SQLite. metadata is json, not
// jsonb: json keeps the text exactly as MergeJSON wrote it (member order,
// number text, escapes), where jsonb would reorder members, keep the last
// of repeated names without a word, and serve a document other than the
// one written.
const postgresSchema = `CREATE TABLE IF NOT EXISTS users (
	id       text   NOT NULL PRIMARY KEY,
	metadata json,
	version  bigint NOT NULL DEFAULT 1 CHECK (version >= 1)
)`

// schemaLock is the key of the advisory lock taken while the schema is
// created: CREATE TABLE IF NOT EXISTS is not safe against itself in
// PostgreSQL (two sessions may both find no table, and one fails on the
// catalog's unique index), so replicas that start at once on an empty
// database take turns. The key is "mdschema" in ASCII.
const schemaLock = 0x6d64736368656d61

// lockMode is how a PostgreSQL update keeps a concurrent writer out
// between its read and its write.
type lockMode string

const (
	// lockVersion reads without a lock and writes with
	// UPDATE … WHERE version = the version read; a write that finds
	// another version changes nothing, and the update reads again.
	lockVersion lockMode = "version"
	// lockRow reads with SELECT … FOR UPDATE in a transaction, which
	// holds the row until the commit; other writers of the user wait.
	lockRow lockMode = "row"
)

// pgOptions are the settings of a PostgreSQL store.
type pgOptions struct {
	// Lock is how an update excludes other writers; "" means lockRow.
	Lock lockMode
	// MaxTries is how many times an update reads, merges and tries to
	// write before it returns errConflict; 0 means 8 with lockVersion,
	// where a try fails whenever another writer changed the user since
	// the read, and 3 with lockRow, where a try fails only when the row
	// lock is not granted within lock_timeout (2 s unless the URL sets
	// it), so that a PATCH gets its 409 well within the server's 30 s
	// write timeout.
	MaxTries int
}

// parsePostgresURL parses a connection URL as pgx does.
func parsePostgresURL(db string) (*pgconn.Config, error) {
	return pgconn.ParseConfig(db)
}

// pgStore keeps users in a PostgreSQL database, through a pool of
// connections (pool_max_conns in the URL, by default the greater of 4 and
// the number of CPUs). Any number of processes may serve one database:
// each update is atomic in the database itself, by the version check or
// the row lock of [pgOptions.Lock], never by anything held in one
// process.
type pgStore struct {
	pool     *pgxpool.Pool
	lock     lockMode
	maxTries int
}

// openPostgres connects to the database at url and creates the users
// table if it does not exist, under an advisory lock.
func openPostgres(ctx context.Context, url string, o pgOptions) (*pgStore, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("database URL: %w", err)
	}
	if _, ok := cfg.ConnConfig.RuntimeParams["lock_timeout"]; !ok {
		// A row lock waited for longer than this is contention: the
		// update tries again, and then answers 409, not a hung request.
		cfg.ConnConfig.RuntimeParams["lock_timeout"] = "2s"
	}
	switch o.Lock {
	case "":
		o.Lock = lockRow
	case lockRow, lockVersion:
	default:
		return nil, fmt.Errorf("lock mode %q: must be %q or %q", o.Lock, lockRow, lockVersion)
	}
	if o.MaxTries <= 0 {
		o.MaxTries = 8
		if o.Lock == lockRow {
			o.MaxTries = 3
		}
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, err
	}
	if err := createSchema(ctx, pool); err != nil {
		pool.Close()
		return nil, fmt.Errorf("creating the schema: %w", err)
	}
	return &pgStore{pool: pool, lock: o.Lock, maxTries: o.MaxTries}, nil
}

// createSchema creates the users table if it does not exist, holding the
// advisory lock schemaLock until the transaction ends.
func createSchema(ctx context.Context, pool *pgxpool.Pool) error {
	return pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, int64(schemaLock)); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, postgresSchema)
		return err
	})
}

// Close closes the pool, waiting for the connections in use.
func (s *pgStore) Close() error {
	s.pool.Close()
	return nil
}

// create is [store.create].
func (s *pgStore) create(ctx context.Context, id string) (user, error) {
	tag, err := s.pool.Exec(ctx, `INSERT INTO users (id) VALUES ($1) ON CONFLICT (id) DO NOTHING`, id)
	if err != nil {
		return user{}, err
	}
	if tag.RowsAffected() == 0 {
		return user{}, errExists
	}
	return user{ID: id, Version: 1}, nil
}

// get is [store.get].
func (s *pgStore) get(ctx context.Context, id string) (user, error) {
	return pgGetUser(ctx, s.pool, id, "")
}

// pgQuerier is what pgGetUser needs of a pool or a transaction.
type pgQuerier interface {
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

// pgGetUser reads a user; suffix, such as " FOR UPDATE", ends the query.
func pgGetUser(ctx context.Context, q pgQuerier, id, suffix string) (user, error) {
	u := user{ID: id}
	err := q.QueryRow(ctx, `SELECT metadata, version FROM users WHERE id = $1`+suffix, id).Scan(&u.Metadata, &u.Version)
	if errors.Is(err, pgx.ErrNoRows) {
		return user{}, errNotFound
	}
	return u, err
}

// update is [store.update]. Each try is one read, one call of change and
// one write; a try that loses to another writer (lockVersion) or waits
// longer than lock_timeout for the row (lockRow) is followed by another,
// after a short random pause, until pgOptions.MaxTries.
func (s *pgStore) update(ctx context.Context, id string, change func(user) ([]byte, error)) (user, error) {
	try := s.updateVersion
	if s.lock == lockRow {
		try = s.updateRow
	}
	for n := 1; ; n++ {
		u, err := try(ctx, id, change)
		if !errors.Is(err, errConflict) || n == s.maxTries {
			return u, err
		}
		// A random pause of up to n ms spreads the writers that lost
		// together, so that they do not meet again at once.
		pause := time.NewTimer(rand.N(time.Duration(n) * time.Millisecond))
		select {
		case <-ctx.Done():
			pause.Stop()
			return user{}, ctx.Err()
		case <-pause.C:
		}
	}
}

// updateVersion is one try of an update by version: read, change, and
// write only if the version is still the one read. It returns errConflict
// when it is not, or when the write waits for another longer than
// lock_timeout.
func (s *pgStore) updateVersion(ctx context.Context, id string, change func(user) ([]byte, error)) (user, error) {
	u, err := pgGetUser(ctx, s.pool, id, "")
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
	// One statement, so atomic by itself: under READ COMMITTED, an UPDATE
	// that meets a row changed since its snapshot waits for that writer
	// and checks the WHERE clause again on the row as it is then.
	tag, err := s.pool.Exec(ctx, `UPDATE users SET metadata = $1, version = version + 1 WHERE id = $2 AND version = $3`, doc, id, u.Version)
	if err != nil {
		return user{}, lockConflict(err) // the row lock of a concurrent UPDATE, held past lock_timeout
	}
	if tag.RowsAffected() == 0 {
		return user{}, errConflict // changed, or deleted, since the read
	}
	return user{ID: id, Metadata: doc, Version: u.Version + 1}, nil
}

// updateRow is one try of an update under the row lock: a transaction
// reads the row with FOR UPDATE, so that no other writer changes it until
// the commit. It returns errConflict when the lock is not granted within
// lock_timeout.
func (s *pgStore) updateRow(ctx context.Context, id string, change func(user) ([]byte, error)) (user, error) {
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return user{}, err
	}
	defer tx.Rollback(ctx) // a no-op after Commit
	u, err := pgGetUser(ctx, tx, id, " FOR UPDATE")
	if err != nil {
		return user{}, lockConflict(err)
	}
	doc, err := change(u)
	if err != nil {
		return user{}, err
	}
	if bytes.Equal(doc, u.Metadata) {
		return u, nil
	}
	if _, err := tx.Exec(ctx, `UPDATE users SET metadata = $1, version = version + 1 WHERE id = $2`, doc, id); err != nil {
		return user{}, err
	}
	if err := tx.Commit(ctx); err != nil {
		return user{}, err
	}
	return user{ID: id, Metadata: doc, Version: u.Version + 1}, nil
}

// lockConflict returns errConflict for an error of contention (a lock not
// granted within lock_timeout, a deadlock, a serialization failure), and
// err otherwise.
func lockConflict(err error) error {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch pe.Code {
		case "55P03", "40P01", "40001": // lock_not_available, deadlock_detected, serialization_failure
			return fmt.Errorf("%w: %s", errConflict, pe.Message)
		}
	}
	return err
}
