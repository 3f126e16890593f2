package ory

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"net/http"
	"strings"
	"time"

	gen "github.com/credkit/credkit/gen/ory"
	"github.com/credkit/credkit/unified"
	"github.com/credkit/credkit/unified/driver"
	"github.com/credkit/credkit/unified/internal/call"
	"github.com/credkit/credkit/unified/internal/paging"
	"github.com/credkit/credkit/unified/internal/redact"
	"github.com/credkit/credkit/unified/internal/transport"
)

// Vendor names Ory (Ory Hydra, and Ory Network's OAuth2 service).
const Vendor unified.Vendor = "ory"

// Config says which Hydra to manage and how to authenticate.
type Config struct {
	// AdminURL is the base URL of Hydra's admin API: a self-hosted
	// Hydra's admin port (such as http://127.0.0.1:4445), or an Ory
	// Network project's URL (https://{slug}.projects.oryapis.com), where
	// Ory's own tools read it from ORY_SDK_URL. It must use https; plain
	// http is accepted only for a loopback host.
	AdminURL string
	// APIKey is an Ory Network project API key (ory_pat_…; Ory's CLI reads
	// ORY_PROJECT_API_KEY, its SDK examples ORY_API_KEY), sent as a bearer
	// token. A self-hosted Hydra's admin API takes none: leave it empty
	// there. It is a plain string: do not print a Config.
	APIKey string
}

// Options tune the provider; nil means defaults.
type Options struct {
	// HTTPTransport carries the requests (default: a clone of
	// http.DefaultTransport). Authentication and retries are added on top.
	HTTPTransport http.RoundTripper
	// Timeouts bound each request (connect, TLS handshake, response
	// headers, body) and the waits between retries; zero fields take
	// defaults (see unified.Timeouts).
	Timeouts unified.Timeouts
	// MaxRetries bounds the retries of one request: 0 means the default (4),
	// a negative number means none.
	MaxRetries int
	// Sleep waits between retries (default: a real timer that respects
	// the context). Tests use it to avoid real sleeps.
	Sleep func(ctx context.Context, d time.Duration) error
	// GenerateKey makes the key pair of a private_key_jwt rotation when
	// RotateOptions.NewSecret gives none (default: RSA 2048 from
	// crypto/rand).
	GenerateKey func() (*rsa.PrivateKey, error)
	// GenerateSecret makes the new secret of a rotation at once when
	// RotateOptions.NewSecret gives none (default: 32 bytes from
	// crypto/rand, base64url).
	GenerateSecret func() (string, error)
	// PageSize is how many clients ListClients asks for per page, 1 to
	// 500 (default 500, the most Ory's spec allows).
	PageSize int
	// MaxPages and MaxItems cap one listing (default
	// paging.DefaultMaxPages, 1000 pages, and paging.DefaultMaxItems,
	// 100000 items): past them ListClients ends with an Internal error, as
	// it does when Hydra links back to a page already fetched. Negative
	// values are refused.
	MaxPages, MaxItems int
}

// maxIDLength bounds every ID credkit puts in a path or a patch: Hydra's
// client IDs are UUIDs (36 characters) unless the creator chose one; kids
// credkit makes are 43.
const maxIDLength = 128

// maxPageSize is the largest page_size Ory's spec documents.
const maxPageSize = 500

// adapter is the Ory driver.
type adapter struct {
	api       *gen.Client
	vendor    call.Vendor
	genKey    func() (*rsa.PrivateKey, error)
	genSecret func() (string, error)
	closeIdle func()
	pageSize  int
	paging    paging.Limits
}

// New returns the Ory provider. It checks cfg and sends no request.
func New(cfg Config, opts *Options) (*unified.Provider, error) {
	a, err := newAdapter(cfg, opts)
	if err != nil {
		return nil, err
	}
	return driver.NewProvider(a), nil
}

func newAdapter(cfg Config, opts *Options) (*adapter, error) {
	if cfg.AdminURL == "" {
		return nil, configError("no AdminURL: set it (ORY_SDK_URL), such as http://127.0.0.1:4445 or https://{slug}.projects.oryapis.com")
	}
	base, err := transport.ParseBaseURL(cfg.AdminURL)
	if err != nil {
		return nil, configError("AdminURL " + err.Error())
	}
	if opts == nil {
		opts = &Options{}
	}
	limits := paging.Limits{MaxPages: opts.MaxPages, MaxItems: opts.MaxItems}
	if err := limits.Check(Vendor, "New"); err != nil {
		return nil, err
	}
	pageSize := opts.PageSize
	switch {
	case pageSize == 0:
		pageSize = maxPageSize
	case pageSize < 0 || pageSize > maxPageSize:
		return nil, configError("Options.PageSize must be 1 to 500, or 0 for 500")
	}
	secrets := redact.New(cfg.APIKey)
	rtBase, closeIdle := transport.OwnBase(opts.HTTPTransport, opts.Timeouts)
	rt := transport.New(transport.Options{Base: rtBase, MaxRetries: opts.MaxRetries, Sleep: opts.Sleep, Secrets: secrets, Timeouts: opts.Timeouts})
	if cfg.APIKey != "" {
		rt = transport.Authorized(rt, transport.StaticToken("Bearer", cfg.APIKey))
	}
	api, err := gen.NewClient(strings.TrimSuffix(base.String(), "/"), gen.WithHTTPClient(transport.Doer(rt)))
	if err != nil {
		closeIdle()
		return nil, configError(err.Error())
	}
	a := &adapter{api: api, vendor: call.Vendor{Name: Vendor, DecodeError: decodeError, Secrets: secrets},
		genKey: opts.GenerateKey, genSecret: opts.GenerateSecret, closeIdle: closeIdle, pageSize: pageSize, paging: limits}
	if a.genKey == nil {
		a.genKey = func() (*rsa.PrivateKey, error) { return rsa.GenerateKey(rand.Reader, 2048) }
	}
	if a.genSecret == nil {
		a.genSecret = randomSecret
	}
	return a, nil
}

func configError(msg string) error {
	return &unified.Error{Code: unified.InvalidArgument, Reason: unified.ReasonInvalidConfig, Vendor: Vendor, Op: "New", Message: msg}
}

// Info: credkit keeps at most two keys in a client's set (old and new,
// while a rotation is open); a client-secret client can only be rotated
// at once.
func (a *adapter) Info() driver.Info {
	return driver.Info{Vendor: Vendor, MaxIDLength: maxIDLength, MaxSecrets: maxKeys, ImmediateRotation: true, CompleteView: true, UnconditionalWrites: true}
}

// Close closes idle connections.
func (a *adapter) Close() error {
	a.closeIdle()
	return nil
}

// Unsupported says why Ory lacks the secret operations.
func (a *adapter) Unsupported(op string) string {
	switch op {
	case "ListSecrets", "GetSecret", "CreateSecret", "RevokeSecret", "ActivateSecret", "DeactivateSecret":
		return "a Hydra client has one secret, without an ID, never shown after it is set and replaced only at once (RegenerateSecret); " +
			"private_key_jwt clients hold public keys instead: see the JSON Web Key operations"
	}
	return ""
}

var (
	_ driver.ClientLister      = (*adapter)(nil)
	_ driver.SecretRegenerator = (*adapter)(nil)
	_ driver.JSONWebKeyManager = (*adapter)(nil)
	_ driver.RotationInspector = (*adapter)(nil)
	_ driver.Explainer         = (*adapter)(nil)
)
