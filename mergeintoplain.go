package deepmerge

// mergeIntoPlain is MergeInto as its documentation states it, the
// specification that the planner (mergeInto, plan) is held to: a checked,
// canonical copy of patch; a plan of the changes that the copy makes to
// target, by the three rules of RFC 7396, each written once, converting
// each member of target that an object merges into and that is not of a
// canonical type; the check that no map of target is merged into at two
// places; and only then, when nothing has failed, the changes. So on
// error target is as it was. Of several faults, one of patch comes first,
// then one of target, then ErrSharedMap; MergeInto, which reads target and
// patch together, leaves which one unspecified.
func (pl *planner) mergeIntoPlain(target, patch map[string]any) *fault {
	pl.input = inPatch
	p, err := pl.copyMap(patch, 1)
	if err != nil {
		return err
	}
	ops, err := pl.planPlain(target, p, 1, nil)
	if err == nil {
		err = pl.sharedError(target, p, "", map[uintptr]string{})
	}
	if err != nil {
		return err
	}
	for _, o := range ops {
		if o.v == nil {
			delete(o.m, o.name)
		} else {
			o.m[o.name] = o.v
		}
	}
	return nil
}

// planPlain appends to ops the changes that merging patch, a canonical
// map that MergeInto owns, into target makes, both at depth. Its only
// faults are those of converting members of target: the copy of patch has
// checked every value and depth of it.
func (pl *planner) planPlain(target, patch map[string]any, depth int, ops []op) ([]op, *fault) {
	for name, v := range patch {
		switch p := v.(type) {
		case nil:
			// Rule 1: null removes the member.
			ops = append(ops, op{m: target, name: name})
		case map[string]any:
			// Rule 2: an object merges into the member, or into nothing
			// when the member is absent or not an object.
			sub, err := pl.objectAtPlain(target, name, depth+1)
			if err != nil {
				return ops, err.in(name)
			}
			if sub == nil {
				m := map[string]any{}
				if err := pl.apply(m, p, depth+1); err != nil {
					return ops, err.in(name)
				}
				ops = append(ops, op{m: target, name: name, v: m})
				continue
			}
			if _, own := target[name].(map[string]any); !own {
				// A conversion: it is stored first, then merged into.
				ops = append(ops, op{m: target, name: name, v: sub})
			}
			if ops, err = pl.planPlain(sub, p, depth+1, ops); err != nil {
				return ops, err.in(name)
			}
		default:
			// Rule 3: anything else replaces the member, or is added;
			// the copy of patch is MergeInto's own, so it is stored.
			ops = append(ops, op{m: target, name: name, v: v})
		}
	}
	return ops, nil
}

// objectAtPlain returns the object that the member name of target holds, at
// depth, for an object of the patch to merge into: its map, or, for a
// value that is not of a canonical type, its conversion when that is an
// object; nil when there is none (the member is absent, a nil map, or
// another value). A fault of the conversion is of target.
func (pl *planner) objectAtPlain(target map[string]any, name string, depth int) (map[string]any, *fault) {
	switch tv := target[name].(type) {
	case map[string]any:
		return tv, nil
	case nil, []any:
		return nil, nil
	default:
		if isCanonicalScalar(tv) {
			return nil, nil
		}
		pl.input = inTarget
		c, err := pl.convertValue(tv, depth)
		pl.input = inPatch
		if err != nil {
			err.input = inTarget
			return nil, err
		}
		m, _ := c.(map[string]any)
		return m, nil
	}
}
