package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// binary is the deepmerge command built by TestMain.
var binary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "deepmerge-cmd-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binary = filepath.Join(dir, "deepmerge")
	build := exec.Command("go", "build", "-o", binary, ".")
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "building deepmerge:", err)
		os.RemoveAll(dir)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// result is what one run of the command did.
type result struct {
	stdout, stderr string
	code           int
}

// runIn runs the command in dir with stdin and args.
func runIn(t *testing.T, dir, stdin string, args ...string) result {
	t.Helper()
	cmd := exec.Command(binary, args...)
	cmd.Dir = dir
	cmd.Stdin = strings.NewReader(stdin)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	if err != nil {
		var ee *exec.ExitError
		if !errors.As(err, &ee) {
			t.Fatalf("running %v: %v", args, err)
		}
		code = ee.ExitCode()
	}
	return result{out.String(), errb.String(), code}
}

// writeFiles creates a directory holding files, by name.
func writeFiles(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// dirNames lists the names in dir, sorted.
func dirNames(t *testing.T, dir string) []string {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range ents {
		names = append(names, e.Name())
	}
	sort.Strings(names)
	return names
}

// matchLine reports whether got is one line: want and a newline, where
// each "…" in want stands for any text of one or more characters.
func matchLine(got, want string) bool {
	if strings.Count(got, "\n") != 1 || !strings.HasSuffix(got, "\n") {
		return false
	}
	parts := strings.Split(want, "…")
	for i, p := range parts {
		parts[i] = regexp.QuoteMeta(p)
	}
	return regexp.MustCompile("^" + strings.Join(parts, ".+") + "\n$").MatchString(got)
}

// files shared by the tables below.
var common = map[string]string{
	"target.json":  `{"a": 1, "b": {"c": 2, "d": [1, 2]}, "e": "x"}`,
	"patch.json":   `{"b": {"c": null, "d": [3], "f": {"g": null, "h": true}}, "e": "y", "i": 1}`,
	"p1.json":      `{"a": 2, "z": 1}`,
	"p2.json":      `{"a": 3, "z": null}`,
	"p3.json":      `{"z": "back"}`,
	"numbers.json": `{"big": 12345678901234567890, "dec": 1.50, "exp": 1e400, "neg": -0, "s": "\u00e9\n"}`,
	"scalar.json":  `[1, null, {"a": null}]`,
	"deep.json":    `{"a": {"b": {"c": 1}}}`,
	"empty.json":   `{}`,
	"orig.json":    `{"name": "Ada", "tags": ["x"], "old": 1, "n": {"k": 1, "same": 2}}`,
	"mod.json":     `{"name": "Ada L.", "tags": ["x"], "n": {"k": 2, "same": 2}, "new": {"deep": 1.0}}`,
	"null.json":    `{"a": null}`,
	"one.json":     `{"a": 1}`,
	"zero.json":    ``,
}

func TestSuccess(t *testing.T) {
	dir := writeFiles(t, common)
	tests := []struct {
		name  string
		stdin string
		args  []string
		want  string
	}{
		{
			name: "merge two files",
			args: []string{"target.json", "patch.json"},
			want: `{"a":1,"b":{"d":[3],"f":{"h":true}},"e":"y","i":1}` + "\n",
		},
		{
			name:  "target from stdin",
			stdin: common["target.json"],
			args:  []string{"-", "patch.json"},
			want:  `{"a":1,"b":{"d":[3],"f":{"h":true}},"e":"y","i":1}` + "\n",
		},
		{
			name:  "patch from stdin",
			stdin: `{"a": null}`,
			args:  []string{"target.json", "-"},
			want:  `{"b":{"c":2,"d":[1,2]},"e":"x"}` + "\n",
		},
		{
			name: "patches applied in order",
			args: []string{"target.json", "p1.json", "p2.json"},
			want: `{"a":3,"b":{"c":2,"d":[1,2]},"e":"x"}` + "\n",
		},
		{
			name: "removed member added again goes last",
			args: []string{"target.json", "p1.json", "p2.json", "p3.json"},
			want: `{"a":3,"b":{"c":2,"d":[1,2]},"e":"x","z":"back"}` + "\n",
		},
		{
			name: "order matters",
			args: []string{"target.json", "p2.json", "p1.json"},
			want: `{"a":2,"b":{"c":2,"d":[1,2]},"e":"x","z":1}` + "\n",
		},
		{
			name: "number and string text kept",
			args: []string{"numbers.json", "empty.json"},
			want: `{"big":12345678901234567890,"dec":1.50,"exp":1e400,"neg":-0,"s":"\u00e9\n"}` + "\n",
		},
		{
			name: "indent keeps text and order",
			args: []string{"-indent", "numbers.json", "p2.json"},
			want: "{\n  \"big\": 12345678901234567890,\n  \"dec\": 1.50,\n  \"exp\": 1e400,\n  \"neg\": -0,\n  \"s\": \"\\u00e9\\n\",\n  \"a\": 3\n}\n",
		},
		{
			name: "non-object patch replaces, nulls in arrays kept",
			args: []string{"target.json", "scalar.json"},
			want: `[1,null,{"a":null}]` + "\n",
		},
		{
			name: "max-depth at the limit",
			args: []string{"-max-depth", "3", "deep.json", "one.json"},
			want: `{"a":1}` + "\n",
		},
		{
			name: "max-depth=N form",
			args: []string{"-max-depth=3", "-indent", "deep.json", "empty.json"},
			want: "{\n  \"a\": {\n    \"b\": {\n      \"c\": 1\n    }\n  }\n}\n",
		},
		{
			name: "-o - is standard output",
			args: []string{"-o", "-", "one.json", "p1.json"},
			want: `{"a":2,"z":1}` + "\n",
		},
		{
			name: "double dash ends flags",
			args: []string{"--", "one.json", "p1.json"},
			want: `{"a":2,"z":1}` + "\n",
		},
		{
			name: "inline patch",
			args: []string{"one.json", "-p", `{"b": 2}`},
			want: `{"a":1,"b":2}` + "\n",
		},
		{
			name: "inline patches and files in the order given",
			args: []string{"target.json", "-p", `{"a": 5, "z": 0}`, "p2.json", "-p={\"z\":\"x\"}"},
			want: `{"a":3,"b":{"c":2,"d":[1,2]},"e":"x","z":"x"}` + "\n",
		},
		{
			name: "inline patch before the target applies first",
			args: []string{"-p", `{"z": null}`, "one.json", "p1.json"},
			want: `{"a":2,"z":1}` + "\n",
		},
		{
			name: "inline patch after the files applies last",
			args: []string{"one.json", "p1.json", "-p", `{"z": null}`},
			want: `{"a":2}` + "\n",
		},
		{
			name: "inline patch with two dashes",
			args: []string{"one.json", "--p", `{"a": null}`, `--p={"b": [null]}`},
			want: `{"b":[null]}` + "\n",
		},
		{
			name:  "inline patch only, the target on stdin",
			stdin: `{"a": 1, "b": 2}`,
			args:  []string{"-", "-p", `{"b": null}`},
			want:  `{"a":1}` + "\n",
		},
		{
			name: "zero-length target is absent: the patch applied to nothing",
			args: []string{"zero.json", "patch.json"},
			want: `{"b":{"d":[3],"f":{"h":true}},"e":"y","i":1}` + "\n",
		},
		{
			name: "zero-length target on stdin",
			args: []string{"-", "p1.json", "-p", `{"z": null}`},
			want: `{"a":2}` + "\n",
		},
		{
			name: "zero-length target and a non-object patch",
			args: []string{"zero.json", "scalar.json"},
			want: `[1,null,{"a":null}]` + "\n",
		},
		{
			name: "diff",
			args: []string{"diff", "orig.json", "mod.json"},
			want: `{"name":"Ada L.","n":{"k":2},"new":{"deep":1.0},"old":null}` + "\n",
		},
		{
			name: "diff with flags after diff",
			args: []string{"diff", "-indent", "one.json", "empty.json"},
			want: "{\n  \"a\": null\n}\n",
		},
		{
			name:  "diff with flags before diff and stdin",
			stdin: common["mod.json"],
			args:  []string{"-indent", "diff", "orig.json", "-"},
			want:  "{\n  \"name\": \"Ada L.\",\n  \"n\": {\n    \"k\": 2\n  },\n  \"new\": {\n    \"deep\": 1.0\n  },\n  \"old\": null\n}\n",
		},
		{
			name: "diff of equal objects",
			args: []string{"diff", "target.json", "target.json"},
			want: "{}\n",
		},
		{
			name: "diff to a non-object is the non-object",
			args: []string{"diff", "one.json", "scalar.json"},
			want: `[1,null,{"a":null}]` + "\n",
		},
	}
	for _, tt := range tests {
		tt := tt
		t.Run(tt.name, func(t *testing.T) {
			r := runIn(t, dir, tt.stdin, tt.args...)
			if r.code != 0 || r.stderr != "" {
				t.Fatalf("deepmerge %q: exit %d, stderr %q", tt.args, r.code, r.stderr)
			}
			if r.stdout != tt.want {
				t.Errorf("deepmerge %q:\n got %q\nwant %q", tt.args, r.stdout, tt.want)
			}
		})
	}
}

// TestDiffRoundTrip checks that the patch diff prints turns the original
// into the modified document.
func TestDiffRoundTrip(t *testing.T) {
	dir := writeFiles(t, common)
	r := runIn(t, dir, "", "diff", "orig.json", "mod.json")
	if r.code != 0 {
		t.Fatalf("diff: exit %d: %s", r.code, r.stderr)
	}
	m := runIn(t, dir, r.stdout, "orig.json", "-")
	if m.code != 0 {
		t.Fatalf("merge: exit %d: %s", m.code, m.stderr)
	}
	want := `{"name":"Ada L.","tags":["x"],"n":{"k":2,"same":2},"new":{"deep":1.0}}` + "\n"
	if m.stdout != want {
		t.Errorf("merge of diff:\n got %q\nwant %q", m.stdout, want)
	}
}

func TestErrors(t *testing.T) {
	dir := writeFiles(t, common)
	bad := map[string]string{
		"syntax.json":    `{"a": [1, }`,
		"trunc.json":     `{"a": `,
		"trailing.json":  `{} x`,
		"dup.json":       `{"a": 1, "\u0061": 2}`,
		"utf8.json":      "{\"a\": \"\xff\"}",
		"surrogate.json": `{"a": "\ud800"}`,
		"dupdeep.json":   "{ \"b\": 1,\n  \"a\": {\"x\": 1, \"x\": 2} }",
		"reach_a.json":   `{"a": {"y": 1}}`,
		"b2.json":        `{"b": 2}`,
		"blank.json":     "  \n",
		"line3.json":     "{\n  \"a\": 1,\n  \"b\": [1, }\n}",
		"bytes.json":     `{"é": x}`,
		"crlf.json":      "{\r\n\"a\": x}",
		"ctl.json":       `{"a\u0007": [1, }`,
		"bom.json":       "\xef\xbb\xbf{}",
		"utf16.json":     "\xff\xfe{\x00}\x00",
	}
	for name, data := range bad {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Mkdir(filepath.Join(dir, "adir"), 0o755); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		stdin  string
		args   []string
		stderr string
	}{
		{
			name:   "syntax error in patch",
			args:   []string{"target.json", "syntax.json"},
			stderr: `syntax.json:1:11: /a/1: invalid character '}' looking for beginning of value (offset 10)`,
		},
		{
			name:   "syntax error in target",
			args:   []string{"syntax.json", "one.json"},
			stderr: `syntax.json:1:11: /a/1: invalid character '}' looking for beginning of value (offset 10)`,
		},
		{
			name:   "unexpected end",
			args:   []string{"one.json", "trunc.json"},
			stderr: `trunc.json:1:7: /a: unexpected end of JSON input (offset 6)`,
		},
		{
			name:   "trailing data",
			args:   []string{"trailing.json", "one.json"},
			stderr: `trailing.json:1:4: invalid character 'x' after top-level value (offset 3)`,
		},
		{
			name:   "empty input",
			args:   []string{"one.json", "blank.json"},
			stderr: `blank.json:2:1: unexpected end of JSON input (offset 3)`,
		},
		{
			name:   "syntax error on stdin",
			stdin:  `{"a" 1}`,
			args:   []string{"one.json", "-"},
			stderr: `<stdin>:1:6: invalid character '1' after object key (offset 5)`,
		},
		{
			name:   "duplicate name in patch",
			args:   []string{"one.json", "dup.json"},
			stderr: `dup.json:1:10: /a: duplicate member name "a" (offset 9)`,
		},
		{
			name:   "duplicate name in target",
			args:   []string{"dup.json", "empty.json"},
			stderr: `dup.json:1:10: /a: duplicate member name "a" (offset 9)`,
		},
		{
			name:   "invalid UTF-8",
			args:   []string{"one.json", "utf8.json"},
			stderr: `utf8.json:1:8: /a: invalid UTF-8 in string (offset 7)`,
		},
		{
			name:   "unpaired surrogate",
			args:   []string{"surrogate.json", "one.json"},
			stderr: `surrogate.json:1:8: /a: … (offset 7)`,
		},
		{
			name:   "max depth in target",
			args:   []string{"-max-depth", "2", "deep.json", "one.json"},
			stderr: `deep.json:1:13: /a/b: nesting exceeds maximum depth 2 (offset 12)`,
		},
		{
			name:   "max depth in patch",
			args:   []string{"-max-depth", "2", "one.json", "one.json", "deep.json"},
			stderr: `deep.json:1:13: /a/b: nesting exceeds maximum depth 2 (offset 12)`,
		},
		{
			name:   "error in second patch names it",
			args:   []string{"target.json", "p1.json", "syntax.json", "p2.json"},
			stderr: `syntax.json:1:11: /a/1: invalid character '}' looking for beginning of value (offset 10)`,
		},
		{
			// The first patch does not reach "a", so its duplicate is
			// copied; the second reaches it. The offset is the one in
			// dupdeep.json, not in the first merge's compact output
			// (where it would be 18).
			name:   "target fault found by a later patch",
			args:   []string{"dupdeep.json", "b2.json", "reach_a.json"},
			stderr: `dupdeep.json:2:17: /a/x: duplicate member name "x" (offset 26)`,
		},
		{
			name:   "target fault found by the first patch",
			args:   []string{"dupdeep.json", "reach_a.json", "b2.json"},
			stderr: `dupdeep.json:2:17: /a/x: duplicate member name "x" (offset 26)`,
		},
		{
			name:   "line and column on a later line",
			args:   []string{"one.json", "line3.json"},
			stderr: `line3.json:3:12: /b/1: invalid character '}' looking for beginning of value (offset 23)`,
		},
		{
			name:   "column counted in bytes",
			args:   []string{"bytes.json", "one.json"},
			stderr: `bytes.json:1:8: /é: invalid character 'x' looking for beginning of value (offset 7)`,
		},
		{
			name:   "CRLF line end is one line",
			args:   []string{"crlf.json", "one.json"},
			stderr: `crlf.json:2:6: /a: invalid character 'x' looking for beginning of value (offset 8)`,
		},
		{
			name:   "pointer with a control character is quoted",
			args:   []string{"one.json", "ctl.json"},
			stderr: `ctl.json:1:17: "/a\a/1": invalid character '}' looking for beginning of value (offset 16)`,
		},
		{
			name:   "zero-length patch",
			args:   []string{"one.json", "zero.json"},
			stderr: `zero.json:1:1: unexpected end of JSON input (offset 0)`,
		},
		{
			name:   "UTF-8 byte order mark",
			args:   []string{"bom.json", "one.json"},
			stderr: `bom.json:1:1: starts with a UTF-8 byte order mark, which JSON text must not have (offset 0)`,
		},
		{
			name:   "UTF-16",
			args:   []string{"one.json", "utf16.json"},
			stderr: `utf16.json:1:1: …UTF-16… (offset 0)`,
		},
		{
			name:   "error in an inline patch names it by number",
			args:   []string{"one.json", "p1.json", "-p", `{"a": x}`, "-p", `{"b": 1}`},
			stderr: `-p #1:1:7: /a: invalid character 'x' looking for beginning of value (offset 6)`,
		},
		{
			name:   "error in the second inline patch",
			args:   []string{"-p", "{}", "one.json", "p1.json", "-p", "{\n\"a\":"},
			stderr: `-p #2:2:5: /a: unexpected end of JSON input (offset 6)`,
		},
		{
			name:   "after -- a -p is a file name",
			args:   []string{"--", "one.json", "-p", "{}"},
			stderr: `deepmerge: -p: no such file or directory (flags must come before the file names)`,
		},
		{
			name:   "missing file",
			args:   []string{"target.json", "missing.json"},
			stderr: `deepmerge: missing.json: no such file or directory`,
		},
		{
			name:   "directory as input",
			args:   []string{"adir", "one.json"},
			stderr: `deepmerge: adir: is a directory`,
		},
		{
			name:   "missing file in diff",
			args:   []string{"diff", "missing.json", "one.json"},
			stderr: `deepmerge: missing.json: no such file or directory`,
		},
		{
			name:   "diff not representable",
			args:   []string{"diff", "one.json", "null.json"},
			stderr: `null.json:1:7: /a: … (offset 6)`,
		},
		{
			name:   "diff syntax error in original",
			args:   []string{"diff", "syntax.json", "one.json"},
			stderr: `syntax.json:1:11: /a/1: invalid character '}' looking for beginning of value (offset 10)`,
		},
		{
			name:   "diff duplicate in modified from stdin",
			stdin:  common["one.json"] + "\n",
			args:   []string{"diff", "-", "dup.json"},
			stderr: `dup.json:1:10: /a: duplicate member name "a" (offset 9)`,
		},
		{
			name:   "diff max depth",
			args:   []string{"diff", "-max-depth", "1", "one.json", "deep.json"},
			stderr: `deep.json:1:7: /a: nesting exceeds maximum depth 1 (offset 6)`,
		},
	}
	for _, tt := range tests {
		tt := tt
		t.Run(tt.name, func(t *testing.T) {
			r := runIn(t, dir, tt.stdin, tt.args...)
			if r.code != 1 {
				t.Errorf("deepmerge %q: exit %d, want 1", tt.args, r.code)
			}
			if r.stdout != "" {
				t.Errorf("deepmerge %q: stdout %q, want none", tt.args, r.stdout)
			}
			if !matchLine(r.stderr, tt.stderr) {
				t.Errorf("deepmerge %q: stderr\n got %q\nwant %q", tt.args, r.stderr, tt.stderr+"\n")
			}
		})
	}
}

func TestUsageErrors(t *testing.T) {
	dir := writeFiles(t, common)
	tests := []struct {
		name string
		args []string
		msg  string // in the first line of stderr
	}{
		{"no arguments", nil, "need a TARGET and at least one PATCH"},
		{"target only", []string{"one.json"}, "need a TARGET and at least one PATCH"},
		{"unknown flag", []string{"-x", "one.json", "one.json"}, "flag provided but not defined: -x"},
		{"unknown flag after diff", []string{"diff", "-y", "one.json", "one.json"}, "flag provided but not defined: -y"},
		{"stdin twice", []string{"-", "-"}, `standard input ("-") can be read only once`},
		{"stdin twice in diff", []string{"diff", "-", "-"}, `standard input ("-") can be read only once`},
		{"diff with one file", []string{"diff", "one.json"}, "diff needs exactly 2 files"},
		{"diff with three files", []string{"diff", "one.json", "one.json", "one.json"}, "diff needs exactly 2 files"},
		{"bad max-depth", []string{"-max-depth", "many", "one.json", "one.json"}, `invalid value "many" for flag -max-depth`},
		{"negative max-depth", []string{"-max-depth", "-1", "one.json", "one.json"}, "-max-depth must be from 0 to 100000, got -1"},
		{"max-depth over the ceiling", []string{"-max-depth", "1000000", "one.json", "one.json"}, "-max-depth must be from 0 to 100000, got 1000000"},
		{"-p missing value among the files", []string{"one.json", "-p"}, "flag needs an argument: -p"},
		{"-p missing value", []string{"-p"}, "flag needs an argument: -p"},
		{"-p without a target file", []string{"-p", "{}", "-p", "{}"}, "need a TARGET and at least one PATCH; got 0 file(s) and 2 -p"},
		{"-p with diff", []string{"diff", "one.json", "one.json", "-p", "{}"}, "diff takes ORIGINAL and MODIFIED files, not -p"},
		{"-lines with diff", []string{"-lines", "diff", "one.json", "one.json"}, "-lines merges; it does not go with diff"},
		{"-lines with -indent", []string{"-lines", "-indent", "one.json", "one.json"}, "-indent does not go with -lines"},
		{"-lines without a patch", []string{"-lines", "one.json"}, "-lines needs a STREAM and at least one PATCH"},
		{"-lines without a stream", []string{"-lines", "-p", "{}"}, "-lines needs a STREAM and at least one PATCH"},
		{"-workers without -lines", []string{"-workers", "2", "one.json", "one.json"}, "-workers is for -lines only"},
		{"-keep-going without -lines", []string{"-keep-going", "one.json", "one.json"}, "-keep-going is for -lines only"},
		{"negative -workers", []string{"-lines", "-workers", "-1", "one.json", "one.json"}, "-workers must be from 0 to 1024, got -1"},
		{"too many -workers", []string{"-lines", "-workers", "5000", "one.json", "one.json"}, "-workers must be from 0 to 1024, got 5000"},
		{"flag after the files is a file name", []string{"one.json", "one.json", "-o"}, ""},
		{"-o missing value at end", []string{"-o"}, "flag needs an argument: -o"},
	}
	for _, tt := range tests {
		tt := tt
		t.Run(tt.name, func(t *testing.T) {
			r := runIn(t, dir, "{}", tt.args...)
			if tt.msg == "" {
				// Flags after the files are file names: "-o" is a
				// missing file here, which is bad input, not usage.
				if r.code != 1 || !strings.Contains(r.stderr, "deepmerge: -o: ") || !strings.Contains(r.stderr, "flags must come before the file names") {
					t.Errorf("deepmerge %q: exit %d, stderr %q; want exit 1 naming -o", tt.args, r.code, r.stderr)
				}
				return
			}
			if r.code != 2 {
				t.Errorf("deepmerge %q: exit %d, want 2", tt.args, r.code)
			}
			if r.stdout != "" {
				t.Errorf("deepmerge %q: stdout %q, want none", tt.args, r.stdout)
			}
			first, rest, _ := strings.Cut(r.stderr, "\n")
			if !strings.HasPrefix(first, "deepmerge: ") || !strings.Contains(first, tt.msg) {
				t.Errorf("deepmerge %q: stderr first line %q, want it to contain %q", tt.args, first, tt.msg)
			}
			if !strings.Contains(rest, "usage: deepmerge [flags] TARGET PATCH...") {
				t.Errorf("deepmerge %q: stderr %q lacks the usage line", tt.args, r.stderr)
			}
		})
	}
}

func TestHelp(t *testing.T) {
	for _, args := range [][]string{{"-h"}, {"-help"}, {"--help"}, {"diff", "-h"}, {"-indent", "-h", "a", "b"}} {
		r := runIn(t, t.TempDir(), "", args...)
		if r.code != 0 {
			t.Errorf("deepmerge %q: exit %d, want 0", args, r.code)
		}
		if r.stderr != "" {
			t.Errorf("deepmerge %q: stderr %q, want none", args, r.stderr)
		}
		for _, want := range []string{
			"deepmerge [flags] TARGET PATCH...",
			"deepmerge -lines [flags] STREAM PATCH...",
			"deepmerge diff [flags] ORIGINAL MODIFIED",
			"deepmerge -version",
			"-indent", "-keep-going", "-lines", "-max-depth N", "-o FILE", "-p JSON", "-version", "-workers N",
			"Examples:", "FILE:LINE:COLUMN: /json/pointer: message (offset N)", "counted in bytes",
		} {
			if !strings.Contains(r.stdout, want) {
				t.Errorf("deepmerge %q: help lacks %q:\n%s", args, want, r.stdout)
			}
		}
		// Every form has an example.
		_, examples, _ := strings.Cut(r.stdout, "Examples:")
		examples, _, _ = strings.Cut(examples, "\n\n")
		for _, form := range []string{
			"deepmerge user.json patch.json",
			"deepmerge user.json -p ",
			"deepmerge - patch.json",
			"deepmerge -o user.json ",
			"deepmerge -lines users.jsonl ",
			"deepmerge -lines -workers 4 - -p ",
			"deepmerge -lines -keep-going -o ",
			"deepmerge diff ",
			"deepmerge -version",
		} {
			if !strings.Contains(examples, form) {
				t.Errorf("deepmerge %q: help has no example of %q:\n%s", args, form, examples)
			}
		}
	}
}

// TestVersion checks -version against the build information that the Go
// toolchain reads from the binary.
func TestVersion(t *testing.T) {
	r := runIn(t, t.TempDir(), "", "-version")
	if r.code != 0 || r.stderr != "" {
		t.Fatalf("-version: exit %d, stderr %q", r.code, r.stderr)
	}
	out, err := exec.Command("go", "version", "-m", binary).Output()
	if err != nil {
		t.Fatalf("go version -m: %v", err)
	}
	// The first line is "BINARY: GOVERSION"; a line "\tmod\tMODULE\tVERSION..."
	// names the main module.
	first, rest, _ := strings.Cut(string(out), "\n")
	goVersion := first[strings.LastIndex(first, " ")+1:]
	version := ""
	for _, line := range strings.Split(rest, "\n") {
		f := strings.Split(strings.TrimSpace(line), "\t")
		if len(f) >= 3 && f[0] == "mod" && f[1] == "github.com/deepmerge-go/deepmerge" {
			version = f[2]
		}
	}
	if version == "" {
		t.Fatalf("go version -m names no main module:\n%s", out)
	}
	if want := "deepmerge " + version + " built with " + goVersion + "\n"; r.stdout != want {
		t.Errorf("-version printed %q, want %q", r.stdout, want)
	}
	if r2 := runIn(t, t.TempDir(), "", "-version", "a.json", "b.json"); r2.code != 0 || r2.stdout != r.stdout {
		t.Errorf("-version with files: exit %d, stdout %q; want it to print the version alone", r2.code, r2.stdout)
	}
}

func TestOutputFile(t *testing.T) {
	const merged = `{"a":2,"z":1}` + "\n"
	const old = "old contents\n"

	t.Run("new file", func(t *testing.T) {
		dir := writeFiles(t, common)
		r := runIn(t, dir, "", "-o", "out.json", "one.json", "p1.json")
		if r.code != 0 || r.stdout != "" || r.stderr != "" {
			t.Fatalf("exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
		}
		checkFile(t, filepath.Join(dir, "out.json"), merged, 0o644)
		checkNoTemp(t, dir, len(common)+1)
	})

	t.Run("replaces and keeps mode", func(t *testing.T) {
		dir := writeFiles(t, common)
		out := filepath.Join(dir, "out.json")
		writeMode(t, out, old, 0o600)
		r := runIn(t, dir, "", "-indent", "-o", "out.json", "one.json", "p1.json")
		if r.code != 0 || r.stdout != "" || r.stderr != "" {
			t.Fatalf("exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
		}
		checkFile(t, out, "{\n  \"a\": 2,\n  \"z\": 1\n}\n", 0o600)
		checkNoTemp(t, dir, len(common)+1)
	})

	t.Run("in place", func(t *testing.T) {
		dir := writeFiles(t, common)
		r := runIn(t, dir, "", "-o", "one.json", "one.json", "p1.json")
		if r.code != 0 {
			t.Fatalf("exit %d, stderr %q", r.code, r.stderr)
		}
		checkFile(t, filepath.Join(dir, "one.json"), merged, 0o644)
		checkNoTemp(t, dir, len(common))
	})

	t.Run("diff to file", func(t *testing.T) {
		dir := writeFiles(t, common)
		r := runIn(t, dir, "", "diff", "-o", "d.json", "null.json", "empty.json")
		if r.code != 0 {
			t.Fatalf("exit %d, stderr %q", r.code, r.stderr)
		}
		checkFile(t, filepath.Join(dir, "d.json"), `{"a":null}`+"\n", 0o644)
	})

	t.Run("a file named -- as the value of -o", func(t *testing.T) {
		// The "--" is -o's value, so it does not end the flags, and the
		// -p after the files is still a patch.
		dir := writeFiles(t, common)
		r := runIn(t, dir, "", "-o", "--", "one.json", "-p", `{"b": 1}`)
		if r.code != 0 || r.stdout != "" || r.stderr != "" {
			t.Fatalf("exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
		}
		checkFile(t, filepath.Join(dir, "--"), `{"a":1,"b":1}`+"\n", 0o644)
	})

	t.Run("through a symlink", func(t *testing.T) {
		dir := writeFiles(t, common)
		real := filepath.Join(dir, "real.json")
		writeMode(t, real, old, 0o640)
		if err := os.Symlink("real.json", filepath.Join(dir, "link.json")); err != nil {
			t.Skip("no symlinks:", err)
		}
		r := runIn(t, dir, "", "-o", "link.json", "one.json", "p1.json")
		if r.code != 0 {
			t.Fatalf("exit %d, stderr %q", r.code, r.stderr)
		}
		fi, err := os.Lstat(filepath.Join(dir, "link.json"))
		if err != nil || fi.Mode()&fs.ModeSymlink == 0 {
			t.Errorf("link.json is no longer a symlink: %v, %v", fi, err)
		}
		checkFile(t, real, merged, 0o640)
		checkNoTemp(t, dir, len(common)+2)
	})

	// On failure the existing file keeps its bytes and mode, nothing is
	// printed on stdout, and no temporary file is left.
	failures := []struct {
		name   string
		args   []string
		stderr string
	}{
		{"bad patch", []string{"-o", "out.json", "one.json", "bad.json"}, "bad.json:1:2: "},
		{"bad second patch", []string{"-o", "out.json", "one.json", "p1.json", "bad.json"}, "bad.json:1:2: "},
		{"missing input", []string{"-o", "out.json", "one.json", "missing.json"}, "deepmerge: missing.json: no such file or directory"},
		{"diff not representable", []string{"diff", "-o", "out.json", "one.json", "null.json"}, "null.json:1:7: /a: "},
		{"usage error", []string{"-o", "out.json", "one.json"}, "deepmerge: need a TARGET"},
	}
	for _, tt := range failures {
		tt := tt
		t.Run("failure/"+tt.name, func(t *testing.T) {
			dir := writeFiles(t, common)
			out := filepath.Join(dir, "out.json")
			writeMode(t, out, old, 0o600)
			if err := os.WriteFile(filepath.Join(dir, "bad.json"), []byte("{,}"), 0o644); err != nil {
				t.Fatal(err)
			}
			r := runIn(t, dir, "", tt.args...)
			want := 1
			if tt.name == "usage error" {
				want = 2
			}
			if r.code != want {
				t.Errorf("exit %d, want %d", r.code, want)
			}
			if r.stdout != "" || !strings.HasPrefix(r.stderr, tt.stderr) {
				t.Errorf("stdout %q, stderr %q; want stderr beginning %q", r.stdout, r.stderr, tt.stderr)
			}
			checkFile(t, out, old, 0o600)
			checkNoTemp(t, dir, len(common)+2)
		})
	}

	t.Run("failure/output is a directory", func(t *testing.T) {
		dir := writeFiles(t, common)
		if err := os.Mkdir(filepath.Join(dir, "sub"), 0o755); err != nil {
			t.Fatal(err)
		}
		r := runIn(t, dir, "", "-o", "sub", "one.json", "p1.json")
		if r.code != 1 || r.stderr != "deepmerge: sub: not a regular file (use \"-o -\" for standard output)\n" {
			t.Errorf("exit %d, stderr %q", r.code, r.stderr)
		}
		if names := dirNames(t, filepath.Join(dir, "sub")); len(names) != 0 {
			t.Errorf("sub holds %q", names)
		}
		checkNoTemp(t, dir, len(common)+1)
	})

	t.Run("failure/output is standard output by its path", func(t *testing.T) {
		// The test's standard output is a pipe, whose /dev/stdout link
		// names no path.
		if _, err := os.Stat("/dev/stdout"); err != nil {
			t.Skip("this system has no /dev/stdout")
		}
		dir := writeFiles(t, common)
		r := runIn(t, dir, "", "-o", "/dev/stdout", "one.json", "p1.json")
		if r.code != 1 || r.stdout != "" || r.stderr != "deepmerge: /dev/stdout: not a regular file (use \"-o -\" for standard output)\n" {
			t.Errorf("exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
		}
		checkNoTemp(t, dir, len(common))
	})

	t.Run("failure/missing directory", func(t *testing.T) {
		dir := writeFiles(t, common)
		r := runIn(t, dir, "", "-o", "nodir/out.json", "one.json", "p1.json")
		if r.code != 1 || !strings.HasPrefix(r.stderr, "deepmerge: nodir/out.json: ") {
			t.Errorf("exit %d, stderr %q", r.code, r.stderr)
		}
		checkNoTemp(t, dir, len(common))
	})
}

func writeMode(t *testing.T, name, data string, mode fs.FileMode) {
	t.Helper()
	if err := os.WriteFile(name, []byte(data), mode); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(name, mode); err != nil { // despite the umask
		t.Fatal(err)
	}
}

func checkFile(t *testing.T, name, want string, mode fs.FileMode) {
	t.Helper()
	got, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != want {
		t.Errorf("%s holds %q, want %q", filepath.Base(name), got, want)
	}
	fi, err := os.Stat(name)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != mode {
		t.Errorf("%s has mode %v, want %v", filepath.Base(name), fi.Mode().Perm(), mode)
	}
}

// checkNoTemp checks that dir holds n names, none of them temporary.
func checkNoTemp(t *testing.T, dir string, n int) {
	t.Helper()
	names := dirNames(t, dir)
	for _, name := range names {
		if strings.Contains(name, ".tmp") {
			t.Errorf("temporary file %s left in %s", name, dir)
		}
	}
	if len(names) != n {
		t.Errorf("%s holds %d names, want %d: %q", dir, len(names), n, names)
	}
}

// TestExamples checks the files in the examples directory and the output
// that its README shows.
func TestExamples(t *testing.T) {
	r := runIn(t, filepath.Join("..", ".."), "", "examples/user.json", "examples/patch.json")
	if r.code != 0 {
		t.Fatalf("exit %d, stderr %q", r.code, r.stderr)
	}
	want := `{"id":"user_2NfZ8kQ3xR7pL1mV","publicMetadata":{"displayName":"Ada Lovelace","role":"admin","locale":"en-GB","profile":{"bio":"Mathematician; first programmer.","website":"https://example.com/ada","avatar":{"url":"https://img.example.com/u/42.png","width":256,"height":256}},"badges":["early-adopter","contributor"]},"privateMetadata":{"stripeCustomerId":"cus_Nf8Qa1b2C3d4E5","accountNumber":12345678901234567890,"plan":{"tier":"pro","seats":8,"pricePerSeat":1.50,"currency":"EUR"},"legacyFlags":{"betaUI":true},"internalNotes":"Migrated from v1 on 2023-04-02 \u2014 keep escapes.","support":{"level":"priority","contact":{"email":"ada@example.com"}}},"unsafeMetadata":{"theme":"dark","onboarding":{"completed":true,"skipped":["tour","import"]},"recentSearches":["json pointer"]}}` + "\n"
	if r.stdout != want {
		t.Errorf("examples:\n got %s\nwant %s", r.stdout, want)
	}
	// The diff of the two leads back to an equivalent patch.
	d := runIn(t, filepath.Join("..", ".."), r.stdout, "diff", "examples/user.json", "-")
	wantDiff := `{"publicMetadata":{"profile":{"bio":"Mathematician; first programmer."}},"privateMetadata":{"plan":{"seats":8},"legacyFlags":{"oldBilling":null},"support":{"level":"priority","contact":{"email":"ada@example.com"}}},"unsafeMetadata":{"onboarding":{"completed":true,"step":null},"recentSearches":["json pointer"]}}` + "\n"
	if d.code != 0 || d.stdout != wantDiff {
		t.Errorf("diff of examples: exit %d, stderr %q\n got %s\nwant %s", d.code, d.stderr, d.stdout, wantDiff)
	}
}

// TestIndentDeep checks that -indent works past encoding/json's own depth
// limit of 10000, which -max-depth may exceed. The output, 200 MB, is
// checked line by line as it comes, not kept.
func TestIndentDeep(t *testing.T) {
	const n = 10001
	src := strings.Repeat("[", n) + strings.Repeat("]", n)
	if json.Valid([]byte(src)) {
		t.Fatalf("encoding/json accepted %d levels; this test means to go past its limit", n)
	}
	dir := writeFiles(t, map[string]string{"deep.json": src, "one.json": `{"a": 1}`})
	cmd := exec.Command(binary, "-indent", "-max-depth", strconv.Itoa(n), "one.json", "deep.json")
	cmd.Dir = dir
	check := &deepChecker{n: n}
	var stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = check, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("deepmerge -indent: %v, stderr %q", err, stderr.String())
	}
	if check.bad != "" {
		t.Fatal(check.bad)
	}
	if check.line != 2*n-1 || len(check.cur) != 0 {
		t.Errorf("output has %d whole lines and %d bytes after them, want %d and 0", check.line, len(check.cur), 2*n-1)
	}
}

// deepChecker checks, as it is written, the indented form of n nested
// arrays: line i (from 0) is 2i spaces and "[" going in, then the
// innermost "[]", then "]" coming out, each line ending in a newline.
type deepChecker struct {
	n, line int
	cur     []byte // the line so far
	bad     string // the first fault found
}

func (c *deepChecker) Write(p []byte) (int, error) {
	n := len(p)
	for len(p) > 0 {
		i := bytes.IndexByte(p, '\n')
		if i < 0 {
			c.cur = append(c.cur, p...)
			break
		}
		c.cur = append(c.cur, p[:i]...)
		p = p[i+1:]
		depth, bracket := c.line, "["
		switch {
		case c.line == c.n-1:
			bracket = "[]"
		case c.line >= c.n:
			depth, bracket = 2*c.n-2-c.line, "]"
		}
		ok := depth >= 0 && len(c.cur) == 2*depth+len(bracket) &&
			bytes.Count(c.cur[:2*depth], []byte{' '}) == 2*depth && string(c.cur[2*depth:]) == bracket
		if !ok && c.bad == "" {
			c.bad = fmt.Sprintf("line %d of the output is %.40q…, want %d spaces and %q", c.line+1, c.cur, 2*depth, bracket)
		}
		c.line++
		c.cur = c.cur[:0]
	}
	return n, nil
}

// TestIndentMatchesEncodingJSON checks indent against json.Indent on the
// inputs both accept.
func TestIndentMatchesEncodingJSON(t *testing.T) {
	for _, src := range []string{
		`{}`, `[]`, `1`, `"s"`, `null`, `{"a":1}`, `[1,2,[],{},[3]]`,
		`{"a":{"b":[1,{"c":"x\"y\\"}],"d":{}},"e":"{[,:]}"}`,
		`{"é":"\u00e9","n":-1.5e+10,"t":true,"f":false}`,
	} {
		var want bytes.Buffer
		if err := json.Indent(&want, []byte(src), "", "  "); err != nil {
			t.Fatal(err)
		}
		if got := indent([]byte(src)); string(got) != want.String() {
			t.Errorf("indent(%s) =\n%s\nwant\n%s", src, got, want.String())
		}
	}
}
