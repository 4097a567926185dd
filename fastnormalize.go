//go:build !deepmerge_plain

package deepmerge

// This file holds Normalize's fast path, built unless the deepmerge_plain
// tag is set: a document that Validate accepts needs no repair, so it is
// made compact in one pass, where the plain twin, normalizePlain, reads it
// and writes it with the normalizer. FuzzNormalizeTwins holds the two
// equal.

// normalize is Normalize's seam, and NormalizeReport's when report is
// set: it gives what normalizePlain gives.
func (o Options) normalize(data []byte, report bool) ([]byte, Repairs, error) {
	if o.Validate(data) == nil {
		return appendCompact(make([]byte, 0, len(data)), data), Repairs{}, nil
	}
	return o.normalizePlain(data, report)
}
