package deepmerge

import (
	"strconv"
	"testing"
	"time"
)

// Types of a typical settings resource, for the cost of converting typed
// values (SPEC.md §2.2) in a patch.
type (
	bcSettings struct {
		ID        string            `json:"id"`
		Theme     string            `json:"theme,omitempty"`
		Locale    string            `json:"locale"`
		Beta      bool              `json:"beta"`
		Quota     int64             `json:"quota"`
		Ratio     float64           `json:"ratio"`
		Updated   time.Time         `json:"updated"`
		Labels    map[string]string `json:"labels"`
		Tags      []string          `json:"tags"`
		Notify    bcNotify          `json:"notify"`
		Owner     *bcOwner          `json:"owner,omitempty"`
		Whitelist []bcOwner         `json:"whitelist"`
	}
	bcNotify struct {
		Email  bool   `json:"email"`
		SMS    bool   `json:"sms"`
		Digest string `json:"digest"`
	}
	bcOwner struct {
		Name  string `json:"name"`
		Email string `json:"email"`
		Admin bool   `json:"admin,omitempty"`
	}
)

// bcMakeSettings returns a settings value with n labels, tags and
// whitelisted owners.
func bcMakeSettings(n int) *bcSettings {
	s := &bcSettings{
		ID: "usr_2f9c", Theme: "dark", Locale: "en-GB", Beta: true, Quota: 1 << 40, Ratio: 0.75,
		Updated: time.Date(2026, 12, 7, 10, 30, 0, 0, time.UTC),
		Labels:  map[string]string{},
		Notify:  bcNotify{Email: true, Digest: "weekly"},
		Owner:   &bcOwner{Name: "Ada", Email: "ada@example.com", Admin: true},
	}
	for i := 0; i < n; i++ {
		k := strconv.Itoa(i)
		s.Labels["label-"+k] = "value " + k
		s.Tags = append(s.Tags, "tag-"+k)
		s.Whitelist = append(s.Whitelist, bcOwner{Name: "user " + k, Email: "user" + k + "@example.com"})
	}
	return s
}

// BenchmarkConvert measures Merge of a patch that holds a typed value,
// which is converted by the value model: a small settings struct and one
// with 100 labels, tags and owners.
func BenchmarkConvert(b *testing.B) {
	for _, n := range []int{4, 100} {
		patch := map[string]any{"settings": bcMakeSettings(n)}
		target := map[string]any{"settings": map[string]any{"theme": "light"}}
		b.Run("settings"+strconv.Itoa(n), func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				if _, err := Merge(target, patch); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
