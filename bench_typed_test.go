package deepmerge

import (
	"bytes"
	"encoding/json"
	"strconv"
	"testing"
)

// benchSettings is a settings resource of about 4 KB as JSON: nested
// structs, a map[string]any of 100 members, a map[string]string, slices.
type benchSettings struct {
	ID            string            `json:"id"`
	Theme         string            `json:"theme"`
	Locale        string            `json:"locale"`
	FontSize      int               `json:"fontSize"`
	Notifications benchNotify       `json:"notifications"`
	Profile       *benchProfile     `json:"profile,omitempty"`
	Labels        map[string]string `json:"labels,omitempty"`
	Extra         map[string]any    `json:"extra,omitempty"`
	Devices       []string          `json:"devices,omitempty"`
	Shortcuts     []benchShortcut   `json:"shortcuts,omitempty"`
	Beta          bool              `json:"beta"`
}

type benchNotify struct {
	Email  bool   `json:"email"`
	Push   bool   `json:"push"`
	SMS    bool   `json:"sms"`
	Digest string `json:"digest"`
	Quiet  struct {
		From string `json:"from"`
		To   string `json:"to"`
	} `json:"quiet"`
}

type benchProfile struct {
	Name    string   `json:"name"`
	Bio     string   `json:"bio"`
	Website string   `json:"website,omitempty"`
	Links   []string `json:"links,omitempty"`
}

type benchShortcut struct {
	Key    string `json:"key"`
	Action string `json:"action"`
}

func newBenchSettings() *benchSettings {
	s := &benchSettings{
		ID: "u_0123456789", Theme: "dark", Locale: "en-GB", FontSize: 12,
		Notifications: benchNotify{Email: true, Digest: "daily"},
		Profile:       &benchProfile{Name: "Ada", Bio: "Analyst", Links: []string{"https://example.com/a"}},
		Labels:        map[string]string{},
		Extra:         map[string]any{},
		Devices:       []string{"phone", "laptop", "tablet"},
	}
	s.Notifications.Quiet.From, s.Notifications.Quiet.To = "22:00", "07:00"
	for i := 0; i < 20; i++ {
		s.Labels["label"+strconv.Itoa(i)] = "value" + strconv.Itoa(i)
		s.Shortcuts = append(s.Shortcuts, benchShortcut{Key: "ctrl+" + strconv.Itoa(i), Action: "action" + strconv.Itoa(i)})
	}
	for i := 0; i < 100; i++ {
		if i%2 == 0 {
			s.Extra["setting"+strconv.Itoa(i)] = json.Number(strconv.Itoa(i * 7))
		} else {
			s.Extra["setting"+strconv.Itoa(i)] = "option-value-" + strconv.Itoa(i)
		}
	}
	return s
}

// benchPatch has 10 members: scalars, nested merges, a null in a map, a
// slice.
var benchPatch = []byte(`{"theme":"light","locale":"fr-FR","fontSize":14,"beta":true,` +
	`"notifications":{"push":true,"quiet":{"from":"23:00"}},"profile":{"bio":"Engineer"},` +
	`"labels":{"label3":null,"tier":"gold"},"extra":{"setting17":"on","setting3":null},` +
	`"devices":["phone","watch"],"id":"u_0123456789"}`)

// BenchmarkMergeJSONInto applies a 10-member patch to a settings struct
// of about 4 KB as JSON: MergeJSONInto against the round trip through
// JSON (json.Marshal, MergeJSON, json.Unmarshal into a zero value, which
// is what MergeJSONInto's result is defined by), and against
// json.Unmarshal of the patch alone into the value (which does no RFC
// 7396, no checks and no rollback).
func BenchmarkMergeJSONInto(b *testing.B) {
	if n := len(mustMarshal(b, newBenchSettings())); n < 3500 || n > 4500 {
		b.Fatalf("the settings are %d bytes as JSON, want about 4 KB", n)
	}
	b.Run("impl=MergeJSONInto", func(b *testing.B) {
		s := newBenchSettings()
		b.ReportAllocs()
		b.SetBytes(int64(len(benchPatch)))
		for i := 0; i < b.N; i++ {
			if err := MergeJSONInto(s, benchPatch); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("impl=roundtrip", func(b *testing.B) {
		s := newBenchSettings()
		b.ReportAllocs()
		b.SetBytes(int64(len(benchPatch)))
		for i := 0; i < b.N; i++ {
			text, err := json.Marshal(s)
			if err != nil {
				b.Fatal(err)
			}
			merged, err := MergeJSON(text, benchPatch)
			if err != nil {
				b.Fatal(err)
			}
			var next benchSettings
			d := json.NewDecoder(bytes.NewReader(merged))
			d.UseNumber()
			if err := d.Decode(&next); err != nil {
				b.Fatal(err)
			}
			s = &next
		}
	})
	b.Run("impl=json.Unmarshal-patch-only", func(b *testing.B) {
		s := newBenchSettings()
		b.ReportAllocs()
		b.SetBytes(int64(len(benchPatch)))
		for i := 0; i < b.N; i++ {
			if err := json.Unmarshal(benchPatch, s); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func mustMarshal(b *testing.B, v any) []byte {
	out, err := json.Marshal(v)
	if err != nil {
		b.Fatal(err)
	}
	return out
}
