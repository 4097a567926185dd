package deepmerge_test

import (
	"errors"
	"fmt"

	"github.com/deepmerge-go/deepmerge"
)

// Settings is a resource that a PATCH endpoint keeps as a Go struct.
type Settings struct {
	Theme   string            `json:"theme"`
	Notify  Notify            `json:"notify"`
	Labels  map[string]string `json:"labels,omitempty"`
	Devices []string          `json:"devices,omitempty"`
}

type Notify struct {
	Email bool `json:"email"`
	SMS   bool `json:"sms"`
}

func ExampleMergeJSONInto() {
	s := Settings{
		Theme:  "dark",
		Notify: Notify{Email: true},
		Labels: map[string]string{"env": "prod", "team": "core"},
	}
	// A nested object merges, null removes, anything else replaces.
	patch := []byte(`{"notify":{"sms":true},"labels":{"team":null},"theme":null}`)
	if err := deepmerge.MergeJSONInto(&s, patch); err != nil {
		panic(err)
	}
	fmt.Printf("%+v\n", s)
	// Output:
	// {Theme: Notify:{Email:true SMS:true} Labels:map[env:prod] Devices:[]}
}

func ExampleMergeJSONInto_errors() {
	s := Settings{Theme: "dark"}
	// The first member would apply; the second is of the wrong type. The
	// error points into the patch, and s is unchanged.
	err := deepmerge.MergeJSONInto(&s, []byte(`{"devices":["a"],"theme":5}`))
	var e *deepmerge.Error
	if errors.As(err, &e) {
		fmt.Println(e.Input, e.Path, e.Offset, errors.Is(err, deepmerge.ErrMismatchedType))
	}
	// Names match exactly, case included, and an unknown one is an error.
	err = deepmerge.MergeJSONInto(&s, []byte(`{"Theme":"light"}`))
	fmt.Println(errors.Is(err, deepmerge.ErrUnknownMember))
	fmt.Printf("%+v\n", s)
	// Output:
	// patch /theme 25 true
	// true
	// {Theme:dark Notify:{Email:false SMS:false} Labels:map[] Devices:[]}
}

func ExampleMergeJSONValue() {
	current := Settings{Theme: "dark", Labels: map[string]string{"env": "prod"}}
	next, err := deepmerge.MergeJSONValue(current, []byte(`{"labels":{"env":"dev"}}`))
	if err != nil {
		panic(err)
	}
	fmt.Println(next.Labels["env"], current.Labels["env"]) // current is untouched
	// Output:
	// dev prod
}

func ExampleDiffValues() {
	current := Settings{Theme: "dark", Devices: []string{"phone"}, Labels: map[string]string{"env": "prod"}}
	desired := Settings{Theme: "dark", Labels: map[string]string{"env": "dev"}}
	patch, err := deepmerge.DiffValues(current, desired)
	if err != nil {
		panic(err)
	}
	fmt.Println(string(patch))
	// Applied to current, the patch gives desired.
	if err := deepmerge.MergeJSONInto(&current, patch); err != nil {
		panic(err)
	}
	fmt.Printf("%+v\n", current)
	// Output:
	// {"labels":{"env":"dev"},"devices":null}
	// {Theme:dark Notify:{Email:false SMS:false} Labels:map[env:dev] Devices:[]}
}
