package vmwarecsp

import (
	"context"
	"errors"
	"math"
	"net/http"
	"time"

	"golang.org/x/oauth2"
	"golang.org/x/oauth2/clientcredentials"

	gen "github.com/credkit/credkit/gen/vmwarecsp"
	"github.com/credkit/credkit/unified"
	"github.com/credkit/credkit/unified/driver"
	"github.com/credkit/credkit/unified/internal/call"
	"github.com/credkit/credkit/unified/internal/transport"
)

// defaultOverlap is how long CSP keeps the old secret valid when neither
// the rotation nor the app says.
const defaultOverlap = 48 * time.Hour

// RotateSecret begins an owner rotation: it generates the new secret (or
// takes opts.NewSecret) and POSTs it, and CSP keeps the old one valid as
// "previous" for opts.Overlap, or the app's own window when zero (48 hours
// unless the app says otherwise; the app is read to learn it).
//
// When the POST fails, or its answer is lost, RotateSecret returns the
// partial Rotation with the error: New.Secret holds the secret it sent,
// OldValidUntil is zero. Pass that Rotation as opts.Resume to send the same
// secret again, which completes the rotation whether or not the first POST
// took effect. If CSP answers that a rotation is already open (409), the
// resumed secret is checked with a client-credentials token request: if it
// authenticates the app the rotation is the resumed one and has begun;
// otherwise another rotation is open and RotateSecret fails with
// FailedPrecondition.
func (p *adapter) RotateSecret(ctx context.Context, clientID string, opts *unified.RotateOptions) (*unified.Rotation, error) {
	const op = "RotateSecret"
	window, err := windowSeconds(op, opts.Overlap)
	if err != nil {
		return nil, err
	}
	rot, done, err := p.prepare(op, clientID, opts)
	if err != nil || done {
		return rot, err
	}
	// A resumed rotation that had begun keeps the window of its first POST.
	overlap := time.Duration(deref(window)) * time.Second
	if window == nil && rot.OldValidUntil.IsZero() {
		if overlap, err = p.appWindow(ctx, op, clientID); err != nil {
			return rot, err
		}
	}
	if rot.New.Created.IsZero() {
		// Taken before the POST, so OldValidUntil errs early, never late.
		rot.New.Created = time.Now().UTC()
	}
	err = p.startRotation(ctx, op, clientID, rot.New.Secret, window)
	var conflict *unified.Error
	switch {
	case !errors.As(err, &conflict) || conflict.HTTPStatus != http.StatusConflict:
	case opts.Resume != nil:
		err = p.adoptOpenRotation(ctx, op, clientID, rot.New.Secret, conflict)
	default:
		// A new rotation refused with 409: one is open already.
		conflict.Reason = unified.ReasonRotationOpen
	}
	if err != nil {
		return rot, err
	}
	rot.New.Status = unified.StatusActive
	rot.New = driver.WithVendorValue(rot.New, gen.ClientSecretOwnerRotationRequest{SecretRotationExpirationInSeconds: window})
	if rot.OldValidUntil.IsZero() {
		rot.OldValidUntil = rot.New.Created.Add(overlap)
	}
	return rot, nil
}

// prepare checks the options and builds the rotation to send: a new one,
// or the one opts.Resume names. done means the resumed rotation has begun
// and nothing is left to send.
func (p *adapter) prepare(op, clientID string, opts *unified.RotateOptions) (rot *unified.Rotation, done bool, err error) {
	secret := opts.NewSecret
	r := opts.Resume
	if r != nil {
		if err := checkRotation(op, clientID, r); err != nil {
			return nil, false, err
		}
		switch {
		case r.New.Secret.IsZero():
		case secret.IsZero():
			secret = r.New.Secret
		case secret.Reveal() != r.New.Secret.Reveal():
			return nil, false, &unified.Error{Code: unified.InvalidArgument, Reason: unified.ReasonSecretNotAccepted, Message: "RotateOptions.NewSecret differs from the secret of the rotation being resumed"}
		}
		if secret.IsZero() {
			if begun(r) {
				resumed := *r
				return &resumed, true, nil
			}
			return nil, false, &unified.Error{Code: unified.FailedPrecondition, Reason: unified.ReasonSecretRequired, Message: "the unfinished rotation's new secret is unknown (a Rotation keeps no secret in JSON): pass it as RotateOptions.NewSecret; if it is lost, RegenerateSecret replaces the app's secret at once"}
		}
	}
	if secret.IsZero() {
		if secret, err = generateSecret(p.rand); err != nil {
			return nil, false, &unified.Error{Code: unified.Internal, Message: "generating a secret", Err: err}
		}
	} else if err := checkSecret(op, secret); err != nil {
		return nil, false, err
	}
	rot = &unified.Rotation{
		Vendor: unified.VMwareCSP, ClientID: clientID, NewClientID: clientID,
		New: currentSecret(clientID, secret),
		Old: unified.CredentialRef{ClientID: clientID, ID: previousID},
	}
	if r != nil {
		rot.New.Created, rot.OldValidUntil = r.New.Created, r.OldValidUntil
	}
	return rot, false, nil
}

// windowSeconds is RotateOptions.Overlap as CSP's
// secretRotationExpirationInSeconds (whole seconds), or nil for zero.
func windowSeconds(op string, d time.Duration) (*int32, error) {
	if d == 0 {
		return nil, nil
	}
	if d < time.Second || d > math.MaxInt32*time.Second {
		return nil, &unified.Error{Code: unified.InvalidArgument, Message: "RotateOptions.Overlap must be zero (the app's window) or from 1s to 2^31-1 seconds"}
	}
	secs := int32(d / time.Second)
	return &secs, nil
}

// appWindow reads how long the app keeps an old secret after a rotation.
func (p *adapter) appWindow(ctx context.Context, op, clientID string) (time.Duration, error) {
	resp, err := call.Do(ctx, p.vendor, op, func(ctx context.Context) (*http.Response, error) {
		return p.api.GetOrgOAuthApp(ctx, p.org, clientID)
	}, call.Decode[gen.OrgOAuthAppResponse](http.StatusOK))
	if err != nil {
		// Not CSP's answer (a proxy's page, say) is an error too: the
		// window is unknown, and the rotation is not begun on a guess.
		return 0, err
	}
	if secs := deref(resp.SecretRotationExpirationInSeconds); secs > 0 {
		return time.Duration(secs) * time.Second, nil
	}
	return defaultOverlap, nil
}

// startRotation POSTs the new secret. It is never retried after a 5xx or a
// lost answer: the caller resumes instead.
func (p *adapter) startRotation(ctx context.Context, op, clientID string, secret unified.Secret, window *int32) error {
	body := gen.ClientSecretOwnerRotationRequest{NewClientSecret: secret.Reveal(), SecretRotationExpirationInSeconds: window}
	p.vendor.Secrets.Remember(body.NewClientSecret) // an echo of it is redacted
	_, err := call.Do(ctx, p.vendor, op, func(ctx context.Context) (*http.Response, error) {
		return p.api.StartOwnerSecretRotation(ctx, p.org, clientID, body)
	}, gen.ParseStartOwnerSecretRotationResponse)
	return err
}

// adoptOpenRotation decides, after CSP refused a resumed rotation because
// one is open (conflict), whether the open one is the resumed one: it is
// when the resumed secret authenticates the app.
func (p *adapter) adoptOpenRotation(ctx context.Context, op, clientID string, secret unified.Secret, conflict *unified.Error) error {
	works, err := p.secretAuthenticates(ctx, op, clientID, secret)
	switch {
	case err != nil:
		return err
	case works:
		return nil
	}
	refused := *conflict
	refused.Reason = unified.ReasonOtherRotationOpen
	refused.Message = "another owner rotation, with a different secret, is open: finish it (FinishRotation, or RevokeSecret \"previous\") or let its window close, then resume: " + conflict.Message
	return &refused
}

// secretAuthenticates asks CSP for a client-credentials token with the
// app's secret. A 401 (or invalid_client) says the secret does not work;
// a token, or a refusal of the grant itself (an app without
// client_credentials), says it does. Rate limits, 5xx and lost answers are
// errors: the caller resumes later.
func (p *adapter) secretAuthenticates(ctx context.Context, op, clientID string, secret unified.Secret) (bool, error) {
	cfg := clientcredentials.Config{
		ClientID: clientID, ClientSecret: secret.Reveal(), TokenURL: p.tokenURL,
		AuthStyle: oauth2.AuthStyleInHeader, EndpointParams: map[string][]string{"orgId": {p.org}},
	}
	_, err := cfg.Token(context.WithValue(ctx, oauth2.HTTPClient, transport.Client(p.tokenRT)))
	if err == nil {
		return true, nil
	}
	var re *oauth2.RetrieveError
	if !errors.As(err, &re) || re.Response == nil {
		return false, &unified.Error{Code: unified.Unavailable, Message: "no answer while checking whether the resumed secret works", Err: err}
	}
	e := call.TokenError(p.vendor, op, err)
	status := re.Response.StatusCode
	switch {
	case status == http.StatusUnauthorized || e.VendorCode == "invalid_client" || re.ErrorCode == "invalid_client":
		return false, nil
	case status == http.StatusTooManyRequests || status >= 500:
		e.Code = codeFor(status)
		return false, e
	}
	return true, nil
}

// FinishRotation retires the old secret: DELETE …/secret, after which the
// new secret is the app's only one. It is idempotent. It refuses a
// Rotation that has not begun (OldValidUntil zero: RotateSecret failed),
// whose new secret may not be installed; resume that one first.
func (p *adapter) FinishRotation(ctx context.Context, r *unified.Rotation) error {
	const op = "FinishRotation"
	if err := checkRotation(op, r.ClientID, r); err != nil {
		return err
	}
	if !begun(r) {
		return &unified.Error{Code: unified.FailedPrecondition, Reason: unified.ReasonResumeNeeded, Message: "the rotation has not begun (RotateSecret failed before CSP confirmed the new secret): resume it with RotateOptions.Resume first"}
	}
	return p.deleteOldSecret(ctx, op, r.ClientID)
}

// begun reports whether CSP confirmed r's new secret: its Phase says so, or,
// for a Rotation built without a Phase, a known OldValidUntil.
func begun(r *unified.Rotation) bool {
	switch r.Phase {
	case unified.PhaseBegun, unified.PhaseFinished:
		return true
	case "":
		return !r.OldValidUntil.IsZero()
	}
	return false
}

// checkRotation refuses a rotation that credkit's CSP provider did not make
// (the portable type checked its vendor and client).
func checkRotation(_, clientID string, r *unified.Rotation) error {
	if r.Old != (unified.CredentialRef{ClientID: clientID, ID: previousID}) {
		return &unified.Error{Code: unified.InvalidArgument, Reason: unified.ReasonRotationMismatch, Message: "the rotation is not a CSP owner rotation"}
	}
	return nil
}
