package deepmerge

import (
	"errors"
	"strconv"
)

// A JSONBatch is one merge patch, as JSON text, that does what a run of
// queued patches does in turn. [Options.BatchJSON] returns them.
type JSONBatch struct {
	// Patch is the composition of the run, compact JSON text.
	Patch []byte

	// Start and End delimit the run in the queue: it is
	// patches[Start:End], and Start < End.
	Start, End int
}

// A MapBatch is one merge patch, as a map, that does what a run of queued
// patches does in turn. [Options.Batch] returns them.
type MapBatch struct {
	// Patch is the composition of the run, of canonical types only.
	Patch map[string]any

	// Start and End delimit the run in the queue: it is
	// patches[Start:End], and Start < End.
	Start, End int
}

// BatchJSON turns a queue of JSON merge patches into as few batches as
// composing from the left gives. It calls [Options.BatchJSON] with the
// default options.
func BatchJSON(patches [][]byte) ([]JSONBatch, error) {
	return Options{}.BatchJSON(patches)
}

// Batch turns a queue of merge patches, as maps, into as few batches as
// composing from the left gives. It calls [Options.Batch] with the
// default options.
func Batch(patches []map[string]any) ([]MapBatch, error) {
	return Options{}.Batch(patches)
}

// BatchJSON returns patches, a queue of JSON merge patches, as batches:
// each batch is one patch, the composition of a run of the queue, and the
// runs are contiguous, in order, and together cover the queue. So
// applying the batches in turn has the effect of applying the patches in
// turn: for every target t that [Options.Validate] accepts, merging each
// batch's Patch into t in order gives, in value, what merging each patch
// in order gives. A client that queues patches offline sends the batches
// in place of the queue, and drops patches[Start:End] from its queue once
// a batch is applied.
//
// The batches are made greedily, left to right, by the rules of
// [Options.ComposeJSON]: a patch joins the batch before it when the two
// compose, and starts a new batch where ComposeJSON of the two is an
// [*Error] wrapping [ErrNotRepresentable] (a patch sets a member, or the whole document,
// to null or to a value that is not an object, and a later one merges an
// object into it). This is not always the fewest batches there are,
// because a run whose first two patches do not compose may still have a
// composition as a whole, when a later patch of the run sets the member
// again. The queue
//
//	{"a":null}  {"a":{"x":1},"b":null}  {"a":null}  {"b":{"y":1}}
//
// gives three batches: {"a":null}, then {"a":null,"b":null} for the
// second and third, then {"b":{"y":1}}. Two do the same, which is the
// fewest: {"a":null,"b":null} for the first three, then {"b":{"y":1}}.
//
// Each Patch is, byte for byte, what folding ComposeJSON over its run
// from the left gives: compact, every value keeping its text, its
// members in the order ComposeJSON gives (a batch of one patch is that
// patch, made compact). For no patches, the result is nil.
//
// Every patch is read whole, as strictly as ComposeJSON reads its inputs,
// and with o.ObjectPatch a patch that is not an object is an error
// ([ErrNotObject]). The first patch at fault, in the queue's order, is
// reported: an [*Error] whose Input is "patches[i]", i the patch's index
// in the queue from 0 in decimal, with the Path and Offset of the fault
// in that patch. ErrNotRepresentable is never returned: it is where a
// batch ends.
//
// BatchJSON never modifies the patches, and the result shares no memory
// with them. It is O(L) for patches of L bytes in all: it reads each
// patch once, composes it into the batch before it at the cost of its
// own size, not the batch's, and writes each batch once. It is safe for
// concurrent use.
func (o Options) BatchJSON(patches [][]byte) ([]JSONBatch, error) {
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

// Batch is [Options.BatchJSON] on maps: it returns the queue of merge
// patches patches as batches, each the composition of a contiguous run
// of the queue, in order, so that for every target t merging each
// batch's Patch into t in turn gives what merging each patch in turn
// gives. The batches are made greedily, as BatchJSON makes them, by the
// rules of [Options.Compose]; so they are not always the fewest, as the
// queue of BatchJSON's documentation shows. A nil patch is the empty
// object. For no patches, the result is nil.
//
// Values are read as [Options.Merge] reads them, and every value of every
// patch is checked as Merge checks its inputs, with the same errors, of
// Input "patches[i]", i the index in the queue of the first patch at
// fault, from 0. ErrNotRepresentable is never returned. (Options.ObjectPatch
// does not apply: a map is an object.)
//
// Batch never modifies the patches, and the result shares no map or
// slice with them. It is O(n) in the total size of the patches as JSON:
// it makes a checked, canonical copy of each, and moves the members of
// each into its batch. It is safe for concurrent use as long as no
// goroutine modifies the patches while it runs.
func (o Options) Batch(patches []map[string]any) ([]MapBatch, error) {
	w := walker{max: o.maxDepth()}
	var out []MapBatch
	for i, p := range patches {
		c, err := w.composeCopy(p, inPatch)
		if err != nil {
			return nil, batchError(err.done(), i)
		}
		if len(out) > 0 {
			b := &out[len(out)-1]
			if representable(b.Patch, c) {
				if err := composeMaps(b.Patch, c); err != nil {
					return nil, batchError(err.done(), i) // not expected: representable checked it
				}
				b.End = i + 1
				continue
			}
		}
		out = append(out, MapBatch{Patch: c, Start: i, End: i + 1})
	}
	return out, nil
}

// representable reports whether the canonical patches first and second
// have a composition, so that composeMaps succeeds: no object of second
// meets a member of first that is null or not an object.
func representable(first, second map[string]any) bool {
	for name, sv := range second {
		sm, ok := sv.(map[string]any)
		if !ok {
			continue
		}
		fv, ok := first[name]
		if !ok {
			continue
		}
		fm, ok := fv.(map[string]any)
		if !ok || !representable(fm, sm) {
			return false
		}
	}
	return true
}

// batchError returns err, an *Error about the i-th patch of a queue, with
// its Input naming that patch.
func batchError(err error, i int) error {
	var e *Error
	if errors.As(err, &e) {
		e.Input = "patches[" + strconv.Itoa(i) + "]"
	}
	return err
}
