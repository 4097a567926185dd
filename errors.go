package deepmerge

import (
	"errors"
	"reflect"
	"strconv"
	"strings"
)

// The sentinel errors below are the causes an [*Error] wraps. Test for them
// with [errors.Is]; the text of an error's message may change between
// versions, the sentinels and the fields of [Error] will not.
var (
	// ErrNilTarget means that MergeInto was given a nil target map, which
	// it cannot modify in place.
	ErrNilTarget = errors.New("nil target map")

	// ErrMaxDepth means that objects and arrays nest deeper than
	// [Options.MaxDepth], or that a map or slice contains itself.
	ErrMaxDepth = errors.New("nesting exceeds maximum depth")

	// ErrUnsupportedValue means that a Go value has no JSON form: a channel,
	// a function, a complex number, a NaN or infinite float, an invalid
	// [encoding/json.Number], or any value that [encoding/json.Marshal]
	// rejects.
	ErrUnsupportedValue = errors.New("unsupported value")

	// ErrInvalidUTF8 means that a string or member name is not valid UTF-8,
	// or that a \u escape in JSON text names an unpaired UTF-16 surrogate.
	ErrInvalidUTF8 = errors.New("invalid UTF-8")

	// ErrSyntax means that input text is not a single valid JSON value:
	// a malformed token, an unexpected end, empty input or trailing data.
	ErrSyntax = errors.New("invalid JSON syntax")

	// ErrDuplicateName means that an object in input text has two members
	// whose names are equal once their escapes are decoded.
	ErrDuplicateName = errors.New("duplicate member name")

	// ErrNotRepresentable means that no merge patch can turn the original
	// into the modified document, because the modified document keeps a
	// null as an object member or is not an object while the original is
	// (a merge patch can only remove a member, never store a null).
	ErrNotRepresentable = errors.New("not representable as a merge patch")
)

// Error describes a failure to merge, validate or diff, and where it
// happened. Every error returned by this package is an *Error.
//
// Error wraps one of the package's sentinel errors (such as [ErrMaxDepth])
// so that callers can use [errors.Is]; the message text is for people and
// may change.
type Error struct {
	// Input names the argument at fault: "target" or "patch" for the merge
	// functions, "original" or "modified" for the diff functions, and ""
	// for [Validate].
	Input string

	// Path is the RFC 6901 JSON Pointer to the value at fault within
	// Input, such as "/a/b~1c/0". The empty string is the whole input.
	Path string

	// Offset is the byte offset within Input at which the fault was
	// found, for errors in JSON text; it is -1 for errors in Go values.
	Offset int64

	// Err is the cause: one of the package's sentinel errors.
	Err error

	msg string   // detail for Error; Err.Error() when empty
	rev []string // Path's reference tokens, innermost first, while unwinding

	// For a depth error in Go values: the container found too deep, and
	// how many tokens of rev lie inside its two outermost occurrences on
	// the path, which a cycle repeats.
	cyc          uintptr
	outer, inner int
}

// Error returns a message of the form
// "deepmerge: INPUT: offset N: /json/pointer: what", leaving out the parts
// that do not apply.
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
		b.WriteString(e.Path)
		b.WriteString(": ")
	}
	switch {
	case e.msg != "":
		b.WriteString(e.msg)
	case e.Err != nil:
		b.WriteString(e.Err.Error())
	default:
		b.WriteString("unknown error")
	}
	return b.String()
}

// Unwrap returns e.Err.
func (e *Error) Unwrap() error { return e.Err }

// in records that the error happened inside the member or element named
// token of the enclosing value. It is called while unwinding, innermost
// first, so that paths cost nothing until something fails.
func (e *Error) in(token string) *Error {
	e.rev = append(e.rev, token)
	return e
}

// inIndex is in for an array index.
func (e *Error) inIndex(i int) *Error { return e.in(strconv.Itoa(i)) }

// within notes, while unwinding, that the error happened inside the map or
// slice c. If c is the container that was found too deep, the value is
// cyclic, and the error is made to point at the member that closes the
// cycle rather than at the limit.
func (e *Error) within(c any) *Error {
	if e.cyc != 0 && reflect.ValueOf(c).Pointer() == e.cyc {
		e.inner, e.outer = e.outer, len(e.rev)
	}
	return e
}

// done fills in Path from the tokens gathered while unwinding.
func (e *Error) done() *Error {
	if e.cyc != 0 && e.outer > 0 {
		e.rev = e.rev[e.inner:]
		e.msg = "cyclic value: it contains itself"
		e.cyc = 0
	}
	if len(e.rev) == 0 {
		return e
	}
	var b strings.Builder
	for i := len(e.rev) - 1; i >= 0; i-- {
		b.WriteByte('/')
		appendPointerToken(&b, e.rev[i])
	}
	e.Path = b.String()
	e.rev = nil
	return e
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
func valueError(input string, err error, msg string) *Error {
	return &Error{Input: input, Offset: -1, Err: err, msg: msg}
}

// depthMessage is the detail of an ErrMaxDepth error.
func depthMessage(max int) string {
	return "nesting exceeds maximum depth " + strconv.Itoa(max)
}

// msgOrErr is the detail of e without its location.
func (e *Error) msgOrErr() string {
	if e.msg != "" {
		return e.msg
	}
	return e.Err.Error()
}

// quote quotes s for a message.
func quote(s string) string { return strconv.Quote(s) }

// formatFloat formats f for a message.
func formatFloat(f float64) string { return strconv.FormatFloat(f, 'g', -1, 64) }

// trimJSONPrefix drops the "json: " that encoding/json's errors begin with.
func trimJSONPrefix(s string) string { return strings.TrimPrefix(s, "json: ") }
