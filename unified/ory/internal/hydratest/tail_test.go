package hydratest

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestTailKeepsTheEnd(t *testing.T) {
	for _, tt := range []struct {
		name   string
		max    int
		writes []string
		want   string
	}{
		{"under the cap", 8, []string{"ab", "cd"}, "abcd"},
		{"at the cap", 4, []string{"ab", "cd"}, "abcd"},
		{"over the cap across writes", 4, []string{"abc", "def"}, "cdef"},
		{"one write larger than the cap", 3, []string{"abcdefgh"}, "fgh"},
		{"nothing written", 4, nil, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			tl := &tail{max: tt.max}
			for _, w := range tt.writes {
				n, err := tl.Write([]byte(w))
				require.NoError(t, err)
				require.Equal(t, len(w), n, "a write reports all its bytes taken")
			}
			require.Equal(t, tt.want, tl.String())
		})
	}
}

func TestTailStaysBounded(t *testing.T) {
	tl := &tail{max: 1 << 10}
	line := strings.Repeat("x", 100) + "\n"
	for range 10_000 {
		_, _ = tl.Write([]byte(line))
	}
	require.Len(t, tl.String(), 1<<10)
}
