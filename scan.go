package deepmerge

import (
	"encoding/binary"
	"hash/maphash"
	"math/bits"
	"strconv"
	"unicode/utf8"
)

// A scanner reads one JSON text strictly: RFC 8259 syntax, valid UTF-8,
// no unpaired surrogate escapes, nesting within max, and (when dups is set)
// no repeated member names. It never allocates on success, except to grow
// the shared scratch space in st.
type scanner struct {
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

// scratch is the reusable memory of one call: decoded names and the
// stacked sets of names that find repeats.
type scratch struct {
	arena  []byte  // decoded escaped names
	names  nameSet // the names of the open objects
	levels []level // skipFast's stack of open objects' parts of names
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
// before (big-endian) or after (little-endian) them. Otherwise it
// returns "".
func encodingFault(d []byte, i int) string {
	switch {
	case i == 0 && len(d) >= 3 && d[0] == 0xef && d[1] == 0xbb && d[2] == 0xbf:
		return "starts with a UTF-8 byte order mark, which JSON text must not have"
	case i == 0 && len(d) >= 2 && (d[0] == 0xfe && d[1] == 0xff || d[0] == 0xff && d[1] == 0xfe):
		return "starts with a UTF-16 byte order mark: JSON text must be UTF-8"
	case i == 0 && len(d) >= 2 && d[0] == 0 && d[1] != 0 && d[1] < 0x80,
		i == 1 && d[1] == 0 && d[0] != 0 && d[0] < 0x80:
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

// skipValue checks the value starting at i, which is inside containers
// nested depth deep, and returns the offset just past it.
func (s *scanner) skipValue(i, depth int) (int, *fault) {
	d := s.data
	if i >= len(d) {
		return i, s.unexpected(i, "")
	}
	switch c := d[i]; c {
	case '"':
		j, _, err := s.scanString(i)
		return j, err
	case '{':
		return s.skipObject(i, depth+1)
	case '[':
		return s.skipArray(i, depth+1)
	case 't':
		return s.literal(i, "true")
	case 'f':
		return s.literal(i, "false")
	case 'n':
		return s.literal(i, "null")
	default:
		if c == '-' || '0' <= c && c <= '9' {
			return s.scanNumber(i)
		}
		return i, s.unexpected(i, "looking for beginning of value")
	}
}

func (s *scanner) literal(i int, lit string) (int, *fault) {
	d := s.data
	for k := 0; k < len(lit); k++ {
		if i+k >= len(d) || d[i+k] != lit[k] {
			return i + k, s.unexpected(i+k, "in literal "+lit+" (expecting "+quoteByte(lit[k])+")")
		}
	}
	return i + len(lit), nil
}

// skipObject checks the object whose '{' is at i and which is at depth.
func (s *scanner) skipObject(i, depth int) (int, *fault) {
	if depth > s.max {
		return i, s.errAt(i, ErrMaxDepth, depthMessage(s.max))
	}
	d := s.data
	var lvl level
	if s.dups {
		lvl = s.st.names.open()
		defer s.st.names.close(lvl)
	}
	i = s.skipWS(i + 1)
	if i < len(d) && d[i] == '}' {
		return i + 1, nil
	}
	for {
		if i >= len(d) || d[i] != '"' {
			return i, s.unexpected(i, "looking for beginning of object key string")
		}
		ns := i
		ne, esc, err := s.scanString(i)
		if err != nil {
			return ne, err
		}
		if s.dups {
			if s.st.names.add(&lvl, s.name(ns, ne, esc)) {
				return ns, s.errAt(ns, ErrDuplicateName, "duplicate member name "+s.quotedName(ns, ne, esc)).in(s.nameString(ns, ne, esc))
			}
		}
		i = s.skipWS(ne)
		if i >= len(d) || d[i] != ':' {
			return i, s.unexpected(i, "after object key")
		}
		i = s.skipWS(i + 1)
		i, err = s.skipValue(i, depth)
		if err != nil {
			return i, err.in(s.nameString(ns, ne, esc))
		}
		i = s.skipWS(i)
		if i < len(d) {
			switch d[i] {
			case ',':
				i = s.skipWS(i + 1)
				continue
			case '}':
				return i + 1, nil
			}
		}
		return i, s.unexpected(i, "after object key:value pair")
	}
}

// skipArray checks the array whose '[' is at i and which is at depth.
func (s *scanner) skipArray(i, depth int) (int, *fault) {
	if depth > s.max {
		return i, s.errAt(i, ErrMaxDepth, depthMessage(s.max))
	}
	d := s.data
	i = s.skipWS(i + 1)
	if i < len(d) && d[i] == ']' {
		return i + 1, nil
	}
	for n := 0; ; n++ {
		var err *fault
		i, err = s.skipValue(i, depth)
		if err != nil {
			return i, err.inIndex(n)
		}
		i = s.skipWS(i)
		if i < len(d) {
			switch d[i] {
			case ',':
				i = s.skipWS(i + 1)
				continue
			case ']':
				return i + 1, nil
			}
		}
		return i, s.unexpected(i, "after array element")
	}
}

// scanNumber checks the number literal at i and returns its end.
func (s *scanner) scanNumber(i int) (int, *fault) {
	j := numberEnd(s.data, i)
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

// isNumber reports whether s is exactly one JSON number literal.
func isNumber(s string) bool {
	return len(s) > 0 && numberEnd(s, 0) == len(s)
}

const (
	lsb = 0x0101010101010101
	msb = 0x8080808080808080
)

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

// name returns the decoded name of the string data[ns:ne], which has
// been checked. Without escapes it is a subslice of the input; with them it
// is decoded into the scratch arena.
func (s *scanner) name(ns, ne int, escaped bool) []byte {
	raw := s.data[ns+1 : ne-1]
	if !escaped {
		return raw
	}
	a := s.st.arena
	start := len(a)
	a = appendUnescaped(a, raw)
	s.st.arena = a
	return a[start:len(a):len(a)]
}

// nameString is name as a string, for error paths.
func (s *scanner) nameString(ns, ne int, escaped bool) string {
	if !escaped {
		return string(s.data[ns+1 : ne-1])
	}
	return string(appendUnescaped(nil, s.data[ns+1:ne-1]))
}

// quotedName is the name, quoted for messages by quote.
func (s *scanner) quotedName(ns, ne int, escaped bool) string {
	return quote(s.nameString(ns, ne, escaped))
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

// appendCompact appends the checked JSON text src without its whitespace.
func appendCompact(dst, src []byte) []byte {
	for i := 0; i < len(src); {
		switch c := src[i]; c {
		case ' ', '\t', '\n', '\r':
			i++
		case '"':
			j := i + 1
			for src[j] != '"' {
				if src[j] == '\\' {
					j++
				}
				j++
			}
			dst = append(dst, src[i:j+1]...)
			i = j + 1
		default:
			j := i + 1
			for j < len(src) {
				c := src[j]
				if c == '"' || c == ' ' || c == '\t' || c == '\n' || c == '\r' {
					break
				}
				j++
			}
			dst = append(dst, src[i:j]...)
			i = j
		}
	}
	return dst
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

// A nameSet finds repeated member names in objects that nest: the names of
// every open object are kept on one stack. While an object's names come
// in strictly increasing order, as encoding/json and many other encoders
// write them, none can repeat, and each is only compared with the one
// before it. From the first name out of order on, a small object is
// searched linearly; one that grows past smallObject members gets an
// open-addressing hash table, also stacked, keyed by a seeded hash so that
// no input can make the search quadratic.
type nameSet struct {
	names  [][]byte
	hashes []uint64 // of names, once their object has a table
	// Table entries hold the index in names plus one in the low 32 bits
	// and the high 32 bits of the name's hash; 0 is empty.
	tab []uint64
}

// A level is one open object's part of a nameSet.
type level struct {
	base    int    // names[base:] are this object's
	tabOff  int    // this object's table is tab[tabOff:tabOff+tabSize]
	tabSize int    // zero until the object grows large and out of order
	ordered bool   // the names so far are in strictly increasing order
	last    uint64 // while ordered, the prefixKey of the last name
}

const smallObject = 16

var hashSeed = maphash.MakeSeed()

// hashName hashes a member name with the process's random seed.
func hashName(name []byte) uint64 { return maphash.Bytes(hashSeed, name) }

func (ns *nameSet) open() level {
	return level{base: len(ns.names), tabOff: len(ns.tab), ordered: true}
}

func (ns *nameSet) close(l level) {
	clear(ns.names[l.base:])
	ns.names = ns.names[:l.base]
	if len(ns.hashes) > l.base {
		ns.hashes = ns.hashes[:l.base]
	}
	ns.tab = ns.tab[:l.tabOff]
}

// add adds name to the open object l and reports whether it was there
// already. Only the innermost open object may be added to.
func (ns *nameSet) add(l *level, name []byte) bool {
	if l.tabSize == 0 {
		return ns.addHashed(l, name, 0, false)
	}
	return ns.addHashed(l, name, hashName(name), true)
}

// addHashed is add for a caller that may have hashed name already: h is
// its hash if hashed is set. It hashes name itself when it must.
func (ns *nameSet) addHashed(l *level, name []byte, h uint64, hashed bool) bool {
	n := len(ns.names) - l.base
	if l.ordered {
		k := prefixKey(name)
		if n == 0 || k > l.last || k == l.last && string(name) > string(ns.names[len(ns.names)-1]) {
			l.last = k
			ns.names = append(ns.names, name)
			return false
		}
		l.ordered = false
		if n >= smallObject {
			size := 4 * smallObject
			for size < 2*(n+1) {
				size *= 4
			}
			ns.rehash(l, size)
		}
	}
	if l.tabSize == 0 {
		for _, x := range ns.names[l.base:] {
			if string(x) == string(name) {
				return true
			}
		}
		ns.names = append(ns.names, name)
		if n+1 == smallObject {
			ns.rehash(l, 4*smallObject)
		}
		return false
	}
	if !hashed {
		h = hashName(name)
	}
	const low = 1<<32 - 1
	mask := uint64(l.tabSize - 1)
	tab := ns.tab[l.tabOff : l.tabOff+l.tabSize]
	idx := uint64(len(ns.names))
	for k := h & mask; ; k = (k + 1) & mask {
		e := tab[k]
		if e == 0 {
			tab[k] = h&^low | (idx + 1)
			break
		}
		if e&^low == h&^low && string(ns.names[e&low-1]) == string(name) {
			return true
		}
	}
	ns.names = append(ns.names, name)
	ns.hashes = append(ns.hashes, h)
	if 2*(n+1) > l.tabSize {
		ns.rehash(l, 4*l.tabSize)
	}
	return false
}

// prefixKey returns the first 8 bytes of name as a big-endian number,
// padded with zeros: if two names' keys differ, the names compare as their
// keys do.
func prefixKey(name []byte) uint64 {
	if len(name) >= 8 {
		return binary.BigEndian.Uint64(name)
	}
	var k uint64
	for i, c := range name {
		k |= uint64(c) << (56 - 8*i)
	}
	return k
}

// rehash gives l a fresh table of size entries holding its names.
func (ns *nameSet) rehash(l *level, size int) {
	const low = 1<<32 - 1
	for len(ns.hashes) < len(ns.names) {
		ns.hashes = append(ns.hashes, hashName(ns.names[len(ns.hashes)]))
	}
	ns.tab = zeroed(ns.tab[:l.tabOff], size)
	l.tabSize = size
	mask := uint64(size - 1)
	tab := ns.tab[l.tabOff:]
	for i := l.base; i < len(ns.names); i++ {
		h := ns.hashes[i]
		k := h & mask
		for tab[k] != 0 {
			k = (k + 1) & mask
		}
		tab[k] = h&^low | uint64(i+1)
	}
}

// skipFast is skipValue for the common case, without the recursion: it
// checks the value at i, inside depth containers, with one loop and a bit
// stack, and reports only whether the value is valid. When s.dups is set
// it looks for repeated names too, keeping each open object's set on a
// stack in the scratch space; when it is not, it leaves the work to
// skipPlain. To keep its variables in registers, it reads whether the open
// container is an object from the bit stack when needed, and notes
// whitespace in s.ws as it meets it.
// On any fault, or nesting too deep for its stacks, it returns ok ==
// false, and the caller runs skipValue over the same text to find and
// describe the fault; so skipFast must never accept what skipValue
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
			levels = append(levels, names.open())
		}
		i++
		if i < len(d) && d[i] <= ' ' {
			i, s.ws = spaceEnd(d, i), true
		}
		if i < len(d) && d[i] == c+2 { // '}' or ']'
			if obj != 0 {
				names.close(levels[len(levels)-1])
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
		if i = numberEnd(d, i); i < 0 {
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
			names.close(levels[len(levels)-1])
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
		ns, escaped := i, false
		if i = plainEnd(d, i+1); i < len(d) && d[i] == '"' {
			i++
		} else {
			j, esc, err := s.scanString(i - 1) // from i: see stringRest
			if err != nil {
				goto fail
			}
			i, escaped = j, esc
		}
		if names.add(&levels[len(levels)-1], s.name(ns, i, escaped)) {
			goto fail
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
		names.close(levels[0])
	}
	s.st.levels = levels[:0]
	return i, false
}

// skip checks the value at i, inside depth containers, and returns the
// offset past it: the fast scanner first, and skipValue to describe a
// fault. It looks for repeated names if s.dups is set.
func (s *scanner) skip(i, depth int) (int, *fault) {
	if i < len(s.data) {
		// Scalars need no stack: read them directly.
		switch c := s.data[i]; {
		case c == '"':
			j, _, err := s.scanString(i)
			return j, err
		case '0' <= c && c <= '9' || c == '-':
			return s.scanNumber(i)
		case c == 't':
			return s.literal(i, "true")
		case c == 'f':
			return s.literal(i, "false")
		case c == 'n':
			return s.literal(i, "null")
		}
	}
	if j, ok := s.skipFast(i, depth); ok {
		return j, nil
	}
	return s.skipValue(i, depth)
}

// zeroed returns s extended by n zero elements, reusing its capacity when
// it can.
func zeroed[T uint64 | int32](s []T, n int) []T {
	if len(s)+n > cap(s) {
		grown := make([]T, len(s), 2*(len(s)+n))
		copy(grown, s)
		s = grown
	}
	s = s[:len(s)+n]
	clear(s[len(s)-n:])
	return s
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

// skipPlain is skipFast without the search for repeated names, for text
// in which they do not matter, such as the parts of a target that the
// merge copies without reading their members. Its contract is skipFast's.
// The two are kept apart on purpose, though most of their lines are the
// same: one function serving both, with the name search behind a flag,
// kept more variables live than the registers hold and took 21% more
// instructions on MergeJSON's copied parts (cachegrind, meta8k). A change
// to one must be made to the other; FuzzScanners checks both against
// skipValue.
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
		if i = numberEnd(d, i); i < 0 {
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

// stringRest checks the rest of a string from i, a byte inside it, and
// returns the offset past its closing quote, or -1 on a fault.
func (s *scanner) stringRest(i int) int {
	// scanString starts after the byte it is given, which is not read.
	j, _, err := s.scanString(i - 1)
	if err != nil {
		return -1
	}
	return j
}

// decimalEnd is numberEnd for the commonest numbers, those whose first
// byte, at i, is a digit from 1 to 9: it reads their runs of digits eight
// bytes at a time.
func decimalEnd(d []byte, i int) int {
	i = digitsEnd(d, i+1)
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
