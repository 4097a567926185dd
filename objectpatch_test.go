package deepmerge

// Tests of Options.ObjectPatch, on every function that honours it (the
// batching functions' in batch_test.go): the refusal, its place, and its
// order among the faults of the strict read.

import (
	"errors"
	"fmt"
	"testing"
)

func otpP(off int64, err error) jtWant { return jtWant{"patch", "", off, err} }

// TestObjectPatchMerge: MergeJSON and AppendMergeJSON with ObjectPatch
// refuse a patch that is not an object, after its own strict read and
// before the target is read; an object patch merges as without it.
func TestObjectPatchMerge(t *testing.T) {
	for _, c := range []struct {
		name          string
		target, patch string
		maxDepth      int
		want          string // the result, when no error
		wantErr       jtWant
		reason        string
	}{
		{"null", `{"a":1}`, `null`, 0, "", otpP(0, ErrNotObject), "null would wipe the resource"},
		{"array after space", `{"a":1}`, " \n[1]", 0, "", otpP(2, ErrNotObject), "Offset is the value's first byte"},
		{"string", `{"a":1}`, `"s"`, 0, "", otpP(0, ErrNotObject), "a scalar would replace the resource"},
		{"number", `{"a":1}`, `1.0`, 0, "", otpP(0, ErrNotObject), "a scalar would replace the resource"},
		{"boolean", `{"a":1}`, ` false `, 0, "", otpP(1, ErrNotObject), "a scalar would replace the resource"},
		{"absent target", ``, `null`, 0, "", otpP(0, ErrNotObject), "refused whatever the target"},
		{"syntax first", `{}`, `[1,]`, 0, "", jtWant{"patch", "/1", 3, ErrSyntax}, "a fault of the strict read comes first"},
		{"trailing data first", `{}`, `null x`, 0, "", otpP(5, ErrSyntax), "the whole patch is read before the refusal"},
		{"empty patch", `{}`, ``, 0, "", otpP(0, ErrSyntax), "an empty patch is no value at all"},
		{"invalid UTF-8 first", `{}`, "[\"\xff\"]", 0, "", jtWant{"patch", "/0", 2, ErrInvalidUTF8}, "every byte is checked first"},
		{"repeated name first", `{}`, `[{"a":1,"a":2}]`, 0, "", jtWant{"patch", "/0/a", 8, ErrDuplicateName}, "arrays of a patch are checked too"},
		{"depth first", `{}`, `[[1]]`, 1, "", jtWant{"patch", "/0", 1, ErrMaxDepth}, "depth is part of the strict read"},
		{"before the target's faults", `{"a":1,"a":2}`, `"s"`, 0, "", otpP(0, ErrNotObject), "the patch is refused before the target is read"},
		{"target after an object patch", `{"a":}`, `{}`, 0, "", jtWant{"target", "/a", 5, ErrSyntax}, "an object patch goes on to the target"},
		{"object", `{"a":1,"b":2}`, `{"a":null,"c":[null]}`, 0, `{"b":2,"c":[null]}`, jtWant{}, "object patches merge as always"},
		{"object into a scalar", `"s"`, `{"a":1}`, 0, `{"a":1}`, jtWant{}, "only the patch must be an object"},
	} {
		o := Options{MaxDepth: c.maxDepth, ObjectPatch: true}
		target, patch := []byte(c.target), []byte(c.patch)
		got, err := o.MergeJSON(target, patch)
		dst := []byte("keep")
		agot, aerr := o.AppendMergeJSON(dst, target, patch)
		name := fmt.Sprintf("%s: MergeJSON(%q, %q)", c.name, c.target, c.patch)
		if c.wantErr.err != nil {
			jtCheckErr(t, name+" ("+c.reason+")", err, c.wantErr)
			jtCheckErr(t, name+" (AppendMergeJSON)", aerr, c.wantErr)
			if got != nil || string(agot) != "keep" {
				t.Errorf("%s: results %q, %q with the error; want nil and dst", name, got, agot)
			}
			continue
		}
		if err != nil || aerr != nil || string(got) != c.want || string(agot) != "keep"+c.want {
			t.Errorf("%s = %q, %v; Append %q, %v; want %q (%s)", name, got, err, agot, aerr, c.want, c.reason)
		}
	}
	// Without the option, the same patches replace the document.
	for _, p := range []string{`null`, `[1]`, `"s"`, `1.0`, `false`} {
		if got, err := MergeJSON([]byte(`{"a":1}`), []byte(p)); err != nil || string(got) != p {
			t.Errorf("MergeJSON(_, %s) = %q, %v; want the patch: the default takes any value", p, got, err)
		}
	}
}

// TestObjectPatchCompose: ComposeJSON with ObjectPatch refuses either
// input that is not an object, first's faults (the refusal included)
// before any of second's.
func TestObjectPatchCompose(t *testing.T) {
	for _, c := range []struct {
		name          string
		first, second string
		want          jtWant
		reason        string
	}{
		{"null first", `null`, `{}`, ctF("", 0, ErrNotObject), "not ErrNotRepresentable: first is refused first"},
		{"null second", `{"a":1}`, ` null`, ctS("", 1, ErrNotObject), "second too"},
		{"array second", `{}`, `[]`, ctS("", 0, ErrNotObject), "any value but an object"},
		{"first before second's fault", `5`, `{"a":}`, ctF("", 0, ErrNotObject), "first is refused before second is read"},
		{"first's fault first", `[1,1,]`, `{}`, ctF("/2", 5, ErrSyntax), "the strict read comes before the refusal"},
		{"second's fault first", `{}`, `[{"x":1,"x":1}]`, ctS("/0/x", 8, ErrDuplicateName), "in second as in first"},
		{"not representable", `{"a":null}`, `{"a":{}}`, ctS("/a", 5, ErrNotRepresentable), "objects that do not compose still say so"},
	} {
		_, err := Options{ObjectPatch: true}.ComposeJSON([]byte(c.first), []byte(c.second))
		jtCheckErr(t, fmt.Sprintf("%s: ComposeJSON(%q, %q) (%s)", c.name, c.first, c.second, c.reason), err, c.want)
	}
	if got, err := (Options{ObjectPatch: true}).ComposeJSON([]byte(`{"a":1}`), []byte(`{"b":[null]}`)); err != nil || string(got) != `{"a":1,"b":[null]}` {
		t.Errorf("ComposeJSON of objects with ObjectPatch = %q, %v", got, err)
	}
}

// TestObjectPatchErrorMessage: the refusal says what the patch is, in a
// message fit for a client.
func TestObjectPatchErrorMessage(t *testing.T) {
	_, err := Options{ObjectPatch: true}.MergeJSON([]byte(`{}`), []byte(`null`))
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("MergeJSON: %v, want an *Error", err)
	}
	if got, want := e.Error(), "deepmerge: patch: offset 0: the patch must be an object, not null"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
	if got, want := e.Reason(), "the patch must be an object, not null"; got != want {
		t.Errorf("Reason() = %q, want %q", got, want)
	}
}

// TestCheckObjectPatchHook: the helper that every function honouring
// ObjectPatch calls names the kind from a tree node's kind or from the
// first byte of the value's text alike, so that a reader without a tree
// can call it too.
func TestCheckObjectPatchHook(t *testing.T) {
	for _, c := range []struct {
		first  byte
		want   string // the reason; "" for no fault
		reason string
	}{
		{'{', "", "an object is taken"},
		{'n', "the patch must be an object, not null", "null"},
		{'[', "the patch must be an object, not an array", "an array"},
		{'"', "the patch must be an object, not a string", "a string"},
		{'t', "the patch must be an object, not a boolean", "true"},
		{'f', "the patch must be an object, not a boolean", "false"},
		{'0', "the patch must be an object, not a number", "a tree node's number"},
		{'-', "the patch must be an object, not a number", "a number's first byte"},
		{'7', "the patch must be an object, not a number", "a number's first byte"},
	} {
		if f := (Options{}).checkObjectPatch(inPatch, c.first, 3); f != nil {
			t.Errorf("%q: the default refused it: %v", c.first, f.done())
		}
		f := Options{ObjectPatch: true}.checkObjectPatch(inPatch, c.first, 3)
		if c.want == "" {
			if f != nil {
				t.Errorf("%q: %v, want no fault (%s)", c.first, f.done(), c.reason)
			}
			continue
		}
		if f == nil {
			t.Errorf("%q: no fault, want %q (%s)", c.first, c.want, c.reason)
			continue
		}
		e := f.done()
		jtCheckErr(t, fmt.Sprintf("%q (%s)", c.first, c.reason), e, otpP(3, ErrNotObject))
		if e.Reason() != c.want {
			t.Errorf("%q: Reason %q, want %q (%s)", c.first, e.Reason(), c.want, c.reason)
		}
	}
}

// TestObjectPatchMergeJSONInto: MergeJSONInto with ObjectPatch refuses a
// patch that is not an object, once the patch has passed the strict read,
// and leaves the target as it was; without the option such a patch
// replaces the whole value, as RFC 7396 says.
func TestObjectPatchMergeJSONInto(t *testing.T) {
	type settings struct {
		Theme string `json:"theme"`
	}
	for _, c := range []struct {
		name    string
		patch   string
		wantErr jtWant
		reason  string
	}{
		{"null", `null`, otpP(0, ErrNotObject), "null would reset the whole value"},
		{"string after space", ` "x"`, otpP(1, ErrNotObject), "Offset is the value's first byte"},
		{"syntax first", `[1,]`, jtWant{"patch", "/1", 3, ErrSyntax}, "a fault of the strict read comes first"},
		{"repeated name first", `[{"a":1,"a":2}]`, jtWant{"patch", "/0/a", 8, ErrDuplicateName}, "the whole patch is checked first"},
	} {
		s := settings{Theme: "dark"}
		err := Options{ObjectPatch: true}.MergeJSONInto(&s, []byte(c.patch))
		jtCheckErr(t, c.name+" ("+c.reason+")", err, c.wantErr)
		if s.Theme != "dark" {
			t.Errorf("%s: target changed to %+v", c.name, s)
		}
	}
	s := settings{Theme: "dark"}
	if err := (Options{ObjectPatch: true}).MergeJSONInto(&s, []byte(`{"theme":"light"}`)); err != nil || s.Theme != "light" {
		t.Errorf("object patch with ObjectPatch: %+v, %v; want theme light", s, err)
	}
	s = settings{Theme: "dark"}
	if err := MergeJSONInto(&s, []byte(`null`)); err != nil || s.Theme != "" {
		t.Errorf("null patch without ObjectPatch: %+v, %v; want the zero value (RFC 7396 replaces the whole value)", s, err)
	}
}
