package deepmerge

import (
	"fmt"
	"reflect"
	"sync"
	"testing"
)

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
