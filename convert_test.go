package deepmerge

import (
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"
)

// Struct types whose encoded fields follow each of encoding/json's rules
// for embedded structs and names.
type (
	cvBase struct {
		A int
		B string `json:"b"`
	}
	cvOther struct {
		A int // clashes with cvBase.A at the same depth
		C bool
	}
	cvTagged struct {
		X int `json:"A"` // a tagged A: wins over an untagged one at its depth
	}
	cvHidden struct {
		cvBase        // embedded: A and b, one level down
		A      string // hides cvBase.A
	}
	cvClash struct {
		cvBase
		cvOther // A is at depth 2 in both: neither is encoded
	}
	cvTagWins struct {
		cvBase
		cvTagged
	}
	cvNamed struct {
		Base     cvBase `json:"base"` // named: a field, not flattened
		*cvExtra        // an embedded pointer is flattened too
		Skip     int    `json:"-"`
		private  int
		cvInner  // unexported struct type: its exported fields are promoted
		cvNumber // unexported non-struct type: left out
	}
	cvExtra  struct{ Extra int }
	cvInner  struct{ Promoted int }
	cvNumber int
	cvTwice  struct {
		cvLeft
		cvRight // both embed cvBase at depth 2: its fields cancel out
	}
	cvLeft  struct{ cvBase }
	cvRight struct{ cvBase }
)

// TestFieldNames holds fieldsOf to the member names that the value model
// gives each struct type, written out.
func TestFieldNames(t *testing.T) {
	for _, tc := range []struct {
		v      any
		want   []string
		reason string
	}{
		{cvBase{}, []string{"A", "b"}, "an untagged field keeps its Go name, a tagged one takes the tag's"},
		{cvHidden{}, []string{"b", "A"}, "a field hides one of its name deeper down"},
		{cvClash{}, []string{"b", "C"}, "two untagged fields of one name at one depth cancel out"},
		{cvTagWins{}, []string{"b", "A"}, "of two fields of one name at one depth, the only tagged one wins"},
		{cvNamed{private: 1, cvNumber: 1}, []string{"base", "Extra", "Promoted"}, "a tagged embedded struct is a field; an embedded pointer and an unexported struct type are flattened; '-', unexported and unexported non-struct fields are left out"},
		{cvTwice{}, nil, "a struct embedded twice at one depth gives its fields twice, so they cancel out"},
		{reflect.New(reflect.StructOf([]reflect.StructField{
			{Name: "Quote", Type: reflect.TypeOf(0), Tag: `json:"a\"b"`},
			{Name: "Slash", Type: reflect.TypeOf(0), Tag: `json:"a\\b"`},
			{Name: "Fine", Type: reflect.TypeOf(0), Tag: `json:"a-b.c/d"`},
			{Name: "Dash", Type: reflect.TypeOf(0), Tag: `json:"-,"`},
		})).Elem().Interface(), []string{"Quote", "Slash", "a-b.c/d", "-"},
			"a tag name with a quotation mark or a reverse solidus is not valid, so the field keeps its Go name (Go 1.27's encoding/json drops such fields); '-,' names a member '-' (made at run time, since linters rightly object to such tags)"},
	} {
		var got []string
		for _, f := range fieldsOf(reflect.TypeOf(tc.v)).list {
			got = append(got, f.name)
		}
		if diff := cmp.Diff(tc.want, got); diff != "" {
			t.Errorf("fieldsOf(%T) names mismatch (-want +got):\n%s\nreason: %s", tc.v, diff, tc.reason)
		}
	}
}

// encodedFieldsDiff compares the names of the fields that encodedFields
// gives for the struct v with the member names json.Marshal writes for it.
func encodedFieldsDiff(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return "json.Marshal: " + err.Error()
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(b, &m); err != nil {
		return "json.Unmarshal: " + err.Error()
	}
	var want, got []string
	for name := range m {
		want = append(want, name)
	}
	typ := reflect.TypeOf(v)
	for _, f := range fieldsOf(typ).list {
		got = append(got, f.name)
	}
	sort.Strings(want)
	sort.Strings(got)
	return cmp.Diff(want, got)
}

// Values that json.Marshal encodes through, or past, a long or cyclic
// path, to test what convertValue follows before it encodes.
type (
	// cvNode has two promoted MarshalJSON methods at one depth, so it has
	// none: the encoder flattens cvEnds and follows Next.
	cvNode struct {
		cvEnds
		cvStart
	}
	cvEnds  struct{ Next *cvNode }
	cvStart struct{}

	// cvLoop points to itself.
	cvLoop struct{ Self *cvLoop }

	// cvMasked's Self is hidden by its own A at a lesser depth, and
	// cvClashing's by a field of the same name at the same depth: the
	// encoder never reaches the loop.
	cvMasked struct {
		cvHasLoop
		Self int
	}
	cvClashing struct {
		cvHasLoop
		cvHasInt
	}
	cvHasLoop struct{ Self *cvLoop }
	cvHasInt  struct{ Self int }
)

func (cvEnds) MarshalJSON() ([]byte, error)  { return []byte(`1`), nil }
func (cvStart) MarshalJSON() ([]byte, error) { return []byte(`2`), nil }

// TestConvertFollowsTheEncoder shows that convertValue follows a value
// along the paths that encoding/json takes, and only those: a chain
// through a flattened embedded struct is stopped before it is encoded,
// and a loop in a field the encoder leaves out is no error.
func TestConvertFollowsTheEncoder(t *testing.T) {
	var chain *cvNode
	for i := 0; i < 3*DefaultMaxDepth; i++ {
		chain = &cvNode{cvEnds: cvEnds{Next: chain}, cvStart: cvStart{}}
	}
	_, err := Merge(nil, map[string]any{"c": chain})
	checkMergeError(t, "Merge of a long chain through a flattened struct", err, mergeErr("patch", "/c"+strings.Repeat("/Next", DefaultMaxDepth-1), ErrMaxDepth),
		"SPEC §5: an embedded struct is flattened whatever its methods, so the chain is followed to the depth limit")

	// A cycle of pointers and interfaces makes no JSON at all, so only the
	// limit on steps stops it, at the converted value's own path.
	var self any
	self = &self
	_, err = Merge(nil, map[string]any{"v": &self})
	checkMergeError(t, "Merge of a cycle of pointers and interfaces", err, mergeErr("patch", "/v", ErrMaxDepth),
		"SPEC §5: more than 4 × (MaxDepth+1) steps")

	loop := &cvLoop{}
	loop.Self = loop
	for _, v := range []any{
		cvMasked{cvHasLoop{loop}, 7},
		cvClashing{cvHasLoop{loop}, cvHasInt{7}},
	} {
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatalf("json.Marshal(%T): %v", v, err)
		}
		got, err := Merge(nil, map[string]any{"v": v})
		if err != nil {
			t.Fatalf("Merge of a %T, which json.Marshal encodes as %s: %v", v, b, err)
		}
		if diff := cmp.Diff(map[string]any{"v": decodeJSON(t, b)}, got); diff != "" {
			t.Errorf("Merge of a %T mismatch (-want +got):\n%s", v, diff)
		}
	}
	if _, err := Merge(nil, map[string]any{"v": loop}); !errors.Is(err, ErrMaxDepth) {
		t.Errorf("Merge of a loop the encoder follows: err = %v, want ErrMaxDepth", err)
	}
}

// TestPropertyEncodedFieldsMatchesEncodingJSON is the same check on
// struct types made at random, with fields named and tagged so that their
// names meet, embedded structs and pointers to them several levels deep,
// and types embedded more than once.
func TestPropertyEncodedFieldsMatchesEncodingJSON(t *testing.T) {
	checkProperty(t, func(t *rapid.T) {
		var made []reflect.Type
		typ := cvGenStruct(t, 3, &made)
		v := reflect.New(typ).Elem()
		cvFill(v)
		if diff := encodedFieldsDiff(v.Interface()); diff != "" {
			t.Fatalf("encodedFields(%v) names mismatch (-json.Marshal +got):\n%s", typ, diff)
		}
	})
}

// cvGenStruct draws a struct type that embeds others up to depth levels
// down, some of them drawn again from made, the types drawn so far.
func cvGenStruct(t *rapid.T, depth int, made *[]reflect.Type) reflect.Type {
	var fields []reflect.StructField
	used := map[string]bool{}
	for i, n := 0, rapid.IntRange(1, 4).Draw(t, "fields"); i < n; i++ {
		if depth > 0 && rapid.Bool().Draw(t, "embed") {
			var et reflect.Type
			if len(*made) > 0 && rapid.Bool().Draw(t, "again") {
				et = rapid.SampledFrom(*made).Draw(t, "type")
			} else {
				et = cvGenStruct(t, depth-1, made)
			}
			if rapid.Bool().Draw(t, "pointer") {
				et = reflect.PointerTo(et)
			}
			tag := rapid.SampledFrom([]string{"", "", `json:"A"`, `json:"-"`, `json:",omitempty"`}).Draw(t, "embedded tag")
			fields = append(fields, reflect.StructField{Name: fmt.Sprintf("E%d", i), Type: et, Anonymous: true, Tag: reflect.StructTag(tag)})
			continue
		}
		name := rapid.SampledFrom([]string{"A", "B", "C"}).Draw(t, "name")
		if used[name] {
			continue
		}
		used[name] = true
		tag := rapid.SampledFrom([]string{"", "", `json:"A"`, `json:"B"`, `json:"C"`, `json:"-"`, `json:",omitempty"`}).Draw(t, "tag")
		fields = append(fields, reflect.StructField{Name: name, Type: reflect.TypeOf(0), Tag: reflect.StructTag(tag)})
	}
	typ := reflect.StructOf(fields)
	*made = append(*made, typ)
	return typ
}

// cvFill sets every int in the struct v to 1, so that omitempty leaves
// none out, and every embedded pointer to a new struct, so that the
// encoder reaches its fields.
func cvFill(v reflect.Value) {
	for i := 0; i < v.NumField(); i++ {
		switch f := v.Field(i); f.Kind() {
		case reflect.Int:
			f.SetInt(1)
		case reflect.Pointer:
			f.Set(reflect.New(f.Type().Elem()))
			cvFill(f.Elem())
		case reflect.Struct:
			cvFill(f)
		}
	}
}
