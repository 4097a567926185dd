package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"strconv"
	"strings"

	"github.com/deepmerge-go/deepmerge"
)

// message returns the line that reports err on standard error. A fault
// at a known place in an input's text begins with that place, as
// "FILE:LINE:COL: ", so that editors can jump to it; every other error
// begins with "deepmerge: ".
func message(err error) string {
	var fe *fileError
	if errors.As(err, &fe) && fe.line > 0 {
		return fe.Error()
	}
	if rn, ok := err.(*repairNote); ok {
		return rn.Error()
	}
	return "deepmerge: " + err.Error()
}

// fileError is a fault in one input. It prints as
//
//	FILE:LINE:COL: /json/pointer: reason (offset N)
//
// when the offset of the fault is known, as
//
//	FILE:LINE: /json/pointer: reason
//
// when only its line is (a line of a stream), and otherwise as
//
//	FILE: /json/pointer: reason
//
// LINE and COL count from 1, COL in bytes; N is the byte offset in FILE,
// from 0. The pointer is left out when it is empty.
type fileError struct {
	file      string
	line, col int64 // 0 when unknown
	offset    int64 // -1 when unknown
	e         *deepmerge.Error
}

func (f *fileError) Error() string {
	var b strings.Builder
	b.WriteString(f.file)
	if f.line > 0 {
		b.WriteByte(':')
		b.WriteString(strconv.FormatInt(f.line, 10))
		if f.col > 0 {
			b.WriteByte(':')
			b.WriteString(strconv.FormatInt(f.col, 10))
		}
	}
	b.WriteString(": ")
	b.WriteString(pointer(f.e))
	b.WriteString(f.e.Reason())
	if f.offset >= 0 {
		b.WriteString(" (offset ")
		b.WriteString(strconv.FormatInt(f.offset, 10))
		b.WriteByte(')')
	}
	return b.String()
}

func (f *fileError) Unwrap() error { return f.e }

// pointer returns the pointer of e as the library prints it, shortened
// and quoted where it must be so that it is safe to print, followed by
// ": "; or "" for an empty pointer. The library's message without Input
// and Offset is "deepmerge: ", that, and the reason.
func pointer(e *deepmerge.Error) string {
	c := *e
	c.Input, c.Offset = "", -1
	msg := strings.TrimPrefix(c.Error(), "deepmerge: ")
	return strings.TrimSuffix(msg, c.Reason())
}

// locate returns the fileError for e, a fault in the text of in: its
// offset in in.data, if known, becomes a line, a column and an offset in
// the file that holds in.
func locate(in *input, e *deepmerge.Error) *fileError {
	f := &fileError{file: in.name, offset: -1, e: e}
	if in.streamLine {
		f.line = in.line // known even when the offset is not
	}
	if e.Offset < 0 {
		return f
	}
	off := e.Offset
	if off > int64(len(in.data)) {
		off = int64(len(in.data)) // not expected: offsets are within the text
	}
	before := in.data[:off]
	nl := bytes.LastIndexByte(before, '\n')
	f.line = in.line + int64(bytes.Count(before, []byte{'\n'}))
	f.col = off - int64(nl+1) + 1
	f.offset = in.off + off
	return f
}

// describe turns a library error into a fileError for the input that
// which gives for its Input.
func describe(err error, which func(*deepmerge.Error) *input) error {
	var e *deepmerge.Error
	if !errors.As(err, &e) {
		return err
	}
	in := which(e)
	if in == nil {
		// Not expected: every Input is one of ours.
		in = &input{name: e.Input, line: 1}
	}
	return locate(in, e)
}

// mergeError returns the error to report when applying patch, the i-th
// patch (from 0), failed with err. target is the original target text,
// before any patch: its name and place.
func mergeError(opts deepmerge.Options, target, patch input, i int, err error) error {
	var e *deepmerge.Error
	if i > 0 && errors.As(err, &e) && e.Input == "target" {
		// The target of this merge is the output of the previous ones,
		// so its offset means nothing in the original target. The only
		// fault it can hold is a duplicate member name that the first
		// merges copied without checking (the library checks only the
		// target objects a patch reaches); every other fault was ruled
		// out by the first merge, and everything the patches brought in
		// was checked in full. Such an object is in the original target
		// at the same path, so find it there.
		return locate(&target, relocate(opts, target.data, e))
	}
	return describe(err, func(e *deepmerge.Error) *input {
		switch e.Input {
		case "target":
			return &target
		case "patch":
			return &patch
		}
		return nil
	})
}

// relocate returns the error e, which a later merge found in the running
// result, with its offset in the original target text. It reaches the
// object at fault in the original target by merging into it a patch that
// holds only the path there, so that the library reports the same fault
// with the original text's offset. If that finds some other fault, or
// none, it returns e without an offset.
func relocate(opts deepmerge.Options, target []byte, e *deepmerge.Error) *deepmerge.Error {
	u := *e
	u.Offset = -1
	unknown := &u
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
