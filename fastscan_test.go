//go:build !deepmerge_plain

package deepmerge

// The tests in this file call the scanner's fast paths (fastscan.go)
// directly, to hold each equal to its plain twin, so they run in the
// default build only: under the deepmerge_plain tag the fast paths are
// not compiled, and every other test checks the twins by themselves.

import (
	"encoding/json"
	"fmt"
	"testing"
)

// FuzzScanners checks the iterative scanner against the recursive one that
// describes its faults: on any input they must accept the same texts, end
// at the same offset, and agree with encoding/json about validity.
func FuzzScanners(f *testing.F) {
	for _, s := range []string{
		`{"a":[1,2.5e3,-0,true,false,null,"x\u00e9\n"],"b":{}}`, `[]`, `{}`, `""`, `0`, `-1.5E+10`,
		`{"a":[1.]}`, `[12e]`, `[01]`, `[-]`, `{"a" : [ 1 , { "b" : null } ] }`, "[\"\xff\"]",
		`"\ud800"`, `"\ud83d\ude00"`, `[[[[[[[[]]]]]]]]`, `{"a":1,}`, `[1,]`, `{"a"}`, `tru`, `nul`,
		"\t[ 1 ,\r\n2 ]\n", `{"a":{"b":{"c":[{"d":"e"}]}}}`, `[1 2]`, `{"a":1 "b":2}`,
		`{"a":1,"a":2}`, `[{"a":1},{"a":2}]`, `{"a":{"a":1},"b":{"a":1,"\u0061":2}}`, `{"a":[],"b":{},"a":3}`,
		`[{"a":1,"b":[2],"c":{"d":"e"}},3,{}]`, `[{"abcdefghi":1,"abcdefghj":2,"abcdefghi":3}]`, `[{"a":1},{"b":2,"b":3}]`, `[{"":1,"":2}]`, `[{"":1,"a":2,"":3},{"a":1,"":2}]`,
		`[{"\u0061":1},{"a":"\n"}]`, `[{"a":1}, {"b":2}]`, `[{"a":tru}]`, `[{"a":1}{"b":2}]`,
		`[{"a":[1, 2]}]`, `[{"a":1 ,"b":2}]`, `[{"a":1 }]`, `[{ }]`, `[{"a":1,,"b":2}]`, `[{"a":{"b":{"c":{"d":{}}}}}]`,
		`[{"a":0,"b":0,"c":0,"d":0,"e":0,"f":0,"g":0,"h":0,"i":0,"j":0,"k":0,"l":0,"m":0,"n":0,"o":0,"p":0},` +
			`{"a":0,"b":0,"c":0,"d":0,"e":0,"f":0,"g":0,"h":0,"i":0,"j":0,"k":0,"l":0,"m":0,"n":0,"o":0,"p":0,"q":0},{}]`,
	} {
		f.Add([]byte(s), uint8(5))
	}
	f.Add([]byte(`[{"a":{"b":{"c":{"d":{}}}}}]`), uint8(3)) // too deep inside an object recordArray reads
	f.Fuzz(func(t *testing.T, data []byte, max uint8) {
		if len(data) > 1<<16 {
			t.Skip()
		}
		limit := int(max%16) + 1
		for _, dups := range []bool{false, true} {
			var st scratch
			fast := scanner{data: data, max: limit, dups: dups, st: &st}
			slow := scanner{data: data, max: limit, dups: dups, st: &st}
			start := fast.skipWS(0)
			fast.ws = false
			endFast, ok := fast.skipFast(start, 0)
			if len(st.names.names) != 0 || len(st.names.tab) != 0 {
				t.Fatalf("skipFast left %d names open on %q", len(st.names.names), data)
			}
			endSlow, err := slow.scanValue(start, 0)
			if ok != (err == nil) {
				t.Fatalf("dups=%v: skipFast ok=%v, scanValue err=%v, on %q with max %d", dups, ok, err, data, limit)
			}
			if ok && endFast != endSlow {
				t.Fatalf("dups=%v: skipFast ended at %d, scanValue at %d, on %q", dups, endFast, endSlow, data)
			}
			if ok && fast.ws != slow.ws {
				t.Fatalf("dups=%v: skipFast saw whitespace %v, scanValue %v, on %q", dups, fast.ws, slow.ws, data)
			}
		}
		scanTwinsAgree(t, data, limit)
		recordArrayAgrees(t, data, limit)
		for k := 0; k < len(data) && k < 64; k++ {
			if got, want := numberEndFast(data, k), numberEnd(data, k); got != want {
				t.Fatalf("numberEndFast(%q, %d) = %d, numberEnd %d", data, k, got, want)
			}
		}
		// With the default depth and a whole text, acceptance is
		// encoding/json's, except that we also reject invalid UTF-8 and
		// unpaired surrogate escapes, which it accepts.
		whole := scanner{data: data, max: DefaultMaxDepth}
		if _, _, err := whole.topValue(); err == nil && !json.Valid(data) {
			t.Fatalf("accepted %q, which encoding/json rejects", data)
		}
	})
}

// scanTwinsAgree holds each seam of the scanner equal to its plain twin on
// data: skip to scanValue (offset and fault, and whitespace seen when
// there is none), member to
// memberPlain, and plainEnd, digitsEnd and numberEndFast to theirs, at
// every offset of the first 64.
func scanTwinsAgree(t *testing.T, data []byte, limit int) {
	t.Helper()
	for _, dups := range []bool{false, true} {
		var st1, st2 scratch
		fast := scanner{data: data, input: inPatch, max: limit, dups: dups, st: &st1}
		slow := scanner{data: data, input: inPatch, max: limit, dups: dups, st: &st2}
		start := fast.skipWS(0)
		slow.skipWS(0)
		endFast, errFast := fast.skip(start, 0)
		endSlow, errSlow := slow.scanValue(start, 0)
		if endFast != endSlow || faultText(errFast) != faultText(errSlow) || errSlow == nil && fast.ws != slow.ws {
			t.Fatalf("dups=%v on %q: skip gives %d, %v, %s; scanValue %d, %v, %s",
				dups, data, endFast, fast.ws, faultText(errFast), endSlow, slow.ws, faultText(errSlow))
		}
	}
	for k := 0; k < len(data) && k < 64; k++ {
		fast := scanner{data: data, input: inPatch, max: limit}
		slow := scanner{data: data, input: inPatch, max: limit}
		nf, endFast, errFast := fast.member(k)
		ns, endSlow, errSlow := slow.memberPlain(k)
		if nf != ns || endFast != endSlow || faultText(errFast) != faultText(errSlow) || errSlow == nil && fast.ws != slow.ws {
			t.Fatalf("at %d of %q: member gives %+v, %d, %v, %s; memberPlain %+v, %d, %v, %s",
				k, data, nf, endFast, fast.ws, faultText(errFast), ns, endSlow, slow.ws, faultText(errSlow))
		}
		// plainEnd may stop early within the last seven bytes, where a
		// word no longer fits; it never passes a byte that its twin stops at.
		if got, want := plainEnd(data, k), plainBytesEnd(data, k); got > want || got < want && got < len(data)-7 {
			t.Fatalf("plainEnd(%q, %d) = %d, plainBytesEnd %d", data, k, got, want)
		}
		if got, want := digitsEnd(data, k), digitsPlainEnd(data, k); got != want {
			t.Fatalf("digitsEnd(%q, %d) = %d, digitsPlainEnd %d", data, k, got, want)
		}
	}
}

// faultText writes out everything that a fault reports, for comparing two.
func faultText(f *fault) string {
	if f == nil {
		return "<nil>"
	}
	e := f.done()
	return fmt.Sprintf("input %q path %q offset %d err %v: %s", e.Input, e.Path, e.Offset, e.Err, e.Error())
}

// recordArrayAgrees checks tree.recordArray, DiffJSON's reader of
// modified's arrays, on data if it holds an array: it must accept and
// reject what scanValue does, with the same fault, end where it ends and
// see whitespace where it does; it must give each element one record, in
// order; and each member it records must stand where the checked reader
// finds it.
func recordArrayAgrees(t *testing.T, data []byte, limit int) {
	var st scratch
	slow := scanner{data: data, input: inModified, max: limit, dups: true, st: &st}
	start := slow.skipWS(0)
	if start >= len(data) || data[start] != '[' {
		return
	}
	slow.ws = false
	var tr tree
	tr.init(inModified, data, limit, &st)
	var n tnode
	end, err := tr.recordArray(&n, start, 0)
	endSlow, errSlow := slow.scanValue(start, 0)
	if (err == nil) != (errSlow == nil) {
		t.Fatalf("recordArray err=%v, scanValue err=%v, on %q with max %d", err, errSlow, data, limit)
	}
	if err != nil {
		if got, want := err.done().Error(), errSlow.done().Error(); got != want {
			t.Fatalf("recordArray: %s; scanValue: %s; on %q", got, want, data)
		}
		return
	}
	if end != endSlow || tr.s.ws != slow.ws {
		t.Fatalf("recordArray ended at %d, whitespace %v; scanValue at %d, %v; on %q", end, tr.s.ws, endSlow, slow.ws, data)
	}
	recs := tr.recs[n.rec : n.rec+n.nrec]
	k := 0
	for i := spaceEnd(data, start+1); data[i] != ']'; k++ {
		e := checkedValueEnd(data, i)
		if k >= len(recs) {
			t.Fatalf("recordArray recorded %d elements of %q, fewer than it has", len(recs), data)
		}
		r := recs[k]
		if r.n >= 0 {
			if data[i] != '{' || start+int(r.end) != e {
				t.Fatalf("recordArray recorded element %d of %q as an object ending at %d; it is %q", k, data, start+int(r.end), data[i:e])
			}
			at := i + 1 // where the next member starts
			for _, m := range tr.hints[r.first : r.first+r.n] {
				ns, vs, ve := start+int(m.ns), start+int(m.vs), start+int(m.ve)
				if ne, _ := checkedStringEnd(data, ns); ns != at || ne != vs-1 || data[ne] != ':' ||
					checkedValueEnd(data, vs) != ve || m.key != prefixKey(data[ns+1:vs-2]) {
					t.Fatalf("recordArray recorded a member at %d:%d:%d wrongly, in %q", ns, vs, ve, data)
				}
				at = ve + 1
			}
			if r.n > 0 && at != e || r.n == 0 && e != i+2 {
				t.Fatalf("recordArray recorded %d members of element %d of %q, not all of it", r.n, k, data)
			}
		}
		if i = spaceEnd(data, e); data[i] == ',' {
			i = spaceEnd(data, i+1)
		}
	}
	if k != len(recs) {
		t.Fatalf("recordArray recorded %d elements of %q, which has %d", len(recs), data, k)
	}
}
