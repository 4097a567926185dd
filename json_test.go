package deepmerge

// Table tests of the text functions, MergeJSON, AppendMergeJSON and
// Validate, against their doc comments and SPEC.md §4–§6: exact output
// bytes, exact error locations, no mutation and no aliasing of the inputs,
// and the allocation promises.

import (
	"bytes"
	"encoding/json"
	"errors"
	"math/rand"
	"strconv"
	"strings"
	"testing"

	"pgregory.net/rapid"
)

// jtWant is an expected *Error.
type jtWant struct {
	input string
	path  string
	off   int64
	err   error
}

// jtCheckErr fails the test unless err is an *Error with exactly the fields
// of want, wrapping want.err.
func jtCheckErr(tb rapid.TB, what string, err error, want jtWant) {
	tb.Helper()
	if err == nil {
		tb.Errorf("%s: got no error, want %v at %s offset %d path %q", what, want.err, want.input, want.off, want.path)
		return
	}
	var e *Error
	if !errors.As(err, &e) {
		tb.Errorf("%s: error %v (%T) is not an *Error", what, err, err)
		return
	}
	if !errors.Is(err, want.err) || e.Err != want.err {
		tb.Errorf("%s: error %v wraps %v, want %v", what, err, e.Err, want.err)
	}
	if e.Input != want.input {
		tb.Errorf("%s: error %v: Input %q, want %q", what, err, e.Input, want.input)
	}
	if e.Offset != want.off {
		tb.Errorf("%s: error %v: Offset %d, want %d", what, err, e.Offset, want.off)
	}
	if e.Path != want.path {
		tb.Errorf("%s: error %v: Path %q, want %q", what, err, e.Path, want.path)
	}
	if msg := e.Error(); !strings.HasPrefix(msg, "deepmerge: ") {
		tb.Errorf("%s: message %q lacks the \"deepmerge: \" prefix", what, msg)
	}
}

// jtNest returns n nested arrays around inner: [[...inner...]].
func jtNest(n int, inner string) string {
	return strings.Repeat("[", n) + inner + strings.Repeat("]", n)
}

// jtNestObj returns n nested objects {"a":{"a":...inner...}}.
func jtNestObj(n int, inner string) string {
	return strings.Repeat(`{"a":`, n-1) + "{" + inner + "}" + strings.Repeat("}", n-1)
}

// jtBigObject returns an object of n members "k0".."k{n-1}" with values
// 0..n-1, followed by extra (which, if not empty, starts with a comma).
func jtBigObject(n int, extra string) string {
	var b strings.Builder
	b.WriteByte('{')
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(`"k`)
		b.WriteString(strconv.Itoa(i))
		b.WriteString(`":`)
		b.WriteString(strconv.Itoa(i))
	}
	b.WriteString(extra)
	b.WriteByte('}')
	return b.String()
}

type jtMergeCase struct {
	name          string
	target, patch string
	want          string
	reason        string // the rule of RFC 7396 or of SPEC.md §4 that gives want
}

var jtMergeCases = []jtMergeCase{
	// RFC 7396 Appendix A, exact bytes.
	{"rfc1", `{"a":"b"}`, `{"a":"c"}`, `{"a":"c"}`, "a non-object patch member replaces the target's value"},
	{"rfc2", `{"a":"b"}`, `{"b":"c"}`, `{"a":"b","b":"c"}`, "a patch member the target lacks is added"},
	{"rfc3", `{"a":"b"}`, `{"a":null}`, `{}`, "null removes the member, and removing the last leaves {}"},
	{"rfc4", `{"a":"b","b":"c"}`, `{"a":null}`, `{"b":"c"}`, "null removes only the member it names"},
	{"rfc5", `{"a":["b"]}`, `{"a":"c"}`, `{"a":"c"}`, "a scalar patch member replaces an array"},
	{"rfc6", `{"a":"c"}`, `{"a":["b"]}`, `{"a":["b"]}`, "arrays replace whole, whatever was there"},
	{"rfc7", `{"a":{"b":"c"}}`, `{"a":{"b":"d","c":null}}`, `{"a":{"b":"d"}}`, "an object patch member merges recursively, and its nulls remove"},
	{"rfc8", `{"a":[{"b":"c"}]}`, `{"a":[1]}`, `{"a":[1]}`, "arrays are never merged element by element"},
	{"rfc9", `["a","b"]`, `["c","d"]`, `["c","d"]`, "a non-object patch replaces the whole target"},
	{"rfc10", `{"a":"b"}`, `["c"]`, `["c"]`, "a non-object patch replaces the target, an object included"},
	{"rfc11", `{"a":"foo"}`, `null`, `null`, "a null patch is a value, not a removal: the result is null"},
	{"rfc12", `{"a":"foo"}`, `"bar"`, `"bar"`, "a non-object patch is the result"},
	{"rfc13", `{"e":null}`, `{"a":1}`, `{"e":null,"a":1}`, "a null already in the target stays unless the patch names it"},
	{"rfc14", `[1,2]`, `{"a":"b","c":null}`, `{"a":"b"}`, "an object patch on a non-object target starts from {}, and its nulls are dropped"},
	{"rfc15", `{}`, `{"a":{"bb":{"ccc":null}}}`, `{"a":{"bb":{}}}`, "an object patch member on a missing member builds a new object without its nulls, at every depth"},

	// Member order.
	{"order replace in place, new appended in patch order",
		`{"a":1,"b":2,"c":3}`, `{"e":5,"b":20,"d":4,"a":null}`, `{"b":20,"c":3,"e":5,"d":4}`, "the target's member order is kept, new members follow in the patch's order"},
	{"order nested", `{"x":{"p":1,"q":2},"y":0}`, `{"x":{"r":3,"p":10}}`, `{"x":{"p":10,"q":2,"r":3},"y":0}`, "the order rules hold inside each merged object too"},
	{"order replaced object member stays", `{"a":1,"o":{"k":1},"z":2}`, `{"o":{"k":null,"n":1}}`, `{"a":1,"o":{"n":1},"z":2}`, "a member the patch merges into stays at its place in the target"},
	{"order object replaces scalar in place", `{"a":1,"o":"s","z":2}`, `{"o":{"k":1,"n":null}}`, `{"a":1,"o":{"k":1},"z":2}`, "a member the patch replaces stays where it was, even with a new object"},
	{"order removed in the middle", `{"a":1,"b":2,"c":3}`, `{"b":null}`, `{"a":1,"c":3}`, "a removal leaves the other members in the target's order"},
	{"order removed first", `{"a":1,"b":2,"c":3}`, `{"a":null}`, `{"b":2,"c":3}`, "a removal leaves the other members in the target's order, the first gone"},
	{"order removed last", `{"a":1,"b":2,"c":3}`, `{"c":null}`, `{"a":1,"b":2}`, "a removal leaves the other members in the target's order, the last gone"},
	{"remove the only member", `{"a":1}`, `{"a":null}`, `{}`, "removing the last member leaves {}, never null"},
	{"remove missing member", `{"a":1}`, `{"b":null}`, `{"a":1}`, "null for a member the target lacks changes nothing"},
	{"target null member stays", `{"a":null,"b":1}`, `{"b":2}`, `{"a":null,"b":2}`, "a null already in the target stays unless the patch names it"},
	{"patch null removes target null", `{"a":null,"b":1}`, `{"a":null}`, `{"b":1}`, "null in the patch removes the member, a null one too"},

	// Spelling of names.
	{"replaced keeps target spelling", `{"\u0061":1,"b":2}`, `{"a":3}`, `{"\u0061":3,"b":2}`, "a replaced member keeps the target's spelling of its name"},
	{"merged keeps target spelling", `{"\u0061":{"x":1}}`, `{"a":{"y":2}}`, `{"\u0061":{"x":1,"y":2}}`, "a merged member keeps the target's spelling of its name"},
	{"new keeps patch spelling", `{"b":1}`, `{"\u0061":1,"\/":2}`, `{"b":1,"\u0061":1,"\/":2}`, "new members keep the patch's spelling of their names"},
	{"names decoded: escaped patch name removes", `{"a/b":1,"c":2}`, `{"a\/b":null}`, `{"c":2}`, "names compare by decoded value, so an escaped slash is the slash"},
	{"names decoded: \\u00e9 and é", `{"\u00e9":1}`, `{"é":2}`, `{"\u00e9":2}`, "names compare by decoded value, and the target's spelling is kept"},
	{"names decoded: é and \\u00E9", `{"é":1}`, `{"\u00E9":2}`, `{"é":2}`, "names compare by decoded value, whatever the case of the hex digits"},
	{"names decoded: surrogate pair", `{"😀":1}`, `{"\ud83d\ude00":null,"x":1}`, `{"x":1}`, "a surrogate-pair escape names the same character as the raw UTF-8"},
	{"names decoded: short escapes", "{\"\\n\\t\\\"\\\\\":1}", "{\"\\u000a\\u0009\\u0022\\u005c\":2}", "{\"\\n\\t\\\"\\\\\":2}", "short escapes and their u-escape spellings decode to the same name"},
	{"names differ: case", `{"a":1}`, `{"A":2}`, `{"a":1,"A":2}`, "names compare exactly, so a name differing in case is a new member"},
	{"names differ: precomposed vs combining", `{"é":1}`, `{"e\u0301":2}`, `{"é":1,"e\u0301":2}`, "names are not Unicode-normalized: other code points, another name"},

	// Compaction of pretty input; whitespace inside strings kept.
	{"compact pretty target and patch",
		"{\n  \"a\" : [ 1 , 2 ] ,\n\t\"b\":{ \"c\" : \"x y\\t\\\" z\" } ,\r\n \"s\" : \" \" }\n",
		" { \"d\" : { \"e\" : [ true , null , { } ] , \"f\" : null } , \"s\" :\t\"{ , }\" } ",
		`{"a":[1,2],"b":{"c":"x y\t\" z"},"s":"{ , }","d":{"e":[true,null,{}]}}`, "output is compact: whitespace outside strings goes, inside strings stays"},
	{"compact untouched nested", "{\"a\" :\n{\"b\" : [ {\"c\" : 1} ]}}", `{}`, `{"a":{"b":[{"c":1}]}}`, "a value the patch does not reach is copied with its whitespace dropped, its tokens as written"},
	{"compact merged nested", "{ \"a\" : { \"b\" : 1 , \"c\" : [ 2 ] } }", "{ \"a\" : { \"d\" : 3 } }", `{"a":{"b":1,"c":[2],"d":3}}`, "an object the patch merges into is rebuilt compact"},
	{"compact empty containers", "{ \"a\" : { } , \"b\" : [ ] }", "{ }", `{"a":{},"b":[]}`, "empty containers are written {} and []"},
	{"compact non-object patch", "{}", "\n[ 1 ,\t{ \"a\" : \" b \" } ]\r\n", `[1,{"a":" b "}]`, "a non-object patch is the result, compacted"},
	{"compact non-object target with object patch", "  [ 1 ]  ", "{ \"a\" : [ 1 , 2 ] }", `{"a":[1,2]}`, "a non-object target is dropped and the object patch builds the result, compacted"},

	// Exact text of values.
	{"number literals kept",
		`{"a":1.0,"b":1e400,"c":-0,"d":12345678901234567890,"e":1E+2,"f":0.10}`, `{"g":-1.50e-07,"h":100000000000000000000000000000}`,
		`{"a":1.0,"b":1e400,"c":-0,"d":12345678901234567890,"e":1E+2,"f":0.10,"g":-1.50e-07,"h":100000000000000000000000000000}`, "number text is kept as written, never reformatted or rounded"},
	{"number replaces keeping patch text", `{"a":1}`, `{"a":1.000}`, `{"a":1.000}`, "a replacing number keeps the patch's text, even when equal in value"},
	{"string escapes kept",
		`{"a":"\u00e9\n\/\ud83d\ude00\u0000"}`, `{"b":"\u00E9\"\\\b\f\r\t"}`,
		`{"a":"\u00e9\n\/\ud83d\ude00\u0000","b":"\u00E9\"\\\b\f\r\t"}`, "string escapes are kept as written"},
	{"raw unicode kept", `{"a":"é😀\u2028"}`, "{\"b\":\"\u2028\u2029\"}", "{\"a\":\"é😀\\u2028\",\"b\":\"\u2028\u2029\"}", "raw non-ASCII, U+2028 and U+2029 are kept as written, neither escaped nor unescaped"},
	{"no HTML escaping", `{"h":"<a href='x'>&amp;</a>"}`, `{"i":"<script>&</script>","j":"\u003c"}`,
		`{"h":"<a href='x'>&amp;</a>","i":"<script>&</script>","j":"\u003c"}`, "there is no HTML escaping: <, > and & stay as they came"},
	{"no HTML escaping non-object patch", `{}`, `"<&>"`, `"<&>"`, "there is no HTML escaping for a non-object patch either"},

	// Arrays are replaced, nulls in them kept.
	{"array nulls are data", `{}`, `{"a":[null,{"b":null},[null]]}`, `{"a":[null,{"b":null},[null]]}`, "nulls inside an array are data, kept"},
	{"array replaces object", `{"a":{"b":1}}`, `{"a":[]}`, `{"a":[]}`, "an array replaces whatever was there, an object included"},
	{"object patch on array member", `{"a":[1]}`, `{"a":{"b":1,"c":null}}`, `{"a":{"b":1}}`, "an object patch member on an array member starts from {}"},
	{"object patch on null member", `{"a":null}`, `{"a":{"b":{"c":null}}}`, `{"a":{"b":{}}}`, "an object patch member on a null member starts from {}, nested nulls dropped"},
	{"object patch on string member", `{"a":"s"}`, `{"a":{}}`, `{"a":{}}`, "an object patch member on a string member starts from {}"},

	// Non-object patch replaces.
	{"patch null", `{"a":1}`, `null`, `null`, "a null patch replaces the whole target with null"},
	{"patch true", `[1]`, `true`, `true`, "a boolean patch replaces the target"},
	{"patch false", `"x"`, ` false `, `false`, "a non-object patch is the result, surrounding whitespace dropped"},
	{"patch number", `{}`, `1.50`, `1.50`, "a number patch is the result, its text kept"},
	{"patch string", `{}`, `"a\u0062"`, `"a\u0062"`, "a string patch is the result, its escapes kept"},
	{"patch array", `{"a":1}`, `[1, null, {"a":null}]`, `[1,null,{"a":null}]`, "an array patch is the result, compacted, and nulls in it are data"},

	// Object patch on non-object target.
	{"target array", `[1,2]`, `{"a":1,"b":null}`, `{"a":1}`, "an object patch on an array target starts from {}"},
	{"target string", `"s"`, `{"a":{"b":null}}`, `{"a":{}}`, "an object patch on a string target starts from {}, nested nulls dropped"},
	{"target number", `12`, `{}`, `{}`, "an empty object patch on a number target gives {}"},
	{"target null", `null`, `{"a":1}`, `{"a":1}`, "an object patch on a null target starts from {}"},
	{"target true", `true`, `{"a":1}`, `{"a":1}`, "an object patch on a boolean target starts from {}"},
	{"target empty object", `{}`, `{"a":1,"b":null,"c":{"d":null}}`, `{"a":1,"c":{}}`, "with nothing to remove, the patch's nulls are dropped at every depth"},

	// Duplicate names in target objects the patch does not reach are copied.
	{"dup in unreached target object", `{"x":{"a":1,"a":2},"y":1}`, `{"y":2}`, `{"x":{"a":1,"a":2},"y":2}`, "repeated names are checked only in target objects the merge reads; others are copied as they are"},
	{"dup in replaced target object", `{"x":{"a":1,"a":2}}`, `{"x":1}`, `{"x":1}`, "the merge does not read a target member that the patch replaces"},
	{"dup in removed target object", `{"x":{"a":1,"a":2},"y":0}`, `{"x":null}`, `{"y":0}`, "the merge does not read a target member that the patch removes"},
	{"dup in target array", `{"x":[{"a":1,"a":2}]}`, `{"x":{"b":1}}`, `{"x":{"b":1}}`, "the merge does not read objects inside a target array it replaces"},
	{"dup in non-object target", `[{"a":1,"a":2}]`, `{"b":1}`, `{"b":1}`, "the merge does not read the members of a non-object target"},
	{"dup in target replaced by object patch", `{"x":[{"a":1,"\u0061":2}]}`, `{"x":{"a":3}}`, `{"x":{"a":3}}`, "an object patch member replaces an array member without reading the objects in it"},

	// Large objects (hash tables in the merger and the name set).
	{"large patch", jtBigObject(3, ""), `{"k0":10,"n0":0,"n1":1,"n2":2,"n3":3,"n4":4,"n5":5,"n6":6,"n7":7,"n8":8,"k2":null,"n9":9}`,
		`{"k0":10,"k1":1,"n0":0,"n1":1,"n2":2,"n3":3,"n4":4,"n5":5,"n6":6,"n7":7,"n8":8,"n9":9}`, "the rules hold with many patch members: replace in place, remove, add in patch order"},
	{"large target", jtBigObject(40, ""), `{"k39":null,"k20":"x","new":1}`,
		strings.Replace(strings.Replace(jtBigObject(39, ""), `"k20":20`, `"k20":"x"`, 1), "}", `,"new":1}`, 1), "the rules hold in a large target: replace in place, remove, add the new member last"},
}

func TestMergeJSONTextCases(t *testing.T) {
	for _, c := range jtMergeCases {
		target, patch := []byte(c.target), []byte(c.patch)
		tcopy, pcopy := bytes.Clone(target), bytes.Clone(patch)
		got, err := MergeJSON(target, patch)
		if err != nil {
			t.Errorf("%s: MergeJSON(%s, %s): %v (%s)", c.name, c.target, c.patch, err, c.reason)
			continue
		}
		if string(got) != c.want {
			t.Errorf("%s: MergeJSON(%s, %s) (%s)\n got %s\nwant %s", c.name, c.target, c.patch, c.reason, got, c.want)
		}
		if !bytes.Equal(target, tcopy) || !bytes.Equal(patch, pcopy) {
			t.Errorf("%s: MergeJSON modified its input (%s)", c.name, c.reason)
		}
		// Deterministic.
		again, err := MergeJSON(target, patch)
		if err != nil || !bytes.Equal(again, got) {
			t.Errorf("%s: second MergeJSON gave %s, %v; first %s (%s)", c.name, again, err, got, c.reason)
		}
		// Options with an ample MaxDepth give the same.
		if o, err := (Options{MaxDepth: 50}).MergeJSON(target, patch); err != nil || !bytes.Equal(o, got) {
			t.Errorf("%s: Options{MaxDepth:50}.MergeJSON gave %s, %v; want %s (%s)", c.name, o, err, got, c.reason)
		}
		// The result shares no memory with the inputs, not even capacity.
		full := got[:cap(got)]
		for i := range full {
			full[i] = 'X'
		}
		if !bytes.Equal(target, tcopy) || !bytes.Equal(patch, pcopy) {
			t.Errorf("%s: MergeJSON's result shares memory with its input (%s)", c.name, c.reason)
		}
		// The result is valid, compact JSON that Validate accepts, unless the
		// merge copied a target object it does not check.
		if !strings.Contains(c.name, "dup") {
			if err := Validate([]byte(c.want)); err != nil {
				t.Errorf("%s: Validate(result %s): %v (%s)", c.name, c.want, err, c.reason)
			}
		}
		// The value agrees with the RFC's pseudocode.
		if !strings.Contains(c.name, "dup") {
			ref := refMerge(decodeJSON(t, target), decodeJSON(t, patch))
			if !equalJSON(ref, decodeJSON(t, []byte(c.want))) {
				t.Errorf("%s: want %s disagrees with refMerge (%s)", c.name, c.want, c.reason)
			}
		}
	}
}

func TestAppendMergeJSONText(t *testing.T) {
	for _, c := range jtMergeCases {
		for _, prefix := range []string{"", "prefix:", `{"x":1}`} {
			dst := make([]byte, len(prefix), len(prefix)+3)
			copy(dst, prefix)
			target, patch := []byte(c.target), []byte(c.patch)
			got, err := AppendMergeJSON(dst, target, patch)
			if err != nil {
				t.Errorf("%s: AppendMergeJSON(%q, ...): %v (%s)", c.name, prefix, err, c.reason)
				continue
			}
			if string(got) != prefix+c.want {
				t.Errorf("%s: AppendMergeJSON(%q, %s, %s) = %s, want %s (%s)", c.name, prefix, c.target, c.patch, got, prefix+c.want, c.reason)
			}
			if string(dst) != prefix {
				t.Errorf("%s: AppendMergeJSON changed dst[:len(dst)] to %q (%s)", c.name, dst, c.reason)
			}
			if string(target) != c.target || string(patch) != c.patch {
				t.Errorf("%s: AppendMergeJSON modified its input (%s)", c.name, c.reason)
			}
		}
	}
	// target and patch may lie in dst[:len(dst)].
	buf0 := make([]byte, 0, 64)
	buf0 = append(buf0, `{"a":1,"b":2}{"b":null,"c":3}`...)
	out0, err := AppendMergeJSON(buf0, buf0[:13], buf0[13:])
	if want := `{"a":1,"b":2}{"b":null,"c":3}{"a":1,"c":3}`; err != nil || string(out0) != want {
		t.Errorf("AppendMergeJSON with inputs inside dst = %s, %v; want %s", out0, err, want)
	}
	// A nil dst works like MergeJSON.
	got, err := AppendMergeJSON(nil, []byte(`{"a":1}`), []byte(`{"b":2}`))
	if err != nil || string(got) != `{"a":1,"b":2}` {
		t.Errorf("AppendMergeJSON(nil, ...) = %s, %v", got, err)
	}
	// Reusing one buffer for several merges.
	buf := make([]byte, 0, 64)
	for i := 0; i < 3; i++ {
		buf, err = AppendMergeJSON(buf[:0], []byte(`{"a":1}`), []byte(`{"a":`+strconv.Itoa(i)+`}`))
		if err != nil || string(buf) != `{"a":`+strconv.Itoa(i)+`}` {
			t.Errorf("reused buffer, round %d: %s, %v", i, buf, err)
		}
	}
	// An error, even one found after output was written, leaves dst's length
	// and contents unchanged.
	for _, c := range []struct{ target, patch string }{
		{`{"a":1,"b":2,"c":{"d":[1,2,3],"e":"x"},"f":tru}`, `{"z":1}`},
		{`{"a":1,"b":{"c":1,"c":2}}`, `{"b":{"x":1}}`},
		{`{"a":1}`, `{"a":2,"a":3}`},
		{`{"a":1}`, ``},
		{` `, `1`},
		{``, `{"a":}`},
	} {
		dst := make([]byte, 5, 200)
		copy(dst, "hello")
		got, err := AppendMergeJSON(dst, []byte(c.target), []byte(c.patch))
		if err == nil {
			t.Errorf("AppendMergeJSON(%s, %s): no error", c.target, c.patch)
			continue
		}
		if len(got) != 5 || string(got) != "hello" || &got[0] != &dst[0] {
			t.Errorf("AppendMergeJSON(%s, %s) on error returned %q (len %d), want dst %q", c.target, c.patch, got, len(got), "hello")
		}
	}
}

type jtErrCase struct {
	name          string
	target, patch string
	maxDepth      int
	want          jtWant
}

func jtT(path string, off int64, err error) jtWant { return jtWant{"target", path, off, err} }
func jtP(path string, off int64, err error) jtWant { return jtWant{"patch", path, off, err} }

var jtErrCases = []jtErrCase{
	// Syntax: empty, whitespace only, trailing data.
	{"empty patch", `{}`, ``, 0, jtP("", 0, ErrSyntax)},
	{"whitespace-only target", ` `, `{}`, 0, jtT("", 1, ErrSyntax)},
	{"whitespace-only target, non-object patch", "\n", `1`, 0, jtT("", 1, ErrSyntax)},
	{"absent target, empty patch", ``, ``, 0, jtP("", 0, ErrSyntax)},
	{"absent target, bad patch", ``, `{"a":}`, 0, jtP("/a", 5, ErrSyntax)},
	{"absent target, too deep patch", ``, `{"a":{"b":{}}}`, 2, jtP("/a/b", 10, ErrMaxDepth)},
	{"blank patch", `{}`, " \t\r\n", 0, jtP("", 4, ErrSyntax)},
	{"blank target", "  ", `{"a":1}`, 0, jtT("", 2, ErrSyntax)},
	{"trailing data patch", `{}`, `{} x`, 0, jtP("", 3, ErrSyntax)},
	{"two values patch", `{}`, `{}{}`, 0, jtP("", 2, ErrSyntax)},
	{"two scalars patch", `{}`, `1 2`, 0, jtP("", 2, ErrSyntax)},
	{"trailing data target", `{"a":1} ,`, `{"a":2}`, 0, jtT("", 8, ErrSyntax)},
	{"trailing data target, non-object patch", `[1]]`, `2`, 0, jtT("", 3, ErrSyntax)},
	{"trailing data target, non-object target", `1 1`, `{}`, 0, jtT("", 2, ErrSyntax)},
	{"trailing NUL", `{}`, "{}\x00", 0, jtP("", 2, ErrSyntax)},
	{"non-JSON whitespace", `{}`, "{}\v", 0, jtP("", 2, ErrSyntax)},
	{"non-JSON whitespace before", `{}`, "\u00a0{}", 0, jtP("", 0, ErrSyntax)},

	// Syntax: truncated.
	{"truncated object patch", `{}`, `{"a":1`, 0, jtP("", 6, ErrSyntax)},
	{"truncated after colon", `{}`, `{"a":`, 0, jtP("/a", 5, ErrSyntax)},
	{"truncated name", `{}`, `{"a`, 0, jtP("", 3, ErrSyntax)},
	{"truncated open", `{}`, `{`, 0, jtP("", 1, ErrSyntax)},
	{"truncated array", `{}`, `[1,2`, 0, jtP("", 4, ErrSyntax)},
	{"truncated string", `{}`, `"abc`, 0, jtP("", 4, ErrSyntax)},
	{"truncated escape", `{}`, `"ab\`, 0, jtP("", 4, ErrSyntax)},
	{"truncated \\u escape", `{}`, `"\u12`, 0, jtP("", 5, ErrSyntax)},
	{"truncated target", `{"a":{"b":[1,`, `{"a":{"c":1}}`, 0, jtT("/a/b/1", 13, ErrSyntax)},
	{"truncated target unreached", `{"a":1,"b":{"c":`, `{"a":2}`, 0, jtT("/b/c", 16, ErrSyntax)},
	{"truncated number", `{}`, `-`, 0, jtP("", 1, ErrSyntax)},
	{"truncated fraction", `{}`, `{"a":1.}`, 0, jtP("/a", 7, ErrSyntax)},
	{"truncated exponent", `{}`, `1e`, 0, jtP("", 2, ErrSyntax)},

	// Syntax: malformed.
	{"bad literal tru", `{}`, `{"a":tru}`, 0, jtP("/a", 8, ErrSyntax)},
	{"bad literal nul", `{}`, `{"a":nul}`, 0, jtP("/a", 8, ErrSyntax)},
	{"bad literal nulL", `{}`, `{"a":nulL}`, 0, jtP("/a", 8, ErrSyntax)},
	{"bad literal True", `{}`, `True`, 0, jtP("", 0, ErrSyntax)},
	{"bad literal fals", `{}`, `fals`, 0, jtP("", 4, ErrSyntax)},
	{"bad literal in target", `{"a":1,"b":[fale]}`, `{"a":2}`, 0, jtT("/b/0", 15, ErrSyntax)},
	{"bad literal in target, non-object patch", `{"a":nulls}`, `[]`, 0, jtT("", 9, ErrSyntax)},
	{"leading zero", `{}`, `01`, 0, jtP("", 1, ErrSyntax)},
	{"plus sign", `{}`, `{"a":+1}`, 0, jtP("/a", 5, ErrSyntax)},
	{"leading dot", `{}`, `.5`, 0, jtP("", 0, ErrSyntax)},
	{"hex number", `{}`, `0x1`, 0, jtP("", 1, ErrSyntax)},
	{"NaN", `{}`, `NaN`, 0, jtP("", 0, ErrSyntax)},
	{"single quotes", `{}`, `{'a':1}`, 0, jtP("", 1, ErrSyntax)},
	{"unquoted name", `{}`, `{a:1}`, 0, jtP("", 1, ErrSyntax)},
	{"missing colon", `{}`, `{"a" 1}`, 0, jtP("", 5, ErrSyntax)},
	{"missing comma", `{}`, `{"a":1 "b":2}`, 0, jtP("", 7, ErrSyntax)},
	{"trailing comma object", `{}`, `{"a":1,}`, 0, jtP("", 7, ErrSyntax)},
	{"trailing comma array", `{}`, `[1,]`, 0, jtP("/1", 3, ErrSyntax)},
	{"leading comma array", `{}`, `[,1]`, 0, jtP("/0", 1, ErrSyntax)},
	{"bracket mismatch", `{}`, `[1}`, 0, jtP("", 2, ErrSyntax)},
	{"comment", `{}`, `{} // x`, 0, jtP("", 3, ErrSyntax)},

	// Syntax: bad escapes and control characters.
	{"bad escape", `{}`, `{"a":"\x"}`, 0, jtP("/a", 7, ErrSyntax)},
	{"bad escape in name", `{}`, `{"\a":1}`, 0, jtP("", 3, ErrSyntax)},
	{"bad escape single quote", `{}`, `"\'"`, 0, jtP("", 2, ErrSyntax)},
	{"bad \\u hex", `{}`, `"\u12G4"`, 0, jtP("", 5, ErrSyntax)},
	{"bad \\u hex in target", `{"a":"\uZZZZ"}`, `{"b":1}`, 0, jtT("/a", 8, ErrSyntax)},
	{"bad hex in low surrogate", `{}`, `"\ud800\u00x0"`, 0, jtP("", 11, ErrSyntax)},
	{"control char newline", `{}`, "{\"a\":\"x\ny\"}", 0, jtP("/a", 7, ErrSyntax)},
	{"control char tab", `{}`, "\"\t\"", 0, jtP("", 1, ErrSyntax)},
	{"control char NUL in name", `{}`, "{\"a\x00\":1}", 0, jtP("", 3, ErrSyntax)},
	{"control char 0x1f in target", "{\"a\":\"\x1f\"}", `{}`, 0, jtT("/a", 6, ErrSyntax)},
	{"control char in long string", `{}`, "\"0123456789abcdef\x01\"", 0, jtP("", 17, ErrSyntax)},

	// Invalid UTF-8: raw bytes.
	{"raw 0xff in value", `{}`, "{\"a\":\"\xff\"}", 0, jtP("/a", 6, ErrInvalidUTF8)},
	{"raw 0xff after ascii run", `{}`, "\"0123456789\xff\"", 0, jtP("", 11, ErrInvalidUTF8)},
	{"truncated sequence in name", `{}`, "{\"\xc3\":1}", 0, jtP("", 2, ErrInvalidUTF8)},
	{"overlong encoding", `{}`, "\"\xc0\xaf\"", 0, jtP("", 1, ErrInvalidUTF8)},
	{"encoded surrogate", `{}`, "\"a\xed\xa0\x80\"", 0, jtP("", 2, ErrInvalidUTF8)},
	{"beyond U+10FFFF", `{}`, "\"\xf4\x90\x80\x80\"", 0, jtP("", 1, ErrInvalidUTF8)},
	{"continuation byte alone", `{}`, "[\"ok\",\"\x80\"]", 0, jtP("/1", 7, ErrInvalidUTF8)},
	{"invalid in target unreached", "{\"a\":{\"b\":\"\xfe\"}}", `{"c":1}`, 0, jtT("/a/b", 11, ErrInvalidUTF8)},
	{"invalid in target name", "{\"x\xff\":1}", `{"x":1}`, 0, jtT("", 3, ErrInvalidUTF8)},
	{"invalid in target, non-object patch", "[\"\xff\"]", `null`, 0, jtT("/0", 2, ErrInvalidUTF8)},

	// Invalid UTF-8: unpaired surrogate escapes.
	{"lone high surrogate", `{}`, `"\ud800"`, 0, jtP("", 1, ErrInvalidUTF8)},
	{"lone low surrogate", `{}`, `"\udc00"`, 0, jtP("", 1, ErrInvalidUTF8)},
	{"high then non-surrogate", `{}`, `"\ud800\u0041"`, 0, jtP("", 1, ErrInvalidUTF8)},
	{"high then high", `{}`, `"\uD800\uDBFF"`, 0, jtP("", 1, ErrInvalidUTF8)},
	{"high then text", `{}`, `"a\udbffx"`, 0, jtP("", 2, ErrInvalidUTF8)},
	{"high at end of string", `{"a":1}`, `{"a":"\ud83d"}`, 0, jtP("/a", 6, ErrInvalidUTF8)},
	{"reversed pair", `{}`, `"\ude00\ud83d"`, 0, jtP("", 1, ErrInvalidUTF8)},
	{"unpaired in name", `{}`, `{"x\udfff":1}`, 0, jtP("", 3, ErrInvalidUTF8)},
	{"unpaired in target", `{"a":["\udc00"]}`, `{}`, 0, jtT("/a/0", 7, ErrInvalidUTF8)},

	// Duplicate names in the patch, everywhere.
	{"dup patch top", `{}`, `{"a":1,"a":2}`, 0, jtP("/a", 7, ErrDuplicateName)},
	{"dup patch escaped", `{}`, `{"a":1,"\u0061":2}`, 0, jtP("/a", 7, ErrDuplicateName)},
	{"dup patch escaped slash", `{}`, `{"a\/b":1,"a/b":2}`, 0, jtP("/a~1b", 10, ErrDuplicateName)},
	{"dup patch null values", `{"a":1}`, `{"a":null,"a":null}`, 0, jtP("/a", 10, ErrDuplicateName)},
	{"dup patch nested", `{}`, `{"x":{"a":1,"a":2}}`, 0, jtP("/x/a", 12, ErrDuplicateName)},
	{"dup patch nested in null-valued object", `{}`, `{"x":{"y":null,"y":null}}`, 0, jtP("/x/y", 15, ErrDuplicateName)},
	{"dup patch inside array", `{}`, `{"x":[{"a":1,"a":2}]}`, 0, jtP("/x/0/a", 13, ErrDuplicateName)},
	{"dup patch inside nested arrays", `{}`, `{"x":[1,[{},{"~":1,"~":2}]]}`, 0, jtP("/x/1/1/~0", 19, ErrDuplicateName)},
	{"dup patch non-object", `{}`, `[{"a":1,"a":2}]`, 0, jtP("/0/a", 8, ErrDuplicateName)},
	{"dup patch after nested object", `{}`, `{"a":{"b":1},"b":2,"a":3}`, 0, jtP("/a", 19, ErrDuplicateName)},
	{"dup patch large object", `{}`, jtBigObject(30, `,"k17":1`), 0, jtP("/k17", int64(len(jtBigObject(30, ""))), ErrDuplicateName)},
	{"dup patch large object early", `{}`, jtBigObject(30, `,"k0":1`), 0, jtP("/k0", int64(len(jtBigObject(30, ""))), ErrDuplicateName)},

	// Duplicate names in the target's objects that the merge reads.
	{"dup target top", `{"a":1,"a":2}`, `{}`, 0, jtT("/a", 7, ErrDuplicateName)},
	{"dup target top, patch names other", `{"a":1,"b":0,"\u0061":2}`, `{"b":1}`, 0, jtT("/a", 13, ErrDuplicateName)},
	{"dup target top, patch removes it", `{"a":1,"a":2}`, `{"a":null}`, 0, jtT("/a", 7, ErrDuplicateName)},
	{"dup target merged into", `{"x":{"a":1,"a":2}}`, `{"x":{"b":1}}`, 0, jtT("/x/a", 12, ErrDuplicateName)},
	{"dup target merged into deep", `{"x":{"y":{"b":1,"b":2}}}`, `{"x":{"y":{}}}`, 0, jtT("/x/y/b", 17, ErrDuplicateName)},
	{"dup target large top", jtBigObject(30, `,"k29":1`), `{"n":1}`, 0, jtT("/k29", int64(len(jtBigObject(30, ""))), ErrDuplicateName)},

	// Depth with a small MaxDepth: one past the limit.
	{"depth patch object", `{}`, `{"a":{"b":{"c":{}}}}`, 3, jtP("/a/b/c", 15, ErrMaxDepth)},
	{"depth patch array in object", `{}`, `{"a":[[[1]]]}`, 3, jtP("/a/0/0", 7, ErrMaxDepth)},
	{"depth patch arrays", `{}`, `[[[[1]]]]`, 3, jtP("/0/0/0", 3, ErrMaxDepth)},
	{"depth patch object in array", `{}`, `{"a":[{"b":{}}]}`, 3, jtP("/a/0/b", 11, ErrMaxDepth)},
	{"depth patch limit 1", `{}`, `{"a":{}}`, 1, jtP("/a", 5, ErrMaxDepth)},
	{"depth patch limit 1 array", `{}`, `{"a":[]}`, 1, jtP("/a", 5, ErrMaxDepth)},
	{"depth target unreached", `{"a":{"b":{"c":{}}},"d":1}`, `{"d":2}`, 3, jtT("/a/b/c", 15, ErrMaxDepth)},
	{"depth target merged", `{"a":{"b":{"c":{}}}}`, `{"a":{"b":{"x":1}}}`, 3, jtT("/a/b/c", 15, ErrMaxDepth)},
	{"depth target replaced", `{"a":{"b":{"c":{}}}}`, `{"a":1}`, 3, jtT("/a/b/c", 15, ErrMaxDepth)},
	{"depth target non-object patch", `[[[[1]]]]`, `1`, 3, jtT("/0/0/0", 3, ErrMaxDepth)},
	{"depth target non-object target", `[[[[1]]]]`, `{}`, 3, jtT("/0/0/0", 3, ErrMaxDepth)},
	{"depth default arrays patch", `{}`, jtNest(DefaultMaxDepth+1, ""), 0, jtP(strings.Repeat("/0", DefaultMaxDepth), DefaultMaxDepth, ErrMaxDepth)},
	{"depth default arrays target", jtNest(DefaultMaxDepth+1, "1"), `{}`, 0, jtT(strings.Repeat("/0", DefaultMaxDepth), DefaultMaxDepth, ErrMaxDepth)},
	{"depth default objects patch", `{}`, jtNestObj(DefaultMaxDepth+1, ""), 0, jtP(strings.Repeat("/a", DefaultMaxDepth), 5*DefaultMaxDepth, ErrMaxDepth)},
	{"depth default objects target merged", jtNestObj(DefaultMaxDepth+1, ""), jtNestObj(DefaultMaxDepth, ""), 0, jtT(strings.Repeat("/a", DefaultMaxDepth), 5*DefaultMaxDepth, ErrMaxDepth)},

	// The patch is read, whole, before the target.
	{"both bad: patch reported", `{`, `}`, 0, jtP("", 0, ErrSyntax)},
	{"bad patch after target's dup", `{"a":1,"a":1}`, `{"b":1,"c":}`, 0, jtP("/c", 11, ErrSyntax)},
}

func TestMergeJSONTextErrors(t *testing.T) {
	for _, c := range jtErrCases {
		target, patch := []byte(c.target), []byte(c.patch)
		tcopy, pcopy := bytes.Clone(target), bytes.Clone(patch)
		o := Options{MaxDepth: c.maxDepth}
		got, err := o.MergeJSON(target, patch)
		name := c.name
		if len(got) != 0 {
			t.Errorf("%s: MergeJSON returned %q with its error, want nothing", name, got)
		}
		jtCheckErr(t, name, err, c.want)
		if !bytes.Equal(target, tcopy) || !bytes.Equal(patch, pcopy) {
			t.Errorf("%s: MergeJSON modified its input", name)
		}
		dst := []byte("keep")
		out, err2 := o.AppendMergeJSON(dst, target, patch)
		jtCheckErr(t, name+" (AppendMergeJSON)", err2, c.want)
		if string(out) != "keep" {
			t.Errorf("%s: AppendMergeJSON on error returned %q, want %q", name, out, "keep")
		}
		// Validate of the input at fault finds a fault too; for a fault in
		// the patch, which is checked whole, the very same one.
		faulty := patch
		if c.want.input == "target" {
			faulty = target
		}
		verr := o.Validate(faulty)
		if verr == nil {
			t.Errorf("%s: Validate(%s) accepted the input MergeJSON rejects", name, faulty)
		} else if c.want.input == "patch" || c.want.err != ErrDuplicateName {
			w := c.want
			w.input = ""
			jtCheckErr(t, name+" (Validate)", verr, w)
		}
	}
}

func TestMergeJSONDepthLimits(t *testing.T) {
	// Exactly at the limit is fine, for small and default limits, for
	// arrays and objects, in either input.
	for _, c := range []struct {
		max  int
		text string
	}{
		{1, `{"a":1}`},
		{1, `[1,2]`},
		{1, `1`},
		{2, `{"a":[1]}`},
		{3, `{"a":{"b":{"c":1}}}`},
		{3, `{"a":[[1]]}`},
		{3, `[[[1]]]`},
		{3, `{"a":[{"b":1}]}`},
		{0, jtNest(DefaultMaxDepth, "")},
		{0, jtNestObj(DefaultMaxDepth, "")},
		{DefaultMaxDepth, jtNest(DefaultMaxDepth, "1")},
	} {
		o := Options{MaxDepth: c.max}
		short := c.text
		if len(short) > 40 {
			short = short[:40] + "..."
		}
		if err := o.Validate([]byte(c.text)); err != nil {
			t.Errorf("MaxDepth %d: Validate(%s): %v", c.max, short, err)
		}
		if _, err := o.MergeJSON([]byte(c.text), []byte(`{}`)); err != nil {
			t.Errorf("MaxDepth %d: MergeJSON(%s, {}): %v", c.max, short, err)
		}
		if _, err := o.MergeJSON([]byte(`{}`), []byte(c.text)); err != nil {
			t.Errorf("MaxDepth %d: MergeJSON({}, %s): %v", c.max, short, err)
		}
		// The same text as a member value is one deeper than it: one too deep,
		// unless it is a scalar.
		if c.text[0] == '{' || c.text[0] == '[' {
			_, err := o.MergeJSON([]byte(`{}`), []byte(`{"m":`+c.text+`}`))
			jtCheckErr(t, "one past the limit as member", err, jtWant{"patch", jtDeepestPath(c.text, "/m"), jtDeepestOffset(c.text) + 5, ErrMaxDepth})
		}
	}
	// A negative MaxDepth is the default; a huge one is capped at 100000.
	deep := []byte(jtNest(DefaultMaxDepth+1, ""))
	_, err := Options{MaxDepth: -1}.MergeJSON([]byte(`{}`), deep)
	jtCheckErr(t, "MaxDepth -1", err, jtWant{"patch", strings.Repeat("/0", DefaultMaxDepth), DefaultMaxDepth, ErrMaxDepth})
	if _, err := (Options{MaxDepth: DefaultMaxDepth + 1}).MergeJSON([]byte(`{}`), deep); err != nil {
		t.Errorf("MaxDepth %d: %v", DefaultMaxDepth+1, err)
	}
	deeper := []byte(jtNest(100001, ""))
	err = Options{MaxDepth: 1 << 30}.Validate(deeper)
	jtCheckErr(t, "MaxDepth capped", err, jtWant{"", strings.Repeat("/0", 100000), 100000, ErrMaxDepth})
}

// jtDeepestOffset is the offset of the last '{' or '[' in a nest built
// by jtNest or jtNestObj or the small cases above (the deepest container).
func jtDeepestOffset(text string) int64 {
	return int64(strings.LastIndexAny(text, "{["))
}

// jtDeepestPath is the pointer, below prefix, of the deepest container of
// the small well-formed nests used in TestMergeJSONDepthLimits.
func jtDeepestPath(text, prefix string) string {
	var b strings.Builder
	b.WriteString(prefix)
	// Walk the text: each '[' followed by a '[' or '{' is index 0; each
	// "name": before a container is that name.
	i := 0
	for {
		j := strings.IndexAny(text[i+1:], "{[")
		if j < 0 {
			return b.String()
		}
		j += i + 1
		if text[i] == '[' {
			b.WriteString("/0")
		} else {
			// text[i] == '{': the name just before the inner container.
			seg := text[i+1 : j]
			q2 := strings.LastIndexByte(seg, '"')
			q1 := strings.LastIndexByte(seg[:q2], '"')
			b.WriteString("/" + seg[q1+1:q2])
		}
		i = j
	}
}

func TestValidateText(t *testing.T) {
	valid := []string{
		`{}`, `[]`, `null`, `true`, `false`, `0`, `-0`, `1.5e-3`, `1E+400`, `""`,
		` {"a" : [1, 2, {"b": null}] } `,
		"\t\r\n{\"a\":\"\\u00e9\\ud83d\\ude00\\n\\/\"}\n",
		`{"a":{"a":{"a":1}},"b":{"a":2}}`,
		`[{"a":1},{"a":1}]`,
		`{"a":1,"A":1,"\u00e9":1,"e\u0301":1}`,
		"\"é😀\u2028\"",
		jtBigObject(100, ""),
		jtNest(DefaultMaxDepth, ""),
	}
	for _, v := range valid {
		if err := Validate([]byte(v)); err != nil {
			t.Errorf("Validate(%.40q): %v", v, err)
		}
	}
	for _, c := range []struct {
		text     string
		maxDepth int
		want     jtWant
	}{
		{``, 0, jtWant{"", "", 0, ErrSyntax}},
		{`  `, 0, jtWant{"", "", 2, ErrSyntax}},
		{`{}x`, 0, jtWant{"", "", 2, ErrSyntax}},
		{`[1,2,tru]`, 0, jtWant{"", "/2", 8, ErrSyntax}},
		{`{"a":[1,"\q"]}`, 0, jtWant{"", "/a/1", 10, ErrSyntax}},
		{"{\"a\":\"\xff\"}", 0, jtWant{"", "/a", 6, ErrInvalidUTF8}},
		{`{"a":"\udc00"}`, 0, jtWant{"", "/a", 6, ErrInvalidUTF8}},
		// Validate checks every object, even ones a merge would not reach.
		{`{"x":{"a":1,"a":2}}`, 0, jtWant{"", "/x/a", 12, ErrDuplicateName}},
		{`[{"a":1},{"a":1,"a":1}]`, 0, jtWant{"", "/1/a", 16, ErrDuplicateName}},
		{`{"a~/":1,"a\u007e\/":2}`, 0, jtWant{"", "/a~0~1", 9, ErrDuplicateName}},
		// The empty name's prefix key is 0, as is an object's before its
		// first name; names alike in their first 8 bytes share a key.
		{`{"":1,"":2}`, 0, jtWant{"", "/", 6, ErrDuplicateName}},
		{`{"":1,"a":2,"":3}`, 0, jtWant{"", "/", 12, ErrDuplicateName}},
		{`{"abcdefgh":1,"abcdefghi":2,"abcdefgh":3}`, 0, jtWant{"", "/abcdefgh", 28, ErrDuplicateName}},
		{jtBigObject(40, `,"k39":0`), 0, jtWant{"", "/k39", int64(len(jtBigObject(40, ""))), ErrDuplicateName}},
		{`{"a":[{"b":[]}]}`, 3, jtWant{"", "/a/0/b", 11, ErrMaxDepth}},
		{jtNest(DefaultMaxDepth+1, "1"), 0, jtWant{"", strings.Repeat("/0", DefaultMaxDepth), DefaultMaxDepth, ErrMaxDepth}},
	} {
		data := []byte(c.text)
		dcopy := bytes.Clone(data)
		err := Options{MaxDepth: c.maxDepth}.Validate(data)
		jtCheckErr(t, "Validate("+jtShort(c.text)+")", err, c.want)
		if !bytes.Equal(data, dcopy) {
			t.Errorf("Validate modified its input")
		}
	}
	// Every error case of MergeJSON: Validate agrees with MergeJSON on the
	// syntax of non-object texts too.
	for _, s := range []string{`"a"`, `1`, `-1.0e+5`, `true`} {
		if err := (Options{MaxDepth: 1}).Validate([]byte(s)); err != nil {
			t.Errorf("Validate(%s) with MaxDepth 1: %v", s, err)
		}
	}
}

func jtShort(s string) string {
	if len(s) > 40 {
		return s[:40] + "..."
	}
	return s
}

// jtDoc2K is a document of about 2 KB without escapes, and a small patch.
func jtDoc2K() (doc, patch []byte) {
	var b strings.Builder
	b.WriteString(`{"id":12345,"name":"a document of about two kilobytes","tags":["x","y","z"],`)
	b.WriteString(`"profile":{"email":"someone@example.com","theme":"dark","lang":"en","beta":true},`)
	for i := 0; b.Len() < 1900; i++ {
		b.WriteString(`"field`)
		b.WriteString(strconv.Itoa(i))
		b.WriteString(`":{"n":`)
		b.WriteString(strconv.Itoa(i * 7))
		b.WriteString(`,"s":"value number `)
		b.WriteString(strconv.Itoa(i))
		b.WriteString(`","a":[1,2.5,null,true]},`)
	}
	b.WriteString(`"end":null}`)
	return []byte(b.String()), []byte(`{"name":"renamed","profile":{"theme":null,"font":"mono"},"field3":{"n":0},"new":[1,2]}`)
}

// TestMergeJSONConcurrent runs merges and validations from several
// goroutines at once, for the race detector and the pools.
func TestMergeJSONConcurrent(t *testing.T) {
	doc, patch := jtDoc2K()
	want, err := MergeJSON(doc, patch)
	if err != nil {
		t.Fatal(err)
	}
	runConcurrently(t, 8, func(g int) string {
		for i := 0; i < 50; i++ {
			if g%2 == 0 {
				got, err := MergeJSON(doc, patch)
				if err != nil || !bytes.Equal(got, want) {
					return "MergeJSON gave a different result concurrently"
				}
			} else {
				_, err := MergeJSON(doc, []byte(`{"a":1,"a":2}`))
				if !errors.Is(err, ErrDuplicateName) {
					return "error case gave " + jtErrString(err)
				}
				if err := Validate(doc); err != nil {
					return err.Error()
				}
			}
		}
		return ""
	})
}

// runConcurrently runs f(0) to f(n-1) at once, each on a goroutine of its
// own, and reports each non-empty message that they return.
func runConcurrently(t *testing.T, n int, f func(g int) string) {
	t.Helper()
	done := make(chan string, n)
	for g := 0; g < n; g++ {
		go func(g int) { done <- f(g) }(g)
	}
	for g := 0; g < n; g++ {
		if msg := <-done; msg != "" {
			t.Error(msg)
		}
	}
}

func jtErrString(err error) string {
	if err == nil {
		return "<nil>"
	}
	return err.Error()
}

// jtObjRef is an object inside a generated document, with the reference
// tokens that lead to it.
type jtObjRef struct {
	n        *otNode
	path     []string
	viaArray bool // the path passes through an array
}

func jtObjects(n *otNode, path []string, viaArray bool, out *[]jtObjRef) {
	sub := func(tok string) []string { return append(append([]string(nil), path...), tok) }
	switch n.kind {
	case '{':
		*out = append(*out, jtObjRef{n, path, viaArray})
		for i, k := range n.keys {
			jtObjects(n.vals[i], sub(k), viaArray, out)
		}
	case '[':
		for i, v := range n.vals {
			jtObjects(v, sub(strconv.Itoa(i)), true, out)
		}
	}
}

// jtMergesInto reports whether a merge of patch reads the members of the
// target object at path (object members only): the patch holds an object
// at that path and at every step to it.
func jtMergesInto(patch *otNode, path []string) bool {
	p := patch
	if p.kind != '{' {
		return false
	}
	for _, k := range path {
		j := p.index(k)
		if j < 0 {
			return false
		}
		if p = p.vals[j]; p.kind != '{' {
			return false
		}
	}
	return true
}

// TestMergeJSONPropertyDuplicates repeats one member name in one object of
// a generated target or patch (the repeat spelled at random, so often with
// different escapes) and checks that Validate reports it at the repeat's
// offset and path, and that MergeJSON does too exactly when the object is
// in the patch or is a target object the merge reads; otherwise the merge
// succeeds.
func TestMergeJSONPropertyDuplicates(t *testing.T) {
	checkPropertyN(t, 1500, func(t *rapid.T) {
		target := otDrawTop(t, true, nil)
		patch := otDrawTop(t, true, target)
		inPatch := dtBoolGen.Draw(t, "in patch")
		doc := target
		if inPatch {
			doc = patch
		}
		if dtBoolGen.Draw(t, "sorted") {
			// In order up to the repeat, which is where an ordered
			// object's check must notice it.
			otSort(doc)
		}
		var objs []jtObjRef
		jtObjects(doc, nil, false, &objs)
		var candidates []jtObjRef
		for _, o := range objs {
			if len(o.n.keys) > 0 {
				candidates = append(candidates, o)
			}
		}
		if len(candidates) == 0 {
			t.Skip("no object with members")
		}
		o := candidates[rapid.IntRange(0, len(candidates)-1).Draw(t, "object")]
		i := rapid.IntRange(0, len(o.n.keys)-1).Draw(t, "member")
		at := rapid.IntRange(i+1, len(o.n.keys)).Draw(t, "at")
		name := o.n.keys[i]
		v := otDraw(t, len(o.path)+1, true, nil)
		o.n.keys = append(o.n.keys[:at:at], append([]string{name}, o.n.keys[at:]...)...)
		o.n.vals = append(o.n.vals[:at:at], append([]*otNode{v}, o.n.vals[at:]...)...)

		off := -1
		r := rand.New(rand.NewSource(int64(dtSeedGen.Draw(t, "seed"))))
		if dtBoolGen.Draw(t, "compact") {
			r = nil
		}
		text := otAppend(nil, doc, r, func(obj *otNode, k, o2 int) {
			if obj == o.n && k == at {
				off = o2
			}
		})
		other := otRender(patch, rand.New(rand.NewSource(int64(dtSeedGen.Draw(t, "seed")))))
		if inPatch {
			other = otRender(target, nil)
		}
		want := jtWant{"", pointerOf(append(append([]string(nil), o.path...), name)), int64(off), ErrDuplicateName}
		jtCheckErr(t, "Validate", Validate(text), want)
		if inPatch {
			_, err := MergeJSON(other, text)
			want.input = "patch"
			jtCheckErr(t, "MergeJSON, repeat in patch", err, want)
			return
		}
		out, err := MergeJSON(text, other)
		if !o.viaArray && jtMergesInto(patch, o.path) {
			want.input = "target"
			jtCheckErr(t, "MergeJSON, repeat in a target object the merge reads", err, want)
			return
		}
		if err != nil {
			t.Fatalf("MergeJSON(%s, %s): %v; the repeated name is in a target object the merge does not read", text, other, err)
		}
		if !json.Valid(out) {
			t.Fatalf("MergeJSON(%s, %s) = %s, not valid JSON", text, other, out)
		}
	})
}

// TestMergeJSONPropertySorted is TestMergeJSONPropertyReference for
// documents whose objects list their members in order of name, as
// encoding/json writes them, which MergeJSON reads without hashing: both
// sorted, one of them, or with one member moved out of order somewhere.
func TestMergeJSONPropertySorted(t *testing.T) {
	checkPropertyN(t, 2000, func(t *rapid.T) {
		target := otDrawTop(t, true, nil)
		patch := otDrawTop(t, true, target)
		for _, doc := range []*otNode{target, patch} {
			if rapid.IntRange(0, 3).Draw(t, "unsorted") == 0 {
				continue
			}
			otSort(doc)
			var objs []jtObjRef
			jtObjects(doc, nil, false, &objs)
			if len(objs) == 0 || !dtBoolGen.Draw(t, "move one") {
				continue
			}
			o := objs[rapid.IntRange(0, len(objs)-1).Draw(t, "object")].n
			if len(o.keys) < 2 {
				continue
			}
			from := rapid.IntRange(1, len(o.keys)-1).Draw(t, "from")
			to := rapid.IntRange(0, from-1).Draw(t, "to")
			k, v := o.keys[from], o.vals[from]
			copy(o.keys[to+1:from+1], o.keys[to:from])
			copy(o.vals[to+1:from+1], o.vals[to:from])
			o.keys[to], o.vals[to] = k, v
		}
		tt := otRender(target, rand.New(rand.NewSource(int64(dtSeedGen.Draw(t, "seed")))))
		tp := otRender(patch, rand.New(rand.NewSource(int64(dtSeedGen.Draw(t, "seed")))))
		if dtBoolGen.Draw(t, "compact") { // as encoding/json writes it
			tt, tp = otRender(target, nil), otRender(patch, nil)
		}
		dtCheckMergeJSON(t, tt, tp)
	})
}

// TestMergeJSONAbsentTarget checks that a zero-length target is absent:
// the result is what a null target gives (RFC 7396 treats the two alike),
// that is the patch less its nulls for an object patch, and the patch
// itself otherwise, for nil and empty non-nil targets, through MergeJSON
// and AppendMergeJSON; and that Merge with a nil target map agrees.
func TestMergeJSONAbsentTarget(t *testing.T) {
	checkPropertyN(t, 1000, func(t *rapid.T) {
		patch := otDrawTop(t, true, nil)
		tp := otRender(patch, rand.New(rand.NewSource(int64(dtSeedGen.Draw(t, "seed")))))
		want, err := MergeJSON([]byte("null"), tp)
		if err != nil {
			t.Fatalf("MergeJSON(null, %s): %v", tp, err)
		}
		if wantOrder := otMerge(nil, patch); !otEqualOrdered(otMustParse(t, want), wantOrder) {
			t.Fatalf("MergeJSON(null, %s) = %s, want %s", tp, want, otRender(wantOrder, nil))
		}
		for _, target := range [][]byte{nil, {}, make([]byte, 0, 8)} {
			got, err := MergeJSON(target, tp)
			if err != nil || !bytes.Equal(got, want) {
				t.Fatalf("MergeJSON(%#v, %s) = %s, %v; want %s", target, tp, got, err, want)
			}
			dst := []byte("keep")
			got, err = AppendMergeJSON(dst, target, tp)
			if err != nil || string(got) != "keep"+string(want) {
				t.Fatalf("AppendMergeJSON(keep, %#v, %s) = %s, %v; want keep%s", target, tp, got, err, want)
			}
		}
		if pm, ok := decodeJSON(t, tp).(map[string]any); ok {
			m, err := Merge(nil, pm)
			if err != nil {
				t.Fatalf("Merge(nil, %s): %v", tp, err)
			}
			if !equalJSON(any(m), decodeJSON(t, want)) {
				t.Fatalf("Merge(nil, %s) = %s, MergeJSON(\"\", %s) = %s", tp, dtMarshal(t, m), tp, want)
			}
		}
	})
}

// TestEmptyInputStaysAnError checks that only a merge's target may be
// absent: a zero-length patch, Validate's input and DiffJSON's inputs are
// syntax errors at offset 0.
func TestEmptyInputStaysAnError(t *testing.T) {
	for _, c := range []struct {
		name   string
		run    func() error
		input  string
		reason string
	}{
		{"patch", func() error { _, err := MergeJSON([]byte(`{}`), nil); return err }, "patch", "a patch is never absent"},
		{"both", func() error { _, err := MergeJSON(nil, []byte{}); return err }, "patch", "the patch is read first"},
		{"append patch", func() error { _, err := AppendMergeJSON(nil, []byte(`{}`), nil); return err }, "patch", "as MergeJSON"},
		{"validate", func() error { return Validate(nil) }, "", "nothing is no document"},
		{"diff original", func() error { _, err := DiffJSON(nil, []byte(`{}`)); return err }, "original", "a diff needs two documents"},
		{"diff modified", func() error { _, err := DiffJSON([]byte(`{}`), []byte{}); return err }, "modified", "a diff needs two documents"},
	} {
		jtCheckErr(t, c.name+" ("+c.reason+")", c.run(), jtWant{c.input, "", 0, ErrSyntax})
	}
}

// otMustParse is otParse for text known to be valid.
func otMustParse(tb rapid.TB, b []byte) *otNode {
	tb.Helper()
	n, err := otParse(b)
	if err != nil {
		tb.Fatalf("otParse(%s): %v", b, err)
	}
	return n
}

// jtCorrupt returns a copy of text with one random change: a byte
// replaced, inserted or deleted, or the text cut short.
func jtCorrupt(t *rapid.T, text []byte) []byte {
	if len(text) == 0 {
		return []byte(" ")
	}
	b := rapid.SampledFrom([]byte("\"\\{}[],: \t\n0-.eE+unlt\x00\x1f\x7f\xff\xc3\xed")).Draw(t, "byte")
	at := rapid.IntRange(0, len(text)-1).Draw(t, "at")
	out := bytes.Clone(text)
	switch rapid.IntRange(0, 3).Draw(t, "change") {
	case 0:
		out[at] = b
	case 1:
		out = append(out[:at:at], append([]byte{b}, text[at:]...)...)
	case 2:
		out = append(out[:at:at], text[at+1:]...)
	default:
		out = out[:at]
	}
	return out
}

// jtSameError fails unless got is an *Error equal to want (an error from
// Validate) but for its Input.
func jtSameError(tb rapid.TB, what string, got, want error, input string) {
	tb.Helper()
	var w *Error
	if !errors.As(want, &w) {
		tb.Fatalf("%s: Validate gave %v, not an *Error", what, want)
	}
	jtCheckErr(tb, what, got, jtWant{input, w.Path, w.Offset, w.Err})
}

// TestMergeJSONPropertyCorrupted corrupts one input of a generated pair
// and checks that MergeJSON and DiffJSON find the first fault exactly where
// Validate finds it: the patch and modified are checked whole, the target
// and original for everything but the repeated names they may copy.
func TestMergeJSONPropertyCorrupted(t *testing.T) {
	checkPropertyN(t, 2000, func(t *rapid.T) {
		target := otDrawTop(t, true, nil)
		patch := otDrawTop(t, true, target)
		tt := otRender(target, rand.New(rand.NewSource(int64(dtSeedGen.Draw(t, "seed")))))
		tp := otRender(patch, rand.New(rand.NewSource(int64(dtSeedGen.Draw(t, "seed")))))
		if dtBoolGen.Draw(t, "sorted and compact") { // as encoding/json writes them
			otSort(target)
			otSort(patch)
			tt, tp = otRender(target, nil), otRender(patch, nil)
		}
		if dtBoolGen.Draw(t, "corrupt patch") {
			tp = jtCorrupt(t, tp)
			v := Validate(tp)
			_, err := MergeJSON(tt, tp)
			_, derr := DiffJSON(tt, tp)
			if v == nil {
				if err != nil {
					t.Fatalf("MergeJSON(%s, %s): %v, but Validate accepts the patch", tt, tp, err)
				}
				if derr != nil && !errors.Is(derr, ErrNotRepresentable) {
					t.Fatalf("DiffJSON(%s, %s): %v, but Validate accepts modified", tt, tp, derr)
				}
				return
			}
			jtSameError(t, "MergeJSON, corrupted patch", err, v, "patch")
			jtSameError(t, "DiffJSON, corrupted modified", derr, v, "modified")
			return
		}
		tt = jtCorrupt(t, tt)
		v := Validate(tt)
		_, err := MergeJSON(tt, tp)
		_, derr := DiffJSON(tt, tp)
		switch {
		case v == nil:
			if err != nil {
				t.Fatalf("MergeJSON(%s, %s): %v, but Validate accepts the target", tt, tp, err)
			}
			if derr != nil && !errors.Is(derr, ErrNotRepresentable) {
				t.Fatalf("DiffJSON(%s, %s): %v, but Validate accepts original", tt, tp, derr)
			}
		case len(tt) == 0:
			// Cut to nothing: an absent target, which only MergeJSON takes.
			if err != nil {
				t.Fatalf("MergeJSON(absent, %s): %v", tp, err)
			}
			jtSameError(t, "DiffJSON, corrupted original", derr, v, "original")
		case !errors.Is(v, ErrDuplicateName):
			jtSameError(t, "MergeJSON, corrupted target", err, v, "target")
			jtSameError(t, "DiffJSON, corrupted original", derr, v, "original")
		}
	})
}

// TestMergeJSONNilOnError checks that a failed MergeJSON or DiffJSON
// returns no bytes at all, not an empty buffer.
func TestMergeJSONNilOnError(t *testing.T) {
	if out, err := MergeJSON([]byte(`{}`), []byte(`{"b":`)); err == nil || out != nil {
		t.Errorf("MergeJSON on bad patch = %q (nil: %v), %v; want nil and an error", out, out == nil, err)
	}
	if out, err := DiffJSON([]byte(`{}`), []byte(`{"b":`)); err == nil || out != nil {
		t.Errorf("DiffJSON on bad input = %q (nil: %v), %v; want nil and an error", out, out == nil, err)
	}
}
