package deepmerge

// Benchmarks of every entry point on fixed, generated document shapes, each
// next to a baseline that does the least work the operation could do.
//
// Names are BenchmarkGroup/shape=NAME/impl=NAME, so benchstat can put the
// implementations side by side:
//
//	go test -run XXX -bench . -count=10 . | tee new.txt
//	benchstat -table .name -col /impl new.txt
//
// Within a group the baseline runs first, so benchstat's deltas read as
// "this implementation against the baseline". Every sub-benchmark reports
// allocations and sets its bytes to the length of the target's JSON text,
// so MB/s is comparable across groups for one shape.
//
// The shapes, generated from fixed seeds, are those of package
// internal/benchshape, which benchcmp/ runs on too: the sorted ones in
// every group, and the insertion-order ones in the groups on text.

import (
	"bytes"
	"encoding/json"
	"maps"
	"reflect"
	"sync"
	"testing"

	"github.com/deepmerge-go/deepmerge/internal/benchshape"
)

// A benchShape is one target and patch, as text and as the maps that
// encoding/json decodes the text to, and the text a diff is taken
// against.
type benchShape struct {
	name                  string
	target, patch         map[string]any
	targetJSON, patchJSON []byte // compact
	modifiedJSON          []byte
}

func benchFrom(s *benchshape.Shape) *benchShape {
	modified, err := s.Modified(MergeJSON)
	if err != nil {
		panic(err)
	}
	return &benchShape{s.Name, s.Target, s.Patch, s.TargetJSON, s.PatchJSON, modified}
}

func benchFromAll(ss []*benchshape.Shape) []*benchShape {
	out := make([]*benchShape, len(ss))
	for i, s := range ss {
		out[i] = benchFrom(s)
	}
	return out
}

// benchShapes returns the sorted shapes; benchTextShapes those and the
// insertion-order ones; benchScalarsShape the extra one of
// BenchmarkMapInto.
var (
	benchShapes       = sync.OnceValue(func() []*benchShape { return benchFromAll(benchshape.Sorted()) })
	benchTextShapes   = sync.OnceValue(func() []*benchShape { return append(benchShapes(), benchFromAll(benchshape.Insertion())...) })
	benchScalarsShape = sync.OnceValue(func() *benchShape { return benchFrom(benchshape.Scalars()) })
)

// Generators for the benchmarks that make shapes of their own.
var (
	benchWords   = benchshape.Words
	benchWord    = benchshape.Word
	benchSized   = benchshape.Sized
	benchGenMeta = benchshape.GenMeta
)

func benchMarshal(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return b
}

func benchDecode(b []byte) map[string]any {
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		panic(err)
	}
	return m
}

// benchCheckCopy is the floor of MergeJSON for a patch that changes
// little: every byte of both inputs checked (syntax, UTF-8, depth;
// repeated names only in the patch, which MergeJSON checks whole), and the
// target copied into a new buffer.
func benchCheckCopy(target, patch []byte, st *scratch) ([]byte, error) {
	p := scanner{data: patch, max: DefaultMaxDepth, dups: true, st: st}
	if _, _, err := p.topValue(); err != nil {
		return nil, err.done()
	}
	t := scanner{data: target, max: DefaultMaxDepth}
	if _, _, err := t.topValue(); err != nil {
		return nil, err.done()
	}
	return append(make([]byte, 0, len(target)+len(patch)), target...), nil
}

// benchBaselineClone is the plainest fast deep copy of a decoded document.
func benchBaselineClone(m map[string]any) map[string]any {
	c := maps.Clone(m)
	for k, v := range m {
		switch v := v.(type) {
		case map[string]any:
			c[k] = benchBaselineClone(v)
		case []any:
			c[k] = benchBaselineCloneSlice(v)
		}
	}
	return c
}

func benchBaselineCloneSlice(s []any) []any {
	c := append([]any(nil), s...)
	for i, v := range s {
		switch v := v.(type) {
		case map[string]any:
			c[i] = benchBaselineClone(v)
		case []any:
			c[i] = benchBaselineCloneSlice(v)
		}
	}
	return c
}

// benchBaselineAssign is the barest in-place merge: no checks, no copies.
func benchBaselineAssign(target, patch map[string]any) {
	for k, pv := range patch {
		switch pv := pv.(type) {
		case nil:
			delete(target, k)
		case map[string]any:
			t, ok := target[k].(map[string]any)
			if !ok {
				t = map[string]any{}
				target[k] = t
			}
			benchBaselineAssign(t, pv)
		default:
			target[k] = pv
		}
	}
}

// benchBaselineAssignCopy is benchBaselineAssign storing copies of the
// patch's arrays, as MergeInto must: the barest in-place merge that leaves
// the target sharing nothing with the patch.
func benchBaselineAssignCopy(target, patch map[string]any) {
	for k, pv := range patch {
		switch pv := pv.(type) {
		case nil:
			delete(target, k)
		case map[string]any:
			t, ok := target[k].(map[string]any)
			if !ok {
				t = map[string]any{}
				target[k] = t
			}
			benchBaselineAssignCopy(t, pv)
		case []any:
			target[k] = benchBaselineCloneSlice(pv)
		default:
			target[k] = pv
		}
	}
}

// benchBaselinePlan is benchBaselineAssignCopy made atomic in the plainest
// way: a first walk records every change and modifies nothing, and a
// second makes the changes. It checks nothing. It is the floor of any
// in-place merge that must leave the target as it was when the patch turns
// out to be bad, as MergeInto must: the ratio of MergeInto to it is what
// MergeInto's checks cost, and its own ratio to benchBaselineAssignCopy is
// what that atomicity costs.
func benchBaselinePlan(target, patch map[string]any) {
	ops := benchPlan(target, patch, benchPlanBuf[:0])
	for _, o := range ops {
		if o.v == nil {
			delete(o.m, o.name)
		} else {
			o.m[o.name] = o.v
		}
	}
	clear(ops)
	benchPlanBuf = ops[:0]
}

// A benchOp is one change that benchPlan records: m[name] = v, or
// delete(m, name) when v is nil.
type benchOp struct {
	m    map[string]any
	name string
	v    any
}

// benchPlanBuf is benchBaselinePlan's buffer of changes, reused from call
// to call (the benchmarks run one at a time), so that it allocates only
// the copies it stores.
var benchPlanBuf []benchOp

// benchPlan appends to ops the changes that merging patch into target
// makes, without making them: objects merged into nothing and arrays are
// copied now, ready to store.
func benchPlan(target, patch map[string]any, ops []benchOp) []benchOp {
	for k, pv := range patch {
		switch pv := pv.(type) {
		case map[string]any:
			if t, ok := target[k].(map[string]any); ok {
				ops = benchPlan(t, pv, ops)
				continue
			}
			fresh := map[string]any{}
			benchBaselineAssignCopy(fresh, pv)
			ops = append(ops, benchOp{target, k, fresh})
		case []any:
			ops = append(ops, benchOp{target, k, benchBaselineCloneSlice(pv)})
		default:
			ops = append(ops, benchOp{target, k, pv})
		}
	}
	return ops
}

// benchPathCopy returns a copy of target that patch may be merged into in
// place as if it were a deep copy: it copies the maps that patch reaches
// and shares the rest, which an in-place merge neither reads nor modifies
// (MergeInto replaces arrays, it never writes into them).
func benchPathCopy(target, patch map[string]any) map[string]any {
	c := maps.Clone(target)
	for k, pv := range patch {
		if pm, ok := pv.(map[string]any); ok {
			if tm, ok := target[k].(map[string]any); ok {
				c[k] = benchPathCopy(tm, pm)
			}
		}
	}
	return c
}

// benchReusable reports whether merging patch into target in place a
// second time does the same work as the first time: patch only deletes
// members and replaces members that target has, and each of its objects
// lands on an object. Then one copy of the target serves every iteration
// (deleting an absent member costs about what deleting a present one does).
func benchReusable(target, patch map[string]any) bool {
	for k, pv := range patch {
		tv, ok := target[k]
		switch pv := pv.(type) {
		case nil:
		case map[string]any:
			if tm, isMap := tv.(map[string]any); !isMap || !benchReusable(tm, pv) {
				return false
			}
		default:
			if !ok {
				return false
			}
		}
	}
	return true
}

// Sinks keep the compiler from discarding results.
var (
	benchSinkMap   map[string]any
	benchSinkBytes []byte
	benchSinkErr   error
)

// benchEach runs, for each shape, the sub-benchmark shape=NAME, and in it
// each of impls (made by benchImpl) in turn.
func benchEach(b *testing.B, shapes []*benchShape, impls ...func(b *testing.B, sh *benchShape)) {
	for _, sh := range shapes {
		sh := sh
		b.Run("shape="+sh.name, func(b *testing.B) {
			for _, run := range impls {
				run(b, sh)
			}
		})
	}
}

// benchImpl returns the sub-benchmark impl=name running f, which reports
// allocations and counts the target's length as the bytes processed.
func benchImpl(name string, f func(b *testing.B, sh *benchShape)) func(*testing.B, *benchShape) {
	return func(b *testing.B, sh *benchShape) {
		b.Run("impl="+name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(sh.targetJSON)))
			f(b, sh)
		})
	}
}

func BenchmarkMap(b *testing.B) {
	benchEach(b, benchShapes(),
		benchImpl("BaselineClone", func(b *testing.B, sh *benchShape) {
			for i := 0; i < b.N; i++ {
				benchSinkMap = benchBaselineClone(sh.target)
			}
		}),
		benchImpl("Merge", func(b *testing.B, sh *benchShape) {
			for i := 0; i < b.N; i++ {
				benchSinkMap, benchSinkErr = Merge(sh.target, sh.patch)
			}
			if benchSinkErr != nil {
				b.Fatal(benchSinkErr)
			}
		}),
		// The plainest merge: a clone, then the bare walk-and-assign of
		// the patch, with no checks and the patch's arrays shared.
		benchImpl("BaselineCloneAssign", func(b *testing.B, sh *benchShape) {
			for i := 0; i < b.N; i++ {
				c := benchBaselineClone(sh.target)
				benchBaselineAssign(c, sh.patch)
				benchSinkMap = c
			}
		}),
	)
}

// benchInPlace runs apply on a fresh copy of the target each iteration,
// without timing the copy. When re-applying the patch is the same work
// (see benchReusable) one copy serves; otherwise copies are made in batches
// with the timer stopped, so that stopping it costs little per iteration.
func benchInPlace(b *testing.B, sh *benchShape, apply func(target, patch map[string]any) error) {
	if benchReusable(sh.target, sh.patch) {
		t := benchBaselineClone(sh.target)
		if err := apply(t, sh.patch); err != nil {
			b.Fatal(err)
		}
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			benchSinkErr = apply(t, sh.patch)
		}
		if benchSinkErr != nil {
			b.Fatal(benchSinkErr)
		}
		return
	}
	batch := make([]map[string]any, max(1, min(1024, (4<<20)/len(sh.targetJSON))))
	b.ResetTimer()
	for i := 0; i < b.N; {
		b.StopTimer()
		n := min(len(batch), b.N-i)
		for j := 0; j < n; j++ {
			batch[j] = benchPathCopy(sh.target, sh.patch)
		}
		b.StartTimer()
		for _, t := range batch[:n] {
			benchSinkErr = apply(t, sh.patch)
		}
		i += n
	}
	if benchSinkErr != nil {
		b.Fatal(benchSinkErr)
	}
}

func BenchmarkMapInto(b *testing.B) {
	benchEach(b, append(benchShapes(), benchScalarsShape()),
		benchImpl("BaselineAssign", func(b *testing.B, sh *benchShape) {
			benchInPlace(b, sh, func(t, p map[string]any) error { benchBaselineAssign(t, p); return nil })
		}),
		benchImpl("MergeInto", func(b *testing.B, sh *benchShape) {
			benchInPlace(b, sh, MergeInto)
		}),
		benchImpl("BaselineAssignCopy", func(b *testing.B, sh *benchShape) {
			benchInPlace(b, sh, func(t, p map[string]any) error { benchBaselineAssignCopy(t, p); return nil })
		}),
		benchImpl("BaselinePlan", func(b *testing.B, sh *benchShape) {
			benchInPlace(b, sh, func(t, p map[string]any) error { benchBaselinePlan(t, p); return nil })
		}),
	)
}

func BenchmarkJSON(b *testing.B) {
	benchEach(b, benchTextShapes(),
		benchImpl("BaselineCopy", func(b *testing.B, sh *benchShape) {
			for i := 0; i < b.N; i++ {
				benchSinkBytes = append([]byte(nil), sh.targetJSON...)
			}
		}),
		benchImpl("BaselineCheckCopy", func(b *testing.B, sh *benchShape) {
			st := new(scratch)
			for i := 0; i < b.N; i++ {
				benchSinkBytes, benchSinkErr = benchCheckCopy(sh.targetJSON, sh.patchJSON, st)
			}
		}),
		benchImpl("MergeJSON", func(b *testing.B, sh *benchShape) {
			for i := 0; i < b.N; i++ {
				benchSinkBytes, benchSinkErr = MergeJSON(sh.targetJSON, sh.patchJSON)
			}
			if benchSinkErr != nil {
				b.Fatal(benchSinkErr)
			}
		}),
		benchImpl("BaselineRoundTrip", func(b *testing.B, sh *benchShape) {
			for i := 0; i < b.N; i++ {
				var v any
				if err := json.Unmarshal(sh.targetJSON, &v); err != nil {
					b.Fatal(err)
				}
				benchSinkBytes, benchSinkErr = json.Marshal(v)
			}
		}),
	)
}

func BenchmarkDiff(b *testing.B) {
	benchEach(b, benchShapes(), benchImpl("Diff", func(b *testing.B, sh *benchShape) {
		modified, err := Merge(sh.target, sh.patch)
		if err != nil {
			b.Fatal(err)
		}
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			benchSinkMap, benchSinkErr = Diff(sh.target, modified)
		}
		if benchSinkErr != nil {
			b.Fatal(benchSinkErr)
		}
	}))
}

func BenchmarkDiffJSON(b *testing.B) {
	benchEach(b, benchTextShapes(), benchImpl("DiffJSON", func(b *testing.B, sh *benchShape) {
		for i := 0; i < b.N; i++ {
			benchSinkBytes, benchSinkErr = DiffJSON(sh.targetJSON, sh.modifiedJSON)
		}
		if benchSinkErr != nil {
			b.Fatal(benchSinkErr)
		}
	}))
}

func BenchmarkValidate(b *testing.B) {
	benchEach(b, benchTextShapes(),
		benchImpl("BaselineValid", func(b *testing.B, sh *benchShape) {
			for i := 0; i < b.N; i++ {
				if !json.Valid(sh.targetJSON) {
					b.Fatal("invalid")
				}
			}
		}),
		benchImpl("BaselineCheck", func(b *testing.B, sh *benchShape) {
			for i := 0; i < b.N; i++ {
				s := scanner{data: sh.targetJSON, max: DefaultMaxDepth}
				_, _, err := s.topValue()
				if err != nil {
					b.Fatal(err)
				}
			}
		}),
		benchImpl("Validate", func(b *testing.B, sh *benchShape) {
			for i := 0; i < b.N; i++ {
				benchSinkErr = Validate(sh.targetJSON)
			}
			if benchSinkErr != nil {
				b.Fatal(benchSinkErr)
			}
		}),
	)
}

// TestBenchShapes checks that the shapes are what the benchmarks say they
// are, and that each baseline computes what it stands in for.
func TestBenchShapes(t *testing.T) {
	for _, sh := range append(benchTextShapes(), benchScalarsShape()) {
		merged, err := Merge(sh.target, sh.patch)
		if err != nil {
			t.Fatalf("%s: Merge: %v", sh.name, err)
		}
		mergedJSON, err := MergeJSON(sh.targetJSON, sh.patchJSON)
		if err != nil {
			t.Fatalf("%s: MergeJSON: %v", sh.name, err)
		}
		if !reflect.DeepEqual(benchDecode(mergedJSON), benchDecode(benchMarshal(merged))) {
			t.Errorf("%s: MergeJSON and Merge disagree", sh.name)
		}
		if bytes.Equal(mergedJSON, sh.targetJSON) {
			t.Errorf("%s: the patch changes nothing", sh.name)
		}
		if !reflect.DeepEqual(benchBaselineClone(sh.target), sh.target) {
			t.Errorf("%s: benchBaselineClone is not a copy", sh.name)
		}
		for name, apply := range map[string]func(t, p map[string]any) error{
			"MergeInto":          MergeInto,
			"baselineAssign":     func(t, p map[string]any) error { benchBaselineAssign(t, p); return nil },
			"baselineAssignCopy": func(t, p map[string]any) error { benchBaselineAssignCopy(t, p); return nil },
			"baselinePlan":       func(t, p map[string]any) error { benchBaselinePlan(t, p); return nil },
			"baselineCloneAssign": func(t, p map[string]any) error {
				c := benchBaselineClone(sh.target)
				benchBaselineAssign(c, p)
				clear(t)
				maps.Copy(t, c)
				return nil
			},
		} {
			in := benchPathCopy(sh.target, sh.patch)
			for n := 0; n < 2; n++ { // twice: merging is idempotent
				if err := apply(in, sh.patch); err != nil {
					t.Fatalf("%s: %s: %v", sh.name, name, err)
				}
				if !reflect.DeepEqual(in, merged) {
					t.Errorf("%s: %s differs from Merge", sh.name, name)
				}
			}
		}
		if !reflect.DeepEqual(sh.target, benchDecode(sh.targetJSON)) {
			t.Errorf("%s: an in-place merge on benchPathCopy modified the target", sh.name)
		}
		patch, err := Diff(sh.target, merged)
		if err != nil {
			t.Fatalf("%s: Diff: %v", sh.name, err)
		}
		if again, _ := Merge(sh.target, patch); !reflect.DeepEqual(again, merged) {
			t.Errorf("%s: Merge(target, Diff(target, merged)) != merged", sh.name)
		}
		patchJSON, err := DiffJSON(sh.targetJSON, mergedJSON)
		if err != nil {
			t.Fatalf("%s: DiffJSON: %v", sh.name, err)
		}
		if again, _ := MergeJSON(sh.targetJSON, patchJSON); !bytes.Equal(again, mergedJSON) {
			t.Errorf("%s: MergeJSON(target, DiffJSON(target, merged)) != merged", sh.name)
		}
		if err := Validate(sh.targetJSON); err != nil {
			t.Errorf("%s: Validate: %v", sh.name, err)
		}
	}
}

// BenchmarkCompose composes two patches of about 1 KB each (shape
// patch1k), and folds 100 small patches into one, left to right (shape
// fold100; see ctFoldPatches), as text and as maps. Bytes are those of all
// the patches. The floors: reading each patch text once as strictly as
// ComposeJSON reads it (Validate), and a plain deep copy of each patch map.
func BenchmarkCompose(b *testing.B) {
	first, second := ctPatches1K()
	firstMap, secondMap := benchDecode(first), benchDecode(second)
	folded := ctFoldPatches(100)
	texts := make([][]byte, len(folded))
	foldBytes := 0
	for i, p := range folded {
		texts[i] = benchMarshal(p)
		foldBytes += len(texts[i])
	}
	impl := func(b *testing.B, name string, size int, f func(b *testing.B)) {
		b.Run("impl="+name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(size))
			f(b)
		})
	}
	b.Run("shape=patch1k", func(b *testing.B) {
		size := len(first) + len(second)
		impl(b, "BaselineValidate", size, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				if err := Validate(first); err != nil {
					b.Fatal(err)
				}
				benchSinkErr = Validate(second)
			}
		})
		impl(b, "ComposeJSON", size, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				benchSinkBytes, benchSinkErr = ComposeJSON(first, second)
			}
			if benchSinkErr != nil {
				b.Fatal(benchSinkErr)
			}
		})
		impl(b, "BaselineClone", size, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				benchSinkMap = benchBaselineClone(firstMap)
				benchSinkMap = benchBaselineClone(secondMap)
			}
		})
		impl(b, "Compose", size, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				benchSinkMap, benchSinkErr = Compose(firstMap, secondMap)
			}
			if benchSinkErr != nil {
				b.Fatal(benchSinkErr)
			}
		})
	})
	b.Run("shape=fold100", func(b *testing.B) {
		impl(b, "BaselineValidate", foldBytes, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				for _, p := range texts {
					if err := Validate(p); err != nil {
						b.Fatal(err)
					}
				}
			}
		})
		impl(b, "ComposeJSON", foldBytes, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				acc := texts[0]
				for _, p := range texts[1:] {
					if acc, benchSinkErr = ComposeJSON(acc, p); benchSinkErr != nil {
						b.Fatal(benchSinkErr)
					}
				}
				benchSinkBytes = acc
			}
		})
		impl(b, "BaselineClone", foldBytes, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				for _, p := range folded {
					benchSinkMap = benchBaselineClone(p)
				}
			}
		})
		impl(b, "Compose", foldBytes, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				acc := folded[0]
				for _, p := range folded[1:] {
					if acc, benchSinkErr = Compose(acc, p); benchSinkErr != nil {
						b.Fatal(benchSinkErr)
					}
				}
				benchSinkMap = acc
			}
		})
	})
}
