package users

import (
	"strconv"
	"strings"
)

// Kind is a kind of damage that a program less strict than deepmerge
// could have stored in a record.
type Kind int

const (
	// Repeat is a member name given twice in one object: "role" with the
	// value "user", then with "admin" (at depth 1, "id" twice, the earlier
	// value "legacy").
	Repeat Kind = iota
	// RepeatInArray is a Repeat in an object inside arrays.
	RepeatInArray
	// Latin1 is a string that holds the raw Latin-1 byte 0xE9 (é), which
	// is not UTF-8.
	Latin1
	// Latin1Name is a member name that holds it.
	Latin1Name
	// Surrogate is a string that holds the escape \ud800, a UTF-16
	// surrogate that pairs with nothing.
	Surrogate
	// SurrogateName is a member name that holds it.
	SurrogateName

	numKinds = iota
)

// MaxDepth is the deepest depth at which Damage places a fault.
const MaxDepth = 5

// Damages lists every kind of damage at every depth from 1 to MaxDepth
// at which it can be: RepeatInArray needs an array and an object below
// the record, so it starts at depth 3.
func Damages() []Damage {
	var ds []Damage
	for k := Kind(0); k < numKinds; k++ {
		for d := 1; d <= MaxDepth; d++ {
			if k == RepeatInArray && d < 3 {
				continue
			}
			ds = append(ds, Damage{k, d})
		}
	}
	return ds
}

// Damage is a fault of one kind, in the object or array at Depth in a
// record: depth 1 is the record itself.
type Damage struct {
	Kind  Kind
	Depth int
}

// String returns a name such as "Repeat@3".
func (d Damage) String() string {
	return [...]string{"Repeat", "RepeatInArray", "Latin1", "Latin1Name", "Surrogate", "SurrogateName"}[d.Kind] + "@" + strconv.Itoa(d.Depth)
}

// Apply returns rec, a record that Append made, with the fault d, and the
// JSON Pointer where deepmerge's Validate finds it: the repeated member,
// the string, or the object whose member name is at fault. The fault is
// in a member "legacy" put first in the record, under containers nested
// down to d.Depth (objects with a member "n", arrays, or, for the
// surrogates and the Latin-1 bytes, the two in turn), so that it is the
// first fault in the record; at depth 1 it is a member of the record
// itself.
func (d Damage) Apply(rec []byte) ([]byte, string) {
	if d.Kind == Repeat && d.Depth == 1 {
		return append([]byte(`{"id":"legacy",`), rec[1:]...), "/id"
	}
	// The innermost container, at depth d.Depth, and whether it is an
	// object; then the containers around it, from the inside out.
	var inner, ptr string
	isObject := true
	switch d.Kind {
	case Repeat, RepeatInArray:
		inner, ptr = `{"role":"user","name":"Ada","role":"admin"}`, "/role"
	case Latin1:
		inner, ptr = "{\"s\":\"Ren\xe9\"}", "/s"
		isObject = d.Depth%2 == 1
		if !isObject {
			inner, ptr = "[\"Ren\xe9\"]", "/0"
		}
	case Latin1Name:
		inner = "{\"Ren\xe9\":1}"
	case Surrogate:
		inner, ptr = `{"s":"x\ud800y"}`, "/s"
		isObject = d.Depth%2 == 1
		if !isObject {
			inner, ptr = `["x\ud800y"]`, "/0"
		}
	case SurrogateName:
		inner = `{"x\ud800":1}`
	}
	if d.Depth == 1 {
		// The record is the innermost container: a member of it.
		member := inner[1 : len(inner)-1]
		if d.Kind == Latin1 || d.Kind == Surrogate {
			member = strings.Replace(member, `"s"`, `"legacy"`, 1)
			ptr = "/legacy"
		}
		return append([]byte("{"+member+","), rec[1:]...), ptr
	}
	var path []string
	text := inner
	for depth := d.Depth - 1; depth >= 2; depth-- {
		array := d.Kind == RepeatInArray ||
			((d.Kind == Latin1 || d.Kind == Surrogate || d.Kind == Latin1Name || d.Kind == SurrogateName) && depth%2 == 0)
		if array {
			text, path = "["+text+"]", append(path, "0")
		} else {
			text, path = `{"n":`+text+"}", append(path, "n")
		}
	}
	p := "/legacy"
	for i := len(path) - 1; i >= 0; i-- {
		p += "/" + path[i]
	}
	return append([]byte(`{"legacy":`+text+","), rec[1:]...), p + ptr
}

// DamageEvery returns the damage of the record numbered i (from 0) of a
// stream in which one record in every n is damaged, with the kinds and
// depths of Damages in turn, and whether it is damaged.
func DamageEvery(n, i int) (Damage, bool) {
	if n <= 0 || i%n != n-1 {
		return Damage{}, false
	}
	ds := Damages()
	return ds[(i/n)%len(ds)], true
}
