package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
)

// metadataNames are the members of a user's metadata document, which are
// also the members a PATCH body may have, in the order GET writes them.
var metadataNames = [3]string{"public_metadata", "private_metadata", "unsafe_metadata"}

// metadataIndex returns the index of name in metadataNames, or -1.
func metadataIndex(name string) int {
	for i, n := range metadataNames {
		if n == name {
			return i
		}
	}
	return -1
}

// metadata holds the three objects of a stored document, indexed as
// metadataNames, each as the JSON text that is stored.
type metadata [3]json.RawMessage

// emptyObject stands for a metadata object that is not stored.
var emptyObject = json.RawMessage("{}")

// parseDocument returns the three objects of the stored document doc:
// {} for each one doc does not hold, and for all three when doc is empty
// (a NULL column). It returns an error when doc is not a JSON object, has
// a member other than the three or one of them twice, or holds one that is
// not an object. It does not look inside the objects: the caller has
// checked doc with [deepmerge.Options.Validate].
func parseDocument(doc []byte) (metadata, error) {
	m := metadata{emptyObject, emptyObject, emptyObject}
	if len(doc) == 0 {
		return m, nil
	}
	members, at, err := topMembers(doc)
	if err != nil {
		return m, fmt.Errorf("stored document: %w", err)
	}
	if members == nil {
		return m, fmt.Errorf("stored document: offset %d: %s is not an object", at, kind(doc[at:]))
	}
	var seen [3]bool
	for _, mb := range members {
		i := metadataIndex(mb.name)
		switch {
		case i < 0:
			return m, fmt.Errorf("stored document: offset %d: unknown member %s", mb.nameAt, quoteClipped(mb.name))
		case seen[i]:
			return m, fmt.Errorf("stored document: offset %d: member %s repeated", mb.nameAt, quoteClipped(mb.name))
		case mb.value[0] != '{':
			return m, fmt.Errorf("stored document: offset %d: %s is %s, not an object", mb.valueAt, mb.name, kind(mb.value))
		}
		seen[i] = true
		m[i] = mb.value
	}
	return m, nil
}

// equal reports whether m and o hold the same text, and so give the same
// representation.
func (m metadata) equal(o metadata) bool {
	return bytes.Equal(m[0], o[0]) && bytes.Equal(m[1], o[1]) && bytes.Equal(m[2], o[2])
}

// size returns what the metadata limit counts: the bytes of the three
// objects' JSON text as stored, which is compact and keeps escapes as the
// client wrote them, a missing object counting as {}.
func (m metadata) size() int {
	return len(m[0]) + len(m[1]) + len(m[2])
}

// document returns the stored document that holds m: all three objects,
// in the order of metadataNames.
func (m metadata) document() []byte {
	b := make([]byte, 0, 64+m.size())
	for i, name := range metadataNames {
		b = append(b, ',', '"')
		b = append(b, name...)
		b = append(b, '"', ':')
		b = append(b, m[i]...)
	}
	b[0] = '{'
	return append(b, '}')
}

// appendUser appends the JSON representation of a user that GET, POST and
// PATCH return, ending in a newline. The metadata text is copied as stored.
func appendUser(b []byte, id string, m metadata) []byte {
	b = append(b, `{"id":`...)
	b = strconv.AppendQuote(b, id) // ids are ASCII letters, digits, '_' and '-'
	for i, name := range metadataNames {
		b = append(b, ',', '"')
		b = append(b, name...)
		b = append(b, '"', ':')
		b = append(b, m[i]...)
	}
	return append(b, '}', '\n')
}

// A member is one member of the top-level object of some JSON text, with
// where its name and its value begin.
type member struct {
	name    string
	nameAt  int64 // offset of the name's opening quote
	value   json.RawMessage
	valueAt int64 // offset of the value's first byte
}

// topMembers returns the members of the top-level object of data, in
// their order, and the offset at which that object begins. It returns nil
// members and the offset of the value when data holds a value that is not
// an object (whose text it does not check), and an error when data is not
// an object as JSON. Tokens are read by encoding/json; this function only steps over
// the whitespace, commas and colons between them to find where each one
// begins.
func topMembers(data []byte) (members []member, at int64, err error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	at = skipSpace(data, 0, 0)
	tok, err := dec.Token()
	if err != nil {
		return nil, at, err
	}
	if tok != json.Delim('{') {
		return nil, at, nil
	}
	members = []member{}
	for dec.More() {
		mb := member{nameAt: skipSpace(data, dec.InputOffset(), ',')}
		tok, err := dec.Token()
		if err != nil {
			return nil, at, err
		}
		name, ok := tok.(string)
		if !ok {
			return nil, at, errors.New("member name expected")
		}
		mb.name = name
		mb.valueAt = skipSpace(data, dec.InputOffset(), ':')
		if err := dec.Decode(&mb.value); err != nil {
			return nil, at, err
		}
		members = append(members, mb)
	}
	if _, err := dec.Token(); err != nil { // the closing brace
		return nil, at, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, at, fmt.Errorf("offset %d: data after the object", skipSpace(data, dec.InputOffset(), 0))
	}
	return members, at, nil
}

// skipSpace returns the offset of the first byte of data at or after i
// that is neither JSON whitespace nor the first sep among them (0 for
// none), or len(data).
func skipSpace(data []byte, i int64, sep byte) int64 {
	for ; i < int64(len(data)); i++ {
		switch c := data[i]; {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
		case c == sep && sep != 0:
			sep = 0
		default:
			return i
		}
	}
	return i
}

// kind names the kind of the JSON value whose text starts v, with its
// article.
func kind(v []byte) string {
	if len(v) == 0 {
		return "nothing"
	}
	switch v[0] {
	case '{':
		return "an object"
	case '[':
		return "an array"
	case '"':
		return "a string"
	case 't', 'f':
		return "a boolean"
	case 'n':
		return "null"
	}
	return "a number"
}

// quoteClipped quotes s as a Go string literal for a message, cut to its
// first 48 bytes or so when it is longer than 64, so that a client cannot
// make a message or a log line as long as its input.
func quoteClipped(s string) string { return quoteCut(s, 64, 48) }

// quoteCut quotes s as a Go string literal, cut to about its first keep
// bytes, and followed by its length, when it is longer than most.
func quoteCut(s string, most, keep int) string {
	if len(s) <= most {
		return strconv.Quote(s)
	}
	k := keep
	for k > 0 && s[k]&0xC0 == 0x80 { // not in the middle of a character
		k--
	}
	return strconv.Quote(s[:k]) + "… (" + strconv.Itoa(len(s)) + " bytes)"
}
