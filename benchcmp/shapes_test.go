package benchcmp

// The shapes of package internal/benchshape, which the root module's
// benchmarks run on too, so that the numbers here and there are about the
// same bytes.

import (
	"encoding/json"
	"maps"
	"sync"

	"github.com/deepmerge-go/deepmerge"
	"github.com/deepmerge-go/deepmerge/internal/benchshape"
)

type shape struct {
	name                  string
	target, patch         map[string]any // as encoding/json decodes the text
	targetJSON, patchJSON []byte
	modifiedJSON          []byte // what a diff of targetJSON is taken against
}

// shapes returns the sorted shapes, then the insertion-order ones.
var shapes = sync.OnceValue(func() []*shape {
	var out []*shape
	for _, s := range append(benchshape.Sorted(), benchshape.Insertion()...) {
		modified, err := s.Modified(deepmerge.MergeJSON)
		if err != nil {
			panic(err)
		}
		out = append(out, &shape{s.Name, s.Target, s.Patch, s.TargetJSON, s.PatchJSON, modified})
	}
	return out
})

func mustMarshal(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return b
}

// deepCopy is a plain deep copy of a decoded document.
func deepCopy(m map[string]any) map[string]any {
	c := maps.Clone(m)
	for k, v := range m {
		c[k] = deepCopyValue(v)
	}
	return c
}

func deepCopyValue(v any) any {
	switch v := v.(type) {
	case map[string]any:
		return deepCopy(v)
	case []any:
		c := make([]any, len(v))
		for i, e := range v {
			c[i] = deepCopyValue(e)
		}
		return c
	}
	return v
}
