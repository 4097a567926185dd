package deepmerge

// Tests of Compose and ComposeJSON against their doc comments: tables of
// exact results and errors, rapid properties that check the definition
// (applying the composition is applying both patches in turn) with the
// RFC oracle refMerge and with MergeJSON itself, and the fuzz target
// FuzzCompose.

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"math/rand"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"
)

// ---------------------------------------------------------------------------
// Oracles.

// ctBlocked appends to out the JSON Pointer of every place at which the
// canonical patches first and second have no composition: second holds an
// object there, and first holds null or a value that is not an object,
// both reached from the top through objects of both (path is that of first
// and second). It is the condition of the doc comments, written plainly.
func ctBlocked(first, second any, path string, out *[]string) {
	s, ok := second.(map[string]any)
	if !ok {
		return
	}
	f, ok := first.(map[string]any)
	if !ok {
		*out = append(*out, path)
		return
	}
	for name, sv := range s {
		if _, isObject := sv.(map[string]any); !isObject {
			continue
		}
		if fv, ok := f[name]; ok {
			ctBlocked(fv, sv, path+"/"+pointerToken(name), out)
		}
	}
}

// ctBlockedPaths is ctBlocked from the top of two top-level map patches,
// a nil map being {}.
func ctBlockedPaths(first, second any) []string {
	var out []string
	ctBlocked(ctTop(first), ctTop(second), "", &out)
	return out
}

// ctTop returns v, or {} for a nil map[string]any.
func ctTop(v any) any {
	if m, ok := v.(map[string]any); ok && m == nil {
		return map[string]any{}
	}
	return v
}

// ctHas reports whether paths holds p.
func ctHas(paths []string, p string) bool {
	for _, q := range paths {
		if q == p {
			return true
		}
	}
	return false
}

// otCompose is ComposeJSON as its doc comment specifies it, member order
// included: first's members in order, each that second replaces in its
// place, then second's new members in order, where a member that first
// removes and second sets counts as new. It reports false where ctBlocked
// would find a place.
func otCompose(f, s *otNode) (*otNode, bool) {
	if s.kind != '{' {
		return s.clone(), true
	}
	if f.kind != '{' {
		return nil, false
	}
	r := &otNode{kind: '{'}
	add := func(k string, v *otNode) {
		r.keys = append(r.keys, k)
		r.vals = append(r.vals, v)
	}
	used := map[string]bool{}
	for i, k := range f.keys {
		fv := f.vals[i]
		j := s.index(k)
		if j < 0 {
			add(k, fv.clone())
			continue
		}
		sv := s.vals[j]
		switch {
		case sv.kind == '{':
			sub, ok := otCompose(fv, sv)
			if !ok {
				return nil, false
			}
			used[k] = true
			add(k, sub)
		case fv.kind == 'n' && sv.kind != 'n':
			// new: added below
		default:
			used[k] = true
			add(k, sv.clone())
		}
	}
	for j, k := range s.keys {
		if !used[k] {
			add(k, s.vals[j].clone())
		}
	}
	return r, true
}

// otFirstBlocked returns the path, as reference tokens, of the first place
// in first's order, depth first, at which f and s have no composition.
func otFirstBlocked(f, s *otNode, path []string) ([]string, bool) {
	if s.kind != '{' {
		return nil, false
	}
	if f.kind != '{' {
		return path, true
	}
	for i, k := range f.keys {
		j := s.index(k)
		if j < 0 || s.vals[j].kind != '{' {
			continue
		}
		if p, ok := otFirstBlocked(f.vals[i], s.vals[j], append(path[:len(path):len(path)], k)); ok {
			return p, true
		}
	}
	return nil, false
}

// otMoves reports whether an object of target t that the composition of f
// and s reaches holds a member that f removes and s sets again. Applied in
// turn, f and s remove it and add it back at the end of its object; no
// single patch can move a member, so there the bytes differ.
func otMoves(t, f, s *otNode) bool {
	if t == nil || t.kind != '{' || f.kind != '{' || s.kind != '{' {
		return false
	}
	for i, k := range s.keys {
		sv := s.vals[i]
		fj, tj := f.index(k), t.index(k)
		if fj < 0 || tj < 0 {
			continue
		}
		fv := f.vals[fj]
		if fv.kind == 'n' && sv.kind != 'n' {
			return true
		}
		if otMoves(t.vals[tj], fv, sv) {
			return true
		}
	}
	return false
}

// ctValueOffset returns the offset of the value of the member whose name's
// opening quote is at i in the valid JSON text d.
func ctValueOffset(d []byte, i int) int {
	i++
	for d[i] != '"' {
		if d[i] == '\\' {
			i++
		}
		i++
	}
	i = spaceEnd(d, i+1)
	return spaceEnd(d, i+1) // past the colon
}

// ctRender renders n as otRender does and returns, for each object in it,
// the offset of the value of each of its members.
func ctRender(n *otNode, r *rand.Rand) ([]byte, map[*otNode][]int) {
	names := map[*otNode][]int{}
	b := otAppend(nil, n, r, func(obj *otNode, i, off int) {
		names[obj] = append(names[obj], off)
	})
	values := map[*otNode][]int{}
	for obj, offs := range names {
		for _, off := range offs {
			values[obj] = append(values[obj], ctValueOffset(b, off))
		}
	}
	return b, values
}

// otAt returns the node at the reference tokens path below n, and the
// object holding it with the member's index (nil and -1 at the top).
func otAt(n *otNode, path []string) (node, parent *otNode, index int) {
	index = -1
	for _, k := range path {
		j := n.index(k)
		parent, index, n = n, j, n.vals[j]
	}
	return n, parent, index
}

// ---------------------------------------------------------------------------
// Tables: maps.

// ctErr is the *Error expected from Compose.
func ctErr(input, path string, sentinel error) error {
	return &Error{Input: input, Path: path, Offset: -1, Err: sentinel}
}

type ctMapCase struct {
	name          string
	opts          Options
	first, second map[string]any
	want          map[string]any
	wantErr       error // from ctErr, or nil
	reason        string
	cyclic        bool // an input holds itself, so it cannot be copied
}

// ctStruct is a struct a patch may hold, encoded as an object.
type ctStruct struct {
	Name string  `json:"name"`
	Note *string `json:"note"`
	Seen bool    `json:"seen,omitempty"`
}

func ctMapCases() []ctMapCase {
	cyclic := map[string]any{"k": true}
	cyclic["self"] = cyclic
	return []ctMapCase{
		{name: "both nil", first: nil, second: nil, want: jobj{}, reason: "a nil patch is {}, and the result is never nil"},
		{name: "both empty", first: jobj{}, second: jobj{}, want: jobj{}, reason: "{} then {} changes nothing"},
		{name: "nil first", first: nil, second: jobj{"a": nil, "b": jobj{"c": nil}}, want: jobj{"a": nil, "b": jobj{"c": nil}},
			reason: "composing after {} gives second, nulls kept: they still remove"},
		{name: "nil second", first: jobj{"a": nil, "b": jarr{nil}}, second: nil, want: jobj{"a": nil, "b": jarr{nil}},
			reason: "composing with {} gives first"},
		{name: "disjoint members", first: jobj{"a": jnum("1")}, second: jobj{"b": jnum("2")}, want: jobj{"a": jnum("1"), "b": jnum("2")},
			reason: "members of first that second does not name are kept; second's new ones are added"},
		{name: "scalar replaces object", first: jobj{"a": jobj{"x": jnum("1")}}, second: jobj{"a": "s"}, want: jobj{"a": "s"},
			reason: "a value that is not an object replaces whatever first did"},
		{name: "null replaces value", first: jobj{"a": jnum("1")}, second: jobj{"a": nil}, want: jobj{"a": nil},
			reason: "second's null removes the member, whatever first set it to"},
		{name: "null replaces object", first: jobj{"a": jobj{"x": nil}}, second: jobj{"a": nil}, want: jobj{"a": nil},
			reason: "second's null removes the member first merged into"},
		{name: "null after null", first: jobj{"a": nil}, second: jobj{"a": nil}, want: jobj{"a": nil}, reason: "removed twice is removed"},
		{name: "value after null", first: jobj{"a": nil}, second: jobj{"a": false}, want: jobj{"a": false},
			reason: "first removes, second sets: the member is second's value"},
		{name: "array replaces object", first: jobj{"a": jobj{"b": jnum("1")}}, second: jobj{"a": jarr{nil, jobj{"c": nil}}}, want: jobj{"a": jarr{nil, jobj{"c": nil}}},
			reason: "arrays are values: nulls inside are data"},
		{name: "objects compose", first: jobj{"a": jobj{"b": jnum("1"), "c": jobj{"d": jnum("2")}}, "k": true},
			second: jobj{"a": jobj{"c": jobj{"e": nil}, "f": jarr{jnum("1")}}},
			want:   jobj{"a": jobj{"b": jnum("1"), "c": jobj{"d": jnum("2"), "e": nil}, "f": jarr{jnum("1")}}, "k": true},
			reason: "an object of second composes with first's object, recursively"},
		{name: "second's object where first has none", first: jobj{"x": jnum("1")}, second: jobj{"a": jobj{"b": nil, "c": jobj{"d": nil}}},
			want: jobj{"x": jnum("1"), "a": jobj{"b": nil, "c": jobj{"d": nil}}}, reason: "kept as it is, nulls included, since they remove from the target"},
		{name: "first's nulls kept", first: jobj{"a": nil, "b": jobj{"c": nil}}, second: jobj{"d": jnum("1")},
			want: jobj{"a": nil, "b": jobj{"c": nil}, "d": jnum("1")}, reason: "first's members that second does not name are kept, nulls included"},
		{name: "exact numbers", first: jobj{"n": jnum("1.50"), "big": jnum("12345678901234567890")}, second: jobj{"e": jnum("1e400"), "i": 3, "f": 2.5},
			want:   jobj{"n": jnum("1.50"), "big": jnum("12345678901234567890"), "e": jnum("1e400"), "i": 3, "f": 2.5},
			reason: "canonical numbers are kept as they are"},
		{name: "empty object after object", first: jobj{"a": jobj{"b": jnum("1")}}, second: jobj{"a": jobj{}}, want: jobj{"a": jobj{"b": jnum("1")}},
			reason: "an empty object composes to first's object unchanged"},

		// Not representable.
		{name: "null then object", first: jobj{"a": nil}, second: jobj{"a": jobj{"x": jnum("1")}}, wantErr: ctErr("second", "/a", ErrNotRepresentable),
			reason: "after first removes a, second's object is all of a whatever the target held, which no patch can give"},
		{name: "string then object", first: jobj{"a": "s"}, second: jobj{"a": jobj{}}, wantErr: ctErr("second", "/a", ErrNotRepresentable),
			reason: "even an empty object: after the string it makes a {}, which no patch makes of an object target with members"},
		{name: "number then object", first: jobj{"a": jnum("1")}, second: jobj{"a": jobj{"b": nil}}, wantErr: ctErr("second", "/a", ErrNotRepresentable),
			reason: "an object patch member never replaces what is there"},
		{name: "boolean then object", first: jobj{"a": true}, second: jobj{"a": jobj{"b": true}}, wantErr: ctErr("second", "/a", ErrNotRepresentable),
			reason: "an object patch member never replaces what is there"},
		{name: "array then object", first: jobj{"a": jarr{}}, second: jobj{"a": jobj{"b": true}}, wantErr: ctErr("second", "/a", ErrNotRepresentable),
			reason: "an object patch member never replaces what is there"},
		{name: "deep", first: jobj{"a": jobj{"b": jobj{"c": nil}, "k": jnum("1")}}, second: jobj{"a": jobj{"b": jobj{"c": jobj{"d": jnum("1")}}}},
			wantErr: ctErr("second", "/a/b/c", ErrNotRepresentable), reason: "the error is at the member, however deep"},
		{name: "pointer escapes", first: jobj{"a/b": jobj{"~": nil}}, second: jobj{"a/b": jobj{"~": jobj{}}},
			wantErr: ctErr("second", "/a~1b/~0", ErrNotRepresentable), reason: "RFC 6901: ~ is ~0 and / is ~1"},

		// Values of other types.
		{name: "typed map in first", first: jobj{"a": map[string]string{"x": "1"}}, second: jobj{"a": jobj{"y": nil}},
			want: jobj{"a": jobj{"x": "1", "y": nil}}, reason: "a map[string]string is the object it encodes to"},
		{name: "struct in first", first: jobj{"u": ctStruct{Name: "n"}}, second: jobj{"u": jobj{"note": "x"}},
			want: jobj{"u": jobj{"name": "n", "note": "x"}}, reason: "a struct is its JSON object, with a nil pointer field as null, which second then replaces"},
		{name: "typed nil in second", first: jobj{"a": jnum("1")}, second: jobj{"a": (*int)(nil)}, want: jobj{"a": nil},
			reason: "a nil pointer is null"},
		{name: "raw null in first", first: jobj{"a": json.RawMessage(`null`)}, second: jobj{"a": jobj{"b": jnum("1")}},
			wantErr: ctErr("second", "/a", ErrNotRepresentable), reason: "a RawMessage is the JSON it holds: here null"},
		{name: "nil map in first", first: jobj{"a": map[string]any(nil)}, second: jobj{"a": jobj{"b": jnum("1")}},
			wantErr: ctErr("second", "/a", ErrNotRepresentable), reason: "a nil map inside a patch is null"},
		{name: "raw object in second", first: jobj{"a": jobj{"b": jnum("1")}}, second: jobj{"a": json.RawMessage(` {"c" : null} `)},
			want: jobj{"a": jobj{"b": jnum("1"), "c": nil}}, reason: "a RawMessage object composes like any object"},

		// Faults, and their order.
		{name: "NaN in first", first: jobj{"a": math.NaN()}, second: jobj{}, wantErr: ctErr("first", "/a", ErrUnsupportedValue),
			reason: "every value of first is checked"},
		{name: "NaN in second", first: jobj{}, second: jobj{"a": jobj{"b": math.Inf(1)}}, wantErr: ctErr("second", "/a/b", ErrUnsupportedValue),
			reason: "every value of second is checked"},
		{name: "faults in both", first: jobj{"a": jobj{"b\xff": nil}}, second: jobj{"c": make(chan int)}, wantErr: ctErr("first", "/a", ErrInvalidUTF8),
			reason: "first's fault is reported before second's; a bad name's path is its object"},
		{name: "fault in first, blocked member", first: jobj{"a": nil, "b": jnum("1.2.3")}, second: jobj{"a": jobj{}}, wantErr: ctErr("first", "/b", ErrUnsupportedValue),
			reason: "a fault of either input comes before ErrNotRepresentable"},
		{name: "fault in second, blocked member", first: jobj{"a": nil}, second: jobj{"a": jobj{}, "b": func() {}}, wantErr: ctErr("second", "/b", ErrUnsupportedValue),
			reason: "a fault of either input comes before ErrNotRepresentable"},
		{name: "replaced member still checked", first: jobj{"a": float32(math.Inf(-1))}, second: jobj{"a": nil}, wantErr: ctErr("first", "/a", ErrUnsupportedValue),
			reason: "members that second replaces are checked too"},
		{name: "first too deep", opts: Options{MaxDepth: 2}, first: jobj{"a": jobj{"b": jobj{}}}, second: jobj{"a": nil},
			wantErr: ctErr("first", "/a/b", ErrMaxDepth), reason: "MaxDepth applies to first; the path is the container one too deep"},
		{name: "second too deep", opts: Options{MaxDepth: 2}, first: jobj{}, second: jobj{"a": jarr{jarr{}}},
			wantErr: ctErr("second", "/a/0", ErrMaxDepth), reason: "MaxDepth applies to second"},
		{name: "at MaxDepth", opts: Options{MaxDepth: 3}, first: jobj{"a": jobj{"b": jnum("1")}}, second: jobj{"a": jobj{"c": jarr{}}},
			want: jobj{"a": jobj{"b": jnum("1"), "c": jarr{}}}, reason: "exactly at the limit is fine"},
		{name: "cycle in second", first: jobj{}, second: cyclic, wantErr: ctErr("second", "/self", ErrMaxDepth), cyclic: true,
			reason: "a map that contains itself is an error at the member that closes the cycle"},
		{name: "repeated name in second's raw JSON", first: jobj{}, second: jobj{"x": json.RawMessage(`{"a":1,"a":2}`)},
			wantErr: ctErr("second", "/x/a", ErrDuplicateName), reason: "the JSON of a converted value is read strictly"},
	}
}

// ctTargets are targets on which every composition in the tables is
// checked against its definition.
func ctTargets() []map[string]any {
	return []map[string]any{
		{},
		{"a": jobj{"y": jnum("2"), "b": jobj{"c": "t"}}, "k": "t", "x": nil},
		{"a": jnum("1"), "u": jobj{"name": "old", "seen": true}, "n": jarr{jnum("1")}},
		{"a": jobj{"b": jobj{"d": nil, "z": true}}, "a/b": jobj{"~": jobj{"q": jnum("0")}}},
	}
}

func TestCompose(t *testing.T) {
	for _, c := range ctMapCases() {
		c := c
		t.Run(c.name, func(t *testing.T) {
			if c.cyclic {
				_, err := c.opts.Compose(c.first, c.second)
				checkMergeError(t, "Compose", err, c.wantErr, c.reason)
				return
			}
			firstBefore, secondBefore := deepCopyGo(c.first), deepCopyGo(c.second)
			got, err := c.opts.Compose(c.first, c.second)
			checkMergeError(t, "Compose", err, c.wantErr, c.reason)
			checkUnchanged(t, "first after Compose", firstBefore, c.first)
			checkUnchanged(t, "second after Compose", secondBefore, c.second)
			if err != nil {
				if got != nil {
					t.Errorf("Compose returned %v with its error", got)
				}
				return
			}
			if got == nil {
				t.Fatalf("Compose returned a nil map; the result is never nil (%s)", c.reason)
			}
			if diff := cmp.Diff(c.want, got); diff != "" {
				t.Errorf("Compose mismatch (-want +got):\n%s\nreason: %s", diff, c.reason)
			}
			checkCanonicalResult(t, "", got)
			// The definition, on a few targets.
			cf, cs, cg := canonicalize(t, ctTop(c.first)), canonicalize(t, ctTop(c.second)), canonicalize(t, got)
			for _, target := range ctTargets() {
				ct := canonicalize(t, target)
				if diff := cmp.Diff(refMerge(refMerge(ct, cf), cs), refMerge(ct, cg)); diff != "" {
					t.Errorf("on target %s, applying Compose's result differs from applying both (-both +composed):\n%s", mustJSON(target), diff)
				}
			}
			mutateGo(got)
			checkUnchanged(t, "first after mutating Compose's result", firstBefore, c.first)
			checkUnchanged(t, "second after mutating Compose's result", secondBefore, c.second)
		})
	}
}

// TestComposeNaive shows, on the example of the doc comment, why the
// error is right: the patch that merging the two patches as documents
// gives, the answer of libraries that compose that way, applies
// differently from the two.
func TestComposeNaive(t *testing.T) {
	first, second := jobj{"a": nil}, jobj{"a": jobj{"x": jnum("1")}}
	target := jobj{"a": jobj{"y": jnum("2")}}
	both := refMerge(refMerge(target, first), second)
	if diff := cmp.Diff(any(jobj{"a": jobj{"x": jnum("1")}}), both); diff != "" {
		t.Fatalf("applying both (-want +got):\n%s", diff)
	}
	naive := refMerge(first, second)
	if diff := cmp.Diff(any(jobj{"a": jobj{"x": jnum("1")}}), naive); diff != "" {
		t.Fatalf("the two patches merged as documents (-want +got):\n%s", diff)
	}
	// The naive patch merges into the target's "a" and so keeps "y".
	if diff := cmp.Diff(any(jobj{"a": jobj{"x": jnum("1"), "y": jnum("2")}}), refMerge(target, naive)); diff != "" {
		t.Fatalf("applying the naive composition (-want +got):\n%s", diff)
	}
	if _, err := Compose(first, second); !errors.Is(err, ErrNotRepresentable) {
		t.Fatalf("Compose: %v, want ErrNotRepresentable", err)
	}
}

// ---------------------------------------------------------------------------
// Tables: text.

type ctTextCase struct {
	name          string
	first, second string
	want          string
	reason        string
}

var ctTextCases = []ctTextCase{
	{"disjoint", `{"a":1}`, `{"b":2}`, `{"a":1,"b":2}`, "second's new members follow first's"},
	{"order", `{"a":1,"b":{"c":1},"d":3}`, `{"e":5,"b":{"x":null},"a":null}`, `{"a":null,"b":{"c":1,"x":null},"d":3,"e":5}`,
		"first's order, replaced members in place, second's new members after in second's order"},
	{"null replaces in place", `{"a":1,"b":2}`, `{"a":null}`, `{"a":null,"b":2}`, "second's null takes first's place"},
	{"removed then set is new", `{"a":null,"b":1}`, `{"a":2}`, `{"b":1,"a":2}`,
		"after first a is absent and second adds it, so it goes with second's new members"},
	{"removed then set, second's spelling", `{"a":null,"b":null,"c":0}`, `{"b":1,"\u0061":2}`, `{"c":0,"b":1,"\u0061":2}`,
		"a member that first removes and second sets is written as second writes it, in second's order"},
	{"replaced under first's spelling", `{"\u0061":1,"b":2}`, `{"a":[3]}`, `{"\u0061":[3],"b":2}`,
		"names compare decoded; a member replaced in place keeps first's spelling"},
	{"second's object kept with its nulls", `{"x":0}`, `{"o":{"p":null,"q":{"r":null}}}`, `{"x":0,"o":{"p":null,"q":{"r":null}}}`,
		"where first has no such member, second's object is kept as it is"},
	{"first's nulls kept", `{"a":null,"b":{"c":null}}`, `{"d":[null]}`, `{"a":null,"b":{"c":null},"d":[null]}`,
		"first's members that second does not name are kept, nulls included"},
	{"text kept, whitespace dropped", "{ \"a\" : 1.0 ,\n \"s\" : \"\\u00e9\\/\" }", "{\t\"n\": 12345678901234567890, \"e\": -0.0E+1 }",
		`{"a":1.0,"s":"\u00e9\/","n":12345678901234567890,"e":-0.0E+1}`, "compact output; number and string text as written"},
	{"no HTML escaping", `{"h":"<&>"}`, `{"j":"\u003c"}`, `{"h":"<&>","j":"\u003c"}`, "bytes are copied, not encoded"},
	{"array second", `{"a":1}`, " [1, {\"b\" : null}] ", `[1,{"b":null}]`, "a second that is not an object is the result, compacted"},
	{"null second", `"x"`, `null`, `null`, "a null second replaces any document"},
	{"string second", `{"a":{}}`, `"s"`, `"s"`, "a scalar second is the result"},
	{"non-object first and second", `[1]`, `2`, `2`, "second decides"},
	{"empty objects", `{}`, `{}`, `{}`, "nothing and nothing"},
	{"empty object composes", `{"a":{}}`, ` {"a" : {}} `, `{"a":{}}`, "an empty object composes with an object to that object"},
	{"deep", `{"a":{"b":{"c":{"d":1}}}}`, `{"a":{"b":{"c":{"e":2}}}}`, `{"a":{"b":{"c":{"d":1,"e":2}}}}`, "objects compose at every depth"},
	{"identity after {}", `{}`, "{\"b\" : [ 1 ], \"\\u0061\": null}", `{"b":[1],"\u0061":null}`, "composing after {} gives second, compacted"},
	{"identity before {}", "{\"b\" : [ 1 ], \"\\u0061\": null}", `{}`, `{"b":[1],"\u0061":null}`, "composing with {} gives first, compacted"},
	{"large objects", jtBigObject(12, ""), `{"k11":null,"z":true,"k0":"zero"}`,
		strings.Replace(strings.Replace(jtBigObject(12, `,"z":true`), `"k0":0`, `"k0":"zero"`, 1), `"k11":11`, `"k11":null`, 1),
		"objects of more than 8 members are searched by hash, in the same order"},
}

func TestComposeJSON(t *testing.T) {
	for _, c := range ctTextCases {
		first, second := []byte(c.first), []byte(c.second)
		out, err := ComposeJSON(first, second)
		if err != nil {
			t.Errorf("%s: ComposeJSON(%s, %s): %v", c.name, c.first, c.second, err)
			continue
		}
		if string(out) != c.want {
			t.Errorf("%s: ComposeJSON(%s, %s)\n got %s\nwant %s\nreason: %s", c.name, c.first, c.second, out, c.want, c.reason)
		}
		ctCheckText(t, c.name, first, second, out)
	}
}

// ctCheckText checks what every successful ComposeJSON must satisfy: the
// inputs are unchanged and share no memory with out, which is valid
// compact JSON, and which Compose gives too, in value, when both inputs
// are objects.
func ctCheckText(t rapid.TB, name string, first, second, out []byte) {
	t.Helper()
	fcopy, scopy := bytes.Clone(first), bytes.Clone(second)
	if err := Validate(out); err != nil {
		t.Errorf("%s: ComposeJSON(%s, %s) = %s, which Validate rejects: %v", name, first, second, out, err)
		return
	}
	var compact bytes.Buffer
	if err := json.Compact(&compact, out); err != nil || !bytes.Equal(compact.Bytes(), out) {
		t.Errorf("%s: ComposeJSON(%s, %s) = %s is not compact (%v)", name, first, second, out, err)
	}
	fv, sv := decodeJSON(t, first), decodeJSON(t, second)
	fm, ok1 := fv.(map[string]any)
	sm, ok2 := sv.(map[string]any)
	if ok1 && ok2 {
		m, err := Compose(fm, sm)
		if err != nil {
			t.Errorf("%s: Compose of the decoded texts: %v, but ComposeJSON gives %s", name, err, out)
		} else if !equalJSON(any(m), decodeJSON(t, out)) {
			t.Errorf("%s: Compose = %s, ComposeJSON = %s", name, mustJSON(m), out)
		}
	}
	full := out[:cap(out)]
	for i := range full {
		full[i] = 'x'
	}
	if !bytes.Equal(first, fcopy) || !bytes.Equal(second, scopy) {
		t.Errorf("%s: ComposeJSON's result shares memory with its input", name)
	}
}

func ctF(path string, off int64, err error) jtWant { return jtWant{"first", path, off, err} }
func ctS(path string, off int64, err error) jtWant { return jtWant{"second", path, off, err} }

type ctTextErrCase struct {
	name          string
	first, second string
	maxDepth      int
	want          jtWant
}

var ctTextErrCases = []ctTextErrCase{
	// Syntax: both inputs whole, first before second.
	{"empty first", ``, `{}`, 0, ctF("", 0, ErrSyntax)},
	{"empty second", `{}`, ``, 0, ctS("", 0, ErrSyntax)},
	{"both empty", ``, ``, 0, ctF("", 0, ErrSyntax)},
	{"blank second", `{}`, " \n", 0, ctS("", 2, ErrSyntax)},
	{"trailing data in first", `{} {}`, `{}`, 0, ctF("", 3, ErrSyntax)},
	{"trailing data in second", `{}`, `1 2`, 0, ctS("", 2, ErrSyntax)},
	{"syntax in first before second's", `{"a":}`, `{"a":1,"a":2}`, 0, ctF("/a", 5, ErrSyntax)},
	{"syntax in second", `{"a":1}`, `{"a":[1,]}`, 0, ctS("/a/1", 8, ErrSyntax)},
	{"first checked when second is not an object", `{"a":1,"a":2}`, `null`, 0, ctF("/a", 7, ErrDuplicateName)},
	{"first checked whole", `{"a":1} x`, `"s"`, 0, ctF("", 8, ErrSyntax)},

	// UTF-8 and surrogates.
	{"invalid UTF-8 in first", "{\"a\":\"\xff\"}", `{}`, 0, ctF("/a", 6, ErrInvalidUTF8)},
	{"invalid UTF-8 in second's name", `{}`, "{\"a\xc0\":1}", 0, ctS("", 3, ErrInvalidUTF8)},
	{"unpaired surrogate in second", `{}`, `{"a":"\udc00"}`, 0, ctS("/a", 6, ErrInvalidUTF8)},

	// Repeated names, anywhere in either.
	{"repeated name in first's array", `{"a":[{"b":1,"b":2}]}`, `{"c":1}`, 0, ctF("/a/0/b", 13, ErrDuplicateName)},
	{"repeated name in a member second replaces", `{"a":{"b":1,"\u0062":2}}`, `{"a":null}`, 0, ctF("/a/b", 12, ErrDuplicateName)},
	{"repeated name in second's array", `{}`, `{"x":[[{"y":0,"y":1}]]}`, 0, ctS("/x/0/0/y", 14, ErrDuplicateName)},

	// Depth.
	{"first too deep", `{"a":{"b":{}}}`, `{}`, 2, ctF("/a/b", 10, ErrMaxDepth)},
	{"second too deep", `{}`, `[[[1]]]`, 2, ctS("/0/0", 2, ErrMaxDepth)},

	// Not representable.
	{"null then object", `{"a":null}`, `{"a":{"x":1}}`, 0, ctS("/a", 5, ErrNotRepresentable)},
	{"array then object", `{"a":{"b":[1]}}`, `{"a": {"b": {"c":null}}}`, 0, ctS("/a/b", 12, ErrNotRepresentable)},
	{"scalar then empty object", `{"k":"v"}`, `{"k":{}}`, 0, ctS("/k", 5, ErrNotRepresentable)},
	{"null first, object second", `null`, `{}`, 0, ctS("", 0, ErrNotRepresentable)},
	{"array first, object second", `[1]`, ` {"a":1}`, 0, ctS("", 1, ErrNotRepresentable)},
	{"string first, object second", `"s"`, "\t{}", 0, ctS("", 1, ErrNotRepresentable)},
	{"first in first's order", `{"b":1,"a":2}`, `{"a":{},"b":{}}`, 0, ctS("/b", 12, ErrNotRepresentable)},
	{"escaped names", `{"a~b/c":1}`, `{"a\u007eb/c":{}}`, 0, ctS("/a~0b~1c", 14, ErrNotRepresentable)},
	{"fault of second before", `{"a":null}`, `{"a":{"x":1},"b":}`, 0, ctS("/b", 17, ErrSyntax)},
	{"fault of first before", `{"a":null,"b":tru}`, `{"a":{}}`, 0, ctF("/b", 17, ErrSyntax)},
}

func TestComposeJSONErrors(t *testing.T) {
	for _, c := range ctTextErrCases {
		o := Options{MaxDepth: c.maxDepth}
		first, second := []byte(c.first), []byte(c.second)
		fcopy, scopy := bytes.Clone(first), bytes.Clone(second)
		out, err := o.ComposeJSON(first, second)
		name := fmt.Sprintf("%s: ComposeJSON(%q, %q)", c.name, c.first, c.second)
		jtCheckErr(t, name, err, c.want)
		if out != nil {
			t.Errorf("%s returned %q with its error", name, out)
		}
		if !bytes.Equal(first, fcopy) || !bytes.Equal(second, scopy) {
			t.Errorf("%s modified its input", name)
		}
		// The fault of an input alone is Validate's first fault.
		if c.want.err != ErrNotRepresentable {
			in := first
			if c.want.input == "second" {
				in = second
			}
			w := c.want
			w.input = ""
			jtCheckErr(t, name+" (Validate)", o.Validate(in), w)
			continue
		}
		// The place is one that ctBlocked finds, and Compose fails on
		// the decoded objects at one of them (which one depends on map
		// order when there are several).
		fv, sv := decodeJSON(t, first), decodeJSON(t, second)
		blocked := ctBlockedPaths(fv, sv)
		if !ctHas(blocked, c.want.path) {
			t.Errorf("%s: test bug: %q is not one of the places %q", name, c.want.path, blocked)
		}
		fm, ok1 := fv.(map[string]any)
		sm, ok2 := sv.(map[string]any)
		if ok1 && ok2 {
			_, merr := o.Compose(fm, sm)
			var e *Error
			if !errors.As(merr, &e) || e.Err != ErrNotRepresentable || e.Input != "second" || e.Offset != -1 || !ctHas(blocked, e.Path) {
				t.Errorf("%s: Compose of the decoded objects: %v; want ErrNotRepresentable in second at one of %q", name, merr, blocked)
			}
		}
	}
}

func TestComposeJSONDepthLimits(t *testing.T) {
	for _, c := range []struct {
		max  int
		text string
	}{
		{1, `{"a":1}`},
		{2, `{"a":[1]}`},
		{3, `{"a":{"b":{"c":1}}}`},
		{0, jtNestObj(DefaultMaxDepth, "")},
	} {
		o := Options{MaxDepth: c.max}
		text := []byte(c.text)
		for _, pair := range [][2][]byte{{text, text}, {text, []byte(`{}`)}, {[]byte(`{}`), text}} {
			if _, err := o.ComposeJSON(pair[0], pair[1]); err != nil {
				t.Errorf("MaxDepth %d: ComposeJSON(%s, %s): %v", c.max, jtShort(string(pair[0])), jtShort(string(pair[1])), err)
			}
		}
		_, err := o.ComposeJSON([]byte(`{"m":`+c.text+`}`), []byte(`{}`))
		jtCheckErr(t, "one past the limit in first", err, ctF(jtDeepestPath(c.text, "/m"), jtDeepestOffset(c.text)+5, ErrMaxDepth))
		_, err = o.ComposeJSON([]byte(`{}`), []byte(`{"m":`+c.text+`}`))
		jtCheckErr(t, "one past the limit in second", err, ctS(jtDeepestPath(c.text, "/m"), jtDeepestOffset(c.text)+5, ErrMaxDepth))
	}
	// The map function follows the same limit, at every depth.
	deep := nestedMaps(DefaultMaxDepth)
	if _, err := Compose(deep, deep); err != nil {
		t.Errorf("Compose at the default limit: %v", err)
	}
	_, err := Compose(jobj{}, jobj{"m": deep})
	if !errors.Is(err, ErrMaxDepth) || err.(*Error).Input != "second" {
		t.Errorf("Compose one past the default limit: %v, want ErrMaxDepth in second", err)
	}
}

// ctPatches1K returns two compact patches of about 1 KB each that compose
// (the first sets a user's profile and settings, the second changes some
// of them, removes some, and adds more).
func ctPatches1K() (first, second []byte) {
	f, s := ctPatchMaps1K()
	return benchMarshal(f), benchMarshal(s)
}

func ctPatchMaps1K() (first, second map[string]any) {
	first, second = map[string]any{}, map[string]any{}
	for i := 0; i < 8; i++ {
		k := fmt.Sprintf("section%d", i)
		fs := map[string]any{"title": "Section " + benchWords[i], "visible": i%2 == 0, "order": i, "legacy": nil,
			"style": map[string]any{"color": benchWords[i+1], "size": 12 + i, "weight": nil}}
		ss := map[string]any{"visible": i%2 != 0, "legacy": "restored", "tags": []any{benchWords[i], benchWords[i+2]},
			"style": map[string]any{"size": nil, "font": "mono"}}
		first[k], second[k] = fs, ss
	}
	first["updated_by"], second["updated_by"] = "usr_2NfZ8kQ3xR7pL1mV", "usr_8AbC3dE4fG5hI6jK"
	first["revision"], second["revision"] = 41, 42
	second["notes"] = map[string]any{"text": "coalesced from the offline queue", "count": 2, "draft": nil}
	return first, second
}

// ctFoldPatches returns n small patches of a user's metadata, as an app
// queues them offline: each sets, clears or removes one to four leaves of
// one fixed shape, whose objects are objects in every patch, so that every
// left fold of them composes. They are as encoding/json decodes them.
func ctFoldPatches(n int) []map[string]any {
	r := rand.New(rand.NewSource(100))
	leaves := [][]string{
		{"profile", "display_name"}, {"profile", "bio"}, {"profile", "name", "first"}, {"profile", "name", "last"},
		{"preferences", "theme"}, {"preferences", "language"}, {"preferences", "notifications", "email"},
		{"preferences", "notifications", "digest"}, {"flags", "beta"}, {"flags", "early_access"},
		{"billing", "seats"}, {"billing", "address", "city"}, {"tags"}, {"stats", "logins"}, {"stats", "score"},
		{"deleted_at"}, {"last_seen"},
	}
	value := func() any {
		switch r.Intn(6) {
		case 0:
			return nil
		case 1:
			return benchWord(r) + " " + benchWord(r)
		case 2:
			return r.Intn(5000)
		case 3:
			return r.Intn(2) == 0
		case 4:
			return []any{benchWord(r), benchWord(r)}
		}
		return float64(r.Intn(10000)) / 100
	}
	patches := make([]map[string]any, n)
	for i := range patches {
		p := map[string]any{}
		for k := 1 + r.Intn(4); k > 0; k-- {
			path := leaves[r.Intn(len(leaves))]
			m := p
			for _, name := range path[:len(path)-1] {
				sub, ok := m[name].(map[string]any)
				if !ok {
					sub = map[string]any{}
					m[name] = sub
				}
				m = sub
			}
			m[path[len(path)-1]] = value()
		}
		patches[i] = benchDecode(benchMarshal(p))
	}
	return patches
}

// TestComposeFold checks the fold that BenchmarkCompose measures: the
// left fold of the patches, by Compose and by ComposeJSON, applied to a
// document, is the patches applied in turn.
func TestComposeFold(t *testing.T) {
	patches := ctFoldPatches(100)
	doc := benchSized(8, 8<<10, benchGenMeta)
	docText := benchMarshal(doc)
	acc, accText := map[string]any{}, []byte(`{}`)
	step, stepText := doc, docText
	for _, p := range patches {
		var err error
		if acc, err = Compose(acc, p); err != nil {
			t.Fatalf("Compose: %v", err)
		}
		text := benchMarshal(p)
		if accText, err = ComposeJSON(accText, text); err != nil {
			t.Fatalf("ComposeJSON: %v", err)
		}
		if step, err = Merge(step, p); err != nil {
			t.Fatal(err)
		}
		if stepText, err = MergeJSON(stepText, text); err != nil {
			t.Fatal(err)
		}
	}
	if len(accText) < 200 {
		t.Errorf("the fold is %s: the patches touch too little", accText)
	}
	once, err := Merge(doc, acc)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(step, once); diff != "" {
		t.Errorf("the folded patch applies differently from the patches in turn (-in turn +folded):\n%s", diff)
	}
	onceText, err := MergeJSON(docText, accText)
	if err != nil {
		t.Fatal(err)
	}
	if !equalJSON(decodeJSON(t, stepText), decodeJSON(t, onceText)) || !equalJSON(decodeJSON(t, onceText), canonicalize(t, once)) {
		t.Errorf("the folded text patch %s applies differently from the patches in turn", accText)
	}
}

// TestComposeConcurrent runs compositions from several goroutines at once,
// for the race detector and the pool.
func TestComposeConcurrent(t *testing.T) {
	first, second := ctPatches1K()
	fm, sm := ctPatchMaps1K()
	want, err := ComposeJSON(first, second)
	if err != nil {
		t.Fatal(err)
	}
	wantMap, err := Compose(fm, sm)
	if err != nil {
		t.Fatal(err)
	}
	runConcurrently(t, 8, func(g int) string {
		for i := 0; i < 50; i++ {
			switch g % 3 {
			case 0:
				if got, err := ComposeJSON(first, second); err != nil || !bytes.Equal(got, want) {
					return fmt.Sprintf("ComposeJSON gave %s, %v concurrently", got, err)
				}
			case 1:
				if _, err := ComposeJSON([]byte(`{"a":null}`), []byte(`{"a":{}}`)); !errors.Is(err, ErrNotRepresentable) {
					return fmt.Sprintf("the failing ComposeJSON gave %v concurrently", err)
				}
			default:
				if got, err := Compose(fm, sm); err != nil || !cmp.Equal(got, wantMap) {
					return fmt.Sprintf("Compose gave %v, %v concurrently", got, err)
				}
			}
		}
		return ""
	})
}

// ---------------------------------------------------------------------------
// Properties.

// Patches for the properties are drawn so that they collide: names from
// a small alphabet, and, given the patch drawn before, objects where it has
// objects more often than elsewhere, so that compositions reach deep and
// end in both outcomes often.
var (
	ctNameGen  = rapid.SampledFrom([]string{"a", "b", "c", "", "a/b", "~0"})
	ctSizeGen  = rapid.IntRange(0, 5)
	ctKindGen  = rapid.IntRange(0, 11)
	ctArrayGen = rapid.IntRange(0, 3)
)

// ctDrawValue draws a canonical value at depth. hint is the value at the
// same place in the patch drawn before, if hinted.
func ctDrawValue(t *rapid.T, depth int, hint any, hinted bool) any {
	k := ctKindGen.Draw(t, "kind")
	if hm, _ := hint.(map[string]any); hinted && k >= 5 && depth < 4 {
		return ctDrawObject(t, depth, hm)
	}
	switch {
	case k <= 1:
		return nil
	case k == 2:
		return drawNumber(t)
	case k == 3:
		return drawString(t)
	case k == 4:
		return rapid.Bool().Draw(t, "bool")
	case k == 5 && depth < 4:
		a := make([]any, ctArrayGen.Draw(t, "elements"))
		for i := range a {
			a[i] = ctDrawValue(t, depth+1, nil, false)
		}
		return a
	case k >= 9 && depth < 4:
		return ctDrawObject(t, depth, nil)
	case k == 6:
		return propFloatGen.Draw(t, "float")
	}
	return drawString(t)
}

// ctDrawObject draws an object at depth, taking its names from the hint
// half of the time, and, for each member, the hint's member of that name
// as its hint.
func ctDrawObject(t *rapid.T, depth int, hint map[string]any) map[string]any {
	n := ctSizeGen.Draw(t, "members")
	m := make(map[string]any, n)
	names := make([]string, 0, len(hint))
	for name := range hint {
		names = append(names, name)
	}
	sort.Strings(names) // an order that depends only on the hint
	for i := 0; i < n; i++ {
		name := ctNameGen.Draw(t, "name")
		if len(names) > 0 && rapid.Bool().Draw(t, "hint's name") {
			name = rapid.SampledFrom(names).Draw(t, "hint name")
		}
		hv, hinted := hint[name]
		m[name] = ctDrawValue(t, depth+1, hv, hinted)
	}
	return m
}

// ctOutcomes counts, across a property's cases, how often Compose
// succeeded and how often it could not compose.
type ctOutcomes struct{ composed, blocked int }

// check fails the test if one outcome is rare over many cases: the
// generators would then no longer test it.
func (o *ctOutcomes) check(t *testing.T) {
	t.Helper()
	n := o.composed + o.blocked
	t.Logf("%d cases: %d composed, %d not representable", n, o.composed, o.blocked)
	if n >= 1000 && (o.composed < n/10 || o.blocked < n/10) {
		t.Errorf("the generators make one outcome rare: %d composed, %d not representable", o.composed, o.blocked)
	}
}

// TestComposePropertyDefinition: on canonical maps, whenever Compose
// succeeds, applying its result to any target is applying first and then
// second; it fails exactly when ctBlocked finds a place, and then with
// ErrNotRepresentable at one of them; its inputs are unchanged and its
// result shares nothing with them.
func TestComposePropertyDefinition(t *testing.T) {
	var outcomes ctOutcomes
	checkProperty(t, func(t *rapid.T) {
		first := ctDrawObject(t, 0, nil)
		second := ctDrawObject(t, 0, first)
		target := ctDrawObject(t, 0, first)
		logInputs(t, first, second)
		t.Logf("target: %v", goValue{target})
		firstBefore, secondBefore := deepCopyGo(first), deepCopyGo(second)
		got, err := Compose(first, second)
		ctCheckComposeResult(t, first, second, target, got, err, &outcomes)
		if diff := cmp.Diff(firstBefore, any(first)); diff != "" {
			t.Fatalf("Compose changed first (-want +got):\n%s", diff)
		}
		if diff := cmp.Diff(secondBefore, any(second)); diff != "" {
			t.Fatalf("Compose changed second (-want +got):\n%s", diff)
		}
		if err == nil {
			mutateGo(got)
			if diff := cmp.Diff(firstBefore, any(first)); diff != "" {
				t.Fatalf("Compose's result shares memory with first (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(secondBefore, any(second)); diff != "" {
				t.Fatalf("Compose's result shares memory with second (-want +got):\n%s", diff)
			}
		}
	})
	outcomes.check(t)
}

// TestComposePropertyTyped is TestComposePropertyDefinition on Go values
// of every kind the package converts (typed maps and slices, structs,
// pointers, typed nils, RawMessage, MarshalJSON), compared as JSON.
func TestComposePropertyTyped(t *testing.T) {
	checkProperty(t, func(t *rapid.T) {
		first := typedTopGen.Draw(t, "first")
		second := typedTopGen.Draw(t, "second")
		target := typedTopGen.Draw(t, "target")
		logInputs(t, first, second)
		t.Logf("target: %v", goValue{target})
		firstBefore, secondBefore := deepCopyGo(first), deepCopyGo(second)
		got, err := Compose(first, second)
		ctCheckComposeResult(t, first, second, target, got, err, nil)
		if diff := cmp.Diff(firstBefore, any(first), inputCmp); diff != "" {
			t.Fatalf("Compose changed first (-want +got):\n%s", diff)
		}
		if diff := cmp.Diff(secondBefore, any(second), inputCmp); diff != "" {
			t.Fatalf("Compose changed second (-want +got):\n%s", diff)
		}
		if err == nil {
			checkCanonicalResult(t, "", got)
			mutateGo(got)
			if diff := cmp.Diff(firstBefore, any(first), inputCmp); diff != "" {
				t.Fatalf("Compose's result shares memory with first (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(secondBefore, any(second), inputCmp); diff != "" {
				t.Fatalf("Compose's result shares memory with second (-want +got):\n%s", diff)
			}
		}
	})
}

// ctCheckComposeResult checks Compose's result or error for first and
// second against the definition, on target, as JSON values; outcomes, if
// not nil, counts the outcome.
func ctCheckComposeResult(t *rapid.T, first, second, target, got map[string]any, err error, outcomes *ctOutcomes) {
	t.Helper()
	cf, cs, ct := canonTopR(t, first), canonTopR(t, second), canonTopR(t, target)
	blocked := ctBlockedPaths(cf, cs)
	if len(blocked) > 0 {
		var e *Error
		if !errors.As(err, &e) || e.Err != ErrNotRepresentable || e.Input != "second" || e.Offset != -1 || !ctHas(blocked, e.Path) {
			t.Fatalf("Compose = %v, %v; want ErrNotRepresentable in second at one of %q", goValue{got}, err, blocked)
		}
		if outcomes != nil {
			outcomes.blocked++
		}
		return
	}
	if err != nil {
		t.Fatalf("Compose: %v", err)
	}
	if got == nil {
		t.Fatalf("Compose returned nil")
	}
	if outcomes != nil {
		outcomes.composed++
	}
	cg := canonicalize(t, got)
	if diff := cmp.Diff(refMerge(refMerge(ct, cf), cs), refMerge(ct, cg)); diff != "" {
		t.Fatalf("applying Compose's result %s differs from applying both (-both +composed):\n%s", mustJSON(got), diff)
	}
	// Merge itself agrees, on the caller's values.
	m1, err1 := Merge(target, first)
	var m2 map[string]any
	if err1 == nil {
		m2, err1 = Merge(m1, second)
	}
	m3, err2 := Merge(target, got)
	if err1 != nil || err2 != nil {
		t.Fatalf("Merge: %v, %v", err1, err2)
	}
	if diff := cmp.Diff(canonicalize(t, m2), canonicalize(t, m3)); diff != "" {
		t.Fatalf("Merge(Merge(t, first), second) differs from Merge(t, Compose(first, second)) (-both +composed):\n%s", diff)
	}
}

// TestComposePropertyIdentity: {} and nil on either side of an object
// patch give a copy of that patch.
func TestComposePropertyIdentity(t *testing.T) {
	checkProperty(t, func(t *rapid.T) {
		p := typedObjectGen.Draw(t, "patch")
		logInputs(t, p, nil)
		want := canonTopR(t, p)
		for _, empty := range []map[string]any{nil, {}} {
			for _, pair := range [][2]map[string]any{{empty, p}, {p, empty}} {
				got, err := Compose(pair[0], pair[1])
				if err != nil {
					t.Fatalf("Compose(%v, %v): %v", goValue{pair[0]}, goValue{pair[1]}, err)
				}
				if diff := cmp.Diff(want, canonicalize(t, got)); diff != "" {
					t.Fatalf("Compose(%v, %v) is not the patch (-want +got):\n%s", goValue{pair[0]}, goValue{pair[1]}, diff)
				}
			}
		}
		text := []byte(mustJSON(p))
		for _, pair := range [][2][]byte{{[]byte(`{}`), text}, {text, []byte(" { } ")}} {
			out, err := ComposeJSON(pair[0], pair[1])
			if err != nil || !bytes.Equal(out, text) {
				t.Fatalf("ComposeJSON(%s, %s) = %s, %v; want %s", pair[0], pair[1], out, err, text)
			}
		}
	})
}

// TestComposePropertyMaxDepth: Options{MaxDepth: d}.Compose fails with
// ErrMaxDepth exactly when first or second nests deeper than d, first's
// fault reported first.
func TestComposePropertyMaxDepth(t *testing.T) {
	checkProperty(t, func(t *rapid.T) {
		first := typedTopGen.Draw(t, "first")
		second := typedTopGen.Draw(t, "second")
		logInputs(t, first, second)
		d := rapid.IntRange(1, 5).Draw(t, "MaxDepth")
		cf, cs := canonTopR(t, first), canonTopR(t, second)
		_, err := Options{MaxDepth: d}.Compose(first, second)
		input := ""
		switch {
		case jsonDepth(cf) > d:
			input = "first"
		case jsonDepth(cs) > d:
			input = "second"
		}
		if input == "" {
			if errors.Is(err, ErrMaxDepth) {
				t.Fatalf("Options{MaxDepth: %d}.Compose (depths %d, %d): %v", d, jsonDepth(cf), jsonDepth(cs), err)
			}
			return
		}
		var e *Error
		if !errors.As(err, &e) || e.Err != ErrMaxDepth || e.Input != input {
			t.Fatalf("Options{MaxDepth: %d}.Compose (depths %d, %d) = %v; want ErrMaxDepth in %s", d, jsonDepth(cf), jsonDepth(cs), err, input)
		}
	})
}

// TestComposeJSONPropertyDefinition: on generated texts (random
// whitespace, escapes, number spellings, member order), ComposeJSON gives
// exactly the members, in the order, that its doc comment specifies, or
// ErrNotRepresentable at the first place in first's order where there is
// no composition, with the offset of second's object there. Applying the
// result with MergeJSON gives the bytes of applying first and then second,
// except where the target holds a member that first removes and second
// sets: two merges move it to the end of its object, and no single patch
// can, so there the results are compared as values. Compose agrees on the
// decoded patches.
func TestComposeJSONPropertyDefinition(t *testing.T) {
	var outcomes ctOutcomes
	moved := 0
	checkPropertyN(t, 3000, func(t *rapid.T) {
		target := otDrawTop(t, true, nil)
		first := otDrawTop(t, true, target)
		second := otDrawTop(t, true, first)
		ft := otRender(first, rand.New(rand.NewSource(int64(dtSeedGen.Draw(t, "seed")))))
		st, sOffs := ctRender(second, rand.New(rand.NewSource(int64(dtSeedGen.Draw(t, "seed")))))
		tt := otRender(target, rand.New(rand.NewSource(int64(dtSeedGen.Draw(t, "seed")))))
		t.Logf("target: %s\nfirst:  %s\nsecond: %s", tt, ft, st)
		if ctCheckJSON(t, tt, ft, st, target, first, second, sOffs) {
			moved++
		}
		if _, ok := otCompose(first, second); ok {
			outcomes.composed++
		} else {
			outcomes.blocked++
		}
	})
	outcomes.check(t)
	t.Logf("%d of %d compositions applied with a member moved", moved, outcomes.composed)
}

// ctCheckJSON checks ComposeJSON on the valid texts ft and st of first and
// second, parsed, and its result applied to the text tt of target; sOffs
// holds the offsets of the values of second's members in st, or is nil.
// It reports whether the target holds a member that the two patches move.
func ctCheckJSON(tb rapid.TB, tt, ft, st []byte, target, first, second *otNode, sOffs map[*otNode][]int) bool {
	tb.Helper()
	fcopy, scopy := bytes.Clone(ft), bytes.Clone(st)
	out, err := ComposeJSON(ft, st)
	if !bytes.Equal(ft, fcopy) || !bytes.Equal(st, scopy) {
		tb.Fatalf("ComposeJSON modified its input")
	}
	want, ok := otCompose(first, second)
	if !ok {
		path, _ := otFirstBlocked(first, second, nil)
		var e *Error
		if !errors.As(err, &e) || e.Err != ErrNotRepresentable || e.Input != "second" || e.Path != pointerOf(path) {
			tb.Fatalf("ComposeJSON(%s, %s) = %s, %v; want ErrNotRepresentable in second at %q", ft, st, out, err, pointerOf(path))
		}
		if out != nil {
			tb.Fatalf("ComposeJSON returned %q with its error", out)
		}
		// The offset is that of second's object at the path: exactly,
		// where the offsets of second's values are known.
		node, parent, i := otAt(second, path)
		wantOff := int64(-1)
		switch {
		case parent == nil:
			wantOff = int64(spaceEnd(st, 0))
		case sOffs != nil:
			wantOff = int64(sOffs[parent][i])
		}
		if e.Offset < 0 || e.Offset >= int64(len(st)) || wantOff >= 0 && e.Offset != wantOff {
			tb.Fatalf("ComposeJSON(%s, %s): %v; want Offset %d", ft, st, err, wantOff)
		}
		dec := json.NewDecoder(bytes.NewReader(st[e.Offset:]))
		dec.UseNumber()
		var at any
		if derr := dec.Decode(&at); derr != nil || st[e.Offset] != '{' || !equalJSON(at, decodeJSON(tb, otRender(node, nil))) {
			tb.Fatalf("ComposeJSON(%s, %s): %v: Offset %d is not at second's object %s (%v)", ft, st, err, e.Offset, otRender(node, nil), derr)
		}
		// Compose fails too, on the decoded objects.
		fm, ok1 := decodeJSON(tb, ft).(map[string]any)
		sm, ok2 := decodeJSON(tb, st).(map[string]any)
		if ok1 && ok2 {
			_, merr := Compose(fm, sm)
			var me *Error
			if !errors.As(merr, &me) || me.Err != ErrNotRepresentable || !ctHas(ctBlockedPaths(fm, sm), me.Path) {
				tb.Fatalf("Compose of the decoded %s, %s: %v; want ErrNotRepresentable", ft, st, merr)
			}
		}
		return false
	}
	if err != nil {
		tb.Fatalf("ComposeJSON(%s, %s): %v", ft, st, err)
	}
	got, perr := otParse(out)
	if perr != nil {
		tb.Fatalf("ComposeJSON(%s, %s) = %s: %v", ft, st, out, perr)
	}
	if !otEqualOrdered(got, want) {
		tb.Fatalf("ComposeJSON(%s, %s)\n got %s\nwant %s", ft, st, out, otRender(want, nil))
	}

	r1, err1 := MergeJSON(tt, ft)
	var both []byte
	if err1 == nil {
		both, err1 = MergeJSON(r1, st)
	}
	once, err2 := MergeJSON(tt, out)
	if err1 != nil || err2 != nil {
		tb.Fatalf("MergeJSON: %v, %v", err1, err2)
	}
	moves := otMoves(target, first, second)
	if !moves && !bytes.Equal(both, once) {
		tb.Fatalf("on target %s: applying both gives\n %s\nand applying ComposeJSON's %s gives\n %s", tt, both, out, once)
	}
	if !equalJSON(decodeJSON(tb, both), decodeJSON(tb, once)) {
		tb.Fatalf("on target %s: applying both gives %s, applying ComposeJSON's %s gives %s, a different value", tt, both, out, once)
	}
	ctCheckText(tb, "", ft, st, out) // last: it overwrites out
	return moves && !bytes.Equal(both, once)
}

// TestComposeJSONMovedMember shows the one case where applying the
// composition gives other bytes than applying both: the target holds a
// member that first removes and second sets again.
func TestComposeJSONMovedMember(t *testing.T) {
	target, first, second := []byte(`{"a":1,"b":2}`), []byte(`{"a":null}`), []byte(`{"a":3}`)
	out, err := ComposeJSON(first, second)
	if err != nil || string(out) != `{"a":3}` {
		t.Fatalf("ComposeJSON = %s, %v", out, err)
	}
	r1, _ := MergeJSON(target, first)
	both, _ := MergeJSON(r1, second)
	once, _ := MergeJSON(target, out)
	if string(both) != `{"b":2,"a":3}` || string(once) != `{"a":3,"b":2}` {
		t.Fatalf("applied in turn: %s; composed: %s", both, once)
	}
	// Without the member in the target, the bytes are the same.
	r1, _ = MergeJSON([]byte(`{"b":2}`), first)
	both, _ = MergeJSON(r1, second)
	once, _ = MergeJSON([]byte(`{"b":2}`), out)
	if string(both) != `{"b":2,"a":3}` || !bytes.Equal(both, once) {
		t.Fatalf("applied in turn: %s; composed: %s", both, once)
	}
}

// ---------------------------------------------------------------------------
// Fuzzing.

// ctSeeds adds to f the pairs of the tables above, the text ones and the
// maps written as JSON, and of testdata/compose.json when it is there.
func ctSeeds(f *testing.F) {
	for _, c := range ctTextCases {
		f.Add([]byte(c.first), []byte(c.second))
	}
	for _, c := range ctTextErrCases {
		if len(c.first) <= fzMaxSeed && len(c.second) <= fzMaxSeed {
			f.Add([]byte(c.first), []byte(c.second))
		}
	}
	for _, c := range ctMapCases() {
		a, err1 := json.Marshal(ctTop(c.first))
		b, err2 := json.Marshal(ctTop(c.second))
		if err1 == nil && err2 == nil {
			f.Add(a, b)
		}
	}
	fzAddVectors(f, "compose.json", "first", "second")
}

// FuzzCompose feeds ComposeJSON arbitrary bytes: it never panics and
// never modifies its input; a fault of either input is Validate's first
// fault, first's before second's; for valid inputs it gives exactly the
// result its doc comment specifies, or ErrNotRepresentable exactly where
// there is none; the result applied with MergeJSON to several targets is
// the two applied in turn; and Compose agrees on the decoded objects.
func FuzzCompose(f *testing.F) {
	fzSeeds(f)
	ctSeeds(f)
	f.Fuzz(func(t *testing.T, a, b []byte) {
		if len(a) > fzMaxInput || len(b) > fzMaxInput {
			return
		}
		acopy, bcopy := bytes.Clone(a), bytes.Clone(b)
		out, err := ComposeJSON(a, b)
		if !bytes.Equal(a, acopy) || !bytes.Equal(b, bcopy) {
			t.Fatalf("ComposeJSON modified its input")
		}
		va := fzCheckValidate(t, a)
		vb := fzCheckValidate(t, b)
		for _, in := range []struct {
			name  string
			verr  error
			other error
		}{{"first", va, nil}, {"second", vb, va}} {
			if in.verr == nil || in.other != nil {
				continue
			}
			e := fzCheckError(t, "ComposeJSON", err, map[string][]byte{"first": a, "second": b})
			var ve *Error
			errors.As(in.verr, &ve)
			if e.Input != in.name || e.Err != ve.Err || e.Offset != ve.Offset || e.Path != ve.Path {
				t.Fatalf("ComposeJSON(%q, %q): %v, but Validate(%s): %v", a, b, err, in.name, in.verr)
			}
			if out != nil {
				t.Fatalf("ComposeJSON returned %q with its error", out)
			}
			return
		}
		fa, err1 := otParse(a)
		fb, err2 := otParse(b)
		if err1 != nil || err2 != nil {
			t.Fatalf("otParse: %v, %v", err1, err2)
		}
		if err != nil && !errors.Is(err, ErrNotRepresentable) {
			t.Fatalf("ComposeJSON(%q, %q): %v", a, b, err)
		}
		if err != nil {
			fzCheckError(t, "ComposeJSON", err, map[string][]byte{"second": b})
		}
		for _, target := range [][]byte{a, b, []byte(`{}`), []byte(`null`), []byte(`{"a":{"b":1},"":[null],"c":null}`)} {
			tn, perr := otParse(target)
			if perr != nil {
				t.Fatalf("otParse(%q): %v", target, perr)
			}
			ctCheckJSON(t, target, a, b, tn, fa, fb, nil)
		}
	})
}
