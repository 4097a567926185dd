package deepmerge

import (
	"errors"
	"reflect"
	"strconv"
	"strings"
	"unicode/utf8"
)

// The sentinel errors are the causes an [*Error] wraps. Test for them with
// [errors.Is]; the text of an error's message may change between versions,
// the sentinels and the fields of [Error] will not.
var (
	// ErrNilTarget means that MergeInto was given a nil target map, or
	// MergeJSONInto a nil target pointer, which it cannot modify in place.
	ErrNilTarget = errors.New("nil target map")

	// ErrMaxDepth means that objects and arrays nest deeper than
	// [Options.MaxDepth], or that a map[string]any or []any contains
	// itself, or that a value of another type would lead its conversion
	// too far down, as a cycle of pointers does: the package
	// documentation's section on errors gives the rule.
	ErrMaxDepth = errors.New("nesting exceeds maximum depth")

	// ErrUnsupportedValue means that a Go value has no JSON form, as the
	// package documentation's section on values defines it.
	ErrUnsupportedValue = errors.New("unsupported value")

	// ErrInvalidUTF8 means that a string or member name is not valid UTF-8,
	// or that a \u escape in JSON text names an unpaired UTF-16 surrogate.
	ErrInvalidUTF8 = errors.New("invalid UTF-8")

	// ErrSyntax means that input text is not a single valid JSON value:
	// a malformed token, an unexpected end, empty input or trailing data.
	// Text that starts with a byte order mark, or is UTF-16, is such a
	// fault at its first byte that cannot be JSON, and the message says
	// which encoding it found.
	ErrSyntax = errors.New("invalid JSON syntax")

	// ErrDuplicateName means that an object in input text has two members
	// whose names are equal once their escapes are decoded.
	ErrDuplicateName = errors.New("duplicate member name")

	// ErrSharedMap means that the patch given to MergeInto merges objects
	// into one map of the target at two places: the target holds that map
	// twice, or holds itself. Changed in place, the map would show the
	// changes meant for either place at both, and which change wins would
	// depend on the order of the patch's members, so MergeInto changes
	// nothing. Merge treats the two places as two values. The error's
	// Input is "target" and its Path is one of the two places (which one
	// depends on map order); its message names the other. MergeJSONInto
	// reports it too, for a map or pointed-to value of its target that the
	// patch merges objects into at two places; its Path is the second
	// place, in the patch's order.
	ErrSharedMap = errors.New("map shared by two places that the patch reaches")

	// ErrNotRepresentable means that no merge patch does what was asked.
	// For Diff and DiffJSON: turn the original into the modified document,
	// which holds a null as an object member where the original does not
	// (a merge patch can only remove a member, never store a null). For
	// Compose and ComposeJSON: do what first and then second do, where
	// first sets a member, or the whole document, to null or to a value
	// that is not an object and second merges an object into it (a merge
	// patch merges an object into what is there, never puts one in its
	// place).
	ErrNotRepresentable = errors.New("not representable as a merge patch")

	// ErrNotObject means that a merge patch is not a JSON object where
	// [Options.ObjectPatch] asks for object patches only. The error's
	// Path is "" and its Offset that of the value's first byte. A server
	// answers it as a well-formed request it will not process (HTTP 422).
	ErrNotObject = errors.New("patch is not an object")

	// ErrUnknownMember means that a patch given to MergeJSONInto or
	// MergeJSONValue has a member, with a value other than null, that
	// names no field of the Go struct it applies to. Member names match
	// field names exactly, case included.
	ErrUnknownMember = errors.New("unknown member")

	// ErrMismatchedType means that a JSON value in a patch given to
	// MergeJSONInto or MergeJSONValue cannot be held by the Go type it
	// applies to: another JSON kind (a string for an int), a number with
	// a fraction or out of range for an integer or float type, an array
	// of another length for a Go array, a member name that is not a map
	// key of the map's key type, or an error from an UnmarshalJSON or
	// UnmarshalText method.
	ErrMismatchedType = errors.New("mismatched type")
)

// nullMemberMessage is the reason of the ErrNotRepresentable of a diff
// whose modified document holds a null member that original does not.
const nullMemberMessage = "a merge patch cannot store a null member"

// Error describes a failure of any function of the package, and where it
// happened. Every error returned by this package is an *Error.
//
// Error wraps one of the package's sentinel errors (such as [ErrMaxDepth])
// so that callers can use [errors.Is]; the message text is for people and
// may change.
type Error struct {
	// Input names the argument at fault: "target" or "patch" for the merge
	// functions, "original" or "modified" for the diff functions, "first"
	// or "second" for the compose functions, "patches[i]" for the
	// batching functions ([BatchJSON], [Batch]: i is the index of the
	// patch in the queue, from 0, in decimal), and "" for [Validate] and
	// [Normalize].
	Input string

	// Path is the RFC 6901 JSON Pointer to the value at fault within
	// Input, such as "/a/b~1c/0". The empty string is the whole input.
	Path string

	// Offset is the byte offset within Input at which the fault was
	// found, for errors in JSON text; it is -1 for errors in Go values.
	// Error prints it when it is not negative, so an Error made outside
	// this package should set it to -1 unless it is about text.
	Offset int64

	// Err is the cause: one of the package's sentinel errors.
	Err error

	msg string // detail for Error; Err.Error() when empty
}

// Error returns a message of the form
// "deepmerge: INPUT: offset N: /json/pointer: what", leaving out the parts
// that do not apply. A pointer of more than 16 tokens is shortened in the
// message, keeping its first 8 and last 6. A pointer token, member name or
// number of more than 64 bytes is cut to at most its first 48, followed by
// its length, so that input cannot make a message as long as itself. A
// pointer that holds a control character, invalid UTF-8 or another
// character that is not printable is quoted as a Go string literal, so
// that no such byte from the input reaches a terminal or a log through the
// message; Path holds the pointer as it is.
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("deepmerge: ")
	if e.Input != "" {
		b.WriteString(e.Input)
		b.WriteString(": ")
	}
	if e.Offset >= 0 {
		b.WriteString("offset ")
		b.WriteString(strconv.FormatInt(e.Offset, 10))
		b.WriteString(": ")
	}
	if e.Path != "" {
		b.WriteString(printable(clipTokens(shortPath(e.Path))))
		b.WriteString(": ")
	}
	b.WriteString(e.Reason())
	return b.String()
}

// printable returns s for a message: as it is when every character in it
// is printable, and otherwise quoted as a Go string literal.
func printable(s string) string {
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if (r == utf8.RuneError && n == 1) || !strconv.IsPrint(r) {
			return strconv.Quote(s)
		}
		i += n
	}
	return s
}

// shortPath returns p for a message: a pointer of more than 16 tokens,
// which deep input gives, keeps its first 8 and last 6 and says how many
// it leaves out. The Path field always holds the whole pointer.
func shortPath(p string) string {
	const head, tail = 8, 6
	if strings.Count(p, "/") <= head+tail+2 {
		return p
	}
	i := 0
	for n := 0; n < head; n++ {
		i += strings.IndexByte(p[i+1:], '/') + 1
	}
	j := len(p)
	for n := 0; n < tail; n++ {
		j = strings.LastIndexByte(p[:j], '/')
	}
	left := strings.Count(p[i:j], "/")
	return p[:i] + "/…" + strconv.Itoa(left) + " more…" + p[j:]
}

// clipTokens returns the pointer p for a message, each token longer than
// maxShown bytes cut by clip.
func clipTokens(p string) string {
	toks := strings.Split(p, "/")
	long := false
	for _, tok := range toks {
		long = long || len(tok) > maxShown
	}
	if !long {
		return p
	}
	for i, tok := range toks {
		if k := clip(tok); k < len(tok) {
			toks[i] = tok[:k] + cutNote(tok)
		}
	}
	return strings.Join(toks, "/")
}

// Reason returns what is wrong, without the location that Error adds: no
// "deepmerge: " prefix, Input, Offset or Path. For example
// `duplicate member name "role"` or "nesting exceeds maximum depth 64".
// It is meant for a response or a log field that carries the location
// apart, such as the detail of an HTTP problem. Its kind is stable (Err
// says which); its wording may change between versions. Like Error, it
// cuts long names and numbers from the input, so it is safe to print. For
// an Error made outside this package it is Err's message, or
// "unknown error" when Err is nil.
func (e *Error) Reason() string {
	switch {
	case e.msg != "":
		return e.msg
	case e.Err != nil:
		return e.Err.Error()
	}
	return "unknown error"
}

// Unwrap returns e.Err.
func (e *Error) Unwrap() error { return e.Err }

// An input names the argument being read, for errors. It is a number, not the
// name itself, so that setting it on the hot paths writes no pointer and so
// costs no write barrier while the collector runs.
type input uint8

const (
	inTarget input = iota
	inPatch
	inOriginal
	inModified
	inFirst
	inSecond
	inNone // Validate's and Normalize's one input
)

var inputNames = [...]string{inTarget: "target", inPatch: "patch", inOriginal: "original", inModified: "modified",
	inFirst: "first", inSecond: "second", inNone: ""}

// String returns the name that errors give in.
func (in input) String() string { return inputNames[in] }

// A fault is an error on its way out of the package: what the caller's
// [*Error] will hold, with the reference tokens of its path gathered while
// the recursion unwinds, innermost first, so that paths cost nothing until
// something fails. done turns it into the Error.
type fault struct {
	input  input
	offset int64 // -1 for a fault in a Go value
	err    error
	msg    string
	rev    []string

	// deep marks a depth error in Go values, which may be a cycle: see
	// doneIn.
	deep bool
}

// in records that the fault happened inside the member or element named
// token of the enclosing value.
func (e *fault) in(token string) *fault {
	e.rev = append(e.rev, token)
	return e
}

// inIndex is in for an array index.
func (e *fault) inIndex(i int) *fault { return e.in(strconv.Itoa(i)) }

// An ident identifies a map or slice: its pointer, and a slice's length.
type ident [2]uintptr

// identOf returns the ident of c, and false if c is not a non-nil
// map[string]any or []any.
func identOf(c any) (ident, bool) {
	switch c := c.(type) {
	case map[string]any:
		if c != nil {
			return ident{reflect.ValueOf(c).Pointer(), 0}, true
		}
	case []any:
		if c != nil {
			return ident{reflect.ValueOf(c).Pointer(), uintptr(len(c))}, true
		}
	}
	return ident{}, false
}

// doneIn is done for a fault in Go values, where a is the argument that
// errors call "target", "original" or "first", and b the other one. A
// depth error is first followed down its path from its argument: if a map
// or slice on the path encloses itself, the path is cut at the first
// member whose value is one of its own ancestors, and the error says so.
func (e *fault) doneIn(a, b map[string]any) *Error {
	if e.deep {
		root := a
		if e.input == inPatch || e.input == inModified || e.input == inSecond {
			root = b
		}
		e.cycle(root)
	}
	return e.done()
}

// cycle looks for a container that encloses itself on the path of the
// depth error e, from root.
func (e *fault) cycle(root map[string]any) {
	n := len(e.rev)
	seen := make(map[ident]bool)
	var c any = root
	for j := 0; ; j++ {
		id, ok := identOf(c)
		if !ok {
			return
		}
		if seen[id] {
			e.rev = e.rev[n-j:]
			e.msg = "cyclic value: it contains itself"
			return
		}
		seen[id] = true
		if j == n {
			return
		}
		tok := e.rev[n-1-j]
		switch v := c.(type) {
		case map[string]any:
			c = v[tok]
		case []any:
			i, err := strconv.Atoi(tok)
			if err != nil || i < 0 || i >= len(v) {
				return
			}
			c = v[i]
		}
	}
}

// done returns the Error, with Path made from the tokens gathered while
// unwinding.
func (e *fault) done() *Error {
	out := &Error{Input: e.input.String(), Offset: e.offset, Err: e.err, msg: e.msg}
	if len(e.rev) > 0 {
		var b strings.Builder
		for i := len(e.rev) - 1; i >= 0; i-- {
			b.WriteByte('/')
			appendPointerToken(&b, e.rev[i])
		}
		out.Path = b.String()
	}
	return out
}

// appendPointerToken writes tok escaped as an RFC 6901 reference token:
// "~" becomes "~0" and "/" becomes "~1".
func appendPointerToken(b *strings.Builder, tok string) {
	for i := 0; i < len(tok); i++ {
		switch c := tok[i]; c {
		case '~':
			b.WriteString("~0")
		case '/':
			b.WriteString("~1")
		default:
			b.WriteByte(c)
		}
	}
}

// valueError returns an error about a Go value: it has no byte offset.
func valueError(in input, err error, msg string) *fault {
	return &fault{input: in, offset: -1, err: err, msg: msg}
}

// depthMessage is the detail of an ErrMaxDepth error.
func depthMessage(max int) string {
	return "nesting exceeds maximum depth " + strconv.Itoa(max)
}

// maxShown is the most bytes of one member name, pointer token or number
// from the input that a message shows: longer ones are cut, so that input
// cannot make a message, and a log line, as long as itself.
const maxShown = 64

// clip returns the length of the part of s that a message shows: all of
// it when it is at most maxShown bytes, and otherwise its first bytes, cut
// at the start of a character.
func clip(s string) int {
	if len(s) <= maxShown {
		return len(s)
	}
	k := maxShown - 16
	for k > 0 && !utf8.RuneStart(s[k]) {
		k--
	}
	return k
}

// cutNote is what a message writes after a text cut by clip.
func cutNote(s string) string { return "… (" + strconv.Itoa(len(s)) + " bytes)" }

// quote quotes s for a message, cut by clip.
func quote(s string) string {
	if k := clip(s); k < len(s) {
		return strconv.Quote(s[:k]) + cutNote(s)
	}
	return strconv.Quote(s)
}

// formatFloat formats f for a message.
func formatFloat(f float64) string { return strconv.FormatFloat(f, 'g', -1, 64) }
