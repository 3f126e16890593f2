package unified

import (
	"context"
	"iter"
)

// Provider is the portable type over one vendor's driver, the one value
// users hold (as go-cloud's *secrets.Keeper): every operation of every
// vendor is a method. An operation the vendor lacks answers an *Error with
// code Unimplemented and ReasonNotSupported, without a request;
// Capabilities says ahead of time which work. A Provider comes from a
// vendor package's New, or from Open with a registered vendor's name; the
// zero value is not usable. It is safe for concurrent use.
//
// Provider checks every ID, a rotation's shape and its phase once, for
// every vendor, before its driver sees them, and wraps each driver error
// in a new *Error naming the vendor and the operation (see "Errors" in the
// package documentation).
type Provider struct {
	impl operations
}

// operations is every method of Provider; package unified/driver's
// portable type implements it, and Provider delegates to it, so that
// package unified need not import the driver interfaces.
type operations interface {
	CredentialProvider
	JSONWebKeyManager
	KeyCredentialManager
	CSRManager
	RefreshTokenManager
	ClientLister
	ClientDeleter
	SecretRegenerator
	SecretStateManager
	RotationChecker
	As(target any) bool
}

// newProvider is how package unified/driver makes a Provider (through
// package access); impl must implement operations.
func newProvider(impl any) *Provider { return &Provider{impl: impl.(operations)} }

// Vendor names the vendor behind the provider.
func (p *Provider) Vendor() Vendor { return p.impl.Vendor() }

// Capabilities says what the provider can do; the rest returns
// Unimplemented.
func (p *Provider) Capabilities() Capabilities { return p.impl.Capabilities() }

// Close releases what the provider holds (idle connections); every
// operation afterwards fails with FailedPrecondition.
func (p *Provider) Close() error { return p.impl.Close() }

// As sets target, a pointer to a driver type (package unified/driver's
// Driver, or a vendor's own), to the driver, for a test or a
// vendor-specific tool; it reports whether it did.
func (p *Provider) As(target any) bool { return p.impl.As(target) }

// ListSecrets returns the client's secrets.
func (p *Provider) ListSecrets(ctx context.Context, clientID string) ([]Credential, error) {
	return p.impl.ListSecrets(ctx, clientID)
}

// GetSecret returns one secret.
func (p *Provider) GetSecret(ctx context.Context, ref CredentialRef) (Credential, error) {
	return p.impl.GetSecret(ctx, ref)
}

// CreateSecret adds a secret to the client; opts may be nil.
func (p *Provider) CreateSecret(ctx context.Context, clientID string, opts *CreateSecretOptions) (Credential, error) {
	return p.impl.CreateSecret(ctx, clientID, opts)
}

// RevokeSecret makes a secret stop working and removes it; it refuses the
// client's only working secret (ReasonOnlyActiveSecret).
func (p *Provider) RevokeSecret(ctx context.Context, ref CredentialRef) error {
	return p.impl.RevokeSecret(ctx, ref)
}

// ActivateSecret makes an inactive secret work again.
func (p *Provider) ActivateSecret(ctx context.Context, ref CredentialRef) (Credential, error) {
	return p.impl.ActivateSecret(ctx, ref)
}

// DeactivateSecret stops a secret working without removing it; it refuses
// the client's only active secret.
func (p *Provider) DeactivateSecret(ctx context.Context, ref CredentialRef) (Credential, error) {
	return p.impl.DeactivateSecret(ctx, ref)
}

// RegenerateSecret replaces a client's secret at once, with no overlap.
func (p *Provider) RegenerateSecret(ctx context.Context, clientID string) (Credential, error) {
	return p.impl.RegenerateSecret(ctx, clientID)
}

// RotateSecret begins a rotation, or resumes opts.Resume: on success a new
// credential exists and the old one still works. opts may be nil.
func (p *Provider) RotateSecret(ctx context.Context, clientID string, opts *RotateOptions) (*Rotation, error) {
	return p.impl.RotateSecret(ctx, clientID, opts)
}

// FinishRotation retires the old credential of a rotation. It is safe to
// call again after a failure.
func (p *Provider) FinishRotation(ctx context.Context, r *Rotation) error {
	return p.impl.FinishRotation(ctx, r)
}

// CheckRotation compares a saved rotation with what the vendor shows (see
// RotationChecker).
func (p *Provider) CheckRotation(ctx context.Context, saved *Rotation) (*Rotation, error) {
	return p.impl.CheckRotation(ctx, saved)
}

// ListClients yields the OAuth clients the account can see.
func (p *Provider) ListClients(ctx context.Context) iter.Seq2[Client, error] {
	return p.impl.ListClients(ctx)
}

// DeleteClient deletes an OAuth client and its credentials.
func (p *Provider) DeleteClient(ctx context.Context, clientID string) error {
	return p.impl.DeleteClient(ctx, clientID)
}

// ListJSONWebKeys lists a client's JSON Web Keys.
func (p *Provider) ListJSONWebKeys(ctx context.Context, clientID string) ([]JSONWebKey, error) {
	return p.impl.ListJSONWebKeys(ctx, clientID)
}

// GetJSONWebKey reads one key.
func (p *Provider) GetJSONWebKey(ctx context.Context, ref CredentialRef) (JSONWebKey, error) {
	return p.impl.GetJSONWebKey(ctx, ref)
}

// AddJSONWebKey adds a key; an empty KeyID leaves the kid to the vendor.
func (p *Provider) AddJSONWebKey(ctx context.Context, clientID string, key NewJSONWebKey) (JSONWebKey, error) {
	return p.impl.AddJSONWebKey(ctx, clientID, key)
}

// ActivateJSONWebKey activates a key.
func (p *Provider) ActivateJSONWebKey(ctx context.Context, ref CredentialRef) (JSONWebKey, error) {
	return p.impl.ActivateJSONWebKey(ctx, ref)
}

// DeactivateJSONWebKey deactivates a key.
func (p *Provider) DeactivateJSONWebKey(ctx context.Context, ref CredentialRef) (JSONWebKey, error) {
	return p.impl.DeactivateJSONWebKey(ctx, ref)
}

// DeleteJSONWebKey deletes a key.
func (p *Provider) DeleteJSONWebKey(ctx context.Context, ref CredentialRef) error {
	return p.impl.DeleteJSONWebKey(ctx, ref)
}

// ListKeyCredentials lists a client's X.509 key credentials.
func (p *Provider) ListKeyCredentials(ctx context.Context, clientID string) ([]KeyCredential, error) {
	return p.impl.ListKeyCredentials(ctx, clientID)
}

// GetKeyCredential reads one key credential.
func (p *Provider) GetKeyCredential(ctx context.Context, ref CredentialRef) (KeyCredential, error) {
	return p.impl.GetKeyCredential(ctx, ref)
}

// GenerateKeyCredential creates a self-signed key valid for validityYears.
func (p *Provider) GenerateKeyCredential(ctx context.Context, clientID string, validityYears int) (KeyCredential, error) {
	return p.impl.GenerateKeyCredential(ctx, clientID, validityYears)
}

// CloneKeyCredential copies a key to another client.
func (p *Provider) CloneKeyCredential(ctx context.Context, ref CredentialRef, targetClientID string) (KeyCredential, error) {
	return p.impl.CloneKeyCredential(ctx, ref, targetClientID)
}

// ListCSRs lists a client's certificate signing requests.
func (p *Provider) ListCSRs(ctx context.Context, clientID string) ([]CSR, error) {
	return p.impl.ListCSRs(ctx, clientID)
}

// GetCSR reads one CSR.
func (p *Provider) GetCSR(ctx context.Context, ref CredentialRef) (CSR, error) {
	return p.impl.GetCSR(ctx, ref)
}

// GenerateCSR asks the vendor for a key pair and its CSR.
func (p *Provider) GenerateCSR(ctx context.Context, clientID string, subject CSRSubject) (CSR, error) {
	return p.impl.GenerateCSR(ctx, clientID, subject)
}

// PublishCSR installs the signed certificate of a CSR.
func (p *Provider) PublishCSR(ctx context.Context, ref CredentialRef, certificate []byte) (KeyCredential, error) {
	return p.impl.PublishCSR(ctx, ref, certificate)
}

// RevokeCSR revokes a CSR.
func (p *Provider) RevokeCSR(ctx context.Context, ref CredentialRef) error {
	return p.impl.RevokeCSR(ctx, ref)
}

// ListRefreshTokens yields the refresh tokens issued to a client; opts may
// be nil.
func (p *Provider) ListRefreshTokens(ctx context.Context, clientID string, opts *ListRefreshTokensOptions) iter.Seq2[RefreshToken, error] {
	return p.impl.ListRefreshTokens(ctx, clientID, opts)
}

// GetRefreshToken reads one refresh token's record.
func (p *Provider) GetRefreshToken(ctx context.Context, ref CredentialRef) (RefreshToken, error) {
	return p.impl.GetRefreshToken(ctx, ref)
}

// RevokeRefreshToken revokes one refresh token.
func (p *Provider) RevokeRefreshToken(ctx context.Context, ref CredentialRef) error {
	return p.impl.RevokeRefreshToken(ctx, ref)
}

// RevokeAllRefreshTokens revokes every refresh token of a client.
func (p *Provider) RevokeAllRefreshTokens(ctx context.Context, clientID string) error {
	return p.impl.RevokeAllRefreshTokens(ctx, clientID)
}

var _ operations = (*Provider)(nil)
