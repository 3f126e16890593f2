package unified

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/credkit/credkit/unified/internal/access"
)

func TestCredentialAs(t *testing.T) {
	type oktaSecret struct{ SecretHash string }
	set := access.CredentialValue.(func(Credential, func() any) Credential)
	c := set(Credential{ClientID: "0oa1", ID: "ocs1"}, func() any { return oktaSecret{SecretHash: "h"} })
	var got oktaSecret
	require.True(t, c.As(&got))
	require.Equal(t, "h", got.SecretHash)
	var other string
	require.False(t, c.As(&other))
	require.False(t, c.As(nil))
	require.False(t, c.As(got), "As needs a pointer")
	require.Equal(t, CredentialRef{ClientID: "0oa1", ID: "ocs1"}, c.Ref())
}

func TestHint(t *testing.T) {
	require.Equal(t, "…wxyz", Hint(NewSecret("abcdefghijklmnopqrstuvwxyz")))
	require.Empty(t, Hint(NewSecret("short-secret")), "a short secret gets no hint")
	require.Empty(t, Hint(Secret{}))
}
