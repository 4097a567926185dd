//go:build !deepmerge_plain

package deepmerge

// This file holds BatchJSON's fast path, built unless the deepmerge_plain
// tag is set: it reads each patch once and composes it into a batch held
// as a tree of members (bvalue), at the cost of the patch only, where the
// plain twin, batchJSONPlain, folds ComposeJSON over the run and so reads
// the batch so far again for each patch. FuzzBatchJSONTwins holds the two
// equal.

// batchJSON is BatchJSON's seam: it gives what batchJSONPlain gives.
func (o Options) batchJSON(patches [][]byte) ([]JSONBatch, error) {
	c := composerPool.Get().(*composer)
	defer putComposer(c)
	t, limit := &c.s, o.maxDepth()
	var out []JSONBatch
	var batch *bvalue // the composition of the last batch's run so far
	for i, p := range patches {
		t.reset()
		c.scratch.reset()
		t.init(inPatch, p, limit, &c.scratch)
		// Read as ComposeJSON reads second: values go into the result
		// whole, so repeated names are errors in arrays too.
		t.patchSource = true
		root, err := t.readTop()
		if err == nil {
			err = o.checkObjectPatch(inPatch, root.kind, root.vs)
		}
		if err != nil {
			return nil, batchError(err.done(), i)
		}
		if batch != nil && batch.takes(t, &root) {
			batch = batch.compose(t, &root)
			out[len(out)-1].End = i + 1
			continue
		}
		// The first patch, or one that the batch before cannot take.
		if batch != nil {
			out[len(out)-1].Patch = batch.appendText(nil)
		}
		batch = newBValue(t, &root)
		out = append(out, JSONBatch{Start: i, End: i + 1})
	}
	if batch != nil {
		out[len(out)-1].Patch = batch.appendText(nil)
	}
	return out, nil
}

// A bvalue is a value of the batch that BatchJSON is building: an object,
// whose members change in place as later patches compose into it, or the
// text of any other value, in the patch that set it. The rules are those
// of composer.composeObjects, applied to the batch so far and the next
// patch; they give the same members in the same order, so the text is
// what the left fold of ComposeJSON over the run gives, at the cost of
// the next patch only.
type bvalue struct {
	kind    byte   // as tnode.kind
	compact bool   // text has no whitespace
	text    []byte // the text of a value that is not an object
	members []bmember
	index   map[string]int // the position in members of each member present
}

// A bmember is a member of a bvalue object.
type bmember struct {
	name []byte  // the name's text, quotes included, as its patch spells it
	val  *bvalue // nil for a member moved to the end, which is absent here
}

// newBValue returns the bvalue of node n of the patch read into t.
func newBValue(t *tree, n *tnode) *bvalue {
	if n.kind != '{' {
		return &bvalue{kind: n.kind, compact: n.compact, text: t.s.data[n.vs:n.ve]}
	}
	v := &bvalue{kind: '{', members: make([]bmember, 0, n.n), index: make(map[string]int, n.n)}
	for k := n.first; k < n.first+n.n; k++ {
		c := &t.nodes[k]
		v.add(t, c)
	}
	return v
}

// add appends member c of the patch read into t to the object v.
func (v *bvalue) add(t *tree, c *tnode) {
	v.index[string(t.name(c))] = len(v.members)
	v.members = append(v.members, bmember{name: t.s.data[c.ns:c.ne], val: newBValue(t, c)})
}

// takes reports whether v, a patch, and the patch n read into t have a
// composition: no object of n meets a member of v that is null or not an
// object, and n is not an object if v is not one.
func (v *bvalue) takes(t *tree, n *tnode) bool {
	if n.kind != '{' {
		return true
	}
	if v.kind != '{' {
		return false
	}
	for k := n.first; k < n.first+n.n; k++ {
		c := &t.nodes[k]
		if c.kind != '{' {
			continue
		}
		if j, ok := v.index[string(t.name(c))]; ok && !v.members[j].val.takes(t, c) {
			return false
		}
	}
	return true
}

// compose returns the composition of v and the patch n read into t,
// which v.takes: v itself, changed in place, when both are objects.
func (v *bvalue) compose(t *tree, n *tnode) *bvalue {
	if n.kind != '{' {
		return newBValue(t, n) // second replaces any document
	}
	for k := n.first; k < n.first+n.n; k++ {
		c := &t.nodes[k]
		name := t.name(c)
		j, ok := v.index[string(name)]
		if !ok {
			v.add(t, c) // new: after the members v has, in n's order
			continue
		}
		m := &v.members[j]
		switch {
		case c.kind == '{':
			m.val = m.val.compose(t, c)
		case m.val.kind == 'n' && c.kind != 'n':
			// v removes it and n sets it: a new member, at the end.
			m.val = nil
			delete(v.index, string(name))
			v.add(t, c)
		default:
			// n replaces or removes it, in its place, under v's
			// spelling of its name.
			m.val = newBValue(t, c)
		}
	}
	return v
}

// appendText appends v as compact JSON text.
func (v *bvalue) appendText(dst []byte) []byte {
	if v.kind != '{' {
		if v.compact {
			return append(dst, v.text...)
		}
		return appendCompact(dst, v.text)
	}
	dst = append(dst, '{')
	empty := len(dst)
	for _, m := range v.members {
		if m.val != nil {
			dst = appendName(dst, empty, m.name)
			dst = m.val.appendText(dst)
		}
	}
	return append(dst, '}')
}
