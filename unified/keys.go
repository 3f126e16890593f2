package unified

import (
	"context"
	"crypto"
)

// JSONWebKey is a public key an OAuth client authenticates or receives
// encrypted tokens with. Its Credential.ID is the vendor's key ID (Okta's
// "pks…"), KeyID the JWK "kid".
type JSONWebKey struct {
	Credential
	KeyID string `json:"kid"`
	// KeyType is "RSA" or "EC"; Use is "sig" or "enc".
	KeyType   string `json:"kty"`
	Use       string `json:"use"`
	Algorithm string `json:"alg,omitempty"`
	// Public is the decoded key (*rsa.PublicKey or *ecdsa.PublicKey), nil
	// when the vendor's answer does not carry its parameters.
	Public crypto.PublicKey `json:"-"`
}

// NewJSONWebKey describes a key to add. Public must be an *rsa.PublicKey
// (at least 2048 bits) or an *ecdsa.PublicKey.
type NewJSONWebKey struct {
	KeyID string
	// Use is "sig" (the default) or "enc".
	Use       string
	Algorithm string
	Public    crypto.PublicKey
	// Inactive adds the key without activating it.
	Inactive bool
}

// JSONWebKeyManager manages a client's JSON Web Keys (Okta).
type JSONWebKeyManager interface {
	ListJSONWebKeys(ctx context.Context, clientID string) ([]JSONWebKey, error)
	GetJSONWebKey(ctx context.Context, ref CredentialRef) (JSONWebKey, error)
	AddJSONWebKey(ctx context.Context, clientID string, key NewJSONWebKey) (JSONWebKey, error)
	ActivateJSONWebKey(ctx context.Context, ref CredentialRef) (JSONWebKey, error)
	DeactivateJSONWebKey(ctx context.Context, ref CredentialRef) (JSONWebKey, error)
	DeleteJSONWebKey(ctx context.Context, ref CredentialRef) error
}

// KeyCredential is an X.509 signing key of a client. Its Credential.ID is
// the key's "kid".
type KeyCredential struct {
	Credential
	KeyType string `json:"kty"`
	// Certificates is the DER chain, leaf first.
	Certificates [][]byte `json:"x5c"`
	// Thumbprint is the base64url SHA-256 of the leaf certificate.
	Thumbprint string `json:"x5t#S256,omitempty"`
}

// KeyCredentialManager manages a client's X.509 key credentials (Okta).
type KeyCredentialManager interface {
	ListKeyCredentials(ctx context.Context, clientID string) ([]KeyCredential, error)
	GetKeyCredential(ctx context.Context, ref CredentialRef) (KeyCredential, error)
	// GenerateKeyCredential creates a self-signed key valid for
	// validityYears (Okta: 2 to 10).
	GenerateKeyCredential(ctx context.Context, clientID string, validityYears int) (KeyCredential, error)
	// CloneKeyCredential copies a key to another client.
	CloneKeyCredential(ctx context.Context, ref CredentialRef, targetClientID string) (KeyCredential, error)
}

// CSR is a certificate signing request a vendor holds the key of. Its
// Credential.ID is the vendor's CSR ID.
type CSR struct {
	Credential
	KeyType string `json:"kty"`
	// DER is the PKCS#10 request.
	DER []byte `json:"der"`
}

// CSRSubject is what a CSR asks to be certified.
type CSRSubject struct {
	CommonName, Organization, OrganizationalUnit string
	Locality, Province, Country                  string
	DNSNames                                     []string
}

// CSRManager manages a client's certificate signing requests (Okta).
type CSRManager interface {
	ListCSRs(ctx context.Context, clientID string) ([]CSR, error)
	GetCSR(ctx context.Context, ref CredentialRef) (CSR, error)
	GenerateCSR(ctx context.Context, clientID string, subject CSRSubject) (CSR, error)
	// PublishCSR installs the signed certificate (DER or PEM) and returns
	// the key credential it became; the CSR is gone afterwards.
	PublishCSR(ctx context.Context, ref CredentialRef, certificate []byte) (KeyCredential, error)
	RevokeCSR(ctx context.Context, ref CredentialRef) error
}
