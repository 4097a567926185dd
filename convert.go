package deepmerge

import (
	"encoding"
	"encoding/json"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"unicode"
)

// convertValue returns the canonical form of a value of any other type: the
// value that encoding/json encodes it to, read back with numbers as
// json.Number. The result is at depth depth.
func (w *walker) convertValue(v any, depth int) (any, *fault) {
	rv := reflect.ValueOf(v)
	if !marshals(rv) {
		switch rv.Kind() {
		case reflect.Chan, reflect.Func, reflect.Complex64, reflect.Complex128, reflect.UnsafePointer:
			return nil, valueError(w.input, ErrUnsupportedValue, "unsupported value of type "+rv.Type().String())
		}
	}
	if steps := encodeSteps(w.max); !shallow(rv, steps) {
		return nil, valueError(w.input, ErrMaxDepth, "value of type "+rv.Type().String()+
			" nests too deeply to encode: more than "+strconv.Itoa(steps)+" steps through pointers, interfaces, fields and elements")
	}
	b, err := json.Marshal(v)
	if err != nil {
		return nil, valueError(w.input, ErrUnsupportedValue, "unsupported value of type "+rv.Type().String()+": "+trimJSONPrefix(err.Error()))
	}
	c, perr := decodeValue(b, w.max, depth-1)
	if perr != nil {
		// The encoding is valid JSON, so the only faults left are those of
		// the strict reading: depth, repeated names, invalid UTF-8. They
		// are reported at their path within the value, without an offset
		// in text the caller never saw.
		msg := perr.msg // the scanner's faults all have one
		if perr.err != ErrMaxDepth {
			msg = "value of type " + rv.Type().String() + " encodes to JSON with " + msg
		}
		e := valueError(w.input, perr.err, msg)
		e.rev = perr.rev
		return nil, e
	}
	return c, nil
}

// encodeSteps returns how many steps encoding/json may take into a value
// that convertValue encodes, given the depth limit max. The encoder has no
// limit of its own, and recurses at each step, so a long enough chain of
// pointers or nested values would exhaust the stack. A step is from a
// pointer or an interface to what it holds, or from a struct, map, slice
// or array to a field, value or element; a field reached through embedded
// structs is one step, as in the encoder. Go values commonly take three
// steps per level of their JSON (a field or element, an interface, a
// pointer to the next struct or map), so four per level stops a value that
// the depth limit would let through only if it adds steps that make no
// JSON, such as a pointer to a pointer, all along a long path; and at the
// largest limit the encoder's stack stays far below the goroutine's.
func encodeSteps(max int) int { return 4 * (max + 1) }

// shallow reports whether encoding/json, encoding v, takes at most n steps
// (see encodeSteps) down any path. It follows v as the encoder does: it
// does not enter a value that encodes itself with a MarshalJSON or
// MarshalText method, it enters only the struct fields that the encoder
// encodes (see encodedFields), and it skips values of types that hold no
// pointers, interfaces or containers. It stops at the first path that is
// too long, so a cycle costs n steps. It enters a field tagged omitzero
// even when the encoder would leave it out as zero, which can only make
// it stop sooner.
func shallow(v reflect.Value, n int) bool {
	if n < 0 {
		return false
	}
	if marshals(v) {
		return true
	}
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		return v.IsNil() || shallow(v.Elem(), n-1)
	case reflect.Struct:
		for _, index := range encodedFields(v.Type()) {
			if f, ok := fieldByIndex(v, index); ok && !flat(f.Type()) && !shallow(f, n-1) {
				return false
			}
		}
	case reflect.Map:
		if flat(v.Type().Elem()) {
			return true
		}
		for it := v.MapRange(); it.Next(); {
			if !shallow(it.Value(), n-1) {
				return false
			}
		}
	case reflect.Slice, reflect.Array:
		if flat(v.Type().Elem()) {
			return true
		}
		for i := 0; i < v.Len(); i++ {
			if !shallow(v.Index(i), n-1) {
				return false
			}
		}
	}
	return true
}

var (
	jsonMarshaler = reflect.TypeOf((*json.Marshaler)(nil)).Elem()
	textMarshaler = reflect.TypeOf((*encoding.TextMarshaler)(nil)).Elem()
)

// marshals reports whether encoding/json encodes v with its MarshalJSON
// or MarshalText method: one of v's type, or, when v is addressable, of a
// pointer to it.
func marshals(v reflect.Value) bool {
	t := v.Type()
	if t.Implements(jsonMarshaler) || t.Implements(textMarshaler) {
		return true
	}
	if v.CanAddr() {
		p := reflect.PointerTo(t)
		return p.Implements(jsonMarshaler) || p.Implements(textMarshaler)
	}
	return false
}

// encodedFields returns the fields of the struct type t that encoding/json
// encodes, each as the path of field indexes that leads to it through
// embedded structs, by the encoder's rules:
//
//   - an unexported field is left out, and so is one tagged "-"; but an
//     embedded struct of an unexported type is looked into, since it may
//     have exported fields;
//   - an embedded struct, or pointer to a struct, whose tag gives no name
//     is not a field itself: its fields are, one level deeper, whatever
//     methods it has;
//   - of the fields with one name, only the shallowest can be encoded:
//     it is if it is alone at its depth, or else if it is the only one
//     there whose tag gives that name. A struct type met more than once at
//     one depth gives each of its fields twice, so they cancel out, and
//     one met again deeper is not looked into again.
//
// The result is kept for each type.
func encodedFields(t reflect.Type) [][]int {
	if f, ok := fieldsByType.Load(t); ok {
		return f.([][]int)
	}
	type candidate struct {
		name   string
		tagged bool
		index  []int
	}
	type embedded struct {
		t     reflect.Type
		index []int
	}
	var found []candidate
	level := []embedded{{t: t}}
	times := map[reflect.Type]int{} // how often each type of level is embedded
	visited := map[reflect.Type]bool{}
	for len(level) > 0 {
		var next []embedded
		nextTimes := map[reflect.Type]int{}
		for _, e := range level {
			if visited[e.t] {
				continue
			}
			visited[e.t] = true
			for i := 0; i < e.t.NumField(); i++ {
				sf := e.t.Field(i)
				ft := sf.Type
				if ft.Name() == "" && ft.Kind() == reflect.Pointer {
					ft = ft.Elem()
				}
				if !sf.IsExported() && (!sf.Anonymous || ft.Kind() != reflect.Struct) {
					continue
				}
				tag := sf.Tag.Get("json")
				if tag == "-" {
					continue
				}
				name, _, _ := strings.Cut(tag, ",")
				if !validTagName(name) {
					name = ""
				}
				index := append(e.index[:len(e.index):len(e.index)], i)
				if name == "" && sf.Anonymous && ft.Kind() == reflect.Struct {
					if nextTimes[ft]++; nextTimes[ft] == 1 {
						next = append(next, embedded{t: ft, index: index})
					}
					continue
				}
				c := candidate{name: name, tagged: name != "", index: index}
				if name == "" {
					c.name = sf.Name
				}
				found = append(found, c)
				if times[e.t] > 1 {
					found = append(found, c)
				}
			}
		}
		level, times = next, nextTimes
	}
	// The candidates are in order of depth: the first of a name is at
	// the least depth.
	byName := map[string][]candidate{}
	for _, c := range found {
		byName[c.name] = append(byName[c.name], c)
	}
	var fields [][]int
	for _, cs := range byName {
		depth := len(cs[0].index)
		var winner []int
		shallowest, tagged := 0, 0
		for _, c := range cs {
			if len(c.index) != depth {
				break
			}
			shallowest++
			if c.tagged {
				tagged++
				winner = c.index
			}
		}
		switch {
		case shallowest == 1:
			fields = append(fields, cs[0].index)
		case tagged == 1:
			fields = append(fields, winner)
		}
	}
	f, _ := fieldsByType.LoadOrStore(t, fields)
	return f.([][]int)
}

var fieldsByType sync.Map // reflect.Type to its encodedFields

// validTagName reports whether encoding/json takes s, from a struct tag,
// as a member name: it is not empty and holds only letters, digits and
// the punctuation below. Otherwise the field keeps its Go name.
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

// flat reports whether a value of type t is encoded without a step into
// anything: it is a boolean, a number or a string, whatever its methods.
func flat(t reflect.Type) bool {
	switch t.Kind() {
	case reflect.Bool, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr,
		reflect.Float32, reflect.Float64, reflect.String:
		return true
	}
	return false
}

// decodeValue reads the JSON text b, written by encoding/json.Marshal and
// nesting inside depth containers already, strictly, into canonical Go
// values with numbers as json.Number.
// Its errors carry offsets into b, and their paths are not yet done.
func decodeValue(b []byte, max, depth int) (any, *fault) {
	s := scanner{data: b, max: max}
	i := s.skipWS(0)
	v, i, err := s.decode(i, depth)
	if err != nil {
		return nil, err
	}
	if err := s.end(i); err != nil {
		return nil, err
	}
	return v, nil
}

// decode reads the value at i, inside depth containers.
func (s *scanner) decode(i, depth int) (any, int, *fault) {
	d := s.data
	if i >= len(d) {
		return nil, i, s.unexpected(i, "")
	}
	switch c := d[i]; c {
	case '{':
		i, more, err := s.open(i, depth+1, '}')
		m := map[string]any{}
		for more {
			var n nameText
			if n, i, err = s.member(i); err != nil {
				return nil, i, err
			}
			name := s.nameString(n)
			if _, dup := m[name]; dup {
				return nil, n.start, s.repeated(n)
			}
			if m[name], i, err = s.decode(i, depth+1); err != nil {
				return nil, i, err.in(name)
			}
			i, more, err = s.next(i, '}')
		}
		if err != nil {
			return nil, i, err
		}
		return m, i, nil
	case '[':
		i, more, err := s.open(i, depth+1, ']')
		a := []any{}
		for more {
			var v any
			if v, i, err = s.decode(i, depth+1); err != nil {
				return nil, i, err.inIndex(len(a))
			}
			a = append(a, v)
			i, more, err = s.next(i, ']')
		}
		if err != nil {
			return nil, i, err
		}
		return a, i, nil
	case '"':
		j, esc, err := s.scanString(i)
		if err != nil {
			return nil, j, err
		}
		return s.nameString(nameText{i, j, esc}), j, nil
	case 't', 'f':
		j, err := s.scanScalar(i)
		return c == 't', j, err
	case 'n':
		j, err := s.scanLiteral(i, "null")
		return nil, j, err
	default:
		j, err := s.scanScalar(i)
		if err != nil {
			return nil, j, err
		}
		return json.Number(d[i:j]), j, nil
	}
}
