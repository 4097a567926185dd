//go:build deepmerge_plain

package deepmerge

// This file is the plain build's side of every seam: under the
// deepmerge_plain tag the fast files (fastscan.go, fastmerge.go,
// fastdiff.go, fastnames.go) are left out, and each seam calls its plain twin, so that
// what is compiled is the package as its specification states it, with
// the same results, errors, paths and offsets. The same tests run on both
// builds.

// merge is Options.Merge's seam: a copy of target, then the patch applied.
func (w *walker) merge(target, patch map[string]any) (map[string]any, *fault) {
	return w.mergePlain(target, patch)
}

// mergeObject is MergeJSON's seam for merging into a target object.
func (m *merger) mergeObject(dst []byte, i, depth int, po *tnode) ([]byte, int, *fault) {
	return m.mergeObjectPlain(dst, i, depth, po)
}

// skip checks the value at i, inside depth containers, and returns the
// offset past it, as scanValue does.
func (s *scanner) skip(i, depth int) (int, *fault) { return s.scanValue(i, depth) }

// member reads a member name and its colon, as memberPlain does.
func (s *scanner) member(i int) (nameText, int, *fault) { return s.memberPlain(i) }

// plainEnd passes over the bytes that a string holds as they are.
func plainEnd(d []byte, i int) int { return plainBytesEnd(d, i) }

// digitsEnd passes over a run of ASCII digits.
func digitsEnd(d []byte, i int) int { return digitsPlainEnd(d, i) }

// numberEndFast is numberEnd, for text.
func numberEndFast(d []byte, i int) int { return numberEnd(d, i) }

// treeFast, nodeFast and diffFast are empty: the plain build keeps
// nothing for fast paths.
type (
	treeFast struct{}
	//lint:ignore U1000 embedded in tnode for the default build's sake
	nodeFast struct{}
	diffFast struct{}
)

func (treeFast) fastFits() bool { return true }
func (treeFast) fastInit()      {}
func (treeFast) fastReset()     {}
func (diffFast) fastFits() bool { return true }
func (diffFast) fastReset()     {}

// The scratch space's set of names is plainNames (names.go), and a tree
// keeps no fast index of its names.
type (
	nameStack = plainNames
	nameLevel = plainLevel
	//lint:ignore U1000 embedded in tnode for the default build's sake
	nameKey struct{}
	//lint:ignore U1000 embedded in tnode for the default build's sake
	nameIndex   struct{}
	treeIndex   struct{}
	scratchFast struct{}
)

func (nameKey) noteName([]byte)    {}
func (treeIndex) indexFits() bool  { return true }
func (treeIndex) indexReset()      {}
func (scratchFast) fastFits() bool { return true }

// index indexes object n's members by name, as indexPlain does.
func (t *tree) index(n *tnode, lvl *plainLevel) { t.indexPlain(n) }

// find returns the member of object n named name, as findPlain does.
func (t *tree) find(n *tnode, name []byte) *tnode { return t.findPlain(n, name) }

// read reads DiffJSON's two documents, as readPlain does.
func (d *differ) read() (oroot, mroot tnode, err *fault) { return d.readPlain() }

// equalArrays compares two arrays, as equalDeep does.
func (d *differ) equalArrays(a, b *tnode, ad, bd []byte) bool { return d.equalDeep(ad, bd) }

// batchJSON is BatchJSON, as batchJSONPlain gives it.
func (o Options) batchJSON(patches [][]byte) ([]JSONBatch, error) { return o.batchJSONPlain(patches) }

// normalize is Normalize, and NormalizeReport when report is set, as
// normalizePlain gives them.
func (o Options) normalize(data []byte, report bool) ([]byte, Repairs, error) {
	return o.normalizePlain(data, report)
}

// plannerFast is empty: the plain build's MergeInto keeps no planning
// state.
//
//lint:ignore U1000 embedded in planner for the default build's sake
type plannerFast struct{}

// mergeInto is MergeInto's seam: mergeIntoPlain, a checked copy of the
// patch, a plan and then the changes.
func (pl *planner) mergeInto(target, patch map[string]any) *fault {
	return pl.mergeIntoPlain(target, patch)
}
