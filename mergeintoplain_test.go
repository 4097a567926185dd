//go:build !deepmerge_plain

package deepmerge

import (
	"encoding/json"
	"errors"
	"math"
	"strconv"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// The tests in this file hold MergeInto's planner (fastmergeinto.go) equal
// to its plain twin, mergeIntoPlain. They run in the default build only:
// in the plain build MergeInto is mergeIntoPlain.

// intoValue returns a fresh Go value for the JSON value v, decoded with
// UseNumber, for MergeInto's twins: the strings "obj" become a struct
// (which an object merged into is converted), "nan" a NaN, "nilmap" a nil
// map and "bytes" a []byte; and, when link is set (for a target), the
// member "same" of any object holds one map shared by all of them, and the
// member "self" the root object. Called twice, it gives two values of the
// same shape that share nothing.
func intoValue(v any, link bool) map[string]any {
	root, _ := v.(map[string]any)
	if root == nil {
		return nil
	}
	out := map[string]any{}
	shared := map[string]any{"k": "v", "o": map[string]any{"x": 1.0}}
	var build func(v any) any
	build = func(v any) any {
		switch v := v.(type) {
		case map[string]any:
			m := make(map[string]any, len(v))
			for k, e := range v {
				m[k] = build(e)
			}
			return m
		case []any:
			s := make([]any, len(v))
			for i, e := range v {
				s[i] = build(e)
			}
			return s
		case string:
			switch v {
			case "obj":
				return struct{ A, B int }{1, 2}
			case "nan":
				return math.NaN()
			case "nilmap":
				return map[string]any(nil)
			case "bytes":
				return []byte("hi")
			}
		}
		return v
	}
	var linkIn func(m map[string]any, depth int)
	linkIn = func(m map[string]any, depth int) {
		for k, e := range m {
			switch k {
			case "same":
				m[k] = shared
				continue
			case "self":
				m[k] = out
				continue
			}
			if sub, ok := e.(map[string]any); ok && depth < 8 {
				linkIn(sub, depth+1)
			}
		}
	}
	for k, e := range build(root).(map[string]any) {
		out[k] = e
	}
	if link {
		linkIn(out, 0)
	}
	return out
}

// mergeIntoTwinsAgree runs MergeInto and mergeIntoPlain on fresh values
// made by mk, and checks that both succeed, changing their targets alike,
// or both fail, leaving their targets as they were. The errors are
// compared whole where they have only one place to be: target and patch
// hold one path each, and not both have faults; else their sentinels are
// compared where that is settled (ErrSharedMap comes after every other
// fault in both).
func mergeIntoTwinsAgree(t *testing.T, mk func() (target, patch map[string]any), limit int) {
	t.Helper()
	ft, fp := mk()
	pt, pp := mk()
	wt, _ := mk()
	fastErr := Options{MaxDepth: limit}.MergeInto(ft, fp)
	var plainErr error
	if pt == nil {
		plainErr = valueError(inTarget, ErrNilTarget, "").done()
	} else {
		pl := planner{walker: walker{max: limit}}
		if err := pl.mergeIntoPlain(pt, pp); err != nil {
			plainErr = err.doneIn(pt, pp)
		}
	}
	if (fastErr == nil) != (plainErr == nil) {
		t.Fatalf("MergeInto(%v, %v) with max %d: error %v; mergeIntoPlain: %v", wt, fp, limit, fastErr, plainErr)
	}
	opts := []cmp.Option{cmpopts.EquateNaNs()}
	if fastErr == nil {
		if d := cmp.Diff(pt, ft, opts...); d != "" {
			t.Fatalf("MergeInto(%v, %v) with max %d differs from mergeIntoPlain (-plain +fast):\n%s", wt, fp, limit, d)
		}
		return
	}
	if d := cmp.Diff(wt, ft, opts...); d != "" {
		t.Fatalf("MergeInto(%v, %v) failed with %v but changed target (-was +is):\n%s", wt, fp, fastErr, d)
	}
	if d := cmp.Diff(wt, pt, opts...); d != "" {
		t.Fatalf("mergeIntoPlain(%v, %v) failed with %v but changed target (-was +is):\n%s", wt, fp, plainErr, d)
	}
	var fe, pe *Error
	if !errors.As(fastErr, &fe) || !errors.As(plainErr, &pe) {
		t.Fatalf("MergeInto: %v; mergeIntoPlain: %v; want *Error", fastErr, plainErr)
	}
	if errors.Is(fe, ErrSharedMap) != errors.Is(pe, ErrSharedMap) {
		t.Fatalf("MergeInto(%v, %v) with max %d: %v; mergeIntoPlain: %v", wt, fp, limit, fe, pe)
	}
	if !onePath(wt) || !onePath(fp) {
		return
	}
	w := walker{max: limit}
	w.input = inPatch
	_, patchFault := w.copyMap(fp, 1)
	w.input = inTarget
	_, targetFault := w.copyMap(wt, 1)
	if fp != nil && patchFault != nil && targetFault != nil {
		return
	}
	if fe.Input != pe.Input || fe.Path != pe.Path || fe.Offset != pe.Offset || fe.Err != pe.Err || fe.Error() != pe.Error() {
		t.Fatalf("MergeInto(%v, %v) with max %d: %v; mergeIntoPlain: %v", wt, fp, limit, fe, pe)
	}
}

// FuzzMergeIntoTwins holds MergeInto equal to mergeIntoPlain on maps
// decoded from a and b, with values that JSON text does not make, maps
// that target holds at several places (intoValue) and a depth limit that
// is often reached.
func FuzzMergeIntoTwins(f *testing.F) {
	fzSeeds(f)
	f.Add([]byte(`{"a":"obj","b":{"same":{}},"c":{"same":{}}}`), []byte(`{"a":{"A":null,"C":1},"b":{"same":{"k":null}},"c":{"same":{"o":{"y":2}}}}`))
	f.Add([]byte(`{"self":{},"a":1}`), []byte(`{"self":{"self":{"a":2}}}`))
	f.Add([]byte(`{"a":{"b":"nilmap"},"n":"nan"}`), []byte(`{"a":{"b":{"c":"nan"}},"n":{"x":"bytes"}}`))
	f.Add([]byte(`{"a":{"b":{"c":{}}}}`), []byte(`{"a":{"b":{"c":{"d":{"e":1}}}}}`))
	f.Add([]byte(`{"same":1}`), []byte(`{"same":{"o":{"x":null}},"z":"obj"}`))
	f.Fuzz(func(t *testing.T, a, b []byte) {
		if len(a) > fzMaxInput || len(b) > fzMaxInput {
			return
		}
		av, err1 := decodeJSONValue(a)
		bv, err2 := decodeJSONValue(b)
		if err1 != nil || err2 != nil {
			return
		}
		if _, ok := bv.(map[string]any); !ok && bv != nil {
			return
		}
		limit := 1 + (len(a)+len(b))%8
		if len(a)+len(b) > 64 {
			limit = DefaultMaxDepth
		}
		mk := func() (map[string]any, map[string]any) { return intoValue(av, true), intoValue(bv, false) }
		mergeIntoTwinsAgree(t, mk, limit)
	})
}

// intoNest returns the text of n objects nested under the names "a", "b",
// …, each holding one more member "m", the innermost holding inner.
func intoNest(n int, inner string) string {
	for i := n - 1; i >= 0; i-- {
		inner = `{"m":` + strconv.Itoa(i) + `,"` + string(rune('a'+i)) + `":` + inner + `}`
	}
	return inner
}

// TestMergeIntoTwins holds MergeInto equal to mergeIntoPlain on targets
// and patches that the fuzz target reaches only by chance.
func TestMergeIntoTwins(t *testing.T) {
	for _, tc := range []struct {
		reason        string
		target, patch string
	}{
		{"a struct in target is converted to be merged into", `{"a":"obj"}`, `{"a":{"B":null,"C":"x"}}`},
		{"a struct in target that the patch replaces is not read", `{"a":"obj"}`, `{"a":1}`},
		{"a NaN in target that the patch replaces is not read", `{"a":"nan"}`, `{"a":{"b":1}}`},
		{"a NaN in patch", `{"a":1}`, `{"b":{"c":"nan"}}`},
		{"bytes in patch are converted", `{}`, `{"a":"bytes","b":{"c":"bytes"}}`},
		{"a nil map in target is nothing to merge into", `{"a":"nilmap"}`, `{"a":{"b":null,"c":1}}`},
		{"one map reached at two places", `{"a":{"same":{}},"b":{"same":{}}}`, `{"a":{"same":{"k":1}},"b":{"same":{"k":2}}}`},
		{"one map reached at one place", `{"a":{"same":{}},"b":{"same":{}}}`, `{"a":{"same":{"k":1}},"b":{"x":2}}`},
		{"target reached again through itself", `{"self":1,"a":1}`, `{"self":{"a":2}}`},
		{"more changes and maps entered than the planner keeps on its stack", intoNest(20, `{}`), intoNest(20, `{"s":1,"t":null}`)},
		{"deeper than the limit", `{"a":{"b":{}}}`, `{"a":{"b":{"c":{"d":{}}}}}`},
		{"a nil patch changes nothing", `{"a":1}`, `null`},
		{"a nil target", `null`, `{"a":1}`},
	} {
		t.Run(tc.reason, func(t *testing.T) {
			var tv, pv any
			if err := json.Unmarshal([]byte(tc.target), &tv); err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal([]byte(tc.patch), &pv); err != nil {
				t.Fatal(err)
			}
			mk := func() (map[string]any, map[string]any) { return intoValue(tv, true), intoValue(pv, false) }
			mergeIntoTwinsAgree(t, mk, DefaultMaxDepth)
			mergeIntoTwinsAgree(t, mk, 3)
		})
	}
}
