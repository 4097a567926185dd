package deepmerge_test

import (
	"fmt"

	"github.com/deepmerge-go/deepmerge"
)

// A migration can log what each repair changed: here the member "role"
// lost its earlier value "user" to "admin", and one invalid byte became
// U+FFFD.
func ExampleNormalizeReport() {
	stored := []byte("{\"role\": \"user\", \"name\": \"Ad\xffa\", \"role\": \"admin\"}")
	fixed, repairs, err := deepmerge.NormalizeReport(stored)
	fmt.Println(string(fixed), err)
	for _, d := range repairs.Dropped {
		fmt.Printf("%s: dropped %s (offset %d)\n", d.Path, stored[d.Offset:d.End], d.Offset)
	}
	fmt.Println(repairs.InvalidUTF8, "invalid bytes,", repairs.LoneSurrogates, "lone surrogates replaced")
	// Output:
	// {"role":"admin","name":"Ad�a"} <nil>
	// /role: dropped "user" (offset 9)
	// 1 invalid bytes, 0 lone surrogates replaced
}
