package deepmerge

import (
	"bytes"
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
// are reported the same way, with Input "original" or "modified". Modified
// plays the part of a patch, since its values are copied into one: a
// repeated member name anywhere in it is an error, so the result always
// passes MergeJSON's checks. Original plays the part of a target: a
// repeated name is an error in each object reached from the top through
// objects alone, not through an array, even one that modified drops or
// replaces whole. Modified is read first, so when both inputs are faulty,
// its fault is reported.
// A null member in modified that original does not hold at the same place
// is an error wrapping [ErrNotRepresentable], with its offset and path.
//
// DiffJSON never modifies its arguments. It is O(len(original) +
// len(modified)) and safe for concurrent use.
func (o Options) DiffJSON(original, modified []byte) ([]byte, error) {
	d := differPool.Get().(*differ)
	defer putDiffer(d)
	d.o.init(inOriginal, original, o.maxDepth(), &d.scratch)
	d.m.init(inModified, modified, o.maxDepth(), &d.scratch)
	d.m.patchSource = true
	// Modified is read first, so that reading original can skip the
	// arrays and strings that it has unchanged, comparing bytes instead of
	// checking them a second time.
	mroot, err := d.m.readTop(nil)
	if err != nil {
		return nil, err.done()
	}
	d.o.hint = &d.m
	oroot, err := d.o.readTop(&mroot)
	if err != nil {
		return nil, err.done()
	}
	out := make([]byte, 0, len(modified)/4+16)
	switch {
	case mroot.kind != '{':
		out = d.m.appendValue(out, &mroot)
	case oroot.kind != '{':
		if err := d.m.representable(&mroot); err != nil {
			return nil, err.done()
		}
		out = d.m.appendValue(out, &mroot)
	default:
		out, err = d.diffObjects(out, &oroot, &mroot)
		if err != nil {
			return nil, err.done()
		}
	}
	return out, nil
}

// equalText reports whether the values at a[i] and b[j], texts that
// have been checked, are equal by the rules of equal, and returns the
// offsets past them (meaningless when they differ). b, from modified,
// repeats no name; an object of a that does is equal to nothing, as it
// would be an error to read a into nodes.
func (d *differ) equalText(a []byte, i int, b []byte, j int) (int, int, bool) {
	switch ca, cb := a[i], b[j]; {
	case ca == '[' && cb == '[':
		i, j = spaceEnd(a, i+1), spaceEnd(b, j+1)
		for {
			if a[i] == ']' || b[j] == ']' {
				return i + 1, j + 1, a[i] == b[j]
			}
			var eq bool
			if i, j, eq = d.equalText(a, i, b, j); !eq {
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
		return d.equalObjectText(a, i, b, j)
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

// A textMember is where a member of a checked object is, for equalText.
type textMember struct {
	ns, ne, vs int // the name's text, and the start of the value
	escaped    bool
	used       bool
}

// equalObjectText is equalText for two objects: each member of a is
// looked up by name among b's.
func (d *differ) equalObjectText(a []byte, i int, b []byte, j int) (int, int, bool) {
	base := len(d.members)
	defer func() { d.members = d.members[:base] }()
	for j = spaceEnd(b, j+1); b[j] != '}'; {
		ne, esc := checkedStringEnd(b, j)
		vs := spaceEnd(b, spaceEnd(b, ne)+1)
		d.members = append(d.members, textMember{ns: j, ne: ne, vs: vs, escaped: esc})
		j = spaceEnd(b, checkedValueEnd(b, vs))
		if b[j] == ',' {
			j = spaceEnd(b, j+1)
		}
	}
	bEnd := j + 1
	matched := 0
	for i = spaceEnd(a, i+1); a[i] != '}'; {
		ne, esc := checkedStringEnd(a, i)
		name := a[i:ne]
		k := base
		for ; k < len(d.members); k++ {
			m := &d.members[k]
			if string(name) == string(b[m.ns:m.ne]) {
				break
			}
			if (esc || m.escaped) && d.sameString(name, b[m.ns:m.ne], true) {
				break
			}
		}
		if k == len(d.members) || d.members[k].used {
			return i, bEnd, false
		}
		d.members[k].used = true
		matched++
		ie, _, eq := d.equalText(a, spaceEnd(a, spaceEnd(a, ne)+1), b, d.members[k].vs)
		if !eq {
			return i, bEnd, false
		}
		if i = spaceEnd(a, ie); a[i] == ',' {
			i = spaceEnd(a, i+1)
		}
	}
	return i + 1, bEnd, matched == len(d.members)-base
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
	mark := len(d.arena)
	d.arena = appendUnescaped(d.arena, x[1:len(x)-1])
	mid := len(d.arena)
	d.arena = appendUnescaped(d.arena, y[1:len(y)-1])
	eq := string(d.arena[mark:mid]) == string(d.arena[mid:])
	d.arena = d.arena[:mark]
	return eq
}

// hasEscapeOrObject reports whether the JSON text b may hold a string
// escape or an object, the two things that let different texts be equal.
func hasEscapeOrObject(b []byte) bool {
	return bytes.IndexByte(b, '\\') >= 0 || bytes.IndexByte(b, '{') >= 0
}

// A differ holds the two parsed documents of one DiffJSON call.
type differ struct {
	o, m    tree
	members []textMember // equalText's stack of the open objects' members
	scratch
}

var differPool = sync.Pool{New: func() any { return new(differ) }}

// putDiffer returns d to its pool if every part of it fits.
func putDiffer(d *differ) {
	if d.scratch.fits() && d.o.fits() && d.m.fits() && cap(d.members) <= maxKeep {
		d.o.reset()
		d.m.reset()
		d.members = d.members[:0]
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
			return err.in(string(c.name))
		}
	}
	return nil
}

func (t *tree) notRepresentable(c *tnode) *fault {
	return t.s.errAt(c.vs, ErrNotRepresentable, nullMemberMessage).in(string(c.name))
}

// diffObjects appends the diff of the objects on and mn.
func (d *differ) diffObjects(dst []byte, on, mn *tnode) ([]byte, *fault) {
	dst = append(dst, '{')
	empty := len(dst)
	mdata, odata := d.m.s.data, d.o.s.data
	for k := mn.first; k < mn.first+mn.n; k++ {
		mc := &d.m.nodes[k]
		oc := d.o.find(on, mc.name)
		if oc != nil {
			oc.used = true
		}
		switch {
		case oc == nil:
			if mc.kind == 'n' {
				return dst, d.m.notRepresentable(mc)
			}
			if err := d.m.representable(mc); err != nil {
				return dst, err.in(string(mc.name))
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
				return dst, err.in(string(mc.name))
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
				return dst, err.in(string(mc.name))
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

// equal reports whether the original's node a and the modified's node b
// are equal: numbers by text, strings by decoded value, arrays element by
// element, objects member by member in any order.
func (d *differ) equal(a, b *tnode) bool {
	if a.kind != b.kind {
		return false
	}
	ad, bd := d.o.s.data[a.vs:a.ve], d.m.s.data[b.vs:b.ve]
	switch a.kind {
	case '0':
		return string(ad) == string(bd)
	case '"':
		return d.sameString(ad, bd, a.escaped || b.escaped)
	case '[':
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
		_, _, eq := d.equalText(ad, 0, bd, 0)
		return eq
	case '{':
		if a.n != b.n {
			return false
		}
		for k := b.first; k < b.first+b.n; k++ {
			bc := &d.m.nodes[k]
			ac := d.o.find(a, bc.name)
			if ac == nil || !d.equal(ac, bc) {
				return false
			}
		}
		return true
	}
	return true // true, false, null
}
