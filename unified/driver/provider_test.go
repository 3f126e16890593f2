package driver

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/credkit/credkit/unified"
)

// fake is a driver that counts its calls and fails as told.
type fake struct {
	calls  int
	err    error
	closed int
}

func (f *fake) Info() Info {
	return Info{Vendor: "fake", MaxIDLength: 8, MaxSecrets: 2}
}

func (f *fake) RotateSecret(context.Context, string, *unified.RotateOptions) (*unified.Rotation, error) {
	f.calls++
	return &unified.Rotation{Vendor: "fake"}, f.err
}

func (f *fake) FinishRotation(context.Context, *unified.Rotation) error { f.calls++; return f.err }
func (f *fake) Close() error                                            { f.closed++; return nil }

// lister adds SecretLister to fake.
type lister struct{ fake }

func (l *lister) ListSecrets(context.Context, string) ([]unified.Credential, error) {
	l.calls++
	return nil, l.err
}

func TestCapabilitiesFollowTheInterfaces(t *testing.T) {
	require.Equal(t, unified.Capabilities{RotateInPlace: true, MaxSecrets: 2}, NewProvider(&fake{}).Capabilities())
	require.Equal(t, unified.Capabilities{ListSecrets: true, RotateInPlace: true, MaxSecrets: 2}, NewProvider(&lister{}).Capabilities())
}

func TestWhatTheDriverLacksIsRefusedWithoutACall(t *testing.T) {
	f := &fake{}
	p := NewProvider(f)
	_, err := p.ListSecrets(context.Background(), "c1")
	require.ErrorIs(t, err, unified.ErrUnimplemented)
	require.ErrorIs(t, err, unified.ReasonNotSupported)
	require.Equal(t, "credkit: fake ListSecrets: Unimplemented: fake cannot do this (see Capabilities)", err.Error())
	require.Zero(t, f.calls)
}

func TestIDsAreCheckedBeforeTheDriver(t *testing.T) {
	l := &lister{}
	p := NewProvider(l)
	for _, id := range []string{"", "a/b", "123456789"} {
		_, err := p.ListSecrets(context.Background(), id)
		require.ErrorIs(t, err, unified.ReasonInvalidID, "%q", id)
		var e *unified.Error
		require.ErrorAs(t, err, &e)
		require.Equal(t, "ListSecrets", e.Op)
	}
	require.Zero(t, l.calls)
}

func TestErrorsAreWrappedOnceWithTheOperation(t *testing.T) {
	driverErr := &unified.Error{Code: unified.NotFound, Op: "someInternalStep", Message: "m"}
	cases := map[string]struct {
		err  error
		code unified.Code
	}{
		"a driver's *Error":          {driverErr, unified.NotFound},
		"a driver's *Error, wrapped": {fmt.Errorf("step: %w", driverErr), unified.NotFound},
		"a plain error":              {errors.New("boom"), unified.Internal},
		"the context's error":        {fmt.Errorf("x: %w", context.Canceled), unified.Unavailable},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			p := NewProvider(&fake{err: c.err})
			rot := &unified.Rotation{Vendor: "fake", ClientID: "c1", NewClientID: "c1",
				Old: unified.CredentialRef{ClientID: "c1", ID: "s1"}, New: unified.Credential{ClientID: "c1", ID: "s2"}}
			for range 2 {
				err := p.FinishRotation(context.Background(), rot)
				e, ok := err.(*unified.Error) //nolint:errorlint // the portable error itself, not one wrapped in it
				require.True(t, ok, "%T", err)
				require.NotSame(t, driverErr, e, "a new value, never the driver's")
				require.Equal(t, c.code, e.Code)
				require.Equal(t, "FinishRotation", e.Op, "the portable op, whatever the driver said")
				require.Equal(t, unified.Vendor("fake"), e.Vendor)
				var inner *unified.Error
				require.False(t, errors.As(e.Unwrap(), &inner), "wrapped once: no *Error inside")
				require.Equal(t, errors.Is(c.err, context.Canceled), errors.Is(err, context.Canceled), "context errors come through")
			}
			require.Equal(t, "someInternalStep", driverErr.Op, "the driver's value is never edited")
			require.Empty(t, driverErr.Vendor)
		})
	}
}

func TestWrappingKeepsTheVendorBody(t *testing.T) {
	type body struct{ Code string }
	driverErr := WithVendorBody(&unified.Error{Code: unified.NotFound, Message: "m"}, &body{"E1"})
	p := NewProvider(&fake{err: driverErr})
	err := p.FinishRotation(context.Background(), &unified.Rotation{Vendor: "fake", ClientID: "c1", NewClientID: "c1",
		Old: unified.CredentialRef{ClientID: "c1", ID: "s1"}, New: unified.Credential{ClientID: "c1", ID: "s2"}})
	var got *body
	require.True(t, unified.ErrorAs(err, &got), "errors.As reaches the vendor's answer through the new value")
	require.Equal(t, "E1", got.Code)
}

func TestRotationsAreChecked(t *testing.T) {
	f := &fake{}
	p := NewProvider(f)
	ctx := context.Background()
	require.ErrorIs(t, p.FinishRotation(ctx, nil), unified.ReasonRotationMismatch)
	require.ErrorIs(t, p.FinishRotation(ctx, &unified.Rotation{Vendor: "other", ClientID: "c1"}), unified.ReasonRotationMismatch)
	_, err := p.RotateSecret(ctx, "c1", &unified.RotateOptions{Resume: &unified.Rotation{Vendor: "fake", ClientID: "c2"}})
	require.ErrorIs(t, err, unified.ReasonRotationMismatch)
	_, err = p.RotateSecret(ctx, "c1", &unified.RotateOptions{Resume: &unified.Rotation{Vendor: "fake", ClientID: "c1", NewClientID: "a/b"}})
	require.ErrorIs(t, err, unified.ReasonInvalidID)
	require.Zero(t, f.calls)
	_, err = p.RotateSecret(ctx, "c1", nil)
	require.NoError(t, err, "nil options are defaults")
	require.Equal(t, 1, f.calls)
}

func TestConsentIsAskedBeforeAReplacingRotation(t *testing.T) {
	f := &replacing{}
	p := NewProvider(f)
	_, err := p.RotateSecret(context.Background(), "c1", nil)
	require.ErrorIs(t, err, unified.ErrFailedPrecondition)
	require.ErrorIs(t, err, unified.ReasonConsentRequired)
	require.Zero(t, f.calls)
	_, err = p.RotateSecret(context.Background(), "c1", &unified.RotateOptions{AllowNewClientID: true})
	require.NoError(t, err)
}

type replacing struct{ fake }

func (r *replacing) Info() Info {
	i := r.fake.Info()
	i.RotationReplacesClient = true
	return i
}

func TestCloseOnceThenRefuse(t *testing.T) {
	f := &lister{}
	p := NewProvider(f)
	require.NoError(t, p.Close())
	require.NoError(t, p.Close())
	require.Equal(t, 1, f.closed)
	_, err := p.ListSecrets(context.Background(), "c1")
	require.ErrorIs(t, err, unified.ErrFailedPrecondition)
	require.Zero(t, f.calls)
}

func TestAsReachesTheDriver(t *testing.T) {
	f := &fake{}
	var d Driver
	require.True(t, NewProvider(f).As(&d))
	require.Same(t, f, d)
	var s string
	require.False(t, NewProvider(f).As(&s))
}

// pager adds ClientLister to fake: it yields items, going on after a stop
// when rude is set, and then returns err.
type pager struct {
	fake
	items []string
	rude  bool
}

func (p *pager) ListClients(_ context.Context, yield func(unified.Client) bool) error {
	p.calls++
	for _, id := range p.items {
		if !yield(unified.Client{ID: id}) && !p.rude {
			return nil
		}
	}
	return p.err
}

// TestListingsEndCleanly: a driver's listing reaches the user's range
// loop item by item, its error last and wrapped; once the loop stops,
// nothing more reaches it, even from a driver that yields on and fails
// after the stop (which would make the loop panic).
func TestListingsEndCleanly(t *testing.T) {
	failure := errors.New("connection reset")
	cases := []struct {
		name      string
		driver    *pager
		stopAfter int // 0: range to the end
		wantIDs   []string
		wantErr   error // nil: none
	}{
		{"every item", &pager{items: []string{"a", "b"}}, 0, []string{"a", "b"}, nil},
		{"the driver's error comes last", &pager{items: []string{"a", "b"}, fake: fake{err: failure}}, 0, []string{"a", "b"}, failure},
		{"the user stops", &pager{items: []string{"a", "b", "c"}}, 1, []string{"a"}, nil},
		{"a driver that goes on after the stop and fails", &pager{items: []string{"a", "b", "c"}, rude: true, fake: fake{err: failure}}, 1, []string{"a"}, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var ids []string
			var got error
			require.NotPanics(t, func() {
				for cl, err := range NewProvider(c.driver).ListClients(context.Background()) {
					if err != nil {
						got = err
						continue
					}
					ids = append(ids, cl.ID)
					if len(ids) == c.stopAfter {
						break
					}
				}
			})
			require.Equal(t, c.wantIDs, ids)
			require.Equal(t, 1, c.driver.calls)
			if c.wantErr == nil {
				require.NoError(t, got)
				return
			}
			require.ErrorIs(t, got, c.wantErr)
			var e *unified.Error
			require.ErrorAs(t, got, &e)
			require.Equal(t, "ListClients", e.Op)
			require.Equal(t, unified.Vendor("fake"), e.Vendor)
		})
	}
}

// IDs the vendor names are checked when a rotation begins: one that cannot
// be an ID is never handed on (nor journaled), and the secret still is.
func TestServerIDsAreCheckedAtBegin(t *testing.T) {
	for _, bad := range []string{"../../../users/x", "a/b", "..", "x?y", "sp ace"} {
		for _, d := range []*hostileRotator{
			{newID: bad, newClientID: "c1"},
			// A replacement client's ID, as its credential names it.
			{newID: "cred_ok", newClientID: bad},
		} {
			t.Run(bad, func(t *testing.T) {
				p := NewProvider(d)
				rot, err := p.RotateSecret(context.Background(), "c1", nil)
				require.ErrorIs(t, err, unified.ErrInternal)
				require.NotContains(t, err.Error(), bad, "the ID is not quoted")
				require.NotNil(t, rot, "the rotation, with its secret, reaches the caller")
				require.Equal(t, unified.PhasePending, rot.Phase)
				require.Empty(t, rot.New.ID)
				require.Empty(t, rot.New.ClientID, "nor the client it names (a replacement client's ID)")
				require.Empty(t, rot.NewClientID)
				require.Equal(t, "s3cr3t", rot.New.Secret.Reveal())
			})
		}
	}
	rot, err := NewProvider(&hostileRotator{newID: "cred_ok", newClientID: "c1"}).RotateSecret(context.Background(), "c1", nil)
	require.NoError(t, err)
	require.Equal(t, "cred_ok", rot.New.ID)
}

// hostileRotator is a driver whose rotation names newID, and newClientID
// as its new credential's client.
type hostileRotator struct{ newID, newClientID string }

func (h *hostileRotator) Info() Info {
	return Info{Vendor: "fake", MaxIDLength: 64, MaxSecrets: 2}
}
func (h *hostileRotator) RotateSecret(context.Context, string, *unified.RotateOptions) (*unified.Rotation, error) {
	return &unified.Rotation{Vendor: "fake", ClientID: "c1", NewClientID: "c1",
		New: unified.Credential{ClientID: h.newClientID, ID: h.newID, Secret: unified.NewSecret("s3cr3t")}, Old: unified.CredentialRef{ClientID: "c1", ID: "old"}}, nil
}
func (h *hostileRotator) FinishRotation(context.Context, *unified.Rotation) error { return nil }
func (h *hostileRotator) Close() error                                            { return nil }
