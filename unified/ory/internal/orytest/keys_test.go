package orytest

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func TestKeyPool(t *testing.T) {
	a, err := NewKey()
	require.NoError(t, err)
	b, err := NewKey()
	require.NoError(t, err)
	require.False(t, a.Equal(b), "two keys in a row differ")
	require.Equal(t, 2048, a.N.BitLen())
	require.True(t, a.Equal(parseKey(PrivatePEM(a))), "PrivatePEM reads back")
	for _, notKey := range []string{"", "a client secret", "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n"} {
		require.Nil(t, parseKey(notKey), "%q", notKey)
	}
}
