package deepmerge

// DefaultMaxDepth is the nesting limit used when [Options.MaxDepth] is zero.
// It is also the limit of [encoding/json]'s decoder.
const DefaultMaxDepth = 10000

// maxDepthCeiling bounds Options.MaxDepth so that no setting lets input
// exhaust the goroutine stack.
const maxDepthCeiling = 100000

// Options configures the functions of the package. The zero value selects the defaults, and the
// package-level functions such as [Merge] use Options{}. An Options value is
// safe to copy and to use from several goroutines at once.
type Options struct {
	// MaxDepth limits how deeply objects and arrays may nest in the inputs:
	// a top-level object or array is at depth 1, a member or element that
	// is itself an object or array is one deeper. Input that nests deeper
	// is an [*Error] wrapping [ErrMaxDepth]. It applies to target and patch
	// alike, and it is what stops a cyclic map (MergeInto's target aside,
	// which is read only where the patch leads), and it bounds how far
	// down a value of another type may lead its conversion (the package
	// documentation's section on errors gives the rule). Zero or a
	// negative value means [DefaultMaxDepth]; a value above 100000 means
	// 100000.
	MaxDepth int
}

func (o Options) maxDepth() int {
	switch {
	case o.MaxDepth <= 0:
		return DefaultMaxDepth
	case o.MaxDepth > maxDepthCeiling:
		return maxDepthCeiling
	}
	return o.MaxDepth
}
