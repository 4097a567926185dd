package main

import (
	"bytes"
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
	batchBytes    = 64 << 10 // the input that a batch is read into, unless a line is longer
	batchesPerJob = 4        // batches going round, per worker
)

// lineBatch is a run of consecutive lines of the stream, and, once merged,
// their results.
type lineBatch struct {
	seq   int    // its place among the batches, from 0
	first int64  // the number of its first line in the stream, from 1
	off   int64  // the offset of data in the stream
	data  []byte // the input: whole lines, with their line ends, and perhaps the start of the next
	begin []int  // where each line starts in data
	end   []int  // where each line ends in data, before its "\n" or "\r\n"
	scan  int    // where to look on for the next "\n"
	rest  int    // where the line after the last whole one starts

	out     []byte     // the results, each followed by "\n"
	notes   []lineNote // the lines that failed or were repaired, in order
	stopped bool       // a line failed, and the lines after it were not merged
	readErr error      // reading the stream failed after the lines of this batch
}

// lineNote is what to report about one line: a failure, or, for
// normalize, a repair.
type lineNote struct {
	err    error
	failed bool
}

// line returns the i-th line of b, without its line end.
func (b *lineBatch) line(i int) []byte { return b.data[b.begin[i]:b.end[i]] }

// reset empties b for reuse as the batch seq, starting at line first and
// offset off. A buffer that a long line grew past four batches' worth is
// dropped, so that one long line does not hold memory for the rest of the
// run.
func (b *lineBatch) reset(seq int, first, off int64) {
	b.seq, b.first, b.off = seq, first, off
	if cap(b.data) > 4*batchBytes {
		b.data = nil
	}
	if cap(b.out) > 4*batchBytes {
		b.out = nil
	}
	if b.data == nil {
		b.data = make([]byte, 0, batchBytes)
	}
	b.data, b.begin, b.end, b.scan, b.rest, b.out = b.data[:0], b.begin[:0], b.end[:0], 0, 0, b.out[:0]
	b.notes, b.stopped, b.readErr = b.notes[:0], false, nil
}

// addLine records the line that ends at nl, the offset in data of its
// "\n", or at the end of data when nl is -1; a "\r" before the end is
// not part of the line.
func (b *lineBatch) addLine(nl int) {
	start, end := b.rest, nl
	b.rest = nl + 1
	if nl < 0 {
		end, b.rest = len(b.data), len(b.data)
	}
	if end > start && b.data[end-1] == '\r' {
		end--
	}
	b.begin = append(b.begin, start)
	b.end = append(b.end, end)
}

// linesFailed is the error of a -keep-going run in which lines failed,
// or of a validate -lines run that found invalid lines; each was reported
// as it came. what says what befell them ("failed", "invalid"). Its
// message names the stream, as the closing line of the lines repaired
// does: "deepmerge: STREAM: N of M lines …".
type linesFailed struct {
	stream        string
	failed, total int64
	what          string
}

func (e *linesFailed) Error() string {
	return fmt.Sprintf("%s: %d of %d lines %s", e.stream, e.failed, e.total, e.what)
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
	lm := &lineMerger{opts: opts, patches: patches, stream: stream.name(), keepGoing: cfg.keepGoing, form: cfg.form}
	if cfg.form == "validate" {
		w, lm.keepGoing = io.Discard, true // every line is checked and reported
	}
	err = lm.run(in, w, outName, workers, func(err error) { fmt.Fprintln(stderr, message(err)) })
	var lf *linesFailed
	if lm.repaired > 0 && (err == nil || errors.As(err, &lf)) {
		fmt.Fprintf(stderr, "deepmerge: %s: %d of %d lines repaired\n", lm.stream, lm.repaired, lm.total)
	}
	if af, ok := w.(*atomicFile); ok {
		if err == nil || errors.As(err, &lf) {
			if cerr := af.Commit(); cerr != nil {
				return fmt.Errorf("%s: %v", cfg.output, cerr)
			}
		}
	}
	return err
}

// lineMerger applies the patches to each line of a stream; or, for the
// forms validate and normalize, checks or repairs each line.
type lineMerger struct {
	opts      deepmerge.Options
	patches   []input
	stream    string // the stream's name in messages
	keepGoing bool
	form      string // "" to merge, "validate" or "normalize"

	// Set by run as it goes: the lines written, and those repaired.
	total, repaired int64
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
	go lm.read(in, free, todo, quit)
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
			for k, n := range b.notes {
				if b.stopped && k == len(b.notes)-1 {
					return n.err
				}
				report(n.err)
				if n.failed {
					failed++
				} else {
					lm.repaired++
				}
			}
			total += int64(len(b.end))
			lm.total = total
			if b.readErr != nil {
				return fmt.Errorf("%s: %v", lm.stream, unwrapPath(b.readErr))
			}
			free <- b
		}
	}
	if failed > 0 {
		what := "failed"
		switch lm.form {
		case "validate":
			what = "invalid"
		case "normalize":
			what = "could not be repaired"
		}
		return &linesFailed{lm.stream, failed, total, what}
	}
	return nil
}

// read reads the lines of r into batches taken from free and sends them to
// todo, until the end of r, an error, or quit; it closes todo when it is
// done. It reads into a batch's own buffer, and sends the batch on after
// each read that completed a line, so that a file is read in full batches
// and a pipe as fast as its lines come. The start of a line that a read
// cut off is carried to the next batch.
func (lm *lineMerger) read(r io.Reader, free <-chan *lineBatch, todo chan<- *lineBatch, quit <-chan struct{}) {
	defer close(todo)
	seq, line, off := 0, int64(1), int64(0)
	var carry []byte // the start of a line, cut off from the last batch
	for {
		var b *lineBatch
		select {
		case b = <-free:
		case <-quit:
			return
		}
		b.reset(seq, line, off)
		b.data = append(b.data, carry...)
		for {
			if len(b.data) == cap(b.data) {
				// A line longer than the buffer: grow it.
				b.data = append(b.data, 0)[:len(b.data)]
			}
			n, err := r.Read(b.data[len(b.data):cap(b.data)])
			b.data = b.data[:len(b.data)+n]
			for {
				i := bytes.IndexByte(b.data[b.scan:], '\n')
				if i < 0 {
					b.scan = len(b.data)
					break
				}
				b.addLine(b.scan + i)
				b.scan += i + 1
			}
			if err == io.EOF && b.rest < len(b.data) {
				b.addLine(-1) // the last line, with no newline after it
			}
			if err != nil && err != io.EOF {
				b.readErr = err
			}
			if err == nil && len(b.end) == 0 {
				continue // no whole line yet
			}
			carry = append(carry[:0], b.data[b.rest:]...)
			line += int64(len(b.end))
			off += int64(b.rest)
			if len(b.end) > 0 || b.readErr != nil {
				todo <- b
				seq++
			}
			if err != nil {
				return
			}
			break
		}
	}
}

// mergeBatch merges every line of b, appending the results to b.out; or,
// for validate, checks every line, and for normalize, repairs each line
// that needs it. tmp holds the worker's buffers for the results between
// patches.
func (lm *lineMerger) mergeBatch(b *lineBatch, tmp *[2][]byte) {
	for i := range b.end {
		line := b.line(i)
		if blank(line) {
			b.out = append(b.out, '\n')
			continue
		}
		var out []byte
		var err error
		at := func() input {
			return input{name: lm.stream, data: line, line: b.first + int64(i), off: b.off + int64(b.begin[i]), streamLine: true}
		}
		switch lm.form {
		case "validate":
			if err = validateLine(lm.opts, at()); err != nil {
				b.notes = append(b.notes, lineNote{err, true})
			}
			continue // nothing is written
		case "normalize":
			var note error
			if out, note, err = normalizeLine(lm.opts, b.out, at()); note != nil {
				b.notes = append(b.notes, lineNote{note, false})
			}
		default:
			var p int
			if out, p, err = lm.mergeLine(b.out, line, tmp); err != nil {
				err = mergeError(lm.opts, at(), lm.patches[p], p, err)
			}
		}
		if err != nil {
			b.notes = append(b.notes, lineNote{err, true})
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
