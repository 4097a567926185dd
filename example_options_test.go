package deepmerge_test

import (
	"errors"
	"fmt"
	"net/http"

	"github.com/deepmerge-go/deepmerge"
)

// A PATCH endpoint on an object resource refuses a body that would replace
// the whole resource, such as null, and answers 422.
func ExampleOptions_objectPatch() {
	opts := deepmerge.Options{ObjectPatch: true}
	stored := []byte(`{"name":"Ada","prefs":{"theme":"dark"}}`)
	for _, body := range []string{`{"prefs":{"theme":null}}`, ` null`, `[1,]`} {
		out, err := opts.MergeJSON(stored, []byte(body))
		var e *deepmerge.Error
		switch {
		case errors.Is(err, deepmerge.ErrNotObject):
			errors.As(err, &e)
			fmt.Println(http.StatusUnprocessableEntity, e.Offset, e.Reason())
		case errors.As(err, &e):
			fmt.Println(http.StatusBadRequest, e.Offset, e.Reason())
		default:
			fmt.Println(http.StatusOK, string(out))
		}
	}
	// Output:
	// 200 {"name":"Ada","prefs":{}}
	// 422 1 the patch must be an object, not null
	// 400 3 invalid character ']' looking for beginning of value
}
