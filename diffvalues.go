package deepmerge

import (
	"errors"
	"reflect"
)

// DiffValues returns the JSON merge patch that turns current into
// desired, two Go values of one type: afterwards MergeJSONInto(&c, patch),
// with c equal to current, gives a value equal to desired in JSON form
// (the package's value model), with the exceptions that MergeJSONInto
// lists.
//
// The patch is [DiffJSON] of the JSON forms of the two values, with one
// difference: a struct field whose JSON form is null (a nil pointer,
// slice, map or interface, a nil json.RawMessage) is left out of its
// object, since for a struct field a null member and an absent one decode
// alike. So a desired value that clears a slice that current had set
// gives a null for that member, which MergeJSONInto turns into the
// field's zero value, where DiffJSON of the two encoded values would
// fail. A map entry is not a struct field: a nil value there (one whose
// JSON form is null) is a member, and no merge patch can store a null, so
// unless current holds null at that key too, whether it lacks the key or
// holds another value there, that is an error wrapping
// [ErrNotRepresentable]. Numbers are compared
// by their text, as DiffJSON compares them; the value model writes each
// Go number in one way, so that equal values give equal text.
//
// Errors are [*Error] values with Input "original" (current) or
// "modified" (desired), the JSON Pointer of the value at fault and Offset
// -1: a value with no JSON form wraps [ErrUnsupportedValue], one nested
// too deeply [ErrMaxDepth], a map entry that would need a stored null
// [ErrNotRepresentable].
//
// DiffValues never modifies its arguments, and the patch shares no memory
// with them. It is O(size of current + size of desired): both are encoded
// whole. It is safe for concurrent use as long as no goroutine modifies
// the arguments.
func DiffValues[T any](current, desired T) ([]byte, error) {
	max := Options{}.maxDepth()
	a, err := diffForm(reflect.ValueOf(&current).Elem(), inOriginal, max)
	if err != nil {
		return nil, err
	}
	b, err := diffForm(reflect.ValueOf(&desired).Elem(), inModified, max)
	if err != nil {
		return nil, err
	}
	patch, err := Options{MaxDepth: max}.DiffJSON(appendCanonical(nil, a), appendCanonical(nil, b))
	if err != nil {
		var e *Error
		if errors.As(err, &e) {
			e.Offset = -1 // the text was the package's own, not the caller's
		}
		return nil, err
	}
	return patch, nil
}

// diffForm returns the JSON form of v for DiffValues: the value model's,
// without the struct fields whose form is null.
func diffForm(v reflect.Value, in input, max int) (any, error) {
	e := encoder{in: in, max: max, dropNull: true}
	c, err := e.value(v, 1, encodeSteps(max), false)
	if err == errTooManySteps {
		err = stepsError(in, v.Type(), max)
	}
	if err != nil {
		return nil, err.done()
	}
	return c, nil
}
