package deepmerge

import (
	"reflect"
	"sort"
	"strings"
	"sync"
	"unicode"
)

// A field is a struct field that stands for a member of the JSON object
// that its struct means, by the rules of structFields.
type field struct {
	name  string       // the member name
	index []int        // the path of field indexes to it, through embedded structs
	typ   reflect.Type // its type

	omitEmpty bool // tagged omitempty: left out when empty (see isEmpty)
	omitZero  bool // tagged omitzero: left out when zero (see isZero)
	quoted    bool // tagged string, and of a kind it applies to: see quotedKind
}

// The fields of a struct type, with an index by member name.
type structFields struct {
	list   []field        // in the order of their index paths
	byName map[string]int // member name to its place in list

	// bad, when not empty, is why the type has no JSON form: a tag option
	// that the value model does not know. Every value of the type is then
	// ErrUnsupportedValue.
	bad string
}

// fieldsOf returns the fields of the struct type t, by these rules, which
// are the value model's (SPEC.md §2) and the package's own, whatever the
// Go release:
//
//   - an unexported field is left out, and so is one tagged "-"; but an
//     embedded struct of an unexported type is looked into, since it may
//     have exported fields;
//   - a field's member name is the name its json tag gives, if that is
//     not empty and holds only letters, digits and the punctuation of
//     validTagName; otherwise it is the field's Go name;
//   - an embedded struct, or pointer to a struct, whose tag gives no name
//     is not a field itself: its fields are, one level deeper, whatever
//     methods it has;
//   - of the fields with one name, only the shallowest can be a member:
//     it is if it is alone at its depth, or else if it is the only one
//     there whose tag gives that name. A struct type met more than once at
//     one depth gives each of its fields twice, so they cancel out, and
//     one met again deeper is not looked into again;
//   - the tag options are omitempty, omitzero and string; an empty option
//     is nothing; any other option (such as format:… or inline, which mean
//     something to other encoders) makes the type unsupported, rather than
//     have it mean one thing here and another there.
//
// The result is kept for each type.
func fieldsOf(t reflect.Type) *structFields {
	if f, ok := fieldsByType.Load(t); ok {
		return f.(*structFields)
	}
	found, bad := fieldCandidates(t)
	sf := dominantFields(found)
	sf.bad = bad
	f, _ := fieldsByType.LoadOrStore(t, sf)
	return f.(*structFields)
}

var fieldsByType sync.Map // reflect.Type to its *structFields

// A fieldCandidate is a field that may stand for a member, before the
// fields of one name are resolved; tagged is set when its tag gives its
// name.
type fieldCandidate struct {
	field
	tagged bool
}

// An embeddedStruct is a struct type whose fields are looked into, at the
// index path of the field that embeds it.
type embeddedStruct struct {
	t     reflect.Type
	index []int
}

// A fieldWalk gathers the fields of one level of embedding, and the
// structs embedded in it, which make the next level.
type fieldWalk struct {
	found     []fieldCandidate
	bad       string               // see structFields.bad
	next      []embeddedStruct     // the structs of the next level
	nextTimes map[reflect.Type]int // how often each of them is embedded
}

// fieldCandidates returns the fields of the struct type t and of the
// structs embedded in it, level by level, so in order of depth: each field
// of a struct type embedded more than once at one depth twice, and none
// of a struct type met at a lesser depth already. The second result is
// structFields.bad: the first tag option that the value model does not
// know, said of its field, or "".
func fieldCandidates(t reflect.Type) ([]fieldCandidate, string) {
	var w fieldWalk
	level := []embeddedStruct{{t: t}}
	times := map[reflect.Type]int{} // how often each type of level is embedded
	visited := map[reflect.Type]bool{}
	for len(level) > 0 {
		w.next, w.nextTimes = nil, map[reflect.Type]int{}
		for _, e := range level {
			if visited[e.t] {
				continue
			}
			visited[e.t] = true
			for i := 0; i < e.t.NumField(); i++ {
				w.add(e, i, times[e.t] > 1)
			}
		}
		level, times = w.next, w.nextTimes
	}
	return w.found, w.bad
}

// add adds the field i of the struct type e.t, which is embedded more
// than once at its depth when twice is set: to the candidates, twice if
// so; or, an embedded struct whose tag gives no name, to the next level,
// once. It leaves out a field tagged "-", and one that is not exported,
// unless it embeds a struct.
func (w *fieldWalk) add(e embeddedStruct, i int, twice bool) {
	sf := e.t.Field(i)
	ft := sf.Type
	if ft.Name() == "" && ft.Kind() == reflect.Pointer {
		ft = ft.Elem()
	}
	if !sf.IsExported() && (!sf.Anonymous || ft.Kind() != reflect.Struct) {
		return
	}
	tag := sf.Tag.Get("json")
	if tag == "-" {
		return
	}
	name, opts, _ := strings.Cut(tag, ",")
	if !validTagName(name) {
		name = ""
	}
	index := append(e.index[:len(e.index):len(e.index)], i)
	if name == "" && sf.Anonymous && ft.Kind() == reflect.Struct {
		if w.nextTimes[ft]++; w.nextTimes[ft] == 1 {
			w.next = append(w.next, embeddedStruct{t: ft, index: index})
		}
		return
	}
	c := fieldCandidate{field: field{name: name, index: index, typ: sf.Type}, tagged: name != ""}
	if name == "" {
		c.name = sf.Name
	}
	if opt := c.setOptions(opts, ft); opt != "" && w.bad == "" {
		w.bad = "field " + e.t.String() + "." + sf.Name + " has the tag option " + quote(opt) +
			", which the value model does not know"
	}
	w.found = append(w.found, c)
	if twice {
		w.found = append(w.found, c)
	}
}

// setOptions sets c.omitEmpty, c.omitZero and c.quoted by the tag options
// opts, the part of the json tag after its name; ft is the field's type,
// a pointer taken off. An empty option is nothing. It returns the first
// option that the value model does not know, or "".
func (c *fieldCandidate) setOptions(opts string, ft reflect.Type) (unknown string) {
	for opts != "" {
		var opt string
		opt, opts, _ = strings.Cut(opts, ",")
		switch opt {
		case "":
		case "omitempty":
			c.omitEmpty = true
		case "omitzero":
			c.omitZero = true
		case "string":
			c.quoted = quotedKind(ft)
		default:
			if unknown == "" {
				unknown = opt
			}
		}
	}
	return unknown
}

// dominantFields returns the fields that stand for members, found being
// the candidates in order of depth: for each name, the one that dominant
// picks, if any. They are listed in the order of their index paths, and
// byName indexes them; bad is left empty.
func dominantFields(found []fieldCandidate) *structFields {
	byName := map[string][]fieldCandidate{}
	var names []string
	for _, c := range found {
		if byName[c.name] == nil {
			names = append(names, c.name)
		}
		byName[c.name] = append(byName[c.name], c)
	}
	sf := &structFields{byName: map[string]int{}}
	for _, name := range names {
		if f, ok := dominant(byName[name]); ok {
			sf.list = append(sf.list, f)
		}
	}
	sort.Slice(sf.list, func(i, j int) bool { return indexLess(sf.list[i].index, sf.list[j].index) })
	for i, f := range sf.list {
		sf.byName[f.name] = i
	}
	return sf
}

// dominant returns the field that stands for the member of the name of
// the candidates cs, which are in order of depth, and whether there is
// one: the shallowest if it is alone at its depth, or else the only one
// there whose tag gives the name.
func dominant(cs []fieldCandidate) (field, bool) {
	depth := len(cs[0].index)
	var winner *fieldCandidate
	shallowest, tagged := 0, 0
	for k := range cs {
		if len(cs[k].index) != depth {
			break
		}
		shallowest++
		if cs[k].tagged {
			tagged++
			winner = &cs[k]
		}
	}
	switch {
	case shallowest == 1:
		return cs[0].field, true
	case tagged == 1:
		return winner.field, true
	}
	return field{}, false
}

// indexLess reports whether the field at index path a comes before the one
// at b in the order of the struct's declaration, embedded fields in place.
func indexLess(a, b []int) bool {
	for k := 0; k < len(a) && k < len(b); k++ {
		if a[k] != b[k] {
			return a[k] < b[k]
		}
	}
	return len(a) < len(b)
}

// validTagName reports whether s, from a struct tag, names a member: it
// is not empty and holds only letters, digits and the punctuation below.
// Otherwise the field keeps its Go name.
func validTagName(s string) bool {
	if s == "" {
		return false
	}
	for _, c := range s {
		if !unicode.IsLetter(c) && !unicode.IsDigit(c) && !strings.ContainsRune("!#$%&()*+-./:;<=>?@[]^_{|}~ ", c) {
			return false
		}
	}
	return true
}

// quotedKind reports whether the string tag option applies to a field of
// type t (a pointer to it having been taken off): a boolean, a number or
// a string, written inside a JSON string. On any other field it is nothing.
func quotedKind(t reflect.Type) bool {
	switch t.Kind() {
	case reflect.Bool, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr,
		reflect.Float32, reflect.Float64, reflect.String:
		return true
	}
	return false
}

// fieldByIndex returns the field of the struct v at the path index, and
// false if the path goes through a nil pointer to an embedded struct.
func fieldByIndex(v reflect.Value, index []int) (reflect.Value, bool) {
	for _, i := range index {
		if v.Kind() == reflect.Pointer {
			if v.IsNil() {
				return reflect.Value{}, false
			}
			v = v.Elem()
		}
		v = v.Field(i)
	}
	return v, true
}
