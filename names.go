package deepmerge

import (
	"encoding/binary"
	"hash/maphash"
)

// A nameSet finds repeated member names in objects that nest: the names of
// every open object are kept on one stack. While an object's names come
// in strictly increasing order, as encoding/json and many other encoders
// write them, none can repeat, and each is only compared with the one
// before it. From the first name out of order on, a small object is
// searched linearly; one that grows past smallObject members gets an
// open-addressing hash table, also stacked, keyed by a seeded hash so that
// no input can make the search quadratic.
type nameSet struct {
	names  [][]byte
	hashes []uint64 // of names, once their object has a table
	// Table entries hold the index in names plus one in the low 32 bits
	// and the high 32 bits of the name's hash; 0 is empty.
	tab []uint64
}

// A level is one open object's part of a nameSet.
type level struct {
	base    int    // names[base:] are this object's
	tabOff  int    // this object's table is tab[tabOff:tabOff+tabSize]
	tabSize int    // zero until the object grows large and out of order
	ordered bool   // the names so far are in strictly increasing order
	last    uint64 // while ordered, the prefixKey of the last name
}

const smallObject = 16

var hashSeed = maphash.MakeSeed()

// hashName hashes a member name with the process's random seed.
func hashName(name []byte) uint64 { return maphash.Bytes(hashSeed, name) }

func (ns *nameSet) open() level {
	return level{base: len(ns.names), tabOff: len(ns.tab), ordered: true}
}

func (ns *nameSet) close(l level) {
	clear(ns.names[l.base:])
	ns.names = ns.names[:l.base]
	if len(ns.hashes) > l.base {
		ns.hashes = ns.hashes[:l.base]
	}
	ns.tab = ns.tab[:l.tabOff]
}

// add adds name to the open object l and reports whether it was there
// already. Only the innermost open object may be added to.
func (ns *nameSet) add(l *level, name []byte) bool {
	if l.tabSize == 0 {
		return ns.addHashed(l, name, 0, false)
	}
	return ns.addHashed(l, name, hashName(name), true)
}

// addHashed is add for a caller that may have hashed name already: h is
// its hash if hashed is set. It hashes name itself when it must.
func (ns *nameSet) addHashed(l *level, name []byte, h uint64, hashed bool) bool {
	n := len(ns.names) - l.base
	if l.ordered {
		k := prefixKey(name)
		if n == 0 || k > l.last || k == l.last && string(name) > string(ns.names[len(ns.names)-1]) {
			l.last = k
			ns.names = append(ns.names, name)
			return false
		}
		l.ordered = false
		if n >= smallObject {
			size := 4 * smallObject
			for size < 2*(n+1) {
				size *= 4
			}
			ns.rehash(l, size)
		}
	}
	if l.tabSize == 0 {
		for _, x := range ns.names[l.base:] {
			if string(x) == string(name) {
				return true
			}
		}
		ns.names = append(ns.names, name)
		if n+1 == smallObject {
			ns.rehash(l, 4*smallObject)
		}
		return false
	}
	if !hashed {
		h = hashName(name)
	}
	const low = 1<<32 - 1
	mask := uint64(l.tabSize - 1)
	tab := ns.tab[l.tabOff : l.tabOff+l.tabSize]
	idx := uint64(len(ns.names))
	for k := h & mask; ; k = (k + 1) & mask {
		e := tab[k]
		if e == 0 {
			tab[k] = h&^low | (idx + 1)
			break
		}
		if e&^low == h&^low && string(ns.names[e&low-1]) == string(name) {
			return true
		}
	}
	ns.names = append(ns.names, name)
	ns.hashes = append(ns.hashes, h)
	if 2*(n+1) > l.tabSize {
		ns.rehash(l, 4*l.tabSize)
	}
	return false
}

// prefixKey returns the first 8 bytes of name as a big-endian number,
// padded with zeros: if two names' keys differ, the names compare as their
// keys do.
func prefixKey(name []byte) uint64 {
	if len(name) >= 8 {
		return binary.BigEndian.Uint64(name)
	}
	var k uint64
	for i, c := range name {
		k |= uint64(c) << (56 - 8*i)
	}
	return k
}

// rehash gives l a fresh table of size entries holding its names.
func (ns *nameSet) rehash(l *level, size int) {
	const low = 1<<32 - 1
	for len(ns.hashes) < len(ns.names) {
		ns.hashes = append(ns.hashes, hashName(ns.names[len(ns.hashes)]))
	}
	ns.tab = zeroed(ns.tab[:l.tabOff], size)
	l.tabSize = size
	mask := uint64(size - 1)
	tab := ns.tab[l.tabOff:]
	for i := l.base; i < len(ns.names); i++ {
		h := ns.hashes[i]
		k := h & mask
		for tab[k] != 0 {
			k = (k + 1) & mask
		}
		tab[k] = h&^low | uint64(i+1)
	}
}

// zeroed returns s extended by n zero elements, reusing its capacity when
// it can.
func zeroed[T uint64 | int32](s []T, n int) []T {
	if len(s)+n > cap(s) {
		grown := make([]T, len(s), 2*(len(s)+n))
		copy(grown, s)
		s = grown
	}
	s = s[:len(s)+n]
	clear(s[len(s)-n:])
	return s
}
