package deepmerge

import (
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// Types for the tables.

// upper has its own JSON form: a string, upper-cased by UnmarshalJSON.
type upper string

func (u upper) MarshalJSON() ([]byte, error) { return json.Marshal(string(u)) }
func (u *upper) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return errors.New("want a string")
	}
	*u = upper(strings.ToUpper(s))
	return nil
}

// point has its own JSON form as text: "x,y".
type point struct{ X, Y int }

func (p point) MarshalText() ([]byte, error) {
	return []byte(strconv.Itoa(p.X) + "," + strconv.Itoa(p.Y)), nil
}
func (p *point) UnmarshalText(b []byte) error {
	x, y, ok := strings.Cut(string(b), ",")
	if !ok {
		return errors.New("want x,y")
	}
	var err1, err2 error
	p.X, err1 = strconv.Atoi(x)
	p.Y, err2 = strconv.Atoi(y)
	if err1 != nil || err2 != nil {
		return errors.New("want x,y")
	}
	return nil
}

// counter is an object with its own JSON form: MarshalJSON and
// UnmarshalJSON by way of a map, counting the members.
type counter struct{ n int }

func (c counter) MarshalJSON() ([]byte, error) {
	m := map[string]int{}
	for i := 0; i < c.n; i++ {
		m["m"+strconv.Itoa(i)] = i
	}
	return json.Marshal(m)
}
func (c *counter) UnmarshalJSON(b []byte) error {
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		return err
	}
	c.n = len(m)
	return nil
}

type Embedded struct {
	E1 int    `json:"e1"`
	E2 string `json:"e2,omitempty"`
}

type embeddedHidden struct {
	H int `json:"h"`
}

type withEmbedded struct {
	*Embedded
	Name string `json:"name"`
}

type withHiddenEmbedded struct {
	*embeddedHidden
	Name string `json:"name"`
}

type quotedFields struct {
	I  int     `json:"i,string"`
	F  float64 `json:"f,string"`
	B  bool    `json:"b,string"`
	S  string  `json:"s,string"`
	PI *int    `json:"pi,string"`
}

type badTag struct {
	A int `json:"a,format:x"`
}

// decodeForTest decodes text into a fresh value of the type that ptr
// points to, by the value model's decode, and stores it there.
func decodeForTest(ptr any, text string) error {
	tm := getTypedMerger(Options{}, []byte(text), false)
	defer putTypedMerger(tm)
	root, err := tm.readPatch()
	if err != nil {
		return err.done()
	}
	v := reflect.ValueOf(ptr).Elem()
	fresh := reflect.New(v.Type()).Elem()
	if err := tm.decode(fresh, &root, false, encodeSteps(tm.max)); err != nil {
		return err.done()
	}
	v.Set(fresh)
	return nil
}

func ptrTo[T any](v T) *T { return &v }

// checkErr compares err with the expected sentinel, Path and Offset.
func checkErr(t *testing.T, err, want error, path string, offset int64) {
	t.Helper()
	if want == nil {
		if err != nil {
			t.Fatalf("error %v, want none", err)
		}
		return
	}
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("error %v, want an *Error wrapping %v", err, want)
	}
	if !errors.Is(err, want) || e.Path != path || e.Offset != offset {
		t.Fatalf("error %v (Path %q, Offset %d), want %v at %q, offset %d", err, e.Path, e.Offset, want, path, offset)
	}
}

// TestTypedDecodeTable is the decode direction of the value model, kind by
// kind, with written-out expectations: which JSON a Go value of each type
// accepts, and what it becomes. These answers are the package's own, so
// the table passes unchanged on every Go release.
func TestTypedDecodeTable(t *testing.T) {
	tests := []struct {
		name   string
		into   func() any // a pointer to a zero value of the type
		json   string
		want   any // what the pointer then points to
		err    error
		path   string
		offset int64
		reason string
	}{
		{"null into int", func() any { return new(int) }, `null`, 0, nil, "", 0, "null is the zero value of any type"},
		{"null into pointer", func() any { return new(*int) }, `null`, (*int)(nil), nil, "", 0, "null is a nil pointer"},
		{"bool", func() any { return new(bool) }, `true`, true, nil, "", 0, "a boolean takes true and false"},
		{"bool from number", func() any { return new(bool) }, `1`, false, ErrMismatchedType, "", 0, "no truthiness"},
		{"int", func() any { return new(int) }, `-42`, -42, nil, "", 0, "an integer literal"},
		{"int with fraction", func() any { return new(int) }, `1.5`, 0, ErrMismatchedType, "", 0, "a fraction is not an integer"},
		{"int written 1.0", func() any { return new(int) }, `1.0`, 0, ErrMismatchedType, "", 0, "integers are written as integers: the number's text decides, not its value"},
		{"int with exponent", func() any { return new(int) }, `1e2`, 0, ErrMismatchedType, "", 0, "an exponent is not an integer literal"},
		{"int8 overflow", func() any { return new(int8) }, `128`, int8(0), ErrMismatchedType, "", 0, "out of range of the Go type"},
		{"int8 minimum", func() any { return new(int8) }, `-128`, int8(-128), nil, "", 0, "the edge of the range fits"},
		{"int64 big", func() any { return new(int64) }, `9223372036854775807`, int64(9223372036854775807), nil, "", 0, "exact, no float on the way"},
		{"uint negative", func() any { return new(uint) }, `-1`, uint(0), ErrMismatchedType, "", 0, "no negative unsigned"},
		{"uint64 big", func() any { return new(uint64) }, `18446744073709551615`, uint64(18446744073709551615), nil, "", 0, "exact"},
		{"int from string", func() any { return new(int) }, `"5"`, 0, ErrMismatchedType, "", 0, "only a field tagged string takes its number in a string"},
		{"float64", func() any { return new(float64) }, `1.5e-7`, 1.5e-7, nil, "", 0, "any number"},
		{"float64 overflow", func() any { return new(float64) }, `1e400`, 0.0, ErrMismatchedType, "", 0, "out of range, not infinity"},
		{"float32 overflow", func() any { return new(float32) }, `1e39`, float32(0), ErrMismatchedType, "", 0, "out of range of float32"},
		{"string", func() any { return new(string) }, `"a\u00e9\n"`, "aé\n", nil, "", 0, "escapes decoded"},
		{"string from number", func() any { return new(string) }, `5`, "", ErrMismatchedType, "", 0, "no conversion"},
		{"bytes", func() any { return new([]byte) }, `"aGk="`, []byte("hi"), nil, "", 0, "standard base64 with padding"},
		{"bytes empty", func() any { return new([]byte) }, `""`, []byte{}, nil, "", 0, "an empty string is an empty, non-nil slice"},
		{"bytes unpadded", func() any { return new([]byte) }, `"aGk"`, []byte(nil), ErrMismatchedType, "", 0, "padding is required"},
		{"bytes from array", func() any { return new([]byte) }, `[104,105]`, []byte(nil), ErrMismatchedType, "", 0, "a []byte is a base64 string only"},
		{"slice", func() any { return new([]string) }, `["a","b"]`, []string{"a", "b"}, nil, "", 0, "an array of any length"},
		{"slice empty", func() any { return new([]string) }, `[]`, []string{}, nil, "", 0, "an empty array is an empty, non-nil slice"},
		{"slice element error", func() any { return new([]int) }, `[1, "x"]`, []int(nil), ErrMismatchedType, "/1", 4, "the error points at the element"},
		{"array exact", func() any { return new([2]int) }, `[1,2]`, [2]int{1, 2}, nil, "", 0, "a Go array takes an array of its length"},
		{"array short", func() any { return new([2]int) }, `[1]`, [2]int{}, ErrMismatchedType, "", 0, "an array of another length is an error, not padded"},
		{"array long", func() any { return new([2]int) }, `[1,2,3]`, [2]int{}, ErrMismatchedType, "", 0, "nor cut"},
		{"map string keys", func() any { return new(map[string]int) }, `{"a":1}`, map[string]int{"a": 1}, nil, "", 0, "an object"},
		{"map int keys", func() any { return new(map[int]string) }, `{"-3":"x","7":"y"}`, map[int]string{-3: "x", 7: "y"}, nil, "", 0, "decimal integer names"},
		{"map int key not canonical", func() any { return new(map[int]string) }, `{"07":"x"}`, map[int]string(nil), ErrMismatchedType, "/07", 6, "a key must encode back to the same name"},
		{"map uint8 key overflow", func() any { return new(map[uint8]int) }, `{"256":1}`, map[uint8]int(nil), ErrMismatchedType, "/256", 7, "out of range of the key type"},
		{"map text keys", func() any { return new(map[point]int) }, `{"1,2":3}`, map[point]int{{1, 2}: 3}, nil, "", 0, "a key type with MarshalText and UnmarshalText"},
		{"map text key bad", func() any { return new(map[point]int) }, `{"x":3}`, map[point]int(nil), ErrMismatchedType, "/x", 5, "UnmarshalText's error"},
		{"map bool keys", func() any { return new(map[bool]int) }, `{}`, map[bool]int(nil), ErrUnsupportedValue, "", 0, "a key type with no JSON form, even for {}"},
		{"map null value", func() any { return new(map[string]int) }, `{"a":null}`, map[string]int{"a": 0}, nil, "", 0, "decoding (not merging) stores the zero value"},
		{"pointer", func() any { return new(*int) }, `3`, ptrTo(3), nil, "", 0, "allocated"},
		{"any number", func() any { return new(any) }, `12345678901234567890`, json.Number("12345678901234567890"), nil, "", 0, "numbers into interface{} keep their text, as json.Number"},
		{"any object", func() any { return new(any) }, `{"a":[1,null,true,"s"]}`, map[string]any{"a": []any{json.Number("1"), nil, true, "s"}}, nil, "", 0, "canonical values"},
		{"interface with methods", func() any { return new(fmt.Stringer) }, `"x"`, fmt.Stringer(nil), ErrUnsupportedValue, "", 0, "nothing to decode into"},
		{"json.Number", func() any { return new(json.Number) }, `1.50`, json.Number("1.50"), nil, "", 0, "the text, exactly"},
		{"json.Number from string", func() any { return new(json.Number) }, `"1"`, json.Number(""), ErrMismatchedType, "", 0, "a number only"},
		{"RawMessage", func() any { return new(json.RawMessage) }, `{ "a" : [1, 2] }`, json.RawMessage(`{"a":[1,2]}`), nil, "", 0, "the value's text, compacted"},
		{"RawMessage null", func() any { return new(json.RawMessage) }, `null`, json.RawMessage(nil), nil, "", 0, "null is the zero value here too, not the text null"},
		{"UnmarshalJSON", func() any { return new(upper) }, `"abc"`, upper("ABC"), nil, "", 0, "the method is called with the value's text"},
		{"UnmarshalJSON error", func() any { return new(upper) }, `5`, upper(""), ErrMismatchedType, "", 0, "the method's error"},
		{"UnmarshalText", func() any { return new(point) }, `"1,2"`, point{1, 2}, nil, "", 0, "a string, through UnmarshalText"},
		{"UnmarshalText not a string", func() any { return new(point) }, `{"X":1}`, point{}, ErrMismatchedType, "", 0, "only a string"},
		{"time.Time", func() any { return new(time.Time) }, `"2026-12-07T15:30:00Z"`, time.Date(2026, 12, 7, 15, 30, 0, 0, time.UTC), nil, "", 0, "through its UnmarshalJSON"},
		{"struct", func() any { return new(Embedded) }, `{"e1":1,"e2":"x"}`, Embedded{1, "x"}, nil, "", 0, "members by field name"},
		{"struct other case", func() any { return new(Embedded) }, `{"E1":1}`, Embedded{}, ErrUnknownMember, "/E1", 6, "names match exactly, case included"},
		{"struct unknown member", func() any { return new(Embedded) }, `{"zz":null}`, Embedded{}, ErrUnknownMember, "/zz", 6, "strict: even with null, decoding has nowhere to put it"},
		{"struct from array", func() any { return new(Embedded) }, `[]`, Embedded{}, ErrMismatchedType, "", 0, "a struct takes an object"},
		{"embedded pointer allocated", func() any { return new(withEmbedded) }, `{"e1":2}`, withEmbedded{Embedded: &Embedded{E1: 2}}, nil, "", 0, "a member behind a nil embedded pointer allocates it"},
		{"embedded pointer null", func() any { return new(withEmbedded) }, `{"e1":null,"name":"n"}`, withEmbedded{Name: "n"}, nil, "", 0, "null allocates nothing"},
		{"unexported embedded pointer", func() any { return new(withHiddenEmbedded) }, `{"h":1}`, withHiddenEmbedded{}, ErrUnsupportedValue, "/h", 5, "it cannot be allocated"},
		{"tagged string int", func() any { return new(quotedFields) }, `{"i":"12"}`, quotedFields{I: 12}, nil, "", 0, "the number inside a string"},
		{"tagged string int bare", func() any { return new(quotedFields) }, `{"i":12}`, quotedFields{}, ErrMismatchedType, "/i", 5, "a field tagged string wants the string"},
		{"tagged string float", func() any { return new(quotedFields) }, `{"f":"1.5"}`, quotedFields{F: 1.5}, nil, "", 0, ""},
		{"tagged string bool", func() any { return new(quotedFields) }, `{"b":"true"}`, quotedFields{B: true}, nil, "", 0, ""},
		{"tagged string string", func() any { return new(quotedFields) }, `{"s":"\"x\""}`, quotedFields{S: "x"}, nil, "", 0, "a JSON string inside the string"},
		{"tagged string string bare", func() any { return new(quotedFields) }, `{"s":"x"}`, quotedFields{}, ErrMismatchedType, "/s", 5, ""},
		{"tagged string pointer", func() any { return new(quotedFields) }, `{"pi":"7"}`, quotedFields{PI: ptrTo(7)}, nil, "", 0, "the option reaches through a pointer"},
		{"unknown tag option", func() any { return new(badTag) }, `{"a":1}`, badTag{}, ErrUnsupportedValue, "", 0, "the model refuses what it does not know, on every release"},
		{"channel", func() any { return new(chan int) }, `1`, (chan int)(nil), ErrUnsupportedValue, "", 0, "no JSON form"},
		{"invalid UTF-8", func() any { return new(string) }, "\"a\xffb\"", "", ErrInvalidUTF8, "", 2, "read as strictly as a patch: never replaced by U+FFFD"},
		{"escaped member name", func() any { return new(Embedded) }, `{"\u00651":3}`, Embedded{E1: 3}, nil, "", 0, "names compare by their decoded value"},
		{"tagged string int not a number", func() any { return new(quotedFields) }, `{"i":"x"}`, quotedFields{}, ErrMismatchedType, "/i", 5, "the string must hold a number"},
		{"number text kept under any", func() any { return new(map[string]any) }, `{"n":1.0}`, map[string]any{"n": json.Number("1.0")}, nil, "", 0, "interface{} keeps the number's text, 1.0 stays 1.0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := tt.into()
			err := decodeForTest(p, tt.json)
			checkErr(t, err, tt.err, tt.path, tt.offset)
			got := reflect.ValueOf(p).Elem().Interface()
			if diff := cmp.Diff(tt.want, got, cmp.AllowUnexported(point{}, withHiddenEmbedded{})); diff != "" {
				t.Errorf("%s: (-want +got)\n%s", tt.reason, diff)
			}
		})
	}
}

// settings is the resource of the merge tables.
type settings struct {
	Theme   string            `json:"theme"`
	Font    int               `json:"font,omitempty"`
	Notify  notify            `json:"notify"`
	Profile *profile          `json:"profile,omitempty"`
	Labels  map[string]string `json:"labels,omitempty"`
	Extra   map[string]any    `json:"extra,omitempty"`
	Tags    []string          `json:"tags,omitempty"`
	Any     any               `json:"any,omitempty"`
	Name    upper             `json:"name,omitempty"`
	Raw     json.RawMessage   `json:"raw,omitempty"`
	Skip    string            `json:"-"`
	hidden  int
}

type notify struct {
	Email bool `json:"email"`
	SMS   bool `json:"sms"`
}

type profile struct {
	Bio  string `json:"bio"`
	Link string `json:"link,omitempty"`
}

func newSettings() *settings {
	return &settings{
		Theme:   "dark",
		Font:    12,
		Notify:  notify{Email: true},
		Profile: &profile{Bio: "hi"},
		Labels:  map[string]string{"env": "prod"},
		Extra:   map[string]any{"n": json.Number("1"), "deep": map[string]any{"x": true}},
		Tags:    []string{"a"},
		Skip:    "kept",
		hidden:  7,
	}
}

// TestMergeJSONIntoTable applies patches to a settings struct, checking the
// result, or the error and that the target is unchanged.
func TestMergeJSONIntoTable(t *testing.T) {
	tests := []struct {
		name   string
		patch  string
		want   func(s *settings) // the change to newSettings() expected
		err    error
		path   string
		offset int64
		reason string
	}{
		{"scalar", `{"theme":"light"}`, func(s *settings) { s.Theme = "light" }, nil, "", 0, "Rule 3"},
		{"null field", `{"font":null}`, func(s *settings) { s.Font = 0 }, nil, "", 0, "Rule 1: a struct field is set to its zero value"},
		{"null nested struct", `{"notify":null}`, func(s *settings) { s.Notify = notify{} }, nil, "", 0, "the struct's zero value"},
		{"nested struct", `{"notify":{"sms":true}}`, func(s *settings) { s.Notify.SMS = true }, nil, "", 0, "Rule 2 into a struct: other fields kept"},
		{"through pointer", `{"profile":{"link":"x"}}`, func(s *settings) { s.Profile.Link = "x" }, nil, "", 0, "Rule 2 through a pointer"},
		{"nil pointer allocated", `{"profile":{"link":"x"}}`, nil, nil, "", 0, "covered in TestMergeJSONIntoNilPointer"},
		{"null pointer", `{"profile":null}`, func(s *settings) { s.Profile = nil }, nil, "", 0, "Rule 1 on a pointer"},
		{"map entry deleted", `{"labels":{"env":null,"tier":"1"}}`, func(s *settings) { s.Labels = map[string]string{"tier": "1"} }, nil, "", 0, "Rule 1 on a map entry deletes it"},
		{"map null missing", `{"labels":{"nope":null}}`, func(s *settings) {}, nil, "", 0, "a null for a key the map lacks is a no-op"},
		{"any map deep", `{"extra":{"deep":{"x":null,"y":12345678901234567890}}}`, func(s *settings) {
			s.Extra["deep"] = map[string]any{"y": json.Number("12345678901234567890")}
		}, nil, "", 0, "map[string]any merged recursively, numbers exact"},
		{"any nil", `{"any":{"a":null,"b":{"c":null}}}`, func(s *settings) { s.Any = map[string]any{"b": map[string]any{}} }, nil, "", 0, "a nil interface{} merges from {}: nulls dropped"},
		{"slice replaced", `{"tags":["x","y"]}`, func(s *settings) { s.Tags = []string{"x", "y"} }, nil, "", 0, "arrays are never merged"},
		{"opaque", `{"name":"ada"}`, func(s *settings) { s.Name = "ADA" }, nil, "", 0, "decoded by UnmarshalJSON"},
		{"raw object", `{"raw":{"a":1}}`, func(s *settings) { s.Raw = json.RawMessage(`{"a":1}`) }, nil, "", 0, "a nil RawMessage is null: the object merged into {}"},
		{"unknown null", `{"nope":null}`, func(s *settings) {}, nil, "", 0, "removing what is not there is a no-op"},
		{"null in another case", `{"Theme":null,"THEME":null}`, func(s *settings) {}, nil, "", 0, "a null under a name no field has is no error and changes nothing, as in the model"},
		{"type error", `{"theme":5}`, nil, ErrMismatchedType, "/theme", 9, "the issue's example: offset of the value in the patch"},
		{"unknown member", `{"theme":"x","colour":"red"}`, nil, ErrUnknownMember, "/colour", 22, "strict; and atomic: theme is not changed"},
		{"other case", `{"Theme":"x"}`, nil, ErrUnknownMember, "/Theme", 9, "exact names, as v2 matches"},
		{"dash field", `{"Skip":"x"}`, nil, ErrUnknownMember, "/Skip", 8, "a field tagged - has no member"},
		{"hidden field", `{"hidden":1}`, nil, ErrUnknownMember, "/hidden", 10, "an unexported field has no member"},
		{"deep error late", `{"notify":{"sms":true},"labels":{"a":"b"},"extra":{"deep":{"z":1}},"profile":{"bio":[]}}`, nil, ErrMismatchedType, "/profile/bio", 84, "every earlier change is undone"},
		{"object onto scalar", `{"font":{"a":1}}`, nil, ErrMismatchedType, "/font", 8, "Rule 3 with an object: an int cannot hold it"},
		{"object onto slice", `{"tags":{}}`, nil, ErrMismatchedType, "/tags", 8, "arrays are not objects"},
		{"opaque error", `{"name":5}`, nil, ErrMismatchedType, "/name", 8, "UnmarshalJSON's error"},
		{"syntax", `{"theme":}`, nil, ErrSyntax, "/theme", 9, "read as strictly as MergeJSON reads a patch"},
		{"duplicate", `{"theme":"a","theme":"b"}`, nil, ErrDuplicateName, "/theme", 13, "ErrDuplicateName, as MergeJSON"},
		{"not object", `[]`, nil, ErrMismatchedType, "", 0, "a patch that is not an object replaces the value: [] is no settings"},
	}
	for _, tt := range tests {
		if tt.name == "nil pointer allocated" {
			continue
		}
		t.Run(tt.name, func(t *testing.T) {
			s := newSettings()
			held := s.Labels // the maps held, to see they are unchanged on error
			err := MergeJSONInto(s, []byte(tt.patch))
			checkErr(t, err, tt.err, tt.path, tt.offset)
			want := newSettings()
			if tt.want != nil {
				tt.want(want)
			}
			if diff := cmp.Diff(want, s, cmp.AllowUnexported(settings{})); diff != "" {
				t.Errorf("%s: (-want +got)\n%s", tt.reason, diff)
			}
			if tt.err != nil && !cmp.Equal(held, map[string]string{"env": "prod"}) {
				t.Errorf("a map the target held changed on error: %v", held)
			}
		})
	}
}

// TestMergeJSONIntoNilPointer covers allocation: Rule 2 into a nil pointer
// or map allocates it, as decoding {} would.
func TestMergeJSONIntoNilPointer(t *testing.T) {
	var s settings
	if err := MergeJSONInto(&s, []byte(`{"profile":{"link":"x"},"labels":{"a":"b"},"extra":{}}`)); err != nil {
		t.Fatal(err)
	}
	want := settings{Profile: &profile{Link: "x"}, Labels: map[string]string{"a": "b"}, Extra: map[string]any{}}
	if diff := cmp.Diff(want, s, cmp.AllowUnexported(settings{})); diff != "" {
		t.Errorf("(-want +got)\n%s", diff)
	}
}

// TestMergeJSONIntoTargets covers what target may be.
func TestMergeJSONIntoTargets(t *testing.T) {
	var nilPtr *settings
	tests := []struct {
		name   string
		target any
		err    error
		reason string
	}{
		{"nil", nil, ErrUnsupportedValue, "no pointer at all"},
		{"non-pointer", settings{}, ErrUnsupportedValue, "a copy cannot be changed"},
		{"nil pointer", nilPtr, ErrNilTarget, "nothing to change"},
	}
	for _, tt := range tests {
		err := MergeJSONInto(tt.target, []byte(`{}`))
		var e *Error
		if !errors.Is(err, tt.err) || !errors.As(err, &e) || e.Input != "target" {
			t.Errorf("%s: error %v, want %v with Input target (%s)", tt.name, err, tt.err, tt.reason)
		}
	}
	// A map, an interface{} and a pointer to a pointer are targets too.
	m := map[string]int{"a": 1}
	if err := MergeJSONInto(&m, []byte(`{"a":null,"b":2}`)); err != nil || !cmp.Equal(m, map[string]int{"b": 2}) {
		t.Errorf("map: %v, %v", m, err)
	}
	var a any = map[string]any{"a": true}
	if err := MergeJSONInto(&a, []byte(`{"b":1}`)); err != nil || !cmp.Equal(a, any(map[string]any{"a": true, "b": json.Number("1")})) {
		t.Errorf("any: %v, %v", a, err)
	}
	var pp **profile
	if err := MergeJSONInto(&pp, []byte(`{"bio":"x"}`)); err != nil || pp == nil || *pp == nil || (*pp).Bio != "x" {
		t.Errorf("**profile: %v", err)
	}
	n := 5
	if err := MergeJSONInto(&n, []byte(`null`)); err != nil || n != 0 {
		t.Errorf("null patch: %d, %v", n, err)
	}
}

// TestMergeJSONIntoExceptions shows each documented exception to the
// reference model.
func TestMergeJSONIntoExceptions(t *testing.T) {
	t.Run("unexported and dash kept", func(t *testing.T) {
		s := newSettings()
		if err := MergeJSONInto(s, []byte(`{"theme":"x"}`)); err != nil {
			t.Fatal(err)
		}
		if s.hidden != 7 || s.Skip != "kept" {
			t.Errorf("hidden %d, Skip %q: the round trip would zero them, MergeJSONInto keeps them", s.hidden, s.Skip)
		}
	})
	t.Run("empty slice stays non-nil", func(t *testing.T) {
		s := &settings{Tags: []string{}}
		if err := MergeJSONInto(s, []byte(`{"theme":"x"}`)); err != nil {
			t.Fatal(err)
		}
		if s.Tags == nil {
			t.Error("an omitempty empty slice the patch does not reach stays as it is (the model would give nil: same JSON)")
		}
	})
	t.Run("embedded pointer stays allocated", func(t *testing.T) {
		w := withEmbedded{Embedded: &Embedded{E1: 1}}
		if err := MergeJSONInto(&w, []byte(`{"e1":null}`)); err != nil {
			t.Fatal(err)
		}
		if w.Embedded == nil || *w.Embedded != (Embedded{}) {
			t.Errorf("got %+v, want the embedded pointer allocated and zero", w.Embedded)
		}
	})
	t.Run("shared map", func(t *testing.T) {
		m := map[string]string{"a": "1"}
		type two struct {
			X map[string]string `json:"x"`
			Y map[string]string `json:"y"`
		}
		v := two{X: m, Y: m}
		err := MergeJSONInto(&v, []byte(`{"x":{"b":"2"},"y":{"c":"3"}}`))
		var e *Error
		if !errors.Is(err, ErrSharedMap) || !errors.As(err, &e) || e.Input != "target" || e.Path != "/y" {
			t.Fatalf("error %v, want ErrSharedMap at target /y", err)
		}
		if !cmp.Equal(m, map[string]string{"a": "1"}) {
			t.Errorf("map changed on error: %v", m)
		}
	})
	t.Run("shared pointer", func(t *testing.T) {
		p := &profile{Bio: "b"}
		type two struct {
			X *profile `json:"x"`
			Y *profile `json:"y"`
		}
		v := two{X: p, Y: p}
		if err := MergeJSONInto(&v, []byte(`{"x":{"bio":"1"},"y":{"bio":"2"}}`)); !errors.Is(err, ErrSharedMap) {
			t.Fatalf("error %v, want ErrSharedMap", err)
		}
		if p.Bio != "b" {
			t.Errorf("pointee changed on error: %+v", p)
		}
	})
	t.Run("unreached values not checked", func(t *testing.T) {
		s := &settings{Extra: map[string]any{"bad": make(chan int)}}
		if err := MergeJSONInto(s, []byte(`{"theme":"x","extra":{"ok":1}}`)); err != nil {
			t.Fatalf("error %v: the channel is not reached, so not encoded", err)
		}
	})
}

// TestMergeJSONIntoAliasing checks that the target shares nothing with the
// patch, and that values it replaced are not modified.
func TestMergeJSONIntoAliasing(t *testing.T) {
	s := newSettings()
	oldTags := s.Tags
	oldProfile := s.Profile
	patch := []byte(`{"tags":["x"],"raw":[1],"profile":null,"any":{"s":"str"}}`)
	if err := MergeJSONInto(s, patch); err != nil {
		t.Fatal(err)
	}
	if oldTags[0] != "a" || oldProfile.Bio != "hi" {
		t.Error("a value the patch replaced was modified")
	}
	copy(patch, `{"tags":["y"],"raw":[2]`)
	if s.Tags[0] != "x" || string(s.Raw) != "[1]" {
		t.Errorf("the target shares memory with the patch: %v %s", s.Tags, s.Raw)
	}
}

// TestMergeJSONValue checks the form that returns a new value: v is
// untouched, its maps and pointees included, and the parts the patch does
// not reach are shared.
func TestMergeJSONValue(t *testing.T) {
	s := newSettings()
	got, err := MergeJSONValue(*s, []byte(`{"labels":{"env":null},"profile":{"bio":"new"},"extra":{"deep":{"x":null}},"theme":"t"}`))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(newSettings(), s, cmp.AllowUnexported(settings{})); diff != "" {
		t.Errorf("v changed (-want +got)\n%s", diff)
	}
	want := newSettings()
	want.Labels = map[string]string{}
	want.Profile.Bio = "new"
	want.Extra["deep"] = map[string]any{}
	want.Theme = "t"
	if diff := cmp.Diff(*want, got, cmp.AllowUnexported(settings{})); diff != "" {
		t.Errorf("(-want +got)\n%s", diff)
	}
	if &got.Tags[0] != &s.Tags[0] {
		t.Error("a slice the patch does not reach should be shared")
	}
	// A map held at two places is no error: each gets its own copy.
	m := map[string]string{"a": "1"}
	type two struct {
		X map[string]string `json:"x"`
		Y map[string]string `json:"y"`
	}
	v2, err := MergeJSONValue(two{m, m}, []byte(`{"x":{"b":"2"},"y":{"c":"3"}}`))
	if err != nil {
		t.Fatal(err)
	}
	if !cmp.Equal(v2, two{map[string]string{"a": "1", "b": "2"}, map[string]string{"a": "1", "c": "3"}}) || len(m) != 1 {
		t.Errorf("got %v, m %v", v2, m)
	}
	// A pointer type: the pointee is copied, not written.
	p := &profile{Bio: "b"}
	p2, err := MergeJSONValue(p, []byte(`{"bio":"c"}`))
	if err != nil || p2 == p || p2.Bio != "c" || p.Bio != "b" {
		t.Errorf("pointer: %+v %+v %v", p, p2, err)
	}
	// Embedded pointers are copied too.
	w := withEmbedded{Embedded: &Embedded{E1: 1}}
	w2, err := MergeJSONValue(w, []byte(`{"e1":2}`))
	if err != nil || w.E1 != 1 || w2.E1 != 2 {
		t.Errorf("embedded: %v %v %v", w.E1, w2.E1, err)
	}
	// On error, the zero value.
	if z, err := MergeJSONValue(*s, []byte(`{"theme":1}`)); !errors.Is(err, ErrMismatchedType) || !cmp.Equal(z, settings{}, cmp.AllowUnexported(settings{})) {
		t.Errorf("error case: %v", err)
	}
}

// TestMergeJSONIntoOpaqueObject merges an object into a type with its own
// JSON form that is an object.
func TestMergeJSONIntoOpaqueObject(t *testing.T) {
	type holder struct {
		C counter `json:"c"`
	}
	h := holder{C: counter{n: 2}}
	// The form is {"m0":0,"m1":1}; the patch removes m0 and adds two.
	if err := MergeJSONInto(&h, []byte(`{"c":{"m0":null,"x":1,"y":2}}`)); err != nil {
		t.Fatal(err)
	}
	if h.C.n != 3 {
		t.Errorf("n = %d, want 3: the merge of the form, decoded by UnmarshalJSON", h.C.n)
	}
	// An interface{} holding a struct becomes the merged map[string]any.
	var a any = profile{Bio: "b", Link: "l"}
	if err := MergeJSONInto(&a, []byte(`{"link":null}`)); err != nil || !cmp.Equal(a, any(map[string]any{"bio": "b"})) {
		t.Errorf("any holding a struct: %#v %v", a, err)
	}
}

// TestDiffValues makes patches from two settings values.
func TestDiffValues(t *testing.T) {
	tests := []struct {
		name   string
		change func(s *settings)
		want   string
		err    error
		path   string
		reason string
	}{
		{"equal", func(s *settings) {}, `{}`, nil, "", "no change, no members"},
		{"scalar", func(s *settings) { s.Theme = "light" }, `{"theme":"light"}`, nil, "", "a changed field"},
		{"nested", func(s *settings) { s.Notify.SMS = true }, `{"notify":{"sms":true}}`, nil, "", "only the member that changed, recursively"},
		{"nil slice", func(s *settings) { s.Tags = nil }, `{"tags":null}`, nil, "", "a nil slice field is absent, not a stored null: the patch removes it"},
		{"nil pointer", func(s *settings) { s.Profile = nil }, `{"profile":null}`, nil, "", "the same for a pointer"},
		{"nil map", func(s *settings) { s.Labels = nil }, `{"labels":null}`, nil, "", "and a map"},
		{"map entry", func(s *settings) { s.Labels = map[string]string{"env": "dev", "x": "y"} }, `{"labels":{"env":"dev","x":"y"}}`, nil, "", "map entries diffed"},
		{"map entry removed", func(s *settings) { s.Labels = map[string]string{"x": "y"} }, `{"labels":{"x":"y","env":null}}`, nil, "", "a removed key is null"},
		{"map emptied", func(s *settings) { s.Labels = map[string]string{} }, `{"labels":null}`, nil, "", "omitempty leaves an empty map out, so the member is removed"},
		{"any nil entry", func(s *settings) { s.Extra["new"] = nil }, ``, ErrNotRepresentable, "/extra/new", "a nil map entry is a member: a patch cannot store it"},
		{"hidden ignored", func(s *settings) { s.hidden = 1; s.Skip = "z" }, `{}`, nil, "", "fields with no member make no patch"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, b := newSettings(), newSettings()
			tt.change(b)
			patch, err := DiffValues(*a, *b)
			if tt.err != nil {
				checkErr(t, err, tt.err, tt.path, -1)
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if string(patch) != tt.want {
				t.Errorf("%s: patch %s, want %s", tt.reason, patch, tt.want)
			}
			if err := MergeJSONInto(a, patch); err != nil {
				t.Fatal(err)
			}
			if got, want := jsonForm(t, a), jsonForm(t, b); got != want {
				t.Errorf("MergeJSONInto(current, patch) gives %s, want desired %s", got, want)
			}
		})
	}
}

// TestMergeJSONIntoConcurrent merges from several goroutines at once, each
// into its own target, for the race detector and the pooled mergers.
func TestMergeJSONIntoConcurrent(t *testing.T) {
	patch := []byte(`{"theme":"x","labels":{"env":null,"a":"b"},"extra":{"deep":{"y":[1,2]}},"profile":{"link":"l"}}`)
	want := newSettings()
	if err := MergeJSONInto(want, patch); err != nil {
		t.Fatal(err)
	}
	done := make(chan error)
	for g := 0; g < 4; g++ {
		go func() {
			for k := 0; k < 50; k++ {
				s := newSettings()
				if err := MergeJSONInto(s, patch); err != nil {
					done <- err
					return
				}
				if !cmp.Equal(s, want, cmp.AllowUnexported(settings{})) {
					done <- errors.New("a result differs")
					return
				}
			}
			done <- nil
		}()
	}
	for g := 0; g < 4; g++ {
		if err := <-done; err != nil {
			t.Error(err)
		}
	}
}

// defaulted has a JSON form of its own, {"x":X,"y":Y}, and its
// UnmarshalJSON gives Y the value 100 when "y" is missing: so what it is
// decoded from tells a merge into nothing from a merge into its zero
// value's form.
type defaulted struct{ X, Y int }

func (o defaulted) MarshalJSON() ([]byte, error) {
	return []byte(`{"x":` + strconv.Itoa(o.X) + `,"y":` + strconv.Itoa(o.Y) + `}`), nil
}
func (o *defaulted) UnmarshalJSON(b []byte) error {
	var m map[string]*int
	if err := json.Unmarshal(b, &m); err != nil {
		return err
	}
	*o = defaulted{Y: 100}
	if m["x"] != nil {
		o.X = *m["x"]
	}
	if m["y"] != nil {
		o.Y = *m["y"]
	}
	return nil
}

// unset has a JSON form only once it is set: MarshalJSON fails on its
// zero value.
type unset struct{ n *int }

func (u unset) MarshalJSON() ([]byte, error) {
	if u.n == nil {
		return nil, errors.New("unset has no value")
	}
	return []byte(strconv.Itoa(*u.n)), nil
}
func (u *unset) UnmarshalJSON(b []byte) error { n := len(b); u.n = &n; return nil }

type withDefaulted struct {
	D defaulted `json:"d,omitzero"`
	K int       `json:"k"`
}

type absentHolder struct {
	P  *defaulted           `json:"p"`
	M  map[string]defaulted `json:"m"`
	V  defaulted            `json:"v,omitzero"`
	E  defaulted            `json:"e,omitempty"` // a struct is never empty: present
	In *withDefaulted       `json:"in"`
	U  *unset               `json:"u"`
	UM map[string]unset     `json:"um"`
	A  any                  `json:"a"`
}

// TestMergeJSONIntoAbsentMembers checks the members that the target's JSON
// form lacks (a nil pointer, a new map key, a field left out by omitzero,
// and everything below them): the model merges the patch's object into
// nothing, so it decodes the object with its nulls dropped into a fresh
// zero value, never the zero value's own JSON form, which is not encoded.
func TestMergeJSONIntoAbsentMembers(t *testing.T) {
	n7 := 7 // len(`{"a":1}`)
	tests := []struct {
		name   string
		target absentHolder
		patch  string
		want   absentHolder
		reason string
	}{
		{"nil pointer", absentHolder{}, `{"p":{"x":1,"z":null}}`, absentHolder{P: &defaulted{1, 100}},
			`a nil pointer is null: UnmarshalJSON gets {"x":1}`},
		{"new map key", absentHolder{M: map[string]defaulted{"j": {2, 2}}}, `{"m":{"k":{"x":1}}}`,
			absentHolder{M: map[string]defaulted{"j": {2, 2}, "k": {1, 100}}}, `a key the map lacks merges from nothing`},
		{"nil map", absentHolder{}, `{"m":{"k":{"x":1,"y":null}}}`, absentHolder{M: map[string]defaulted{"k": {1, 100}}},
			"a nil map is null, and so is every key in it"},
		{"omitzero field", absentHolder{}, `{"v":{"x":1}}`, absentHolder{V: defaulted{1, 100}},
			"a zero omitzero field is left out of the JSON form"},
		{"present field", absentHolder{}, `{"e":{"x":1}}`, absentHolder{E: defaulted{1, 0}},
			`omitempty never leaves out a struct: the merge starts from {"x":0,"y":0}`},
		{"below a nil pointer", absentHolder{}, `{"in":{"d":{"x":1,"q":null},"zz":null}}`, absentHolder{In: &withDefaulted{D: defaulted{1, 100}}},
			"everything below an absent member is absent, and its nulls are dropped, unknown names included"},
		{"below a present pointer", absentHolder{In: &withDefaulted{K: 1}}, `{"in":{"d":{"x":1}}}`, absentHolder{In: &withDefaulted{D: defaulted{1, 100}, K: 1}},
			"an omitzero field in a held struct"},
		{"failing MarshalJSON at nil pointer", absentHolder{}, `{"u":{"a":1}}`, absentHolder{U: &unset{&n7}},
			"the target holds no unset there, so none is encoded: UnmarshalJSON gets {\"a\":1}"},
		{"failing MarshalJSON at new key", absentHolder{}, `{"um":{"k":{"a":1}}}`, absentHolder{UM: map[string]unset{"k": {&n7}}},
			"nor at a key the map lacks"},
		{"any nulls dropped", absentHolder{}, `{"a":{"b":{"c":null,"d":[{"e":null}]}}}`,
			absentHolder{A: map[string]any{"b": map[string]any{"d": []any{map[string]any{"e": nil}}}}},
			"nulls are dropped in objects, never inside arrays, which a patch replaces whole"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tt.target
			want, wantErr := typedReference(&tt.target, []byte(tt.patch))
			if err := MergeJSONInto(&got, []byte(tt.patch)); err != nil {
				t.Fatalf("error %v; the model's: %v", err, wantErr)
			}
			if diff := cmp.Diff(tt.want, got, cmp.AllowUnexported(unset{})); diff != "" {
				t.Errorf("%s: (-want +got)\n%s", tt.reason, diff)
			}
			if wantErr == nil {
				if diff := cmp.Diff(want, &got, cmp.AllowUnexported(unset{})); diff != "" {
					t.Errorf("the reference model gives another value (-model +got)\n%s", diff)
				}
			} else if !strings.HasPrefix(tt.name, "failing") {
				t.Errorf("the model's error %v", wantErr)
			}
			v, err := MergeJSONValue(tt.target, []byte(tt.patch))
			if err != nil {
				t.Fatalf("MergeJSONValue: %v", err)
			}
			if diff := cmp.Diff(tt.want, v, cmp.AllowUnexported(unset{})); diff != "" {
				t.Errorf("MergeJSONValue: (-want +got)\n%s", diff)
			}
		})
	}
}

type selfNode struct {
	V    int       `json:"v"`
	Next *selfNode `json:"next"`
}

type innerK struct {
	K string `json:"k"`
}

type interior struct {
	In innerK  `json:"in"`
	Q  *innerK `json:"q"`
}

// TestMergeJSONIntoOverlap checks that memory the patch merges into at two
// places of the target is ErrSharedMap about the target, in either member
// order, with nothing changed: a struct target that points to itself, and
// a pointer into a struct that the patch merges into.
func TestMergeJSONIntoOverlap(t *testing.T) {
	for _, patch := range []string{`{"v":1,"next":{"v":3}}`, `{"next":{"v":3},"v":1}`, `{"next":{"v":3}}`} {
		n := &selfNode{V: 5}
		n.Next = n
		err := MergeJSONInto(n, []byte(patch))
		var e *Error
		if !errors.Is(err, ErrSharedMap) || !errors.As(err, &e) || e.Input != "target" || e.Path != "/next" {
			t.Errorf("self: patch %s: error %v, want ErrSharedMap about the target at /next", patch, err)
		}
		if n.V != 5 || n.Next != n {
			t.Errorf("self: patch %s: target changed: V %d", patch, n.V)
		}
	}
	for _, patch := range []string{`{"in":{"k":"a"},"q":{"k":"b"}}`, `{"q":{"k":"b"},"in":{"k":"a"}}`, `{"q":{"k":"b"}}`} {
		v := &interior{In: innerK{"0"}}
		v.Q = &v.In
		err := MergeJSONInto(v, []byte(patch))
		var e *Error
		if !errors.Is(err, ErrSharedMap) || !errors.As(err, &e) || e.Input != "target" || e.Path != "/q" {
			t.Errorf("interior: patch %s: error %v, want ErrSharedMap about the target at /q", patch, err)
		}
		if v.In.K != "0" || v.Q != &v.In {
			t.Errorf("interior: patch %s: target changed: %+v", patch, v.In)
		}
	}
	// interior.In is at the struct's own address (the same address as two
	// types); here the pointer is to memory inside the struct, after its
	// start, and behind a pointer the patch merges into.
	type deeper struct {
		A  int       `json:"a"`
		In innerK    `json:"in"`
		Q  *innerK   `json:"q"`
		R  *interior `json:"r"`
	}
	for _, patch := range []string{`{"q":{"k":"b"},"r":{"in":{"k":"c"}}}`, `{"r":{"in":{"k":"c"}},"q":{"k":"b"}}`} {
		d := &deeper{R: &interior{}}
		d.Q = &d.R.In
		err := MergeJSONInto(d, []byte(patch))
		if !errors.Is(err, ErrSharedMap) || d.R.In.K != "" {
			t.Errorf("deeper: patch %s: error %v, want ErrSharedMap; %+v", patch, err, d.R.In)
		}
		d.Q = &d.In
		if err := MergeJSONInto(d, []byte(patch)); !errors.Is(err, ErrSharedMap) || d.In.K != "" {
			t.Errorf("deeper, into the root: patch %s: error %v, want ErrSharedMap; %+v", patch, err, d.In)
		}
	}
	// Pointers that do not overlap are no error, and a pointer into a
	// struct that the patch does not merge into is written through.
	v := &interior{}
	w := &interior{Q: &v.In}
	if err := MergeJSONInto(w, []byte(`{"in":{"k":"a"},"q":{"k":"b"}}`)); err != nil || w.In.K != "a" || v.In.K != "b" {
		t.Errorf("disjoint: error %v, %+v %+v", err, w, v)
	}
}

// ptrForm has its JSON form through pointer methods only: {"y":X}. A
// value that is not addressable, such as a map element, has no method
// (SPEC.md §2.2 rule 2), so it encodes as a plain struct, {"X":X}.
type ptrForm struct{ X int }

func (p *ptrForm) MarshalJSON() ([]byte, error) {
	return []byte(`{"y":` + strconv.Itoa(p.X) + `}`), nil
}
func (p *ptrForm) UnmarshalJSON(b []byte) error {
	var m map[string]int
	if err := json.Unmarshal(b, &m); err != nil {
		return err
	}
	p.X = m["y"]
	return nil
}

type ptrFormHolder struct {
	P ptrForm `json:"p"`
}

type ptrForms struct {
	F  ptrForm                  `json:"f"`
	M  map[string]ptrForm       `json:"m"`
	MP map[string]*ptrForm      `json:"mp"`
	MH map[string]ptrFormHolder `json:"mh"`
}

// TestMergeJSONIntoMapElementMethods checks that MergeJSONInto encodes a
// map element, and what it holds short of a pointer, as the value model
// does: not addressable, so without the methods of its pointer type.
func TestMergeJSONIntoMapElementMethods(t *testing.T) {
	tests := []struct {
		name   string
		target func() *ptrForms // a fixed point of the model, but for the member the patch names
		patch  string
		want   ptrForms
		reason string
	}{
		{"field", func() *ptrForms { return &ptrForms{F: ptrForm{1}} }, `{"f":{"z":null}}`,
			ptrForms{F: ptrForm{1}}, `addressable: {"y":1}, so X stays 1`},
		{"map element", func() *ptrForms { return &ptrForms{M: map[string]ptrForm{"k": {1}}} }, `{"m":{"k":{"z":null}}}`,
			ptrForms{M: map[string]ptrForm{"k": {0}}}, `not addressable: {"X":1}, which UnmarshalJSON reads as X 0`},
		{"through a pointer", func() *ptrForms { return &ptrForms{MP: map[string]*ptrForm{"k": {1}}} }, `{"mp":{"k":{"z":null}}}`,
			ptrForms{MP: map[string]*ptrForm{"k": {1}}}, `a pointed-to value is addressable: {"y":1}`},
		{"field of a map element", func() *ptrForms { return &ptrForms{MH: map[string]ptrFormHolder{"k": {ptrForm{1}}}} }, `{"mh":{"k":{"p":{"z":null}}}}`,
			ptrForms{MH: map[string]ptrFormHolder{"k": {}}}, `a field of a map element is not addressable either`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tt.target()
			model, err := typedReference(tt.target(), []byte(tt.patch))
			if err != nil {
				t.Fatal(err)
			}
			if err := MergeJSONInto(got, []byte(tt.patch)); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, *got); diff != "" {
				t.Errorf("%s: (-want +got)\n%s", tt.reason, diff)
			}
			if diff := cmp.Diff(model, any(got)); diff != "" {
				t.Errorf("the reference model gives another value (-model +got)\n%s", diff)
			}
			v, err := MergeJSONValue(*tt.target(), []byte(tt.patch))
			if err != nil || !cmp.Equal(v, tt.want) {
				t.Errorf("MergeJSONValue: %+v, %v", v, err)
			}
		})
	}
}

// TestMergeJSONIntoDocumentedLimits shows what the documentation says of
// the edges: unexported fields are kept only where an object merges into
// their struct; MergeJSONValue has no ObjectPatch; DiffValues cannot store
// a nil map value that current holds as something else.
func TestMergeJSONIntoDocumentedLimits(t *testing.T) {
	type inner struct {
		h int
		K int `json:"k"`
	}
	type outer struct {
		In inner `json:"in"`
	}
	for _, tt := range []struct {
		patch  string
		hidden int
		reason string
	}{
		{`{"in":{"k":1}}`, 5, "an object merged into the struct keeps its unexported field"},
		{`{"in":null}`, 0, "a null zeroes the struct, as the model does"},
		{`null`, 0, "a patch that is not an object replaces the whole value"},
	} {
		v := outer{In: inner{h: 5}}
		if err := MergeJSONInto(&v, []byte(tt.patch)); err != nil || v.In.h != tt.hidden {
			t.Errorf("%s: patch %s: h %d, error %v; want h %d", tt.reason, tt.patch, v.In.h, err, tt.hidden)
		}
	}
	s := newSettings()
	if z, err := MergeJSONValue(*s, []byte(`null`)); err != nil || !cmp.Equal(z, settings{}, cmp.AllowUnexported(settings{})) {
		t.Errorf("MergeJSONValue with a null patch: %+v, %v; want the zero value (there is no ObjectPatch)", z, err)
	}
	type withMap struct {
		M map[string]*innerK `json:"m"`
	}
	_, err := DiffValues(withMap{M: map[string]*innerK{"k": {}}}, withMap{M: map[string]*innerK{"k": nil}})
	var e *Error
	if !errors.Is(err, ErrNotRepresentable) || !errors.As(err, &e) || e.Path != "/m/k" {
		t.Errorf("DiffValues from a value to nil at a map key: %v, want ErrNotRepresentable at /m/k", err)
	}
	if p, err := DiffValues(withMap{M: map[string]*innerK{"k": nil}}, withMap{M: map[string]*innerK{"k": nil}}); err != nil || string(p) != "{}" {
		t.Errorf("DiffValues of equal nil map values: %s, %v", p, err)
	}
}
