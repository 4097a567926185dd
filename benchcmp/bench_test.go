package benchcmp

import (
	"encoding/json"
	"reflect"
	"testing"

	"dario.cat/mergo"
	"github.com/deepmerge-go/deepmerge"
	jsonpatch "github.com/evanphx/json-patch/v5"
)

// Sinks keep the compiler from discarding results.
var (
	sinkBytes []byte
	sinkMap   map[string]any
	sinkErr   error
)

// each runs, for each shape, shape=NAME/impl=NAME for each of impls, in
// order: deepmerge first in every group, so that benchstat -col /impl takes
// it as the base column everywhere and reports each other library against
// it. Every sub-benchmark reports allocations and counts the target's
// length as the bytes processed.
func each(b *testing.B, impls []string, run func(b *testing.B, sh *shape, impl string)) {
	for _, sh := range shapes() {
		sh := sh
		b.Run("shape="+sh.name, func(b *testing.B) {
			for _, impl := range impls {
				impl := impl
				b.Run("impl="+impl, func(b *testing.B) {
					b.ReportAllocs()
					b.SetBytes(int64(len(sh.targetJSON)))
					run(b, sh, impl)
					if sinkErr != nil {
						b.Fatal(sinkErr)
					}
				})
			}
		})
	}
}

// BenchmarkMergePatch applies a merge patch to JSON text.
func BenchmarkMergePatch(b *testing.B) {
	each(b, []string{"deepmerge", "evanphx"}, func(b *testing.B, sh *shape, impl string) {
		merge := deepmerge.MergeJSON
		if impl == "evanphx" {
			merge = jsonpatch.MergePatch
		}
		for i := 0; i < b.N; i++ {
			sinkBytes, sinkErr = merge(sh.targetJSON, sh.patchJSON)
		}
	})
}

// BenchmarkCreatePatch computes the merge patch between the target and the
// merged document: as MergeJSON writes it for the sorted shapes, and as
// encoding/json writes it (sorted) for the insertion-order ones.
func BenchmarkCreatePatch(b *testing.B) {
	each(b, []string{"deepmerge", "evanphx"}, func(b *testing.B, sh *shape, impl string) {
		diff := deepmerge.DiffJSON
		if impl == "evanphx" {
			diff = jsonpatch.CreateMergePatch
		}
		for i := 0; i < b.N; i++ {
			sinkBytes, sinkErr = diff(sh.targetJSON, sh.modifiedJSON)
		}
	})
}

// BenchmarkMapMerge merges a patch into a decoded document, leaving the
// document as it was: deepmerge.Merge returns a new map, and mergo, which
// merges in place, gets a deep copy of the target to merge into, made
// inside the timed loop so that both do the same job.
//
// mergo does not implement RFC 7396: a null in the patch does not remove
// the member (with WithOverride it stores the null), and it stores the
// patch's own maps and slices in the result. So this compares speed on the
// same inputs, not equal results; TestShapes logs where they differ.
func BenchmarkMapMerge(b *testing.B) {
	each(b, []string{"deepmerge", "mergo"}, func(b *testing.B, sh *shape, impl string) {
		if impl == "mergo" {
			for i := 0; i < b.N; i++ {
				dst := deepCopy(sh.target)
				sinkErr = mergo.Merge(&dst, sh.patch, mergo.WithOverride)
				sinkMap = dst
			}
			return
		}
		for i := 0; i < b.N; i++ {
			sinkMap, sinkErr = deepmerge.Merge(sh.target, sh.patch)
		}
	})
}

// TestShapes checks that the libraries compared do the same work on every
// shape: evanphx's MergePatch and CreateMergePatch agree with deepmerge
// there (the shapes avoid the inputs where they differ; see
// TestEvanphxCompat). It logs where mergo's result is not RFC 7396's.
func TestShapes(t *testing.T) {
	for _, sh := range shapes() {
		want, err := deepmerge.MergeJSON(sh.targetJSON, sh.patchJSON)
		if err != nil {
			t.Fatalf("%s: deepmerge.MergeJSON: %v", sh.name, err)
		}
		got, err := jsonpatch.MergePatch(sh.targetJSON, sh.patchJSON)
		if err != nil {
			t.Fatalf("%s: jsonpatch.MergePatch: %v", sh.name, err)
		}
		if !sameJSON(got, want) {
			t.Errorf("%s: jsonpatch.MergePatch and deepmerge.MergeJSON differ", sh.name)
		}
		for name, diff := range map[string]func(a, b []byte) ([]byte, error){
			"deepmerge.DiffJSON":         deepmerge.DiffJSON,
			"jsonpatch.CreateMergePatch": jsonpatch.CreateMergePatch,
		} {
			p, err := diff(sh.targetJSON, want)
			if err != nil {
				t.Fatalf("%s: %s: %v", sh.name, name, err)
			}
			again, err := deepmerge.MergeJSON(sh.targetJSON, p)
			if err != nil || !sameJSON(again, want) {
				t.Errorf("%s: %s: its patch does not give the merged document (%v)", sh.name, name, err)
			}
		}
		dst := deepCopy(sh.target)
		if err := mergo.Merge(&dst, sh.patch, mergo.WithOverride); err != nil {
			t.Fatalf("%s: mergo.Merge: %v", sh.name, err)
		}
		if !sameJSON(mustMarshal(dst), want) {
			t.Logf("%s: mergo's result is not RFC 7396's (as expected where the patch holds a null)", sh.name)
		}
	}
}

// sameJSON reports whether a and b are the same JSON value; text that is
// not JSON is the same as nothing.
func sameJSON(a, b []byte) bool {
	var va, vb any
	if json.Unmarshal(a, &va) != nil || json.Unmarshal(b, &vb) != nil {
		return false
	}
	return reflect.DeepEqual(va, vb)
}
