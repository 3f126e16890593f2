package okta

import (
	"context"
	"crypto/x509"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
	"gopkg.in/dnaeon/go-vcr.v3/recorder"

	"github.com/credkit/credkit/unified"
)

// replayRealWorld returns a provider whose requests are answered from one of
// the real Okta recordings in cassettes/okta/realworld, and nothing else.
func replayRealWorld(t *testing.T, name string) *unified.Provider {
	t.Helper()
	rec, err := recorder.NewWithOptions(&recorder.Options{
		CassetteName: filepath.Join("..", "..", "cassettes", "okta", "realworld", name),
		Mode:         recorder.ModeReplayOnly,
	})
	require.NoError(t, err)
	t.Cleanup(func() { require.NoError(t, rec.Stop()) })
	p, err := newProvider(Config{OrgURL: "https://test.okta.com", APIToken: "replayed"}, &Options{HTTPTransport: rec, MaxRetries: -1})
	require.NoError(t, err)
	return p
}

// TestRealWorldInteractionsDecode drives the adapter through every real
// interaction it can send (all but the one with expand=user, a value the
// unified API never asks for) and checks what it decoded.
func TestRealWorldInteractionsDecode(t *testing.T) {
	ctx := context.Background()
	t.Run("secrets and a refused JSON Web Key", func(t *testing.T) {
		p := replayRealWorld(t, "ApplicationSSOPublicKeys__sso_public_keys_lifecycle")
		const app = "0oas92c5r8A1EQacI5d7"
		secrets, err := p.ListSecrets(ctx, app)
		require.NoError(t, err)
		require.Len(t, secrets, 1)
		require.Equal(t, unified.StatusActive, secrets[0].Status)
		require.Equal(t, "ryjGcJw-rwrUtHi-1DeWng", secrets[0].Hint)
		require.False(t, secrets[0].Secret.IsZero(), "Okta returns the value on list")
		created, err := p.CreateSecret(ctx, app, nil)
		require.NoError(t, err)
		require.Equal(t, "ocss9288npzaKNsaK5d7", created.ID)
		got, err := p.GetSecret(ctx, created.Ref())
		require.NoError(t, err)
		require.Equal(t, created.Created, got.Created)
		_, err = p.AddJSONWebKey(ctx, app, unified.NewJSONWebKey{KeyID: "test-key-2048", Public: smallRSAKey(t)})
		require.ErrorIs(t, err, unified.ErrInvalidArgument)
		require.ErrorContains(t, err, "RSA key length in the 'jwks' is less than '2,048' bits")
		require.ErrorContains(t, err, "request oaehu5F5OZUT9qx-T0kj9p6yw")
	})
	t.Run("refresh tokens", func(t *testing.T) {
		p := replayRealWorld(t, "ApplicationTokens__application_tokens_lifecycle")
		require.Empty(t, collect(t, p.ListRefreshTokens(ctx, "0oaqcnb0l3pBUoVPq1d7", nil)))
		_, err := p.GetRefreshToken(ctx, unified.CredentialRef{ClientID: "0oaqcnb0l3pBUoVPq1d7", ID: "non-existent-token-id"})
		require.ErrorIs(t, err, unified.ErrNotFound)
		require.ErrorContains(t, err, "(OAuth2RefreshTokenTx)")
		require.NoError(t, p.RevokeAllRefreshTokens(ctx, "0oaqcnb0l3pBUoVPq1d7"))
	})
	t.Run("refresh token errors", func(t *testing.T) {
		p := replayRealWorld(t, "ApplicationTokens__error_scenarios")
		ref := unified.CredentialRef{ClientID: "0oaqcndnt5dIiUQ5Y1d7", ID: "invalid-token-id-123"}
		_, err := p.GetRefreshToken(ctx, ref)
		require.ErrorIs(t, err, unified.ErrNotFound)
		require.ErrorIs(t, p.RevokeRefreshToken(ctx, ref), unified.ErrNotFound)
		for _, err := range p.ListRefreshTokens(ctx, "invalid-app-id-123", nil) {
			require.ErrorIs(t, err, unified.ErrNotFound)
			require.ErrorContains(t, err, "(AppInstance)")
		}
	})
	t.Run("refresh token pages", func(t *testing.T) {
		require.Empty(t, collect(t, replayRealWorld(t, "ApplicationTokens__get_token_with_expand_parameter").ListRefreshTokens(ctx, "0oaqcnjmqlwufmlQy1d7", nil)))
		p := replayRealWorld(t, "ApplicationTokens__list_tokens_with_expand_parameter")
		require.Empty(t, collect(t, p.ListRefreshTokens(ctx, "0oaqcng9761Sp3LO91d7", &unified.ListRefreshTokensOptions{PageSize: 10})))
		p = replayRealWorld(t, "ApplicationTokens__with_http_info_methods")
		require.Empty(t, collect(t, p.ListRefreshTokens(ctx, "0oaqcnj1cpSTNMke51d7", nil)))
		require.NoError(t, p.RevokeAllRefreshTokens(ctx, "0oaqcnj1cpSTNMke51d7"))
	})
	t.Run("key credentials", func(t *testing.T) {
		p := replayRealWorld(t, "Applications__clone_app_key")
		key, err := p.GenerateKeyCredential(ctx, "0oasf8prpT3996rpQ4x6", 2)
		require.NoError(t, err)
		requireCertificate(t, key)
		clone, err := p.CloneKeyCredential(ctx, key.Ref(), "0oasfbgyk9lgw5HXc4x6")
		require.NoError(t, err)
		require.Equal(t, key.ID, clone.ID)
		require.Equal(t, "0oasfbgyk9lgw5HXc4x6", clone.ClientID)

		p = replayRealWorld(t, "Applications__generate_app_key")
		key, err = p.GenerateKeyCredential(ctx, "0oasfb9x6EOsa19qU4x6", 2)
		require.NoError(t, err)
		got, err := p.GetKeyCredential(ctx, key.Ref())
		require.NoError(t, err)
		require.Equal(t, key.Thumbprint, got.Thumbprint)

		for _, name := range []string{"Applications__get_app_keys", "Applications__list_app_keys"} {
			p = replayRealWorld(t, name)
			app := map[string]string{"Applications__get_app_keys": "0oasfahfaQH7DqZ004x6", "Applications__list_app_keys": "0oasff8haDk1BM2wP4x6"}[name]
			keys, err := p.ListKeyCredentials(ctx, app)
			require.NoError(t, err)
			require.Len(t, keys, 1)
			requireCertificate(t, keys[0])
			require.Equal(t, 2030, keys[0].Expires.Year())
		}
		_, err = replayRealWorld(t, "Applications__get_app_keys").GetKeyCredential(ctx, unified.CredentialRef{ClientID: "0oasfahfaQH7DqZ004x6", ID: "SfJtU0sKQshujd3m6stAbFtzpeGNmXtFH_98Zrp-lyg"})
		require.NoError(t, err)
	})
	t.Run("CSRs", func(t *testing.T) {
		p := replayRealWorld(t, "Applications__generate_csr")
		csr, err := p.GenerateCSR(ctx, "0oasfagvbWDYIbNjf4x6", unified.CSRSubject{CommonName: "SP Issuer"})
		require.NoError(t, err)
		requireCSR(t, csr)

		p = replayRealWorld(t, "Applications__get_csr")
		csr, err = p.GenerateCSR(ctx, "0oasfdyaoG2pOqHre4x6", unified.CSRSubject{CommonName: "SP Issuer"})
		require.NoError(t, err)
		got, err := p.GetCSR(ctx, csr.Ref())
		require.NoError(t, err)
		require.Equal(t, csr.DER, got.DER)

		p = replayRealWorld(t, "Applications__revoke_csr")
		csr, err = p.GenerateCSR(ctx, "0oasfck40g6h7uUZk4x6", unified.CSRSubject{CommonName: "SP Issuer"})
		require.NoError(t, err)
		_, err = p.GetCSR(ctx, csr.Ref())
		require.NoError(t, err)
		require.NoError(t, p.RevokeCSR(ctx, csr.Ref()))
		csrs, err := p.ListCSRs(ctx, "0oasfck40g6h7uUZk4x6")
		require.NoError(t, err)
		require.Empty(t, csrs)
	})
}

func requireCertificate(t *testing.T, k unified.KeyCredential) {
	t.Helper()
	require.NotEmpty(t, k.Certificates)
	cert, err := x509.ParseCertificate(k.Certificates[0])
	require.NoError(t, err)
	require.Equal(t, k.Expires.Unix(), cert.NotAfter.Unix())
}

func requireCSR(t *testing.T, c unified.CSR) {
	t.Helper()
	req, err := x509.ParseCertificateRequest(c.DER)
	require.NoError(t, err)
	require.Equal(t, "SP Issuer", req.Subject.CommonName)
	require.Equal(t, unified.StatusPending, c.Status)
}

func collect[T any](t *testing.T, seq func(func(T, error) bool)) []T {
	t.Helper()
	var out []T
	for v, err := range seq {
		require.NoError(t, err)
		out = append(out, v)
	}
	return out
}
