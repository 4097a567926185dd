package deepmerge

import "unicode/utf8"

// Normalize returns data, one JSON document, as compact text that every
// function of this package accepts. It calls [Options.Normalize] with the
// default options.
func Normalize(data []byte) ([]byte, error) {
	return Options{}.Normalize(data)
}

// Normalize reads data, one JSON document of the kind that [encoding/json]
// and JavaScript's JSON.parse accept, as encoding/json decodes it, and
// returns it as compact text that every function of this package accepts,
// for repairing documents that another program stored:
//
//   - a member name repeated in one object keeps the value of its last
//     occurrence, at the place (and with the spelling) of its first, as
//     JSON.parse and encoding/json's decoding into a map keep it; names
//     are compared after their escapes are decoded and the rule below is
//     applied;
//   - each byte that is not part of valid UTF-8 becomes U+FFFD, and so
//     does each \u escape of a UTF-16 surrogate that is not half of a
//     pair, written \ufffd, as encoding/json decodes them;
//   - everything else keeps its text: member order, number literals, and
//     the escapes of valid strings. Whitespace outside strings is dropped.
//
// So the result of Normalize passes [Options.Validate], and for a
// document that Validate accepts it is that document made compact, the
// same bytes that [Options.MergeJSON] returns for the document and the
// patch {} when the document is an object. Normalizing twice gives the
// result of normalizing once.
//
// What no JSON reader accepts is still an error: an [*Error] with an
// empty Input, the byte offset and path of the fault, wrapping
// [ErrSyntax] for malformed text, trailing data or empty input, and
// [ErrMaxDepth] for nesting deeper than o.MaxDepth. Normalize never
// modifies data, and the result shares no memory with it. It is
// O(len(data)) and safe for concurrent use.
func (o Options) Normalize(data []byte) ([]byte, error) {
	if o.Validate(data) == nil {
		return appendCompact(make([]byte, 0, len(data)), data), nil
	}
	n := normalizer{s: scanner{data: data[:len(data):len(data)], input: inNone, max: o.maxDepth(), lenient: true}}
	start := n.s.skipWS(0)
	end, err := n.read(start, 0)
	if err == nil {
		err = n.s.end(end)
	}
	if err != nil {
		return nil, err.done()
	}
	out, _ := n.write(make([]byte, 0, len(data)), start)
	return out, nil
}

// A normalizer repairs a document in two passes over its text. The first,
// read, checks the syntax (passing the faults that the result repairs)
// and finds the objects that repeat a name; the second, write, appends the
// result, writing such an object by its plan, so that no value is written
// or read twice whatever the nesting.
type normalizer struct {
	s       scanner
	plans   map[int]objectPlan // by the offset of the object's '{'
	members []member           // the members of the open objects, stacked
	keys    []string           // their decoded names, stacked alike
	buf     []byte             // scratch for decoding names
}

// An objectPlan lists the members of an object that repeats a name, in
// the order they are written, and the offset past its '}'.
type objectPlan struct {
	members []member
	end     int
}

// A member is where an object member's name and value start in the text.
type member struct{ name, value int }

// smallKeys is how many names an object may have before its names are
// found by a map rather than by a linear search.
const smallKeys = 16

// read checks the value at i, inside depth containers, and returns the
// offset past it. Its faults, and their messages, are those of the
// scanner, but for what the result repairs.
func (n *normalizer) read(i, depth int) (int, *fault) {
	if i < len(n.s.data) {
		switch n.s.data[i] {
		case '{':
			return n.readObject(i, depth+1)
		case '[':
			return n.readArray(i, depth+1)
		}
	}
	return n.s.scanScalar(i)
}

// readObject checks the object whose '{' is at i and which is at depth,
// and makes its plan if it repeats a name.
func (n *normalizer) readObject(open, depth int) (int, *fault) {
	s := &n.s
	i, more, err := s.open(open, depth, '}')
	base := len(n.members)
	defer func() { n.members, n.keys = n.members[:base], n.keys[:base] }()
	var index map[string]int // name to its member, past smallKeys names
	repeats := false
	for more {
		var nt nameText
		if nt, i, err = s.member(i); err != nil {
			return i, err
		}
		key, vs := n.key(nt.start), i
		if i, err = n.read(vs, depth); err != nil {
			return i, err.in(key)
		}
		if first := n.find(base, index, key); first >= 0 {
			n.members[first].value = vs // the last value, at the first place
			repeats = true
		} else {
			n.members = append(n.members, member{nt.start, vs})
			n.keys = append(n.keys, key)
			if index == nil && len(n.keys)-base > smallKeys {
				index = make(map[string]int, 2*smallKeys)
				for k := base; k < len(n.keys); k++ {
					index[n.keys[k]] = k
				}
			} else if index != nil {
				index[key] = len(n.keys) - 1
			}
		}
		i, more, err = s.next(i, '}')
	}
	if err == nil && repeats {
		if n.plans == nil {
			n.plans = make(map[int]objectPlan)
		}
		n.plans[open] = objectPlan{append([]member(nil), n.members[base:]...), i}
	}
	return i, err
}

// find returns the index in n.members of the open object's member named
// key, or -1. The object's members start at base; index, when not nil,
// holds all of their names.
func (n *normalizer) find(base int, index map[string]int, key string) int {
	if index != nil {
		if k, ok := index[key]; ok {
			return k
		}
		return -1
	}
	for k := base; k < len(n.keys); k++ {
		if n.keys[k] == key {
			return k
		}
	}
	return -1
}

// key returns the name of the string at i as the result spells it,
// decoded.
func (n *normalizer) key(i int) string {
	n.buf, _ = n.writeString(n.buf[:0], i)
	return string(appendUnescaped(nil, n.buf[1:len(n.buf)-1]))
}

// readArray checks the array whose '[' is at i and which is at depth.
func (n *normalizer) readArray(i, depth int) (int, *fault) {
	i, more, err := n.s.open(i, depth, ']')
	for k := 0; more; k++ {
		if i, err = n.read(i, depth); err != nil {
			return i, err.inIndex(k)
		}
		i, more, err = n.s.next(i, ']')
	}
	return i, err
}

// write appends the result for the value at i, which read has checked,
// and returns the offset past the value.
func (n *normalizer) write(dst []byte, i int) ([]byte, int) {
	d := n.s.data
	switch d[i] {
	case '"':
		return n.writeString(dst, i)
	case '{':
		dst = append(dst, '{')
		if p, ok := n.plans[i]; ok {
			for k, m := range p.members {
				if k > 0 {
					dst = append(dst, ',')
				}
				dst, _ = n.writeString(dst, m.name)
				dst = append(dst, ':')
				dst, _ = n.write(dst, m.value)
			}
			return append(dst, '}'), p.end
		}
		i = spaceEnd(d, i+1)
		if d[i] == '}' {
			return append(dst, '}'), i + 1
		}
		for {
			dst, i = n.writeString(dst, i)
			dst = append(dst, ':')
			dst, i = n.write(dst, spaceEnd(d, spaceEnd(d, i)+1))
			i = spaceEnd(d, i)
			if d[i] == '}' {
				return append(dst, '}'), i + 1
			}
			dst = append(dst, ',')
			i = spaceEnd(d, i+1)
		}
	case '[':
		dst = append(dst, '[')
		i = spaceEnd(d, i+1)
		if d[i] == ']' {
			return append(dst, ']'), i + 1
		}
		for {
			dst, i = n.write(dst, i)
			i = spaceEnd(d, i)
			if d[i] == ']' {
				return append(dst, ']'), i + 1
			}
			dst = append(dst, ',')
			i = spaceEnd(d, i+1)
		}
	default: // a number or a literal
		j := scalarEnd(d, i)
		return append(dst, d[i:j]...), j
	}
}

// writeString appends the checked string at i with each byte that is not
// part of valid UTF-8 replaced by U+FFFD, and each escape of an unpaired
// surrogate by \ufffd, and returns the offset past it.
func (n *normalizer) writeString(dst []byte, i int) ([]byte, int) {
	d := n.s.data
	from := i // the start of what is yet to be appended as it is
	for i++; ; {
		switch c := d[i]; {
		case c == '"':
			return append(dst, d[from:i+1]...), i + 1
		case c == '\\' && d[i+1] == 'u':
			r := unhex4(d[i+2:])
			switch {
			case r < 0xD800 || r > 0xDFFF:
				i += 6
			case r <= 0xDBFF && i+11 < len(d) && d[i+6] == '\\' && d[i+7] == 'u' &&
				0xDC00 <= unhex4(d[i+8:]) && unhex4(d[i+8:]) <= 0xDFFF:
				i += 12
			default:
				dst = append(append(dst, d[from:i]...), `\ufffd`...)
				i += 6
				from = i
			}
		case c == '\\':
			i += 2
		case c < utf8.RuneSelf:
			i++
		default:
			r, size := utf8.DecodeRune(d[i:])
			if r == utf8.RuneError && size == 1 {
				dst = append(append(dst, d[from:i]...), "\uFFFD"...)
				from = i + 1
			}
			i += size
		}
	}
}
