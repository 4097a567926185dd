//go:build !deepmerge_plain

package deepmerge

// This file holds DiffJSON's fast paths, built unless the deepmerge_plain
// tag is set, when plain.go puts each seam's plain twin in its place. read
// reads modified first and gives its nodes to the reading of original as
// hints, so that the parts of original equal to modified are compared
// with them as they are read (sameValue) rather than read into nodes and
// compared after; recordArray notes where the members of modified's
// arrays are, for that. equalArrays compares arrays by their texts
// (equalText) before reading them into trees. The twins: readPlain, which
// reads both without hints, and equalDeep. FuzzDiffJSONTwins holds them
// equal.

import (
	"bytes"
)

// read is DiffJSON's seam for reading both documents: readPlain's result.
// Modified is read first, so that reading original can skip the arrays
// and strings that it has unchanged, comparing bytes instead of checking
// them a second time, and check arrays whose objects list their members
// in another order while comparing them.
func (d *differ) read() (oroot, mroot tnode, err *fault) {
	if d.plain {
		return d.readPlain()
	}
	d.m.record = true
	if mroot, err = d.m.readTopHinted(nil); err != nil {
		return oroot, mroot, err
	}
	d.o.hint = &d.m
	oroot, err = d.o.readTopHinted(&mroot)
	return oroot, mroot, err
}

// readTopHinted is tree.readTop for DiffJSON's documents, read by
// readHinted: h is the root of t.hint, or nil.
func (t *tree) readTopHinted(h *tnode) (tnode, *fault) {
	i := t.s.skipWS(0)
	t.pending = append(t.pending[:0], tnode{})
	j, err := t.readHinted(0, i, 0, h)
	n := t.pending[0]
	t.pending = t.pending[:0]
	if err != nil {
		return n, err
	}
	return n, t.s.end(j)
}

// readHinted is tree.read for DiffJSON's documents: it reads the value at
// i, inside depth containers, into t.pending[k], with the same result and
// faults. h is the node of t.hint at the same path, or nil: a value that
// readSame can compare with its hint is not read into nodes, and an
// object's members are read with their hints. With t.record set, arrays
// are read by recordArray. What needs neither is read by tree.read.
func (t *tree) readHinted(k, i, depth int, h *tnode) (int, *fault) {
	t.pending[k].vs = i
	if h != nil {
		if j, ok := t.readSame(k, i, depth, h); ok {
			return j, nil
		}
	}
	s := &t.s
	d := s.data
	if i >= len(d) || !(d[i] == '{' && (h != nil || t.record) || d[i] == '[' && t.record) {
		return t.read(k, i, depth)
	}
	// As tree.read does, for an object or an array.
	outer := s.ws
	s.ws = false
	var err *fault
	n := &t.pending[k]
	if d[i] == '{' {
		n.kind = '{'
		i, err = t.readObjectHinted(k, i, depth+1, h)
		n = &t.pending[k]
	} else {
		n.kind = '['
		i, err = t.recordArray(n, i, depth)
	}
	n.ve = i
	n.compact = !s.ws
	s.ws = s.ws || outer
	return i, err
}

// readObjectHinted is tree.readObject for readHinted: h is the node of
// t.hint at the same path, or nil, and each member is read with the
// member of h of the same name as its hint.
func (t *tree) readObjectHinted(k, i, depth int, h *tnode) (int, *fault) {
	if h != nil && h.kind != '{' {
		h = nil
	}
	s := &t.s
	i, more, err := s.open(i, depth, '}')
	lvl := s.st.names.open()
	defer s.st.names.close(&lvl)
	base := len(t.pending)
	for more {
		var c int
		var name []byte
		if c, name, i, err = t.readName(&lvl, i); err != nil {
			return i, err
		}
		var hc *tnode
		if h != nil {
			hc = t.hint.find(h, name)
		}
		if i, err = t.readHinted(c, i, depth, hc); err != nil {
			return i, err.in(string(name))
		}
		i, more, err = s.next(i, '}')
	}
	if err != nil {
		return i, err
	}
	t.closeObject(k, base, &lvl)
	return i, nil
}

// readSame is tree.read's fast path for a value of DiffJSON's original
// whose hint h, the value of modified at the same path, it can compare
// with as it reads: it reads the value at i, inside depth containers,
// into t.pending[k], and reports whether it did; when it did not, read
// reads the value itself.
func (t *tree) readSame(k, i, depth int, h *tnode) (int, bool) {
	if !h.compact || h.kind != '[' && (h.kind != '"' || h.ve-h.vs <= 16) {
		return 0, false
	}
	d := t.s.data
	n := &t.pending[k]
	// The same bytes as a value already checked at the same depth are
	// that value again: no need to check them twice.
	v := t.hint.s.data[h.vs:h.ve]
	if len(d)-i >= len(v) && string(d[i:i+len(v)]) == string(v) {
		n.kind, n.escaped, n.compact, n.ve = h.kind, h.escaped, true, i+len(v)
		return n.ve, true
	}
	if h.kind != '[' || i >= len(d) || d[i] != '[' || len(v) > maxHint {
		return 0, false
	}
	// The same array but for the order of members, most often.
	outer := t.s.ws
	t.s.ws = false
	t.sameLimit = depth + maxTextDepth
	var recs []hintRec
	if h.nrec > 0 {
		recs = t.hint.recs[h.rec : h.rec+h.nrec]
	}
	if j, _, ok := t.sameArray(i, depth+1, v, 0, recs); ok {
		n.kind, n.same, n.compact, n.ve = '[', true, !t.s.ws, j
		t.s.ws = t.s.ws || outer
		return j, true
	}
	t.s.ws = outer
	return 0, false
}

// equalArrays is equalNodes for the arrays a and b, whose texts are ad and
// bd, of trees that did not read them into nodes: equalDeep's result,
// found without reading them into trees, by comparing bytes, then texts
// up to maxTextDepth deep, and only past that by equalDeep.
func (d *differ) equalArrays(a, b *tnode, ad, bd []byte) bool {
	if a.same {
		return true
	}
	if d.plain {
		return d.equalDeep(ad, bd)
	}
	if a.compact && b.compact {
		if string(ad) == string(bd) {
			return true
		}
		// Compact arrays with no escapes and no objects are equal
		// only if their texts are: numbers compare by text, and
		// strings without escapes have one spelling.
		if !hasEscapeOrObject(ad) && !hasEscapeOrObject(bd) {
			return false
		}
	}
	_, _, eq := d.equalText(ad, 0, bd, 0, 0)
	if d.tooDeep {
		d.tooDeep = false
		return d.equalDeep(ad, bd)
	}
	return eq
}

// equalText reports whether the values at a[i] and b[j], texts that
// have been checked, are equal by the rules of equal, and returns the
// offsets past them (meaningless when they differ). b, from modified,
// repeats no name; an object of a that does is equal to nothing, as it
// would be an error to read a into nodes. depth counts the containers
// entered since the top of the comparison; past maxTextDepth it gives up,
// returning false with d.tooDeep set.
func (d *differ) equalText(a []byte, i int, b []byte, j int, depth int) (int, int, bool) {
	if depth == maxTextDepth && (a[i] == '[' || a[i] == '{') {
		d.tooDeep = true
		return i, j, false
	}
	switch ca, cb := a[i], b[j]; {
	case ca == '[' && cb == '[':
		i, j = spaceEnd(a, i+1), spaceEnd(b, j+1)
		for {
			if a[i] == ']' || b[j] == ']' {
				return i + 1, j + 1, a[i] == b[j]
			}
			var eq bool
			if i, j, eq = d.equalText(a, i, b, j, depth+1); !eq {
				return i, j, false
			}
			i, j = spaceEnd(a, i), spaceEnd(b, j)
			if a[i] == ',' {
				i = spaceEnd(a, i+1)
			}
			if b[j] == ',' {
				j = spaceEnd(b, j+1)
			}
		}
	case ca == '{' && cb == '{':
		return d.equalObjectText(a, i, b, j, depth)
	case ca == '"' && cb == '"':
		ie, aesc := checkedStringEnd(a, i)
		je, besc := checkedStringEnd(b, j)
		return ie, je, d.sameString(a[i:ie], b[j:je], aesc || besc)
	case ca == '"' || cb == '"' || ca == '{' || cb == '{' || ca == '[' || cb == '[':
		return i, j, false
	}
	// Numbers compare by text, and so do true, false and null.
	ie, je := scalarEnd(a, i), scalarEnd(b, j)
	return ie, je, string(a[i:ie]) == string(b[j:je])
}

// equalObjectText is equalText for two objects: each member of a is
// looked up by name among b's. A value of a whose bytes are those of b's
// value is equal to it without being read: both texts are checked, so the
// same bytes, ending where a's value does, are the same value.
func (d *differ) equalObjectText(a []byte, i int, b []byte, j int, depth int) (int, int, bool) {
	base := len(d.members)
	for j = spaceEnd(b, j+1); b[j] != '}'; {
		ne, esc := checkedStringEnd(b, j)
		vs := spaceEnd(b, spaceEnd(b, ne)+1)
		ve := checkedValueEnd(b, vs)
		d.members = append(d.members, textMember{ns: j, ne: ne, vs: vs, ve: ve, escaped: esc})
		if j = spaceEnd(b, ve); b[j] == ',' {
			j = spaceEnd(b, j+1)
		}
	}
	bEnd := j + 1
	members := d.members[base:]
	mark := len(d.lookup)
	var tab nameTable
	if len(members) > linearSearch {
		// A table keeps the search linear in the object's size.
		d.lookup = zeroed(d.lookup, tableSize(len(members)))
		tab = d.lookup[mark:]
		for k := range members {
			m := &members[k]
			tab.insert(d.hashString(b[m.ns:m.ne], m.escaped), k)
		}
	}
	eq := true
	matched := 0
	for i = spaceEnd(a, i+1); a[i] != '}'; {
		ne, esc := checkedStringEnd(a, i)
		m := d.memberNamed(members, tab, a[i:ne], esc, b)
		if m == nil || m.used {
			eq = false
			break
		}
		m.used = true
		matched++
		vs := spaceEnd(a, spaceEnd(a, ne)+1)
		bv := b[m.vs:m.ve]
		ie := vs + len(bv)
		if ie >= len(a) || string(a[vs:ie]) != string(bv) || !endsMember(a[ie]) {
			if ie, _, eq = d.equalText(a, vs, b, m.vs, depth+1); !eq {
				break
			}
		}
		if i = spaceEnd(a, ie); a[i] == ',' {
			i = spaceEnd(a, i+1)
		}
	}
	d.members, d.lookup = d.members[:base], d.lookup[:mark]
	return i + 1, bEnd, eq && matched == len(members)
}

// memberNamed returns the member of members, from the checked text b,
// whose name is the string text name, or nil; escaped tells whether name
// has an escape. tab indexes members, or is nil for a few.
func (d *differ) memberNamed(members []textMember, tab nameTable, name []byte, escaped bool, b []byte) *textMember {
	if tab != nil {
		h := d.hashString(name, escaped)
		for k := tab.slot(h); tab[k] != 0; k = tab.next(k) {
			if m := &members[tab.index(k)]; tab.holds(k, h) && d.sameString(name, b[m.ns:m.ne], escaped || m.escaped) {
				return m
			}
		}
		return nil
	}
	for k := range members {
		m := &members[k]
		if string(name) == string(b[m.ns:m.ne]) {
			return m
		}
		if (escaped || m.escaped) && d.sameString(name, b[m.ns:m.ne], true) {
			return m
		}
	}
	return nil
}

// endsMember reports whether c may follow a member's value in an object.
func endsMember(c byte) bool {
	return c == ',' || c == '}' || c == ' ' || c == '\t' || c == '\n' || c == '\r'
}

// sameValue is a fast path of tree.read for DiffJSON's original, when its
// hint, a value of modified at the same path, is compact: it checks the
// value at i, inside depth containers, while comparing it with the value
// at j of v, compact checked text of modified, and returns the offsets
// past both and true when the value at i is well formed and equal to the
// one at j by the rules of equal. Bytes equal to the hint's are that value
// again, and an object's members may stand in another order. On any doubt
// (a difference, an escape, a fault) it returns false, and the caller
// reads the value as if there were no hint: so it describes no faults.
//
// It is for values reached through an array, where original is not
// checked for repeated names: a repeat here is a doubt.
func (t *tree) sameValue(i, depth int, v []byte, j int) (int, int, bool) {
	d := t.s.data
	var e int
	switch v[j] {
	case '{':
		if i < len(d) && d[i] == '{' && depth < t.sameLimit {
			// sameObject finds the hint's end itself, and compares
			// bytes first too.
			return t.sameObject(i, depth+1, v, j)
		}
		e = checkedValueEnd(v, j)
	case '[':
		e = checkedValueEnd(v, j)
	case '"':
		e, _ = checkedStringEnd(v, j)
	default:
		e = scalarEnd(v, j)
	}
	if k, ok := sameBytes(d, i, v[j:e]); ok {
		return k, e, true
	}
	if v[j] == '[' && i < len(d) && d[i] == '[' && depth < t.sameLimit {
		return t.sameArray(i, depth+1, v, j, nil)
	}
	return i, j, false
}

// sameBytes reports whether d holds the bytes of the checked value v at i,
// followed by a byte that may end a value inside a container, and returns
// the offset past them.
func sameBytes(d []byte, i int, v []byte) (int, bool) {
	k := i + len(v)
	return k, k <= len(d) && string(d[i:k]) == string(v) && (k == len(d) || endsValue(d[k]))
}

// sameArray is sameValue for the array at i, at depth, and the hint's
// array at j of v. recs, when not nil, are where the members of the
// hint's elements are, one hintRec for each, as recordArray found them.
func (t *tree) sameArray(i, depth int, v []byte, j int, recs []hintRec) (int, int, bool) {
	s := &t.s
	i, more, err := s.open(i, depth, ']')
	j++ // v is compact: no whitespace
	for k := 0; more; k++ {
		if v[j] == ']' {
			return i, j, false
		}
		var ok bool
		// recs come only with an array that tree.read compares, far
		// from t.sameLimit.
		if k < len(recs) && recs[k].n >= 0 && i < len(s.data) && s.data[i] == '{' {
			r := &recs[k]
			e := int(r.end)
			var end int
			if end, ok = sameBytes(s.data, i, v[j:e]); ok {
				i = end
			} else {
				i, ok = t.sameMembers(i, depth+1, v, t.hint.hints[r.first:r.first+r.n])
			}
			j = e
		} else {
			i, j, ok = t.sameValue(i, depth, v, j)
		}
		if !ok {
			return i, j, false
		}
		if i, more, err = s.next(i, ']'); err != nil {
			return i, j, false
		}
		if v[j] == ',' {
			j++
		}
	}
	return i, j + 1, err == nil && v[j] == ']'
}

// sameObject is sameValue for the object at i, at depth, and the hint's
// object at j of v.
func (t *tree) sameObject(i, depth int, v []byte, j int) (int, int, bool) {
	base := len(t.members)
	all, e, ok := hintMembers(t.members, v, j)
	if !ok {
		e = checkedValueEnd(v, j)
	}
	if k, same := sameBytes(t.s.data, i, v[j:e]); same {
		return k, e, true
	}
	if !ok {
		// A search of many members one by one would make this
		// quadratic: the plain reader has tables.
		return i, j, false
	}
	t.members = all
	i, ok = t.sameMembers(i, depth, v, all[base:])
	t.members = t.members[:base]
	return i, e, ok
}

// sameMembers is sameObject once the hint's members are found: it checks
// the object at i, at depth, while matching its members with members, of
// the hint v, which are at most 2*linearSearch.
func (t *tree) sameMembers(i, depth int, v []byte, members []hintMember) (int, bool) {
	s := &t.s
	d := s.data
	i, more, err := s.open(i, depth, '}')
	if err != nil {
		return i, false
	}
	var used uint32 // bit k: members[k] is matched
	for more {
		var nt nameText
		if nt, i, err = s.member(i); err != nil {
			return i, false
		}
		k := hintNamed(members, d[nt.start:nt.end], v)
		if k < 0 || used&(1<<k) != 0 {
			return i, false
		}
		used |= 1 << k
		m := &members[k]
		var eq bool
		if vs := int(m.vs); v[vs] != '{' && v[vs] != '[' {
			// A scalar is the same if its bytes are.
			i, eq = sameBytes(d, i, v[vs:m.ve])
		} else {
			i, _, eq = t.sameValue(i, depth, v, vs)
		}
		if !eq {
			return i, false
		}
		if i, more, err = s.next(i, '}'); err != nil {
			return i, false
		}
	}
	return i, used == 1<<len(members)-1
}

// recordArray checks the array whose '[' is at i, inside depth
// containers, as skip does, and records where the members of the compact
// objects among its elements are, for sameArray: n.rec and n.nrec give a
// hintRec for each element. It reads members with plain names and scalar
// values itself, and leaves anything else to skip: a value of another
// kind, and an element that it cannot record whole (not an object, a name
// with an escape, more than 2*linearSearch members, a repeated name,
// whitespace, a fault). On a fault, the array is checked again by skip,
// which describes it.
func (t *tree) recordArray(n *tnode, i, depth int) (int, *fault) {
	s := &t.s
	start, recBase, hintBase := i, len(t.recs), len(t.hints)
	i, more, err := s.open(i, depth+1, ']')
	for err == nil && more {
		r := hintRec{n: -1}
		end, ok := i, false
		// Offsets from start and indexes are kept as int32, so no more
		// than maxHint of either is recorded.
		if i < len(s.data) && s.data[i] == '{' && len(t.recs) < maxHint && len(t.hints) < maxHint-2*linearSearch {
			first := len(t.hints)
			if end, ok = t.recordObject(i, depth+2, start); ok {
				r = hintRec{first: int32(first), n: int32(len(t.hints) - first), end: int32(end - start)}
			} else {
				t.hints = t.hints[:first]
			}
		}
		if !ok {
			if end, err = s.skip(i, depth+1); err != nil {
				break
			}
		}
		t.recs = append(t.recs, r)
		i, more, err = s.next(end, ']')
	}
	if err != nil {
		t.recs, t.hints = t.recs[:recBase], t.hints[:hintBase]
		return s.skip(start, depth)
	}
	if len(t.recs) <= maxHint {
		n.rec, n.nrec = int32(recBase), int32(len(t.recs)-recBase)
	}
	return i, nil
}

// recordObject checks the compact object whose '{' is at i, at depth, and
// appends its members to t.hints, with offsets from start; it returns the
// offset past the object, or false, leaving t.hints longer, when it
// cannot record the object whole.
func (t *tree) recordObject(i, depth, start int) (int, bool) {
	s := &t.s
	d := s.data
	first := len(t.hints)
	i, more, err := s.open(i, depth, '}')
	if err != nil || s.ws {
		return i, false
	}
	for more {
		// A plain name, right before its colon.
		if i >= len(d) || d[i] != '"' || len(t.hints)-first == 2*linearSearch {
			return i, false
		}
		ne := plainEnd(d, i+1)
		if ne < len(d) && d[ne] != '"' {
			for ne < len(d) && ' ' <= d[ne] && d[ne] < 0x80 && d[ne] != '"' && d[ne] != '\\' {
				ne++ // plainEnd leaves the last few bytes of d
			}
		}
		if ne+2 >= len(d) || d[ne] != '"' || d[ne+1] != ':' {
			return i, false
		}
		key, nlen := prefixKey(d[i+1:ne]), ne-i
		for k := first; k < len(t.hints); k++ {
			if m := &t.hints[k]; m.key == key && int(m.vs-m.ns)-2 == nlen &&
				(nlen <= 9 || string(d[i:ne]) == string(d[start+int(m.ns):start+int(m.vs)-2])) {
				return i, false // a repeat, which skip will describe
			}
		}
		vs := ne + 2
		ve := -1
		switch c := d[vs]; {
		case c == '"':
			if ve = plainEnd(d, vs+1); ve < len(d) && d[ve] == '"' {
				ve++
			} else {
				ve = s.stringRest(ve)
			}
		case '0' <= c && c <= '9' || c == '-':
			ve = numberEndFast(d, vs)
		case c == 't':
			if len(d)-vs >= 4 && string(d[vs:vs+4]) == "true" {
				ve = vs + 4
			}
		case c == 'f':
			if len(d)-vs >= 5 && string(d[vs:vs+5]) == "false" {
				ve = vs + 5
			}
		case c == 'n':
			if len(d)-vs >= 4 && string(d[vs:vs+4]) == "null" {
				ve = vs + 4
			}
		case c == '{' || c == '[':
			if ve, err = s.skip(vs, depth); err != nil || s.ws {
				return i, false
			}
		}
		if ve <= 0 || ve-start >= maxHint {
			return i, false
		}
		t.hints = append(t.hints, hintMember{})
		m := &t.hints[len(t.hints)-1]
		m.key, m.ns, m.vs, m.ve = key, int32(i-start), int32(vs-start), int32(ve-start)
		// What follows: scanner.next, with compact text's cases first.
		switch {
		case ve+1 < len(d) && d[ve] == ',' && d[ve+1] == '"':
			i = ve + 1
		case ve < len(d) && d[ve] == '}':
			i, more = ve+1, false
		default:
			if i, more, err = s.next(ve, '}'); err != nil || s.ws {
				return i, false
			}
		}
	}
	return i, true
}

// hintMembers appends to all the members of the compact checked object at
// j of v, and returns all and the offset past the object; or false if the
// object has more than 2*linearSearch members.
func hintMembers(all []hintMember, v []byte, j int) ([]hintMember, int, bool) {
	n := 0
	for j++; v[j] != '}'; j++ {
		if n == 2*linearSearch {
			return all, j, false
		}
		n++
		ns := j
		if j = plainEnd(v, j+1); v[j] == '"' {
			j++
		} else {
			j, _ = checkedStringEnd(v, ns)
		}
		vs := j + 1
		switch v[vs] {
		case '"':
			if j = plainEnd(v, vs+1); v[j] == '"' {
				j++
			} else {
				j, _ = checkedStringEnd(v, vs)
			}
		case 't', 'n':
			j = vs + len("true")
		case 'f':
			j = vs + len("false")
		case '{', '[':
			j = checkedValueEnd(v, vs)
		default:
			j = scalarEnd(v, vs)
		}
		// The fields are stored one by one: a hintMember built apart and
		// then copied is read back in wider loads than it was written
		// with, which the processor cannot forward from its stores
		// (this line took 8% of DiffJSON's time on meta8k-ins).
		all = append(all, hintMember{})
		m := &all[len(all)-1]
		m.key, m.ns, m.vs, m.ve = prefixKey(v[ns+1:vs-2]), int32(ns), int32(vs), int32(j)
		if v[j] == '}' {
			break
		}
	}
	return all, j + 1, true
}

// endsValue reports whether c may follow a value inside a container:
// where it does, the same bytes as a checked value are that value.
func endsValue(c byte) bool {
	return c == ',' || c == '}' || c == ']' || c == ' ' || c == '\t' || c == '\n' || c == '\r'
}

// hintNamed returns the index of the member of members, from the compact
// checked text v, whose name's text, quotes included, is name, or -1.
func hintNamed(members []hintMember, name, v []byte) int {
	key := prefixKey(name[1 : len(name)-1])
	for k := range members {
		m := &members[k]
		if m.key != key || int(m.vs-1-m.ns) != len(name) {
			continue
		}
		// Names of the same length and key are the same if they hold at
		// most 8 bytes between their quotes.
		if len(name) <= 10 || string(name) == string(v[m.ns:m.vs-1]) {
			return k
		}
	}
	return -1
}

// hasEscapeOrObject reports whether the JSON text b may hold a string
// escape or an object, the two things that let different texts be equal.
func hasEscapeOrObject(b []byte) bool {
	return bytes.IndexByte(b, '\\') >= 0 || bytes.IndexByte(b, '{') >= 0
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

// maxHint is the longest text that sameValue compares with, and the most
// offsets and records recordArray keeps: both keep them as int32.
const maxHint = 1<<31 - 1

// treeFast is what a tree keeps for DiffJSON's fast paths: hint is the
// other document, read first, for skipping what the two share, or nil;
// record marks DiffJSON's modified, whose arrays recordArray reads; recs
// holds a
// hintRec for each element of the arrays that recordArray read without a
// fault, and hints the members of the elements it could record (compact
// objects of at most 2*linearSearch members with plain names); members is
// sameObject's stack of the hint's open objects, and sameLimit the depth
// past which sameValue gives up.
type treeFast struct {
	hint      *tree
	record    bool
	sameLimit int
	members   []hintMember
	recs      []hintRec
	hints     []hintMember
}

// fastFits reports whether f may be kept for reuse, by the rule of maxKeep.
func (f *treeFast) fastFits() bool {
	return cap(f.members) <= maxKeep && cap(f.recs) <= maxKeep && cap(f.hints) <= maxKeep
}

// fastInit sets f up for a new input, with no hint and no records.
func (f *treeFast) fastInit() {
	f.hint, f.record = nil, false
}

// fastReset empties f for reuse.
func (f *treeFast) fastReset() {
	f.members, f.recs, f.hints = f.members[:0], f.recs[:0], f.hints[:0]
	f.hint = nil
}

// nodeFast is what a node notes for DiffJSON's fast paths: an array that
// recordArray read has its elements' records in recs[rec:rec+nrec], and
// same marks a value of original that readSame found equal to its hint.
type nodeFast struct {
	rec, nrec int32
	same      bool
}

// diffFast is what a differ keeps for DiffJSON's fast paths: equalText's
// stack of the open objects' members, and of the tables of the large
// ones, and whether equalText went past maxTextDepth. With plain set,
// each seam calls its plain twin, so that a test can hold the two equal
// in the default build.
type diffFast struct {
	plain   bool
	members []textMember
	lookup  nameTable
	tooDeep bool
}

// fastFits reports whether f may be kept for reuse, by the rule of maxKeep.
func (f *diffFast) fastFits() bool {
	return cap(f.members) <= maxKeep && cap(f.lookup) <= 4*maxKeep
}

// fastReset empties f for reuse.
func (f *diffFast) fastReset() {
	f.members, f.lookup = f.members[:0], f.lookup[:0]
}

// A textMember is where a member of a checked object is, for equalText.
type textMember struct {
	ns, ne  int // the name's text
	vs, ve  int // the value's text
	escaped bool
	used    bool
}

// A hintRec is where recordArray found an element of an array: for an
// object, its members are hints[first:first+n] and its text ends at end,
// from the array's start; n is -1 for any other element.
type hintRec struct {
	first, n, end int32
}

// A hintMember is where a member of a compact checked object of modified
// is, for sameMembers: its name's text is v[ns:vs-1], before the colon,
// where v is the array that recordArray read or the object that
// hintMembers read, and key is the prefixKey of the name between its
// quotes.
type hintMember struct {
	key        uint64
	ns, vs, ve int32
}

// hashString returns the hash of the decoded checked string text x,
// quotes included; escaped tells whether it has an escape.
func (d *differ) hashString(x []byte, escaped bool) uint64 {
	if !escaped {
		return hashName(x[1 : len(x)-1])
	}
	a := &d.names.arena
	mark := len(*a)
	*a = appendUnescaped(*a, x[1:len(x)-1])
	h := hashName((*a)[mark:])
	*a = (*a)[:mark]
	return h
}

// checkedStringEnd returns the offset past the checked string at i, and
// whether it holds an escape.
func checkedStringEnd(d []byte, i int) (int, bool) {
	escaped := false
	for i++; ; i++ {
		i = plainEnd(d, i) // past a run of plain ASCII, eight bytes at a time
		switch d[i] {
		case '"':
			return i + 1, escaped
		case '\\':
			escaped = true
			i++
		}
	}
}

// checkedValueEnd returns the offset past the checked value at i.
func checkedValueEnd(d []byte, i int) int {
	switch d[i] {
	case '"':
		i, _ = checkedStringEnd(d, i)
		return i
	case '{', '[':
	default:
		return scalarEnd(d, i)
	}
	for depth := 0; ; {
		switch d[i] {
		case '"':
			i, _ = checkedStringEnd(d, i)
		case '{', '[':
			depth++
			i++
		case '}', ']':
			depth--
			i++
		case ',', ':', ' ', '\t', '\n', '\r':
			i++
			continue
		default:
			i = scalarEnd(d, i)
		}
		if depth == 0 {
			return i
		}
	}
}
