package deepmerge

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"
)

// Diff returns the smallest merge patch that turns original into modified.
// It calls [Options.Diff] with the default options.
func Diff(original, modified map[string]any) (map[string]any, error) {
	return Options{}.Diff(original, modified)
}

// DiffJSON returns the smallest merge patch that turns the JSON document
// original into modified. It calls [Options.DiffJSON] with the default
// options.
func DiffJSON(original, modified []byte) ([]byte, error) {
	return Options{}.DiffJSON(original, modified)
}

// Diff returns the smallest JSON merge patch p such that Merge(original, p)
// equals modified:
//
//   - a member of original that modified lacks appears in p as null;
//   - a member whose value is an object on both sides appears only if the
//     object changed, as the diff of the two objects, recursively;
//   - any other member that modified adds or changes appears with its new
//     value, whole.
//
// Values are compared as JSON values: numbers by their value, whatever
// their Go types (1, 1.0 and json.Number("1e0") are equal), strings as
// encoding/json writes them, which turns each byte that is not part of
// valid UTF-8 into U+FFFD ("a\xff", "a\xfe" and "a\ufffd" are equal),
// and booleans, arrays and objects by their contents. Go values are read
// as [Options.Merge] reads them. A nil original or modified is the empty
// object, and the result is never nil: it is empty when nothing changed.
//
// Some documents cannot be reached by any merge patch, because merging
// never stores a null as an object member: when modified holds a null
// member that original does not hold at the same place, Diff returns an
// [*Error] with Input "modified" and the member's path, wrapping
// [ErrNotRepresentable]. Nulls inside arrays are fine. Other errors are
// those of [Options.Merge], for either input. When both inputs have faults,
// the error is about original.
//
// Diff never modifies its arguments and the result shares no map or slice
// with them. It is O(size of original + size of modified), sizes as JSON.
// It is safe for concurrent use as long as no goroutine modifies the
// arguments.
func (o Options) Diff(original, modified map[string]any) (map[string]any, error) {
	w := walker{max: o.maxDepth(), input: inOriginal}
	orig, err := w.canonicalMap(original)
	if err != nil {
		return nil, err.done()
	}
	w.input = inModified
	mod := map[string]any{}
	if modified != nil {
		// A canonical copy: the patch takes its values from it, so it
		// shares nothing with the caller's maps.
		if mod, err = w.cloneMap(modified, 1); err != nil {
			return nil, err.done()
		}
	}
	patch := make(map[string]any)
	if err := w.diffMaps(orig, mod, patch); err != nil {
		return nil, err.done()
	}
	return patch, nil
}

// canonicalMap returns m if all of it is canonical and valid, and
// otherwise a canonical copy of it. A nil m is an empty map.
func (w *walker) canonicalMap(m map[string]any) (map[string]any, *Error) {
	if m == nil {
		return map[string]any{}, nil
	}
	err := w.validate(m, 1)
	if err == errSlow {
		return w.cloneMap(m, 1)
	}
	return m, err
}

// diffMaps stores in patch the diff of the canonical maps o and m.
func (w *walker) diffMaps(o, m, patch map[string]any) *Error {
	for name, mv := range m {
		ov, ok := o[name]
		switch {
		case mv == nil:
			if !ok || ov != nil {
				return valueError("modified", ErrNotRepresentable, "a merge patch cannot store a null member").in(name)
			}
		case !ok:
			if err := w.representable(mv); err != nil {
				return err.in(name)
			}
			patch[name] = mv
		default:
			om, ook := ov.(map[string]any)
			mm, mok := mv.(map[string]any)
			if ook && mok {
				sub := make(map[string]any)
				if err := w.diffMaps(om, mm, sub); err != nil {
					return err.in(name)
				}
				if len(sub) > 0 {
					patch[name] = sub
				}
				continue
			}
			if equalValues(ov, mv) {
				continue
			}
			if err := w.representable(mv); err != nil {
				return err.in(name)
			}
			patch[name] = mv
		}
	}
	for name := range o {
		if _, ok := m[name]; !ok {
			patch[name] = nil
		}
	}
	return nil
}

// representable reports an error if the canonical value v, stored whole
// by a patch, would lose a null member when merged.
func (w *walker) representable(v any) *Error {
	m, ok := v.(map[string]any)
	if !ok {
		return nil
	}
	for name, e := range m {
		if e == nil {
			return valueError("modified", ErrNotRepresentable, "a merge patch cannot store a null member").in(name)
		}
		if err := w.representable(e); err != nil {
			return err.in(name)
		}
	}
	return nil
}

// equalValues reports whether the canonical values a and b are the same
// JSON value.
func equalValues(a, b any) bool {
	switch a := a.(type) {
	case nil:
		return b == nil
	case string:
		b, ok := b.(string)
		return ok && (a == b || sameJSONString(a, b))
	case bool:
		b, ok := b.(bool)
		return ok && a == b
	case map[string]any:
		b, ok := b.(map[string]any)
		if !ok || len(a) != len(b) {
			return false
		}
		for k, av := range a {
			bv, ok := b[k]
			if !ok || !equalValues(av, bv) {
				return false
			}
		}
		return true
	case []any:
		b, ok := b.([]any)
		if !ok || len(a) != len(b) {
			return false
		}
		for i := range a {
			if !equalValues(a[i], b[i]) {
				return false
			}
		}
		return true
	}
	return equalNumbers(a, b)
}

// sameJSONString reports whether encoding/json writes the strings a and b
// alike: it writes each byte of a string that is not part of valid UTF-8
// as U+FFFD, so "\xff" and "\ufffd" are the same JSON string, and "\xff"
// and "\xfe" too. Both are decoded rune by rune, and decoding gives
// utf8.RuneError for each such byte, as for U+FFFD itself.
func sameJSONString(a, b string) bool {
	for a != "" && b != "" {
		ra, na := utf8.DecodeRuneInString(a)
		rb, nb := utf8.DecodeRuneInString(b)
		if ra != rb {
			return false
		}
		a, b = a[na:], b[nb:]
	}
	return a == b // both empty
}

// equalNumbers reports whether a and b are numbers of canonical types with
// the same value.
func equalNumbers(a, b any) bool {
	x, ok1 := numberText(a)
	y, ok2 := numberText(b)
	if !ok1 || !ok2 {
		return false
	}
	if x == y {
		return true
	}
	return normalDecimal(x) == normalDecimal(y)
}

// numberText returns the JSON text of a number of a canonical type.
func numberText(v any) (string, bool) {
	switch v := v.(type) {
	case json.Number:
		return string(v), true
	case float64:
		return strconv.FormatFloat(v, 'g', -1, 64), true
	case float32:
		return strconv.FormatFloat(float64(v), 'g', -1, 32), true
	case int:
		return strconv.FormatInt(int64(v), 10), true
	case int8:
		return strconv.FormatInt(int64(v), 10), true
	case int16:
		return strconv.FormatInt(int64(v), 10), true
	case int32:
		return strconv.FormatInt(int64(v), 10), true
	case int64:
		return strconv.FormatInt(v, 10), true
	case uint:
		return strconv.FormatUint(uint64(v), 10), true
	case uint8:
		return strconv.FormatUint(uint64(v), 10), true
	case uint16:
		return strconv.FormatUint(uint64(v), 10), true
	case uint32:
		return strconv.FormatUint(uint64(v), 10), true
	case uint64:
		return strconv.FormatUint(v, 10), true
	case uintptr:
		return strconv.FormatUint(uint64(v), 10), true
	}
	return "", false
}

// normalDecimal returns a canonical spelling of a valid decimal number
// literal (JSON's grammar, or Go's 'g' format, which fits it): two literals
// have the same normal form exactly when they have the same value.
// The form is sign, significant digits, "e", and the exponent of the last
// digit; zero is "0".
func normalDecimal(s string) string {
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(strings.TrimPrefix(s, "-"), "+")
	mant, exp := s, "0"
	if i := strings.IndexAny(s, "eE"); i >= 0 {
		mant, exp = s[:i], s[i+1:]
	}
	intPart, frac := mant, ""
	if i := strings.IndexByte(mant, '.'); i >= 0 {
		intPart, frac = mant[:i], mant[i+1:]
	}
	digits := strings.TrimLeft(intPart+frac, "0")
	trimmed := strings.TrimRight(digits, "0")
	if trimmed == "" {
		return "0"
	}
	// value = digits × 10^(exp - len(frac)) = trimmed × 10^(exp - len(frac) + zeros)
	shift := int64(len(digits)-len(trimmed)) - int64(len(frac))
	sign := ""
	if neg {
		sign = "-"
	}
	return sign + trimmed + "e" + addExponent(exp, shift)
}

// addExponent returns the decimal text of e + d, where e is an exponent as
// a number literal spells it (an optional sign, then digits) and d is
// smaller in size than the literal. It works on the text, so an exponent
// of any length costs time linear in its length (a big.Int would not).
func addExponent(e string, d int64) string {
	neg := e != "" && e[0] == '-'
	if e != "" && (e[0] == '-' || e[0] == '+') {
		e = e[1:]
	}
	e = strings.TrimLeft(e, "0")
	if len(e) <= 18 {
		// Both fit in an int64, and so does their sum.
		n, _ := strconv.ParseInt("0"+e, 10, 64)
		if neg {
			n = -n
		}
		return strconv.FormatInt(n+d, 10)
	}
	// |e| >= 10^18 > |d|: the sum has the sign of e, and its magnitude is
	// |e| + |d| when d has that sign too, and |e| - |d| otherwise. Add or
	// subtract |d| digit by digit from the right.
	up := (d < 0) == neg
	u := uint64(d)
	if d < 0 {
		u = -u
	}
	mag := []byte(e)
	var c uint64 // carry or borrow
	for i := len(mag) - 1; i >= 0 && (u > 0 || c > 0); i-- {
		x, y := uint64(mag[i]-'0'), u%10+c
		u /= 10
		switch {
		case up:
			x += y
			c = x / 10
			x %= 10
		case x >= y:
			x, c = x-y, 0
		default:
			x, c = x+10-y, 1
		}
		mag[i] = byte('0' + x)
	}
	out := string(mag)
	switch {
	case c > 0:
		out = "1" + out // a carry out of the lead digit
	case !up:
		out = strings.TrimLeft(out, "0") // a borrow can clear lead digits
	}
	if neg {
		out = "-" + out
	}
	return out
}

// DiffJSON returns the smallest JSON merge patch that turns the JSON text
// original into modified, so that MergeJSON(original, patch) is modified
// in value. It follows the rules of [Options.Diff], on text:
//
//   - The patch is compact, and its members follow modified's order, with
//     the removed members (as null) after them in original's order. Names
//     and values are written as modified spells them; a removed member's
//     name as original spells it.
//   - Values are compared by their text, except that strings and member
//     names are compared by their decoded value and objects regardless of
//     member order. So 1 and 1.0 differ: MergeJSON keeps number text
//     exactly, so a patch that changes a literal's spelling is a change
//     worth sending.
//   - When modified is not an object, the only patch that produces it is
//     modified itself, and that is the result, even when original is equal
//     to it (an empty patch would turn a non-object into {}). When original
//     is not an object and modified is, the patch is modified.
//
// Input is read as strictly as [Options.MergeJSON] reads it, and faults
// are reported the same way, with Input "original" or "modified". Modified
// plays the part of a patch, since its values are copied into one: a
// repeated member name anywhere in it is an error, so the result always
// passes MergeJSON's checks. Original plays the part of a target: a
// repeated name is an error in each object reached from the top through
// objects alone, not through an array, even one that modified drops or
// replaces whole. Modified is read first, so when both inputs are faulty,
// its fault is reported.
// A null member in modified that original does not hold at the same place
// is an error wrapping [ErrNotRepresentable], with its offset and path.
//
// DiffJSON never modifies its arguments. It is O(len(original) +
// len(modified)) and safe for concurrent use.
func (o Options) DiffJSON(original, modified []byte) ([]byte, error) {
	d := differPool.Get().(*differ)
	defer putDiffer(d)
	d.o.init("original", original, o.maxDepth(), &d.scratch)
	d.m.init("modified", modified, o.maxDepth(), &d.scratch)
	d.m.patchSource = true
	// Modified is read first, so that reading original can skip the
	// arrays and strings that it has unchanged, comparing bytes instead of
	// checking them a second time.
	mroot, err := d.m.readTop(nil)
	if err != nil {
		return nil, err.done()
	}
	d.o.hint = &d.m
	oroot, err := d.o.readTop(&mroot)
	if err != nil {
		return nil, err.done()
	}
	out := make([]byte, 0, len(modified)/4+16)
	switch {
	case mroot.kind != '{':
		out = d.m.appendValue(out, &mroot)
	case oroot.kind != '{':
		if err := d.m.representable(&mroot); err != nil {
			return nil, err.done()
		}
		out = d.m.appendValue(out, &mroot)
	default:
		out, err = d.diffObjects(out, &oroot, &mroot)
		if err != nil {
			return nil, err.done()
		}
	}
	return out, nil
}

// equalText reports whether the values at a[i] and b[j], texts that
// have been checked, are equal by the rules of equal, and returns the
// offsets past them (meaningless when they differ). b, from modified,
// repeats no name; an object of a that does is equal to nothing, as it
// would be an error to read a into nodes.
func (d *differ) equalText(a []byte, i int, b []byte, j int) (int, int, bool) {
	switch ca, cb := a[i], b[j]; {
	case ca == '[' && cb == '[':
		i, j = spaceEnd(a, i+1), spaceEnd(b, j+1)
		for {
			if a[i] == ']' || b[j] == ']' {
				return i + 1, j + 1, a[i] == b[j]
			}
			var eq bool
			if i, j, eq = d.equalText(a, i, b, j); !eq {
				return i, j, false
			}
			i, j = spaceEnd(a, i), spaceEnd(b, j)
			if a[i] == ',' {
				i = spaceEnd(a, i+1)
			}
			if b[j] == ',' {
				j = spaceEnd(b, j+1)
			}
		}
	case ca == '{' && cb == '{':
		return d.equalObjectText(a, i, b, j)
	case ca == '"' && cb == '"':
		ie, aesc := checkedStringEnd(a, i)
		je, besc := checkedStringEnd(b, j)
		return ie, je, d.sameString(a[i:ie], b[j:je], aesc || besc)
	case ca == '"' || cb == '"' || ca == '{' || cb == '{' || ca == '[' || cb == '[':
		return i, j, false
	}
	// Numbers compare by text, and so do true, false and null.
	ie, je := scalarEnd(a, i), scalarEnd(b, j)
	return ie, je, string(a[i:ie]) == string(b[j:je])
}

// A textMember is where a member of a checked object is, for equalText.
type textMember struct {
	ns, ne, vs int // the name's text, and the start of the value
	escaped    bool
	used       bool
}

// equalObjectText is equalText for two objects: each member of a is
// looked up by name among b's.
func (d *differ) equalObjectText(a []byte, i int, b []byte, j int) (int, int, bool) {
	base := len(d.members)
	defer func() { d.members = d.members[:base] }()
	for j = spaceEnd(b, j+1); b[j] != '}'; {
		ne, esc := checkedStringEnd(b, j)
		vs := spaceEnd(b, spaceEnd(b, ne)+1)
		d.members = append(d.members, textMember{ns: j, ne: ne, vs: vs, escaped: esc})
		j = spaceEnd(b, checkedValueEnd(b, vs))
		if b[j] == ',' {
			j = spaceEnd(b, j+1)
		}
	}
	bEnd := j + 1
	matched := 0
	for i = spaceEnd(a, i+1); a[i] != '}'; {
		ne, esc := checkedStringEnd(a, i)
		name := a[i:ne]
		k := base
		for ; k < len(d.members); k++ {
			if m := &d.members[k]; d.sameString(name, b[m.ns:m.ne], esc || m.escaped) {
				break
			}
		}
		if k == len(d.members) || d.members[k].used {
			return i, bEnd, false
		}
		d.members[k].used = true
		matched++
		ie, _, eq := d.equalText(a, spaceEnd(a, spaceEnd(a, ne)+1), b, d.members[k].vs)
		if !eq {
			return i, bEnd, false
		}
		if i = spaceEnd(a, ie); a[i] == ',' {
			i = spaceEnd(a, i+1)
		}
	}
	return i + 1, bEnd, matched == len(d.members)-base
}

// sameString reports whether the checked string texts x and y, quotes
// included, hold the same string once their escapes are decoded; escaped
// tells whether either has an escape.
func (d *differ) sameString(x, y []byte, escaped bool) bool {
	if string(x) == string(y) {
		return true
	}
	if !escaped {
		return false
	}
	mark := len(d.arena)
	d.arena = appendUnescaped(d.arena, x[1:len(x)-1])
	mid := len(d.arena)
	d.arena = appendUnescaped(d.arena, y[1:len(y)-1])
	eq := string(d.arena[mark:mid]) == string(d.arena[mid:])
	d.arena = d.arena[:mark]
	return eq
}

// checkedStringEnd returns the offset past the checked string at i, and
// whether it holds an escape.
func checkedStringEnd(d []byte, i int) (int, bool) {
	escaped := false
	for i++; ; i++ {
		i = plainEnd(d, i) // past a run of plain ASCII, eight bytes at a time
		switch d[i] {
		case '"':
			return i + 1, escaped
		case '\\':
			escaped = true
			i++
		}
	}
}

// scalarEnd returns the offset past the checked number or literal at i.
func scalarEnd(d []byte, i int) int {
	for i++; i < len(d); i++ {
		switch d[i] {
		case ',', '}', ']', ' ', '\t', '\n', '\r':
			return i
		}
	}
	return i
}

// checkedValueEnd returns the offset past the checked value at i.
func checkedValueEnd(d []byte, i int) int {
	for depth := 0; ; {
		switch d[i] {
		case '"':
			i, _ = checkedStringEnd(d, i)
		case '{', '[':
			depth++
			i++
		case '}', ']':
			depth--
			i++
		case ',', ':', ' ', '\t', '\n', '\r':
			i++
			continue
		default:
			i = scalarEnd(d, i)
		}
		if depth == 0 {
			return i
		}
	}
}

// hasEscapeOrObject reports whether the JSON text b may hold a string
// escape or an object, the two things that let different texts be equal.
func hasEscapeOrObject(b []byte) bool {
	return bytes.IndexByte(b, '\\') >= 0 || bytes.IndexByte(b, '{') >= 0
}

// A differ holds the two parsed documents of one DiffJSON call.
type differ struct {
	o, m    tree
	members []textMember // equalText's stack of the open objects' members
	scratch
}

var differPool = sync.Pool{New: func() any { return new(differ) }}

func putDiffer(d *differ) {
	if cap(d.o.nodes) > maxKeep || cap(d.m.nodes) > maxKeep || cap(d.arena) > maxKeep ||
		cap(d.names.names) > maxKeep || cap(d.members) > maxKeep {
		return
	}
	d.o.reset()
	d.m.reset()
	d.members = d.members[:0]
	d.arena = d.arena[:0]
	d.names.close(level{})
	differPool.Put(d)
}

// representable reports an error if n, stored whole by a patch, would lose
// a null member when merged.
func (t *tree) representable(n *tnode) *Error {
	if n.kind != '{' {
		return nil
	}
	for k := n.first; k < n.first+n.n; k++ {
		c := &t.nodes[k]
		if c.kind == 'n' {
			return t.notRepresentable(c)
		}
		if err := t.representable(c); err != nil {
			return err.in(string(c.name))
		}
	}
	return nil
}

func (t *tree) notRepresentable(c *tnode) *Error {
	return t.s.errAt(c.vs, ErrNotRepresentable, "a merge patch cannot store a null member").in(string(c.name))
}

// diffObjects appends the diff of the objects on and mn.
func (d *differ) diffObjects(dst []byte, on, mn *tnode) ([]byte, *Error) {
	dst = append(dst, '{')
	empty := len(dst)
	mdata, odata := d.m.s.data, d.o.s.data
	for k := mn.first; k < mn.first+mn.n; k++ {
		mc := &d.m.nodes[k]
		oc := d.o.find(on, mc.name)
		if oc != nil {
			oc.used = true
		}
		switch {
		case oc == nil:
			if mc.kind == 'n' {
				return dst, d.m.notRepresentable(mc)
			}
			if err := d.m.representable(mc); err != nil {
				return dst, err.in(string(mc.name))
			}
		case mc.kind == 'n':
			if oc.kind != 'n' {
				return dst, d.m.notRepresentable(mc)
			}
			continue
		case mc.kind == '{' && oc.kind == '{':
			mark := len(dst)
			dst = appendName(dst, empty, mdata[mc.ns:mc.ne])
			sub := len(dst)
			var err *Error
			dst, err = d.diffObjects(dst, oc, mc)
			if err != nil {
				return dst, err.in(string(mc.name))
			}
			if len(dst) == sub+2 { // "{}": nothing changed
				dst = dst[:mark]
			}
			continue
		default:
			if d.equal(oc, mc) {
				continue
			}
			if err := d.m.representable(mc); err != nil {
				return dst, err.in(string(mc.name))
			}
		}
		dst = appendName(dst, empty, mdata[mc.ns:mc.ne])
		dst = d.m.appendValue(dst, mc)
	}
	for k := on.first; k < on.first+on.n; k++ {
		oc := &d.o.nodes[k]
		if oc.used {
			continue
		}
		dst = append(appendName(dst, empty, odata[oc.ns:oc.ne]), "null"...)
	}
	return append(dst, '}'), nil
}

// equal reports whether the original's node a and the modified's node b
// are equal: numbers by text, strings by decoded value, arrays element by
// element, objects member by member in any order.
func (d *differ) equal(a, b *tnode) bool {
	if a.kind != b.kind {
		return false
	}
	ad, bd := d.o.s.data[a.vs:a.ve], d.m.s.data[b.vs:b.ve]
	switch a.kind {
	case '0':
		return string(ad) == string(bd)
	case '"':
		if !a.escaped && !b.escaped {
			return string(ad) == string(bd)
		}
		mark := len(d.arena)
		d.arena = appendUnescaped(d.arena, ad[1:len(ad)-1])
		mid := len(d.arena)
		d.arena = appendUnescaped(d.arena, bd[1:len(bd)-1])
		eq := string(d.arena[mark:mid]) == string(d.arena[mid:])
		d.arena = d.arena[:mark]
		return eq
	case '[':
		if a.compact && b.compact {
			if string(ad) == string(bd) {
				return true
			}
			// Compact arrays with no escapes and no objects are equal
			// only if their texts are: numbers compare by text, and
			// strings without escapes have one spelling.
			if !hasEscapeOrObject(ad) && !hasEscapeOrObject(bd) {
				return false
			}
		}
		_, _, eq := d.equalText(ad, 0, bd, 0)
		return eq
	case '{':
		if a.n != b.n {
			return false
		}
		for k := b.first; k < b.first+b.n; k++ {
			bc := &d.m.nodes[k]
			ac := d.o.find(a, bc.name)
			if ac == nil || !d.equal(ac, bc) {
				return false
			}
		}
		return true
	}
	return true // true, false, null
}
