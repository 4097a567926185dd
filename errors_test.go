package deepmerge

import (
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestErrorShortensLongPaths(t *testing.T) {
	for _, c := range []struct {
		tokens int
		want   string
	}{
		{0, "deepmerge: patch: offset 3: what"},
		{1, "deepmerge: patch: offset 3: /0: what"},
		{16, "deepmerge: patch: offset 3: /0/1/2/3/4/5/6/7/8/9/10/11/12/13/14/15: what"},
		{17, "deepmerge: patch: offset 3: /0/1/2/3/4/5/6/7/…3 more…/11/12/13/14/15/16: what"},
		{10001, "deepmerge: patch: offset 3: /0/1/2/3/4/5/6/7/…9987 more…/9995/9996/9997/9998/9999/10000: what"},
	} {
		var b strings.Builder
		for i := 0; i < c.tokens; i++ {
			b.WriteString("/")
			b.WriteString(strconv.Itoa(i))
		}
		e := &Error{Input: "patch", Path: b.String(), Offset: 3, Err: ErrSyntax, msg: "what"}
		if got := e.Error(); got != c.want {
			t.Errorf("%d tokens: Error() = %q, want %q", c.tokens, got, c.want)
		}
		if e.Path != b.String() {
			t.Errorf("%d tokens: Error() changed Path", c.tokens)
		}
	}
}

// TestErrorQuotesUnprintablePaths checks that a message never carries a
// control character, invalid UTF-8 or another unprintable character from
// a member name: the pointer is quoted in the message and kept as it is in
// Path. The names come from JSON escapes, as an attacker would send them.
func TestErrorQuotesUnprintablePaths(t *testing.T) {
	for _, c := range []struct {
		name, path, want string
	}{
		{`\u001b]0;x\u0007`, "/\x1b]0;x\a", `"/\x1b]0;x\a"`},
		{`line\nbreak`, "/line\nbreak", `"/line\nbreak"`},
		{`a\u2028b`, "/a\u2028b", `"/a\u2028b"`},
		{`tab\there`, "/tab\there", `"/tab\there"`},
		{`caf\u00e9 \"q\"`, "/café \"q\"", `/café "q"`},
	} {
		doc := `{"` + c.name + `":{"a":1,"a":2}}`
		err := Validate([]byte(doc))
		var e *Error
		if !errors.As(err, &e) || !errors.Is(err, ErrDuplicateName) {
			t.Fatalf("Validate(%s) = %v, want a duplicate name error", doc, err)
		}
		if e.Path != c.path+"/a" {
			t.Errorf("Validate(%s): Path = %q, want %q", doc, e.Path, c.path+"/a")
		}
		msg := err.Error()
		for _, r := range msg {
			if r < 0x20 || r == 0x7f || r == '\u2028' {
				t.Errorf("Validate(%s): message %q holds %U", doc, msg, r)
			}
		}
		want := c.want
		if want[0] == '"' {
			want = want[:len(want)-1] + `/a"`
		} else {
			want += "/a"
		}
		if !strings.Contains(msg, ": "+want+": ") {
			t.Errorf("Validate(%s): message %q, want the pointer written %s", doc, msg, want)
		}
	}
	e := &Error{Path: "/\xff", Offset: -1, Err: ErrInvalidUTF8}
	if got, want := e.Error(), `deepmerge: "/\xff": invalid UTF-8`; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
}

// TestErrorCutsLongText checks that a long member name or number from the
// input is cut in the message, at a character boundary, and kept whole in
// Path, whichever function reports it.
func TestErrorCutsLongText(t *testing.T) {
	long := strings.Repeat("é", 2500) // 5000 bytes
	cases := []struct {
		name string
		err  error
		path string
		cut  int // how many times the message must say the cut text's length
	}{
		{"Validate, repeated name", Validate([]byte(`{"` + long + `":1,"` + long + `":2}`)), "/" + long, 2},
		{"MergeJSON, nested", func() error {
			_, err := MergeJSON([]byte(`{}`), []byte(`{"`+long+`":{"a":1,"a":2}}`))
			return err
		}(), "/" + long + "/a", 1},
		{"Merge, invalid name", func() error {
			_, err := Merge(map[string]any{long + "\xff": 1}, nil)
			return err
		}(), "", 1},
		{"Merge, invalid json.Number", func() error {
			_, err := Merge(nil, map[string]any{"n": json.Number(strings.Repeat("9", 4999) + "x")})
			return err
		}(), "/n", 1},
	}
	for _, c := range cases {
		var e *Error
		if !errors.As(c.err, &e) {
			t.Fatalf("%s: %v, want an *Error", c.name, c.err)
		}
		if e.Path != c.path {
			t.Errorf("%s: Path is %d bytes, want %d: the whole pointer", c.name, len(e.Path), len(c.path))
		}
		msg := e.Error()
		if len(msg) > 300 {
			t.Errorf("%s: message of %d bytes: %.300q", c.name, len(msg), msg)
		}
		if n := strings.Count(msg, "… (5000 bytes)") + strings.Count(msg, "… (5001 bytes)"); n != c.cut {
			t.Errorf("%s: message %q notes %d cut texts, want %d", c.name, msg, n, c.cut)
		}
		if !utf8.ValidString(msg) {
			t.Errorf("%s: message %q is not valid UTF-8", c.name, msg)
		}
	}
	// Up to 64 bytes are shown whole.
	name := strings.Repeat("x", 64)
	err := Validate([]byte(`{"` + name + `":1,"` + name + `":2}`))
	if want := `deepmerge: offset 70: /` + name + `: duplicate member name "` + name + `"`; err == nil || err.Error() != want {
		t.Errorf("Validate: %v, want %s", err, want)
	}
}

// TestErrorReason checks that Reason is the message without its location,
// for errors of every kind that the package makes, and for an Error made
// outside it.
func TestErrorReason(t *testing.T) {
	long := strings.Repeat("n", 200)
	for _, c := range []struct {
		name   string
		err    error
		want   string
		reason string
	}{
		{"syntax", Validate([]byte(`{"a":tru}`)), "invalid character '}' in literal true (expecting 'e')",
			"a syntax error's detail"},
		{"duplicate", Validate([]byte(`{"a":{"b":1,"b":2}}`)), `duplicate member name "b"`,
			"a name is quoted"},
		{"long duplicate", Validate([]byte(`{"` + long + `":1,"` + long + `":2}`)), quote(long),
			"a long name is cut, as in Error"},
		{"depth", Options{MaxDepth: 1}.Validate([]byte(`[[1]]`)), "nesting exceeds maximum depth 1",
			"the limit is named"},
		{"cycle", func() error { m := map[string]any{}; m["m"] = m; _, err := Merge(m, nil); return err }(),
			"cyclic value: it contains itself", "a Go value's fault"},
		{"bare sentinel", &Error{Offset: -1, Err: ErrSharedMap}, ErrSharedMap.Error(),
			"an Error made outside the package falls back to Err"},
		{"nothing", &Error{Offset: -1}, "unknown error", "no Err at all"},
	} {
		var e *Error
		if !errors.As(c.err, &e) {
			t.Fatalf("%s: %v is not an *Error", c.name, c.err)
		}
		if c.name == "long duplicate" {
			c.want = "duplicate member name " + c.want
		}
		if got := e.Reason(); got != c.want {
			t.Errorf("%s: Reason() = %q, want %q (%s)", c.name, got, c.want, c.reason)
		}
		if !strings.HasSuffix(e.Error(), ": "+e.Reason()) {
			t.Errorf("%s: Error() = %q does not end in Reason() %q", c.name, e.Error(), e.Reason())
		}
		if strings.Contains(e.Reason(), "deepmerge:") || (e.Path != "" && strings.Contains(e.Reason(), e.Path)) {
			t.Errorf("%s: Reason() = %q carries a location", c.name, e.Reason())
		}
	}
}
