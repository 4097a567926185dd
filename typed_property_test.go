package deepmerge

// Properties of MergeJSONInto on generated struct types and values,
// against its reference model: encode the target by the value model,
// MergeJSON the patch into that text, decode the result strictly into a
// zero value.

import (
	"encoding/json"
	"errors"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"
)

// typedReference returns the reference model's result for a target, a
// pointer, and a patch: a pointer to a new value, or the model's error.
func typedReference(target any, patch []byte) (any, error) {
	e := encoder{in: inTarget, max: DefaultMaxDepth}
	form, f := e.value(reflect.ValueOf(target), 1, encodeSteps(DefaultMaxDepth), false)
	if f != nil {
		return nil, f.done()
	}
	merged, err := MergeJSON(appendCanonical(nil, form), patch)
	if err != nil {
		return nil, err
	}
	out := reflect.New(reflect.TypeOf(target).Elem())
	if err := decodeForTest(out.Interface(), string(merged)); err != nil {
		return nil, err
	}
	return out.Interface(), nil
}

// jsonForm returns the compact JSON of v by the value model.
func jsonForm(t interface{ Fatalf(string, ...any) }, v any) string {
	e := encoder{in: inTarget, max: DefaultMaxDepth}
	form, f := e.value(reflect.ValueOf(v), 1, encodeSteps(DefaultMaxDepth), false)
	if f != nil {
		t.Fatalf("encoding %#v: %v", v, f.done())
	}
	return string(appendCanonical(nil, form))
}

// deepCopy returns a copy of v that shares no map, slice or pointed-to
// value with it.
func deepCopy(v reflect.Value) reflect.Value {
	t := v.Type()
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			return v
		}
		c := reflect.New(t.Elem())
		c.Elem().Set(deepCopy(v.Elem()))
		return c
	case reflect.Map:
		if v.IsNil() {
			return v
		}
		c := reflect.MakeMapWithSize(t, v.Len())
		for it := v.MapRange(); it.Next(); {
			c.SetMapIndex(it.Key(), deepCopy(it.Value()))
		}
		return c
	case reflect.Slice:
		if v.IsNil() {
			return v
		}
		c := reflect.MakeSlice(t, v.Len(), v.Len())
		for i := 0; i < v.Len(); i++ {
			c.Index(i).Set(deepCopy(v.Index(i)))
		}
		return c
	case reflect.Array:
		c := reflect.New(t).Elem()
		for i := 0; i < v.Len(); i++ {
			c.Index(i).Set(deepCopy(v.Index(i)))
		}
		return c
	case reflect.Struct:
		c := reflect.New(t).Elem()
		c.Set(v)
		for i := 0; i < v.NumField(); i++ {
			if c.Field(i).CanSet() {
				c.Field(i).Set(deepCopy(v.Field(i)))
			}
		}
		return c
	case reflect.Interface:
		if v.IsNil() {
			return v
		}
		c := reflect.New(t).Elem()
		c.Set(deepCopy(v.Elem()))
		return c
	}
	return v
}

// The generated types: leaves, and containers of them, and structs of
// fields named from a small alphabet so that patches meet them.
var typedLeaves = []reflect.Type{
	reflect.TypeOf(0), reflect.TypeOf(int8(0)), reflect.TypeOf(uint16(0)), reflect.TypeOf(0.0),
	reflect.TypeOf(""), reflect.TypeOf(false), reflect.TypeOf([]byte(nil)), numberType, rawType,
	reflect.TypeOf((*any)(nil)).Elem(), reflect.TypeOf(upper("")), reflect.TypeOf(point{}), mapStringAny,
	defaultedType, ptrFormType,
}

// defaultedType's UnmarshalJSON tells a patch object merged into nothing
// (a nil pointer, a new map key, a field left out by omitzero) from one
// merged into its zero value's JSON form.
var defaultedType = reflect.TypeOf(defaulted{})

// ptrFormType has its JSON form through pointer methods only, which the
// model uses where the value is addressable and not in a map element.
var ptrFormType = reflect.TypeOf(eitherForm{})

// eitherForm is ptrForm whose UnmarshalJSON reads both its forms, {"y":X}
// and, failing "y", the plain struct's {"X":X}: so the model's value is a
// fixed point wherever it is, and a merge into the wrong form shows.
type eitherForm struct{ X int }

func (p *eitherForm) MarshalJSON() ([]byte, error) {
	return []byte(`{"y":` + strconv.Itoa(p.X) + `}`), nil
}
func (p *eitherForm) UnmarshalJSON(b []byte) error {
	var m map[string]int
	if err := json.Unmarshal(b, &m); err != nil {
		return err
	}
	x, ok := m["y"]
	if !ok {
		x = m["X"]
	}
	p.X = x
	return nil
}

var typedMemberNames = []string{"a", "b", "c", "d"}

func genType(t *rapid.T, depth int, root bool) reflect.Type {
	kind := 0
	if depth < 3 {
		kind = rapid.IntRange(0, 8).Draw(t, "kind")
	}
	if root {
		kind = 1
	}
	switch kind {
	case 1, 2: // a struct
		n := rapid.IntRange(1, 4).Draw(t, "fields")
		var fields []reflect.StructField
		if root && rapid.Bool().Draw(t, "embedded") {
			et := reflect.TypeOf(Embedded{})
			if rapid.Bool().Draw(t, "embeddedPointer") {
				et = reflect.PointerTo(et)
			}
			fields = append(fields, reflect.StructField{Name: "Embedded", Type: et, Anonymous: true})
		}
		for i := 0; i < n; i++ {
			tag := typedMemberNames[i] + rapid.SampledFrom([]string{"", ",omitempty", ",omitzero"}).Draw(t, "omit")
			fields = append(fields, reflect.StructField{
				Name: "F" + strconv.Itoa(i),
				Type: genType(t, depth+1, false),
				Tag:  reflect.StructTag(`json:"` + tag + `"`),
			})
		}
		st := reflect.StructOf(fields)
		if kind == 2 {
			return reflect.PointerTo(st)
		}
		return st
	case 3:
		return reflect.SliceOf(genType(t, depth+1, false))
	case 4:
		return reflect.MapOf(reflect.TypeOf(""), genType(t, depth+1, false))
	case 5:
		return reflect.MapOf(reflect.TypeOf(0), genType(t, depth+1, false))
	case 6:
		return reflect.ArrayOf(2, genType(t, depth+1, false))
	case 7:
		return reflect.PointerTo(genType(t, depth+1, false))
	case 8:
		return reflect.MapOf(reflect.TypeOf(point{}), genType(t, depth+1, false))
	}
	return rapid.SampledFrom(typedLeaves).Draw(t, "leaf")
}

var (
	typedStringKeys = []string{"k1", "k2", "k3"}
	typedNumbers    = []json.Number{"0", "-2", "1.5", "12345678901234567890"}
	typedRaws       = []string{"", "5", `{"a":1}`, "[1]", `"s"`}
	typedUppers     = []upper{"", "X", "AB"}
)

// genValue returns a value of type typ, which may be nil where the type
// allows.
func genValue(t *rapid.T, typ reflect.Type, depth int) reflect.Value {
	v := reflect.New(typ).Elem()
	switch typ {
	case numberType:
		v.SetString(string(rapid.SampledFrom(typedNumbers).Draw(t, "number")))
		return v
	case rawType:
		if s := rapid.SampledFrom(typedRaws).Draw(t, "raw"); s != "" {
			v.SetBytes([]byte(s))
		}
		return v
	case reflect.TypeOf(upper("")):
		v.SetString(string(rapid.SampledFrom(typedUppers).Draw(t, "upper")))
		return v
	case reflect.TypeOf(point{}):
		v.Set(reflect.ValueOf(point{rapid.IntRange(-2, 2).Draw(t, "x"), rapid.IntRange(-2, 2).Draw(t, "y")}))
		return v
	case defaultedType:
		v.Set(reflect.ValueOf(defaulted{rapid.IntRange(0, 1).Draw(t, "dx"), rapid.SampledFrom([]int{0, 100}).Draw(t, "dy")}))
		return v
	case ptrFormType:
		v.Set(reflect.ValueOf(eitherForm{rapid.IntRange(0, 2).Draw(t, "px")}))
		return v
	}
	switch typ.Kind() {
	case reflect.Int, reflect.Int8:
		v.SetInt(int64(rapid.Int8().Draw(t, "int")))
	case reflect.Uint16:
		v.SetUint(uint64(rapid.Uint16().Draw(t, "uint")))
	case reflect.Float64:
		v.SetFloat(rapid.SampledFrom([]float64{0, -1.5, 1e-7, 3e21, 0.1}).Draw(t, "float"))
	case reflect.String:
		v.SetString(rapid.SampledFrom([]string{"", "x", "é"}).Draw(t, "string"))
	case reflect.Bool:
		v.SetBool(rapid.Bool().Draw(t, "bool"))
	case reflect.Interface:
		v.Set(genAny(t, depth))
	case reflect.Pointer:
		if depth < 4 && rapid.IntRange(0, 3).Draw(t, "nilPointer") > 0 {
			p := reflect.New(typ.Elem())
			p.Elem().Set(genValue(t, typ.Elem(), depth+1))
			v.Set(p)
		}
	case reflect.Slice:
		if typ.Elem().Kind() == reflect.Uint8 {
			if rapid.Bool().Draw(t, "nilBytes") {
				v.SetBytes([]byte(rapid.SampledFrom([]string{"", "hi"}).Draw(t, "bytes")))
			}
			return v
		}
		if depth < 4 && rapid.Bool().Draw(t, "nilSlice") {
			n := rapid.IntRange(0, 2).Draw(t, "len")
			s := reflect.MakeSlice(typ, n, n)
			for i := 0; i < n; i++ {
				s.Index(i).Set(genValue(t, typ.Elem(), depth+1))
			}
			v.Set(s)
		}
	case reflect.Array:
		for i := 0; i < v.Len(); i++ {
			v.Index(i).Set(genValue(t, typ.Elem(), depth+1))
		}
	case reflect.Map:
		if depth < 4 && rapid.IntRange(0, 3).Draw(t, "nilMap") > 0 {
			m := reflect.MakeMap(typ)
			for i := rapid.IntRange(0, 3).Draw(t, "entries"); i > 0; i-- {
				var k reflect.Value
				switch {
				case typ.Key() == reflect.TypeOf(point{}):
					k = reflect.ValueOf(point{rapid.IntRange(0, 1).Draw(t, "px"), 2})
				case typ.Key().Kind() == reflect.String:
					k = reflect.ValueOf(rapid.SampledFrom(typedStringKeys).Draw(t, "key"))
				default:
					k = reflect.ValueOf(rapid.IntRange(1, 3).Draw(t, "intKey"))
				}
				m.SetMapIndex(k, genValue(t, typ.Elem(), depth+1))
			}
			v.Set(m)
		}
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			if f := v.Field(i); f.CanSet() {
				if typ.Field(i).Anonymous && f.Kind() == reflect.Pointer && rapid.Bool().Draw(t, "nilEmbedded") {
					continue
				}
				f.Set(genValue(t, f.Type(), depth+1))
			}
		}
	}
	return v
}

// genAny returns a value for an interface{}: canonical values, and now and
// then a struct or a map of another type, whose JSON form is an object.
func genAny(t *rapid.T, depth int) reflect.Value {
	var a any
	switch k := rapid.IntRange(0, 7).Draw(t, "any"); {
	case k == 0:
	case k == 1:
		a = rapid.SampledFrom([]string{"s", ""}).Draw(t, "anyString")
	case k == 2:
		a = rapid.SampledFrom(typedNumbers).Draw(t, "anyNumber")
	case k == 3:
		a = rapid.Bool().Draw(t, "anyBool")
	case k == 4 && depth < 4:
		a = []any{json.Number("1"), nil}
	case k == 5:
		a = profile{Bio: "b"}
	case k == 6:
		a = map[string]string{"k1": "v"}
	default:
		m := map[string]any{}
		if depth < 4 {
			for i := rapid.IntRange(0, 2).Draw(t, "anyEntries"); i > 0; i-- {
				m[rapid.SampledFrom(typedStringKeys).Draw(t, "anyKey")] = genAny(t, depth+1).Interface()
			}
		}
		a = m
	}
	v := reflect.New(reflect.TypeOf((*any)(nil)).Elem()).Elem()
	if a != nil {
		v.Set(reflect.ValueOf(a))
	}
	return v
}

// genPatch returns the text of a patch value for a value of type typ:
// null, a value of the type, a value of another kind, or an object merged
// into it, with unknown and wrongly spelled members now and then.
func genPatch(t *rapid.T, typ reflect.Type, depth int, top bool) string {
	choice := 3
	if !top {
		choice = rapid.IntRange(0, 4).Draw(t, "patchKind")
	}
	switch choice {
	case 0:
		return "null"
	case 1:
		v := genValue(t, typ, depth+2)
		return string(appendCanonical(nil, mustForm(v)))
	case 2:
		return rapid.SampledFrom([]string{`"s"`, `1.5`, `true`, `[1]`, `7`, `{}`, `"aGk="`, `"1,2"`, `[1,2]`}).Draw(t, "other")
	}
	for typ.Kind() == reflect.Pointer {
		typ = typ.Elem()
	}
	var names []string
	var types []reflect.Type
	switch {
	case typ == defaultedType || typ == ptrFormType:
		for _, k := range []string{"x", "y", "z", "X"} {
			names = append(names, k)
			types = append(types, reflect.TypeOf(0))
		}
	case typ.Kind() == reflect.Struct && !opaque(typ):
		sf := fieldsOf(typ)
		for _, f := range sf.list {
			names = append(names, f.name)
			types = append(types, f.typ)
		}
	case typ.Kind() == reflect.Map && typ.Key() == reflect.TypeOf(point{}):
		for _, k := range []string{"0,2", "1,2", "x", "01,2"} {
			names = append(names, k)
			types = append(types, typ.Elem())
		}
	case typ.Kind() == reflect.Map && typ.Key().Kind() == reflect.String:
		for _, k := range typedStringKeys {
			names = append(names, k)
			types = append(types, typ.Elem())
		}
	case typ.Kind() == reflect.Map:
		for _, k := range []string{"1", "2", "3", "01"} {
			names = append(names, k)
			types = append(types, typ.Elem())
		}
	default:
		for _, k := range typedStringKeys {
			names = append(names, k)
			types = append(types, reflect.TypeOf((*any)(nil)).Elem())
		}
	}
	var b strings.Builder
	b.WriteByte('{')
	used := map[string]bool{}
	for i := rapid.IntRange(0, 4).Draw(t, "members"); i > 0; i-- {
		var name, value string
		switch k := rapid.IntRange(0, 9).Draw(t, "member"); {
		case k == 0:
			name = "zz"
			value = rapid.SampledFrom([]string{"null", "1"}).Draw(t, "unknownValue")
		case k == 1 && len(names) > 0:
			name = strings.ToUpper(names[0])
			value = "null"
		default:
			if len(names) == 0 {
				continue
			}
			j := rapid.IntRange(0, len(names)-1).Draw(t, "name")
			name = names[j]
			if depth > 4 {
				value = "null"
			} else {
				value = genPatch(t, types[j], depth+1, false)
			}
		}
		if used[name] {
			continue
		}
		used[name] = true
		if b.Len() > 1 {
			b.WriteByte(',')
		}
		b.Write(appendQuoted(nil, name))
		b.WriteByte(':')
		b.WriteString(value)
	}
	b.WriteByte('}')
	return b.String()
}

func mustForm(v reflect.Value) any {
	e := encoder{in: inTarget, max: DefaultMaxDepth}
	form, f := e.value(v, 1, encodeSteps(DefaultMaxDepth), false)
	if f != nil {
		panic(f.done())
	}
	return form
}

// normalizeEmbedded sets an embedded *Embedded that points to its zero
// value to nil: the documented exception that the pointer stays allocated.
func normalizeEmbedded(p any) {
	v := reflect.ValueOf(p).Elem()
	if v.Kind() != reflect.Struct || v.NumField() == 0 || !v.Type().Field(0).Anonymous {
		return
	}
	if f := v.Field(0); f.Kind() == reflect.Pointer && !f.IsNil() && f.Elem().IsZero() {
		f.Set(reflect.Zero(f.Type()))
	}
}

// TestPropertyMergeJSONIntoReference checks MergeJSONInto against the
// reference model on generated types, values and patches: it fails when
// the model fails, and otherwise gives the model's result in JSON form;
// and on failure the target is exactly as it was (atomicity).
func TestPropertyMergeJSONIntoReference(t *testing.T) {
	checkProperty(t, func(rt *rapid.T) {
		typ := genType(rt, 0, true)
		target := reflect.New(typ)
		target.Elem().Set(genValue(rt, typ, 0))
		if rt2, err := typedReference(target.Interface(), []byte("{}")); err == nil {
			// Start from the model's own value: where the generated one is
			// not a fixed point of the model (a non-nil pointer to a nil
			// slice is null, which decodes to a nil pointer; an omitempty
			// empty slice, which decodes to nil, inside an omitzero
			// struct that the patch empties), the parts the patch does not
			// reach would differ, by the documented exceptions.
			target = reflect.ValueOf(rt2)
		}
		patch := []byte(genPatch(rt, typ, 0, rapid.IntRange(0, 9).Draw(rt, "top") > 0))
		before := deepCopy(target)
		formBefore := jsonForm(rt, target.Interface())

		want, wantErr := typedReference(target.Interface(), patch)
		value := reflect.New(typ).Elem()
		value.Set(target.Elem())
		valueErr := mergeCopies(value, patch)
		err := MergeJSONInto(target.Interface(), patch)
		if (err == nil) != (wantErr == nil) {
			rt.Fatalf("type %v, target %s, patch %s: error %v, model's error %v", typ, formBefore, patch, err, wantErr)
		}
		if (valueErr == nil) != (err == nil) {
			rt.Fatalf("MergeJSONValue's error %v, MergeJSONInto's %v", valueErr, err)
		}
		if err != nil {
			var e *Error
			if !errors.As(err, &e) || e.Input != "patch" {
				rt.Fatalf("error %v: want an *Error about the patch", err)
			}
			if diff := cmp.Diff(before.Interface(), target.Interface()); diff != "" {
				rt.Fatalf("target changed on error %v (-before +after)\n%s", err, diff)
			}
			return
		}
		normalizeEmbedded(target.Interface())
		normalizeEmbedded(want)
		if got, want := jsonForm(rt, target.Interface()), jsonForm(rt, want); got != want {
			rt.Fatalf("type %v, target %s, patch %s:\ngot   %s\nmodel %s", typ, formBefore, patch, got, want)
		}
		vp := reflect.New(typ)
		vp.Elem().Set(value)
		normalizeEmbedded(vp.Interface())
		if got, want := jsonForm(rt, vp.Interface()), jsonForm(rt, target.Interface()); got != want {
			rt.Fatalf("MergeJSONValue gives %s, MergeJSONInto %s", got, want)
		}
	})
}

// TestPropertyMergeJSONValueLeavesInput checks that MergeJSONValue never
// modifies its input, deeply.
func TestPropertyMergeJSONValueLeavesInput(t *testing.T) {
	checkProperty(t, func(rt *rapid.T) {
		typ := genType(rt, 0, true)
		v := genValue(rt, typ, 0)
		before := deepCopy(v)
		patch := []byte(genPatch(rt, typ, 0, true))
		c := reflect.New(typ).Elem()
		c.Set(v)
		_ = mergeCopies(c, patch)
		if diff := cmp.Diff(before.Interface(), v.Interface()); diff != "" {
			rt.Fatalf("input changed (-before +after)\n%s", diff)
		}
	})
}

// FuzzMergeJSONInto applies any patch to a settings struct, and checks:
// no panic; on error, an *Error about the patch and the target exactly as
// it was; on success, the reference model's result in JSON form, and
// MergeJSONValue's result the same, its input untouched.
func FuzzMergeJSONInto(f *testing.F) {
	for _, seed := range []string{
		`{}`, `null`, `[]`, `{"theme":"light"}`, `{"theme":5}`, `{"notify":{"sms":true}}`,
		`{"profile":{"link":"x"},"labels":{"env":null,"tier":"1"}}`,
		`{"extra":{"deep":{"x":null,"y":12345678901234567890}}}`, `{"any":{"a":null,"b":{"c":null}}}`,
		`{"tags":["x"],"raw":{"a":[1,null]},"name":"ada"}`, `{"Theme":"x"}`, `{"nope":null}`,
		`{"notify":{"sms":true},"profile":{"bio":[]}}`, `{"font":1.5}`, `{"font":1e3}`, `{"labels":{"a":null}}`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, patch []byte) {
		if len(patch) > 4096 {
			return
		}
		s := newSettings()
		want, wantErr := typedReference(newSettings(), patch)
		value, valueErr := MergeJSONValue(*s, patch)
		if diff := cmp.Diff(newSettings(), s, cmp.AllowUnexported(settings{})); diff != "" {
			t.Fatalf("MergeJSONValue changed its input (-want +got)\n%s", diff)
		}
		err := MergeJSONInto(s, patch)
		if (err == nil) != (valueErr == nil) {
			t.Fatalf("MergeJSONInto's error %v, MergeJSONValue's %v", err, valueErr)
		}
		if err != nil {
			var e *Error
			if !errors.As(err, &e) || e.Input != "patch" || e.Offset < 0 || e.Offset > int64(len(patch)) {
				t.Fatalf("error %#v: want an *Error about the patch, with an offset in it", err)
			}
			if diff := cmp.Diff(newSettings(), s, cmp.AllowUnexported(settings{})); diff != "" {
				t.Fatalf("target changed on error %v (-want +got)\n%s", err, diff)
			}
			if wantErr == nil && Validate(patch) == nil {
				t.Fatalf("error %v where the model gives none", err)
			}
			return
		}
		if wantErr != nil {
			t.Fatalf("no error where the model gives %v", wantErr)
		}
		if got, w := jsonForm(t, s), jsonForm(t, want); got != w {
			t.Fatalf("patch %s:\ngot   %s\nmodel %s", patch, got, w)
		}
		if got, w := jsonForm(t, &value), jsonForm(t, s); got != w {
			t.Fatalf("MergeJSONValue gives %s, MergeJSONInto %s", got, w)
		}
	})
}

// TestPropertyDiffValues checks DiffValues' contract on generated types
// and pairs of values: MergeJSONInto(&current, patch) gives desired in
// JSON form, or the patch is ErrNotRepresentable (a nil map entry that
// current lacks).
func TestPropertyDiffValues(t *testing.T) {
	checkProperty(t, func(rt *rapid.T) {
		typ := genType(rt, 0, true)
		fixed := func() reflect.Value {
			p := reflect.New(typ)
			p.Elem().Set(genValue(rt, typ, 0))
			if q, err := typedReference(p.Interface(), []byte("{}")); err == nil {
				return reflect.ValueOf(q) // the model's own value, as in the reference property
			}
			return p
		}
		current, desired := fixed(), fixed()
		before := deepCopy(current)
		// Pointers, so that the values are addressable in the model, as
		// MergeJSONInto's target is (DiffValues[any] of two structs would
		// encode them as values in an interface: without the methods of
		// their pointer types).
		patch, err := DiffValues(current.Interface(), desired.Interface())
		if err != nil {
			if !errors.Is(err, ErrNotRepresentable) {
				rt.Fatalf("error %v", err)
			}
			return
		}
		if diff := cmp.Diff(before.Interface(), current.Interface()); diff != "" {
			rt.Fatalf("DiffValues changed current (-before +after)\n%s", diff)
		}
		if err := MergeJSONInto(current.Interface(), patch); err != nil {
			rt.Fatalf("type %v, patch %s: %v", typ, patch, err)
		}
		normalizeEmbedded(current.Interface())
		normalizeEmbedded(desired.Interface())
		if got, want := jsonForm(rt, current.Interface()), jsonForm(rt, desired.Interface()); got != want {
			rt.Fatalf("type %v, patch %s:\ngot     %s\ndesired %s", typ, patch, got, want)
		}
	})
}
