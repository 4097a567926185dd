package deepmerge

import (
	"fmt"
	"reflect"
	"sync"
	"testing"
)

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
