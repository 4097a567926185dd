// Package benchshape generates the documents that the benchmarks of this
// module and of benchcmp/ run on, from fixed seeds, so that every run, and
// both modules, see the same bytes.
//
// The shapes:
//
//	meta2k, meta8k  user metadata documents of ~2 and ~8 KB; the patch
//	                changes three nested scalars, deletes one member and
//	                adds one nested object
//	wide10k         one object of 10,000 members; the patch changes 8
//	                of them and deletes 2
//	deep100/1000    a chain of objects 100 / 1000 deep; the patch changes
//	                a scalar at the bottom
//	large1m         ~1 MB: an object of user records; the patch touches
//	                ~1% of all members, spread throughout (changes, a few
//	                deletes, a few added objects)
//	full            a ~8 KB metadata document and a patch that changes
//	                every member of it, at every depth
//	scalars         meta8k with a patch holding only scalars and nulls, at
//	                existing places (for in-place merges)
//
// These are written by encoding/json, so each object lists its members in
// order of name. Most stored JSON keeps the order in which members were
// added instead, which no generator can know; the insertion-order shapes
// stand for it with each object's members in a random order of their own:
//
//	meta8k-ins      meta8k, and a patch of 10 members reaching 2 to 4
//	                levels down: updates, nested edits, deletes, an array
//	                replaced and new members
//	wide10k-ins     wide10k, members in random order
//	large1m-ins     large1m, members in random order at every depth
//
// Their Modified text, for diffs, is the merged document as encoding/json
// writes it, sorted: a stored document diffed against one that a Go
// service wrote back.
package benchshape

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand"
	"sort"
	"sync"
)

// A Shape is one target and patch, as text and as the maps that
// encoding/json decodes the text to.
type Shape struct {
	Name          string
	Target, Patch map[string]any
	TargetJSON    []byte // compact
	PatchJSON     []byte // compact

	sorted bool // written by encoding/json; see Modified
}

func newShape(name string, target, patch map[string]any) *Shape {
	sh := &Shape{Name: name, TargetJSON: marshal(target), PatchJSON: marshal(patch), sorted: true}
	sh.Target, sh.Patch = decode(sh.TargetJSON), decode(sh.PatchJSON)
	return sh
}

// newInsertion returns a shape of target and patch written with each
// object's members in a random order drawn from seed.
func newInsertion(name string, seed int64, target, patch map[string]any) *Shape {
	r := rand.New(rand.NewSource(seed))
	sh := &Shape{Name: name, TargetJSON: shuffled(target, r), PatchJSON: shuffled(patch, r)}
	sh.Target, sh.Patch = decode(sh.TargetJSON), decode(sh.PatchJSON)
	return sh
}

// Modified returns the text that a diff benchmark compares TargetJSON
// with: the merge of the shape's texts, computed by merge, as merge writes
// it (target's order, new members last) for the sorted shapes, and as
// encoding/json writes it (sorted) for the insertion-order ones.
func (sh *Shape) Modified(merge func(target, patch []byte) ([]byte, error)) ([]byte, error) {
	out, err := merge(sh.TargetJSON, sh.PatchJSON)
	if err != nil || sh.sorted {
		return out, err
	}
	return marshal(decode(out)), nil
}

// Sorted returns the shapes written by encoding/json, in the order above.
var Sorted = sync.OnceValue(func() []*Shape {
	meta2k := Sized(2, 2<<10, GenMeta)
	meta8k := Sized(8, 8<<10, GenMeta)
	wideT, wideP := genWide(rand.New(rand.NewSource(10)), 10000)
	deep100T, deep100P := genDeep(100)
	deep1000T, deep1000P := genDeep(1000)
	large := genLarge(rand.New(rand.NewSource(1000)), 1<<20)
	full := Sized(88, 8<<10, GenMeta)
	return []*Shape{
		newShape("meta2k", meta2k, metaPatch()),
		newShape("meta8k", meta8k, metaPatch()),
		newShape("wide10k", wideT, wideP),
		newShape("deep100", deep100T, deep100P),
		newShape("deep1000", deep1000T, deep1000P),
		newShape("large1m", large, spreadPatch(rand.New(rand.NewSource(1001)), large, 0.01, true)),
		newShape("full", full, spreadPatch(rand.New(rand.NewSource(89)), full, 1, false)),
	}
})

// Insertion returns the insertion-order shapes, in the order above.
var Insertion = sync.OnceValue(func() []*Shape {
	sorted := Sorted()
	meta8k, wide, large := sorted[1], sorted[2], sorted[5]
	return []*Shape{
		newInsertion("meta8k-ins", 81, meta8k.Target, metaPatchDeep()),
		newInsertion("wide10k-ins", 101, wide.Target, wide.Patch),
		newInsertion("large1m-ins", 1002, large.Target, large.Patch),
	}
})

// Scalars returns the scalars shape.
var Scalars = sync.OnceValue(func() *Shape {
	return newShape("scalars", Sized(8, 8<<10, GenMeta), map[string]any{
		"active":      false,
		"profile":     map[string]any{"display_name": "Kilo Lima", "age": 41, "bio": nil},
		"preferences": map[string]any{"theme": "light", "notifications": map[string]any{"sms": true}},
		"flags":       map[string]any{"beta": nil},
		"stats":       map[string]any{"logins": 4242},
	})
})

// metaPatchDeep is a patch of 10 top-level members for GenMeta's
// documents, as a client's metadata update sends it.
func metaPatchDeep() map[string]any {
	return map[string]any{
		"email":      "kilo.lima@example.com",
		"deleted_at": nil,
		"roles":      []any{"user", "admin"},
		"profile": map[string]any{
			"display_name": "Kilo Lima",
			"name":         map[string]any{"last": "Oscar", "middle": "P."},
			"bio":          "Writes merge patches.",
		},
		"preferences": map[string]any{
			"theme":         "light",
			"notifications": map[string]any{"sms": true, "digest": nil, "push": map[string]any{"enabled": true}},
		},
		"flags": map[string]any{"beta": nil, "legacy_ui": false},
		"billing": map[string]any{
			"seats":          12,
			"address":        map[string]any{"line2": "Floor 3", "postal_code": nil},
			"payment_method": map[string]any{"exp_year": 2031},
		},
		"tags":       []any{"vip", "early"},
		"stats":      map[string]any{"logins": 4243},
		"onboarding": map[string]any{"completed": true, "steps": []any{"profile", "billing"}},
	}
}

// shuffled writes v as compact JSON with each object's members in a
// random order, and numbers as encoding/json writes them.
func shuffled(v any, r *rand.Rand) []byte {
	var b bytes.Buffer
	writeShuffled(&b, v, r)
	return b.Bytes()
}

func writeShuffled(b *bytes.Buffer, v any, r *rand.Rand) {
	switch v := v.(type) {
	case map[string]any:
		keys := sortedKeys(v)
		r.Shuffle(len(keys), func(i, j int) { keys[i], keys[j] = keys[j], keys[i] })
		b.WriteByte('{')
		for i, k := range keys {
			if i > 0 {
				b.WriteByte(',')
			}
			b.Write(marshal(k))
			b.WriteByte(':')
			writeShuffled(b, v[k], r)
		}
		b.WriteByte('}')
	case []any:
		b.WriteByte('[')
		for i, e := range v {
			if i > 0 {
				b.WriteByte(',')
			}
			writeShuffled(b, e, r)
		}
		b.WriteByte(']')
	default:
		b.Write(marshal(v))
	}
}

// Words are the words that the generators draw strings from.
var Words = []string{"alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel",
	"india", "juliet", "kilo", "lima", "mike", "november", "oscar", "papa"}

// Word returns one of Words, drawn from r.
func Word(r *rand.Rand) string { return Words[r.Intn(len(Words))] }

// Sized returns gen's document with the fewest list entries that
// makes it at least goal bytes of compact JSON, as encoding/json decodes it.
func Sized(seed int64, goal int, gen func(*rand.Rand, int) map[string]any) map[string]any {
	for n := 1; ; n++ {
		if b := marshal(gen(rand.New(rand.NewSource(seed)), n)); len(b) >= goal {
			return decode(b)
		}
	}
}

// GenMeta returns a user metadata document whose lists have n entries.
func GenMeta(r *rand.Rand, n int) map[string]any {
	list := func(f func() any) []any {
		a := make([]any, n)
		for i := range a {
			a[i] = f()
		}
		return a
	}
	return map[string]any{
		"id":         fmt.Sprintf("usr_%012x", r.Int63()),
		"email":      Word(r) + "." + Word(r) + "@example.com",
		"created_at": 1.6e9 + r.Intn(1e8),
		"active":     true,
		"deleted_at": nil,
		"roles":      []any{"user", Word(r)},
		"profile": map[string]any{
			"name":         map[string]any{"first": Word(r), "last": Word(r)},
			"display_name": Word(r) + " " + Word(r),
			"avatar_url":   fmt.Sprintf("https://cdn.example.com/avatars/%d.png", r.Intn(1e6)),
			"locale":       "en-US", "timezone": "Europe/Berlin", "bio": nil,
			"age": 18 + r.Intn(60),
		},
		"preferences": map[string]any{
			"theme": "dark", "language": "en",
			"notifications": map[string]any{"email": true, "sms": false, "digest": "weekly"},
			"privacy":       map[string]any{"profile_public": r.Intn(2) == 0, "show_email": false},
		},
		"flags": map[string]any{"beta": true, "early_access": r.Intn(2) == 0, "mfa_enabled": true, "legacy_ui": nil},
		"billing": map[string]any{
			"plan": "pro", "seats": 1 + r.Intn(50), "currency": "EUR",
			"address": map[string]any{"line1": fmt.Sprintf("%d %s Street", r.Intn(999), Word(r)),
				"city": Word(r), "postal_code": fmt.Sprintf("%05d", r.Intn(1e5)), "country": "DE"},
			"payment_method": map[string]any{"type": "card", "brand": "visa",
				"last4": fmt.Sprintf("%04d", r.Intn(1e4)), "exp_month": 1 + r.Intn(12), "exp_year": 2026 + r.Intn(6)},
			"invoices": list(func() any {
				return map[string]any{"id": fmt.Sprintf("inv_%06d", r.Intn(1e6)),
					"amount": float64(r.Intn(1e5)) / 100, "paid": r.Intn(4) != 0, "date": 1.7e9 + r.Intn(1e7)}
			}),
		},
		"tags": list(func() any { return Word(r) }),
		"sessions": list(func() any {
			return map[string]any{"ip": fmt.Sprintf("203.0.113.%d", r.Intn(256)),
				"agent": "Mozilla/5.0 (" + Word(r) + ")", "last_seen": 1.7e9 + r.Intn(1e7),
				"trusted": r.Intn(2) == 0, "location": nil}
		}),
		"stats": map[string]any{"logins": r.Intn(5000), "score": r.Float64() * 100, "streak": r.Intn(30)},
	}
}

// metaPatch changes three nested scalars, deletes a member and adds an
// object.
func metaPatch() map[string]any {
	return map[string]any{
		"profile":     map[string]any{"display_name": "Kilo Lima", "name": map[string]any{"last": "Oscar"}},
		"preferences": map[string]any{"theme": "light"},
		"flags":       map[string]any{"beta": nil},
		"billing":     map[string]any{"tax": map[string]any{"id": "DE123456789", "exempt": false, "rate": 0.19}},
	}
}

// genWide returns an object of n scalar members and a patch that
// changes 8 of them and deletes 2.
func genWide(r *rand.Rand, n int) (target, patch map[string]any) {
	scalar := func(i int) any {
		switch i % 4 {
		case 0:
			return r.Intn(1e6)
		case 1:
			return Word(r) + "-" + Word(r)
		case 2:
			return r.Intn(2) == 0
		}
		return r.Float64()
	}
	target, patch = make(map[string]any, n), map[string]any{}
	for i := 0; i < n; i++ {
		target[fmt.Sprintf("key%05d", i)] = scalar(i)
	}
	for i := 0; i < 10; i++ {
		k, v := fmt.Sprintf("key%05d", i*n/10+r.Intn(n/10)), any(nil)
		if i%5 != 4 {
			v = scalar(i + 1)
		}
		patch[k] = v
	}
	return target, patch
}

// genDeep returns a chain of n objects and a patch that changes a
// scalar in the innermost.
func genDeep(n int) (target, patch map[string]any) {
	target, patch = map[string]any{"leaf": "bottom", "id": 0}, map[string]any{"leaf": "changed"}
	for i := 1; i < n; i++ {
		target = map[string]any{"id": i, "name": "level", "child": target}
		patch = map[string]any{"child": patch}
	}
	return target, patch
}

// genLarge returns an object of metadata records that is about goal
// bytes, as encoding/json decodes it.
func genLarge(r *rand.Rand, goal int) map[string]any {
	doc := map[string]any{}
	for size := 0; size < goal; {
		rec, k := GenMeta(r, 1+r.Intn(3)), fmt.Sprintf("usr%06d", len(doc))
		doc[k] = rec
		size += len(marshal(rec)) + len(k) + 4
	}
	return decode(marshal(doc))
}

// spreadPatch returns a patch that touches each non-object member of
// doc, at every depth, with probability frac: it replaces the value, or,
// when structural is set, sometimes deletes the member or adds an object
// beside it. doc must be as encoding/json decodes it (numbers float64).
func spreadPatch(r *rand.Rand, doc map[string]any, frac float64, structural bool) map[string]any {
	p := map[string]any{}
	for _, k := range sortedKeys(doc) {
		if m, ok := doc[k].(map[string]any); ok {
			if sub := spreadPatch(r, m, frac, structural); len(sub) > 0 {
				p[k] = sub
			}
			continue
		}
		if r.Float64() >= frac {
			continue
		}
		switch x := r.Intn(20); {
		case structural && x == 0:
			p[k] = nil
		case structural && x == 1:
			p[k+"_added"] = map[string]any{"by": Word(r), "at": 1.7e9 + r.Intn(1e7)}
		default:
			p[k] = newValue(r, doc[k])
		}
	}
	return p
}

// newValue returns a value like v but different, with no null in it.
func newValue(r *rand.Rand, v any) any {
	switch v := v.(type) {
	case string:
		return v + "-" + Word(r)
	case float64:
		return v + 1
	case bool:
		return !v
	case []any:
		a := make([]any, len(v))
		for i, e := range v {
			a[i] = newValue(r, e)
		}
		return a
	case map[string]any:
		m := make(map[string]any, len(v))
		for _, k := range sortedKeys(v) {
			m[k] = newValue(r, v[k])
		}
		return m
	}
	return Word(r)
}

func sortedKeys(m map[string]any) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

// marshal is json.Marshal for values that always have a JSON form.
func marshal(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return b
}

// decode is json.Unmarshal of a document known to be an object.
func decode(b []byte) map[string]any {
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		panic(err)
	}
	return m
}

// Leaves counts the members of m and of the objects in it, at every depth,
// whose values are not objects.
func Leaves(m map[string]any) int {
	n := 0
	for _, v := range m {
		if sub, ok := v.(map[string]any); ok {
			n += Leaves(sub)
		} else {
			n++
		}
	}
	return n
}
