package benchcmp

// The shapes of ../bench_test.go, generated the same way from the same
// seeds, so that the numbers here and there are about the same bytes
// (TestShapes logs a hash of each; TestBenchShapes there logs the same).

import (
	"encoding/json"
	"fmt"
	"maps"
	"math/rand"
	"sort"
	"sync"
)

type shape struct {
	name                  string
	target, patch         map[string]any // as encoding/json decodes the text
	targetJSON, patchJSON []byte
}

func newShape(name string, target, patch map[string]any) *shape {
	sh := &shape{name: name, targetJSON: mustMarshal(target), patchJSON: mustMarshal(patch)}
	sh.target, sh.patch = mustDecode(sh.targetJSON), mustDecode(sh.patchJSON)
	return sh
}

var shapes = sync.OnceValue(func() []*shape {
	meta2k, meta8k, full := sized(2, 2<<10, genMeta), sized(8, 8<<10, genMeta), sized(88, 8<<10, genMeta)
	wideT, wideP := genWide(rand.New(rand.NewSource(10)), 10000)
	deep100T, deep100P := genDeep(100)
	deep1000T, deep1000P := genDeep(1000)
	large := genLarge(rand.New(rand.NewSource(1000)), 1<<20)
	return []*shape{
		newShape("meta2k", meta2k, metaPatch()),
		newShape("meta8k", meta8k, metaPatch()),
		newShape("wide10k", wideT, wideP),
		newShape("deep100", deep100T, deep100P),
		newShape("deep1000", deep1000T, deep1000P),
		newShape("large1m", large, spreadPatch(rand.New(rand.NewSource(1001)), large, 0.01, true)),
		newShape("full", full, spreadPatch(rand.New(rand.NewSource(89)), full, 1, false)),
	}
})

var words = []string{"alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel",
	"india", "juliet", "kilo", "lima", "mike", "november", "oscar", "papa"}

func word(r *rand.Rand) string { return words[r.Intn(len(words))] }

// sized returns gen's document with the fewest list entries that makes it
// at least goal bytes of JSON, decoded.
func sized(seed int64, goal int, gen func(*rand.Rand, int) map[string]any) map[string]any {
	for n := 1; ; n++ {
		if b := mustMarshal(gen(rand.New(rand.NewSource(seed)), n)); len(b) >= goal {
			return mustDecode(b)
		}
	}
}

// genMeta returns a user metadata document whose lists have n entries.
func genMeta(r *rand.Rand, n int) map[string]any {
	list := func(f func() any) []any {
		a := make([]any, n)
		for i := range a {
			a[i] = f()
		}
		return a
	}
	return map[string]any{
		"id":         fmt.Sprintf("usr_%012x", r.Int63()),
		"email":      word(r) + "." + word(r) + "@example.com",
		"created_at": 1.6e9 + r.Intn(1e8),
		"active":     true,
		"deleted_at": nil,
		"roles":      []any{"user", word(r)},
		"profile": map[string]any{
			"name":         map[string]any{"first": word(r), "last": word(r)},
			"display_name": word(r) + " " + word(r),
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
			"address": map[string]any{"line1": fmt.Sprintf("%d %s Street", r.Intn(999), word(r)),
				"city": word(r), "postal_code": fmt.Sprintf("%05d", r.Intn(1e5)), "country": "DE"},
			"payment_method": map[string]any{"type": "card", "brand": "visa",
				"last4": fmt.Sprintf("%04d", r.Intn(1e4)), "exp_month": 1 + r.Intn(12), "exp_year": 2026 + r.Intn(6)},
			"invoices": list(func() any {
				return map[string]any{"id": fmt.Sprintf("inv_%06d", r.Intn(1e6)),
					"amount": float64(r.Intn(1e5)) / 100, "paid": r.Intn(4) != 0, "date": 1.7e9 + r.Intn(1e7)}
			}),
		},
		"tags": list(func() any { return word(r) }),
		"sessions": list(func() any {
			return map[string]any{"ip": fmt.Sprintf("203.0.113.%d", r.Intn(256)),
				"agent": "Mozilla/5.0 (" + word(r) + ")", "last_seen": 1.7e9 + r.Intn(1e7),
				"trusted": r.Intn(2) == 0, "location": nil}
		}),
		"stats": map[string]any{"logins": r.Intn(5000), "score": r.Float64() * 100, "streak": r.Intn(30)},
	}
}

// metaPatch changes three nested scalars, deletes a member, adds an object.
func metaPatch() map[string]any {
	return map[string]any{
		"profile":     map[string]any{"display_name": "Kilo Lima", "name": map[string]any{"last": "Oscar"}},
		"preferences": map[string]any{"theme": "light"},
		"flags":       map[string]any{"beta": nil},
		"billing":     map[string]any{"tax": map[string]any{"id": "DE123456789", "exempt": false, "rate": 0.19}},
	}
}

// genWide: n scalar members; the patch changes 8 and deletes 2.
func genWide(r *rand.Rand, n int) (target, patch map[string]any) {
	scalar := func(i int) any {
		switch i % 4 {
		case 0:
			return r.Intn(1e6)
		case 1:
			return word(r) + "-" + word(r)
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

// genDeep: a chain of n objects; the patch changes a scalar at the bottom.
func genDeep(n int) (target, patch map[string]any) {
	target, patch = map[string]any{"leaf": "bottom", "id": 0}, map[string]any{"leaf": "changed"}
	for i := 1; i < n; i++ {
		target = map[string]any{"id": i, "name": "level", "child": target}
		patch = map[string]any{"child": patch}
	}
	return target, patch
}

// genLarge: an object of metadata records, about goal bytes, decoded.
func genLarge(r *rand.Rand, goal int) map[string]any {
	doc := map[string]any{}
	for size := 0; size < goal; {
		rec, k := genMeta(r, 1+r.Intn(3)), fmt.Sprintf("usr%06d", len(doc))
		doc[k] = rec
		size += len(mustMarshal(rec)) + len(k) + 4
	}
	return mustDecode(mustMarshal(doc))
}

// spreadPatch touches each non-object member of the decoded doc, at every
// depth, with probability frac: replaces it, or when structural is set,
// sometimes deletes it or adds an object beside it.
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
			p[k+"_added"] = map[string]any{"by": word(r), "at": 1.7e9 + r.Intn(1e7)}
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
		return v + "-" + word(r)
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
	return word(r)
}

func sortedKeys(m map[string]any) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

func mustMarshal(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return b
}

func mustDecode(b []byte) map[string]any {
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		panic(err)
	}
	return m
}

// deepCopy is a plain deep copy of a decoded document.
func deepCopy(m map[string]any) map[string]any {
	c := maps.Clone(m)
	for k, v := range m {
		c[k] = deepCopyValue(v)
	}
	return c
}

func deepCopyValue(v any) any {
	switch v := v.(type) {
	case map[string]any:
		return deepCopy(v)
	case []any:
		c := make([]any, len(v))
		for i, e := range v {
			c[i] = deepCopyValue(e)
		}
		return c
	}
	return v
}
