package main

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"testing/iotest"
	"time"

	"github.com/deepmerge-go/deepmerge"
	"github.com/google/go-cmp/cmp"
)

// The patches that the tests of -lines apply, in this order: a file and
// an inline one.
const (
	linesPatch  = `{"meta": {"old": null, "n": 2, "new": {"x": null, "y": [null]}}, "gone": null, "tags": ["p"]}`
	linesInline = `{"seen": true, "meta": {"n": null}}`
)

// stream is a generated JSON Lines stream and what -lines should make of
// it.
type stream struct {
	text   string   // the stream
	want   string   // the output -lines should write
	lines  []string // each line as read: without its line end
	starts []int64  // the offset of each line in text
}

// genStream returns a stream of n lines: objects of many sizes, members in
// no particular order, scalars and arrays, blank lines, some CRLF line
// ends, and no newline after the last line when noFinal is set. The
// output it should give is computed with the library, line by line.
func genStream(t *testing.T, seed int64, n int, noFinal bool) *stream {
	t.Helper()
	r := rand.New(rand.NewSource(seed))
	s := &stream{}
	var text, want strings.Builder
	for i := 0; i < n; i++ {
		line := genLine(r, i)
		end := "\n"
		switch {
		case r.Intn(10) == 0:
			end = "\r\n"
		case i == n-1 && noFinal:
			end = ""
		}
		s.starts = append(s.starts, int64(text.Len()))
		s.lines = append(s.lines, line)
		text.WriteString(line + end)
		if strings.Trim(line, " \t") == "" {
			want.WriteString("\n")
			continue
		}
		out, err := deepmerge.MergeJSON([]byte(line), []byte(linesPatch))
		if err == nil {
			out, err = deepmerge.MergeJSON(out, []byte(linesInline))
		}
		if err != nil {
			t.Fatalf("line %d of the generated stream does not merge: %v\n%s", i+1, err, line)
		}
		want.Write(out)
		want.WriteString("\n")
	}
	s.text, s.want = text.String(), want.String()
	return s
}

// genLine returns the i-th line of a generated stream.
func genLine(r *rand.Rand, i int) string {
	switch r.Intn(40) {
	case 0:
		return ""
	case 1:
		return " \t "
	case 2:
		return `[1, null, {"a": null}]`
	case 3:
		return `"just a string \u00e9"`
	case 4:
		return "null"
	case 5:
		return fmt.Sprintf("%d.50", i)
	}
	var b strings.Builder
	fmt.Fprintf(&b, `{"id": %d, "name": "user\u00e9 %d"`, i, r.Intn(100000))
	keys := []string{"meta", "tags", "gone", "seen", "bio", "n"}
	r.Shuffle(len(keys), func(a, c int) { keys[a], keys[c] = keys[c], keys[a] })
	for _, k := range keys[:r.Intn(len(keys)+1)] {
		b.WriteString(`, "` + k + `": `)
		switch k {
		case "meta":
			if r.Intn(5) == 0 {
				b.WriteString(`"not an object"`)
				continue
			}
			fmt.Fprintf(&b, `{"n": 1.0, "old": %d, "keep": 12345678901234567890, "deep": {"z": [1, null, {"q": null}], "e": "\u2014"}}`, r.Intn(9))
		case "tags":
			b.WriteString("[")
			for j := r.Intn(30); j > 0; j-- {
				fmt.Fprintf(&b, `"t%d"`, r.Intn(1000))
				if j > 1 {
					b.WriteString(",")
				}
			}
			b.WriteString("]")
		case "bio":
			b.WriteString(`"` + strings.Repeat("word ", r.Intn(400)) + `"`)
		default:
			fmt.Fprintf(&b, "%d", r.Intn(1000))
		}
	}
	b.WriteString("}")
	return b.String()
}

// runLines runs the command on stream text given on stdin, with patches
// linesPatch (as patch.json in dir) and linesInline.
func runLinesOn(t *testing.T, dir, stdin string, flags ...string) result {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, "patch.json"), []byte(linesPatch), 0o644); err != nil {
		t.Fatal(err)
	}
	args := append([]string{"-lines"}, flags...)
	args = append(args, "-", "patch.json", "-p", linesInline)
	return runIn(t, dir, stdin, args...)
}

// TestLinesMatchesMerge checks the output of -lines, with many workers,
// against merging each line with the library, on thousands of lines of
// every kind; the stream is given on stdin and as a file.
func TestLinesMatchesMerge(t *testing.T) {
	s := genStream(t, 1, 6000, true)
	if len(s.text) < 20*batchBytes {
		t.Fatalf("the stream is %d bytes, too short to make many batches", len(s.text))
	}
	dir := t.TempDir()
	for _, workers := range []string{"1", "3", "8"} {
		r := runLinesOn(t, dir, s.text, "-workers", workers)
		if r.code != 0 || r.stderr != "" {
			t.Fatalf("-workers %s: exit %d, stderr %q", workers, r.code, r.stderr)
		}
		if diff := cmp.Diff(strings.Split(s.want, "\n"), strings.Split(r.stdout, "\n")); diff != "" {
			t.Errorf("-workers %s: output lines differ (-want +got):\n%s", workers, diff)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "s.jsonl"), []byte(s.text), 0o644); err != nil {
		t.Fatal(err)
	}
	r := runIn(t, dir, "", "-lines", "s.jsonl", "patch.json", "-p", linesInline)
	if r.code != 0 || r.stderr != "" || r.stdout != s.want {
		t.Errorf("stream as a file: exit %d, stderr %q, output equal: %v", r.code, r.stderr, r.stdout == s.want)
	}
}

// TestLinesMatchesOrdinaryForm checks -lines against the ordinary form of
// the command, run on each line alone.
func TestLinesMatchesOrdinaryForm(t *testing.T) {
	s := genStream(t, 2, 40, false)
	dir := t.TempDir()
	r := runLinesOn(t, dir, s.text)
	if r.code != 0 || r.stderr != "" {
		t.Fatalf("exit %d, stderr %q", r.code, r.stderr)
	}
	got := strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n")
	if len(got) != len(s.lines) {
		t.Fatalf("%d lines out, want %d", len(got), len(s.lines))
	}
	for i, line := range s.lines {
		if strings.Trim(line, " \t") == "" {
			if got[i] != "" {
				t.Errorf("blank line %d gave %q", i+1, got[i])
			}
			continue
		}
		one := runIn(t, dir, line, "-", "patch.json", "-p", linesInline)
		if one.code != 0 || one.stdout != got[i]+"\n" {
			t.Errorf("line %d: the ordinary form gives %q (exit %d, %s), -lines %q", i+1, one.stdout, one.code, one.stderr, got[i])
		}
	}
}

func TestLinesShapes(t *testing.T) {
	long := `{"bio": "` + strings.Repeat("x", 4*batchBytes+17) + `", "meta": {"old": 1}}`
	longWant := `{"bio":"` + strings.Repeat("x", 4*batchBytes+17) + `","meta":{"n":null}}`
	longWant = strings.Replace(longWant, `"meta":{"n":null}`, `"meta":{"new":{"y":[null]}},"tags":["p"],"seen":true`, 1)
	tests := []struct {
		name, stdin, want, reason string
	}{
		{
			name:   "empty stream",
			stdin:  "",
			want:   "",
			reason: "no lines in, none out",
		},
		{
			name:   "blank lines kept",
			stdin:  "\n  \n{\"a\": 1}\n\t\r\n\n",
			want:   "\n\n{\"a\":1,\"meta\":{\"new\":{\"y\":[null]}},\"tags\":[\"p\"],\"seen\":true}\n\n\n",
			reason: "an empty line, or one of spaces and tabs, is written as an empty line, not merged",
		},
		{
			name:   "no final newline",
			stdin:  "{\"a\": 1}\n[1]",
			want:   "{\"a\":1,\"meta\":{\"new\":{\"y\":[null]}},\"tags\":[\"p\"],\"seen\":true}\n{\"meta\":{\"new\":{\"y\":[null]}},\"tags\":[\"p\"],\"seen\":true}\n",
			reason: "the last line is merged, and every line written ends in a newline",
		},
		{
			name:   "CRLF",
			stdin:  "{\"gone\": 1}\r\n{\"seen\": false}\r\n",
			want:   "{\"meta\":{\"new\":{\"y\":[null]}},\"tags\":[\"p\"],\"seen\":true}\n{\"seen\":true,\"meta\":{\"new\":{\"y\":[null]}},\"tags\":[\"p\"]}\n",
			reason: "the \\r before a \\n is dropped, and lines are written with \\n alone",
		},
		{
			name:   "line longer than the read buffer",
			stdin:  "{}\n" + long + "\n{}",
			want:   "{\"meta\":{\"new\":{\"y\":[null]}},\"tags\":[\"p\"],\"seen\":true}\n" + longWant + "\n{\"meta\":{\"new\":{\"y\":[null]}},\"tags\":[\"p\"],\"seen\":true}\n",
			reason: "a line is read in parts and merged whole; there is no limit on its length",
		},
		{
			name:   "zero-length lines are blank, not absent targets",
			stdin:  "\n\n",
			want:   "\n\n",
			reason: "unlike a zero-length TARGET file, an empty line is kept as it is",
		},
	}
	for _, tt := range tests {
		tt := tt
		t.Run(tt.name, func(t *testing.T) {
			r := runLinesOn(t, t.TempDir(), tt.stdin, "-workers", "4")
			if r.code != 0 || r.stderr != "" {
				t.Fatalf("exit %d, stderr %q (%s)", r.code, r.stderr, tt.reason)
			}
			if diff := cmp.Diff(tt.want, r.stdout); diff != "" {
				t.Errorf("output (-want +got) (%s):\n%.2000s", tt.reason, diff)
			}
		})
	}
}

// badLine is a line that fails: its text, with "!" where the fault is
// (taken out of the line), and the message without its place.
type badLine struct{ text, msg string }

// failingStream returns a generated stream of n lines, all with "\n"
// ends, with the bad lines put at their numbers (from 1); the output that
// -keep-going should give with the patches linesPatch and linesInline;
// and the error each bad line should report when the stream is read as
// s.jsonl.
func failingStream(t *testing.T, n int, bad map[int]badLine) (*stream, map[int]string) {
	t.Helper()
	s := genStream(t, 3, n, false)
	var text, want strings.Builder
	msgs := map[int]string{}
	outs := strings.Split(strings.TrimSuffix(s.want, "\n"), "\n")
	for i := range s.lines {
		start := int64(text.Len())
		s.starts[i] = start
		if b, ok := bad[i+1]; ok {
			col := strings.Index(b.text, "!")
			if col < 0 {
				t.Fatalf("bad line %q has no mark", b.text)
			}
			s.lines[i] = strings.Replace(b.text, "!", "", 1)
			outs[i] = s.lines[i]
			msgs[i+1] = fmt.Sprintf("s.jsonl:%d:%d: %s (offset %d)", i+1, col+1, b.msg, start+int64(col))
		}
		text.WriteString(s.lines[i] + "\n")
		want.WriteString(outs[i] + "\n")
	}
	s.text, s.want = text.String(), want.String()
	return s, msgs
}

func TestLinesStopAtFirstFailure(t *testing.T) {
	bad := map[int]badLine{
		2500: {`{"a": [1, !]}`, "/a/1: invalid character ']' looking for beginning of value"},
		2600: {`{"b": !}`, "never reached"},
	}
	s, msgs := failingStream(t, 3000, bad)
	dir := writeFiles(t, map[string]string{"s.jsonl": s.text, "patch.json": linesPatch, "out.jsonl": "old\n"})
	r := runIn(t, dir, "", "-lines", "-workers", "8", "s.jsonl", "patch.json", "-p", linesInline)
	if r.code != 1 {
		t.Errorf("exit %d, want 1", r.code)
	}
	wantOut := strings.Join(strings.SplitAfter(s.want, "\n")[:2499], "")
	if r.stdout != wantOut {
		t.Errorf("stdout has %d lines, want the %d before the failure", strings.Count(r.stdout, "\n"), 2499)
	}
	if r.stderr != msgs[2500]+"\n" {
		t.Errorf("stderr\n got %q\nwant %q", r.stderr, msgs[2500]+"\n")
	}

	// With -o, the file is left as it was.
	r = runIn(t, dir, "", "-lines", "-workers", "8", "-o", "out.jsonl", "s.jsonl", "patch.json", "-p", linesInline)
	if r.code != 1 || r.stdout != "" || r.stderr != msgs[2500]+"\n" {
		t.Errorf("-o: exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
	checkFile(t, filepath.Join(dir, "out.jsonl"), "old\n", 0o644)
	checkNoTemp(t, dir, 3)
}

func TestLinesKeepGoing(t *testing.T) {
	bad := map[int]badLine{
		1:    {`{"a": [1, !]}`, "/a/1: invalid character ']' looking for beginning of value"},
		1200: {`{"a": 1, "meta": {"x": 1, !"x": 2}}`, `/meta/x: duplicate member name "x"`},
		1201: {`{"a": "unclosed!`, "/a: unexpected end of JSON input"},
		2999: {"[\"!\xff\"]", "/0: invalid UTF-8 in string"},
		3000: {`{"a": 1}  !x`, "invalid character 'x' after top-level value"},
	}
	s, msgs := failingStream(t, 3000, bad)
	dir := writeFiles(t, map[string]string{"s.jsonl": s.text, "patch.json": linesPatch, "out.jsonl": "old\n"})
	args := []string{"-lines", "-keep-going", "-workers", "8", "s.jsonl", "patch.json", "-p", linesInline}
	r := runIn(t, dir, "", args...)
	if r.code != 1 {
		t.Errorf("exit %d, want 1", r.code)
	}
	if diff := cmp.Diff(strings.Split(s.want, "\n"), strings.Split(r.stdout, "\n")); diff != "" {
		t.Errorf("output (-want +got):\n%.3000s", diff)
	}
	var want []string
	for _, n := range []int{1, 1200, 1201, 2999, 3000} {
		want = append(want, msgs[n]+"\n")
	}
	want = append(want, "deepmerge: s.jsonl: 5 of 3000 lines failed\n", "")
	if diff := cmp.Diff(want, strings.SplitAfter(r.stderr, "\n")); diff != "" {
		t.Errorf("stderr (-want +got):\n%s", diff)
	}

	// With -o, the file gets every line.
	r = runIn(t, dir, "", append([]string{"-o", "out.jsonl"}, args...)...)
	if r.code != 1 || r.stdout != "" || r.stderr != strings.Join(want, "") {
		t.Errorf("-o: exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
	checkFile(t, filepath.Join(dir, "out.jsonl"), s.want, 0o644)
	checkNoTemp(t, dir, 3)
}

func TestLinesErrors(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"patch.json": linesPatch,
		"bad.json":   `{"a": ,}`,
		"b2.json":    `{"b": 2}`,
		"reach.json": `{"a": {"y": 1}}`,
		"s.jsonl":    "{}\n",
	})
	if err := os.Mkdir(filepath.Join(dir, "adir"), 0o755); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		stdin  string
		args   []string
		stdout string
		stderr string
	}{
		{
			name:   "bad patch reported before any line",
			stdin:  "",
			args:   []string{"-lines", "-", "patch.json", "bad.json"},
			stderr: `bad.json:1:7: /a: invalid character ',' looking for beginning of value (offset 6)`,
		},
		{
			name:   "bad inline patch",
			stdin:  "{}\n",
			args:   []string{"-lines", "-", "-p", `{"a": 1}`, "-p", `[`},
			stderr: `-p #2:1:2: /0: unexpected end of JSON input (offset 1)`,
		},
		{
			name:   "byte order mark on the first line",
			stdin:  "\xef\xbb\xbf{}\n{}\n",
			args:   []string{"-lines", "-", "patch.json"},
			stderr: `<stdin>:1:1: starts with a UTF-8 byte order mark, which JSON text must not have (offset 0)`,
		},
		{
			name:   "a later patch finds a duplicate the first copied",
			stdin:  "{}\n\n{\"b\": 1, \"a\": {\"x\": 1, \"x\": 2}}\n",
			args:   []string{"-lines", "-", "b2.json", "reach.json"},
			stdout: "{\"b\":2,\"a\":{\"y\":1}}\n\n",
			stderr: `<stdin>:3:24: /a/x: duplicate member name "x" (offset 27)`,
		},
		{
			name:   "max depth on a line",
			stdin:  "{\"a\": {\"b\": {}}}\n",
			args:   []string{"-lines", "-max-depth", "2", "-", "b2.json"},
			stderr: `<stdin>:1:13: /a/b: nesting exceeds maximum depth 2 (offset 12)`,
		},
		{
			name:   "missing stream",
			args:   []string{"-lines", "missing.jsonl", "patch.json"},
			stderr: `deepmerge: missing.jsonl: no such file or directory`,
		},
		{
			name:   "stream is a directory",
			args:   []string{"-lines", "adir", "patch.json"},
			stderr: `deepmerge: adir: is a directory`,
		},
		{
			name:   "output is a directory",
			args:   []string{"-lines", "-o", "adir", "s.jsonl", "patch.json"},
			stderr: `deepmerge: adir: not a regular file (use "-o -" for standard output)`,
		},
	}
	for _, tt := range tests {
		tt := tt
		t.Run(tt.name, func(t *testing.T) {
			r := runIn(t, dir, tt.stdin, tt.args...)
			if r.code != 1 {
				t.Errorf("exit %d, want 1", r.code)
			}
			if r.stdout != tt.stdout {
				t.Errorf("stdout %q, want %q", r.stdout, tt.stdout)
			}
			if !matchLine(r.stderr, tt.stderr) {
				t.Errorf("stderr\n got %q\nwant %q", r.stderr, tt.stderr+"\n")
			}
		})
	}
}

// TestLinesInPlace checks that -o may name the stream itself.
func TestLinesInPlace(t *testing.T) {
	s := genStream(t, 4, 500, false)
	dir := writeFiles(t, map[string]string{"s.jsonl": s.text, "patch.json": linesPatch})
	if err := os.Chmod(filepath.Join(dir, "s.jsonl"), 0o600); err != nil {
		t.Fatal(err)
	}
	r := runIn(t, dir, "", "-lines", "-o", "s.jsonl", "s.jsonl", "patch.json", "-p", linesInline)
	if r.code != 0 || r.stdout != "" || r.stderr != "" {
		t.Fatalf("exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
	checkFile(t, filepath.Join(dir, "s.jsonl"), s.want, 0o600)
	checkNoTemp(t, dir, 2)
}

// TestLinesStreaming checks that results come out while the input is
// still open, and that a failing line ends the run without waiting for
// the input to end. The timer only ends a run that hangs, so that the
// test fails rather than waits forever; nothing here is timed.
func TestLinesStreaming(t *testing.T) {
	cmd := exec.Command(binary, "-lines", "-workers", "2", "-", "-p", `{"seen": true}`)
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	defer stdin.Close()
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var hung atomic.Bool
	guard := time.AfterFunc(2*time.Minute, func() {
		hung.Store(true)
		cmd.Process.Kill()
	})
	defer guard.Stop()
	out := bufio.NewReader(stdout)
	for i, line := range []string{`{"a": 1}`, "", `{"b": [2]}`} {
		if _, err := io.WriteString(stdin, line+"\n"); err != nil {
			t.Fatal(err)
		}
		got, err := out.ReadString('\n')
		want := map[int]string{0: `{"a":1,"seen":true}`, 1: "", 2: `{"b":[2],"seen":true}`}[i] + "\n"
		if err != nil || got != want {
			t.Fatalf("result %d while the input is open: %q, %v; want %q (killed as hung: %v)", i+1, got, err, want, hung.Load())
		}
	}
	if _, err := io.WriteString(stdin, "{\"c\": x}\n{}\n"); err != nil {
		t.Fatal(err)
	}
	rest, _ := io.ReadAll(out) // ends when the command exits
	err = cmd.Wait()
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != 1 || hung.Load() {
		t.Fatalf("after a failing line with the input still open: %v (killed as hung: %v)", err, hung.Load())
	}
	if len(rest) != 0 {
		t.Errorf("output after the failing line: %q", rest)
	}
	if want := "<stdin>:4:7: /c: invalid character 'x' looking for beginning of value (offset 27)"; !matchLine(stderr.String(), want) {
		t.Errorf("stderr %q, want %q", stderr.String(), want)
	}
}

// chunkReader returns the bytes of its reader in reads of sizes drawn
// from r, from 1 to 300 bytes, and then err instead of io.EOF, if set.
type chunkReader struct {
	data []byte
	r    *rand.Rand
	err  error
}

func (c *chunkReader) Read(p []byte) (int, error) {
	if len(c.data) == 0 {
		if c.err != nil {
			return 0, c.err
		}
		return 0, io.EOF
	}
	n := 1 + c.r.Intn(300)
	n = min(n, len(p), len(c.data))
	copy(p, c.data[:n])
	c.data = c.data[n:]
	return n, nil
}

// TestLinesReader runs the pipeline in the test process on readers that
// cut the stream anywhere: one byte at a time, and in random pieces, so
// that a line, and a "\r\n", is split between reads and between batches.
func TestLinesReader(t *testing.T) {
	s := genStream(t, 5, 1000, true)
	patches := []input{{name: "patch.json", data: []byte(linesPatch), line: 1}, {name: "-p #1", data: []byte(linesInline), line: 1}}
	lm := &lineMerger{patches: patches, stream: "s.jsonl"}
	readers := map[string]func() io.Reader{
		"one byte at a time": func() io.Reader { return iotest.OneByteReader(strings.NewReader(s.text)) },
		"random pieces":      func() io.Reader { return &chunkReader{data: []byte(s.text), r: rand.New(rand.NewSource(6))} },
		"half reads":         func() io.Reader { return iotest.HalfReader(strings.NewReader(s.text)) },
		"data with EOF":      func() io.Reader { return iotest.DataErrReader(strings.NewReader(s.text)) },
	}
	for name, newReader := range readers {
		for _, workers := range []int{1, 3} {
			var out bytes.Buffer
			err := lm.run(newReader(), &out, "output", workers, func(err error) { t.Errorf("%s: reported %v", name, err) })
			if err != nil {
				t.Errorf("%s, %d workers: %v", name, workers, err)
			}
			if diff := cmp.Diff(strings.Split(s.want, "\n"), strings.Split(out.String(), "\n")); diff != "" {
				t.Errorf("%s, %d workers: output (-want +got):\n%.2000s", name, workers, diff)
			}
		}
	}

	// A read error ends the run after the lines read whole before it.
	cut := len(s.text) / 2
	boom := errors.New("boom")
	var out bytes.Buffer
	err := lm.run(&chunkReader{data: []byte(s.text[:cut]), r: rand.New(rand.NewSource(7)), err: boom}, &out, "output", 2, func(error) {})
	if err == nil || err.Error() != "s.jsonl: boom" {
		t.Errorf("read error: run returned %v, want s.jsonl: boom", err)
	}
	whole := strings.Count(s.text[:cut], "\n")
	if want := strings.Join(strings.SplitAfter(s.want, "\n")[:whole], ""); out.String() != want {
		t.Errorf("read error: %d lines written, want the %d read whole", strings.Count(out.String(), "\n"), whole)
	}
}
