package reliability

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"sync"

	"github.com/credkit/credkit/unified"
)

// ecKey is a public key for AddJSONWebKey calls; what matters is the IDs.
var ecKey = sync.OnceValue(func() *ecdsa.PublicKey {
	k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		panic(err)
	}
	return &k.PublicKey
})

// idCalls returns every method of p that takes an ID, the portable ones
// and those of the optional interfaces p implements, each calling it with
// client as the client ID (and target client ID) and id as the
// credential's ID.
func idCalls(p *unified.Provider, rotate *unified.RotateOptions, client, id string) map[string]func(context.Context) error {
	ref := unified.CredentialRef{ClientID: client, ID: id}
	calls := map[string]func(context.Context) error{
		"ListSecrets":  func(ctx context.Context) error { _, err := p.ListSecrets(ctx, client); return err },
		"GetSecret":    func(ctx context.Context) error { _, err := p.GetSecret(ctx, ref); return err },
		"CreateSecret": func(ctx context.Context) error { _, err := p.CreateSecret(ctx, client, nil); return err },
		"RevokeSecret": func(ctx context.Context) error { return p.RevokeSecret(ctx, ref) },
		"RotateSecret": func(ctx context.Context) error { _, err := p.RotateSecret(ctx, client, rotate); return err },
		"FinishRotation": func(ctx context.Context) error {
			return p.FinishRotation(ctx, &unified.Rotation{Vendor: p.Vendor(), ClientID: client, NewClientID: client,
				New: unified.Credential{Vendor: p.Vendor(), ClientID: client, ID: id}, Old: ref})
		},
	}
	if m := p; p.Capabilities().JSONWebKeys {
		calls["ListJSONWebKeys"] = func(ctx context.Context) error { _, err := m.ListJSONWebKeys(ctx, client); return err }
		calls["GetJSONWebKey"] = func(ctx context.Context) error { _, err := m.GetJSONWebKey(ctx, ref); return err }
		calls["AddJSONWebKey"] = func(ctx context.Context) error {
			_, err := m.AddJSONWebKey(ctx, client, unified.NewJSONWebKey{KeyID: "k1", Public: ecKey()})
			return err
		}
		calls["ActivateJSONWebKey"] = func(ctx context.Context) error { _, err := m.ActivateJSONWebKey(ctx, ref); return err }
		calls["DeactivateJSONWebKey"] = func(ctx context.Context) error { _, err := m.DeactivateJSONWebKey(ctx, ref); return err }
		calls["DeleteJSONWebKey"] = func(ctx context.Context) error { return m.DeleteJSONWebKey(ctx, ref) }
	}
	if m := p; p.Capabilities().KeyCredentials {
		calls["ListKeyCredentials"] = func(ctx context.Context) error { _, err := m.ListKeyCredentials(ctx, client); return err }
		calls["GetKeyCredential"] = func(ctx context.Context) error { _, err := m.GetKeyCredential(ctx, ref); return err }
		calls["GenerateKeyCredential"] = func(ctx context.Context) error { _, err := m.GenerateKeyCredential(ctx, client, 2); return err }
		calls["CloneKeyCredential"] = func(ctx context.Context) error { _, err := m.CloneKeyCredential(ctx, ref, client); return err }
	}
	if m := p; p.Capabilities().CSRs {
		calls["ListCSRs"] = func(ctx context.Context) error { _, err := m.ListCSRs(ctx, client); return err }
		calls["GetCSR"] = func(ctx context.Context) error { _, err := m.GetCSR(ctx, ref); return err }
		calls["GenerateCSR"] = func(ctx context.Context) error {
			_, err := m.GenerateCSR(ctx, client, unified.CSRSubject{CommonName: "credkit.example", Country: "US"})
			return err
		}
		calls["PublishCSR"] = func(ctx context.Context) error {
			_, err := m.PublishCSR(ctx, ref, []byte{0x30, 0x03, 0x02, 0x01, 0x01})
			return err
		}
		calls["RevokeCSR"] = func(ctx context.Context) error { return m.RevokeCSR(ctx, ref) }
	}
	if m := p; p.Capabilities().RefreshTokens {
		calls["ListRefreshTokens"] = func(ctx context.Context) error {
			for _, err := range m.ListRefreshTokens(ctx, client, nil) {
				if err != nil {
					return err
				}
			}
			return nil
		}
		calls["GetRefreshToken"] = func(ctx context.Context) error { _, err := m.GetRefreshToken(ctx, ref); return err }
		calls["RevokeRefreshToken"] = func(ctx context.Context) error { return m.RevokeRefreshToken(ctx, ref) }
		calls["RevokeAllRefreshTokens"] = func(ctx context.Context) error { return m.RevokeAllRefreshTokens(ctx, client) }
	}
	if m := p; p.Capabilities().SecretStates {
		calls["ActivateSecret"] = func(ctx context.Context) error { _, err := m.ActivateSecret(ctx, ref); return err }
		calls["DeactivateSecret"] = func(ctx context.Context) error { _, err := m.DeactivateSecret(ctx, ref); return err }
	}
	if m := p; p.Capabilities().RegenerateSecret {
		calls["RegenerateSecret"] = func(ctx context.Context) error { _, err := m.RegenerateSecret(ctx, client); return err }
	}
	return calls
}

// optional reports whether op belongs to an optional interface.
func optional(op string) bool {
	switch op {
	case "ListSecrets", "GetSecret", "CreateSecret", "RevokeSecret", "RotateSecret", "FinishRotation":
		return false
	}
	return true
}

// takesCredentialID reports whether op puts a credential ID in its request
// (the others take a client ID only).
func takesCredentialID(op string) bool {
	switch op {
	case "ListSecrets", "CreateSecret", "RotateSecret", "ListJSONWebKeys", "AddJSONWebKey", "ListKeyCredentials",
		"GenerateKeyCredential", "ListCSRs", "GenerateCSR", "ListRefreshTokens", "RevokeAllRefreshTokens", "RegenerateSecret":
		return false
	}
	return true
}
