package sailpoint

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/credkit/credkit/unified"
)

func TestSecretOperationsAreUnimplemented(t *testing.T) {
	h := newHarness(t, nil)
	ctx := context.Background()
	client, secret := h.sim.CreateClient("client", nil)
	ref := unified.CredentialRef{ClientID: client, ID: client}
	cases := map[string]func() error{
		"ListSecrets": func() error {
			got, err := h.p.ListSecrets(ctx, client)
			require.Nil(t, got)
			return err
		},
		"GetSecret": func() error {
			got, err := h.p.GetSecret(ctx, ref)
			require.Zero(t, got.ID)
			return err
		},
		"CreateSecret": func() error {
			got, err := h.p.CreateSecret(ctx, client, &unified.CreateSecretOptions{Value: unified.NewSecret("chosen-by-the-caller")})
			require.True(t, got.Secret.IsZero())
			return err
		},
		"RevokeSecret": func() error { return h.p.RevokeSecret(ctx, ref) },
	}
	for op, call := range cases {
		t.Run(op, func(t *testing.T) {
			e := requireError(t, call(), unified.Unimplemented, op)
			require.Equal(t, "SailPoint shows a client's secret only when the client is created; rotate to get a new one", e.Message)
			require.Zero(t, e.HTTPStatus)
		})
	}
	require.Zero(t, h.seen.count(""), "no request was sent")
	require.True(t, h.sim.SecretWorks(client, secret), "RevokeSecret touched nothing")
}

func TestSecretOperationsCheckIDsFirst(t *testing.T) {
	h := newHarness(t, nil)
	_, err := h.p.GetSecret(context.Background(), unified.CredentialRef{ClientID: "2c91", ID: "a/b"})
	e := requireError(t, err, unified.InvalidArgument, "GetSecret")
	require.Contains(t, e.Message, "secret ID")
	require.Zero(t, h.seen.count(""))
}
