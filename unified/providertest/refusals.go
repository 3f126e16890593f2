package providertest

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/credkit/credkit/unified"
)

// AsTargets is implemented by a harness that names its vendor's own types,
// so that the suite checks As on credentials and errors, as go-cloud's
// drivertest checks As.
type AsTargets interface {
	// CredentialTarget returns a new pointer to the vendor type that a
	// begun rotation's new credential answers As with.
	CredentialTarget() any
	// ErrorTarget returns a new pointer to the vendor's error body type,
	// which the error of a request for a client that does not exist
	// answers unified.ErrorAs with.
	ErrorTarget() any
}

// refusal is one refusal every provider must make the same way: its code,
// its reason, and whether it may send a request first.
type refusal struct {
	name      string
	applies   func(unified.Capabilities) bool
	code      unified.Code
	reason    unified.Reason
	op        string
	noRequest bool
	// call returns the refusal's error; client is a new client.
	call func(ctx context.Context, t *testing.T, h Harness, p *unified.Provider, client string) error
}

func always(unified.Capabilities) bool { return true }

var refusals = []refusal{
	{"finish a nil rotation", always, unified.InvalidArgument, unified.ReasonRotationMismatch, "FinishRotation", true,
		func(ctx context.Context, _ *testing.T, _ Harness, p *unified.Provider, _ string) error {
			return p.FinishRotation(ctx, nil)
		}},
	{"finish another vendor's rotation", always, unified.InvalidArgument, unified.ReasonRotationMismatch, "FinishRotation", true,
		func(ctx context.Context, _ *testing.T, _ Harness, p *unified.Provider, client string) error {
			return p.FinishRotation(ctx, &unified.Rotation{Vendor: "elsewhere", ClientID: client})
		}},
	{"finish a rotation that names no new credential", always, unified.InvalidArgument, unified.ReasonRotationMismatch, "FinishRotation", true,
		func(ctx context.Context, _ *testing.T, _ Harness, p *unified.Provider, client string) error {
			return p.FinishRotation(ctx, &unified.Rotation{Vendor: p.Vendor(), ClientID: client, NewClientID: client, Phase: unified.PhaseBegun,
				Old: unified.CredentialRef{ClientID: client, ID: "old"}})
		}},
	{"finish a rotation that names no old credential", always, unified.InvalidArgument, unified.ReasonRotationMismatch, "FinishRotation", true,
		func(ctx context.Context, _ *testing.T, _ Harness, p *unified.Provider, client string) error {
			return p.FinishRotation(ctx, &unified.Rotation{Vendor: p.Vendor(), ClientID: client, NewClientID: client, Phase: unified.PhaseBegun,
				New: unified.Credential{ClientID: client, ID: "new"}})
		}},
	{"finish a rotation the vendor never confirmed", always, unified.FailedPrecondition, unified.ReasonResumeNeeded, "FinishRotation", true,
		func(ctx context.Context, _ *testing.T, _ Harness, p *unified.Provider, client string) error {
			return p.FinishRotation(ctx, &unified.Rotation{Vendor: p.Vendor(), ClientID: client, NewClientID: client, Phase: unified.PhasePending,
				Old: unified.CredentialRef{ClientID: client, ID: "old"}})
		}},
	{"finish an abandoned rotation", always, unified.FailedPrecondition, unified.ReasonNothingToFinish, "FinishRotation", true,
		func(ctx context.Context, _ *testing.T, _ Harness, p *unified.Provider, client string) error {
			return p.FinishRotation(ctx, &unified.Rotation{Vendor: p.Vendor(), ClientID: client, NewClientID: client, Phase: unified.PhaseAbandoned,
				Old: unified.CredentialRef{ClientID: client, ID: "old"}, New: unified.Credential{ClientID: client, ID: "new"}})
		}},
	{"finish a rotation of an unknown phase", always, unified.InvalidArgument, unified.ReasonRotationMismatch, "FinishRotation", true,
		func(ctx context.Context, _ *testing.T, _ Harness, p *unified.Provider, client string) error {
			return p.FinishRotation(ctx, &unified.Rotation{Vendor: p.Vendor(), ClientID: client, NewClientID: client, Phase: "half",
				Old: unified.CredentialRef{ClientID: client, ID: "old"}, New: unified.Credential{ClientID: client, ID: "new"}})
		}},
	{"finish a rotation of an empty client ID", always, unified.InvalidArgument, unified.ReasonInvalidID, "FinishRotation", true,
		func(ctx context.Context, _ *testing.T, _ Harness, p *unified.Provider, _ string) error {
			return p.FinishRotation(ctx, &unified.Rotation{Vendor: p.Vendor()})
		}},
	{"rotate with a negative overlap", always, unified.InvalidArgument, "", "RotateSecret", true,
		func(ctx context.Context, _ *testing.T, h Harness, p *unified.Provider, client string) error {
			o := unified.RotateOptions{}
			if ho := h.RotateOptions(); ho != nil {
				o = *ho
			}
			o.Overlap = -1
			_, err := p.RotateSecret(ctx, client, &o)
			return err
		}},
	{"resume another client's rotation", always, unified.InvalidArgument, unified.ReasonRotationMismatch, "RotateSecret", true,
		func(ctx context.Context, _ *testing.T, h Harness, p *unified.Provider, client string) error {
			_, err := p.RotateSecret(ctx, client, withResume(h.RotateOptions(), &unified.Rotation{Vendor: p.Vendor(), ClientID: client + "x"}))
			return err
		}},
	{"replace a client without consent", func(c unified.Capabilities) bool { return c.RotateReplacesClient },
		unified.FailedPrecondition, unified.ReasonConsentRequired, "RotateSecret", true,
		func(ctx context.Context, _ *testing.T, _ Harness, p *unified.Provider, client string) error {
			_, err := p.RotateSecret(ctx, client, nil)
			return err
		}},
	{"replace a secret at once without consent", func(c unified.Capabilities) bool { return c.RotateImmediately },
		unified.FailedPrecondition, unified.ReasonImmediateRotation, "RotateSecret", false,
		func(ctx context.Context, t *testing.T, h Harness, p *unified.Provider, _ string) error {
			id, secret := secretClients(t, h).NewSecretClient(t)
			_, err := p.RotateSecret(ctx, id, h.RotateOptions())
			require.True(t, h.SecretWorks(id, secret), "the refusal changed nothing")
			return err
		}},
	{"begin a second rotation", func(c unified.Capabilities) bool { return c.RotateInPlace },
		unified.FailedPrecondition, unified.ReasonRotationOpen, "RotateSecret", false,
		func(ctx context.Context, t *testing.T, h Harness, p *unified.Provider, client string) error {
			_, err := p.RotateSecret(ctx, client, h.RotateOptions())
			require.NoError(t, err)
			_, err = p.RotateSecret(ctx, client, h.RotateOptions())
			return err
		}},
	{"revoke the only secret", func(c unified.Capabilities) bool { return c.ListSecrets && c.RevokeSecret },
		unified.FailedPrecondition, unified.ReasonOnlyActiveSecret, "RevokeSecret", false,
		func(ctx context.Context, t *testing.T, _ Harness, p *unified.Provider, client string) error {
			secrets, err := p.ListSecrets(ctx, client)
			require.NoError(t, err)
			require.Len(t, secrets, 1)
			return p.RevokeSecret(ctx, secrets[0].Ref())
		}},
}

// testRefusals checks the code and reason of every refusal that applies
// to the provider, that the error is one *unified.Error naming the
// operation, and that refusals decided before a request send none.
func testRefusals(t *testing.T, h Harness) {
	ctx := context.Background()
	for _, r := range refusals {
		t.Run(r.name, func(t *testing.T) {
			p := h.NewProvider(t)
			if !r.applies(p.Capabilities()) {
				t.Skipf("%s: not a %s refusal", p.Vendor(), r.name)
			}
			client, _ := h.NewClient(t)
			before := h.Requests()
			err := r.call(ctx, t, h, p, client)
			require.ErrorIs(t, err, sentinel(r.code), "%v", err)
			require.Equal(t, r.reason, unified.ReasonOf(err), "%v", err)
			requireNamed(t, err, p.Vendor(), r.op)
			if r.noRequest {
				require.Equal(t, before, h.Requests(), "refused before any request")
			}
		})
	}
}

// testAs checks that a new credential and a vendor's error reach the
// vendor's own types, when the harness names them.
func testAs(t *testing.T, h Harness) {
	targets, ok := h.(AsTargets)
	if !ok {
		t.Skip("the harness names no vendor types")
	}
	ctx := context.Background()
	p := h.NewProvider(t)
	client, _ := h.NewClient(t)
	rot, err := p.RotateSecret(ctx, client, h.RotateOptions())
	require.NoError(t, err)
	require.True(t, rot.New.As(targets.CredentialTarget()), "the new credential reaches the vendor's type")
	require.False(t, rot.New.As(new(struct{ X int })), "and no other type")
	_, err = p.RotateSecret(ctx, "credkit-no-such-client", h.RotateOptions())
	require.ErrorIs(t, err, unified.ErrNotFound)
	require.True(t, unified.ErrorAs(err, targets.ErrorTarget()), "the error reaches the vendor's body: %v", err)
	require.False(t, unified.ErrorAs(err, new(*struct{ X int })))
}

func sentinel(c unified.Code) error {
	return map[unified.Code]error{
		unified.NotFound: unified.ErrNotFound, unified.AlreadyExists: unified.ErrAlreadyExists,
		unified.InvalidArgument: unified.ErrInvalidArgument, unified.FailedPrecondition: unified.ErrFailedPrecondition,
		unified.PermissionDenied: unified.ErrPermissionDenied, unified.Unauthenticated: unified.ErrUnauthenticated,
		unified.RateLimited: unified.ErrRateLimited, unified.Unimplemented: unified.ErrUnimplemented,
		unified.Unavailable: unified.ErrUnavailable, unified.Internal: unified.ErrInternal,
	}[c]
}
