//go:build !deepmerge_plain

package deepmerge

// This file holds the merges' fast paths, built unless the deepmerge_plain
// tag is set. merge is Merge's seam, and mergeObject MergeJSON's: each
// makes what its plain twin makes (mergePlain in merge.go, mergeObjectPlain
// in json.go), with the same errors, in one walk and with fewer copies.
// The tests of the plain build check the twins by themselves, and
// FuzzMergeTwins holds each fast path equal to its twin.

import (
	"maps"
)

// merge is Options.Merge's seam: mergePlain's result, made without
// copying what the patch replaces, and without copying target at all when
// it is nil or the patch empty.
func (w *walker) merge(target, patch map[string]any) (map[string]any, *fault) {
	switch {
	case target == nil:
		w.input = inPatch
		return w.addMap(patch, 1)
	case len(patch) == 0:
		w.input = inTarget
		return w.copyMap(target, 1)
	}
	return w.mergeCopy(target, patch, 1)
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

// mergeObject appends the merge of patch object po into the target object
// whose '{' is at i and which is at depth, and returns the offset past it.
// It is mergeObjectPlain made fast by runs of untouched members copied
// whole, a walk of the patch's members alongside the target's while both
// are in order, and skipUntouched. The rules of RFC 7396 are marked as in
// mergeCopy; new members follow the target's, in appendAdded.
func (m *merger) mergeObject(dst []byte, i, depth int, po *tnode) ([]byte, int, *fault) {
	t := &m.t
	d := t.data
	i, more, err := t.open(i, depth, '}')
	o := po
	lvl := m.names.open()
	defer m.names.close(&lvl)
	dst = append(dst, '{')
	empty := len(dst)
	// Untouched members that stand together in compact text are copied
	// as one run, d[run:runEnd], commas and all.
	run, runEnd := -1, -1
	kids, next := m.p.nodes[o.first:o.first+o.n], 0 // the patch's members
	// After two untouched compact scalar members, more are likely: then
	// skipUntouched reads them.
	scalars := 0
	for more {
		if scalars >= 2 {
			scalars = 0
			if e := m.skipUntouched(i, &lvl, o, kids[next:]); e > i {
				// Untouched members, compact: copied as one run.
				if run >= 0 && i == runEnd+1 {
					runEnd = e
				} else {
					if run >= 0 {
						dst = append(dst, d[run:runEnd]...)
					}
					if len(dst) > empty {
						dst = append(dst, ',')
					}
					run, runEnd = i, e
				}
				i, more, err = t.next(e, '}')
				continue
			}
		}
		t.ws = false
		var nt nameText
		if nt, i, err = t.member(i); err != nil {
			return dst, i, err
		}
		ns, ne, vs := nt.start, nt.end, i
		name := t.name(nt)
		at := m.names.at(nt, name)
		// While the target's names come in order, the search for
		// repeats needs no hash, and if the patch's are in order too,
		// neither does the search of the patch: it walks the patch's
		// members alongside. Otherwise one hash serves both searches.
		var h uint64
		hashed := !lvl.ordered && (lvl.tabSize != 0 || o.tabSize != 0)
		if hashed {
			h = hashName(name)
		}
		if m.names.addHashed(&lvl, d, name, at, h, hashed) {
			return dst, ns, t.repeated(nt)
		}
		var pm *tnode
		if lvl.ordered && o.sorted {
			// Every patch member before next is named less than
			// this name, and so than every later one. lvl.last is
			// this name's prefixKey.
			for next < len(kids) {
				c := &kids[next]
				if c.key < lvl.last || c.key == lvl.last && string(m.p.name(c)) < string(name) {
					next++
					continue
				}
				if c.key == lvl.last && string(m.p.name(c)) == string(name) {
					pm = c
					next++
				}
				break
			}
		} else {
			if !hashed && o.tabSize != 0 {
				h = hashName(name)
			}
			pm = m.p.findHashed(o, name, h)
		}
		switch {
		case pm == nil:
			// Untouched: copy the member as it is, compacted.
			i, err = t.skip(vs, depth)
			if err != nil {
				return dst, i, err.in(string(name))
			}
			if scalars++; t.ws || d[vs] == '{' || d[vs] == '[' {
				scalars = 0
			}
			if !t.ws && run >= 0 && ns == runEnd+1 {
				runEnd = i // one comma after the run: extend it
				break
			}
			if run >= 0 {
				dst = append(dst, d[run:runEnd]...)
				run = -1
			}
			if len(dst) > empty {
				dst = append(dst, ',')
			}
			if t.ws {
				dst = append(dst, d[ns:ne]...)
				dst = append(dst, ':')
				dst = appendCompact(dst, d[vs:i])
			} else {
				run, runEnd = ns, i
			}
		case pm.kind == 'n': // Rule 1: null removes the member
			pm.used = true
			scalars = 0
			i, err = t.skip(vs, depth)
			if err != nil {
				return dst, i, err.in(string(name))
			}
		case pm.kind == '{': // Rule 2: an object merges into it
			pm.used = true
			scalars = 0
			if run >= 0 {
				dst = append(dst, d[run:runEnd]...)
				run = -1
			}
			dst = appendName(dst, empty, d[ns:ne])
			if vs < len(d) && d[vs] == '{' {
				dst, i, err = m.mergeObject(dst, vs, depth+1, pm)
			} else {
				i, err = t.skip(vs, depth)
				dst = m.appendNew(dst, pm)
			}
			if err != nil {
				return dst, i, err.in(string(name))
			}
		default: // Rule 3: anything else replaces it
			pm.used = true
			scalars = 0
			i, err = t.skip(vs, depth)
			if err != nil {
				return dst, i, err.in(string(name))
			}
			if run >= 0 {
				dst = append(dst, d[run:runEnd]...)
				run = -1
			}
			dst = appendName(dst, empty, d[ns:ne])
			dst = m.p.appendValue(dst, pm)
		}
		i, more, err = t.next(i, '}')
	}
	if err != nil {
		return dst, i, err
	}
	if run >= 0 {
		dst = append(dst, d[run:runEnd]...)
	}
	dst = m.appendAdded(dst, empty, o) // new members, in the patch's order
	return append(dst, '}'), i, nil
}

// skipUntouched is a fast path of mergeObject's loop: from the member at
// i, it reads the members of the target object that patch object o leaves
// untouched, while they are compact, with plain names, and have values
// that are numbers, literals or strings of plain ASCII. It adds their names
// to lvl, as mergeObject does, and returns the end of the last value it
// read, or i when it read none. While the target's names and o's come in
// order, o's members not yet passed, later, tell which names are
// untouched, as in mergeObject; otherwise o is searched. It stops before
// any member it cannot read so, or at fault, and leaves that one to
// mergeObject's loop.
func (m *merger) skipUntouched(i int, lvl *level, o *tnode, later []tnode) int {
	if lvl.ordered && o.sorted {
		return m.skipOrdered(i, lvl, later)
	}
	return m.skipSearched(i, lvl, o)
}

// skipOrdered is skipUntouched while the names come in order.
func (m *merger) skipOrdered(i int, lvl *level, later []tnode) int {
	d := m.t.data
	end := i
	for {
		j, e := untouchedMember(d, i)
		if e < 0 {
			return end
		}
		name := d[i+1 : j]
		key := prefixKey(name)
		if len(later) > 0 && (key > later[0].key || key == later[0].key && string(name) >= string(m.p.name(&later[0]))) {
			return end
		}
		if !m.names.follows(lvl, d, name, key) {
			return end
		}
		m.names.push(lvl, name, i+1, key)
		end = e
		if e >= len(d) || d[e] != ',' {
			return end
		}
		i = e + 1
	}
}

// skipSearched is skipUntouched for names out of order.
func (m *merger) skipSearched(i int, lvl *level, o *tnode) int {
	d := m.t.data
	end := i
	for {
		j, e := untouchedMember(d, i)
		if e < 0 {
			return end
		}
		name := d[i+1 : j]
		var h uint64
		hashed := o.tabSize != 0 || !lvl.ordered && lvl.tabSize != 0
		if hashed {
			h = hashName(name)
		}
		if m.p.findHashed(o, name, h) != nil {
			return end
		}
		if m.names.addHashed(lvl, d, name, i+1, h, hashed) {
			return end // a repeat, which mergeObject reports
		}
		end = e
		if e >= len(d) || d[e] != ',' {
			return end
		}
		i = e + 1
	}
}

// untouchedMember reads the member at i for skipUntouched: it returns the
// offset of its name's closing quote and the end of its value, or a
// negative end if the member is not one that skipUntouched reads.
func untouchedMember(d []byte, i int) (int, int) {
	if i >= len(d) || d[i] != '"' {
		return 0, -1
	}
	j := plainEnd(d, i+1)
	if j+2 >= len(d) || d[j] != '"' || d[j+1] != ':' {
		return 0, -1
	}
	e := j + 2
	switch c := d[e]; {
	case c == '"':
		if e = plainEnd(d, e+1); e >= len(d) || d[e] != '"' {
			return 0, -1
		}
		e++
	case '0' <= c && c <= '9' || c == '-':
		if e = numberEndFast(d, e); e < 0 {
			return 0, -1
		}
	case c == 't' && len(d)-e >= 4 && string(d[e:e+4]) == "true",
		c == 'n' && len(d)-e >= 4 && string(d[e:e+4]) == "null":
		e += 4
	case c == 'f' && len(d)-e >= 5 && string(d[e:e+5]) == "false":
		e += 5
	default:
		return 0, -1
	}
	return j, e
}

// checkValue checks v, at depth, as copyValue would, without copying it
// unless it must be converted.
func (w *walker) checkValue(v any, depth int) *fault {
	canonical, err := w.checkCanonical(v, depth)
	if !canonical {
		_, err = w.copyValue(v, depth)
	}
	return err
}

// addMap returns the patch object p, at depth, merged into nothing: a
// checked, canonical copy of it without its null members, at every depth.
// It is apply to an empty target, in one walk that copies as it checks.
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
				// Left as it is, for the caller to throw away.
				w.unconverted = true
				t[name] = v
				continue
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
