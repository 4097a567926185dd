package benchshape

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"reflect"
	"testing"
)

// digests pins the shapes: a change to a generator changes what every
// published benchmark number was measured on, so it must be deliberate.
var digests = map[string]string{
	"meta2k":   "75a7cb122bc3205599ea7f686580e6d2556f7ec41075308e07ddc5ef285f608b",
	"meta8k":   "90572ebf369c9efe4d07fb1b9f664b1e699364780aab407bfc3abb5d51eb60d9",
	"wide10k":  "65b58477befd89675c563f64d7aaa4b7fdab0bb389ba325ccd86868642c3c240",
	"deep100":  "0eec7447d0064dcf58aa60ddfadb3406ec3a8333cf970417fdbc85da202ffb8f",
	"deep1000": "79dff7712119808d7bbc796e18652d252c97a44d2a8e3b5fc027212b1cbda7f5",
	"large1m":  "904d411cafa79cbd24559b929a01740dfbcb0429abeb9752744011463b32509a",
	"full":     "c9c3af5816f071f5a9143283c26ba71eba598e9eed6eb496ab7eb2e260685ca2",

	"meta8k-ins":  "818c7dbbee07ea69399de6a5cc7414d2bd527d25b163a8ff45e5802bd4ca880a",
	"wide10k-ins": "f536e194d943b6bbaac5c639b828db1ada381e752f6b1c210a65783b381296a3",
	"large1m-ins": "95d1c2ae8401d2cd90679cb6bfdcaf2667175ab0cc82ece411617577c999afa5",
	"scalars":     "c7c7ec12bfcc3217d452647cfa9c269f961422f1663e2099de1c22d1f1fc1e93",
}

func TestShapes(t *testing.T) {
	all := append(append(Sorted(), Insertion()...), Scalars())
	for _, sh := range all {
		sum := fmt.Sprintf("%x", sha256.Sum256(bytes.Join([][]byte{sh.TargetJSON, sh.PatchJSON}, nil)))
		t.Logf("%-11s target %7d B, %6d leaf members; patch %6d B, %5d leaf members; sha256 %s",
			sh.Name, len(sh.TargetJSON), Leaves(sh.Target), len(sh.PatchJSON), Leaves(sh.Patch), sum)
		if want, ok := digests[sh.Name]; ok && sum != want {
			t.Errorf("%s: the generator changed (sha256 %s, want %s)", sh.Name, sum, want)
		}
		if !reflect.DeepEqual(decode(sh.TargetJSON), sh.Target) || !reflect.DeepEqual(decode(sh.PatchJSON), sh.Patch) {
			t.Errorf("%s: the maps are not the text decoded", sh.Name)
		}
	}
	for i, sh := range Insertion() {
		base := map[string]*Shape{"meta8k-ins": Sorted()[1], "wide10k-ins": Sorted()[2], "large1m-ins": Sorted()[5]}[sh.Name]
		if base == nil {
			t.Fatalf("insertion shape %d: %s has no sorted counterpart", i, sh.Name)
		}
		if !reflect.DeepEqual(sh.Target, base.Target) {
			t.Errorf("%s: the target is not %s's", sh.Name, base.Name)
		}
		if bytes.Equal(sh.TargetJSON, base.TargetJSON) || len(sh.TargetJSON) != len(base.TargetJSON) {
			t.Errorf("%s: the text is not %s's with its members reordered", sh.Name, base.Name)
		}
		if n := Leaves(sh.Patch); sh.Name == "meta8k-ins" && (len(sh.Patch) != 10 || n < 20) {
			t.Errorf("%s: the patch has %d members and %d leaves, want 10 and at least 20", sh.Name, len(sh.Patch), n)
		}
	}
}
