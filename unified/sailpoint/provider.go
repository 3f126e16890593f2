package sailpoint

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"time"

	"golang.org/x/oauth2"

	gen "github.com/credkit/credkit/gen/sailpoint"
	"github.com/credkit/credkit/unified"
	"github.com/credkit/credkit/unified/driver"
	"github.com/credkit/credkit/unified/internal/call"
	"github.com/credkit/credkit/unified/internal/paging"
	"github.com/credkit/credkit/unified/internal/redact"
	"github.com/credkit/credkit/unified/internal/transport"
)

// Config says which SailPoint tenant to manage and how to authenticate.
type Config struct {
	// BaseURL is the tenant's API URL, without /v3, for example
	// https://acme.api.identitynow.com (SAIL_BASE_URL). It must use https;
	// plain http is accepted only for a loopback host (a local simulator).
	BaseURL string
	// ClientID and ClientSecret are the credentials of an admin API client
	// with the sp:oauth-client:manage scope (SAIL_CLIENT_ID and
	// SAIL_CLIENT_SECRET). ClientSecret is a plain string: do not print a
	// Config.
	ClientID, ClientSecret string
	// TokenURL is the token endpoint; default BaseURL + "/oauth/token". The
	// same https rule applies.
	TokenURL string
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
	// MaxItems caps ListClients (default paging.DefaultMaxItems, 100000
	// clients), which SailPoint answers in one page: past it the listing
	// ends with an Internal error. MaxPages is there for the other
	// vendors' sake: SailPoint's lists are not paged.
	MaxPages, MaxItems int
}

// maxIDLength bounds every SailPoint ID credkit puts in a path. SailPoint's
// client IDs are 32 hexadecimal characters.
const maxIDLength = 128

// adapter is the SailPoint driver: generated types in, unified types out.
// It implements no secret operation (SailPoint shows a client's secret only
// when the client is created), so the portable type answers those
// Unimplemented.
type adapter struct {
	api       *gen.Client
	vendor    call.Vendor
	closeIdle func()
	paging    paging.Limits
}

// New returns the SailPoint provider. It checks cfg and sends no request:
// the first call fetches the access token.
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
	base, err := checkURL("BaseURL", cfg.BaseURL)
	if err != nil {
		return nil, err
	}
	if strings.HasSuffix(base.Path, "/v3") {
		return nil, configError("BaseURL is the tenant's URL without /v3, such as https://acme.api.identitynow.com")
	}
	tokenURL := base.JoinPath("oauth", "token")
	if cfg.TokenURL != "" {
		if tokenURL, err = checkURL("TokenURL", cfg.TokenURL); err != nil {
			return nil, err
		}
	}
	if cfg.ClientID == "" || cfg.ClientSecret == "" {
		return nil, configError("no credentials: set ClientID and ClientSecret (SAIL_CLIENT_ID, SAIL_CLIENT_SECRET)")
	}
	if opts == nil {
		opts = &Options{}
	}
	limits := paging.Limits{MaxPages: opts.MaxPages, MaxItems: opts.MaxItems}
	if err := limits.Check(unified.SailPoint, "New"); err != nil {
		return nil, err
	}
	secrets := redact.New(cfg.ClientSecret) // and the access tokens (transport feeds it)
	rtBase, closeIdle := transport.OwnBase(opts.HTTPTransport, opts.Timeouts)
	// Token requests get the User-Agent and the body cap but no retries: a
	// token POST is not repeated.
	tokenRT := transport.New(transport.Options{Base: rtBase, MaxRetries: -1, Sleep: opts.Sleep, Secrets: secrets, Timeouts: opts.Timeouts})
	src := transport.ClientCredentials(tokenRT, tokenURL.String(), cfg.ClientID, cfg.ClientSecret, oauth2.AuthStyleInParams, nil)
	rt := transport.New(transport.Options{Base: rtBase, MaxRetries: opts.MaxRetries, RateLimitDelay: transport.RetryAfterDelay, Sleep: opts.Sleep, Secrets: secrets, Timeouts: opts.Timeouts})
	api, err := gen.NewClient(base.JoinPath("v3").String(), gen.WithHTTPClient(transport.Doer(transport.Authorized(rt, src))))
	if err != nil {
		return nil, configError(err.Error())
	}
	return &adapter{api: api, vendor: call.Vendor{Name: unified.SailPoint, DecodeError: decodeError, Secrets: secrets}, closeIdle: closeIdle, paging: limits}, nil
}

// checkURL parses a base URL setting (see transport.ParseBaseURL).
func checkURL(what, raw string) (*url.URL, error) {
	u, err := transport.ParseBaseURL(raw)
	if err != nil {
		return nil, configError(what + " " + err.Error() + " (for example https://acme.api.identitynow.com)")
	}
	return u, nil
}

func configError(msg string) error {
	return &unified.Error{Code: unified.InvalidArgument, Reason: unified.ReasonInvalidConfig, Vendor: unified.SailPoint, Op: "New", Message: msg}
}

// Info: a client holds one secret, and rotation replaces the client.
func (a *adapter) Info() driver.Info {
	return driver.Info{Vendor: unified.SailPoint, MaxIDLength: maxIDLength, MaxSecrets: 1, RotationReplacesClient: true}
}

// Close closes idle connections.
func (a *adapter) Close() error {
	a.closeIdle()
	return nil
}

var (
	_ driver.ClientLister  = (*adapter)(nil)
	_ driver.ClientDeleter = (*adapter)(nil)
)
