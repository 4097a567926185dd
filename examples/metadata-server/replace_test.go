package main

import (
	"bytes"
	"compress/gzip"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/deepmerge-go/deepmerge"
	"github.com/google/go-cmp/cmp"
)

// put sends body as the replacement of metadata objects of user id.
func (e *env) put(id, body string, header ...string) response {
	e.t.Helper()
	return e.do("PUT", "/users/"+id+"/metadata", "application/json", strings.NewReader(body), header...)
}

func testReplace(t *testing.T, k storeKind) {
	cfg := defaultConfig
	e := newEnv(t, k, cfg)
	const id = "user_put"
	e.create(id)
	if r := e.patch(id, `{"public_metadata":{"a":1,"b":{"c":2}},"private_metadata":{"p":1}}`); r.status != http.StatusOK {
		t.Fatalf("setup PATCH: %d %s", r.status, r.body)
	}

	steps := []struct {
		name, body string
		wantUser   string // the user returned and then read back
		wantETag   string
		reason     string
	}{
		{"replace one", `{"public_metadata":{"x":null,"y":{"z":null}}}`,
			`{"id":"user_put","public_metadata":{"x":null,"y":{"z":null}},"private_metadata":{"p":1},"unsafe_metadata":{}}`, `"v3"`,
			"the named object is overwritten whole, its nulls kept since nothing is merged; the others are untouched"},
		{"null empties", `{"private_metadata":null}`,
			`{"id":"user_put","public_metadata":{"x":null,"y":{"z":null}},"private_metadata":{},"unsafe_metadata":{}}`, `"v4"`,
			"null stores {}: this server keeps objects"},
		{"compacted as given", "{ \"unsafe_metadata\" : { \"k\" : [1, 2.50, \"\\u2014\"] } }",
			`{"id":"user_put","public_metadata":{"x":null,"y":{"z":null}},"private_metadata":{},"unsafe_metadata":{"k":[1,2.50,"\u2014"]}}`, `"v5"`,
			"whitespace is dropped; number text and escapes are kept"},
		{"the same again", `{"unsafe_metadata":{"k":[1,2.50,"\u2014"]},"private_metadata":{}}`,
			`{"id":"user_put","public_metadata":{"x":null,"y":{"z":null}},"private_metadata":{},"unsafe_metadata":{"k":[1,2.50,"\u2014"]}}`, `"v5"`,
			"a replacement that changes nothing keeps the tag"},
		{"empty body object", `{}`,
			`{"id":"user_put","public_metadata":{"x":null,"y":{"z":null}},"private_metadata":{},"unsafe_metadata":{"k":[1,2.50,"\u2014"]}}`, `"v5"`,
			"nothing named, nothing replaced"},
		{"all three", `{"public_metadata":{},"private_metadata":{"q":[]},"unsafe_metadata":null}`,
			`{"id":"user_put","public_metadata":{},"private_metadata":{"q":[]},"unsafe_metadata":{}}`, `"v6"`, ""},
	}
	for _, step := range steps {
		r := e.put(id, step.body)
		if r.status != http.StatusOK || string(r.body) != step.wantUser+"\n" || r.header.Get("ETag") != step.wantETag {
			t.Errorf("%s: PUT %s: %d ETag %s %s\nwant 200 ETag %s %s\n%s", step.name, step.body, r.status, r.header.Get("ETag"), r.body,
				step.wantETag, step.wantUser, step.reason)
		}
		g := e.do("GET", "/users/"+id, "", nil)
		if !bytes.Equal(g.body, r.body) || g.header.Get("ETag") != r.header.Get("ETag") {
			t.Errorf("%s: GET returned %s %s, PUT %s %s", step.name, g.body, g.header.Get("ETag"), r.body, r.header.Get("ETag"))
		}
	}

	// If-Match as for PATCH.
	before := e.stored(id)
	r := e.put(id, `{"public_metadata":{"a":1}}`, "If-Match", `"v5"`)
	checkProblem(t, r, 412, "precondition-failed", nil, nil, "")
	if r.header.Get("ETag") != `"v6"` {
		t.Errorf("the 412 carries ETag %q, want \"v6\"", r.header.Get("ETag"))
	}
	if diff := cmp.Diff(before, e.stored(id)); diff != "" {
		t.Errorf("a stale If-Match changed the stored user (-before +after):\n%s", diff)
	}
	if r := e.put(id, `{"public_metadata":{"a":1}}`, "If-Match", `"v6"`); r.status != http.StatusOK || r.header.Get("ETag") != `"v7"` {
		t.Errorf("PUT with the current tag: %d ETag %q %s", r.status, r.header.Get("ETag"), r.body)
	}

	// Bad input gets the problems a PATCH gets, and changes nothing.
	before = e.stored(id)
	bad := []struct {
		name, contentType, body string
		wantStatus              int
		wantType                string
		wantPointer             *string
		wantAt                  string
	}{
		{"merge patch type", deepmerge.MediaType, `{}`, 415, "unsupported-media-type", nil, ""},
		{"no type", "", `{}`, 415, "unsupported-media-type", nil, ""},
		{"syntax", "application/json", `{"public_metadata":{"a":}}`, 400, "invalid-json", ptr("/public_metadata/a"), `}}`},
		{"repeated name", "application/json", `{"public_metadata":{"a":1,"a":2}}`, 400, "invalid-json", ptr("/public_metadata/a"), `"a":2`},
		{"empty", "application/json", ``, 400, "invalid-json", ptr(""), ``},
		{"too deep", "application/json", `{"unsafe_metadata":` + nest(32, "1") + `}`, 400, "invalid-json",
			ptr("/unsafe_metadata" + strings.Repeat("/d", 31)), `{"d":1}`},
		{"array body", "application/json", `[]`, 422, "invalid-patch", ptr(""), `[]`},
		{"unknown member", "application/json", `{"publicMetadata":{}}`, 422, "invalid-patch", ptr("/publicMetadata"), `"publicMetadata"`},
		{"array metadata", "application/json", `{"private_metadata":[1]}`, 422, "invalid-patch", ptr("/private_metadata"), `[1]`},
		{"too much metadata", "application/json", `{"public_metadata":{"k":"` + strings.Repeat("x", cfg.MaxMetadata) + `"}}`,
			422, "metadata-too-large", nil, ""},
	}
	for _, tt := range bad {
		var body *strings.Reader
		if tt.body != "" {
			body = strings.NewReader(tt.body)
		}
		var r response
		if body == nil {
			r = e.do("PUT", "/users/"+id+"/metadata", tt.contentType, nil)
		} else {
			r = e.do("PUT", "/users/"+id+"/metadata", tt.contentType, body)
		}
		checkProblem(t, r, tt.wantStatus, tt.wantType, tt.wantPointer, []byte(tt.body), tt.wantAt)
		if t.Failed() {
			t.Fatalf("%s: %s", tt.name, r.body)
		}
		if diff := cmp.Diff(before, e.stored(id)); diff != "" {
			t.Errorf("%s: the stored user changed (-before +after):\n%s", tt.name, diff)
		}
	}
	checkProblem(t, e.put("user_nobody", `{}`), 404, "not-found", nil, nil, "")

	// A stored document the library rejects: a PUT that needs part of it
	// fails as a PATCH does, and one that names all three objects
	// replaces it, which is how an operator repairs it through the API.
	e.store(id, []byte(`{"public_metadata":{"a":1,"a":2},"private_metadata":{"keep":true}}`))
	checkProblem(t, e.put(id, `{"unsafe_metadata":{}}`), 500, "server-fault", nil, nil, "")
	fixed := `{"public_metadata":{"a":2},"private_metadata":{"keep":true},"unsafe_metadata":{}}`
	r = e.put(id, fixed)
	if r.status != http.StatusOK || string(r.body) != `{"id":"user_put",`+fixed[1:]+"\n" {
		t.Errorf("PUT of all three over a rejected document: %d %s", r.status, r.body)
	}
	if got := string(e.stored(id).Metadata); got != fixed {
		t.Errorf("stored %s, want %s", got, fixed)
	}
}

func testContentEncoding(t *testing.T, k storeKind) {
	e := newEnv(t, k, defaultConfig)
	const id = "user_enc"
	e.create(id)
	before := e.stored(id)
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write([]byte(`{"public_metadata":{"a":1}}`))
	zw.Close()
	for _, req := range []struct{ method, path, contentType, encoding string }{
		{"PATCH", "/users/" + id + "/metadata", deepmerge.MediaType, "gzip"},
		{"PATCH", "/users/" + id + "/metadata", deepmerge.MediaType, "identity, br"},
		{"PUT", "/users/" + id + "/metadata", "application/json", "deflate"},
		{"POST", "/users", "application/json", "gzip"},
	} {
		r := e.do(req.method, req.path, req.contentType, bytes.NewReader(gz.Bytes()), "Content-Encoding", req.encoding)
		p := checkProblem(t, r, 415, "unsupported-media-type", nil, nil, "")
		if r.header.Get("Accept-Encoding") != "identity" {
			t.Errorf("%s %s with Content-Encoding %s: Accept-Encoding %q, want identity", req.method, req.path, req.encoding, r.header.Get("Accept-Encoding"))
		}
		if d, _ := p["detail"].(string); !strings.Contains(d, "Content-Encoding") {
			t.Errorf("detail %q does not name Content-Encoding", d)
		}
	}
	if diff := cmp.Diff(before, e.stored(id)); diff != "" {
		t.Errorf("the stored user changed (-before +after):\n%s", diff)
	}
	if r := e.patch(id, `{"public_metadata":{"a":1}}`, "Content-Encoding", "identity"); r.status != http.StatusOK {
		t.Errorf("Content-Encoding identity: %d %s", r.status, r.body)
	}
}

func testRequestLog(t *testing.T, k storeKind) {
	e := newEnv(t, k, defaultConfig)
	e.create("user_log")
	e.patch("user_log", `{"public_metadata":{"a":1}}`)
	e.patch("user_log", `[]`)
	e.do("GET", "/users/user_none", "", nil)
	e.do("DELETE", "/users/user_log", "", nil)
	logs := e.logs.String()
	for _, want := range []string{
		`level=INFO msg=request method=POST path=/users status=201 duration=`,
		`level=INFO msg=request method=PATCH path=/users/user_log/metadata status=200 duration=`,
		`level=INFO msg=request method=PATCH path=/users/user_log/metadata status=422 duration=`,
		`level=INFO msg=request method=GET path=/users/user_none status=404 duration=`,
		`level=INFO msg=request method=DELETE path=/users/user_log status=405 duration=`,
	} {
		if !regexp.MustCompile(regexp.QuoteMeta(want) + `[0-9.]+[µnm]?s\n`).MatchString(logs) {
			t.Errorf("no log line %s…:\n%s", want, logs)
		}
	}
}

// testPatchTwice checks what the README promises a client that lost a
// response: a merge patch sent again changes nothing, and keeps the tag.
func testPatchTwice(t *testing.T, k storeKind) {
	e := newEnv(t, k, defaultConfig)
	const id = "user_twice"
	e.create(id)
	e.patch(id, `{"public_metadata":{"keep":1,"gone":2},"private_metadata":{"x":{"y":1}}}`)
	const body = `{"public_metadata":{"gone":null,"new":{"a":[1,null],"b":null}},"private_metadata":{"x":{"z":2}},"unsafe_metadata":{"u":"\u2014"}}`
	first := e.patch(id, body)
	before := e.stored(id)
	second := e.patch(id, body)
	if first.status != http.StatusOK || second.status != http.StatusOK {
		t.Fatalf("PATCH: %d %s, then %d %s", first.status, first.body, second.status, second.body)
	}
	if !bytes.Equal(first.body, second.body) || first.header.Get("ETag") != second.header.Get("ETag") {
		t.Errorf("the same patch again returned %s ETag %s, the first time %s ETag %s",
			second.body, second.header.Get("ETag"), first.body, first.header.Get("ETag"))
	}
	if diff := cmp.Diff(before, e.stored(id)); diff != "" {
		t.Errorf("the same patch again wrote (-before +after):\n%s", diff)
	}
}
