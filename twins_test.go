//go:build !deepmerge_plain

package deepmerge

// The tests in this file hold the fast paths of the functions added after
// the scanners and the merges (fastbatch.go, fastnormalize.go,
// fastmergeinto.go) equal to their plain twins: the same results, and the
// same errors, with their inputs, paths and offsets. They run in the
// default build only, since under the deepmerge_plain tag the fast paths
// are not compiled and every other test checks the twins by themselves.

import (
	"bytes"
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
	f.Add([]byte("{\"a\":null}\n{\"a\":{\"x\":1},\"b\":null}\n{\"a\":null}\n{\"b\":{\"y\":1}}"), false)
	f.Add([]byte("null\n{\"a\":1}\n[1]\n\"s\""), false)
	f.Add([]byte("{}\n null"), true)
	f.Add([]byte("{\"a\":1,\"a\":2}\n{"), true)
	f.Add([]byte("{\"a\":{\"b\":[1,{\"c\":null}]}}\n{\"a\":{\"b\":{\"c\":1}}}\n"), false)
	f.Add([]byte("{\"a\" : [ 1 , 2 ],\"b\":null}\n{\"b\":3 ,\"a\":{\"c\":{\"d\":{}}}}\n{\"a\":null}"), false)
	f.Add([]byte("{\"a\":{\"b\":{\"c\":{\"d\":1}}}}\n{\"a\":{\"b\":{\"c\":{\"d\":{\"e\":{}}}}}}"), false)
	f.Fuzz(func(t *testing.T, data []byte, object bool) {
		if len(data) > fzMaxInput {
			return
		}
		patches := bytes.Split(data, []byte("\n"))
		if len(patches) > 16 {
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
