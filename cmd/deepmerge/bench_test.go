package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/deepmerge-go/deepmerge"
	"github.com/deepmerge-go/deepmerge/cmd/deepmerge/internal/users"
)

// BenchmarkLines measures the -lines pipeline on a 16 MB stream of user
// records with examples/patch.json, beside its floor: the same lines,
// already split in memory, merged by a plain loop over the same number of
// goroutines, with nothing read, batched, ordered or written. Throughput
// is in bytes of input.
func BenchmarkLines(b *testing.B) {
	data := users.Stream(1, 16<<20)
	patch, err := os.ReadFile(filepath.Join("..", "..", "examples", "patch.json"))
	if err != nil {
		b.Fatal(err)
	}
	lines := bytes.Split(bytes.TrimSuffix(data, []byte("\n")), []byte("\n"))
	for _, workers := range []int{1, 2} {
		workers := workers
		b.Run(fmt.Sprintf("impl=plain/workers=%d", workers), func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				var wg sync.WaitGroup
				for k := 0; k < workers; k++ {
					wg.Add(1)
					go func(part [][]byte) {
						defer wg.Done()
						var out []byte
						for _, line := range part {
							var err error
							if out, err = deepmerge.AppendMergeJSON(out[:0], line, patch); err != nil {
								b.Error(err)
								return
							}
						}
					}(lines[k*len(lines)/workers : (k+1)*len(lines)/workers])
				}
				wg.Wait()
			}
		})
		b.Run(fmt.Sprintf("impl=pipeline/workers=%d", workers), func(b *testing.B) {
			lm := &lineMerger{patches: []input{{name: "patch.json", data: patch, line: 1}}, stream: "users.jsonl"}
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				if err := lm.run(bytes.NewReader(data), io.Discard, "output", workers, func(err error) { b.Error(err) }); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
