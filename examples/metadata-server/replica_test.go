package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os/exec"
	"regexp"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/deepmerge-go/deepmerge"
	"github.com/google/go-cmp/cmp"
	"github.com/jackc/pgx/v5"
)

// replicas serves n replicas of the server over the PostgreSQL database
// at url: separate http.Servers, each with a pool of its own, as separate
// processes would have.
func replicas(t *testing.T, url string, n int, o pgOptions, cfg config) []*env {
	t.Helper()
	var rs []*env
	for range n {
		st, err := openPostgres(t.Context(), url, o)
		if err != nil {
			t.Fatal(err)
		}
		rs = append(rs, serve(t, st, cfg))
	}
	return rs
}

// send sends a request to base, and returns its status and ETag, or the
// error of a request that got no response.
func send(client *http.Client, method, url, contentType, body string, header ...string) (status int, etag string, err error) {
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		return 0, "", err
	}
	req.Header.Set("Content-Type", contentType)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	res, err := client.Do(req)
	if err != nil {
		return 0, "", err
	}
	defer res.Body.Close()
	if _, err := io.Copy(io.Discard, res.Body); err != nil {
		return 0, "", err
	}
	return res.StatusCode, res.Header.Get("ETag"), nil
}

// publicKeys returns the members of the user's public metadata, and its
// ETag, as replica e serves them.
func publicKeys(t *testing.T, e *env, id string) (map[string]any, string) {
	t.Helper()
	g := e.do("GET", "/users/"+id, "", nil)
	if g.status != http.StatusOK {
		t.Fatalf("GET %s: %d %s", id, g.status, g.body)
	}
	return decode(t, g.body).(map[string]any)["public_metadata"].(map[string]any), g.header.Get("ETag")
}

// TestReplicaPatchesLoseNothing sends 50 clients × 20 PATCHes, spread
// over three replicas and four users, and checks that every acknowledged
// update is stored, that nothing else is, and that each user's versions
// were handed out one by one: the 200s' ETags are "v2" to "v(n+1)", each
// once. A PATCH may get 409 (the store gave up on a contended user), which
// must then have changed nothing; no PATCH may get a 5xx. Both of the
// store's ways of excluding writers are held to it.
func TestReplicaPatchesLoseNothing(t *testing.T) {
	pg := sharedPostgres(t)
	for _, lock := range []lockMode{lockRow, lockVersion} {
		t.Run(string(lock), func(t *testing.T) {
			cfg := defaultConfig
			cfg.MaxMetadata = 64 << 10
			rs := replicas(t, pg.newDatabase(t), 3, pgOptions{Lock: lock}, cfg)
			users := []string{"user_hot0", "user_hot1", "user_hot2", "user_hot3"}
			for _, id := range users {
				rs[0].create(id)
			}

			const clients, each = 50, 20
			type result struct {
				user, key string
				status    int
				etag      string
			}
			results := make([][each]result, clients)
			client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: clients}}
			defer client.CloseIdleConnections()
			start := make(chan struct{})
			var wg sync.WaitGroup
			for c := range clients {
				wg.Go(func() {
					<-start
					for i := range each {
						r := &results[c][i]
						r.user, r.key = users[(c*each+i)%len(users)], fmt.Sprintf("k-%d-%d", c, i)
						url := rs[(c+i)%len(rs)].srv.URL + "/users/" + r.user + "/metadata"
						var err error
						r.status, r.etag, err = send(client, "PATCH", url, deepmerge.MediaType, `{"public_metadata":{"`+r.key+`":`+fmt.Sprint(i)+`}}`)
						if err != nil {
							t.Errorf("client %d, patch %d: %v", c, i, err)
						}
					}
				})
			}
			close(start)
			wg.Wait()

			acked := map[string]map[string]any{}
			etags := map[string][]string{}
			statuses := map[int]int{}
			for c := range results {
				for i, r := range results[c] {
					statuses[r.status]++
					switch r.status {
					case http.StatusOK:
						if acked[r.user] == nil {
							acked[r.user] = map[string]any{}
						}
						acked[r.user][r.key] = fmt.Sprint(i)
						etags[r.user] = append(etags[r.user], r.etag)
					case http.StatusConflict:
					default:
						t.Errorf("client %d, patch %d: status %d, want 200 or 409", c, i, r.status)
					}
				}
			}
			t.Logf("lock %s: %d PATCHes: %d × 200, %d × 409 (the store gave up on a contended user)",
				lock, clients*each, statuses[200], statuses[409])

			for _, id := range users {
				got, tag := publicKeys(t, rs[1], id)
				want := acked[id]
				for k, v := range got {
					got[k] = fmt.Sprint(v)
				}
				if diff := cmp.Diff(want, got); diff != "" {
					t.Errorf("%s: the stored keys are not the acknowledged ones (-acknowledged +stored):\n%s", id, diff)
				}
				n := len(want)
				if wantTag := fmt.Sprintf(`"v%d"`, 1+n); tag != wantTag {
					t.Errorf("%s: ETag %s after %d acknowledged changes, want %s", id, tag, n, wantTag)
				}
				var consecutive []string
				for v := 2; v <= 1+n; v++ {
					consecutive = append(consecutive, fmt.Sprintf(`"v%d"`, v))
				}
				slices.Sort(consecutive)
				slices.Sort(etags[id])
				if diff := cmp.Diff(consecutive, etags[id]); diff != "" {
					t.Errorf("%s: the 200s' ETags are not v2 to v%d, each once (-want +got):\n%s", id, 1+n, diff)
				}
			}
			for i, r := range rs {
				if strings.Contains(r.logs.String(), "level=ERROR") {
					t.Errorf("replica %d logged an error:\n%s", i, r.problems())
				}
			}
		})
	}
}

// TestReplicaIfMatchRace sends, in each round, PATCHes with the current
// ETag of one user to all three replicas at once: exactly one must win,
// and every other must get 412 with the new tag, on both lock modes.
func TestReplicaIfMatchRace(t *testing.T) {
	pg := sharedPostgres(t)
	for _, lock := range []lockMode{lockRow, lockVersion} {
		t.Run(string(lock), func(t *testing.T) {
			rs := replicas(t, pg.newDatabase(t)+patientLocks, 3, pgOptions{Lock: lock}, defaultConfig)
			const id = "user_race"
			rs[0].create(id)
			client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}}
			defer client.CloseIdleConnections()

			const rounds, writers = 10, 12
			tag := `"v1"`
			var winners []string
			for round := range rounds {
				type result struct {
					status int
					etag   string
				}
				results := make([]result, writers)
				start := make(chan struct{})
				var wg sync.WaitGroup
				for w := range writers {
					wg.Go(func() {
						<-start
						url := rs[w%len(rs)].srv.URL + "/users/" + id + "/metadata"
						status, etag, err := send(client, "PATCH", url, deepmerge.MediaType,
							fmt.Sprintf(`{"unsafe_metadata":{"r%d-w%d":true}}`, round, w), "If-Match", tag)
						if err != nil {
							t.Error(err)
						}
						results[w] = result{status, etag}
					})
				}
				close(start)
				wg.Wait()
				next := fmt.Sprintf(`"v%d"`, round+2)
				won := 0
				for w, r := range results {
					switch r.status {
					case http.StatusOK:
						won++
						winners = append(winners, fmt.Sprintf("r%d-w%d", round, w))
					case http.StatusPreconditionFailed:
					default:
						t.Errorf("round %d, writer %d: status %d, want 200 or 412", round, w, r.status)
					}
					if r.etag != next {
						t.Errorf("round %d, writer %d: status %d with ETag %s, want %s", round, w, r.status, r.etag, next)
					}
				}
				if won != 1 {
					t.Errorf("round %d: %d writers with If-Match %s won, want exactly 1", round, won, tag)
				}
				tag = next
			}
			g := rs[2].do("GET", "/users/"+id, "", nil)
			want := map[string]any{}
			for _, w := range winners {
				want[w] = true
			}
			if diff := cmp.Diff(want, decode(t, g.body).(map[string]any)["unsafe_metadata"]); diff != "" {
				t.Errorf("the user holds other keys than the winners' (-want +got):\n%s", diff)
			}
			if g.header.Get("ETag") != tag {
				t.Errorf("ETag %s, want %s", g.header.Get("ETag"), tag)
			}
		})
	}
}

// processReplica is the server's binary serving the database at url.
type processReplica struct {
	cmd    *exec.Cmd
	base   string
	exited chan error
}

// startProcessReplica starts the built binary on a free port over the
// database at url, and returns once it listens. Its log is read and
// dropped; a test that ends without killing it kills it.
func startProcessReplica(t *testing.T, url string, args ...string) *processReplica {
	t.Helper()
	cmd := exec.Command(serverBinary(t), append([]string{"-addr", "127.0.0.1:0", "-db", url}, args...)...)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	p := &processReplica{cmd: cmd, exited: make(chan error, 1)}
	addr := make(chan string, 1)
	go func() {
		listening := regexp.MustCompile(`msg=listening addr=(127\.0\.0\.1:[0-9]+) `)
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			if m := listening.FindStringSubmatch(sc.Text()); m != nil {
				addr <- m[1]
			}
		}
		close(addr)
		p.exited <- cmd.Wait()
	}()
	t.Cleanup(func() {
		cmd.Process.Kill()
		<-p.exited
	})
	select {
	case a, ok := <-addr:
		if !ok {
			t.Fatalf("the replica exited before listening: %v", <-p.exited)
		}
		p.base = "http://" + a
	case <-time.After(30 * time.Second):
		t.Fatal("the replica did not listen within 30 s")
	}
	return p
}

// TestReplicaKilledMidPatch runs two replicas over one database: a
// separate process, which is killed with SIGKILL while clients have
// PATCHes in flight on it, and one in this process, which serves on. The
// kill drops the process's connections to PostgreSQL, which rolls back
// whatever transaction they held; nothing in the process survives it. So
// every update acknowledged, by either replica, must be stored; every key
// stored must have been sent; and each user's version must count exactly
// the updates stored, none applied twice or in part.
func TestReplicaKilledMidPatch(t *testing.T) {
	pg := sharedPostgres(t)
	url := pg.newDatabase(t) + patientLocks
	cfg := defaultConfig
	cfg.MaxMetadata = 64 << 10
	live := replicas(t, url, 1, pgOptions{}, cfg)[0]
	users := []string{"user_k0", "user_k1"}
	for _, id := range users {
		live.create(id)
	}
	doomed := startProcessReplica(t, url, "-max-metadata", fmt.Sprint(cfg.MaxMetadata))

	const clients, each = 16, 40
	var (
		mu            sync.Mutex
		acked         = map[string]map[string]bool{} // user → keys answered 200
		sent          = map[string]bool{}
		ackedByDoomed atomic.Int64
		inFlight      atomic.Int64 // on the doomed replica
		lost          atomic.Int64 // requests to it that got no response
		killed        atomic.Bool
	)
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: clients}, Timeout: 30 * time.Second}
	defer client.CloseIdleConnections()
	var wg sync.WaitGroup
	for c := range clients {
		wg.Go(func() {
			for i := range each {
				id, key := users[(c+i)%len(users)], fmt.Sprintf("k-%d-%d", c, i)
				toDoomed := (c+i)%2 == 0 && !killed.Load()
				base := live.srv.URL
				if toDoomed {
					base = doomed.base
					inFlight.Add(1)
				}
				mu.Lock()
				sent[key] = true
				mu.Unlock()
				status, _, err := send(client, "PATCH", base+"/users/"+id+"/metadata", deepmerge.MediaType, `{"public_metadata":{"`+key+`":true}}`)
				if toDoomed {
					inFlight.Add(-1)
				}
				switch {
				case err != nil && toDoomed:
					lost.Add(1)
				case err != nil:
					t.Errorf("client %d, patch %d to the live replica: %v", c, i, err)
				case status == http.StatusOK:
					mu.Lock()
					if acked[id] == nil {
						acked[id] = map[string]bool{}
					}
					acked[id][key] = true
					mu.Unlock()
					if toDoomed {
						ackedByDoomed.Add(1)
					}
				case status >= 500 || !toDoomed:
					t.Errorf("client %d, patch %d: status %d", c, i, status)
				}
			}
		})
	}

	// Kill the process once it has acknowledged some PATCHes, at a moment
	// when some are in flight on it.
	deadline := time.Now().Add(30 * time.Second)
	for ackedByDoomed.Load() < 40 || inFlight.Load() < 2 {
		if time.Now().After(deadline) {
			t.Fatalf("the doomed replica acknowledged %d PATCHes in 30 s", ackedByDoomed.Load())
		}
		time.Sleep(100 * time.Microsecond)
	}
	if err := doomed.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	killed.Store(true)
	wg.Wait()
	<-doomed.exited
	doomed.exited <- nil // for the cleanup
	if lost.Load() == 0 {
		t.Errorf("no request to the killed replica went unanswered: it was not killed mid-PATCH")
	}
	t.Logf("the killed replica acknowledged %d PATCHes; %d requests to it got no response", ackedByDoomed.Load(), lost.Load())

	for _, id := range users {
		got, tag := publicKeys(t, live, id)
		for key := range acked[id] {
			if got[key] != true {
				t.Errorf("%s: the acknowledged update %s is lost", id, key)
			}
		}
		for key := range got {
			if !sent[key] {
				t.Errorf("%s: key %s was never sent", id, key)
			}
		}
		if want := fmt.Sprintf(`"v%d"`, 1+len(got)); tag != want {
			t.Errorf("%s: ETag %s with %d updates stored, want %s", id, tag, len(got), want)
		}
	}
	if logs := live.logs.String(); strings.Contains(logs, "level=ERROR") {
		t.Errorf("the live replica logged an error:\n%s", live.problems())
	}
}

// TestPostgresSchemaAtOnce starts eight stores at once on an empty
// database: the advisory lock lets each create the schema, or find it
// made, without failing.
func TestPostgresSchemaAtOnce(t *testing.T) {
	url := sharedPostgres(t).newDatabase(t)
	const n = 8
	errs := make([]error, n)
	stores := make([]store, n)
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			<-start
			stores[i], errs[i] = openPostgres(t.Context(), url, pgOptions{})
		})
	}
	close(start)
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("store %d: %v", i, err)
			continue
		}
		if _, err := stores[i].create(t.Context(), fmt.Sprintf("user_%d", i)); err != nil {
			t.Errorf("store %d: create: %v", i, err)
		}
		stores[i].Close()
	}
}

// TestPostgresLockTimeoutIs409 holds a user's row in a transaction of its
// own while a PATCH and a PUT wait for it, in both lock modes (the
// version check's UPDATE waits for the row too): after lock_timeout, at
// each of its tries, each gets 409 with a problem body, not a 5xx, and
// nothing is changed.
func TestPostgresLockTimeoutIs409(t *testing.T) {
	pg := sharedPostgres(t)
	for _, lock := range []lockMode{lockRow, lockVersion} {
		t.Run(string(lock), func(t *testing.T) {
			st, err := openPostgres(t.Context(), pg.newDatabase(t)+"&lock_timeout=50ms", pgOptions{Lock: lock, MaxTries: 3})
			if err != nil {
				t.Fatal(err)
			}
			e := serve(t, st, defaultConfig)
			const id = "user_locked"
			e.create(id)
			before := e.stored(id)

			tx := holdRow(t, st, id)
			checkProblem(t, e.patch(id, `{"public_metadata":{"a":1}}`), 409, "edit-conflict", nil, nil, "")
			checkProblem(t, e.put(id, `{"public_metadata":{"a":1}}`), 409, "edit-conflict", nil, nil, "")
			if err := tx.Rollback(t.Context()); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(before, e.stored(id)); diff != "" {
				t.Errorf("a PATCH that got 409 changed the user (-before +after):\n%s", diff)
			}
			if logs := e.logs.String(); strings.Contains(logs, "level=ERROR") || !strings.Contains(logs, `msg="gave up on a contended user"`) {
				t.Errorf("want the give-up logged as a warning, and no error:\n%s", logs)
			}
			if r := e.patch(id, `{"public_metadata":{"a":1}}`); r.status != http.StatusOK {
				t.Errorf("once the row is free: %d %s", r.status, r.body)
			}
		})
	}
}

// TestPostgresCanceledWhileWaitingForTheRow cancels a PATCH that waits for
// a user's row, held by a transaction of the test's: the PATCH changes
// nothing, and is logged as canceled, not as a fault of the server.
func TestPostgresCanceledWhileWaitingForTheRow(t *testing.T) {
	e := newEnv(t, postgresKind, defaultConfig)
	st := e.st.(*pgStore)
	const id = "user_wait"
	e.create(id)
	before := e.stored(id)

	tx := holdRow(t, st, id)
	ctx, cancel := context.WithCancel(t.Context())
	done := e.patchInBackground(ctx, id)
	// Wait until a session of this test's database waits for a lock: the
	// PATCH's. Sessions of other databases of the shared cluster (a killed
	// replica's, say, that has not yet found its client gone) do not count.
	waitUntil(t, "the PATCH to wait for the row", func() bool {
		var waiting int
		if err := st.pool.QueryRow(t.Context(), `SELECT count(*) FROM pg_stat_activity
			WHERE wait_event_type = 'Lock' AND datname = current_database()`).Scan(&waiting); err != nil {
			t.Fatal(err)
		}
		return waiting > 0
	})
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Errorf("the client got %v, want context.Canceled", err)
	}
	waitUntil(t, "the server to log the canceled request", func() bool {
		return strings.Contains(e.logs.String(), `msg="request canceled"`)
	})
	if err := tx.Rollback(t.Context()); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(before, e.stored(id)); diff != "" {
		t.Errorf("a canceled PATCH changed the stored user (-before +after):\n%s", diff)
	}
	if logs := e.logs.String(); strings.Contains(logs, "level=ERROR") {
		t.Errorf("a canceled request was logged as an error:\n%s", logs)
	}
	if r := e.patch(id, `{"public_metadata":{"a":2}}`); r.status != http.StatusOK {
		t.Errorf("the next PATCH: %d %s", r.status, r.body)
	}
}

// holdRow holds the row of the user id in a transaction of the test's,
// rolled back at the end of the test if it is still open.
func holdRow(t *testing.T, st *pgStore, id string) pgx.Tx {
	t.Helper()
	tx, err := st.pool.Begin(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { tx.Rollback(context.Background()) })
	if _, err := tx.Exec(t.Context(), `SELECT 1 FROM users WHERE id = $1 FOR UPDATE`, id); err != nil {
		t.Fatal(err)
	}
	return tx
}
