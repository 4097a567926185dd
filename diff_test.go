package deepmerge

// Tests of Diff and DiffJSON against their doc comments: table tests, and
// rapid properties that tie them to Merge, MergeJSON and the RFC's
// pseudocode, with the ordered trees of oracle_test.go.

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"math/rand"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"
)

// ---------------------------------------------------------------------------
// Diff on maps: table tests.

type dtStruct struct {
	X string `json:"x"`
	N int    `json:"n,omitempty"`
}

func TestDiffTable(t *testing.T) {
	type M = map[string]any
	type A = []any
	N := func(s string) json.Number { return json.Number(s) }
	for _, c := range []struct {
		name     string
		orig     M
		mod      M
		want     M // compared as JSON text after canonicalize
		noCopyIn bool
		reason   string // the rule of Diff's contract that gives want
	}{
		{"both nil", nil, nil, M{}, false, "a nil original and a nil modified are both {}, and no change gives an empty, non-nil patch"},
		{"both empty", M{}, M{}, M{}, false, "no change gives an empty patch, never nil"},
		{"nil original", nil, M{"a": 1}, M{"a": 1}, false, "a nil original is {}, so every member of modified is added"},
		{"nil modified", M{"a": 1, "b": M{"c": 2}}, nil, M{"a": nil, "b": nil}, false, "a nil modified is {}, so every member of original is removed with null"},
		{"removed member is null", M{"a": 1, "b": 2}, M{"b": 2}, M{"a": nil}, false, "a member that modified lacks appears as null"},
		{"added member", M{"a": 1}, M{"a": 1, "b": A{1, nil}}, M{"b": A{1, nil}}, false, "an added member appears with its value whole, nulls in arrays included"},
		{"changed scalar", M{"a": "x"}, M{"a": "y"}, M{"a": "y"}, false, "a changed member appears with its new value"},
		{"type change", M{"a": 1}, M{"a": "1"}, M{"a": "1"}, false, "a member that changes type appears with its new value"},
		{"bool", M{"a": true}, M{"a": false}, M{"a": false}, false, "a changed boolean appears with its new value"},
		{"unchanged", M{"a": 1, "o": M{"x": A{1, M{"y": nil}}}}, M{"a": 1, "o": M{"x": A{1, M{"y": nil}}}}, M{}, false, "equal values, nested nulls included, give no member"},
		{"recursive", M{"o": M{"a": 1, "b": 2, "n": M{"k": 1}}, "x": 0}, M{"o": M{"a": 1, "c": 3, "n": M{"k": 2}}, "x": 0},
			M{"o": M{"b": nil, "c": 3, "n": M{"k": 2}}}, false, "an object on both sides appears only as the diff of the two, recursively"},
		{"unchanged nested object omitted", M{"o": M{"a": 1}, "x": 1}, M{"o": M{"a": 1}, "x": 2}, M{"x": 2}, false, "an object that did not change does not appear"},
		{"nested object emptied", M{"o": M{"a": 1}}, M{"o": M{}}, M{"o": M{"a": nil}}, false, "an emptied object appears as its removed members, each null"},
		{"object to scalar", M{"a": M{"b": 1}}, M{"a": 1}, M{"a": 1}, false, "a member that stops being an object appears with its new value whole"},
		{"scalar to object", M{"a": 1}, M{"a": M{"b": 1}}, M{"a": M{"b": 1}}, false, "a member that becomes an object appears with the object whole"},
		{"array to object", M{"a": A{1}}, M{"a": M{}}, M{"a": M{}}, false, "an array that becomes an object is replaced by the object whole"},
		{"null to object", M{"a": nil}, M{"a": M{"b": 1}}, M{"a": M{"b": 1}}, false, "a null that becomes an object is replaced by the object whole"},
		{"arrays whole", M{"a": A{1, 2, 3}}, M{"a": A{1, 2, 4}}, M{"a": A{1, 2, 4}}, false, "arrays are replaced whole, never diffed element by element"},
		{"array order matters", M{"a": A{1, 2}}, M{"a": A{2, 1}}, M{"a": A{2, 1}}, false, "arrays compare in order, so reordering is a change"},
		{"array of objects equal", M{"a": A{M{"x": 1, "y": M{"z": nil}}}}, M{"a": A{M{"y": M{"z": nil}, "x": 1}}}, M{}, false, "objects inside arrays compare by contents, not by member order"},
		{"array of objects changed", M{"a": A{M{"x": 1}}}, M{"a": A{M{"x": 1, "y": nil}}}, M{"a": A{M{"x": 1, "y": nil}}}, false, "a changed array appears whole, the nulls inside it kept"},
		{"null in both", M{"a": nil, "b": M{"c": nil}}, M{"a": nil, "b": M{"c": nil}}, M{}, false, "a null at the same place on both sides is unchanged"},
		{"null to value", M{"a": nil}, M{"a": 0}, M{"a": 0}, false, "a null changed to a value appears with the value"},
		{"null removed", M{"a": nil}, M{}, M{"a": nil}, false, "a member that modified lacks appears as null, even one that was null"},
		{"empty string vs null", M{"a": ""}, M{"a": "", "b": ""}, M{"b": ""}, false, "the empty string is a value, not null"},
		// encoding/json writes each byte of invalid UTF-8 as U+FFFD.
		{"invalid UTF-8 strings equal as JSON", M{"a": "a\xff", "b": "\ufffd"}, M{"a": "a\xfe", "b": "\xe2"}, M{}, false, "strings compare as encoding/json writes them, each invalid byte as U+FFFD"},
		{"invalid UTF-8 strings differ as JSON", M{"a": "a\xff\xfe"}, M{"a": "a\ufffd"}, M{"a": "a\ufffd"}, false, "two invalid bytes are written as two U+FFFD, so they differ from one"},

		// Numbers are equal by value, whatever their Go types.
		{"1 and 1.0", M{"n": 1}, M{"n": 1.0}, M{}, false, "numbers compare by value, not by Go type"},
		{"1 and 1e0", M{"n": 1}, M{"n": N("1e0")}, M{}, false, "numbers compare by value, not by their text"},
		{"0 and the empty json.Number, which encoding/json writes as 0", M{"n": 0}, M{"n": N("")}, M{}, false, "the empty json.Number is 0, as encoding/json writes it"},
		{"1 and int8 1", M{"n": 1.0}, M{"n": int8(1)}, M{}, false, "numbers compare by value across Go integer and float types"},
		{"all the ones", M{"a": N("1.000"), "b": uint64(1), "c": float32(1), "d": N("10e-1"), "e": uintptr(1)},
			M{"a": int8(1), "b": N("1e0"), "c": 1, "d": 1.0, "e": int64(1)}, M{}, false, "every Go number type and every spelling of one compare equal"},
		{"10 and 1e1", M{"n": N("10")}, M{"n": N("1e1")}, M{}, false, "an exponent spelling equals the plain spelling"},
		{"0.1 and 1e-1", M{"n": 0.1}, M{"n": N("1e-1")}, M{}, false, "a float64 and a json.Number of the same value are equal"},
		{"-0 and 0", M{"n": N("-0")}, M{"n": 0}, M{}, false, "negative zero equals zero as a JSON number"},
		{"-0.0 and 0e5", M{"n": N("-0.0")}, M{"n": N("0e5")}, M{}, false, "every spelling of zero is the same number"},
		{"float32 2.5", M{"n": float32(2.5)}, M{"n": N("25e-1")}, M{}, false, "a float32 compares by its exact value"},
		{"1e21", M{"n": 1e21}, M{"n": N("1000000000000000000000")}, M{}, false, "a large float64 equals its integer spelling"},
		{"uint64 max", M{"n": uint64(18446744073709551615)}, M{"n": N("18446744073709551615")}, M{}, false, "a uint64 compares exactly, beyond float64 precision"},
		{"numbers in arrays", M{"a": A{1, 2.0, M{"x": N("3")}}}, M{"a": A{N("1"), int16(2), M{"x": 3.0}}}, M{}, false, "numbers compare by value inside arrays too"},
		{"numbers in nested objects", M{"o": M{"n": 1}}, M{"o": M{"n": N("1.0")}}, M{}, false, "numbers compare by value inside nested objects too"},
		{"1 and 2", M{"n": 1}, M{"n": 2}, M{"n": 2}, false, "different numbers differ"},
		{"close but different", M{"n": 1.0}, M{"n": N("1.0000000000000000001")}, M{"n": N("1.0000000000000000001")}, false, "numbers compare exactly, not after rounding to float64"},
		{"uint64 max and its float", M{"n": uint64(18446744073709551615)}, M{"n": float64(18446744073709551615)}, M{"n": float64(18446744073709551615)}, false, "the float64 nearest the uint64 max is 2^64, another number"},
		{"-1 and 1", M{"n": -1}, M{"n": uint(1)}, M{"n": uint(1)}, false, "the sign counts across signed and unsigned types"},
		{"number and string", M{"n": 1}, M{"n": "1"}, M{"n": "1"}, false, "a number and a string that spells it differ"},

		// Go values are read as Merge reads them.
		{"map[string]string equal", M{"a": map[string]string{"x": "1"}}, M{"a": M{"x": "1"}}, M{}, true, "a map[string]string is read as Merge reads it, an object"},
		{"map[string]string changed", M{"a": M{"x": "1", "y": "2"}}, M{"a": map[string]string{"x": "3"}}, M{"a": M{"x": "3", "y": nil}}, true, "a converted map diffs as an object, member by member"},
		{"[]string", M{"a": []string{"x"}}, M{"a": A{"x"}}, M{}, true, "a []string is read as Merge reads it, an array"},
		{"struct", M{"s": dtStruct{X: "a"}}, M{"s": dtStruct{X: "a", N: 2}}, M{"s": M{"n": 2}}, true, "a struct is the object json.Marshal gives, omitempty honored"},
		{"RawMessage", M{"r": json.RawMessage(`{"a": [1, 2.0]}`)}, M{"r": M{"a": A{1, 2}}}, M{}, true, "a RawMessage is the JSON value it holds, compared by value"},
		{"nil pointer is null", M{"p": (*int)(nil)}, M{"p": nil}, M{}, true, "a nil pointer is null"},
		// A nil map or slice of a canonical type is null too, in original
		// as in modified, at any depth.
		{"nil map is null", M{"a": M(nil)}, M{"a": M(nil)}, M{}, true, "a nested nil map is null, and null on both sides is unchanged"},
		{"nil map and null", M{"a": M(nil)}, M{"a": nil}, M{}, true, "a nested nil map equals null"},
		{"nil slice to empty array", M{"a": A(nil)}, M{"a": A{}}, M{"a": A{}}, true, "a nested nil slice is null, so an empty array is a change"},
		{"nil map to empty object", M{"a": M(nil)}, M{"a": M{}}, M{"a": M{}}, true, "a nested nil map is null, so an empty object is a change"},
		{"nil slice in an array", M{"a": A{A(nil)}}, M{"a": A{A{}}}, M{"a": A{A{}}}, true, "a nil slice inside an array is null, so an empty array is a change"},
		{"nil map in an array, unchanged", M{"a": A{M(nil)}}, M{"a": A{nil}}, M{}, true, "a nil map inside an array is null"},
	} {
		var ocopy, mcopy any
		if !c.noCopyIn {
			ocopy, mcopy = deepCopyJSON(c.orig), deepCopyJSON(c.mod)
		}
		got, err := Diff(c.orig, c.mod)
		if err != nil {
			t.Errorf("%s: Diff: %v (%s)", c.name, err, c.reason)
			continue
		}
		if got == nil {
			t.Errorf("%s: Diff returned a nil map (%s)", c.name, c.reason)
			continue
		}
		dtCheckCanonical(t, c.name+" ("+c.reason+")", got)
		if g, w := dtMarshal(t, got), dtMarshal(t, c.want); g != w {
			t.Errorf("%s: Diff(%s, %s) (%s)\n got %s\nwant %s", c.name, dtMarshal(t, c.orig), dtMarshal(t, c.mod), c.reason, g, w)
		}
		// The patch does what it is for.
		merged, err := Merge(c.orig, got)
		wantMerged := c.mod
		if wantMerged == nil {
			wantMerged = M{} // a nil modified is the empty object
		}
		if err != nil {
			t.Errorf("%s: Merge(original, Diff): %v (%s)", c.name, err, c.reason)
		} else if !dtSameValue(t, merged, wantMerged) {
			t.Errorf("%s: Merge(original, Diff) = %s, want %s (%s)", c.name, dtMarshal(t, merged), dtMarshal(t, c.mod), c.reason)
		}
		// Options with an ample MaxDepth agree.
		if o, err := (Options{MaxDepth: 20}).Diff(c.orig, c.mod); err != nil || dtMarshal(t, o) != dtMarshal(t, got) {
			t.Errorf("%s: Options{MaxDepth:20}.Diff = %v, %v (%s)", c.name, o, err, c.reason)
		}
		if c.noCopyIn {
			continue
		}
		if d := cmp.Diff(ocopy, any(c.orig)); d != "" {
			t.Errorf("%s: Diff modified original (%s):\n%s", c.name, c.reason, d)
		}
		if d := cmp.Diff(mcopy, any(c.mod)); d != "" {
			t.Errorf("%s: Diff modified modified (%s):\n%s", c.name, c.reason, d)
		}
		// The result shares no map or slice with the inputs.
		scribble(got)
		if d := cmp.Diff(ocopy, any(c.orig)); d != "" {
			t.Errorf("%s: Diff's result shares memory with original (%s):\n%s", c.name, c.reason, d)
		}
		if d := cmp.Diff(mcopy, any(c.mod)); d != "" {
			t.Errorf("%s: Diff's result shares memory with modified (%s):\n%s", c.name, c.reason, d)
		}
	}
}

func TestDiffErrors(t *testing.T) {
	type M = map[string]any
	type A = []any
	ch := make(chan int)
	for _, c := range []struct {
		name      string
		max       int
		orig, mod M
		input     string
		path      string
		err       error
	}{
		{"new null member", 0, M{}, M{"a": nil}, "modified", "/a", ErrNotRepresentable},
		{"value to null", 0, M{"a": 1}, M{"a": nil}, "modified", "/a", ErrNotRepresentable},
		{"nil modified value to null", 0, nil, M{"a": nil}, "modified", "/a", ErrNotRepresentable},
		{"object to null", 0, M{"a": M{}}, M{"a": nil}, "modified", "/a", ErrNotRepresentable},
		{"nested value to null", 0, M{"a": M{"b": 1}}, M{"a": M{"b": nil}}, "modified", "/a/b", ErrNotRepresentable},
		{"new object with null", 0, M{}, M{"a": M{"b": M{"c": nil}}}, "modified", "/a/b/c", ErrNotRepresentable},
		{"object replacing scalar with null", 0, M{"a": 1}, M{"a": M{"b": nil}}, "modified", "/a/b", ErrNotRepresentable},
		{"object replacing array with null", 0, M{"a": A{M{"b": nil}}}, M{"a": M{"b": nil}}, "modified", "/a/b", ErrNotRepresentable},
		{"typed nil map is null", 0, M{"p": M{"q": 1}}, M{"p": M(nil)}, "modified", "/p", ErrNotRepresentable},
		{"nil pointer new is null", 0, M{}, M{"p": (*int)(nil)}, "modified", "/p", ErrNotRepresentable},
		{"pointer escaping", 0, M{}, M{"a/b": M{"~": nil}}, "modified", "/a~1b/~0", ErrNotRepresentable},
		{"unsupported in original", 0, M{"a": M{"c": ch}}, M{}, "original", "/a/c", ErrUnsupportedValue},
		{"unsupported in modified", 0, M{}, M{"a": A{1, complex(1, 2)}}, "modified", "/a/1", ErrUnsupportedValue},
		{"NaN in modified", 0, M{"a": 1}, M{"a": dtNaN()}, "modified", "/a", ErrUnsupportedValue},
		{"invalid json.Number", 0, M{"a": json.Number("1.")}, M{}, "original", "/a", ErrUnsupportedValue},
		{"bad name in original", 0, M{"\xff": 1}, M{}, "original", "", ErrInvalidUTF8},
		{"bad name in modified", 0, M{}, M{"o": M{"\xfe": 1}}, "modified", "/o", ErrInvalidUTF8},
		{"faults in both: original's", 0, M{"z": func() {}}, M{"a": make(chan int)}, "original", "/z", ErrUnsupportedValue},
		{"depth in original", 2, M{"a": M{"b": M{}}}, M{}, "original", "/a/b", ErrMaxDepth},
		{"depth in modified", 2, M{}, M{"a": A{A{}}}, "modified", "/a/0", ErrMaxDepth},
	} {
		ocopy, mcopy := fmt.Sprint(c.orig), fmt.Sprint(c.mod)
		got, err := Options{MaxDepth: c.max}.Diff(c.orig, c.mod)
		if got != nil {
			t.Errorf("%s: Diff returned %v, want nil and an error", c.name, got)
		}
		jtCheckErr(t, c.name, err, jtWant{c.input, c.path, -1, c.err})
		if fmt.Sprint(c.orig) != ocopy || fmt.Sprint(c.mod) != mcopy {
			t.Errorf("%s: Diff modified its input", c.name)
		}
	}
	// A cycle is a depth error.
	cyc := map[string]any{}
	cyc["self"] = cyc
	if _, err := Diff(map[string]any{}, cyc); !errors.Is(err, ErrMaxDepth) {
		t.Errorf("Diff with a cyclic modified: %v, want ErrMaxDepth", err)
	}
}

func dtNaN() float64 {
	z := 0.0
	return z / z
}

// dtCheckCanonical fails unless v holds only the canonical types.
func dtCheckCanonical(tb rapid.TB, what string, v any) {
	tb.Helper()
	switch v := v.(type) {
	case nil, string, bool, json.Number, float64, float32, int, int8, int16, int32, int64,
		uint, uint8, uint16, uint32, uint64, uintptr:
	case map[string]any:
		for _, e := range v {
			dtCheckCanonical(tb, what, e)
		}
	case []any:
		for _, e := range v {
			dtCheckCanonical(tb, what, e)
		}
	default:
		tb.Errorf("%s: result holds a %T", what, v)
	}
}

func dtMarshal(tb rapid.TB, v any) string {
	tb.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		tb.Fatalf("json.Marshal: %v", err)
	}
	return string(b)
}

// dtSameValue reports whether the Go values x and y mean the same JSON
// value, numbers compared by value.
func dtSameValue(tb rapid.TB, x, y any) bool {
	tb.Helper()
	return cmp.Equal(canonicalize(tb, x), canonicalize(tb, y), dtByValue)
}

// dtByValue makes cmp.Equal compare numbers by their value, as Diff does.
var dtByValue = cmp.Comparer(func(a, b json.Number) bool {
	x, ok1 := new(big.Rat).SetString(string(a))
	y, ok2 := new(big.Rat).SetString(string(b))
	return ok1 && ok2 && x.Cmp(y) == 0
})

// dtRepresentable reports whether some merge patch turns the canonical
// value a into the canonical value b: whether every null member of b is a
// null member of a at the same place, reached through objects only.
func dtRepresentable(a, b any) bool {
	bm, ok := b.(map[string]any)
	if !ok {
		return true
	}
	am, ok := a.(map[string]any)
	if !ok {
		return dtStorable(bm)
	}
	for k, bv := range bm {
		av, had := am[k]
		switch {
		case bv == nil:
			if !had || av != nil {
				return false
			}
		case !dtRepresentableMember(av, bv):
			return false
		}
	}
	return true
}

func dtRepresentableMember(av, bv any) bool {
	bm, ok := bv.(map[string]any)
	if !ok {
		return true
	}
	if _, ok := av.(map[string]any); ok {
		return dtRepresentable(av, bm)
	}
	return dtStorable(bm)
}

// dtStorable reports whether a patch can store v whole: v holds no null as
// an object member, outside arrays.
func dtStorable(v any) bool {
	m, ok := v.(map[string]any)
	if !ok {
		return true
	}
	for _, e := range m {
		if e == nil || !dtStorable(e) {
			return false
		}
	}
	return true
}

// ---------------------------------------------------------------------------
// DiffJSON: table tests.

func TestDiffJSONTable(t *testing.T) {
	for _, c := range []struct {
		name      string
		orig, mod string
		want      string
		reason    string
	}{
		{"removed and added", `{"a":1,"b":2}`, `{"b":2,"c":3}`, `{"c":3,"a":null}`, "DiffJSON doc: a removed member is null in the patch, after the added ones"},
		{"order: modified's, then removed in original's",
			`{"r1":1,"k":1,"r2":2,"j":0}`, `{"n2":2,"k":2,"n1":1,"j":0}`, `{"n2":2,"k":2,"n1":1,"r1":null,"r2":null}`, "DiffJSON doc: members follow modified's order, then removed ones in original's"},
		{"spelling: modified's names", `{"a":1}`, `{"\u0061":2,"\/":3}`, `{"\u0061":2,"\/":3}`, "DiffJSON doc: names and values are written as modified spells them"},
		{"spelling: removed as original spells it", `{"\u0062\/":2,"a":1}`, `{"a":1}`, `{"\u0062\/":null}`, "DiffJSON doc: a removed member's name as original spells it"},
		{"names compared decoded", `{"\u0061":1,"é":{"x":1}}`, `{"a":1,"\u00e9":{"x":1}}`, `{}`, "DiffJSON doc: member names are compared by their decoded value"},
		{"strings compared decoded", `{"s":"\u00e9\/","t":"\ud83d\ude00"}`, `{"s":"é/","t":"😀"}`, `{}`, "DiffJSON doc: strings are compared by their decoded value"},
		{"strings differ", `{"s":"a"}`, `{"s":"\u0041"}`, `{"s":"\u0041"}`, "a changed string is sent as modified spells it"},
		{"string escapes kept", `{}`, `{"s":"\u00e9\n"}`, `{"s":"\u00e9\n"}`, "the text of a value is kept, escapes included"},
		{"numbers compared by text", `{"n":1}`, `{"n":1.0}`, `{"n":1.0}`, "DiffJSON doc: MergeJSON keeps number text, so 1 and 1.0 differ"},
		{"numbers 1e2 and 1E2", `{"n":1e2}`, `{"n":1E2}`, `{"n":1E2}`, "numbers are compared by text, whatever their value"},
		{"numbers -0 and 0", `{"n":-0}`, `{"n":0}`, `{"n":0}`, "numbers are compared by text, whatever their value"},
		{"numbers same text", `{"n":12345678901234567890,"m":1e400}`, `{"m":1e400,"n":12345678901234567890}`, `{}`, "the same text is no change, however large or precise"},
		{"recursive", `{"o":{"a":1,"b":2},"x":0}`, `{"o":{"a":1,"c":3},"x":0}`, `{"o":{"c":3,"b":null}}`, "Diff rules: a member that is an object on both sides appears as the diff of the two"},
		{"unchanged nested object first", `{"o":{"a":1},"p":1}`, `{"o":{"a":1},"p":2}`, `{"p":2}`, "an object equal on both sides does not appear"},
		{"unchanged nested object last", `{"o":{"a":1},"p":1}`, `{"p":2,"o":{"a":1}}`, `{"p":2}`, "an object equal on both sides does not appear, wherever it stands"},
		{"unchanged nested object middle", `{"p":1,"o":{"a":1},"q":1}`, `{"p":2,"o":{"a":1},"q":2}`, `{"p":2,"q":2}`, "an object equal on both sides does not appear, wherever it stands"},
		{"nested object emptied", `{"o":{"a":1}}`, `{"o":{}}`, `{"o":{"a":null}}`, "emptying an object removes its members one by one"},
		{"deep change", `{"a":{"b":{"c":{"d":1,"e":2}}}}`, `{"a":{"b":{"c":{"d":1,"e":3}}}}`, `{"a":{"b":{"c":{"e":3}}}}`, "only the changed member, at any depth"},
		{"arrays whole", `{"a":[1,2]}`, `{"a":[1,3]}`, `{"a":[1,3]}`, "RFC 7396: arrays are replaced whole"},
		{"array order matters", `{"a":[1,2]}`, `{"a":[2,1]}`, `{"a":[2,1]}`, "an array with another order is another array"},
		{"array length", `{"a":[1]}`, `{"a":[1,1]}`, `{"a":[1,1]}`, "an array of another length is another array"},
		{"objects in arrays in any order", `{"a":[{"x":1,"y":[{"p":1,"q":2}]}]}`, `{"a":[{"y":[{"q":2,"p":1}],"x":1}]}`, `{}`, "objects inside arrays are compared regardless of member order"},
		{"objects in arrays differ", `{"a":[{"x":1}]}`, `{"a":[{"x":1,"y":null}]}`, `{"a":[{"x":1,"y":null}]}`, "an array whose objects differ is replaced whole, nulls in it kept"},
		{"objects in two arrays in any order", `{"a":[{"z":2,"x":1}],"b":[{"w":2,"y":1}]}`, `{"a":[{"x":1,"z":2}],"b":[{"y":1,"w":2}]}`, `{}`, "the comparison of one array does not disturb the next"},
		{"objects in two arrays, the second differs", `{"a":[{"z":2,"x":1}],"b":[{"w":2,"y":1}]}`, `{"a":[{"x":1,"z":2}],"b":[{"y":1,"w":3}]}`, `{"b":[{"y":1,"w":3}]}`, "only the array that differs is sent"},
		{"object member order", `{"a":1,"b":2}`, `{"b":2,"a":1}`, `{}`, "objects are compared regardless of member order"},
		{"whitespace differs", "{ \"a\" : [ 1 , { \"b\" : \"c d\" } ] }", `{"a":[1,{"b":"c d"}]}`, `{}`, "whitespace is not part of a value"},
		{"modified compacted", `{}`, "{ \"a\" : [ 1 , { \"b\" : \" \" } ] ,\n\"c\":{ \"d\" : true } }", `{"a":[1,{"b":" "}],"c":{"d":true}}`, "the patch is compact"},
		{"scalar to object", `{"a":1}`, `{"a":{"b":1}}`, `{"a":{"b":1}}`, "an object in place of a scalar is sent whole"},
		{"object to scalar", `{"a":{"b":1}}`, `{"a":1}`, `{"a":1}`, "a scalar in place of an object replaces it"},
		{"array to object", `{"a":[]}`, `{"a":{}}`, `{"a":{}}`, "an object in place of an array is sent whole, even empty"},
		{"null in both", `{"a":null,"o":{"b":null}}`, `{"o":{"b":null},"a":null}`, `{}`, "a null member that original holds too is no change"},
		{"null removed", `{"a":null}`, `{}`, `{"a":null}`, "a removed null member is removed by null"},
		{"null to value", `{"a":null}`, `{"a":false}`, `{"a":false}`, "a value in place of a null member is sent"},
		{"nulls in arrays are fine", `{}`, `{"a":[null,{"b":null}]}`, `{"a":[null,{"b":null}]}`, "RFC 7396: a null inside an array is data"},
		{"no HTML escaping", `{}`, `{"h":"<&>"}`, `{"h":"<&>"}`, "text is copied as it is, with no HTML escaping"},
		{"empty", `{}`, `{}`, `{}`, "no change is the empty patch {}"},
		{"empty, whitespace", " {\n} ", "\t{ }\r\n", `{}`, "no change is {}, whatever the whitespace"},
		{"large objects", jtBigObject(30, ""), strings.Replace(jtBigObject(29, `,"z":1`), `"k5":5`, `"k5":"five"`, 1), `{"k5":"five","z":1,"k29":null}`, "objects past the size where names are hashed give the same patch"},

		// Original is read as a target: a repeated name inside an array is
		// not compared, so it is no error.
		{"dup in original array, replaced", `{"a":[{"d":1,"d":2}]}`, `{"a":{"b":1}}`, `{"a":{"b":1}}`, "original is read as a target: a repeat inside an array is not compared, so no error"},
		{"dup in original array, removed", `{"x":[{"d":1,"d":2}],"y":1}`, `{"y":2}`, `{"y":2,"x":null}`, "original is read as a target: a repeat inside an array it drops is no error"},
		{"dup in original array, never equal", `{"x":[{"d":1,"d":1}]}`, `{"x":[{"d":1,"e":1}]}`, `{"x":[{"d":1,"e":1}]}`, "an array holding a repeat is never equal to another"},
		{"dup in original top array", `[{"d":1,"d":2}]`, `{"b":1}`, `{"b":1}`, "a top-level array is not read for repeats in original"},

		// Non-object modified: the patch is modified itself.
		{"modified array", `{"a":1}`, `[1, 2]`, `[1,2]`, "DiffJSON doc: a non-object modified is the patch itself"},
		{"modified null", `{}`, `null`, `null`, "DiffJSON doc: a non-object modified is the patch itself, null included"},
		{"modified equal scalar", `1`, `1`, `1`, "DiffJSON doc: even when original equals it (an empty patch would give {})"},
		{"modified equal string", `"x"`, ` "x" `, `"x"`, "DiffJSON doc: even when original equals it, compacted"},
		{"modified equal array", `[1,{"a":null}]`, ` [ 1 , { "a" : null } ] `, `[1,{"a":null}]`, "DiffJSON doc: even when original equals it, compacted"},
		{"modified number", `{}`, `1.50`, `1.50`, "DiffJSON doc: the number's text is kept"},
		// Non-object original, object modified: the patch is modified.
		{"original array", `[1]`, `{"a":1}`, `{"a":1}`, "DiffJSON doc: a non-object original and an object modified give modified"},
		{"original null", `null`, `{}`, `{}`, "DiffJSON doc: a null original and an object modified give modified"},
		{"original string", `"s"`, `{ "a" : { "b" : [null] } }`, `{"a":{"b":[null]}}`, "DiffJSON doc: a non-object original gives modified, compacted, nulls in arrays kept"},
	} {
		orig, mod := []byte(c.orig), []byte(c.mod)
		ocopy, mcopy := bytes.Clone(orig), bytes.Clone(mod)
		got, err := DiffJSON(orig, mod)
		if err != nil {
			t.Errorf("%s: DiffJSON(%s, %s): %v", c.name, c.orig, c.mod, err)
			continue
		}
		if string(got) != c.want {
			t.Errorf("%s: DiffJSON(%s, %s)\n got %s\nwant %s\nreason: %s", c.name, c.orig, c.mod, got, c.want, c.reason)
		}
		if !bytes.Equal(orig, ocopy) || !bytes.Equal(mod, mcopy) {
			t.Errorf("%s: DiffJSON modified its input", c.name)
		}
		if o, err := (Options{MaxDepth: 20}).DiffJSON(orig, mod); err != nil || !bytes.Equal(o, got) {
			t.Errorf("%s: Options{MaxDepth:20}.DiffJSON = %s, %v", c.name, o, err)
		}
		// The patch does what it is for, in value.
		merged, err := MergeJSON(orig, got)
		if err != nil {
			t.Errorf("%s: MergeJSON(original, DiffJSON): %v", c.name, err)
		} else if !equalJSON(decodeJSON(t, merged), decodeJSON(t, mod)) {
			t.Errorf("%s: MergeJSON(original, DiffJSON) = %s, want %s", c.name, merged, c.mod)
		}
		// The result shares no memory with the inputs.
		full := got[:cap(got)]
		for i := range full {
			full[i] = 'X'
		}
		if !bytes.Equal(orig, ocopy) || !bytes.Equal(mod, mcopy) {
			t.Errorf("%s: DiffJSON's result shares memory with its input", c.name)
		}
	}
}

func TestDiffJSONErrors(t *testing.T) {
	o := func(path string, off int64, err error) jtWant { return jtWant{"original", path, off, err} }
	m := func(path string, off int64, err error) jtWant { return jtWant{"modified", path, off, err} }
	for _, c := range []struct {
		name      string
		max       int
		orig, mod string
		want      jtWant
		reason    string
	}{
		{"new null", 0, `{}`, `{"a":null}`, m("/a", 5, ErrNotRepresentable), "a merge patch cannot store a null member; the offset is the null's"},
		{"value to null", 0, `{"a":1}`, `{ "a" : null }`, m("/a", 8, ErrNotRepresentable), "the offset is the null's, past whitespace"},
		{"nested value to null", 0, `{"a":{"b":1}}`, `{"a":{"b":null}}`, m("/a/b", 10, ErrNotRepresentable), "at any depth"},
		{"new object with null", 0, `{"a":1}`, `{"a":{"b":{"c":null}}}`, m("/a/b/c", 15, ErrNotRepresentable), "a null inside an added object cannot be stored either"},
		{"added object with null", 0, `{}`, `{"x":{"y":null}}`, m("/x/y", 10, ErrNotRepresentable), "a null inside an added object cannot be stored either"},
		{"object replacing array", 0, `{"x":[{"y":null}]}`, `{"x":{"y":null}}`, m("/x/y", 10, ErrNotRepresentable), "an object in place of an array is merged into {}, so its nulls are dropped"},
		{"non-object original", 0, `[1]`, `{"a":{"b":null}}`, m("/a/b", 10, ErrNotRepresentable), "an object patch onto a non-object starts from {}, so nested nulls are dropped"},
		{"non-object original, top null", 0, `null`, `{"a/~":null}`, m("/a~1~0", 7, ErrNotRepresentable), "the path escapes ~ and /"},
		{"syntax original", 0, `{"a":1`, `{}`, o("", 6, ErrSyntax), "original is read strictly; an unexpected end is at the input's length"},
		{"syntax modified", 0, `{}`, `{"a":[1,]}`, m("/a/1", 8, ErrSyntax), "modified is read strictly, at the unexpected byte"},
		{"empty original", 0, ``, `{}`, o("", 0, ErrSyntax), "DiffJSON doc: a zero-length original is not absent, as a merge's target is"},
		{"empty modified", 0, `{}`, ` `, m("", 1, ErrSyntax), "an input of whitespace alone is no value"},
		{"trailing modified", 0, `{}`, `{}]`, m("", 2, ErrSyntax), "trailing data is a syntax error"},
		{"both bad: modified first", 0, `x`, `y`, m("", 0, ErrSyntax), "DiffJSON doc: modified is read first"},
		{"dup original", 0, `{"o":{"a":1,"a":2}}`, `{}`, o("/o/a", 12, ErrDuplicateName), "original plays a target: repeats are errors in objects reached through objects"},
		{"dup original reached", 0, `{"a":{"b":{"x":1,"\u0078":2}}}`, `{"a":1}`, o("/a/b/x", 17, ErrDuplicateName), "names are compared decoded; the offset is the second name's quote"},
		{"dup original top, modified not an object", 0, `{"x":1,"x":1}`, `[]`, o("/x", 7, ErrDuplicateName), "original's top object is read even when modified replaces it"},
		{"dup modified in array", 0, `{"a":1}`, `{"a":[{"d":1,"d":2}]}`, m("/a/0/d", 13, ErrDuplicateName), "modified plays a patch: a repeat anywhere in it is an error"},
		{"dup modified unchanged", 0, `{"o":{"d":1}}`, `{"o":{"d":1,"d":1}}`, m("/o/d", 12, ErrDuplicateName), "even in an object equal to original's"},
		{"dup modified", 0, `{}`, `{"a":1,"a":1}`, m("/a", 7, ErrDuplicateName), "at the top too"},
		{"invalid UTF-8 original", 0, "{\"a\":\"\xff\"}", `{}`, o("/a", 6, ErrInvalidUTF8), "invalid UTF-8 is an error at its first bad byte"},
		{"repeated name in an object that modified drops", 0, `{"a":{"x":1,"x":1}}`, `{}`, o("/a/x", 12, ErrDuplicateName), "original is read through objects even where modified drops them"},
		{"unpaired surrogate modified", 0, `{}`, `["\udead"]`, m("/0", 2, ErrInvalidUTF8), "an unpaired surrogate escape is invalid UTF-8, at its backslash"},
		{"depth original", 2, `{"a":{"b":{}}}`, `{}`, o("/a/b", 10, ErrMaxDepth), "depth is limited in original, at the { one too deep"},
		{"depth modified", 2, `{}`, `[[[]]]`, m("/0/0", 2, ErrMaxDepth), "depth is limited in modified, at the [ one too deep"},
		{"depth default", 0, `{}`, jtNest(DefaultMaxDepth+1, ""), m(strings.Repeat("/0", DefaultMaxDepth), DefaultMaxDepth, ErrMaxDepth), "the default limit is DefaultMaxDepth"},
	} {
		orig, mod := []byte(c.orig), []byte(c.mod)
		ocopy, mcopy := bytes.Clone(orig), bytes.Clone(mod)
		got, err := Options{MaxDepth: c.max}.DiffJSON(orig, mod)
		if got != nil {
			t.Errorf("%s: DiffJSON returned %q with its error", c.name, got)
		}
		jtCheckErr(t, c.name+" ("+c.reason+")", err, c.want)
		if !bytes.Equal(orig, ocopy) || !bytes.Equal(mod, mcopy) {
			t.Errorf("%s: DiffJSON modified its input", c.name)
		}
	}
}

// ---------------------------------------------------------------------------
// Properties.

var (
	dtKindGen = rapid.IntRange(0, 9)
	dtSizeGen = rapid.IntRange(0, 6)
	dtArrGen  = rapid.IntRange(0, 3)
	dtActGen  = rapid.IntRange(0, 3)
	dtAddGen  = rapid.IntRange(0, 2)
	dtKeyGen  = rapid.SampledFrom([]string{"a", "b", "c", "d", "e", "f", "g", "a/b", "~x"})
	// The last four are alike as JSON: encoding/json writes each byte
	// of invalid UTF-8 as U+FFFD.
	dtStrGen    = rapid.SampledFrom([]string{"", "x", "y", "é", "<&>", "a\"b", "😀", "\ufffd", "\xff", "\xfe", "\xe2"})
	dtBoolGen   = rapid.Bool()
	dtSeedGen   = rapid.Uint64()
	dtValueNums = []any{
		int(1), float64(1), json.Number("1e0"), int8(1), json.Number("1.0"), uint64(1), float32(1), json.Number("10e-1"),
		int(2), float64(2.5), json.Number("25e-1"), float32(2.5), json.Number("-0"), float64(0), int(0), json.Number("0.0e5"),
		json.Number("12345678901234567890"), uint64(12345678901234567890), float64(1e21), json.Number("1e21"),
		int64(-7), int16(-7), json.Number("-7.00"), uint8(200),
	}
	// Numbers whose encoding/json text is equal exactly when their values are.
	dtTextNums    = []any{int(1), float64(1), float64(2.5), int(-7), float64(-7), float64(0.1), float64(1e21), int(0), float64(0), uint(3)}
	dtValueNumGen = rapid.SampledFrom(dtValueNums)
	dtTextNumGen  = rapid.SampledFrom(dtTextNums)
)

// dtDrawAny draws a Go value of canonical types. nullOK allows the value
// itself to be null; nullMembers allows nulls as object members inside it.
// Inside arrays nulls are data, always allowed.
func dtDrawAny(t *rapid.T, depth int, nullOK, nullMembers bool, nums *rapid.Generator[any]) any {
	k := dtKindGen.Draw(t, "kind")
	if depth >= 3 && k >= 6 {
		k -= 6
	}
	switch k {
	case 0:
		if nullOK {
			return nil
		}
		return dtBoolGen.Draw(t, "bool")
	case 1:
		return dtBoolGen.Draw(t, "bool")
	case 2, 3:
		return dtStrGen.Draw(t, "string")
	case 4, 5:
		return nums.Draw(t, "number")
	case 6:
		n := dtArrGen.Draw(t, "len")
		a := make([]any, n)
		for i := range a {
			a[i] = dtDrawAny(t, depth+1, true, true, nums)
		}
		return a
	}
	return dtDrawMap(t, depth+1, nullMembers, nums)
}

func dtDrawMap(t *rapid.T, depth int, nullMembers bool, nums *rapid.Generator[any]) map[string]any {
	n := dtSizeGen.Draw(t, "size")
	m := make(map[string]any, n)
	for i := 0; i < n; i++ {
		k := dtKeyGen.Draw(t, "name")
		if _, dup := m[k]; dup {
			continue
		}
		m[k] = dtDrawAny(t, depth, nullMembers, nullMembers, nums)
	}
	return m
}

// dtMutate returns a changed copy of v, which is at depth: members kept,
// dropped, replaced, changed or added. With nullMembers false, the only
// nulls it leaves as object members are ones v had at the same place.
func dtMutate(t *rapid.T, v any, depth int, nullMembers bool, nums *rapid.Generator[any]) any {
	m, ok := v.(map[string]any)
	if !ok {
		if dtBoolGen.Draw(t, "keep") {
			return deepCopyJSON(v)
		}
		return dtDrawAny(t, depth, nullMembers, nullMembers, nums)
	}
	out := make(map[string]any, len(m))
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		switch dtActGen.Draw(t, "action") {
		case 0:
			out[k] = deepCopyJSON(m[k])
		case 1: // dropped
		case 2:
			out[k] = dtDrawAny(t, depth+1, nullMembers, nullMembers, nums)
		case 3:
			out[k] = dtMutate(t, m[k], depth+1, nullMembers, nums)
		}
	}
	for i, n := 0, dtAddGen.Draw(t, "added"); i < n; i++ {
		k := dtKeyGen.Draw(t, "name")
		if _, had := m[k]; !had {
			out[k] = dtDrawAny(t, depth+1, nullMembers, nullMembers, nums)
		}
	}
	return out
}

// dtDrawPair draws an original and a modified map. With representable,
// modified holds no null member that original does not hold at the same
// place.
func dtDrawPair(t *rapid.T, representable bool, nums *rapid.Generator[any]) (a, b map[string]any) {
	a = dtDrawMap(t, 0, true, nums)
	nullMembers := !representable && dtBoolGen.Draw(t, "nulls")
	if dtKindGen.Draw(t, "fresh") < 2 {
		b = dtDrawMap(t, 0, nullMembers, nums)
	} else {
		b = dtMutate(t, a, 0, nullMembers, nums).(map[string]any)
	}
	return a, b
}

// dtObjectPaths returns the paths of every member of every object in p,
// descending through objects only.
func dtObjectPaths(p map[string]any, prefix []string, out *[][]string) {
	for k, v := range p {
		path := append(append([]string(nil), prefix...), k)
		*out = append(*out, path)
		if m, ok := v.(map[string]any); ok {
			dtObjectPaths(m, path, out)
		}
	}
}

// dtWithout returns a deep copy of p less the member at path.
func dtWithout(p map[string]any, path []string) map[string]any {
	c := deepCopyJSON(p).(map[string]any)
	m := c
	for _, k := range path[:len(path)-1] {
		m = m[k].(map[string]any)
	}
	delete(m, path[len(path)-1])
	return c
}

// TestDiffPropertyMergeRoundTrip: Merge(a, Diff(a, b)) is b, for every
// representable b; Diff reports ErrNotRepresentable exactly when b is not
// representable; and the patch is minimal: dropping any member of it, at
// any depth, changes what the merge gives.
func TestDiffPropertyMergeRoundTrip(t *testing.T) {
	checkPropertyN(t, 3000, func(t *rapid.T) {
		representable := dtBoolGen.Draw(t, "representable")
		a, b := dtDrawPair(t, representable, dtValueNumGen)
		acopy, bcopy := deepCopyJSON(a), deepCopyJSON(b)
		p, err := Diff(a, b)
		if d := cmp.Diff(acopy, any(a)); d != "" {
			t.Fatalf("Diff modified original:\n%s", d)
		}
		if d := cmp.Diff(bcopy, any(b)); d != "" {
			t.Fatalf("Diff modified modified:\n%s", d)
		}
		canA, canB := canonicalize(t, a), canonicalize(t, b)
		if !dtRepresentable(canA, canB) {
			if representable {
				t.Fatalf("generator bug: b not representable")
			}
			var e *Error
			if !errors.Is(err, ErrNotRepresentable) || !errors.As(err, &e) || e.Input != "modified" || e.Offset != -1 {
				t.Fatalf("Diff(%s, %s) = %v, %v; want ErrNotRepresentable in modified", dtMarshal(t, a), dtMarshal(t, b), p, err)
			}
			return
		}
		if err != nil {
			t.Fatalf("Diff(%s, %s): %v", dtMarshal(t, a), dtMarshal(t, b), err)
		}
		merged, err := Merge(a, p)
		if err != nil {
			t.Fatalf("Merge(a, Diff(a, b)): %v", err)
		}
		if !dtSameValue(t, merged, b) {
			t.Fatalf("Merge(%s, Diff = %s) = %s, want %s", dtMarshal(t, a), dtMarshal(t, p), dtMarshal(t, merged), dtMarshal(t, b))
		}
		// The RFC's pseudocode agrees.
		if !cmp.Equal(refMerge(canA, canonicalize(t, p)), canB, dtByValue) {
			t.Fatalf("refMerge(a, Diff(a, b)) is not b: a %s, b %s, patch %s", dtMarshal(t, a), dtMarshal(t, b), dtMarshal(t, p))
		}
		// Minimal.
		var paths [][]string
		dtObjectPaths(p, nil, &paths)
		for _, path := range paths {
			smaller := dtWithout(p, path)
			m2, err := Merge(a, smaller)
			if err != nil {
				t.Fatalf("Merge with smaller patch: %v", err)
			}
			if dtSameValue(t, m2, b) {
				t.Fatalf("Diff(%s, %s) = %s is not minimal: without /%s it still gives b",
					dtMarshal(t, a), dtMarshal(t, b), dtMarshal(t, p), strings.Join(path, "/"))
			}
		}
		// The patch shares nothing with the inputs.
		scribble(p)
		if d := cmp.Diff(acopy, any(a)); d != "" {
			t.Fatalf("Diff's result shares memory with original:\n%s", d)
		}
		if d := cmp.Diff(bcopy, any(b)); d != "" {
			t.Fatalf("Diff's result shares memory with modified:\n%s", d)
		}
	})
}

// TestSameJSONString holds sameJSONString to what it stands for: two
// strings are the same JSON string when encoding/json writes texts that
// decode alike. It tries every pair of strings made of up to three pieces
// of valid and invalid UTF-8.
func TestSameJSONString(t *testing.T) {
	pieces := []string{"a", "\xff", "\xfe", "\ufffd", "\xe2\x82", "\u20ac", "\xe2", "\xed\xa0\x80"}
	strs := []string{""}
	for n, prev := 0, []string{""}; n < 3; n++ {
		var next []string
		for _, s := range prev {
			for _, p := range pieces {
				next = append(next, s+p)
			}
		}
		strs = append(strs, next...)
		prev = next
	}
	decoded := make([]string, len(strs))
	for i, s := range strs {
		b, err := json.Marshal(s)
		if err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(b, &decoded[i]); err != nil {
			t.Fatal(err)
		}
	}
	for i, a := range strs {
		for j, b := range strs {
			if got, want := sameJSONString(a, b), decoded[i] == decoded[j]; got != want {
				t.Fatalf("sameJSONString(%q, %q) = %v, want %v", a, b, got, want)
			}
		}
	}
}

// TestDiffPropertySelf: Diff(a, a) and Diff(a, copy of a) are empty, and
// so is DiffJSON of a text with itself.
func TestDiffPropertySelf(t *testing.T) {
	checkPropertyN(t, 2000, func(t *rapid.T) {
		a := dtDrawMap(t, 0, true, dtValueNumGen)
		for _, b := range []map[string]any{a, deepCopyJSON(a).(map[string]any)} {
			p, err := Diff(a, b)
			if err != nil || p == nil || len(p) != 0 {
				t.Fatalf("Diff(a, a) = %v, %v for a = %s", p, err, dtMarshal(t, a))
			}
		}
		ja := []byte(dtMarshal(t, a))
		p, err := DiffJSON(ja, ja)
		if err != nil || string(p) != "{}" {
			t.Fatalf("DiffJSON(a, a) = %s, %v for a = %s", p, err, ja)
		}
	})
}

// TestDiffPropertyDiffJSONAgrees: for maps encoded to JSON, DiffJSON gives
// the same patch as Diff, in value, and fails exactly when Diff does. The
// numbers drawn are ones whose JSON text is equal exactly when their values
// are, so that the two ways of comparing numbers agree.
func TestDiffPropertyDiffJSONAgrees(t *testing.T) {
	checkPropertyN(t, 3000, func(t *rapid.T) {
		a, b := dtDrawPair(t, false, dtTextNumGen)
		ja, jb := []byte(dtMarshal(t, a)), []byte(dtMarshal(t, b))
		p1, err1 := Diff(a, b)
		p2, err2 := DiffJSON(ja, jb)
		if (err1 == nil) != (err2 == nil) || errors.Is(err1, ErrNotRepresentable) != errors.Is(err2, ErrNotRepresentable) {
			t.Fatalf("Diff and DiffJSON disagree for %s, %s: %v vs %v", ja, jb, err1, err2)
		}
		if err1 != nil {
			if !errors.Is(err1, ErrNotRepresentable) {
				t.Fatalf("Diff: %v", err1)
			}
			// The offset of DiffJSON's error is that of a null in modified.
			var e *Error
			if !errors.As(err2, &e) || e.Input != "modified" || e.Offset < 0 || e.Offset >= int64(len(jb)) ||
				!bytes.HasPrefix(jb[e.Offset:], []byte("null")) {
				t.Fatalf("DiffJSON(%s, %s): %v does not point at a null", ja, jb, err2)
			}
			return
		}
		if !equalJSON(canonicalize(t, p1), decodeJSON(t, p2)) {
			t.Fatalf("Diff = %s, DiffJSON = %s for %s, %s", dtMarshal(t, p1), p2, ja, jb)
		}
	})
}

// TestDiffJSONPropertyRoundTrip: on generated texts (random whitespace,
// escapes, number spellings, member order), DiffJSON gives exactly the
// patch its doc comment specifies, member order included, or
// ErrNotRepresentable exactly when no patch exists; and MergeJSON of the
// original and the patch is the modified document in value.
func TestDiffJSONPropertyRoundTrip(t *testing.T) {
	checkPropertyN(t, 2500, func(t *rapid.T) {
		a := otDrawTop(t, true, nil)
		var b *otNode
		if dtKindGen.Draw(t, "fresh") < 2 {
			b = otDrawTop(t, true, a)
		} else {
			b = otMutate(t, a, 0, dtBoolGen.Draw(t, "nulls"))
		}
		textA := otRender(a, rand.New(rand.NewSource(int64(dtSeedGen.Draw(t, "seed")))))
		textB := otRender(b, rand.New(rand.NewSource(int64(dtSeedGen.Draw(t, "seed")))))
		if dtBoolGen.Draw(t, "modified reordered and compact") {
			// As a service that decodes and writes back a document does,
			// which sends DiffJSON through its fast path for arrays.
			b = b.clone()
			otShuffle(b, rand.New(rand.NewSource(int64(dtSeedGen.Draw(t, "seed")))), true)
			textB = otRender(b, nil)
		}
		dtCheckDiffJSON(t, textA, textB)
	})
}

// dtCheckDiffJSON checks DiffJSON on two texts that Validate accepts.
func dtCheckDiffJSON(t rapid.TB, ta, tb []byte) {
	t.Helper()
	oa, err := otParse(ta)
	if err != nil {
		t.Fatalf("otParse(%q): %v", ta, err)
	}
	ob, err := otParse(tb)
	if err != nil {
		t.Fatalf("otParse(%q): %v", tb, err)
	}
	acopy, bcopy := bytes.Clone(ta), bytes.Clone(tb)
	p, err := DiffJSON(ta, tb)
	if !bytes.Equal(ta, acopy) || !bytes.Equal(tb, bcopy) {
		t.Fatalf("DiffJSON modified its input")
	}
	want, ok := otDiff(oa, ob)
	if ok != dtRepresentable(decodeJSON(t, ta), decodeJSON(t, tb)) {
		t.Fatalf("test bug: otDiff and dtRepresentable disagree on %s, %s", ta, tb)
	}
	if !ok {
		var e *Error
		if !errors.Is(err, ErrNotRepresentable) || !errors.As(err, &e) || e.Input != "modified" ||
			e.Offset < 0 || e.Offset >= int64(len(tb)) || !bytes.HasPrefix(tb[e.Offset:], []byte("null")) {
			t.Fatalf("DiffJSON(%s, %s) = %s, %v; want ErrNotRepresentable at a null of modified", ta, tb, p, err)
		}
		return
	}
	if err != nil {
		t.Fatalf("DiffJSON(%s, %s): %v", ta, tb, err)
	}
	var compact bytes.Buffer
	if err := json.Compact(&compact, p); err != nil || !bytes.Equal(compact.Bytes(), p) {
		t.Fatalf("DiffJSON(%s, %s) = %s is not compact JSON (%v)", ta, tb, p, err)
	}
	got, err := otParse(p)
	if err != nil {
		t.Fatalf("DiffJSON(%s, %s) = %s: %v", ta, tb, p, err)
	}
	if !otEqualOrdered(got, want) {
		t.Fatalf("DiffJSON(%s, %s)\n got %s\nwant %s", ta, tb, p, otRender(want, nil))
	}
	merged, err := MergeJSON(ta, p)
	if err != nil {
		t.Fatalf("MergeJSON(%s, DiffJSON = %s): %v", ta, p, err)
	}
	if !equalJSON(decodeJSON(t, merged), decodeJSON(t, tb)) {
		t.Fatalf("MergeJSON(%s, DiffJSON = %s) = %s, want %s", ta, p, merged, tb)
	}
}

// TestMergeJSONPropertyReference: on generated texts, MergeJSON's output
// is valid compact JSON, equal in value to refMerge of the decoded inputs,
// with its members in the specified order; and MergeJSON agrees with Merge.
func TestMergeJSONPropertyReference(t *testing.T) {
	checkPropertyN(t, 3000, func(t *rapid.T) {
		target := otDrawTop(t, true, nil)
		patch := otDrawTop(t, true, target)
		tt := otRender(target, rand.New(rand.NewSource(int64(dtSeedGen.Draw(t, "seed")))))
		tp := otRender(patch, rand.New(rand.NewSource(int64(dtSeedGen.Draw(t, "seed")))))
		if dtBoolGen.Draw(t, "compact") {
			tt, tp = otRender(target, nil), otRender(patch, nil)
		}
		dtCheckMergeJSON(t, tt, tp)
	})
}

// dtCheckMergeJSON checks MergeJSON on two texts that Validate accepts.
func dtCheckMergeJSON(t rapid.TB, tt, tp []byte) {
	t.Helper()
	tcopy, pcopy := bytes.Clone(tt), bytes.Clone(tp)
	out, err := MergeJSON(tt, tp)
	if err != nil {
		t.Fatalf("MergeJSON(%s, %s): %v", tt, tp, err)
	}
	if !bytes.Equal(tt, tcopy) || !bytes.Equal(tp, pcopy) {
		t.Fatalf("MergeJSON modified its input")
	}
	if err := Validate(out); err != nil {
		t.Fatalf("MergeJSON(%s, %s) = %s, which Validate rejects: %v", tt, tp, out, err)
	}
	var compact bytes.Buffer
	if err := json.Compact(&compact, out); err != nil || !bytes.Equal(compact.Bytes(), out) {
		t.Fatalf("MergeJSON(%s, %s) = %s is not compact JSON (%v)", tt, tp, out, err)
	}
	want := refMerge(decodeJSON(t, tt), decodeJSON(t, tp))
	if got := decodeJSON(t, out); !equalJSON(got, want) {
		t.Fatalf("MergeJSON(%s, %s) = %s, want %s", tt, tp, out, dtMarshal(t, want))
	}
	ot, err1 := otParse(tt)
	op, err2 := otParse(tp)
	oo, err3 := otParse(out)
	if err1 != nil || err2 != nil || err3 != nil {
		t.Fatalf("otParse: %v %v %v", err1, err2, err3)
	}
	if wantOrder := otMerge(ot, op); !otEqualOrdered(oo, wantOrder) {
		t.Fatalf("MergeJSON(%s, %s): member order\n got %s\nwant %s", tt, tp, out, otRender(wantOrder, nil))
	}
	// Merge on the decoded maps gives the same value.
	tm, ok1 := decodeJSON(t, tt).(map[string]any)
	pm, ok2 := decodeJSON(t, tp).(map[string]any)
	if ok1 && ok2 {
		m, err := Merge(tm, pm)
		if err != nil {
			t.Fatalf("Merge: %v", err)
		}
		if !equalJSON(any(m), decodeJSON(t, out)) {
			t.Fatalf("Merge = %s, MergeJSON = %s", dtMarshal(t, m), out)
		}
	}
}

// TestAddExponent holds addExponent, which adds to an exponent of any
// length without big.Int, to big.Int's sums: exponents around the int64
// edge and far past it, runs of 9s (carries) and of 0s after a 1
// (borrows), signs, leading zeros and the empty exponent.
func TestAddExponent(t *testing.T) {
	exps := []string{"", "0", "+0", "-0", "7", "-7", "000123", "+18", "-0042",
		"999999999999999999", "1000000000000000000", "9223372036854775807",
		"-9223372036854775808", "99999999999999999999999999", "-99999999999999999999999999",
		"100000000000000000000000000", "-100000000000000000000000000", "+0000100000000000000000000001",
		"123456789012345678901234567890"}
	r := rand.New(rand.NewSource(7396))
	for i := 0; i < 300; i++ {
		digits := make([]byte, 1+r.Intn(40))
		for j := range digits {
			digits[j] = "0123456789"[r.Intn(10)]
		}
		exps = append(exps, []string{"", "+", "-"}[r.Intn(3)]+string(digits))
	}
	ds := []int64{0, 1, -1, 9, -9, 10, -10, 11, -11, 1000, -1000, 99999, 1e17, -1e17}
	for _, e := range exps {
		for _, d := range ds {
			text := strings.TrimPrefix(e, "+")
			if text == "" {
				text = "0"
			}
			var want big.Int
			if _, ok := want.SetString(text, 10); !ok {
				t.Fatalf("bad test exponent %q", e)
			}
			want.Add(&want, big.NewInt(d))
			if got := addExponent(e, d); got != want.String() {
				t.Errorf("addExponent(%q, %d) = %s, want %s", e, d, got, want.String())
			}
		}
	}
}

// TestDiffLongExponents checks that numbers with exponents too long for
// any machine integer compare by value.
func TestDiffLongExponents(t *testing.T) {
	N := func(s string) json.Number { return json.Number(s) }
	nines := strings.Repeat("9", 40)
	for _, c := range []struct {
		a, b  string
		equal bool
	}{
		{"1e1" + strings.Repeat("0", 40), "10e" + nines, true},    // a carry through every digit
		{"10e1" + strings.Repeat("0", 40), "10e" + nines, false},  // 10 times larger
		{"1e-1" + strings.Repeat("0", 40), "0.1e-" + nines, true}, // a negative exponent
		{"12.5e" + nines, "125e" + nines[1:] + "8", true},         // a fraction
		{"0.1e1" + strings.Repeat("0", 40), "1e" + nines, true},   // a borrow through every digit
		{"-3e+000" + nines, "-30e" + nines[:39] + "8", true},      // signs and leading zeros
		{"1e" + nines, "1e" + nines[:39] + "8", false},            // differ in the last digit
	} {
		got, err := Diff(map[string]any{"n": N(c.a)}, map[string]any{"n": N(c.b)})
		if err != nil {
			t.Fatalf("Diff(%s, %s): %v", c.a, c.b, err)
		}
		if (len(got) == 0) != c.equal {
			t.Errorf("Diff(%s, %s) = %v; want equal=%v", c.a, c.b, got, c.equal)
		}
	}
}

// TestDiffJSONDeepArrays checks DiffJSON on arrays that nest deeper than
// its text comparison reads (maxTextDepth), where whole trees take over:
// members in another order at the bottom are still equal, a changed or
// repeated member still is not, and so for a chain as deep as the default
// limit allows.
func TestDiffJSONDeepArrays(t *testing.T) {
	nest := func(depth int, bottom string) string {
		return strings.Repeat(`[{"x":`, depth) + bottom + strings.Repeat(`}]`, depth)
	}
	for _, depth := range []int{maxTextDepth - 1, maxTextDepth, maxTextDepth + 1, 3 * maxTextDepth} {
		for _, c := range []struct {
			orig, mod string
			equal     bool
		}{
			{`{"y":1,"z":[2,{"w":3,"v":4}]}`, `{"z":[2,{"v":4,"w":3}],"y":1}`, true},
			{`{"y":1, "z":"\u0061"}`, `{"z":"a","y":1}`, true},
			{`{"y":1,"z":2}`, `{"z":2,"y":1.0}`, false},
			{`{"y":1,"y":1}`, `{"y":1}`, false},
			{`{"y":1,"z":2}`, `{"z":2}`, false},
		} {
			orig := `{"a":` + nest(depth, c.orig) + `,"b":1}`
			mod := `{"b":1,"a":` + nest(depth, c.mod) + `}`
			want := `{}`
			if !c.equal {
				want = `{"a":` + nest(depth, c.mod) + `}`
			}
			got, err := DiffJSON([]byte(orig), []byte(mod))
			if err != nil || string(got) != want {
				t.Errorf("depth %d, %s against %s: DiffJSON = %s, %v; want %s", depth, c.orig, c.mod, got, err, want)
			}
		}
	}
	deep := DefaultMaxDepth - 2
	orig := `{"a":` + strings.Repeat("[", deep) + "1" + strings.Repeat("]", deep) + "}"
	mod := `{"a":` + strings.Repeat("[", deep) + "2" + strings.Repeat("]", deep) + "}"
	if got, err := DiffJSON([]byte(orig), []byte(mod)); err != nil || string(got) != mod {
		t.Errorf("DiffJSON of chains of %d arrays: %.40s..., %v; want modified", deep, got, err)
	}
	if got, err := DiffJSON([]byte(orig), []byte(orig)); err != nil || string(got) != `{}` {
		t.Errorf("DiffJSON of a chain of %d arrays and itself: %.40s..., %v; want {}", deep, got, err)
	}
}
