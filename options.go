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

	// ObjectPatch makes the text functions that take a merge patch refuse
	// one that is not a JSON object: [Options.MergeJSON],
	// [Options.AppendMergeJSON] and [Options.MergeJSONInto] (their patch),
	// [Options.ComposeJSON] (either input) and [Options.BatchJSON] (every
	// patch). Such a patch
	// (null, an array, a string, a number or a boolean) replaces the
	// whole document under RFC 7396, which a PATCH endpoint on an object
	// resource almost never means to allow: a body of null would delete
	// the resource. The refusal is an [*Error] wrapping [ErrNotObject],
	// with Path "" and the Offset of the value's first byte, given only
	// once the input has been read whole and found free of the faults of
	// the strict read, and before the next input is read. The default,
	// false, takes any JSON value as RFC 7396 does. It does not affect
	// the map functions, whose patches are objects by their type, nor
	// [Options.Validate], [Options.Normalize] or the diffs.
	ObjectPatch bool
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

// checkObjectPatch returns the fault for a patch that o refuses because
// it is not an object: the input in, whose top-level value starts at
// offset at with the byte first ('{' for an object; a tree node's kind
// will do). It returns nil when o takes any patch or the value is an
// object. Every function that honours Options.ObjectPatch calls it once
// the patch has been read whole without fault, and before it reads
// anything else.
func (o Options) checkObjectPatch(in input, first byte, at int) *fault {
	if !o.ObjectPatch || first == '{' {
		return nil
	}
	return &fault{input: in, offset: int64(at), err: ErrNotObject, msg: notObjectMessage(kindName(first))}
}

// notObjectMessage is the detail of the ErrNotObject error for a patch of
// the given kind.
func notObjectMessage(kind string) string {
	return "the patch must be an object, not " + kind
}
