package deepmerge

// The thresholds of the package, in one place. Each bounds work done in a
// way that is cheap for small inputs and would not scale; past it, a way
// that costs more to set up and scales takes over. None changes a result,
// an error or an offset, only the cost.
const (
	// linearSearch is the most members of an object of a parsed tree
	// (the patch of MergeJSON, the texts of DiffJSON) that find and
	// equalText compare one by one; a larger object gets a hash table
	// (and sameObject gives up on one of more than twice as many).
	linearSearch = 8

	// smallObject is the most names of an object being read that the
	// search for repeated names (nameSet), and the normalizer's search
	// for a name's first member, compare one by one; past it, the names
	// are found through a hash table.
	smallObject = 16

	// planSize is how many changes, and how many maps merged into,
	// MergeInto keeps on the stack; a patch that makes more keeps the
	// rest in buffers from planPool.
	planSize = 16

	// maxTextDepth is how deep inside the value it was given equalText
	// reads, and sameValue too. Both read each object's members, values
	// and all, before reading into them, so each level costs the size of
	// what it holds; past this depth, a reader that costs the size once
	// takes over.
	maxTextDepth = 32
)
