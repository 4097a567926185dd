package deepmerge_test

import (
	"errors"
	"fmt"

	"github.com/deepmerge-go/deepmerge"
)

// A modified document written by a program that writes an empty field as
// null cannot be reached by a merge patch, which never stores a null
// member. When the null means "no value", remove the null members with a
// merge into nothing, then take the diff.
func ExampleDiffJSON_nullMember() {
	stored := []byte(`{"name":"Ada","nickname":"ada"}`)
	edited := []byte(`{"name":"Ada","nickname":null,"bio":null}`)
	_, err := deepmerge.DiffJSON(stored, edited)
	fmt.Println(errors.Is(err, deepmerge.ErrNotRepresentable), err)

	cleaned, _ := deepmerge.MergeJSON(nil, edited) // edited less its null members
	patch, err := deepmerge.DiffJSON(stored, cleaned)
	fmt.Println(string(cleaned), string(patch), err)
	// Output:
	// true deepmerge: modified: offset 25: /nickname: a merge patch cannot store a null member
	// {"name":"Ada"} {"nickname":null} <nil>
}
