package deepmerge

import (
	"encoding"
	"encoding/base64"
	"encoding/json"
	"math"
	"reflect"
	"strconv"
	"unicode/utf8"
)

// convertValue returns the canonical form of a value of any other type:
// the JSON value that the value model (SPEC.md §2) gives it, with numbers
// as json.Number. The result is at depth depth.
func (w *walker) convertValue(v any, depth int) (any, *fault) {
	e := encoder{in: w.input, max: w.max}
	c, err := e.value(reflect.ValueOf(v), depth, encodeSteps(w.max), false)
	if err == errTooManySteps {
		return nil, stepsError(w.input, reflect.TypeOf(v), w.max)
	}
	return c, err
}

// stepsError returns the error for a value of type t, in the input in,
// that leads more than encodeSteps(max) steps down.
func stepsError(in input, t reflect.Type, max int) *fault {
	return valueError(in, ErrMaxDepth, "value of type "+typeName(t)+
		" nests too deeply to encode: more than "+strconv.Itoa(encodeSteps(max))+
		" steps through pointers, interfaces, fields and elements")
}

// encodeSteps returns how many steps the encoder may take into a value,
// given the depth limit max. A step is from a pointer or an interface to
// what it holds, or from a struct, map, slice or array to a field, value
// or element. Go values commonly take three steps per level of their JSON
// (a field or element, an interface, a pointer to the next struct or map),
// so four per level stops only a value that adds steps that make no JSON,
// such as a pointer to a pointer, all along a long path, or a cycle of
// pointers, which makes no JSON at all.
func encodeSteps(max int) int { return 4 * (max + 1) }

// errTooManySteps is returned by the encoder when a value leads more than
// encodeSteps down; convertValue turns it into the caller's error, at the
// converted value's own path.
var errTooManySteps = &fault{msg: "internal: too many steps"}

// An encoder turns Go values of any type into canonical values, by the
// value model's rules, stated in SPEC.md §2 and the package
// documentation's Values section, and nowhere else in the code.
type encoder struct {
	in  input // the argument being read, for errors
	max int   // effective maximum depth

	// dropNull, for DiffValues, leaves out a struct field whose JSON form
	// is null, wherever a merge patch reaches: through structs, maps,
	// pointers and interfaces, but not into arrays, whose elements are
	// encoded as always.
	dropNull bool
}

var (
	jsonMarshaler = reflect.TypeOf((*json.Marshaler)(nil)).Elem()
	textMarshaler = reflect.TypeOf((*encoding.TextMarshaler)(nil)).Elem()
	numberType    = reflect.TypeOf(json.Number(""))
	rawType       = reflect.TypeOf(json.RawMessage(nil))
)

// value returns the canonical form of v, which is at depth depth, with
// steps steps left. quoted is set for a field tagged string. A nil
// interface, pointer or slice is null. It returns errTooManySteps when
// the steps run out, and otherwise the fault of the first value that has
// no JSON form.
func (e *encoder) value(v reflect.Value, depth, steps int, quoted bool) (any, *fault) {
	if steps < 0 {
		return nil, errTooManySteps
	}
	if !v.IsValid() {
		return nil, nil // a nil interface
	}
	if t := v.Type(); t == numberType || t == rawType {
		return e.jsonType(v, depth, quoted)
	}
	if m := methodOf(v); m != nil {
		return e.marshal(v, m, depth)
	}
	// The kinds are here rather than in a function of their own: one call
	// more for every value cost BenchmarkConvert about 4%.
	switch v.Kind() {
	case reflect.Bool:
		if quoted {
			return strconv.FormatBool(v.Bool()), nil
		}
		return v.Bool(), nil
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return numberOrString(strconv.FormatInt(v.Int(), 10), quoted), nil
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return numberOrString(strconv.FormatUint(v.Uint(), 10), quoted), nil
	case reflect.Float32, reflect.Float64:
		return e.float(v, quoted)
	case reflect.String:
		s := validString(v.String())
		if quoted {
			return string(appendQuoted(nil, s)), nil
		}
		return s, nil
	case reflect.Interface, reflect.Pointer:
		if v.IsNil() {
			return nil, nil
		}
		// A field's string option applies through a pointer, but not
		// to what an interface holds.
		return e.value(v.Elem(), depth, steps-1, quoted && v.Kind() == reflect.Pointer)
	case reflect.Struct:
		return e.object(v, depth, steps)
	case reflect.Map:
		return e.mapObject(v, depth, steps)
	case reflect.Slice:
		if v.IsNil() {
			return nil, nil
		}
		if isBytes(v.Type()) {
			return base64.StdEncoding.EncodeToString(v.Bytes()), nil
		}
		return e.array(v, depth, steps)
	case reflect.Array:
		return e.array(v, depth, steps)
	}
	return nil, e.unsupported(v.Type(), "")
}

// jsonType returns the canonical form of v, a json.Number or a
// json.RawMessage, at depth: the number checked (see number), or the
// text read as strictly as a patch (see read). A nil RawMessage is null.
func (e *encoder) jsonType(v reflect.Value, depth int, quoted bool) (any, *fault) {
	if v.Type() == numberType {
		return e.number(json.Number(v.String()), quoted)
	}
	if v.IsNil() {
		return nil, nil
	}
	return e.read(v.Type(), v.Bytes(), depth)
}

// marshal returns the canonical form of v, at depth, by the method m that
// methodOf found for it: the JSON text that MarshalJSON returns, read as
// strictly as a patch (see read), or the string that MarshalText returns,
// its invalid bytes replaced. A nil pointer is null, its method not
// called. It returns ErrUnsupportedValue if the method fails.
func (e *encoder) marshal(v reflect.Value, m reflect.Type, depth int) (any, *fault) {
	t := v.Type()
	if v.Kind() == reflect.Pointer && v.IsNil() {
		return nil, nil
	}
	if !t.Implements(m) {
		v = v.Addr()
	}
	if m == jsonMarshaler {
		b, err := v.Interface().(json.Marshaler).MarshalJSON()
		if err != nil {
			return nil, e.unsupported(t, "error calling MarshalJSON: "+err.Error())
		}
		return e.read(t, b, depth)
	}
	b, err := v.Interface().(encoding.TextMarshaler).MarshalText()
	if err != nil {
		return nil, e.unsupported(t, "error calling MarshalText: "+err.Error())
	}
	return validString(string(b)), nil
}

// float returns the floating-point v as the number formatNumber writes
// for it, a json.Number, or, quoted, a string. It returns
// ErrUnsupportedValue for NaN and the infinities, which JSON cannot hold.
func (e *encoder) float(v reflect.Value, quoted bool) (any, *fault) {
	f := v.Float()
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return nil, valueError(e.in, ErrUnsupportedValue, "unsupported value "+formatFloat(f)+" of type "+typeName(v.Type()))
	}
	return numberOrString(formatNumber(f, v.Type().Bits()), quoted), nil
}

// methodOf returns the method interface by which the value model encodes
// v, or nil: jsonMarshaler if v's type has MarshalJSON, or if v is
// addressable and a pointer to it has; failing that, textMarshaler by the
// same rule for MarshalText.
func methodOf(v reflect.Value) reflect.Type {
	t := v.Type()
	for _, m := range [...]reflect.Type{jsonMarshaler, textMarshaler} {
		if t.Implements(m) || t.Kind() != reflect.Pointer && v.CanAddr() && reflect.PointerTo(t).Implements(m) {
			return m
		}
	}
	return nil
}

// isBytes reports whether the slice type t is encoded as a base64 string:
// its elements are of kind uint8, and have no MarshalJSON or MarshalText
// method, even through a pointer.
func isBytes(t reflect.Type) bool {
	el := t.Elem()
	if el.Kind() != reflect.Uint8 {
		return false
	}
	p := reflect.PointerTo(el)
	return !p.Implements(jsonMarshaler) && !p.Implements(textMarshaler)
}

// number returns the json.Number n, checked, as a number or, quoted, as
// the string that holds its text. The empty Number is 0.
func (e *encoder) number(n json.Number, quoted bool) (any, *fault) {
	if n == "" {
		n = "0"
	}
	if !isNumber(string(n)) {
		return nil, valueError(e.in, ErrUnsupportedValue, "invalid json.Number "+quote(string(n)))
	}
	if quoted {
		return string(n), nil
	}
	return n, nil
}

// numberOrString returns the number text s as a json.Number or, quoted,
// as a string.
func numberOrString(s string, quoted bool) any {
	if quoted {
		return s
	}
	return json.Number(s)
}

// read returns the canonical form of the JSON text b that a value of type
// t gave for itself (a MarshalJSON result or a json.RawMessage), read as
// strictly as a patch, as the value at depth.
func (e *encoder) read(t reflect.Type, b []byte, depth int) (any, *fault) {
	c, perr := decodeValue(b, e.max, depth-1)
	if perr != nil {
		// The faults are reported at their path within the value, without
		// an offset in text the caller never saw.
		msg := perr.msg // the scanner's faults all have one
		if perr.err != ErrMaxDepth {
			msg = "value of type " + typeName(t) + " encodes to JSON with " + msg
		}
		err := valueError(e.in, perr.err, msg)
		err.rev = perr.rev
		return nil, err
	}
	return c, nil
}

// object returns the object that the struct v, at depth, stands for: a
// member for each of its fields (see fieldsOf) that is reached without a
// nil embedded pointer, and is not left out by omitempty or omitzero.
func (e *encoder) object(v reflect.Value, depth, steps int) (any, *fault) {
	sf := fieldsOf(v.Type())
	if sf.bad != "" {
		return nil, e.unsupported(v.Type(), sf.bad)
	}
	if depth > e.max {
		return nil, valueError(e.in, ErrMaxDepth, depthMessage(e.max))
	}
	out := make(map[string]any, len(sf.list))
	for k := range sf.list {
		f := &sf.list[k]
		fv, ok := fieldByIndex(v, f.index)
		if !ok || f.omitEmpty && isEmpty(fv) || f.omitZero && isZero(fv) {
			continue
		}
		c, err := e.value(fv, depth+1, steps-1, f.quoted)
		if err != nil {
			return nil, e.at(err, f.name)
		}
		if c == nil && e.dropNull {
			continue
		}
		out[f.name] = c
	}
	return out, nil
}

// mapObject returns the object that the map v, at depth, stands for. Its
// keys must be strings, integers, or of a type with a MarshalText method
// (which a string key does not use); a key that is not valid UTF-8 has
// each invalid byte replaced by U+FFFD, and two keys that come to the
// same name are ErrDuplicateName.
func (e *encoder) mapObject(v reflect.Value, depth, steps int) (any, *fault) {
	t := v.Type()
	kt := t.Key()
	switch kt.Kind() {
	case reflect.String, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
	default:
		if !kt.Implements(textMarshaler) {
			return nil, e.unsupported(t, "map key type "+typeName(kt)+" has no JSON form")
		}
	}
	if v.IsNil() {
		return nil, nil
	}
	if depth > e.max {
		return nil, valueError(e.in, ErrMaxDepth, depthMessage(e.max))
	}
	out := make(map[string]any, v.Len())
	for it := v.MapRange(); it.Next(); {
		name, err := e.key(it.Key())
		if err != nil {
			return nil, err
		}
		if _, dup := out[name]; dup {
			return nil, valueError(e.in, ErrDuplicateName, "value of type "+typeName(t)+
				" has two keys that both encode to the member name "+quote(name)).in(name)
		}
		c, err := e.value(it.Value(), depth+1, steps-1, false)
		if err != nil {
			return nil, e.at(err, name)
		}
		out[name] = c
	}
	return out, nil
}

// key returns the member name of the map key k.
func (e *encoder) key(k reflect.Value) (string, *fault) {
	switch k.Kind() {
	case reflect.String:
		return validString(k.String()), nil
	}
	if k.Type().Implements(textMarshaler) {
		if (k.Kind() == reflect.Pointer || k.Kind() == reflect.Interface) && k.IsNil() {
			if k.Kind() == reflect.Interface {
				return "", e.unsupported(k.Type(), "a nil map key")
			}
			return "", nil
		}
		b, err := k.Interface().(encoding.TextMarshaler).MarshalText()
		if err != nil {
			return "", e.unsupported(k.Type(), "error calling MarshalText: "+err.Error())
		}
		return validString(string(b)), nil
	}
	switch k.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return strconv.FormatInt(k.Int(), 10), nil
	default:
		return strconv.FormatUint(k.Uint(), 10), nil
	}
}

// array returns the array that the slice or array v, at depth, stands for.
func (e *encoder) array(v reflect.Value, depth, steps int) (any, *fault) {
	if depth > e.max {
		return nil, valueError(e.in, ErrMaxDepth, depthMessage(e.max))
	}
	el := e
	if e.dropNull {
		el = &encoder{in: e.in, max: e.max}
	}
	out := make([]any, v.Len())
	for i := range out {
		c, err := el.value(v.Index(i), depth+1, steps-1, false)
		if err != nil {
			return nil, e.at(err, strconv.Itoa(i))
		}
		out[i] = c
	}
	return out, nil
}

// at records that err happened at the member or element tok, except for
// errTooManySteps, which is reported at the converted value's own path.
func (e *encoder) at(err *fault, tok string) *fault {
	if err == errTooManySteps {
		return err
	}
	return err.in(tok)
}

// unsupported returns the ErrUnsupportedValue error for a value of type t,
// with why, if not empty, as the reason.
func (e *encoder) unsupported(t reflect.Type, why string) *fault {
	msg := "unsupported value of type " + typeName(t)
	if why != "" {
		msg += ": " + why
	}
	return valueError(e.in, ErrUnsupportedValue, msg)
}

// typeName returns the name of the type t for a message, the same on
// every Go release: json.RawMessage is an alias of another type on some,
// so it is named as such, also inside pointer, slice, array and map types.
func typeName(t reflect.Type) string {
	if t == rawType {
		return "json.RawMessage"
	}
	if t.Name() == "" {
		switch t.Kind() {
		case reflect.Pointer:
			return "*" + typeName(t.Elem())
		case reflect.Slice:
			return "[]" + typeName(t.Elem())
		case reflect.Array:
			return "[" + strconv.Itoa(t.Len()) + "]" + typeName(t.Elem())
		case reflect.Map:
			return "map[" + typeName(t.Key()) + "]" + typeName(t.Elem())
		}
	}
	return t.String()
}

// isEmpty reports whether omitempty leaves v out: it is false, 0, a nil
// pointer or interface, or an array, slice, map or string of length 0.
func isEmpty(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.Array, reflect.Map, reflect.Slice, reflect.String:
		return v.Len() == 0
	case reflect.Bool:
		return !v.Bool()
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return v.Int() == 0
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return v.Uint() == 0
	case reflect.Float32, reflect.Float64:
		return v.Float() == 0
	case reflect.Interface, reflect.Pointer:
		return v.IsNil()
	}
	return false
}

// isZeroer is the method by which a type says which of its values are
// zero, for omitzero.
type isZeroer interface{ IsZero() bool }

var isZeroerType = reflect.TypeOf((*isZeroer)(nil)).Elem()

// isZero reports whether omitzero leaves v out: a nil pointer or
// interface; otherwise, if v's type, or a pointer to it, has an
// IsZero() bool method, what that says; otherwise whether v is its
// type's zero value.
func isZero(v reflect.Value) bool {
	t := v.Type()
	if (t.Kind() == reflect.Pointer || t.Kind() == reflect.Interface) && v.IsNil() {
		return true
	}
	if t.Kind() == reflect.Interface {
		return isZero(v.Elem())
	}
	switch {
	case t.Implements(isZeroerType):
		return v.Interface().(isZeroer).IsZero()
	case reflect.PointerTo(t).Implements(isZeroerType):
		if !v.CanAddr() {
			c := reflect.New(t).Elem()
			c.Set(v)
			v = c
		}
		return v.Addr().Interface().(isZeroer).IsZero()
	}
	return v.IsZero()
}

// validString returns s with each byte that is not part of valid UTF-8
// replaced by U+FFFD.
func validString(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	b := make([]byte, 0, len(s)+8)
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 {
			b = append(b, "\uFFFD"...)
		} else {
			b = append(b, s[i:i+n]...)
		}
		i += n
	}
	return string(b)
}

// formatNumber returns the JSON text of the finite float f of the given
// bits (32 or 64): the shortest decimal that reads back as f at that size,
// in plain notation when 1e-6 <= |f| < 1e21 (or f is 0), and otherwise in
// exponent notation without a leading zero in the exponent ("1e-7",
// "1.5e+21").
func formatNumber(f float64, bits int) string {
	a := math.Abs(f)
	if bits == 32 {
		a = float64(float32(a))
	}
	if a == 0 || a >= 1e-6 && a < 1e21 {
		return strconv.FormatFloat(f, 'f', -1, bits)
	}
	s := strconv.FormatFloat(f, 'e', -1, bits)
	if n := len(s); n >= 4 && s[n-4] == 'e' && s[n-2] == '0' {
		s = s[:n-2] + s[n-1:] // e-07 to e-7, e+21 stays
	}
	return s
}

// appendQuoted appends s, valid UTF-8, as a JSON string: a quotation mark
// and a reverse solidus are escaped with a reverse solidus, a control
// character as \b, \f, \n, \r, \t or a \u escape with lower-case hex
// digits, and every other character is written as it is.
func appendQuoted(dst []byte, s string) []byte {
	const hex = "0123456789abcdef"
	dst = append(dst, '"')
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '"' || c == '\\':
			dst = append(dst, '\\', c)
		case c >= 0x20:
			dst = append(dst, c)
		case c == '\b':
			dst = append(dst, `\b`...)
		case c == '\f':
			dst = append(dst, `\f`...)
		case c == '\n':
			dst = append(dst, `\n`...)
		case c == '\r':
			dst = append(dst, `\r`...)
		case c == '\t':
			dst = append(dst, `\t`...)
		default:
			dst = append(dst, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
		}
	}
	return append(dst, '"')
}

// decodeValue reads the JSON text b, given by a value for itself and
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

// decode reads the value at i, inside depth containers, and returns it
// as a canonical value (numbers as json.Number) with the offset past it.
// On a fault, the offset is where reading stopped.
func (s *scanner) decode(i, depth int) (any, int, *fault) {
	d := s.data
	if i >= len(d) {
		return nil, i, s.unexpected(i, "")
	}
	switch c := d[i]; c {
	case '{':
		return s.decodeObject(i, depth+1)
	case '[':
		return s.decodeArray(i, depth+1)
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

// decodeObject reads the object whose '{' is at i, and which is at depth,
// and returns it as a new map with the offset past it. A name given twice
// is the fault of repeated, at the second.
func (s *scanner) decodeObject(i, depth int) (any, int, *fault) {
	i, more, err := s.open(i, depth, '}')
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
		if m[name], i, err = s.decode(i, depth); err != nil {
			return nil, i, err.in(name)
		}
		i, more, err = s.next(i, '}')
	}
	if err != nil {
		return nil, i, err
	}
	return m, i, nil
}

// decodeArray reads the array whose '[' is at i, and which is at depth,
// and returns it as a new slice, never nil, with the offset past it.
func (s *scanner) decodeArray(i, depth int) (any, int, *fault) {
	i, more, err := s.open(i, depth, ']')
	a := []any{}
	for more {
		var v any
		if v, i, err = s.decode(i, depth); err != nil {
			return nil, i, err.inIndex(len(a))
		}
		a = append(a, v)
		i, more, err = s.next(i, ']')
	}
	if err != nil {
		return nil, i, err
	}
	return a, i, nil
}
