//go:build !deepmerge_plain

package deepmerge

// This file holds MergeInto's fast path, built unless the deepmerge_plain
// tag is set: one planning walk that checks, converts and records the
// changes with its buffers on the stack or from a pool, a first plan that
// leaves the patch's values unconverted, and a pairwise check for a map
// reached twice before the walk that names the place. Its plain twin,
// mergeIntoPlain (mergeintoplain.go), states the same rules plainly, and
// tests hold the two equal.

import (
	"math/bits"
	"reflect"
	"sync"
)

// plannerFast is the state of plan, the planning walk of the default
// build's MergeInto.
type plannerFast struct {
	buf     *planBuf // the heap buffers, once they outgrow the stack
	entered int      // how many maps of target plan merges objects into

	// converted holds the members of target that a first plan converted,
	// for a second plan to take: see convertTarget.
	converted []op

	// enters holds the first planSize of the maps counted by entered;
	// buf.enters holds the rest.
	enters [planSize]map[string]any
}

// mergeInto applies patch to target in place: it plans everything first,
// checking and recording what to do, and then does it, so that on error
// target is as it was. The plan starts on the stack, so a small patch of
// scalars and deletions allocates nothing.
func (pl *planner) mergeInto(target, patch map[string]any) *fault {
	pl.input = inPatch
	var stack [planSize]op
	pl.noConvert = true
	ops, err := pl.plan(target, patch, 1, stack[:0])
	pl.noConvert = false
	if err == nil && pl.unconverted {
		// A value of patch is not of a canonical type, and the plan
		// holds it unconverted. Convert the whole patch once, then plan
		// again: the second plan sees only canonical patch values, so
		// each is converted only once. (A fault that the first plan met
		// stands: no conversion removes it.)
		c, cerr := pl.copyMap(patch, 1)
		if cerr != nil {
			pl.release()
			return cerr
		}
		patch = c
		pl.forget()
		ops, err = pl.plan(target, patch, 1, stack[:0])
	}
	if err == nil && pl.entered > 0 && pl.repeats(target) {
		err = pl.sharedError(target, patch, "", map[uintptr]string{})
	}
	if err != nil {
		pl.release()
		return err
	}
	// Nothing below can fail: every value is checked, every value to
	// store is made, each member of target that must be converted to be
	// merged into is converted, and no map is changed through two places.
	for i := range ops {
		if o := &ops[i]; o.v == nil {
			delete(o.m, o.name)
		} else {
			o.m[o.name] = o.v
		}
	}
	pl.release()
	return nil
}

// repeats reports whether target and the maps that plan found the patch
// merging objects into (pl.entered of them) hold one map twice. Then target
// holds that map at two places, or holds itself, and the changes, planned
// as if each place held its own map, would lose one another or depend on
// the order of the patch's members. Up to planSize+1 maps are compared
// pair by pair on the stack, at most 136 comparisons; more go into a hash
// table from the planner's pooled planBuf. The loops over the maps write out
// mapID, which is too big to be inlined, to save a call for each.
func (pl *planner) repeats(target map[string]any) bool {
	if pl.entered <= planSize {
		var ids [planSize + 1]uintptr
		ids[0] = mapID(target)
		for i, m := range pl.enters[:pl.entered] {
			id := reflect.ValueOf(m).Pointer()
			for _, seen := range ids[:i+1] {
				if seen == id {
					return true
				}
			}
			ids[i+1] = id
		}
		return false
	}
	// Open addressing, at most half full; map pointers are never 0.
	shift := 64 - bits.Len(uint(2*pl.entered+1))
	size := 1 << (64 - shift)
	table := pl.buf.table
	if cap(table) < size {
		table = make([]uintptr, size)
		pl.buf.table = table
	}
	table = table[:size]
	clear(table)
	insert := func(id uintptr) bool {
		i := int(uint64(id) * fibonacci >> shift)
		for table[i] != 0 {
			if table[i] == id {
				return false
			}
			i = (i + 1) & (size - 1)
		}
		table[i] = id
		return true
	}
	insert(mapID(target))
	for _, m := range pl.enters {
		if !insert(reflect.ValueOf(m).Pointer()) {
			return true
		}
	}
	for _, m := range pl.buf.enters {
		if !insert(reflect.ValueOf(m).Pointer()) {
			return true
		}
	}
	return false
}

// enter notes that plan merges an object into the map m of target: the
// first planSize such maps in the planner, the rest in its pooled planBuf.
// It is small enough to be inlined.
func (pl *planner) enter(m map[string]any) {
	if pl.entered >= planSize {
		pl.enterMore(m)
		return
	}
	pl.enters[pl.entered] = m
	pl.entered++
}

// enterMore is enter for the maps beyond the planner's own.
func (pl *planner) enterMore(m map[string]any) {
	if pl.buf == nil {
		pl.buf = planPool.Get().(*planBuf)
	}
	pl.buf.enters = append(pl.buf.enters, m)
	pl.entered++
}

// forget drops the maps noted by enter.
func (pl *planner) forget() {
	clear(pl.enters[:])
	if pl.buf != nil {
		clear(pl.buf.enters)
		pl.buf.enters = pl.buf.enters[:0]
	}
	pl.entered = 0
}

// fibonacci is 2⁶⁴ divided by the golden ratio: multiplied by it, a key's
// top bits are a good hash of all its bits.
const fibonacci = 0x9e3779b97f4a7c15

// A planBuf holds a reusable buffer of changes, the maps of target merged
// into beyond the planner's own, and repeats' hash table.
type planBuf struct {
	ops    []op
	enters []map[string]any
	table  []uintptr
}

var planPool = sync.Pool{New: func() any { return new(planBuf) }}

// fits reports whether p may be kept for reuse, by the rule of maxKeep.
func (p *planBuf) fits() bool {
	return cap(p.ops) <= maxKeep && cap(p.enters) <= maxKeep && cap(p.table) <= 4*maxKeep
}

// grow moves the full ops into the planner's pooled buffer, at twice the
// size, and returns the moved ops.
func (pl *planner) grow(ops []op) []op {
	if pl.buf == nil {
		pl.buf = planPool.Get().(*planBuf)
	}
	buf := pl.buf.ops
	if cap(buf) < 2*len(ops) {
		// ops may be the pool's old buffer: leave it to the collector,
		// and pool the new one.
		buf = make([]op, 0, 2*len(ops))
	}
	grown := append(buf[:0], ops...)
	pl.buf.ops = grown // not ops, which may be on the caller's stack
	return grown
}

// release returns the planner's buffers, if it has them, to the pool, the
// changes cleared so that they hold on to nothing.
func (pl *planner) release() {
	p := pl.buf
	if p == nil {
		return
	}
	pl.buf = nil
	if !p.fits() {
		return
	}
	clear(p.ops[:cap(p.ops)])
	p.ops = p.ops[:0]
	clear(p.enters)
	p.enters = p.enters[:0]
	planPool.Put(p)
}

// plan reports the first error that applying patch to target would meet,
// without modifying either, and appends to ops the changes that applying
// it makes, in order, by the three rules of RFC 7396, each written once
// below; it notes with enter each map of target that it merges an object
// into. depth is the depth of target and patch. While pl.noConvert is
// set, a patch value that is not canonical is planned as it is,
// unconverted, and pl.unconverted is set (by addMap and copyValue too), so
// that the plan is good only for its errors.
func (pl *planner) plan(target, patch map[string]any, depth int, ops []op) ([]op, *fault) {
	for name, pv := range patch {
		if !shortASCII(name) && !validName(name) {
			return ops, pl.badName(name)
		}
		var v any // the value to store at name; nil deletes the member
		var err *fault
		switch p := pv.(type) {
		case nil:
			// Rule 1: null removes the member.
		case map[string]any:
			if p == nil {
				break // a nil map is null: Rule 1
			}
			// Rule 2: an object merges into the member, or into nothing
			// when the member is absent or not an object.
			var sub map[string]any
			if sub, ops, err = pl.objectAt(target, name, depth, ops); err != nil {
				return ops, err
			}
			if sub != nil {
				if ops, err = pl.plan(sub, p, depth+1, ops); err != nil {
					return ops, err.in(name)
				}
				continue // the changes are those inside the member
			}
			// Into nothing: p's copy, made now, so that p is walked once.
			// If a later member fails, target has not changed, and the
			// copy is garbage.
			if v, err = pl.addMap(p, depth+1); err != nil {
				return ops, err.in(name)
			}
		default:
			// Rule 3: anything else replaces the member, or is added
			// (but a nil slice is null: Rule 1).
			if v, err = pl.replacement(pv, depth+1); err != nil {
				return ops, err.in(name)
			}
		}
		ops = pl.record(ops, target, name, v)
	}
	return ops, nil
}

// objectAt returns the map of target that Rule 2 merges the patch object
// at name into, where target and the patch holding the object are at
// depth, and notes it with enter; or nil, when the member is absent, null,
// an array or a canonical scalar, so that the object merges into nothing.
// A member of another type is converted (see convertTarget), and its
// error is target's, at name; if the conversion is an object, objectAt
// returns it after appending to ops the change that stores it, so that it
// comes before the changes into it.
func (pl *planner) objectAt(target map[string]any, name string, depth int, ops []op) (map[string]any, []op, *fault) {
	if depth >= pl.max {
		return nil, ops, pl.depthError().in(name)
	}
	switch tv := target[name].(type) {
	case map[string]any:
		if tv != nil {
			pl.enter(tv)
		}
		return tv, ops, nil
	case nil, []any:
		return nil, ops, nil
	default:
		if isCanonicalScalar(tv) {
			return nil, ops, nil
		}
		c, err := pl.convertTarget(target, name, tv, depth+1)
		if err != nil {
			return nil, ops, err
		}
		m, ok := c.(map[string]any)
		if !ok {
			return nil, ops, nil
		}
		return m, pl.record(ops, target, name, m), nil
	}
}

// replacement returns the value that Rule 3 stores for pv, a patch value
// at depth that is neither null nor an object: a scalar as it is, once
// checked, or a copy of an array, made now, like an object merged into
// nothing, since making it checks it; but nil for a nil slice, which is
// null. While pl.noConvert is set, a value of another type is returned as
// it is, and pl.unconverted is set.
func (pl *planner) replacement(pv any, depth int) (any, *fault) {
	switch p := pv.(type) {
	case []any:
		if p == nil {
			return nil, nil
		}
		return pl.copyValue(pv, depth)
	case string, bool:
		// The commonest scalars, without a second type switch.
		return pv, nil
	case float64:
		if finite(p) {
			return pv, nil
		}
	}
	ok, err := pl.checkScalar(pv)
	if !ok {
		pl.unconverted = true // kept as it is, for the first plan
	}
	return pv, err
}

// record appends to ops the change m[name] = v, or delete(m, name) when v
// is nil, and returns the extended ops.
func (pl *planner) record(ops []op, m map[string]any, name string, v any) []op {
	if len(ops) == cap(ops) {
		ops = pl.grow(ops)
	}
	// Each field is stored in place: an op built on the stack and
	// appended would be copied with wide loads, each waiting for the
	// narrow stores that built it.
	ops = ops[:len(ops)+1]
	o := &ops[len(ops)-1]
	o.m, o.name, o.v = m, name, v
	return ops
}

// convertTarget returns the conversion of tv, the member name of the map
// target, at depth, for plan to merge an object into; its error is in
// target, at name. A first plan of MergeInto keeps each conversion in
// pl.converted, and a second plan, after the patch is converted, takes it
// from there, so that a value of target is encoded once.
func (pl *planner) convertTarget(target map[string]any, name string, tv any, depth int) (any, *fault) {
	if !pl.noConvert {
		for _, o := range pl.converted {
			if o.name == name && mapID(o.m) == mapID(target) {
				return o.v, nil
			}
		}
	}
	pl.input = inTarget
	c, err := pl.convertValue(tv, depth)
	pl.input = inPatch
	if err != nil {
		err.input = inTarget
		return nil, err.in(name)
	}
	if pl.noConvert {
		pl.converted = append(pl.converted, op{m: target, name: name, v: c})
	}
	return c, nil
}
