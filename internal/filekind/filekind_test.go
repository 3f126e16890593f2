package filekind

import (
	"io/fs"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestOf(t *testing.T) {
	tests := []struct {
		mode fs.FileMode
		want string
	}{
		{fs.ModeNamedPipe | 0o600, "a named pipe"},
		{fs.ModeDevice | fs.ModeCharDevice | 0o666, "a character device"},
		{fs.ModeDevice | 0o660, "a device"},
		{fs.ModeSocket | 0o755, "a socket"},
		{fs.ModeDir | 0o755, "a directory"},
		{fs.ModeSymlink | 0o777, "mode Lrwxrwxrwx"},
		{0o600, "mode -rw-------"},
	}
	for _, tt := range tests {
		require.Equal(t, tt.want, Of(tt.mode), tt.mode.String())
	}
}
