package vmwarecsp

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"unicode/utf8"

	gen "github.com/credkit/credkit/gen/vmwarecsp"
	"github.com/credkit/credkit/unified"
	"github.com/credkit/credkit/unified/driver"
	"github.com/credkit/credkit/unified/internal/call"
)

// The names of CSP's two implicit secret slots, used as credential IDs.
const (
	// currentID is the app's secret: the one set last.
	currentID = "current"
	// previousID is the secret an open owner rotation keeps valid until its
	// window closes or the rotation is finished.
	previousID = "previous"
)

// RevokeSecret revokes the previous secret of an open rotation (ref.ID
// "previous"), as FinishRotation does; with no rotation open there is
// nothing to revoke and it succeeds. It refuses "current", the app's only
// secret that works for good.
func (p *adapter) RevokeSecret(ctx context.Context, ref unified.CredentialRef) error {
	switch ref.ID {
	case previousID:
		return p.deleteOldSecret(ctx, "RevokeSecret", ref.ClientID)
	case currentID:
		return &unified.Error{Code: unified.FailedPrecondition, Reason: unified.ReasonOnlyActiveSecret, Message: "refusing to revoke the app's current secret, its only lasting one; replace it with RotateSecret, or at once with RegenerateSecret"}
	default:
		return &unified.Error{Code: unified.InvalidArgument, Message: fmt.Sprintf("CSP secrets have no IDs: the secret ID must be %q or %q", previousID, currentID)}
	}
}

// deleteOldSecret ends an app's owner rotation: the previous secret stops
// working now. It never touches the current secret.
func (p *adapter) deleteOldSecret(ctx context.Context, op, clientID string) error {
	_, err := call.Do(ctx, p.vendor, op, func(ctx context.Context) (*http.Response, error) {
		return p.api.DeleteOldOwnerSecret(ctx, p.org, clientID)
	}, gen.ParseDeleteOldOwnerSecretResponse)
	return err
}

// RegenerateSecret replaces the app's secret at once with one CSP
// generates: the old secret, and any rotation in progress, end now.
func (p *adapter) RegenerateSecret(ctx context.Context, clientID string) (unified.Credential, error) {
	resp, err := call.Do(ctx, p.vendor, "RegenerateSecret", func(ctx context.Context) (*http.Response, error) {
		return p.api.RegenerateOrgOAuthAppSecret(ctx, p.org, clientID, gen.ClientSecretRegenerateRequest{})
	}, gen.ParseRegenerateOrgOAuthAppSecretResponse)
	if err != nil {
		return unified.Credential{}, err
	}
	if resp.JSON200 == nil || resp.JSON200.ClientSecret == "" {
		return unified.Credential{}, &unified.Error{Code: unified.Internal, HTTPStatus: resp.StatusCode(),
			Message: "the answer holds no secret; the app's secret may have changed: regenerate it again"}
	}
	c := currentSecret(clientID, unified.NewSecret(resp.JSON200.ClientSecret))
	c.Status = unified.StatusActive
	// The vendor value leaves the secret out, so that printing a
	// credential with %+v cannot show it.
	return driver.WithVendorValue(c, gen.ClientCredentials{ClientId: resp.JSON200.ClientId}), nil
}

// currentSecret is the credential of a secret in the app's current slot.
func currentSecret(clientID string, s unified.Secret) unified.Credential {
	return unified.Credential{
		Vendor: unified.VMwareCSP, ClientID: clientID, ID: currentID, Kind: unified.KindClientSecret,
		Secret: s, Hint: unified.Hint(s),
	}
}

// CSP's secret rule: at least 8 characters, with a lower-case letter, an
// upper-case letter, a digit and one of specials.
const (
	minSecretLength = 8
	specials        = "!@#$%^&*()_+=[]-{|}',./:;<>?`~"
)

// checkSecret applies CSP's rule to a caller-chosen secret before it is
// sent.
func checkSecret(op string, s unified.Secret) error {
	v := s.Reveal()
	var missing []string
	for _, c := range []struct {
		name string
		in   string
	}{{"a lower-case letter", lower}, {"an upper-case letter", upper}, {"a digit", digits}, {"one of " + specials, specials}} {
		if !strings.ContainsAny(v, c.in) {
			missing = append(missing, c.name)
		}
	}
	switch {
	case utf8.RuneCountInString(v) < minSecretLength:
		return &unified.Error{Code: unified.InvalidArgument, Message: fmt.Sprintf("CSP requires a secret of at least %d characters", minSecretLength)}
	case len(missing) > 0:
		return &unified.Error{Code: unified.InvalidArgument, Message: "CSP requires the secret to contain " + strings.Join(missing, ", ")}
	}
	return nil
}

// Generated secrets: 32 characters drawn uniformly from letters, digits
// and genSpecials, with at least one of each class.
//
// genSpecials is the part of CSP's special characters that needs no
// quoting in shells, URLs or YAML and that CSP's documented pattern
// matches without doubt: that pattern reads "\]-{" as a range, so "-" on
// its own is not sure to count.
const (
	secretLength = 32
	lower        = "abcdefghijklmnopqrstuvwxyz"
	upper        = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	digits       = "0123456789"
	genSpecials  = "!#%*+.:=?@^_~"
	alphabet     = lower + upper + digits + genSpecials
)

// maxRandomBytes bounds the bytes one secret may draw, so that a broken
// Rand fails instead of looping.
const maxRandomBytes = 4096

// generateSecret returns a new secret that meets CSP's rule, drawn from
// r (crypto/rand when nil).
func generateSecret(r io.Reader) (unified.Secret, error) {
	if r == nil {
		r = rand.Reader
	}
	rr := &rejectionReader{r: r, budget: maxRandomBytes}
	out := make([]byte, secretLength)
	for i, class := range []string{lower, upper, digits, genSpecials} {
		c, err := rr.pick(class)
		if err != nil {
			return unified.Secret{}, err
		}
		out[i] = c
	}
	for i := 4; i < secretLength; i++ {
		c, err := rr.pick(alphabet)
		if err != nil {
			return unified.Secret{}, err
		}
		out[i] = c
	}
	// Fisher–Yates, so the four required characters sit anywhere.
	for i := secretLength - 1; i > 0; i-- {
		j, err := rr.index(i + 1)
		if err != nil {
			return unified.Secret{}, err
		}
		out[i], out[j] = out[j], out[i]
	}
	return unified.NewSecret(string(out)), nil
}

// rejectionReader draws uniform indexes from random bytes.
type rejectionReader struct {
	r      io.Reader
	budget int
	buf    [1]byte
}

var errRandom = errors.New("the random source gave too many unusable bytes")

// index returns a uniform integer in [0, n), n at most 256.
func (rr *rejectionReader) index(n int) (int, error) {
	limit := 256 - 256%n
	for ; rr.budget > 0; rr.budget-- {
		if _, err := io.ReadFull(rr.r, rr.buf[:]); err != nil {
			return 0, err
		}
		if int(rr.buf[0]) < limit {
			rr.budget--
			return int(rr.buf[0]) % n, nil
		}
	}
	return 0, errRandom
}

func (rr *rejectionReader) pick(from string) (byte, error) {
	i, err := rr.index(len(from))
	if err != nil {
		return 0, err
	}
	return from[i], nil
}

// Unsupported says why CSP lacks the secret operations the portable type
// refuses.
func (p *adapter) Unsupported(op string) string {
	switch op {
	case "ListSecrets":
		return "CSP cannot list an app's secrets: they have no IDs and are shown only when set; an app has a current secret, and during a rotation a previous one"
	case "GetSecret":
		return "CSP never shows a secret after it is set and gives secrets no IDs"
	case "CreateSecret":
		return "CSP adds a second secret only by starting an owner rotation: use RotateSecret (or RegenerateSecret to replace the secret at once)"
	}
	return ""
}
