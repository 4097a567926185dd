package deepmerge

import (
	"encoding/json"
	"errors"
	"math"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// Types for the value model's table: each shows one rule of SPEC.md §2.
type (
	vmTags struct {
		Plain   int
		Renamed int    `json:"renamed"`
		Skipped int    `json:"-"`
		Empty   string `json:",omitempty"`
		hidden  int
	}
	vmOmitEmpty struct {
		B bool           `json:"b,omitempty"`
		I int            `json:"i,omitempty"`
		F float64        `json:"f,omitempty"`
		S string         `json:"s,omitempty"`
		P *int           `json:"p,omitempty"`
		A any            `json:"a,omitempty"`
		L []int          `json:"l,omitempty"`
		M map[string]int `json:"m,omitempty"`
		R [0]int         `json:"r,omitempty"`
		T struct{}       `json:"t,omitempty"` // a struct is never empty
	}
	vmOmitZero struct {
		I  int       `json:"i,omitzero"`
		L  []int     `json:"l,omitzero"` // an empty, non-nil slice is not zero
		T  time.Time `json:"t,omitzero"`
		Z  vmZeroer  `json:"z,omitzero"`  // IsZero says when
		PZ vmPZeroer `json:"pz,omitzero"` // IsZero on the pointer
		N  *vmZeroer `json:"n,omitzero"`  // a nil pointer is zero
	}
	vmZeroer  struct{ V int }
	vmPZeroer struct{ V int }

	vmQuoted struct {
		I  int         `json:"i,string"`
		U  uint8       `json:"u,string"`
		F  float64     `json:"f,string"`
		B  bool        `json:"b,string"`
		S  string      `json:"s,string"`
		P  *int        `json:"p,string"`
		N  json.Number `json:"n,string"`
		NP *int        `json:"np,string"`
	}
	vmFormat struct {
		A time.Time `json:"a,format:RFC3339"`
	}
	vmInline struct {
		A map[string]any `json:",inline"`
	}
	vmEmbedded struct {
		*vmInner           // flattened; nil leaves its fields out
		vmShadowed         // its A is hidden by vmEmbedded.A
		A          int     `json:"a"`
		Named      vmInner `json:"named"`
	}
	vmInner    struct{ In int }
	vmShadowed struct {
		A int `json:"a"`
		B int `json:"b"`
	}

	vmText     struct{ s string }
	vmPtrText  struct{ s string }
	vmJSON     struct{}
	vmPtrJSON  struct{}
	vmBadJSON  struct{}
	vmDupJSON  struct{}
	vmTextKey  int
	vmName     string
	vmStrKey   string // a string kind: its MarshalText is not used for a key
	vmCollider int    // every key encodes to "same"
	vmHolder   struct {
		P vmPtrJSON
		T vmPtrText
	}
	vmBytes  []byte
	vmByte   byte
	vmBytesM []vmMByte
	vmMByte  byte
)

func (z vmZeroer) IsZero() bool   { return z.V == 0 || z.V == 42 }
func (z *vmPZeroer) IsZero() bool { return z.V == 7 }
func (t vmText) MarshalText() ([]byte, error) {
	if t.s == "fail" {
		return nil, errors.New("no text today")
	}
	return []byte("text:" + t.s), nil
}
func (t *vmPtrText) MarshalText() ([]byte, error) { return []byte("ptrtext:" + t.s), nil }
func (vmJSON) MarshalJSON() ([]byte, error) {
	return []byte(` {"n": 1.50, "big": 12345678901234567890} `), nil
}
func (*vmPtrJSON) MarshalJSON() ([]byte, error)  { return []byte(`"from pointer"`), nil }
func (vmBadJSON) MarshalJSON() ([]byte, error)   { return []byte(`{"a":}`), nil }
func (vmDupJSON) MarshalJSON() ([]byte, error)   { return []byte(`{"x":{"a":1,"a":2}}`), nil }
func (k vmTextKey) MarshalText() ([]byte, error) { return []byte("key-" + strconv.Itoa(int(k))), nil }
func (k vmStrKey) MarshalText() ([]byte, error)  { return []byte("never"), nil }
func (vmCollider) MarshalText() ([]byte, error)  { return []byte("same"), nil }
func (vmMByte) MarshalText() ([]byte, error)     { return []byte("b"), nil }

// TestValueModel holds the encoder to the value model, SPEC.md §2, with
// every expectation written out: it must pass unchanged on every Go
// release from go.mod's floor to the current one.
func TestValueModel(t *testing.T) {
	seven := 7
	type errWant struct {
		path   string
		err    error
		reason string // Reason(), exactly
	}
	for _, tc := range []struct {
		name    string
		v       any
		want    any
		wantErr *errWant
		reason  string
	}{
		// Scalars.
		{name: "int", v: int16(-7), want: jnum("-7"), reason: "integers are numbers"},
		{name: "uint64 max", v: uint64(math.MaxUint64), want: jnum("18446744073709551615"), reason: "exact, whatever the size"},
		{name: "float in a struct", v: struct{ F, G, H, I, J float64 }{100, 1e21, 1e-7, 0.000001, math.Copysign(0, -1)},
			want:   jobj{"F": jnum("100"), "G": jnum("1e+21"), "H": jnum("1e-7"), "I": jnum("0.000001"), "J": jnum("-0")},
			reason: "the shortest text that reads back; plain from 1e-6 up to 1e21, otherwise an exponent without leading zeros"},
		{name: "float32 in a struct", v: struct{ F float32 }{0.1}, want: jobj{"F": jnum("0.1")}, reason: "the shortest text at 32 bits, not float64(float32(0.1))"},
		{name: "NaN in a struct", v: struct{ F float64 }{math.NaN()}, wantErr: &errWant{"/F", ErrUnsupportedValue, "unsupported value NaN of type float64"}, reason: "JSON has no NaN"},
		{name: "string", v: vmName("x"), want: "x", reason: "a named string kind is a string"},
		{name: "string with MarshalText", v: vmStrKey("x"), want: "never", reason: "a value with MarshalText is its text, whatever its kind"},
		{name: "invalid UTF-8 string", v: struct{ S string }{"a\xffb"}, want: jobj{"S": "a\uFFFDb"}, reason: "each invalid byte becomes U+FFFD"},
		{name: "json.Number", v: struct{ N json.Number }{"1.50"}, want: jobj{"N": jnum("1.50")}, reason: "a json.Number is its text, exactly"},
		{name: "empty json.Number", v: struct{ N json.Number }{}, want: jobj{"N": jnum("0")}, reason: "the empty Number is 0"},
		{name: "invalid json.Number", v: struct{ N json.Number }{"01"}, wantErr: &errWant{"/N", ErrUnsupportedValue, `invalid json.Number "01"`}, reason: "the package's own wording, on every release"},
		{name: "complex", v: complex(1, 2), wantErr: &errWant{"", ErrUnsupportedValue, "unsupported value of type complex128"}, reason: "no JSON form"},
		{name: "chan in a struct", v: mtChanHolder{}, wantErr: &errWant{"/C", ErrUnsupportedValue, "unsupported value of type chan int"}, reason: "the path is the field's"},
		{name: "func in a slice", v: []func(){nil}, wantErr: &errWant{"/0", ErrUnsupportedValue, "unsupported value of type func()"}, reason: "a func has no JSON form, even a nil one"},

		// Pointers, interfaces, slices, maps and arrays.
		{name: "nil pointer", v: (*int)(nil), want: nil, reason: "null"},
		{name: "pointer", v: &seven, want: jnum("7"), reason: "what it points to"},
		{name: "nil map", v: map[string]int(nil), want: nil, reason: "null"},
		{name: "nil slice", v: []string(nil), want: nil, reason: "null"},
		{name: "empty slice", v: []string{}, want: jarr{}, reason: "[]"},
		{name: "nil interface in a struct", v: struct{ A any }{}, want: jobj{"A": nil}, reason: "null"},
		{name: "bytes", v: []byte("hi?"), want: "aGk/", reason: "a []byte is standard base64"},
		{name: "named bytes", v: vmBytes{1, 2}, want: "AQI=", reason: "whatever the slice type's name"},
		{name: "bytes of a named byte", v: []vmByte{1}, want: "AQ==", reason: "a byte type without methods is a byte"},
		{name: "bytes with methods", v: vmBytesM{1, 2}, want: jarr{"b", "b"}, reason: "elements with MarshalText are an array"},
		{name: "nil bytes", v: []byte(nil), want: nil, reason: "null"},
		{name: "byte array", v: [2]byte{1, 2}, want: jarr{jnum("1"), jnum("2")}, reason: "an array of bytes is an array of numbers (json/v2 would write base64)"},
		{name: "map[string]string", v: map[string]string{"a": "b"}, want: jobj{"a": "b"}, reason: "an object"},
		{name: "int keys", v: map[int8]bool{-1: true}, want: jobj{"-1": true}, reason: "an integer key is its decimal text"},
		{name: "uint keys", v: map[uint]bool{1: true}, want: jobj{"1": true}, reason: "an integer key is its decimal text"},
		{name: "text keys", v: map[vmTextKey]int{3: 1}, want: jobj{"key-3": jnum("1")}, reason: "MarshalText names a key, and wins over the integer kind"},
		{name: "string keys with MarshalText", v: map[vmStrKey]int{"k": 1}, want: jobj{"k": jnum("1")}, reason: "a string kind is its own name; MarshalText is not used"},
		{name: "colliding text keys", v: map[vmCollider]int{1: 1, 2: 2}, wantErr: &errWant{"/same", ErrDuplicateName,
			`value of type map[deepmerge.vmCollider]int has two keys that both encode to the member name "same"`}, reason: "two members of one name are never made"},
		{name: "invalid UTF-8 keys", v: map[string]int{"\xff": 1}, want: jobj{"\uFFFD": jnum("1")}, reason: "each invalid byte becomes U+FFFD"},
		{name: "keys that collide as UTF-8", v: map[string]int{"\xff": 1, "\uFFFD": 2}, wantErr: &errWant{"/\uFFFD", ErrDuplicateName,
			`value of type map[string]int has two keys that both encode to the member name "` + "\uFFFD" + `"`}, reason: "U+FFFD and an invalid byte would be one name"},
		{name: "bool keys, empty", v: map[bool]int{}, wantErr: &errWant{"", ErrUnsupportedValue, "unsupported value of type map[bool]int: map key type bool has no JSON form"},
			reason: "the key type decides, even for an empty map (Go 1.27's encoding/json writes {})"},
		{name: "bool keys", v: map[bool]int{true: 1}, wantErr: &errWant{"", ErrUnsupportedValue, "unsupported value of type map[bool]int: map key type bool has no JSON form"},
			reason: "one message on every release"},
		{name: "RawMessage named alike", v: map[bool][]json.RawMessage{}, wantErr: &errWant{"", ErrUnsupportedValue, "unsupported value of type map[bool][]json.RawMessage: map key type bool has no JSON form"},
			reason: "json.RawMessage is an alias of jsontext.Value on Go 1.27; messages name it json.RawMessage on every release"},
		{name: "float keys", v: map[float64]int{1.5: 1}, wantErr: &errWant{"", ErrUnsupportedValue, "unsupported value of type map[float64]int: map key type float64 has no JSON form"},
			reason: "Go 1.27's encoding/json writes {\"1.5\":1}; the model does not"},
		{name: "pointer cycle", v: func() any { var x any; x = &x; return &x }(), wantErr: &errWant{"", ErrMaxDepth,
			"value of type *interface {} nests too deeply to encode: more than 40004 steps through pointers, interfaces, fields and elements"}, reason: "a cycle that makes no JSON is stopped by the limit on steps"},

		// Structs.
		{name: "tags", v: vmTags{Plain: 1, Renamed: 2, Skipped: 3, hidden: 5},
			want: jobj{"Plain": jnum("1"), "renamed": jnum("2")}, reason: `"-" leaves a field out, unexported fields are left out, omitempty drops ""`},
		// Tags that linters rightly object to are made at run time.
		{name: "dash name", v: reflect.New(reflect.StructOf([]reflect.StructField{
			{Name: "Dash", Type: reflect.TypeOf(0), Tag: `json:"-,"`},
		})).Elem().Interface(), want: jobj{"-": jnum("0")}, reason: `"-," names a member "-"`},
		{name: "string option on a slice", v: reflect.New(reflect.StructOf([]reflect.StructField{
			{Name: "L", Type: reflect.TypeOf([]int{}), Tag: `json:"l,string"`},
		})).Elem().Interface(), want: jobj{"l": nil}, reason: "the string option does nothing on a kind it does not apply to"},
		{name: "odd tag names", v: reflect.New(reflect.StructOf([]reflect.StructField{
			{Name: "Quote", Type: reflect.TypeOf(0), Tag: `json:"a\"b"`},
			{Name: "Slash", Type: reflect.TypeOf(0), Tag: `json:"a\\b"`},
		})).Elem().Interface(), want: jobj{"Quote": jnum("0"), "Slash": jnum("0")},
			reason: "a tag name that is not valid keeps the Go name (Go 1.27's encoding/json drops both fields)"},
		{name: "omitempty", v: vmOmitEmpty{L: []int{}, M: map[string]int{}}, want: jobj{"t": jobj{}},
			reason: "false, 0, \"\", nil and length 0 are empty; a struct never is"},
		{name: "omitempty kept", v: vmOmitEmpty{B: true, I: 1, A: 0, R: [0]int{}}, want: jobj{"b": true, "i": jnum("1"), "a": jnum("0"), "t": jobj{}},
			reason: "an interface holding 0 is not nil"},
		{name: "omitzero", v: vmOmitZero{L: []int{}, Z: vmZeroer{42}, PZ: vmPZeroer{7}, N: &vmZeroer{}}, want: jobj{"l": jarr{}},
			reason: "omitzero on every release (Go 1.21 to 1.23's encoding/json ignored it); IsZero decides where there is one, on the value, its pointer, or through a pointer that has it"},
		{name: "omitzero kept", v: vmOmitZero{I: 1, Z: vmZeroer{1}, PZ: vmPZeroer{1}, N: &vmZeroer{V: 1}},
			want:   jobj{"i": jnum("1"), "z": jobj{"V": jnum("1")}, "pz": jobj{"V": jnum("1")}, "n": jobj{"V": jnum("1")}},
			reason: "what IsZero says is not zero is kept"},
		{name: "string option", v: vmQuoted{I: -1, U: 2, F: 0.5, B: true, S: "a\"b", P: &seven, N: "12"},
			want:   jobj{"i": "-1", "u": "2", "f": "0.5", "b": "true", "s": `"a\"b"`, "p": "7", "n": "12", "np": nil},
			reason: "a bool, number or string is written inside a string; a nil pointer stays null"},
		{name: "unknown tag option", v: vmFormat{}, wantErr: &errWant{"", ErrUnsupportedValue,
			`unsupported value of type deepmerge.vmFormat: field deepmerge.vmFormat.A has the tag option "format:RFC3339", which the value model does not know`},
			reason: "an option other encoders know (json/v2's format) is refused rather than ignored"},
		{name: "inline option", v: vmInline{}, wantErr: &errWant{"", ErrUnsupportedValue,
			`unsupported value of type deepmerge.vmInline: field deepmerge.vmInline.A has the tag option "inline", which the value model does not know`},
			reason: "json/v2's inline would change the members"},
		{name: "embedded", v: vmEmbedded{vmInner: &vmInner{In: 1}, vmShadowed: vmShadowed{A: 2, B: 3}, A: 4},
			want:   jobj{"In": jnum("1"), "a": jnum("4"), "b": jnum("3"), "named": jobj{"In": jnum("0")}},
			reason: "embedded structs are flattened; the shallower a wins; a tagged embedded struct is a member"},
		{name: "nil embedded pointer", v: vmEmbedded{}, want: jobj{"a": jnum("0"), "b": jnum("0"), "named": jobj{"In": jnum("0")}},
			reason: "the fields behind a nil embedded pointer are left out"},
		{name: "struct too deep", v: mtList(4), wantErr: &errWant{"/next/next/next", ErrMaxDepth, "nesting exceeds maximum depth 3"},
			reason: "objects of structs count as any object does (MaxDepth 3 here; the value is at depth 1)"},

		// Types that encode themselves.
		{name: "MarshalJSON", v: vmJSON{}, want: jobj{"n": jnum("1.50"), "big": jnum("12345678901234567890")}, reason: "its text, read strictly, numbers exact"},
		{name: "MarshalJSON on a pointer, not addressable", v: vmPtrJSON{}, want: jobj{}, reason: "a method of the pointer is not used for a value held by value"},
		{name: "MarshalJSON and MarshalText on pointers, addressable", v: &vmHolder{}, want: jobj{"P": "from pointer", "T": "ptrtext:"}, reason: "fields reached through a pointer are addressable"},
		{name: "MarshalText", v: vmText{"a\xff"}, want: "text:a\uFFFD", reason: "a string, invalid bytes as U+FFFD"},
		{name: "MarshalText fails", v: []vmText{{"fail"}}, wantErr: &errWant{"/0", ErrUnsupportedValue, "unsupported value of type deepmerge.vmText: error calling MarshalText: no text today"}, reason: "the method's error is wrapped in the message"},
		{name: "MarshalJSON fails", v: mtFailing{}, wantErr: &errWant{"", ErrUnsupportedValue, "unsupported value of type deepmerge.mtFailing: error calling MarshalJSON: mtFailing refuses"}, reason: "the method's error is wrapped in the message"},
		{name: "MarshalJSON not JSON", v: vmBadJSON{}, wantErr: &errWant{"/a", ErrSyntax, "value of type deepmerge.vmBadJSON encodes to JSON with invalid character '}' looking for beginning of value"}, reason: "its text is read as strictly as a patch"},
		{name: "MarshalJSON repeats a name", v: vmDupJSON{}, wantErr: &errWant{"/x/a", ErrDuplicateName, `value of type deepmerge.vmDupJSON encodes to JSON with duplicate member name "a"`}, reason: "at the path within its text"},
		{name: "RawMessage", v: json.RawMessage(`[1.0, "x"]`), want: jarr{jnum("1.0"), "x"}, reason: "its text, read strictly"},
		{name: "nil RawMessage", v: json.RawMessage(nil), want: nil, reason: "null"},
		{name: "empty RawMessage", v: json.RawMessage{}, wantErr: &errWant{"", ErrSyntax, "value of type json.RawMessage encodes to JSON with unexpected end of JSON input"}, reason: "no value is not null"},
		{name: "time.Time", v: time.Date(2026, 12, 7, 10, 0, 0, 5, time.UTC), want: "2026-12-07T10:00:00.000000005Z", reason: "its MarshalJSON"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := walker{max: DefaultMaxDepth, input: inPatch}
			if strings.HasPrefix(tc.name, "struct too deep") {
				w.max = 3
			}
			got, f := w.convertValue(tc.v, 1)
			if tc.wantErr == nil {
				if f != nil {
					t.Fatalf("convertValue(%#v): unexpected error %v\nreason: %s", tc.v, f.done(), tc.reason)
				}
				if diff := cmp.Diff(tc.want, got); diff != "" {
					t.Fatalf("convertValue(%#v) mismatch (-want +got):\n%s\nreason: %s", tc.v, diff, tc.reason)
				}
				return
			}
			if f == nil {
				t.Fatalf("convertValue(%#v) = %#v; want error %v\nreason: %s", tc.v, got, tc.wantErr.err, tc.reason)
			}
			e := f.done()
			type fields struct {
				Input, Path string
				Offset      int64
				Err         error
				Reason      string
			}
			gotF := fields{e.Input, e.Path, e.Offset, e.Err, e.Reason()}
			wantF := fields{"patch", tc.wantErr.path, -1, tc.wantErr.err, tc.wantErr.reason}
			if diff := cmp.Diff(wantF, gotF, cmp.Comparer(func(a, b error) bool { return a == b })); diff != "" {
				t.Fatalf("convertValue(%#v) error mismatch (-want +got):\n%s\nreason: %s", tc.v, diff, tc.reason)
			}
		})
	}
}

// TestValueModelThroughMerge shows the cases where Go releases' own
// encoders disagree, through the exported functions: Merge and MergeInto
// give these answers on every release.
func TestValueModelThroughMerge(t *testing.T) {
	for _, tc := range []struct {
		name    string
		x       any
		want    map[string]any
		wantErr error
		reason  string
	}{
		{"empty map with bool keys", map[bool]int{}, nil, mergeErr("patch", "/x", ErrUnsupportedValue), "Go 1.27's encoding/json merges it as {}"},
		{"map with float keys", map[float64]int{1.5: 1}, nil, mergeErr("patch", "/x", ErrUnsupportedValue), "Go 1.27's encoding/json merges it as {\"1.5\":1}"},
		{"tag option format", vmFormat{}, nil, mergeErr("patch", "/x", ErrUnsupportedValue), "Go 1.26 and earlier ignore the option"},
		{"omitzero", struct {
			A int `json:"a,omitzero"`
		}{}, jobj{"x": jobj{"keep": true}}, nil, "Go 1.21 to 1.23 ignore omitzero and would store a:0"},
		{"odd tag names", reflect.New(reflect.StructOf([]reflect.StructField{
			{Name: "Quote", Type: reflect.TypeOf(0), Tag: `json:"a\"b"`},
			{Name: "Slash", Type: reflect.TypeOf(0), Tag: `json:"a\\b"`},
		})).Elem().Interface(), jobj{"x": jobj{"keep": true, "Quote": jnum("0"), "Slash": jnum("0")}}, nil, "Go 1.27's encoding/json drops both fields"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			target := func() map[string]any { return jobj{"x": jobj{"keep": true}} }
			got, err := Merge(target(), jobj{"x": tc.x})
			checkMergeError(t, "Merge", err, tc.wantErr, tc.reason)
			if tc.wantErr == nil {
				if diff := cmp.Diff(tc.want, got); diff != "" {
					t.Errorf("Merge mismatch (-want +got):\n%s\nreason: %s", diff, tc.reason)
				}
			}
			into := target()
			err = MergeInto(into, jobj{"x": tc.x})
			checkMergeError(t, "MergeInto", err, tc.wantErr, tc.reason)
			want := tc.want
			if tc.wantErr != nil {
				want = target()
			}
			if diff := cmp.Diff(want, into); diff != "" {
				t.Errorf("MergeInto mismatch (-want +got):\n%s\nreason: %s", diff, tc.reason)
			}
		})
	}
}
