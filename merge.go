package deepmerge

import (
	"unicode/utf8"
)

// Merge returns the result of applying patch to target as an RFC 7396 JSON
// merge patch. It calls [Options.Merge] with the default options.
func Merge(target, patch map[string]any) (map[string]any, error) {
	return Options{}.Merge(target, patch)
}

// Merge returns a new map holding the result of applying patch to target as
// an RFC 7396 JSON merge patch, by the rules of the package documentation's
// section on semantics, reading Go values as its section on values says:
// members of target that patch does not name are kept as they are, nulls
// included, and the result holds only the canonical types.
//
// A nil target or patch is the empty object. Merge never modifies target or
// patch, and the result shares no map or slice with them, so the caller may
// modify either afterwards. On success the result is never nil.
//
// Every value of target and patch is checked, even those the patch replaces:
// a value with no JSON form is an error wrapping [ErrUnsupportedValue], a
// member name that is not valid UTF-8 one wrapping [ErrInvalidUTF8], and
// nesting deeper than o.MaxDepth (or a cycle, or a value of another type
// that leads too many steps down: see [Options]) one wrapping
// [ErrMaxDepth].
// The JSON that a value of another type encodes to is read as strictly as
// [Options.MergeJSON] reads a patch, so a repeated member name in it (from
// a json.RawMessage, say) wraps [ErrDuplicateName]. Errors are of type
// [*Error]; the package documentation's section on errors says which of
// several faults is reported.
//
// Merge is O(n) in the total size of target and patch as JSON (see the
// package documentation on maps held at several places): it reads every
// value of both, those the patch replaces or deletes included, and the
// result holds its own copy of each map and slice that it keeps from
// either. It is safe for concurrent use as long as no goroutine modifies
// target or patch while it runs.
func (o Options) Merge(target, patch map[string]any) (map[string]any, error) {
	w := walker{max: o.maxDepth()}
	out, err := w.merge(target, patch)
	if err != nil {
		return nil, err.doneIn(target, patch)
	}
	return out, nil
}

// mergePlain is Merge as the RFC states it, the specification that merge
// (fastmerge.go) is held to: a canonical copy of target, then patch
// applied to the copy by apply. A nil target is the empty object. A fault
// of target comes before any of patch, since the copy is made first.
func (w *walker) mergePlain(target, patch map[string]any) (map[string]any, *fault) {
	out := map[string]any{}
	if target != nil {
		w.input = inTarget
		var err *fault
		if out, err = w.copyMap(target, 1); err != nil {
			return nil, err
		}
	}
	w.input = inPatch
	if err := w.apply(out, patch, 1); err != nil {
		return nil, err
	}
	return out, nil
}

// apply merges patch, an object at depth, into t, a canonical map that
// the merge owns, by the three rules of RFC 7396, each written once.
func (w *walker) apply(t, patch map[string]any, depth int) *fault {
	if depth > w.max {
		return w.depthError()
	}
	for name, v := range patch {
		if !utf8.ValidString(name) {
			return w.badName(name)
		}
		v, err := w.canonical(v, depth+1)
		if err != nil {
			return err.in(name)
		}
		switch v := v.(type) {
		case nil:
			// Rule 1: null removes the member.
			delete(t, name)
		case map[string]any:
			// Rule 2: an object merges into the member, or into an
			// empty object when the member is absent or not an object.
			m, isObject := t[name].(map[string]any)
			if !isObject || m == nil {
				m = map[string]any{}
			}
			if err := w.apply(m, v, depth+1); err != nil {
				return err.in(name)
			}
			t[name] = m
		default:
			// Rule 3: anything else replaces the member, or is added.
			c, err := w.copyValue(v, depth+1)
			if err != nil {
				return err.in(name)
			}
			t[name] = c
		}
	}
	return nil
}

// canonical returns v, at depth, as a canonical value, without copying
// it: nil for a nil map or slice, which are null, and a value of another
// type converted.
func (w *walker) canonical(v any, depth int) (any, *fault) {
	switch c := v.(type) {
	case map[string]any:
		if c == nil {
			return nil, nil
		}
	case []any:
		if c == nil {
			return nil, nil
		}
	}
	if isCanonical(v) {
		return v, nil
	}
	return w.convertValue(v, depth)
}
