package driver

import (
	"context"

	"github.com/credkit/credkit/unified"
)

// Driver is the part every vendor adapter implements.
type Driver interface {
	// Info describes the vendor. It is called once, by NewProvider.
	Info() Info
	// RotateSecret begins a rotation, or resumes opts.Resume: on success a
	// new secret exists and the old one still works. opts is not nil.
	RotateSecret(ctx context.Context, clientID string, opts *unified.RotateOptions) (*unified.Rotation, error)
	// FinishRotation retires the old secret of r; it must be safe to call
	// again after a failure or a success.
	FinishRotation(ctx context.Context, r *unified.Rotation) error
	// Close releases what the driver holds, such as idle connections.
	Close() error
}

// Info describes a vendor to the portable type.
type Info struct {
	// Vendor names the vendor.
	Vendor unified.Vendor
	// MaxIDLength bounds every ID the driver puts in a request path.
	MaxIDLength int
	// MaxSecrets is how many secrets a client may hold at once.
	MaxSecrets int
	// RotationReplacesClient: RotateSecret creates a replacement client,
	// and needs RotateOptions.AllowNewClientID (the portable type refuses
	// with unified.ReasonConsentRequired without it). Otherwise the
	// rotation keeps the client ID.
	RotationReplacesClient bool
	// ImmediateRotation: for some clients RotateSecret can only replace
	// the secret at once; the driver refuses those with
	// unified.ReasonImmediateRotation unless
	// RotateOptions.AllowImmediateRotation is set. Capabilities says so
	// (RotateImmediately).
	ImmediateRotation bool
	// ChosenOverlap: RotateOptions.Overlap chooses how long the old
	// secret keeps working. Otherwise the vendor decides (most keep it
	// until FinishRotation) and Overlap is ignored. Capabilities says so
	// (RotateOverlap).
	ChosenOverlap bool
	// CompleteView: the driver is a RotationInspector whose view lists
	// every credential of the client (RotationView.Complete), so the
	// portable type checks a rotation against a concurrent rotator of
	// the same client (see the guard in guard.go), at the price of one
	// read of the client after each begin (and, with UnconditionalWrites,
	// one before and one after each finish).
	CompleteView bool
	// UnconditionalWrites: the vendor changes a client's credential set
	// only by writing all of it, with no condition on what it read (no
	// ETag, no JSON Patch test), so that two writers at once lose one's
	// change. The portable type then serializes, within the process, the
	// rotation steps of one client; writers in two processes can still
	// lose a change, which the guard detects where it can (see guard.go)
	// and the vendor's documentation says.
	UnconditionalWrites bool
}

// SecretLister lists a client's secrets.
type SecretLister interface {
	ListSecrets(ctx context.Context, clientID string) ([]unified.Credential, error)
}

// SecretGetter reads one secret.
type SecretGetter interface {
	GetSecret(ctx context.Context, ref unified.CredentialRef) (unified.Credential, error)
}

// SecretCreator adds a secret; value is zero when the vendor is to
// generate it.
type SecretCreator interface {
	CreateSecret(ctx context.Context, clientID string, value unified.Secret) (unified.Credential, error)
}

// SecretRevoker revokes a secret; it must refuse the client's only
// working secret (unified.ReasonOnlyActiveSecret).
type SecretRevoker interface {
	RevokeSecret(ctx context.Context, ref unified.CredentialRef) error
}

// The optional interfaces whose methods are the user's own: a driver
// implements them with the same signatures, and the portable type adds the
// checks and the wrapping.
type (
	JSONWebKeyManager    = unified.JSONWebKeyManager
	KeyCredentialManager = unified.KeyCredentialManager
	CSRManager           = unified.CSRManager
	ClientDeleter        = unified.ClientDeleter
	SecretRegenerator    = unified.SecretRegenerator
	SecretStateManager   = unified.SecretStateManager
)

// RefreshTokenManager is unified.RefreshTokenManager for a driver, whose
// listing pushes: ListRefreshTokens calls yield with each token in order,
// stops when yield returns false, and returns the error that ended the
// listing (nil at its end, or when yield stopped it). The portable type
// makes the iter.Seq2 the user ranges over, checks the IDs and wraps the
// error; after a stop it passes nothing more on, so a driver that yields
// or fails after one cannot make the user's range loop panic.
type RefreshTokenManager interface {
	ListRefreshTokens(ctx context.Context, clientID string, opts *unified.ListRefreshTokensOptions, yield func(unified.RefreshToken) bool) error
	GetRefreshToken(ctx context.Context, ref unified.CredentialRef) (unified.RefreshToken, error)
	RevokeRefreshToken(ctx context.Context, ref unified.CredentialRef) error
	RevokeAllRefreshTokens(ctx context.Context, clientID string) error
}

// ClientLister is unified.ClientLister for a driver: ListClients calls
// yield with each client and returns the error that ended the listing, as
// RefreshTokenManager's ListRefreshTokens does.
type ClientLister interface {
	ListClients(ctx context.Context, yield func(unified.Client) bool) error
}

// RotationInspector reads from the vendor what rotation a client is in, for
// the portable CheckRotation: the credentials that work now (Okta: the
// app's secrets with their IDs, states and ages; SailPoint: which of the
// old and new clients exist; CSP: "current" when saved.New.Secret
// authenticates, else "current" in Gone). saved is the caller's rotation
// (not nil, checked against the client); a driver that can list
// credentials ignores it. It must not change anything at the vendor.
type RotationInspector interface {
	InspectRotation(ctx context.Context, clientID string, saved *unified.Rotation) (unified.RotationView, error)
}

// Explainer is implemented by a driver that can say why it lacks an
// operation, for the message of the portable type's Unimplemented error.
type Explainer interface {
	// Unsupported returns why the vendor cannot do op (a method name such
	// as "CreateSecret"), and what to do instead; "" for no explanation.
	Unsupported(op string) string
}
