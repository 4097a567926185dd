package deepmerge

// The ordered-tree oracle: a JSON value read from json.Decoder's token
// stream, keeping member order, with the merge and diff that the package's
// documentation specifies on it, renderers that spread whitespace and
// escapes, and rapid generators. The properties of the text functions and
// the fuzz targets check member order against it.

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math/rand"
	"sort"
	"testing"
	"unicode/utf16"
	"unicode/utf8"

	"pgregory.net/rapid"
)

// An otNode is a JSON value that keeps the order of object members. Names
// and strings are decoded; numbers are their text.
type otNode struct {
	kind byte      // '{', '[', '"', '0' (number), 't', 'f', 'n'
	keys []string  // an object's member names, in order
	vals []*otNode // an object's member values, or an array's elements
	str  string    // a string's value or a number's text
}

func (n *otNode) clone() *otNode {
	c := *n
	c.keys = append([]string(nil), n.keys...)
	c.vals = make([]*otNode, len(n.vals))
	for i, v := range n.vals {
		c.vals[i] = v.clone()
	}
	return &c
}

func (n *otNode) index(name string) int {
	for i, k := range n.keys {
		if k == name {
			return i
		}
	}
	return -1
}

// otParse reads one JSON text through json.Decoder's tokens.
func otParse(b []byte) (*otNode, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	n, err := otParseValue(dec)
	if err != nil {
		return nil, err
	}
	if tok, err := dec.Token(); err != io.EOF {
		return nil, fmt.Errorf("data after the value: %v, %v", tok, err)
	}
	return n, nil
}

func otParseValue(dec *json.Decoder) (*otNode, error) {
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	switch tok := tok.(type) {
	case json.Delim:
		var n *otNode
		switch tok {
		case '{':
			n = &otNode{kind: '{'}
			for dec.More() {
				kt, err := dec.Token()
				if err != nil {
					return nil, err
				}
				k, ok := kt.(string)
				if !ok {
					return nil, fmt.Errorf("member name %v", kt)
				}
				v, err := otParseValue(dec)
				if err != nil {
					return nil, err
				}
				n.keys = append(n.keys, k)
				n.vals = append(n.vals, v)
			}
		case '[':
			n = &otNode{kind: '['}
			for dec.More() {
				v, err := otParseValue(dec)
				if err != nil {
					return nil, err
				}
				n.vals = append(n.vals, v)
			}
		default:
			return nil, fmt.Errorf("unexpected %v", tok)
		}
		if _, err := dec.Token(); err != nil { // the closing delimiter
			return nil, err
		}
		return n, nil
	case string:
		return &otNode{kind: '"', str: tok}, nil
	case json.Number:
		return &otNode{kind: '0', str: string(tok)}, nil
	case bool:
		if tok {
			return &otNode{kind: 't'}, nil
		}
		return &otNode{kind: 'f'}, nil
	case nil:
		return &otNode{kind: 'n'}, nil
	}
	return nil, fmt.Errorf("unexpected token %T", tok)
}

// otMerge is RFC 7396 with the member order of SPEC.md §4: the target's
// members in their order, each replaced one in its place, new ones after
// them in the patch's order. t may be nil (absent).
func otMerge(t, p *otNode) *otNode {
	if p.kind != '{' {
		return p.clone()
	}
	r := &otNode{kind: '{'}
	if t != nil && t.kind == '{' {
		r = t.clone()
	}
	for i, k := range p.keys {
		v := p.vals[i]
		j := r.index(k)
		if v.kind == 'n' {
			if j >= 0 {
				r.keys = append(r.keys[:j:j], r.keys[j+1:]...)
				r.vals = append(r.vals[:j:j], r.vals[j+1:]...)
			}
			continue
		}
		var nv *otNode
		if v.kind == '{' {
			var old *otNode
			if j >= 0 {
				old = r.vals[j]
			}
			nv = otMerge(old, v)
		} else {
			nv = v.clone()
		}
		if j >= 0 {
			r.vals[j] = nv
		} else {
			r.keys = append(r.keys, k)
			r.vals = append(r.vals, nv)
		}
	}
	return r
}

// otDiff is DiffJSON as its doc comment specifies it, member order
// included. It reports false when no merge patch can give m.
func otDiff(o, m *otNode) (*otNode, bool) {
	if m.kind != '{' {
		return m.clone(), true
	}
	if o.kind != '{' {
		return m.clone(), otStorable(m)
	}
	r := &otNode{kind: '{'}
	add := func(k string, v *otNode) {
		r.keys = append(r.keys, k)
		r.vals = append(r.vals, v)
	}
	for i, k := range m.keys {
		mv := m.vals[i]
		j := o.index(k)
		switch {
		case j < 0:
			if mv.kind == 'n' || !otStorable(mv) {
				return nil, false
			}
			add(k, mv.clone())
		case mv.kind == 'n':
			if o.vals[j].kind != 'n' {
				return nil, false
			}
		case mv.kind == '{' && o.vals[j].kind == '{':
			sub, ok := otDiff(o.vals[j], mv)
			if !ok {
				return nil, false
			}
			if len(sub.keys) > 0 {
				add(k, sub)
			}
		default:
			if otEqualValue(o.vals[j], mv) {
				continue
			}
			if !otStorable(mv) {
				return nil, false
			}
			add(k, mv.clone())
		}
	}
	for _, k := range o.keys {
		if m.index(k) < 0 {
			add(k, &otNode{kind: 'n'})
		}
	}
	return r, true
}

// otStorable reports whether a patch can hold n whole: no null object
// member at any depth, outside arrays.
func otStorable(n *otNode) bool {
	if n.kind != '{' {
		return true
	}
	for _, v := range n.vals {
		if v.kind == 'n' || !otStorable(v) {
			return false
		}
	}
	return true
}

// otEqualOrdered reports whether a and b are equal, member order included.
func otEqualOrdered(a, b *otNode) bool {
	if a.kind != b.kind || a.str != b.str || len(a.keys) != len(b.keys) || len(a.vals) != len(b.vals) {
		return false
	}
	for i := range a.keys {
		if a.keys[i] != b.keys[i] {
			return false
		}
	}
	for i := range a.vals {
		if !otEqualOrdered(a.vals[i], b.vals[i]) {
			return false
		}
	}
	return true
}

// otEqualValue reports whether a and b are equal in any member order,
// numbers compared by text: DiffJSON's notion of equality.
func otEqualValue(a, b *otNode) bool {
	if a.kind != b.kind || a.str != b.str || len(a.vals) != len(b.vals) {
		return false
	}
	if a.kind == '{' {
		// Both ways round, so that a repeated name on either side (which
		// original may hold inside arrays) makes the objects differ.
		for i, k := range a.keys {
			j := b.index(k)
			if j < 0 || !otEqualValue(a.vals[i], b.vals[j]) {
				return false
			}
		}
		for i, k := range b.keys {
			j := a.index(k)
			if j < 0 || !otEqualValue(a.vals[j], b.vals[i]) {
				return false
			}
		}
		return true
	}
	for i := range a.vals {
		if !otEqualValue(a.vals[i], b.vals[i]) {
			return false
		}
	}
	return true
}

// otRender writes n as JSON text. With a non-nil r it spreads whitespace
// and escapes at random; with nil it writes compact text.
func otRender(n *otNode, r *rand.Rand) []byte {
	return otAppend(nil, n, r, nil)
}

func otWS(b []byte, r *rand.Rand) []byte {
	if r == nil || r.Intn(3) != 0 {
		return b
	}
	return append(b, [...]string{" ", "\n", "\t", "\r\n", "  \n  "}[r.Intn(5)]...)
}

// otAppend appends n to b as otRender does. If rec is not nil, it is told
// the offset of the opening quote of each member name it writes.
func otAppend(b []byte, n *otNode, r *rand.Rand, rec func(obj *otNode, i, off int)) []byte {
	switch n.kind {
	case '{':
		b = append(b, '{')
		b = otWS(b, r)
		for i, k := range n.keys {
			if i > 0 {
				b = append(b, ',')
				b = otWS(b, r)
			}
			if rec != nil {
				rec(n, i, len(b))
			}
			b = otQuote(b, k, r)
			b = otWS(b, r)
			b = append(b, ':')
			b = otWS(b, r)
			b = otAppend(b, n.vals[i], r, rec)
			b = otWS(b, r)
		}
		return append(b, '}')
	case '[':
		b = append(b, '[')
		b = otWS(b, r)
		for i, v := range n.vals {
			if i > 0 {
				b = append(b, ',')
				b = otWS(b, r)
			}
			b = otAppend(b, v, r, rec)
			b = otWS(b, r)
		}
		return append(b, ']')
	case '"':
		return otQuote(b, n.str, r)
	case '0':
		return append(b, n.str...)
	case 't':
		return append(b, "true"...)
	case 'f':
		return append(b, "false"...)
	}
	return append(b, "null"...)
}

// otQuote appends s as a JSON string, escaping some characters at random.
func otQuote(b []byte, s string, r *rand.Rand) []byte {
	u := func(b []byte, c rune) []byte {
		f := "\\u%04x"
		if r != nil && r.Intn(2) == 0 {
			f = "\\u%04X"
		}
		return fmt.Appendf(b, f, c)
	}
	b = append(b, '"')
	for _, c := range s {
		switch {
		case c == '"':
			b = append(b, `\"`...)
		case c == '\\':
			b = append(b, `\\`...)
		case c == '\n':
			b = append(b, `\n`...)
		case c == '\t':
			b = append(b, `\t`...)
		case c < 0x20:
			b = u(b, c)
		case r != nil && r.Intn(6) == 0:
			if c == '/' && r.Intn(2) == 0 {
				b = append(b, `\/`...)
			} else if c > 0xFFFF {
				c1, c2 := utf16.EncodeRune(c)
				b = u(u(b, c1), c2)
			} else {
				b = u(b, c)
			}
		default:
			b = utf8.AppendRune(b, c)
		}
	}
	return append(b, '"')
}

var (
	otNamePool = []string{"a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m", "n", "o", "p", "q", "r",
		"é", "a/b", "~1", "", "😀", "\"", "A", "\u2028", "<",
		// Names that tie on their first 8 bytes, or differ only by NULs,
		// for the comparison of ordered names.
		"prefix__", "prefix__a", "prefix__b", "prefix_~", "a\x00", "a\x00\x00", "\x00"}
	otNameGen = rapid.SampledFrom(otNamePool)
	otStrGen  = rapid.SampledFrom([]string{"", "x", "é", "a\"b", "\\", "\n\t", "<&>", "😀", "\u2028", "a/b", "\x7f", "\x00"})
	otNumGen  = rapid.SampledFrom([]string{"0", "-0", "1", "1.0", "1e0", "1E+0", "10", "1e1", "-1.5", "2.50e-3",
		"12345678901234567890", "1e400", "0.1", "-0.0"})
	otSmallGen = rapid.IntRange(0, 5)
	otLargeGen = rapid.IntRange(9, 22)
	otPickGen  = rapid.IntRange(0, 7)
	otActGen   = rapid.IntRange(0, 5)
)

// otDrawTop draws a top-level value: mostly an object. With a hint (the
// target, when drawing a patch) it takes names from it, so that it reaches
// into it.
func otDrawTop(t *rapid.T, nullMembers bool, hint *otNode) *otNode {
	if otPickGen.Draw(t, "top") == 0 {
		return otDraw(t, 0, nullMembers, hint)
	}
	return otDrawObject(t, 0, nullMembers, hint)
}

// otDraw draws a value at depth. nullMembers allows null object members
// (a target holds them as data, a patch to remove); arrays may hold nulls
// and objects with null members anyway.
func otDraw(t *rapid.T, depth int, nullMembers bool, hint *otNode) *otNode {
	k := dtKindGen.Draw(t, "kind")
	if depth >= 4 && k >= 6 {
		k -= 6
	}
	switch k {
	case 0:
		return &otNode{kind: 'n'}
	case 1:
		if dtBoolGen.Draw(t, "bool") {
			return &otNode{kind: 't'}
		}
		return &otNode{kind: 'f'}
	case 2, 3:
		return &otNode{kind: '"', str: otStrGen.Draw(t, "string")}
	case 4, 5:
		return &otNode{kind: '0', str: otNumGen.Draw(t, "number")}
	case 6:
		n := &otNode{kind: '['}
		for i, l := 0, dtArrGen.Draw(t, "len"); i < l; i++ {
			n.vals = append(n.vals, otDraw(t, depth+1, true, nil))
		}
		return n
	}
	return otDrawObject(t, depth, nullMembers, hint)
}

// otDrawObject draws an object at depth, its members at depth+1.
func otDrawObject(t *rapid.T, depth int, nullMembers bool, hint *otNode) *otNode {
	size := otSmallGen.Draw(t, "size")
	if otPickGen.Draw(t, "large") == 0 {
		size = otLargeGen.Draw(t, "size")
	}
	if hint != nil && hint.kind != '{' {
		hint = nil
	}
	n := &otNode{kind: '{'}
	for tries := 0; len(n.keys) < size && tries < 3*size; tries++ {
		var k string
		if hint != nil && len(hint.keys) > 0 && dtBoolGen.Draw(t, "from target") {
			k = rapid.SampledFrom(hint.keys).Draw(t, "target name")
		} else {
			k = otNameGen.Draw(t, "name")
		}
		if n.index(k) >= 0 {
			continue
		}
		var sub *otNode
		if hint != nil {
			if j := hint.index(k); j >= 0 {
				sub = hint.vals[j]
			}
		}
		v := otDraw(t, depth+1, nullMembers, sub)
		if !nullMembers {
			for v.kind == 'n' {
				v = otDraw(t, depth+1, nullMembers, sub)
			}
		}
		n.keys = append(n.keys, k)
		n.vals = append(n.vals, v)
	}
	return n
}

// otMutate returns a changed copy of n: members kept, dropped, replaced,
// changed, added at any place, or shuffled; objects inside arrays may get
// their members shuffled, which leaves them equal. With nullMembers false
// it adds no null object member.
func otMutate(t *rapid.T, n *otNode, depth int, nullMembers bool) *otNode {
	switch n.kind {
	case '{':
		r := &otNode{kind: '{'}
		for i, k := range n.keys {
			switch otActGen.Draw(t, "action") {
			case 0, 1:
				r.keys, r.vals = append(r.keys, k), append(r.vals, n.vals[i].clone())
			case 2: // dropped
			case 3:
				v := otDraw(t, depth+1, nullMembers, nil)
				if v.kind == 'n' && !nullMembers {
					v = &otNode{kind: '{'}
				}
				r.keys, r.vals = append(r.keys, k), append(r.vals, v)
			default:
				r.keys, r.vals = append(r.keys, k), append(r.vals, otMutate(t, n.vals[i], depth+1, nullMembers))
			}
		}
		for i, l := 0, dtAddGen.Draw(t, "added"); i < l; i++ {
			k := otNameGen.Draw(t, "name")
			if n.index(k) >= 0 || r.index(k) >= 0 {
				continue
			}
			v := otDraw(t, depth+1, nullMembers, nil)
			if v.kind == 'n' && !nullMembers {
				v = &otNode{kind: '['}
			}
			at := rapid.IntRange(0, len(r.keys)).Draw(t, "at")
			r.keys = append(r.keys[:at:at], append([]string{k}, r.keys[at:]...)...)
			r.vals = append(r.vals[:at:at], append([]*otNode{v}, r.vals[at:]...)...)
		}
		if otPickGen.Draw(t, "shuffle") == 0 {
			otShuffle(r, rand.New(rand.NewSource(int64(dtSeedGen.Draw(t, "seed")))), false)
		}
		return r
	case '[':
		switch otActGen.Draw(t, "action") {
		case 0, 1:
			return n.clone()
		case 2:
			c := n.clone()
			otShuffle(c, rand.New(rand.NewSource(int64(dtSeedGen.Draw(t, "seed")))), true)
			return c
		}
	default:
		if otActGen.Draw(t, "action") < 3 {
			return n.clone()
		}
	}
	v := otDraw(t, depth, nullMembers, nil)
	if v.kind == 'n' && !nullMembers {
		v = &otNode{kind: '"'}
	}
	return v
}

// otShuffle shuffles the members of object n, and with deep those of
// every object inside it.
func otShuffle(n *otNode, r *rand.Rand, deep bool) {
	if n.kind == '{' {
		r.Shuffle(len(n.keys), func(i, j int) {
			n.keys[i], n.keys[j] = n.keys[j], n.keys[i]
			n.vals[i], n.vals[j] = n.vals[j], n.vals[i]
		})
	}
	if deep {
		for _, v := range n.vals {
			otShuffle(v, r, true)
		}
	}
}

// otSort puts the members of n's objects, at every depth, in increasing
// order of their names, as encoding/json writes a map.
func otSort(n *otNode) {
	if n.kind == '{' {
		sort.Sort(otByName{n})
	}
	for _, v := range n.vals {
		otSort(v)
	}
}

type otByName struct{ n *otNode }

func (b otByName) Len() int           { return len(b.n.keys) }
func (b otByName) Less(i, j int) bool { return b.n.keys[i] < b.n.keys[j] }
func (b otByName) Swap(i, j int) {
	b.n.keys[i], b.n.keys[j] = b.n.keys[j], b.n.keys[i]
	b.n.vals[i], b.n.vals[j] = b.n.vals[j], b.n.vals[i]
}

// TestDiffJSONOrderedHelpers checks the helpers above on known cases, so that
// the properties built on them mean something.
func TestDiffJSONOrderedHelpers(t *testing.T) {
	parse := func(s string) *otNode {
		n, err := otParse([]byte(s))
		if err != nil {
			t.Fatalf("otParse(%s): %v", s, err)
		}
		return n
	}
	for _, c := range []struct{ target, patch, want string }{
		{`{"a":1,"b":2,"c":3}`, `{"e":5,"b":20,"d":4,"a":null}`, `{"b":20,"c":3,"e":5,"d":4}`},
		{`[1]`, `{"a":{"b":null,"c":1}}`, `{"a":{"c":1}}`},
		{`{"a":{"x":1}}`, `{"a":{"y":2}}`, `{"a":{"x":1,"y":2}}`},
		{`{"a":1}`, `[null]`, `[null]`},
	} {
		got := otMerge(parse(c.target), parse(c.patch))
		if !otEqualOrdered(got, parse(c.want)) || string(otRender(got, nil)) != c.want {
			t.Errorf("otMerge(%s, %s) = %s, want %s", c.target, c.patch, otRender(got, nil), c.want)
		}
		if otEqualOrdered(parse(`{"a":1,"b":2}`), parse(`{"b":2,"a":1}`)) || !otEqualValue(parse(`{"a":1,"b":2}`), parse(`{"b":2,"a":1}`)) {
			t.Errorf("otEqualOrdered/otEqualValue broken")
		}
	}
	for _, c := range []struct{ orig, mod, want string }{
		{`{"r1":1,"k":1,"r2":2}`, `{"n2":2,"k":2,"n1":1}`, `{"n2":2,"k":2,"n1":1,"r1":null,"r2":null}`},
		{`{"o":{"a":1}}`, `{"o":{"a":1}}`, `{}`},
		{`{"a":[{"x":1,"y":2}]}`, `{"a":[{"y":2,"x":1}]}`, `{}`},
		{`{"a":1}`, `{"a":1.0}`, `{"a":1.0}`},
	} {
		got, ok := otDiff(parse(c.orig), parse(c.mod))
		if !ok || string(otRender(got, nil)) != c.want {
			t.Errorf("otDiff(%s, %s) = %s, %v, want %s", c.orig, c.mod, otRender(got, nil), ok, c.want)
		}
	}
	if _, ok := otDiff(parse(`{}`), parse(`{"a":null}`)); ok {
		t.Errorf("otDiff accepted a new null member")
	}
	r := rand.New(rand.NewSource(1))
	for i := 0; i < 100; i++ {
		n := parse(`{"a/b":"\"\\\n\u0000é😀","~":[1.0,-0,1e400,{"x":null}]}`)
		text := otRender(n, r)
		if back, err := otParse(text); err != nil || !otEqualOrdered(back, n) {
			t.Fatalf("otRender gave %s: %v", text, err)
		}
		if err := Validate(text); err != nil {
			t.Fatalf("otRender gave %s, which Validate rejects: %v", text, err)
		}
	}
}
