//go:build !deepmerge_plain

package deepmerge

// The tests in this file hold the fast ways of finding names
// (fastnames.go) equal to their plain twins (names.go), so they run in the
// default build only.

import (
	"encoding/binary"
	"strings"
	"testing"
	"unsafe"

	"pgregory.net/rapid"
)

// TestPrefixKey checks the rule that ordered objects rely on: when two
// names' prefix keys differ, the names compare as the keys do. A key is
// the name's first 8 bytes, zero-padded, whether or not bytes follow the
// name in memory.
func TestPrefixKey(t *testing.T) {
	names := []string{"", "\x00", "\x00\x00", "a", "a\x00", "a\x00\x00", "ab", "abcdefg", "abcdefg\x00",
		"abcdefgh", "abcdefgh\x00", "abcdefghi", "abcdefgi", "abcdeff\xff", "\xff", "\xff\xff\xff\xff\xff\xff\xff\xff\xff", "é", "😀"}
	for _, a := range names {
		var pad [8]byte
		copy(pad[:], a)
		want := binary.BigEndian.Uint64(pad[:])
		exact := []byte(a)[:len(a):len(a)]
		followed := append([]byte(a), "\xff\xff\xff\xff\xff\xff\xff\xff"...)[:len(a)]
		if got := prefixKey(exact); got != want {
			t.Errorf("prefixKey(%q) = %#x, want %#x", a, got, want)
		}
		if got := prefixKey(followed); got != want {
			t.Errorf("prefixKey(%q), followed by other bytes, = %#x, want %#x", a, got, want)
		}
	}
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

// TestNameSetTwins holds nameSet equal to plainNames: the same names,
// added to the same nest of open objects, are found repeated by both or by
// neither. The names share their first 8 bytes often, and objects grow
// past smallObject members, in order and out of it.
func TestNameSetTwins(t *testing.T) {
	checkPropertyN(t, 2000, func(t *rapid.T) {
		var fast nameSet
		var plain plainNames
		var text []byte
		type open struct {
			f level
			p plainLevel
		}
		stack := []open{{fast.open(), plain.open()}}
		ops := rapid.SliceOfN(rapid.IntRange(0, 9), 1, 200).Draw(t, "ops")
		prefix := rapid.SampledFrom([]string{"", "k", "abcdefgh", "abcdefgh\x00"}).Draw(t, "prefix")
		for k, op := range ops {
			switch {
			case op == 0 && len(stack) < 4:
				stack = append(stack, open{fast.open(), plain.open()})
			case op == 1 && len(stack) > 1:
				top := &stack[len(stack)-1]
				fast.close(&top.f)
				plain.close(&top.p)
				stack = stack[:len(stack)-1]
			default:
				// Names up to 40 apart, in increasing order when
				// ops are drawn so.
				name := prefix + string(rune('a'+op)) + strings.Repeat("z", k%3)
				start := len(text)
				text = append(text, '"')
				text = append(text, name...)
				text = append(text, '"')
				nt := nameText{start, len(text), false}
				top := &stack[len(stack)-1]
				nb := text[start+1 : len(text)-1]
				got, want := fast.add(&top.f, text, nt, nb), plain.add(&top.p, text, nt, nb)
				if got != want {
					t.Fatalf("op %d: nameSet.add(%q) = %v, plainNames.add = %v", k, name, got, want)
				}
			}
		}
	})
}

// TestFindTwins holds tree.find equal to findPlain: every member of every
// object, and names that no member has, are found alike, in objects small
// and large, with escaped names among them.
func TestFindTwins(t *testing.T) {
	checkPropertyN(t, 500, func(t *rapid.T) {
		n := rapid.IntRange(0, 3*linearSearch).Draw(t, "members")
		var b strings.Builder
		b.WriteString(`{"inner":{"x":1},`)
		for k := 0; k < n; k++ {
			name := rapid.SampledFrom([]string{"a", "b", "abcdefgh", "abcdefghi", "\\u0061b", "é"}).Draw(t, "name") + strings.Repeat("y", k)
			b.WriteString(`"` + name + `":{},`)
		}
		b.WriteString(`"last":[]}`)
		var tr tree
		tr.init(inPatch, []byte(b.String()), DefaultMaxDepth, new(scratch))
		root, err := tr.readTop()
		if err != nil {
			t.Fatal(err)
		}
		objects := []*tnode{&root}
		for k := range tr.nodes {
			if tr.nodes[k].kind == '{' {
				objects = append(objects, &tr.nodes[k])
			}
		}
		for _, o := range objects {
			tr.indexPlain(o)
		}
		for _, o := range objects {
			probes := [][]byte{[]byte("inner"), []byte("x"), []byte("last"), []byte("absent"), []byte("ab"), []byte("abcdefghy")}
			for k := o.first; k < o.first+o.n; k++ {
				probes = append(probes, tr.name(&tr.nodes[k]))
			}
			for _, name := range probes {
				if got, want := tr.find(o, name), tr.findPlain(o, name); got != want {
					t.Fatalf("find(%q) = %v, findPlain = %v in %s", name, got, want, b.String())
				}
			}
		}
	})
}

// TestNodeSize holds tnode at the size that its comment measured: the
// fast build's notes are embedded in it, and one more field could make
// every tree larger.
func TestNodeSize(t *testing.T) {
	if got := unsafe.Sizeof(tnode{}); got != 80 {
		t.Errorf("a tnode is %d bytes, want 80", got)
	}
}
