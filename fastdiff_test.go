//go:build !deepmerge_plain

package deepmerge

// The tests in this file call DiffJSON's fast paths (fastdiff.go)
// directly, or hold them equal to their plain twins, so they run in the
// default build only: under the deepmerge_plain tag the fast paths are
// not compiled, and every other test checks the twins by themselves.

import (
	"math/rand"
	"testing"

	"pgregory.net/rapid"
)

// fastPointerFree lists the types of the fast paths that must hold no
// pointer, for TestPooledHoldNoPointers in scan_test.go: they are stored in
// slices of the pools, which need no write barrier and no clearing then.
var fastPointerFree = []any{hintRec{}, hintMember{}, nameRef{}, level{}}

// FuzzDiffJSONTwins holds DiffJSON's fast paths equal to their plain
// twins: the patch from a to b, or the error with its input, path and
// offset, is the same with hints and text comparison (read and
// equalArrays) as with readPlain and equalDeep. A limit of
// (len(a)+len(b))%8+1 reaches MaxDepth often.
func FuzzDiffJSONTwins(f *testing.F) {
	fzSeeds(f)
	f.Add([]byte(`{"a":[{"x":1,"y":[2,{"z":3}]},"long string, long enough"]}`), []byte(`{"a":[{"y":[2,{"z":3}],"x":1},"long string, long enough"]}`))
	f.Add([]byte(`{"a":[{"x":1,"x":2}]}`), []byte(`{"a":[{"x":1}]}`))
	f.Add([]byte(`{"a":[[[[{"b":1,"c":2}]]]]}`), []byte(`{"a":[[[[{"c":2,"b":1}]]]]}`))
	f.Fuzz(func(t *testing.T, a, b []byte) {
		if len(a) > fzMaxInput || len(b) > fzMaxInput {
			return
		}
		limit := 1 + (len(a)+len(b))%8
		if len(a)+len(b) > 64 {
			limit = DefaultMaxDepth
		}
		diff := func(plain bool) ([]byte, string) {
			d := differPool.Get().(*differ)
			defer putDiffer(d)
			d.plain = plain
			defer func() { d.plain = false }()
			out, err := d.diff(a, b, limit)
			return out, faultText(err)
		}
		fast, fastErr := diff(false)
		plain, plainErr := diff(true)
		if string(fast) != string(plain) || fastErr != plainErr {
			t.Fatalf("DiffJSON(%q, %q) with max %d: %q, %s; with the plain twins: %q, %s", a, b, limit, fast, fastErr, plain, plainErr)
		}
	})
}

// dtShuffledPair draws an array of two values, and a copy of it, changed
// or not, with the members of every object shuffled by r, which it returns
// for the caller's own random spelling.
func dtShuffledPair(t *rapid.T) (a, b *otNode, r *rand.Rand) {
	a = &otNode{kind: '[', vals: []*otNode{otDraw(t, 0, true, nil), otDraw(t, 0, true, nil)}}
	b = a.clone()
	r = rand.New(rand.NewSource(int64(dtSeedGen.Draw(t, "seed"))))
	if dtBoolGen.Draw(t, "change") {
		b = otMutate(t, b, 0, true)
	}
	otShuffle(b, r, true)
	return a, b, r
}

// TestEqualText checks differ.equalText, which compares arrays whose bytes
// differ, against otEqualValue: on a document and the same one with its
// members shuffled and spelled otherwise, and on a changed copy.
func TestEqualText(t *testing.T) {
	checkPropertyN(t, 2000, func(t *rapid.T) {
		a, b, r := dtShuffledPair(t)
		at, bt := otRender(a, r), otRender(b, r)
		d := differPool.Get().(*differ)
		defer putDiffer(d)
		_, _, got := d.equalText(at, spaceEnd(at, 0), bt, spaceEnd(bt, 0), 0)
		if want := otEqualValue(a, b); got != want {
			t.Fatalf("equalText(%s, %s) = %v, want %v", at, bt, got, want)
		}
		if len(d.members) != 0 || len(d.names.arena) != 0 {
			t.Fatalf("equalText left %d members and %d bytes of arena behind", len(d.members), len(d.names.arena))
		}
	})
	for _, c := range []struct {
		a, b   string
		want   bool
		reason string
	}{
		{`[{"a":1,"b":[2,{"c":"x"}]}]`, `[{"b":[2,{"c":"x"}],"a":1}]`, true, "members in another order"},
		{`[{"\u0061":"\u00e9"}]`, `[{"a":"é"}]`, true, "names and strings compare decoded"},
		{`[{"a":1,"a":1}]`, `[{"a":1,"b":1}]`, false, "a repeated name in original equals nothing"},
		{`[{"a":1,"a":1}]`, `[{"a":1}]`, false, "not even the object without the repeat"},
		{`[1.0]`, `[1]`, false, "numbers compare by text"},
		{`[ [ ] , { } ]`, `[[],{}]`, true, "whitespace does not count"},
		{`[[1],[2]]`, `[[1,2]]`, false, "nesting counts"},
		{`[null]`, `[false]`, false, "literals compare by text"},
		{`["a"]`, `[{"a":1}]`, false, "kinds differ"},
		{`[{}]`, `[{"a":null}]`, false, "a member more"},
	} {
		d := differPool.Get().(*differ)
		_, _, got := d.equalText([]byte(c.a), 0, []byte(c.b), 0, 0)
		putDiffer(d)
		if got != c.want {
			t.Errorf("equalText(%s, %s) = %v, want %v (%s)", c.a, c.b, got, c.want, c.reason)
		}
	}
}

// TestSameValue checks tree.sameValue, the fast path of DiffJSON's
// original for an array whose compact hint has other bytes, against
// otEqualValue: on a document and a shuffled, perhaps changed, copy of it
// written compact, as modified's text is when the path is taken. It must
// never take unequal values for the same, and must take every pair that
// differs only in member order when both are spelled alike and no object
// is too large for its search.
func TestSameValue(t *testing.T) {
	var widest func(n *otNode) int
	widest = func(n *otNode) int {
		w := len(n.keys)
		for _, v := range n.vals {
			w = max(w, widest(v))
		}
		return w
	}
	// same compares a with its hint b twice: as sameValue reads any value,
	// and, for an array, as sameArray reads one whose elements
	// recordArray has read; the two must agree.
	same := func(a, b []byte) (int, bool, int) {
		var tr tree
		tr.init(inOriginal, a, DefaultMaxDepth, new(scratch))
		tr.sameLimit = maxTextDepth
		end, hintEnd, ok := tr.sameValue(0, 0, b, 0)
		if ok && hintEnd != len(b) {
			t.Fatalf("sameValue(%s, %s) ended the hint at %d, want %d", a, b, hintEnd, len(b))
		}
		if len(b) > 0 && b[0] == '[' && len(a) > 0 && a[0] == '[' {
			var hint tree
			hint.init(inModified, b, DefaultMaxDepth, new(scratch))
			var n tnode
			if _, err := hint.recordArray(&n, 0, 0); err != nil {
				t.Fatalf("recordArray(%s): %v", b, err)
			}
			tr.hint = &hint
			rend, rhintEnd, rok := tr.sameArray(0, 1, b, 0, hint.recs[n.rec:n.rec+n.nrec])
			if rok != ok || ok && (rend != end || rhintEnd != hintEnd) {
				t.Fatalf("sameArray(%s, %s) with records = %d, %d, %v; without = %d, %d, %v",
					a, b, rend, rhintEnd, rok, end, hintEnd, ok)
			}
		}
		return end, ok, len(tr.members)
	}
	checkPropertyN(t, 2000, func(t *rapid.T) {
		a, b, r := dtShuffledPair(t)
		spelled := dtBoolGen.Draw(t, "spelled") // whitespace and escapes in a
		at, bt := otRender(a, nil), otRender(b, nil)
		if spelled {
			at = otRender(a, r)
		}
		end, ok, left := same(at, bt)
		want := otEqualValue(a, b)
		switch {
		case ok && !want:
			t.Fatalf("sameValue(%s, %s) took unequal values for the same", at, bt)
		case ok && end != len(at):
			t.Fatalf("sameValue(%s, %s) ended at %d, want %d", at, bt, end, len(at))
		case !ok && want && !spelled && widest(a) <= 2*linearSearch:
			t.Fatalf("sameValue(%s, %s) = false for values that differ only in order", at, bt)
		case left != 0:
			t.Fatalf("sameValue left %d members behind", left)
		}
	})
	for _, c := range []struct {
		a, b   string
		want   bool
		reason string
	}{
		{`[{"a":1,"b":[2,{"c":"x","d":0}]}]`, `[{"b":[2,{"d":0,"c":"x"}],"a":1}]`, true, "members in another order, at any depth"},
		{`[ { "b" : 2 , "a" : 1 } ]`, `[{"a":1,"b":2}]`, true, "whitespace in original"},
		{`[{"a":12}]`, `[{"a":1}]`, false, "a number whose text starts with the hint's"},
		{`[{"a":1,"a":1}]`, `[{"a":1,"b":1}]`, false, "a repeated name"},
		{`[{"abcdefghY":2,"abcdefghX":1}]`, `[{"abcdefghX":1,"abcdefghY":2}]`, true, "names alike in their first 8 bytes"},
		{`[{"abcdefgh":1}]`, `[{"abcdefghi":1}]`, false, "a name that starts another"},
		{`[{"b":2,"\u0061":1},{"d":4,"c":3}]`, `[{"\u0061":1,"b":2},{"c":3,"d":4}]`, true, "an object with an escaped name, then one without"},
		{`[{"k0":0,"k1":0,"k2":0,"k3":0,"k4":0,"k5":0,"k6":0,"k7":0,"k8":0,"k9":0,"k10":0,"k11":0,"k12":0,"k13":0,"k14":0,"k15":0,"k16":0},{"b":2,"a":1}]`, `[{"k0":0,"k1":0,"k2":0,"k3":0,"k4":0,"k5":0,"k6":0,"k7":0,"k8":0,"k9":0,"k10":0,"k11":0,"k12":0,"k13":0,"k14":0,"k15":0,"k16":0},{"a":1,"b":2}]`, true, "a large object spelled alike, then a small one reordered"},
		{`[{"abcdefghi":1}]`, `[{"abcdefgh":1}]`, false, "a name that another starts"},
		{`[{"a":1}]`, `[{"a":1,"b":1}]`, false, "a member fewer"},
		{`[{"a":1,"b":1}]`, `[{"a":1}]`, false, "a member more"},
		{`[{"a":1},2]`, `[{"a":1}]`, false, "an element more"},
		{`[{"a":"\u0061"}]`, `[{"a":"a"}]`, false, "escapes are left to the plain reader"},
		{`[{"b":2,"a":1,}]`, `[{"a":1,"b":2}]`, false, "a trailing comma"},
		{`[{"b":2 "a":1}]`, `[{"a":1,"b":2}]`, false, "a missing comma"},
		{`[{"b":2,"a":1}`, `[{"a":1,"b":2}]`, false, "the end of the text"},
		{`[{"b":2,"a":1}}`, `[{"a":1,"b":2}]`, false, "the wrong bracket"},
		{`[{"a":0,"b":0,"c":0,"d":0,"e":0,"f":0,"g":0,"h":0,"i":0,"j":0,"k":0,"l":0,"m":0,"n":0,"o":0,"p":0,"q":0}]`,
			`[{"q":0,"b":0,"c":0,"d":0,"e":0,"f":0,"g":0,"h":0,"i":0,"j":0,"k":0,"l":0,"m":0,"n":0,"o":0,"p":0,"a":0}]`,
			false, "an object too large to search member by member"},
	} {
		if _, got, _ := same([]byte(c.a), []byte(c.b)); got != c.want {
			t.Errorf("sameValue(%s, %s) = %v, want %v (%s)", c.a, c.b, got, c.want, c.reason)
		}
	}
}
