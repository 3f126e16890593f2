package unified

import (
	"fmt"
	"testing"
	"unsafe"

	"github.com/stretchr/testify/require"

	"github.com/credkit/credkit/unified/internal/access"
)

func TestCredentialAs(t *testing.T) {
	type oktaSecret struct{ SecretHash, ClientSecret string }
	set := access.CredentialValue.(func(Credential, any, unsafe.Pointer) Credential)
	value := oktaSecret{SecretHash: "h", ClientSecret: "s3cr3t-value"}
	// What WithVendorPointer hands set: a pointer to a T, or to an item of a []T.
	ptr := unsafe.Pointer(&value)                       //nolint:gosec // G103: the typed pointer of unified.Credential
	item := unsafe.Pointer(&[]oktaSecret{{}, value}[1]) //nolint:gosec // G103: the typed pointer of unified.Credential
	type pair struct{ A, B int }
	for _, c := range []struct {
		name string
		cred Credential
	}{
		{"a struct", set(Credential{ClientID: "0oa1", ID: "ocs1"}, (*oktaSecret)(nil), ptr)},
		{"an item of a slice", set(Credential{ClientID: "0oa1", ID: "ocs1"}, (*oktaSecret)(nil), item)},
	} {
		t.Run(c.name, func(t *testing.T) {
			cred := c.cred
			var got oktaSecret
			require.True(t, cred.As(&got))
			require.Equal(t, value, got)
			got.SecretHash = "changed"
			var again oktaSecret
			require.True(t, cred.As(&again))
			require.Equal(t, "h", again.SecretHash, "As gives a copy")
			var other string
			require.False(t, cred.As(&other))
			require.False(t, cred.As(nil))
			require.False(t, cred.As(got), "As needs a pointer")
			require.Equal(t, CredentialRef{ClientID: "0oa1", ID: "ocs1"}, cred.Ref())
			for _, verb := range []string{"%v", "%+v", "%#v", "%s"} {
				require.NotContains(t, fmt.Sprintf(verb, cred), "s3cr3t", "printed with %s", verb)
				require.NotContains(t, fmt.Sprintf(verb, []Credential{cred}), "s3cr3t", "printed in a slice with %s", verb)
			}
		})
	}
	require.False(t, set(Credential{}, (*oktaSecret)(nil), nil).As(new(oktaSecret)), "a nil pointer reaches nothing")
	var p pair
	require.False(t, set(Credential{}, (*oktaSecret)(nil), ptr).As(&p), "another type")
	require.False(t, Credential{}.As(new(oktaSecret)), "no vendor value")
}

func TestHint(t *testing.T) {
	require.Equal(t, "…wxyz", Hint(NewSecret("abcdefghijklmnopqrstuvwxyz")))
	require.Empty(t, Hint(NewSecret("short-secret")), "a short secret gets no hint")
	require.Empty(t, Hint(Secret{}))
}
