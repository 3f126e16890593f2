package ory

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"

	gen "github.com/credkit/credkit/gen/ory"
	"github.com/credkit/credkit/sim"
	"github.com/credkit/credkit/unified"
)

func TestSecretRotationAtOnceOnHydra(t *testing.T) {
	h := newHarness(t)
	p := h.provider(t, nil)
	ctx := context.Background()
	client, old := h.NewSecretClient(t)

	before := h.Requests()
	_, err := p.RotateSecret(ctx, client, nil)
	require.ErrorIs(t, err, unified.ReasonImmediateRotation)
	require.Equal(t, before+1, h.Requests(), "only the read was sent")
	require.True(t, h.SecretWorks(client, old), "the refusal changed nothing")

	rot, err := p.RotateSecret(ctx, client, &unified.RotateOptions{AllowImmediateRotation: true})
	require.NoError(t, err)
	require.True(t, h.SecretWorks(client, rot.New.Secret.Reveal()))
	require.False(t, h.SecretWorks(client, old), "no overlap")
	require.False(t, rot.OldValidUntil.IsZero())
	require.NotContains(t, fmt.Sprintf("%v %+v %#v", rot, rot, rot), rot.New.Secret.Reveal())
	var c gen.OAuth2Client
	require.True(t, rot.New.As(&c))
	require.Nil(t, c.ClientSecret, "As carries no secret")
	require.Nil(t, c.RegistrationAccessToken)
	require.NoError(t, p.FinishRotation(ctx, rot), "nothing left to finish")
}

// TestSecretRotationWhoseAnswerIsLost: the patch takes effect but its
// answer never arrives. The secret, made before the request, reaches the
// caller with the error, and sending it again completes the rotation.
func TestSecretRotationWhoseAnswerIsLost(t *testing.T) {
	h := newHarness(t)
	p := h.provider(t, &Options{MaxRetries: -1})
	ctx := context.Background()
	client, old := h.NewSecretClient(t)
	h.Fault(sim.Fault{Kind: sim.FaultDropAfter, Method: http.MethodPatch, PathContains: client})

	rot, err := p.RotateSecret(ctx, client, &unified.RotateOptions{AllowImmediateRotation: true})
	require.ErrorIs(t, err, unified.ErrUnavailable)
	require.NotNil(t, rot, "the rotation comes back with the error")
	require.False(t, rot.New.Secret.IsZero(), "and with the secret")
	require.Equal(t, unified.PhasePending, rot.Phase)
	require.True(t, h.SecretWorks(client, rot.New.Secret.Reveal()), "the lost patch took effect")
	require.False(t, h.SecretWorks(client, old))

	_, err = p.RotateSecret(ctx, client, &unified.RotateOptions{AllowImmediateRotation: true, Resume: rot})
	require.ErrorIs(t, err, unified.ReasonSecretRequired, "resuming without the secret is refused: Hydra never shows it")
	again, err := p.RotateSecret(ctx, client, &unified.RotateOptions{AllowImmediateRotation: true, Resume: rot, NewSecret: rot.New.Secret})
	require.NoError(t, err)
	require.Equal(t, rot.New.Secret.Reveal(), again.New.Secret.Reveal())
	require.True(t, h.SecretWorks(client, rot.New.Secret.Reveal()))
}

func TestRegenerateSecretOnHydra(t *testing.T) {
	h := newHarness(t)
	client, old := h.NewSecretClient(t)
	cred, err := h.provider(t, nil).RegenerateSecret(context.Background(), client)
	require.NoError(t, err)
	require.Equal(t, unified.KindClientSecret, cred.Kind)
	require.True(t, h.SecretWorks(client, cred.Secret.Reveal()))
	require.False(t, h.SecretWorks(client, old))
}

func TestRotationRefusals(t *testing.T) {
	h := newHarness(t)
	p := h.provider(t, &Options{GenerateSecret: func() (string, error) { return "", errors.New("no entropy") }})
	ctx := context.Background()
	public := h.CreateClient(t, gen.OAuth2Client{TokenEndpointAuthMethod: ptr("none"), GrantTypes: &[]string{"authorization_code"}, ResponseTypes: &[]string{"code"}})
	remote := h.CreateClient(t, gen.OAuth2Client{TokenEndpointAuthMethod: ptr("private_key_jwt"), TokenEndpointAuthSigningAlg: ptr("RS256"),
		JwksUri: ptr("https://keys.example/jwks.json"), GrantTypes: &[]string{"client_credentials"}})
	secretClient, _ := h.NewSecretClient(t)
	keyClient, _ := h.NewClient(t)
	for _, tt := range []struct {
		name   string
		client string
		opts   *unified.RotateOptions
		code   error
		reason error
	}{
		{"a public client", public, nil, unified.ErrFailedPrecondition, nil},
		{"keys at a jwks_uri", remote, nil, unified.ErrFailedPrecondition, nil},
		{"no secret can be made", secretClient, &unified.RotateOptions{AllowImmediateRotation: true}, unified.ErrInternal, nil},
		{"a private key that is not one", keyClient, &unified.RotateOptions{NewSecret: unified.NewSecret("not a key")}, unified.ErrInvalidArgument, unified.ReasonSecretNotAccepted},
		{"an unknown client", "credkit-no-such-client", nil, unified.ErrNotFound, nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := p.RotateSecret(ctx, tt.client, tt.opts)
			require.ErrorIs(t, err, tt.code)
			if tt.reason != nil {
				require.ErrorIs(t, err, tt.reason)
			}
		})
	}
}

func TestFinishRotationWhoseNewKeyIsGone(t *testing.T) {
	h := newHarness(t)
	p := h.provider(t, nil)
	ctx := context.Background()
	client, old := h.NewClient(t)
	rot, err := p.RotateSecret(ctx, client, nil)
	require.NoError(t, err)
	require.NoError(t, p.DeleteJSONWebKey(ctx, rot.New.Ref()), "someone removes the new key")
	err = p.FinishRotation(ctx, rot)
	require.ErrorIs(t, err, unified.ReasonNewCredentialGone)
	require.True(t, h.SecretWorks(client, old), "the old key stays")
}
