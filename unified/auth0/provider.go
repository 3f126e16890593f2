package auth0

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"net/http"
	"net/url"
	"strings"
	"time"

	"golang.org/x/oauth2"

	gen "github.com/credkit/credkit/gen/auth0"
	"github.com/credkit/credkit/unified"
	"github.com/credkit/credkit/unified/driver"
	"github.com/credkit/credkit/unified/internal/call"
	"github.com/credkit/credkit/unified/internal/paging"
	"github.com/credkit/credkit/unified/internal/redact"
	"github.com/credkit/credkit/unified/internal/transport"
)

// Config says which Auth0 tenant to manage and how to authenticate.
type Config struct {
	// Domain is the tenant's domain, such as acme.eu.auth0.com
	// (AUTH0_DOMAIN), or its URL. A URL must use https; plain http is
	// accepted only for a loopback host (a local simulator).
	Domain string
	// ClientID and ClientSecret are the credentials of a machine-to-machine
	// application granted the Management API (AUTH0_CLIENT_ID,
	// AUTH0_CLIENT_SECRET), exchanged for tokens at /oauth/token.
	// ClientSecret is a plain string: do not print a Config.
	ClientID, ClientSecret string
	// Token is a Management API access token, used instead of ClientID and
	// ClientSecret.
	Token string
	// Audience is the Management API identifier tokens are asked for;
	// default https://{Domain's host}/api/v2/. A custom domain or a
	// simulator served elsewhere sets it.
	Audience string
}

// Options tune the provider; nil means defaults.
type Options struct {
	// HTTPTransport carries the requests, token requests included (default:
	// a clone of http.DefaultTransport). Authentication and retries are
	// added on top.
	HTTPTransport http.RoundTripper
	// MaxRetries bounds the retries of one request: 0 means the default (4),
	// a negative number means none.
	MaxRetries int
	// Timeouts bound each request (connect, TLS handshake, response
	// headers, a stalled or endless body) and the waits between retries:
	// zero fields take defaults (see unified.Timeouts).
	Timeouts unified.Timeouts
	// Sleep waits between retries (default: a real timer that respects
	// the context). Tests use it to avoid real sleeps.
	Sleep func(ctx context.Context, d time.Duration) error
	// GenerateKey makes the key pair of a private_key_jwt rotation when
	// RotateOptions.NewSecret gives none (default: RSA 2048 from
	// crypto/rand).
	GenerateKey func() (*rsa.PrivateKey, error)
	// MaxPages and MaxItems cap one listing (default
	// paging.DefaultMaxPages, 1000 pages, and paging.DefaultMaxItems,
	// 100000 items): past them ListClients ends with an Internal error, as
	// it does when Auth0 sends a page again or an empty page whose total
	// claims more. Negative values are refused.
	MaxPages, MaxItems int
}

// maxIDLength bounds every ID credkit puts in a path: Auth0's client IDs
// are 32 characters, its credential IDs "cred_" and 22 more.
const maxIDLength = 64

// adapter is the Auth0 driver.
type adapter struct {
	api       *gen.Client
	vendor    call.Vendor
	genKey    func() (*rsa.PrivateKey, error)
	closeIdle func()
	paging    paging.Limits
}

// New returns the Auth0 provider. It checks cfg and sends no request.
func New(cfg Config, opts *Options) (*unified.Provider, error) {
	a, err := newAdapter(cfg, opts)
	if err != nil {
		return nil, err
	}
	return driver.NewProvider(a), nil
}

func newAdapter(cfg Config, opts *Options) (*adapter, error) {
	base, err := domainURL(cfg.Domain)
	if err != nil {
		return nil, err
	}
	if opts == nil {
		opts = &Options{}
	}
	limits := paging.Limits{MaxPages: opts.MaxPages, MaxItems: opts.MaxItems}
	if err := limits.Check(unified.Auth0, "New"); err != nil {
		return nil, err
	}
	audience := cfg.Audience
	if audience == "" {
		audience = "https://" + base.Host + "/api/v2/"
	}
	// Every credential sent (the client secret or token, the access tokens
	// obtained, the secrets RegenerateSecret reads) is removed from what
	// the server sends back.
	secrets := redact.New(cfg.ClientSecret, cfg.Token)
	rtBase, closeIdle := transport.OwnBase(opts.HTTPTransport, opts.Timeouts)
	var src oauth2.TokenSource
	switch {
	case cfg.Token != "":
		src = transport.StaticToken("Bearer", cfg.Token)
	case cfg.ClientID != "" && cfg.ClientSecret != "":
		// Token requests get no retries: a token POST is not repeated.
		tokenRT := transport.New(transport.Options{Base: rtBase, MaxRetries: -1, Sleep: opts.Sleep, Secrets: secrets, Timeouts: opts.Timeouts})
		src = transport.ClientCredentials(tokenRT, base.JoinPath("oauth", "token").String(), cfg.ClientID, cfg.ClientSecret,
			oauth2.AuthStyleInParams, url.Values{"audience": {audience}})
	default:
		closeIdle()
		return nil, configError("no credentials: set ClientID and ClientSecret (AUTH0_CLIENT_ID, AUTH0_CLIENT_SECRET), or Token")
	}
	rt := transport.New(transport.Options{Base: rtBase, MaxRetries: opts.MaxRetries, RateLimitDelay: transport.ResetDelay, Sleep: opts.Sleep, Secrets: secrets, Timeouts: opts.Timeouts})
	api, err := gen.NewClient(base.String(), gen.WithHTTPClient(transport.Doer(transport.Authorized(rt, src))))
	if err != nil {
		closeIdle()
		return nil, configError(err.Error())
	}
	genKey := opts.GenerateKey
	if genKey == nil {
		genKey = func() (*rsa.PrivateKey, error) { return rsa.GenerateKey(rand.Reader, 2048) }
	}
	return &adapter{api: api, vendor: call.Vendor{Name: unified.Auth0, DecodeError: decodeError, Secrets: secrets}, genKey: genKey, closeIdle: closeIdle, paging: limits}, nil
}

// domainURL reads Config.Domain: a bare domain means https.
func domainURL(domain string) (*url.URL, error) {
	if domain == "" {
		return nil, configError("no Domain: set it (AUTH0_DOMAIN), for example acme.eu.auth0.com")
	}
	raw := domain
	if !strings.Contains(domain, "://") {
		raw = "https://" + domain
	}
	u, err := transport.ParseBaseURL(raw)
	if err == nil && strings.Trim(u.Path, "/") != "" {
		return nil, configError("Domain is the tenant's domain without a path, such as acme.eu.auth0.com")
	}
	if err != nil {
		return nil, configError("Domain " + err.Error() + " (for example acme.eu.auth0.com)")
	}
	return u, nil
}

func configError(msg string) error {
	return &unified.Error{Code: unified.InvalidArgument, Reason: unified.ReasonInvalidConfig, Vendor: unified.Auth0, Op: "New", Message: msg}
}

// Info: a client holds at most two credentials; a client-secret client
// can only be rotated at once.
func (a *adapter) Info() driver.Info {
	return driver.Info{Vendor: unified.Auth0, MaxIDLength: maxIDLength, MaxSecrets: maxCredentials, ImmediateRotation: true, CompleteView: true}
}

// Close closes idle connections.
func (a *adapter) Close() error {
	a.closeIdle()
	return nil
}

// Unsupported says why Auth0 lacks the secret operations.
func (a *adapter) Unsupported(op string) string {
	switch op {
	case "ListSecrets", "GetSecret", "CreateSecret", "RevokeSecret", "ActivateSecret", "DeactivateSecret":
		return "an Auth0 client has one secret, without an ID, replaced only at once (RegenerateSecret); " +
			"private_key_jwt clients hold public keys instead: see the JSON Web Key operations"
	}
	return ""
}

var (
	_ driver.ClientLister      = (*adapter)(nil)
	_ driver.SecretRegenerator = (*adapter)(nil)
	_ driver.JSONWebKeyManager = (*adapter)(nil)
	_ driver.Explainer         = (*adapter)(nil)
)
