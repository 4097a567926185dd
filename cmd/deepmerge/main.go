// Command deepmerge applies JSON Merge Patches (RFC 7396) to JSON files and
// to JSON Lines streams, and computes the merge patch between two JSON
// files.
//
// Usage:
//
//	deepmerge [flags] TARGET PATCH...          apply the patches in order
//	deepmerge -lines [flags] STREAM PATCH...   the same on each line of JSON Lines
//	deepmerge diff [flags] ORIGINAL MODIFIED   print the smallest merge patch
//	deepmerge compose [flags] PATCH...         print one patch that does what all do
//	deepmerge normalize [flags] FILE           repair a document, print it
//	deepmerge normalize -lines [flags] STREAM  repair the lines that need it
//	deepmerge validate [flags] FILE...         check documents strictly
//	deepmerge validate -lines [flags] STREAM   check every line of JSON Lines
//	deepmerge -version                         print the version
//
// A PATCH is a file, or -p JSON for a patch given on the command line.
// Run "deepmerge -h" for the flags and examples; README.md beside this file
// says more.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"

	"github.com/deepmerge-go/deepmerge"
)

const usageText = `Usage:
  deepmerge [flags] TARGET PATCH...          apply the patches in order
  deepmerge -lines [flags] STREAM PATCH...   the same on each line of JSON Lines
  deepmerge diff [flags] ORIGINAL MODIFIED   print the smallest merge patch
  deepmerge compose [flags] PATCH...         print one patch that does what all do
  deepmerge normalize [flags] FILE           repair a document, print it
  deepmerge normalize -lines [flags] STREAM  repair the lines that need it
  deepmerge validate [flags] FILE...         check documents strictly
  deepmerge validate -lines [flags] STREAM   check every line of JSON Lines
  deepmerge -version                         print the version

deepmerge applies JSON Merge Patches (RFC 7396). TARGET and each PATCH
hold one JSON value each; the patches are applied one after the other, in
the order of the command line. A PATCH is a file, or -p JSON for a patch
written on the command line; -p may be given any number of times, before
or among the file names. A zero-length TARGET is no document at all: the
patches apply to nothing (an empty PATCH is an error). "deepmerge diff"
prints the smallest merge patch that turns ORIGINAL into MODIFIED.
"deepmerge compose" prints one patch whose effect on every target is that
of the PATCHes applied in order, or says where no single patch can do it;
with -batches it prints, one per line, patches that have that effect
applied in turn: each the composition of a run of the PATCHes, a new one
starting where the next PATCH cannot join the one before (not always the
fewest possible).
"deepmerge normalize" reads FILE as encoding/json and JSON.parse read it
and prints it as text that every form accepts: a repeated member name
keeps its last value at its first place, and invalid UTF-8 and unpaired
surrogate escapes become U+FFFD. "deepmerge validate" checks each FILE
as strictly as the merge reads a patch (every object, every byte) and
reports the first fault of each; it prints nothing else. A file name of
"-" reads standard input (at most once); use "./diff" for a target file
named "diff" (likewise "./compose", "./normalize", "./validate") and
"./-p" for a file named "-p".

With -lines, STREAM is JSON Lines: one JSON value per line. The patches
are applied to each line as to a TARGET, and each result is written on a
line of its own, compact, in the order of the input. An empty line, or one
of spaces and tabs, is written as an empty line; a "\r" before a line's
"\n" is dropped, and every line written ends in "\n". Lines are merged in
parallel, by -workers goroutines, and written as soon as they and the
lines before them are done; memory stays bounded by the longest line,
whatever the length of the stream. A line that fails stops the run, after
every line before it is written; with -keep-going the failing line is
written as it is, each failure is reported, and the run goes on.

"validate -lines" checks every line of STREAM as validate checks a file,
on the same pipeline, reports each invalid line (its first fault), and
ends with a count of them; it writes no output. "normalize -lines" writes
each line that validate accepts unchanged, byte for byte, and each line
it rejects repaired as normalize repairs a document, compact; line ends
and blank lines are written as the merge writes them. For each repaired
line it reports what changed: the pointer, text and offset of each value
that a repeated name dropped, and how many invalid bytes and unpaired
surrogate escapes became U+FFFD. A line that no reader accepts (bad
syntax, nesting past -max-depth, a byte order mark) stops the run, or,
with -keep-going, is written as it is and reported.

Input is read strictly: malformed JSON, invalid UTF-8, a byte order mark
and nesting deeper than -max-depth are errors anywhere; a repeated member
name is an error in a patch, and in each target object that a patch
merges into (other target objects are copied as they are). The output is
compact JSON followed by a newline; numbers and string escapes keep their
text, and members keep their order.

Flags:
  -batches       with compose: print the PATCHes as batches, one per
                 line, instead of failing where no single patch does
                 what they do
  -indent        pretty-print the output, indented by two spaces a level
                 (each line carries its depth in spaces, so the output of
                 input nested d deep can reach 2*d*d bytes: 200 MB for
                 10000 nested arrays); not with -lines or -batches
  -keep-going    with -lines: write a failing line unchanged, report it,
                 and go on; the exit status is still 1 (not with validate,
                 which reports every line)
  -lines         read STREAM as JSON Lines and merge, validate or
                 normalize every line
  -max-depth N   reject input nesting deeper than N objects and arrays
                 (0, the default, means 10000; at most 100000)
  -o FILE        write the output to FILE atomically instead of standard
                 output; FILE is left untouched on any error, except that
                 with -lines -keep-going it gets every line even when some
                 failed ("-" means standard output)
  -p JSON        a patch given as JSON text; may be repeated, and mixed
                 with PATCH files, before or among them
  -version       print the version of deepmerge and of Go, and exit
  -workers N     with -lines: merge on N goroutines (0, the default, means
                 one for each CPU that Go may use)
  -h, -help      print this help to standard output and exit

Examples:
  deepmerge user.json patch.json
  deepmerge -indent user.json patch1.json patch2.json
  deepmerge user.json -p '{"theme":null}' patch.json -p '{"beta":true}'
  curl -s https://example.com/user.json | deepmerge - patch.json
  deepmerge -o user.json user.json patch.json      # update user.json in place
  deepmerge -lines users.jsonl patch.json > out.jsonl
  deepmerge -lines -workers 4 - -p '{"legacy":null}' < users.jsonl
  deepmerge -lines -keep-going -o users.jsonl users.jsonl patch.json
  deepmerge diff old.json new.json > patch.json
  deepmerge compose queued1.json queued2.json -p '{"seen":true}'
  deepmerge compose -batches queue/*.json > batches.jsonl
  deepmerge normalize -o stored.json stored.json   # repair in place
  deepmerge validate -lines users.jsonl
  deepmerge normalize -lines -o users.jsonl users.jsonl 2>repairs.log
  deepmerge -version

Errors in the text of an input are reported on standard error as
  FILE:LINE:COLUMN: /json/pointer: message (offset N)
with the line and column counted from 1 and the column counted in bytes,
as the Go toolchain counts it, and N the byte offset in FILE from 0. FILE
is <stdin> for standard input, and "-p #K" for the K-th -p on the command
line; in -lines mode LINE is the line of STREAM. Other errors read
  deepmerge: FILE: message
Exit status: 0 on success (for normalize -lines, when every line was
written valid, repairs included), 1 for invalid input, a failing or
invalid line, or an I/O error, 2 for bad usage.
`

const shortUsage = `usage: deepmerge [flags] TARGET PATCH...
       deepmerge -lines [flags] STREAM PATCH...
       deepmerge diff [flags] ORIGINAL MODIFIED
       deepmerge compose [flags] PATCH...
       deepmerge normalize [-lines] [flags] FILE
       deepmerge validate [flags] FILE...
       deepmerge validate -lines [flags] STREAM
Run 'deepmerge -h' for details.
`

// maxDepthCeiling is the largest depth the library accepts.
const maxDepthCeiling = 100000

// maxWorkers is the largest -workers accepted.
const maxWorkers = 1024

// stdinName is the name that errors give to standard input.
const stdinName = "<stdin>"

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// usageError is bad usage: exit status 2.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

// config is the parsed command line.
type config struct {
	form      string // "diff", "compose", "normalize", "validate", or "" to merge
	diff      bool
	indent    bool
	batches   bool
	lines     bool
	keepGoing bool
	version   bool
	output    string
	maxDepth  int
	workers   int
	operands  []operand // the file names and -p patches, in order
	given     map[string]bool
}

// operand is a file name, or a patch given with -p.
type operand struct {
	file   string // the file's name, "-" for standard input; "" for -p
	inline int    // for -p: its number among the -p flags, from 1
	text   string // for -p: the JSON text
}

// name is the operand's name in messages.
func (o operand) name() string {
	switch {
	case o.file == "-":
		return stdinName
	case o.file != "":
		return o.file
	}
	return "-p #" + strconv.Itoa(o.inline)
}

// patchFlag is the -p flag: each use adds an operand after those given so
// far, so that -p patches and files keep the order of the command line.
type patchFlag struct{ cfg *config }

func (p patchFlag) String() string { return "" }

func (p patchFlag) Set(s string) error {
	p.cfg.addInline(s)
	return nil
}

func (c *config) addInline(text string) {
	n := 1
	for _, o := range c.operands {
		if o.file == "" {
			n++
		}
	}
	c.operands = append(c.operands, operand{inline: n, text: text})
}

// files returns the operands that are files.
func (c *config) files() []operand {
	var fs []operand
	for _, o := range c.operands {
		if o.file != "" {
			fs = append(fs, o)
		}
	}
	return fs
}

// run runs the command and returns its exit status.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	cfg, err := parseArgs(args)
	if errors.Is(err, flag.ErrHelp) {
		io.WriteString(stdout, usageText)
		return 0
	}
	if err != nil {
		fmt.Fprintf(stderr, "deepmerge: %v\n%s", err, shortUsage)
		return 2
	}
	if cfg.version {
		io.WriteString(stdout, versionText())
		return 0
	}
	if cfg.lines {
		err = runLines(cfg, stdin, stdout, stderr)
	} else if cfg.form == "validate" {
		err = validateFiles(cfg, stdin, stderr)
	} else {
		var out []byte
		out, err = execute(cfg, stdin)
		if err == nil {
			err = writeOutput(cfg.output, out, stdout)
		}
	}
	if err != nil {
		fmt.Fprintln(stderr, message(err))
		return 1
	}
	return 0
}

// versionText is what -version prints: the module's version as the build
// recorded it ("(devel)" for a build without one) and Go's.
func versionText() string {
	version, goVersion := "(unknown)", runtime.Version()
	if bi, ok := debug.ReadBuildInfo(); ok {
		if bi.Main.Version != "" {
			version = bi.Main.Version
		}
		if bi.GoVersion != "" {
			goVersion = bi.GoVersion
		}
	}
	return "deepmerge " + version + " built with " + goVersion + "\n"
}

// parseArgs parses the command line. Flags may come before "diff", after
// it, or both; they end at the first file name. After it, -p is still a
// patch, and anything else is a file name.
func parseArgs(args []string) (*config, error) {
	cfg := &config{given: map[string]bool{}}
	fset := flag.NewFlagSet("deepmerge", flag.ContinueOnError)
	fset.SetOutput(io.Discard) // run reports errors and usage itself
	fset.Usage = func() {}
	fset.BoolVar(&cfg.indent, "indent", false, "pretty-print with two spaces")
	fset.BoolVar(&cfg.batches, "batches", false, "with compose: print one batch per line")
	fset.BoolVar(&cfg.lines, "lines", false, "read STREAM as JSON Lines")
	fset.BoolVar(&cfg.keepGoing, "keep-going", false, "go on after a failing line")
	fset.BoolVar(&cfg.version, "version", false, "print the version")
	fset.StringVar(&cfg.output, "o", "", "write the output to `FILE` atomically")
	fset.IntVar(&cfg.maxDepth, "max-depth", 0, "maximum nesting `N`")
	fset.IntVar(&cfg.workers, "workers", 0, "merge on `N` goroutines")
	fset.Var(patchFlag{cfg}, "p", "a patch given as `JSON` text")
	rest, dashed, err := parseFlags(fset, args)
	if err != nil {
		return nil, err
	}
	if len(rest) > 0 && (rest[0] == "diff" || rest[0] == "compose" || rest[0] == "normalize" || rest[0] == "validate") {
		cfg.form, cfg.diff = rest[0], rest[0] == "diff"
		if rest, dashed, err = parseFlags(fset, rest[1:]); err != nil {
			return nil, err
		}
	}
	if err := cfg.addOperands(rest, dashed); err != nil {
		return nil, err
	}
	fset.Visit(func(f *flag.Flag) { cfg.given[f.Name] = true })
	if cfg.version {
		return cfg, nil
	}
	if err := cfg.check(); err != nil {
		return nil, err
	}
	return cfg, nil
}

// parseFlags parses the flags at the start of args, and returns the
// arguments after them and whether a "--" ended them.
func parseFlags(fset *flag.FlagSet, args []string) (rest []string, dashed bool, err error) {
	if err := fset.Parse(args); err != nil {
		return nil, false, err
	}
	rest = fset.Args()
	return rest, endedByDashes(fset, args[:len(args)-len(rest)]), nil
}

// endedByDashes reports whether head, a run of flags that fset parsed,
// ends with a "--" that ends the flags, as against one that is the value
// of a flag such as -o.
func endedByDashes(fset *flag.FlagSet, head []string) bool {
	for i := 0; i < len(head); i++ {
		if head[i] == "--" {
			return true
		}
		name := strings.TrimPrefix(strings.TrimPrefix(head[i], "-"), "-")
		if strings.Contains(name, "=") {
			continue
		}
		if f := fset.Lookup(name); f != nil {
			if b, ok := f.Value.(interface{ IsBoolFlag() bool }); !ok || !b.IsBoolFlag() {
				i++ // its value is the next argument
			}
		}
	}
	return false
}

// addOperands adds the arguments after the flags: -p JSON, -p=JSON (or
// with two dashes) is a patch unless a "--" ended the flags, and anything
// else is a file name.
func (c *config) addOperands(rest []string, dashed bool) error {
	for i := 0; i < len(rest); i++ {
		a := rest[i]
		if !dashed {
			switch {
			case a == "-p" || a == "--p":
				if i+1 == len(rest) {
					return &usageError{"flag needs an argument: -p"}
				}
				i++
				c.addInline(rest[i])
				c.given["p"] = true
				continue
			case strings.HasPrefix(a, "-p=") || strings.HasPrefix(a, "--p="):
				_, text, _ := strings.Cut(a, "=")
				c.addInline(text)
				c.given["p"] = true
				continue
			}
		}
		c.operands = append(c.operands, operand{file: a})
	}
	return nil
}

// check checks the parsed command line as a whole.
func (c *config) check() error {
	if c.maxDepth < 0 || c.maxDepth > maxDepthCeiling {
		return &usageError{fmt.Sprintf("-max-depth must be from 0 to %d, got %d", maxDepthCeiling, c.maxDepth)}
	}
	if c.workers < 0 || c.workers > maxWorkers {
		return &usageError{fmt.Sprintf("-workers must be from 0 to %d, got %d", maxWorkers, c.workers)}
	}
	if !c.lines {
		for _, name := range []string{"workers", "keep-going"} {
			if c.given[name] {
				return &usageError{"-" + name + " is for -lines only"}
			}
		}
	}
	if c.given["batches"] && c.form != "compose" {
		return &usageError{"-batches is for compose only"}
	}
	files := c.files()
	nfiles, ninline := len(files), len(c.operands)-len(files)
	switch {
	case c.lines && c.form != "" && c.form != "validate" && c.form != "normalize":
		return &usageError{"-lines merges; it does not go with " + c.form}
	case c.form == "validate" && ninline > 0:
		return &usageError{"validate takes files, not -p"}
	case c.form == "validate" && c.lines && nfiles != 1:
		return &usageError{fmt.Sprintf("validate -lines needs exactly 1 STREAM; got %d", nfiles)}
	case c.form == "validate" && nfiles == 0:
		return &usageError{"validate needs at least one FILE"}
	case c.form == "validate" && (c.output != "" || c.indent):
		return &usageError{"validate writes no output; -o and -indent do not go with it"}
	case c.form == "validate" && c.keepGoing:
		return &usageError{"validate -lines reports every invalid line; -keep-going does not go with it"}
	case c.form == "normalize" && c.lines && (ninline > 0 || nfiles != 1):
		return &usageError{fmt.Sprintf("normalize -lines needs exactly 1 STREAM; got %d file(s) and %d -p", nfiles, ninline)}
	case c.lines && c.indent:
		return &usageError{"-indent does not go with -lines, which writes one line per result"}
	case c.form == "validate":
		// Checked above.
	case c.form == "normalize" && (ninline > 0 || nfiles != 1):
		return &usageError{fmt.Sprintf("normalize needs exactly 1 FILE; got %d file(s) and %d -p", nfiles, ninline)}
	case c.form == "compose" && nfiles+ninline == 0:
		return &usageError{"compose needs at least one PATCH"}
	case c.batches && c.indent:
		return &usageError{"-indent does not go with -batches, which writes one line per batch"}
	case c.form == "compose" || c.form == "normalize":
		// Checked above; the rules below are those of the other forms.
	case c.diff && ninline > 0:
		return &usageError{"diff takes ORIGINAL and MODIFIED files, not -p"}
	case c.diff && nfiles != 2:
		return &usageError{fmt.Sprintf("diff needs exactly 2 files, ORIGINAL and MODIFIED; got %d", nfiles)}
	case c.lines && (nfiles == 0 || nfiles+ninline < 2):
		return &usageError{fmt.Sprintf("-lines needs a STREAM and at least one PATCH; got %d file(s) and %d -p", nfiles, ninline)}
	case !c.diff && (nfiles == 0 || nfiles+ninline < 2):
		return &usageError{fmt.Sprintf("need a TARGET and at least one PATCH; got %d file(s) and %d -p", nfiles, ninline)}
	}
	stdins := 0
	for _, f := range files {
		if f.file == "-" {
			stdins++
		}
	}
	if stdins > 1 {
		return &usageError{`standard input ("-") can be read only once`}
	}
	return nil
}

// target returns the TARGET (or STREAM) and the patches, in order: the
// first file is the target, and every other operand is a patch. For
// compose, every operand is a patch, and the target is none.
func (c *config) target() (operand, []operand) {
	if c.form == "compose" {
		return operand{}, c.operands
	}
	var target operand
	var patches []operand
	found := false
	for _, o := range c.operands {
		if !found && o.file != "" {
			target, found = o, true
			continue
		}
		patches = append(patches, o)
	}
	return target, patches
}

// input is one input's name, for messages, and contents, with where the
// contents start in the file that holds them: a whole file starts at line
// 1 and offset 0, a line of a stream at its own.
type input struct {
	name string
	data []byte
	line int64 // number of the line that data starts on, from 1
	off  int64 // offset in the file of data's first byte

	streamLine bool // data is one line of a stream
}

// readInputs reads every operand before anything is merged.
func readInputs(ops []operand, stdin io.Reader) ([]input, error) {
	ins := make([]input, len(ops))
	for i, o := range ops {
		in := &ins[i]
		in.name, in.line = o.name(), 1
		var err error
		switch o.file {
		case "":
			in.data = []byte(o.text)
		case "-":
			in.data, err = io.ReadAll(stdin)
		default:
			in.data, err = os.ReadFile(o.file)
		}
		if err != nil {
			return nil, readError(o, err)
		}
	}
	return ins, nil
}

// readError is the error for a file that could not be read.
func readError(o operand, err error) error {
	err = unwrapPath(err)
	if errors.Is(err, fs.ErrNotExist) && strings.HasPrefix(o.file, "-") {
		return fmt.Errorf("%s: %w (flags must come before the file names)", o.name(), err)
	}
	return fmt.Errorf("%s: %w", o.name(), err)
}

// execute reads the inputs and returns the output, with its final newline.
func execute(cfg *config, stdin io.Reader) ([]byte, error) {
	t, ps := cfg.target()
	ops := append([]operand{t}, ps...)
	if cfg.form == "compose" {
		ops = ps
	}
	ins, err := readInputs(ops, stdin)
	if err != nil {
		return nil, err
	}
	opts := deepmerge.Options{MaxDepth: cfg.maxDepth}
	var out []byte
	switch cfg.form {
	case "diff":
		out, err = diff(opts, ins[0], ins[1])
	case "compose":
		if cfg.batches {
			out, err = batches(opts, ins)
		} else {
			out, err = compose(opts, ins)
		}
	case "normalize":
		out, err = normalize(opts, ins[0])
	default:
		out, err = merge(opts, ins[0], ins[1:])
	}
	if err != nil {
		return nil, err
	}
	if cfg.indent {
		out = indent(out)
	}
	return append(out, '\n'), nil
}

// indent returns the compact, valid JSON text src indented by two spaces a
// level, as json.Indent would write it, but with no limit on depth (the
// library's limit is -max-depth, which json.Indent's 10000 would undercut).
func indent(src []byte) []byte {
	dst := make([]byte, 0, 2*len(src))
	depth := 0
	var pad []byte // at least 2*depth spaces
	newline := func() {
		for len(pad) < 2*depth {
			pad = append(pad, "                "...)
		}
		dst = append(dst, '\n')
		dst = append(dst, pad[:2*depth]...)
	}
	for i := 0; i < len(src); i++ {
		switch c := src[i]; c {
		case '"':
			j := i + 1
			for src[j] != '"' {
				if src[j] == '\\' {
					j++
				}
				j++
			}
			dst = append(dst, src[i:j+1]...)
			i = j
		case '{', '[':
			dst = append(dst, c)
			if i+1 < len(src) && (src[i+1] == '}' || src[i+1] == ']') {
				dst = append(dst, src[i+1])
				i++
				continue
			}
			depth++
			newline()
		case '}', ']':
			depth--
			newline()
			dst = append(dst, c)
		case ',':
			dst = append(dst, c)
			newline()
		case ':':
			dst = append(dst, ':', ' ')
		default:
			dst = append(dst, c)
		}
	}
	return dst
}

// diff returns the merge patch from original to modified.
func diff(opts deepmerge.Options, original, modified input) ([]byte, error) {
	out, err := opts.DiffJSON(original.data, modified.data)
	if err != nil {
		return nil, describe(err, func(e *deepmerge.Error) *input {
			switch e.Input {
			case "original":
				return &original
			case "modified":
				return &modified
			}
			return nil
		})
	}
	return out, nil
}

// compose returns one patch that does what patches do in turn, folding
// them from the left. A single patch is checked and given back compact.
func compose(opts deepmerge.Options, patches []input) ([]byte, error) {
	acc, from := []byte(`{}`), 0 // {} composed with a patch is that patch
	if len(patches) > 1 {
		acc, from = patches[0].data, 1
	}
	for i := from; i < len(patches); i++ {
		next, err := opts.ComposeJSON(acc, patches[i].data)
		if err != nil {
			return nil, describe(err, func(e *deepmerge.Error) *input {
				switch {
				case e.Input == "second":
					return &patches[i]
				case e.Input == "first" && i == 1:
					return &patches[0]
				}
				return nil // the fold so far, which the earlier steps checked
			})
		}
		acc = next
	}
	return acc, nil
}

// batches returns the patches turned into batches, as the library's
// BatchJSON makes them, one per line, without the last line's newline.
func batches(opts deepmerge.Options, patches []input) ([]byte, error) {
	texts := make([][]byte, len(patches))
	for i := range patches {
		texts[i] = patches[i].data
	}
	bs, err := opts.BatchJSON(texts)
	if err != nil {
		return nil, describe(err, func(e *deepmerge.Error) *input {
			i, ok := patchIndex(e.Input)
			if !ok || i >= len(patches) {
				return nil
			}
			return &patches[i]
		})
	}
	var out []byte
	for k, b := range bs {
		if k > 0 {
			out = append(out, '\n')
		}
		out = append(out, b.Patch...)
	}
	return out, nil
}

// patchIndex returns i for the Input "patches[i]" of the library's
// batching functions.
func patchIndex(in string) (int, bool) {
	digits, ok := strings.CutPrefix(in, "patches[")
	if !ok {
		return 0, false
	}
	digits, ok = strings.CutSuffix(digits, "]")
	if !ok {
		return 0, false
	}
	i, err := strconv.Atoi(digits)
	return i, err == nil && i >= 0
}

// normalize returns doc repaired as the library's Normalize repairs it.
func normalize(opts deepmerge.Options, doc input) ([]byte, error) {
	out, err := opts.Normalize(doc.data)
	if err != nil {
		return nil, describe(err, func(*deepmerge.Error) *input { return &doc })
	}
	return out, nil
}

// merge applies patches to target in order.
func merge(opts deepmerge.Options, target input, patches []input) ([]byte, error) {
	cur := target.data
	for i := range patches {
		next, err := opts.MergeJSON(cur, patches[i].data)
		if err != nil {
			return nil, mergeError(opts, target, patches[i], i, err)
		}
		cur = next
	}
	return cur, nil
}
