//go:build go1.24 && !go1.27

package deepmerge

import (
	"encoding/json"
	"math"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"
)

// TestPropertyValueModelMatchesEncodingJSON holds the value model to
// encoding/json of Go 1.24 to 1.26, which SPEC.md §2 says it follows
// wherever Go releases agree, on struct types made at random: fields of
// every kind the model encodes alike, named, tagged and embedded, with the
// options omitempty, omitzero and string. It runs only on those releases;
// TestValueModel holds the written-out answers on every release.
func TestPropertyValueModelMatchesEncodingJSON(t *testing.T) {
	checkProperty(t, func(t *rapid.T) {
		typ := vmGenStruct(t, 2)
		v := reflect.New(typ)
		vmFillValue(t, v.Elem())
		for _, x := range []any{v.Interface(), v.Elem().Interface()} {
			b, err := json.Marshal(x)
			if err != nil {
				t.Fatalf("json.Marshal(%#v): %v", x, err)
			}
			want, derr := decodeJSONValue(b)
			if derr != nil {
				t.Fatalf("reading %s: %v", b, derr)
			}
			w := walker{max: DefaultMaxDepth, input: inPatch}
			got, f := w.convertValue(x, 1)
			if f != nil {
				t.Fatalf("convertValue(%#v): %v; json.Marshal gives %s", x, f.done(), b)
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Fatalf("convertValue(%#v) mismatch (-json.Marshal +got):\n%s", x, diff)
			}
		}
	})
}

// Struct types to embed in drawn ones: reflect.StructOf embeds only
// exported types.
type (
	VMInner    struct{ In int }
	VMShadowed struct {
		A int `json:"a"`
		B int `json:"b,omitempty"`
	}
)

// vmFieldTypes are the field types that vmGenStruct draws from.
var vmFieldTypes = []reflect.Type{
	reflect.TypeOf(0), reflect.TypeOf(int8(0)), reflect.TypeOf(uint16(0)), reflect.TypeOf(""),
	reflect.TypeOf(false), reflect.TypeOf(0.0), reflect.TypeOf(float32(0)), reflect.TypeOf((*int)(nil)),
	reflect.TypeOf([]byte(nil)), reflect.TypeOf([2]byte{}), reflect.TypeOf(map[string]int(nil)),
	reflect.TypeOf(map[int]string(nil)), reflect.TypeOf([]string(nil)), reflect.TypeOf(time.Time{}),
	reflect.TypeOf(json.Number("")), reflect.TypeOf((*any)(nil)).Elem(), reflect.TypeOf(vmZeroer{}),
	reflect.TypeOf(vmPZeroer{}), reflect.TypeOf(map[vmTextKey]bool(nil)), reflect.TypeOf(json.RawMessage(nil)),
}

// vmGenStruct draws a struct type whose fields are drawn from
// vmFieldTypes or are structs drawn in turn, embedded or named.
func vmGenStruct(t *rapid.T, depth int) reflect.Type {
	var fields []reflect.StructField
	used := map[string]bool{}
	for i, n := 0, rapid.IntRange(1, 6).Draw(t, "fields"); i < n; i++ {
		name := rapid.SampledFrom([]string{"A", "B", "C", "D", "E"}).Draw(t, "name")
		if used[name] {
			continue
		}
		used[name] = true
		var ft reflect.Type
		embed := false
		switch {
		case rapid.IntRange(0, 5).Draw(t, "embed") == 0:
			// A named struct type, embedded: its fields meet the drawn ones.
			ft = rapid.SampledFrom([]reflect.Type{reflect.TypeOf(VMInner{}), reflect.TypeOf(&VMInner{}), reflect.TypeOf(VMShadowed{})}).Draw(t, "embedded")
			embed = true
		case depth > 0 && rapid.IntRange(0, 4).Draw(t, "struct") == 0:
			ft = vmGenStruct(t, depth-1)
			if rapid.Bool().Draw(t, "pointer") {
				ft = reflect.PointerTo(ft)
			}
		default:
			ft = rapid.SampledFrom(vmFieldTypes).Draw(t, "type")
		}
		tagName := rapid.SampledFrom([]string{"", "", "a", "b", "x-y"}).Draw(t, "tag name")
		var opts []string
		for _, o := range []string{"omitempty", "omitzero", "string"} {
			if rapid.IntRange(0, 3).Draw(t, o) == 0 {
				opts = append(opts, o)
			}
		}
		tag := ""
		if tagName != "" || len(opts) > 0 {
			tag = `json:"` + tagName + vmJoinOpts(opts) + `"`
		}
		sf := reflect.StructField{Name: name, Type: ft, Tag: reflect.StructTag(tag)}
		if embed {
			sf.Anonymous = true
			sf.Name = vmTypeName(ft)
			if used[sf.Name] {
				continue
			}
			used[sf.Name] = true
		}
		fields = append(fields, sf)
	}
	return reflect.StructOf(fields)
}

func vmJoinOpts(opts []string) string {
	if len(opts) == 0 {
		return ""
	}
	return "," + strings.Join(opts, ",")
}

// vmTypeName returns the name of an embedded field of the named type t,
// or of the type t points to.
func vmTypeName(t reflect.Type) string {
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return t.Name()
}

// vmFillValue sets v, settable, to a drawn value of its type.
func vmFillValue(t *rapid.T, v reflect.Value) {
	if rapid.IntRange(0, 3).Draw(t, "zero") == 0 {
		return // left zero, for omitempty and omitzero
	}
	switch v.Kind() {
	case reflect.Int, reflect.Int8:
		v.SetInt(int64(rapid.IntRange(-100, 100).Draw(t, "int")))
	case reflect.Uint16:
		v.SetUint(uint64(rapid.IntRange(0, 65535).Draw(t, "uint")))
	case reflect.String:
		if v.Type() == numberType {
			v.SetString(rapid.SampledFrom([]string{"0", "-1.5e3", "12345678901234567890", "0.1"}).Draw(t, "number"))
			return
		}
		// No <, > or & (the string option's inner text escapes them in
		// encoding/json) and no control characters (written differently
		// before Go 1.22).
		v.SetString(rapid.StringOfN(rapid.SampledFrom([]rune{'a', 'é', '"', '\\', '/', ' ', '😀'}), 0, 6, -1).Draw(t, "string"))
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Float64, reflect.Float32:
		f := rapid.SampledFrom([]float64{0.1, -2.5, 1e21, 1e-7, 123456789.125, 1e20, 5e-324, math.MaxFloat32}).Draw(t, "float")
		v.SetFloat(f)
	case reflect.Pointer:
		p := reflect.New(v.Type().Elem())
		vmFillValue(t, p.Elem())
		v.Set(p)
	case reflect.Slice:
		if v.Type() == rawType {
			v.SetBytes([]byte(rapid.SampledFrom([]string{`{"a":1}`, `[1.0]`, `"x"`, `null`}).Draw(t, "raw")))
			return
		}
		n := rapid.IntRange(0, 3).Draw(t, "len")
		s := reflect.MakeSlice(v.Type(), n, n)
		for i := 0; i < n; i++ {
			vmFillValue(t, s.Index(i))
		}
		v.Set(s)
	case reflect.Array:
		for i := 0; i < v.Len(); i++ {
			vmFillValue(t, v.Index(i))
		}
	case reflect.Map:
		m := reflect.MakeMap(v.Type())
		for i, n := 0, rapid.IntRange(0, 3).Draw(t, "len"); i < n; i++ {
			k := reflect.New(v.Type().Key()).Elem()
			vmFillValue(t, k)
			e := reflect.New(v.Type().Elem()).Elem()
			vmFillValue(t, e)
			m.SetMapIndex(k, e)
		}
		v.Set(m)
	case reflect.Interface:
		v.Set(reflect.ValueOf(rapid.SampledFrom([]any{1, "s", []any{true}, map[string]any{"k": nil}}).Draw(t, "any")))
	case reflect.Struct:
		if v.Type() == reflect.TypeOf(time.Time{}) {
			v.Set(reflect.ValueOf(time.Date(2026, 1, 2, 3, 4, 5, rapid.IntRange(0, 999).Draw(t, "ns"), time.UTC)))
			return
		}
		for i := 0; i < v.NumField(); i++ {
			if v.Type().Field(i).IsExported() {
				vmFillValue(t, v.Field(i))
			}
		}
	}
}
