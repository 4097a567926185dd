package deepmerge

import (
	"bytes"
	"encoding/json"
	"strings"
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
	} {
		f.Add([]byte(s), uint8(5))
	}
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
			endSlow, err := slow.skipValue(start, 0)
			if ok != (err == nil) {
				t.Fatalf("dups=%v: skipFast ok=%v, skipValue err=%v, on %q with max %d", dups, ok, err, data, limit)
			}
			if ok && endFast != endSlow {
				t.Fatalf("dups=%v: skipFast ended at %d, skipValue at %d, on %q", dups, endFast, endSlow, data)
			}
			if ok && fast.ws != slow.ws {
				t.Fatalf("dups=%v: skipFast saw whitespace %v, skipValue %v, on %q", dups, fast.ws, slow.ws, data)
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

// TestPrefixKey checks the rule that ordered objects rely on: when two
// names' prefix keys differ, the names compare as the keys do.
func TestPrefixKey(t *testing.T) {
	names := []string{"", "\x00", "\x00\x00", "a", "a\x00", "a\x00\x00", "ab", "abcdefg", "abcdefg\x00",
		"abcdefgh", "abcdefgh\x00", "abcdefghi", "abcdefgi", "abcdeff\xff", "\xff", "\xff\xff\xff\xff\xff\xff\xff\xff\xff", "é", "😀"}
	for _, a := range names {
		for _, b := range names {
			ka, kb := prefixKey([]byte(a)), prefixKey([]byte(b))
			c := strings.Compare(a, b)
			if ka < kb && c >= 0 || ka > kb && c <= 0 {
				t.Errorf("prefixKey(%q) = %#x, prefixKey(%q) = %#x, but strings.Compare = %d", a, ka, b, kb, c)
			}
			if a == b && ka != kb {
				t.Errorf("prefixKey(%q) differs from itself", a)
			}
		}
	}
}

// TestWordScans checks plainEnd and digitsEnd, which read eight bytes at a
// time, against byte-at-a-time loops: every byte value at every place of
// texts of 0 to 19 bytes, after a run of bytes that pass, from every
// starting offset. A borrow or carry out of one byte must never hide the
// first byte that stops the run.
func TestWordScans(t *testing.T) {
	plain := func(c byte) bool { return c >= 0x20 && c != '"' && c != '\\' && c < 0x80 }
	digit := func(c byte) bool { return '0' <= c && c <= '9' }
	for _, fill := range []byte{'a', '0', '~', ' '} {
		for n := 0; n < 20; n++ {
			for at := 0; at < n; at++ {
				for c := 0; c < 256; c++ {
					d := bytes.Repeat([]byte{fill}, n)
					d[at] = byte(c)
					// Bytes after the one that stops the run try to
					// borrow or carry into it.
					for k := at + 1; k < n; k++ {
						d[k] = byte(k * 37)
					}
					for i := 0; i <= n; i++ {
						want := i
						for want < n && plain(d[want]) {
							want++
						}
						// plainEnd may stop early within the last
						// seven bytes.
						if got := plainEnd(d, i); got > want || got < want && got < n-7 {
							t.Fatalf("plainEnd(%q, %d) = %d, want %d", d, i, got, want)
						}
						want = i
						for want < n && digit(d[want]) {
							want++
						}
						if got := digitsEnd(d, i); got != want {
							t.Fatalf("digitsEnd(%q, %d) = %d, want %d", d, i, got, want)
						}
					}
				}
			}
		}
	}
}
