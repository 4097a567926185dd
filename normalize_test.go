package deepmerge

import (
	"bytes"
	"encoding/json"
	"errors"
	"math/rand"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"
)

var nmCases = []struct {
	name, in, want string
	reason         string
}{
	{"valid object", " {\"b\" : [ 1.50 , \"\\u00e9\" ], \"a\":null}\n", `{"b":[1.50,"\u00e9"],"a":null}`,
		"a valid document is only made compact: order, number text and escapes are kept"},
	{"valid scalar", " 12345678901234567890 ", `12345678901234567890`, "any JSON value, not only objects"},
	{"repeat", `{"a":1,"b":2,"a":3}`, `{"a":3,"b":2}`, "the last value, at the first place"},
	{"repeat thrice", `{"a":1,"a":2,"b":0,"a":3}`, `{"a":3,"b":0}`, "the last of three"},
	{"repeat object", `{"a":{"x":1},"a":{"y":2}}`, `{"a":{"y":2}}`, "repeated objects are not merged: the last replaces"},
	{"repeat spelled", `{"\u0061":1,"a":2}`, `{"\u0061":2}`, "names compare decoded; the first spelling is kept"},
	{"repeat nested", `{"o":{"k":1,"k":2},"o":{"k":3,"k":4}}`, `{"o":{"k":4}}`, "repeats inside the kept value are repaired too"},
	{"repeat inside array", `[{"a":1,"a":null}]`, `[{"a":null}]`, "in every object, arrays included"},
	{"repeat large", `{` + nmMembers(40) + `,"m7":"last"}`, `{` + strings.Replace(nmMembers(40), `"m7":7`, `"m7":"last"`, 1) + `}`,
		"an object large enough to find its names by a map"},
	{"invalid byte", "[\"a\xffb\"]", "[\"a\uFFFDb\"]", "each invalid byte becomes U+FFFD"},
	{"truncated sequence", "\"\xe2\x82\"", "\"\uFFFD\uFFFD\"", "byte by byte, as encoding/json replaces them"},
	{"encoded surrogate", "\"\xed\xa0\x80\"", "\"\uFFFD\uFFFD\uFFFD\"", "UTF-8 of a surrogate is invalid UTF-8"},
	{"lone high", `"\ud800x"`, `"\ufffdx"`, "an unpaired escape becomes the escape \\ufffd"},
	{"lone low", `"\udc00"`, `"\ufffd"`, "a low surrogate alone"},
	{"reversed pair", `"\udc00\ud800"`, `"\ufffd\ufffd"`, "low then high is two unpaired halves"},
	{"high then pair", `"\ud800\ud83d\ude00"`, `"\ufffd\ud83d\ude00"`, "a high surrogate before a pair"},
	{"pair", `"\ud83d\ude00"`, `"\ud83d\ude00"`, "a valid pair is kept as written"},
	{"invalid names collide", "{\"a\xff\":1,\"a\xfe\":2}", "{\"a\uFFFD\":2}", "names compare after repair, as encoding/json decodes them"},
	{"escape collides with repair", "{\"\\ufffd\":1,\"\xff\":2}", `{"\ufffd":2}`, "U+FFFD spelled as an escape and as repaired bytes"},
	{"all faults", "{\"k\":\"\xc3\",\"k\":{\"\\udfff\":[1 , 2]}}", `{"k":{"\ufffd":[1,2]}}`, "every rule at once"},
}

func nmMembers(n int) string {
	var b strings.Builder
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(`"m` + strconv.Itoa(i) + `":` + strconv.Itoa(i))
	}
	return b.String()
}

func TestNormalize(t *testing.T) {
	for _, c := range nmCases {
		in := []byte(c.in)
		orig := bytes.Clone(in)
		got, err := Normalize(in)
		if err != nil {
			t.Errorf("%s: Normalize(%q): %v (%s)", c.name, c.in, err, c.reason)
			continue
		}
		if string(got) != c.want {
			t.Errorf("%s: Normalize(%q) = %q, want %q (%s)", c.name, c.in, got, c.want, c.reason)
		}
		if !bytes.Equal(in, orig) {
			t.Errorf("%s: Normalize modified its input", c.name)
		}
		nmCheck(t, in, got)
		if len(got) > 0 && len(in) > 0 {
			got[0] = 'X'
			if !bytes.Equal(in, orig) {
				t.Errorf("%s: Normalize's result shares memory with its input", c.name)
			}
		}
	}
}

// TestNormalizeErrors checks that what no reader accepts is still an
// error, exactly where Validate finds it.
func TestNormalizeErrors(t *testing.T) {
	for _, c := range []struct {
		name, in string
		max      int
		want     jtWant
		reason   string
	}{
		{"empty", ``, 0, jtWant{"", "", 0, ErrSyntax}, "no document"},
		{"space", " \n", 0, jtWant{"", "", 2, ErrSyntax}, "whitespace is no document"},
		{"trailing", `{} {}`, 0, jtWant{"", "", 3, ErrSyntax}, "one document only"},
		{"trailing comma", `{"a":1,}`, 0, jtWant{"", "", 7, ErrSyntax}, "no reader takes it"},
		{"bad literal", `{"a":[tru]}`, 0, jtWant{"", "/a/0", 9, ErrSyntax}, "the path of the fault"},
		{"control character", "{\"a\":\"x\ny\"}", 0, jtWant{"", "/a", 7, ErrSyntax}, "raw control characters stay errors"},
		{"bad escape", `["\x"]`, 0, jtWant{"", "/0", 3, ErrSyntax}, "an escape no reader knows"},
		{"bad hex after high", `["\ud800\u00zz"]`, 0, jtWant{"", "/0", 12, ErrSyntax}, "the escape after a surrogate is still read"},
		{"fault after repeat", `{"a":1,"a":2,"b":}`, 0, jtWant{"", "/b", 17, ErrSyntax}, "repairable faults before it do not hide it"},
		{"fault after invalid byte", "[\"\xff\",?]", 0, jtWant{"", "/1", 5, ErrSyntax}, "nor does invalid UTF-8"},
		{"fault under repaired name", "{\"\xff\":[1,]}", 0, jtWant{"", "/\uFFFD/1", 8, ErrSyntax}, "the path spells the name as repaired"},
		{"too deep", `[[[1]]]`, 2, jtWant{"", "/0/0", 2, ErrMaxDepth}, "nesting is limited"},
		{"too deep object", `{"a":{"a":1,"a":{}}}`, 2, jtWant{"", "/a/a", 16, ErrMaxDepth}, "also in a value a repeat replaces"},
		{"BOM", "\xef\xbb\xbf{}", 0, jtWant{"", "", 0, ErrSyntax}, "a byte order mark is no JSON"},
	} {
		o := Options{MaxDepth: c.max}
		got, err := o.Normalize([]byte(c.in))
		if got != nil {
			t.Errorf("%s: Normalize returned %q with its error", c.name, got)
		}
		jtCheckErr(t, c.name+" ("+c.reason+")", err, c.want)
		if v := o.Validate([]byte(c.in)); !errors.Is(v, ErrInvalidUTF8) && !errors.Is(v, ErrDuplicateName) {
			if diff := cmp.Diff(jtErrString(v), jtErrString(err)); diff != "" {
				t.Errorf("%s: Normalize's error differs from Validate's (-Validate +Normalize):\n%s", c.name, diff)
			}
		}
	}
}

// TestNormalizeProperty draws documents, damages them with repeated names,
// invalid UTF-8 and unpaired surrogate escapes, and checks Normalize's
// result by nmCheck.
func TestNormalizeProperty(t *testing.T) {
	checkPropertyN(t, 1000, func(t *rapid.T) {
		doc := nmRepeat(t, otDrawTop(t, true, nil))
		text := otRender(doc, rand.New(rand.NewSource(int64(dtSeedGen.Draw(t, "seed")))))
		text = nmDamage(t, text)
		out, err := Normalize(text)
		if err != nil {
			t.Fatalf("Normalize(%q): %v", text, err)
		}
		nmCheck(t, text, out)
	})
}

// nmRepeat adds repeated names to objects of n at random, with new values.
func nmRepeat(t *rapid.T, n *otNode) *otNode {
	for i, v := range n.vals {
		n.vals[i] = nmRepeat(t, v)
	}
	if n.kind == '{' && len(n.keys) > 0 {
		for k := rapid.IntRange(0, 2).Draw(t, "repeats"); k > 0; k-- {
			name := rapid.SampledFrom(n.keys).Draw(t, "repeated name")
			at := rapid.IntRange(0, len(n.keys)).Draw(t, "repeat at")
			v := otDraw(t, 2, true, nil)
			n.keys = append(n.keys[:at:at], append([]string{name}, n.keys[at:]...)...)
			n.vals = append(n.vals[:at:at], append([]*otNode{v}, n.vals[at:]...)...)
		}
	}
	return n
}

// nmDamage inserts invalid UTF-8 and unpaired surrogate escapes at the
// start of some strings and names of the text.
func nmDamage(t *rapid.T, text []byte) []byte {
	faults := []string{"\xff", "\xc3", "\xe2\x82", "\xed\xa0\x80", "\x80", `\ud800`, `\udc00`, `\uDBFF\u0041`, "\xef\xbf\xbd", `\ufffd`}
	var out []byte
	in := false
	for i := 0; i < len(text); i++ {
		c := text[i]
		out = append(out, c)
		switch {
		case in && c == '\\':
			i++
			out = append(out, text[i])
		case c == '"':
			in = !in
			if in && rapid.IntRange(0, 3).Draw(t, "damage") == 0 {
				out = append(out, rapid.SampledFrom(faults).Draw(t, "fault")...)
			}
		}
	}
	return out
}

// nmCheck checks Normalize's result out for the input in, which it
// accepted: every function of the package accepts it; encoding/json reads
// the same value from both; its order is the input's with each repeated
// name at its first place; normalizing again changes nothing; and for
// input that Validate accepts it is what MergeJSON makes of it.
func nmCheck(tb rapid.TB, in, out []byte) {
	tb.Helper()
	if err := Validate(out); err != nil {
		tb.Fatalf("Normalize(%q) = %q, which Validate rejects: %v", in, out, err)
	}
	var compact bytes.Buffer
	if err := json.Compact(&compact, out); err != nil || !bytes.Equal(compact.Bytes(), out) {
		tb.Fatalf("Normalize(%q) = %q is not compact JSON (%v)", in, out, err)
	}
	vin, err1 := decodeJSONValue(in)
	vout, err2 := decodeJSONValue(out)
	if err1 != nil || err2 != nil {
		tb.Fatalf("Normalize(%q) = %q: encoding/json reads the input: %v; the result: %v", in, out, err1, err2)
	}
	if !equalJSON(vin, vout) {
		tb.Fatalf("Normalize(%q) = %q: encoding/json reads another value (-input +result):\n%s", in, out, cmp.Diff(vin, vout))
	}
	oin, err1 := otParse(in)
	oout, err2 := otParse(out)
	if err1 != nil || err2 != nil {
		tb.Fatalf("otParse: %v, %v", err1, err2)
	}
	if want := nmFirstPlaces(oin); !otEqualOrdered(oout, want) {
		tb.Fatalf("Normalize(%q) = %q, want the order of %q", in, out, otRender(want, nil))
	}
	again, err := Normalize(out)
	if err != nil || !bytes.Equal(again, out) {
		tb.Fatalf("Normalize(Normalize(%q)) = %q, %v; want %q", in, again, err, out)
	}
	if Validate(in) == nil && oin.kind == '{' {
		merged, err := MergeJSON(in, []byte(`{}`))
		if err != nil || !bytes.Equal(merged, out) {
			tb.Fatalf("Normalize(%q) = %q, but MergeJSON(it, {}) = %q, %v", in, out, merged, err)
		}
	}
}

// nmFirstPlaces returns n with each repeated member name of each object
// kept at its first place with the value of its last occurrence. n's
// names and strings are as encoding/json decodes them.
func nmFirstPlaces(n *otNode) *otNode {
	c := &otNode{kind: n.kind, str: n.str}
	for i, v := range n.vals {
		v = nmFirstPlaces(v)
		if n.kind != '{' {
			c.vals = append(c.vals, v)
			continue
		}
		if j := c.index(n.keys[i]); j >= 0 {
			c.vals[j] = v
			continue
		}
		c.keys = append(c.keys, n.keys[i])
		c.vals = append(c.vals, v)
	}
	return c
}

// FuzzNormalize checks Normalize on any input: it fails exactly when
// encoding/json rejects the input, with Validate's error when that is a
// fault no reader accepts, and otherwise its result passes nmCheck, and
// NormalizeReport gives the same result with repairs that pass nrCheck.
func FuzzNormalize(f *testing.F) {
	for _, c := range nmCases {
		f.Add([]byte(c.in))
	}
	for _, c := range fzInline {
		f.Add([]byte(c[0]))
		f.Add([]byte(c[1]))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		if len(in) > fzMaxSeed {
			return
		}
		orig := bytes.Clone(in)
		out, err := Normalize(in)
		if !bytes.Equal(in, orig) {
			t.Fatalf("Normalize modified its input")
		}
		if (err == nil) != json.Valid(in) {
			t.Fatalf("Normalize(%q): %v, but json.Valid says %v", in, err, json.Valid(in))
		}
		v := Validate(in)
		if err != nil {
			var e *Error
			if !errors.As(err, &e) || e.Input != "" || e.Offset < 0 || e.Offset > int64(len(in)) ||
				(e.Err != ErrSyntax && e.Err != ErrMaxDepth) {
				t.Fatalf("Normalize(%q): %v, not a syntax or depth *Error in the input", in, err)
			}
			if !errors.Is(v, ErrInvalidUTF8) && !errors.Is(v, ErrDuplicateName) && jtErrString(v) != jtErrString(err) {
				t.Fatalf("Normalize(%q): %v, but Validate: %v", in, err, v)
			}
			return
		}
		nmCheck(t, in, out)
		outR, rep, errR := NormalizeReport(in)
		if errR != nil || !bytes.Equal(outR, out) {
			t.Fatalf("NormalizeReport(%q) = %q, %v; Normalize %q", in, outR, errR, out)
		}
		nrCheck(t, in, out, rep)
	})
}

// nrCases are documents and what NormalizeReport says it changed in each.
var nrCases = []struct {
	name, in string
	want     Repairs
	reason   string
}{
	{"valid", ` {"a": [1, "\u00e9"]} `, Repairs{}, "nothing but whitespace changed: no repairs"},
	{"role", `{"role":"user","name":"Ada","role":"admin"}`,
		Repairs{Dropped: []DroppedValue{{"/role", 8, 14}}}, "the earlier value of a repeated name, where it was"},
	{"three times", `{"a":1,"a":[2],"a":3}`,
		Repairs{Dropped: []DroppedValue{{"/a", 5, 6}, {"/a", 11, 14}}}, "each earlier value, in the order of the input"},
	{"nested", `{"m":{"x":{"y":1},"x":2}}`,
		Repairs{Dropped: []DroppedValue{{"/m/x", 10, 17}}}, "the pointer leads through the objects"},
	{"in arrays", `[0,{"t":[{"k":1,"k":2}]}]`,
		Repairs{Dropped: []DroppedValue{{"/1/t/0/k", 14, 15}}}, "array indices in the pointer"},
	{"order of the result", `{"b":{"y":1,"y":2},"a":1,"a":2,"b":{"z":3,"z":4}}`,
		Repairs{Dropped: []DroppedValue{{"/b", 5, 18}, {"/b/z", 40, 41}, {"/a", 23, 24}}},
		"the kept b is written first, at b's place, and its repairs with it; the repeat inside the dropped b is not reported"},
	{"escaped names", `{"a/b":{"~":1,"\u007e":2}}`,
		Repairs{Dropped: []DroppedValue{{"/a~1b/~0", 12, 13}}}, "pointer tokens are escaped; names compare decoded"},
	{"repaired name", "{\"\xff\":1,\"\xfe\":2}",
		Repairs{Dropped: []DroppedValue{{"/\uFFFD", 5, 6}}, InvalidUTF8: 1},
		"the pointer spells the name as the result does; the first name's byte is counted, the dropped one's is not"},
	{"bytes", "[\"a\xffb\xfe\",\"\xe2\x82\"]", Repairs{InvalidUTF8: 4}, "each invalid byte once"},
	{"surrogates", `{"\udc00":"\ud800x\ud83d\ude00\udfff"}`, Repairs{LoneSurrogates: 3}, "unpaired escapes in names and strings; the pair is kept"},
	{"dropped damage", "{\"a\":\"\xff\\ud800\",\"a\":\"ok\"}", Repairs{Dropped: []DroppedValue{{"/a", 5, 14}}},
		"damage inside a dropped value goes with it, and is not counted"},
}

func TestNormalizeReport(t *testing.T) {
	for _, c := range nrCases {
		in := []byte(c.in)
		orig := bytes.Clone(in)
		got, rep, err := NormalizeReport(in)
		if err != nil {
			t.Errorf("%s: NormalizeReport(%q): %v (%s)", c.name, c.in, err, c.reason)
			continue
		}
		if diff := cmp.Diff(c.want, rep); diff != "" {
			t.Errorf("%s: NormalizeReport(%q) repairs (-want +got):\n%s(%s)", c.name, c.in, diff, c.reason)
		}
		if want, _ := Normalize(in); !bytes.Equal(got, want) {
			t.Errorf("%s: NormalizeReport(%q) = %q, Normalize %q", c.name, c.in, got, want)
		}
		if !bytes.Equal(in, orig) {
			t.Errorf("%s: NormalizeReport modified its input", c.name)
		}
		nrCheck(t, in, got, rep)
	}
	// Errors are Normalize's, with nothing else.
	for _, in := range []string{``, `{"a":1,"a":2,"b":}`, "\xef\xbb\xbf{}", `[[[]]]`} {
		o := Options{MaxDepth: 2}
		got, rep, err := o.NormalizeReport([]byte(in))
		_, want := o.Normalize([]byte(in))
		if got != nil || !cmp.Equal(rep, Repairs{}) || jtErrString(err) != jtErrString(want) || want == nil {
			t.Errorf("NormalizeReport(%q) = %q, %+v, %v; want nil, no repairs, %v", in, got, rep, err, want)
		}
	}
}

// TestNormalizeReportProperty damages drawn documents as
// TestNormalizeProperty does and checks the repairs by nrCheck.
func TestNormalizeReportProperty(t *testing.T) {
	checkPropertyN(t, 500, func(t *rapid.T) {
		doc := nmRepeat(t, otDrawTop(t, true, nil))
		text := otRender(doc, rand.New(rand.NewSource(int64(dtSeedGen.Draw(t, "seed")))))
		text = nmDamage(t, text)
		out, rep, err := NormalizeReport(text)
		if err != nil {
			t.Fatalf("NormalizeReport(%q): %v", text, err)
		}
		if want, _ := Normalize(text); !bytes.Equal(out, want) {
			t.Fatalf("NormalizeReport(%q) = %q, Normalize %q", text, out, want)
		}
		nrCheck(t, text, out, rep)
	})
}

// nrCheck checks the repairs rep that NormalizeReport gave with out for
// in: there are none exactly when Validate accepts in; each dropped value
// is a JSON value of in, at a pointer that out holds, inside an object
// of in that repeats the pointer's last name; each counted replacement
// left a U+FFFD in out; and the repairs share no memory with in.
func nrCheck(tb rapid.TB, in, out []byte, rep Repairs) {
	tb.Helper()
	if valid := Validate(in) == nil; valid != cmp.Equal(rep, Repairs{}) {
		tb.Fatalf("NormalizeReport(%q): Validate accepts it: %v, but the repairs are %+v", in, valid, rep)
	}
	vout, err := decodeJSONValue(out)
	if err != nil {
		tb.Fatal(err)
	}
	for _, d := range rep.Dropped {
		if d.Offset < 0 || d.Offset >= d.End || d.End > int64(len(in)) {
			tb.Fatalf("NormalizeReport(%q): dropped value %+v is not within the input", in, d)
		}
		if _, err := Normalize(in[d.Offset:d.End]); err != nil {
			tb.Fatalf("NormalizeReport(%q): dropped value %+v is %q, not a JSON value: %v", in, d, in[d.Offset:d.End], err)
		}
		if _, ok := nrResolve(vout, d.Path); !ok {
			tb.Fatalf("NormalizeReport(%q) = %q: dropped value %+v has a pointer that the result does not hold", in, out, d)
		}
	}
	if n := bytes.Count(out, []byte("\uFFFD")); n < rep.InvalidUTF8 {
		tb.Fatalf("NormalizeReport(%q) = %q: %d invalid bytes replaced, but only %d U+FFFD", in, out, rep.InvalidUTF8, n)
	}
	if n := bytes.Count(out, []byte(`\ufffd`)); n < rep.LoneSurrogates {
		tb.Fatalf("NormalizeReport(%q) = %q: %d lone surrogates replaced, but only %d \\ufffd", in, out, rep.LoneSurrogates, n)
	}
}

// nrResolve returns the value at the JSON Pointer p in v, a value that
// encoding/json decoded.
func nrResolve(v any, p string) (any, bool) {
	if p == "" {
		return v, true
	}
	for _, tok := range strings.Split(p[1:], "/") {
		tok = strings.ReplaceAll(strings.ReplaceAll(tok, "~1", "/"), "~0", "~")
		switch c := v.(type) {
		case map[string]any:
			var ok bool
			if v, ok = c[tok]; !ok {
				return nil, false
			}
		case []any:
			i, err := strconv.Atoi(tok)
			if err != nil || i < 0 || i >= len(c) {
				return nil, false
			}
			v = c[i]
		default:
			return nil, false
		}
	}
	return v, true
}
