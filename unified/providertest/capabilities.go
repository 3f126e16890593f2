package providertest

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/credkit/credkit/unified"
)

// operation is one operation of the user's API, with the capability that
// says whether the provider can do it.
type operation struct {
	name    string
	claimed func(unified.Capabilities) bool
	call    func(ctx context.Context, p *unified.Provider, client string) error
}

// operations are every optional operation of the user's API; a provider
// implements all of them, and answers Unimplemented for those its
// Capabilities deny.
var operations = []operation{
	{"ListSecrets", func(c unified.Capabilities) bool { return c.ListSecrets }, func(ctx context.Context, p *unified.Provider, client string) error {
		_, err := p.ListSecrets(ctx, client)
		return err
	}},
	{"GetSecret", func(c unified.Capabilities) bool { return c.GetSecret }, func(ctx context.Context, p *unified.Provider, client string) error {
		_, err := p.GetSecret(ctx, ref(client))
		return err
	}},
	{"CreateSecret", func(c unified.Capabilities) bool { return c.CreateSecret }, func(ctx context.Context, p *unified.Provider, client string) error {
		_, err := p.CreateSecret(ctx, client, nil)
		return err
	}},
	{"RevokeSecret", func(c unified.Capabilities) bool { return c.RevokeSecret }, func(ctx context.Context, p *unified.Provider, client string) error {
		return p.RevokeSecret(ctx, ref(client))
	}},
	{"ActivateSecret", func(c unified.Capabilities) bool { return c.SecretStates }, func(ctx context.Context, p *unified.Provider, client string) error {
		_, err := p.ActivateSecret(ctx, ref(client))
		return err
	}},
	{"DeactivateSecret", func(c unified.Capabilities) bool { return c.SecretStates }, func(ctx context.Context, p *unified.Provider, client string) error {
		_, err := p.DeactivateSecret(ctx, ref(client))
		return err
	}},
	{"ListJSONWebKeys", func(c unified.Capabilities) bool { return c.JSONWebKeys }, func(ctx context.Context, p *unified.Provider, client string) error {
		_, err := p.ListJSONWebKeys(ctx, client)
		return err
	}},
	{"DeleteJSONWebKey", func(c unified.Capabilities) bool { return c.JSONWebKeys }, func(ctx context.Context, p *unified.Provider, client string) error {
		return p.DeleteJSONWebKey(ctx, ref(client))
	}},
	{"ListKeyCredentials", func(c unified.Capabilities) bool { return c.KeyCredentials }, func(ctx context.Context, p *unified.Provider, client string) error {
		_, err := p.ListKeyCredentials(ctx, client)
		return err
	}},
	{"GenerateKeyCredential", func(c unified.Capabilities) bool { return c.KeyCredentials }, func(ctx context.Context, p *unified.Provider, client string) error {
		_, err := p.GenerateKeyCredential(ctx, client, 2)
		return err
	}},
	{"ListCSRs", func(c unified.Capabilities) bool { return c.CSRs }, func(ctx context.Context, p *unified.Provider, client string) error {
		_, err := p.ListCSRs(ctx, client)
		return err
	}},
	{"RevokeCSR", func(c unified.Capabilities) bool { return c.CSRs }, func(ctx context.Context, p *unified.Provider, client string) error {
		return p.RevokeCSR(ctx, ref(client))
	}},
	{"ListRefreshTokens", func(c unified.Capabilities) bool { return c.RefreshTokens }, func(ctx context.Context, p *unified.Provider, client string) error {
		for _, err := range p.ListRefreshTokens(ctx, client, nil) {
			return err
		}
		return nil
	}},
	{"RevokeAllRefreshTokens", func(c unified.Capabilities) bool { return c.RefreshTokens }, func(ctx context.Context, p *unified.Provider, client string) error {
		return p.RevokeAllRefreshTokens(ctx, client)
	}},
	{"ListClients", func(c unified.Capabilities) bool { return c.ListClients }, func(ctx context.Context, p *unified.Provider, _ string) error {
		for _, err := range p.ListClients(ctx) {
			return err
		}
		return nil
	}},
	{"RegenerateSecret", func(c unified.Capabilities) bool { return c.RegenerateSecret }, func(ctx context.Context, p *unified.Provider, client string) error {
		_, err := p.RegenerateSecret(ctx, client)
		return err
	}},
}

func ref(client string) unified.CredentialRef {
	return unified.CredentialRef{ClientID: client, ID: "x1"}
}

// testCapabilities checks, as go-cloud's drivertest does, that every
// operation Capabilities denies is refused with Unimplemented and
// unified.ReasonNotSupported, naming the vendor and the operation, without
// a request; and that the provider implements every optional interface.
func testCapabilities(t *testing.T, h Harness) {
	p := h.NewProvider(t)
	client, _ := h.NewClient(t)
	caps := p.Capabilities()
	ctx := context.Background()
	for _, op := range operations {
		if op.claimed(caps) {
			continue
		}
		t.Run(op.name, func(t *testing.T) {
			before := h.Requests()
			err := op.call(ctx, p, client)
			require.ErrorIs(t, err, unified.ErrUnimplemented)
			require.ErrorIs(t, err, unified.ReasonNotSupported)
			requireNamed(t, err, p.Vendor(), op.name)
			require.Equal(t, before, h.Requests(), "%s sent a request for an operation it cannot do", op.name)
		})
	}
	require.True(t, caps.RotateInPlace != caps.RotateReplacesClient, "a provider rotates one way")
	require.Positive(t, caps.MaxSecrets)
}

// requireNamed checks that err is one *unified.Error naming vendor and op.
func requireNamed(t *testing.T, err error, vendor unified.Vendor, op string) {
	t.Helper()
	e, ok := err.(*unified.Error) //nolint:errorlint // the point: a *unified.Error itself, not wrapped
	require.True(t, ok, "the error is a *unified.Error itself, not wrapped: %T", err)
	require.Equal(t, vendor, e.Vendor)
	require.Equal(t, op, e.Op)
}
