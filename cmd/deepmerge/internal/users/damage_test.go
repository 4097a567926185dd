package users_test

import (
	"errors"
	"testing"

	"github.com/deepmerge-go/deepmerge"
	"github.com/deepmerge-go/deepmerge/cmd/deepmerge/internal/users"
)

// TestDamage checks that each damage makes a record that Validate rejects
// at the pointer Apply gives, for the reason of its kind, and that
// Normalize repairs.
func TestDamage(t *testing.T) {
	want := map[users.Kind]error{
		users.Repeat: deepmerge.ErrDuplicateName, users.RepeatInArray: deepmerge.ErrDuplicateName,
		users.Latin1: deepmerge.ErrInvalidUTF8, users.Latin1Name: deepmerge.ErrInvalidUTF8,
		users.Surrogate: deepmerge.ErrInvalidUTF8, users.SurrogateName: deepmerge.ErrInvalidUTF8,
	}
	g := users.New(1)
	ds := users.Damages()
	if len(ds) != 5*6-2 {
		t.Errorf("Damages() has %d damages, want every kind at depths 1 to 5, RepeatInArray from 3: 28", len(ds))
	}
	for i, d := range ds {
		rec := g.Append(nil, i)
		if err := deepmerge.Validate(rec); err != nil {
			t.Fatalf("record %d is invalid before damage: %v", i, err)
		}
		bad, ptr := d.Apply(rec)
		var e *deepmerge.Error
		if err := deepmerge.Validate(bad); !errors.As(err, &e) || e.Path != ptr || !errors.Is(err, want[d.Kind]) {
			t.Errorf("%v: Validate(%q) = %v; want %v at %q", d, bad, err, want[d.Kind], ptr)
		}
		fixed, err := deepmerge.Normalize(bad)
		if err != nil || deepmerge.Validate(fixed) != nil {
			t.Errorf("%v: Normalize(%q) = %q, %v; want a valid record", d, bad, fixed, err)
		}
	}
	seen := map[users.Damage]bool{}
	for i := 0; i < 10*len(ds); i++ {
		d, ok := users.DamageEvery(10, i)
		if ok != (i%10 == 9) {
			t.Fatalf("DamageEvery(10, %d) damages: %v", i, ok)
		}
		if ok {
			seen[d] = true
		}
	}
	if len(seen) != len(ds) {
		t.Errorf("DamageEvery(10, i) for %d records gives %d damages, want all %d", 10*len(ds), len(seen), len(ds))
	}
}
