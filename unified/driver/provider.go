package driver

import (
	"context"
	"errors"
	"sync"

	"github.com/credkit/credkit/unified"
)

// Provider is the portable type over a Driver: users see it as a
// unified.CredentialProvider, and it implements every optional interface
// of package unified (JSONWebKeyManager, ..., SecretStateManager), which
// answer Unimplemented where the driver lacks them. Capabilities says which
// work. It is safe for concurrent use when the driver is.
type Provider struct {
	d    Driver
	info Info
	caps unified.Capabilities

	closeOnce sync.Once
	closeErr  error
	closed    chan struct{}
}

// NewProvider returns the portable type over d; it sends no request.
func NewProvider(d Driver) *Provider {
	p := &Provider{d: d, info: d.Info(), closed: make(chan struct{})}
	p.caps = capabilitiesOf(d, p.info)
	return p
}

// capabilitiesOf derives Capabilities from the interfaces d implements.
func capabilitiesOf(d Driver, info Info) unified.Capabilities {
	_, list := d.(SecretLister)
	_, get := d.(SecretGetter)
	_, create := d.(SecretCreator)
	_, revoke := d.(SecretRevoker)
	_, jwk := d.(JSONWebKeyManager)
	_, keys := d.(KeyCredentialManager)
	_, csrs := d.(CSRManager)
	_, tokens := d.(RefreshTokenManager)
	_, clients := d.(ClientLister)
	_, deleter := d.(ClientDeleter)
	_, regen := d.(SecretRegenerator)
	_, states := d.(SecretStateManager)
	_, inspect := d.(RotationInspector)
	return unified.Capabilities{
		ListSecrets: list, GetSecret: get, CreateSecret: create, RevokeSecret: revoke,
		RotateInPlace: !info.RotationReplacesClient, RotateReplacesClient: info.RotationReplacesClient,
		RotateImmediately: info.ImmediateRotation, RotateOverlap: info.ChosenOverlap,
		MaxSecrets: info.MaxSecrets, JSONWebKeys: jwk, KeyCredentials: keys, CSRs: csrs, RefreshTokens: tokens,
		ListClients: clients, DeleteClients: deleter, RegenerateSecret: regen, SecretStates: states,
		CheckRotation: inspect,
	}
}

// Vendor names the vendor behind the provider.
func (p *Provider) Vendor() unified.Vendor { return p.info.Vendor }

// Capabilities says what the driver implements.
func (p *Provider) Capabilities() unified.Capabilities { return p.caps }

// Close releases the driver's resources. Calls after the first return
// the first one's result, and every operation afterwards fails with
// FailedPrecondition.
func (p *Provider) Close() error {
	p.closeOnce.Do(func() {
		close(p.closed)
		p.closeErr = p.wrap("Close", p.d.Close())
	})
	return p.closeErr
}

// begin refuses an operation on a closed provider.
func (p *Provider) begin(op string) error {
	select {
	case <-p.closed:
		return p.wrap(op, &unified.Error{Code: unified.FailedPrecondition, Message: "the provider is closed"})
	default:
		return nil
	}
}

// As sets target, a pointer to a driver type, to the driver, so that a
// test or a vendor-specific tool can reach it.
func (p *Provider) As(target any) bool {
	t, ok := target.(*Driver)
	if ok {
		*t = p.d
	}
	return ok
}

// wrap makes err the *unified.Error of op, once: a driver's *unified.Error
// gets the vendor and op filled in; any other error becomes Unavailable
// (the context ended) or Internal, with err as its cause.
func (p *Provider) wrap(op string, err error) error {
	if err == nil {
		return nil
	}
	e, ok := err.(*unified.Error)
	if !ok {
		code := unified.Internal
		msg := "the driver failed"
		if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
			code, msg = unified.Unavailable, "gave up waiting"
		}
		e = &unified.Error{Code: code, Message: msg, Err: err}
	}
	e.Vendor, e.Op = p.info.Vendor, op
	return e
}

// checkIDs refuses malformed IDs before any request; pairs are (what, id).
func (p *Provider) checkIDs(op string, pairs ...string) error {
	if err := p.begin(op); err != nil {
		return err
	}
	for i := 0; i+1 < len(pairs); i += 2 {
		if err := CheckID(pairs[i], pairs[i+1], p.info.MaxIDLength); err != nil {
			return p.wrap(op, err)
		}
	}
	return nil
}

// unimplemented is the refusal of an operation the driver lacks.
func (p *Provider) unimplemented(op string) error {
	msg := string(p.info.Vendor) + " cannot do this (see Capabilities)"
	if x, ok := p.d.(Explainer); ok {
		if why := x.Unsupported(op); why != "" {
			msg = why
		}
	}
	return p.wrap(op, Refuse(unified.Unimplemented, unified.ReasonNotSupported, "%s", msg))
}

// call runs an operation of optional interface I: it checks the IDs,
// refuses without a request when the driver lacks I, and wraps the error.
func call[I, T any](p *Provider, op string, ids []string, f func(I) (T, error)) (T, error) {
	var zero T
	d, err := driverFor[I](p, op, ids...)
	if err != nil {
		return zero, err
	}
	out, err := f(d)
	if err != nil {
		return zero, p.wrap(op, err)
	}
	return out, nil
}

// exec is call for an operation that returns only an error.
func exec[I any](p *Provider, op string, ids []string, f func(I) error) error {
	_, err := call(p, op, ids, func(d I) (struct{}, error) { return struct{}{}, f(d) })
	return err
}

// driverFor checks the IDs (pairs of what and ID) and returns the
// driver as its optional interface I, or the refusal: what a listing does
// before its first request.
func driverFor[I any](p *Provider, op string, pairs ...string) (I, error) {
	var zero I
	if err := p.checkIDs(op, pairs...); err != nil {
		return zero, err
	}
	d, ok := p.d.(I)
	if !ok {
		return zero, p.unimplemented(op)
	}
	return d, nil
}

// list runs a driver's listing (run, given the function it yields items
// to) as the body of the portable iter.Seq2 whose yield is given: each
// item goes to yield, and the error that ended the listing, wrapped as
// op's, comes last. It never calls yield after yield returned false, even
// for a driver that yields or returns an error after that (a range loop
// would panic): once stopped, the driver's items and error are dropped.
func list[T any](p *Provider, op string, yield func(T, error) bool, run func(func(T) bool) error) {
	stopped := false
	err := run(func(v T) bool {
		if !stopped {
			stopped = !yield(v, nil)
		}
		return !stopped
	})
	if err != nil && !stopped {
		var zero T
		yield(zero, p.wrap(op, err))
	}
}

func ids(pairs ...string) []string { return pairs }

func refIDs(ref unified.CredentialRef, what string) []string {
	return ids("client ID", ref.ClientID, what, ref.ID)
}
