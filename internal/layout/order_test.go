package layout

import (
	"math/rand/v2"
	"slices"
	"testing"
)

func TestCmpID(t *testing.T) {
	// Each id sorts before the next.
	ordered := []string{
		"", "0", "00", "07", "7", "9", "10", "123456789012345678901234567890",
		"a", "att9", "att10", "att123", "att123x", "b", "b01", "b1", "é",
	}
	for i := range ordered {
		for j := range ordered {
			got := sign(cmpID(ordered[i], ordered[j]))
			if want := sign(i - j); got != want {
				t.Errorf("cmpID(%q, %q) = %d, want %d", ordered[i], ordered[j], got, want)
			}
		}
	}
}

func TestCmpID_totalOrder(t *testing.T) {
	// Sorting random ids must agree with every pairwise comparison,
	// which fails for an order that is not transitive.
	rng := rand.New(rand.NewPCG(9, 10))
	alphabet := "0019ab"
	ids := make([]string, 300)
	for i := range ids {
		b := make([]byte, rng.IntN(5))
		for j := range b {
			b[j] = alphabet[rng.IntN(len(alphabet))]
		}
		ids[i] = string(b)
	}
	slices.SortFunc(ids, cmpID)
	for i := range ids {
		for j := i + 1; j < len(ids); j++ {
			if cmpID(ids[i], ids[j]) > 0 {
				t.Fatalf("sorted %q after %q", ids[j], ids[i])
			}
		}
	}
}

func sign(n int) int {
	switch {
	case n < 0:
		return -1
	case n > 0:
		return 1
	}
	return 0
}
