//go:build go1.27

package deepmerge_test

import (
	jsonv2 "encoding/json/v2"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestWhyNotUnmarshalV2 shows that encoding/json/v2's Unmarshal into the
// current value, which merges objects, is still not RFC 7396.
func TestWhyNotUnmarshalV2(t *testing.T) {
	v2 := map[string]func(r *resource) bool{ // what Unmarshal does, checked
		"null on a map member":        func(r *resource) bool { v, ok := r.M["k"]; return ok && v == nil },                       // kept, as nil
		"null on a non-pointer field": func(r *resource) bool { return r.Theme == "" },                                           // zeroed: as RFC 7396
		"an object under any":         func(r *resource) bool { return cmp.Equal(r.A, any(map[string]any{"x": "1", "y": "2"})) }, // merged: as RFC 7396
		"a type error halfway":        func(r *resource) bool { return r.Theme == "new" },                                        // half changed
		"an unknown member":           func(r *resource) bool { return cmp.Equal(*r, newResource()) },                            // dropped silently
		"a name in another case":      func(r *resource) bool { return cmp.Equal(*r, newResource()) },                            // dropped silently
	}
	for _, row := range unmarshalRows {
		t.Run(row.name, func(t *testing.T) {
			r := newResource()
			_ = jsonv2.Unmarshal([]byte(row.patch), &r)
			if !v2[row.name](&r) {
				t.Errorf("encoding/json/v2's Unmarshal gave %+v, not what the README says", r)
			}
			checkMergeJSONIntoRow(t, row.patch, row.rfc, row.reason, row.err, row.path)
		})
	}
}
