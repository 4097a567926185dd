package deepmerge

import (
	"strconv"
	"strings"
	"testing"
)

// bnDocument returns a document of n records, each an object that repeats
// its name "v" when repeat is set, and whose strings hold an invalid byte
// when invalid is set: the text that Normalize repairs rather than only
// makes compact.
func bnDocument(n int, repeat, invalid bool) []byte {
	var b strings.Builder
	b.WriteString(`{"records": [`)
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteString(", ")
		}
		k := strconv.Itoa(i)
		b.WriteString(`{"id": ` + k + `, "name": "record ` + k + `", "tags": ["a", "b\u00e9", true, null, 1.5]`)
		if repeat {
			b.WriteString(`, "v": 1`)
		}
		b.WriteString(`, "meta": {"owner": "user` + k + `", "note": "`)
		if invalid {
			b.WriteString("bad \xff byte")
		} else {
			b.WriteString("plain text")
		}
		b.WriteString(`"}, "v": ` + k + `}`)
	}
	b.WriteString(`], "count": ` + strconv.Itoa(n) + `}`)
	return []byte(b.String())
}

// BenchmarkNormalize measures Normalize of documents of 100 records that
// it repairs: repeated names in each record, and invalid UTF-8 in each.
func BenchmarkNormalize(b *testing.B) {
	for _, c := range []struct {
		name            string
		repeat, invalid bool
	}{
		{"repeat", true, false},
		{"invalid-utf8", false, true},
	} {
		doc := bnDocument(100, c.repeat, c.invalid)
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(doc)))
			for i := 0; i < b.N; i++ {
				if _, err := Normalize(doc); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
