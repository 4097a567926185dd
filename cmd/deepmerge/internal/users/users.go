// Package users makes up user records, as JSON text, for the benchmarks
// of deepmerge -lines. The records look like the metadata of an identity
// provider's users: public, private and unsafe metadata objects, nested a
// few levels, with members in the order an application added them rather
// than sorted, and sizes from a few hundred bytes to tens of kilobytes.
package users

import (
	"fmt"
	"math/rand"
	"strconv"
)

// Gen makes records. The same seed gives the same records, in the same
// order. A Gen is not safe for concurrent use.
type Gen struct{ g gen }

// New returns a Gen whose records follow from seed.
func New(seed int64) *Gen { return &Gen{gen{r: rand.New(rand.NewSource(seed))}} }

// Append appends the next record, compact and with no newline, to b; i is
// its number, which its e-mail address holds.
func (g *Gen) Append(b []byte, i int) []byte { return g.g.record(b, i) }

// Stream returns records, one a line, until they hold at least size
// bytes in all.
func Stream(seed, size int64) []byte {
	g := New(seed)
	var b []byte
	for i := 0; int64(len(b)) < size; i++ {
		b = g.Append(b, i)
		b = append(b, '\n')
	}
	return b
}

type gen struct{ r *rand.Rand }

var (
	firstNames = []string{"Ada", "Grace", "Alan", "Edsger", "Barbara", "Donald", "Frances", "Ken", "Radia", "Niklaus", "Margaret", "Dennis", "Hedy", "John", "Sophie", "Tim"}
	lastNames  = []string{"Lovelace", "Hopper", "Turing", "Dijkstra", "Liskov", "Knuth", "Allen", "Thompson", "Perlman", "Wirth", "Hamilton", "Ritchie", "Lamarr", "Backus", "Wilson", "Berners-Lee"}
	roles      = []string{"member", "member", "member", "admin", "owner", "billing", "viewer"}
	locales    = []string{"en-GB", "en-US", "fr-FR", "de-DE", "ja-JP", "pt-BR", "es-ES", "nl-NL"}
	badges     = []string{"early-adopter", "contributor", "beta-tester", "verified", "speaker", "mentor", "top-reviewer", "bug-hunter", "translator", "sponsor"}
	words      = []string{"analyst", "of", "engines", "writer", "notes", "maths", "and", "music", "builds", "compilers", "loves", "tea", "hiking", "graphs", "proofs", "the", "distributed", "systems", "coffee", "kernels"}
	tiers      = []string{"free", "free", "pro", "pro", "team", "enterprise"}
	currencies = []string{"EUR", "USD", "GBP", "JPY", "BRL"}
	themes     = []string{"dark", "light", "system"}
	steps      = []string{"tour", "import", "invite", "billing", "profile"}
	searches   = []string{"merge patch", "rfc 7396", "json pointer", "invoices", "api keys", "webhooks", "sso", "audit log", "rate limits", "export"}
	actions    = []string{"sign_in", "sign_out", "password_reset", "mfa_enabled", "email_changed", "plan_changed", "api_key_created"}
)

func (g *gen) pick(s []string) string { return s[g.r.Intn(len(s))] }

// id appends a random identifier of n letters and digits.
func (g *gen) id(b []byte, n int) []byte {
	const chars = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz0123456789"
	for i := 0; i < n; i++ {
		b = append(b, chars[g.r.Intn(len(chars))])
	}
	return b
}

// sentence appends n random words, separated by spaces.
func (g *gen) sentence(b []byte, n int) []byte {
	for i := 0; i < n; i++ {
		if i > 0 {
			b = append(b, ' ')
		}
		b = append(b, g.pick(words)...)
	}
	return b
}

// str appends s as a JSON string; s must need no escapes.
func str(b []byte, s string) []byte {
	b = append(b, '"')
	b = append(b, s...)
	return append(b, '"')
}

// date appends a date-time in 2020 to 2026 as a JSON string.
func (g *gen) date(b []byte) []byte {
	return fmt.Appendf(b, `"%04d-%02d-%02dT%02d:%02d:%02dZ"`, 2020+g.r.Intn(7), 1+g.r.Intn(12), 1+g.r.Intn(28), g.r.Intn(24), g.r.Intn(60), g.r.Intn(60))
}

// strings appends a JSON array of up to max strings picked from s.
func (g *gen) strings(b []byte, s []string, max int) []byte {
	b = append(b, '[')
	for i, n := 0, g.r.Intn(max+1); i < n; i++ {
		if i > 0 {
			b = append(b, ',')
		}
		b = str(b, g.pick(s))
	}
	return append(b, ']')
}

// member appends a member name, with the comma before it unless first.
func member(b []byte, first bool, name string) []byte {
	if !first {
		b = append(b, ',')
	}
	b = str(b, name)
	return append(b, ':')
}

func (g *gen) record(b []byte, i int) []byte {
	first, last := g.pick(firstNames), g.pick(lastNames)
	b = append(b, `{"id":"user_`...)
	b = g.id(b, 16)
	b = append(b, '"')
	b = member(b, false, "email")
	b = fmt.Appendf(b, `"%s.%s%d@example.com"`, first, last, i)
	if g.r.Intn(2) == 0 {
		b = member(b, false, "createdAt")
		b = g.date(b)
	}
	// The three metadata objects, in an order that varies from record to
	// record, as applications that added them at different times write
	// them.
	parts := []func([]byte) []byte{g.public(first, last), g.private, g.unsafe}
	g.r.Shuffle(len(parts), func(x, y int) { parts[x], parts[y] = parts[y], parts[x] })
	for _, p := range parts {
		b = p(b)
	}
	if g.r.Intn(3) == 0 {
		b = member(b, false, "lastSignInAt")
		b = g.date(b)
	}
	return append(b, '}')
}

func (g *gen) public(first, last string) func([]byte) []byte {
	return func(b []byte) []byte {
		b = member(b, false, "publicMetadata")
		b = append(b, '{')
		b = member(b, true, "displayName")
		b = str(b, first+" "+last)
		b = member(b, false, "role")
		b = str(b, g.pick(roles))
		if g.r.Intn(4) != 0 {
			b = member(b, false, "locale")
			b = str(b, g.pick(locales))
		}
		b = member(b, false, "profile")
		b = append(b, `{"bio":"`...)
		// Most bios are short; a few are long.
		n := 3 + g.r.Intn(12)
		if g.r.Intn(10) == 0 {
			n = 100 + g.r.Intn(600)
		}
		b = g.sentence(b, n)
		b = append(b, '"')
		if g.r.Intn(2) == 0 {
			b = member(b, false, "website")
			b = fmt.Appendf(b, `"https://example.com/%s"`, last)
		}
		b = member(b, false, "avatar")
		size := 64 << g.r.Intn(4)
		b = fmt.Appendf(b, `{"url":"https://img.example.com/u/%d.png","width":%d,"height":%d}}`, g.r.Intn(1e6), size, size)
		b = member(b, false, "badges")
		b = g.strings(b, badges, 6)
		return append(b, '}')
	}
}

func (g *gen) private(b []byte) []byte {
	b = member(b, false, "privateMetadata")
	b = append(b, '{')
	b = member(b, true, "stripeCustomerId")
	b = append(b, `"cus_`...)
	b = g.id(b, 14)
	b = append(b, '"')
	if g.r.Intn(3) == 0 {
		b = member(b, false, "accountNumber")
		b = strconv.AppendUint(b, g.r.Uint64(), 10)
	}
	b = member(b, false, "plan")
	b = fmt.Appendf(b, `{"tier":"%s","seats":%d,"pricePerSeat":%d.%02d,"currency":"%s"}`, g.pick(tiers), 1+g.r.Intn(50), g.r.Intn(40), g.r.Intn(100), g.pick(currencies))
	b = member(b, false, "legacyFlags")
	b = append(b, '{')
	b = member(b, true, "betaUI")
	b = strconv.AppendBool(b, g.r.Intn(2) == 0)
	if g.r.Intn(5) < 3 {
		b = member(b, false, "oldBilling")
		b = strconv.AppendBool(b, true)
	}
	b = append(b, '}')
	if g.r.Intn(2) == 0 {
		b = member(b, false, "internalNotes")
		b = fmt.Appendf(b, `"Migrated from v1 on %d-0%d-1%d \u2014 see \"ticket\" %d.\nKeep escapes."`, 2019+g.r.Intn(5), 1+g.r.Intn(9), g.r.Intn(10), g.r.Intn(1e5))
	}
	// An audit trail: absent from most records, long in a few.
	if n := g.r.Intn(8); n >= 5 {
		events := g.r.Intn(6)
		if n == 7 {
			events = 20 + g.r.Intn(120)
		}
		b = member(b, false, "audit")
		b = append(b, '[')
		for e := 0; e < events; e++ {
			if e > 0 {
				b = append(b, ',')
			}
			b = append(b, `{"at":`...)
			b = g.date(b)
			b = fmt.Appendf(b, `,"action":"%s","ip":"192.0.2.%d","ok":%t}`, g.pick(actions), g.r.Intn(256), g.r.Intn(10) != 0)
		}
		b = append(b, ']')
	}
	return append(b, '}')
}

func (g *gen) unsafe(b []byte) []byte {
	b = member(b, false, "unsafeMetadata")
	b = append(b, '{')
	b = member(b, true, "theme")
	b = str(b, g.pick(themes))
	b = member(b, false, "onboarding")
	b = append(b, '{')
	b = member(b, true, "completed")
	done := g.r.Intn(2) == 0
	b = strconv.AppendBool(b, done)
	if !done || g.r.Intn(3) == 0 {
		b = member(b, false, "step")
		b = strconv.AppendInt(b, int64(g.r.Intn(6)), 10)
	}
	b = member(b, false, "skipped")
	b = g.strings(b, steps, 3)
	b = append(b, '}')
	b = member(b, false, "recentSearches")
	b = g.strings(b, searches, 10)
	if g.r.Intn(3) == 0 {
		b = member(b, false, "preferences")
		b = fmt.Appendf(b, `{"emails":{"product":%t,"billing":true},"density":"%s","shortcuts":%t}`, g.r.Intn(2) == 0, []string{"compact", "comfortable"}[g.r.Intn(2)], g.r.Intn(4) == 0)
	}
	return append(b, '}')
}
