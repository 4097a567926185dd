//go:build !deepmerge_plain

package deepmerge

// The tests in this file count allocations, a promise of the fast paths
// only: the plain build's name sets and indexes are Go maps, which
// allocate for each name. So they run in the default build only.

import (
	"fmt"
	"runtime/debug"
	"testing"
)

// TestComposeJSONAllocs checks that ComposeJSON makes its result and
// little else, its trees coming from a pool.
func TestComposeJSONAllocs(t *testing.T) {
	if raceEnabled() {
		t.Skip("sync.Pool drops items at random under -race; allocation counts are meaningless")
	}
	first, second := ctPatches1K()
	if _, err := ComposeJSON(first, second); err != nil {
		t.Fatal(err)
	}
	if n := testing.AllocsPerRun(200, func() {
		if _, err := ComposeJSON(first, second); err != nil {
			panic(err)
		}
	}); n > 2 {
		t.Errorf("ComposeJSON of two patches of %d and %d bytes: %v allocations per run, want at most 2", len(first), len(second), n)
	}
}

func TestMergeJSONAllocations(t *testing.T) {
	if raceEnabled() {
		t.Skip("sync.Pool drops items at random under -race; allocation counts are meaningless")
	}
	doc, patch := jtDoc2K()
	if len(doc) < 1900 || len(doc) > 2200 {
		t.Fatalf("document is %d bytes, want about 2 KB", len(doc))
	}
	if _, err := MergeJSON(doc, patch); err != nil {
		t.Fatal(err)
	}
	if n := testing.AllocsPerRun(200, func() {
		if _, err := MergeJSON(doc, patch); err != nil {
			panic(err)
		}
	}); n > 5 {
		t.Errorf("MergeJSON of a %d-byte document: %v allocations per run, want at most 5", len(doc), n)
	}
	dst := make([]byte, 0, 4096)
	if n := testing.AllocsPerRun(200, func() {
		if _, err := AppendMergeJSON(dst[:0], doc, patch); err != nil {
			panic(err)
		}
	}); n > 5 {
		t.Errorf("AppendMergeJSON into a large enough buffer: %v allocations per run, want at most 5", n)
	}
	for _, data := range [][]byte{doc, patch, []byte(jtBigObject(200, "")), []byte(`[1,"two",{"3":[4]}]`), []byte("\"é😀\"")} {
		if err := Validate(data); err != nil {
			t.Fatal(err)
		}
		if n := testing.AllocsPerRun(200, func() {
			if err := Validate(data); err != nil {
				panic(err)
			}
		}); n != 0 {
			t.Errorf("Validate(%s): %v allocations per run, want 0", jtShort(string(data)), n)
		}
	}
}

// TestMergeJSONIntoAllocs checks that MergeJSONInto allocates for what the
// patch stores and little else: the patch's tree and the plan are pooled.
func TestMergeJSONIntoAllocs(t *testing.T) {
	if raceEnabled() {
		t.Skip("sync.Pool drops items at random under -race; allocation counts are meaningless")
	}
	tests := []struct {
		patch  string
		max    float64
		reason string
	}{
		{`{"font":13}`, 2, "the new int, and its text"},
		{`{"notify":{"sms":true,"email":false}}`, 2, "two booleans, in a struct merged in place"},
		{`{"labels":{"env":null}}`, 2, "a deletion stores nothing; the key is made from the name"},
		{`{}`, 0, "nothing to do"},
	}
	for _, tt := range tests {
		s := newSettings()
		patch := []byte(tt.patch)
		allocs := testing.AllocsPerRun(100, func() {
			if err := MergeJSONInto(s, patch); err != nil {
				t.Fatal(err)
			}
		})
		if allocs > tt.max {
			t.Errorf("%s: %v allocs/op, want at most %v: %s", tt.patch, allocs, tt.max, tt.reason)
		}
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
	if raceEnabled() {
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

// raceEnabled reports whether the test binary was built with -race, which
// makes sync.Pool drop items at random and so defeats allocation counts.
func raceEnabled() bool {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return false
	}
	for _, s := range bi.Settings {
		if s.Key == "-race" && s.Value == "true" {
			return true
		}
	}
	return false
}
