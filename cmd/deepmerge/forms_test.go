package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCompose runs "deepmerge compose" and checks, besides the output,
// that merging the composed patch into a target gives what merging the
// patches one after the other gives.
func TestCompose(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"target.json": `{"a": {"x": 1, "y": 2}, "keep": true, "n": 1.50}`,
		"q1.json":     `{"a": {"x": null}, "b": [1, {"c": null}]}`,
		"q2.json":     `{"a": {"z": 3}, "n": null}`,
		"q3.json":     "{\n  \"b\": \"replaced\"\n}",
		"bad.json":    `{"a": {"x": 1, "x": 2}}`,
		"gone.json":   `{"a": null}`,
		"obj.json":    `{"a": {"w": 1}}`,
	})
	for _, c := range []struct {
		name   string
		args   []string
		stdout string
		stderr string // a line, "…" for any text
		code   int
		reason string
	}{
		{"two", []string{"compose", "q1.json", "q2.json"}, `{"a":{"x":null,"z":3},"b":[1,{"c":null}],"n":null}` + "\n", "", 0,
			"members of the second merge into the first's; nulls kept, for they delete"},
		{"three and -p", []string{"compose", "q1.json", "q2.json", "q3.json", "-p", `{"keep":false}`},
			`{"a":{"x":null,"z":3},"b":"replaced","n":null,"keep":false}` + "\n", "", 0, "folded from the left, -p in its place"},
		{"one", []string{"compose", "q3.json"}, `{"b":"replaced"}` + "\n", "", 0, "a single patch is checked and made compact"},
		{"indent", []string{"compose", "-indent", "q2.json"}, "{\n  \"a\": {\n    \"z\": 3\n  },\n  \"n\": null\n}\n", "", 0, "as the other forms"},
		{"not representable", []string{"compose", "q1.json", "gone.json", "obj.json"}, "",
			`obj.json:1:7: /a: first sets this member to null, and no merge patch can replace a member with an object (offset 6)`, 1,
			"the place in the patch that no single patch can follow"},
		{"bad patch", []string{"compose", "q1.json", "bad.json"}, "", `bad.json:1:16: /a/x: duplicate member name "x" (offset 15)`, 1,
			"patches are read as strictly as by the merge"},
		{"bad first", []string{"compose", "bad.json", "q1.json"}, "", `bad.json:1:16: /a/x: duplicate member name "x" (offset 15)`, 1,
			"the first patch too"},
		{"none", []string{"compose"}, "", "deepmerge: compose needs at least one PATCH", 2, "usage"},
		{"with -lines", []string{"-lines", "compose", "q1.json"}, "", "deepmerge: -lines merges; it does not go with compose", 2, "usage"},
	} {
		r := runIn(t, dir, "", c.args...)
		first, _, _ := strings.Cut(r.stderr, "\n")
		if r.code != c.code || r.stdout != c.stdout || (c.stderr == "" && r.stderr != "") || (c.stderr != "" && !matchLine(first+"\n", c.stderr)) {
			t.Errorf("%s: deepmerge %q = %d, stdout %q, stderr %q; want %d, %q, %q (%s)",
				c.name, c.args, r.code, r.stdout, r.stderr, c.code, c.stdout, c.stderr, c.reason)
		}
	}
	// The composed patch merges as the patches do in turn.
	composed := runIn(t, dir, "", "compose", "q1.json", "q2.json", "q3.json")
	if composed.code != 0 {
		t.Fatalf("compose: %d %s", composed.code, composed.stderr)
	}
	if err := os.WriteFile(filepath.Join(dir, "composed.json"), []byte(composed.stdout), 0o644); err != nil {
		t.Fatal(err)
	}
	once := runIn(t, dir, "", "target.json", "composed.json")
	inTurn := runIn(t, dir, "", "target.json", "q1.json", "q2.json", "q3.json")
	if once.code != 0 || once.stdout != inTurn.stdout {
		t.Errorf("merging the composed patch gives %q (%d %s), the patches in turn %q", once.stdout, once.code, once.stderr, inTurn.stdout)
	}
}

// TestComposeBatches runs "deepmerge compose -batches", which prints one
// batch per line where the patches have no single composition, and checks
// that merging the batches in turn into a target gives what merging the
// patches in turn gives.
func TestComposeBatches(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"target.json": `{"a": {"y": 2}, "b": {"z": 3}, "c": 1.50}`,
		"q1.json":     `{"a": null}`,
		"q2.json":     "{\"a\": {\"x\": 1},\n \"b\": null}",
		"q3.json":     `{"a": null}`,
		"q4.json":     `{"b": {"y": 1}}`,
		"bad.json":    `{"a": {"x": 1, "x": 2}}`,
	})
	queue := []string{"q1.json", "q2.json", "q3.json", "q4.json"}
	for _, c := range []struct {
		name   string
		args   []string
		stdout string
		stderr string // a line, "…" for any text
		code   int
		reason string
	}{
		{"issue's queue", append([]string{"compose", "-batches"}, queue...),
			`{"a":null}` + "\n" + `{"a":null,"b":null}` + "\n" + `{"b":{"y":1}}` + "\n", "", 0,
			"greedy: a new batch where the next patch cannot join"},
		{"without -batches", append([]string{"compose"}, queue...), "",
			`q2.json:1:7: /a: first sets this member to null, and no merge patch can replace a member with an object (offset 6)`, 1,
			"compose still fails by default"},
		{"one batch", []string{"compose", "-batches", "q2.json", "q3.json", "-p", `{"d":[1.0]}`},
			`{"a":null,"b":null,"d":[1.0]}` + "\n", "", 0, "patches that compose make one line, as compose prints it"},
		{"flag after the form", []string{"-max-depth", "3", "compose", "-batches", "q1.json", "q2.json"},
			`{"a":null}` + "\n" + `{"a":{"x":1},"b":null}` + "\n", "", 0, "flags go before or after the form's name"},
		{"bad patch", []string{"compose", "-batches", "q1.json", "q2.json", "bad.json"}, "",
			`bad.json:1:16: /a/x: duplicate member name "x" (offset 15)`, 1, "the patch at fault, with its place"},
		{"bad -p", []string{"compose", "-batches", "q1.json", "-p", `{}`, "-p", `{"a":}`}, "",
			`-p #2:1:6: /a: invalid character '}' looking for beginning of value (offset 5)`, 1, "a -p patch is named as in the other forms"},
		{"with -indent", []string{"compose", "-batches", "-indent", "q1.json"}, "",
			"deepmerge: -indent does not go with -batches, which writes one line per batch", 2, "usage"},
		{"merge form", []string{"-batches", "target.json", "q1.json"}, "", "deepmerge: -batches is for compose only", 2, "usage"},
		{"diff form", []string{"diff", "-batches", "target.json", "q1.json"}, "", "deepmerge: -batches is for compose only", 2, "usage"},
	} {
		r := runIn(t, dir, "", c.args...)
		first, _, _ := strings.Cut(r.stderr, "\n")
		if r.code != c.code || r.stdout != c.stdout || (c.stderr == "" && r.stderr != "") || (c.stderr != "" && !matchLine(first+"\n", c.stderr)) {
			t.Errorf("%s: deepmerge %q = %d, stdout %q, stderr %q; want %d, %q, %q (%s)",
				c.name, c.args, r.code, r.stdout, r.stderr, c.code, c.stdout, c.stderr, c.reason)
		}
	}
	// Written with -o, one file of lines; merged in turn, as the queue.
	if r := runIn(t, dir, "", append([]string{"compose", "-batches", "-o", "batches.jsonl"}, queue...)...); r.code != 0 || r.stdout != "" {
		t.Fatalf("compose -batches -o: %d %q %q", r.code, r.stdout, r.stderr)
	}
	data, err := os.ReadFile(filepath.Join(dir, "batches.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")
	args := []string{"target.json"}
	for i, l := range lines {
		name := fmt.Sprintf("batch%d.json", i)
		if err := os.WriteFile(filepath.Join(dir, name), []byte(l), 0o644); err != nil {
			t.Fatal(err)
		}
		args = append(args, name)
	}
	batched := runIn(t, dir, "", args...)
	inTurn := runIn(t, dir, "", append([]string{"target.json"}, queue...)...)
	if len(lines) != 3 || batched.code != 0 || inTurn.code != 0 || batched.stdout != inTurn.stdout {
		t.Errorf("%d batches merged give %q (%d %s); the patches in turn %q (%d %s)",
			len(lines), batched.stdout, batched.code, batched.stderr, inTurn.stdout, inTurn.code, inTurn.stderr)
	}
}

// TestNormalize runs "deepmerge normalize" on stored documents that other
// programs wrote, and checks that its output is accepted by the merge.
func TestNormalize(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"repeats.json": "{\"role\": \"user\",\n \"name\": \"Ad\xffa\", \"role\": \"admin\"}",
		"valid.json":   `{ "b": 1.50, "a": "\u00e9" }`,
		"broken.json":  "{\"a\": 1,\n \"b\": }",
		"empty.json":   ``,
	})
	for _, c := range []struct {
		name   string
		args   []string
		stdin  string
		stdout string
		stderr string
		code   int
		reason string
	}{
		{"repair", []string{"normalize", "repeats.json"}, "", "{\"role\":\"admin\",\"name\":\"Ad\uFFFDa\"}\n", "", 0,
			"the last value at the first place; U+FFFD for the bad byte"},
		{"valid", []string{"normalize", "valid.json"}, "", `{"b":1.50,"a":"\u00e9"}` + "\n", "", 0, "a valid document is only made compact"},
		{"stdin", []string{"normalize", "-"}, `{"x":1,"x":2}`, `{"x":2}` + "\n", "", 0, "standard input"},
		{"broken", []string{"normalize", "broken.json"}, "", "", `broken.json:2:7: /b: invalid character '}' looking for beginning of value (offset 15)`, 1,
			"what no reader accepts is still an error, with its place"},
		{"empty", []string{"normalize", "empty.json"}, "", "", `empty.json:1:1: unexpected end of JSON input (offset 0)`, 1, "nothing is no document"},
		{"two files", []string{"normalize", "valid.json", "valid.json"}, "", "", "deepmerge: normalize needs exactly 1 FILE; got 2 file(s) and 0 -p", 2, "usage"},
		{"-p", []string{"normalize", "-p", "{}"}, "", "", "deepmerge: normalize needs exactly 1 FILE; got 0 file(s) and 1 -p", 2, "usage"},
	} {
		r := runIn(t, dir, c.stdin, c.args...)
		first, _, _ := strings.Cut(r.stderr, "\n")
		if r.code != c.code || r.stdout != c.stdout || (c.stderr == "" && r.stderr != "") || (c.stderr != "" && !matchLine(first+"\n", c.stderr)) {
			t.Errorf("%s: deepmerge %q = %d, stdout %q, stderr %q; want %d, %q, %q (%s)",
				c.name, c.args, r.code, r.stdout, r.stderr, c.code, c.stdout, c.stderr, c.reason)
		}
	}
	// Repaired in place, the document takes patches.
	if r := runIn(t, dir, "", "normalize", "-o", "repeats.json", "repeats.json"); r.code != 0 {
		t.Fatalf("normalize -o: %d %s", r.code, r.stderr)
	}
	if r := runIn(t, dir, "", "repeats.json", "-p", `{"role":null}`); r.code != 0 || r.stdout != "{\"name\":\"Ad\uFFFDa\"}\n" {
		t.Errorf("merging into the repaired document: %d %q %q", r.code, r.stdout, r.stderr)
	}
}
