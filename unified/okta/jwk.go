package okta

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"math/big"
	"time"

	gen "github.com/credkit/credkit/gen/okta"
	"github.com/credkit/credkit/unified"
	"github.com/credkit/credkit/unified/driver"
)

// decodeJWK reads one key of Okta's JSON Web Key answers. A missing or
// null "use" means a signing key (okta-sdk-dotnet#856).
func decodeJWK(appID string, key gen.OAuth2ClientJsonWebKey) (unified.JSONWebKey, error) {
	raw, err := key.MarshalJSON()
	if err != nil {
		return unified.JSONWebKey{}, err
	}
	var f struct {
		ID          string     `json:"id"`
		KeyID       *string    `json:"kid"`
		Status      string     `json:"status"`
		Kty         string     `json:"kty"`
		Use         *string    `json:"use"`
		Alg         *string    `json:"alg"`
		N           string     `json:"n"`
		E           string     `json:"e"`
		Crv         string     `json:"crv"`
		X           string     `json:"x"`
		Y           string     `json:"y"`
		Created     *time.Time `json:"created"`
		LastUpdated *time.Time `json:"lastUpdated"`
	}
	if err := json.Unmarshal(raw, &f); err != nil {
		return unified.JSONWebKey{}, fmt.Errorf("JSON Web Key: %w", err)
	}
	use := "sig"
	if f.Use != nil && *f.Use != "" {
		use = *f.Use
	}
	if use != "sig" && use != "enc" {
		return unified.JSONWebKey{}, fmt.Errorf("JSON Web Key %s: unknown use %q", f.ID, use)
	}
	pub, err := publicKey(f.Kty, f.N, f.E, f.Crv, f.X, f.Y)
	if err != nil {
		return unified.JSONWebKey{}, fmt.Errorf("JSON Web Key %s: %w", f.ID, err)
	}
	cred := driver.WithVendorValue(unified.Credential{
		Vendor: unified.Okta, ClientID: appID, ID: f.ID, Kind: unified.KindJSONWebKey,
		Status: unified.Status(f.Status), Created: derefTime(f.Created), Updated: derefTime(f.LastUpdated),
	}, key)
	return unified.JSONWebKey{Credential: cred, KeyID: deref(f.KeyID), KeyType: f.Kty, Use: use, Algorithm: deref(f.Alg), Public: pub}, nil
}

// publicKey decodes the public parameters of an RSA or EC key; a key
// without them (Okta may omit them) gives nil.
func publicKey(kty, n, e, crv, x, y string) (crypto.PublicKey, error) {
	switch kty {
	case "RSA":
		if n == "" || e == "" {
			return nil, nil
		}
		nb, err1 := base64.RawURLEncoding.DecodeString(n)
		eb, err2 := base64.RawURLEncoding.DecodeString(e)
		if err1 != nil || err2 != nil || len(eb) > 4 || len(eb) == 0 {
			return nil, fmt.Errorf("RSA parameters are not base64url")
		}
		return &rsa.PublicKey{N: new(big.Int).SetBytes(nb), E: int(new(big.Int).SetBytes(eb).Int64())}, nil
	case "EC":
		if x == "" || y == "" {
			return nil, nil
		}
		return ecKey(crv, x, y)
	}
	return nil, fmt.Errorf("unknown key type %q", kty)
}

func ecKey(crv, x, y string) (crypto.PublicKey, error) {
	curves := map[string]elliptic.Curve{"P-256": elliptic.P256(), "P-384": elliptic.P384(), "P-521": elliptic.P521()}
	curve, ok := curves[crv]
	if !ok {
		return nil, fmt.Errorf("unknown EC curve %q", crv)
	}
	xb, err1 := base64.RawURLEncoding.DecodeString(x)
	yb, err2 := base64.RawURLEncoding.DecodeString(y)
	size := (curve.Params().BitSize + 7) / 8
	if err1 != nil || err2 != nil || len(xb) != size || len(yb) != size {
		return nil, fmt.Errorf("EC parameters do not fit %s", crv)
	}
	pub, err := ecdsa.ParseUncompressedPublicKey(curve, append(append([]byte{4}, xb...), yb...))
	if err != nil {
		return nil, fmt.Errorf("EC point: %w", err)
	}
	return pub, nil
}
