package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestProgressDraws(t *testing.T) {
	var b bytes.Buffer
	p := &progress{w: &b, label: "rotating"}
	p.update(1, 3)
	p.update(3, 3)
	p.finish()
	require.Equal(t, ""+
		"\rrotating [==========                    ] 1/3"+
		"\rrotating [==============================] 3/3"+
		"\r\033[K", b.String())
}

func TestProgressOnlyOnTerminals(t *testing.T) {
	var b bytes.Buffer
	p := newProgress(&b, isTerminal(&b), "rotating", 10)
	p.update(5, 10)
	p.finish()
	require.Empty(t, b.String(), "a buffer is not a terminal")

	f, err := os.Create(filepath.Join(t.TempDir(), "log"))
	require.NoError(t, err)
	defer func() { require.NoError(t, f.Close()) }()
	require.False(t, isTerminal(f), "a regular file is not a terminal")
	p = newProgress(f, isTerminal(f), "rotating", 10)
	p.update(5, 10)
	info, err := f.Stat()
	require.NoError(t, err)
	require.Zero(t, info.Size())
}

func TestProgressNotForOneItem(t *testing.T) {
	p := newProgress(os.Stderr, true, "rotating", 1)
	require.Nil(t, p.w)
}
