// Command deepmerge applies JSON Merge Patches (RFC 7396) to JSON files, and
// computes the merge patch between two JSON files.
//
// Usage:
//
//	deepmerge [flags] TARGET PATCH...          apply patches in order, print the result
//	deepmerge diff [flags] ORIGINAL MODIFIED   print the smallest merge patch
//
// Run "deepmerge -h" for the flags and examples.
package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/deepmerge-go/deepmerge"
)

const usageText = `Usage:
  deepmerge [flags] TARGET PATCH...          apply patches in order, print the result
  deepmerge diff [flags] ORIGINAL MODIFIED   print the smallest merge patch

deepmerge applies JSON Merge Patches (RFC 7396). TARGET and each PATCH are
files holding one JSON value each; the patches are applied one after the
other. "deepmerge diff" prints the smallest merge patch that turns ORIGINAL
into MODIFIED. A file name of "-" reads standard input (at most once); use
"./diff" for a target file named "diff".

Input is read strictly: malformed JSON, invalid UTF-8 and nesting deeper
than -max-depth are errors anywhere; a repeated member name is an error in
a patch, and in each target object that a patch merges into (other target
objects are copied as they are). The output is compact JSON followed by a
newline; numbers and string escapes keep their text, and members keep
their order.

Flags:
  -indent        pretty-print the output, indented by two spaces a level
                 (each line carries its depth in spaces, so the output of
                 input nested d deep can reach 2*d*d bytes: 200 MB for
                 10000 nested arrays)
  -max-depth N   reject input nesting deeper than N objects and arrays
                 (0, the default, means 10000; at most 100000)
  -o FILE        write the output to FILE atomically instead of standard
                 output; FILE is left untouched on any error ("-" means
                 standard output)
  -h, -help      print this help to standard output and exit

Examples:
  deepmerge user.json patch.json
  deepmerge -indent user.json patch1.json patch2.json
  curl -s https://example.com/user.json | deepmerge - patch.json
  deepmerge -o user.json user.json patch.json      # update user.json in place
  deepmerge diff old.json new.json > patch.json

Errors are reported on standard error as
  deepmerge: FILE: offset N: /json/pointer: message
Exit status: 0 on success, 1 for invalid input or an I/O error, 2 for bad
usage.
`

const shortUsage = `usage: deepmerge [flags] TARGET PATCH...
       deepmerge diff [flags] ORIGINAL MODIFIED
Run 'deepmerge -h' for details.
`

// maxDepthCeiling is the largest depth the library accepts.
const maxDepthCeiling = 100000

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
	diff     bool
	indent   bool
	output   string
	maxDepth int
	files    []string
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
	out, err := execute(cfg, stdin)
	if err == nil {
		err = writeOutput(cfg.output, out, stdout)
	}
	if err != nil {
		fmt.Fprintf(stderr, "deepmerge: %v\n", err)
		return 1
	}
	return 0
}

// parseArgs parses the command line. Flags may come before "diff", after
// it, or both.
func parseArgs(args []string) (*config, error) {
	cfg := &config{}
	fset := flag.NewFlagSet("deepmerge", flag.ContinueOnError)
	fset.SetOutput(io.Discard) // run reports errors and usage itself
	fset.Usage = func() {}
	fset.BoolVar(&cfg.indent, "indent", false, "pretty-print with two spaces")
	fset.StringVar(&cfg.output, "o", "", "write the output to `FILE` atomically")
	fset.IntVar(&cfg.maxDepth, "max-depth", 0, "maximum nesting `N`")
	if err := fset.Parse(args); err != nil {
		return nil, err
	}
	rest := fset.Args()
	if len(rest) > 0 && rest[0] == "diff" {
		cfg.diff = true
		if err := fset.Parse(rest[1:]); err != nil {
			return nil, err
		}
		rest = fset.Args()
	}
	if cfg.maxDepth < 0 || cfg.maxDepth > maxDepthCeiling {
		return nil, &usageError{fmt.Sprintf("-max-depth must be from 0 to %d, got %d", maxDepthCeiling, cfg.maxDepth)}
	}
	switch {
	case cfg.diff && len(rest) != 2:
		return nil, &usageError{fmt.Sprintf("diff needs exactly 2 files, ORIGINAL and MODIFIED; got %d", len(rest))}
	case !cfg.diff && len(rest) < 2:
		return nil, &usageError{fmt.Sprintf("need a TARGET and at least one PATCH; got %d file(s)", len(rest))}
	}
	stdins := 0
	for _, f := range rest {
		if f == "-" {
			stdins++
		}
	}
	if stdins > 1 {
		return nil, &usageError{`standard input ("-") can be read only once`}
	}
	cfg.files = rest
	return cfg, nil
}

// input is one file's name, for messages, and contents.
type input struct {
	name string
	data []byte
}

// readInputs reads every file before anything is merged.
func readInputs(files []string, stdin io.Reader) ([]input, error) {
	ins := make([]input, len(files))
	for i, f := range files {
		var err error
		if f == "-" {
			ins[i].name = stdinName
			ins[i].data, err = io.ReadAll(stdin)
		} else {
			ins[i].name = f
			ins[i].data, err = os.ReadFile(f)
		}
		if err != nil {
			var pe *fs.PathError
			if errors.As(err, &pe) {
				err = pe.Err
			}
			if errors.Is(err, fs.ErrNotExist) && strings.HasPrefix(f, "-") {
				return nil, fmt.Errorf("%s: %w (flags must come before the file names)", ins[i].name, err)
			}
			return nil, fmt.Errorf("%s: %w", ins[i].name, err)
		}
	}
	return ins, nil
}

// execute reads the inputs and returns the output, with its final newline.
func execute(cfg *config, stdin io.Reader) ([]byte, error) {
	ins, err := readInputs(cfg.files, stdin)
	if err != nil {
		return nil, err
	}
	opts := deepmerge.Options{MaxDepth: cfg.maxDepth}
	var out []byte
	if cfg.diff {
		out, err = diff(opts, ins[0], ins[1])
	} else {
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
		return nil, describe(err, func(e *deepmerge.Error) string {
			switch e.Input {
			case "original":
				return original.name
			case "modified":
				return modified.name
			}
			return ""
		})
	}
	return out, nil
}

// merge applies patches to target in order.
func merge(opts deepmerge.Options, target input, patches []input) ([]byte, error) {
	cur := target.data
	for i, p := range patches {
		next, err := opts.MergeJSON(cur, p.data)
		if err == nil {
			cur = next
			continue
		}
		name := func(e *deepmerge.Error) string {
			switch e.Input {
			case "target":
				return target.name
			case "patch":
				return p.name
			}
			return ""
		}
		var e *deepmerge.Error
		if i > 0 && errors.As(err, &e) && e.Input == "target" {
			// The target of this merge is the output of the previous
			// ones, so its offset means nothing in the TARGET file. The
			// only fault it can hold is a duplicate member name that the
			// first merges copied without checking (the library checks
			// only the target objects a patch reaches); every other
			// fault was ruled out by the first merge, and everything the
			// patches brought in was checked in full. Such an object is
			// in the original target at the same path, so find it there.
			at := relocate(opts, target.data, e)
			return nil, &fileError{file: target.name, e: at}
		}
		return nil, describe(err, name)
	}
	return cur, nil
}

// relocate returns the error e, which a later merge found in the running
// result, with its offset in the original target text. It reaches the
// object at fault in the original target by merging into it a patch that
// holds only the path there, so that the library reports the same fault
// with the original text's offset. If that finds some other fault, or
// none, it returns e without an offset.
func relocate(opts deepmerge.Options, target []byte, e *deepmerge.Error) *deepmerge.Error {
	unknown := &deepmerge.Error{Input: e.Input, Path: e.Path, Offset: -1, Err: e.Err}
	if !errors.Is(e.Err, deepmerge.ErrDuplicateName) || !strings.HasPrefix(e.Path, "/") {
		return unknown
	}
	// The last token is the repeated name; the ones before it lead to the
	// object that repeats it.
	toks := strings.Split(e.Path[1:], "/")
	probe := []byte("{}")
	for i := len(toks) - 2; i >= 0; i-- {
		name, err := json.Marshal(unescapeToken(toks[i]))
		if err != nil {
			return unknown
		}
		p := append([]byte{'{'}, name...)
		p = append(p, ':')
		p = append(p, probe...)
		probe = append(p, '}')
	}
	_, err := opts.MergeJSON(target, probe)
	var pe *deepmerge.Error
	if errors.As(err, &pe) && pe.Input == e.Input && pe.Path == e.Path && errors.Is(pe.Err, e.Err) {
		return pe
	}
	return unknown
}

// unescapeToken decodes an RFC 6901 reference token.
func unescapeToken(tok string) string {
	tok = strings.ReplaceAll(tok, "~1", "/")
	return strings.ReplaceAll(tok, "~0", "~")
}

// fileError is a fault in one input file, printed as
// "FILE: offset N: /json/pointer: what": the library's message with the
// file's name in place of the input's.
type fileError struct {
	file string
	e    *deepmerge.Error
}

func (f *fileError) Error() string {
	msg := strings.TrimPrefix(f.e.Error(), "deepmerge: ")
	if f.e.Input != "" {
		msg = strings.TrimPrefix(msg, f.e.Input+": ")
	}
	if f.file == "" {
		return msg
	}
	return f.file + ": " + msg
}

func (f *fileError) Unwrap() error { return f.e }

// describe turns a library error into a fileError, naming the file that
// fileName gives for its Input.
func describe(err error, fileName func(*deepmerge.Error) string) error {
	var e *deepmerge.Error
	if !errors.As(err, &e) {
		return err
	}
	file := fileName(e)
	if file == "" {
		file = e.Input // not expected: every Input is one of ours
	}
	return &fileError{file: file, e: e}
}

// writeOutput writes out to standard output, or atomically to the file
// named name.
func writeOutput(name string, out []byte, stdout io.Writer) error {
	if name == "" || name == "-" {
		if _, err := stdout.Write(out); err != nil {
			return fmt.Errorf("writing standard output: %v", err)
		}
		return nil
	}
	if err := writeFileAtomic(name, out); err != nil {
		return fmt.Errorf("%s: %v", name, err)
	}
	return nil
}

// errNotRegular is the error for an output that is not a regular file.
var errNotRegular = errors.New(`not a regular file (use "-o -" for standard output)`)

// writeFileAtomic replaces the file name with data: it writes a temporary
// file in the same directory, syncs and closes it, and renames it over
// name, so that name holds either its old contents or all of data. A
// symbolic link is followed, and the file it names is replaced. The file
// keeps its permissions; a new file gets 0644. On error the temporary file
// is removed and name is untouched.
func writeFileAtomic(name string, data []byte) (err error) {
	// Stat follows links, even those that name no path, such as
	// /dev/stdout when it is a pipe.
	if fi, err := os.Stat(name); err == nil && !fi.Mode().IsRegular() {
		return errNotRegular
	}
	if fi, err := os.Lstat(name); err == nil && fi.Mode()&fs.ModeSymlink != 0 {
		if name, err = filepath.EvalSymlinks(name); err != nil {
			return unwrapPath(err)
		}
	}
	perm := fs.FileMode(0o644)
	fi, err := os.Stat(name)
	switch {
	case err == nil && !fi.Mode().IsRegular():
		return errNotRegular
	case err == nil:
		perm = fi.Mode().Perm()
	case !errors.Is(err, fs.ErrNotExist):
		return unwrapPath(err)
	}
	dir, base := filepath.Split(name)
	if dir == "" {
		dir = "."
	}
	f, err := os.CreateTemp(dir, "."+base+".tmp-*")
	if err != nil {
		return fmt.Errorf("creating temporary file: %v", unwrapPath(err))
	}
	tmp := f.Name()
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(tmp)
		}
	}()
	if _, err = f.Write(data); err != nil {
		return unwrapPath(err)
	}
	if err = f.Chmod(perm); err != nil {
		return unwrapPath(err)
	}
	if err = f.Sync(); err != nil {
		return unwrapPath(err)
	}
	if err = f.Close(); err != nil {
		return unwrapPath(err)
	}
	if err = os.Rename(tmp, name); err != nil {
		return unwrapPath(err)
	}
	// Make the rename itself durable; it has happened whatever this says.
	if d, derr := os.Open(dir); derr == nil {
		d.Sync()
		d.Close()
	}
	return nil
}

// unwrapPath drops the operation and path that *fs.PathError and
// *os.LinkError add, which the caller reports its own way.
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	var le *os.LinkError
	if errors.As(err, &le) {
		return le.Err
	}
	return err
}
