package deepmerge

import (
	"encoding/json"
	"maps"
	"unicode/utf8"
)

// A walker carries the settings of one merge through its recursion. Its
// methods walk Go values, and their names say what they do with each:
//
//   - check… (checkValue, checkCanonical, checkScalar) checks a value
//     without copying it;
//   - copy… (copyValue, copyMap, copyLeaf) checks a value and returns a
//     canonical copy of it, and checkOrCopyMap, for Diff, copies a map
//     only if it must be converted;
//   - convert… (convertValue, convertPatch, and the planner's
//     convertTarget) turns a value of another type into its canonical
//     form, by the value model of convert.go;
//   - mergePlain (and its fast twin mergeCopy) returns a copy of a
//     target with a patch merged into it, for Merge, and apply merges a
//     patch into a map the merge owns (addMap, of the fast paths, merges
//     one into nothing);
//   - composeCopy returns a checked copy of a patch, for Compose; and a
//     planner, which embeds a walker, plans MergeInto's changes.
type walker struct {
	max   int   // effective maximum depth
	input input // the argument being read, for errors

	// noConvert makes addMap and copyLeaf (and so copyValue and
	// copyMap) leave a value that they would convert as it is, and set
	// unconverted instead: the copy they make is then not canonical, and
	// is thrown away. Only the planner sets it, while MergeInto first
	// plans a patch, so that values are converted once, with the whole
	// patch, if at all.
	noConvert   bool
	unconverted bool // a value was left unconverted under noConvert
}

// isCanonical reports whether v is of one of the canonical types, which
// are used without conversion.
func isCanonical(v any) bool {
	switch v.(type) {
	case nil, map[string]any, []any:
		return true
	}
	return isCanonicalScalar(v)
}

// checkCanonical checks, without copying it, that v, at depth depth, is a
// canonical value that could be copied without error. It reports whether
// v is canonical, and if so the error that a copy would meet. It reports
// false, with no error, as soon as it finds a value that must be
// converted, and so for a nil map or slice, which a copy turns into nil: a
// caller that goes on with v itself then never sees a typed nil.
func (w *walker) checkCanonical(v any, depth int) (canonical bool, err *fault) {
	switch v := v.(type) {
	case nil, string, bool:
		return true, nil
	case float64:
		if finite(v) {
			return true, nil
		}
	case map[string]any:
		if v == nil {
			return false, nil
		}
		if depth > w.max {
			return true, w.depthError()
		}
		for name, e := range v {
			if !shortASCII(name) && !validName(name) {
				return true, w.badName(name)
			}
			if ok, err := w.checkCanonical(e, depth+1); !ok || err != nil {
				if err != nil {
					err = err.in(name)
				}
				return ok, err
			}
		}
		return true, nil
	case []any:
		if v == nil {
			return false, nil
		}
		if depth > w.max {
			return true, w.depthError()
		}
		for i, e := range v {
			if ok, err := w.checkCanonical(e, depth+1); !ok || err != nil {
				if err != nil {
					err = err.inIndex(i)
				}
				return ok, err
			}
		}
		return true, nil
	}
	return w.checkScalar(v)
}

// copyMap returns a canonical deep copy of the non-nil map m at depth.
func (w *walker) copyMap(m map[string]any, depth int) (map[string]any, *fault) {
	if depth > w.max {
		return nil, w.depthError()
	}
	// maps.Clone copies the table wholesale, which is much cheaper than
	// inserting each member; the loop then replaces the members that need
	// a deep copy or a conversion.
	out := maps.Clone(m)
	for name, v := range m {
		if !shortASCII(name) && !validName(name) {
			return nil, w.badName(name)
		}
		switch v := v.(type) {
		case nil, string, bool, int, int64:
		case float64:
			if !finite(v) {
				_, err := w.checkScalar(v)
				return nil, err.in(name)
			}
		case map[string]any, []any:
			c, err := w.copyValue(v, depth+1)
			if err != nil {
				return nil, err.in(name)
			}
			out[name] = c
		default:
			c, converted, err := w.copyLeaf(v, depth+1)
			if err != nil {
				return nil, err.in(name)
			}
			if converted {
				out[name] = c
			}
		}
	}
	return out, nil
}

// validName reports whether the member name s is valid UTF-8. The hot
// loops call it as shortASCII(s) || validName(s), so that the commonest
// names are checked inline, with no call to make them spill registers.
func validName(s string) bool {
	if l := len(s); l >= 8 && l <= 16 && (word(s, 0)|word(s, l-8))&0x8080808080808080 == 0 {
		// ASCII names of up to 16 bytes take a short path without
		// the general decoder: two overlapping words.
		return true
	}
	return utf8.ValidString(s)
}

// shortASCII reports whether s is at most 8 bytes long and all ASCII, as
// most member names are. It is small enough to be inlined.
func shortASCII(s string) bool {
	if len(s) > 8 {
		return false
	}
	b := byte(0)
	for i := 0; i < len(s); i++ {
		b |= s[i]
	}
	return b < utf8.RuneSelf
}

// word returns the 8 bytes of s at i as a little-endian word.
func word(s string, i int) uint64 {
	s = s[i : i+8]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}

// copyValue returns a canonical deep copy of v, which is at depth depth.
func (w *walker) copyValue(v any, depth int) (any, *fault) {
	switch v := v.(type) {
	case nil, string, bool:
		return v, nil
	case map[string]any:
		if v == nil {
			return nil, nil
		}
		return w.copyMap(v, depth)
	case []any:
		if v == nil {
			return nil, nil
		}
		if depth > w.max {
			return nil, w.depthError()
		}
		out := make([]any, len(v))
		for i, e := range v {
			switch f := e.(type) {
			case nil, string, bool:
				out[i] = e
				continue
			case float64:
				if finite(f) {
					out[i] = e
					continue
				}
			}
			c, err := w.copyValue(e, depth+1)
			if err != nil {
				return nil, err.inIndex(i)
			}
			out[i] = c
		}
		return out, nil
	}
	c, _, err := w.copyLeaf(v, depth)
	if err != nil {
		return nil, err
	}
	return c, nil
}

// copyLeaf is copyValue for a value v, at depth, that is not nil, a
// string, a bool, a map[string]any or a []any: a number of a canonical
// type is checked and returned as it is; any other value is converted,
// and converted is set, or, while w.noConvert is set, returned as it is,
// and w.unconverted is set.
func (w *walker) copyLeaf(v any, depth int) (c any, converted bool, err *fault) {
	if ok, err := w.checkScalar(v); ok {
		return v, false, err
	}
	if w.noConvert {
		w.unconverted = true
		return v, false, nil
	}
	c, err = w.convertValue(v, depth)
	return c, true, err
}

// finite reports whether f is neither NaN nor infinite: whether JSON can
// hold it. It is the one float test of the package: checkScalar uses it,
// and the hot type switches inline it for float64, the type of every
// number that encoding/json decodes into an interface, leaving the error
// to checkScalar.
func finite(f float64) bool { return f-f == 0 }

// isCanonicalScalar reports whether v is a number of a canonical type, or
// a string or bool.
func isCanonicalScalar(v any) bool {
	switch v.(type) {
	case string, bool, float64, json.Number,
		int, int8, int16, int32, int64,
		uint, uint8, uint16, uint32, uint64, uintptr, float32:
		return true
	}
	return false
}

// checkScalar reports whether v is a string, bool or number of a
// canonical type, and if so, an error when it has no JSON form: a NaN or
// infinite float, or an invalid json.Number. It is one type switch, for
// the hot paths.
func (w *walker) checkScalar(v any) (bool, *fault) {
	switch v := v.(type) {
	case string, bool,
		int, int8, int16, int32, int64,
		uint, uint8, uint16, uint32, uint64, uintptr:
		return true, nil
	case float64:
		if !finite(v) {
			return true, valueError(w.input, ErrUnsupportedValue, "unsupported value "+formatFloat(v)+" of type float64")
		}
		return true, nil
	case float32:
		if f := float64(v); !finite(f) {
			return true, valueError(w.input, ErrUnsupportedValue, "unsupported value "+formatFloat(f)+" of type float32")
		}
		return true, nil
	case json.Number:
		// The value model writes an empty Number as 0.
		if v != "" && !isNumber(string(v)) {
			return true, valueError(w.input, ErrUnsupportedValue, "invalid json.Number "+quote(string(v)))
		}
		return true, nil
	}
	return false, nil
}

// depthError returns the error for a container at a depth beyond w.max.
// If a container on its path encloses itself, the error reports a cycle
// once the path is known (see fault.doneIn).
func (w *walker) depthError() *fault {
	e := valueError(w.input, ErrMaxDepth, depthMessage(w.max))
	e.deep = true
	return e
}

// badName returns the error for a member name that is not valid UTF-8.
func (w *walker) badName(name string) *fault {
	return valueError(w.input, ErrInvalidUTF8, "member name "+quote(name)+" is not valid UTF-8")
}
