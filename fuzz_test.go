package deepmerge

// Fuzz targets. Each is seeded from testdata/conformance.json, when it is
// there, and from the inline cases below. Crashers the fuzzer finds go under
// testdata/fuzz/<FuzzName>/ and stay there as regression tests.

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
)

// fzMaxInput is the largest input the fuzz targets try.
const fzMaxInput = 64 << 10

// fzMaxSeed is the largest conformance input used as a seed. The larger ones
// (the depth-limit vectors) are tested by the table tests; as seeds they make
// the fuzzer spend its time minimizing megabytes of brackets.
const fzMaxSeed = 4 << 10

// fzInline are seed pairs (target or original, patch or modified).
var fzInline = [][2]string{
	{`{"a":"b"}`, `{"a":"c"}`},
	{`{"a":{"b":"c"}}`, `{"a":{"b":"d","c":null}}`},
	{`{"e":null}`, `{"a":1}`},
	{`[1,2]`, `{"a":"b","c":null}`},
	{`{}`, `{"a":{"bb":{"ccc":null}}}`},
	{`{"a":1,"b":2,"c":3}`, `{"e":5,"b":20,"d":4,"a":null}`},
	{`{"\u0061":1,"b":{"x":[1,null]}}`, `{"a":2,"b":{"y":{"z":null}}}`},
	{"{\n \"a\" : 1.0 ,\t\"b\" : 1e400 }", `{"c":-0,"d":12345678901234567890}`},
	{`{"s":"\u00e9\ud83d\ude00"}`, `{"s":"é😀","t":"<&>"}`},
	{`{"a":{"a":1,"a":2},"b":1}`, `{"b":2}`},
	{`{"a":1}`, `{"a":1,"a":2}`},
	{`{"a":1}`, `[1,2`},
	{"{\"a\":\"\xff\"}", `{}`},
	{`{"a":"\ud800"}`, `{}`},
	{`[[[[[[[[[[1]]]]]]]]]]`, `{"x":[[[[{}]]]]}`},
	{`null`, `null`},
	{`1`, `"x"`},
	{``, ``},
	{`{"o":{}}`, `{"o":{"x":null}}`},
	{`{"a":{"b":1}}`, `{"a":{"b":null}}`},
	{jtBigObject(30, ""), jtBigObject(20, `,"z":null`)},
}

// fzSeeds adds every seed pair to f: the inline ones, and each case of
// testdata/conformance.json, by value fields or text fields.
func fzSeeds(f *testing.F) {
	for _, c := range fzInline {
		f.Add([]byte(c[0]), []byte(c[1]))
	}
	// Nesting, deep but far below the default limit: the table tests try
	// the limit itself, whose texts are too large for the fuzzer to mutate
	// and minimize at any speed.
	f.Add([]byte(jtNest(100, "1")), []byte(`{"a":[]}`))
	f.Add([]byte(`{"a":{}}`), []byte(jtNestObj(100, `"b":null`)))
	fzAddVectors(f, "conformance.json", "target", "patch")
}

// fzAddVectors adds to f the inputs named a and b of each case of the
// vector file testdata/file.
func fzAddVectors(f *testing.F, file, a, b string) {
	path := filepath.Join("testdata", file)
	data, err := os.ReadFile(path)
	if err != nil {
		f.Fatal(err)
	}
	var cases []map[string]json.RawMessage
	if err := json.Unmarshal(data, &cases); err != nil {
		f.Fatalf("%s: %v", path, err)
	}
	for _, c := range cases {
		x, ok1 := fzCaseInput(c, a)
		y, ok2 := fzCaseInput(c, b)
		if ok1 && ok2 && len(x) <= fzMaxSeed && len(y) <= fzMaxSeed {
			f.Add(x, y)
		}
	}
}

// fzCaseInput returns the input name of a conformance case: the raw value
// field, or the text of the _text field, or the bytes of the _hex field.
func fzCaseInput(c map[string]json.RawMessage, name string) ([]byte, bool) {
	if raw, ok := c[name]; ok {
		return bytes.Clone(raw), true
	}
	if raw, ok := c[name+"_text"]; ok {
		var s string
		if json.Unmarshal(raw, &s) == nil {
			return []byte(s), true
		}
	}
	if raw, ok := c[name+"_hex"]; ok {
		var s string
		if json.Unmarshal(raw, &s) == nil {
			if b, err := hex.DecodeString(s); err == nil {
				return b, true
			}
		}
	}
	return nil, false
}

// FuzzMerge checks Merge and MergeInto on maps decoded from two JSON
// objects against the RFC's pseudocode, and MergeJSON on the same texts
// against Merge.
func FuzzMerge(f *testing.F) {
	fzSeeds(f)
	f.Fuzz(func(t *testing.T, a, b []byte) {
		if len(a) > fzMaxInput || len(b) > fzMaxInput {
			return
		}
		av, err1 := decodeJSONValue(a)
		bv, err2 := decodeJSONValue(b)
		ok1, ok2 := err1 == nil, err2 == nil
		if !ok1 || !ok2 {
			return
		}
		target, ok1 := av.(map[string]any)
		patch, ok2 := bv.(map[string]any)
		if !ok1 || !ok2 {
			return
		}
		tcopy, pcopy := deepCopyJSON(target), deepCopyJSON(patch)
		want := refMerge(tcopy, pcopy)

		got, err := Merge(target, patch)
		if err != nil {
			t.Fatalf("Merge(%s, %s): %v", a, b, err)
		}
		if d := cmp.Diff(want, any(got)); d != "" {
			t.Fatalf("Merge(%s, %s) differs from refMerge (-want +got):\n%s", a, b, d)
		}
		if d := cmp.Diff(tcopy, any(target)); d != "" {
			t.Fatalf("Merge modified target:\n%s", d)
		}
		if d := cmp.Diff(pcopy, any(patch)); d != "" {
			t.Fatalf("Merge modified patch:\n%s", d)
		}

		into := deepCopyJSON(target).(map[string]any)
		if err := MergeInto(into, patch); err != nil {
			t.Fatalf("MergeInto(%s, %s): %v", a, b, err)
		}
		if d := cmp.Diff(any(got), any(into)); d != "" {
			t.Fatalf("MergeInto(%s, %s) differs from Merge (-Merge +MergeInto):\n%s", a, b, d)
		}
		if d := cmp.Diff(pcopy, any(patch)); d != "" {
			t.Fatalf("MergeInto modified patch:\n%s", d)
		}

		again, err := Merge(got, patch)
		if err != nil {
			t.Fatalf("second Merge: %v", err)
		}
		if d := cmp.Diff(any(got), any(again)); d != "" {
			t.Fatalf("Merge is not idempotent for %s, %s (-once +twice):\n%s", a, b, d)
		}

		// MergeJSON on the same texts means the same, when it takes them.
		if Validate(a) == nil && Validate(b) == nil {
			out, err := MergeJSON(a, b)
			if err != nil {
				t.Fatalf("MergeJSON(%s, %s): %v", a, b, err)
			}
			jv, jerr := decodeJSONValue(out)
			ok := jerr == nil
			if !ok {
				t.Fatalf("MergeJSON(%s, %s) = %s, not JSON", a, b, out)
			}
			if d := cmp.Diff(any(got), jv); d != "" {
				t.Fatalf("MergeJSON(%s, %s) = %s differs from Merge (-Merge +MergeJSON):\n%s", a, b, out, d)
			}
		}

		// Neither result shares memory with the inputs.
		scribble(got)
		scribble(into)
		if d := cmp.Diff(tcopy, any(target)); d != "" {
			t.Fatalf("Merge or MergeInto result shares memory with target:\n%s", d)
		}
		if d := cmp.Diff(pcopy, any(patch)); d != "" {
			t.Fatalf("Merge or MergeInto result shares memory with patch:\n%s", d)
		}
	})
}

// fzCheckError fails unless err is an *Error naming one of inputs, with
// an offset within that input.
func fzCheckError(t *testing.T, what string, err error, inputs map[string][]byte) *Error {
	t.Helper()
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("%s: error %v (%T) is not an *Error", what, err, err)
	}
	in, ok := inputs[e.Input]
	if !ok {
		t.Fatalf("%s: error %v names input %q", what, err, e.Input)
	}
	if e.Offset < 0 || e.Offset > int64(len(in)) {
		t.Fatalf("%s: error %v: offset %d outside [0, %d]", what, err, e.Offset, len(in))
	}
	if e.Err == nil || !errors.Is(err, e.Err) {
		t.Fatalf("%s: error %v wraps no sentinel", what, err)
	}
	return e
}

// fzCheckValidate cross-checks Validate against json.Valid on x, and
// against fzValidNoDups.
func fzCheckValidate(t *testing.T, x []byte) error {
	t.Helper()
	err := Validate(x)
	valid := json.Valid(x)
	if err == nil && !valid {
		t.Fatalf("Validate accepts %q, which json.Valid rejects", x)
	}
	if err != nil {
		fzCheckError(t, "Validate", err, map[string][]byte{"": x})
		if valid && errors.Is(err, ErrSyntax) {
			t.Fatalf("Validate(%q): %v, but json.Valid accepts it", x, err)
		}
	}
	nodups := fzValidNoDups(x)
	if err == nil && !nodups || err != nil && nodups && !errors.Is(err, ErrDuplicateName) {
		t.Fatalf("Validate(%q) = %v, but valid but for repeated names: %v", x, err, nodups)
	}
	return err
}

// fzValidNoDups reports whether x is JSON text that Validate would accept
// if it did not look for repeated names: valid syntax and depth (as
// json.Valid, whose limit is also 10000), valid UTF-8, and no unpaired
// surrogate escape.
func fzValidNoDups(x []byte) bool {
	if !json.Valid(x) || !utf8.Valid(x) {
		return false
	}
	hex4 := func(i int) rune {
		r, err := strconv.ParseUint(string(x[i:i+4]), 16, 16)
		if err != nil {
			return -1
		}
		return rune(r)
	}
	in := false
	for i := 0; i < len(x); i++ {
		switch c := x[i]; {
		case c == '"':
			in = !in
		case in && c == '\\':
			if x[i+1] != 'u' {
				i++
				continue
			}
			r := hex4(i + 2)
			switch {
			case 0xD800 <= r && r <= 0xDBFF:
				if i+12 > len(x) || x[i+6] != '\\' || x[i+7] != 'u' {
					return false
				}
				if r2 := hex4(i + 8); r2 < 0xDC00 || r2 > 0xDFFF {
					return false
				}
				i += 11
			case 0xDC00 <= r && r <= 0xDFFF:
				return false
			default:
				i += 5
			}
		}
	}
	return true
}

// fzReachedDup reports whether an object reached from the top of n through
// objects only (n itself, if it is one) repeats a member name.
func fzReachedDup(n *otNode) bool {
	if n.kind != '{' {
		return false
	}
	seen := map[string]bool{}
	for i, k := range n.keys {
		if seen[k] || fzReachedDup(n.vals[i]) {
			return true
		}
		seen[k] = true
	}
	return false
}

// FuzzMergeJSON feeds MergeJSON arbitrary bytes: it never panics; it
// accepts every pair that Validate accepts, with valid compact output equal
// in value to refMerge and with members in the specified order; and its
// errors are *Errors that agree with Validate.
func FuzzMergeJSON(f *testing.F) {
	fzSeeds(f)
	f.Fuzz(func(t *testing.T, a, b []byte) {
		if len(a) > fzMaxInput || len(b) > fzMaxInput {
			return
		}
		acopy, bcopy := bytes.Clone(a), bytes.Clone(b)
		out, err := MergeJSON(a, b)
		if !bytes.Equal(a, acopy) || !bytes.Equal(b, bcopy) {
			t.Fatalf("MergeJSON modified its input")
		}
		va := fzCheckValidate(t, a)
		vb := fzCheckValidate(t, b)

		// AppendMergeJSON agrees, and keeps dst on error.
		dst := []byte("dst")
		app, aerr := AppendMergeJSON(dst, a, b)
		if (err == nil) != (aerr == nil) {
			t.Fatalf("MergeJSON error %v, AppendMergeJSON error %v", err, aerr)
		}
		if err == nil && string(app) != "dst"+string(out) {
			t.Fatalf("AppendMergeJSON = %q, want %q", app, "dst"+string(out))
		}
		if err != nil && string(app) != "dst" {
			t.Fatalf("AppendMergeJSON on error = %q, want %q", app, "dst")
		}

		if err != nil {
			e := fzCheckError(t, "MergeJSON", err, map[string][]byte{"target": a, "patch": b})
			switch e.Input {
			case "patch":
				// The patch is checked whole, as Validate checks it.
				var ve *Error
				if !errors.As(vb, &ve) || ve.Err != e.Err || ve.Offset != e.Offset || ve.Path != e.Path {
					t.Fatalf("MergeJSON(%q, %q): %v, but Validate(patch): %v", a, b, err, vb)
				}
			case "target":
				if vb != nil {
					t.Fatalf("MergeJSON(%q, %q) reports the target (%v) though the patch is bad: %v", a, b, err, vb)
				}
				if va == nil {
					t.Fatalf("MergeJSON(%q, %q): %v, but Validate accepts the target", a, b, err)
				}
				// Unless a repeated name comes first, which MergeJSON may
				// not look for, both find the same first fault.
				var ve *Error
				if errors.As(va, &ve) && ve.Err != ErrDuplicateName &&
					(ve.Err != e.Err || ve.Offset != e.Offset || ve.Path != e.Path) {
					t.Fatalf("MergeJSON(%q, %q): %v, but Validate(target): %v", a, b, err, va)
				}
			}
			return
		}
		if vb != nil {
			t.Fatalf("MergeJSON(%q, %q) = %q, but Validate rejects the patch: %v", a, b, out, vb)
		}
		if len(a) == 0 {
			// An absent target: the same as null.
			if want, nerr := MergeJSON([]byte("null"), b); nerr != nil || !bytes.Equal(out, want) {
				t.Fatalf("MergeJSON(absent, %q) = %q, but with a null target %q, %v", b, out, want, nerr)
			}
			return
		}
		if va != nil && !errors.Is(va, ErrDuplicateName) {
			t.Fatalf("MergeJSON(%q, %q) = %q, but Validate rejects the target: %v", a, b, out, va)
		}
		if va != nil {
			return // duplicate names in a part of the target the merge copies
		}
		dtCheckMergeJSON(t, a, b)
		var compact bytes.Buffer
		if err := json.Compact(&compact, out); err != nil || !bytes.Equal(compact.Bytes(), out) {
			t.Fatalf("MergeJSON(%q, %q) = %q is not compact (%v)", a, b, out, err)
		}
		// The output shares no memory with the inputs.
		full := out[:cap(out)]
		for i := range full {
			full[i] = 0
		}
		if !bytes.Equal(a, acopy) || !bytes.Equal(b, bcopy) {
			t.Fatalf("MergeJSON's result shares memory with its input")
		}
	})
}

// FuzzDiffJSON: for inputs Validate accepts, DiffJSON gives the patch its
// doc comment specifies, which MergeJSON turns original into modified
// with, or ErrNotRepresentable exactly when there is none; for others, an
// *Error that agrees with Validate.
func FuzzDiffJSON(f *testing.F) {
	fzSeeds(f)
	f.Fuzz(func(t *testing.T, a, b []byte) {
		if len(a) > fzMaxInput || len(b) > fzMaxInput {
			return
		}
		acopy, bcopy := bytes.Clone(a), bytes.Clone(b)
		p, err := DiffJSON(a, b)
		if !bytes.Equal(a, acopy) || !bytes.Equal(b, bcopy) {
			t.Fatalf("DiffJSON modified its input")
		}
		va := fzCheckValidate(t, a)
		vb := fzCheckValidate(t, b)
		inputs := map[string][]byte{"original": a, "modified": b}
		// Modified is read first, as MergeJSON reads a patch: as Validate
		// reads it.
		if vb != nil {
			e := fzCheckError(t, "DiffJSON", err, inputs)
			var ve *Error
			errors.As(vb, &ve)
			if e.Input != "modified" || e.Err != ve.Err || e.Offset != ve.Offset || e.Path != ve.Path {
				t.Fatalf("DiffJSON(%q, %q): %v, but Validate(modified): %v", a, b, err, vb)
			}
			return
		}
		// Original is read as MergeJSON reads a target: every fault but a
		// repeated name everywhere, and repeated names in the objects
		// reached through objects from the top.
		if va != nil {
			var ve *Error
			errors.As(va, &ve)
			switch {
			case ve.Err != ErrDuplicateName:
				// The first fault, so no repeated name comes before it.
				e := fzCheckError(t, "DiffJSON", err, inputs)
				if e.Input != "original" || e.Err != ve.Err || e.Offset != ve.Offset || e.Path != ve.Path {
					t.Fatalf("DiffJSON(%q, %q): %v, but Validate(original): %v", a, b, err, va)
				}
				return
			case !fzValidNoDups(a):
				e := fzCheckError(t, "DiffJSON", err, inputs)
				if e.Input != "original" {
					t.Fatalf("DiffJSON(%q, %q): %v, but original is bad: %v", a, b, err, va)
				}
				return
			}
			oa, perr := otParse(a)
			if perr != nil {
				t.Fatalf("otParse(%q): %v", a, perr)
			}
			if fzReachedDup(oa) {
				e := fzCheckError(t, "DiffJSON", err, inputs)
				if e.Input != "original" || e.Err != ErrDuplicateName || a[e.Offset] != '"' {
					t.Fatalf("DiffJSON(%q, %q): %v, want a repeated name in original", a, b, err)
				}
				return
			}
			// Repeated names only inside arrays of original: no fault.
		}
		if err != nil && !errors.Is(err, ErrNotRepresentable) {
			t.Fatalf("DiffJSON(%q, %q): %v", a, b, err)
		}
		if err != nil {
			fzCheckError(t, "DiffJSON", err, map[string][]byte{"modified": b})
		} else if again, err := DiffJSON(a, b); err != nil || !bytes.Equal(again, p) {
			t.Fatalf("DiffJSON(%q, %q) gave %q, then %q, %v", a, b, p, again, err)
		}
		dtCheckDiffJSON(t, a, b)
	})
}
