package benchcmp

import (
	"testing"

	"github.com/deepmerge-go/deepmerge"
	jsonpatch "github.com/evanphx/json-patch/v5"
)

// TestEvanphxCompat shows, on a few inputs, what RFC 7396 gives, checks
// that deepmerge gives exactly that, and logs what evanphx's MergePatch
// gives. evanphx's answers are recorded, not judged: run with -v to see
// them.
func TestEvanphxCompat(t *testing.T) {
	for _, c := range []struct{ name, target, patch, want string }{
		{"null target", `null`, `{"a":1}`, `{"a":1}`},
		{"array target", `[1,2]`, `{"a":1}`, `{"a":1}`},
		{"string target", `"text"`, `{"a":1}`, `{"a":1}`},
		{"null inside an array", `{"a":1}`, `{"b":[1,null]}`, `{"a":1,"b":[1,null]}`},
		{"null inside an object inside an array", `{}`, `{"b":[{"c":null}]}`, `{"b":[{"c":null}]}`},
		{"nulls in a new object", `{}`, `{"a":{"b":null,"c":1}}`, `{"a":{"c":1}}`},
		{"object patch on a scalar member", `{"a":"x"}`, `{"a":{"b":null}}`, `{"a":{}}`},
		{"object patch on a null member", `{"a":null,"b":2}`, `{"a":{"c":[{"d":null}],"e":null}}`, `{"a":{"c":[{"d":null}]},"b":2}`},
		{"array patch", `{"a":1}`, `[1,2]`, `[1,2]`},
		{"null patch", `{"a":1}`, `null`, `null`},
		{"RFC 7396 section 3",
			`{"title":"Goodbye!","author":{"givenName":"John","familyName":"Doe"},"tags":["example","sample"],"content":"This will be unchanged"}`,
			`{"title":"Hello!","phoneNumber":"+01-123-456-7890","author":{"familyName":null},"tags":["example"]}`,
			`{"title":"Hello!","author":{"givenName":"John"},"tags":["example"],"content":"This will be unchanged","phoneNumber":"+01-123-456-7890"}`},
	} {
		got, err := deepmerge.MergeJSON([]byte(c.target), []byte(c.patch))
		if err != nil || string(got) != c.want {
			t.Errorf("%s: deepmerge.MergeJSON(%s, %s) = %s, %v; want %s", c.name, c.target, c.patch, got, err, c.want)
		}
		ev, err := jsonpatch.MergePatch([]byte(c.target), []byte(c.patch))
		switch {
		case err != nil:
			t.Logf("%s: evanphx differs: error %q (RFC 7396: %s)", c.name, err, c.want)
		case !sameJSON(ev, []byte(c.want)):
			t.Logf("%s: evanphx differs: %s (RFC 7396: %s)", c.name, ev, c.want)
		default:
			t.Logf("%s: evanphx agrees: %s", c.name, ev)
		}
	}
}
