package deepmerge

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
	"unsafe"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"pgregory.net/rapid"
)

// Short names for the canonical types in the tables below.
type (
	jobj = map[string]any
	jarr = []any
)

func jnum(s string) json.Number { return json.Number(s) }

// Types that the package must convert through encoding/json.
type (
	mtInt    int
	mtString string
	mtFloat  float64
	mtBool   bool
	mtObj    map[string]any

	mtTagged struct {
		Name   string    `json:"name"`
		Count  int       `json:"count,omitempty"`
		Hidden string    `json:"-"`
		Gone   *int      `json:"gone"`
		Note   string    `json:"note,omitempty"`
		Inner  *mtTagged `json:"inner,omitempty"`
		Plain  bool
	}

	// mtPoint has a MarshalJSON that writes whitespace and a null member.
	mtPoint struct{ X, Y int }

	// mtColor has a MarshalText, so it encodes as a string.
	mtColor int

	// mtFailing has a MarshalJSON that fails.
	mtFailing struct{}

	// mtChanHolder has a field that encoding/json rejects.
	mtChanHolder struct{ C chan int }

	// mtPolar, mtSignal and mtHook are of kinds that JSON cannot hold
	// (complex, chan, func), but encode themselves.
	mtPolar  complex128
	mtSignal chan int
	mtHook   func()

	// mtNode is a linked list as encoding/json walks it: a step to the
	// pointer, then one to the struct, for each node.
	mtNode struct {
		Next *mtNode `json:"next,omitempty"`
	}
)

func (c mtPolar) MarshalJSON() ([]byte, error) {
	return []byte(fmt.Sprintf(`{"re":%g,"im":%g}`, real(c), imag(c))), nil
}

func (mtSignal) MarshalJSON() ([]byte, error) { return []byte(`"signal"`), nil }

func (mtHook) MarshalText() ([]byte, error) { return []byte("hook"), nil }

// mtList returns a list of n nodes.
func mtList(n int) *mtNode {
	var head *mtNode
	for i := 0; i < n; i++ {
		head = &mtNode{Next: head}
	}
	return head
}

// mtNested returns n nodes nested as JSON objects: {"next":{"next":{}}}.
func mtNested(n int) map[string]any {
	m := jobj{}
	for i := 1; i < n; i++ {
		m = jobj{"next": m}
	}
	return m
}

func (p mtPoint) MarshalJSON() ([]byte, error) {
	return []byte(fmt.Sprintf(`{ "x": %d, "y": %d, "z": null }`, p.X, p.Y)), nil
}

func (c mtColor) MarshalText() ([]byte, error) {
	return []byte([]string{"red", "green", "blue"}[c]), nil
}

func (mtFailing) MarshalJSON() ([]byte, error) { return nil, errors.New("mtFailing refuses") }

// mergeCase is one row of the Merge and MergeInto tables.
type mergeCase struct {
	name    string
	opts    Options
	target  map[string]any
	patch   map[string]any
	want    map[string]any // the result of Merge when wantErr is nil
	wantErr error          // from mergeErr, or nil
	reason  string

	// into, when set, is what MergeInto must do where it differs from
	// Merge (it reads only the parts of target that patch reaches). When
	// nil, MergeInto must leave target equal to want or fail with wantErr,
	// except that a nil target is always ErrNilTarget.
	into *intoOutcome
}

type intoOutcome struct {
	want    map[string]any // target afterwards, when err is nil
	wantErr error
}

// inputCmp compares inputs with their copies: NaNs equal themselves and
// funcs, which cmp never finds equal, are left out. Results are compared
// with no options at all.
var inputCmp = cmp.Options{
	cmpopts.EquateNaNs(),
	cmp.FilterPath(func(p cmp.Path) bool { return p.Last().Type().Kind() == reflect.Func }, cmp.Ignore()),
}

func mergeCases() []mergeCase {
	seven := 7
	ch := make(chan int)
	fn := func() {}
	x := 1
	up := unsafe.Pointer(&x)

	return []mergeCase{
		// RFC 7396 Appendix A. Cases whose target or patch is not an
		// object are moved one level down, where the same rule applies.
		{name: "A1 replace member", target: jobj{"a": "b"}, patch: jobj{"a": "c"}, want: jobj{"a": "c"}, reason: "RFC 7396 A.1"},
		{name: "A2 add member", target: jobj{"a": "b"}, patch: jobj{"b": "c"}, want: jobj{"a": "b", "b": "c"}, reason: "RFC 7396 A.2"},
		{name: "A3 remove only member", target: jobj{"a": "b"}, patch: jobj{"a": nil}, want: jobj{}, reason: "RFC 7396 A.3; SPEC §1: removing the last member leaves {}, never nil"},
		{name: "A4 remove one member", target: jobj{"a": "b", "b": "c"}, patch: jobj{"a": nil}, want: jobj{"b": "c"}, reason: "RFC 7396 A.4"},
		{name: "A5 array replaced by string", target: jobj{"a": jarr{"b"}}, patch: jobj{"a": "c"}, want: jobj{"a": "c"}, reason: "RFC 7396 A.5"},
		{name: "A6 string replaced by array", target: jobj{"a": "c"}, patch: jobj{"a": jarr{"b"}}, want: jobj{"a": jarr{"b"}}, reason: "RFC 7396 A.6"},
		{name: "A7 nested merge", target: jobj{"a": jobj{"b": "c"}}, patch: jobj{"a": jobj{"b": "d", "c": nil}}, want: jobj{"a": jobj{"b": "d"}}, reason: "RFC 7396 A.7"},
		{name: "A8 array of objects replaced", target: jobj{"a": jarr{jobj{"b": "c"}}}, patch: jobj{"a": jarr{jnum("1")}}, want: jobj{"a": jarr{jnum("1")}}, reason: "RFC 7396 A.8: arrays are never merged"},
		{name: "A9 array replaces array", target: jobj{"x": jarr{"a", "b"}}, patch: jobj{"x": jarr{"c", "d"}}, want: jobj{"x": jarr{"c", "d"}}, reason: "RFC 7396 A.9, one level down"},
		{name: "A10 array replaces object", target: jobj{"x": jobj{"a": "b"}}, patch: jobj{"x": jarr{"c"}}, want: jobj{"x": jarr{"c"}}, reason: "RFC 7396 A.10, one level down"},
		{name: "A11 null removes object", target: jobj{"x": jobj{"a": "foo"}}, patch: jobj{"x": nil}, want: jobj{}, reason: "RFC 7396 A.11, one level down"},
		{name: "A12 string replaces object", target: jobj{"x": jobj{"a": "foo"}}, patch: jobj{"x": "bar"}, want: jobj{"x": "bar"}, reason: "RFC 7396 A.12, one level down"},
		{name: "A13 target null kept", target: jobj{"e": nil}, patch: jobj{"a": jnum("1")}, want: jobj{"e": nil, "a": jnum("1")}, reason: "RFC 7396 A.13; SPEC §1: a null in the target stays unless named"},
		{name: "A14 object patch on array", target: jobj{"x": jarr{jnum("1"), jnum("2")}}, patch: jobj{"x": jobj{"a": "b", "c": nil}}, want: jobj{"x": jobj{"a": "b"}}, reason: "RFC 7396 A.14, one level down"},
		{name: "A15 nested creation drops nulls", target: jobj{}, patch: jobj{"a": jobj{"bb": jobj{"ccc": nil}}}, want: jobj{"a": jobj{"bb": jobj{}}}, reason: "RFC 7396 A.15"},

		// Nil and empty arguments.
		{name: "nil target nil patch", target: nil, patch: nil, want: jobj{}, reason: "SPEC §2: a nil top-level map is {}; the result is never nil"},
		{name: "nil target empty patch", target: nil, patch: jobj{}, want: jobj{}, reason: "SPEC §2"},
		{name: "empty target nil patch", target: jobj{}, patch: nil, want: jobj{}, reason: "SPEC §2: the result is {}, not nil"},
		{name: "nil target adds", target: nil, patch: jobj{"a": jnum("1"), "b": jobj{"c": nil, "d": true}}, want: jobj{"a": jnum("1"), "b": jobj{"d": true}}, reason: "SPEC §1.2: a nil target is {}"},
		{name: "nil patch copies target", target: jobj{"a": jnum("1"), "b": jobj{"c": nil, "d": jarr{nil}}}, patch: nil, want: jobj{"a": jnum("1"), "b": jobj{"c": nil, "d": jarr{nil}}}, reason: "SPEC §2: a nil patch is {} and changes nothing"},
		{name: "empty patch copies target", target: jobj{"a": jobj{"b": jobj{}}}, patch: jobj{}, want: jobj{"a": jobj{"b": jobj{}}}, reason: "SPEC §1.2"},
		{name: "null for missing member", target: jobj{"a": jnum("1")}, patch: jobj{"z": nil}, want: jobj{"a": jnum("1")}, reason: "SPEC §1.2: remove the member if there is one"},
		{name: "empty object patch on scalar", target: jobj{"a": jnum("1")}, patch: jobj{"a": jobj{}}, want: jobj{"a": jobj{}}, reason: "SPEC §1.2: object patch on non-object starts from {}"},
		{name: "empty object patch on object", target: jobj{"a": jobj{"x": jnum("1")}}, patch: jobj{"a": jobj{}}, want: jobj{"a": jobj{"x": jnum("1")}}, reason: "SPEC §1.2"},
		{name: "empty array replaces", target: jobj{"a": jobj{"x": jnum("1")}}, patch: jobj{"a": jarr{}}, want: jobj{"a": jarr{}}, reason: "SPEC §1: arrays replace; empty stays empty, not nil"},
		{
			name:   "nested nil map and slice in target are null",
			target: jobj{"m": map[string]any(nil), "s": []any(nil), "k": jnum("1")},
			patch:  jobj{"k": jnum("2")},
			want:   jobj{"m": nil, "s": nil, "k": jnum("2")},
			reason: "SPEC §2: a nil map[string]any or []any nested inside is null",
			into:   &intoOutcome{want: jobj{"m": map[string]any(nil), "s": []any(nil), "k": jnum("2")}},
		},
		{name: "nil map in patch removes", target: jobj{"a": jobj{"x": jnum("1")}, "b": jnum("2")}, patch: jobj{"a": map[string]any(nil)}, want: jobj{"b": jnum("2")}, reason: "SPEC §2: a nested nil map is null, and null removes"},
		{name: "nil []any in patch removes", target: jobj{"a": jarr{jnum("1")}, "b": jnum("2")}, patch: jobj{"a": []any(nil)}, want: jobj{"b": jnum("2")}, reason: "SPEC §2: a nested nil []any is null, and null removes (§1: no null member comes from the patch)"},
		{name: "nil []any in patch for missing member", target: jobj{"b": jnum("2")}, patch: jobj{"a": []any(nil)}, want: jobj{"b": jnum("2")}, reason: "SPEC §2: a nested nil []any is null; §1: the result never holds a null member from the patch"},
		{name: "nil map and slice in a new object", target: jobj{"b": jnum("2")}, patch: jobj{"n": jobj{"m": map[string]any(nil), "s": []any(nil), "k": jnum("1"), "a": jarr{[]any(nil)}}}, want: jobj{"b": jnum("2"), "n": jobj{"k": jnum("1"), "a": jarr{nil}}}, reason: "SPEC §2: nil map/slice nested in a patch object is null, and is dropped where the object is created"},
		{name: "nil map and slice in patch array", target: nil, patch: jobj{"a": jarr{map[string]any(nil), []any(nil), jnum("1")}}, want: jobj{"a": jarr{nil, nil, jnum("1")}}, reason: "SPEC §2: nil map/slice nested inside is null; §1: nulls in arrays are data"},

		// Nulls.
		{name: "nulls in patch arrays kept", target: jobj{"a": jnum("1")}, patch: jobj{"a": jarr{jnum("1"), nil, jobj{"b": nil}, jarr{nil}}}, want: jobj{"a": jarr{jnum("1"), nil, jobj{"b": nil}, jarr{nil}}}, reason: "SPEC §1: a null inside an array is data"},
		{name: "nulls in target arrays kept", target: jobj{"a": jarr{nil, jobj{"b": nil}}}, patch: jobj{"c": true}, want: jobj{"a": jarr{nil, jobj{"b": nil}}, "c": true}, reason: "SPEC §1"},
		{name: "nested creation drops nulls at every depth", target: jobj{}, patch: jobj{"a": jobj{"b": nil, "c": jobj{"d": nil, "e": "x", "f": jobj{"g": nil}}}}, want: jobj{"a": jobj{"c": jobj{"e": "x", "f": jobj{}}}}, reason: "SPEC §1.2: nulls inside a new object are dropped, at every depth"},
		{name: "object patch on string member", target: jobj{"a": "s"}, patch: jobj{"a": jobj{"b": nil, "c": jnum("1")}}, want: jobj{"a": jobj{"c": jnum("1")}}, reason: "SPEC §1.2"},
		{name: "object patch on number member", target: jobj{"a": jnum("3")}, patch: jobj{"a": jobj{"b": nil, "c": jnum("1")}}, want: jobj{"a": jobj{"c": jnum("1")}}, reason: "SPEC §1.2"},
		{name: "object patch on bool member", target: jobj{"a": false}, patch: jobj{"a": jobj{"b": nil, "c": jnum("1")}}, want: jobj{"a": jobj{"c": jnum("1")}}, reason: "SPEC §1.2"},
		{name: "object patch on null member", target: jobj{"a": nil}, patch: jobj{"a": jobj{"b": nil, "c": jnum("1")}}, want: jobj{"a": jobj{"c": jnum("1")}}, reason: "SPEC §1.2"},
		{name: "object patch on array member", target: jobj{"a": jarr{jobj{"c": jnum("0")}}}, patch: jobj{"a": jobj{"b": nil, "c": jnum("1")}}, want: jobj{"a": jobj{"c": jnum("1")}}, reason: "SPEC §1.2"},
		{name: "untouched target nulls kept", target: jobj{"n": nil, "o": jobj{"n": nil, "m": jnum("1")}}, patch: jobj{"o": jobj{"x": jnum("1")}}, want: jobj{"n": nil, "o": jobj{"n": nil, "m": jnum("1"), "x": jnum("1")}}, reason: "SPEC §1: a null in the target stays unless the patch names it"},
		{name: "null removes null member", target: jobj{"n": nil, "k": "v"}, patch: jobj{"n": nil}, want: jobj{"k": "v"}, reason: "SPEC §1.2"},
		{name: "remove last nested member", target: jobj{"a": jobj{"b": jnum("1")}}, patch: jobj{"a": jobj{"b": nil}}, want: jobj{"a": jobj{}}, reason: "SPEC §1: removing the last member leaves {}, never null"},
		{name: "remove every member", target: jobj{"a": jnum("1"), "b": jnum("2")}, patch: jobj{"a": nil, "b": nil}, want: jobj{}, reason: "SPEC §1"},

		// Typed values: converted through encoding/json.
		{name: "map[string]string merges as object", target: jobj{"a": jobj{"x": "1", "y": "2"}}, patch: jobj{"a": map[string]string{"y": "3", "z": "4"}}, want: jobj{"a": jobj{"x": "1", "y": "3", "z": "4"}}, reason: "SPEC §2: a Go value means the JSON it encodes to"},
		{name: "map[string]string creates object", target: jobj{"a": "s"}, patch: jobj{"a": map[string]string{"y": "3"}}, want: jobj{"a": jobj{"y": "3"}}, reason: "SPEC §2"},
		{
			name:   "typed target member merged into",
			target: jobj{"a": map[string]string{"x": "1"}},
			patch:  jobj{"a": jobj{"y": "2"}},
			want:   jobj{"a": jobj{"x": "1", "y": "2"}},
			reason: "SPEC §2: the target's typed value is read as its JSON object",
		},
		{
			name:   "typed target member merged into by typed patch",
			target: jobj{"a": map[string]string{"x": "1"}},
			patch:  jobj{"a": map[string]int{"y": 2}},
			want:   jobj{"a": jobj{"x": "1", "y": jnum("2")}},
			reason: "SPEC §2",
		},
		{
			name:   "typed target member replaced",
			target: jobj{"a": map[string]string{"x": "1"}, "b": jnum("1")},
			patch:  jobj{"a": "s"},
			want:   jobj{"a": "s", "b": jnum("1")},
			reason: "SPEC §1.2",
		},
		{
			name:   "typed target member untouched",
			target: jobj{"a": map[string]string{"x": "1"}, "p": &seven, "b": jnum("1")},
			patch:  jobj{"b": jnum("2")},
			want:   jobj{"a": jobj{"x": "1"}, "p": jnum("7"), "b": jnum("2")},
			reason: "SPEC §2: Merge converts every value; SPEC §3: MergeInto reads only what the patch reaches",
			into:   &intoOutcome{want: jobj{"a": map[string]string{"x": "1"}, "p": &seven, "b": jnum("2")}},
		},
		{
			name:   "object patch on typed target member that is not an object",
			target: jobj{"a": []string{"x"}, "b": mtColor(0)},
			patch:  jobj{"a": jobj{"c": jnum("1"), "d": nil}, "b": jobj{}},
			want:   jobj{"a": jobj{"c": jnum("1")}, "b": jobj{}},
			reason: "SPEC §1.2: a member whose JSON is not an object is replaced by a new object",
		},
		{
			name:   "object patch on pointer to struct in target",
			target: jobj{"p": &mtTagged{Name: "x"}},
			patch:  jobj{"p": jobj{"count": jnum("3"), "Plain": nil}},
			want:   jobj{"p": jobj{"name": "x", "gone": nil, "count": jnum("3")}},
			reason: "SPEC §1: the target's JSON (with its null member) is merged into; nulls already in the target stay",
		},
		{name: "[]string becomes []any", target: jobj{"a": jnum("1")}, patch: jobj{"a": []string{"x", "y"}}, want: jobj{"a": jarr{"x", "y"}}, reason: "SPEC §2"},
		{name: "[]string replaces array", target: jobj{"a": jarr{"q"}}, patch: jobj{"a": []string{}}, want: jobj{"a": jarr{}}, reason: "SPEC §2: an empty slice is [], not null"},
		{
			name:   "struct with json tags",
			target: jobj{"s": jobj{"name": "old", "gone": jnum("1"), "keep": true, "inner": jobj{"x": jnum("1")}}},
			patch:  jobj{"s": mtTagged{Name: "new", Hidden: "h", Inner: &mtTagged{Name: "in"}}},
			want:   jobj{"s": jobj{"name": "new", "keep": true, "inner": jobj{"x": jnum("1"), "name": "in", "Plain": false}, "Plain": false}},
			reason: "SPEC §2: tags rename, omitempty and \"-\" omit, a nil pointer field is null and removes",
		},
		{name: "pointer to int", target: nil, patch: jobj{"p": &seven}, want: jobj{"p": jnum("7")}, reason: "SPEC §2: pointers are converted"},
		{name: "pointer to struct merges", target: jobj{"s": jobj{"k": "v", "gone": "x"}}, patch: jobj{"s": &mtTagged{Name: "n", Count: 2}}, want: jobj{"s": jobj{"k": "v", "name": "n", "count": jnum("2"), "Plain": false}}, reason: "SPEC §2"},
		{
			name:   "typed nils in patch remove",
			target: jobj{"p": jnum("1"), "m": jobj{"x": jnum("1")}, "s": jarr{"x"}, "t": jobj{}, "r": "r", "k": "keep"},
			patch:  jobj{"p": (*int)(nil), "m": map[string]string(nil), "s": []string(nil), "t": (*mtTagged)(nil), "r": json.RawMessage(nil), "absent": (*int)(nil)},
			want:   jobj{"k": "keep"},
			reason: "SPEC §2: a nil pointer, map or slice is null, so in a patch it removes the member",
		},
		{
			name:   "typed nils in target are null",
			target: jobj{"p": (*int)(nil), "m": map[string]string(nil), "s": []string(nil)},
			patch:  nil,
			want:   jobj{"p": nil, "m": nil, "s": nil},
			reason: "SPEC §2: a nil pointer, map or slice is null",
			into:   &intoOutcome{want: jobj{"p": (*int)(nil), "m": map[string]string(nil), "s": []string(nil)}},
		},
		{
			name:   "object patch on typed nil target member",
			target: jobj{"p": (*mtTagged)(nil)},
			patch:  jobj{"p": jobj{"a": jnum("1"), "b": nil}},
			want:   jobj{"p": jobj{"a": jnum("1")}},
			reason: "SPEC §1.2: a null member is not an object, so the merge starts from {}",
		},
		{
			name:   "json.RawMessage object merges",
			target: jobj{"r": jobj{"a": true, "c": "x"}},
			patch:  jobj{"r": json.RawMessage(`{"b": 1.50, "c": null, "d": [null, {"e": null}]}`)},
			want:   jobj{"r": jobj{"a": true, "b": jnum("1.50"), "d": jarr{nil, jobj{"e": nil}}}},
			reason: "SPEC §2: json.RawMessage means its JSON; numbers are read as json.Number exactly",
		},
		{name: "json.RawMessage scalar", target: jobj{"r": jobj{"a": true}}, patch: jobj{"r": json.RawMessage(`"str"`), "n": json.RawMessage(`-0.0e0`)}, want: jobj{"r": "str", "n": jnum("-0.0e0")}, reason: "SPEC §2"},
		{name: "json.RawMessage null removes", target: jobj{"r": "x", "k": "v"}, patch: jobj{"r": json.RawMessage(` null `)}, want: jobj{"k": "v"}, reason: "SPEC §2"},
		{name: "MarshalJSON type", target: jobj{"pt": jobj{"z": "old", "w": true}}, patch: jobj{"pt": mtPoint{1, 2}}, want: jobj{"pt": jobj{"w": true, "x": jnum("1"), "y": jnum("2")}}, reason: "SPEC §2: MarshalJSON's object merges; its null member removes"},
		{name: "MarshalText type", target: nil, patch: jobj{"c": mtColor(1), "cs": []mtColor{2, 0}}, want: jobj{"c": "green", "cs": jarr{"blue", "red"}}, reason: "SPEC §2: MarshalText gives a string"},
		{
			name:   "json.Number kept exactly",
			target: jobj{"t": jnum("1.000")},
			patch:  jobj{"a": jnum("1.0"), "b": jnum("1e400"), "c": jnum("-0"), "d": jnum("123456789012345678901234567890"), "e": jnum("1E-7"), "f": jarr{jnum("0.10")}},
			want:   jobj{"t": jnum("1.000"), "a": jnum("1.0"), "b": jnum("1e400"), "c": jnum("-0"), "d": jnum("123456789012345678901234567890"), "e": jnum("1E-7"), "f": jarr{jnum("0.10")}},
			reason: "SPEC §2: json.Number is kept as is, exactly",
		},
		{
			name:   "Go numbers kept as is",
			target: jobj{"t8": int8(-8), "tf": 2.5},
			patch: jobj{
				"i": -3, "i8": int8(8), "i16": int16(-16), "i32": int32(32), "i64": int64(math.MinInt64),
				"u": uint(3), "u8": uint8(255), "u16": uint16(16), "u32": uint32(32), "u64": uint64(math.MaxUint64), "up": uintptr(7),
				"f32": float32(1.5), "f64": 0.1, "arr": jarr{int16(1), float32(0.25), uint64(1 << 63)},
			},
			want: jobj{
				"t8": int8(-8), "tf": 2.5,
				"i": -3, "i8": int8(8), "i16": int16(-16), "i32": int32(32), "i64": int64(math.MinInt64),
				"u": uint(3), "u8": uint8(255), "u16": uint16(16), "u32": uint32(32), "u64": uint64(math.MaxUint64), "up": uintptr(7),
				"f32": float32(1.5), "f64": 0.1, "arr": jarr{int16(1), float32(0.25), uint64(1 << 63)},
			},
			reason: "SPEC §2: int, uint and float kinds are kept with their types",
		},
		{
			name:   "named scalar types converted",
			target: jobj{"t": mtInt(-1)},
			patch:  jobj{"i": mtInt(7), "s": mtString("s"), "f": mtFloat(0.5), "b": mtBool(true), "arr": []mtInt{1}},
			want:   jobj{"t": jnum("-1"), "i": jnum("7"), "s": "s", "f": jnum("0.5"), "b": true, "arr": jarr{jnum("1")}},
			reason: "SPEC §2: named types are converted; numbers become json.Number",
			into:   &intoOutcome{want: jobj{"t": mtInt(-1), "i": jnum("7"), "s": "s", "f": jnum("0.5"), "b": true, "arr": jarr{jnum("1")}}},
		},
		{name: "named map type merges", target: jobj{"o": jobj{"a": jnum("1")}}, patch: jobj{"o": mtObj{"b": jnum("2"), "a": nil}}, want: jobj{"o": jobj{"b": jnum("2")}}, reason: "SPEC §2: a named map type is converted, then merges as an object"},
		{name: "[]byte is base64", target: nil, patch: jobj{"b": []byte("hi")}, want: jobj{"b": "aGk="}, reason: "SPEC §2: whatever json.Marshal gives"},
		{name: "map[int]string has string names", target: nil, patch: jobj{"m": map[int]string{1: "a"}}, want: jobj{"m": jobj{"1": "a"}}, reason: "SPEC §2"},
		{name: "Go array", target: nil, patch: jobj{"a": [2]int{1, 2}}, want: jobj{"a": jarr{jnum("1"), jnum("2")}}, reason: "SPEC §2"},
		{name: "typed values inside []any", target: nil, patch: jobj{"a": jarr{map[string]string{"k": "v"}, (*int)(nil), mtInt(3)}}, want: jobj{"a": jarr{jobj{"k": "v"}, nil, jnum("3")}}, reason: "SPEC §2: conversion at any depth"},
		{name: "invalid UTF-8 in string value kept", target: jobj{"t": "x\xfey"}, patch: jobj{"s": "a\xffb"}, want: jobj{"t": "x\xfey", "s": "a\xffb"}, reason: "SPEC §2: invalid UTF-8 in a value is kept"},
		{name: "pointer to map[string]any", target: nil, patch: jobj{"p": &map[string]any{"a": nil, "b": 1}}, want: jobj{"p": jobj{"b": jnum("1")}}, reason: "SPEC §2: a pointer is converted, then merges as an object"},

		// Unsupported values: the exact location of the fault.
		{name: "chan in patch", target: jobj{"a": jnum("1")}, patch: jobj{"a": ch}, wantErr: mergeErr("patch", "/a", ErrUnsupportedValue), reason: "SPEC §2: a channel is unsupported"},
		{name: "func in patch array", target: nil, patch: jobj{"x": jarr{jnum("1"), fn}}, wantErr: mergeErr("patch", "/x/1", ErrUnsupportedValue), reason: "SPEC §2: a function is unsupported"},
		{name: "complex128 with slash in name", target: nil, patch: jobj{"a/b": complex(1, 2)}, wantErr: mergeErr("patch", "/a~1b", ErrUnsupportedValue), reason: "SPEC §2; §6: / is ~1"},
		{name: "NaN with tilde in name", target: nil, patch: jobj{"m~n": jarr{math.NaN()}}, wantErr: mergeErr("patch", "/m~0n/0", ErrUnsupportedValue), reason: "SPEC §2; §6: ~ is ~0"},
		{name: "+Inf under name ~1", target: nil, patch: jobj{"~1": math.Inf(1)}, wantErr: mergeErr("patch", "/~01", ErrUnsupportedValue), reason: "SPEC §6: ~ is escaped before /"},
		{name: "-Inf nested in patch", target: jobj{"a": jobj{}}, patch: jobj{"a": jobj{"b": math.Inf(-1)}}, wantErr: mergeErr("patch", "/a/b", ErrUnsupportedValue), reason: "SPEC §2"},
		{name: "float32 NaN", target: nil, patch: jobj{"f": jobj{"g": float32(math.NaN())}}, wantErr: mergeErr("patch", "/f/g", ErrUnsupportedValue), reason: "SPEC §2: float32 NaN too"},
		{name: "invalid json.Number", target: nil, patch: jobj{"a": jobj{"b": jnum("1.2.3")}}, wantErr: mergeErr("patch", "/a/b", ErrUnsupportedValue), reason: "SPEC §2: an invalid json.Number is unsupported"},
		{name: "empty json.Number is 0", target: jobj{"a": jnum("1")}, patch: jobj{"a": jnum("")}, want: jobj{"a": jnum("")}, reason: "SPEC §2: encoding/json writes an empty Number as 0, so it is a valid number, kept as it is"},
		{name: "json.Number with leading zero", target: nil, patch: jobj{"a": jnum("01")}, wantErr: mergeErr("patch", "/a", ErrUnsupportedValue), reason: "SPEC §2"},
		{name: "json.Number with space", target: nil, patch: jobj{"a": jarr{jnum(" 1")}}, wantErr: mergeErr("patch", "/a/0", ErrUnsupportedValue), reason: "SPEC §2"},
		{name: "unsafe.Pointer", target: nil, patch: jobj{"u": up}, wantErr: mergeErr("patch", "/u", ErrUnsupportedValue), reason: "SPEC §2"},
		{name: "struct with chan field", target: nil, patch: jobj{"s": jarr{mtChanHolder{}}}, wantErr: mergeErr("patch", "/s/0/C", ErrUnsupportedValue), reason: "SPEC §2: a chan has no JSON form; the path is the field's"},
		{name: "failing MarshalJSON", target: nil, patch: jobj{"f": mtFailing{}}, wantErr: mergeErr("patch", "/f", ErrUnsupportedValue), reason: "SPEC §2: any value json.Marshal rejects"},
		{
			name:   "complex, chan and func types that encode themselves",
			target: jobj{"c": jobj{"re": jnum("0"), "unit": "V"}},
			patch:  jobj{"c": mtPolar(complex(1, -2)), "s": mtSignal(nil), "h": jarr{mtHook(nil)}},
			want:   jobj{"c": jobj{"re": jnum("1"), "im": jnum("-2"), "unit": "V"}, "s": "signal", "h": jarr{"hook"}},
			reason: "SPEC §2: json.Marshal uses MarshalJSON and MarshalText whatever the kind; an object in the patch merges",
		},
		{name: "linked list at the depth limit", opts: Options{MaxDepth: 5}, target: nil, patch: jobj{"l": mtList(4)}, want: jobj{"l": mtNested(4)}, reason: "SPEC §5: four nodes nest four deep under the top, within 5"},
		{name: "linked list past the depth limit", opts: Options{MaxDepth: 5}, target: nil, patch: jobj{"l": mtList(5)}, wantErr: mergeErr("patch", "/l/next/next/next/next", ErrMaxDepth), reason: "SPEC §5: the fifth node is at depth 6"},
		{name: "linked list too long to encode", target: nil, patch: jobj{"l": mtList(3 * DefaultMaxDepth)}, wantErr: mergeErr("patch", "/l"+strings.Repeat("/next", DefaultMaxDepth-1), ErrMaxDepth), reason: "SPEC §5: a typed value that nests too deep is an error at the member that crosses the limit, as a map[string]any is"},
		{name: "map with bool keys", target: nil, patch: jobj{"m": map[bool]int{true: 1}}, wantErr: mergeErr("patch", "/m", ErrUnsupportedValue), reason: "SPEC §2: any value json.Marshal rejects"},
		{name: "invalid UTF-8 name at top of patch", target: jobj{"a": jnum("1")}, patch: jobj{"\xff": jnum("1")}, wantErr: mergeErr("patch", "", ErrInvalidUTF8), reason: "SPEC §2; the path is the object holding the name"},
		{name: "invalid UTF-8 name with null value", target: jobj{"a": jnum("1")}, patch: jobj{"\xff": nil}, wantErr: mergeErr("patch", "", ErrInvalidUTF8), reason: "SPEC §3: every value of the patch is checked"},
		{name: "invalid UTF-8 name nested in patch", target: nil, patch: jobj{"a": jobj{"b\xfe": jnum("1")}}, wantErr: mergeErr("patch", "/a", ErrInvalidUTF8), reason: "SPEC §2"},
		{name: "invalid UTF-8 name in patch array", target: nil, patch: jobj{"a": jarr{jobj{"\xc3": jnum("1")}}}, wantErr: mergeErr("patch", "/a/0", ErrInvalidUTF8), reason: "SPEC §2"},
		{
			name:    "invalid UTF-8 name in target",
			target:  jobj{"t": jobj{"\xff\xfe": jnum("1")}},
			patch:   jobj{"b": jnum("1")},
			reason:  "SPEC §3: Merge checks every value of target; MergeInto only what the patch reaches",
			wantErr: mergeErr("target", "/t", ErrInvalidUTF8),
			into:    &intoOutcome{want: jobj{"t": jobj{"\xff\xfe": jnum("1")}, "b": jnum("1")}},
		},
		{
			name:   "json.RawMessage with an escaped U+FFFD name",
			target: nil,
			patch:  jobj{"k": json.RawMessage(`{"a\ufffdb":1}`)},
			want:   jobj{"k": jobj{"a\ufffdb": jnum("1")}},
			reason: "SPEC §2: a valid name spelled with the \\ufffd escape is just U+FFFD",
		},
		{
			name:   "invalid UTF-8 name in map[string]string in patch is U+FFFD",
			target: jobj{"a": jobj{"\ufffd": "old"}},
			patch:  jobj{"a": map[string]string{"\xff": "y"}},
			want:   jobj{"a": jobj{"\ufffd": "y"}},
			reason: "SPEC §2: a typed map means the JSON encoding/json writes for it, which spells an invalid name U+FFFD; only map[string]any names are checked",
		},
		{
			name:   "invalid UTF-8 name in map[string]string in target is U+FFFD",
			target: jobj{"a": jarr{map[string]string{"ok": "1", "\xfe": "2"}}},
			patch:  jobj{"b": true},
			want:   jobj{"a": jarr{jobj{"ok": "1", "\ufffd": "2"}}, "b": true},
			reason: "SPEC §2: converted as encoding/json encodes it; SPEC §3: MergeInto leaves what the patch does not reach as it is",
			into:   &intoOutcome{want: jobj{"a": jarr{map[string]string{"ok": "1", "\xfe": "2"}}, "b": true}},
		},
		{
			name:    "+Inf in target",
			target:  jobj{"t": jobj{"u": math.Inf(1)}},
			patch:   jobj{"other": jnum("1")},
			wantErr: mergeErr("target", "/t/u", ErrUnsupportedValue),
			reason:  "SPEC §3: Merge checks every value of target",
			into:    &intoOutcome{want: jobj{"t": jobj{"u": math.Inf(1)}, "other": jnum("1")}},
		},
		{
			name:    "func in target array",
			target:  jobj{"x": jarr{jarr{fn}}, "k": "v"},
			patch:   jobj{"k": "w"},
			wantErr: mergeErr("target", "/x/0/0", ErrUnsupportedValue),
			reason:  "SPEC §3: Merge checks every value of target",
			into:    &intoOutcome{want: jobj{"x": jarr{jarr{fn}}, "k": "w"}},
		},
		{
			name:    "chan in target",
			target:  jobj{"y": ch},
			patch:   nil,
			wantErr: mergeErr("target", "/y", ErrUnsupportedValue),
			reason:  "SPEC §3: Merge checks every value of target",
			into:    &intoOutcome{want: jobj{"y": ch}},
		},
		{
			name:    "NaN in target removed by patch",
			target:  jobj{"a": math.NaN(), "k": "v"},
			patch:   jobj{"a": nil},
			wantErr: mergeErr("target", "/a", ErrUnsupportedValue),
			reason:  "SPEC §3: Merge checks every value of target, even one the patch removes; MergeInto does not read it",
			into:    &intoOutcome{want: jobj{"k": "v"}},
		},
		{
			name:    "NaN in target replaced by patch",
			target:  jobj{"a": jobj{"b": math.NaN()}, "k": "v"},
			patch:   jobj{"a": jobj{"b": "ok"}},
			wantErr: mergeErr("target", "/a/b", ErrUnsupportedValue),
			reason:  "SPEC §3: Merge checks every value of target, even one the patch replaces; MergeInto does not read it",
			into:    &intoOutcome{want: jobj{"a": jobj{"b": "ok"}, "k": "v"}},
		},
		{
			name:    "unsupported typed target member reached by patch",
			target:  jobj{"a": mtFailing{}, "k": "v"},
			patch:   jobj{"a": jobj{"b": jnum("1")}, "k": "w"},
			wantErr: mergeErr("target", "/a", ErrUnsupportedValue),
			reason:  "SPEC §3: MergeInto checks the parts of target it reaches",
		},

		// Depth (SPEC §5): the top-level object is at depth 1.
		{name: "target at MaxDepth", opts: Options{MaxDepth: 3}, target: jobj{"a": jobj{"b": jobj{"c": jnum("1")}}, "x": jarr{jarr{jnum("1")}}}, patch: jobj{"d": jnum("1")}, want: jobj{"a": jobj{"b": jobj{"c": jnum("1")}}, "x": jarr{jarr{jnum("1")}}, "d": jnum("1")}, reason: "SPEC §5: scalars add no depth"},
		{
			name: "target one over MaxDepth", opts: Options{MaxDepth: 3},
			target:  jobj{"a": jobj{"b": jobj{"c": jobj{}}}},
			patch:   jobj{"d": jnum("1")},
			wantErr: mergeErr("target", "/a/b/c", ErrMaxDepth),
			reason:  "SPEC §5: the path is the container one too deep",
			into:    &intoOutcome{want: jobj{"a": jobj{"b": jobj{"c": jobj{}}}, "d": jnum("1")}},
		},
		{
			name: "target arrays one over MaxDepth", opts: Options{MaxDepth: 3},
			target:  jobj{"a": jarr{jarr{jarr{}}}},
			patch:   nil,
			wantErr: mergeErr("target", "/a/0/0", ErrMaxDepth),
			reason:  "SPEC §5: arrays count",
			into:    &intoOutcome{want: jobj{"a": jarr{jarr{jarr{}}}}},
		},
		{
			name: "patch reaches deep target within limit", opts: Options{MaxDepth: 3},
			target:  jobj{"a": jobj{"b": jobj{"c": jobj{"d": jnum("1")}}}},
			patch:   jobj{"a": jobj{"b": jobj{"x": jnum("1")}}},
			wantErr: mergeErr("target", "/a/b/c", ErrMaxDepth),
			reason:  "SPEC §3: MergeInto reads only the parts of target that the patch reaches",
			into:    &intoOutcome{want: jobj{"a": jobj{"b": jobj{"c": jobj{"d": jnum("1")}, "x": jnum("1")}}}},
		},
		{name: "patch at MaxDepth", opts: Options{MaxDepth: 3}, target: nil, patch: jobj{"a": jobj{"b": jobj{"c": jnum("1"), "d": "s"}}, "e": jarr{jobj{}, jarr{}}}, want: jobj{"a": jobj{"b": jobj{"c": jnum("1"), "d": "s"}}, "e": jarr{jobj{}, jarr{}}}, reason: "SPEC §5"},
		{name: "patch one over MaxDepth", opts: Options{MaxDepth: 3}, target: nil, patch: jobj{"a": jobj{"b": jobj{"c": jobj{"d": jnum("1")}}}}, wantErr: mergeErr("patch", "/a/b/c", ErrMaxDepth), reason: "SPEC §5"},
		{name: "patch empty object one over MaxDepth", opts: Options{MaxDepth: 3}, target: jobj{"a": jobj{"b": jobj{}}}, patch: jobj{"a": jobj{"b": jobj{"c": jobj{}}}}, wantErr: mergeErr("patch", "/a/b/c", ErrMaxDepth), reason: "SPEC §5: an empty object still counts"},
		{name: "patch array one over MaxDepth", opts: Options{MaxDepth: 3}, target: nil, patch: jobj{"a": jarr{jobj{"b": jarr{}}}}, wantErr: mergeErr("patch", "/a/0/b", ErrMaxDepth), reason: "SPEC §5"},
		{name: "MaxDepth 1", opts: Options{MaxDepth: 1}, target: jobj{"a": jnum("1")}, patch: jobj{"b": jobj{}}, wantErr: mergeErr("patch", "/b", ErrMaxDepth), reason: "SPEC §5"},
		{name: "typed target at MaxDepth", opts: Options{MaxDepth: 3}, target: jobj{"a": jobj{"b": map[string]string{"x": "y"}}}, patch: nil, want: jobj{"a": jobj{"b": jobj{"x": "y"}}}, reason: "SPEC §5: a typed value is as deep as its JSON", into: &intoOutcome{want: jobj{"a": jobj{"b": map[string]string{"x": "y"}}}}},
		{name: "typed patch at MaxDepth", opts: Options{MaxDepth: 3}, target: nil, patch: jobj{"a": jobj{"b": []string{"x"}, "c": json.RawMessage(`{"d":1}`)}}, want: jobj{"a": jobj{"b": jarr{"x"}, "c": jobj{"d": jnum("1")}}}, reason: "SPEC §5: a typed value is as deep as its JSON"},
		{name: "typed patch at MaxDepth 2", opts: Options{MaxDepth: 2}, target: nil, patch: jobj{"a": map[string]string{"x": "y"}}, want: jobj{"a": jobj{"x": "y"}}, reason: "SPEC §5: a typed value is as deep as its JSON"},
		{name: "typed patch one over MaxDepth", opts: Options{MaxDepth: 3}, target: nil, patch: jobj{"a": jobj{"b": json.RawMessage(`{"c":{}}`)}}, wantErr: mergeErr("patch", "/a/b/c", ErrMaxDepth), reason: "SPEC §5, §6: the path is the container one too deep, as for the same JSON in map[string]any"},
	}
}

func TestMerge(t *testing.T) {
	for _, c := range mergeCases() {
		c := c
		t.Run(c.name, func(t *testing.T) {
			targetBefore, patchBefore := deepCopyGo(c.target), deepCopyGo(c.patch)
			got, err := c.opts.Merge(c.target, c.patch)
			checkMergeError(t, "Merge", err, c.wantErr, c.reason)
			checkUnchanged(t, "target after Merge", targetBefore, c.target)
			checkUnchanged(t, "patch after Merge", patchBefore, c.patch)
			if err != nil {
				return
			}
			if got == nil {
				t.Fatalf("Merge returned a nil map; the result is never nil (%s)", c.reason)
			}
			if diff := cmp.Diff(c.want, got); diff != "" {
				t.Errorf("Merge mismatch (-want +got):\n%s\nreason: %s", diff, c.reason)
			}
			checkCanonicalResult(t, "", got)
			mutateGo(got)
			checkUnchanged(t, "target after mutating Merge's result", targetBefore, c.target)
			checkUnchanged(t, "patch after mutating Merge's result", patchBefore, c.patch)
		})
	}
}

func TestMergeInto(t *testing.T) {
	for _, c := range mergeCases() {
		c := c
		t.Run(c.name, func(t *testing.T) {
			want, wantErr := c.want, c.wantErr
			if c.into != nil {
				want, wantErr = c.into.want, c.into.wantErr
			}
			var target map[string]any
			if c.target == nil {
				wantErr = mergeErr("target", "", ErrNilTarget)
			} else {
				target = deepCopyGo(c.target).(map[string]any)
			}
			targetBefore, patchBefore := deepCopyGo(c.target), deepCopyGo(c.patch)
			err := c.opts.MergeInto(target, c.patch)
			checkMergeError(t, "MergeInto", err, wantErr, c.reason)
			checkUnchanged(t, "patch after MergeInto", patchBefore, c.patch)
			if err != nil {
				// Atomic: on error, target is exactly as it was.
				if diff := cmp.Diff(targetBefore, any(target), inputCmp); diff != "" {
					t.Fatalf("MergeInto failed but changed target (-want +got):\n%s", diff)
				}
				return
			}
			if diff := cmp.Diff(want, target, inputCmp); diff != "" {
				t.Errorf("MergeInto mismatch (-want +got):\n%s\nreason: %s", diff, c.reason)
			}
			// The values MergeInto stored are copies, not the patch's own.
			mutateGo(target)
			checkUnchanged(t, "patch after mutating MergeInto's target", patchBefore, c.patch)
		})
	}
}

// checkCanonicalResult checks that v holds only the types a result may
// hold (SPEC §2): nil (never a nil map or slice), map[string]any, []any,
// string, bool, and Go's number types and json.Number.
func checkCanonicalResult(tb rapid.TB, path string, v any) {
	tb.Helper()
	switch v := v.(type) {
	case nil, string, bool, float64, float32, json.Number,
		int, int8, int16, int32, int64, uint, uint8, uint16, uint32, uint64, uintptr:
	case map[string]any:
		if v == nil {
			tb.Errorf("result at %q is a nil map[string]any; want nil", path)
		}
		for name, e := range v {
			checkCanonicalResult(tb, path+"/"+name, e)
		}
	case []any:
		if v == nil {
			tb.Errorf("result at %q is a nil []any; want nil", path)
		}
		for i, e := range v {
			checkCanonicalResult(tb, fmt.Sprintf("%s/%d", path, i), e)
		}
	default:
		tb.Errorf("result at %q holds %T, which is not a canonical type", path, v)
	}
}

// deepCopyGo returns a deep copy of v, of any type without cycles: maps,
// slices, arrays, pointers and interfaces are copied; funcs, channels and
// unsafe pointers are shared.
func deepCopyGo(v any) any {
	if v == nil {
		return nil
	}
	return copyGoValue(reflect.ValueOf(v)).Interface()
}

func copyGoValue(v reflect.Value) reflect.Value {
	switch v.Kind() {
	case reflect.Map:
		if v.IsNil() {
			return v
		}
		out := reflect.MakeMapWithSize(v.Type(), v.Len())
		for it := v.MapRange(); it.Next(); {
			out.SetMapIndex(it.Key(), copyGoValue(it.Value()))
		}
		return out
	case reflect.Slice:
		if v.IsNil() {
			return v
		}
		out := reflect.MakeSlice(v.Type(), v.Len(), v.Len())
		for i := 0; i < v.Len(); i++ {
			out.Index(i).Set(copyGoValue(v.Index(i)))
		}
		return out
	case reflect.Array:
		out := reflect.New(v.Type()).Elem()
		for i := 0; i < v.Len(); i++ {
			out.Index(i).Set(copyGoValue(v.Index(i)))
		}
		return out
	case reflect.Pointer:
		if v.IsNil() {
			return v
		}
		out := reflect.New(v.Type().Elem())
		out.Elem().Set(copyGoValue(v.Elem()))
		return out
	case reflect.Interface:
		if v.IsNil() {
			return v
		}
		out := reflect.New(v.Type()).Elem()
		out.Set(copyGoValue(v.Elem()))
		return out
	case reflect.Struct:
		out := reflect.New(v.Type()).Elem()
		out.Set(v)
		for i := 0; i < v.NumField(); i++ {
			if v.Type().Field(i).IsExported() {
				out.Field(i).Set(copyGoValue(v.Field(i)))
			}
		}
		return out
	}
	return v
}

// mutateGo changes every map, slice and array element reachable from v,
// depth first: map members are overwritten and a member is added, slice
// elements are overwritten. An input sharing any of them with v shows the
// change.
func mutateGo(v any) { mutateGoValue(reflect.ValueOf(v)) }

func mutateGoValue(v reflect.Value) {
	switch v.Kind() {
	case reflect.Interface, reflect.Pointer:
		if !v.IsNil() {
			mutateGoValue(v.Elem())
		}
	case reflect.Map:
		if v.IsNil() {
			return
		}
		for _, k := range v.MapKeys() {
			mutateGoValue(v.MapIndex(k))
			v.SetMapIndex(k, scribbleFor(v.Type().Elem()))
		}
		if v.Type().Key().Kind() == reflect.String {
			v.SetMapIndex(reflect.ValueOf("mutated").Convert(v.Type().Key()), scribbleFor(v.Type().Elem()))
		}
	case reflect.Slice, reflect.Array:
		for i := 0; i < v.Len(); i++ {
			mutateGoValue(v.Index(i))
			if v.Index(i).CanSet() {
				v.Index(i).Set(scribbleFor(v.Type().Elem()))
			}
		}
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			if v.Type().Field(i).IsExported() {
				mutateGoValue(v.Field(i))
			}
		}
	}
}

// scribbleFor returns a value of type t that differs from most values.
func scribbleFor(t reflect.Type) reflect.Value {
	s := reflect.ValueOf("mutated")
	switch {
	case s.Type().AssignableTo(t):
		return s
	case t.Kind() == reflect.String:
		return s.Convert(t)
	}
	return reflect.Zero(t)
}

// nestedMaps returns n maps nested through the member "a"; the innermost
// one, at depth n, holds "leaf": true.
func nestedMaps(n int) map[string]any {
	top := map[string]any{}
	m := top
	for i := 1; i < n; i++ {
		next := map[string]any{}
		m["a"] = next
		m = next
	}
	m["leaf"] = true
	return top
}

// nestedDepth follows the member "a" and returns how many maps it passes.
func nestedDepth(m map[string]any) int {
	n := 0
	for m != nil {
		n++
		m, _ = m["a"].(map[string]any)
	}
	return n
}

func TestMergeDefaultMaxDepth(t *testing.T) {
	for _, o := range []Options{{}, {MaxDepth: -1}, {MaxDepth: DefaultMaxDepth}} {
		ok := nestedMaps(DefaultMaxDepth)
		got, err := o.Merge(ok, nil)
		if err != nil || nestedDepth(got) != DefaultMaxDepth {
			t.Fatalf("%+v.Merge(10000 nested maps, nil): depth %d, %v; want 10000, nil", o, nestedDepth(got), err)
		}
		got, err = o.Merge(nil, ok)
		if err != nil || nestedDepth(got) != DefaultMaxDepth {
			t.Fatalf("%+v.Merge(nil, 10000 nested maps): depth %d, %v; want 10000, nil", o, nestedDepth(got), err)
		}
		into := jobj{}
		if err := o.MergeInto(into, ok); err != nil || nestedDepth(into) != DefaultMaxDepth {
			t.Fatalf("%+v.MergeInto({}, 10000 nested maps): depth %d, %v; want 10000, nil", o, nestedDepth(into), err)
		}

		bad := nestedMaps(DefaultMaxDepth + 1)
		wantPath := strings.Repeat("/a", DefaultMaxDepth)
		_, err = o.Merge(bad, nil)
		checkDeepError(t, fmt.Sprintf("%+v.Merge(10001 nested maps, nil)", o), err, "target", wantPath)
		_, err = o.Merge(jobj{"a": jnum("1")}, bad)
		checkDeepError(t, fmt.Sprintf("%+v.Merge(_, 10001 nested maps)", o), err, "patch", wantPath)
		into = jobj{"a": jobj{"a": jobj{"x": jnum("1")}}, "b": jnum("2")}
		err = o.MergeInto(into, bad)
		checkDeepError(t, fmt.Sprintf("%+v.MergeInto(_, 10001 nested maps)", o), err, "patch", wantPath)
		if diff := cmp.Diff(jobj{"a": jobj{"a": jobj{"x": jnum("1")}}, "b": jnum("2")}, into); diff != "" {
			t.Errorf("MergeInto failed but changed target (-want +got):\n%s", diff)
		}
		if nestedDepth(bad) != DefaultMaxDepth+1 {
			t.Errorf("Merge changed its input")
		}
	}

	// Arrays count as much as objects: an object holding 10000 nested
	// arrays is 10001 deep.
	var arr any = jarr{}
	for i := 1; i < DefaultMaxDepth; i++ {
		arr = jarr{arr}
	}
	if _, err := Merge(nil, jobj{"a": arr}); err == nil {
		t.Errorf("Merge(nil, {\"a\": 10000 nested arrays}): no error; want ErrMaxDepth")
	} else {
		checkDeepError(t, "Merge(nil, {\"a\": 10000 nested arrays})", err, "patch", "/a"+strings.Repeat("/0", DefaultMaxDepth-1))
	}
	if _, err := Merge(nil, jobj{"a": jarr{jnum("1")}}); err != nil {
		t.Fatal(err)
	}
	if got, err := (Options{MaxDepth: DefaultMaxDepth + 1}).Merge(nil, jobj{"a": arr}); err != nil || got == nil {
		t.Errorf("Options{MaxDepth: 10001}.Merge(nil, {\"a\": 10000 nested arrays}): %v", err)
	}
}

// checkDeepError checks an ErrMaxDepth error whose path is too long to
// print.
func checkDeepError(tb rapid.TB, call string, err error, input, path string) {
	tb.Helper()
	var e *Error
	if !errors.As(err, &e) {
		tb.Errorf("%s: error %v; want *Error wrapping ErrMaxDepth", call, err)
		return
	}
	if e.Input != input || e.Offset != -1 || e.Err != ErrMaxDepth || e.Path != path {
		short := func(s string) string {
			if len(s) > 40 {
				return fmt.Sprintf("%q...(%d bytes)", s[:40], len(s))
			}
			return fmt.Sprintf("%q", s)
		}
		tb.Errorf("%s: error {Input:%q Path:%s Offset:%d Err:%v}; want {Input:%q Path:%s Offset:-1 Err:%v}",
			call, e.Input, short(e.Path), e.Offset, e.Err, input, short(path), ErrMaxDepth)
	}
}

// TestMergeCyclic: a map or slice that contains itself is ErrMaxDepth
// (SPEC §5), reported at the member that closes the cycle (package
// documentation), with no stack overflow whatever MaxDepth is.
func TestMergeCyclic(t *testing.T) {
	self := map[string]any{}
	self["self"] = self
	loop := []any{nil}
	loop[0] = loop
	// A cycle through a map and a slice, below the top: x -> y -> 0 -> x.
	inner := map[string]any{"k": jnum("1")}
	inner["y"] = []any{jnum("0"), inner}
	deep := map[string]any{"x": inner}
	// A cycle of three maps: a -> c -> b -> a.
	ca, cb, cc := map[string]any{}, map[string]any{}, map[string]any{}
	ca["c"], cc["b"], cb["a"] = cc, cb, ca
	three := map[string]any{"a": ca}

	type input struct {
		name  string
		value map[string]any
		path  string
		same  func() bool
	}
	samePtr := func(a, b any) bool { return reflect.ValueOf(a).Pointer() == reflect.ValueOf(b).Pointer() }
	inputs := []input{
		{"self-containing map", self, "/self", func() bool { return len(self) == 1 && samePtr(self["self"], self) }},
		{"self-containing slice", jobj{"s": loop}, "/s/0", func() bool {
			l, ok := loop[0].([]any)
			return len(loop) == 1 && ok && samePtr(l, loop)
		}},
		{"cycle through map and slice", deep, "/x/y/1", func() bool {
			y, ok := inner["y"].([]any)
			return len(deep) == 1 && samePtr(deep["x"], inner) && len(inner) == 2 && ok && len(y) == 2 && samePtr(y[1], inner)
		}},
		{"cycle of three maps", three, "/a/c/b/a", func() bool {
			return len(three) == 1 && len(ca) == 1 && len(cb) == 1 && len(cc) == 1 &&
				samePtr(three["a"], ca) && samePtr(ca["c"], cc) && samePtr(cc["b"], cb) && samePtr(cb["a"], ca)
		}},
	}
	// The member that closes the cycle is the first one, from the top,
	// whose value is a container already open on the path; it must not
	// depend on where the depth limit happens to fall in the cycle.
	for _, o := range []Options{{MaxDepth: 50}, {MaxDepth: 51}, {MaxDepth: 52}, {}} {
		for _, in := range inputs {
			if o.MaxDepth == 0 && in.name != "self-containing map" && in.name != "self-containing slice" {
				continue // the default limit is slow under -race; the short cycles suffice
			}
			call := fmt.Sprintf("%+v.Merge(%s, nil)", o, in.name)
			_, err := o.Merge(in.value, nil)
			checkMergeError(t, call, err, mergeErr("target", in.path, ErrMaxDepth), "SPEC §5")
			if !in.same() {
				t.Fatalf("%s changed its input", call)
			}

			call = fmt.Sprintf("%+v.Merge(_, %s)", o, in.name)
			_, err = o.Merge(jobj{"x": jnum("1")}, in.value)
			checkMergeError(t, call, err, mergeErr("patch", in.path, ErrMaxDepth), "SPEC §5")
			if !in.same() {
				t.Fatalf("%s changed its input", call)
			}

			call = fmt.Sprintf("%+v.MergeInto(_, %s)", o, in.name)
			target := jobj{"x": jobj{"k": jnum("0")}, "s": jnum("1"), "self": jobj{"y": true}}
			err = o.MergeInto(target, in.value)
			checkMergeError(t, call, err, mergeErr("patch", in.path, ErrMaxDepth), "SPEC §5")
			if !in.same() {
				t.Fatalf("%s changed its input", call)
			}
			if diff := cmp.Diff(jobj{"x": jobj{"k": jnum("0")}, "s": jnum("1"), "self": jobj{"y": true}}, target); diff != "" {
				t.Errorf("%s failed but changed target (-want +got):\n%s", call, diff)
			}
		}
	}
	// The largest MaxDepth still stops a cycle without exhausting the stack.
	_, err := Options{MaxDepth: math.MaxInt}.Merge(nil, self)
	checkMergeError(t, "Options{MaxDepth: math.MaxInt}.Merge(nil, self-containing map)", err, mergeErr("patch", "/self", ErrMaxDepth), "SPEC §5")
	err = Options{MaxDepth: math.MaxInt}.MergeInto(jobj{}, self)
	checkMergeError(t, "Options{MaxDepth: math.MaxInt}.MergeInto(_, self-containing map)", err, mergeErr("patch", "/self", ErrMaxDepth), "SPEC §5")
}

func TestMergeIntoNilTarget(t *testing.T) {
	for _, patch := range []map[string]any{nil, {}, {"a": jnum("1")}, {"a": math.NaN()}} {
		for _, o := range []Options{{}, {MaxDepth: 1}} {
			before := deepCopyGo(patch)
			err := o.MergeInto(nil, patch)
			checkMergeError(t, fmt.Sprintf("%+v.MergeInto(nil, %v)", o, patch), err, mergeErr("target", "", ErrNilTarget), "SPEC §3")
			checkUnchanged(t, "patch", before, patch)
		}
	}
	checkMergeError(t, "MergeInto(nil, nil)", MergeInto(nil, nil), mergeErr("target", "", ErrNilTarget), "SPEC §3")
}

// TestMergeIntoSharedTarget shows what SPEC §3 says of a target that holds
// one map at two places, or holds itself. MergeInto follows the patch, so a
// change made through one place shows at the other; but a patch that merges
// into the map through both places is ErrSharedMap, whatever the order of
// its members, and changes nothing. Merge treats each place as its own
// value.
func TestMergeIntoSharedTarget(t *testing.T) {
	shared := jobj{"x": jnum("1")}
	target := jobj{"a": shared, "b": shared}
	patch := jobj{"a": jobj{"y": jnum("2")}}
	merged, err := Merge(target, patch)
	if err != nil {
		t.Fatalf("Merge: %v", err)
	}
	if want := (jobj{"a": jobj{"x": jnum("1"), "y": jnum("2")}, "b": jobj{"x": jnum("1")}}); !cmp.Equal(merged, want) {
		t.Errorf("Merge = %v, want %v", merged, want)
	}
	if err := MergeInto(target, patch); err != nil {
		t.Fatalf("MergeInto: %v", err)
	}
	if want := (jobj{"a": jobj{"x": jnum("1"), "y": jnum("2")}, "b": jobj{"x": jnum("1"), "y": jnum("2")}}); !cmp.Equal(target, want) {
		t.Errorf("MergeInto left %v, want %v", target, want)
	}

	// Through both places: planned apart, the two changes to x would
	// each make a new x, and the second would drop the first.
	for i := 0; i < 20; i++ { // map order varies from call to call
		shared := jobj{}
		target := jobj{"a": shared, "b": shared, "c": jnum("3")}
		patch := jobj{
			"a": jobj{"x": jobj{"y": jnum("1")}},
			"b": jobj{"x": jobj{"z": jnum("2")}},
			"c": nil,
		}
		err := MergeInto(target, patch)
		var e *Error
		if !errors.As(err, &e) || e.Err != ErrSharedMap || e.Input != "target" || (e.Path != "/a" && e.Path != "/b") {
			t.Fatalf("MergeInto through two places: err = %#v, want ErrSharedMap in target at /a or /b", err)
		}
		if len(shared) != 0 || len(target) != 3 {
			t.Fatalf("MergeInto failed but changed target: %v", target)
		}
		if _, err := Merge(target, patch); err != nil {
			t.Fatalf("Merge through two places: %v", err)
		}
	}

	self := jobj{"k": "v"}
	self["self"] = self
	if err := MergeInto(self, jobj{"k": "w"}); err != nil {
		t.Fatalf("MergeInto of a target that holds itself, not through itself: %v", err)
	}
	if self["k"] != "w" || len(self) != 2 {
		t.Errorf("MergeInto left k = %v, %d members; want w, 2", self["k"], len(self))
	}
	patch = jobj{"self": jobj{"k": "x"}}
	if _, err := Merge(self, patch); !errors.Is(err, ErrMaxDepth) {
		t.Errorf("Merge of a target that holds itself: err = %v, want ErrMaxDepth", err)
	}
	checkMergeError(t, "MergeInto through a target that holds itself", MergeInto(self, patch), mergeErr("target", "/self", ErrSharedMap), "SPEC §3")
	if self["k"] != "w" {
		t.Errorf("MergeInto failed but changed k to %v", self["k"])
	}

	// As many places as the plan holds on the stack, and more, with and
	// without a map reached twice.
	for _, n := range []int{planSize / 2, planSize - 1, planSize, planSize + 1, 3 * planSize} {
		testMergeIntoManyPlaces(t, n)
	}
}

// testMergeIntoManyPlaces merges a patch of one scalar into each of n maps
// of a target, then again with two of those maps made one.
func testMergeIntoManyPlaces(t *testing.T, n int) {
	many, manyPatch := jobj{}, jobj{}
	for i := 0; i < n; i++ {
		name := fmt.Sprintf("m%02d", i)
		many[name] = jobj{"n": jnum("0")}
		manyPatch[name] = jobj{"n": jnum("1")}
	}
	if err := MergeInto(many, manyPatch); err != nil {
		t.Fatalf("MergeInto into %d maps: %v", len(many), err)
	}
	many["m00"] = many["m03"]
	for _, p := range manyPatch {
		p.(map[string]any)["n"] = jnum("2")
	}
	err := MergeInto(many, manyPatch)
	if e, ok := err.(*Error); !ok || e.Err != ErrSharedMap || (e.Path != "/m00" && e.Path != "/m03") {
		t.Fatalf("MergeInto into %d maps, one at two places: err = %v, want ErrSharedMap at /m00 or /m03", n, err)
	}
	if v := many["m01"].(map[string]any)["n"]; v != jnum("1") {
		t.Errorf("MergeInto into %d maps failed but changed /m01/n to %v", n, v)
	}
}

// TestConvertOnce shows that a value of another type (see mtCounted) in a
// patch is encoded once per merge, wherever it is: where it merges into
// target, inside a new object and inside an array; and so is one in target
// that the patch merges into. MergeInto, which must convert the whole
// patch when it finds such a value where it merges, and then check it
// again, must not convert twice what it met before.
func TestConvertOnce(t *testing.T) {
	for i := 0; i < 20; i++ { // map order varies from call to call
		n := 0
		patch := jobj{
			"a":   mtCounted{&n},
			"new": jobj{"c": mtCounted{&n}},
			"arr": jarr{mtCounted{&n}},
			"s":   "x",
		}
		want := jobj{
			"a":   jobj{"x": jnum("1"), "b": jnum("2")},
			"new": jobj{"c": jobj{"b": jnum("2")}},
			"arr": jarr{jobj{"b": jnum("2"), "c": nil}},
			"s":   "x",
		}
		got, err := Merge(jobj{"a": jobj{"x": jnum("1")}}, patch)
		if err != nil || n != 3 || !cmp.Equal(got, want) {
			t.Fatalf("Merge: %d calls of MarshalJSON, want 3; result %v, %v; want %v", n, got, err, want)
		}
		n = 0
		target := jobj{"a": jobj{"x": jnum("1")}}
		if err := MergeInto(target, patch); err != nil || n != 3 || !cmp.Equal(target, want) {
			t.Fatalf("MergeInto: %d calls of MarshalJSON, want 3; target %v, %v; want %v", n, target, err, want)
		}

		// A member of target that the patch merges into is converted
		// in MergeInto's first check, which then finds a patch value
		// to convert, and so is checked again.
		n = 0
		target = jobj{"o": mtCounted{&n}}
		err = MergeInto(target, jobj{"o": jobj{"x": "y"}, "s": map[string]string{"k": "v"}})
		want = jobj{"o": jobj{"b": jnum("2"), "c": nil, "x": "y"}, "s": jobj{"k": "v"}}
		if err != nil || n != 1 || !cmp.Equal(target, want) {
			t.Fatalf("MergeInto into a value of another type: %d calls of MarshalJSON, want 1; target %v, %v; want %v", n, target, err, want)
		}
	}
}

// mtPanicky has a MarshalJSON that panics.
type mtPanicky struct{}

func (mtPanicky) MarshalJSON() ([]byte, error) { panic("mtPanicky") }

// TestMarshalPanicPassesOn shows what SPEC §2 says of a MarshalJSON that
// panics: the panic reaches the caller, as from json.Marshal, and MergeInto
// has changed nothing, since it converts values before it changes any.
func TestMarshalPanicPassesOn(t *testing.T) {
	target := jobj{"a": jnum("1"), "m": jobj{"k": "v"}}
	patch := jobj{"a": jnum("2"), "m": jobj{"k": nil, "p": mtPanicky{}}}
	for name, call := range map[string]func(){
		"Merge":     func() { Merge(target, patch) },
		"MergeInto": func() { MergeInto(target, patch) },
		"Diff":      func() { Diff(target, patch) },
	} {
		func() {
			defer func() {
				if r := recover(); r != "mtPanicky" {
					t.Errorf("%s: recovered %v, want the method's panic", name, r)
				}
			}()
			call()
		}()
	}
	if want := (jobj{"a": jnum("1"), "m": jobj{"k": "v"}}); !cmp.Equal(target, want) {
		t.Errorf("target after the panics = %v, want %v", target, want)
	}
}

// atomicTarget and atomicPatch build a target and a patch that changes
// most of it: any error must still leave target as it was, whichever
// members happen to be visited first.
func atomicTarget() map[string]any {
	t := jobj{}
	for i := 0; i < 40; i++ {
		t[fmt.Sprintf("k%02d", i)] = jobj{"v": jnum(fmt.Sprint(i)), "arr": jarr{jnum("1")}, "n": nil}
	}
	t["typed"] = map[string]string{"x": "1"}
	t["z"] = jobj{"y": jobj{"keep": true}}
	return t
}

func atomicPatch() map[string]any {
	p := jobj{}
	for i := 0; i < 60; i++ {
		k := fmt.Sprintf("k%02d", i)
		switch i % 3 {
		case 0:
			p[k] = nil
		case 1:
			p[k] = jobj{"v": "new", "arr": nil, "n": jobj{"deep": jarr{jnum("1")}, "gone": nil}}
		case 2:
			p[k] = "scalar"
		}
	}
	p["typed"] = jobj{"y": "2"}
	p["z"] = jobj{"y": jobj{"x": jnum("1")}}
	return p
}

func TestMergeIntoAtomic(t *testing.T) {
	zy := func(p map[string]any) map[string]any { return p["z"].(map[string]any)["y"].(map[string]any) }
	cases := []struct {
		name    string
		opts    Options
		inject  func(p, target map[string]any)
		wantErr error
	}{
		{"NaN deep in patch", Options{}, (func(p, _ map[string]any) { zy(p)["x"] = math.NaN() }), mergeErr("patch", "/z/y/x", ErrUnsupportedValue)},
		{"NaN deep in patch, slow path", Options{}, (func(p, _ map[string]any) {
			zy(p)["x"] = math.NaN()
			p["slow"] = map[string]string{"a": "b"}
			p["k07"] = mtTagged{Name: "t"}
		}), mergeErr("patch", "/z/y/x", ErrUnsupportedValue)},
		{"invalid name deep in patch", Options{}, (func(p, _ map[string]any) { zy(p)["\xff"] = jnum("1") }), mergeErr("patch", "/z/y", ErrInvalidUTF8)},
		{"typed unsupported deep in patch", Options{}, (func(p, _ map[string]any) { zy(p)["x"] = mtChanHolder{} }), mergeErr("patch", "/z/y/x/C", ErrUnsupportedValue)},
		{"fault in nested array", Options{}, (func(p, _ map[string]any) { zy(p)["x"] = jarr{jnum("1"), jarr{make(chan int)}} }), mergeErr("patch", "/z/y/x/1/0", ErrUnsupportedValue)},
		{"invalid json.Number", Options{}, (func(p, _ map[string]any) { zy(p)["x"] = jnum("1.") }), mergeErr("patch", "/z/y/x", ErrUnsupportedValue)},
		{"too deep in patch", Options{MaxDepth: 4}, (func(p, _ map[string]any) { zy(p)["x"] = jobj{"w": jobj{"v": jnum("1")}} }), mergeErr("patch", "/z/y/x/w", ErrMaxDepth)},
		{"unsupported target member reached", Options{}, (func(p, target map[string]any) {
			target["bad"] = mtFailing{}
			p["bad"] = jobj{"a": jnum("1")}
		}), mergeErr("target", "/bad", ErrUnsupportedValue)},
	}

	// Control: without a fault the patch applies, and rewrites most of
	// target, so the cases below would show any partial write.
	{
		target, patch := atomicTarget(), atomicPatch()
		want := refMerge(canonicalize(t, target), canonicalize(t, patch))
		if err := MergeInto(target, patch); err != nil {
			t.Fatalf("MergeInto without a fault: %v", err)
		}
		if diff := cmp.Diff(want, any(target)); diff != "" {
			t.Fatalf("MergeInto without a fault (-want +got):\n%s", diff)
		}
	}

	for _, c := range cases {
		c := c
		t.Run(c.name, func(t *testing.T) {
			// Map iteration order is random: repeat, so the fault is met
			// after many other members have been seen.
			for i := 0; i < 25; i++ {
				target, patch := atomicTarget(), atomicPatch()
				c.inject(patch, target)
				targetBefore, patchBefore := deepCopyGo(target), deepCopyGo(patch)

				err := c.opts.MergeInto(target, patch)
				checkMergeError(t, "MergeInto", err, c.wantErr, "SPEC §3: MergeInto is atomic")
				if diff := cmp.Diff(targetBefore, any(target), inputCmp); diff != "" {
					t.Fatalf("MergeInto failed but changed target (-want +got):\n%s", diff)
				}
				checkUnchanged(t, "patch after MergeInto", patchBefore, patch)

				_, err = c.opts.Merge(target, patch)
				checkMergeError(t, "Merge", err, c.wantErr, "SPEC §3")
				checkUnchanged(t, "target after Merge", targetBefore, target)
				checkUnchanged(t, "patch after Merge", patchBefore, patch)
				if t.Failed() {
					return
				}
			}
		})
	}
}

// TestValidName holds the fast name checks to utf8.ValidString, at every
// length around their 8- and 16-byte cases, with each kind of bad byte at
// each position: validName alone, and shortASCII, which the hot loops try
// first, and which must accept exactly the ASCII names of up to 8 bytes.
func TestValidName(t *testing.T) {
	faults := []string{"\x80", "\xc3", "\xff", "\xed\xa0\x80", "\xe2\x82", "é", "€", "😀"}
	check := func(s string) {
		t.Helper()
		if got, want := validName(s), utf8.ValidString(s); got != want {
			t.Errorf("validName(%q) = %v, want %v", s, got, want)
		}
		ascii := true
		for i := 0; i < len(s); i++ {
			ascii = ascii && s[i] < utf8.RuneSelf
		}
		if got, want := shortASCII(s), len(s) <= 8 && ascii; got != want {
			t.Errorf("shortASCII(%q) = %v, want %v", s, got, want)
		}
	}
	for n := 0; n <= 24; n++ {
		base := strings.Repeat("k", n)
		check(base)
		for i := 0; i <= n; i++ {
			for _, f := range faults {
				check(base[:i] + f + base[i:])
			}
		}
	}
}

// TestMergeErrorPrecedence checks that when both inputs have faults, Merge
// reports the one in target, whatever order it meets the members in: each
// case runs many times, since map iteration order varies.
func TestMergeErrorPrecedence(t *testing.T) {
	type point struct{ X, Y int }
	for _, c := range []struct {
		reason        string
		target, patch map[string]any
		path          string
	}{
		{"faults in unrelated members", map[string]any{"a": make(chan int), "m": map[string]any{}}, map[string]any{"b": math.NaN(), "m": map[string]any{"k": 1}}, "/a"},
		{"faults in the same object", map[string]any{"a": map[string]any{"x": make(chan int), "y": 1}}, map[string]any{"a": map[string]any{"y": math.Inf(1)}}, "/a/x"},
		{"patch fault in a merged object, target fault beside it",
			map[string]any{"a": map[string]any{"y": 1}, "b": map[string]any{"c": []any{func() {}}}, "z": 1},
			map[string]any{"a": map[string]any{"y": math.NaN()}}, "/b/c/0"},
		{"target fault in a member the patch replaces", map[string]any{"a": []any{make(chan int)}}, map[string]any{"a": math.NaN(), "b": map[string]any{"c": math.NaN()}}, "/a/0"},
		{"invalid names in both", map[string]any{"\xff": 1}, map[string]any{"\xfe": 1}, ""},
		{"converted target object merged with a faulty patch",
			map[string]any{"p": point{1, 2}, "q": map[string]any{"r": make(chan int)}},
			map[string]any{"p": map[string]any{"X": math.NaN()}}, "/q/r"},
	} {
		for n := 0; n < 50; n++ {
			_, err := Merge(c.target, c.patch)
			var e *Error
			if !errors.As(err, &e) || e.Input != "target" || e.Path != c.path {
				t.Fatalf("%s: Merge = %v; want an error in target at %q", c.reason, err, c.path)
			}
		}
	}
}

// mtCounted encodes to an object and counts how often it is encoded.
type mtCounted struct{ n *int }

func (c mtCounted) MarshalJSON() ([]byte, error) {
	*c.n++
	return []byte(`{"b":2,"c":null}`), nil
}

// TestMergeEncodesOnce checks that Merge encodes a patch value of another
// type once, also when it is an object merged into an object of the target.
func TestMergeEncodesOnce(t *testing.T) {
	for _, target := range []map[string]any{
		{"o": map[string]any{"a": 1, "c": 3}, "x": 1},
		{"o": map[string]any{"a": 1, "c": 3}},
		{"o": []any{1}},
		{},
	} {
		n := 0
		got, err := Merge(target, map[string]any{"o": mtCounted{&n}, "y": true})
		if err != nil {
			t.Fatal(err)
		}
		if n != 1 {
			t.Errorf("Merge(%v, ...) encoded the patch value %d times, want 1", target, n)
		}
		want := refMerge(canonicalize(t, target), map[string]any{"o": map[string]any{"b": json.Number("2"), "c": nil}, "y": true})
		if diff := cmp.Diff(want, canonicalize(t, got)); diff != "" {
			t.Errorf("Merge(%v, ...) (-want +got):\n%s", target, diff)
		}
	}
}
