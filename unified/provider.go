package unified

import (
	"context"
	"time"
)

// CredentialProvider manages the client secrets of one vendor's OAuth
// clients. Implementations are safe for concurrent use.
type CredentialProvider interface {
	// Vendor names the vendor behind the provider.
	Vendor() Vendor
	// Capabilities says what the provider can do; the rest returns
	// Unimplemented.
	Capabilities() Capabilities

	// ListSecrets returns the client's secrets.
	ListSecrets(ctx context.Context, clientID string) ([]Credential, error)
	// GetSecret returns one secret.
	GetSecret(ctx context.Context, ref CredentialRef) (Credential, error)
	// CreateSecret adds a secret to the client; opts may be nil.
	CreateSecret(ctx context.Context, clientID string, opts *CreateSecretOptions) (Credential, error)
	// RevokeSecret makes a secret stop working and removes it. It refuses
	// (FailedPrecondition) to revoke the client's only working secret.
	RevokeSecret(ctx context.Context, ref CredentialRef) error

	// RotateSecret begins a rotation: on success a new secret exists and the
	// old one still works. opts may be nil.
	RotateSecret(ctx context.Context, clientID string, opts *RotateOptions) (*Rotation, error)
	// FinishRotation retires the old secret of a rotation. It is safe to
	// call again after a failure, and with a Rotation that a different
	// provider value began.
	FinishRotation(ctx context.Context, r *Rotation) error

	// Close releases what the provider holds (idle connections); every
	// operation afterwards fails with FailedPrecondition.
	Close() error
}

// CreateSecretOptions tune CreateSecret.
type CreateSecretOptions struct {
	// Value is the secret to install, where the vendor lets the caller
	// choose it. Zero: the vendor (or credkit) generates one.
	Value Secret
}

// RotateOptions tune RotateSecret.
type RotateOptions struct {
	// Resume continues an earlier rotation of the same client, found by its
	// old credential, instead of beginning a new one: use it after a failure
	// or a restart between RotateSecret and FinishRotation.
	Resume *Rotation
	// AllowNewClientID consents to a rotation that replaces the whole client
	// (SailPoint, whose secrets cannot be rotated in place), so that the
	// client ID changes. Without it such a provider returns
	// FailedPrecondition.
	AllowNewClientID bool
	// AllowImmediateRotation consents to a rotation with no overlap, for
	// a client whose vendor can only replace its secret at once (an Auth0
	// client that authenticates with its secret): the old secret stops
	// working when RotateSecret returns, and Rotation.New.Secret is the
	// only copy of the new one. Without it such a provider returns
	// FailedPrecondition with ReasonImmediateRotation, having changed
	// nothing.
	AllowImmediateRotation bool
	// Overlap is how long the old secret keeps working, where the vendor
	// lets the caller choose (Capabilities.RotateOverlap: VMware CSP);
	// elsewhere it is ignored. Zero: the vendor's default.
	Overlap time.Duration
	// NewSecret is the new secret to install, where the vendor lets the
	// caller choose it. Zero: generated.
	NewSecret Secret
}

// Capabilities says what a provider can do.
type Capabilities struct {
	ListSecrets  bool `json:"listSecrets"`
	GetSecret    bool `json:"getSecret"`
	CreateSecret bool `json:"createSecret"`
	RevokeSecret bool `json:"revokeSecret"`
	// RotateInPlace: RotateSecret keeps the client ID.
	RotateInPlace bool `json:"rotateInPlace"`
	// RotateReplacesClient: RotateSecret creates a replacement client and
	// needs RotateOptions.AllowNewClientID.
	RotateReplacesClient bool `json:"rotateReplacesClient"`
	// RotateImmediately: for some clients RotateSecret can only replace
	// the secret at once, with no overlap, and needs
	// RotateOptions.AllowImmediateRotation (Auth0's client-secret
	// clients; its private_key_jwt clients rotate with overlap).
	RotateImmediately bool `json:"rotateImmediately"`
	// RotateOverlap: RotateOptions.Overlap chooses how long the old secret
	// keeps working (VMware CSP). Elsewhere the vendor decides and
	// Overlap is ignored.
	RotateOverlap bool `json:"rotateOverlap"`
	// MaxSecrets is how many secrets a client may hold at once.
	MaxSecrets     int  `json:"maxSecrets"`
	JSONWebKeys    bool `json:"jsonWebKeys"`
	KeyCredentials bool `json:"keyCredentials"`
	CSRs           bool `json:"csrs"`
	RefreshTokens  bool `json:"refreshTokens"`
	ListClients    bool `json:"listClients"`
	// DeleteClients: clients can be deleted (ClientDeleter).
	DeleteClients bool `json:"deleteClients"`
	// RegenerateSecret: the vendor can replace a secret at once, with no
	// overlap (SecretRegenerator).
	RegenerateSecret bool `json:"regenerateSecret"`
	// SecretStates: secrets can be deactivated and activated again
	// (SecretStateManager).
	SecretStates bool `json:"secretStates"`
	// CheckRotation: saved rotations can be compared with the vendor
	// (RotationChecker).
	CheckRotation bool `json:"checkRotation"`
}

// RotationChecker compares a saved rotation with what the vendor shows
// (see "Rotation states" in the package documentation). It returns saved
// with its Phase as the vendor shows it (begun, or finished when the old
// credential is gone), or an *Error with ReasonRotationStale or
// ReasonOtherRotationOpen naming what differs. A pending rotation is
// returned as it is: resume it to learn its fate. saved.New.Secret, when
// set, lets a vendor that cannot list secrets (CSP) check it.
type RotationChecker interface {
	CheckRotation(ctx context.Context, saved *Rotation) (*Rotation, error)
}

// SecretStateManager switches a secret on and off without removing it
// (Okta). A provider refuses to deactivate the client's only active secret.
type SecretStateManager interface {
	ActivateSecret(ctx context.Context, ref CredentialRef) (Credential, error)
	DeactivateSecret(ctx context.Context, ref CredentialRef) (Credential, error)
}
