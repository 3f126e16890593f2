package vmwarecsp

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/url"
	"time"

	"golang.org/x/oauth2"

	gen "github.com/credkit/credkit/gen/vmwarecsp"
	"github.com/credkit/credkit/unified"
	"github.com/credkit/credkit/unified/driver"
	"github.com/credkit/credkit/unified/internal/call"
	"github.com/credkit/credkit/unified/internal/paging"
	"github.com/credkit/credkit/unified/internal/redact"
	"github.com/credkit/credkit/unified/internal/transport"
)

// defaultURL is CSP's production console, used when Config.URL is empty.
const defaultURL = "https://console.cloud.vmware.com"

// Config says which CSP organization to manage and how to authenticate.
type Config struct {
	// URL is CSP's base URL: https://console.cloud.vmware.com when empty,
	// https://console-stg.cloud.vmware.com for staging. It must use https;
	// plain http is accepted only for a loopback host (a local simulator).
	URL string
	// OrgID is the organization whose OAuth apps are managed (a GUID).
	OrgID string
	// APIToken is a CSP API token (CSP also calls it a refresh token),
	// exchanged for access tokens at POST
	// /csp/gateway/am/api/auth/api-tokens/authorize. Set it, or ClientID
	// and ClientSecret.
	APIToken string
	// ClientID and ClientSecret are the credentials of an OAuth app with an
	// organization role, used in a client-credentials grant (HTTP Basic,
	// orgId OrgID) at POST /csp/gateway/am/api/auth/authorize.
	ClientID, ClientSecret string
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
	// Rand is where generated secrets draw their randomness (default:
	// crypto/rand).
	Rand io.Reader
	// MaxPages and MaxItems cap one listing (default
	// paging.DefaultMaxPages, 1000 pages, and paging.DefaultMaxItems,
	// 100000 items): past them it ends with an Internal error, as it does
	// when the vendor repeats a page link or sends an empty page that
	// claims more.
	MaxPages, MaxItems int
}

// maxIDLength bounds every CSP ID credkit puts in a path.
const maxIDLength = 128

// Paths of the two token endpoints, under the base URL.
const (
	apiTokenPath          = "/csp/gateway/am/api/auth/api-tokens/authorize" //nolint:gosec // a URL path, no credential
	clientCredentialsPath = "/csp/gateway/am/api/auth/authorize"            //nolint:gosec // a URL path, no credential
)

// adapter is the VMware CSP driver: generated types in, unified types out.
// CSP secrets have no IDs and cannot be listed, read or added, so it
// implements SecretRevoker (for "previous") but no other secret operation.
type adapter struct {
	closeIdle func()
	api       *gen.Client
	org       string
	vendor    call.Vendor
	rand      io.Reader
	// tokenURL and tokenRT reach the client-credentials token endpoint,
	// where a resumed rotation checks its secret (see rotation.go).
	tokenURL string
	tokenRT  http.RoundTripper
	paging   paging.Limits
}

// New returns the VMware CSP provider. It checks cfg and sends no request.
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
	base, err := checkURL(cfg.URL)
	if err != nil {
		return nil, err
	}
	if err := driver.CheckID("organization ID", cfg.OrgID, maxIDLength); err != nil {
		var e *unified.Error
		if errors.As(err, &e) {
			return nil, configError(e.Message)
		}
		return nil, err
	}
	if opts == nil {
		opts = &Options{}
	}
	limits := paging.Limits{MaxPages: opts.MaxPages, MaxItems: opts.MaxItems}
	if err := limits.Check(unified.VMwareCSP, "New"); err != nil {
		return nil, err
	}
	secrets := redact.New(cfg.APIToken, cfg.ClientSecret) // and the access tokens and secrets sent
	rtBase, closeIdle := transport.OwnBase(opts.HTTPTransport, opts.Timeouts)
	// Token requests are never retried and carry no Authorization.
	tokenRT := transport.New(transport.Options{Base: rtBase, MaxRetries: -1, Sleep: opts.Sleep, Secrets: secrets, Timeouts: opts.Timeouts})
	var src oauth2.TokenSource
	switch hasToken, hasClient := cfg.APIToken != "", cfg.ClientID != "" || cfg.ClientSecret != ""; {
	case hasToken && hasClient:
		return nil, configError("set APIToken or ClientID and ClientSecret, not both")
	case hasToken:
		src, err = newAPITokenSource(base, tokenRT, cfg.APIToken, secrets)
		if err != nil {
			return nil, configError(err.Error())
		}
	case cfg.ClientID == "" || cfg.ClientSecret == "":
		if hasClient {
			return nil, configError("ClientID and ClientSecret go together")
		}
		return nil, configError("no credentials: set APIToken, or ClientID and ClientSecret")
	default:
		src = transport.ClientCredentials(tokenRT, base.String()+clientCredentialsPath, cfg.ClientID, cfg.ClientSecret, oauth2.AuthStyleInHeader, url.Values{"orgId": {cfg.OrgID}})
	}
	rt := transport.New(transport.Options{Base: rtBase, MaxRetries: opts.MaxRetries, RateLimitDelay: transport.RetryAfterDelay, Sleep: opts.Sleep, Secrets: secrets, Timeouts: opts.Timeouts})
	api, err := gen.NewClient(base.String(), gen.WithHTTPClient(transport.Doer(transport.Authorized(rt, src))))
	if err != nil {
		return nil, configError(err.Error())
	}
	return &adapter{
		closeIdle: closeIdle,
		api:       api, org: cfg.OrgID, vendor: call.Vendor{Name: unified.VMwareCSP, DecodeError: decodeError, DecodeTokenError: decodeTokenError, Secrets: secrets}, rand: opts.Rand,
		tokenURL: base.String() + clientCredentialsPath, tokenRT: tokenRT, paging: limits,
	}, nil
}

func checkURL(raw string) (*url.URL, error) {
	if raw == "" {
		raw = defaultURL
	}
	u, err := transport.ParseBaseURL(raw)
	if err != nil {
		return nil, configError("URL " + err.Error() + " (for example " + defaultURL + ")")
	}
	return u, nil
}

func configError(msg string) error {
	return &unified.Error{Code: unified.InvalidArgument, Reason: unified.ReasonInvalidConfig, Vendor: unified.VMwareCSP, Op: "New", Message: msg}
}

// Info: an app holds at most two secrets (current, and previous during a
// rotation); rotation keeps the client ID.
func (p *adapter) Info() driver.Info {
	return driver.Info{Vendor: unified.VMwareCSP, MaxIDLength: maxIDLength, MaxSecrets: 2, ChosenOverlap: true}
}

// Close closes idle connections.
func (p *adapter) Close() error {
	p.closeIdle()
	return nil
}

var (
	_ driver.SecretRevoker     = (*adapter)(nil)
	_ driver.ClientLister      = (*adapter)(nil)
	_ driver.SecretRegenerator = (*adapter)(nil)
)
