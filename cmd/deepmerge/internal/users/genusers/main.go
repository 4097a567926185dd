// Command genusers writes a JSON Lines export of made-up user records (see
// package users), for the -lines benchmark of deepmerge (bench_lines.sh).
// The same -seed gives the same bytes. With -damage N, one record in N
// holds a fault that a less strict program could have stored (a repeated
// member name, a raw Latin-1 byte, an unpaired surrogate escape), of each
// kind and at each depth in turn (users.DamageEvery), for the benchmark
// and the smoke runs of validate -lines and normalize -lines.
//
// Usage:
//
//	go run ./cmd/deepmerge/internal/users/genusers [-bytes N] [-seed S] [-damage N] > users.jsonl
package main

import (
	"bufio"
	"flag"
	"fmt"
	"os"

	"github.com/deepmerge-go/deepmerge/cmd/deepmerge/internal/users"
)

func main() {
	size := flag.Int64("bytes", 200_000_000, "stop after the first record that reaches `N` bytes in all")
	seed := flag.Int64("seed", 1, "random `seed`")
	damage := flag.Int("damage", 0, "damage one record in `N` (0: none)")
	flag.Parse()
	w := bufio.NewWriterSize(os.Stdout, 1<<20)
	g := users.New(*seed)
	var n int64
	var buf []byte
	for i := 0; n < *size; i++ {
		buf = g.Append(buf[:0], i)
		if d, ok := users.DamageEvery(*damage, i); ok {
			buf, _ = d.Apply(buf)
		}
		buf = append(buf, '\n')
		n += int64(len(buf))
		if _, err := w.Write(buf); err != nil {
			fmt.Fprintln(os.Stderr, "genusers:", err)
			os.Exit(1)
		}
	}
	if err := w.Flush(); err != nil {
		fmt.Fprintln(os.Stderr, "genusers:", err)
		os.Exit(1)
	}
}
