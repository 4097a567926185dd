//go:build !deepmerge_plain

package deepmerge

// This file holds the fast ways of finding member names, built unless the
// deepmerge_plain tag is set, when plain.go puts each seam's plain twin
// (names.go) in its place: nameSet finds repeated names while text is
// read, and a tree's nameTables and prefixKeys find an object's members
// by name. TestNameSetTwins holds nameSet equal to plainNames.

import (
	"encoding/binary"
	"hash/maphash"
)

// nameStack is the scratch space's set of the open objects' names, and
// nameLevel one object's part of it: here nameSet, whose plain twin is
// plainNames.
type (
	nameStack = nameSet
	nameLevel = level
)

// A nameSet finds repeated member names in objects that nest: the names of
// every open object are kept on one stack. While an object's names come
// in strictly increasing order, as encoding/json and many other encoders
// write them, none can repeat, and each is only compared with the one
// before it. From the first name out of order on, a small object is
// searched linearly; one that grows past smallObject members gets an
// open-addressing hash table, also stacked, keyed by a seeded hash so that
// no input can make the search quadratic.
//
// The names are held as nameRefs, which hold no pointer: pushing one
// needs no write barrier, and a nameSet emptied for its pool points into
// no input without being cleared (its arena keeps decoded copies of
// escaped names until the next call writes over them). So the methods
// that compare names are given the text of the object, d.
type nameSet struct {
	names  []nameRef
	hashes []uint64  // of names, once their object has a table
	tab    nameTable // the tables of the open objects, stacked
	arena  []byte    // decoded names with escapes
}

// A nameRef is a name of a nameSet: its prefixKey and where its decoded
// bytes are, d[at:at+n] in the text of its object, or, when at is
// negative, arena[^at:^at+n].
type nameRef struct {
	key   uint64
	at, n int
}

// fits reports whether ns may be kept for reuse, by the rule of maxKeep.
func (ns *nameSet) fits() bool {
	return cap(ns.arena) <= maxKeep && cap(ns.names) <= maxKeep && cap(ns.tab) <= 4*maxKeep
}

// at returns where the decoded name of n, just returned by scanner.name,
// is, as in a nameRef.
func (ns *nameSet) at(n nameText, name []byte) int {
	if !n.escaped {
		return n.start + 1
	}
	return ^(len(ns.arena) - len(name))
}

// bytes returns the decoded bytes of r, a name of an object of text d.
func (ns *nameSet) bytes(d []byte, r *nameRef) []byte {
	if r.at >= 0 {
		return d[r.at : r.at+r.n]
	}
	return ns.arena[^r.at : ^r.at+r.n]
}

// A level is one open object's part of a nameSet.
type level struct {
	base    int    // names[base:] are this object's
	tabOff  int    // this object's table is tab[tabOff:tabOff+tabSize]
	tabSize int    // zero until the object grows large and out of order
	ordered bool   // the names so far are in strictly increasing order
	last    uint64 // while ordered, the prefixKey of the last name (0 before the first)
}

var hashSeed = maphash.MakeSeed()

// hashName hashes a member name with the process's random seed.
func hashName(name []byte) uint64 { return maphash.Bytes(hashSeed, name) }

// A nameTable is the hash table of one object's member names, or a stack
// of such tables: open addressing over a power-of-two number of entries,
// at most half full. An entry holds the hash of a name in its high 32 bits
// and the name's index, among names that the table's owner keeps, plus
// one in its low 32 bits; 0 is an empty entry. The names of one table are
// found by probing from slot:
//
//	for k := tab.slot(h); tab[k] != 0; k = tab.next(k) {
//		if tab.holds(k, h) && string(names[tab.index(k)]) == string(name) {
//			// found
//		}
//	}
//	// not found: tab[k] is where to put it, with tab.put(k, h, i)
type nameTable []uint64

const entryIndex = 1<<32 - 1

func (t nameTable) slot(h uint64) int { return int(h & uint64(len(t)-1)) }
func (t nameTable) next(k int) int    { return (k + 1) & (len(t) - 1) }

// holds reports whether entry k may hold a name of hash h.
func (t nameTable) holds(k int, h uint64) bool { return t[k]&^entryIndex == h&^entryIndex }

// index returns the index of the name of entry k.
func (t nameTable) index(k int) int { return int(t[k]&entryIndex) - 1 }

// put makes the empty entry k hold the name of hash h and index i.
func (t nameTable) put(k int, h uint64, i int) { t[k] = h&^entryIndex | uint64(i+1) }

// insert adds the name of hash h and index i, which t does not hold.
func (t nameTable) insert(h uint64, i int) {
	k := t.slot(h)
	for t[k] != 0 {
		k = t.next(k)
	}
	t.put(k, h, i)
}

// open starts the set of a newly opened object, nested in the open ones.
func (ns *nameSet) open() level {
	return level{base: len(ns.names), tabOff: len(ns.tab), ordered: true}
}

// close drops the names of l, the innermost open object.
func (ns *nameSet) close(l *level) {
	ns.names = ns.names[:l.base]
	if len(ns.hashes) > l.base {
		ns.hashes = ns.hashes[:l.base]
	}
	ns.tab = ns.tab[:l.tabOff]
}

// reset empties ns for reuse.
func (ns *nameSet) reset() {
	ns.names, ns.hashes, ns.tab, ns.arena = ns.names[:0], ns.hashes[:0], ns.tab[:0], ns.arena[:0]
}

// add adds name, the decoded name of n, to the open object l, whose text
// is d, and reports whether it was there already. Only the innermost open
// object may be added to.
func (ns *nameSet) add(l *level, d []byte, n nameText, name []byte) bool {
	at := ns.at(n, name)
	if l.ordered {
		// addHashed's first case, inlined for the callers that read
		// every name.
		if k := prefixKey(name); ns.follows(l, d, name, k) {
			ns.push(l, name, at, k)
			return false
		}
	}
	return ns.addHashed(l, d, name, at, 0, false)
}

// addHashed is add for a caller that may have hashed name already: h is
// its hash if hashed is set. It hashes name itself when it must.
func (ns *nameSet) addHashed(l *level, d, name []byte, at int, h uint64, hashed bool) bool {
	n := len(ns.names) - l.base
	if l.ordered {
		key := prefixKey(name)
		if ns.follows(l, d, name, key) {
			ns.push(l, name, at, key)
			return false
		}
		l.ordered = false
		if n >= smallObject {
			size := 4 * smallObject
			for size < 2*(n+1) {
				size *= 4
			}
			ns.rehash(l, d, size)
		}
	}
	if l.tabSize == 0 {
		key := prefixKey(name)
		names := ns.names[l.base:]
		for k := range names {
			if names[k].key == key && names[k].n == len(name) && string(ns.bytes(d, &names[k])) == string(name) {
				return true
			}
		}
		ns.names = append(ns.names, nameRef{key, at, len(name)})
		if n+1 == smallObject {
			ns.rehash(l, d, 4*smallObject)
		}
		return false
	}
	if !hashed {
		h = hashName(name)
	}
	tab := ns.tab[l.tabOff : l.tabOff+l.tabSize]
	k := tab.slot(h)
	for ; tab[k] != 0; k = tab.next(k) {
		if tab.holds(k, h) && string(ns.bytes(d, &ns.names[tab.index(k)])) == string(name) {
			return true
		}
	}
	tab.put(k, h, len(ns.names))
	ns.names = append(ns.names, nameRef{at: at, n: len(name)}) // no key: a table is never searched linearly
	ns.hashes = append(ns.hashes, h)
	if 2*(n+1) > l.tabSize {
		ns.rehash(l, d, 4*l.tabSize)
	}
	return false
}

// follows reports whether name, whose prefixKey is key, comes after every
// name of l, an object of text d whose names have come in increasing
// order.
func (ns *nameSet) follows(l *level, d, name []byte, key uint64) bool {
	return len(ns.names) == l.base || key > l.last || key == l.last && string(name) > string(ns.bytes(d, &ns.names[len(ns.names)-1]))
}

// push adds to l a name that follows its names, as follows reports.
func (ns *nameSet) push(l *level, name []byte, at int, key uint64) {
	l.last = key
	ns.names = append(ns.names, nameRef{key, at, len(name)})
}

// prefixKey returns the first 8 bytes of name as a big-endian number,
// padded with zeros: if two names' keys differ, the names compare as their
// keys do.
func prefixKey(name []byte) uint64 {
	if len(name) >= 8 {
		return binary.BigEndian.Uint64(name)
	}
	if cap(name) >= 8 {
		// A name inside its text has bytes after it, up to the text's
		// end (its capacity: see scanner.data); they are loaded and
		// cleared.
		return binary.BigEndian.Uint64(name[:8]) &^ (1<<(64-8*len(name)) - 1)
	}
	var k uint64
	for i, c := range name {
		k |= uint64(c) << (56 - 8*i)
	}
	return k
}

// rehash gives l, an object of text d, a fresh table of size entries
// holding its names.
func (ns *nameSet) rehash(l *level, d []byte, size int) {
	for len(ns.hashes) < len(ns.names) {
		ns.hashes = append(ns.hashes, hashName(ns.bytes(d, &ns.names[len(ns.hashes)])))
	}
	ns.tab = zeroed(ns.tab[:l.tabOff], size)
	l.tabSize = size
	tab := ns.tab[l.tabOff:]
	for i := l.base; i < len(ns.names); i++ {
		tab.insert(ns.hashes[i], i)
	}
}

// zeroed returns s extended by n zero elements, reusing its capacity when
// it can.
func zeroed(s nameTable, n int) nameTable {
	if len(s)+n > cap(s) {
		grown := make(nameTable, len(s), 2*(len(s)+n))
		copy(grown, s)
		s = grown
	}
	s = s[:len(s)+n]
	clear(s[len(s)-n:])
	return s
}

// A nameKey is the prefixKey of a node's decoded member name.
//
// With it, nameIndex and nodeFast, a tnode is 80 bytes (48 in the plain
// build, where the three are empty), and its size matters: when it held
// the name as a slice, a tnode of 88 bytes made DiffJSON 8-11% slower than
// one of 96 (meta2k, deep100, deep1000), with fewer instructions. At 80 it
// measured no slower; TestNodeSize holds it there.
type nameKey struct {
	key uint64
}

// noteName notes the prefixKey of name, a member's decoded name, as it
// is read, while its bytes are at hand.
func (k *nameKey) noteName(name []byte) { k.key = prefixKey(name) }

// A nameIndex is what find knows of an object's member names: whether they
// are in strictly increasing order, and, for an object of more than
// linearSearch members, its nameTable, lookup[tab:tab+tabSize].
type nameIndex struct {
	tab, tabSize int32
	sorted       bool
}

// treeIndex holds the nameTables of a tree's large objects.
type treeIndex struct {
	lookup nameTable
}

// indexFits reports whether x may be kept for reuse, by the rule of maxKeep.
func (x *treeIndex) indexFits() bool { return cap(x.lookup) <= 4*maxKeep }

// indexReset empties x for reuse.
func (x *treeIndex) indexReset() { x.lookup = x.lookup[:0] }

// index is closeObject's seam, whose plain twin is indexPlain: it notes
// whether the names of object n's members came in increasing order, as
// lvl tells, and an object of more than linearSearch members gets a
// nameTable of its members, for find. (Each member's prefixKey was noted
// as its name was read.)
func (t *tree) index(n *tnode, lvl *level) {
	n.sorted = lvl.ordered
	if n.n <= linearSearch {
		return
	}
	size := int32(tableSize(int(n.n)))
	n.tab, n.tabSize = int32(len(t.lookup)), size
	t.lookup = zeroed(t.lookup, int(size))
	tab := t.lookup[n.tab:]
	for k := int(n.first); k < int(n.first+n.n); k++ {
		tab.insert(hashName(t.name(&t.nodes[k])), k)
	}
}

// tableSize returns the size of a nameTable for n names: a power of two, at
// least twice n.
func tableSize(n int) int {
	size := 4
	for size < 2*n {
		size *= 2
	}
	return size
}

// find is the seam for finding members, whose plain twin is findPlain: it
// returns the member of object n named name, or nil.
func (t *tree) find(n *tnode, name []byte) *tnode {
	var h uint64
	if n.tabSize != 0 {
		h = hashName(name)
	}
	return t.findHashed(n, name, h)
}

// findHashed is find for a caller that has hashed name already; h is
// ignored when n is small.
func (t *tree) findHashed(n *tnode, name []byte, h uint64) *tnode {
	if n.tabSize == 0 {
		kids := t.nodes[n.first : n.first+n.n]
		key := prefixKey(name)
		for k := range kids {
			if kids[k].key == key && string(t.name(&kids[k])) == string(name) {
				return &kids[k]
			}
		}
		return nil
	}
	tab := t.lookup[n.tab : n.tab+n.tabSize]
	for k := tab.slot(h); tab[k] != 0; k = tab.next(k) {
		if c := &t.nodes[tab.index(k)]; tab.holds(k, h) && string(t.name(c)) == string(name) {
			return c
		}
	}
	return nil
}
