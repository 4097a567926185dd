package deepmerge

import "sync"

// Compose returns one merge patch with the effect of applying first and
// then second. It calls [Options.Compose] with the default options.
func Compose(first, second map[string]any) (map[string]any, error) {
	return Options{}.Compose(first, second)
}

// ComposeJSON returns one merge patch, as JSON text, with the effect of
// applying the JSON merge patch first and then second. It calls
// [Options.ComposeJSON] with the default options.
func ComposeJSON(first, second []byte) ([]byte, error) {
	return Options{}.ComposeJSON(first, second)
}

// Compose returns a single JSON merge patch whose effect on every target
// is that of applying first and then second: for every target t,
// Merge(t, result) equals Merge(Merge(t, first), second). It is what a
// client that queues patches, or a server that coalesces them, sends or
// applies in their place. The result is first, changed by second's
// members:
//
//   - a member of second that is null, or any value but an object,
//     replaces the member of first with the same name, or is added:
//     second decides that member, whatever first did with it;
//   - a member of second that is an object is composed, by these same
//     rules, with the member of first with the same name when that is an
//     object too, and is kept as it is, nulls included (they still remove
//     members of the target), when first has no such member;
//   - members of first that second does not name are kept as they are.
//
// Not every pair of patches has a composition. A patch changes a member
// of the target in one of three ways: null removes it, an object merges
// into what it holds, any other value replaces it. None of them puts an
// object in place of what the target holds. So when first sets a member
// to null or to a value that is not an object, and second then sets it to
// an object, applying the two leaves exactly second's object there
// (without its nulls), whatever the target held, and no single patch can
// do that. For example, with first {"a": null} and second
// {"a": {"x": 1}}, the two applied in turn to {"a": {"y": 2}} give
// {"a": {"x": 1}}; but a patch whose member "a" is an object keeps "y",
// and one whose member "a" is anything else leaves no object at "a".
// Merging the two patches as if the first were a document gives
// {"a": {"x": 1}}, which is that wrong answer. Compose returns instead an
// [*Error] wrapping [ErrNotRepresentable], with Input "second" and the
// Path of second's object member.
//
// Values are read as [Options.Merge] reads them: a Go value means what
// its JSON means, and the result holds only the canonical types. A nil
// first or second is the empty object, and composing with the empty
// object, on either side, gives a copy of the other patch. On success the
// result is never nil. Compose never modifies first or second, and the
// result shares no map or slice with them.
//
// Every value of both patches is checked as [Options.Merge] checks its
// inputs, with the same errors, of Input "first" or "second"; the package
// documentation's section on errors says which of several is reported.
//
// Compose is O(n) in the total size of first and second as JSON: it makes
// a checked, canonical copy of each, and moves the members of second's
// copy into first's. It is safe for concurrent use as long as no
// goroutine modifies first or second while it runs.
func (o Options) Compose(first, second map[string]any) (map[string]any, error) {
	w := walker{max: o.maxDepth()}
	f, err := w.composeCopy(first, inFirst)
	if err != nil {
		return nil, err.doneIn(first, second)
	}
	s, err := w.composeCopy(second, inSecond)
	if err != nil {
		return nil, err.doneIn(first, second)
	}
	if err := composeMaps(f, s); err != nil {
		return nil, err.doneIn(first, second)
	}
	return f, nil
}

// composeCopy returns a checked, canonical copy of the patch m, read as
// the input in, a new empty map when m is nil.
func (w *walker) composeCopy(m map[string]any, in input) (map[string]any, *fault) {
	if m == nil {
		return map[string]any{}, nil
	}
	w.input = in
	return w.copyMap(m, 1)
}

// composeMaps composes the canonical patch second into the canonical
// patch first, in place: both are copies that Compose owns, so second's
// values move into first as they are.
func composeMaps(first, second map[string]any) *fault {
	for name, sv := range second {
		sm, ok := sv.(map[string]any)
		if !ok {
			// Null, or a value that replaces: second decides.
			first[name] = sv
			continue
		}
		fv, ok := first[name]
		if !ok {
			// First does not touch this member: second's object, as
			// it is, merges into whatever the target holds.
			first[name] = sm
			continue
		}
		fm, ok := fv.(map[string]any)
		if !ok {
			return valueError(inSecond, ErrNotRepresentable, notRepresentableMember(valueKind(fv))).in(name)
		}
		if err := composeMaps(fm, sm); err != nil {
			return err.in(name)
		}
	}
	return nil
}

// valueKind names the kind of the canonical value v, which is not an
// object, for a message.
func valueKind(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case string:
		return "a string"
	case bool:
		return "a boolean"
	case []any:
		return "an array"
	}
	return "a number"
}

// textKind is valueKind for a node of a tree.
func textKind(n *tnode) string { return kindName(n.kind) }

// kindName names the kind of the JSON value whose tree node kind, or
// whose first byte of text, is b, for a message.
func kindName(b byte) string {
	switch b {
	case '{':
		return "an object"
	case 'n':
		return "null"
	case '"':
		return "a string"
	case 't', 'f':
		return "a boolean"
	case '[':
		return "an array"
	}
	return "a number"
}

// notRepresentableMember is the detail of the error for a member that
// first sets to a value of the given kind and second to an object.
func notRepresentableMember(kind string) string {
	return "first sets this member to " + kind + ", and no merge patch can replace a member with an object"
}

// notRepresentableRoot is the detail of the error for an object second
// after a first of the given kind.
func notRepresentableRoot(kind string) string {
	return "first is " + kind + ", not an object, and no merge patch can replace a whole document with an object"
}

// ComposeJSON returns a single JSON merge patch, as JSON text, whose
// effect on every target is that of applying the patch first and then
// the patch second: for every target t that [Options.Validate] accepts,
// MergeJSON(t, result) is MergeJSON(MergeJSON(t, first), second) in
// value. The rules are those of [Options.Compose], on any JSON values:
//
//   - if second is not an object (null, a string, a number, a boolean, an
//     array), it is the result, since it replaces any document;
//   - if second is an object and first is not, there is no result: after
//     first the document is first, whatever it was before, and second
//     turns that into one fixed object, which no patch gives from every
//     document (an object patch keeps the members of the document that it
//     does not name, and any other patch gives no object). This is an
//     [*Error] wrapping [ErrNotRepresentable], with Input "second", Path
//     "" and the Offset of second's value;
//   - if both are objects, their members are composed as Compose composes
//     them, and a member of second that is an object where first's member
//     of that name is null or not an object is the same error, with the
//     member's Path and the Offset of its value in second.
//
// The result is compact JSON, with no HTML escaping, and the same inputs
// always give the same bytes. Its members are first's, in first's order,
// each that second replaces in its place, under first's spelling of its
// name; then second's new members, in second's order, under second's
// spelling. A member that first removes (null) and second sets to a value
// counts as new, since after first the document does not hold it and
// second adds it, so it goes with second's new members. Applied with
// [Options.MergeJSON], the result then gives the same bytes as first and
// second applied in turn, except where the target itself holds such a
// member: two merges remove it and add it again at the end of its object,
// and one merge, which cannot move a member, leaves it in its place. Every
// value keeps its exact text: number literals such as 1.0 and
// 12345678901234567890, and the escapes in strings.
//
// Both inputs are read whole, as strictly as [Options.MergeJSON] reads a
// patch (so a zero-length one is [ErrSyntax]), with its errors, of Input
// "first" or "second"; a repeated member name is an error in any object.
// With o.ObjectPatch, either that is not an object is an error
// ([ErrNotObject], at the offset of its value), reported after the faults
// of its own strict read and before second is read when it is first's.
// When several members cannot be composed, ErrNotRepresentable is about
// the first of them in first's text.
//
// ComposeJSON never modifies first or second, and the result shares no
// memory with them. It is O(len(first) + len(second)): it reads each
// input once, into an index of its objects, and copies each value of the
// result once. It is safe for concurrent use.
func (o Options) ComposeJSON(first, second []byte) ([]byte, error) {
	c := composerPool.Get().(*composer)
	defer putComposer(c)
	limit := o.maxDepth()
	c.f.init(inFirst, first, limit, &c.scratch)
	c.s.init(inSecond, second, limit, &c.scratch)
	// Both are patches, whose values may go into the result whole:
	// repeated names are errors in their arrays too.
	c.f.patchSource, c.s.patchSource = true, true
	froot, err := c.f.readTop()
	if err == nil {
		err = o.checkObjectPatch(inFirst, froot.kind, froot.vs)
	}
	if err != nil {
		return nil, err.done()
	}
	sroot, err := c.s.readTop()
	if err == nil {
		err = o.checkObjectPatch(inSecond, sroot.kind, sroot.vs)
	}
	if err != nil {
		return nil, err.done()
	}
	out := make([]byte, 0, len(first)+len(second))
	switch {
	case sroot.kind != '{':
		out = c.s.appendValue(out, &sroot)
	case froot.kind != '{':
		return nil, c.s.s.errAt(sroot.vs, ErrNotRepresentable, notRepresentableRoot(textKind(&froot))).done()
	default:
		out, err = c.composeObjects(out, &froot, &sroot)
		if err != nil {
			return nil, err.done()
		}
	}
	return out, nil
}

// A composer holds the two parsed patches of one ComposeJSON call.
type composer struct {
	f, s tree
	scratch
}

var composerPool = sync.Pool{New: func() any { return new(composer) }}

// putComposer returns c to its pool if every part of it fits.
func putComposer(c *composer) {
	if c.scratch.fits() && c.f.fits() && c.s.fits() {
		c.f.reset()
		c.s.reset()
		c.scratch.reset()
		composerPool.Put(c)
	}
}

// composeObjects appends the composition of first's object fo and
// second's object so.
func (c *composer) composeObjects(dst []byte, fo, so *tnode) ([]byte, *fault) {
	dst = append(dst, '{')
	empty := len(dst)
	fdata, sdata := c.f.s.data, c.s.s.data
	for k := fo.first; k < fo.first+fo.n; k++ {
		fc := &c.f.nodes[k]
		sc := c.s.find(so, c.f.name(fc))
		switch {
		case sc == nil:
			// Second does not name it: first's member, as it is.
			dst = appendName(dst, empty, fdata[fc.ns:fc.ne])
			dst = c.f.appendValue(dst, fc)
		case sc.kind == '{':
			sc.used = true
			if fc.kind != '{' {
				return dst, c.s.s.errAt(sc.vs, ErrNotRepresentable, notRepresentableMember(textKind(fc))).in(string(c.f.name(fc)))
			}
			dst = appendName(dst, empty, fdata[fc.ns:fc.ne])
			var err *fault
			dst, err = c.composeObjects(dst, fc, sc)
			if err != nil {
				return dst, err.in(string(c.f.name(fc)))
			}
		case fc.kind == 'n' && sc.kind != 'n':
			// First removes it and second sets it: after first it is
			// absent, so it is one of second's new members, written
			// with them below.
		default:
			// Second replaces or removes it, in its place.
			sc.used = true
			dst = appendName(dst, empty, fdata[fc.ns:fc.ne])
			dst = c.s.appendValue(dst, sc)
		}
	}
	// Second's new members, in its order, as they are.
	for k := so.first; k < so.first+so.n; k++ {
		sc := &c.s.nodes[k]
		if sc.used {
			continue
		}
		dst = appendName(dst, empty, sdata[sc.ns:sc.ne])
		dst = c.s.appendValue(dst, sc)
	}
	return append(dst, '}'), nil
}
