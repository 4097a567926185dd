package deepmerge

import (
	"encoding/json"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Diff returns the smallest merge patch that turns original into modified.
// It calls [Options.Diff] with the default options.
func Diff(original, modified map[string]any) (map[string]any, error) {
	return Options{}.Diff(original, modified)
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
// their Go types (1, 1.0 and json.Number("1e0") are equal), strings with
// each byte that is not part of valid UTF-8 read as U+FFFD, as a converted
// value writes it ("a\xff", "a\xfe" and "a\ufffd" are equal),
// and booleans, arrays and objects by their contents. Go values are read
// as [Options.Merge] reads them. A nil original or modified is the empty
// object, and on success the result is never nil: it is empty when
// nothing changed.
//
// Some documents cannot be reached by any merge patch, because merging
// never stores a null as an object member: when modified holds a null
// member that original does not hold at the same place, Diff returns an
// [*Error] with Input "modified" and the member's path, wrapping
// [ErrNotRepresentable]. Nulls inside arrays are fine. Other errors are
// those of [Options.Merge], for either input.
//
// This is most often met with a modified document that holds a null
// member because the code that built it writes an empty field as null
// (a struct field without omitempty, {"nickname": nil} in a map, a
// JavaScript object whose property is null). When such a null means "no
// value", as it does for a merge, remove the null members first:
// Merge(nil, modified) returns modified less its null members at every
// depth (nulls in arrays are kept), and the patch from original to that
// removes the members that were null. A document that must keep a null
// member cannot be reached by a merge patch at all; store it whole.
//
// Diff never modifies its arguments and the result shares no map or slice
// with them. It is O(size of original + size of modified), sizes as JSON.
// It is safe for concurrent use as long as no goroutine modifies the
// arguments.
func (o Options) Diff(original, modified map[string]any) (map[string]any, error) {
	w := walker{max: o.maxDepth(), input: inOriginal}
	orig, err := w.checkOrCopyMap(original)
	if err != nil {
		return nil, err.doneIn(original, modified)
	}
	w.input = inModified
	mod := map[string]any{}
	if modified != nil {
		// A canonical copy: the patch takes its values from it, so it
		// shares nothing with the caller's maps.
		if mod, err = w.copyMap(modified, 1); err != nil {
			return nil, err.doneIn(original, modified)
		}
	}
	patch := make(map[string]any)
	if err := w.diffMaps(orig, mod, patch); err != nil {
		return nil, err.doneIn(original, modified)
	}
	return patch, nil
}

// checkOrCopyMap returns m if all of it is canonical and valid, and
// otherwise a canonical copy of it. A nil m is an empty map.
func (w *walker) checkOrCopyMap(m map[string]any) (map[string]any, *fault) {
	if m == nil {
		return map[string]any{}, nil
	}
	canonical, err := w.checkCanonical(m, 1)
	if !canonical {
		return w.copyMap(m, 1)
	}
	return m, err
}

// diffMaps stores in patch the diff of the canonical maps o and m.
func (w *walker) diffMaps(o, m, patch map[string]any) *fault {
	for name, mv := range m {
		ov, ok := o[name]
		switch {
		case mv == nil:
			if !ok || ov != nil {
				return valueError(inModified, ErrNotRepresentable, nullMemberMessage).in(name)
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
func (w *walker) representable(v any) *fault {
	m, ok := v.(map[string]any)
	if !ok {
		return nil
	}
	for name, e := range m {
		if e == nil {
			return valueError(inModified, ErrNotRepresentable, nullMemberMessage).in(name)
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
