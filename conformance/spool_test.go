package conformance

import (
	"bytes"
	"os"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestSpool(t *testing.T) {
	s := newSpool()
	require.NoError(t, s.err)
	s.WriteString("one ")
	s.WriteString("two")
	require.EqualValues(t, 7, s.n)
	var buf bytes.Buffer
	require.NoError(t, s.copyTo(&buf))
	require.Equal(t, "one two", buf.String())
	name := s.f.Name()
	s.close()
	_, err := os.Stat(name)
	require.True(t, os.IsNotExist(err), "close removes the file")
	s.close() // twice is harmless
}

func TestSpoolErrorSticks(t *testing.T) {
	s := newSpool()
	s.close()
	s.err = os.ErrClosed
	s.WriteString("lost")
	require.ErrorIs(t, s.copyTo(&bytes.Buffer{}), os.ErrClosed)
}
