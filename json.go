package deepmerge

import (
	"sync"
)

// MergeJSON returns the result of applying the JSON merge patch patch to the
// JSON document target. It calls [Options.MergeJSON] with the default
// options.
func MergeJSON(target, patch []byte) ([]byte, error) {
	return Options{}.MergeJSON(target, patch)
}

// AppendMergeJSON appends to dst the result of applying patch to target.
// It calls [Options.AppendMergeJSON] with the default options.
func AppendMergeJSON(dst, target, patch []byte) ([]byte, error) {
	return Options{}.AppendMergeJSON(dst, target, patch)
}

// Validate reports whether data is JSON text that the merge functions
// accept as a whole. It calls [Options.Validate] with the default options.
func Validate(data []byte) error {
	return Options{}.Validate(data)
}

// MergeJSON returns the result of applying patch, a JSON merge patch, to
// target, a JSON document, by the rules of the package documentation's
// section on semantics, working on the text itself. A zero-length target
// (nil or empty, as a database NULL reads) is absent.
//
// The result is compact JSON, with no HTML escaping, and the same inputs
// always give the same bytes. The target's members keep their order; a
// member the patch replaces stays where it was, under the target's spelling
// of its name; new members follow in the patch's order. Every value that
// the merge does not rebuild keeps its exact text, such as the number
// literals 1.0, 1e400 and 12345678901234567890 and the escapes in strings.
// Member names are compared by their decoded value, so "\u0061" and "a"
// are one name.
//
// Input is read strictly; see the package documentation's section on
// security for why. It is an error, of type [*Error] with the input's name
// and the byte offset of the fault, for either input not to be one JSON
// value with nothing but whitespace after it ([ErrSyntax]: a zero-length
// patch is such a fault, a zero-length target is absent), not to be valid
// UTF-8 or to escape an unpaired surrogate ([ErrInvalidUTF8]), or to nest
// deeper than o.MaxDepth ([ErrMaxDepth]). It is an error
// ([ErrDuplicateName]) for an object in patch, or an object in target whose
// members the merge reads, to repeat a member name; objects of target that
// the patch does not reach are copied without that check. With
// o.ObjectPatch, a patch that is not an object is an error
// ([ErrNotObject], at the offset of its value) once it has been read
// whole without such a fault, and the target is then not read.
//
// MergeJSON never modifies target or patch, and the result shares no memory
// with them. It is O(len(target) + len(patch)): it reads each byte of the
// inputs once and decodes only the member names of the objects it merges.
// It is safe for concurrent use.
func (o Options) MergeJSON(target, patch []byte) ([]byte, error) {
	if len(target)+len(patch) > maxKeep {
		out, err := o.AppendMergeJSON(make([]byte, 0, len(target)+len(patch)), target, patch)
		if err != nil {
			return nil, err
		}
		return out, nil
	}
	// A small result is written into a buffer of the pool, then copied
	// into one of its size: allocating a guess of it, and clearing that,
	// cost more than the copy (a guess of len(target)+len(patch) also
	// falls into a larger size class of the allocator).
	m := getMerger(o, target, patch)
	defer putMerger(m)
	out, err := m.run(m.out[:0])
	m.out = out
	if err != nil {
		return nil, err.done()
	}
	return append([]byte(nil), out...), nil
}

// AppendMergeJSON is like [Options.MergeJSON] but appends the result to dst
// and returns the extended buffer, so that a caller can reuse one buffer
// for many merges. On error it returns dst unchanged in length (bytes past
// len(dst) in its capacity may have been written). target and patch must
// not overlap the part of dst's capacity past len(dst).
func (o Options) AppendMergeJSON(dst, target, patch []byte) ([]byte, error) {
	m := getMerger(o, target, patch)
	defer putMerger(m)
	out, err := m.run(dst)
	if err != nil {
		return dst, err.done()
	}
	return out, nil
}

// Validate reports whether data is one JSON value that the merge functions
// would accept anywhere: valid syntax with nothing after the value, valid
// UTF-8 with no unpaired surrogate escape, no object that repeats a member
// name, and nesting no deeper than o.MaxDepth. It returns nil if so, and
// otherwise an [*Error] with an empty Input, the byte offset and the path of
// the first fault. A document that it rejects only for repeated names,
// invalid UTF-8 or unpaired surrogate escapes, as other programs store
// them, is repaired by [Options.Normalize]. It allocates nothing for input
// without escaped names and is O(len(data)). It is safe for concurrent
// use.
func (o Options) Validate(data []byte) error {
	st := scratchPool.Get().(*scratch)
	defer putScratch(st)
	s := scanner{data: data[:len(data):len(data)], input: inNone, max: o.maxDepth(), dups: true, st: st}
	if _, _, err := s.topValue(); err != nil {
		return err.done()
	}
	return nil
}

// A merger applies one patch text to one target text: the patch is read
// into a tree of its objects first, then the target is read once, and
// merged as it is read.
type merger struct {
	o       Options
	t       scanner
	p       tree
	out     []byte // MergeJSON's result, until it is copied out
	scratch        // shared by t and p
	// plain makes run merge objects with mergeObjectPlain, for a test
	// that holds mergeObject equal to it in the default build.
	plain bool
}

var mergerPool = sync.Pool{New: func() any { return new(merger) }}

// getMerger returns a pooled merger set up to merge patch into target.
func getMerger(o Options, target, patch []byte) *merger {
	m := mergerPool.Get().(*merger)
	max := o.maxDepth()
	m.o = o
	m.t = scanner{data: target[:len(target):len(target)], input: inTarget, max: max, st: &m.scratch}
	m.p.init(inPatch, patch, max, &m.scratch)
	m.p.patchSource = true
	return m
}

// putMerger returns m to its pool if every part of it fits.
func putMerger(m *merger) {
	if m.scratch.fits() && m.p.fits() {
		if cap(m.out) > maxKeep {
			m.out = nil
		}
		m.t = scanner{}
		m.plain = false
		m.p.reset()
		m.scratch.reset()
		mergerPool.Put(m)
	}
}

// run appends the merge to dst.
func (m *merger) run(dst []byte) ([]byte, *fault) {
	t := &m.t
	root, err := m.p.readTop()
	if err != nil {
		return dst, err
	}
	if err := m.o.checkObjectPatch(inPatch, root.kind, root.vs); err != nil {
		return dst, err
	}
	if len(t.data) == 0 {
		// An absent target: the patch applied to nothing.
		if root.kind != '{' {
			return m.p.appendValue(dst, &root), nil
		}
		return m.appendNew(dst, &root), nil
	}
	if root.kind != '{' {
		// A patch that is not an object replaces the target, which is
		// still checked so that bad input is never passed over.
		if _, _, err := t.topValue(); err != nil {
			return dst, err
		}
		return m.p.appendValue(dst, &root), nil
	}
	ts := t.skipWS(0)
	if ts < len(t.data) && t.data[ts] == '{' {
		var te int
		if m.plain {
			dst, te, err = m.mergeObjectPlain(dst, ts, 1, &root)
		} else {
			dst, te, err = m.mergeObject(dst, ts, 1, &root)
		}
		if err != nil {
			return dst, err
		}
		if err := t.end(te); err != nil {
			return dst, err
		}
		return dst, nil
	}
	if _, _, err := t.topValue(); err != nil {
		return dst, err
	}
	return m.appendNew(dst, &root), nil
}

// mergeObjectPlain appends the merge of patch object po into the target
// object whose '{' is at i and which is at depth, and returns the offset
// past it: MergeJSON's merge of an object as the RFC states it, the
// specification that mergeObject (fastmerge.go) is held to. It reads the
// target's members in order, checking each name for a repeat; a member
// that the patch does not name is copied as it is, compacted, and the
// others follow the three rules, each written once. The patch's members
// that no member of the target matched follow, in appendAdded.
func (m *merger) mergeObjectPlain(dst []byte, i, depth int, po *tnode) ([]byte, int, *fault) {
	t := &m.t
	d := t.data
	i, more, err := t.open(i, depth, '}')
	lvl := m.names.open()
	defer m.names.close(&lvl)
	dst = append(dst, '{')
	empty := len(dst)
	for more {
		var nt nameText
		if nt, i, err = t.member(i); err != nil {
			return dst, i, err
		}
		name := t.name(nt)
		if m.names.add(&lvl, d, nt, name) {
			return dst, nt.start, t.repeated(nt)
		}
		vs := i
		pm := m.p.find(po, name)
		switch {
		case pm == nil:
			// Untouched: the member is copied as it is.
			if i, err = t.skip(vs, depth); err == nil {
				dst = appendName(dst, empty, d[nt.start:nt.end])
				dst = appendCompact(dst, d[vs:i])
			}
		case pm.kind == 'n':
			// Rule 1: null removes the member.
			i, err = t.skip(vs, depth)
		case pm.kind == '{':
			// Rule 2: an object merges into the member, or into an
			// empty object when the member is not an object.
			dst = appendName(dst, empty, d[nt.start:nt.end])
			if vs < len(d) && d[vs] == '{' {
				dst, i, err = m.mergeObjectPlain(dst, vs, depth+1, pm)
			} else {
				i, err = t.skip(vs, depth)
				dst = m.appendNew(dst, pm)
			}
		default:
			// Rule 3: anything else replaces the member.
			i, err = t.skip(vs, depth)
			dst = appendName(dst, empty, d[nt.start:nt.end])
			dst = m.p.appendValue(dst, pm)
		}
		if err != nil {
			return dst, i, err.in(string(name))
		}
		if pm != nil {
			pm.used = true
		}
		i, more, err = t.next(i, '}')
	}
	if err != nil {
		return dst, i, err
	}
	dst = m.appendAdded(dst, empty, po) // new members, in the patch's order
	return append(dst, '}'), i, nil
}

// appendName appends the text of a member's name and a colon to the
// object being written in dst, after a comma unless the object has no
// member yet, as when len(dst) == empty.
func appendName(dst []byte, empty int, name []byte) []byte {
	if len(dst) > empty {
		dst = append(dst, ',')
	}
	dst = append(dst, name...)
	return append(dst, ':')
}

// appendNew appends patch object o merged into nothing.
func (m *merger) appendNew(dst []byte, o *tnode) []byte {
	dst = append(dst, '{')
	dst = m.appendAdded(dst, len(dst), o)
	return append(dst, '}')
}

// appendAdded appends to the object being written in dst, empty as in
// appendName, the members of patch object o that no member of the target
// matched, as merged into nothing: in order, less the nulls, at every
// depth.
func (m *merger) appendAdded(dst []byte, empty int, o *tnode) []byte {
	ms := m.p.nodes[o.first : o.first+o.n]
	for k := range ms {
		pm := &ms[k]
		if pm.used || pm.kind == 'n' {
			continue
		}
		dst = appendName(dst, empty, m.p.s.data[pm.ns:pm.ne])
		if pm.kind == '{' {
			dst = m.appendNew(dst, pm)
		} else {
			dst = m.p.appendValue(dst, pm)
		}
	}
	return dst
}
