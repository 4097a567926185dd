package deepmerge

// This file holds the plain ways of finding member names, compiled into
// both builds: the plain build uses them (see plain.go), and the default
// build's tests hold the fast ways (fastnames.go) equal to them. Each uses
// a Go map, so that no input makes a search quadratic.

// plainNames finds repeated member names in objects that nest, as the
// specification states it: each open object keeps its names in a map. It
// is the plain twin of nameSet. arena holds the decoded names that have
// escapes, for scanner.name.
type plainNames struct {
	//lint:ignore U1000 used where plainNames is the scratch space's set: the plain build
	arena []byte
}

// A plainLevel is one open object's names.
type plainLevel struct {
	names map[string]bool
}

// open starts the set of a newly opened object.
func (ns *plainNames) open() plainLevel {
	return plainLevel{names: make(map[string]bool)}
}

// close drops the names of l.
func (ns *plainNames) close(l *plainLevel) {
	l.names = nil
}

// add adds name, the decoded name of n, to the open object l, and reports
// whether it was there already.
func (ns *plainNames) add(l *plainLevel, d []byte, n nameText, name []byte) bool {
	if l.names[string(name)] {
		return true
	}
	l.names[string(name)] = true
	return false
}

// fits reports whether ns may be kept for reuse, by the rule of maxKeep.
//
//lint:ignore U1000 used where plainNames is the scratch space's set: the plain build
func (ns *plainNames) fits() bool { return cap(ns.arena) <= maxKeep }

// reset empties ns for reuse.
//
//lint:ignore U1000 used where plainNames is the scratch space's set: the plain build
func (ns *plainNames) reset() { ns.arena = ns.arena[:0] }

// A memberName is a member of an indexed object of a tree, for findPlain:
// the object's first child, which no other object with members shares,
// and the member's decoded name.
type memberName struct {
	first int32
	name  string
}

// indexPlain is index's plain twin: it enters each member of object n,
// if it has more than linearSearch, into t.byName by its name.
func (t *tree) indexPlain(n *tnode) {
	if n.n <= linearSearch {
		return
	}
	if t.byName == nil {
		t.byName = make(map[memberName]int32)
	}
	for k := n.first; k < n.first+n.n; k++ {
		t.byName[memberName{n.first, string(t.name(&t.nodes[k]))}] = k
	}
}

// findPlain is find's plain twin: it returns the member of object n named
// name, or nil. A few members are compared one by one.
func (t *tree) findPlain(n *tnode, name []byte) *tnode {
	if n.n <= linearSearch {
		for k := n.first; k < n.first+n.n; k++ {
			if string(t.name(&t.nodes[k])) == string(name) {
				return &t.nodes[k]
			}
		}
		return nil
	}
	k, ok := t.byName[memberName{n.first, string(name)}]
	if !ok {
		return nil
	}
	return &t.nodes[k]
}
