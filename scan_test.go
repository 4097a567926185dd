package deepmerge

import (
	"bytes"
	"errors"
	"reflect"
	"testing"
)

// TestPooledHoldNoPointers checks that what the pools keep of an input
// between calls refers to it by offsets only: the names of a nameSet and
// the nodes of a tree hold no pointer, so a pool cannot pin an input's
// memory through them, and they need no clearing. A tree's escNames,
// which does hold its input's decoded names, is emptied by reset.
func TestPooledHoldNoPointers(t *testing.T) {
	var pointerFree func(reflect.Type) bool
	pointerFree = func(typ reflect.Type) bool {
		switch typ.Kind() {
		case reflect.Struct:
			for i := 0; i < typ.NumField(); i++ {
				if !pointerFree(typ.Field(i).Type) {
					return false
				}
			}
			return true
		case reflect.Array:
			return pointerFree(typ.Elem())
		case reflect.Pointer, reflect.Slice, reflect.Map, reflect.String, reflect.Interface,
			reflect.Chan, reflect.Func, reflect.UnsafePointer:
			return false
		}
		return true
	}
	for _, v := range append([]any{tnode{}}, fastPointerFree...) {
		if typ := reflect.TypeOf(v); !pointerFree(typ) {
			t.Errorf("%v holds a pointer", typ)
		}
	}

	var st scratch
	var tr tree
	tr.init(inPatch, []byte(`{"a\u0062":{"\u0063":1},"d":2}`), DefaultMaxDepth, &st)
	if _, err := tr.readTop(); err != nil {
		t.Fatal(err)
	}
	if len(tr.escNames) != 2 || len(st.names.arena) == 0 {
		t.Fatalf("read %d escaped names, %d bytes of arena; want 2 and some", len(tr.escNames), len(st.names.arena))
	}
	tr.reset()
	st.reset()
	for k, n := range tr.escNames[:cap(tr.escNames)] {
		if n != nil {
			t.Errorf("after reset, the tree still holds %q at %d", n, k)
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

// TestEncodingFaults checks that text which is not UTF-8 JSON at all, a
// byte order mark or UTF-16, is named as such by every reader, at the
// offset of the first byte that cannot be JSON, while the same bytes
// elsewhere are ordinary syntax errors.
func TestEncodingFaults(t *testing.T) {
	const (
		bom   = "starts with a UTF-8 byte order mark, which JSON text must not have"
		bom16 = "starts with a UTF-16 byte order mark: JSON text must be UTF-8"
		utf16 = "looks like UTF-16 (a NUL byte beside each ASCII character): JSON text must be UTF-8"
	)
	for _, c := range []struct {
		name, text string
		offset     int64
		want       string
		reason     string
	}{
		{"UTF-8 BOM", "\xef\xbb\xbf{\"a\":1}", 0, bom, "what Windows editors save"},
		{"UTF-8 BOM alone", "\xef\xbb\xbf", 0, bom, "nothing after it"},
		{"UTF-16BE BOM", "\xfe\xff\x00{\x00}", 0, bom16, "big-endian with its mark"},
		{"UTF-16LE BOM", "\xff\xfe{\x00}\x00", 0, bom16, "little-endian with its mark"},
		{"UTF-16BE", "\x00{\x00}", 0, utf16, "no mark: a NUL before the brace"},
		{"UTF-16LE", "{\x00}\x00", 1, utf16, "no mark: a NUL after the brace"},
		{"UTF-16LE number", "1\x00", 1, utf16, "a scalar in UTF-16 too"},
		{"BOM after space", " \xef\xbb\xbf{}", 1, "invalid character byte 0xef looking for beginning of value", "a mark only at the start"},
		{"BOM inside", "[1,\xef\xbb\xbf]", 3, "invalid character byte 0xef looking for beginning of value", "not at the start"},
		{"partial BOM", "\xef\xbb{}", 0, "invalid character byte 0xef looking for beginning of value", "two bytes are no mark"},
		{"NUL NUL", "\x00\x00", 0, "invalid character byte 0x0 looking for beginning of value", "not UTF-16 text"},
		{"NUL in a string", "\"\x00\"", 1, "invalid character byte 0x0 in string literal", "one NUL after an ASCII byte is not UTF-16"},
		{"NUL in a longer string", "\"\x00ab\"", 1, "invalid character byte 0x0 in string literal", "the second character has no NUL"},
	} {
		for _, r := range []struct {
			input string
			run   func(b []byte) error
		}{
			{"", func(b []byte) error { return Validate(b) }},
			{"patch", func(b []byte) error { _, err := MergeJSON([]byte(`{}`), b); return err }},
			{"target", func(b []byte) error { _, err := MergeJSON(b, []byte(`{"x":1}`)); return err }},
			{"target", func(b []byte) error { _, err := MergeJSON(b, []byte(`1`)); return err }},
			{"modified", func(b []byte) error { _, err := DiffJSON([]byte(`{}`), b); return err }},
			{"original", func(b []byte) error { _, err := DiffJSON(b, []byte(`{}`)); return err }},
		} {
			err := r.run([]byte(c.text))
			var e *Error
			if !errors.As(err, &e) {
				t.Errorf("%s as %q: got %v, want an *Error (%s)", c.name, r.input, err, c.reason)
				continue
			}
			if e.Input != r.input || e.Offset != c.offset || e.Err != ErrSyntax || e.Reason() != c.want {
				t.Errorf("%s as %q: got Input %q, Offset %d, Err %v, Reason %q; want %q, %d, %v, %q (%s)",
					c.name, r.input, e.Input, e.Offset, e.Err, e.Reason(), r.input, c.offset, ErrSyntax, c.want, c.reason)
			}
		}
	}
}
