package deepmerge

import (
	"reflect"
	"sync"
)

// MergeJSONInto applies the JSON merge patch patch to the Go value that
// target points to, in place. It calls [Options.MergeJSONInto] with the
// default options.
func MergeJSONInto(target any, patch []byte) error {
	return Options{}.MergeJSONInto(target, patch)
}

// MergeJSONInto applies patch, a JSON merge patch (RFC 7396) in text, to
// the Go value that target points to, in place, so that a PATCH endpoint
// can keep its resource as a struct.
//
// The result is defined by a reference model: it is what strictly
// decoding MergeJSON(encode(*target), patch) into a zero value of the
// target's type gives, where encode and decode are the package's value
// model (the package documentation's sections on values and on Go
// structs, the same on every Go release, not the running toolchain's
// encoding/json), and strictly means that a member naming no field is an
// error. MergeJSONInto fails exactly when that model fails, except as
// listed below, and reaches the result without the round trip, reading
// and writing only what the patch names:
//
//   - A member names a struct field by its member name, exactly, case
//     included; or a map key, which must encode back to the same name.
//   - Rule 1: null removes the member: a map entry is deleted, a struct
//     field is set to its zero value; a null for a member the target does
//     not hold (a missing map key, a name that is no key of the map's key
//     type, an unknown member name, in any case: {"Theme":null} for a
//     field "theme", a field behind a nil embedded pointer) does nothing
//     and is no error.
//   - Rule 2: an object is merged, by these rules, into a struct, into a
//     map, into a chain of pointers to either, or into an interface{}
//     value: into the map[string]any it holds, in place; if it holds
//     anything else whose JSON form is an object (a struct, another map,
//     an object json.RawMessage), into that form, and the result is the
//     merged map[string]any; if it holds a value that is not an object,
//     into {}, so that the patch's nulls are dropped.
//   - Rule 2 where the target's JSON form has no such member, or null (a
//     nil pointer, map or interface, a key the map lacks, a field left out
//     by omitempty or omitzero or behind a nil embedded pointer, and
//     everything below such a place): the object is merged into nothing,
//     as RFC 7396 merges into null: with the null members of its objects
//     dropped (not inside its arrays), it is decoded into a fresh zero
//     value of the member's Go type, which is then stored. What the target
//     holds there is neither read nor encoded.
//   - Rule 3: any other value, and an object where the member's JSON form
//     is not an object, is decoded into a fresh zero value of the member's
//     Go type, which is then stored: nothing is written through the
//     pointers the target held there.
//   - A type with a JSON form of its own (a MarshalJSON, UnmarshalJSON,
//     MarshalText or UnmarshalText method, such as time.Time;
//     json.RawMessage; json.Number) is opaque: an object in the patch is
//     merged into its JSON form, which is then decoded into a fresh value.
//     The form is the value model's: a map element, and what it holds
//     short of a pointer, is not addressable, so the methods of its
//     pointer type are not used to encode it.
//   - A patch that is not an object replaces the whole value, decoded into
//     a zero value of its type; the patch null sets it to its zero value.
//
// The exceptions to the model are these, and no others:
//
//   - Unexported fields, and fields tagged "-", keep their values where
//     an object is merged into a struct that the target holds (the round
//     trip would zero them). Where the struct is replaced (by a null, a
//     value that is not an object, a patch that is not an object) or
//     merged from nothing, it is a fresh value and they are zero, as in
//     the model.
//   - The result equals the model's by JSON form, not by Go value: an
//     omitempty empty slice or map may stay non-nil where the model's is
//     nil, and a struct reached only through pointers keeps its identity.
//   - An embedded pointer to a struct stays allocated after the patch
//     removes the last of its members.
//   - Memory that the patch merges objects into at two places of the
//     target is an error wrapping [ErrSharedMap], with Input "target", as
//     in [Options.MergeInto], whatever the order of the patch's members:
//     a map or pointed-to value that the target holds twice, a target
//     that holds a pointer to itself, a pointer into a struct that the
//     patch merges into too. A value held at two places of which the
//     patch reaches one is merged into there, in place, and the change
//     shows at the other.
//   - Values of the target that the patch does not reach are kept as they
//     are: neither checked nor encoded, so a value there with no JSON
//     form is no error, nor brought to the model's form (a non-nil
//     pointer to a nil slice stays, where the model decodes its null to
//     a nil pointer).
//
// target must be a non-nil pointer: a nil pointer is an error wrapping
// [ErrNilTarget], and anything else, a nil interface included, an error
// wrapping [ErrUnsupportedValue], each with Input "target".
//
// The patch is read as strictly as [Options.MergeJSON] reads one
// ([ErrSyntax], [ErrInvalidUTF8], [ErrDuplicateName], [ErrMaxDepth]). A
// member with a non-null value that names no field of a struct is an
// error wrapping [ErrUnknownMember]; a value that the member's Go type
// cannot hold (another JSON kind, a fraction or an overflow for an
// integer, an array of another length for a Go array, a map key that
// does not parse, an error from an UnmarshalJSON or UnmarshalText method)
// wraps [ErrMismatchedType]; a type that cannot be decoded into at all (a
// channel, a func, an interface with methods, a map key type with no JSON
// form, a tag option the model does not know, an embedded pointer that is
// not exported and is nil) wraps [ErrUnsupportedValue]. Each is an
// [*Error] with Input "patch", Path the JSON Pointer of the member at
// fault and Offset the byte offset of the first byte of its value in
// patch: {"theme":5} into a string field is Path "/theme", Offset 9. A
// target value that the merge must encode and that has no JSON form is
// an error with Input "target".
//
// MergeJSONInto is atomic: when it returns an error, the target is
// exactly as it was, with the maps, slices and pointed-to values it holds.
// It works by planning every change first and making them only when all
// have succeeded. A panic in a method of the target's types (MarshalJSON,
// UnmarshalJSON and the like) is not recovered; it reaches the caller, and
// the target is unchanged when it does.
//
// Aliasing: afterwards the target shares no memory with patch; every
// value it stores is new. It keeps, and modifies in place, the maps and
// the pointed-to structs and maps that the patch merges objects into; the
// values it held that the patch replaced or removed are no longer
// referenced by it but are not modified, so a caller holding them sees
// them unchanged. For a new value that leaves the old one untouched, use
// [MergeJSONValue].
//
// MergeJSONInto costs O(len(patch)) plus the size of what the patch
// replaces and of the JSON forms of opaque values and interface{} values
// that it merges objects into; it does not read the rest of the target.
// It allocates for the values it stores and little else. It is not safe
// to call concurrently with any other use of target; distinct targets may
// be merged concurrently.
func (o Options) MergeJSONInto(target any, patch []byte) error {
	v := reflect.ValueOf(target)
	if !v.IsValid() || v.Kind() != reflect.Pointer {
		what := "nil"
		if v.IsValid() {
			what = "a " + typeName(v.Type())
		}
		return valueError(inTarget, ErrUnsupportedValue, "target must be a non-nil pointer, not "+what).done()
	}
	if v.IsNil() {
		return valueError(inTarget, ErrNilTarget, "target is a nil "+typeName(v.Type())).done()
	}
	tm := getTypedMerger(o, patch, false)
	defer putTypedMerger(tm)
	if err := tm.run(v.Elem()); err != nil {
		return err.done()
	}
	return nil
}

// MergeJSONValue returns the result of applying the JSON merge patch
// patch to v, as [Options.MergeJSONInto] would apply it to a copy of v,
// and leaves v untouched: no map, slice or pointed-to value that v holds
// is modified.
//
// The result shares with v every map, slice and pointed-to value that the
// patch does not reach. A map or pointed-to struct that the patch merges
// an object into is copied first, shallowly (the copy shares the members
// the patch does not name), and the copy is merged; the values the patch
// replaces are new. So a map that v holds at two places is no error here:
// each place gets its own copy. Modifying the result's shared parts
// modifies v's.
//
// The errors are those of Options.MergeJSONInto (there is no target
// pointer to be nil), and one more: a member behind an embedded pointer
// that is not exported and not nil is an error wrapping
// [ErrUnsupportedValue], since the struct it points to would have to be
// copied and the pointer cannot be set. On error it returns the zero T.
// It costs what MergeJSONInto costs, plus the shallow copies. It is safe
// for concurrent use as long as no goroutine modifies v. It uses the
// default options, so it has no [Options.ObjectPatch]: a patch null gives
// the zero T, and another patch that is not an object replaces the value.
// For other options, copy the value and call [Options.MergeJSONInto] on
// the copy, whose maps the patch reaches are then shared and modified.
func MergeJSONValue[T any](v T, patch []byte) (T, error) {
	out := v
	if err := mergeCopies(reflect.ValueOf(&out).Elem(), patch); err != nil {
		var zero T
		return zero, err
	}
	return out, nil
}

// mergeCopies is MergeJSONValue on the settable copy v: it copies what
// the patch merges into, and changes only v and the copies.
func mergeCopies(v reflect.Value, patch []byte) error {
	tm := getTypedMerger(Options{}, patch, true)
	defer putTypedMerger(tm)
	if err := tm.run(v); err != nil {
		return err.done()
	}
	return nil
}

// A typedMerger carries one MergeJSONInto: the patch, read into a tree
// with its arrays, and the changes planned so far.
type typedMerger struct {
	decoder
	p       tree
	scratch scratch
	// copies is set for MergeJSONValue: every map and pointed-to value
	// that the patch merges into is copied first, and the copy changed.
	copies bool
	o      Options // for ObjectPatch
	ops    []typedOp
	// reached holds the maps and pointers that the plan merges into in
	// place, to find one reached twice.
	reached []reachedRef
	// embedded holds the embedded pointers that the plan allocates or
	// copies, so that two members behind one get the same.
	embedded []embeddedRef
	// noAddr is set while the plan merges into a copy of a map element,
	// or what it holds short of a pointer: the value model encodes such a
	// value as not addressable (SPEC.md §2.2 rule 2).
	noAddr bool
}

// A typedOp is one change that a plan makes once it has succeeded: set
// loc to val, or set key of map m to val, or delete key from m when val
// is not valid.
type typedOp struct {
	loc, m, key, val reflect.Value
}

// A reachedRef is the memory, from start to end, of a map or a value of
// type t that the plan merges into in place.
type reachedRef struct {
	start, end uintptr
	t          reflect.Type
}

// An embeddedRef is the embedded pointer at loc and the value the plan
// gives it; fresh is set when loc was nil and val is newly allocated.
type embeddedRef struct {
	loc, val reflect.Value
	fresh    bool
}

var typedMergerPool = sync.Pool{New: func() any { return new(typedMerger) }}

func getTypedMerger(o Options, patch []byte, copies bool) *typedMerger {
	max := o.maxDepth()
	tm := typedMergerPool.Get().(*typedMerger)
	tm.o = o
	tm.p.init(inPatch, patch, max, &tm.scratch)
	tm.p.whole = true
	tm.decoder = decoder{t: &tm.p, max: max, at: -1}
	tm.copies = copies
	return tm
}

func putTypedMerger(tm *typedMerger) {
	if !tm.scratch.fits() || !tm.p.fits() || cap(tm.ops) > maxKeep || cap(tm.reached) > maxKeep || cap(tm.embedded) > maxKeep {
		return
	}
	clear(tm.ops)
	clear(tm.reached)
	clear(tm.embedded)
	tm.ops, tm.reached, tm.embedded = tm.ops[:0], tm.reached[:0], tm.embedded[:0]
	tm.decoder = decoder{}
	tm.noAddr = false
	tm.o = Options{}
	tm.p.reset()
	tm.scratch.reset()
	typedMergerPool.Put(tm)
}

// readPatch reads the patch whole and returns its root. It is the one
// place where MergeJSONInto checks the patch as a whole: strictly, then
// for Options.ObjectPatch.
func (tm *typedMerger) readPatch() (tnode, *fault) {
	root, err := tm.p.readTop()
	if err == nil {
		err = tm.o.checkObjectPatch(inPatch, root.kind, root.vs)
	}
	return root, err
}

// run merges the patch into v, which is settable: it plans every change,
// then makes them.
func (tm *typedMerger) run(v reflect.Value) *fault {
	root, err := tm.readPatch()
	if err != nil {
		return err
	}
	if !tm.copies && v.CanAddr() {
		// The target's own value is merged into in place too: a pointer
		// in it to itself, or into it, is reached at two places.
		if err := tm.reach(v.UnsafeAddr(), v.Type()); err != nil {
			return err
		}
	}
	if root.kind == '{' {
		err = tm.merge(v, &root, false, encodeSteps(tm.max))
	} else {
		err = tm.replace(v, &root, false, encodeSteps(tm.max))
	}
	if err != nil {
		return err
	}
	for _, op := range tm.ops {
		switch {
		case op.loc.IsValid():
			op.loc.Set(op.val)
		default:
			op.m.SetMapIndex(op.key, op.val)
		}
	}
	return nil
}

// set plans to set loc to val.
func (tm *typedMerger) set(loc, val reflect.Value) {
	tm.ops = append(tm.ops, typedOp{loc: loc, val: val})
}

// member applies the patch member n to loc, which is settable, by Rules 1
// to 3. quoted is set for a field tagged string.
func (tm *typedMerger) member(loc reflect.Value, n *tnode, quoted bool, steps int) *fault {
	switch n.kind {
	case 'n':
		// Rule 1: a struct field is set to its zero value.
		if !loc.IsZero() {
			tm.set(loc, reflect.Zero(loc.Type()))
		}
		return nil
	case '{':
		return tm.merge(loc, n, quoted, steps)
	}
	return tm.replace(loc, n, quoted, steps)
}

// replace plans Rule 3 at loc: n decoded into a fresh zero value of its
// type, then stored.
func (tm *typedMerger) replace(loc reflect.Value, n *tnode, quoted bool, steps int) *fault {
	fresh := reflect.New(loc.Type()).Elem()
	if err := tm.decode(fresh, n, quoted, steps); err != nil {
		return err
	}
	tm.set(loc, fresh)
	return nil
}

// replaceAbsent plans the merge of the patch object n into a member that
// the target's JSON form lacks (a nil pointer, map or interface, a map key
// the map lacks, a field left out by omitempty or omitzero or behind a nil
// embedded pointer, and all below them): as the model merges it into
// nothing, n with the null members of its objects dropped is decoded into
// a fresh zero value of loc's type, which is then stored. Nothing that loc
// holds is read, encoded or written.
func (tm *typedMerger) replaceAbsent(loc reflect.Value, n *tnode, quoted bool, steps int) *fault {
	fresh := reflect.New(loc.Type()).Elem()
	if err := tm.decodeAbsent(fresh, n, quoted, steps); err != nil {
		return err
	}
	tm.set(loc, fresh)
	return nil
}

// opaque reports whether values of type t, which is not a pointer or an
// interface, have a JSON form of their own, into which a patch object is
// merged as JSON.
func opaque(t reflect.Type) bool {
	if t == numberType || t == rawType {
		return true
	}
	pt := reflect.PointerTo(t)
	return pt.Implements(jsonMarshaler) || pt.Implements(textMarshaler) ||
		pt.Implements(jsonUnmarshaler) || pt.Implements(textUnmarshaler)
}

// reach records that the plan merges in place into the value of type t at
// address p: the target's own value, a pointed-to value, or a map (whose
// address is the map's own, and which takes one byte). It fails if that
// memory overlaps memory that the plan merges into already: the same
// value reached at two places, a value reached as two types, or a pointer
// into a struct that the plan merges into. A value of size 0 holds nothing
// to write, so it is not recorded (distinct ones may share an address).
func (tm *typedMerger) reach(p uintptr, t reflect.Type) *fault {
	size := t.Size()
	if t.Kind() == reflect.Map {
		size = 1
	}
	if size == 0 {
		return nil
	}
	r := reachedRef{p, p + size, t}
	for _, q := range tm.reached {
		if r.start < q.end && q.start < r.end {
			msg := "the patch merges objects into one " + typeName(t) + " of the target at two places"
			if q.start != r.start || q.t != r.t {
				msg = "the patch merges objects into a " + typeName(t) + " of the target that shares memory with a " +
					typeName(q.t) + " it merges objects into at another place"
			}
			return valueError(inTarget, ErrSharedMap, msg)
		}
	}
	tm.reached = append(tm.reached, r)
	return nil
}

// merge plans Rule 2 at loc, which is settable: the patch object n merged
// into what loc holds.
func (tm *typedMerger) merge(loc reflect.Value, n *tnode, quoted bool, steps int) *fault {
	t := loc.Type()
	if steps < 0 {
		return tm.decode(loc, n, quoted, steps) // the depth error
	}
	switch t.Kind() {
	case reflect.Pointer:
		el := t.Elem()
		if loc.IsNil() {
			return tm.replaceAbsent(loc, n, quoted, steps)
		}
		if !tm.copies && !opaque(el) {
			switch el.Kind() {
			case reflect.Struct, reflect.Map, reflect.Pointer:
				if err := tm.reach(loc.Pointer(), el); err != nil {
					return err
				}
				return tm.mergeAddressable(loc.Elem(), n, quoted, steps-1)
			}
		}
		fresh := reflect.New(el)
		fresh.Elem().Set(loc.Elem())
		if err := tm.mergeAddressable(fresh.Elem(), n, quoted, steps-1); err != nil {
			return err
		}
		tm.set(loc, fresh)
		return nil
	case reflect.Interface:
		if t.NumMethod() != 0 {
			return tm.unsupported(n, t, "an interface type with methods cannot be decoded into")
		}
		return tm.mergeAny(loc, n, steps)
	}
	if opaque(t) {
		return tm.mergeForm(loc, n, quoted, steps)
	}
	switch t.Kind() {
	case reflect.Struct:
		return tm.mergeStruct(loc, n, steps)
	case reflect.Map:
		return tm.mergeMap(loc, n, steps)
	}
	return tm.replace(loc, n, quoted, steps)
}

// mergeAddressable is merge into a value that a pointer points to, which
// the value model encodes as addressable, with the methods of its pointer
// type, even inside a map element.
func (tm *typedMerger) mergeAddressable(loc reflect.Value, n *tnode, quoted bool, steps int) *fault {
	noAddr := tm.noAddr
	tm.noAddr = false
	err := tm.merge(loc, n, quoted, steps)
	tm.noAddr = noAddr
	return err
}

// mergeStruct plans the merge of the patch object n into the struct at
// loc, field by field.
func (tm *typedMerger) mergeStruct(loc reflect.Value, n *tnode, steps int) *fault {
	t := loc.Type()
	sf := fieldsOf(t)
	if sf.bad != "" {
		return tm.unsupported(n, t, sf.bad)
	}
	kids := tm.children(n)
	for k := range kids {
		c := &kids[k]
		name := tm.p.name(c)
		i, ok := sf.byName[string(name)]
		if !ok {
			if c.kind == 'n' {
				continue // Rule 1 on a member the target cannot hold
			}
			return tm.unknown(c, t).in(string(name))
		}
		f := &sf.list[i]
		fv, held, absent, err := tm.field(loc, f, c)
		if err != nil {
			return err.in(string(name))
		}
		if !held {
			continue // a null behind a nil embedded pointer
		}
		switch {
		case c.kind == '{' && (absent || f.omitEmpty && isEmpty(fv) || f.omitZero && isZero(fv)):
			// The member is not in the target's JSON form.
			err = tm.replaceAbsent(fv, c, f.quoted, steps-1)
		case tm.noAddr && behindPointer(t, f):
			err = tm.mergeAddressable(fv, c, f.quoted, steps-1)
		default:
			err = tm.member(fv, c, f.quoted, steps-1)
		}
		if err != nil {
			return err.in(string(name))
		}
	}
	return nil
}

// behindPointer reports whether the field f of the struct type t is behind
// an embedded pointer.
func behindPointer(t reflect.Type, f *field) bool {
	for k, i := range f.index {
		if k > 0 && t.Kind() == reflect.Pointer {
			return true
		}
		t = t.Field(i).Type
	}
	return false
}

// field returns the field f of the struct at loc for the patch member n;
// whether the struct holds it: a null behind a nil embedded pointer is
// not held; and whether it is absent from the target's JSON form, behind
// an embedded pointer that was nil.
func (tm *typedMerger) field(loc reflect.Value, f *field, n *tnode) (v reflect.Value, held, absent bool, err *fault) {
	v = loc
	for k, i := range f.index {
		if k > 0 && v.Kind() == reflect.Pointer {
			p, held, fresh, err := tm.embeddedPointer(v, n)
			if !held || err != nil {
				return v, false, false, err
			}
			absent = absent || fresh
			v = p.Elem()
		}
		v = v.Field(i)
	}
	return v, true, absent, nil
}

// embeddedPointer returns the pointer through which the plan reaches the
// struct that the embedded pointer at loc points to, for the patch member
// n. A nil one is allocated, unless n is null; for MergeJSONValue, one
// that is not nil is copied; either way the plan sets it, once for all
// the members behind it. One that is not exported cannot be set. The last
// result reports whether the pointer was nil, so that the members behind
// it are absent from the target's JSON form.
func (tm *typedMerger) embeddedPointer(loc reflect.Value, n *tnode) (reflect.Value, bool, bool, *fault) {
	for _, e := range tm.embedded {
		if e.loc.UnsafeAddr() == loc.UnsafeAddr() && e.loc.Type() == loc.Type() {
			return e.val, true, e.fresh, nil
		}
	}
	if !loc.IsNil() && !tm.copies {
		if err := tm.reach(loc.Pointer(), loc.Type().Elem()); err != nil {
			return loc, false, false, err
		}
		tm.embedded = append(tm.embedded, embeddedRef{loc: loc, val: loc})
		return loc, true, false, nil
	}
	if loc.IsNil() && n.kind == 'n' {
		return loc, false, false, nil
	}
	if !loc.CanSet() {
		why := "the embedded pointer to it is not exported, so it cannot be allocated"
		if !loc.IsNil() {
			why = "the embedded pointer to it is not exported, so it cannot be set to a copy"
		}
		return loc, false, false, tm.unsupported(n, loc.Type().Elem(), why)
	}
	fresh := reflect.New(loc.Type().Elem())
	wasNil := loc.IsNil()
	if !wasNil {
		fresh.Elem().Set(loc.Elem())
	}
	tm.embedded = append(tm.embedded, embeddedRef{loc: loc, val: fresh, fresh: wasNil})
	tm.set(loc, fresh)
	return fresh, true, wasNil, nil
}

// mergeMap plans the merge of the patch object n into the map at loc,
// entry by entry (see mergeEntry). A nil map is allocated; for
// MergeJSONValue, one that is not nil is copied. A null member whose name
// is no key of the map's type is dropped (Rule 1); any other such member
// is ErrMismatchedType.
func (tm *typedMerger) mergeMap(loc reflect.Value, n *tnode, steps int) *fault {
	t := loc.Type()
	if err := tm.keyType(n, t); err != nil {
		return err
	}
	m, err := tm.mapToMerge(loc, n)
	if err != nil {
		return err
	}
	kids := tm.children(n)
	for k := range kids {
		c := &kids[k]
		name := string(tm.p.name(c))
		key, err := tm.key(t.Key(), name, c)
		if err != nil {
			if c.kind == 'n' {
				continue // Rule 1 on a key the map cannot hold
			}
			return err.in(name)
		}
		if err := tm.mergeEntry(m, key, c, steps); err != nil {
			return err.in(name)
		}
	}
	return nil
}

// mapToMerge returns the map that the plan merges the patch object n
// into for the map at loc: a new one, which the plan sets at loc, if loc
// is nil or, for MergeJSONValue, holding a copy of its entries; otherwise
// loc's own, once reach has recorded it, and reach's fault if it fails.
func (tm *typedMerger) mapToMerge(loc reflect.Value, n *tnode) (reflect.Value, *fault) {
	t := loc.Type()
	switch {
	case loc.IsNil():
		m := reflect.MakeMapWithSize(t, int(n.n))
		tm.set(loc, m)
		return m, nil
	case tm.copies:
		m := reflect.MakeMapWithSize(t, loc.Len()+int(n.n))
		for it := loc.MapRange(); it.Next(); {
			m.SetMapIndex(it.Key(), it.Value())
		}
		tm.set(loc, m)
		return m, nil
	}
	return loc, tm.reach(loc.Pointer(), t)
}

// mergeEntry plans the patch member c at key of the map m, by Rules 1 to
// 3: a null deletes the entry; an object merges into a copy of the
// element, or into nothing if the map lacks key; any other value is
// decoded into a fresh element. It returns the fault of the member's
// value, at its path below the member.
func (tm *typedMerger) mergeEntry(m, key reflect.Value, c *tnode, steps int) *fault {
	cur := m.MapIndex(key)
	if c.kind == 'n' {
		// Rule 1: the entry is deleted.
		if cur.IsValid() {
			tm.ops = append(tm.ops, typedOp{m: m, key: key})
		}
		return nil
	}
	e := reflect.New(m.Type().Elem()).Elem()
	var err *fault
	switch {
	case c.kind == '{' && cur.IsValid():
		// e is a copy of the element, addressable, but the value
		// model encodes a map element as it is: not addressable.
		e.Set(cur)
		noAddr := tm.noAddr
		tm.noAddr = true
		err = tm.merge(e, c, false, steps-1)
		tm.noAddr = noAddr
	case c.kind == '{':
		// A key the map lacks: the merge into nothing.
		err = tm.decodeAbsent(e, c, false, steps-1)
	default:
		err = tm.decode(e, c, false, steps-1)
	}
	if err != nil {
		return err
	}
	tm.ops = append(tm.ops, typedOp{m: m, key: key, val: e})
	return nil
}

// mergeAny plans the merge of the patch object n into the interface{}
// value at loc.
func (tm *typedMerger) mergeAny(loc reflect.Value, n *tnode, steps int) *fault {
	cur := loc.Elem()
	if !cur.IsValid() || cur.Type() == mapStringAny {
		mv := reflect.New(mapStringAny).Elem()
		if cur.IsValid() {
			mv.Set(cur)
		}
		if err := tm.mergeMap(mv, n, steps-1); err != nil {
			return err
		}
		tm.set(loc, mv)
		return nil
	}
	form, err := tm.form(cur, false, steps)
	if err != nil {
		return err
	}
	tm.set(loc, reflect.ValueOf(tm.mergeCanonical(form, n)))
	return nil
}

// form returns the JSON form of v, as the value model encodes it.
func (tm *typedMerger) form(v reflect.Value, quoted bool, steps int) (any, *fault) {
	e := encoder{in: inTarget, max: tm.max}
	c, err := e.value(v, 1, steps, quoted)
	if err == errTooManySteps {
		return nil, stepsError(inTarget, v.Type(), tm.max)
	}
	return c, err
}

// mergeCanonical returns RFC 7396 applied to the canonical value target,
// which it may modify, and the patch value n.
func (tm *typedMerger) mergeCanonical(target any, n *tnode) any {
	if n.kind != '{' {
		return tm.canonical(n)
	}
	m, ok := target.(map[string]any)
	if !ok {
		m = make(map[string]any, n.n)
	}
	kids := tm.children(n)
	for k := range kids {
		c := &kids[k]
		name := string(tm.p.name(c))
		if c.kind == 'n' {
			delete(m, name)
			continue
		}
		m[name] = tm.mergeCanonical(m[name], c)
	}
	return m
}

// mergeForm plans the merge of the patch object n into the opaque value
// at loc: into its JSON form, then decoded into a fresh value.
func (tm *typedMerger) mergeForm(loc reflect.Value, n *tnode, quoted bool, steps int) *fault {
	src := loc
	if tm.noAddr && loc.CanInterface() {
		// Not addressable in the model: no methods of the pointer type.
		src = reflect.ValueOf(loc.Interface())
	}
	form, err := tm.form(src, quoted, steps)
	if err != nil {
		return err
	}
	text := appendCanonical(nil, tm.mergeCanonical(form, n))
	var st scratch
	sub := decoder{t: &tree{}, max: tm.max, at: n.vs}
	sub.t.init(inPatch, text, tm.max, &st)
	sub.t.whole = true
	root, err := sub.t.readTop()
	if err != nil {
		err.offset = int64(n.vs)
		return err
	}
	fresh := reflect.New(loc.Type()).Elem()
	if err := sub.decode(fresh, &root, quoted, steps); err != nil {
		return err
	}
	tm.set(loc, fresh)
	return nil
}
