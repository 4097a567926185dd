package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/deepmerge-go/deepmerge"
	"github.com/google/go-cmp/cmp"
)

// env is the real handler over a real store, served on loopback.
type env struct {
	t      *testing.T
	st     store
	srv    *httptest.Server
	client *http.Client
	logs   *syncBuffer
}

// syncBuffer is a bytes.Buffer that goroutines may share.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

// A storeKind names a store the behaviour tests run on.
type storeKind string

const (
	sqliteKind   storeKind = "sqlite"
	postgresKind storeKind = "postgres"
)

// behaviour is the suite of tests that every store must pass, with the
// same handler, statuses and problem bodies.
var behaviour = []struct {
	name string
	test func(*testing.T, storeKind)
}{
	{"MergesMatchReference", testMergesMatchReference},
	{"NewUserHasNullMetadata", testNewUserHasNullMetadata},
	{"CreateUser", testCreateUser},
	{"BadPatches", testBadPatches},
	{"LimitsAtTheBoundary", testLimitsAtTheBoundary},
	{"UnknownUser", testUnknownUser},
	{"StoredDocumentFault", testStoredDocumentFault},
	{"IfMatch", testIfMatch},
	{"PatchKeepsTheRepresentation", testPatchKeepsTheRepresentation},
	{"ConcurrentPatchesLoseNothing", testConcurrentPatchesLoseNothing},
	{"ConcurrentIfMatchWriters", testConcurrentIfMatchWriters},
	{"PatchTwice", testPatchTwice},
	{"Replace", testReplace},
	{"ContentEncoding", testContentEncoding},
	{"RequestLog", testRequestLog},
}

// TestSQLite runs the behaviour suite on a new SQLite file for each test.
func TestSQLite(t *testing.T) {
	for _, b := range behaviour {
		t.Run(b.name, func(t *testing.T) { b.test(t, sqliteKind) })
	}
}

// TestPostgres runs the behaviour suite on a new database for each test,
// in a PostgreSQL server that the tests start.
func TestPostgres(t *testing.T) {
	sharedPostgres(t)
	for _, b := range behaviour {
		t.Run(b.name, func(t *testing.T) { b.test(t, postgresKind) })
	}
}

// openTestStore opens a store of kind k that no other test uses.
func openTestStore(t *testing.T, k storeKind) store {
	t.Helper()
	if k == sqliteKind {
		st, err := openSQLite(filepath.Join(t.TempDir(), "users.db"))
		if err != nil {
			t.Fatal(err)
		}
		return st
	}
	st, err := openPostgres(t.Context(), sharedPostgres(t).newDatabase(t)+patientLocks, pgOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return st
}

func newEnv(t *testing.T, k storeKind, cfg config) *env {
	t.Helper()
	return serve(t, openTestStore(t, k), cfg)
}

// serve serves the handler over st on loopback until the test ends, and
// closes st then.
func serve(t *testing.T, st store, cfg config) *env {
	t.Helper()
	logs := new(syncBuffer)
	srv := httptest.NewServer(newHandler(st, cfg, slog.New(slog.NewTextHandler(logs, nil))))
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}}
	t.Cleanup(func() {
		client.CloseIdleConnections()
		srv.Close()
		if err := st.Close(); err != nil {
			t.Error(err)
		}
	})
	return &env{t: t, st: st, srv: srv, client: client, logs: logs}
}

// problems returns the lines logged at level WARN or above.
func (e *env) problems() string {
	var b strings.Builder
	for _, line := range strings.Split(e.logs.String(), "\n") {
		if strings.Contains(line, "level=WARN") || strings.Contains(line, "level=ERROR") {
			b.WriteString(line + "\n")
		}
	}
	return b.String()
}

// response is what a request got back.
type response struct {
	status int
	header http.Header
	body   []byte
}

// do sends a request. header holds extra headers; a Content-Type of ""
// sends none.
func (e *env) do(method, path, contentType string, body io.Reader, header ...string) response {
	e.t.Helper()
	req, err := http.NewRequest(method, e.srv.URL+path, body)
	if err != nil {
		e.t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Add(header[i], header[i+1])
	}
	res, err := e.client.Do(req)
	if err != nil {
		e.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		e.t.Fatalf("%s %s: reading the response: %v", method, path, err)
	}
	return response{res.StatusCode, res.Header, b}
}

// patch sends body as a merge patch of the metadata of user id.
func (e *env) patch(id, body string, header ...string) response {
	e.t.Helper()
	return e.do("PATCH", "/users/"+id+"/metadata", deepmerge.MediaType, strings.NewReader(body), header...)
}

// create creates the user id and fails the test unless that works.
func (e *env) create(id string) {
	e.t.Helper()
	if r := e.do("POST", "/users", "application/json", strings.NewReader(`{"id":"`+id+`"}`)); r.status != http.StatusCreated {
		e.t.Fatalf("POST /users %s: %d %s", id, r.status, r.body)
	}
}

// stored returns the row of user id as the database holds it.
func (e *env) stored(id string) user {
	e.t.Helper()
	u, err := e.st.get(e.t.Context(), id)
	if err != nil {
		e.t.Fatalf("reading user %s: %v", id, err)
	}
	return u
}

// store writes doc straight into the database as the metadata of user id.
func (e *env) store(id string, doc []byte) {
	e.t.Helper()
	if err := e.write(id, doc); err != nil {
		e.t.Fatal(err)
	}
}

// write writes doc straight into the database as the metadata of user id,
// or returns the database's error.
func (e *env) write(id string, doc []byte) error {
	switch st := e.st.(type) {
	case *sqliteStore:
		_, err := st.w.Exec(`UPDATE users SET metadata = ? WHERE id = ?`, doc, id)
		return err
	case *pgStore:
		_, err := st.pool.Exec(e.t.Context(), `UPDATE users SET metadata = $1 WHERE id = $2`, doc, id)
		return err
	}
	panic("unknown store")
}

// decode decodes JSON text with numbers as json.Number, failing the test
// if it is not JSON.
func decode(t *testing.T, b []byte) any {
	t.Helper()
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil {
		t.Fatalf("decoding %s: %v", b, err)
	}
	return v
}

// mergePatch is the pseudocode of RFC 7396, section 2, transcribed: the
// reference that the server's merges are held to. It modifies target.
func mergePatch(target, patch any) any {
	p, ok := patch.(map[string]any)
	if !ok {
		return patch
	}
	t, ok := target.(map[string]any)
	if !ok {
		t = map[string]any{}
	}
	for name, value := range p {
		if value == nil {
			delete(t, name)
		} else {
			t[name] = mergePatch(t[name], value)
		}
	}
	return t
}

// asUser returns the user that GET shows for the metadata document doc:
// each of the three objects, {} where doc has none.
func asUser(id string, doc map[string]any) map[string]any {
	u := map[string]any{"id": id}
	for _, name := range metadataNames {
		if v, ok := doc[name]; ok {
			u[name] = v
		} else {
			u[name] = map[string]any{}
		}
	}
	return u
}

func testMergesMatchReference(t *testing.T, k storeKind) {
	e := newEnv(t, k, defaultConfig)
	const id = "user_ref"
	e.create(id)
	// A stored document the API could not have written: a null member,
	// kept until a patch names it.
	e.store(id, []byte(`{"public_metadata":{"name":"Ada","gone":null,"profile":{"bio":"x","links":["a","b"]}},`+
		`"private_metadata":{"account":12345678901234567890,"price":1.50,"note":"v1 \u2014 v2"}}`))

	steps := []struct {
		name, body, reason string
	}{
		{"change at depth", `{"public_metadata":{"profile":{"bio":"Mathematician"}}}`,
			"a nested member is replaced, its siblings kept"},
		{"delete at depth", `{"public_metadata":{"profile":{"links":null},"missing":{"deeper":null}}}`,
			"null removes a nested member; null for one that is not there changes nothing but makes {}"},
		{"array replaced", `{"public_metadata":{"badges":["early",null,{"x":null}]},"unsafe_metadata":{"recent":[1,2,3]}}`,
			"arrays replace whole, nulls inside them kept"},
		{"array replaced again", `{"unsafe_metadata":{"recent":[4]}}`, "never merged element by element"},
		{"new nested object", `{"private_metadata":{"plan":{"tier":"pro","seats":{"used":2,"free":null}}}}`,
			"a new object is added less its nulls"},
		{"null target member", `{"public_metadata":{"gone":{"now":"object","not":null}}}`,
			"an object merged into a stored null starts from {}"},
		{"absent members untouched", `{"unsafe_metadata":{"theme":"dark"}}`,
			"public and private metadata are not in the body, so they stay exactly as they are"},
		{"whole object replaced by scalar", `{"public_metadata":{"profile":"none"}}`, "an object member replaced by a scalar"},
		{"escaped member names", `{"public\u005fmetadata":{"caf\u00e9":1,"a\/b":2}}`,
			"names are compared by their decoded value, at the top level too"},
		{"top-level null", `{"unsafe_metadata":null}`, "a metadata object removed whole reads as {}"},
		{"empty patch", `{}`, "an empty patch changes nothing"},
		{"depth 32", `{"unsafe_metadata":` + nest(31, "1") + `}`, "31 nested objects under the top level: depth 32, the limit"},
	}

	got := e.do("GET", "/users/"+id, "", nil)
	if got.status != http.StatusOK {
		t.Fatalf("GET: %d %s", got.status, got.body)
	}
	state := decode(t, got.body).(map[string]any)
	delete(state, "id")
	for _, step := range steps {
		r := e.patch(id, step.body)
		if r.status != http.StatusOK {
			t.Fatalf("%s: PATCH %s: %d %s", step.name, step.body, r.status, r.body)
		}
		patch := decode(t, []byte(step.body))

		want := asUser(id, mergePatch(decode(t, mustJSON(t, state)), patch).(map[string]any))
		viaMaps, err := deepmerge.Merge(state, patch.(map[string]any))
		if err != nil {
			t.Fatalf("%s: deepmerge.Merge: %v", step.name, err)
		}
		if diff := cmp.Diff(want, asUser(id, viaMaps)); diff != "" {
			t.Fatalf("%s: the reference and deepmerge.Merge differ (-reference +Merge):\n%s", step.name, diff)
		}
		if diff := cmp.Diff(want, decode(t, r.body)); diff != "" {
			t.Errorf("%s: PATCH returned the wrong user (-want +got):\n%s\n%s", step.name, diff, step.reason)
		}
		g := e.do("GET", "/users/"+id, "", nil)
		if !bytes.Equal(g.body, r.body) || g.header.Get("ETag") != r.header.Get("ETag") {
			t.Errorf("%s: GET returned\n%s %s\nPATCH returned\n%s %s", step.name,
				g.body, g.header.Get("ETag"), r.body, r.header.Get("ETag"))
		}
		state = want
		delete(state, "id")
	}

	// The text of what no patch rebuilt is kept exactly.
	final := string(e.do("GET", "/users/"+id, "", nil).body)
	for _, s := range []string{`"account":12345678901234567890`, `"price":1.50`, `"note":"v1 \u2014 v2"`, `"caf\u00e9":1`} {
		if !strings.Contains(final, s) {
			t.Errorf("GET lost the exact text %s:\n%s", s, final)
		}
	}
}

// nest returns n objects nested in one another, each with one member "d",
// around inner.
func nest(n int, inner string) string {
	return strings.Repeat(`{"d":`, n) + inner + strings.Repeat(`}`, n)
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func testNewUserHasNullMetadata(t *testing.T, k storeKind) {
	e := newEnv(t, k, defaultConfig)
	r := e.do("POST", "/users", "", nil)
	if r.status != http.StatusCreated {
		t.Fatalf("POST /users: %d %s", r.status, r.body)
	}
	loc := r.header.Get("Location")
	id, ok := strings.CutPrefix(loc, "/users/")
	if !ok || !regexp.MustCompile(`^user_[A-Z2-7]{26}$`).MatchString(id) {
		t.Fatalf("Location %q: want /users/user_ and 26 base32 characters", loc)
	}
	if got := e.stored(id).Metadata; got != nil {
		t.Errorf("a new user's metadata is %q, want NULL", got)
	}
	want := `{"id":"` + id + `","public_metadata":{},"private_metadata":{},"unsafe_metadata":{}}` + "\n"
	if string(r.body) != want {
		t.Errorf("POST returned %s, want %s", r.body, want)
	}
	g := e.do("GET", loc, "", nil)
	if g.status != http.StatusOK || string(g.body) != want || g.header.Get("ETag") != `"v1"` {
		t.Errorf("GET %s: %d %s ETag %s, want 200 %s ETag \"v1\"", loc, g.status, g.body, g.header.Get("ETag"), want)
	}

	// The first patch is applied to nothing: the NULL column is absent.
	p := e.patch(id, `{"private_metadata":{"plan":"pro","trial":null}}`)
	wantDoc := `{"private_metadata":{"plan":"pro"}}`
	if p.status != http.StatusOK {
		t.Fatalf("first PATCH: %d %s", p.status, p.body)
	}
	if got := string(e.stored(id).Metadata); got != wantDoc {
		t.Errorf("stored %s, want %s", got, wantDoc)
	}
}

func testCreateUser(t *testing.T, k storeKind) {
	e := newEnv(t, k, defaultConfig)
	tests := []struct {
		name, contentType, body string
		wantStatus              int
		wantType                string
		wantPointer             *string
		wantAt                  string // what the body holds at the problem's offset
		reason                  string
	}{
		{"chosen id", "application/json", `{"id":"user_1"}`, 201, "", nil, "", "the client may choose the id"},
		{"empty object", "application/json; charset=utf-8", ` {} `, 201, "", nil, "", "the server chooses the id"},
		{"taken id", "application/json", `{"id":"user_1"}`, 409, "user-exists", nil, "", "ids are unique"},
		{"invalid id", "application/json", `{"id":"a b"}`, 422, "invalid-user", ptr("/id"), `"a b"`, "ids must need no escaping"},
		{"id too long", "application/json", `{"id":"` + strings.Repeat("x", 65) + `"}`, 422, "invalid-user", ptr("/id"), `"xxx`, "at most 64 bytes"},
		{"id not a string", "application/json", `{"id":7}`, 422, "invalid-user", ptr("/id"), `7}`, "an id is a string"},
		{"unknown member", "application/json", `{"id":"u","public_metadata":{}}`, 422, "invalid-user", ptr("/public_metadata"), `"public_metadata"`,
			"a new user has no metadata"},
		{"not an object", "application/json", `["u"]`, 422, "invalid-user", ptr(""), `["u"]`, "the body is an object"},
		{"repeated id", "application/json", `{"id":"a","id":"b"}`, 400, "invalid-json", ptr("/id"), `"id":"b"`, "which one would win?"},
		{"wrong type", "text/plain", `{"id":"x"}`, 415, "unsupported-media-type", nil, "", "a body must be JSON"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := e.do("POST", "/users", tt.contentType, strings.NewReader(tt.body))
			if r.status != tt.wantStatus {
				t.Fatalf("status %d, want %d: %s\n%s", r.status, tt.wantStatus, r.body, tt.reason)
			}
			if tt.wantStatus == http.StatusCreated {
				id, _ := strings.CutPrefix(r.header.Get("Location"), "/users/")
				if g := e.do("GET", "/users/"+id, "", nil); g.status != 200 || !bytes.Equal(g.body, r.body) {
					t.Errorf("GET %s: %d %s, want 200 %s", id, g.status, g.body, r.body)
				}
				return
			}
			checkProblem(t, r, tt.wantStatus, tt.wantType, tt.wantPointer, []byte(tt.body), tt.wantAt)
		})
	}
}

func ptr(s string) *string { return &s }

// checkProblem checks that r is a problem of the given status and type,
// with a pointer and offset when wantPointer is not nil, the offset
// pointing at wantAt in body.
func checkProblem(t *testing.T, r response, status int, typ string, wantPointer *string, body []byte, wantAt string) map[string]any {
	t.Helper()
	if r.status != status {
		t.Errorf("status %d, want %d", r.status, status)
	}
	if ct := r.header.Get("Content-Type"); ct != "application/problem+json" {
		t.Errorf("Content-Type %q, want application/problem+json", ct)
	}
	var p map[string]any
	if err := json.Unmarshal(r.body, &p); err != nil {
		t.Fatalf("problem body %s: %v", r.body, err)
	}
	if p["type"] != problemBase+typ || p["status"] != float64(status) || p["title"] == "" || p["detail"] == "" {
		t.Errorf("problem %s: want type %s, status %d, a title and a detail", r.body, problemBase+typ, status)
	}
	pointer, hasPointer := p["pointer"].(string)
	offset, hasOffset := p["offset"].(float64)
	if wantPointer == nil {
		if hasPointer || hasOffset {
			t.Errorf("problem %s has a pointer or an offset, want neither", r.body)
		}
		return p
	}
	if !hasPointer || !hasOffset || pointer != *wantPointer {
		t.Fatalf("problem %s: want pointer %q and an offset", r.body, *wantPointer)
	}
	at := int(offset)
	if at < 0 || at > len(body) || !bytes.HasPrefix(body[at:], []byte(wantAt)) {
		t.Errorf("offset %d: want it at %q in %q", at, wantAt, body)
	}
	detail := p["detail"].(string)
	if !strings.Contains(detail, fmt.Sprintf("%q", pointer)) || !strings.Contains(detail, fmt.Sprintf("byte offset %d ", at)) {
		t.Errorf("detail %q does not name pointer %q and offset %d", detail, pointer, at)
	}
	return p
}

func testBadPatches(t *testing.T, k storeKind) {
	cfg := defaultConfig
	e := newEnv(t, k, cfg)
	const id = "user_bad"
	e.create(id)
	if r := e.patch(id, `{"public_metadata":{"name":"Ada","plan":{"tier":"free"}}}`); r.status != http.StatusOK {
		t.Fatalf("setup PATCH: %d %s", r.status, r.body)
	}
	before := e.stored(id)

	big := `{"public_metadata":{"k":"` + strings.Repeat("x", int(cfg.MaxBody)) + `"}}`
	tests := []struct {
		name, contentType, body string
		chunked                 bool // send the body without a Content-Length
		wantStatus              int
		wantType                string
		wantPointer             *string
		wantAt                  string
		reason                  string
	}{
		{name: "no Content-Type", body: `{}`, wantStatus: 415, wantType: "unsupported-media-type",
			reason: "a patch document must say what it is (RFC 5789)"},
		{name: "text/plain", contentType: "text/plain", body: `{}`, wantStatus: 415, wantType: "unsupported-media-type"},
		{name: "json-patch", contentType: "application/json-patch+json", body: `[]`, wantStatus: 415, wantType: "unsupported-media-type",
			reason: "RFC 6902 JSON Patch is another format"},
		{name: "charset utf-16", contentType: "application/json; charset=utf-16", body: `{}`, wantStatus: 415, wantType: "unsupported-media-type",
			reason: "JSON is UTF-8"},
		{name: "malformed Content-Type", contentType: "application/json; charset", body: `{}`, wantStatus: 415, wantType: "unsupported-media-type"},

		{name: "too large", contentType: deepmerge.MediaType, body: big, wantStatus: 413, wantType: "body-too-large",
			reason: "Content-Length over the limit is refused before reading"},
		{name: "too large, chunked", contentType: deepmerge.MediaType, body: big, chunked: true, wantStatus: 413, wantType: "body-too-large",
			reason: "http.MaxBytesReader stops reading past the limit"},

		{name: "empty", contentType: deepmerge.MediaType, body: ``, wantStatus: 400, wantType: "invalid-json", wantPointer: ptr(""), wantAt: ``},
		{name: "syntax", contentType: deepmerge.MediaType, body: `{"public_metadata":{"a":1,}}`, wantStatus: 400, wantType: "invalid-json",
			wantPointer: ptr("/public_metadata"), wantAt: `}}`},
		{name: "trailing data", contentType: deepmerge.MediaType, body: `{"public_metadata":{}} {}`, wantStatus: 400, wantType: "invalid-json",
			wantPointer: ptr(""), wantAt: `{}`},
		{name: "invalid UTF-8", contentType: deepmerge.MediaType, body: "{\"public_metadata\":{\"name\":\"Ad\xffa\"}}", wantStatus: 400,
			wantType: "invalid-json", wantPointer: ptr("/public_metadata/name"), wantAt: "\xffa"},
		{name: "unpaired surrogate", contentType: deepmerge.MediaType, body: `{"public_metadata":{"s":"x\ud800"}}`, wantStatus: 400,
			wantType: "invalid-json", wantPointer: ptr("/public_metadata/s"), wantAt: `\ud800`},
		{name: "repeated name at depth", contentType: "application/json", body: `{"private_metadata":{"plan":1, "plan":2}}`, wantStatus: 400,
			wantType: "invalid-json", wantPointer: ptr("/private_metadata/plan"), wantAt: `"plan":2`,
			reason: "a checker that keeps the first and a store that keeps the last would disagree"},
		{name: "repeated top-level name", contentType: deepmerge.MediaType, body: `{"public_metadata":{},"public_metadata":null}`, wantStatus: 400,
			wantType: "invalid-json", wantPointer: ptr("/public_metadata"), wantAt: `"public_metadata":null`},
		{name: "too deep", contentType: deepmerge.MediaType, body: `{"unsafe_metadata":` + nest(32, "1") + `}`, wantStatus: 400,
			wantType: "invalid-json", wantPointer: ptr("/unsafe_metadata" + strings.Repeat("/d", 31)), wantAt: `{"d":1}`,
			reason: "depth 33 where the limit is 32"},

		{name: "array body", contentType: deepmerge.MediaType, body: "  [1,2]", wantStatus: 422, wantType: "invalid-patch",
			wantPointer: ptr(""), wantAt: `[1,2]`, reason: "would replace the whole document"},
		{name: "null body", contentType: deepmerge.MediaType, body: `null`, wantStatus: 422, wantType: "invalid-patch",
			wantPointer: ptr(""), wantAt: `null`},
		{name: "string body", contentType: deepmerge.MediaType, body: "\n\"x\"", wantStatus: 422, wantType: "invalid-patch",
			wantPointer: ptr(""), wantAt: `"x"`},
		{name: "unknown member", contentType: deepmerge.MediaType, body: `{"public_metadata":{"a":1},"publicMetadata":{"a":1}}`, wantStatus: 422,
			wantType: "invalid-patch", wantPointer: ptr("/publicMetadata"), wantAt: `"publicMetadata"`},
		{name: "unknown member with spaces", contentType: deepmerge.MediaType, body: "{ \"public_metadata\" : {} ,\n  \"id\" : 1 }", wantStatus: 422,
			wantType: "invalid-patch", wantPointer: ptr("/id"), wantAt: `"id" : 1`},
		{name: "unknown member to escape", contentType: deepmerge.MediaType, body: `{"a/b~c":1}`, wantStatus: 422,
			wantType: "invalid-patch", wantPointer: ptr("/a~1b~0c"), wantAt: `"a/b~c"`},
		{name: "string metadata", contentType: deepmerge.MediaType, body: `{"private_metadata": "x"}`, wantStatus: 422,
			wantType: "invalid-patch", wantPointer: ptr("/private_metadata"), wantAt: `"x"}`},
		{name: "array metadata", contentType: deepmerge.MediaType, body: `{"public_metadata":{},"unsafe_metadata":[{}]}`, wantStatus: 422,
			wantType: "invalid-patch", wantPointer: ptr("/unsafe_metadata"), wantAt: `[{}]`},
		{name: "number metadata", contentType: deepmerge.MediaType, body: `{"public_metadata":0}`, wantStatus: 422,
			wantType: "invalid-patch", wantPointer: ptr("/public_metadata"), wantAt: `0}`},
		{name: "boolean metadata", contentType: deepmerge.MediaType, body: `{"public_metadata":false}`, wantStatus: 422,
			wantType: "invalid-patch", wantPointer: ptr("/public_metadata"), wantAt: `false`},
		{name: "syntax before shape", contentType: deepmerge.MediaType, body: `{"foo":1,"public_metadata":{"a":}}`, wantStatus: 400,
			wantType: "invalid-json", wantPointer: ptr("/public_metadata/a"), wantAt: `}}`,
			reason: "malformed JSON is reported even after a member that is not allowed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var body io.Reader = strings.NewReader(tt.body)
			if tt.chunked {
				body = struct{ io.Reader }{body} // hides the length from net/http
			}
			if tt.body == "" {
				body = nil
			}
			r := e.do("PATCH", "/users/"+id+"/metadata", tt.contentType, body)
			p := checkProblem(t, r, tt.wantStatus, tt.wantType, tt.wantPointer, []byte(tt.body), tt.wantAt)
			if t.Failed() {
				t.Logf("problem: %s\nreason: %s", r.body, tt.reason)
			}
			switch tt.wantStatus {
			case 415:
				if got := r.header.Get("Accept-Patch"); got != "application/merge-patch+json, application/json" {
					t.Errorf("Accept-Patch %q", got)
				}
			case 413:
				if p["limit"] != float64(cfg.MaxBody) {
					t.Errorf("limit %v, want %d", p["limit"], cfg.MaxBody)
				}
			}
			if diff := cmp.Diff(before, e.stored(id)); diff != "" {
				t.Errorf("the stored user changed (-before +after):\n%s", diff)
			}
		})
	}
}

func testLimitsAtTheBoundary(t *testing.T, k storeKind) {
	cfg := defaultConfig
	e := newEnv(t, k, cfg)
	const id = "user_limits"
	e.create(id)

	// The body limit counts bytes, whitespace included.
	small := `{"public_metadata":{"a":1}}`
	if r := e.patch(id, small+strings.Repeat(" ", int(cfg.MaxBody)-len(small))); r.status != http.StatusOK {
		t.Errorf("a body of exactly max-body bytes: %d %s", r.status, r.body)
	}

	// {"k":"…"} with n bytes of string is 8+n bytes; with {} and {} the
	// total is 12+n.
	exact := `{"public_metadata":{"a":null,"k":"` + strings.Repeat("x", cfg.MaxMetadata-12) + `"}}`
	r := e.patch(id, exact)
	if r.status != http.StatusOK {
		t.Fatalf("metadata of exactly max-metadata bytes: %d %s", r.status, r.body)
	}
	before := e.stored(id)

	over := `{"unsafe_metadata":{"b":1}}` // 7 bytes more
	p := checkProblem(t, e.patch(id, over), 422, "metadata-too-large", nil, nil, "")
	if p["size"] != float64(cfg.MaxMetadata+5) || p["limit"] != float64(cfg.MaxMetadata) {
		t.Errorf("size %v limit %v, want %d and %d", p["size"], p["limit"], cfg.MaxMetadata+5, cfg.MaxMetadata)
	}
	if diff := cmp.Diff(before, e.stored(id)); diff != "" {
		t.Errorf("a merge over the limit changed the stored user (-before +after):\n%s", diff)
	}

	// Making room then works: a delete and an addition in one patch.
	if r := e.patch(id, `{"public_metadata":{"k":"short"},"unsafe_metadata":{"b":1}}`); r.status != http.StatusOK {
		t.Errorf("after making room: %d %s", r.status, r.body)
	}
}

func testUnknownUser(t *testing.T, k storeKind) {
	e := newEnv(t, k, defaultConfig)
	for _, path := range []string{"/users/user_none", "/users/not%20valid", "/users/" + strings.Repeat("x", 65)} {
		checkProblem(t, e.do("GET", path, "", nil), 404, "not-found", nil, nil, "")
		checkProblem(t, e.do("PATCH", path+"/metadata", deepmerge.MediaType, strings.NewReader(`{}`)), 404, "not-found", nil, nil, "")
		checkProblem(t, e.do("PATCH", path+"/metadata", deepmerge.MediaType, strings.NewReader(`{}`), "If-Match", "*"), 404, "not-found", nil, nil, "")
	}
}

func testStoredDocumentFault(t *testing.T, k storeKind) {
	e := newEnv(t, k, defaultConfig)
	const id = "user_fault"
	e.create(id)
	bad := []byte(`{"public_metadata":{"plan":"free","plan":"pro"}}`)
	e.store(id, bad)
	before := e.stored(id)

	r := e.patch(id, `{"public_metadata":{"seats":2}}`)
	checkProblem(t, r, 500, "server-fault", nil, nil, "")
	if bytes.Contains(r.body, []byte("plan")) || bytes.Contains(r.body, []byte("duplicate")) {
		t.Errorf("the problem tells the client about the stored document: %s", r.body)
	}
	if diff := cmp.Diff(before, e.stored(id)); diff != "" {
		t.Errorf("the stored user changed (-before +after):\n%s", diff)
	}
	logs := e.logs.String()
	if !strings.Contains(logs, "level=ERROR") || !strings.Contains(logs, "user="+id) ||
		!strings.Contains(logs, `target: offset 34: /public_metadata/plan: duplicate member name \"plan\"`) {
		t.Errorf("the fault is not logged with the user and the error:\n%s", logs)
	}

	// A repeated name in an object that no patch reaches is a fault too:
	// the merge would copy it without reading it, and GET would serve it.
	const far = "user_fault_far"
	e.create(far)
	e.store(far, []byte(`{"public_metadata":{"a":1,"a":2},"private_metadata":{}}`))
	farBefore := e.stored(far)
	checkProblem(t, e.patch(far, `{"private_metadata":{"x":1}}`), 500, "server-fault", nil, nil, "")
	checkProblem(t, e.do("GET", "/users/"+far, "", nil), 500, "server-fault", nil, nil, "")
	if diff := cmp.Diff(farBefore, e.stored(far)); diff != "" {
		t.Errorf("a patch beside the fault changed the stored user (-before +after):\n%s", diff)
	}
	if logs := e.logs.String(); !strings.Contains(logs, "user="+far) ||
		!strings.Contains(logs, `stored document: deepmerge: offset 26: /public_metadata/a: duplicate member name \"a\"`) {
		t.Errorf("the fault beside the patch is not logged with the user and the error:\n%s", logs)
	}

	// The client's faults come first, and are the client's.
	checkProblem(t, e.patch(id, `{"public_metadata":{"seats":}}`), 400, "invalid-json", ptr("/public_metadata/seats"), []byte(`{"public_metadata":{"seats":}}`), `}}`)
	checkProblem(t, e.patch(id, `{"public_metadata":{},"x":1}`), 422, "invalid-patch", ptr("/x"), []byte(`{"public_metadata":{},"x":1}`), `"x"`)
	checkProblem(t, e.patch(id, `{"public_metadata":{"seats":2}} x`), 400, "invalid-json", ptr(""), []byte(`{"public_metadata":{"seats":2}} x`), `x`)

	// Documents that are JSON but not metadata documents are faults too,
	// for GET as for PATCH.
	for _, doc := range []string{`[]`, `{"public_metadata":[]}`, `{"other":{}}`, `{"unsafe_metadata":{},"unsafe_metadata":{}}`, `{} {}`} {
		if err := e.write(id, []byte(doc)); err != nil {
			// PostgreSQL's json type takes one JSON value, with repeated
			// names; SQLite takes any bytes.
			if k == postgresKind && doc == `{} {}` {
				continue
			}
			t.Fatalf("writing %s: %v", doc, err)
		}
		checkProblem(t, e.do("GET", "/users/"+id, "", nil), 500, "server-fault", nil, nil, "")
		checkProblem(t, e.patch(id, `{"private_metadata":{"a":1}}`), 500, "server-fault", nil, nil, "")
		if got := string(e.stored(id).Metadata); got != doc {
			t.Errorf("stored %s, want %s unchanged", got, doc)
		}
	}
}

func testIfMatch(t *testing.T, k storeKind) {
	e := newEnv(t, k, defaultConfig)
	const id = "user_etag"
	e.create(id)
	g := e.do("GET", "/users/"+id, "", nil)
	v1 := g.header.Get("ETag")
	if v1 != `"v1"` {
		t.Fatalf("ETag of a new user %q, want \"v1\"", v1)
	}
	r := e.patch(id, `{"public_metadata":{"a":1}}`, "If-Match", v1)
	v2 := r.header.Get("ETag")
	if r.status != http.StatusOK || v2 != `"v2"` {
		t.Fatalf("PATCH with the current tag: %d ETag %q %s, want 200 \"v2\"", r.status, v2, r.body)
	}
	before := e.stored(id)

	for _, stale := range [][]string{{"If-Match", v1}, {"If-Match", `W/"v2"`}, {"If-Match", `"v3", "x"`}, {"If-Match", `v2`}, {"If-Match", ``}} {
		r := e.patch(id, `{"public_metadata":{"a":2}}`, stale...)
		checkProblem(t, r, 412, "precondition-failed", nil, nil, "")
		if r.header.Get("ETag") != v2 {
			t.Errorf("If-Match %s: the 412 carries ETag %q, want the current %s", stale[1], r.header.Get("ETag"), v2)
		}
		if diff := cmp.Diff(before, e.stored(id)); diff != "" {
			t.Errorf("If-Match %s: the stored user changed (-before +after):\n%s", stale[1], diff)
		}
	}
	// A stale tag is reported before a bad body is looked at.
	checkProblem(t, e.patch(id, `{`, "If-Match", v1), 412, "precondition-failed", nil, nil, "")

	// Each of these matches the current tag cur.
	matching := []func(cur string) []string{
		func(cur string) []string { return []string{"If-Match", `"x", ` + cur} },           // in a list
		func(cur string) []string { return []string{"If-Match", `"x"`, "If-Match", cur} },  // in a second field
		func(cur string) []string { return []string{"If-Match", "W/" + cur + ", " + cur} }, // strong after weak
		func(string) []string { return []string{"If-Match", "*"} },                         // any existing user
		func(string) []string { return []string{"If-Match", `"no,comma", *`} },             // a comma inside a tag
	}
	cur := v2
	for i, m := range matching {
		want := fmt.Sprintf(`"v%d"`, 3+i)
		r := e.patch(id, fmt.Sprintf(`{"public_metadata":{"a":%d}}`, 3+i), m(cur)...)
		if r.status != http.StatusOK || r.header.Get("ETag") != want {
			t.Fatalf("If-Match %q: %d ETag %q %s, want 200 %s", m(cur), r.status, r.header.Get("ETag"), r.body, want)
		}
		cur = want
	}

	// A patch that changes nothing keeps the version, and so the tag.
	now := e.stored(id)
	r = e.patch(id, `{"public_metadata":{"a":7,"gone":null}}`)
	if r.status != http.StatusOK || r.header.Get("ETag") != etag(now) {
		t.Errorf("a patch that changes nothing: %d ETag %q, want 200 %s", r.status, r.header.Get("ETag"), etag(now))
	}
	if diff := cmp.Diff(now, e.stored(id)); diff != "" {
		t.Errorf("a patch that changes nothing wrote (-before +after):\n%s", diff)
	}
}

// testPatchKeepsTheRepresentation checks that a PATCH whose result reads
// back as the user already did keeps the stored text and the tag, though
// the merged text differs: a NULL document, a missing object and {} all
// read as {}.
func testPatchKeepsTheRepresentation(t *testing.T, k storeKind) {
	e := newEnv(t, k, defaultConfig)
	const id = "user_same"
	e.create(id)
	for _, body := range []string{`{}`, `{"public_metadata":{}}`, `{"public_metadata":null}`, `{"private_metadata":{"a":null}}`} {
		before := e.stored(id)
		r := e.patch(id, body)
		if r.status != http.StatusOK || r.header.Get("ETag") != `"v1"` {
			t.Errorf("PATCH %s on a new user: %d ETag %q %s, want 200 \"v1\"", body, r.status, r.header.Get("ETag"), r.body)
		}
		if diff := cmp.Diff(before, e.stored(id)); diff != "" {
			t.Errorf("PATCH %s on a new user wrote (-before +after):\n%s", body, diff)
		}
	}
	// A change is still a change, and writing {} back over a stored
	// object that held members is one too.
	for i, body := range []string{`{"public_metadata":{"a":1}}`, `{"public_metadata":{"a":null}}`} {
		r := e.patch(id, body)
		if want := fmt.Sprintf(`"v%d"`, 2+i); r.status != http.StatusOK || r.header.Get("ETag") != want {
			t.Errorf("PATCH %s: %d ETag %q %s, want 200 %s", body, r.status, r.header.Get("ETag"), r.body, want)
		}
	}
	// Now public_metadata is stored as {}: removing it keeps the tag.
	if r := e.patch(id, `{"public_metadata":null}`); r.header.Get("ETag") != `"v3"` {
		t.Errorf("removing a stored {}: ETag %q, want \"v3\"", r.header.Get("ETag"))
	}
}

func TestParseIfMatch(t *testing.T) {
	tests := []struct {
		values []string
		want   ifMatch
		reason string
	}{
		{nil, ifMatch{}, "no header: no condition"},
		{[]string{`*`}, ifMatch{present: true, any: true}, ""},
		{[]string{`"a"`}, ifMatch{present: true, tags: []string{`"a"`}}, ""},
		{[]string{` "a" ,, "b",W/"c"`}, ifMatch{present: true, tags: []string{`"a"`, `"b"`}}, "empty elements and weak tags dropped"},
		{[]string{`"a,b", "c"`}, ifMatch{present: true, tags: []string{`"a,b"`, `"c"`}}, "a comma may be part of a tag"},
		{[]string{`a, "b"`, `"c`}, ifMatch{present: true, tags: []string{`"b"`}}, "elements that are not tags are dropped"},
		{[]string{``}, ifMatch{present: true}, "an empty header matches nothing"},
	}
	for _, tt := range tests {
		got := parseIfMatch(tt.values)
		if diff := cmp.Diff(tt.want, got, cmp.AllowUnexported(ifMatch{})); diff != "" {
			t.Errorf("parseIfMatch(%q) (-want +got):\n%s\n%s", tt.values, diff, tt.reason)
		}
	}
}

func testConcurrentPatchesLoseNothing(t *testing.T, k storeKind) {
	cfg := defaultConfig
	cfg.MaxMetadata = 64 << 10 // 1000 keys take about 14 KB
	e := newEnv(t, k, cfg)
	const id = "user_busy"
	e.create(id)

	const clients, each = 50, 20
	statuses := make([][each]int, clients)
	start := make(chan struct{})
	var wg sync.WaitGroup
	for c := 0; c < clients; c++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			for i := 0; i < each; i++ {
				body := fmt.Sprintf(`{"public_metadata":{"k-%d-%d":%d}}`, c, i, i)
				req, _ := http.NewRequest("PATCH", e.srv.URL+"/users/"+id+"/metadata", strings.NewReader(body))
				req.Header.Set("Content-Type", deepmerge.MediaType)
				res, err := e.client.Do(req)
				if err != nil {
					t.Errorf("client %d, patch %d: %v", c, i, err)
					return
				}
				io.Copy(io.Discard, res.Body)
				res.Body.Close()
				statuses[c][i] = res.StatusCode
			}
		}()
	}
	close(start)
	wg.Wait()
	for c := range statuses {
		for i, s := range statuses[c] {
			if s != http.StatusOK {
				t.Errorf("client %d, patch %d: status %d", c, i, s)
			}
		}
	}

	g := e.do("GET", "/users/"+id, "", nil)
	if want := fmt.Sprintf(`"v%d"`, 1+clients*each); g.header.Get("ETag") != want {
		t.Errorf("ETag %s after %d patches, want %s", g.header.Get("ETag"), clients*each, want)
	}
	public := decode(t, g.body).(map[string]any)["public_metadata"].(map[string]any)
	if len(public) != clients*each {
		t.Errorf("%d keys, want %d", len(public), clients*each)
	}
	for c := 0; c < clients; c++ {
		for i := 0; i < each; i++ {
			k := fmt.Sprintf("k-%d-%d", c, i)
			if public[k] != json.Number(fmt.Sprint(i)) {
				t.Errorf("%s = %v, want %d", k, public[k], i)
			}
		}
	}
	if logs := e.problems(); logs != "" {
		t.Errorf("the server logged:\n%s", logs)
	}
}

func testConcurrentIfMatchWriters(t *testing.T, k storeKind) {
	e := newEnv(t, k, defaultConfig)
	const a, b = "user_a", "user_b"
	e.create(a)
	e.create(b)

	// In each round, writers of user a send If-Match with the current tag
	// (exactly one of them must win), with a stale tag or a weak one (all
	// of them must fail), and writers of user b send none (all must win),
	// all at once.
	const rounds, current, stale, weak, free = 8, 6, 3, 2, 4
	winners := make([]string, rounds)
	tag := `"v1"`
	for round := 0; round < rounds; round++ {
		type result struct {
			key    string
			send   string
			status int
			etag   string
		}
		var jobs []result
		for i := 0; i < current; i++ {
			jobs = append(jobs, result{key: fmt.Sprintf("r%d-current-%d", round, i), send: tag})
		}
		for i := 0; i < stale; i++ {
			jobs = append(jobs, result{key: fmt.Sprintf("r%d-stale-%d", round, i), send: fmt.Sprintf(`"v%d"`, round)})
		}
		for i := 0; i < weak; i++ {
			jobs = append(jobs, result{key: fmt.Sprintf("r%d-weak-%d", round, i), send: "W/" + tag})
		}
		for i := 0; i < free; i++ {
			jobs = append(jobs, result{key: fmt.Sprintf("r%d-free-%d", round, i)})
		}
		start := make(chan struct{})
		var wg sync.WaitGroup
		for j := range jobs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				job := &jobs[j]
				target := a
				if job.send == "" {
					target = b
				}
				req, _ := http.NewRequest("PATCH", e.srv.URL+"/users/"+target+"/metadata",
					strings.NewReader(`{"unsafe_metadata":{"`+job.key+`":true}}`))
				req.Header.Set("Content-Type", deepmerge.MediaType)
				if job.send != "" {
					req.Header.Set("If-Match", job.send)
				}
				<-start
				res, err := e.client.Do(req)
				if err != nil {
					t.Error(err)
					return
				}
				io.Copy(io.Discard, res.Body)
				res.Body.Close()
				job.status, job.etag = res.StatusCode, res.Header.Get("ETag")
			}()
		}
		close(start)
		wg.Wait()

		next := fmt.Sprintf(`"v%d"`, round+2)
		for _, job := range jobs {
			switch {
			case job.send == "":
				if job.status != http.StatusOK {
					t.Errorf("round %d, %s without If-Match: %d, want 200", round, job.key, job.status)
				}
			case job.status == http.StatusOK && job.send == tag:
				if winners[round] != "" {
					t.Errorf("round %d: %s and %s both won with If-Match %s", round, winners[round], job.key, tag)
				}
				winners[round] = job.key
				if job.etag != next {
					t.Errorf("round %d: the winner got ETag %s, want %s", round, job.etag, next)
				}
			case job.status != http.StatusPreconditionFailed:
				t.Errorf("round %d, %s with If-Match %s: %d, want 412", round, job.key, job.send, job.status)
			}
		}
		if winners[round] == "" {
			t.Errorf("round %d: no writer with the current tag %s won", round, tag)
		}
		tag = next
	}

	want := map[string]any{}
	for _, w := range winners {
		want[w] = true
	}
	g := e.do("GET", "/users/"+a, "", nil)
	if diff := cmp.Diff(want, decode(t, g.body).(map[string]any)["unsafe_metadata"]); diff != "" {
		t.Errorf("user a holds other keys than the winners' (-want +got):\n%s", diff)
	}
	if g.header.Get("ETag") != tag {
		t.Errorf("user a: ETag %s, want %s", g.header.Get("ETag"), tag)
	}
	keys := decode(t, e.do("GET", "/users/"+b, "", nil).body).(map[string]any)["unsafe_metadata"].(map[string]any)
	if len(keys) != rounds*free {
		t.Errorf("user b has %d keys, want %d", len(keys), rounds*free)
	}
}

func TestSQLiteCanceledWhileWaitingForTheWriter(t *testing.T) {
	e := newEnv(t, sqliteKind, defaultConfig)
	st := e.st.(*sqliteStore)
	const id = "user_wait"
	e.create(id)
	before := e.stored(id)

	// Hold the one writer connection, so that the PATCH queues for it.
	tx, err := st.w.Begin()
	if err != nil {
		t.Fatal(err)
	}
	waits := st.w.Stats().WaitCount
	ctx, cancel := context.WithCancel(t.Context())
	done := e.patchInBackground(ctx, id)
	waitUntil(t, "the PATCH to queue for the writer", func() bool { return st.w.Stats().WaitCount != waits })
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Errorf("the client got %v, want context.Canceled", err)
	}
	waitUntil(t, "the server to log the canceled request", func() bool {
		return strings.Contains(e.logs.String(), `msg="request canceled"`)
	})
	if err := tx.Rollback(); err != nil {
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

// waitUntil polls cond every millisecond until it holds, and fails the
// test if it does not within 30 s, which no wait of a test needs even on a
// loaded machine: a test that waits for the server to reach a state fails
// with what it waited for, rather than hanging until go test's timeout
// kills every test of the package.
func waitUntil(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("waited 30 s for %s", what)
		}
		time.Sleep(time.Millisecond)
	}
}

// patchInBackground sends a PATCH of id's metadata with ctx, for a test
// that cancels it while it waits, and delivers the client's error.
func (e *env) patchInBackground(ctx context.Context, id string) <-chan error {
	done := make(chan error, 1)
	go func() {
		req, _ := http.NewRequestWithContext(ctx, "PATCH", e.srv.URL+"/users/"+id+"/metadata", strings.NewReader(`{"public_metadata":{"a":1}}`))
		req.Header.Set("Content-Type", deepmerge.MediaType)
		res, err := e.client.Do(req)
		if err == nil {
			res.Body.Close()
		}
		done <- err
	}()
	return done
}
