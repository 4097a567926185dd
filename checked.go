package deepmerge

// This file holds the readers of checked text: text that a scanner has
// accepted already, which they read without checking anything, for the
// functions that read a text twice (DiffJSON's comparison, Normalize's
// writing, and the compaction of copied values).

// scalarEnd returns the offset past the checked number or literal at i.
func scalarEnd(d []byte, i int) int {
	switch d[i] {
	case 't', 'n':
		return i + len("true")
	case 'f':
		return i + len("false")
	}
	// A number: a sign or a digit, digits, then a fraction and an exponent
	// if it has them.
	i = digitsEnd(d, i+1)
	if i < len(d) && d[i] == '.' {
		i = digitsEnd(d, i+1)
	}
	if i < len(d) && d[i]|0x20 == 'e' {
		if i++; d[i] == '+' || d[i] == '-' {
			i++
		}
		i = digitsEnd(d, i)
	}
	return i
}

// appendCompact appends the checked JSON text src without its whitespace.
func appendCompact(dst, src []byte) []byte {
	for i := 0; i < len(src); {
		switch c := src[i]; c {
		case ' ', '\t', '\n', '\r':
			i++
		case '"':
			j := i + 1
			for src[j] != '"' {
				if src[j] == '\\' {
					j++
				}
				j++
			}
			dst = append(dst, src[i:j+1]...)
			i = j + 1
		default:
			j := i + 1
			for j < len(src) {
				c := src[j]
				if c == '"' || c == ' ' || c == '\t' || c == '\n' || c == '\r' {
					break
				}
				j++
			}
			dst = append(dst, src[i:j]...)
			i = j
		}
	}
	return dst
}
