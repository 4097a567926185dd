package deepmerge

import (
	"encoding/json"
	"maps"
	"math/bits"
	"reflect"
	"strings"
	"sync"
	"unicode/utf8"
)

// DefaultMaxDepth is the nesting limit used when [Options.MaxDepth] is zero.
// It is the limit of [encoding/json].
const DefaultMaxDepth = 10000

// maxDepthCeiling bounds Options.MaxDepth so that no setting lets input
// exhaust the goroutine stack.
const maxDepthCeiling = 100000

// Options configures a merge. The zero value selects the defaults, and the
// package-level functions such as [Merge] use Options{}. An Options value is
// safe to copy and to use from several goroutines at once.
type Options struct {
	// MaxDepth limits how deeply objects and arrays may nest in the inputs:
	// a top-level object or array is at depth 1, a member or element that
	// is itself an object or array is one deeper. Input that nests deeper
	// is an [*Error] wrapping [ErrMaxDepth]. It applies to target and patch
	// alike, and it is what stops a cyclic map (MergeInto's target aside,
	// which is read only where the patch leads). A value of another type,
	// which is encoded by encoding/json, may lead at most 4 × (MaxDepth+1)
	// steps down through pointers, interfaces and fields (see the package
	// documentation). Zero or a negative value means [DefaultMaxDepth]; a
	// value above 100000 means 100000.
	MaxDepth int
}

func (o Options) maxDepth() int {
	switch {
	case o.MaxDepth <= 0:
		return DefaultMaxDepth
	case o.MaxDepth > maxDepthCeiling:
		return maxDepthCeiling
	}
	return o.MaxDepth
}

// Merge returns the result of applying patch to target as an RFC 7396 JSON
// merge patch. It calls [Options.Merge] with the default options.
func Merge(target, patch map[string]any) (map[string]any, error) {
	return Options{}.Merge(target, patch)
}

// MergeInto applies patch to target in place as an RFC 7396 JSON merge
// patch. It calls [Options.MergeInto] with the default options.
func MergeInto(target, patch map[string]any) error {
	return Options{}.MergeInto(target, patch)
}

// Merge returns a new map holding the result of applying patch to target as
// an RFC 7396 JSON merge patch:
//
//   - a member of patch whose value is null (nil) removes that member of
//     target, if it has one;
//   - a member of patch whose value is an object is merged, by these same
//     rules, into the member of target with the same name, or into an empty
//     object when target has no such member or its value is not an object;
//     so nulls inside it never reach the result;
//   - a member of patch with any other value (a string, number, boolean or
//     array) replaces the member of target with the same name, or is added.
//
// Arrays are values like any other: they are never merged, and a null inside
// an array is kept. Members of target that patch does not name are kept as
// they are, nulls included. Values are read as described in the package
// documentation: a Go value means exactly what its JSON means, and the result
// holds only the canonical types (nil, map[string]any, []any, string, bool,
// json.Number and Go's integer and float types).
//
// A nil target or patch is the empty object. Merge never modifies target or
// patch, and the result shares no map or slice with them, so the caller may
// modify either afterwards. The result is never nil.
//
// Every value of target and patch is checked, even those the patch replaces:
// a value with no JSON form is an error wrapping [ErrUnsupportedValue], a
// member name that is not valid UTF-8 one wrapping [ErrInvalidUTF8], and
// nesting deeper than o.MaxDepth (or a cycle, or a value of another type
// that leads encoding/json too far down: see [Options]) one wrapping
// [ErrMaxDepth].
// The JSON that a value of another type encodes to is read as strictly as
// [Options.MergeJSON] reads a patch, so a repeated member name in it (from
// a json.RawMessage, say) wraps [ErrDuplicateName]. Errors are of type
// [*Error], whose Path locates the fault. When both inputs have faults, the
// error is about target.
//
// Merge is O(n) in the total size of target and patch as JSON (see the
// package documentation on maps held at several places). It copies the parts
// of target that the patch keeps and the values of patch that it adds, and
// checks the rest without copying it. It is safe for concurrent use as long
// as no goroutine modifies target or patch while it runs.
func (o Options) Merge(target, patch map[string]any) (map[string]any, error) {
	w := walker{max: o.maxDepth()}
	var out map[string]any
	var err *Error
	switch {
	case target == nil:
		w.input = inPatch
		out, err = w.freshMap(patch, 1)
	case len(patch) == 0:
		w.input = inTarget
		out, err = w.cloneMap(target, 1)
	default:
		out, err = w.mergeClone(target, patch, 1)
	}
	if err != nil {
		return nil, err.done()
	}
	return out, nil
}

// MergeInto applies patch to target in place as an RFC 7396 JSON merge
// patch, by the rules of [Options.Merge], so that afterwards target holds
// what Merge would have returned, except that the members the patch does
// not reach keep their Go types.
//
// MergeInto modifies target and the maps nested in it that patch reaches;
// it never modifies patch, and the values it stores are copies, never the
// patch's own maps or slices. It reads only the maps of target that patch
// merges objects into, and in them only the members that patch names:
// members that patch does not name are neither checked nor converted, and
// a member that patch replaces or deletes is not read at all, so a value
// there with no JSON form is not an error, as it is for Merge. A member
// that is not of a canonical type is converted (and can fail) only when
// the patch merges an object into it.
//
// Since MergeInto follows patch and not the shape of target, it neither
// finds cycles in target nor copies apart maps that target holds at more
// than one place: when target holds the same map at two places, a change
// made through one shows at the other, where Merge would have changed only
// the one. But when patch merges objects into one map of target at two
// places (target holds the map twice, or holds itself, and patch reaches
// it through both), the changes meant for each place would meet in the one
// map and which one won would depend on the order of patch's members, so
// that is an error wrapping [ErrSharedMap]. If patch shares maps or slices
// with target, the result is undefined.
//
// MergeInto is atomic: when it returns an error, target is exactly as it
// was. A nil target is an error wrapping [ErrNilTarget]; a nil patch is the
// empty object and changes nothing. Other errors are those of
// [Options.Merge] about patch, and about the members of target that patch
// merges objects into.
//
// MergeInto checks the whole patch and records the changes before it makes
// any, with the maps of target that it merges objects into, so as to find
// one reached twice. It is O(size of patch), plus the conversion of any
// value that is not of a canonical type. A patch of canonical scalars and
// nulls allocates nothing: up to 16 changes and 16 maps merged into are
// noted on the stack, and more in buffers that are reused from call to
// call (after a garbage collection they may have to be made again). It is
// not safe to call concurrently with any other use of target.
func (o Options) MergeInto(target, patch map[string]any) error {
	if target == nil {
		return valueError("target", ErrNilTarget, "")
	}
	w := walker{max: o.maxDepth()}
	if err := w.mergeInto(target, patch); err != nil {
		return err.done()
	}
	return nil
}

// mergeInto applies patch to target in place: it checks everything first,
// recording what to do, and then does it, so that on error target is as it
// was. The plan starts on the stack, so a small patch of scalars and
// deletions allocates nothing.
func (w *walker) mergeInto(target, patch map[string]any) *Error {
	w.input = inPatch
	var buf [planSize]op
	w.noConvert = true
	ops, err := w.check(target, patch, 1, buf[:0])
	w.noConvert = false
	if err == errSlow {
		// A value of patch is not of a canonical type. Convert the whole
		// patch once, then check again: the second check sees only
		// canonical patch values, so each is converted only once.
		c, cerr := w.cloneMap(patch, 1)
		if cerr != nil {
			w.release()
			return cerr
		}
		patch = c
		w.forget()
		ops, err = w.check(target, patch, 1, buf[:0])
	}
	if err == nil && w.entered > 0 && w.repeats(target) {
		err = w.sharedError(target, patch, "", map[uintptr]string{})
	}
	if err != nil {
		w.release()
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
	w.release()
	return nil
}

// repeats reports whether target and the maps that check found the patch
// merging objects into (w.entered of them) hold one map twice. Then target
// holds that map at two places, or holds itself, and the changes, planned
// as if each place held its own map, would lose one another or depend on
// the order of the patch's members. Up to planSize+1 maps are compared
// pair by pair on the stack, at most 136 comparisons; more go into a hash
// table from the walker's pooled plan. The loops over the maps write out
// mapID, which is too big to be inlined, to save a call for each.
func (w *walker) repeats(target map[string]any) bool {
	if w.entered <= planSize {
		var ids [planSize + 1]uintptr
		ids[0] = mapID(target)
		for i, m := range w.enters[:w.entered] {
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
	shift := 64 - bits.Len(uint(2*w.entered+1))
	size := 1 << (64 - shift)
	table := w.plan.table
	if cap(table) < size {
		table = make([]uintptr, size)
		w.plan.table = table
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
	for _, m := range w.enters {
		if !insert(reflect.ValueOf(m).Pointer()) {
			return true
		}
	}
	for _, m := range w.plan.enters {
		if !insert(reflect.ValueOf(m).Pointer()) {
			return true
		}
	}
	return false
}

// enter notes that check merges an object into the map m of target: the
// first planSize such maps in the walker, the rest in its pooled plan.
// It is small enough to be inlined.
func (w *walker) enter(m map[string]any) {
	if w.entered >= planSize {
		w.enterMore(m)
		return
	}
	w.enters[w.entered] = m
	w.entered++
}

// enterMore is enter for the maps beyond the walker's own.
func (w *walker) enterMore(m map[string]any) {
	if w.plan == nil {
		w.plan = planPool.Get().(*plan)
	}
	w.plan.enters = append(w.plan.enters, m)
	w.entered++
}

// forget drops the maps noted by enter.
func (w *walker) forget() {
	clear(w.enters[:])
	if w.plan != nil {
		clear(w.plan.enters)
		w.plan.enters = w.plan.enters[:0]
	}
	w.entered = 0
}

// fibonacci is 2⁶⁴ divided by the golden ratio: multiplied by it, a key's
// top bits are a good hash of all its bits.
const fibonacci = 0x9e3779b97f4a7c15

// mapID returns the identity of the map m.
func mapID(m map[string]any) uintptr { return reflect.ValueOf(m).Pointer() }

// sharedError returns the error for the second place, in the order of this
// walk, at which patch merges an object into a map of target that it
// reaches at another place too; nil if there is none. at is the pointer
// of target, and seen maps the identity of each map met so far to its
// pointer. It follows check, and runs only once repeats has found such a
// map.
func (w *walker) sharedError(target, patch map[string]any, at string, seen map[uintptr]string) *Error {
	id := mapID(target)
	if first, ok := seen[id]; ok {
		where := "at " + first
		if first == "" {
			where = "as the whole target"
		}
		return valueError("target", ErrSharedMap, "the patch merges into this map also "+where)
	}
	seen[id] = at
	for name, pv := range patch {
		p, _ := pv.(map[string]any)
		t, _ := target[name].(map[string]any)
		if p == nil || t == nil {
			continue
		}
		var b strings.Builder
		b.WriteString(at)
		b.WriteByte('/')
		appendPointerToken(&b, name)
		if err := w.sharedError(t, p, b.String(), seen); err != nil {
			return err.in(name)
		}
	}
	return nil
}

// A walker carries the settings of one merge through its recursion.
type walker struct {
	max     int   // effective maximum depth
	plan    *plan // the heap buffers of MergeInto, once they outgrow the stack
	input   input // the argument being read, for errors
	entered int   // how many maps of target check merges objects into

	// noConvert makes freshMap and clone return errSlow for a value
	// they would convert: set while MergeInto first checks a patch, so
	// that values are converted once, with the whole patch, if at all.
	noConvert bool

	// converted holds the members of target that a first check of
	// MergeInto converted, for a second check to take: see convertTarget.
	converted []op

	// enters holds the first planSize of the maps counted by entered;
	// plan.enters holds the rest.
	enters [planSize]map[string]any
}

// An input names the argument a walker is reading. It is a number, not the
// name itself, so that setting it on the hot paths writes no pointer and so
// costs no write barrier while the collector runs.
type input uint8

const (
	inTarget input = iota
	inPatch
	inOriginal
	inModified
)

var inputNames = [...]string{inTarget: "target", inPatch: "patch", inOriginal: "original", inModified: "modified"}

// String returns the name that errors give in.
func (in input) String() string { return inputNames[in] }

// planSize is how many changes, and how many maps merged into, MergeInto
// keeps on the stack; a patch that makes more keeps the rest in buffers
// from planPool.
const planSize = 16

// A plan holds a reusable buffer of changes, the maps of target merged
// into beyond the walker's own, and repeats' hash table.
type plan struct {
	ops    []op
	enters []map[string]any
	table  []uintptr
}

var planPool = sync.Pool{New: func() any { return new(plan) }}

// maxPlan is the largest buffer of changes kept for reuse.
const maxPlan = 1 << 14

// grow moves the full ops into the walker's pooled buffer, at twice the
// size, and returns the moved ops.
func (w *walker) grow(ops []op) []op {
	if w.plan == nil {
		w.plan = planPool.Get().(*plan)
	}
	buf := w.plan.ops
	if cap(buf) < 2*len(ops) {
		// ops may be the pool's old buffer: leave it to the collector,
		// and pool the new one.
		buf = make([]op, 0, 2*len(ops))
	}
	grown := append(buf[:0], ops...)
	w.plan.ops = grown // not ops, which may be on the caller's stack
	return grown
}

// release returns the walker's buffers, if it has them, to the pool, the
// changes cleared so that they hold on to nothing.
func (w *walker) release() {
	p := w.plan
	if p == nil {
		return
	}
	w.plan = nil
	if cap(p.ops) > maxPlan {
		return
	}
	clear(p.ops[:cap(p.ops)])
	p.ops = p.ops[:0]
	clear(p.enters)
	p.enters = p.enters[:0]
	if cap(p.enters) > maxPlan {
		p.enters = nil
	}
	if cap(p.table) > 2*maxPlan {
		p.table = nil
	}
	planPool.Put(p)
}

// An op is one change to one map: m[name] = v, or, when v is nil,
// delete(m, name). v is a canonical scalar, or a map or slice made by
// check, which the patch and target do not share.
type op struct {
	m    map[string]any
	name string
	v    any
}

// errSlow is returned by check when patch holds a value that must be
// converted; it never reaches the caller.
var errSlow = &Error{msg: "internal: patch needs conversion"}

// mergeClone returns a canonical copy of target with patch merged into it,
// both non-nil maps at depth: what cloneMap and then mergeInto would make,
// in one walk and without a plan, since the copy is Merge's own. The
// members of target that patch replaces or deletes are checked but not
// copied. Like cloneMap then mergeInto, it reports a fault in target before
// any in patch: it returns a fault of patch only once all of target is
// checked. Errors say which input they are in.
func (w *walker) mergeClone(target, patch map[string]any, depth int) (map[string]any, *Error) {
	if depth > w.max {
		w.input = inTarget
		return nil, w.depthError(target)
	}
	out := maps.Clone(target)
	// perr is the first fault found in patch; from then on the rest of
	// target is only checked. merged counts the members of patch merged
	// into members of target below.
	var perr *Error
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
			_, err := w.scalar(f)
			return nil, err.in(name)
		case map[string]any, []any:
		default:
			w.input = inTarget
			c, converted, err := w.leaf(v, depth+1)
			if err != nil {
				return nil, err.in(name)
			}
			if !converted {
				continue
			}
			out[name] = c
			if cm, isMap := c.(map[string]any); isMap && perr == nil {
				pm, err := w.patchObject(patch[name], name, depth+1, &conv)
				if err == nil && pm != nil {
					out[name], err = w.mergeClone(cm, pm, depth+1)
					merged++
				}
				if err != nil {
					if err.Input == "target" {
						return nil, err.in(name) // not within target: cm is new
					}
					perr = err.in(name).within(patch)
				}
			}
			continue
		}
		// A map or a slice.
		pv, inPatch := patch[name]
		if inPatch && perr == nil {
			pm, err := w.patchObject(pv, name, depth+1, &conv)
			if tm, isMap := v.(map[string]any); err == nil && isMap && tm != nil && pm != nil {
				var c map[string]any
				if c, err = w.mergeClone(tm, pm, depth+1); err == nil {
					out[name] = c
					merged++
					continue
				}
				if err.Input == "target" {
					return nil, err.in(name).within(target)
				}
				perr = err.in(name).within(patch)
				continue // mergeClone checked all of tm
			}
			if err != nil {
				perr = err.in(name).within(patch)
			}
		}
		w.input = inTarget
		if inPatch || perr != nil {
			// The patch replaces or deletes this member, or merges into
			// an empty object in place of a null or an array, or the
			// merge has failed: check the member without copying it.
			if err := w.checkValue(v, depth+1); err != nil {
				return nil, err.in(name).within(target)
			}
			continue
		}
		c, err := w.clone(v, depth+1)
		if err != nil {
			return nil, err.in(name).within(target)
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
				c, err := w.convert(pv, depth+1)
				if err != nil {
					return nil, err.in(name)
				}
				pv = c
			}
		}
		switch p := pv.(type) {
		case nil:
			delete(out, name)
		case map[string]any:
			if p == nil {
				delete(out, name)
				continue
			}
			if m, ok := out[name].(map[string]any); ok && m != nil {
				continue // merged above
			}
			f, err := w.freshMap(p, depth+1)
			if err != nil {
				return nil, err.in(name).within(patch)
			}
			out[name] = f
		case []any:
			if p == nil {
				delete(out, name)
				continue
			}
			c, err := w.clone(p, depth+1)
			if err != nil {
				return nil, err.in(name).within(patch)
			}
			out[name] = c
		case string, bool:
			out[name] = p
		case float64:
			if !finite(p) {
				_, err := w.scalar(p)
				return nil, err.in(name)
			}
			out[name] = pv // not p, which would be boxed again
		default:
			if _, err := w.scalar(p); err != nil {
				return nil, err.in(name)
			}
			out[name] = p
		}
	}
	return out, nil
}

// checkValue checks v, at depth, as clone would, without copying it unless
// it must be converted.
func (w *walker) checkValue(v any, depth int) *Error {
	err := w.validate(v, depth)
	if err == errSlow {
		_, err = w.clone(v, depth)
	}
	return err
}

// patchObject returns v, the member name of the patch, at depth, as an
// object to merge into a member of the target: v itself if it is a non-nil
// map[string]any, its conversion if that is an object, and otherwise nil.
// A conversion is kept in *conv, so that v is encoded only once.
func (w *walker) patchObject(v any, name string, depth int, conv *map[string]any) (map[string]any, *Error) {
	if !isCanonical(v) {
		w.input = inPatch
		c, err := w.convert(v, depth)
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

// isCanonical reports whether v is of one of the canonical types, which
// are used without conversion.
func isCanonical(v any) bool {
	switch v.(type) {
	case nil, map[string]any, []any:
		return true
	}
	return isCanonicalScalar(v)
}

// freshMap returns the patch object p, at depth, merged into nothing: a
// checked, canonical copy of it without its null members, at every depth.
func (w *walker) freshMap(p map[string]any, depth int) (map[string]any, *Error) {
	if depth > w.max {
		return nil, w.depthError(p)
	}
	t := make(map[string]any, len(p))
	for name, v := range p {
		if !shortASCII(name) && !validName(name) {
			return nil, w.badName(name)
		}
		if !isCanonical(v) {
			if w.noConvert {
				return nil, errSlow
			}
			c, err := w.convert(v, depth+1)
			if err != nil {
				return nil, err.in(name)
			}
			v = c
		}
		switch v := v.(type) {
		case nil:
		case map[string]any:
			if v == nil {
				continue
			}
			c, err := w.freshMap(v, depth+1)
			if err != nil {
				return nil, err.in(name).within(p)
			}
			t[name] = c
		case []any:
			if v == nil {
				continue
			}
			c, err := w.clone(v, depth+1)
			if err != nil {
				return nil, err.in(name).within(p)
			}
			t[name] = c
		default:
			if _, err := w.scalar(v); err != nil {
				return nil, err.in(name)
			}
			t[name] = v
		}
	}
	return t, nil
}

// check reports the first error that applying patch to target would meet,
// without modifying either, and appends to ops the changes that applying
// it makes, in order; it notes with enter each map of target that it
// merges an object into.
// depth is the depth of target and patch. It returns errSlow as soon as it
// finds a patch value that is not canonical (w.noConvert is set, so that
// freshMap and clone report one too). The copies of the patch's arrays and
// of its objects that merge into nothing are made here, ready to store,
// since making them checks them. Each member of target that patch merges
// into and that is not canonical is converted here, and replaced by its
// conversion as the first of the changes into it.
func (w *walker) check(target, patch map[string]any, depth int, ops []op) ([]op, *Error) {
	for name, pv := range patch {
		if !shortASCII(name) && !validName(name) {
			return ops, w.badName(name)
		}
		// The change this member makes, recorded at the end: a store of
		// v, or a deletion when v is nil, unless the switch says
		// otherwise. One call site keeps the record from growing the
		// frame of this recursion.
		v := pv
		switch p := pv.(type) {
		case nil:
		case map[string]any:
			if p == nil {
				v = nil
				break
			}
			if depth >= w.max {
				return ops, w.depthError(pv).in(name).within(patch)
			}
			var sub map[string]any
			fresh := false // sub is a conversion, not a map of target
			switch tv := target[name].(type) {
			case map[string]any:
				sub = tv
			case nil, []any:
			default:
				if !isCanonicalScalar(tv) {
					c, err := w.convertTarget(target, name, tv, depth+1)
					if err != nil {
						return ops, err
					}
					if m, ok := c.(map[string]any); ok {
						if len(ops) == cap(ops) {
							ops = w.grow(ops)
						}
						ops = append(ops, op{m: target, name: name, v: m})
						sub, fresh = m, true
					}
				}
			}
			if sub == nil {
				// Merged into nothing: the patch object's copy, made
				// now, so that it is walked once. If a later member
				// fails, target has not changed, and the copy is
				// garbage.
				f, err := w.freshMap(p, depth+1)
				if err != nil {
					return ops, err.in(name).within(patch)
				}
				v = f
				break
			}
			if !fresh {
				w.enter(sub)
			}
			var err *Error
			if ops, err = w.check(sub, p, depth+1, ops); err != nil {
				if err == errSlow {
					return ops, err
				}
				return ops, err.in(name).within(patch)
			}
			continue // the changes are those inside sub
		case []any:
			if p == nil {
				v = nil
				break
			}
			// Copied now, like a new object.
			c, err := w.clone(pv, depth+1)
			if err != nil {
				return ops, err.in(name).within(patch)
			}
			v = c
		case string, bool:
			// The commonest scalars, without a second type switch.
		case float64:
			if !finite(p) {
				_, err := w.scalar(p)
				return ops, err.in(name)
			}
		default:
			ok, err := w.scalar(pv)
			if !ok {
				return ops, errSlow
			}
			if err != nil {
				return ops, err.in(name)
			}
		}
		if len(ops) == cap(ops) {
			ops = w.grow(ops)
		}
		// Each field is stored in place: an op built on the stack and
		// appended would be copied with wide loads, each waiting for
		// the narrow stores that built it.
		ops = ops[:len(ops)+1]
		o := &ops[len(ops)-1]
		o.m, o.name, o.v = target, name, v
	}
	return ops, nil
}

// convertTarget returns the conversion of tv, the member name of the map
// target, at depth, for check to merge an object into; its error is in
// target, at name. A first check of MergeInto keeps each conversion in
// w.converted, and a second check, after the patch is converted, takes it
// from there, so that a value of target is encoded once.
func (w *walker) convertTarget(target map[string]any, name string, tv any, depth int) (any, *Error) {
	if !w.noConvert {
		for _, o := range w.converted {
			if o.name == name && mapID(o.m) == mapID(target) {
				return o.v, nil
			}
		}
	}
	w.input = inTarget
	c, err := w.convert(tv, depth)
	w.input = inPatch
	if err != nil {
		err.Input = "target"
		return nil, err.in(name)
	}
	if w.noConvert {
		w.converted = append(w.converted, op{m: target, name: name, v: c})
	}
	return c, nil
}

// validate checks that v, at depth depth, is a canonical value that could
// be copied without error. It returns errSlow for a value that must be
// converted, and so for a nil map or slice, which a copy turns into nil:
// a caller that goes on with v itself then never sees a typed nil.
func (w *walker) validate(v any, depth int) *Error {
	switch v := v.(type) {
	case nil, string, bool:
		return nil
	case float64:
		if finite(v) {
			return nil
		}
	case map[string]any:
		if v == nil {
			return errSlow
		}
		if depth > w.max {
			return w.depthError(v)
		}
		for name, e := range v {
			if !shortASCII(name) && !validName(name) {
				return w.badName(name)
			}
			if err := w.validate(e, depth+1); err != nil {
				if err == errSlow {
					return err
				}
				return err.in(name).within(v)
			}
		}
		return nil
	case []any:
		if v == nil {
			return errSlow
		}
		if depth > w.max {
			return w.depthError(v)
		}
		for i, e := range v {
			if err := w.validate(e, depth+1); err != nil {
				if err == errSlow {
					return err
				}
				return err.inIndex(i).within(v)
			}
		}
		return nil
	}
	if ok, err := w.scalar(v); ok {
		return err
	}
	return errSlow
}

// cloneMap returns a canonical deep copy of the non-nil map m at depth.
func (w *walker) cloneMap(m map[string]any, depth int) (map[string]any, *Error) {
	if depth > w.max {
		return nil, w.depthError(m)
	}
	// maps.Clone copies the table wholesale, which is much cheaper than
	// inserting each member; the loop then replaces the members that need
	// a deep copy or a conversion.
	out := maps.Clone(m)
	for name, v := range m {
		if !shortASCII(name) && !validName(name) {
			return nil, w.badName(name)
		}
		switch v := v.(type) {
		case nil, string, bool, int, int64:
		case float64:
			if !finite(v) {
				_, err := w.scalar(v)
				return nil, err.in(name)
			}
		case map[string]any, []any:
			c, err := w.clone(v, depth+1)
			if err != nil {
				return nil, err.in(name).within(m)
			}
			out[name] = c
		default:
			c, converted, err := w.leaf(v, depth+1)
			if err != nil {
				return nil, err.in(name)
			}
			if converted {
				out[name] = c
			}
		}
	}
	return out, nil
}

// validName reports whether the member name s is valid UTF-8. The hot
// loops call it as shortASCII(s) || validName(s), so that the commonest
// names are checked inline, with no call to make them spill registers.
func validName(s string) bool {
	if l := len(s); l >= 8 && l <= 16 && (word(s, 0)|word(s, l-8))&0x8080808080808080 == 0 {
		// ASCII names of up to 16 bytes take a short path without
		// the general decoder: two overlapping words.
		return true
	}
	return utf8.ValidString(s)
}

// shortASCII reports whether s is at most 8 bytes long and all ASCII, as
// most member names are. It is small enough to be inlined.
func shortASCII(s string) bool {
	if len(s) > 8 {
		return false
	}
	b := byte(0)
	for i := 0; i < len(s); i++ {
		b |= s[i]
	}
	return b < utf8.RuneSelf
}

// word returns the 8 bytes of s at i as a little-endian word.
func word(s string, i int) uint64 {
	s = s[i : i+8]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}

// clone returns a canonical deep copy of v, which is at depth depth.
func (w *walker) clone(v any, depth int) (any, *Error) {
	switch v := v.(type) {
	case nil, string, bool:
		return v, nil
	case map[string]any:
		if v == nil {
			return nil, nil
		}
		return w.cloneMap(v, depth)
	case []any:
		if v == nil {
			return nil, nil
		}
		if depth > w.max {
			return nil, w.depthError(v)
		}
		out := make([]any, len(v))
		for i, e := range v {
			switch f := e.(type) {
			case nil, string, bool:
				out[i] = e
				continue
			case float64:
				if finite(f) {
					out[i] = e
					continue
				}
			}
			c, err := w.clone(e, depth+1)
			if err != nil {
				return nil, err.inIndex(i).within(v)
			}
			out[i] = c
		}
		return out, nil
	}
	c, _, err := w.leaf(v, depth)
	if err != nil {
		return nil, err
	}
	return c, nil
}

// leaf checks v, at depth, a value that is not nil, a string, a bool, a
// map[string]any or a []any: a number of a canonical type is checked and
// returned as it is; any other value is converted, and converted is set,
// or, while w.noConvert is set, it is errSlow.
func (w *walker) leaf(v any, depth int) (c any, converted bool, err *Error) {
	if ok, err := w.scalar(v); ok {
		return v, false, err
	}
	if w.noConvert {
		return nil, false, errSlow
	}
	c, err = w.convert(v, depth)
	return c, true, err
}

// finite reports whether f is neither NaN nor infinite: whether JSON can
// hold it. It is the one float test of the package: scalar uses it, and
// the hot type switches inline it for float64, the type of every number
// that encoding/json decodes into an interface, leaving the error to
// scalar.
func finite(f float64) bool { return f-f == 0 }

// isCanonicalScalar reports whether v is a number of a canonical type, or
// a string or bool.
func isCanonicalScalar(v any) bool {
	switch v.(type) {
	case string, bool, float64, json.Number,
		int, int8, int16, int32, int64,
		uint, uint8, uint16, uint32, uint64, uintptr, float32:
		return true
	}
	return false
}

// scalar reports whether v is a string, bool or number of a canonical
// type, and if so, an error when it has no JSON form: a NaN or infinite
// float, or an invalid json.Number. It is one type switch, for the hot
// paths.
func (w *walker) scalar(v any) (bool, *Error) {
	switch v := v.(type) {
	case string, bool,
		int, int8, int16, int32, int64,
		uint, uint8, uint16, uint32, uint64, uintptr:
		return true, nil
	case float64:
		if !finite(v) {
			return true, valueError(w.input.String(), ErrUnsupportedValue, "unsupported value "+formatFloat(v)+" of type float64")
		}
		return true, nil
	case float32:
		if f := float64(v); !finite(f) {
			return true, valueError(w.input.String(), ErrUnsupportedValue, "unsupported value "+formatFloat(f)+" of type float32")
		}
		return true, nil
	case json.Number:
		// encoding/json writes an empty Number as 0.
		if v != "" && !isNumber(string(v)) {
			return true, valueError(w.input.String(), ErrUnsupportedValue, "invalid json.Number "+quote(string(v)))
		}
		return true, nil
	}
	return false, nil
}

// depthError returns the error for a container at a depth beyond w.max.
// The map or slice v is where the limit was crossed; if it turns out to
// enclose itself, the error reports a cycle (see Error.within).
func (w *walker) depthError(v any) *Error {
	e := valueError(w.input.String(), ErrMaxDepth, depthMessage(w.max))
	e.cyc = identOf(v)
	return e
}

// badName returns the error for a member name that is not valid UTF-8.
func (w *walker) badName(name string) *Error {
	return valueError(w.input.String(), ErrInvalidUTF8, "member name "+quote(name)+" is not valid UTF-8")
}
