package deepmerge

import (
	"maps"
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
// package documentation on maps held at several places). It copies the parts
// of target that the patch keeps and the values of patch that it adds, and
// checks the rest without copying it. It is safe for concurrent use as long
// as no goroutine modifies target or patch while it runs.
func (o Options) Merge(target, patch map[string]any) (map[string]any, error) {
	w := walker{max: o.maxDepth()}
	var out map[string]any
	var err *fault
	switch {
	case target == nil:
		w.input = inPatch
		out, err = w.addMap(patch, 1)
	case len(patch) == 0:
		w.input = inTarget
		out, err = w.copyMap(target, 1)
	default:
		out, err = w.mergeCopy(target, patch, 1)
	}
	if err != nil {
		return nil, err.doneIn(target, patch)
	}
	return out, nil
}

// mergeCopy returns a canonical copy of target with patch merged into it,
// by the three rules of RFC 7396, marked below where they apply (Rule 1,
// null removes; Rule 2, an object merges; Rule 3, anything else
// replaces), both non-nil maps at depth: what copyMap and then mergeInto
// would make, in one walk and without a plan, since the copy is Merge's
// own. The members of target that patch replaces or deletes are checked
// but not copied. Like copyMap then mergeInto, it reports a fault in
// target before any in patch: it returns a fault of patch only once all
// of target is checked. Errors say which input they are in.
func (w *walker) mergeCopy(target, patch map[string]any, depth int) (map[string]any, *fault) {
	if depth > w.max {
		w.input = inTarget
		return nil, w.depthError()
	}
	out := maps.Clone(target)
	// perr is the first fault found in patch; from then on the rest of
	// target is only checked. merged counts the members of patch merged
	// into members of target below.
	var perr *fault
	merged := 0
	var conv map[string]any // patch values converted below, by name
	for name, v := range target {
		if !shortASCII(name) && !validName(name) {
			w.input = inTarget
			return nil, w.badName(name)
		}
		switch f := v.(type) {
		case nil, string, bool, int, int64:
			continue
		case float64:
			if finite(f) {
				continue
			}
			w.input = inTarget
			_, err := w.checkScalar(f)
			return nil, err.in(name)
		case map[string]any, []any:
		default:
			w.input = inTarget
			c, converted, err := w.copyLeaf(v, depth+1)
			if err != nil {
				return nil, err.in(name)
			}
			if !converted {
				continue
			}
			out[name] = c
			if cm, isMap := c.(map[string]any); isMap && perr == nil {
				// Rule 2, for an object of patch and a member of
				// target that converts to one.
				pm, err := w.convertPatch(patch[name], name, depth+1, &conv)
				if err == nil && pm != nil {
					out[name], err = w.mergeCopy(cm, pm, depth+1)
					merged++
				}
				if err != nil {
					if err.input == inTarget {
						return nil, err.in(name) // not within target: cm is new
					}
					perr = err.in(name)
				}
			}
			continue
		}
		// A map or a slice.
		pv, inPatch := patch[name]
		if inPatch && perr == nil {
			// Rule 2, for an object of patch and one of target.
			pm, err := w.convertPatch(pv, name, depth+1, &conv)
			if tm, isMap := v.(map[string]any); err == nil && isMap && tm != nil && pm != nil {
				var c map[string]any
				if c, err = w.mergeCopy(tm, pm, depth+1); err == nil {
					out[name] = c
					merged++
					continue
				}
				if err.input == inTarget {
					return nil, err.in(name)
				}
				perr = err.in(name)
				continue // mergeCopy checked all of tm
			}
			if err != nil {
				perr = err.in(name)
			}
		}
		w.input = inTarget
		if inPatch || perr != nil {
			// The patch replaces or deletes this member, or merges into
			// an empty object in place of a null or an array, or the
			// merge has failed: check the member without copying it.
			if err := w.checkValue(v, depth+1); err != nil {
				return nil, err.in(name)
			}
			continue
		}
		c, err := w.copyValue(v, depth+1)
		if err != nil {
			return nil, err.in(name)
		}
		out[name] = c
	}
	if perr != nil {
		return nil, perr
	}
	if merged == len(patch) {
		// Every member of patch is merged, and its name is one of
		// target's, which are checked.
		return out, nil
	}
	w.input = inPatch
	for name, pv := range patch {
		if !shortASCII(name) && !validName(name) {
			return nil, w.badName(name)
		}
		if !isCanonical(pv) {
			if c, ok := conv[name]; ok {
				pv = c
			} else {
				c, err := w.convertValue(pv, depth+1)
				if err != nil {
					return nil, err.in(name)
				}
				pv = c
			}
		}
		switch p := pv.(type) {
		case nil:
			// Rule 1: null removes the member.
			delete(out, name)
		case map[string]any:
			if p == nil {
				delete(out, name) // Rule 1: a nil map is null
				continue
			}
			// Rule 2: an object merges into the member, or into nothing
			// when the member is absent or not an object.
			if m, ok := out[name].(map[string]any); ok && m != nil {
				continue // merged above
			}
			f, err := w.addMap(p, depth+1)
			if err != nil {
				return nil, err.in(name)
			}
			out[name] = f
		case []any:
			if p == nil {
				delete(out, name) // Rule 1: a nil slice is null
				continue
			}
			// Rule 3: any other value replaces the member, or is added;
			// an array whole, never merged.
			c, err := w.copyValue(p, depth+1)
			if err != nil {
				return nil, err.in(name)
			}
			out[name] = c
		case string, bool: // Rule 3, as for every case below
			out[name] = p
		case float64:
			if !finite(p) {
				_, err := w.checkScalar(p)
				return nil, err.in(name)
			}
			out[name] = pv // not p, which would be boxed again
		default:
			if _, err := w.checkScalar(p); err != nil {
				return nil, err.in(name)
			}
			out[name] = p
		}
	}
	return out, nil
}

// convertPatch returns v, the member name of the patch, at depth, as an
// object to merge into a member of the target: v itself if it is a non-nil
// map[string]any, its conversion if that is an object, and otherwise nil.
// A conversion is kept in *conv, so that v is encoded only once.
func (w *walker) convertPatch(v any, name string, depth int, conv *map[string]any) (map[string]any, *fault) {
	if !isCanonical(v) {
		w.input = inPatch
		c, err := w.convertValue(v, depth)
		if err != nil {
			return nil, err
		}
		if *conv == nil {
			*conv = map[string]any{}
		}
		(*conv)[name] = c
		v = c
	}
	m, _ := v.(map[string]any)
	return m, nil
}

// addMap returns the patch object p, at depth, merged into nothing: a
// checked, canonical copy of it without its null members, at every depth.
// It applies the rules of mergeCopy to an empty target, marked likewise.
func (w *walker) addMap(p map[string]any, depth int) (map[string]any, *fault) {
	if depth > w.max {
		return nil, w.depthError()
	}
	t := make(map[string]any, len(p))
	for name, v := range p {
		if !shortASCII(name) && !validName(name) {
			return nil, w.badName(name)
		}
		if !isCanonical(v) {
			if w.noConvert {
				return nil, errMustConvert
			}
			c, err := w.convertValue(v, depth+1)
			if err != nil {
				return nil, err.in(name)
			}
			v = c
		}
		switch v := v.(type) {
		case nil:
			// Rule 1: null removes the member, which is not there.
		case map[string]any:
			if v == nil {
				continue // Rule 1: a nil map is null
			}
			// Rule 2: an object merges into nothing, again.
			c, err := w.addMap(v, depth+1)
			if err != nil {
				return nil, err.in(name)
			}
			t[name] = c
		case []any:
			if v == nil {
				continue // Rule 1: a nil slice is null
			}
			// Rule 3: any other value is added; an array whole.
			c, err := w.copyValue(v, depth+1)
			if err != nil {
				return nil, err.in(name)
			}
			t[name] = c
		default: // Rule 3, as for arrays
			if _, err := w.checkScalar(v); err != nil {
				return nil, err.in(name)
			}
			t[name] = v
		}
	}
	return t, nil
}
