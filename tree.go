package deepmerge

// A tree is a parsed JSON text: each node records the text of a value, and
// a container's children are stored together in nodes.
type tree struct {
	s scanner
	// patchSource marks a text whose values may be copied whole into the
	// result (MergeJSON's patch, DiffJSON's modified, ComposeJSON's
	// inputs): its arrays are checked for repeated names as well.
	patchSource bool
	// whole marks a tree whose arrays are read into nodes too, for
	// equalDeep.
	whole   bool
	nodes   []tnode
	pending []tnode // the nodes being read: a stack of open containers' children
	// escNames holds the decoded names of members whose names have
	// escapes: a tnode holds no pointer, so that storing, moving and
	// dropping nodes needs no write barrier and no clearing.
	escNames [][]byte
	// byName holds the members of each object of more than
	// linearSearch, by the object's first child and the member's name,
	// for findPlain (names.go).
	byName    map[memberName]int32
	treeIndex // the fast build's tables of names, in fastnames.go
	treeFast  // what the fast paths of DiffJSON keep, in fastdiff.go
}

// A tnode is one value of a tree, and its member name within an object
// (see tree.name). It holds no pointer, so that storing, moving and
// dropping nodes needs no write barrier and no clearing.
type tnode struct {
	// nameKey and nameIndex are what the fast build's find knows of a
	// member's name and of an object's names, in fastnames.go.
	//lint:ignore U1000 empty and unused in the plain build
	nameKey
	ns, ne   int   // the member name's text
	vs, ve   int   // the value's text
	first, n int32 // children: nodes[first:first+n]
	//lint:ignore U1000 empty and unused in the plain build
	nameIndex
	kind    byte // '{', '[', '"', '0' (number), 't', 'f', 'n'
	escaped bool // a string with escapes
	compact bool // the value's text has no whitespace
	used    bool // matched by a member of the other document
	// nodeFast is what the fast paths of DiffJSON note, in fastdiff.go.
	//lint:ignore U1000 empty and unused in the plain build
	nodeFast
	// esc is 0 for a member name without escapes, which is its text
	// without the quotes, and otherwise one more than the index of the
	// decoded name in escNames.
	esc int32
}

// init sets t up to read data, the input in, with repeated names checked
// in every object.
func (t *tree) init(in input, data []byte, max int, st *scratch) {
	t.s = scanner{data: data[:len(data):len(data)], input: in, max: max, dups: true, st: st}
	t.patchSource, t.whole = false, false
	t.fastInit()
}

// fits reports whether t may be kept for reuse, by the rule of maxKeep.
func (t *tree) fits() bool {
	return cap(t.nodes) <= maxKeep && cap(t.pending) <= maxKeep && len(t.byName) <= maxKeep &&
		cap(t.escNames) <= maxKeep && t.indexFits() && t.fastFits()
}

// reset empties t for reuse, holding on to nothing of its last input.
func (t *tree) reset() {
	clear(t.escNames)
	t.escNames = t.escNames[:0]
	t.nodes, t.pending = t.nodes[:0], t.pending[:0]
	clear(t.byName)
	t.indexReset()
	t.fastReset()
	t.s = scanner{}
}

// readTop reads the whole text as one value.
func (t *tree) readTop() (tnode, *fault) {
	i := t.s.skipWS(0)
	t.pending = append(t.pending[:0], tnode{})
	j, err := t.read(0, i, 0)
	n := t.pending[0]
	t.pending = t.pending[:0]
	if err != nil {
		return n, err
	}
	return n, t.s.end(j)
}

// read reads the value at i, inside depth containers, into t.pending[k],
// which holds at most its member name yet. The node is written in its place: one built apart was copied in
// loads wider than the stores that had just written its fields, which the
// processor cannot forward. A container's children are pushed onto
// pending while it is read, which may move it: n is found again after.
func (t *tree) read(k, i, depth int) (end int, err *fault) {
	s := &t.s
	d := s.data
	n := &t.pending[k]
	n.vs = i
	outer := s.ws
	s.ws = false
	if i >= len(d) {
		return i, s.unexpected(i, "")
	}
	switch d[i] {
	case '{':
		n.kind = '{'
		i, err = t.readObject(k, i, depth+1)
		n = &t.pending[k]
	case '[':
		n.kind = '['
		if t.whole {
			i, err = t.readArray(k, i, depth+1)
			n = &t.pending[k]
			break
		}
		if t.patchSource {
			// The array may go into the result whole: check it as
			// MergeJSON checks a patch.
			i, err = s.skip(i, depth)
		} else {
			// The array is only compared (DiffJSON's original), so it is
			// checked as MergeJSON checks what it copies; equal compares
			// the texts of two arrays when their bytes differ.
			s.dups = false
			i, err = s.skip(i, depth)
			s.dups = true
		}
	case '"':
		n.kind = '"'
		i, n.escaped, err = s.scanString(i)
	default:
		n.kind = d[i]
		if n.kind == '-' || '0' <= n.kind && n.kind <= '9' {
			n.kind = '0'
		}
		i, err = s.scanScalar(i)
	}
	n.ve = i
	n.compact = !s.ws
	s.ws = s.ws || outer
	return i, err
}

// readObject reads the object whose '{' is at i, at depth, into
// t.pending[k]: its members become the node's children, indexed by name
// for find.
func (t *tree) readObject(k, i, depth int) (int, *fault) {
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
		if i, err = t.read(c, i, depth); err != nil {
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

// readName reads the name and colon of a member of the object lvl at i,
// checking that it does not repeat one before it, and pushes the member's
// node onto pending: it returns the node's index, the decoded name and the
// offset of the value.
func (t *tree) readName(lvl *nameLevel, i int) (int, []byte, int, *fault) {
	s := &t.s
	nt, i, err := s.member(i)
	if err != nil {
		return 0, nil, i, err
	}
	name := s.name(nt)
	if s.st.names.add(lvl, s.data, nt, name) {
		return 0, nil, nt.start, s.repeated(nt)
	}
	c := len(t.pending)
	t.pending = append(t.pending, tnode{})
	p := &t.pending[c]
	p.ns, p.ne = nt.start, nt.end
	p.noteName(name)
	if nt.escaped {
		t.escNames = append(t.escNames, name)
		p.esc = int32(len(t.escNames))
	}
	return c, name, i, nil
}

// closeObject makes the members read into pending[base:] the children of
// the object pending[k], whose names lvl holds, and indexes them for find.
func (t *tree) closeObject(k, base int, lvl *nameLevel) {
	t.index(t.settle(k, base), lvl)
}

// readArray reads the array whose '[' is at i, at depth, into
// t.pending[k]: its elements become the node's children.
func (t *tree) readArray(k, i, depth int) (int, *fault) {
	s := &t.s
	i, more, err := s.open(i, depth, ']')
	base := len(t.pending)
	for e := 0; more; e++ {
		c := len(t.pending)
		t.pending = append(t.pending, tnode{})
		if i, err = t.read(c, i, depth); err != nil {
			return i, err.inIndex(e)
		}
		i, more, err = s.next(i, ']')
	}
	if err != nil {
		return i, err
	}
	t.settle(k, base)
	return i, nil
}

// settle moves the children of pending[k], pending[base:], into nodes, and
// returns the node.
func (t *tree) settle(k, base int) *tnode {
	n := &t.pending[k]
	n.first, n.n = int32(len(t.nodes)), int32(len(t.pending)-base)
	t.nodes = append(t.nodes, t.pending[base:]...)
	t.pending = t.pending[:base]
	return n
}

// name returns the decoded member name of n.
func (t *tree) name(n *tnode) []byte {
	if n.esc == 0 {
		return t.s.data[n.ns+1 : n.ne-1]
	}
	return t.escNames[n.esc-1]
}

// appendValue appends n's text, compacted.
func (t *tree) appendValue(dst []byte, n *tnode) []byte {
	v := t.s.data[n.vs:n.ve]
	if n.compact {
		return append(dst, v...)
	}
	return appendCompact(dst, v)
}
