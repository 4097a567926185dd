package deepmerge

// Tests of Batch and BatchJSON: tables of exact results and errors, and rapid
// properties that check the definition (applying the batches in turn is
// applying the patches in turn) against MergeJSON and the RFC oracle
// refMerge, and the greedy rule (each batch ends where the next patch
// could not join it).

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"
)

// ---------------------------------------------------------------------------
// BatchJSON.

// btBatch is a batch as the tables write it.
type btBatch struct {
	Patch      string
	Start, End int
}

func btStrings(bs []JSONBatch) []btBatch {
	if bs == nil {
		return nil
	}
	out := make([]btBatch, len(bs))
	for i, b := range bs {
		out[i] = btBatch{string(b.Patch), b.Start, b.End}
	}
	return out
}

func btBytes(ps []string) [][]byte {
	if ps == nil {
		return nil
	}
	out := make([][]byte, len(ps))
	for i, p := range ps {
		out[i] = []byte(p)
	}
	return out
}

// btTargets are the documents that the tables apply their batches to.
var btTargets = []string{``, `null`, `{}`, `{"a":{"y":2},"b":{"z":3},"c":1}`, `{"a":1,"b":[1]}`, `[1]`}

func TestBatchJSON(t *testing.T) {
	for _, c := range []struct {
		name    string
		patches []string
		object  bool // Options.ObjectPatch
		want    []btBatch
		reason  string
	}{
		{"none", nil, false, nil, "no patches, no batches"},
		{"empty queue", []string{}, false, nil, "no patches, no batches"},
		{"one", []string{` { "a" : 1.0 , "b":null } `}, false, []btBatch{{`{"a":1.0,"b":null}`, 0, 1}},
			"a batch of one patch is that patch, compact, its text kept"},
		{"all compose", []string{`{"a":{"x":1}}`, `{"a":{"y":null},"b":2}`, `{"b":null}`}, false,
			[]btBatch{{`{"a":{"x":1,"y":null},"b":null}`, 0, 3}}, "as ComposeJSON folds them"},
		{"issue's queue", []string{`{"a":null}`, `{"a":{"x":1},"b":null}`, `{"a":null}`, `{"b":{"y":1}}`}, false,
			[]btBatch{{`{"a":null}`, 0, 1}, {`{"a":null,"b":null}`, 1, 3}, {`{"b":{"y":1}}`, 3, 4}},
			"greedy gives three where two exist, as the doc says"},
		{"scalar then object", []string{`{"a":"s"}`, `{"c":1}`, `{"a":{"x":1}}`, `{"a":{"y":2}}`}, false,
			[]btBatch{{`{"a":"s","c":1}`, 0, 2}, {`{"a":{"x":1,"y":2}}`, 2, 4}}, "a new batch where the next cannot join, which then takes more"},
		{"null document then object", []string{`null`, `{"a":1}`}, false, []btBatch{{`null`, 0, 1}, {`{"a":1}`, 1, 2}},
			"an object after a patch that is not one starts a batch"},
		{"object then array", []string{`{"a":1}`, `[1]`, `"s"`}, false, []btBatch{{`"s"`, 0, 3}},
			"a patch that is not an object replaces what came before"},
		{"object then null member", []string{`{"a":{"x":1}}`, `{"a":null}`, `{"a":{"y":2}}`}, false,
			[]btBatch{{`{"a":null}`, 0, 2}, {`{"a":{"y":2}}`, 2, 3}}, "null after an object composes; an object after it does not"},
		{"object patches only", []string{`{"a":1}`, `{"b":{}}`}, true, []btBatch{{`{"a":1,"b":{}}`, 0, 2}},
			"ObjectPatch changes nothing for objects"},
		{"empty objects", []string{`{}`, `{}`}, false, []btBatch{{`{}`, 0, 2}}, "{} changes nothing"},
	} {
		patches := btBytes(c.patches)
		before := btBytes(c.patches)
		got, err := Options{ObjectPatch: c.object}.BatchJSON(patches)
		if err != nil {
			t.Errorf("%s: BatchJSON: %v", c.name, err)
			continue
		}
		if diff := cmp.Diff(c.want, btStrings(got)); diff != "" {
			t.Errorf("%s: BatchJSON(%q) (-want +got):\n%s\n(%s)", c.name, c.patches, diff, c.reason)
		}
		if diff := cmp.Diff(before, patches); diff != "" {
			t.Errorf("%s: BatchJSON modified its patches (-want +got):\n%s", c.name, diff)
		}
		for _, target := range btTargets {
			btCheckApplied(t, c.name, []byte(target), patches, got)
		}
		for _, b := range got {
			for i := range b.Patch {
				b.Patch[i] = 'X'
			}
		}
		if diff := cmp.Diff(before, patches); diff != "" {
			t.Errorf("%s: BatchJSON's result shares memory with its patches (-want +got):\n%s", c.name, diff)
		}
	}
}

// btCheckGreedy checks the batches that o.BatchJSON gave for patches,
// all valid, against the plain rule that its doc comment states: they are
// runs that cover the queue, each is the left fold of o.ComposeJSON over
// its run, byte for byte, and each but the last ends where the next patch
// does not compose with it (ErrNotRepresentable). It returns how many
// batches took more than one patch, and how many ended before the last.
func btCheckGreedy(tb rapid.TB, o Options, patches [][]byte, got []JSONBatch) (joined, split int) {
	tb.Helper()
	if len(patches) == 0 && got != nil {
		tb.Fatalf("BatchJSON of no patches = %v, want nil", btStrings(got))
	}
	next := 0
	for k, b := range got {
		if b.Start != next || b.End <= b.Start || b.End > len(patches) {
			tb.Fatalf("batch %d covers [%d, %d); want a run from %d", k, b.Start, b.End, next)
		}
		next = b.End
		fold, err := o.ComposeJSON([]byte(`{}`), patches[b.Start])
		for i := b.Start + 1; err == nil && i < b.End; i++ {
			fold, err = o.ComposeJSON(fold, patches[i])
		}
		if err != nil || !bytes.Equal(fold, b.Patch) {
			tb.Fatalf("batch %d is %s; the fold of its run is %s, %v", k, b.Patch, fold, err)
		}
		if b.End-b.Start > 1 {
			joined++
		}
		if b.End < len(patches) {
			split++
			if _, err := o.ComposeJSON(b.Patch, patches[b.End]); !errors.Is(err, ErrNotRepresentable) {
				tb.Fatalf("batch %d ends before patch %d, which composes with it: %v", k, b.End, err)
			}
		}
	}
	if next != len(patches) {
		tb.Fatalf("the batches cover %d of %d patches", next, len(patches))
	}
	return joined, split
}

// btCheckApplied checks that merging the batches into target in turn gives
// the value of merging the patches in turn.
func btCheckApplied(tb rapid.TB, name string, target []byte, patches [][]byte, batches []JSONBatch) {
	tb.Helper()
	want, err := btApply(target, patches)
	if err != nil {
		tb.Fatalf("%s: applying the patches to %q: %v", name, target, err)
	}
	ps := make([][]byte, len(batches))
	for i, b := range batches {
		ps[i] = b.Patch
	}
	got, err := btApply(target, ps)
	if err != nil {
		tb.Fatalf("%s: applying the batches to %q: %v", name, target, err)
	}
	if len(want) == 0 && len(got) == 0 {
		return // no patches: the absent target stays absent
	}
	if len(want) == 0 || len(got) == 0 {
		tb.Fatalf("%s: on %q the patches give %q, the batches %q", name, target, want, got)
	}
	if diff := cmp.Diff(decodeJSON(tb, want), decodeJSON(tb, got)); diff != "" {
		tb.Fatalf("%s: on %q the batches differ from the patches (-patches +batches):\n%s", name, target, diff)
	}
}

// btApply merges patches into target with MergeJSON, in turn.
func btApply(target []byte, patches [][]byte) ([]byte, error) {
	for _, p := range patches {
		var err error
		if target, err = MergeJSON(target, p); err != nil {
			return nil, err
		}
	}
	return target, nil
}

func btE(i int, path string, off int64, err error) jtWant {
	return jtWant{fmt.Sprintf("patches[%d]", i), path, off, err}
}

func TestBatchJSONErrors(t *testing.T) {
	for _, c := range []struct {
		name     string
		patches  []string
		object   bool
		maxDepth int
		want     jtWant
		reason   string
	}{
		{"first patch", []string{`{"a":}`, `{}`}, false, 0, btE(0, "/a", 5, ErrSyntax), "the index of the patch at fault"},
		{"joining patch", []string{`{}`, `{"a":1}`, ` {"b":[1,]}`}, false, 0, btE(2, "/b/1", 9, ErrSyntax),
			"offsets are in the patch's own text"},
		{"first in the queue's order", []string{`{}`, `{"a":1,"a":2}`, `{"b":tru}`}, false, 0, btE(1, "/a", 7, ErrDuplicateName),
			"the first patch at fault is reported"},
		{"after a split", []string{`{"a":null}`, `{"a":{"x":1},"b":}`}, false, 0, btE(1, "/b", 17, ErrSyntax),
			"a patch that could not join is still read strictly first"},
		{"starting a batch", []string{`null`, `{"a":{"b":{}}}`}, false, 2, btE(1, "/a/b", 10, ErrMaxDepth),
			"a patch that starts a batch is checked too"},
		{"empty patch", []string{`{}`, ``}, false, 0, btE(1, "", 0, ErrSyntax), "a patch is never absent"},
		{"invalid UTF-8", []string{"\"\xff\""}, false, 0, btE(0, "", 1, ErrInvalidUTF8), "every byte is checked"},
		{"not an object", []string{`{}`, `{"a":1}`, ` null`}, true, 0, btE(2, "", 1, ErrNotObject), "ObjectPatch refuses it"},
		{"not an object first", []string{`[]`, `{"a":}`}, true, 0, btE(0, "", 0, ErrNotObject), "before the next patch is read"},
		{"strict read before the refusal", []string{`{}`, `[1,]`}, true, 0, btE(1, "/1", 3, ErrSyntax), "the syntax fault comes first"},
	} {
		patches := btBytes(c.patches)
		got, err := Options{MaxDepth: c.maxDepth, ObjectPatch: c.object}.BatchJSON(patches)
		name := fmt.Sprintf("%s: BatchJSON(%q) (%s)", c.name, c.patches, c.reason)
		jtCheckErr(t, name, err, c.want)
		if got != nil {
			t.Errorf("%s returned %v with its error", name, btStrings(got))
		}
	}
}

// TestBatchJSONLong: a long queue whose patches all compose is one batch,
// and one whose every other patch cannot join is one batch per patch.
func TestBatchJSONLong(t *testing.T) {
	var one, split [][]byte
	for i := 0; i < 200; i++ {
		one = append(one, []byte(fmt.Sprintf(`{"k%d":%d,"prefs":{"n":%d}}`, i%7, i, i)))
		// Each sets to an object a member that the one before sets to
		// a number.
		if i%2 == 0 {
			split = append(split, []byte(`{"a":1,"b":{}}`))
		} else {
			split = append(split, []byte(`{"a":{},"b":1}`))
		}
	}
	got, err := BatchJSON(one)
	if err != nil || len(got) != 1 || got[0].Start != 0 || got[0].End != 200 {
		t.Errorf("BatchJSON of 200 patches that compose: %v, %v; want one batch of all", btStrings(got), err)
	}
	got, err = BatchJSON(split)
	if err != nil || len(got) != 200 {
		t.Fatalf("BatchJSON of 200 patches that never compose: %d batches, %v; want 200", len(got), err)
	}
	for i, b := range got {
		if b.Start != i || b.End != i+1 || !bytes.Equal(b.Patch, split[i]) {
			t.Errorf("batch %d: %s [%d, %d); want patch %d alone", i, b.Patch, b.Start, b.End, i)
		}
	}
}

// TestBatchJSONConcurrent runs BatchJSON and Batch from several goroutines
// on shared queues, one of which splits, for the race detector and the
// pools.
func TestBatchJSONConcurrent(t *testing.T) {
	var queue [][]byte
	for i, p := range ctFoldPatches(40) {
		queue = append(queue, benchMarshal(p))
		if i%10 == 9 {
			queue = append(queue, []byte(`{"profile":null}`), []byte(`{"profile":{"bio":"new"}}`))
		}
	}
	maps := ctFoldPatches(40)
	want, err := BatchJSON(queue)
	if err != nil {
		t.Fatal(err)
	}
	if len(want) < 2 {
		t.Fatalf("test bug: the queue makes %d batches, want several", len(want))
	}
	wantMaps, err := Batch(maps)
	if err != nil {
		t.Fatal(err)
	}
	runConcurrently(t, 6, func(g int) string {
		for i := 0; i < 20; i++ {
			if g%2 == 0 {
				if got, err := BatchJSON(queue); err != nil || !cmp.Equal(got, want) {
					return fmt.Sprintf("BatchJSON gave %v, %v concurrently", btStrings(got), err)
				}
			} else if got, err := Batch(maps); err != nil || !cmp.Equal(got, wantMaps) {
				return fmt.Sprintf("Batch gave %v, %v concurrently", got, err)
			}
		}
		return ""
	})
}

// TestBatchJSONDeep: patches nested to the default limit compose into
// one batch and split as shallow ones do, and one level more is
// ErrMaxDepth in the patch that has it.
func TestBatchJSONDeep(t *testing.T) {
	deep := func(leaf string) []byte {
		return []byte(strings.Repeat(`{"a":`, DefaultMaxDepth-1) + leaf + strings.Repeat(`}`, DefaultMaxDepth-1))
	}
	queue := [][]byte{deep(`{"x":1}`), deep(`{"y":null}`), deep(`null`), deep(`{"z":2}`)}
	got, err := BatchJSON(queue)
	if err != nil {
		t.Fatalf("BatchJSON at the default limit: %v", err)
	}
	want := []btBatch{
		{string(deep(`null`)), 0, 3}, // the third patch replaces what the first two composed
		{string(deep(`{"z":2}`)), 3, 4},
	}
	if diff := cmp.Diff(want, btStrings(got)); diff != "" {
		t.Errorf("BatchJSON of deep patches (-want +got):\n%s", jtShort(diff))
	}
	_, err = BatchJSON([][]byte{deep(`{}`), deep(`{"b":[1]}`)})
	jtCheckErr(t, "one past the limit", err, btE(1, strings.Repeat("/a", DefaultMaxDepth-1)+"/b", int64(5*(DefaultMaxDepth-1)+5), ErrMaxDepth))
}

// ---------------------------------------------------------------------------
// Batch, on maps.

func TestBatch(t *testing.T) {
	for _, c := range []struct {
		name    string
		patches []map[string]any
		want    []MapBatch
		reason  string
	}{
		{"none", nil, nil, "no patches, no batches"},
		{"nil patch", []map[string]any{nil}, []MapBatch{{map[string]any{}, 0, 1}}, "a nil map is {}"},
		{"issue's queue", []map[string]any{{"a": nil}, {"a": jobj{"x": 1}, "b": nil}, {"a": nil}, {"b": jobj{"y": 1}}},
			[]MapBatch{{jobj{"a": nil}, 0, 1}, {jobj{"a": nil, "b": nil}, 1, 3}, {jobj{"b": jobj{"y": 1}}, 3, 4}},
			"greedy gives three where two exist"},
		{"typed values", []map[string]any{{"a": map[string]string{"x": "1"}}, {"a": map[string]any{"y": []int{1}}}},
			[]MapBatch{{jobj{"a": jobj{"x": "1", "y": []any{json.Number("1")}}}, 0, 2}}, "values are read as Merge reads them, canonical in the result"},
		{"scalar then object", []map[string]any{{"a": true}, {"a": jobj{}}, {"a": jobj{"b": nil}}},
			[]MapBatch{{jobj{"a": true}, 0, 1}, {jobj{"a": jobj{"b": nil}}, 1, 3}}, "a new batch where the next cannot join"},
	} {
		before := deepCopyGo(c.patches)
		got, err := Batch(c.patches)
		if err != nil {
			t.Errorf("%s: Batch: %v", c.name, err)
			continue
		}
		if diff := cmp.Diff(c.want, got); diff != "" {
			t.Errorf("%s: Batch (-want +got):\n%s\n(%s)", c.name, diff, c.reason)
		}
		if diff := cmp.Diff(before, any(c.patches)); diff != "" {
			t.Errorf("%s: Batch modified its patches (-want +got):\n%s", c.name, diff)
		}
		mutateGo(got)
		if diff := cmp.Diff(before, any(c.patches)); diff != "" {
			t.Errorf("%s: Batch's result shares memory with its patches (-want +got):\n%s", c.name, diff)
		}
	}
}

func TestBatchErrors(t *testing.T) {
	_, err := Batch([]map[string]any{{"a": 1}, {"a": jobj{"x": 1}}, {"b": jobj{"c": make(chan int)}}})
	jtCheckErr(t, "a channel in the third patch", err, jtWant{"patches[2]", "/b/c", -1, ErrUnsupportedValue})
	_, err = Options{MaxDepth: 2}.Batch([]map[string]any{{"a": jobj{"b": jobj{}}}, {"a": "\xff"}})
	jtCheckErr(t, "too deep in the first, bad UTF-8 in the second", err, jtWant{"patches[0]", "/a/b", -1, ErrMaxDepth})
}

// ---------------------------------------------------------------------------
// Properties.

// btOutcomes counts, across a property's cases, the batches that took
// more than one patch and the places where a patch could not join.
type btOutcomes struct{ joined, split int }

func (o *btOutcomes) check(t *testing.T) {
	t.Helper()
	t.Logf("%d joins, %d splits", o.joined, o.split)
	if o.joined+o.split >= 1000 && (o.joined < (o.joined+o.split)/10 || o.split < (o.joined+o.split)/10) {
		t.Errorf("the generators make one outcome rare: %d joins, %d splits", o.joined, o.split)
	}
}

// TestBatchJSONProperty: on queues of generated texts, each drawn to reach
// into the one before, BatchJSON's batches are contiguous runs that cover
// the queue; each is the left fold of ComposeJSON over its run, byte for
// byte; each but the last ends where the next patch cannot join it
// (ErrNotRepresentable); and applying them in turn to a generated target
// gives the value of applying the patches in turn. Batch agrees on the
// decoded patches when they are objects: the same runs, and patches of
// the same value.
func TestBatchJSONProperty(t *testing.T) {
	var outcomes btOutcomes
	checkPropertyN(t, 1000, func(t *rapid.T) {
		target := otDrawTop(t, true, nil)
		n := rapid.IntRange(0, 6).Draw(t, "patches")
		nodes := make([]*otNode, n)
		patches := make([][]byte, n)
		hint := target
		for i := range nodes {
			nodes[i] = otDrawTop(t, true, hint)
			hint = nodes[i]
			patches[i] = otRender(nodes[i], rand.New(rand.NewSource(int64(dtSeedGen.Draw(t, "seed")))))
		}
		tt := otRender(target, rand.New(rand.NewSource(int64(dtSeedGen.Draw(t, "seed")))))
		var log strings.Builder
		for _, p := range patches {
			fmt.Fprintf(&log, "\n  %s", p)
		}
		t.Logf("target: %s\npatches:%s", tt, log.String())
		before := make([][]byte, n)
		for i, p := range patches {
			before[i] = bytes.Clone(p)
		}

		got, err := BatchJSON(patches)
		if err != nil {
			t.Fatalf("BatchJSON: %v", err)
		}
		if n == 0 && got != nil {
			t.Fatalf("BatchJSON of no patches = %v, want nil", btStrings(got))
		}
		joined, split := btCheckGreedy(t, Options{}, patches, got)
		outcomes.joined += joined
		outcomes.split += split
		btCheckApplied(t, "BatchJSON", tt, patches, got)
		if diff := cmp.Diff(before, patches); diff != "" {
			t.Fatalf("BatchJSON modified its patches (-want +got):\n%s", diff)
		}

		// Batch on the decoded patches, when every one is an object.
		maps := make([]map[string]any, n)
		for i, p := range patches {
			m, ok := decodeJSON(t, p).(map[string]any)
			if !ok {
				return
			}
			maps[i] = m
		}
		mgot, err := Batch(maps)
		if err != nil {
			t.Fatalf("Batch: %v", err)
		}
		if len(mgot) != len(got) {
			t.Fatalf("Batch gives %d batches, BatchJSON %d", len(mgot), len(got))
		}
		for k := range got {
			if mgot[k].Start != got[k].Start || mgot[k].End != got[k].End {
				t.Fatalf("batch %d: Batch covers [%d, %d), BatchJSON [%d, %d)", k, mgot[k].Start, mgot[k].End, got[k].Start, got[k].End)
			}
			if diff := cmp.Diff(decodeJSON(t, got[k].Patch), canonicalize(t, mgot[k].Patch)); diff != "" {
				t.Fatalf("batch %d: BatchJSON and Batch differ (-text +maps):\n%s", k, diff)
			}
		}
	})
	outcomes.check(t)
}

// TestBatchProperty: on queues of maps drawn to collide, applying Batch's
// batches in turn to a target, by the RFC oracle, gives what applying the
// patches in turn gives; the patches are unchanged and the result shares
// nothing with them.
func TestBatchProperty(t *testing.T) {
	checkProperty(t, func(t *rapid.T) {
		target := ctDrawObject(t, 0, nil)
		n := rapid.IntRange(0, 6).Draw(t, "patches")
		patches := make([]map[string]any, n)
		hint := target
		for i := range patches {
			patches[i] = ctDrawObject(t, 0, hint)
			hint = patches[i]
		}
		t.Logf("target: %v\npatches: %v", goValue{target}, goValue{patches})
		before := deepCopyGo(patches)
		got, err := Batch(patches)
		if err != nil {
			t.Fatalf("Batch: %v", err)
		}
		want := canonTopR(t, target)
		for _, p := range patches {
			want = refMerge(want, canonTopR(t, p))
		}
		applied := canonTopR(t, target)
		next := 0
		for k, b := range got {
			if b.Start != next || b.End <= b.Start || b.End > n {
				t.Fatalf("batch %d covers [%d, %d); want a run from %d", k, b.Start, b.End, next)
			}
			next = b.End
			applied = refMerge(applied, canonicalize(t, b.Patch))
		}
		if next != n {
			t.Fatalf("the batches cover %d of %d patches", next, n)
		}
		if diff := cmp.Diff(want, applied); diff != "" {
			t.Fatalf("the batches differ from the patches (-patches +batches):\n%s", diff)
		}
		if diff := cmp.Diff(before, any(patches)); diff != "" {
			t.Fatalf("Batch modified its patches (-want +got):\n%s", diff)
		}
		mutateGo(got)
		if diff := cmp.Diff(before, any(patches)); diff != "" {
			t.Fatalf("Batch's result shares memory with its patches (-want +got):\n%s", diff)
		}
	})
}

// ---------------------------------------------------------------------------
// Fuzzing.

// FuzzBatchJSON feeds BatchJSON a queue made by cutting arbitrary bytes at
// each newline, with ObjectPatch on or off: it never panics and never
// modifies its input; its error is about the first patch that Validate
// rejects, with Validate's fault, or with ObjectPatch the first that is
// not an object, at its value; otherwise the batches are what the plain
// rule gives (btCheckGreedy: the left fold of ComposeJSON over each run,
// each run ending where the next patch cannot join), and applied in turn
// to several targets they give what the patches give.
func FuzzBatchJSON(f *testing.F) {
	addBatchSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte, object bool) {
		patches, ok := batchQueue(data)
		if !ok {
			return
		}
		before := make([][]byte, len(patches))
		for i, p := range patches {
			before[i] = bytes.Clone(p)
		}
		got, err := Options{ObjectPatch: object}.BatchJSON(patches)
		if diff := cmp.Diff(before, patches); diff != "" {
			t.Fatalf("BatchJSON modified its patches (-want +got):\n%s", diff)
		}
		for i, p := range patches {
			want := Validate(p)
			if want == nil && object {
				if at := bytes.IndexAny(p, "{[\"tfn-0123456789"); at >= 0 && p[at] != '{' {
					want = &Error{Offset: int64(at), Err: ErrNotObject}
				}
			}
			if want == nil {
				continue
			}
			var e, ve *Error
			errors.As(want, &ve)
			if !errors.As(err, &e) || e.Input != fmt.Sprintf("patches[%d]", i) || e.Err != ve.Err || e.Offset != ve.Offset || e.Path != ve.Path {
				t.Fatalf("BatchJSON(%q): %v; want the fault of patch %d: %v", patches, err, i, want)
			}
			if got != nil {
				t.Fatalf("BatchJSON returned %v with its error", btStrings(got))
			}
			return
		}
		if err != nil {
			t.Fatalf("BatchJSON(%q): %v", patches, err)
		}
		btCheckGreedy(t, Options{ObjectPatch: object}, patches, got)
		for _, target := range []string{``, `{}`, `null`, `{"a":{"b":1},"":[null],"c":null}`} {
			btCheckApplied(t, "BatchJSON", []byte(target), patches, got)
		}
	})
}

// ---------------------------------------------------------------------------
// Benchmarks.

// BenchmarkBatchJSON measures queues of 100 patches: "compose" of small
// patches of one user's metadata that all compose (one batch), "split" of
// patches that each start a batch, and "grow" of patches that each add a
// member to one batch, which a left fold of ComposeJSON makes quadratic
// (each step reads the batch so far) and BatchJSON linear; "grow1000" is
// ten times as long, to show it.
func BenchmarkBatchJSON(b *testing.B) {
	var compose, split, grow, grow1000 [][]byte
	for _, p := range ctFoldPatches(100) {
		compose = append(compose, benchMarshal(p))
	}
	for i := 0; i < 100; i++ {
		if i%2 == 0 {
			split = append(split, []byte(`{"a":1,"b":{"c":true}}`))
		} else {
			split = append(split, []byte(`{"a":{"c":true},"b":1}`))
		}
		grow = append(grow, []byte(fmt.Sprintf(`{"member%03d":{"value":%d,"note":"added offline"}}`, i, i)))
	}
	for i := 0; i < 1000; i++ {
		grow1000 = append(grow1000, []byte(fmt.Sprintf(`{"member%03d":{"value":%d,"note":"added offline"}}`, i, i)))
	}
	for _, c := range []struct {
		name    string
		patches [][]byte
	}{{"compose", compose}, {"split", split}, {"grow", grow}, {"grow1000", grow1000}} {
		size := 0
		for _, p := range c.patches {
			size += len(p)
		}
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(size))
			for i := 0; i < b.N; i++ {
				if _, err := BatchJSON(c.patches); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// addBatchSeeds adds the seed queues that the BatchJSON fuzz targets
// share: newline-separated patches, with ObjectPatch on or off.
func addBatchSeeds(f *testing.F) {
	f.Add([]byte("{\"a\":null}\n{\"a\":{\"x\":1},\"b\":null}\n{\"a\":null}\n{\"b\":{\"y\":1}}"), false)
	f.Add([]byte("null\n{\"a\":1}\n[1]\n\"s\""), false)
	f.Add([]byte("{}\n null"), true)
	f.Add([]byte("{\"a\":1,\"a\":2}\n{"), true)
	f.Add([]byte("{\"a\":{\"b\":[1,{\"c\":null}]}}\n{\"a\":{\"b\":{\"c\":1}}}\n"), false)
}

// batchQueue cuts data into a queue of patches at each newline; ok is
// false for an input too large for the fuzz targets to spend time on.
func batchQueue(data []byte) (patches [][]byte, ok bool) {
	if len(data) > fzMaxInput {
		return nil, false
	}
	patches = bytes.Split(data, []byte("\n"))
	return patches, len(patches) <= 16
}
