package driver

import (
	"context"
	"errors"
	"reflect"
	"sync"

	"github.com/credkit/credkit/unified"
	"github.com/credkit/credkit/unified/internal/access"
)

// portable is the implementation behind a *unified.Provider over a
// Driver: every operation once, with its checks and its wrapping; an
// operation the driver lacks answers Unimplemented. Capabilities says which
// work. It is safe for concurrent use when the driver is.
type portable struct {
	d    Driver
	info Info
	caps unified.Capabilities

	closeOnce sync.Once
	closeErr  error
	closed    chan struct{}
}

// NewProvider returns the portable type over d; it sends no request.
func NewProvider(d Driver) *unified.Provider {
	p := &portable{d: d, info: d.Info(), closed: make(chan struct{})}
	p.caps = capabilitiesOf(d, p.info)
	return access.NewProvider(p).(*unified.Provider)
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
func (p *portable) Vendor() unified.Vendor { return p.info.Vendor }

// Capabilities says what the driver implements.
func (p *portable) Capabilities() unified.Capabilities { return p.caps }

// Close releases the driver's resources. Calls after the first return
// the first one's result, and every operation afterwards fails with
// FailedPrecondition.
func (p *portable) Close() error {
	p.closeOnce.Do(func() {
		close(p.closed)
		p.closeErr = p.wrap("Close", p.d.Close())
	})
	return p.closeErr
}

// begin refuses an operation on a closed provider.
func (p *portable) begin(op string) error {
	select {
	case <-p.closed:
		return p.wrap(op, &unified.Error{Code: unified.FailedPrecondition, Message: "the provider is closed"})
	default:
		return nil
	}
}

// As sets target, a pointer to a driver type (*Driver, or a pointer to
// the driver's own type), to the driver, so that a test or a
// vendor-specific tool can reach it.
func (p *portable) As(target any) bool {
	if t, ok := target.(*Driver); ok {
		*t = p.d
		return true
	}
	return assign(target, p.d)
}

// wrap returns err as the *unified.Error of op, as go-cloud's portable
// types wrap driver errors: a driver's *unified.Error (itself, or the
// first one its chain wraps) is copied into a new value with the vendor
// and op filled in (the driver's value is never edited, so a driver may
// return a shared one), and keeps its vendor body
// for unified.ErrorAs; an error that ended with the context becomes
// Unavailable and any other Internal, each with err as its cause, so that
// errors.Is(err, context.Canceled) still holds.
func (p *portable) wrap(op string, err error) error {
	if err == nil {
		return nil
	}
	var out unified.Error
	if e := (*unified.Error)(nil); errors.As(err, &e) {
		out = *e
	} else {
		out = unified.Error{Code: unified.Internal, Message: "the driver failed", Err: err}
		if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
			out.Code, out.Message = unified.Unavailable, "gave up waiting"
		}
	}
	out.Vendor, out.Op = p.info.Vendor, op
	return &out
}

// checkIDs refuses malformed IDs before any request; pairs are (what, id).
func (p *portable) checkIDs(op string, pairs ...string) error {
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
func (p *portable) unimplemented(op string) error {
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
func call[I, T any](p *portable, op string, ids []string, f func(I) (T, error)) (T, error) {
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
func exec[I any](p *portable, op string, ids []string, f func(I) error) error {
	_, err := call(p, op, ids, func(d I) (struct{}, error) { return struct{}{}, f(d) })
	return err
}

// driverFor checks the IDs (pairs of what and ID) and returns the
// driver as its optional interface I, or the refusal: what a listing does
// before its first request.
func driverFor[I any](p *portable, op string, pairs ...string) (I, error) {
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
func list[T any](p *portable, op string, yield func(T, error) bool, run func(func(T) bool) error) {
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

// assign stores v in *target when target is a non-nil pointer whose
// element type v's type is assignable to, as errors.As does.
func assign(target, v any) bool {
	t := reflect.ValueOf(target)
	if !t.IsValid() || t.Kind() != reflect.Pointer || t.IsNil() {
		return false
	}
	val := reflect.ValueOf(v)
	if !val.IsValid() || !val.Type().AssignableTo(t.Elem().Type()) {
		return false
	}
	t.Elem().Set(val)
	return true
}
