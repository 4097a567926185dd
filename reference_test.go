package deepmerge

// The differential oracle: a direct transcription of RFC 7396 §2 over the
// canonical values that encoding/json decodes JSON to (with UseNumber), and
// the helpers that turn Go values into such values. Other test files compare
// the package against refMerge.

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"
)

// refMerge is RFC 7396 §2, MergePatch(Target, Patch), line by line:
//
//	define MergePatch(Target, Patch):
//	  if Patch is an Object:
//	    if Target is not an Object:
//	      Target = {} # Ignore the contents and set it to an empty Object
//	    for each Name/Value pair in Patch:
//	      if Value is null:
//	        if Name exists in Target:
//	          remove the Name/Value pair from Target
//	      else:
//	        Target[Name] = MergePatch(Target[Name], Value)
//	    return Target
//	  else:
//	    return Patch
//
// target and patch are canonical JSON values (map[string]any, []any, string,
// bool, json.Number or float64, nil). The result is fresh: refMerge neither
// modifies nor shares any map or slice of its arguments.
func refMerge(target, patch any) any {
	p, ok := patch.(map[string]any)
	if !ok {
		return deepCopyJSON(patch)
	}
	t, ok := target.(map[string]any)
	if !ok || t == nil {
		t = map[string]any{}
	} else {
		t = deepCopyJSON(t).(map[string]any)
	}
	for name, value := range p {
		if value == nil {
			delete(t, name)
		} else {
			// A missing name is nil here, which is not an Object.
			t[name] = refMerge(t[name], value)
		}
	}
	return t
}

// decodeJSON decodes the single JSON text b into canonical values, with
// numbers as json.Number. It fails the test on malformed input or on data
// after the value.
func decodeJSON(tb rapid.TB, b []byte) any {
	tb.Helper()
	v, err := decodeJSONValue(b)
	if err != nil {
		tb.Fatal(err)
	}
	return v
}

// decodeJSONValue is decodeJSON for callers that handle the error.
func decodeJSONValue(b []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, fmt.Errorf("decodeJSON(%q): %v", b, err)
	}
	if tok, err := dec.Token(); err != io.EOF {
		return nil, fmt.Errorf("decodeJSON(%q): data after the value: %v, %v", b, tok, err)
	}
	return v, nil
}

// deepCopyJSON returns a deep copy of the canonical value v. A nil map or
// slice stays a nil map or slice of the same type; values of other types
// are returned as they are.
func deepCopyJSON(v any) any {
	switch v := v.(type) {
	case map[string]any:
		if v == nil {
			return v
		}
		out := make(map[string]any, len(v))
		for name, e := range v {
			out[name] = deepCopyJSON(e)
		}
		return out
	case []any:
		if v == nil {
			return v
		}
		out := make([]any, len(v))
		for i, e := range v {
			out[i] = deepCopyJSON(e)
		}
		return out
	}
	return v
}

// canonicalize returns the JSON value that the Go value v means: v encoded
// by encoding/json and decoded again with numbers as json.Number.
func canonicalize(tb rapid.TB, v any) any {
	tb.Helper()
	c, err := canonicalValue(v)
	if err != nil {
		tb.Fatal(err)
	}
	return c
}

// canonicalValue is canonicalize for callers that handle the error.
func canonicalValue(v any) (any, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("canonicalize: json.Marshal(%#v): %v", v, err)
	}
	return decodeJSONValue(b)
}

// TestRefMergeAppendixA checks the oracle itself against every example of
// RFC 7396 Appendix A, including those whose target or patch is not an
// object, and checks that it neither modifies nor aliases its arguments.
func TestRefMergeAppendixA(t *testing.T) {
	cases := []struct{ target, patch, want string }{
		{`{"a":"b"}`, `{"a":"c"}`, `{"a":"c"}`},
		{`{"a":"b"}`, `{"b":"c"}`, `{"a":"b","b":"c"}`},
		{`{"a":"b"}`, `{"a":null}`, `{}`},
		{`{"a":"b","b":"c"}`, `{"a":null}`, `{"b":"c"}`},
		{`{"a":["b"]}`, `{"a":"c"}`, `{"a":"c"}`},
		{`{"a":"c"}`, `{"a":["b"]}`, `{"a":["b"]}`},
		{`{"a":{"b":"c"}}`, `{"a":{"b":"d","c":null}}`, `{"a":{"b":"d"}}`},
		{`{"a":[{"b":"c"}]}`, `{"a":[1]}`, `{"a":[1]}`},
		{`["a","b"]`, `["c","d"]`, `["c","d"]`},
		{`{"a":"b"}`, `["c"]`, `["c"]`},
		{`{"a":"foo"}`, `null`, `null`},
		{`{"a":"foo"}`, `"bar"`, `"bar"`},
		{`{"e":null}`, `{"a":1}`, `{"e":null,"a":1}`},
		{`[1,2]`, `{"a":"b","c":null}`, `{"a":"b"}`},
		{`{}`, `{"a":{"bb":{"ccc":null}}}`, `{"a":{"bb":{}}}`},
		// Beyond Appendix A: nulls in arrays are data, numbers are exact.
		{`{"a":[1,null,{"b":null}]}`, `{"c":[null]}`, `{"a":[1,null,{"b":null}],"c":[null]}`},
		{`{"a":1.0}`, `{"b":{"c":1e400,"d":null}}`, `{"a":1.0,"b":{"c":1e400}}`},
		{`"x"`, `{}`, `{}`},
	}
	for _, c := range cases {
		target := decodeJSON(t, []byte(c.target))
		patch := decodeJSON(t, []byte(c.patch))
		want := decodeJSON(t, []byte(c.want))
		targetCopy, patchCopy := deepCopyJSON(target), deepCopyJSON(patch)
		got := refMerge(target, patch)
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("refMerge(%s, %s) mismatch (-want +got):\n%s", c.target, c.patch, diff)
		}
		if diff := cmp.Diff(targetCopy, target); diff != "" {
			t.Errorf("refMerge(%s, %s) modified target (-want +got):\n%s", c.target, c.patch, diff)
		}
		if diff := cmp.Diff(patchCopy, patch); diff != "" {
			t.Errorf("refMerge(%s, %s) modified patch (-want +got):\n%s", c.target, c.patch, diff)
		}
		scribble(got)
		if diff := cmp.Diff(targetCopy, target); diff != "" {
			t.Errorf("refMerge(%s, %s) result aliases target (-want +got):\n%s", c.target, c.patch, diff)
		}
		if diff := cmp.Diff(patchCopy, patch); diff != "" {
			t.Errorf("refMerge(%s, %s) result aliases patch (-want +got):\n%s", c.target, c.patch, diff)
		}
	}
}

// scribble overwrites every element of every map[string]any and []any in
// v, depth first, and adds a member to every map, so that any input sharing
// one of them with v shows the change.
func scribble(v any) {
	switch v := v.(type) {
	case map[string]any:
		for name, e := range v {
			scribble(e)
			v[name] = "scribbled"
		}
		if v != nil {
			v["scribbled"] = true
		}
	case []any:
		for i, e := range v {
			scribble(e)
			v[i] = "scribbled"
		}
	}
}

// pointerOf returns the RFC 6901 JSON Pointer of the reference tokens path.
func pointerOf(path []string) string {
	var b strings.Builder
	for _, tok := range path {
		b.WriteByte('/')
		b.WriteString(pointerToken(tok))
	}
	return b.String()
}

// pointerToken escapes one reference token: "~" as "~0", "/" as "~1".
func pointerToken(s string) string {
	return strings.NewReplacer("~", "~0", "/", "~1").Replace(s)
}

// equalJSON reports whether a and b, canonical values with numbers as
// json.Number, are the same JSON value, numbers compared by their text.
// It is what cmp.Equal reports for such values, in time linear in their
// size: cmp.Equal's work doubles with each level of nested arrays, which
// the fuzz targets' deep inputs turn into a hang.
func equalJSON(a, b any) bool {
	switch a := a.(type) {
	case map[string]any:
		b, ok := b.(map[string]any)
		if !ok || len(a) != len(b) {
			return false
		}
		for k, av := range a {
			if bv, ok := b[k]; !ok || !equalJSON(av, bv) {
				return false
			}
		}
		return true
	case []any:
		b, ok := b.([]any)
		if !ok || len(a) != len(b) {
			return false
		}
		for i := range a {
			if !equalJSON(a[i], b[i]) {
				return false
			}
		}
		return true
	}
	return a == b
}
