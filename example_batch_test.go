package deepmerge_test

import (
	"errors"
	"fmt"

	"github.com/deepmerge-go/deepmerge"
)

// An offline client sends its queue as few patches as composing from the
// left gives, and drops each batch's run from the queue once it is
// applied. Here greedy batching gives three patches where two would do:
// the first two do not compose, though the first three together do.
func ExampleBatchJSON() {
	queue := [][]byte{
		[]byte(`{"a":null}`),
		[]byte(`{"a":{"x":1},"b":null}`),
		[]byte(`{"a":null}`),
		[]byte(`{"b":{"y":1}}`),
	}
	batches, err := deepmerge.BatchJSON(queue)
	if err != nil {
		panic(err)
	}
	doc := []byte(`{"a":{"y":2},"b":{"z":3},"c":true}`)
	for _, b := range batches {
		fmt.Printf("patches[%d:%d]: %s\n", b.Start, b.End, b.Patch)
		doc, err = deepmerge.MergeJSON(doc, b.Patch) // the server applies it
		if err != nil {
			panic(err)
		}
		// Once it is applied, queue[b.Start:b.End] can go.
	}
	fmt.Println(string(doc))
	// Output:
	// patches[0:1]: {"a":null}
	// patches[1:3]: {"a":null,"b":null}
	// patches[3:4]: {"b":{"y":1}}
	// {"c":true,"b":{"y":1}}
}

// Batch does the same on maps. A fault names the patch of the queue.
func ExampleBatch() {
	queue := []map[string]any{
		{"theme": "dark"},
		{"beta": true, "theme": nil},
		{"prefs": map[string]any{"lang": "en"}},
	}
	batches, err := deepmerge.Batch(queue)
	if err != nil {
		panic(err)
	}
	for _, b := range batches {
		fmt.Print(b.Start, " ", b.End, " ")
		show(b.Patch)
	}

	_, err = deepmerge.Batch(append(queue, map[string]any{"f": func() {}}))
	var e *deepmerge.Error
	if errors.As(err, &e) {
		fmt.Println(e.Input, e.Path, errors.Is(err, deepmerge.ErrUnsupportedValue))
	}
	// Output:
	// 0 3 {"beta":true,"prefs":{"lang":"en"},"theme":null}
	// patches[3] /f true
}
