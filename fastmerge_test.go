//go:build !deepmerge_plain

package deepmerge

// The tests in this file hold the merges' fast paths (fastmerge.go) equal
// to their plain twins, or assert what only the fast paths promise, such
// as allocation counts, so they run in the default build only: under the
// deepmerge_plain tag the fast paths are not compiled, and every other
// test checks the twins by themselves.

import (
	"encoding/json"
	"errors"
	"math"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// TestMergeScalarsAllocs checks that Merge stores the scalars of a patch
// without boxing them again: a patch that replaces only scalars, of every
// canonical type, costs the allocations of a plain clone of the target and
// no more.
func TestMergeScalarsAllocs(t *testing.T) {
	target := map[string]any{"f": 1.5, "s": "x", "b": true, "n": json.Number("1"), "i": 7, "u": uint8(1),
		"o": map[string]any{"g": 2.5, "h": "k"}}
	patch := map[string]any{"f": 3.5, "s": "y", "b": false, "n": json.Number("2"), "i": 8, "u": uint8(2),
		"o": map[string]any{"g": 4.5}}
	clone := testing.AllocsPerRun(100, func() { benchSinkMap = benchBaselineClone(target) })
	merge := testing.AllocsPerRun(100, func() { benchSinkMap, benchSinkErr = Merge(target, patch) })
	if benchSinkErr != nil {
		t.Fatal(benchSinkErr)
	}
	if merge > clone {
		t.Errorf("Merge of scalars: %v allocs/op, want at most the clone's %v", merge, clone)
	}
}

// FuzzMergeTwins holds Merge's fast path (merge) equal to its plain twin
// (mergePlain) on maps decoded from a and b and given values of other
// types, and MergeJSON's (mergeObject) equal to its (mergeObjectPlain) on
// the texts themselves (merger.plain): the same results, and the same errors, with their
// inputs, paths and offsets. A limit of max%8+1 reaches MaxDepth often.
func FuzzMergeTwins(f *testing.F) {
	fzSeeds(f)
	f.Add([]byte(`{"a":"nan","b":{"c":"obj"}}`), []byte(`{"b":{"c":{"A":2}},"bad":1}`))
	f.Add([]byte(`{"a":"raw","b":[{"c":"nilmap"}]}`), []byte(`{"a":"obj","b":"nilarr","d":"bytes"}`))
	f.Add([]byte(`{"a":{"b":{"c":{}}}}`), []byte(`{"a":{"b":{"c":{"d":{"e":1}}}}}`))
	f.Fuzz(func(t *testing.T, a, b []byte) {
		if len(a) > fzMaxInput || len(b) > fzMaxInput {
			return
		}
		limit := 1 + int(len(a)+len(b))%8
		if len(a)+len(b) > 64 {
			limit = DefaultMaxDepth
		}
		mergeJSONTwinsAgree(t, a, b, limit)
		av, err1 := decodeJSONValue(a)
		bv, err2 := decodeJSONValue(b)
		target, ok1 := av.(map[string]any)
		patch, ok2 := bv.(map[string]any)
		if err1 != nil || err2 != nil || !ok1 || !ok2 {
			return
		}
		mergeTwinsAgree(t, twinValues(target).(map[string]any), twinValues(patch).(map[string]any), limit)
	})
}

// TestMergeTwins holds merge equal to mergePlain on values that JSON text
// does not make: values of other types, nil maps and slices, values with
// no JSON form, cycles and names that are not UTF-8.
func TestMergeTwins(t *testing.T) {
	cyc := map[string]any{}
	cyc["self"] = cyc
	for _, tc := range []struct {
		reason        string
		target, patch map[string]any
	}{
		{"a struct in patch merges into an object of target", map[string]any{"a": map[string]any{"A": 1.0, "B": 2.0}}, map[string]any{"a": struct{ A int }{3}}},
		{"a struct in target takes a patch object", map[string]any{"a": struct{ A, B int }{1, 2}}, map[string]any{"a": map[string]any{"B": nil, "C": "x"}}},
		{"nil map and nil slice in patch are null", map[string]any{"a": 1.0, "b": 2.0}, map[string]any{"a": map[string]any(nil), "b": []any(nil)}},
		{"NaN in target replaced by the patch", map[string]any{"a": math.NaN()}, map[string]any{"a": 1.0}},
		{"NaN in patch", map[string]any{"a": 1.0}, map[string]any{"a": math.Inf(1)}},
		{"repeated name in a RawMessage of patch", map[string]any{}, map[string]any{"a": json.RawMessage(`{"x":1,"x":2}`)}},
		{"name not UTF-8 in target", map[string]any{"\xff": 1.0}, map[string]any{"a": 1.0}},
		{"name not UTF-8 in patch", map[string]any{"a": 1.0}, map[string]any{"b": map[string]any{"\xff": 1.0}}},
		{"cycle in target", map[string]any{"c": cyc}, map[string]any{"a": 1.0}},
		{"cycle in patch", map[string]any{"a": 1.0}, map[string]any{"c": cyc}},
		{"nil target", nil, map[string]any{"a": map[string]any{"b": nil, "c": []any{1.0, nil}}}},
		{"nil patch", map[string]any{"a": map[string]any{"b": nil}}, nil},
		{"patch adds numbers of other types", map[string]any{}, map[string]any{"i": 1, "u": uint8(2), "f": float32(1.5), "n": json.Number("1e400")}},
	} {
		t.Run(tc.reason, func(t *testing.T) {
			mergeTwinsAgree(t, tc.target, tc.patch, DefaultMaxDepth)
			mergeTwinsAgree(t, tc.target, tc.patch, 2)
		})
	}
}

// twinValues returns v with some string values replaced by values that
// JSON text does not make, as named: "nan", "obj" (a struct), "raw" (a
// json.RawMessage with a repeated name), "nilmap", "nilarr" and "bytes";
// and the member name "bad" replaced by one that is not UTF-8.
func twinValues(v any) any {
	switch v := v.(type) {
	case map[string]any:
		m := make(map[string]any, len(v))
		for k, e := range v {
			if k == "bad" {
				k = "\xff"
			}
			m[k] = twinValues(e)
		}
		return m
	case []any:
		s := make([]any, len(v))
		for i, e := range v {
			s[i] = twinValues(e)
		}
		return s
	case string:
		switch v {
		case "nan":
			return math.NaN()
		case "obj":
			return struct{ A, B int }{1, 2}
		case "raw":
			return json.RawMessage(`{"x":1,"x":2}`)
		case "nilmap":
			return map[string]any(nil)
		case "nilarr":
			return []any(nil)
		case "bytes":
			return []byte("hi")
		}
	}
	return v
}

// mergeTwinsAgree checks that merge and mergePlain give equal results, or
// errors of the same input and cause; the same path too when no map holds
// more than one member, since which of several faults in one map is
// reported is unspecified.
func mergeTwinsAgree(t *testing.T, target, patch map[string]any, limit int) {
	t.Helper()
	fw, pw := walker{max: limit}, walker{max: limit}
	fastOut, fastErr := fw.merge(target, patch)
	plainOut, plainErr := pw.mergePlain(target, patch)
	if (fastErr == nil) != (plainErr == nil) {
		t.Fatalf("merge(%v, %v) with max %d: error %v; mergePlain: %v", target, patch, limit, fastErr, plainErr)
	}
	if fastErr == nil {
		if d := cmp.Diff(plainOut, fastOut, cmpopts.EquateNaNs()); d != "" {
			t.Fatalf("merge(%v, %v) differs from mergePlain (-plain +fast):\n%s", target, patch, d)
		}
		return
	}
	// A fault of target comes before any of patch, whatever the map
	// order; which of several faults in one input is reported is not, so
	// the whole error is compared only where each map holds one value.
	fe, pe := fastErr.doneIn(target, patch), plainErr.doneIn(target, patch)
	if fe.Input != pe.Input || fe.Offset != pe.Offset {
		t.Fatalf("merge(%v, %v) with max %d: %v; mergePlain: %v", target, patch, limit, fe, pe)
	}
	if onePath(target) && onePath(patch) && (fe.Error() != pe.Error() || !errors.Is(fe, pe.Err)) {
		t.Fatalf("merge(%v, %v) with max %d: %v; mergePlain: %v", target, patch, limit, fe, pe)
	}
}

// mergeJSONTwinsAgree checks that MergeJSON with mergeObject and with
// mergeObjectPlain gives the same bytes, or the same error.
func mergeJSONTwinsAgree(t *testing.T, target, patch []byte, limit int) {
	t.Helper()
	run := func(plain bool) ([]byte, string) {
		m := getMerger(Options{MaxDepth: limit}, target, patch)
		defer putMerger(m)
		m.plain = plain
		out, err := m.run(nil)
		if err != nil {
			return nil, faultText(err)
		}
		return out, ""
	}
	fastOut, fastErr := run(false)
	plainOut, plainErr := run(true)
	if string(fastOut) != string(plainOut) || fastErr != plainErr {
		t.Fatalf("MergeJSON(%q, %q) with max %d: %q, %s; with mergeObjectPlain: %q, %s",
			target, patch, limit, fastOut, fastErr, plainOut, plainErr)
	}
}

// onePath reports whether no map or slice in v holds more than one value,
// so that a fault in it has only one place to be. It gives up (false)
// past a depth of 64, as on a cycle.
func onePath(v any) bool { return onePathWithin(v, 64) }

func onePathWithin(v any, n int) bool {
	if n == 0 {
		return false
	}
	switch v := v.(type) {
	case map[string]any:
		if len(v) > 1 {
			return false
		}
		for _, e := range v {
			return onePathWithin(e, n-1)
		}
	case []any:
		if len(v) > 1 {
			return false
		}
		for _, e := range v {
			return onePathWithin(e, n-1)
		}
	}
	return true
}
