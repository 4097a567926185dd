package deepmerge_test

import (
	"errors"
	"fmt"

	"github.com/deepmerge-go/deepmerge"
)

// Two updates queued offline become one patch, which applies as the two
// would in turn.
func ExampleCompose() {
	first := map[string]any{"plan": "pro", "prefs": map[string]any{"theme": "dark", "beta": true}}
	second := map[string]any{"prefs": map[string]any{"beta": nil, "lang": "en"}, "trial": nil}
	patch, err := deepmerge.Compose(first, second)
	if err != nil {
		panic(err)
	}
	show(patch)

	user := map[string]any{"plan": "free", "trial": true, "prefs": map[string]any{"font": "serif"}}
	once, _ := deepmerge.Merge(user, patch)
	step, _ := deepmerge.Merge(user, first)
	twice, _ := deepmerge.Merge(step, second)
	show(once)
	show(twice)
	// Output:
	// {"plan":"pro","prefs":{"beta":null,"lang":"en","theme":"dark"},"trial":null}
	// {"plan":"pro","prefs":{"font":"serif","lang":"en","theme":"dark"}}
	// {"plan":"pro","prefs":{"font":"serif","lang":"en","theme":"dark"}}
}

// The result keeps first's order and text; second's new members follow.
// Badge, which first removes and second sets again, is one of them.
func ExampleComposeJSON() {
	first := []byte(`{"badge":null,"name":"Ada","score":1.0,"prefs":{"theme":"dark"}}`)
	second := []byte(`{"prefs":{"lang":"en"},"score":2.50,"badge":"gold","id":12345678901234567890}`)
	patch, err := deepmerge.ComposeJSON(first, second)
	if err != nil {
		panic(err)
	}
	fmt.Println(string(patch))
	// Output:
	// {"name":"Ada","score":2.50,"prefs":{"theme":"dark","lang":"en"},"badge":"gold","id":12345678901234567890}
}

// When first sets a member to null, or to anything but an object, and
// second then sets it to an object, applying the two leaves exactly that
// object, whatever the target held; no single merge patch can do that, so
// Compose reports where.
func ExampleComposeJSON_notRepresentable() {
	_, err := deepmerge.ComposeJSON([]byte(`{"a":null}`), []byte(`{"a":{"x":1}}`))
	fmt.Println(errors.Is(err, deepmerge.ErrNotRepresentable))
	var e *deepmerge.Error
	if errors.As(err, &e) {
		fmt.Printf("%s %q %d\n", e.Input, e.Path, e.Offset)
	}
	fmt.Println(err)
	// Output:
	// true
	// second "/a" 5
	// deepmerge: second: offset 5: /a: first sets this member to null, and no merge patch can replace a member with an object
}
