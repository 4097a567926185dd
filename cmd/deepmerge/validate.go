package main

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/deepmerge-go/deepmerge"
)

// The forms validate and normalize -lines: the first checks files, or
// each line of a stream, as the library's Validate does; the second
// repairs the lines of a stream that Validate rejects, with the library's
// NormalizeReport, and says what each repair changed. On streams both run
// on the pipeline of -lines (lines.go).

// filesInvalid is the error of a validate run over several files of
// which some are invalid; each fault was reported as it came.
type filesInvalid struct{ bad, total int }

func (e *filesInvalid) Error() string {
	return fmt.Sprintf("%d of %d files invalid", e.bad, e.total)
}

// validateFiles checks each FILE in turn, reading one at a time, and
// reports the first fault of each on stderr. With one file, its fault is
// the error; with more, each is reported and the error counts them.
func validateFiles(cfg *config, stdin io.Reader, stderr io.Writer) error {
	opts := deepmerge.Options{MaxDepth: cfg.maxDepth}
	files := cfg.files()
	var bad int
	var last error
	for _, o := range files {
		ins, err := readInputs([]operand{o}, stdin)
		if err == nil {
			err = validateLine(opts, ins[0])
		}
		if err != nil {
			bad++
			if last != nil {
				fmt.Fprintln(stderr, message(last))
			}
			last = err
		}
	}
	switch {
	case bad == 0:
		return nil
	case len(files) == 1:
		return last
	}
	fmt.Fprintln(stderr, message(last))
	return &filesInvalid{bad, len(files)}
}

// validateLine returns the first fault of in, placed in its file, or nil.
func validateLine(opts deepmerge.Options, in input) error {
	if err := opts.Validate(in.data); err != nil {
		return describe(err, func(*deepmerge.Error) *input { return &in })
	}
	return nil
}

// normalizeLine appends to dst the line in unchanged when Validate
// accepts it, and otherwise repaired as Normalize repairs it, with a
// note of what changed. A line that no reader accepts is an error, and
// dst is returned as it was.
func normalizeLine(opts deepmerge.Options, dst []byte, in input) (out []byte, note, err error) {
	if opts.Validate(in.data) == nil {
		return append(dst, in.data...), nil, nil
	}
	fixed, rep, err := opts.NormalizeReport(in.data)
	if err != nil {
		return dst, nil, describe(err, func(*deepmerge.Error) *input { return &in })
	}
	return append(dst, fixed...), &repairNote{in, rep}, nil
}

// repairNote is what normalize -lines reports about a line it repaired:
//
//	FILE:LINE: repaired: /role: dropped earlier value "user" (offset 1234); /a/0/x: dropped earlier value {"k":1} (offset 1301); 2 invalid UTF-8 bytes and 1 unpaired surrogate escape replaced with U+FFFD
//
// Each value that a later occurrence of its name replaced is given by the
// pointer of the member, its text (shortened past maxShown bytes) and
// its offset in the stream, in the order of the result; then the counts
// of invalid bytes and of unpaired surrogate escapes that became U+FFFD,
// when not zero.
//
// Its in.data is the line in the buffer of its batch, so it is to be
// printed before the batch is reused, as run does.
type repairNote struct {
	in  input
	rep deepmerge.Repairs
}

// maxShown is the longest dropped value shown whole in a repairNote.
const maxShown = 40

func (r *repairNote) Error() string {
	var b strings.Builder
	b.WriteString(r.in.name)
	b.WriteByte(':')
	b.WriteString(strconv.FormatInt(r.in.line, 10))
	b.WriteString(": repaired: ")
	var parts []string
	for _, d := range r.rep.Dropped {
		parts = append(parts, pointer(&deepmerge.Error{Path: d.Path, Offset: -1, Err: deepmerge.ErrDuplicateName})+
			"dropped earlier value "+shown(r.in.data[d.Offset:d.End])+" (offset "+strconv.FormatInt(r.in.off+d.Offset, 10)+")")
	}
	var bad []string
	if n := r.rep.InvalidUTF8; n > 0 {
		bad = append(bad, plural(n, "invalid UTF-8 byte"))
	}
	if n := r.rep.LoneSurrogates; n > 0 {
		bad = append(bad, plural(n, "unpaired surrogate escape"))
	}
	if bad != nil {
		parts = append(parts, strings.Join(bad, " and ")+" replaced with U+FFFD")
	}
	b.WriteString(strings.Join(parts, "; "))
	return b.String()
}

// plural returns n and what, with an "s" unless n is 1.
func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return strconv.Itoa(n) + " " + what + "s"
}

// shown returns the text of a value for a message: shortened to at most
// maxShown bytes, cut on a character and marked with "…", and quoted as a
// Go string when it holds invalid UTF-8 or characters that are not
// printable, so that no byte of the input reaches a terminal as it is.
func shown(v []byte) string {
	s, cut := string(v), false
	if len(s) > maxShown {
		n := maxShown - 8
		for n > 0 && !utf8.RuneStart(s[n]) {
			n--
		}
		s, cut = s[:n], true
	}
	for _, r := range s {
		if r == utf8.RuneError || !strconv.IsPrint(r) {
			s = strconv.Quote(s)
			break
		}
	}
	if cut {
		s += "… (" + strconv.Itoa(len(v)) + " bytes)"
	}
	return s
}
