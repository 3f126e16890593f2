package okta

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/credkit/credkit/conformance"
	"github.com/credkit/credkit/unified"
)

// TestEveryOktaOperationIsReachable drives the facade and its optional
// interfaces, then requires the set of operations the simulator saw to be
// every operation of specs/okta.yaml.
func TestEveryOktaOperationIsReachable(t *testing.T) {
	h := newHarness(t, nil)
	p := h.provider(t)
	ctx := context.Background()
	app, _ := h.NewClient(t)
	other, _ := h.NewClient(t)
	must := func(_ any, err error) { t.Helper(); require.NoError(t, err) }

	rot, err := p.RotateSecret(ctx, app, nil) // list, create
	require.NoError(t, err)
	must(p.GetSecret(ctx, rot.New.Ref()))
	must(p.DeactivateSecret(ctx, rot.New.Ref()))
	must(p.ActivateSecret(ctx, rot.New.Ref()))
	require.NoError(t, p.FinishRotation(ctx, rot)) // deactivate, delete

	rsaKey, err := rsa.GenerateKey(rand.Reader, 2048)
	require.NoError(t, err)
	key, err := p.AddJSONWebKey(ctx, app, unified.NewJSONWebKey{KeyID: "k1", Public: &rsaKey.PublicKey})
	require.NoError(t, err)
	must(p.ListJSONWebKeys(ctx, app))
	must(p.GetJSONWebKey(ctx, key.Ref()))
	must(p.DeactivateJSONWebKey(ctx, key.Ref()))
	must(p.ActivateJSONWebKey(ctx, key.Ref()))
	must(p.DeactivateJSONWebKey(ctx, key.Ref()))
	require.NoError(t, p.DeleteJSONWebKey(ctx, key.Ref()))

	kc, err := p.GenerateKeyCredential(ctx, app, 3)
	require.NoError(t, err)
	must(p.ListKeyCredentials(ctx, app))
	must(p.GetKeyCredential(ctx, kc.Ref()))
	must(p.CloneKeyCredential(ctx, kc.Ref(), other))

	csr, err := p.GenerateCSR(ctx, app, unified.CSRSubject{CommonName: "reach"})
	require.NoError(t, err)
	must(p.ListCSRs(ctx, app))
	must(p.GetCSR(ctx, csr.Ref()))
	must(p.PublishCSR(ctx, csr.Ref(), signCSR(t, csr, 365)))
	doomed, err := p.GenerateCSR(ctx, app, unified.CSRSubject{CommonName: "doomed"})
	require.NoError(t, err)
	require.NoError(t, p.RevokeCSR(ctx, doomed.Ref()))

	tok := h.Server.IssueRefreshToken(app, "00u1", []string{"offline_access"})
	collect(t, p.ListRefreshTokens(ctx, app, nil))
	must(p.GetRefreshToken(ctx, unified.CredentialRef{ClientID: app, ID: tok}))
	require.NoError(t, p.RevokeRefreshToken(ctx, unified.CredentialRef{ClientID: app, ID: tok}))
	require.NoError(t, p.RevokeAllRefreshTokens(ctx, app))

	specs, err := conformance.BundledSpecs()
	require.NoError(t, err)
	want := map[string]bool{}
	for _, s := range specs {
		if s.Name != "okta" {
			continue
		}
		for _, item := range s.Doc.Paths.Map() {
			for _, op := range item.Operations() {
				want[op.OperationID] = true
			}
		}
	}
	seen := map[string]bool{}
	for _, r := range h.checked.Results() {
		seen[r.OperationID] = true
	}
	require.Len(t, want, 25)
	for op := range want {
		require.True(t, seen[op], "%s is not reached through the facade", op)
	}
}
