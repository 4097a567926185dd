package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"sync"

	"github.com/deepmerge-go/deepmerge"
)

// The -lines mode reads a stream in batches of lines: one goroutine reads
// them, -workers goroutines merge them, and the caller's goroutine writes
// the results in the order of the input. A fixed number of batches go
// round, so a slow writer holds the reader back, and memory is bounded by
// that number times the batch size or the longest line.
const (
	readBufSize   = 256 << 10 // bufio.Reader's buffer; longer lines are read in parts
	batchBytes    = 64 << 10  // a batch is sent on once it holds this much text
	batchLines    = 1024      // or this many lines
	batchesPerJob = 4         // batches going round, per worker
)

// lineBatch is a run of consecutive lines of the stream, and, once merged,
// their results.
type lineBatch struct {
	seq    int     // its place among the batches, from 0
	first  int64   // the number of its first line in the stream, from 1
	data   []byte  // the lines, back to back, without their line ends
	ends   []int   // the end of each line in data
	starts []int64 // the offset of each line in the stream

	out     []byte  // the results, each followed by "\n"
	fails   []error // the lines that failed, in order
	stopped bool    // a line failed, and the lines after it were not merged
	readErr error   // reading the stream failed after the lines of this batch
}

// line returns the i-th line of b.
func (b *lineBatch) line(i int) []byte {
	start := 0
	if i > 0 {
		start = b.ends[i-1]
	}
	return b.data[start:b.ends[i]]
}

// reset empties b for reuse as the batch seq, starting at line first. A
// buffer that a long line grew past four batches' worth is dropped, so
// that one long line does not hold memory for the rest of the run.
func (b *lineBatch) reset(seq int, first int64) {
	b.seq, b.first = seq, first
	if cap(b.data) > 4*batchBytes {
		b.data = nil
	}
	if cap(b.out) > 4*batchBytes {
		b.out = nil
	}
	b.data, b.ends, b.starts, b.out = b.data[:0], b.ends[:0], b.starts[:0], b.out[:0]
	b.fails, b.stopped, b.readErr = nil, false, nil
}

// linesFailed is the error of a -keep-going run in which lines failed;
// each was reported as it came.
type linesFailed struct{ failed, total int64 }

func (e *linesFailed) Error() string {
	return fmt.Sprintf("%d of %d lines failed", e.failed, e.total)
}

// runLines runs the -lines mode.
func runLines(cfg *config, stdin io.Reader, stdout, stderr io.Writer) error {
	stream, pops := cfg.target()
	patches, err := readInputs(pops, stdin)
	if err != nil {
		return err
	}
	opts := deepmerge.Options{MaxDepth: cfg.maxDepth}
	// Check the patches before any line, so that a bad one is reported
	// once, by its own name, even for an empty stream.
	for i := range patches {
		if err := opts.Validate(patches[i].data); err != nil {
			return describe(err, func(*deepmerge.Error) *input { return &patches[i] })
		}
	}
	var in io.Reader = stdin
	if stream.file != "-" {
		f, err := os.Open(stream.file)
		if err != nil {
			return readError(stream, err)
		}
		defer f.Close()
		in = f
	}
	var w io.Writer = stdout
	outName := "standard output"
	if cfg.output != "" && cfg.output != "-" {
		af, err := createAtomic(cfg.output)
		if err != nil {
			return fmt.Errorf("%s: %v", cfg.output, err)
		}
		defer af.Abort()
		w, outName = af, cfg.output
	}
	workers := cfg.workers
	if workers == 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	lm := &lineMerger{opts: opts, patches: patches, stream: stream.name(), keepGoing: cfg.keepGoing}
	err = lm.run(in, w, outName, workers, func(err error) { fmt.Fprintln(stderr, message(err)) })
	if af, ok := w.(*atomicFile); ok {
		var lf *linesFailed
		if err == nil || errors.As(err, &lf) {
			if cerr := af.Commit(); cerr != nil {
				return fmt.Errorf("%s: %v", cfg.output, cerr)
			}
		}
	}
	return err
}

// lineMerger applies the patches to each line of a stream.
type lineMerger struct {
	opts      deepmerge.Options
	patches   []input
	stream    string // the stream's name in messages
	keepGoing bool
}

// run merges every line of in and writes the results to w, named outName
// in messages, on workers goroutines. With keepGoing, it calls report for
// each line that fails, and returns a *linesFailed at the end if any did;
// without, it returns the first failure, once the lines before it are
// written. It returns at once when writing fails or a line fails without
// keepGoing, leaving the reader and the workers to end with the process:
// the reader may be blocked on input that never comes.
func (lm *lineMerger) run(in io.Reader, w io.Writer, outName string, workers int, report func(error)) error {
	nb := batchesPerJob * workers
	free := make(chan *lineBatch, nb)
	todo := make(chan *lineBatch, nb)
	done := make(chan *lineBatch, nb) // never full: there are nb batches
	quit := make(chan struct{})
	defer close(quit)
	for i := 0; i < nb; i++ {
		free <- new(lineBatch)
	}
	go lm.read(bufio.NewReaderSize(in, readBufSize), free, todo, quit)
	var wg sync.WaitGroup
	for i := 0; i < workers; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var tmp [2][]byte
			for b := range todo {
				select {
				case <-quit:
				default:
					lm.mergeBatch(b, &tmp)
				}
				done <- b
			}
		}()
	}
	go func() {
		wg.Wait()
		close(done)
	}()

	// The batches in flight have consecutive numbers, fewer than nb, so
	// each has a slot of its own in ring.
	ring := make([]*lineBatch, nb)
	next := 0
	var failed, total int64
	for b := range done {
		ring[b.seq%nb] = b
		for ring[next%nb] != nil {
			b := ring[next%nb]
			ring[next%nb] = nil
			next++
			if _, err := w.Write(b.out); err != nil {
				return fmt.Errorf("writing %s: %v", outName, unwrapPath(err))
			}
			if b.stopped {
				return b.fails[0]
			}
			for _, err := range b.fails {
				report(err)
			}
			failed += int64(len(b.fails))
			total += int64(len(b.ends))
			if b.readErr != nil {
				return fmt.Errorf("%s: %v", lm.stream, unwrapPath(b.readErr))
			}
			free <- b
		}
	}
	if failed > 0 {
		return &linesFailed{failed, total}
	}
	return nil
}

// read reads the lines of r into batches taken from free and sends them to
// todo, until the end of r, an error, or quit. A batch is sent on when it
// is full, and also when r has nothing more buffered, so that results come
// out while a slow stream is still being written. It closes todo when it
// is done.
func (lm *lineMerger) read(r *bufio.Reader, free <-chan *lineBatch, todo chan<- *lineBatch, quit <-chan struct{}) {
	defer close(todo)
	seq, line, off := 0, int64(1), int64(0)
	var b *lineBatch
	for {
		if b == nil {
			select {
			case b = <-free:
			case <-quit:
				return
			}
			b.reset(seq, line)
		}
		start := len(b.data)
		var err error
		for {
			var frag []byte
			frag, err = r.ReadSlice('\n')
			b.data = append(b.data, frag...)
			if err != bufio.ErrBufferFull {
				break
			}
		}
		if n := len(b.data) - start; n > 0 {
			end := len(b.data)
			if b.data[end-1] == '\n' {
				end--
			}
			if end > start && b.data[end-1] == '\r' {
				end--
			}
			b.data = b.data[:end]
			b.ends = append(b.ends, end)
			b.starts = append(b.starts, off)
			off += int64(n)
			line++
		}
		if err != nil && err != io.EOF {
			b.readErr = err
		}
		if err != nil || len(b.data) >= batchBytes || len(b.ends) >= batchLines || r.Buffered() == 0 {
			if len(b.ends) > 0 || b.readErr != nil {
				todo <- b
				seq++
				b = nil
			}
		}
		if err != nil {
			return
		}
	}
}

// mergeBatch merges every line of b, appending the results to b.out. tmp
// holds the worker's buffers for the results between patches.
func (lm *lineMerger) mergeBatch(b *lineBatch, tmp *[2][]byte) {
	for i := range b.ends {
		line := b.line(i)
		if blank(line) {
			b.out = append(b.out, '\n')
			continue
		}
		out, p, err := lm.mergeLine(b.out, line, tmp)
		if err != nil {
			target := input{name: lm.stream, data: line, line: b.first + int64(i), off: b.starts[i], streamLine: true}
			b.fails = append(b.fails, mergeError(lm.opts, target, lm.patches[p], p, err))
			if !lm.keepGoing {
				b.stopped = true
				return
			}
			out = append(b.out, line...)
		}
		b.out = append(out, '\n')
	}
}

// blank reports whether line holds nothing but spaces and tabs.
func blank(line []byte) bool {
	for _, c := range line {
		if c != ' ' && c != '\t' && c != '\r' {
			return false
		}
	}
	return true
}

// mergeLine appends to dst the result of applying every patch to line,
// in order. On error it returns dst as it was, the index of the patch
// whose merge failed, and the library's error.
func (lm *lineMerger) mergeLine(dst, line []byte, tmp *[2][]byte) ([]byte, int, error) {
	cur := line
	last := len(lm.patches) - 1
	for i := range lm.patches {
		buf := dst
		if i < last {
			buf = tmp[i%2][:0]
		}
		out, err := lm.opts.AppendMergeJSON(buf, cur, lm.patches[i].data)
		if err != nil {
			return dst, i, err
		}
		if i == last {
			return out, 0, nil
		}
		tmp[i%2] = out
		cur = out
	}
	return dst, 0, nil // not reached: there is at least one patch
}
