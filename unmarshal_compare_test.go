package deepmerge_test

// The README's table "Why not json.Unmarshal into the existing value?",
// row by row: what encoding/json's Unmarshal does with a patch decoded
// into the current value, and what MergeJSONInto does. The
// encoding/json/v2 column is in unmarshal_compare_v2_test.go, for Go
// releases that have that package.

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/deepmerge-go/deepmerge"
	"github.com/google/go-cmp/cmp"
)

// resource is the value of each row.
type resource struct {
	Theme string         `json:"theme"`
	N     int            `json:"n"`
	M     map[string]any `json:"m"`
	A     any            `json:"a"`
}

func newResource() resource {
	return resource{Theme: "dark", N: 1, M: map[string]any{"k": "v", "j": "w"}, A: map[string]any{"x": "1"}}
}

// unmarshalRows are the rows of the table: the patch, and the result
// RFC 7396 asks for (nil where the patch must be refused).
var unmarshalRows = []struct {
	name   string
	patch  string
	rfc    func(r *resource) // the change RFC 7396 makes; nil: an error
	reason string
	err    error  // MergeJSONInto's sentinel, when rfc is nil
	path   string // and the error's Path
}{
	{"null on a map member", `{"m":{"k":null}}`, func(r *resource) { delete(r.M, "k") }, "null removes the member", nil, ""},
	{"null on a non-pointer field", `{"theme":null}`, func(r *resource) { r.Theme = "" }, "removed: the field's zero value", nil, ""},
	{"an object under any", `{"a":{"y":"2"}}`, func(r *resource) { r.A = map[string]any{"x": "1", "y": "2"} }, "objects merge, at any depth", nil, ""},
	{"a type error halfway", `{"theme":"new","n":"x"}`, nil, "an error, and nothing changed", deepmerge.ErrMismatchedType, "/n"},
	{"an unknown member", `{"colour":"red"}`, nil, "an error: nothing is dropped silently", deepmerge.ErrUnknownMember, "/colour"},
	{"a name in another case", `{"THEME":"x"}`, nil, "an error: names match exactly, as the merge compares them", deepmerge.ErrUnknownMember, "/THEME"},
}

// TestWhyNotUnmarshalV1 shows that encoding/json's Unmarshal into the
// current value is not RFC 7396 on any row, and MergeJSONInto is.
func TestWhyNotUnmarshalV1(t *testing.T) {
	v1 := map[string]func(r *resource) bool{ // what Unmarshal does, checked
		"null on a map member":        func(r *resource) bool { v, ok := r.M["k"]; return ok && v == nil },             // kept, as nil
		"null on a non-pointer field": func(r *resource) bool { return r.Theme == "dark" },                             // ignored
		"an object under any":         func(r *resource) bool { return cmp.Equal(r.A, any(map[string]any{"y": "2"})) }, // replaced
		"a type error halfway":        func(r *resource) bool { return r.Theme == "new" },                              // half changed
		"an unknown member":           func(r *resource) bool { return cmp.Equal(*r, newResource()) },                  // dropped silently
		"a name in another case":      func(r *resource) bool { return r.Theme == "x" },                                // matched anyway
	}
	for _, row := range unmarshalRows {
		t.Run(row.name, func(t *testing.T) {
			r := newResource()
			_ = json.Unmarshal([]byte(row.patch), &r)
			if !v1[row.name](&r) {
				t.Errorf("encoding/json's Unmarshal gave %+v, not what the README says", r)
			}
			checkMergeJSONIntoRow(t, row.patch, row.rfc, row.reason, row.err, row.path)
		})
	}
}

// checkMergeJSONIntoRow checks MergeJSONInto's column: RFC 7396, or an
// error with the resource unchanged.
func checkMergeJSONIntoRow(t *testing.T, patch string, rfc func(*resource), reason string, wantErr error, path string) {
	t.Helper()
	r := newResource()
	err := deepmerge.MergeJSONInto(&r, []byte(patch))
	want := newResource()
	if rfc == nil {
		var e *deepmerge.Error
		if !errors.As(err, &e) || e.Input != "patch" || !errors.Is(err, wantErr) || e.Path != path {
			t.Errorf("MergeJSONInto: error %v, want %v at %s (%s)", err, wantErr, path, reason)
		}
	} else {
		if err != nil {
			t.Fatalf("MergeJSONInto: %v", err)
		}
		rfc(&want)
	}
	if diff := cmp.Diff(want, r); diff != "" {
		t.Errorf("MergeJSONInto, %s: (-want +got)\n%s", reason, diff)
	}
}
