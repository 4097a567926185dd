package deepmerge

// Helpers that the package's tests share. They take a rapid.TB, which both
// *testing.T and *rapid.T are, so that a failure inside a property reaches
// rapid, which then shrinks the case.

import (
	"errors"
	"flag"
	"fmt"
	"strconv"
	"testing"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"
)

// propertyChecks is how many cases each property checks by default.
const propertyChecks = 2000

func init() {
	// rapid writes fail files under testdata/rapid/ by default; testdata/
	// holds the shared conformance vectors, so keep it clean. A failure
	// still prints -rapid.seed=N to reproduce it; -rapid.nofailfile=false
	// brings the files back.
	if f := flag.Lookup("rapid.nofailfile"); f != nil {
		_ = f.Value.Set("true")
	}
}

// checkProperty runs prop for propertyChecks cases, or as rapid's flags
// say, through the package's one rapid driver.
func checkProperty(t *testing.T, prop func(*rapid.T)) {
	t.Helper()
	checkPropertyN(t, propertyChecks, prop)
}

// checkPropertyN runs prop for n cases, unless -rapid.checks was given on
// the command line. It must not run in parallel with other tests.
func checkPropertyN(t *testing.T, n int, prop func(*rapid.T)) {
	t.Helper()
	f := flag.Lookup("rapid.checks")
	set := false
	flag.Visit(func(fl *flag.Flag) {
		if fl.Name == "rapid.checks" {
			set = true
		}
	})
	if f != nil && !set {
		old := f.Value.String()
		if err := f.Value.Set(strconv.Itoa(n)); err == nil {
			defer f.Value.Set(old)
		}
	}
	rapid.Check(t, prop)
}

// mergeErr is the *Error expected for a fault in a Go value.
func mergeErr(input, path string, sentinel error) error {
	return &Error{Input: input, Path: path, Offset: -1, Err: sentinel}
}

// checkMergeError checks err against want, an *Error from mergeErr or nil.
func checkMergeError(tb rapid.TB, call string, err, want error, reason string) {
	tb.Helper()
	if want == nil {
		if err != nil {
			tb.Fatalf("%s: unexpected error %v (%s)", call, err, reason)
		}
		return
	}
	if err == nil {
		tb.Fatalf("%s: no error; want %v (%s)", call, want, reason)
	}
	got, ok := err.(*Error)
	if !ok {
		tb.Fatalf("%s: error %v is a %T; want *Error", call, err, err)
	}
	w := want.(*Error)
	type fields struct {
		Input, Path string
		Offset      int64
		Err         string
	}
	gotF := fields{got.Input, got.Path, got.Offset, fmt.Sprint(got.Err)}
	wantF := fields{w.Input, w.Path, w.Offset, fmt.Sprint(w.Err)}
	if diff := cmp.Diff(wantF, gotF); diff != "" {
		tb.Errorf("%s: error %q mismatch (-want +got):\n%s\nreason: %s", call, err, diff, reason)
	}
	if !errors.Is(err, w.Err) || got.Err != w.Err {
		tb.Errorf("%s: errors.Is(%v, %v) is false", call, err, w.Err)
	}
}

// checkUnchanged reports a difference between an input and its copy.
func checkUnchanged(tb rapid.TB, what string, before, after any) {
	tb.Helper()
	if diff := cmp.Diff(before, after, inputCmp); diff != "" {
		tb.Errorf("%s changed (-want +got):\n%s", what, diff)
	}
}
