// Package benchcmp measures deepmerge against other Go libraries that do
// the same jobs. It holds no code of its own, only benchmarks and tests,
// and it is a module of its own so that deepmerge itself depends on none
// of them.
//
// The benchmarks run on the shapes of deepmerge's own benchmarks, from its
// package internal/benchshape (user metadata of ~2 and ~8 KB, an object of
// 10,000 members, objects nested 100 and 1000 deep, a ~1 MB document, and a
// patch as large as its target, written sorted as encoding/json writes
// them, and three of them with members in insertion order):
//
//   - BenchmarkMergePatch: deepmerge.MergeJSON against
//     github.com/evanphx/json-patch/v5's MergePatch, on JSON text.
//   - BenchmarkCreatePatch: deepmerge.DiffJSON against evanphx's
//     CreateMergePatch, from the target to the merged document.
//   - BenchmarkMapMerge: deepmerge.Merge against dario.cat/mergo's Merge
//     with WithOverride (on a fresh deep copy of the target), on decoded
//     maps. mergo does not implement RFC 7396: it never deletes on null.
//
// Each is named BenchmarkX/shape=SHAPE/impl=LIBRARY, so that benchstat
// puts the libraries side by side:
//
//	cd benchcmp
//	go test -run XXX -bench . -count=10 | tee new.txt
//	benchstat -col /impl new.txt
//
// TestEvanphxCompat shows (with go test -v -run Compat) where evanphx's
// MergePatch departs from RFC 7396, and TestShapes checks that on the
// benchmark shapes the libraries compared compute the same result.
package benchcmp
