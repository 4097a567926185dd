package main

import (
	"errors"
	"fmt"
	"io"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/deepmerge-go/deepmerge"
	"github.com/deepmerge-go/deepmerge/cmd/deepmerge/internal/users"
	"github.com/google/go-cmp/cmp"
)

// export is a generated JSON Lines export with damaged records, and what
// is known of each line.
type export struct {
	text  string
	lines []exportLine
}

// exportLine is one line of an export.
type exportLine struct {
	text    string // without its line end
	start   int64  // its offset in the export
	record  string // the record before damage; "" for a blank line
	damaged bool
	damage  users.Damage
	ptr     string // where Validate finds the damage
}

// genExport returns an export of n records of package users, in which
// one record in every is damaged (none if every is 0), the kinds and depths in turn; a blank
// line after every 50th record, a CRLF line end on every 9th, spaces
// in and around every 11th (when it is not damaged), and no newline after
// the last.
func genExport(n, every int) *export {
	g := users.New(3)
	var b strings.Builder
	e := &export{}
	add := func(l exportLine, end string) {
		l.start = int64(b.Len())
		e.lines = append(e.lines, l)
		b.WriteString(l.text + end)
	}
	for i := 0; i < n; i++ {
		rec := g.Append(nil, i)
		l := exportLine{text: string(rec), record: string(rec)}
		if d, ok := users.DamageEvery(every, i); ok {
			bad, ptr := d.Apply(rec)
			l.text, l.damaged, l.damage, l.ptr = string(bad), true, d, ptr
		} else if i%11 == 3 {
			// Valid, but not compact: normalize must not compact it.
			l.text = " " + strings.Replace(l.text, `{"id":`, `{ "id" : `, 1) + "\t"
		}
		end := "\n"
		switch {
		case i == n-1:
			end = ""
		case i%9 == 4:
			end = "\r\n"
		}
		add(l, end)
		if i%50 == 49 && i != n-1 {
			add(exportLine{text: " \t"}, "\n")
		}
	}
	e.text = b.String()
	return e
}

// wantValidate returns what validate -lines should write on standard
// error for e, named name: each damaged line at the pointer the damage
// gives, and the count.
func (e *export) wantValidate(t *testing.T, name string) string {
	t.Helper()
	var b strings.Builder
	bad := 0
	for i, l := range e.lines {
		if l.record == "" {
			continue // a blank line is no document, and no fault
		}
		err := deepmerge.Validate([]byte(l.text))
		if (err != nil) != l.damaged {
			t.Fatalf("line %d: Validate says %v, damaged %v", i+1, err, l.damaged)
		}
		if !l.damaged {
			continue
		}
		bad++
		var de *deepmerge.Error
		if !errors.As(err, &de) {
			t.Fatal(err)
		}
		ptr := l.ptr
		if ptr != "" {
			ptr += ": " // the whole record is at fault
		}
		fmt.Fprintf(&b, "%s:%d:%d: %s%s (offset %d)\n", name, i+1, de.Offset+1, ptr, de.Reason(), l.start+de.Offset)
	}
	fmt.Fprintf(&b, "deepmerge: %s: %d of %d lines invalid\n", name, bad, len(e.lines))
	return b.String()
}

// wantNormalize returns what normalize -lines should write for e, named
// name, on standard output and on standard error. Each damaged line is
// the record with its damage repaired: for a repeat at the top, the
// record itself; otherwise the record's members after the "legacy"
// member that holds the damage.
func (e *export) wantNormalize(t *testing.T, name string) (stdout, stderr string) {
	t.Helper()
	var out, msg strings.Builder
	repaired := 0
	for i, l := range e.lines {
		if !l.damaged {
			if strings.Trim(l.text, " \t") != "" {
				out.WriteString(l.text)
			}
			out.WriteString("\n")
			continue
		}
		repaired++
		fixed, err := deepmerge.Normalize([]byte(l.text))
		if err != nil {
			t.Fatalf("line %d: %v", i+1, err)
		}
		d := l.damage
		switch {
		case d.Kind == users.Repeat && d.Depth == 1:
			if string(fixed) != l.record {
				t.Fatalf("line %d (%v): Normalize gives %s, want the record %s", i+1, d, fixed, l.record)
			}
		case !strings.HasSuffix(string(fixed), l.record[1:]):
			t.Fatalf("line %d (%v): Normalize gives %s, want it to end with the record's members %s", i+1, d, fixed, l.record[1:])
		}
		out.Write(fixed)
		out.WriteString("\n")
		fmt.Fprintf(&msg, "%s:%d: repaired: ", name, i+1)
		switch d.Kind {
		case users.Repeat, users.RepeatInArray:
			dropped := `"user"`
			if d.Depth == 1 {
				dropped = `"legacy"`
			}
			fmt.Fprintf(&msg, "%s: dropped earlier value %s (offset %d)\n", l.ptr, dropped, l.start+int64(strings.Index(l.text, dropped)))
		case users.Latin1, users.Latin1Name:
			msg.WriteString("1 invalid UTF-8 byte replaced with U+FFFD\n")
		default:
			msg.WriteString("1 unpaired surrogate escape replaced with U+FFFD\n")
		}
	}
	fmt.Fprintf(&msg, "deepmerge: %s: %d of %d lines repaired\n", name, repaired, len(e.lines))
	return out.String(), msg.String()
}

// TestLineFormsOnDamagedExport runs validate -lines and normalize -lines
// on a generated export with every kind of damage at every depth, on one
// worker and on three: validate reports every damaged line and no other,
// at the damage; normalize writes every other line as it was and repairs
// the damaged ones, saying what it changed; and validate accepts what
// normalize wrote.
func TestLineFormsOnDamagedExport(t *testing.T) {
	e := genExport(3000, 7)
	if n := len(users.Damages()); 3000/7 < 3*n {
		t.Fatalf("the export damages %d lines, fewer than every damage three times (%d)", 3000/7, 3*n)
	}
	dir := writeFiles(t, map[string]string{"export.jsonl": e.text})
	wantV := e.wantValidate(t, "export.jsonl")
	wantOut, wantErr := e.wantNormalize(t, "export.jsonl")
	for _, workers := range []string{"1", "3"} {
		r := runIn(t, dir, "", "validate", "-lines", "-workers", workers, "export.jsonl")
		if r.code != 1 || r.stdout != "" {
			t.Errorf("validate -lines -workers %s: exit %d, stdout %q; want 1 and nothing", workers, r.code, r.stdout)
		}
		if diff := cmp.Diff(wantV, r.stderr); diff != "" {
			t.Errorf("validate -lines -workers %s: stderr (-want +got):\n%s", workers, diff)
		}
		r = runIn(t, dir, "", "normalize", "-lines", "-workers", workers, "export.jsonl")
		if r.code != 0 {
			t.Errorf("normalize -lines -workers %s: exit %d, want 0", workers, r.code)
		}
		if diff := cmp.Diff(wantOut, r.stdout); diff != "" {
			t.Errorf("normalize -lines -workers %s: stdout (-want +got):\n%s", workers, diff)
		}
		if diff := cmp.Diff(wantErr, r.stderr); diff != "" {
			t.Errorf("normalize -lines -workers %s: stderr (-want +got):\n%s", workers, diff)
		}
		// What normalize wrote passes validate, from standard input too.
		if v := runIn(t, dir, r.stdout, "validate", "-lines", "-workers", workers, "-"); v.code != 0 || v.stdout != "" || v.stderr != "" {
			t.Errorf("validate -lines on normalize's output: exit %d, stdout %q, stderr %q; want 0 and nothing", v.code, v.stdout, v.stderr)
		}
	}
	// A clean export passes validate silently, and normalize writes it
	// unchanged but for its line ends.
	clean := genExport(500, 0)
	if err := os.WriteFile(filepath.Join(dir, "clean.jsonl"), []byte(clean.text), 0o644); err != nil {
		t.Fatal(err)
	}
	if r := runIn(t, dir, "", "validate", "-lines", "clean.jsonl"); r.code != 0 || r.stdout != "" || r.stderr != "" {
		t.Errorf("validate -lines clean.jsonl: exit %d, stdout %q, stderr %q; want 0 and nothing", r.code, r.stdout, r.stderr)
	}
	want := strings.NewReplacer("\r\n", "\n", " \t\n", "\n").Replace(clean.text) + "\n"
	if r := runIn(t, dir, "", "normalize", "-lines", "clean.jsonl"); r.code != 0 || r.stdout != want || r.stderr != "" {
		t.Errorf("normalize -lines clean.jsonl: exit %d, stderr %q, stdout equal to the input: %v; want 0, nothing, true", r.code, r.stderr, r.stdout == want)
	}
}

// TestNormalizeLinesUnrepairable checks the lines that no reader accepts:
// they stop normalize -lines after the lines before them are written, or
// with -keep-going are written as they are and reported; the exit status
// is 1 either way, and -o replaces its file only with -keep-going.
func TestNormalizeLinesUnrepairable(t *testing.T) {
	stream := strings.Join([]string{
		`{"ok": 1}`,
		`{"role":"user","role":"admin"}`,
		`{"a": 1, "b": }`,
		`[[[[1]]]]`,
		"\xef\xbb\xbf{}",
		`{"x":"\ud800"}`,
		`{"fine": true}`,
	}, "\n") + "\n"
	repaired1 := `s.jsonl:2: repaired: /role: dropped earlier value "user" (offset 18)`
	syntax := `s.jsonl:3:15: /b: invalid character '}' looking for beginning of value (offset 55)`
	depth := `s.jsonl:4:4: /0/0/0: nesting exceeds maximum depth 3 (offset 60)`
	bom := `s.jsonl:5:1: starts with a UTF-8 byte order mark, which JSON text must not have (offset 67)`
	repaired6 := `s.jsonl:6: repaired: 1 unpaired surrogate escape replaced with U+FFFD`
	lines := strings.Split(strings.TrimSuffix(stream, "\n"), "\n")
	for _, c := range []struct {
		name           string
		args           []string
		stdout, stderr string
		reason         string
	}{
		{"stop", []string{"normalize", "-lines", "-max-depth", "3", "s.jsonl"},
			lines[0] + "\n" + `{"role":"admin"}` + "\n", repaired1 + "\n" + syntax + "\n",
			"the lines before the fault are written, and reported"},
		{"keep going", []string{"normalize", "-lines", "-keep-going", "-max-depth", "3", "s.jsonl"},
			lines[0] + "\n" + `{"role":"admin"}` + "\n" + strings.Join(lines[2:5], "\n") + "\n" + `{"x":"\ufffd"}` + "\n" + lines[6] + "\n",
			strings.Join([]string{repaired1, syntax, depth, bom, repaired6,
				"deepmerge: s.jsonl: 2 of 7 lines repaired", "deepmerge: s.jsonl: 3 of 7 lines could not be repaired"}, "\n") + "\n",
			"each line no reader accepts is written as it is and reported; the rest are repaired"},
	} {
		dir := writeFiles(t, map[string]string{"s.jsonl": stream})
		r := runIn(t, dir, "", c.args...)
		if r.code != 1 || r.stdout != c.stdout || r.stderr != c.stderr {
			t.Errorf("%s: deepmerge %q = %d\nstdout %q\nstderr %q\nwant 1\nstdout %q\nstderr %q\n(%s)", c.name, c.args, r.code, r.stdout, r.stderr, c.stdout, c.stderr, c.reason)
		}
		// With -o, the stream is replaced only when every line was written.
		args := append(append([]string{}, c.args[:len(c.args)-1]...), "-o", "s.jsonl", "s.jsonl")
		r = runIn(t, dir, "", args...)
		want := stream
		if c.name == "keep going" {
			want = c.stdout
		}
		got, err := os.ReadFile(filepath.Join(dir, "s.jsonl"))
		if err != nil || r.code != 1 || r.stdout != "" || string(got) != want {
			t.Errorf("%s: deepmerge %q = %d, stdout %q; s.jsonl holds %q, want %q (%v)", c.name, args, r.code, r.stdout, got, want, err)
		}
		checkNoTemp(t, dir, 1)
	}
	// Repaired in place, the stream passes validate.
	dir := writeFiles(t, map[string]string{"s.jsonl": strings.Join([]string{lines[0], lines[1], lines[5]}, "\r\n")})
	if r := runIn(t, dir, "", "normalize", "-lines", "-o", "s.jsonl", "s.jsonl"); r.code != 0 || r.stdout != "" {
		t.Fatalf("normalize -lines -o: exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
	if r := runIn(t, dir, "", "validate", "-lines", "s.jsonl"); r.code != 0 || r.stderr != "" {
		t.Errorf("validate -lines after normalize -lines -o: exit %d, stderr %q", r.code, r.stderr)
	}
}

// TestValidateFiles runs validate on whole files: each invalid file is
// reported at its first fault, with the line and column in the file, and
// the others are checked on.
func TestValidateFiles(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"ok.json":     "{\n  \"a\": [1, 2.50]\n}\n",
		"repeat.json": "{\n  \"m\": {\"k\": 1,\n    \"k\": 2}\n}",
		"latin1.json": "[\"Ren\xe9\"]",
		"broken.json": "{\"a\": 1,\n \"b\": }",
		"empty.json":  "",
		"deep.json":   "[[[1]]]",
	})
	for _, c := range []struct {
		name   string
		args   []string
		stdin  string
		stderr string
		code   int
		reason string
	}{
		{"valid", []string{"validate", "ok.json"}, "", "", 0, "silent on success"},
		{"valid twice and stdin", []string{"validate", "ok.json", "-", "ok.json"}, `{"x":1}`, "", 0, "several files, standard input among them"},
		{"repeat", []string{"validate", "repeat.json"}, "", `repeat.json:3:5: /m/k: duplicate member name "k" (offset 22)` + "\n", 1,
			"the fault's place in the file, as the merge reports it"},
		{"several", []string{"validate", "ok.json", "latin1.json", "broken.json", "missing.json", "empty.json"}, "",
			"latin1.json:1:6: /0: invalid UTF-8 in string (offset 5)\n" +
				"broken.json:2:7: /b: invalid character '}' looking for beginning of value (offset 15)\n" +
				"deepmerge: missing.json: no such file or directory\n" +
				"empty.json:1:1: unexpected end of JSON input (offset 0)\n" +
				"deepmerge: 4 of 5 files invalid\n", 1,
			"every file is checked, and each bad one reported; an empty file is no document"},
		{"max depth", []string{"validate", "-max-depth", "2", "deep.json"}, "", "deep.json:1:3: /0/0: nesting exceeds maximum depth 2 (offset 2)\n", 1, "-max-depth applies"},
		{"stdin", []string{"validate", "-"}, `{"a":1,"a":2}`, `<stdin>:1:8: /a: duplicate member name "a" (offset 7)` + "\n", 1, "standard input"},
	} {
		r := runIn(t, dir, c.stdin, c.args...)
		if r.code != c.code || r.stdout != "" || r.stderr != c.stderr {
			t.Errorf("%s: deepmerge %q = %d, stdout %q, stderr %q; want %d, nothing, %q (%s)", c.name, c.args, r.code, r.stdout, r.stderr, c.code, c.stderr, c.reason)
		}
	}
}

// TestLineFormsUsage checks the combinations of flags that the forms
// validate and normalize -lines refuse.
func TestLineFormsUsage(t *testing.T) {
	dir := writeFiles(t, map[string]string{"one.json": `{}`})
	for _, c := range []struct {
		args []string
		msg  string
	}{
		{[]string{"validate"}, "validate needs at least one FILE"},
		{[]string{"validate", "-p", "{}"}, "validate takes files, not -p"},
		{[]string{"validate", "-lines", "one.json", "one.json"}, "validate -lines needs exactly 1 STREAM; got 2"},
		{[]string{"validate", "-lines"}, "validate -lines needs exactly 1 STREAM; got 0"},
		{[]string{"validate", "-o", "out.json", "one.json"}, "validate writes no output; -o and -indent do not go with it"},
		{[]string{"validate", "-indent", "one.json"}, "validate writes no output"},
		{[]string{"validate", "-lines", "-keep-going", "one.json"}, "validate -lines reports every invalid line; -keep-going does not go with it"},
		{[]string{"validate", "-keep-going", "one.json"}, "-keep-going is for -lines only"},
		{[]string{"validate", "-workers", "2", "one.json"}, "-workers is for -lines only"},
		{[]string{"normalize", "-lines", "one.json", "one.json"}, "normalize -lines needs exactly 1 STREAM; got 2 file(s) and 0 -p"},
		{[]string{"normalize", "-lines", "one.json", "-p", "{}"}, "normalize -lines needs exactly 1 STREAM; got 1 file(s) and 1 -p"},
		{[]string{"normalize", "-lines", "-indent", "one.json"}, "-indent does not go with -lines"},
		{[]string{"-lines", "validate", "-", "-"}, "validate -lines needs exactly 1 STREAM; got 2"},
	} {
		r := runIn(t, dir, "", c.args...)
		first, _, _ := strings.Cut(r.stderr, "\n")
		if r.code != 2 || r.stdout != "" || !strings.Contains(first, "deepmerge: "+c.msg) {
			t.Errorf("deepmerge %q: exit %d, stdout %q, stderr %q; want 2 and %q", c.args, r.code, r.stdout, r.stderr, c.msg)
		}
	}
	if names := dirNames(t, dir); len(names) != 1 {
		t.Errorf("usage errors left files: %q", names)
	}
	// The forms are in the help, with examples.
	r := runIn(t, dir, "", "-h")
	for _, want := range []string{
		"deepmerge validate [flags] FILE...", "deepmerge validate -lines [flags] STREAM", "deepmerge normalize -lines [flags] STREAM",
		"  deepmerge validate -lines users.jsonl\n", "  deepmerge normalize -lines -o users.jsonl users.jsonl",
	} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("help lacks %q", want)
		}
	}
}

// TestLineFormsInProcess runs the pipeline of normalize -lines and
// validate -lines in the test process, so that the race detector sees
// the workers, on a damaged export read in pieces of random sizes.
func TestLineFormsInProcess(t *testing.T) {
	e := genExport(1500, 5)
	wantOut, wantErr := e.wantNormalize(t, "s.jsonl")
	wantV := e.wantValidate(t, "s.jsonl")
	for _, workers := range []int{1, 4} {
		var out, msgs strings.Builder
		report := func(err error) { msgs.WriteString(message(err) + "\n") }
		lm := &lineMerger{stream: "s.jsonl", form: "normalize"}
		in := &chunkReader{data: []byte(e.text), r: rand.New(rand.NewSource(int64(workers)))}
		if err := lm.run(in, &out, "output", workers, report); err != nil {
			t.Fatalf("normalize, %d workers: %v", workers, err)
		}
		fmt.Fprintf(&msgs, "deepmerge: s.jsonl: %d of %d lines repaired\n", lm.repaired, lm.total)
		if out.String() != wantOut || msgs.String() != wantErr {
			t.Errorf("normalize, %d workers: output as wanted: %v; reports (-want +got):\n%s", workers, out.String() == wantOut, cmp.Diff(wantErr, msgs.String()))
		}
		msgs.Reset()
		lm = &lineMerger{stream: "s.jsonl", form: "validate", keepGoing: true}
		in = &chunkReader{data: []byte(e.text), r: rand.New(rand.NewSource(int64(workers)))}
		err := lm.run(in, io.Discard, "output", workers, report)
		msgs.WriteString(message(err) + "\n")
		if diff := cmp.Diff(wantV, msgs.String()); diff != "" {
			t.Errorf("validate, %d workers: reports (-want +got):\n%s", workers, diff)
		}
	}
}
