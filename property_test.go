package deepmerge

// Property tests: the map API against the RFC 7396 oracle refMerge, on
// random canonical JSON trees and on random "typed" Go trees (typed maps and
// slices, structs, pointers, typed nils, Go number kinds, RawMessage, types
// with MarshalJSON or MarshalText).
//
// Each property runs propertyChecks cases, unless -rapid.checks says
// otherwise.

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"testing"
	"unsafe"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"
)

// Member names come from a small alphabet so that target and patch
// collide; "a/b" and "~0" exercise JSON Pointer escaping.
var (
	propNames    = []string{"a", "b", "c", "", "a/b", "~0"}
	propNameGen  = rapid.SampledFrom(propNames)
	propFanout   = rapid.IntRange(0, 5)
	propTopGen   = rapid.IntRange(0, 8)
	propNumbers  = rapid.SampledFrom([]json.Number{"0", "-0", "1", "-1", "1.0", "1.50", "1e400", "-1.5e-7", "3E+2", "12345678901234567890123"})
	propIntGen   = rapid.Int64()
	propFloatGen = rapid.Float64()
	propStrings  = rapid.SampledFrom([]string{"", "x", "y", "a/b", "é", "\u2028", "<&>"})
	propAnyStr   = rapid.StringN(0, 6, -1)
)

func drawNumber(t *rapid.T) json.Number {
	if rapid.Bool().Draw(t, "literal") {
		return propNumbers.Draw(t, "number")
	}
	return json.Number(strconv.FormatInt(propIntGen.Draw(t, "int"), 10))
}

func drawString(t *rapid.T) string {
	if rapid.Bool().Draw(t, "common") {
		return propStrings.Draw(t, "string")
	}
	return propAnyStr.Draw(t, "string")
}

// drawCanonical draws a canonical JSON value nesting at most depth more
// containers: nil, bool, string, json.Number, float64, map[string]any or
// []any (never a nil map or slice). rapid favours small numbers, so the
// containers come first, to get trees of a useful size.
func drawCanonical(t *rapid.T, depth int) any {
	first := 0
	if depth <= 0 {
		first = 2
	}
	switch rapid.IntRange(first, 6).Draw(t, "kind") {
	case 0:
		return drawMembers(t, depth, drawCanonical)
	case 1:
		return drawElements(t, depth, drawCanonical)
	case 2:
		return nil
	case 3:
		return drawNumber(t)
	case 4:
		return drawString(t)
	case 5:
		return propFloatGen.Draw(t, "float")
	default:
		return rapid.Bool().Draw(t, "bool")
	}
}

func drawMembers(t *rapid.T, depth int, elem func(*rapid.T, int) any) map[string]any {
	n := propFanout.Draw(t, "members")
	if depth == propDepth {
		n = propTopGen.Draw(t, "members")
	}
	m := make(map[string]any, n)
	for i := 0; i < n; i++ {
		m[propNameGen.Draw(t, "name")] = elem(t, depth-1)
	}
	return m
}

func drawElements(t *rapid.T, depth int, elem func(*rapid.T, int) any) []any {
	n := propFanout.Draw(t, "elements")
	s := make([]any, n)
	for i := range s {
		s[i] = elem(t, depth-1)
	}
	return s
}

// Types for typed trees.
type (
	ptInt    int
	ptString string

	ptStruct struct {
		A    any            `json:"a"`
		B    *int           `json:"b,omitempty"`
		C    string         `json:"c,omitempty"`
		D    map[string]any `json:"d"`
		E    []string       `json:"~0,omitempty"`
		Skip chan int       `json:"-"`
	}

	// ptJSONer writes an object with a null member through MarshalJSON.
	ptJSONer struct {
		Name string
		N    int
	}

	// ptText is a string through MarshalText.
	ptText int
)

func (p ptJSONer) MarshalJSON() ([]byte, error) {
	return json.Marshal(map[string]any{"b": nil, p.Name: p.N})
}

func (p ptText) MarshalText() ([]byte, error) { return []byte("t" + strconv.Itoa(int(p))), nil }

// drawGoNumber draws a number of one of Go's number kinds, kept as it is.
func drawGoNumber(t *rapid.T) any {
	i := rapid.Int64Range(-300, 300).Draw(t, "small")
	u := uint64(i + 300)
	switch rapid.IntRange(0, 12).Draw(t, "numkind") {
	case 0:
		return int(i)
	case 1:
		return int8(i / 3)
	case 2:
		return int16(i)
	case 3:
		return int32(i)
	case 4:
		return propIntGen.Draw(t, "int64")
	case 5:
		return uint(u)
	case 6:
		return uint8(u / 3)
	case 7:
		return uint16(u)
	case 8:
		return uint32(u)
	case 9:
		return rapid.Uint64().Draw(t, "uint64")
	case 10:
		return uintptr(u)
	case 11:
		return rapid.Float32().Draw(t, "float32")
	default:
		return float64(i) / 8
	}
}

// drawTypedNil draws a nil of a type that encodes to null.
func drawTypedNil(t *rapid.T) any {
	nils := []any{(*int)(nil), map[string]string(nil), []string(nil), (*ptStruct)(nil), json.RawMessage(nil), map[string]any(nil), []any(nil), (*any)(nil)}
	return nils[rapid.IntRange(0, len(nils)-1).Draw(t, "nil")]
}

// drawTyped draws a Go value that json.Marshal accepts, nesting at most
// about depth more containers (a struct or RawMessage may add one).
func drawTyped(t *rapid.T, depth int) any {
	first := 0
	if depth <= 0 {
		first = 8
	}
	switch rapid.IntRange(first, 16).Draw(t, "kind") {
	// Containers first: rapid favours small numbers.
	case 0:
		return drawMembers(t, depth, drawTyped)
	case 1:
		return drawElements(t, depth, drawTyped)
	case 2:
		n := propFanout.Draw(t, "members")
		m := make(map[string]string, n)
		for i := 0; i < n; i++ {
			m[propNameGen.Draw(t, "name")] = drawString(t)
		}
		return m
	case 3:
		s := ptStruct{A: drawTyped(t, depth-1), C: drawString(t)}
		if rapid.Bool().Draw(t, "b") {
			b := rapid.IntRange(-3, 3).Draw(t, "b")
			s.B = &b
		}
		if rapid.Bool().Draw(t, "d") {
			s.D = drawMembers(t, depth-1, drawTyped)
		}
		if rapid.Bool().Draw(t, "e") {
			s.E = []string{drawString(t)}
		}
		if rapid.Bool().Draw(t, "pointer") {
			return &s
		}
		return s
	case 4:
		v := drawTyped(t, depth-1)
		return &v
	case 5:
		return rapid.SliceOfN(propStrings, 0, 3).Draw(t, "strings")
	case 6:
		v := drawCanonical(t, depth-1)
		var b []byte
		var err error
		if rapid.Bool().Draw(t, "indent") {
			b, err = json.MarshalIndent(v, " ", "\t")
		} else {
			b, err = json.Marshal(v)
		}
		if err != nil {
			t.Fatalf("json.Marshal(%#v): %v", v, err)
		}
		return json.RawMessage(b)
	case 7:
		return ptJSONer{Name: propNameGen.Draw(t, "name"), N: rapid.IntRange(0, 9).Draw(t, "n")}
	// Scalars.
	case 8:
		return nil
	case 9:
		return drawTypedNil(t)
	case 10:
		return drawGoNumber(t)
	case 11:
		return drawNumber(t)
	case 12:
		s := drawString(t)
		if rapid.IntRange(0, 7).Draw(t, "invalid") == 0 {
			s += "\xff" // invalid UTF-8 in a value is kept
		}
		return s
	case 13:
		switch rapid.IntRange(0, 2).Draw(t, "named") {
		case 0:
			return ptInt(rapid.IntRange(-9, 9).Draw(t, "ptInt"))
		case 1:
			return ptString(drawString(t))
		default:
			return ptText(rapid.IntRange(0, 9).Draw(t, "ptText"))
		}
	case 14:
		n := rapid.IntRange(-5, 5).Draw(t, "n")
		return &n
	case 15:
		return rapid.SliceOfN(rapid.Byte(), 0, 4).Draw(t, "bytes")
	default:
		return rapid.Bool().Draw(t, "bool")
	}
}

// Generators of top-level objects.
var (
	canonicalObjectGen = rapid.Custom(func(t *rapid.T) map[string]any {
		return drawMembers(t, propDepth, drawCanonical)
	})
	typedObjectGen = rapid.Custom(func(t *rapid.T) map[string]any {
		return drawMembers(t, propDepth, drawTyped)
	})
	// typedTopGen may also give a nil top-level map, which means {}.
	typedTopGen = rapid.Custom(func(t *rapid.T) map[string]any {
		if rapid.IntRange(0, 9).Draw(t, "nilTop") == 0 {
			return nil
		}
		return drawMembers(t, propDepth, drawTyped)
	})
)

// propDepth bounds the nesting of generated trees below the top level.
const propDepth = 4

// canonTopR is the JSON value a top-level argument means: a nil map is {}.
func canonTopR(t *rapid.T, m map[string]any) any {
	t.Helper()
	if m == nil {
		return map[string]any{}
	}
	return canonicalize(t, m)
}

func TestPropertyMergeMatchesRef(t *testing.T) {
	checkProperty(t, func(t *rapid.T) {
		target := canonicalObjectGen.Draw(t, "target")
		patch := canonicalObjectGen.Draw(t, "patch")
		logInputs(t, target, patch)
		got, err := Merge(target, patch)
		if err != nil {
			t.Fatalf("Merge: %v", err)
		}
		if got == nil {
			t.Fatalf("Merge returned nil")
		}
		// On canonical values the result is exactly refMerge's...
		if diff := cmp.Diff(refMerge(target, patch), any(got)); diff != "" {
			t.Fatalf("Merge differs from refMerge (-want +got):\n%s", diff)
		}
		// ...and as JSON values too.
		if diff := cmp.Diff(refMerge(canonicalize(t, target), canonicalize(t, patch)), canonicalize(t, got)); diff != "" {
			t.Fatalf("Merge differs from refMerge as JSON (-want +got):\n%s", diff)
		}
		checkCanonicalResult(t, "", got)
	})
}

func TestPropertyEncodingRule(t *testing.T) {
	// SPEC §2 acceptance rule: json.Marshal(Merge(t, p)) is RFC 7396 applied
	// to json.Marshal(t) and json.Marshal(p).
	checkProperty(t, func(t *rapid.T) {
		target := typedTopGen.Draw(t, "target")
		patch := typedTopGen.Draw(t, "patch")
		logInputs(t, target, patch)
		got, err := Merge(target, patch)
		if err != nil {
			t.Fatalf("Merge: %v", err)
		}
		b, err := json.Marshal(got)
		if err != nil {
			t.Fatalf("json.Marshal(Merge(...)): %v", err)
		}
		want := refMerge(canonTopR(t, target), canonTopR(t, patch))
		if diff := cmp.Diff(want, decodeJSON(t, b)); diff != "" {
			t.Fatalf("json.Marshal(Merge(t, p)) is not RFC 7396 of json.Marshal(t), json.Marshal(p) (-want +got):\n%s", diff)
		}
		checkCanonicalResult(t, "", got)
	})
}

func TestPropertyMergeIntoMatchesMerge(t *testing.T) {
	checkProperty(t, func(t *rapid.T) {
		target := canonicalObjectGen.Draw(t, "target")
		patch := canonicalObjectGen.Draw(t, "patch")
		logInputs(t, target, patch)
		want, err := Merge(target, patch)
		if err != nil {
			t.Fatalf("Merge: %v", err)
		}
		if err := MergeInto(target, patch); err != nil {
			t.Fatalf("MergeInto: %v", err)
		}
		if diff := cmp.Diff(want, target); diff != "" {
			t.Fatalf("MergeInto differs from Merge (-Merge +MergeInto):\n%s", diff)
		}
	})
}

func TestPropertyMergeIntoMatchesMergeTyped(t *testing.T) {
	checkProperty(t, func(t *rapid.T) {
		target := typedObjectGen.Draw(t, "target")
		patch := typedTopGen.Draw(t, "patch")
		logInputs(t, target, patch)
		want, err := Merge(target, patch)
		if err != nil {
			t.Fatalf("Merge: %v", err)
		}
		if err := MergeInto(target, patch); err != nil {
			t.Fatalf("MergeInto: %v", err)
		}
		// MergeInto leaves typed values the patch does not reach as they
		// are, so compare JSON values.
		if diff := cmp.Diff(canonicalize(t, want), canonicalize(t, target)); diff != "" {
			t.Fatalf("MergeInto differs from Merge as JSON (-Merge +MergeInto):\n%s", diff)
		}
	})
}

func TestPropertyInputsUnchanged(t *testing.T) {
	checkProperty(t, func(t *rapid.T) {
		target := typedTopGen.Draw(t, "target")
		patch := typedTopGen.Draw(t, "patch")
		logInputs(t, target, patch)
		targetBefore, patchBefore := deepCopyGo(target), deepCopyGo(patch)
		if _, err := Merge(target, patch); err != nil {
			t.Fatalf("Merge: %v", err)
		}
		if diff := cmp.Diff(targetBefore, any(target)); diff != "" {
			t.Fatalf("Merge changed target (-want +got):\n%s", diff)
		}
		if diff := cmp.Diff(patchBefore, any(patch)); diff != "" {
			t.Fatalf("Merge changed patch (-want +got):\n%s", diff)
		}
		if target == nil {
			return
		}
		if err := MergeInto(target, patch); err != nil {
			t.Fatalf("MergeInto: %v", err)
		}
		if diff := cmp.Diff(patchBefore, any(patch)); diff != "" {
			t.Fatalf("MergeInto changed patch (-want +got):\n%s", diff)
		}
	})
}

func TestPropertyNoAliasing(t *testing.T) {
	checkProperty(t, func(t *rapid.T) {
		target := typedTopGen.Draw(t, "target")
		patch := typedTopGen.Draw(t, "patch")
		logInputs(t, target, patch)
		targetBefore, patchBefore := deepCopyGo(target), deepCopyGo(patch)
		got, err := Merge(target, patch)
		if err != nil {
			t.Fatalf("Merge: %v", err)
		}
		mutateGo(got)
		if diff := cmp.Diff(targetBefore, any(target)); diff != "" {
			t.Fatalf("Merge's result shares memory with target (-want +got):\n%s", diff)
		}
		if diff := cmp.Diff(patchBefore, any(patch)); diff != "" {
			t.Fatalf("Merge's result shares memory with patch (-want +got):\n%s", diff)
		}
		if target == nil {
			return
		}
		if err := MergeInto(target, patch); err != nil {
			t.Fatalf("MergeInto: %v", err)
		}
		mutateGo(target)
		if diff := cmp.Diff(patchBefore, any(patch)); diff != "" {
			t.Fatalf("MergeInto stored the patch's own maps or slices (-want +got):\n%s", diff)
		}
	})
}

func TestPropertyIdempotent(t *testing.T) {
	checkProperty(t, func(t *rapid.T) {
		target := typedTopGen.Draw(t, "target")
		patch := typedTopGen.Draw(t, "patch")
		logInputs(t, target, patch)
		once, err := Merge(target, patch)
		if err != nil {
			t.Fatalf("Merge: %v", err)
		}
		twice, err := Merge(once, patch)
		if err != nil {
			t.Fatalf("Merge(Merge(t, p), p): %v", err)
		}
		if diff := cmp.Diff(once, twice); diff != "" {
			t.Fatalf("Merge(Merge(t, p), p) != Merge(t, p) (-once +twice):\n%s", diff)
		}
	})
}

func TestPropertyEmptyPatch(t *testing.T) {
	checkProperty(t, func(t *rapid.T) {
		canonical := canonicalObjectGen.Draw(t, "canonical")
		typed := typedTopGen.Draw(t, "typed")
		logInputs(t, canonical, typed)
		for _, patch := range []map[string]any{nil, {}} {
			got, err := Merge(canonical, patch)
			if err != nil {
				t.Fatalf("Merge(canonical, %#v): %v", patch, err)
			}
			if diff := cmp.Diff(canonical, got); diff != "" {
				t.Fatalf("Merge(canonical, %#v) is not a copy of target (-want +got):\n%s", patch, diff)
			}
			got, err = Merge(typed, patch)
			if err != nil {
				t.Fatalf("Merge(typed, %#v): %v", patch, err)
			}
			if got == nil {
				t.Fatalf("Merge(typed, %#v) returned nil", patch)
			}
			if diff := cmp.Diff(canonTopR(t, typed), canonicalize(t, got)); diff != "" {
				t.Fatalf("Merge(typed, %#v) is not the target's JSON (-want +got):\n%s", patch, diff)
			}
			checkCanonicalResult(t, "", got)
		}
	})
}

// jsonDepth is the nesting depth of a canonical value: 0 for a scalar.
func jsonDepth(v any) int {
	d := 0
	switch v := v.(type) {
	case map[string]any:
		for _, e := range v {
			d = max(d, jsonDepth(e))
		}
		return d + 1
	case []any:
		for _, e := range v {
			d = max(d, jsonDepth(e))
		}
		return d + 1
	}
	return 0
}

// resolvePointer returns the value at the JSON Pointer p in the canonical
// value v, and the number of reference tokens.
func resolvePointer(v any, p string) (any, int, bool) {
	if p == "" {
		return v, 0, true
	}
	if p[0] != '/' {
		return nil, 0, false
	}
	toks := strings.Split(p[1:], "/")
	for _, tok := range toks {
		tok = strings.NewReplacer("~1", "/", "~0", "~").Replace(tok)
		switch c := v.(type) {
		case map[string]any:
			e, ok := c[tok]
			if !ok {
				return nil, 0, false
			}
			v = e
		case []any:
			i, err := strconv.Atoi(tok)
			if err != nil || i < 0 || i >= len(c) {
				return nil, 0, false
			}
			v = c[i]
		default:
			return nil, 0, false
		}
	}
	return v, len(toks), true
}

func TestPropertyMaxDepth(t *testing.T) {
	// SPEC §5: Options{MaxDepth: d}.Merge fails with ErrMaxDepth exactly
	// when the JSON of target or patch nests deeper than d (target first:
	// Merge checks it whole before the patch), and §6: Path points at a
	// container one too deep.
	checkProperty(t, func(t *rapid.T) {
		target := typedTopGen.Draw(t, "target")
		patch := typedTopGen.Draw(t, "patch")
		logInputs(t, target, patch)
		d := rapid.IntRange(1, 5).Draw(t, "MaxDepth")
		ct, cp := canonTopR(t, target), canonTopR(t, patch)
		got, err := Options{MaxDepth: d}.Merge(target, patch)
		var input string
		var in any
		switch {
		case jsonDepth(ct) > d:
			input, in = "target", ct
		case jsonDepth(cp) > d:
			input, in = "patch", cp
		default:
			if err != nil {
				t.Fatalf("Options{MaxDepth: %d}.Merge (depths %d, %d): %v", d, jsonDepth(ct), jsonDepth(cp), err)
			}
			if diff := cmp.Diff(refMerge(ct, cp), canonicalize(t, got)); diff != "" {
				t.Fatalf("Options{MaxDepth: %d}.Merge differs from refMerge (-want +got):\n%s", d, diff)
			}
			return
		}
		e, ok := err.(*Error)
		if !ok || e.Err != ErrMaxDepth || e.Input != input || e.Offset != -1 {
			t.Fatalf("Options{MaxDepth: %d}.Merge (depths %d, %d) = %#v; want an *Error in %s wrapping ErrMaxDepth", d, jsonDepth(ct), jsonDepth(cp), err, input)
		}
		v, n, ok := resolvePointer(in, e.Path)
		_, isMap := v.(map[string]any)
		_, isSlice := v.([]any)
		if !ok || n != d || !(isMap || isSlice) {
			t.Fatalf("Options{MaxDepth: %d}.Merge: error path %q is not a container at depth %d of %s %s", d, e.Path, d+1, input, mustJSON(in))
		}
	})
}

// goValue prints a Go value in Go-like syntax with pointers followed, for
// rapid's report of a failing case. It is formatted only when rapid logs,
// that is, when it replays the minimal failing case.
type goValue struct{ v any }

func (g goValue) String() string {
	var b strings.Builder
	writeGoValue(&b, reflect.ValueOf(g.v))
	return b.String()
}

func writeGoValue(b *strings.Builder, v reflect.Value) {
	if !v.IsValid() {
		b.WriteString("nil")
		return
	}
	switch v.Kind() {
	case reflect.Interface:
		writeGoValue(b, v.Elem())
		return
	case reflect.Pointer:
		if v.IsNil() {
			fmt.Fprintf(b, "(%s)(nil)", v.Type())
			return
		}
		b.WriteString("&")
		writeGoValue(b, v.Elem())
		return
	case reflect.Map:
		if v.IsNil() {
			fmt.Fprintf(b, "%s(nil)", v.Type())
			return
		}
		keys := v.MapKeys()
		sort.Slice(keys, func(i, j int) bool { return fmt.Sprint(keys[i]) < fmt.Sprint(keys[j]) })
		fmt.Fprintf(b, "%s{", v.Type())
		for i, k := range keys {
			if i > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(b, "%#v: ", k.Interface())
			writeGoValue(b, v.MapIndex(k))
		}
		b.WriteString("}")
		return
	case reflect.Slice:
		if v.IsNil() {
			fmt.Fprintf(b, "%s(nil)", v.Type())
			return
		}
		if v.Type().Elem().Kind() == reflect.Uint8 {
			fmt.Fprintf(b, "%s(%q)", v.Type(), v.Bytes())
			return
		}
		fallthrough
	case reflect.Array:
		fmt.Fprintf(b, "%s{", v.Type())
		for i := 0; i < v.Len(); i++ {
			if i > 0 {
				b.WriteString(", ")
			}
			writeGoValue(b, v.Index(i))
		}
		b.WriteString("}")
		return
	case reflect.Struct:
		fmt.Fprintf(b, "%s{", v.Type())
		for i := 0; i < v.NumField(); i++ {
			if !v.Type().Field(i).IsExported() {
				continue
			}
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(v.Type().Field(i).Name + ": ")
			writeGoValue(b, v.Field(i))
		}
		b.WriteString("}")
		return
	}
	if v.CanInterface() {
		fmt.Fprintf(b, "%s(%#v)", v.Type(), v.Interface())
		return
	}
	fmt.Fprintf(b, "%v", v)
}

// logInputs records the inputs of a case for rapid's failure report.
func logInputs(t *rapid.T, target, patch any) {
	t.Logf("target: %v", goValue{target})
	t.Logf("patch:  %v", goValue{patch})
}

func mustJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprintf("%#v", v)
	}
	return string(b)
}

// A faultSite is a place in a patch where a bad value can go.
type faultSite struct {
	m    map[string]any // a member of m, or
	s    []any          // element i of s
	i    int
	path string // of m, or of s[i]
}

// collectFaultSites lists the maps and slice elements of v, in an order
// that depends only on v.
func collectFaultSites(v any, path string, sites *[]faultSite) {
	switch v := v.(type) {
	case map[string]any:
		if v == nil {
			return
		}
		*sites = append(*sites, faultSite{m: v, path: path})
		names := make([]string, 0, len(v))
		for name := range v {
			names = append(names, name)
		}
		sort.Strings(names)
		for _, name := range names {
			collectFaultSites(v[name], path+"/"+pointerToken(name), sites)
		}
	case []any:
		for i, e := range v {
			p := path + "/" + strconv.Itoa(i)
			*sites = append(*sites, faultSite{s: v, i: i, path: p})
			collectFaultSites(e, p, sites)
		}
	}
}

// injectFault puts one value the merge must reject somewhere in patch and
// returns the *Error expected for it.
func injectFault(t *rapid.T, patch map[string]any) error {
	var sites []faultSite
	collectFaultSites(patch, "", &sites)
	site := sites[rapid.IntRange(0, len(sites)-1).Draw(t, "site")]
	x := 1
	bad := []any{
		make(chan int), func() {}, math.NaN(), math.Inf(1), math.Inf(-1), complex(0, 1),
		float32(math.Inf(-1)), json.Number("1.2.3"), json.Number("+1"), unsafe.Pointer(&x),
		mtChanHolder{}, mtFailing{}, map[bool]int{}, &ptStruct{A: func() {}},
	}
	// The path of the fault within each bad value: a field's own.
	within := map[int]string{10: "/C", 13: "/a"}
	k := rapid.IntRange(0, len(bad)).Draw(t, "fault")
	if site.m != nil {
		if k == len(bad) {
			site.m["b\xffd"] = nil
			return mergeErr("patch", site.path, ErrInvalidUTF8)
		}
		name := propNameGen.Draw(t, "name")
		site.m[name] = bad[k]
		return mergeErr("patch", site.path+"/"+pointerToken(name)+within[k], ErrUnsupportedValue)
	}
	if k == len(bad) {
		site.s[site.i] = jarr{jobj{"\xc0": jnum("1")}}
		return mergeErr("patch", site.path+"/0", ErrInvalidUTF8)
	}
	site.s[site.i] = bad[k]
	return mergeErr("patch", site.path+within[k], ErrUnsupportedValue)
}

func TestPropertyMergeIntoAtomic(t *testing.T) {
	checkProperty(t, func(t *rapid.T) {
		target := typedObjectGen.Draw(t, "target")
		patch := typedObjectGen.Draw(t, "patch")
		logInputs(t, target, patch)
		want := injectFault(t, patch)
		logInputs(t, target, patch)
		targetBefore, patchBefore := deepCopyGo(target), deepCopyGo(patch)

		err := MergeInto(target, patch)
		checkMergeError(t, "MergeInto", err, want, "SPEC §3: every value of the patch is checked")
		if diff := cmp.Diff(targetBefore, any(target), inputCmp); diff != "" {
			t.Fatalf("MergeInto failed but changed target (-want +got):\n%s", diff)
		}
		if diff := cmp.Diff(patchBefore, any(patch), inputCmp); diff != "" {
			t.Fatalf("MergeInto changed patch (-want +got):\n%s", diff)
		}

		_, err = Merge(target, patch)
		checkMergeError(t, "Merge", err, want, "SPEC §3: every value of the patch is checked")
		if diff := cmp.Diff(targetBefore, any(target), inputCmp); diff != "" {
			t.Fatalf("Merge changed target (-want +got):\n%s", diff)
		}
		if diff := cmp.Diff(patchBefore, any(patch), inputCmp); diff != "" {
			t.Fatalf("Merge changed patch (-want +got):\n%s", diff)
		}
	})
}

// TestPropertyMergeIntoSharedMaps checks SPEC §3 on targets that hold maps
// at several places and hold themselves: when the patch merges into one
// map of target through two places, MergeInto fails with ErrSharedMap and
// changes nothing; otherwise it does what merging in place, member by
// member, does, whatever the order, with each change to a shared map shown
// at all of its places.
func TestPropertyMergeIntoSharedMaps(t *testing.T) {
	names := rapid.SampledFrom([]string{"a", "b", "c"})
	checkProperty(t, func(t *rapid.T) {
		pool := make([]map[string]any, rapid.IntRange(1, 5).Draw(t, "maps"))
		for i := range pool {
			pool[i] = map[string]any{}
		}
		for _, m := range pool {
			for _, name := range []string{"a", "b", "c"} {
				switch rapid.IntRange(0, 3).Draw(t, "member") {
				case 0:
					m[name] = rapid.SampledFrom(pool).Draw(t, "shared")
				case 1:
					m[name] = float64(rapid.IntRange(0, 2).Draw(t, "number"))
				case 2:
					m[name] = map[string]any{"q": 1.0}
				}
			}
		}
		target := pool[0]
		var draw func(depth int) map[string]any
		draw = func(depth int) map[string]any {
			p := map[string]any{}
			for i, n := 0, rapid.IntRange(0, 3).Draw(t, "members"); i < n; i++ {
				name := names.Draw(t, "name")
				switch rapid.IntRange(0, 2).Draw(t, "value") {
				case 0:
					if depth < 4 {
						p[name] = draw(depth + 1)
					}
				case 1:
					p[name] = nil
				case 2:
					p[name] = float64(rapid.IntRange(0, 2).Draw(t, "number"))
				}
			}
			return p
		}
		patch := draw(0)

		before := renderGraph(target)
		want := copyGraph(target, map[uintptr]map[string]any{})
		twice := reachesTwice(target, patch, map[uintptr]bool{})
		err := MergeInto(target, patch)
		if twice {
			if !errors.Is(err, ErrSharedMap) {
				t.Fatalf("MergeInto through a map at two places: err = %v, want ErrSharedMap", err)
			}
			if after := renderGraph(target); after != before {
				t.Fatalf("MergeInto failed but changed target from %s to %s", before, after)
			}
			return
		}
		if err != nil {
			t.Fatalf("MergeInto: %v", err)
		}
		benchBaselineAssign(want, patch) // RFC 7396 in place, member by member
		if got, want := renderGraph(target), renderGraph(want); got != want {
			t.Fatalf("MergeInto left %s, want %s", got, want)
		}
	})
}

// reachesTwice reports whether patch merges objects into one map of target
// at two places: the definition of ErrSharedMap, walked plainly.
func reachesTwice(target, patch map[string]any, seen map[uintptr]bool) bool {
	id := reflect.ValueOf(target).Pointer()
	if seen[id] {
		return true
	}
	seen[id] = true
	for name, pv := range patch {
		p, _ := pv.(map[string]any)
		tm, _ := target[name].(map[string]any)
		if p != nil && tm != nil && reachesTwice(tm, p, seen) {
			return true
		}
	}
	return false
}

// copyGraph returns a copy of the maps reachable from m that holds each of
// them at the same places: copies maps each original to its copy.
func copyGraph(m map[string]any, copies map[uintptr]map[string]any) map[string]any {
	id := reflect.ValueOf(m).Pointer()
	if c, ok := copies[id]; ok {
		return c
	}
	c := make(map[string]any, len(m))
	copies[id] = c
	for name, v := range m {
		if vm, ok := v.(map[string]any); ok {
			v = copyGraph(vm, copies)
		}
		c[name] = v
	}
	return c
}

// renderGraph writes the maps reachable from m as text, members in order
// of name, numbering each map where it is first met and writing only its
// number where it is met again, so that two graphs of maps render the
// same when they have the same shape and values.
func renderGraph(m map[string]any) string {
	var b strings.Builder
	ids := map[uintptr]int{}
	var render func(m map[string]any)
	render = func(m map[string]any) {
		id := reflect.ValueOf(m).Pointer()
		if n, ok := ids[id]; ok {
			fmt.Fprintf(&b, "#%d", n)
			return
		}
		ids[id] = len(ids)
		fmt.Fprintf(&b, "#%d{", ids[id])
		names := make([]string, 0, len(m))
		for name := range m {
			names = append(names, name)
		}
		sort.Strings(names)
		for _, name := range names {
			fmt.Fprintf(&b, "%q:", name)
			if vm, ok := m[name].(map[string]any); ok {
				render(vm)
			} else {
				fmt.Fprintf(&b, "%v", m[name])
			}
			b.WriteByte(',')
		}
		b.WriteByte('}')
	}
	render(m)
	return b.String()
}
