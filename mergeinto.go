package deepmerge

import (
	"reflect"
	"strings"
)

// MergeInto applies patch to target in place as an RFC 7396 JSON merge
// patch. It calls [Options.MergeInto] with the default options.
func MergeInto(target, patch map[string]any) error {
	return Options{}.MergeInto(target, patch)
}

// MergeInto applies patch to target in place as an RFC 7396 JSON merge
// patch, by the rules of [Options.Merge], so that afterwards target holds
// what Merge would have returned, except that the members the patch does
// not reach keep their Go types.
//
// MergeInto modifies target and the maps nested in it that patch reaches;
// it never modifies patch, and the values it stores are copies, never the
// patch's own maps or slices. It reads only the maps of target that patch
// merges objects into, and in them only the members that patch names:
// members that patch does not name are neither checked nor converted, and
// a member that patch replaces or deletes is not read at all, so a value
// there with no JSON form is not an error, as it is for Merge. A member
// that is not of a canonical type is converted (and can fail) only when
// the patch merges an object into it.
//
// Since MergeInto follows patch and not the shape of target, it neither
// finds cycles in target nor copies apart maps that target holds at more
// than one place: when target holds the same map at two places, a change
// made through one shows at the other, where Merge would have changed only
// the one. But when patch merges objects into one map of target at two
// places (target holds the map twice, or holds itself, and patch reaches
// it through both), the changes meant for each place would meet in the one
// map and which one won would depend on the order of patch's members, so
// that is an error wrapping [ErrSharedMap]. If patch shares maps or slices
// with target, the result is undefined.
//
// MergeInto is atomic: when it returns an error, target is exactly as it
// was. A nil target is an error wrapping [ErrNilTarget]; a nil patch is the
// empty object and changes nothing. Other errors are those of
// [Options.Merge] about patch, and about the members of target that patch
// merges objects into.
//
// MergeInto is O(size of patch), plus the conversion of any value that is
// not of a canonical type. A patch of canonical scalars and nulls that
// makes at most 16 changes, in at most 16 objects of target, allocates
// nothing; a larger one may, until the buffers that calls share have grown
// to fit it (and again after a garbage collection drops them). It is not
// safe to call concurrently with any other use of target.
func (o Options) MergeInto(target, patch map[string]any) error {
	if target == nil {
		return valueError(inTarget, ErrNilTarget, "").done()
	}
	pl := planner{walker: walker{max: o.maxDepth()}}
	if err := pl.mergeInto(target, patch); err != nil {
		return err.doneIn(target, patch)
	}
	return nil
}

// A planner carries one MergeInto: a walker, for the checks and copies
// of the walk, and what the default build's planner keeps (plannerFast,
// in fastmergeinto.go).
type planner struct {
	walker
	//lint:ignore U1000 empty and unused in the plain build
	plannerFast
}

// mapID returns the identity of the map m.
func mapID(m map[string]any) uintptr { return reflect.ValueOf(m).Pointer() }

// sharedError returns the error for the second place, in the order of this
// walk, at which patch merges an object into a map of target that it
// reaches at another place too; nil if there is none. at is the pointer
// of target, and seen maps the identity of each map met so far to its
// pointer. It follows plan, and runs only once repeats has found such a
// map.
func (pl *planner) sharedError(target, patch map[string]any, at string, seen map[uintptr]string) *fault {
	id := mapID(target)
	if first, ok := seen[id]; ok {
		where := "at " + first
		if first == "" {
			where = "as the whole target"
		}
		return valueError(inTarget, ErrSharedMap, "the patch merges into this map also "+where)
	}
	seen[id] = at
	for name, pv := range patch {
		p, _ := pv.(map[string]any)
		t, _ := target[name].(map[string]any)
		if p == nil || t == nil {
			continue
		}
		var b strings.Builder
		b.WriteString(at)
		b.WriteByte('/')
		appendPointerToken(&b, name)
		if err := pl.sharedError(t, p, b.String(), seen); err != nil {
			return err.in(name)
		}
	}
	return nil
}

// An op is one change to one map: m[name] = v, or, when v is nil,
// delete(m, name). v is a canonical scalar, or a map or slice made by
// plan, which the patch and target do not share.
type op struct {
	m    map[string]any
	name string
	v    any
}
