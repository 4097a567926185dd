package deepmerge

import (
	"encoding"
	"encoding/base64"
	"encoding/json"
	"reflect"
	"sort"
	"strconv"
	"strings"
)

// This file is the decode direction of the value model: which JSON a Go
// value of each type accepts, stated in SPEC.md §10 and the package
// documentation's section on Go structs, and nowhere else in the code.
// JSON text is read into a tree first (tree.go, with every array read
// too), so that the decoder works on checked values whose offsets it
// knows.

var (
	jsonUnmarshaler = reflect.TypeOf((*json.Unmarshaler)(nil)).Elem()
	textUnmarshaler = reflect.TypeOf((*encoding.TextUnmarshaler)(nil)).Elem()
	mapStringAny    = reflect.TypeOf(map[string]any(nil))
)

// A decoder turns the values of a tree read from JSON text into Go values
// of given types.
type decoder struct {
	t   *tree
	max int
	// at, when not negative, is the offset that every fault reports: a
	// decoder of text that the package made (a merged JSON form, for an
	// opaque type) reports the patch's member it came from.
	at int
	// drop is set while decoding a patch value into a member that the
	// target's JSON form lacks: the model merges the value into nothing,
	// which drops the null members of its objects (not of the objects
	// inside its arrays, which a patch replaces whole).
	drop bool
}

// fail returns a fault about the value n of the patch.
func (d *decoder) fail(n *tnode, err error, msg string) *fault {
	off := n.vs
	if d.at >= 0 {
		off = d.at
	}
	return &fault{input: inPatch, offset: int64(off), err: err, msg: msg}
}

// mismatch returns the ErrMismatchedType fault for n, which a value of
// type t cannot hold.
func (d *decoder) mismatch(n *tnode, t reflect.Type, why string) *fault {
	msg := "cannot decode " + textKind(n) + " into Go type " + typeName(t)
	if why != "" {
		msg += ": " + why
	}
	return d.fail(n, ErrMismatchedType, msg)
}

// unsupported returns the ErrUnsupportedValue fault for decoding n into a
// value of type t.
func (d *decoder) unsupported(n *tnode, t reflect.Type, why string) *fault {
	msg := "unsupported value of type " + typeName(t)
	if why != "" {
		msg += ": " + why
	}
	return d.fail(n, ErrUnsupportedValue, msg)
}

// str returns the decoded string n.
func (d *decoder) str(n *tnode) string {
	return d.t.s.nameString(nameText{n.vs, n.ve, n.escaped})
}

// text returns the compact JSON text of n, with the null members of its
// objects dropped when d.drop is set.
func (d *decoder) text(n *tnode) []byte {
	if d.drop && n.kind == '{' {
		return appendCanonical(nil, d.canonical(n))
	}
	return d.t.appendValue(nil, n)
}

// children returns the members or elements of the container n.
func (d *decoder) children(n *tnode) []tnode {
	return d.t.nodes[n.first : n.first+n.n]
}

// canonical returns n as a canonical value: map[string]any, []any, string,
// bool, json.Number or nil, all new; with d.drop set, without the null
// members of its objects outside arrays.
func (d *decoder) canonical(n *tnode) any {
	switch n.kind {
	case '{':
		m := make(map[string]any, n.n)
		kids := d.children(n)
		for k := range kids {
			if d.drop && kids[k].kind == 'n' {
				continue
			}
			m[string(d.t.name(&kids[k]))] = d.canonical(&kids[k])
		}
		return m
	case '[':
		a := make([]any, n.n)
		kids := d.children(n)
		drop := d.drop
		d.drop = false
		for k := range kids {
			a[k] = d.canonical(&kids[k])
		}
		d.drop = drop
		return a
	case '"':
		return d.str(n)
	case '0':
		return json.Number(d.t.s.data[n.vs:n.ve])
	case 't':
		return true
	case 'f':
		return false
	}
	return nil
}

// decode sets v, which is settable and holds the zero value of its type,
// to the value n, with steps steps left through pointers and containers.
// quoted is set for a field tagged string. The rules are the value
// model's, in SPEC.md §10; null leaves v at its zero value, whatever its
// type. It returns ErrMaxDepth when the steps run out, and otherwise the
// fault of the first value that v cannot hold, at its path below v.
func (d *decoder) decode(v reflect.Value, n *tnode, quoted bool, steps int) *fault {
	if n.kind == 'n' {
		return nil // null is the zero value, whatever the type
	}
	t := v.Type()
	if steps < 0 {
		return d.fail(n, ErrMaxDepth, "type "+typeName(t)+" nests too deeply to decode into: more than "+
			strconv.Itoa(encodeSteps(d.max))+" steps through pointers, interfaces, fields and elements")
	}
	switch t {
	case numberType:
		return d.decodeNumber(v, n, quoted)
	case rawType:
		v.SetBytes(d.text(n))
		return nil
	}
	if t.Kind() == reflect.Pointer {
		p := reflect.New(t.Elem())
		if err := d.decode(p.Elem(), n, quoted, steps-1); err != nil {
			return err
		}
		v.Set(p)
		return nil
	}
	if t.Kind() != reflect.Interface {
		pt := reflect.PointerTo(t)
		if pt.Implements(jsonUnmarshaler) {
			return d.unmarshalJSON(v, n)
		}
		if pt.Implements(textUnmarshaler) {
			return d.unmarshalText(v, n)
		}
	}
	return d.decodeKind(v, n, quoted, steps)
}

// decodeKind is decode for a type that the value model decodes by its
// kind: v is not a pointer, and has no method of its own to decode with.
// It returns the fault of the first value that v cannot hold.
func (d *decoder) decodeKind(v reflect.Value, n *tnode, quoted bool, steps int) *fault {
	t := v.Type()
	switch t.Kind() {
	case reflect.Bool:
		return d.decodeBool(v, n, quoted)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return d.decodeInt(v, n, quoted)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return d.decodeUint(v, n, quoted)
	case reflect.Float32, reflect.Float64:
		return d.decodeFloat(v, n, quoted)
	case reflect.String:
		return d.decodeString(v, n, quoted)
	case reflect.Interface:
		if t.NumMethod() != 0 {
			return d.unsupported(n, t, "an interface type with methods cannot be decoded into")
		}
		v.Set(reflect.ValueOf(d.canonical(n)))
		return nil
	case reflect.Struct:
		return d.object(v, n, steps)
	case reflect.Map:
		return d.mapObject(v, n, steps)
	case reflect.Slice:
		if isBytes(t) {
			return d.decodeBytes(v, n)
		}
		return d.decodeSlice(v, n, steps)
	case reflect.Array:
		return d.decodeArray(v, n, steps)
	}
	return d.unsupported(n, t, "")
}

// unmarshalJSON sets v, whose pointer type has UnmarshalJSON, by calling
// it with the text of n. It returns ErrMismatchedType if the method fails.
func (d *decoder) unmarshalJSON(v reflect.Value, n *tnode) *fault {
	if err := v.Addr().Interface().(json.Unmarshaler).UnmarshalJSON(d.text(n)); err != nil {
		return d.mismatch(n, v.Type(), "error calling UnmarshalJSON: "+err.Error())
	}
	return nil
}

// unmarshalText sets v, whose pointer type has UnmarshalText, by calling
// it with the content of the string n. It returns ErrMismatchedType if n
// is not a string or the method fails.
func (d *decoder) unmarshalText(v reflect.Value, n *tnode) *fault {
	if n.kind != '"' {
		return d.mismatch(n, v.Type(), "")
	}
	if err := v.Addr().Interface().(encoding.TextUnmarshaler).UnmarshalText([]byte(d.str(n))); err != nil {
		return d.mismatch(n, v.Type(), "error calling UnmarshalText: "+err.Error())
	}
	return nil
}

// decodeNumber sets the json.Number v to the number n, or, quoted, to the
// number that the string n holds. It returns ErrMismatchedType for
// anything else.
func (d *decoder) decodeNumber(v reflect.Value, n *tnode, quoted bool) *fault {
	s, ok := d.scalarText(n, '0', quoted)
	if !ok || !isNumber(s) {
		return d.mismatch(n, v.Type(), "")
	}
	v.SetString(s)
	return nil
}

// decodeBool sets the bool v to true or false, or, quoted, to the "true" or
// "false" that the string n holds. It returns ErrMismatchedType for
// anything else.
func (d *decoder) decodeBool(v reflect.Value, n *tnode, quoted bool) *fault {
	if !quoted && (n.kind == 't' || n.kind == 'f') {
		v.SetBool(n.kind == 't')
		return nil
	}
	s, ok := d.scalarText(n, '"', quoted)
	if !ok || s != "true" && s != "false" {
		return d.mismatch(n, v.Type(), "")
	}
	v.SetBool(s == "true")
	return nil
}

// integerText returns the text of the number n, or, quoted, of the number
// that the string n holds, when it is an integer, for a value of type t.
// It returns ErrMismatchedType for anything else, and for a fraction or
// an exponent.
func (d *decoder) integerText(n *tnode, t reflect.Type, quoted bool) (string, *fault) {
	s, ok := d.scalarText(n, '0', quoted)
	if !ok || !isNumber(s) {
		return "", d.mismatch(n, t, "")
	}
	if strings.ContainsAny(s, ".eE") {
		return "", d.mismatch(n, t, "number "+quote(s)+" is not an integer")
	}
	return s, nil
}

// decodeInt sets the signed integer v to the integer n (see integerText).
// It returns ErrMismatchedType for a number that v's type cannot hold.
func (d *decoder) decodeInt(v reflect.Value, n *tnode, quoted bool) *fault {
	t := v.Type()
	s, err := d.integerText(n, t, quoted)
	if err != nil {
		return err
	}
	i, perr := strconv.ParseInt(s, 10, t.Bits())
	if perr != nil {
		return d.mismatch(n, t, "number "+quote(s)+" overflows it")
	}
	v.SetInt(i)
	return nil
}

// decodeUint sets the unsigned integer v to the integer n (see
// integerText). It returns ErrMismatchedType for a negative number, and
// for one that v's type cannot hold.
func (d *decoder) decodeUint(v reflect.Value, n *tnode, quoted bool) *fault {
	t := v.Type()
	s, err := d.integerText(n, t, quoted)
	if err != nil {
		return err
	}
	if s[0] == '-' {
		return d.mismatch(n, t, "number "+quote(s)+" is negative")
	}
	u, perr := strconv.ParseUint(s, 10, t.Bits())
	if perr != nil {
		return d.mismatch(n, t, "number "+quote(s)+" overflows it")
	}
	v.SetUint(u)
	return nil
}

// decodeFloat sets the floating-point v to the number n, or, quoted, to the
// number that the string n holds. It returns ErrMismatchedType for
// anything else, and for a number beyond the range of v's type.
func (d *decoder) decodeFloat(v reflect.Value, n *tnode, quoted bool) *fault {
	t := v.Type()
	s, ok := d.scalarText(n, '0', quoted)
	if !ok || !isNumber(s) {
		return d.mismatch(n, t, "")
	}
	f, err := strconv.ParseFloat(s, t.Bits())
	if err != nil {
		return d.mismatch(n, t, "number "+quote(s)+" overflows it")
	}
	v.SetFloat(f)
	return nil
}

// decodeString sets the string v to the string n, or, quoted, to the string
// that the JSON string literal in n holds. It returns ErrMismatchedType
// for anything else.
func (d *decoder) decodeString(v reflect.Value, n *tnode, quoted bool) *fault {
	if n.kind != '"' {
		return d.mismatch(n, v.Type(), "")
	}
	s := d.str(n)
	if quoted {
		var ok bool
		if s, ok = unquoteJSON(s); !ok {
			return d.mismatch(n, v.Type(), "the field is tagged string, and the string does not hold a JSON string")
		}
	}
	v.SetString(s)
	return nil
}

// decodeBytes sets the byte slice v to the bytes that the string n holds in
// standard base64, padded, without line breaks. It returns
// ErrMismatchedType for anything else.
func (d *decoder) decodeBytes(v reflect.Value, n *tnode) *fault {
	if n.kind != '"' {
		return d.mismatch(n, v.Type(), "")
	}
	s := d.str(n)
	b, err := base64.StdEncoding.Strict().DecodeString(s)
	if err != nil || strings.ContainsAny(s, "\r\n") {
		return d.mismatch(n, v.Type(), "the string is not standard base64")
	}
	v.SetBytes(b)
	return nil
}

// decodeSlice sets the slice v to a new slice of the elements of the
// array n. It returns ErrMismatchedType if n is not an array, and the
// first element's fault, at its index.
func (d *decoder) decodeSlice(v reflect.Value, n *tnode, steps int) *fault {
	if n.kind != '[' {
		return d.mismatch(n, v.Type(), "")
	}
	s := reflect.MakeSlice(v.Type(), int(n.n), int(n.n))
	if err := d.elements(s, n, steps); err != nil {
		return err
	}
	v.Set(s)
	return nil
}

// decodeArray sets the Go array v to the elements of the array n, which
// must have as many. It returns ErrMismatchedType if n is not an array of
// v's length, and the first element's fault, at its index.
func (d *decoder) decodeArray(v reflect.Value, n *tnode, steps int) *fault {
	t := v.Type()
	if n.kind != '[' {
		return d.mismatch(n, t, "")
	}
	if int(n.n) != t.Len() {
		return d.mismatch(n, t, "an array of "+strconv.Itoa(int(n.n))+" elements for one of "+strconv.Itoa(t.Len()))
	}
	return d.elements(v, n, steps)
}

// scalarText returns the text of the scalar n when it is of the kind
// kind ('0' for a number, 't' for true, 'f' for false), or, for a field
// tagged string, the content of the string n.
func (d *decoder) scalarText(n *tnode, kind byte, quoted bool) (string, bool) {
	if quoted {
		if n.kind != '"' {
			return "", false
		}
		return d.str(n), true
	}
	if n.kind != kind {
		return "", false
	}
	return string(d.t.s.data[n.vs:n.ve]), true
}

// unquoteJSON returns the string that the JSON string literal s holds, and
// whether s is one.
func unquoteJSON(s string) (string, bool) {
	sc := scanner{data: []byte(s), max: 1}
	if len(s) == 0 || s[0] != '"' {
		return "", false
	}
	j, esc, err := sc.scanString(0)
	if err != nil || j != len(s) {
		return "", false
	}
	return sc.nameString(nameText{0, j, esc}), true
}

// elements decodes the elements of the array n into the slice or array v,
// of the same length.
func (d *decoder) elements(v reflect.Value, n *tnode, steps int) *fault {
	kids := d.children(n)
	drop := d.drop
	d.drop = false // a patch's array is taken whole, nulls included
	for k := range kids {
		if err := d.decode(v.Index(k), &kids[k], false, steps-1); err != nil {
			d.drop = drop
			return err.inIndex(k)
		}
	}
	d.drop = drop
	return nil
}

// decodeAbsent sets v, which is settable and holds the zero value of its
// type, to the patch value n merged into nothing: n with the null members
// of its objects dropped, as the model merges a patch into a member that
// the target's JSON form lacks.
func (d *decoder) decodeAbsent(v reflect.Value, n *tnode, quoted bool, steps int) *fault {
	drop := d.drop
	d.drop = true
	err := d.decode(v, n, quoted, steps)
	d.drop = drop
	return err
}

// object decodes the object n into the struct v, which holds its zero
// value.
func (d *decoder) object(v reflect.Value, n *tnode, steps int) *fault {
	t := v.Type()
	if n.kind != '{' {
		return d.mismatch(n, t, "")
	}
	sf := fieldsOf(t)
	if sf.bad != "" {
		return d.unsupported(n, t, sf.bad)
	}
	kids := d.children(n)
	for k := range kids {
		c := &kids[k]
		if d.drop && c.kind == 'n' {
			continue // dropped by the merge into nothing: no name to check
		}
		name := d.t.name(c)
		i, ok := sf.byName[string(name)]
		if !ok {
			return d.unknown(c, t).in(string(name))
		}
		f := &sf.list[i]
		if c.kind == 'n' {
			continue
		}
		fv, err := d.fieldFor(v, f, c)
		if err != nil {
			return err.in(string(name))
		}
		if err := d.decode(fv, c, f.quoted, steps-1); err != nil {
			return err.in(string(name))
		}
	}
	return nil
}

// unknown returns the ErrUnknownMember fault for the member n of an
// object decoded into the struct type t.
func (d *decoder) unknown(n *tnode, t reflect.Type) *fault {
	return d.fail(n, ErrUnknownMember, "Go type "+typeName(t)+" has no field for member "+quote(string(d.t.name(n))))
}

// fieldFor returns the field f of the struct v, allocating the embedded
// structs on its way that are nil pointers. One that is not exported
// cannot be allocated, and is ErrUnsupportedValue.
func (d *decoder) fieldFor(v reflect.Value, f *field, n *tnode) (reflect.Value, *fault) {
	for k, i := range f.index {
		if k > 0 && v.Kind() == reflect.Pointer {
			if v.IsNil() {
				if !v.CanSet() {
					return v, d.unsupported(n, v.Type().Elem(), "the embedded pointer to it is not exported, so it cannot be allocated")
				}
				v.Set(reflect.New(v.Type().Elem()))
			}
			v = v.Elem()
		}
		v = v.Field(i)
	}
	return v, nil
}

// mapObject decodes the object n into the map v, which is nil.
func (d *decoder) mapObject(v reflect.Value, n *tnode, steps int) *fault {
	t := v.Type()
	if err := d.keyType(n, t); err != nil {
		return err
	}
	if n.kind != '{' {
		return d.mismatch(n, t, "")
	}
	m := reflect.MakeMapWithSize(t, int(n.n))
	kids := d.children(n)
	for k := range kids {
		c := &kids[k]
		if d.drop && c.kind == 'n' {
			continue // dropped by the merge into nothing: no key to parse
		}
		name := string(d.t.name(c))
		key, err := d.key(t.Key(), name, c)
		if err != nil {
			return err.in(name)
		}
		e := reflect.New(t.Elem()).Elem()
		if err := d.decode(e, c, false, steps-1); err != nil {
			return err.in(name)
		}
		m.SetMapIndex(key, e)
	}
	v.Set(m)
	return nil
}

// keyType checks that the map type t has keys that the value model can
// decode: strings, integers, or a type with MarshalText and (through a
// pointer) UnmarshalText.
func (d *decoder) keyType(n *tnode, t reflect.Type) *fault {
	kt := t.Key()
	switch kt.Kind() {
	case reflect.String, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		if !kt.Implements(textMarshaler) || kt.Kind() == reflect.String {
			return nil
		}
	}
	if kt.Implements(textMarshaler) && textKey(kt) {
		return nil
	}
	return d.unsupported(n, t, "map key type "+typeName(kt)+" has no JSON form that can be decoded")
}

// textKey reports whether map keys of type kt are decoded by an
// UnmarshalText method: of kt through a pointer, or of what kt points to.
func textKey(kt reflect.Type) bool {
	if kt.Kind() == reflect.Pointer {
		return kt.Implements(textUnmarshaler)
	}
	return reflect.PointerTo(kt).Implements(textUnmarshaler)
}

// key returns the map key of type kt that the member name stands for, n
// being the member's value. The key must encode back to the same name.
func (d *decoder) key(kt reflect.Type, name string, n *tnode) (reflect.Value, *fault) {
	bad := func(why string) *fault {
		return d.fail(n, ErrMismatchedType, "member name "+quote(name)+" is not a map key of type "+typeName(kt)+why)
	}
	if kt.Kind() == reflect.String {
		return reflect.ValueOf(name).Convert(kt), nil
	}
	if kt.Implements(textMarshaler) {
		var k, p reflect.Value
		if kt.Kind() == reflect.Pointer {
			k = reflect.New(kt.Elem())
			p = k
		} else {
			p = reflect.New(kt)
			k = p.Elem()
		}
		if err := p.Interface().(encoding.TextUnmarshaler).UnmarshalText([]byte(name)); err != nil {
			return k, bad(": error calling UnmarshalText: " + err.Error())
		}
		b, err := k.Interface().(encoding.TextMarshaler).MarshalText()
		if err != nil || string(b) != name {
			return k, bad(": it does not encode back to the same name")
		}
		return k, nil
	}
	k := reflect.New(kt).Elem()
	switch kt.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		i, err := strconv.ParseInt(name, 10, kt.Bits())
		if err != nil || strconv.FormatInt(i, 10) != name {
			return k, bad("")
		}
		k.SetInt(i)
	default:
		u, err := strconv.ParseUint(name, 10, kt.Bits())
		if err != nil || strconv.FormatUint(u, 10) != name {
			return k, bad("")
		}
		k.SetUint(u)
	}
	return k, nil
}

// appendCanonical appends the compact JSON text of the canonical value v,
// with object members in order of their names.
func appendCanonical(dst []byte, v any) []byte {
	switch v := v.(type) {
	case nil:
		return append(dst, "null"...)
	case bool:
		return strconv.AppendBool(dst, v)
	case json.Number:
		return append(dst, v...)
	case string:
		return appendQuoted(dst, validString(v))
	case []any:
		dst = append(dst, '[')
		for i, e := range v {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = appendCanonical(dst, e)
		}
		return append(dst, ']')
	case map[string]any:
		names := make([]string, 0, len(v))
		for name := range v {
			names = append(names, name)
		}
		sort.Strings(names)
		dst = append(dst, '{')
		for i, name := range names {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = appendQuoted(dst, validString(name))
			dst = append(dst, ':')
			dst = appendCanonical(dst, v[name])
		}
		return append(dst, '}')
	}
	// Only canonical values reach here; anything else is written as null
	// rather than panic.
	return append(dst, "null"...)
}
