package deepmerge

import (
	"sync"
)

// DiffJSON returns the smallest merge patch that turns the JSON document
// original into modified. It calls [Options.DiffJSON] with the default
// options.
func DiffJSON(original, modified []byte) ([]byte, error) {
	return Options{}.DiffJSON(original, modified)
}

// DiffJSON returns the smallest JSON merge patch that turns the JSON text
// original into modified, so that MergeJSON(original, patch) is modified
// in value. It follows the rules of [Options.Diff], on text:
//
//   - The patch is compact, and its members follow modified's order, with
//     the removed members (as null) after them in original's order. Names
//     and values are written as modified spells them; a removed member's
//     name as original spells it.
//   - Values are compared by their text, except that strings and member
//     names are compared by their decoded value and objects regardless of
//     member order. So 1 and 1.0 differ: MergeJSON keeps number text
//     exactly, so a patch that changes a literal's spelling is a change
//     worth sending.
//   - When modified is not an object, the only patch that produces it is
//     modified itself, and that is the result, even when original is equal
//     to it (an empty patch would turn a non-object into {}). When original
//     is not an object and modified is, the patch is modified.
//
// Input is read as strictly as [Options.MergeJSON] reads it, and faults
// are reported the same way, with Input "original" or "modified"; but a
// zero-length original is not absent, as a merge's target is: like a
// zero-length modified, it is an [ErrSyntax] fault. Modified plays the
// part of a patch, since its values are copied into one: a repeated member
// name anywhere in it is an error, so the result always passes MergeJSON's
// checks. Original plays the part of a target: a repeated name is an error
// in each object reached from the top through objects alone, not through
// an array, even one that modified drops or replaces whole. Modified is
// read first, so when both inputs are faulty, its fault is reported. A
// null member in modified that original does not hold at the same place
// is an error wrapping [ErrNotRepresentable], with its offset and path.
//
// This is most often met with a modified document that holds a null
// member because the program that wrote it writes an empty field as null
// (encoding/json for a struct field without omitempty, JSON.stringify for
// a property that is null). When such a null means "no value", as it does
// for a merge, remove the null members first: MergeJSON(nil, modified)
// returns an object modified less its null members at every depth (nulls
// in arrays are kept), and the patch from original to that removes the
// members that were null. A document that must keep a null member cannot
// be reached by a merge patch at all; store it whole.
//
// DiffJSON never modifies its arguments. It is O(len(original) +
// len(modified)) and safe for concurrent use.
func (o Options) DiffJSON(original, modified []byte) ([]byte, error) {
	d := differPool.Get().(*differ)
	defer putDiffer(d)
	out, err := d.diff(original, modified, o.maxDepth())
	if err != nil {
		return nil, err.done()
	}
	return out, nil
}

// diff returns the patch from original to modified, read with depth
// limit max.
func (d *differ) diff(original, modified []byte, max int) ([]byte, *fault) {
	d.o.init(inOriginal, original, max, &d.scratch)
	d.m.init(inModified, modified, max, &d.scratch)
	d.m.patchSource = true
	oroot, mroot, err := d.read()
	if err != nil {
		return nil, err
	}
	switch {
	case mroot.kind != '{':
		return d.m.appendValue(make([]byte, 0, mroot.ve-mroot.vs), &mroot), nil
	case oroot.kind != '{':
		if err := d.m.representable(&mroot); err != nil {
			return nil, err
		}
		return d.m.appendValue(make([]byte, 0, mroot.ve-mroot.vs), &mroot), nil
	}
	// The patch is written into a buffer of the pool, then copied into
	// one of its size: allocating a guess of it, and clearing that, cost
	// more than the copy.
	out, err := d.diffObjects(d.out[:0], &oroot, &mroot)
	d.out = out
	if err != nil {
		return nil, err
	}
	return append([]byte(nil), out...), nil
}

// sameString reports whether the checked string texts x and y, quotes
// included, hold the same string once their escapes are decoded; escaped
// tells whether either has an escape.
func (d *differ) sameString(x, y []byte, escaped bool) bool {
	if string(x) == string(y) {
		return true
	}
	if !escaped {
		return false
	}
	a := &d.names.arena
	mark := len(*a)
	*a = appendUnescaped(*a, x[1:len(x)-1])
	mid := len(*a)
	*a = appendUnescaped(*a, y[1:len(y)-1])
	eq := string((*a)[mark:mid]) == string((*a)[mid:])
	*a = (*a)[:mark]
	return eq
}

// putDiffer returns d to its pool if every part of it fits.
func putDiffer(d *differ) {
	if d.scratch.fits() && d.o.fits() && d.m.fits() && d.deep[0].fits() && d.deep[1].fits() && d.fastFits() {
		if cap(d.out) > maxKeep {
			d.out = nil
		}
		d.o.reset()
		d.m.reset()
		d.deep[0].reset()
		d.deep[1].reset()
		d.fastReset()
		d.scratch.reset()
		differPool.Put(d)
	}
}

// representable reports an error if n, stored whole by a patch, would lose
// a null member when merged.
func (t *tree) representable(n *tnode) *fault {
	if n.kind != '{' {
		return nil
	}
	for k := n.first; k < n.first+n.n; k++ {
		c := &t.nodes[k]
		if c.kind == 'n' {
			return t.notRepresentable(c)
		}
		if err := t.representable(c); err != nil {
			return err.in(string(t.name(c)))
		}
	}
	return nil
}

func (t *tree) notRepresentable(c *tnode) *fault {
	return t.s.errAt(c.vs, ErrNotRepresentable, nullMemberMessage).in(string(t.name(c)))
}

// diffObjects appends the diff of the objects on and mn.
func (d *differ) diffObjects(dst []byte, on, mn *tnode) ([]byte, *fault) {
	dst = append(dst, '{')
	empty := len(dst)
	mdata, odata := d.m.s.data, d.o.s.data
	for k := mn.first; k < mn.first+mn.n; k++ {
		mc := &d.m.nodes[k]
		oc := d.o.find(on, d.m.name(mc))
		if oc != nil {
			oc.used = true
		}
		switch {
		case oc == nil:
			if mc.kind == 'n' {
				return dst, d.m.notRepresentable(mc)
			}
			if err := d.m.representable(mc); err != nil {
				return dst, err.in(string(d.m.name(mc)))
			}
		case mc.kind == 'n':
			if oc.kind != 'n' {
				return dst, d.m.notRepresentable(mc)
			}
			continue
		case mc.kind == '{' && oc.kind == '{':
			mark := len(dst)
			dst = appendName(dst, empty, mdata[mc.ns:mc.ne])
			sub := len(dst)
			var err *fault
			dst, err = d.diffObjects(dst, oc, mc)
			if err != nil {
				return dst, err.in(string(d.m.name(mc)))
			}
			if len(dst) == sub+2 { // "{}": nothing changed
				dst = dst[:mark]
			}
			continue
		default:
			if d.equal(oc, mc) {
				continue
			}
			if err := d.m.representable(mc); err != nil {
				return dst, err.in(string(d.m.name(mc)))
			}
		}
		dst = appendName(dst, empty, mdata[mc.ns:mc.ne])
		dst = d.m.appendValue(dst, mc)
	}
	for k := on.first; k < on.first+on.n; k++ {
		oc := &d.o.nodes[k]
		if oc.used {
			continue
		}
		dst = append(appendName(dst, empty, odata[oc.ns:oc.ne]), "null"...)
	}
	return append(dst, '}'), nil
}

// readPlain reads modified, then original, into trees: DiffJSON's
// reading as it is specified, which read (fastdiff.go) makes faster. A
// fault of modified is reported before any of original.
func (d *differ) readPlain() (oroot, mroot tnode, err *fault) {
	if mroot, err = d.m.readTop(); err != nil {
		return oroot, mroot, err
	}
	oroot, err = d.o.readTop()
	return oroot, mroot, err
}

// equal reports whether the original's node a and the modified's node b
// are equal: numbers by text, strings by decoded value, arrays element by
// element, objects member by member in any order.
func (d *differ) equal(a, b *tnode) bool {
	return d.equalNodes(&d.o, &d.m, a, b)
}

// equalNodes is equal for node a of tree to and node b of tree tm.
func (d *differ) equalNodes(to, tm *tree, a, b *tnode) bool {
	if a.kind != b.kind {
		return false
	}
	ad, bd := to.s.data[a.vs:a.ve], tm.s.data[b.vs:b.ve]
	switch a.kind {
	case '0':
		return string(ad) == string(bd)
	case '"':
		return d.sameString(ad, bd, a.escaped || b.escaped)
	case '[':
		if to.whole {
			if a.n != b.n {
				return false
			}
			for k := int32(0); k < a.n; k++ {
				if !d.equalNodes(to, tm, &to.nodes[a.first+k], &tm.nodes[b.first+k]) {
					return false
				}
			}
			return true
		}
		return d.equalArrays(a, b, ad, bd)
	case '{':
		if a.n != b.n {
			return false
		}
		for k := b.first; k < b.first+b.n; k++ {
			bc := &tm.nodes[k]
			ac := to.find(a, tm.name(bc))
			if ac == nil || !d.equalNodes(to, tm, ac, bc) {
				return false
			}
		}
		return true
	}
	return true // true, false, null
}

// equalDeep is equal for the checked texts a and b of two arrays that
// nest too deep for equalText: it reads both whole into trees, arrays
// included, whose objects have tables, and compares the nodes. An object of
// a that repeats a name makes the read fail, and is equal to nothing.
func (d *differ) equalDeep(a, b []byte) bool {
	ta, tb := &d.deep[0], &d.deep[1]
	defer ta.reset()
	defer tb.reset()
	ta.init(inOriginal, a, maxDepthCeiling, &d.scratch)
	tb.init(inModified, b, maxDepthCeiling, &d.scratch)
	ta.whole, tb.whole = true, true
	ra, err := ta.readTop()
	if err != nil {
		return false
	}
	rb, err := tb.readTop()
	if err != nil {
		return false
	}
	return d.equalNodes(ta, tb, &ra, &rb)
}

// A differ holds the two parsed documents of one DiffJSON call.
type differ struct {
	o, m tree
	deep [2]tree // original's and modified's values, for equalDeep
	out  []byte  // the patch, until it is copied out
	scratch
	diffFast // what the fast paths keep, in fastdiff.go
}

var differPool = sync.Pool{New: func() any { return new(differ) }}
