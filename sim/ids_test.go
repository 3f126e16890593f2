package sim

import (
	"regexp"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestIDsAreDeterministicPerSeed(t *testing.T) {
	a, b, c := NewIDs(7), NewIDs(7), NewIDs(8)
	for range 5 {
		ida, idb, idc := a.Next("0oa", 17), b.Next("0oa", 17), c.Next("0oa", 17)
		require.Equal(t, ida, idb, "same seed, same sequence")
		require.NotEqual(t, ida, idc, "another seed, another sequence")
		require.Regexp(t, regexp.MustCompile(`^0oa[0-9A-Za-z]{17}$`), ida)
	}
	require.Regexp(t, regexp.MustCompile(`^[0-9a-f]{64}$`), a.Hex(64))
}
