//go:build deepmerge_plain

package deepmerge

// fastPointerFree is empty: the plain build has no types of fast paths
// (see fastdiff_test.go).
var fastPointerFree []any
