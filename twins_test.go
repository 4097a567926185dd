//go:build !deepmerge_plain

package deepmerge

// The tests in this file hold the fast paths of the functions added after
// the scanners and the merges (fastbatch.go, fastnormalize.go,
// fastmergeinto.go) equal to their plain twins: the same results, and the
// same errors, with their inputs, paths and offsets. They run in the
// default build only, since under the deepmerge_plain tag the fast paths
// are not compiled and every other test checks the twins by themselves.

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// sameError reports why the errors a and b differ, or "" when they are
// equal: both nil, or both *Error with the same Input, Path, Offset,
// sentinel and message.
func sameError(a, b error) string {
	if (a == nil) != (b == nil) {
		return "one is nil"
	}
	if a == nil {
		return ""
	}
	var ea, eb *Error
	if !errors.As(a, &ea) || !errors.As(b, &eb) {
		return "not both *Error"
	}
	if ea.Input != eb.Input || ea.Path != eb.Path || ea.Offset != eb.Offset || ea.Err != eb.Err || a.Error() != b.Error() {
		return "they differ"
	}
	return ""
}

// FuzzBatchJSONTwins holds BatchJSON's fast path (batchJSON) equal to its
// plain twin, the left fold of ComposeJSON (batchJSONPlain), on a queue
// made by cutting arbitrary bytes at each newline, with ObjectPatch on or
// off and a depth limit that is often reached: the same batches, byte for
// byte, or the same error.
func FuzzBatchJSONTwins(f *testing.F) {
	addBatchSeeds(f)
	f.Add([]byte("{\"a\" : [ 1 , 2 ],\"b\":null}\n{\"b\":3 ,\"a\":{\"c\":{\"d\":{}}}}\n{\"a\":null}"), false)
	f.Add([]byte("{\"a\":{\"b\":{\"c\":{\"d\":1}}}}\n{\"a\":{\"b\":{\"c\":{\"d\":{\"e\":{}}}}}}"), false)
	f.Fuzz(func(t *testing.T, data []byte, object bool) {
		patches, ok := batchQueue(data)
		if !ok {
			return
		}
		o := Options{ObjectPatch: object}
		if len(data) < 64 {
			o.MaxDepth = 1 + len(data)%6
		}
		fast, fastErr := o.batchJSON(patches)
		plain, plainErr := o.batchJSONPlain(patches)
		if d := sameError(fastErr, plainErr); d != "" {
			t.Fatalf("BatchJSON(%q) with %+v: %v; batchJSONPlain: %v (%s)", patches, o, fastErr, plainErr, d)
		}
		if d := cmp.Diff(btStrings(plain), btStrings(fast)); d != "" {
			t.Fatalf("BatchJSON(%q) with %+v differs from batchJSONPlain (-plain +fast):\n%s", patches, o, d)
		}
	})
}

// FuzzNormalizeTwins holds Normalize's fast path (normalize), which copies
// a valid document compact without the normalizer, equal to its plain
// twin (normalizePlain), with and without the report, and with a depth
// limit that is often reached: the same bytes, the same repairs, nil and
// empty kept apart, or the same error. Every seed of FuzzNormalize is a
// seed, and valid documents with escapes, surrogate pairs and whitespace,
// which the fast path takes.
func FuzzNormalizeTwins(f *testing.F) {
	for _, c := range nmCases {
		f.Add([]byte(c.in))
	}
	for _, c := range fzInline {
		f.Add([]byte(c[0]))
		f.Add([]byte(c[1]))
	}
	f.Add([]byte(" { \"a\\u00e9\" : [ 1e5 , -0.0 , \"\\ud83d\\ude00\" ] , \"b\" : { } }\n"))
	f.Add([]byte(`{"a":{"b":{"c":[[["\ud800"]]]}}}`))
	f.Fuzz(func(t *testing.T, in []byte) {
		if len(in) > fzMaxInput {
			return
		}
		o := Options{}
		if len(in) < 64 {
			o.MaxDepth = 1 + len(in)%6
		}
		for _, report := range []bool{false, true} {
			fast, fastRep, fastErr := o.normalize(in, report)
			plain, plainRep, plainErr := o.normalizePlain(in, report)
			if d := sameError(fastErr, plainErr); d != "" {
				t.Fatalf("normalize(%q, %v) with %+v: %v; normalizePlain: %v (%s)", in, report, o, fastErr, plainErr, d)
			}
			if string(fast) != string(plain) || (fast == nil) != (plain == nil) {
				t.Fatalf("normalize(%q, %v) with %+v: %q; normalizePlain: %q", in, report, o, fast, plain)
			}
			if d := cmp.Diff(plainRep, fastRep); d != "" {
				t.Fatalf("normalize(%q, %v) with %+v: repairs differ from normalizePlain's (-plain +fast):\n%s", in, report, o, d)
			}
		}
	})
}

// FuzzComposeThroughPlain checks Compose and ComposeJSON, which have no
// fast path of their own (their seams are the scanners, the tree and the
// copies of values, held to their twins elsewhere), against the plain
// merges: for targets a, b and a few fixed ones, applying the composition
// of a and b with the plain twin of MergeJSON (merger.plain) gives, in
// value, what applying a and then b with it gives; and likewise Compose
// with mergePlain on the decoded objects. Where the composition is
// ErrNotRepresentable, nothing is checked; any other error must be one
// that the plain merge of a or b into {} reports too.
func FuzzComposeThroughPlain(f *testing.F) {
	fzSeeds(f)
	ctSeeds(f)
	targets := [][]byte{[]byte(`{}`), []byte(`null`), []byte(`{"a":{"b":1},"":[null],"c":null,"x":{"y":{"z":2}}}`)}
	plainJSON := func(target, patch []byte) ([]byte, error) {
		m := getMerger(Options{}, target, patch)
		defer putMerger(m)
		m.plain = true
		out, err := m.run(nil)
		if err != nil {
			return nil, err.done()
		}
		return out, nil
	}
	f.Fuzz(func(t *testing.T, a, b []byte) {
		if len(a) > fzMaxSeed || len(b) > fzMaxSeed {
			return
		}
		c, err := ComposeJSON(a, b)
		if errors.Is(err, ErrNotRepresentable) {
			return
		}
		_, errA := plainJSON([]byte(`{}`), a)
		_, errB := plainJSON([]byte(`{}`), b)
		if (err != nil) != (errA != nil || errB != nil) {
			t.Fatalf("ComposeJSON(%q, %q): %v; the plain MergeJSON of each into {}: %v, %v", a, b, err, errA, errB)
		}
		if err != nil {
			return
		}
		for _, target := range append(targets, a, b) {
			seq, err1 := plainJSON(target, a)
			if err1 == nil {
				seq, err1 = plainJSON(seq, b)
			}
			one, err2 := plainJSON(target, c)
			if (err1 == nil) != (err2 == nil) {
				t.Fatalf("target %q: a then b: %v; ComposeJSON(a, b) = %q: %v", target, err1, c, err2)
			}
			if err1 != nil {
				continue
			}
			sv, errS := decodeJSONValue(seq)
			ov, errO := decodeJSONValue(one)
			if errS != nil || errO != nil {
				t.Fatalf("decoding %q, %q: %v, %v", seq, one, errS, errO)
			}
			if d := cmp.Diff(sv, ov); d != "" {
				t.Fatalf("target %q, a %q, b %q: a then b differs from ComposeJSON(a, b) = %q (-sequence +composed):\n%s", target, a, b, c, d)
			}
		}
		am, err1 := decodeJSONValue(a)
		bm, err2 := decodeJSONValue(b)
		ao, ok1 := am.(map[string]any)
		bo, ok2 := bm.(map[string]any)
		if err1 != nil || err2 != nil || !ok1 || !ok2 {
			return
		}
		cm, err := Compose(ao, bo)
		if err != nil {
			t.Fatalf("Compose(%v, %v): %v, but ComposeJSON composed them", ao, bo, err)
		}
		for _, target := range []map[string]any{nil, ao, bo, {"a": map[string]any{"b": 1.0}, "c": nil}} {
			w := walker{max: DefaultMaxDepth}
			seq, err1 := w.mergePlain(target, ao)
			if err1 == nil {
				seq, err1 = w.mergePlain(seq, bo)
			}
			one, err2 := w.mergePlain(target, cm)
			if err1 != nil || err2 != nil {
				t.Fatalf("mergePlain of %v: a then b: %v; Compose(a, b): %v", target, err1, err2)
			}
			if d := cmp.Diff(seq, one); d != "" {
				t.Fatalf("target %v: a then b differs from Compose(a, b) = %v (-sequence +composed):\n%s", target, cm, d)
			}
		}
	})
}
