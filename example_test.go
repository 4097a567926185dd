package deepmerge_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"mime"
	"strings"

	"github.com/deepmerge-go/deepmerge"
)

// show prints v as JSON; encoding/json sorts map keys, so output is stable.
func show(v any) {
	b, err := json.Marshal(v)
	if err != nil {
		fmt.Println("error:", err)
		return
	}
	fmt.Println(string(b))
}

func ExampleMerge() {
	metadata := map[string]any{
		"plan":  "free",
		"prefs": map[string]any{"theme": "dark", "lang": "en"},
	}
	patch := map[string]any{
		"plan":  "pro",
		"prefs": map[string]any{"lang": "fr"},
	}
	out, err := deepmerge.Merge(metadata, patch)
	if err != nil {
		panic(err)
	}
	show(out)
	show(metadata) // unchanged
	// Output:
	// {"plan":"pro","prefs":{"lang":"fr","theme":"dark"}}
	// {"plan":"free","prefs":{"lang":"en","theme":"dark"}}
}

// A null in the patch removes the member, at any depth.
func ExampleMerge_deleteKey() {
	metadata := map[string]any{
		"onboarded": true,
		"prefs":     map[string]any{"theme": "dark", "beta": true},
	}
	patch := map[string]any{
		"onboarded": nil,
		"prefs":     map[string]any{"beta": nil},
	}
	out, _ := deepmerge.Merge(metadata, patch)
	show(out)
	// Output:
	// {"prefs":{"theme":"dark"}}
}

// Arrays are values: a patch replaces them whole, and nulls inside them are
// kept.
func ExampleMerge_arraysReplace() {
	metadata := map[string]any{"tags": []any{"a", "b", "c"}}
	patch := map[string]any{"tags": []any{"z", nil}}
	out, _ := deepmerge.Merge(metadata, patch)
	show(out)
	// Output:
	// {"tags":["z",null]}
}

// Decoding with UseNumber keeps numbers exact through a merge.
func ExampleMerge_exactNumbers() {
	decode := func(s string) map[string]any {
		d := json.NewDecoder(strings.NewReader(s))
		d.UseNumber()
		var m map[string]any
		if err := d.Decode(&m); err != nil {
			panic(err)
		}
		return m
	}
	target := decode(`{"id": 12345678901234567890, "price": 1.50}`)
	patch := decode(`{"price": 2.10}`)
	out, _ := deepmerge.Merge(target, patch)
	show(out)
	// Output:
	// {"id":12345678901234567890,"price":2.10}
}

// Values of other types mean what encoding/json makes of them.
func ExampleMerge_typedValues() {
	type Address struct {
		City string `json:"city"`
		Zip  string `json:"zip,omitempty"`
	}
	target := map[string]any{
		"address": map[string]any{"city": "Paris", "zip": "75001"},
		"nick":    "ada",
	}
	var noNick *string // a nil pointer is null: it removes "nick"
	patch := map[string]any{
		"address": Address{City: "Lyon"}, // an object: merged, "zip" kept
		"nick":    noNick,
		"roles":   []string{"admin"},
	}
	out, _ := deepmerge.Merge(target, patch)
	show(out)
	fmt.Printf("%T\n", out["roles"])
	// Output:
	// {"address":{"city":"Lyon","zip":"75001"},"roles":["admin"]}
	// []interface {}
}

// The result shares nothing with the inputs.
func ExampleMerge_noAliasing() {
	target := map[string]any{"list": []any{"x"}}
	patch := map[string]any{"obj": map[string]any{"k": "v"}}
	out, _ := deepmerge.Merge(target, patch)
	out["list"].([]any)[0] = "changed"
	out["obj"].(map[string]any)["k"] = "changed"
	show(target)
	show(patch)
	// Output:
	// {"list":["x"]}
	// {"obj":{"k":"v"}}
}

func ExampleMergeInto() {
	metadata := map[string]any{"visits": 1, "prefs": map[string]any{"theme": "dark"}}
	if err := deepmerge.MergeInto(metadata, map[string]any{
		"visits": 2,
		"prefs":  map[string]any{"theme": nil, "lang": "en"},
	}); err != nil {
		panic(err)
	}
	show(metadata)
	// Output:
	// {"prefs":{"lang":"en"},"visits":2}
}

// When MergeInto fails, the target is as it was.
func ExampleMergeInto_atomic() {
	metadata := map[string]any{"a": 1, "b": 2}
	err := deepmerge.MergeInto(metadata, map[string]any{
		"a": nil,
		"b": map[string]any{"bad": make(chan int)},
	})
	fmt.Println(err)
	show(metadata)
	// Output:
	// deepmerge: patch: /b/bad: unsupported value of type chan int
	// {"a":1,"b":2}
}

// A target may hold one map at two places. A change made through one place
// shows at both; a patch that merges into the map through both places is
// ErrSharedMap, since the two changes would meet in one map, and changes
// nothing.
func ExampleMergeInto_sharedMap() {
	defaults := map[string]any{"theme": "dark"}
	settings := map[string]any{"web": defaults, "mobile": defaults}

	if err := deepmerge.MergeInto(settings, map[string]any{
		"web": map[string]any{"theme": "light"},
	}); err != nil {
		panic(err)
	}
	show(settings)

	err := deepmerge.MergeInto(settings, map[string]any{
		"web":    map[string]any{"font": "serif"},
		"mobile": map[string]any{"font": "sans"},
	})
	fmt.Println(errors.Is(err, deepmerge.ErrSharedMap))
	show(settings)
	// Output:
	// {"mobile":{"theme":"light"},"web":{"theme":"light"}}
	// true
	// {"mobile":{"theme":"light"},"web":{"theme":"light"}}
}

func ExampleMergeJSON() {
	target := []byte(`{"name":"Ada","id":12345678901234567890,"prefs":{"theme":"dark","beta":true}}`)
	patch := []byte(`{"prefs":{"beta":null,"lang":"en"},"score":1.0}`)
	out, err := deepmerge.MergeJSON(target, patch)
	if err != nil {
		panic(err)
	}
	fmt.Println(string(out))
	// Output:
	// {"name":"Ada","id":12345678901234567890,"prefs":{"theme":"dark","lang":"en"},"score":1.0}
}

// A patch that is not an object replaces the whole document.
func ExampleMergeJSON_replace() {
	out, _ := deepmerge.MergeJSON([]byte(`{"a":1}`), []byte(`[1, 2]`))
	fmt.Println(string(out))
	// Output:
	// [1,2]
}

// Invalid input is an error that says where.
func ExampleMergeJSON_errors() {
	_, err := deepmerge.MergeJSON([]byte(`{"role":"user"}`), []byte(`{"role":"admin","role":"user"}`))
	fmt.Println(err)
	fmt.Println(errors.Is(err, deepmerge.ErrDuplicateName))
	// Output:
	// deepmerge: patch: offset 16: /role: duplicate member name "role"
	// true
}

// A zero-length target, such as a database NULL read into a []byte, is
// absent: the patch is applied to nothing, and its nulls are dropped.
func ExampleMergeJSON_absentTarget() {
	var stored []byte // NULL: nothing stored yet
	out, err := deepmerge.MergeJSON(stored, []byte(`{"theme":"dark","beta":null}`))
	fmt.Println(string(out), err)
	// Output:
	// {"theme":"dark"} <nil>
}

func ExampleAppendMergeJSON() {
	buf := make([]byte, 0, 256)
	for _, patch := range []string{`{"n":1}`, `{"n":2,"x":true}`} {
		var err error
		buf, err = deepmerge.AppendMergeJSON(buf[:0], []byte(`{"n":0}`), []byte(patch))
		if err != nil {
			panic(err)
		}
		fmt.Println(string(buf))
	}
	// Output:
	// {"n":1}
	// {"n":2,"x":true}
}

func ExampleValidate() {
	fmt.Println(deepmerge.Validate([]byte(`{"a": [1, 2, {"b": null}]}`)))
	fmt.Println(deepmerge.Validate([]byte(`{"a": 1, "\u0061": 2}`)))
	fmt.Println(deepmerge.Validate([]byte(`{"a": 1} {}`)))
	// Output:
	// <nil>
	// deepmerge: offset 9: /a: duplicate member name "a"
	// deepmerge: offset 9: invalid character '{' after top-level value
}

func ExampleDiff() {
	before := map[string]any{"plan": "free", "prefs": map[string]any{"theme": "dark", "beta": true}}
	after := map[string]any{"plan": "pro", "prefs": map[string]any{"theme": "dark"}}
	patch, err := deepmerge.Diff(before, after)
	if err != nil {
		panic(err)
	}
	show(patch)
	// Output:
	// {"plan":"pro","prefs":{"beta":null}}
}

func ExampleDiffJSON() {
	before := []byte(`{"plan":"free","seats":1,"prefs":{"theme":"dark","beta":true}}`)
	after := []byte(`{"plan":"free","seats":5,"prefs":{"theme":"light"},"trial":false}`)
	patch, err := deepmerge.DiffJSON(before, after)
	if err != nil {
		panic(err)
	}
	fmt.Println(string(patch))
	// Output:
	// {"seats":5,"prefs":{"theme":"light","beta":null},"trial":false}
}

// No merge patch can store a null member, so such a document is an error.
func ExampleDiffJSON_notRepresentable() {
	_, err := deepmerge.DiffJSON([]byte(`{"a":1}`), []byte(`{"a":null}`))
	fmt.Println(errors.Is(err, deepmerge.ErrNotRepresentable))
	fmt.Println(err)
	// Output:
	// true
	// deepmerge: modified: offset 5: /a: a merge patch cannot store a null member
}

func ExampleOptions() {
	opts := deepmerge.Options{MaxDepth: 2}
	_, err := opts.MergeJSON([]byte(`{}`), []byte(`{"a":{"b":{"c":1}}}`))
	fmt.Println(err)
	fmt.Println(errors.Is(err, deepmerge.ErrMaxDepth))
	// Output:
	// deepmerge: patch: offset 10: /a/b: nesting exceeds maximum depth 2
	// true
}

func ExampleError() {
	_, err := deepmerge.MergeJSON([]byte(`{"a":1}`), []byte(`{"a": tru}`))
	var e *deepmerge.Error
	if errors.As(err, &e) {
		fmt.Println(e.Input, e.Offset, e.Path, errors.Is(e, deepmerge.ErrSyntax))
	}
	// Output:
	// patch 9 /a true
}

// An API that reports the location in fields of its own takes the reason
// apart from it.
func ExampleError_Reason() {
	_, err := deepmerge.MergeJSON([]byte(`{}`), []byte(`{"role":"a","role":"b"}`))
	var e *deepmerge.Error
	if errors.As(err, &e) {
		fmt.Printf("pointer %q, offset %d: %s\n", e.Path, e.Offset, e.Reason())
	}
	// Output:
	// pointer "/role", offset 12: duplicate member name "role"
}

// A self-containing map is an error, not a stack overflow.
func ExampleError_cycle() {
	m := map[string]any{}
	m["self"] = m
	_, err := deepmerge.Merge(m, nil)
	fmt.Println(err)
	// Output:
	// deepmerge: target: /self: cyclic value: it contains itself
}

// Output is compact and keeps the target's text; indent it if people read it.
func ExampleMergeJSON_indent() {
	out, _ := deepmerge.MergeJSON([]byte(`{"b": 1.50, "a": "\u00e9"}`), []byte(`{"c": {}}`))
	var buf bytes.Buffer
	_ = json.Indent(&buf, out, "", "  ")
	fmt.Println(buf.String())
	// Output:
	// {
	//   "b": 1.50,
	//   "a": "\u00e9",
	//   "c": {}
	// }
}

// A server can tell a merge patch by the media type in its Content-Type.
func ExampleMediaType() {
	for _, contentType := range []string{
		"application/merge-patch+json; charset=utf-8",
		"application/json-patch+json", // RFC 6902, a different format
	} {
		mediaType, _, err := mime.ParseMediaType(contentType)
		fmt.Println(err == nil && mediaType == deepmerge.MediaType)
	}
	// Output:
	// true
	// false
}

// A document stored by a program that is less strict can be checked, and
// repaired as encoding/json and JSON.parse read it.
func ExampleNormalize() {
	stored := []byte("{\"role\": \"user\", \"name\": \"Ad\xffa\", \"role\": \"admin\"}")
	fmt.Println(deepmerge.Validate(stored))
	fixed, err := deepmerge.Normalize(stored)
	fmt.Println(string(fixed), err)
	// Output:
	// deepmerge: offset 28: /name: invalid UTF-8 in string
	// {"role":"admin","name":"Ad�a"} <nil>
}
