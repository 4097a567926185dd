//go:build !deepmerge_plain

package deepmerge

// This file holds the scanner's fast paths, built unless the
// deepmerge_plain tag is set, when plain.go puts each seam's plain twin in
// its place. skip, skipFast and skipPlain read the grammar of scanValue,
// the plain reader in scan.go, which stays the specification; they accept
// exactly what it accepts, and leave it to describe every fault. member
// reads a compact name itself and leaves the rest to memberPlain.
// plainEnd, digitsEnd and numberEndFast read strings and numbers eight
// bytes at a time; their twins (plainBytesEnd, digitsPlainEnd, numberEnd)
// read a byte at a time. FuzzScanners (fastscan_test.go) holds each seam
// equal to its twin, and holds recordArray (fastdiff.go), another reader
// of the same grammar, equal to scanValue too.

import (
	"encoding/binary"
	"math/bits"
)

const (
	lsb = 0x0101010101010101
	msb = 0x8080808080808080
)

// skip checks the value at i, inside depth containers, and returns the
// offset past it: the fast scanner first, and scanValue to describe a
// fault. It looks for repeated names if s.dups is set.
func (s *scanner) skip(i, depth int) (int, *fault) {
	if i < len(s.data) {
		// Scalars need no stack: read them directly. This is scanScalar
		// written out, which saves a call per member; calling it took 6%
		// more instructions on MergeJSON of wide10k.
		switch c := s.data[i]; {
		case c == '"':
			j, _, err := s.scanString(i)
			return j, err
		case '0' <= c && c <= '9' || c == '-':
			return s.scanNumber(i)
		case c == 't':
			return s.scanLiteral(i, "true")
		case c == 'f':
			return s.scanLiteral(i, "false")
		case c == 'n':
			return s.scanLiteral(i, "null")
		}
	}
	if j, ok := s.skipFast(i, depth); ok {
		return j, nil
	}
	return s.scanValue(i, depth)
}

// skipFast is scanValue for the common case, without the recursion: it
// checks the value at i, inside depth containers, with one loop and a bit
// stack, and reports only whether the value is valid. When s.dups is set
// it looks for repeated names too, keeping each open object's set on a
// stack in the scratch space; when it is not, it leaves the work to
// skipPlain. To keep its variables in registers, it reads whether the open
// container is an object from the bit stack when needed, and notes
// whitespace in s.ws as it meets it.
// On any fault, or nesting too deep for its stacks, it returns ok ==
// false, and the caller runs scanValue over the same text to find and
// describe the fault; so skipFast must never accept what scanValue
// rejects.
func (s *scanner) skipFast(i, depth int) (end int, ok bool) {
	if !s.dups {
		return s.skipPlain(i, depth)
	}
	const stackBits = 64 * 64
	var stack [64]uint64 // bit set: the container at that level is an object
	d := s.data
	top := -1 // level of the innermost open container
	limit := s.max - depth
	if limit > stackBits {
		limit = stackBits
	}
	names := &s.st.names
	levels := s.st.levels[:0] // the name sets of the open objects
value:
	if i >= len(d) {
		goto fail
	}
	switch c := d[i]; {
	case c == '"':
		i = plainEnd(d, i+1)
		if i < len(d) && d[i] == '"' {
			i++
		} else if i = s.stringRest(i); i < 0 {
			goto fail
		}
	case '1' <= c && c <= '9':
		if i = decimalEnd(d, i); i < 0 {
			goto fail
		}
	case c == '{' || c == '[':
		if top+1 >= limit {
			goto fail
		}
		top++
		obj := uint64(c>>5) & 1 // '{' is '[' | 0x20
		w := &stack[uint(top)/64%64]
		*w = *w&^(1<<(uint(top)%64)) | obj<<(uint(top)%64)
		if obj != 0 {
			// names.open, stored in place: a level built apart and then
			// appended is copied in wider loads than it was written with,
			// which the processor cannot forward from its stores (this
			// took 7% of Validate's time on meta8k).
			levels = append(levels, level{})
			names.openAt(&levels[len(levels)-1])
		}
		i++
		if i < len(d) && d[i] <= ' ' {
			i, s.ws = spaceEnd(d, i), true
		}
		if i < len(d) && d[i] == c+2 { // '}' or ']'
			if obj != 0 {
				names.close(&levels[len(levels)-1])
				levels = levels[:len(levels)-1]
			}
			top--
			i++
			break
		}
		if obj != 0 {
			goto key
		}
		goto value
	case c == '-' || c == '0':
		if i = numberEndFast(d, i); i < 0 {
			goto fail
		}
	case c == 't':
		if len(d)-i < 4 || string(d[i:i+4]) != "true" {
			goto fail
		}
		i += 4
	case c == 'f':
		if len(d)-i < 5 || string(d[i:i+5]) != "false" {
			goto fail
		}
		i += 5
	case c == 'n':
		if len(d)-i < 4 || string(d[i:i+4]) != "null" {
			goto fail
		}
		i += 4
	default:
		goto fail
	}

	// After a value: the end, or a comma or closing bracket.
	for top >= 0 {
		if i < len(d) && d[i] <= ' ' {
			i, s.ws = spaceEnd(d, i), true
		}
		if i >= len(d) {
			goto fail
		}
		obj := stack[uint(top)/64%64] >> (uint(top) % 64) & 1 // in an object
		if d[i] == ',' {
			i++
			if i < len(d) && d[i] <= ' ' {
				i, s.ws = spaceEnd(d, i), true
			}
			if obj != 0 {
				goto key
			}
			goto value
		}
		if d[i] != ']'|byte(obj<<5) { // '}' is ']' | 0x20
			goto fail
		}
		if obj != 0 {
			names.close(&levels[len(levels)-1])
			levels = levels[:len(levels)-1]
		}
		top--
		i++
	}
	s.st.levels = levels[:0] // keep what append grew
	return i, true

key: // at a member name: the name, its colon, then the value
	{
		if i >= len(d) || d[i] != '"' {
			goto fail
		}
		ns := i
		lvl := &levels[len(levels)-1]
		if i = plainEnd(d, i+1); i < len(d) && d[i] == '"' {
			i++
			// names.add for a name without escapes, with its common
			// case written out: in an object still in order, a name
			// whose prefixKey is above the last one's (or above 0, for
			// the first name) follows them.
			if name := d[ns+1 : i-1]; lvl.ordered {
				if k := prefixKey(name); k > lvl.last {
					names.push(lvl, name, ns+1, k)
				} else if names.addHashed(lvl, d, name, ns+1, 0, false) {
					goto fail
				}
			} else if names.addHashed(lvl, d, name, ns+1, 0, false) {
				goto fail
			}
		} else {
			j, esc, err := s.scanString(i - 1) // from i: see stringRest
			if err != nil {
				goto fail
			}
			i = j
			nt := nameText{ns, i, esc}
			name := s.name(nt)
			if names.addHashed(lvl, d, name, names.at(nt, name), 0, false) {
				goto fail
			}
		}
		if i < len(d) && d[i] <= ' ' {
			i, s.ws = spaceEnd(d, i), true
		}
		if i >= len(d) || d[i] != ':' {
			goto fail
		}
		i++
		if i < len(d) && d[i] <= ' ' {
			i, s.ws = spaceEnd(d, i), true
		}
		goto value
	}

fail:
	if len(levels) > 0 {
		names.close(&levels[0])
	}
	s.st.levels = levels[:0]
	return i, false
}

// skipPlain is skipFast without the search for repeated names, for text
// in which they do not matter, such as the parts of a target that the
// merge copies without reading their members. Its contract is skipFast's.
// The two are kept apart on purpose, though most of their lines are the
// same: one function serving both, with the name search behind a flag,
// kept more variables live than the registers hold and took 21% more
// instructions on MergeJSON's copied parts (cachegrind, meta8k). A change
// to one must be made to the other; FuzzScanners checks both against
// scanValue.
func (s *scanner) skipPlain(i, depth int) (end int, ok bool) {
	const stackBits = 64 * 64
	var stack [64]uint64 // bit set: the container at that level is an object
	d := s.data
	top := -1 // level of the innermost open container
	limit := s.max - depth
	if limit > stackBits {
		limit = stackBits
	}
value:
	if i >= len(d) {
		return i, false
	}
	switch c := d[i]; {
	case c == '"':
		i = plainEnd(d, i+1)
		if i < len(d) && d[i] == '"' {
			i++
		} else if i = s.stringRest(i); i < 0 {
			return 0, false
		}
	case '1' <= c && c <= '9':
		if i = decimalEnd(d, i); i < 0 {
			return -i, false
		}
	case c == '{' || c == '[':
		if top+1 >= limit {
			return i, false
		}
		top++
		obj := uint64(c>>5) & 1 // '{' is '[' | 0x20
		w := &stack[uint(top)/64%64]
		*w = *w&^(1<<(uint(top)%64)) | obj<<(uint(top)%64)
		i++
		if i < len(d) && d[i] <= ' ' {
			i, s.ws = spaceEnd(d, i), true
		}
		if i < len(d) && d[i] == c+2 { // '}' or ']'
			top--
			i++
			break
		}
		if obj != 0 {
			goto key
		}
		goto value
	case c == '-' || c == '0':
		if i = numberEndFast(d, i); i < 0 {
			return -i, false
		}
	case c == 't':
		if len(d)-i < 4 || string(d[i:i+4]) != "true" {
			return i, false
		}
		i += 4
	case c == 'f':
		if len(d)-i < 5 || string(d[i:i+5]) != "false" {
			return i, false
		}
		i += 5
	case c == 'n':
		if len(d)-i < 4 || string(d[i:i+4]) != "null" {
			return i, false
		}
		i += 4
	default:
		return i, false
	}

	// After a value: the end, or a comma or closing bracket.
	for top >= 0 {
		if i < len(d) && d[i] <= ' ' {
			i, s.ws = spaceEnd(d, i), true
		}
		if i >= len(d) {
			return i, false
		}
		obj := stack[uint(top)/64%64] >> (uint(top) % 64) & 1 // in an object
		if d[i] == ',' {
			i++
			if i < len(d) && d[i] <= ' ' {
				i, s.ws = spaceEnd(d, i), true
			}
			if obj != 0 {
				goto key
			}
			goto value
		}
		if d[i] != ']'|byte(obj<<5) { // '}' is ']' | 0x20
			return i, false
		}
		top--
		i++
	}
	return i, true

key: // at a member name, then its colon
	if i >= len(d) || d[i] != '"' {
		return i, false
	}
	// Compact text has the colon right after the closing quote.
	if i = plainEnd(d, i+1); i+1 < len(d) && d[i] == '"' && d[i+1] == ':' {
		i += 2
	} else {
		if i < len(d) && d[i] == '"' {
			i++
		} else if i = s.stringRest(i); i < 0 {
			return 0, false
		}
		if i < len(d) && d[i] <= ' ' {
			i, s.ws = spaceEnd(d, i), true
		}
		if i >= len(d) || d[i] != ':' {
			return i, false
		}
		i++
	}
	if i < len(d) && d[i] <= ' ' {
		i, s.ws = spaceEnd(d, i), true
	}
	goto value
}

// plainEnd returns the offset of the first byte at or after i in d that a
// string cannot simply pass over (a quote, a backslash, a control character
// or part of a multi-byte rune), reading eight bytes at a time. It stops
// early, at a byte that may be plain, when fewer than eight remain.
// A byte's high bit in m is set where it is set in x (part of a multi-byte
// rune) or where x-0x20, q-1 or b-1 borrowed into it (a byte below 0x20,
// a quote, a backslash). A borrow can only spoil the bytes above the first
// one marked, and only that one counts.
func plainEnd(d []byte, i int) int {
	for i+8 <= len(d) {
		x := binary.LittleEndian.Uint64(d[i : i+8])
		q := x ^ ('"' * lsb)
		b := x ^ ('\\' * lsb)
		if m := ((q - lsb) | (b - lsb) | (x - 0x20*lsb) | x) & msb; m != 0 {
			return i + bits.TrailingZeros64(m)/8
		}
		i += 8
	}
	return i
}

// digitsEnd returns the end of the run of ASCII digits that starts at i in
// d, reading eight bytes at a time. A byte's high bit in m is set where
// x-'0' borrowed into it (a byte below '0'), where x+0x46 carried into it
// (a byte above '9') or where x has it; as in plainEnd, only the first
// byte marked counts.
func digitsEnd(d []byte, i int) int {
	for i+8 <= len(d) {
		x := binary.LittleEndian.Uint64(d[i : i+8])
		if m := ((x - '0'*lsb) | (x + (0x7f-'9')*lsb) | x) & msb; m != 0 {
			return i + bits.TrailingZeros64(m)/8
		}
		i += 8
	}
	for i < len(d) && '0' <= d[i] && d[i] <= '9' {
		i++
	}
	return i
}

// numberEndFast is numberEnd for text, reading runs of digits eight bytes
// at a time; it returns what numberEnd returns.
func numberEndFast(d []byte, i int) int {
	if i < len(d) && d[i] == '-' {
		i++
	}
	if i < len(d) {
		switch c := d[i]; {
		case '1' <= c && c <= '9':
			return decimalEnd(d, i)
		case c == '0':
			return fractionEnd(d, i+1)
		}
	}
	return -i
}

// decimalEnd is numberEndFast for the commonest numbers, those whose
// first byte, at i, is a digit from 1 to 9.
func decimalEnd(d []byte, i int) int {
	return fractionEnd(d, digitsEnd(d, i+1))
}

// fractionEnd returns the end of the number whose integer part ends at i,
// past its fraction and exponent if it has them, or the negated offset of
// the byte that breaks it.
func fractionEnd(d []byte, i int) int {
	if i < len(d) && d[i] == '.' {
		j := digitsEnd(d, i+1)
		if j == i+1 {
			return -j
		}
		i = j
	}
	if i < len(d) && d[i]|0x20 == 'e' {
		return exponentEnd(d, i)
	}
	return i
}

// exponentEnd returns the end of the exponent whose 'e' or 'E' is at i
// in d, or the negated offset of the byte that breaks it.
func exponentEnd(d []byte, i int) int {
	i++
	if i < len(d) && (d[i] == '+' || d[i] == '-') {
		i++
	}
	if j := digitsEnd(d, i); j > i {
		return j
	}
	return -i
}

// member is memberPlain's seam: it reads the member name at i and the
// colon after it, and returns the name and the offset of the member's
// value.
func (s *scanner) member(i int) (nameText, int, *fault) {
	// A name of plain bytes with its colon right after it, as compact
	// text has, is read here; anything else by memberPlain.
	d := s.data
	if i < len(d) && d[i] == '"' {
		if j := plainEnd(d, i+1); j+1 < len(d) && d[j] == '"' && d[j+1] == ':' {
			return nameText{i, j + 1, false}, s.skipWS(j + 2), nil
		}
	}
	return s.memberPlain(i)
}

// scratchFast is what the scratch space keeps for the fast scanners:
// skipFast's stack of the open objects' parts of the names.
type scratchFast struct {
	levels []level
}

// fastFits reports whether f may be kept for reuse, by the rule of maxKeep.
func (f *scratchFast) fastFits() bool { return cap(f.levels) <= maxKeep }

// openAt is open for a zero level stored at l.
func (ns *nameSet) openAt(l *level) {
	l.base, l.tabOff, l.ordered = len(ns.names), len(ns.tab), true
}
