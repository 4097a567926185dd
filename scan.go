package deepmerge

import (
	"strconv"
	"sync"
	"unicode/utf8"
)

// A scanner reads one JSON text strictly: RFC 8259 syntax, valid UTF-8,
// no unpaired surrogate escapes, nesting within max, and (when dups is set)
// no repeated member names. It never allocates on success, except to grow
// the shared scratch space in st. The names of the readers of text say
// what they make:
//
//   - scan… (scanValue, scanObject, scanArray, scanScalar, scanString,
//     scanNumber, scanLiteral) checks a value and describes its first
//     fault: the plain reader, which states the grammar;
//   - skip… (skip, skipFast, skipPlain, in fastscan.go) checks a value as
//     scanValue does, faster, leaving the fault to scanValue; in the
//     plain build (-tags deepmerge_plain) skip is scanValue itself, and
//     the fast paths below are left out;
//   - read… (the tree's and the normalizer's) checks a value and records
//     its structure; decode makes Go values of it; merge… (the merger's)
//     writes a merge of it;
//   - two fast paths of those read members by themselves, each giving up
//     to its caller on any doubt: skipUntouched (fastmerge.go), over the
//     members that a merge leaves alone, and same… (fastdiff.go), which
//     checks DiffJSON's original while comparing it with modified;
//   - record… (fastdiff.go) checks DiffJSON's modified arrays as skip
//     does, noting where their objects' members are for same…, and
//     leaves anything else, and every fault, to skip;
//   - checked…End and scalarEnd (checked.go) find the end of a value in
//     text already checked, without checking it again.
type scanner struct {
	// data is the text, its capacity cut to its length: the readers of
	// eight bytes at a time (prefixKey) never reach past it.
	data  []byte
	input input
	max   int  // maximum depth
	dups  bool // check every object for repeated names
	ws    bool // set when skipWS skips anything
	st    *scratch

	// lenient lets scanString pass invalid UTF-8 and unpaired surrogate
	// escapes, which encoding/json reads as U+FFFD, for Normalize.
	lenient bool
}

// scratch is the reusable memory of one call: the stacked sets of names
// that find repeats, with the decoded names that have escapes.
type scratch struct {
	names       nameStack // the names of the open objects
	scratchFast           // what the fast scanners keep, in fastscan.go
}

// maxKeep is the most elements a pooled buffer may hold and still be kept
// for reuse, four times as many for a hash table: one large input must not
// pin its memory in a pool. This is the rule of every pool of the package:
// scratch.fits, tree.fits and planBuf.fits state it for their buffers, and
// the pools of the merger, differ and composer keep one only when every
// part of it fits.
const maxKeep = 1 << 16

var scratchPool = sync.Pool{New: func() any { return new(scratch) }}

// fits reports whether st may be kept for reuse.
func (st *scratch) fits() bool {
	return st.names.fits() && st.fastFits()
}

// reset empties st for reuse.
func (st *scratch) reset() {
	st.names.reset()
}

// putScratch returns st to its pool if it fits.
func putScratch(st *scratch) {
	if st.fits() {
		st.reset()
		scratchPool.Put(st)
	}
}

func (s *scanner) errAt(off int, err error, msg string) *fault {
	return &fault{input: s.input, offset: int64(off), err: err, msg: msg}
}

// unexpected returns the syntax error for the byte at i, or for the end of
// input when i is past it. context completes "invalid character 'x' …".
func (s *scanner) unexpected(i int, context string) *fault {
	if i >= len(s.data) {
		return s.errAt(len(s.data), ErrSyntax, "unexpected end of JSON input")
	}
	if msg := encodingFault(s.data, i); msg != "" {
		return s.errAt(i, ErrSyntax, msg)
	}
	return s.errAt(i, ErrSyntax, "invalid character "+quoteByte(s.data[i])+" "+context)
}

// encodingFault names the reason when the syntax error at i is the first
// sign that d is not UTF-8 JSON text at all: it starts with a byte order
// mark, or it is UTF-16, whose ASCII characters come with a NUL byte
// before (big-endian) or after (little-endian) them: d is one such
// character, or its first two are. Otherwise it returns "".
func encodingFault(d []byte, i int) string {
	switch {
	case i == 0 && len(d) >= 3 && d[0] == 0xef && d[1] == 0xbb && d[2] == 0xbf:
		return "starts with a UTF-8 byte order mark, which JSON text must not have"
	case i == 0 && len(d) >= 2 && (d[0] == 0xfe && d[1] == 0xff || d[0] == 0xff && d[1] == 0xfe):
		return "starts with a UTF-16 byte order mark: JSON text must be UTF-8"
	case i == 0 && d[0] == 0 && len(d) >= 2 && d[1] != 0 && d[1] < 0x80 && (len(d) == 2 || len(d) >= 4 && d[2] == 0),
		i == 1 && d[1] == 0 && d[0] != 0 && d[0] < 0x80 && (len(d) == 2 || len(d) >= 4 && d[3] == 0):
		return "looks like UTF-16 (a NUL byte beside each ASCII character): JSON text must be UTF-8"
	}
	return ""
}

// skipWS returns the index of the first byte at or after i that is not
// JSON whitespace.
func (s *scanner) skipWS(i int) int {
	d := s.data
	if i < len(d) && d[i] > ' ' {
		return i
	}
	if j := spaceEnd(d, i); j != i {
		i, s.ws = j, true
	}
	return i
}

// spaceEnd returns the end of the run of JSON whitespace (space, tab, line
// feed, carriage return) that starts at i in d. Any other byte ends it; the
// caller's next step rejects one that cannot come next.
func spaceEnd(d []byte, i int) int {
	for i < len(d) {
		switch d[i] {
		case ' ', '\t', '\n', '\r':
			i++
			continue
		}
		break
	}
	return i
}

// topValue checks that data is exactly one JSON value, with optional
// whitespace around it, and returns the offsets of that value.
func (s *scanner) topValue() (start, end int, err *fault) {
	start = s.skipWS(0)
	end, err = s.skip(start, 0)
	if err != nil {
		return 0, 0, err
	}
	if err := s.end(end); err != nil {
		return 0, 0, err
	}
	return start, end, nil
}

// end checks that nothing but whitespace follows offset i.
func (s *scanner) end(i int) *fault {
	if i = s.skipWS(i); i < len(s.data) {
		return s.unexpected(i, "after top-level value")
	}
	return nil
}

// scanValue checks the value starting at i, which is inside containers
// nested depth deep, and returns the offset just past it. It is the plain
// reader, the specification of the text the package accepts; skip is the
// same check made fast.
func (s *scanner) scanValue(i, depth int) (int, *fault) {
	if i < len(s.data) {
		switch s.data[i] {
		case '{':
			return s.scanObject(i, depth+1)
		case '[':
			return s.scanArray(i, depth+1)
		}
	}
	return s.scanScalar(i)
}

// scanScalar checks the string, number or literal at i and returns the
// offset past it. Any other byte at i is a fault.
func (s *scanner) scanScalar(i int) (int, *fault) {
	d := s.data
	if i >= len(d) {
		return i, s.unexpected(i, "")
	}
	switch c := d[i]; c {
	case '"':
		j, _, err := s.scanString(i)
		return j, err
	case 't':
		return s.scanLiteral(i, "true")
	case 'f':
		return s.scanLiteral(i, "false")
	case 'n':
		return s.scanLiteral(i, "null")
	default:
		if c == '-' || '0' <= c && c <= '9' {
			return s.scanNumber(i)
		}
		return i, s.unexpected(i, "looking for beginning of value")
	}
}

// The grammar of objects and arrays is written once, in three steps that
// every reader of containers takes in the same order, each with its
// faults:
//
//	i, more, err := s.open(i, depth, '}') // the '{' at i
//	for more {
//		n, i, err = s.member(i) // an object's member name and colon
//		... the value at i ...
//		i, more, err = s.next(i, '}')
//	}
//	return i, err
//
// with ']' for an array, which has no member names. scanObject and
// scanArray are the plainest readers; skipFast and skipPlain read the same
// grammar faster, without describing faults.

// open starts the container whose opening bracket is at i, at depth, and
// closed by close. It returns the offset of the first member or element
// and more set, or, for an empty container, the offset past it.
func (s *scanner) open(i, depth int, close byte) (int, bool, *fault) {
	if depth > s.max {
		return i, false, s.errAt(i, ErrMaxDepth, depthMessage(s.max))
	}
	i = s.skipWS(i + 1)
	if i < len(s.data) && s.data[i] == close {
		return i + 1, false, nil
	}
	return i, true, nil
}

// A nameText is where a member name stands in the text: data[start:end]
// is the string, quotes included.
type nameText struct {
	start, end int
	escaped    bool // the string has escapes
}

// memberPlain reads the member name at i and the colon after it, and
// returns the name and the offset of the member's value: member's plain
// twin, for any name (escapes, whitespace, and faults).
func (s *scanner) memberPlain(i int) (nameText, int, *fault) {
	d := s.data
	if i >= len(d) || d[i] != '"' {
		return nameText{}, i, s.unexpected(i, "looking for beginning of object key string")
	}
	end, esc, err := s.scanString(i)
	n := nameText{i, end, esc}
	if err != nil {
		return n, end, err
	}
	j := s.skipWS(end)
	if j >= len(d) || d[j] != ':' {
		return n, j, s.unexpected(j, "after object key")
	}
	return n, s.skipWS(j + 1), nil
}

// next reads what follows a member or element at i: a comma, after which
// it returns the offset of the next one and more set, or close, after
// which it returns the offset past the container.
func (s *scanner) next(i int, close byte) (int, bool, *fault) {
	d := s.data
	if i < len(d) && d[i] <= ' ' {
		i = s.skipWS(i)
	}
	if i < len(d) {
		switch d[i] {
		case ',':
			if i++; i < len(d) && d[i] <= ' ' {
				i = s.skipWS(i)
			}
			return i, true, nil
		case close:
			return i + 1, false, nil
		}
	}
	if close == '}' {
		return i, false, s.unexpected(i, "after object key:value pair")
	}
	return i, false, s.unexpected(i, "after array element")
}

// repeated returns the fault of an object's member named n, whose name an
// earlier member has.
func (s *scanner) repeated(n nameText) *fault {
	name := s.nameString(n)
	return s.errAt(n.start, ErrDuplicateName, "duplicate member name "+quote(name)).in(name)
}

// scanObject checks the object whose '{' is at i and which is at depth.
func (s *scanner) scanObject(i, depth int) (int, *fault) {
	i, more, err := s.open(i, depth, '}')
	var lvl nameLevel
	if s.dups && more {
		lvl = s.st.names.open()
		defer s.st.names.close(&lvl)
	}
	for more {
		var n nameText
		if n, i, err = s.member(i); err != nil {
			return i, err
		}
		if s.dups {
			if name := s.name(n); s.st.names.add(&lvl, s.data, n, name) {
				return n.start, s.repeated(n)
			}
		}
		if i, err = s.scanValue(i, depth); err != nil {
			return i, err.in(s.nameString(n))
		}
		i, more, err = s.next(i, '}')
	}
	return i, err
}

// scanArray checks the array whose '[' is at i and which is at depth.
func (s *scanner) scanArray(i, depth int) (int, *fault) {
	i, more, err := s.open(i, depth, ']')
	for k := 0; more; k++ {
		if i, err = s.scanValue(i, depth); err != nil {
			return i, err.inIndex(k)
		}
		i, more, err = s.next(i, ']')
	}
	return i, err
}

// scanLiteral checks that the literal lit (true, false or null) is at i.
func (s *scanner) scanLiteral(i int, lit string) (int, *fault) {
	d := s.data
	for k := 0; k < len(lit); k++ {
		if i+k >= len(d) || d[i+k] != lit[k] {
			return i + k, s.unexpected(i+k, "in literal "+lit+" (expecting "+quoteByte(lit[k])+")")
		}
	}
	return i + len(lit), nil
}

// scanNumber checks the number literal at i and returns its end.
func (s *scanner) scanNumber(i int) (int, *fault) {
	j := numberEndFast(s.data, i)
	if j < 0 {
		return -j, s.unexpected(-j, "in numeric literal")
	}
	return j, nil
}

// numberEnd returns the end of the JSON number literal starting at i, or
// the negated offset of the first byte that breaks the grammar
//
//	-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?
//
// A literal cut short by the end of d is a fault at len(d).
func numberEnd[T string | []byte](d T, i int) int {
	n := len(d)
	if i < n && d[i] == '-' {
		i++
	}
	switch {
	case i < n && d[i] == '0':
		i++
	case i < n && '1' <= d[i] && d[i] <= '9':
		i++
		for i < n && '0' <= d[i] && d[i] <= '9' {
			i++
		}
	default:
		return -i
	}
	if i < n && d[i] == '.' {
		i++
		if i >= n || d[i] < '0' || d[i] > '9' {
			return -i
		}
		for i < n && '0' <= d[i] && d[i] <= '9' {
			i++
		}
	}
	if i < n && (d[i] == 'e' || d[i] == 'E') {
		i++
		if i < n && (d[i] == '+' || d[i] == '-') {
			i++
		}
		if i >= n || d[i] < '0' || d[i] > '9' {
			return -i
		}
		for i < n && '0' <= d[i] && d[i] <= '9' {
			i++
		}
	}
	return i
}

// plainBytesEnd returns the offset of the first byte at or after i in d
// that a string cannot simply pass over: a quote, a backslash, a control
// character or part of a multi-byte rune. It is plainEnd's plain twin.
func plainBytesEnd(d []byte, i int) int {
	for i < len(d) && ' ' <= d[i] && d[i] < utf8.RuneSelf && d[i] != '"' && d[i] != '\\' {
		i++
	}
	return i
}

// digitsPlainEnd returns the end of the run of ASCII digits that starts at
// i in d: digitsEnd's plain twin.
func digitsPlainEnd(d []byte, i int) int {
	for i < len(d) && '0' <= d[i] && d[i] <= '9' {
		i++
	}
	return i
}

// isNumber reports whether s is exactly one JSON number literal.
func isNumber(s string) bool {
	return len(s) > 0 && numberEnd(s, 0) == len(s)
}

// scanString checks the string whose opening quote is at i and returns the
// offset just past its closing quote, and whether it holds any escape.
func (s *scanner) scanString(i int) (end int, escaped bool, err *fault) {
	d := s.data
	i++
	for {
		i = plainEnd(d, i)
		if i >= len(d) {
			return i, escaped, s.unexpected(i, "")
		}
		c := d[i]
		switch {
		case c == '"':
			return i + 1, escaped, nil
		case c == '\\':
			escaped = true
			j, err := s.escape(i)
			if err != nil {
				return j, escaped, err
			}
			i = j
		case c < 0x20:
			return i, escaped, s.unexpected(i, "in string literal")
		case c >= utf8.RuneSelf:
			r, size := utf8.DecodeRune(d[i:])
			if r == utf8.RuneError && size == 1 && !s.lenient {
				return i, escaped, s.errAt(i, ErrInvalidUTF8, "invalid UTF-8 in string")
			}
			i += size
		default:
			i++
		}
	}
}

// escape checks the escape sequence whose backslash is at i and returns
// its end. A \u escape naming a UTF-16 surrogate must be a high surrogate
// followed at once by an escaped low one.
func (s *scanner) escape(i int) (int, *fault) {
	d := s.data
	if i+1 >= len(d) {
		return len(d), s.unexpected(len(d), "")
	}
	switch d[i+1] {
	case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
		return i + 2, nil
	case 'u':
		r, err := s.hex4(i + 2)
		if err != nil {
			return i, err
		}
		switch {
		case r < 0xD800 || r > 0xDFFF:
			return i + 6, nil
		case r <= 0xDBFF:
			if i+7 < len(d) && d[i+6] == '\\' && d[i+7] == 'u' {
				r2, err := s.hex4(i + 8)
				if err != nil {
					return i + 6, err
				}
				if 0xDC00 <= r2 && r2 <= 0xDFFF {
					return i + 12, nil
				}
			}
		}
		if s.lenient {
			return i + 6, nil
		}
		return i, s.errAt(i, ErrInvalidUTF8, "\\u escape names an unpaired UTF-16 surrogate")
	}
	return i + 1, s.unexpected(i+1, "in string escape code")
}

// hex4 decodes the four hex digits at i.
func (s *scanner) hex4(i int) (rune, *fault) {
	d := s.data
	var r rune
	for k := i; k < i+4; k++ {
		if k >= len(d) {
			return 0, s.unexpected(k, "")
		}
		c := d[k]
		switch {
		case '0' <= c && c <= '9':
			c -= '0'
		case 'a' <= c && c <= 'f':
			c -= 'a' - 10
		case 'A' <= c && c <= 'F':
			c -= 'A' - 10
		default:
			return 0, s.unexpected(k, "in \\u hexadecimal character escape")
		}
		r = r<<4 | rune(c)
	}
	return r, nil
}

// name returns the decoded name n, which has been checked. Without escapes
// it is a subslice of the input; with them it is decoded into the arena of
// the scratch space's set of names.
func (s *scanner) name(n nameText) []byte {
	if !n.escaped {
		return s.data[n.start+1 : n.end-1]
	}
	return s.decodedName(n)
}

// decodedName is name for a name with escapes, out of line so that name
// is inlined.
func (s *scanner) decodedName(n nameText) []byte {
	raw := s.data[n.start+1 : n.end-1]
	a := s.st.names.arena
	start := len(a)
	a = appendUnescaped(a, raw)
	s.st.names.arena = a
	return a[start:len(a):len(a)]
}

// nameString is name as a string, for error paths.
func (s *scanner) nameString(n nameText) string {
	raw := s.data[n.start+1 : n.end-1]
	if !n.escaped {
		return string(raw)
	}
	return string(appendUnescaped(nil, raw))
}

// appendUnescaped appends the decoded form of the checked string body raw.
func appendUnescaped(dst, raw []byte) []byte {
	for i := 0; i < len(raw); {
		c := raw[i]
		if c != '\\' {
			j := i + 1
			for j < len(raw) && raw[j] != '\\' {
				j++
			}
			dst = append(dst, raw[i:j]...)
			i = j
			continue
		}
		switch raw[i+1] {
		case 'b':
			dst = append(dst, '\b')
		case 'f':
			dst = append(dst, '\f')
		case 'n':
			dst = append(dst, '\n')
		case 'r':
			dst = append(dst, '\r')
		case 't':
			dst = append(dst, '\t')
		case 'u':
			r := unhex4(raw[i+2:])
			if 0xD800 <= r && r <= 0xDBFF {
				r2 := unhex4(raw[i+8:])
				r = 0x10000 + (r-0xD800)<<10 + (r2 - 0xDC00)
				i += 6
			}
			dst = utf8.AppendRune(dst, r)
			i += 6
			continue
		default: // '"', '\\', '/'
			dst = append(dst, raw[i+1])
		}
		i += 2
	}
	return dst
}

// unhex4 decodes four hex digits that have been checked.
func unhex4(b []byte) rune {
	var r rune
	for _, c := range b[:4] {
		switch {
		case c <= '9':
			c -= '0'
		case c >= 'a':
			c -= 'a' - 10
		default:
			c -= 'A' - 10
		}
		r = r<<4 | rune(c)
	}
	return r
}

// quoteByte formats c for a syntax error message.
func quoteByte(c byte) string {
	if c >= 0x20 && c < 0x7f {
		if c == '\'' {
			return `'\''`
		}
		return "'" + string(rune(c)) + "'"
	}
	return "byte 0x" + strconv.FormatUint(uint64(c), 16)
}
