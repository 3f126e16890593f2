package capped

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

var errBig = errors.New("too large")

func tooLarge(max int64) error { return fmt.Errorf("%w: over %d bytes", errBig, max) }

func TestReadCloser(t *testing.T) {
	tests := []struct {
		name    string
		data    string
		max     int64
		want    string
		wantErr string
	}{
		{"shorter", "abc", 5, "abc", ""},
		{"exactly the limit", "abcde", 5, "abcde", ""},
		{"one byte over", "abcdef", 5, "abcde", "too large: over 5 bytes"},
		{"far over", strings.Repeat("x", 10000), 10, strings.Repeat("x", 10), "too large: over 10 bytes"},
		{"empty, limit zero", "", 0, "", ""},
		{"limit zero, one byte", "x", 0, "", "too large: over 0 bytes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := Make(io.NopCloser(strings.NewReader(tt.data)), tt.max, tooLarge)
			got, err := io.ReadAll(&c)
			require.Equal(t, tt.want, string(got))
			if tt.wantErr == "" {
				require.NoError(t, err)
			} else {
				require.ErrorIs(t, err, errBig)
				require.EqualError(t, err, tt.wantErr)
			}
			require.NoError(t, c.Close())
		})
	}
}
