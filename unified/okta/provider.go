package okta

import (
	"context"
	"net/http"
	"net/url"
	"time"

	"golang.org/x/oauth2"

	gen "github.com/credkit/credkit/gen/okta"
	"github.com/credkit/credkit/unified"
	"github.com/credkit/credkit/unified/driver"
	"github.com/credkit/credkit/unified/internal/call"
	"github.com/credkit/credkit/unified/internal/paging"
	"github.com/credkit/credkit/unified/internal/redact"
	"github.com/credkit/credkit/unified/internal/transport"
)

// Config says which Okta org to manage and how to authenticate.
type Config struct {
	// OrgURL is the org's base URL, for example https://example.okta.com.
	// It must use https; plain http is accepted only for a loopback host
	// (a local simulator).
	OrgURL string
	// APIToken is an Okta API token, sent as "SSWS <token>". Set it or
	// TokenSource.
	APIToken string
	// TokenSource supplies OAuth 2.0 access tokens with the okta.apps.read
	// and okta.apps.manage scopes, sent as "Bearer <token>".
	TokenSource oauth2.TokenSource
}

// Options tune the provider; nil means defaults.
type Options struct {
	// HTTPTransport carries the requests (default: a clone of
	// http.DefaultTransport). Authentication and retries are added on top.
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
	// MaxPages and MaxItems cap one listing (default
	// paging.DefaultMaxPages, 1000 pages, and paging.DefaultMaxItems,
	// 100000 items): past them it ends with an Internal error, as it does
	// when the vendor repeats a page link or sends an empty page that
	// claims more.
	MaxPages, MaxItems int
}

// maxIDLength bounds every Okta ID credkit puts in a path.
const maxIDLength = 255

// adapter is the Okta driver: generated types in, unified types out.
type adapter struct {
	api       *gen.Client
	http      gen.HttpRequestDoer
	baseURL   *url.URL
	vendor    call.Vendor
	closeIdle func()
	paging    paging.Limits
}

// New returns the Okta provider. It checks cfg and sends no request.
func New(cfg Config, opts *Options) (*unified.Provider, error) {
	return newProvider(cfg, opts)
}

func newProvider(cfg Config, opts *Options) (*unified.Provider, error) {
	a, err := newAdapter(cfg, opts)
	if err != nil {
		return nil, err
	}
	return driver.NewProvider(a), nil
}

func newAdapter(cfg Config, opts *Options) (*adapter, error) {
	base, err := checkOrgURL(cfg.OrgURL)
	if err != nil {
		return nil, err
	}
	var src oauth2.TokenSource
	switch {
	case cfg.APIToken != "" && cfg.TokenSource != nil:
		return nil, configError("set APIToken or TokenSource, not both")
	case cfg.APIToken != "":
		src = transport.StaticToken("SSWS", cfg.APIToken)
	case cfg.TokenSource != nil:
		src = cfg.TokenSource
	default:
		return nil, configError("no credentials: set APIToken (OKTA_CLIENT_TOKEN) or TokenSource")
	}
	if opts == nil {
		opts = &Options{}
	}
	limits := paging.Limits{MaxPages: opts.MaxPages, MaxItems: opts.MaxItems}
	if err := limits.Check(unified.Okta, "New"); err != nil {
		return nil, err
	}
	secrets := redact.New(cfg.APIToken) // and every token src hands out (transport feeds it)
	rtBase, closeIdle := transport.OwnBase(opts.HTTPTransport, opts.Timeouts)
	rt := transport.New(transport.Options{Base: rtBase, MaxRetries: opts.MaxRetries, RateLimitDelay: transport.OktaDelay, Sleep: opts.Sleep, Secrets: secrets, Timeouts: opts.Timeouts})
	hc := transport.Doer(transport.Authorized(rt, src))
	api, err := gen.NewClient(base.String(), gen.WithHTTPClient(hc))
	if err != nil {
		return nil, configError(err.Error())
	}
	return &adapter{api: api, http: hc, baseURL: base, vendor: call.Vendor{Name: unified.Okta, DecodeError: decodeError, Secrets: secrets}, closeIdle: closeIdle, paging: limits}, nil
}

func checkOrgURL(raw string) (*url.URL, error) {
	u, err := transport.ParseBaseURL(raw)
	if err != nil {
		return nil, configError("OrgURL " + err.Error() + " (for example https://example.okta.com)")
	}
	return u, nil
}

func configError(msg string) error {
	return &unified.Error{Code: unified.InvalidArgument, Reason: unified.ReasonInvalidConfig, Vendor: unified.Okta, Op: "New", Message: msg}
}

// Info: Okta app IDs and secret IDs fit in 255 bytes; an app holds at most
// two secrets; rotation keeps the app.
func (a *adapter) Info() driver.Info {
	return driver.Info{Vendor: unified.Okta, MaxIDLength: maxIDLength, MaxSecrets: 2, CompleteView: true}
}

// Close closes idle connections.
func (a *adapter) Close() error {
	a.closeIdle()
	return nil
}

var (
	_ driver.SecretLister         = (*adapter)(nil)
	_ driver.SecretGetter         = (*adapter)(nil)
	_ driver.SecretCreator        = (*adapter)(nil)
	_ driver.SecretRevoker        = (*adapter)(nil)
	_ driver.JSONWebKeyManager    = (*adapter)(nil)
	_ driver.KeyCredentialManager = (*adapter)(nil)
	_ driver.CSRManager           = (*adapter)(nil)
	_ driver.RefreshTokenManager  = (*adapter)(nil)
	_ driver.SecretStateManager   = (*adapter)(nil)
)
