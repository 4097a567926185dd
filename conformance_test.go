package deepmerge

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// confFile holds the language-neutral test vectors described in
// SPEC.md §7.
const confFile = "testdata/conformance.json"

// confMinCases is a floor on the number of cases in confFile,
// so that the file cannot silently shrink (or fail to load as a shorter
// array) without this test noticing.
const confMinCases = 130

// confCase is one case of confFile: a value case (target,
// patch, expected or error) or a text case (target_text or target_hex,
// patch_text or patch_hex, expected_text or error).
type confCase struct {
	Comment  string `json:"comment"`
	MaxDepth int    `json:"max_depth"`
	Error    string `json:"error"`

	// Value cases. The members are kept as raw text: MergeJSON runs on
	// exactly that text, and a missing member (nil) stays distinct from a
	// JSON null (the text "null").
	Target   json.RawMessage `json:"target"`
	Patch    json.RawMessage `json:"patch"`
	Expected json.RawMessage `json:"expected"`

	// Text cases.
	TargetText   *string `json:"target_text"`
	TargetHex    *string `json:"target_hex"`
	PatchText    *string `json:"patch_text"`
	PatchHex     *string `json:"patch_hex"`
	ExpectedText *string `json:"expected_text"`
	ErrorInput   *string `json:"error_input"`
	ErrorOffset  *int64  `json:"error_offset"`
}

// confErrors maps the error names of SPEC.md §7 to the sentinels.
var confErrors = map[string]error{
	"syntax":            ErrSyntax,
	"invalid-utf8":      ErrInvalidUTF8,
	"duplicate-name":    ErrDuplicateName,
	"max-depth":         ErrMaxDepth,
	"unsupported-value": ErrUnsupportedValue,
}

func (c *confCase) isText() bool {
	return c.TargetText != nil || c.TargetHex != nil || c.PatchText != nil ||
		c.PatchHex != nil || c.ExpectedText != nil || c.ErrorInput != nil || c.ErrorOffset != nil
}

// check reports what is malformed about the case itself, so that a typo in
// the file fails loudly instead of skipping checks.
func (c *confCase) check() error {
	if c.Comment == "" {
		return errors.New("no comment")
	}
	if c.Error != "" && confErrors[c.Error] == nil {
		return fmt.Errorf("unknown error name %q", c.Error)
	}
	if c.isText() {
		switch {
		case c.Target != nil || c.Patch != nil || c.Expected != nil:
			return errors.New("mixes value fields and text fields")
		case (c.TargetText == nil) == (c.TargetHex == nil):
			return errors.New("needs exactly one of target_text and target_hex")
		case (c.PatchText == nil) == (c.PatchHex == nil):
			return errors.New("needs exactly one of patch_text and patch_hex")
		case (c.ExpectedText == nil) == (c.Error == ""):
			return errors.New("needs exactly one of expected_text and error")
		case c.Error == "" && (c.ErrorInput != nil || c.ErrorOffset != nil):
			return errors.New("error_input or error_offset without error")
		}
		return nil
	}
	switch {
	case c.Target == nil || c.Patch == nil:
		return errors.New("value case needs both target and patch")
	case (c.Expected == nil) == (c.Error == ""):
		return errors.New("needs exactly one of expected and error")
	}
	return nil
}

// confLoad reads the JSON array of cases in the file path, strictly: an
// unknown member of a case is an error, so that a misspelt field cannot
// silently drop an assertion.
func confLoad[C any](t *testing.T, path string) []C {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var cases []C
	if err := dec.Decode(&cases); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	if _, err := dec.Token(); err != io.EOF {
		t.Fatalf("%s: data after the array", path)
	}
	return cases
}

func TestConformance(t *testing.T) {
	cases := confLoad[confCase](t, confFile)
	if len(cases) < confMinCases {
		t.Fatalf("%s has %d cases, want at least %d", confFile, len(cases), confMinCases)
	}
	for i := range cases {
		// The go directive is 1.21: the loop variable is shared between
		// iterations, so each closure gets its own copy.
		i, c := i, cases[i]
		t.Run(fmt.Sprintf("%03d %s", i, c.Comment), func(t *testing.T) {
			if err := c.check(); err != nil {
				t.Fatalf("malformed case %d: %v", i, err)
			}
			if c.isText() {
				confRunText(t, &c)
			} else {
				confRunValue(t, &c)
			}
		})
	}
}

// confRunValue runs a value case through the map functions, where they
// apply, and through MergeJSON.
//
// The map functions take only objects, so they run when the patch is an
// object and the target is an object or null. A null target is passed as a
// nil map: Merge reads a nil top-level map as {}, and RFC 7396 merges an
// object patch into null exactly as into {}, so the result must be the
// same. The patch must be an object, though: a nil patch map also means {},
// which would leave the target as it is, while a null patch replaces the
// target by null. Targets that are strings, numbers, booleans or arrays are
// skipped (SPEC.md §7), as are patches that are not objects.
func confRunValue(t *testing.T, c *confCase) {
	opts := Options{MaxDepth: c.MaxDepth}
	wantErr := confErrors[c.Error]
	var want any
	if wantErr == nil {
		want = confMustDecode(t, "expected", c.Expected)
	}

	target := confMustDecode(t, "target", c.Target)
	patch := confMustDecode(t, "patch", c.Patch)
	targetMap, targetIsObject := target.(map[string]any)
	patchMap, patchIsObject := patch.(map[string]any)

	if patchIsObject && (targetIsObject || target == nil) {
		// Merge: targetMap is a nil map when the target is null.
		got, err := opts.Merge(targetMap, patchMap)
		if wantErr != nil {
			confCheckError(t, "Merge", err, wantErr)
		} else if err != nil {
			t.Errorf("Merge: unexpected error: %s", confShort(err))
		} else {
			if diff := cmp.Diff(want, any(got)); diff != "" {
				t.Errorf("Merge: result mismatch (-want +got):\n%s", diff)
			}
			// The result shares nothing with the inputs: scribbling
			// over it must leave them as they were.
			scribble(got)
		}
		confCheckUnchanged(t, "Merge", "target", c.Target, target)
		confCheckUnchanged(t, "Merge", "patch", c.Patch, patch)

		// MergeInto works on a deep copy of the target: a fresh decode of
		// its text. A nil map is ErrNilTarget for MergeInto, so a null
		// target becomes an empty map, which RFC 7396 treats alike.
		into := map[string]any{}
		if targetIsObject {
			into = confMustDecode(t, "target", c.Target).(map[string]any)
		}
		err = opts.MergeInto(into, patchMap)
		if wantErr != nil {
			confCheckError(t, "MergeInto", err, wantErr)
			// Atomic: on error the target is exactly as it was.
			orig := map[string]any{}
			if targetIsObject {
				orig = confMustDecode(t, "target", c.Target).(map[string]any)
			}
			if diff := cmp.Diff(orig, into); diff != "" {
				t.Errorf("MergeInto: target modified by a failed merge (-want +got):\n%s", diff)
			}
		} else if err != nil {
			t.Errorf("MergeInto: unexpected error: %s", confShort(err))
		} else {
			if diff := cmp.Diff(want, any(into)); diff != "" {
				t.Errorf("MergeInto: result mismatch (-want +got):\n%s", diff)
			}
			// The values MergeInto stores are copies, never the
			// patch's own maps or slices.
			scribble(into)
		}
		confCheckUnchanged(t, "MergeInto", "patch", c.Patch, patch)
	}

	// MergeJSON runs on the raw text of every value case.
	var checkErr func(error)
	if wantErr != nil {
		checkErr = func(err error) { confCheckError(t, "MergeJSON", err, wantErr) }
	}
	confRunBytes(t, "MergeJSON", opts.MergeJSON, c.Target, c.Patch, checkErr, nil, want)
}

// confRunBytes runs f, the text function api, on copies of a and b, and
// checks that it leaves them as they were and that it fails as checkErr
// accepts, when checkErr is not nil, and otherwise returns exactly
// wantText, when that is not nil, or else text whose value is wantValue.
func confRunBytes(t *testing.T, api string, f func(a, b []byte) ([]byte, error), a, b []byte,
	checkErr func(error), wantText []byte, wantValue any) {
	t.Helper()
	ac, bc := bytes.Clone(a), bytes.Clone(b)
	out, err := f(ac, bc)
	switch {
	case checkErr != nil:
		checkErr(err)
	case err != nil:
		t.Errorf("%s: unexpected error: %s", api, confShort(err))
	case wantText != nil:
		if !bytes.Equal(out, wantText) {
			t.Errorf("%s:\n got %q\nwant %q", api, out, wantText)
		}
	default:
		got, derr := decodeJSONValue(out)
		if derr != nil {
			t.Errorf("%s: output %q is not JSON: %v", api, out, derr)
		} else if diff := cmp.Diff(wantValue, got); diff != "" {
			t.Errorf("%s: result mismatch (-want +got):\n%s\noutput: %s", api, diff, out)
		}
	}
	if !bytes.Equal(ac, a) || !bytes.Equal(bc, b) {
		t.Errorf("%s modified its input", api)
	}
}

// confRunText runs a text case through MergeJSON and compares the exact
// output bytes, or the error's sentinel, input and offset.
func confRunText(t *testing.T, c *confCase) {
	opts := Options{MaxDepth: c.MaxDepth}
	target := confBytes(t, "target", c.TargetText, c.TargetHex)
	patch := confBytes(t, "patch", c.PatchText, c.PatchHex)
	var checkErr func(error)
	var want []byte
	if c.Error != "" {
		checkErr = func(err error) {
			e := confCheckError(t, "MergeJSON", err, confErrors[c.Error])
			if e == nil {
				return
			}
			if c.ErrorInput != nil && e.Input != *c.ErrorInput {
				t.Errorf("MergeJSON: error Input = %q, want %q (%s)", e.Input, *c.ErrorInput, confShort(err))
			}
			if c.ErrorOffset != nil && e.Offset != *c.ErrorOffset {
				t.Errorf("MergeJSON: error Offset = %d, want %d (%s)", e.Offset, *c.ErrorOffset, confShort(err))
			}
		}
	} else {
		want = []byte(*c.ExpectedText)
	}
	confRunBytes(t, "MergeJSON", opts.MergeJSON, target, patch, checkErr, want, nil)
}

// confCheckError checks that err is an *Error wrapping want, and returns it.
func confCheckError(t *testing.T, api string, err, want error) *Error {
	t.Helper()
	if err == nil {
		t.Errorf("%s: no error, want %v", api, want)
		return nil
	}
	if !errors.Is(err, want) {
		t.Errorf("%s: error %s, want one wrapping %v", api, confShort(err), want)
	}
	e, ok := err.(*Error)
	if !ok {
		t.Errorf("%s: error %s is a %T, want *Error", api, confShort(err), err)
		return nil
	}
	return e
}

// confShort is the message of err, cut short: the path of an error deep in
// the input can be thousands of bytes long.
func confShort(err error) string {
	const max = 300
	s := err.Error()
	if len(s) > max {
		s = s[:max] + "…"
	}
	return s
}

// confCheckUnchanged checks that v, decoded from text before the call, still
// equals a fresh decode of text.
func confCheckUnchanged(t *testing.T, api, name string, text json.RawMessage, v any) {
	t.Helper()
	if diff := cmp.Diff(confMustDecode(t, name, text), v); diff != "" {
		t.Errorf("%s modified its %s (-before +after):\n%s", api, name, diff)
	}
}

func confMustDecode(t *testing.T, name string, data []byte) any {
	t.Helper()
	v, err := decodeJSONValue(data)
	if err != nil {
		t.Fatalf("case %s %q: %v", name, data, err)
	}
	return v
}

// confBytes returns the input given as text or as hex.
func confBytes(t *testing.T, name string, text, hexText *string) []byte {
	t.Helper()
	if text != nil {
		return []byte(*text)
	}
	b, err := hex.DecodeString(*hexText)
	if err != nil {
		t.Fatalf("case %s_hex: %v", name, err)
	}
	return b
}

// composeFile holds the vectors of Compose and ComposeJSON, described in
// SPEC.md §7 and §8.
const composeFile = "testdata/compose.json"

// composeMinCases is a floor on the number of cases in composeFile, as
// confMinCases is for confFile.
const composeMinCases = 60

// composeCase is one case of composeFile: a value case (first, second,
// expected or error) or a text case (first_text or first_hex, second_text
// or second_hex, expected_text or error). An error may say its input and
// path, and in a text case its offset.
type composeCase struct {
	Comment     string  `json:"comment"`
	MaxDepth    int     `json:"max_depth"`
	Error       string  `json:"error"`
	ErrorInput  *string `json:"error_input"`
	ErrorPath   *string `json:"error_path"`
	ErrorOffset *int64  `json:"error_offset"`

	// Value cases, kept as raw text like those of confCase.
	First    json.RawMessage `json:"first"`
	Second   json.RawMessage `json:"second"`
	Expected json.RawMessage `json:"expected"`

	// Text cases.
	FirstText    *string `json:"first_text"`
	FirstHex     *string `json:"first_hex"`
	SecondText   *string `json:"second_text"`
	SecondHex    *string `json:"second_hex"`
	ExpectedText *string `json:"expected_text"`
}

// composeError returns the sentinel of an error name of SPEC.md §7: those
// of the merge vectors, and "not-representable".
func composeError(name string) error {
	if name == "not-representable" {
		return ErrNotRepresentable
	}
	return confErrors[name]
}

func (c *composeCase) isText() bool {
	return c.FirstText != nil || c.FirstHex != nil || c.SecondText != nil || c.SecondHex != nil ||
		c.ExpectedText != nil || c.ErrorOffset != nil
}

// check reports what is malformed about the case itself.
func (c *composeCase) check() error {
	switch {
	case c.Comment == "":
		return errors.New("no comment")
	case c.Error != "" && composeError(c.Error) == nil:
		return fmt.Errorf("unknown error name %q", c.Error)
	case c.Error == "" && (c.ErrorInput != nil || c.ErrorPath != nil || c.ErrorOffset != nil):
		return errors.New("error_input, error_path or error_offset without error")
	case c.ErrorInput != nil && *c.ErrorInput != "first" && *c.ErrorInput != "second":
		return fmt.Errorf("error_input %q is neither first nor second", *c.ErrorInput)
	}
	if c.isText() {
		switch {
		case c.First != nil || c.Second != nil || c.Expected != nil:
			return errors.New("mixes value fields and text fields")
		case (c.FirstText == nil) == (c.FirstHex == nil):
			return errors.New("needs exactly one of first_text and first_hex")
		case (c.SecondText == nil) == (c.SecondHex == nil):
			return errors.New("needs exactly one of second_text and second_hex")
		case (c.ExpectedText == nil) == (c.Error == ""):
			return errors.New("needs exactly one of expected_text and error")
		}
		return nil
	}
	switch {
	case c.First == nil || c.Second == nil:
		return errors.New("value case needs both first and second")
	case (c.Expected == nil) == (c.Error == ""):
		return errors.New("needs exactly one of expected and error")
	}
	return nil
}

func TestConformanceCompose(t *testing.T) {
	cases := confLoad[composeCase](t, composeFile)
	if len(cases) < composeMinCases {
		t.Fatalf("%s has %d cases, want at least %d", composeFile, len(cases), composeMinCases)
	}
	for i := range cases {
		i, c := i, cases[i]
		t.Run(fmt.Sprintf("%03d %s", i, c.Comment), func(t *testing.T) {
			if err := c.check(); err != nil {
				t.Fatalf("malformed case %d: %v", i, err)
			}
			if c.isText() {
				composeRunText(t, &c)
			} else {
				composeRunValue(t, &c)
			}
		})
	}
}

// composeCheckError checks err against the error fields of c.
func composeCheckError(t *testing.T, api string, err error, c *composeCase, text bool) {
	t.Helper()
	e := confCheckError(t, api, err, composeError(c.Error))
	if e == nil {
		return
	}
	if c.ErrorInput != nil && e.Input != *c.ErrorInput {
		t.Errorf("%s: error Input = %q, want %q (%s)", api, e.Input, *c.ErrorInput, confShort(err))
	}
	if c.ErrorPath != nil && e.Path != *c.ErrorPath {
		t.Errorf("%s: error Path = %q, want %q (%s)", api, e.Path, *c.ErrorPath, confShort(err))
	}
	if text && c.ErrorOffset != nil && e.Offset != *c.ErrorOffset {
		t.Errorf("%s: error Offset = %d, want %d (%s)", api, e.Offset, *c.ErrorOffset, confShort(err))
	}
}

// composeRunValue runs a value case through Compose, when first and second
// are objects, and through ComposeJSON on their raw text. It checks the
// case itself too: an expected patch applies to a few targets as first and
// second applied in turn, and a not-representable case names the one
// place where there is no composition.
func composeRunValue(t *testing.T, c *composeCase) {
	opts := Options{MaxDepth: c.MaxDepth}
	first := confMustDecode(t, "first", c.First)
	second := confMustDecode(t, "second", c.Second)
	var want any
	if c.Error == "" {
		want = confMustDecode(t, "expected", c.Expected)
		for _, target := range []any{nil, map[string]any{}, first, second, want,
			map[string]any{"a": map[string]any{"y": json.Number("2")}, "k": true}} {
			if diff := cmp.Diff(refMerge(refMerge(target, first), second), refMerge(target, want)); diff != "" {
				t.Errorf("bad case: expected applies to %s otherwise than first and second in turn (-in turn +expected):\n%s", mustJSON(target), diff)
			}
		}
	} else if c.Error == "not-representable" {
		if blocked := ctBlockedPaths(first, second); len(blocked) != 1 || c.ErrorPath == nil || blocked[0] != *c.ErrorPath {
			t.Errorf("bad case: the places without a composition are %q, want only error_path", blocked)
		}
	}

	fm, firstIsObject := first.(map[string]any)
	sm, secondIsObject := second.(map[string]any)
	if firstIsObject && secondIsObject {
		got, err := opts.Compose(fm, sm)
		if c.Error != "" {
			composeCheckError(t, "Compose", err, c, false)
		} else if err != nil {
			t.Errorf("Compose: unexpected error: %s", confShort(err))
		} else {
			if diff := cmp.Diff(want, any(got)); diff != "" {
				t.Errorf("Compose: result mismatch (-want +got):\n%s", diff)
			}
			scribble(got)
		}
		confCheckUnchanged(t, "Compose", "first", c.First, first)
		confCheckUnchanged(t, "Compose", "second", c.Second, second)
	}

	var checkErr func(error)
	if c.Error != "" {
		checkErr = func(err error) { composeCheckError(t, "ComposeJSON", err, c, false) }
	}
	confRunBytes(t, "ComposeJSON", opts.ComposeJSON, c.First, c.Second, checkErr, nil, want)
}

// composeRunText runs a text case through ComposeJSON and compares the
// exact output bytes, or the error's sentinel, input, path and offset.
func composeRunText(t *testing.T, c *composeCase) {
	opts := Options{MaxDepth: c.MaxDepth}
	first := confBytes(t, "first", c.FirstText, c.FirstHex)
	second := confBytes(t, "second", c.SecondText, c.SecondHex)
	var checkErr func(error)
	var want []byte
	if c.Error != "" {
		checkErr = func(err error) { composeCheckError(t, "ComposeJSON", err, c, true) }
	} else {
		want = []byte(*c.ExpectedText)
	}
	confRunBytes(t, "ComposeJSON", opts.ComposeJSON, first, second, checkErr, want, nil)
}
