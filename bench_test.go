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
// The shapes (all generated from fixed seeds, so every run sees the same
// bytes; the same generators are in benchcmp/shapes_test.go):
//
//	meta2k, meta8k  user metadata documents of ~2 and ~8 KB; the patch
//	                changes three nested scalars, deletes one member and
//	                adds one nested object
//	wide10k         one object of 10,000 members; the patch changes 8
//	                of them and deletes 2
//	deep100/1000    a chain of objects 100 / 1000 deep; the patch changes
//	                a scalar at the bottom
//	large1m         ~1 MB: an object of user records; the patch touches
//	                ~1% of all members, spread throughout (changes, a few
//	                deletes, a few added objects)
//	full            a ~8 KB metadata document and a patch that changes
//	                every member of it, at every depth
//	scalars         (BenchmarkMapInto only) meta8k with a patch holding
//	                only scalars and nulls, at existing places

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"maps"
	"math/rand"
	"reflect"
	"sort"
	"sync"
	"testing"
)

// A benchShape is one target and patch, as text and as the maps that
// encoding/json decodes the text to.
type benchShape struct {
	name                  string
	target, patch         map[string]any
	targetJSON, patchJSON []byte // compact, members sorted by name
}

func benchNewShape(name string, target, patch map[string]any) *benchShape {
	sh := &benchShape{name: name, targetJSON: benchMarshal(target), patchJSON: benchMarshal(patch)}
	sh.target, sh.patch = benchDecode(sh.targetJSON), benchDecode(sh.patchJSON)
	return sh
}

// benchShapes returns the shapes of every group; benchScalarsShape the
// extra one of BenchmarkMapInto.
var benchShapes = sync.OnceValue(func() []*benchShape {
	meta2k := benchSized(2, 2<<10, benchGenMeta)
	meta8k := benchSized(8, 8<<10, benchGenMeta)
	wideT, wideP := benchGenWide(rand.New(rand.NewSource(10)), 10000)
	deep100T, deep100P := benchGenDeep(100)
	deep1000T, deep1000P := benchGenDeep(1000)
	large := benchGenLarge(rand.New(rand.NewSource(1000)), 1<<20)
	full := benchSized(88, 8<<10, benchGenMeta)
	return []*benchShape{
		benchNewShape("meta2k", meta2k, benchMetaPatch()),
		benchNewShape("meta8k", meta8k, benchMetaPatch()),
		benchNewShape("wide10k", wideT, wideP),
		benchNewShape("deep100", deep100T, deep100P),
		benchNewShape("deep1000", deep1000T, deep1000P),
		benchNewShape("large1m", large, benchSpreadPatch(rand.New(rand.NewSource(1001)), large, 0.01, true)),
		benchNewShape("full", full, benchSpreadPatch(rand.New(rand.NewSource(89)), full, 1, false)),
	}
})

var benchScalarsShape = sync.OnceValue(func() *benchShape {
	return benchNewShape("scalars", benchSized(8, 8<<10, benchGenMeta), map[string]any{
		"active":      false,
		"profile":     map[string]any{"display_name": "Kilo Lima", "age": 41, "bio": nil},
		"preferences": map[string]any{"theme": "light", "notifications": map[string]any{"sms": true}},
		"flags":       map[string]any{"beta": nil},
		"stats":       map[string]any{"logins": 4242},
	})
})

var benchWords = []string{"alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel",
	"india", "juliet", "kilo", "lima", "mike", "november", "oscar", "papa"}

func benchWord(r *rand.Rand) string { return benchWords[r.Intn(len(benchWords))] }

// benchSized returns gen's document with the fewest list entries that
// makes it at least goal bytes of compact JSON, as encoding/json decodes it.
func benchSized(seed int64, goal int, gen func(*rand.Rand, int) map[string]any) map[string]any {
	for n := 1; ; n++ {
		if b := benchMarshal(gen(rand.New(rand.NewSource(seed)), n)); len(b) >= goal {
			return benchDecode(b)
		}
	}
}

// benchGenMeta returns a user metadata document whose lists have n entries.
func benchGenMeta(r *rand.Rand, n int) map[string]any {
	list := func(f func() any) []any {
		a := make([]any, n)
		for i := range a {
			a[i] = f()
		}
		return a
	}
	return map[string]any{
		"id":         fmt.Sprintf("usr_%012x", r.Int63()),
		"email":      benchWord(r) + "." + benchWord(r) + "@example.com",
		"created_at": 1.6e9 + r.Intn(1e8),
		"active":     true,
		"deleted_at": nil,
		"roles":      []any{"user", benchWord(r)},
		"profile": map[string]any{
			"name":         map[string]any{"first": benchWord(r), "last": benchWord(r)},
			"display_name": benchWord(r) + " " + benchWord(r),
			"avatar_url":   fmt.Sprintf("https://cdn.example.com/avatars/%d.png", r.Intn(1e6)),
			"locale":       "en-US", "timezone": "Europe/Berlin", "bio": nil,
			"age": 18 + r.Intn(60),
		},
		"preferences": map[string]any{
			"theme": "dark", "language": "en",
			"notifications": map[string]any{"email": true, "sms": false, "digest": "weekly"},
			"privacy":       map[string]any{"profile_public": r.Intn(2) == 0, "show_email": false},
		},
		"flags": map[string]any{"beta": true, "early_access": r.Intn(2) == 0, "mfa_enabled": true, "legacy_ui": nil},
		"billing": map[string]any{
			"plan": "pro", "seats": 1 + r.Intn(50), "currency": "EUR",
			"address": map[string]any{"line1": fmt.Sprintf("%d %s Street", r.Intn(999), benchWord(r)),
				"city": benchWord(r), "postal_code": fmt.Sprintf("%05d", r.Intn(1e5)), "country": "DE"},
			"payment_method": map[string]any{"type": "card", "brand": "visa",
				"last4": fmt.Sprintf("%04d", r.Intn(1e4)), "exp_month": 1 + r.Intn(12), "exp_year": 2026 + r.Intn(6)},
			"invoices": list(func() any {
				return map[string]any{"id": fmt.Sprintf("inv_%06d", r.Intn(1e6)),
					"amount": float64(r.Intn(1e5)) / 100, "paid": r.Intn(4) != 0, "date": 1.7e9 + r.Intn(1e7)}
			}),
		},
		"tags": list(func() any { return benchWord(r) }),
		"sessions": list(func() any {
			return map[string]any{"ip": fmt.Sprintf("203.0.113.%d", r.Intn(256)),
				"agent": "Mozilla/5.0 (" + benchWord(r) + ")", "last_seen": 1.7e9 + r.Intn(1e7),
				"trusted": r.Intn(2) == 0, "location": nil}
		}),
		"stats": map[string]any{"logins": r.Intn(5000), "score": r.Float64() * 100, "streak": r.Intn(30)},
	}
}

// benchMetaPatch changes three nested scalars, deletes a member and adds an
// object.
func benchMetaPatch() map[string]any {
	return map[string]any{
		"profile":     map[string]any{"display_name": "Kilo Lima", "name": map[string]any{"last": "Oscar"}},
		"preferences": map[string]any{"theme": "light"},
		"flags":       map[string]any{"beta": nil},
		"billing":     map[string]any{"tax": map[string]any{"id": "DE123456789", "exempt": false, "rate": 0.19}},
	}
}

// benchGenWide returns an object of n scalar members and a patch that
// changes 8 of them and deletes 2.
func benchGenWide(r *rand.Rand, n int) (target, patch map[string]any) {
	scalar := func(i int) any {
		switch i % 4 {
		case 0:
			return r.Intn(1e6)
		case 1:
			return benchWord(r) + "-" + benchWord(r)
		case 2:
			return r.Intn(2) == 0
		}
		return r.Float64()
	}
	target, patch = make(map[string]any, n), map[string]any{}
	for i := 0; i < n; i++ {
		target[fmt.Sprintf("key%05d", i)] = scalar(i)
	}
	for i := 0; i < 10; i++ {
		k, v := fmt.Sprintf("key%05d", i*n/10+r.Intn(n/10)), any(nil)
		if i%5 != 4 {
			v = scalar(i + 1)
		}
		patch[k] = v
	}
	return target, patch
}

// benchGenDeep returns a chain of n objects and a patch that changes a
// scalar in the innermost.
func benchGenDeep(n int) (target, patch map[string]any) {
	target, patch = map[string]any{"leaf": "bottom", "id": 0}, map[string]any{"leaf": "changed"}
	for i := 1; i < n; i++ {
		target = map[string]any{"id": i, "name": "level", "child": target}
		patch = map[string]any{"child": patch}
	}
	return target, patch
}

// benchGenLarge returns an object of metadata records that is about goal
// bytes, as encoding/json decodes it.
func benchGenLarge(r *rand.Rand, goal int) map[string]any {
	doc := map[string]any{}
	for size := 0; size < goal; {
		rec, k := benchGenMeta(r, 1+r.Intn(3)), fmt.Sprintf("usr%06d", len(doc))
		doc[k] = rec
		size += len(benchMarshal(rec)) + len(k) + 4
	}
	return benchDecode(benchMarshal(doc))
}

// benchSpreadPatch returns a patch that touches each non-object member of
// doc, at every depth, with probability frac: it replaces the value, or,
// when structural is set, sometimes deletes the member or adds an object
// beside it. doc must be as encoding/json decodes it (numbers float64).
func benchSpreadPatch(r *rand.Rand, doc map[string]any, frac float64, structural bool) map[string]any {
	p := map[string]any{}
	for _, k := range benchSortedKeys(doc) {
		if m, ok := doc[k].(map[string]any); ok {
			if sub := benchSpreadPatch(r, m, frac, structural); len(sub) > 0 {
				p[k] = sub
			}
			continue
		}
		if r.Float64() >= frac {
			continue
		}
		switch x := r.Intn(20); {
		case structural && x == 0:
			p[k] = nil
		case structural && x == 1:
			p[k+"_added"] = map[string]any{"by": benchWord(r), "at": 1.7e9 + r.Intn(1e7)}
		default:
			p[k] = benchNewValue(r, doc[k])
		}
	}
	return p
}

// benchNewValue returns a value like v but different, with no null in it.
func benchNewValue(r *rand.Rand, v any) any {
	switch v := v.(type) {
	case string:
		return v + "-" + benchWord(r)
	case float64:
		return v + 1
	case bool:
		return !v
	case []any:
		a := make([]any, len(v))
		for i, e := range v {
			a[i] = benchNewValue(r, e)
		}
		return a
	case map[string]any:
		m := make(map[string]any, len(v))
		for _, k := range benchSortedKeys(v) {
			m[k] = benchNewValue(r, v[k])
		}
		return m
	}
	return benchWord(r)
}

func benchSortedKeys(m map[string]any) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

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
	benchEach(b, benchShapes(),
		benchImpl("BaselineCopy", func(b *testing.B, sh *benchShape) {
			for i := 0; i < b.N; i++ {
				benchSinkBytes = append([]byte(nil), sh.targetJSON...)
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
	benchEach(b, benchShapes(), benchImpl("DiffJSON", func(b *testing.B, sh *benchShape) {
		modified, err := MergeJSON(sh.targetJSON, sh.patchJSON)
		if err != nil {
			b.Fatal(err)
		}
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			benchSinkBytes, benchSinkErr = DiffJSON(sh.targetJSON, modified)
		}
		if benchSinkErr != nil {
			b.Fatal(benchSinkErr)
		}
	}))
}

func BenchmarkValidate(b *testing.B) {
	benchEach(b, benchShapes(),
		benchImpl("BaselineValid", func(b *testing.B, sh *benchShape) {
			for i := 0; i < b.N; i++ {
				if !json.Valid(sh.targetJSON) {
					b.Fatal("invalid")
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

// benchShapeDigests pins the shapes, which benchcmp/shapes_test.go
// generates again in its own module: the same list stands there, so the
// two generators cannot drift apart unnoticed.
var benchShapeDigests = map[string]string{
	"meta2k":   "75a7cb122bc3205599ea7f686580e6d2556f7ec41075308e07ddc5ef285f608b",
	"meta8k":   "90572ebf369c9efe4d07fb1b9f664b1e699364780aab407bfc3abb5d51eb60d9",
	"wide10k":  "65b58477befd89675c563f64d7aaa4b7fdab0bb389ba325ccd86868642c3c240",
	"deep100":  "0eec7447d0064dcf58aa60ddfadb3406ec3a8333cf970417fdbc85da202ffb8f",
	"deep1000": "79dff7712119808d7bbc796e18652d252c97a44d2a8e3b5fc027212b1cbda7f5",
	"large1m":  "904d411cafa79cbd24559b929a01740dfbcb0429abeb9752744011463b32509a",
	"full":     "c9c3af5816f071f5a9143283c26ba71eba598e9eed6eb496ab7eb2e260685ca2",
}

// TestBenchShapes checks that the shapes are what the benchmarks say they
// are, and that each baseline computes what it stands in for.
func TestBenchShapes(t *testing.T) {
	for _, sh := range append(benchShapes(), benchScalarsShape()) {
		sum := fmt.Sprintf("%x", sha256.Sum256(bytes.Join([][]byte{sh.targetJSON, sh.patchJSON}, nil)))
		t.Logf("%-8s target %7d B, %6d leaf members; patch %6d B, %5d leaf members; sha256 %s",
			sh.name, len(sh.targetJSON), benchLeaves(sh.target), len(sh.patchJSON), benchLeaves(sh.patch), sum)
		if want, ok := benchShapeDigests[sh.name]; ok && sum != want {
			t.Errorf("%s: the generator changed (sha256 %s, want %s): change benchcmp/shapes_test.go to match, then both digest lists", sh.name, sum, want)
		}
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

// benchLeaves counts the members of m and of the objects in it, at every depth,
// whose values are not objects.
func benchLeaves(m map[string]any) int {
	n := 0
	for _, v := range m {
		if sub, ok := v.(map[string]any); ok {
			n += benchLeaves(sub)
		} else {
			n++
		}
	}
	return n
}

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

// TestMergeIntoScalarsAllocs checks the promise of MergeInto's
// documentation: a patch of canonical scalars and nulls is checked and
// applied without allocating.
func TestMergeIntoScalarsAllocs(t *testing.T) {
	sh := benchScalarsShape()
	target := benchBaselineClone(sh.target)
	allocs := testing.AllocsPerRun(100, func() {
		if err := MergeInto(target, sh.patch); err != nil {
			t.Fatal(err)
		}
	})
	if allocs != 0 {
		t.Errorf("MergeInto of scalars and nulls: %v allocs/op, want 0", allocs)
	}

	// More changes than the stack holds go to a pooled buffer, which the
	// race detector's sync.Pool drops at random.
	if jtRaceEnabled() {
		return
	}
	wide, patch := map[string]any{}, map[string]any{}
	for i := 0; i < 500; i++ {
		name := fmt.Sprintf("k%03d", i)
		wide[name] = i
		switch i % 3 {
		case 0:
			patch[name] = "changed"
		case 1:
			patch[name] = nil
		}
	}
	if err := MergeInto(wide, patch); err != nil { // fills the pool
		t.Fatal(err)
	}
	allocs = testing.AllocsPerRun(100, func() {
		if err := MergeInto(wide, patch); err != nil {
			t.Fatal(err)
		}
	})
	if allocs != 0 {
		t.Errorf("MergeInto of %d scalars and nulls: %v allocs/op, want 0", len(patch), allocs)
	}
}

// TestMergeIntoConcurrent applies large patches from several goroutines at
// once, each to its own target, for the race detector and the pooled
// buffer of changes.
func TestMergeIntoConcurrent(t *testing.T) {
	base, patch := map[string]any{}, map[string]any{}
	for i := 0; i < 300; i++ {
		name := fmt.Sprintf("k%03d", i)
		base[name] = map[string]any{"n": i, "keep": true}
		patch[name] = map[string]any{"n": nil, "s": name, "list": []any{i, nil}}
	}
	want, err := Merge(base, patch)
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := 0; k < 20; k++ {
				target := benchBaselineClone(base)
				if err := MergeInto(target, patch); err != nil {
					t.Error(err)
					return
				}
				if !reflect.DeepEqual(target, want) {
					t.Error("MergeInto from several goroutines: result differs from Merge")
					return
				}
			}
		}()
	}
	wg.Wait()
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
