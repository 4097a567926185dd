// Package deepmerge applies JSON Merge Patch, RFC 7396: the deep merge of
// one JSON document into another that APIs use to update part of a
// resource, such as a user's metadata, by sending only what changes.
//
// It works on Go maps ([Merge], [MergeInto], [Diff], [Compose], [Batch])
// and on JSON text ([MergeJSON], [AppendMergeJSON], [DiffJSON],
// [ComposeJSON], [BatchJSON], [Validate], [Normalize]). A merge gives
// the same result on both, so that every service that applies a patch,
// whether it holds the document as values or as bytes, stores the same
// thing. (The diffs compare numbers differently, on purpose: [Diff] by
// value, [DiffJSON] by their text, which MergeJSON keeps.)
//
//	user := map[string]any{"name": "Ada", "prefs": map[string]any{"theme": "dark", "beta": true}}
//	patch := map[string]any{"prefs": map[string]any{"beta": nil, "lang": "en"}}
//	out, err := deepmerge.Merge(user, patch)
//	// out: {"name": "Ada", "prefs": {"theme": "dark", "lang": "en"}}
//
// # Semantics
//
// A patch is applied to a target as RFC 7396 section 2 says:
//
//   - If the patch is not an object, it replaces the target.
//   - Otherwise the target's members are kept, or none if the target is not
//     an object (null, a scalar, an array, or absent), and each member of
//     the patch is applied in turn: null removes the member of that name;
//     an object is merged, by these same rules, into the member of that
//     name (or into nothing, so that the nulls inside it are dropped); any
//     other value replaces the member or adds it.
//
// An absent target, which RFC 7396 allows, is a nil map for the map
// functions and zero-length text for the text functions: the patch is
// applied to nothing, as to null. A patch is never absent. A PATCH
// endpoint on an object resource seldom means to let a patch that is not
// an object replace the whole resource (a body of null would delete it):
// [Options.ObjectPatch] makes the text functions refuse such a patch,
// with [ErrNotObject].
//
// So arrays are never merged: an array in a patch replaces what was there,
// and a null inside an array is data, kept as it is. A null already in the
// target stays unless the patch names that member. Removing the last
// member leaves {}. Merging the same patch twice gives the same result as
// merging it once.
//
// [Diff] and [DiffJSON] go the other way: they return the smallest patch
// that turns one document into another. [Compose] and [ComposeJSON] turn
// two patches applied in turn into one, where one exists, and [Batch] and
// [BatchJSON] a queue of patches into few.
//
// # Values
//
// The map functions read a Go value as the JSON value it means, by the
// package's own value model, which SPEC.md section 2 states in full. It
// gives the same answer whichever Go release built the program, where
// encoding/json does not (Go 1.27 runs it on the json/v2 implementation):
//
//   - nil is null; map[string]any is an object; []any is an array; string,
//     bool, float64, float32, [encoding/json.Number] and Go's integer types
//     are strings, booleans and numbers. These canonical types are used as
//     they are, with no reflection or conversion.
//   - Any other value is converted, as encoding/json of Go 1.24 to 1.26
//     encodes it wherever Go releases agree: a map[string]string or a
//     struct is an object, a []string an array, a nil pointer, map, slice
//     or interface null (so in a patch it removes a member), a []byte a
//     base64 string, an [encoding/json.RawMessage] or a type with a
//     MarshalJSON or MarshalText method what that writes, read as strictly
//     as patch text. Numbers become json.Number, exact.
//   - Where releases disagree, the model decides: map keys must be of a
//     string or integer kind or have MarshalText, even in an empty map;
//     struct tags take only the options omitempty, omitzero (honoured on
//     every release) and string, and any other option, such as json/v2's
//     format, makes the type unsupported; a tag name that is not valid
//     keeps the field's Go name; a byte array is an array of numbers.
//   - The two top-level maps are the exception: a nil map there is {}.
//
// A value with no JSON form (a channel, a function or a complex number
// without a MarshalJSON or MarshalText method, a NaN or infinite float, an
// invalid json.Number, a map key of another type, a method that fails) is
// an error at the path of the field, key or element at fault (the empty
// json.Number is 0), and so is a map[string]any member name that is not
// valid UTF-8, because readers would spell it differently and two names
// could become one. In a converted string or map key, an invalid byte
// becomes U+FFFD. Results hold only canonical types. For every target and
// patch that pass these checks and the limits on depth below, Merge's
// result means the JSON value that RFC 7396 gives for the two inputs'
// meanings.
//
// The text functions take any JSON values, not only objects, keep the
// text of every value they do not rebuild (number literals such as 1.0 or
// 12345678901234567890, string escapes) and keep the target's member
// order. Their output is compact and deterministic.
//
// # Go structs
//
// [MergeJSONInto] applies a patch in text to a Go value in place, so that
// a PATCH endpoint can keep its resource as a struct; [MergeJSONValue]
// returns a new value instead; [DiffValues] makes the patch between two
// values of one type. The result is defined by a reference model: strictly
// decoding MergeJSON(encode(target), patch) into a zero value, where
// encode is the value model above and decode is its other direction,
// stated here and in SPEC.md §10, the package's own on every Go release:
//
//   - null decodes to the zero value of any type.
//   - A bool takes true or false; an integer type takes an integer literal
//     in its range (no fraction, no exponent: 1.0 and 1e2 are errors); a
//     float type any number in its range; a string a string; a []byte a
//     string in standard base64 with padding.
//   - A slice takes an array of any length, a Go array one of exactly its
//     length; a map takes an object, its keys strings, integers written as
//     the model writes them, or of a type with MarshalText and
//     UnmarshalText, and each key must encode back to its member name.
//   - A struct takes an object whose member names are its fields' member
//     names, exactly, case included; in decoding, a member that names no
//     field is an error, even with null (in a merge, such a null removes
//     nothing and is no error). A nil embedded pointer to a struct is allocated for a member
//     behind it (one that is not exported cannot be, and is an error); the
//     tag option string reads the number, boolean or string inside a
//     string.
//   - A pointer is allocated and takes what its element takes. An
//     interface{} takes any value as map[string]any, []any, string, bool,
//     nil, and numbers as [encoding/json.Number], their text exactly as in
//     the patch, so that no digit is lost; an interface with methods takes
//     only null.
//   - A json.Number takes a number, its text; a json.RawMessage any value,
//     its text made compact; a type with an UnmarshalJSON method gets the
//     value's text; one with an UnmarshalText method takes a string.
//
// Merging follows RFC 7396 through the types: null zeroes a field or
// deletes a map entry; an object merges into a struct, a map, pointers to
// them or an interface{} (into the map[string]any it holds); anything else
// is decoded into a fresh value and stored. Where the target's JSON form
// has no such member (a nil pointer, map or interface, a key the map
// lacks, a field left out by omitempty or omitzero or behind a nil
// embedded pointer, and everything below them) an object merges into
// nothing, as RFC 7396 merges into null: its null members are dropped and
// the rest is decoded into a fresh zero value, without reading or
// encoding what the target holds there. Types with a JSON form of their
// own are opaque: an object merges into their JSON form (for a value held
// in a map, the form without the methods of its pointer type, as the
// value model encodes it), which is decoded again. Errors point into the
// patch: a member with a non-null value that names no field wraps
// [ErrUnknownMember], a value the field cannot hold [ErrMismatchedType],
// each with the JSON Pointer of the member and the byte offset of its
// value. On error the target is unchanged. A null for a member name that
// no field has, in any case ({"Theme":null} for a field named "theme"),
// is no error and changes nothing, as in the model. [Options.MergeJSONInto]
// lists the few places where the result differs from the reference model
// (unexported fields are kept where an object merges into the struct that
// holds them, among them).
//
// # Mutation and aliasing
//
// [Merge], [Diff], [Compose] and the text functions never modify their
// arguments, and what they return shares no map, slice or array with them.
// [MergeInto] is the exception by design: it modifies its target, in
// place, and nothing else; the values it stores are copies, never the
// patch's own maps or slices. If MergeInto fails, its target is exactly as
// it was. [MergeJSONInto] is the other: it modifies the Go value its
// target points to, and the maps and pointed-to values in it that the
// patch merges objects into, and nothing on error; [MergeJSONValue] leaves
// its input as it was.
//
// # Errors
//
// A function that fails returns a nil result with its error (the Append
// functions return dst, as they say). Every error is an [*Error]. Its Input
// names the argument at fault, its Path is the RFC 6901 JSON Pointer of the
// value at fault, its Offset the byte offset in text input (-1 for Go
// values), and it wraps a sentinel. When the input has several faults, the
// text functions report the first in the order they read (the patch before
// the target). [Options.Merge] reports a fault of target before any of
// patch, and [Options.Diff] one of original before any of modified; but
// which of several faults in one map is reported is unspecified, since the
// order of a map is random, and so is which one [Options.MergeInto]
// reports, which reads target and patch together. [Options.Compose] and
// [Options.ComposeJSON] report a fault of first before any of second, and
// ErrNotRepresentable only for inputs without other faults; the batching
// functions, [Options.BatchJSON] and [Options.Batch], the first fault in
// the queue's order. [Options.ObjectPatch] refuses a patch that is not an
// object with [ErrNotObject] after the faults of that patch's own strict
// read, and before the next input is read. The sentinels: [ErrSyntax],
// [ErrInvalidUTF8], [ErrDuplicateName], [ErrMaxDepth],
// [ErrUnsupportedValue], [ErrNilTarget], [ErrSharedMap],
// [ErrNotRepresentable], [ErrNotObject], [ErrUnknownMember] or
// [ErrMismatchedType]. Use [errors.Is] and [errors.As]; the text of
// messages may change.
//
// Objects and arrays may nest at most [Options.MaxDepth] deep (10000 by
// default), in Go values and in text alike, so no input can overflow the
// stack. A map[string]any or []any that contains itself is reported as an
// [ErrMaxDepth] error at the member that closes the cycle, except in
// MergeInto's target, which is followed only where the patch leads (see
// [ErrSharedMap]). A value that is converted is followed down through
// pointers, interfaces, fields and elements, and one that leads more than
// 4 × (MaxDepth+1) steps down, as a cycle of pointers does, is an
// ErrMaxDepth error at its own path. No input makes the package panic; a
// MarshalJSON or MarshalText method that panics is user code, and its
// panic reaches the caller.
//
// # Concurrency
//
// Every function is safe for concurrent use, provided no goroutine
// modifies the maps, slices or Go values it is given while it runs.
// [MergeInto] and [MergeJSONInto] modify their targets (MergeJSONInto the
// Go value its target points to, and the maps and pointed-to values in it
// that the patch merges objects into), so nothing else may use that target
// meanwhile; distinct targets may be merged concurrently.
//
// # Security considerations
//
// A merge patch usually crosses a trust boundary: a client sends it, and a
// server checks it and then applies it. If the checker and the applier
// read the same text differently, a patch that passes the check can do
// something else when applied. JSON leaves room for such differences, so
// the text functions reject them rather than pick a reading:
//
//   - A member name repeated in one object: some parsers keep the first,
//     others the last. [ErrDuplicateName], in every object of the patch and
//     in every object of the target that the merge reads.
//   - Invalid UTF-8, and \u escapes of unpaired surrogates: parsers replace
//     them, keep them or reject them, so "ad\xffmin" may or may not equal
//     "admin". [ErrInvalidUTF8].
//   - Deep nesting: a recursive parser may crash on it, so one service
//     fails where another succeeds. [ErrMaxDepth].
//   - Anything but a single value, such as trailing data or an empty input.
//     [ErrSyntax].
//
// Member names are compared after their escapes are decoded, as every
// JSON parser compares them. Hash tables of member names use a random seed
// per process, so input cannot be built to make them slow. [Validate]
// applies all of these checks to a whole document, for a server that wants
// to check a stored document or a patch before anything else reads it,
// and [Normalize] repairs a document that another program stored with
// repeated names or invalid UTF-8, reading it as encoding/json does
// ([NormalizeReport] also says what each repair changed).
//
// These checks are made on text. The map functions cannot make them: when
// encoding/json decodes a body into a map, a repeated name has already
// lost its earlier value and invalid UTF-8 has become U+FFFD, so [Merge]
// sees none of it. A service that wants them takes the body as text
// ([MergeJSON], or [Validate] before decoding it).
//
// The cost of the map functions is counted in the JSON their arguments
// stand for. A Go value may hold one map or slice at several places, and
// for Merge and Diff each place is a value of its own, read and copied once
// per place, as encoding/json would write it once per place. (MergeInto
// reads only what its patch reaches, and changes a shared map in place.)
// Values built to share maps at many places, nested, can stand for JSON
// exponentially larger than their memory, and cost accordingly. Values
// decoded from text never share.
//
// # Conformance
//
// The file testdata/conformance.json in this module holds the shared test
// vectors: the examples of RFC 7396, edge cases derived from its text, and
// the text-level rules above (member order, number text, strict input),
// in a language-neutral format described in SPEC.md, and
// testdata/compose.json the vectors of composition. The tests run every
// vector through every function it applies to.
//
// # The plain build
//
// Built with -tags deepmerge_plain, the package leaves out every fast
// path (the files fast*.go) and runs the plain code that they are
// optimisations of: each function gives the same results and the same
// errors, with the same paths and offsets, only more slowly. It is the
// specification in code, for reading and for checking: the same tests run
// on both builds, and the default build's tests hold each fast path to
// its plain twin. What the documentation says of cost (time, allocations,
// buffers kept between calls) is said of the default build.
package deepmerge
