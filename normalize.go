package deepmerge

import (
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
)

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
	out, _, err := o.normalize(data, false)
	return out, err
}

// NormalizeReport returns what [Normalize] returns, and what it changed.
// It calls [Options.NormalizeReport] with the default options.
func NormalizeReport(data []byte) ([]byte, Repairs, error) {
	return Options{}.NormalizeReport(data)
}

// NormalizeReport returns what [Options.Normalize] returns for data, and
// the [Repairs] that made it: each member value that a later occurrence
// of its name replaced, and how many invalid bytes and unpaired surrogate
// escapes became U+FFFD. A program that migrates stored documents can log
// them, so that a repair that promotes one value over another
// ({"role":"user","role":"admin"} becoming {"role":"admin"}) is seen.
//
// The Repairs are empty (the zero value) exactly when [Options.Validate]
// accepts data, and the result is then data made compact. Only what the
// result holds is reported: a value that a repeat dropped is one repair,
// whatever it held, and its own repeated names and invalid bytes are not
// counted.
//
// On error the result and the Repairs are empty, and the error is that of
// Normalize. NormalizeReport never modifies data, and neither the result
// nor the Repairs share memory with it. It is O(len(data)) plus the total
// length of the pointers it reports, which is O(d²) for a document that
// repeats a name in each of d nested objects, and safe for concurrent
// use.
func (o Options) NormalizeReport(data []byte) ([]byte, Repairs, error) {
	return o.normalize(data, true)
}

// Repairs is what [Options.NormalizeReport] changed in a document. The
// zero value means that nothing was changed but whitespace.
type Repairs struct {
	// Dropped lists the member values that a later occurrence of the same
	// name in the same object replaced, in the order of the result, and,
	// for one member, in the order of the input.
	Dropped []DroppedValue

	// InvalidUTF8 counts the bytes in the result's strings and member
	// names that were not part of valid UTF-8 and became U+FFFD.
	InvalidUTF8 int

	// LoneSurrogates counts the \u escapes in the result's strings and
	// member names that named a UTF-16 surrogate that is not half of a
	// pair and became \ufffd.
	LoneSurrogates int
}

// A DroppedValue is the value of one occurrence of a repeated member name,
// which [Options.Normalize] dropped for the value of the name's last
// occurrence.
type DroppedValue struct {
	// Path is the RFC 6901 JSON Pointer of the member in the result, its
	// names spelled as the result decodes them, such as "/meta/role".
	Path string

	// Offset and End are the byte offsets in the input of the start of
	// the dropped value and of the byte past it: data[Offset:End] is its
	// text.
	Offset, End int64
}

// normalizePlain is Normalize, and NormalizeReport when report is set:
// the normalizer reads data, and writes it repaired. normalize is its
// seam.
func (o Options) normalizePlain(data []byte, report bool) ([]byte, Repairs, error) {
	n := normalizer{s: scanner{data: data[:len(data):len(data)], input: inNone, max: o.maxDepth(), lenient: true}}
	start := n.s.skipWS(0)
	end, err := n.read(start, 0)
	if err == nil {
		err = n.s.end(end)
	}
	if err != nil {
		return nil, Repairs{}, err.done()
	}
	n.report = report
	n.invalid, n.lone = 0, 0
	out, _ := n.write(make([]byte, 0, len(data)), start)
	if report {
		n.repairs.InvalidUTF8, n.repairs.LoneSurrogates = n.invalid, n.lone
	}
	return out, n.repairs, nil
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

	// What write repaired: the invalid bytes and unpaired surrogate
	// escapes it replaced, and, when report is set, the dropped values,
	// with the path to the value being written, for their pointers.
	invalid, lone int
	report        bool
	path          []pathToken
	repairs       Repairs
}

// A pathToken is a step of the path to the value that write is writing:
// the member whose name is at the offset name, or, when name is -1, the
// element index of an array.
type pathToken struct{ name, index int }

// An objectPlan lists the members of an object that repeats a name, in
// the order they are written, the offset past its '}', and the values
// that repeats dropped.
type objectPlan struct {
	members []member
	end     int
	dropped []dropped
}

// A member is where an object member's name and value start in the text,
// and where its value ends.
type member struct{ name, value, end int }

// A dropped value is the text from value to end, which a later value of
// the plan's member k replaced. A plan lists them by member.
type dropped struct{ k, value, end int }

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
	var index map[string]int // name to its member, past smallObject names
	var drops []dropped
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
			m := &n.members[first]
			drops = append(drops, dropped{first - base, m.value, m.end})
			m.value, m.end = vs, i // the last value, at the first place
		} else {
			n.members = append(n.members, member{nt.start, vs, i})
			n.keys = append(n.keys, key)
			if index == nil && len(n.keys)-base > smallObject {
				index = make(map[string]int, 2*smallObject)
				for k := base; k < len(n.keys); k++ {
					index[n.keys[k]] = k
				}
			} else if index != nil {
				index[key] = len(n.keys) - 1
			}
		}
		i, more, err = s.next(i, '}')
	}
	if err == nil && drops != nil {
		if n.plans == nil {
			n.plans = make(map[int]objectPlan)
		}
		// By member, for write; each member's in the order of the input.
		sort.SliceStable(drops, func(a, b int) bool { return drops[a].k < drops[b].k })
		n.plans[open] = objectPlan{append([]member(nil), n.members[base:]...), i, drops}
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
	invalid, lone := n.invalid, n.lone // what write counts, not key
	n.buf, _ = n.writeString(n.buf[:0], i)
	n.invalid, n.lone = invalid, lone
	return string(appendUnescaped(nil, n.buf[1:len(n.buf)-1]))
}

// pointer returns the JSON Pointer of the path that write is at, with the
// member whose name is at the offset name after it.
func (n *normalizer) pointer(name int) string {
	var b strings.Builder
	for _, t := range append(n.path, pathToken{name, 0}) {
		b.WriteByte('/')
		if t.name < 0 {
			b.WriteString(strconv.Itoa(t.index))
		} else {
			appendPointerToken(&b, n.key(t.name))
		}
	}
	return b.String()
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
		if p, ok := n.plans[i]; ok {
			return n.writePlan(dst, p), p.end
		}
		return n.writeObject(dst, i)
	case '[':
		return n.writeArray(dst, i)
	default: // a number or a literal
		j := scalarEnd(d, i)
		return append(dst, d[i:j]...), j
	}
}

// writePlan appends the result for an object that repeats a name, by its
// plan p: each name once, at its first place, with its last value. When
// report is set, it records the values that the repeats dropped.
func (n *normalizer) writePlan(dst []byte, p objectPlan) []byte {
	dst = append(dst, '{')
	drops := p.dropped
	for k, m := range p.members {
		if k > 0 {
			dst = append(dst, ',')
		}
		for ; len(drops) > 0 && drops[0].k == k; drops = drops[1:] {
			if n.report {
				n.repairs.Dropped = append(n.repairs.Dropped, DroppedValue{n.pointer(m.name), int64(drops[0].value), int64(drops[0].end)})
			}
		}
		dst, _ = n.writeString(dst, m.name)
		dst = append(dst, ':')
		n.push(m.name, 0)
		dst, _ = n.write(dst, m.value)
		n.pop()
	}
	return append(dst, '}')
}

// writeObject appends the result for the object at i, which repeats no
// name, member by member, and returns the offset past its '}'.
func (n *normalizer) writeObject(dst []byte, i int) ([]byte, int) {
	d := n.s.data
	dst = append(dst, '{')
	i = spaceEnd(d, i+1)
	if d[i] == '}' {
		return append(dst, '}'), i + 1
	}
	for {
		name := i
		dst, i = n.writeString(dst, i)
		dst = append(dst, ':')
		n.push(name, 0)
		dst, i = n.write(dst, spaceEnd(d, spaceEnd(d, i)+1))
		n.pop()
		i = spaceEnd(d, i)
		if d[i] == '}' {
			return append(dst, '}'), i + 1
		}
		dst = append(dst, ',')
		i = spaceEnd(d, i+1)
	}
}

// writeArray appends the result for the array at i, element by element,
// and returns the offset past its ']'.
func (n *normalizer) writeArray(dst []byte, i int) ([]byte, int) {
	d := n.s.data
	dst = append(dst, '[')
	i = spaceEnd(d, i+1)
	if d[i] == ']' {
		return append(dst, ']'), i + 1
	}
	for k := 0; ; k++ {
		n.push(-1, k)
		dst, i = n.write(dst, i)
		n.pop()
		i = spaceEnd(d, i)
		if d[i] == ']' {
			return append(dst, ']'), i + 1
		}
		dst = append(dst, ',')
		i = spaceEnd(d, i+1)
	}
}

// push and pop keep the path to the value being written, when it is
// reported.
func (n *normalizer) push(name, index int) {
	if n.report {
		n.path = append(n.path, pathToken{name, index})
	}
}

func (n *normalizer) pop() {
	if n.report {
		n.path = n.path[:len(n.path)-1]
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
				n.lone++
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
				n.invalid++
			}
			i += size
		}
	}
}
