package vmwarecsp

import (
	"context"
	"net/http"
	"net/url"
	"time"

	"golang.org/x/oauth2"

	gen "github.com/credkit/credkit/gen/vmwarecsp"
	"github.com/credkit/credkit/unified"
	"github.com/credkit/credkit/unified/internal/call"
	"github.com/credkit/credkit/unified/internal/redact"
	"github.com/credkit/credkit/unified/internal/transport"
)

const (
	// tokenTimeout bounds one token request: oauth2.TokenSource gives it no
	// context of its own.
	tokenTimeout = time.Minute
	// earlyExpiry renews an access token this long before it expires, so
	// that a request's retries do not outlive the token in its header.
	earlyExpiry = time.Minute
	// defaultTokenLifetime is assumed when CSP gives no expires_in.
	defaultTokenLifetime = 5 * time.Minute
	// tokenOp names token requests until liftTokenError renames them after
	// the operation that needed the token.
	tokenOp = "Authenticate"
)

// apiTokenSource exchanges a CSP API token for access tokens through the
// generated client, on a transport without authorization.
type apiTokenSource struct {
	api    *gen.Client
	token  string
	vendor call.Vendor
	now    func() time.Time
}

// newAPITokenSource returns the exchange of token, cached and renewed
// shortly before each access token expires.
func newAPITokenSource(base *url.URL, rt http.RoundTripper, token string, secrets *redact.Set) (oauth2.TokenSource, error) {
	api, err := gen.NewClient(base.String(), gen.WithHTTPClient(transport.Client(rt)))
	if err != nil {
		return nil, err
	}
	src := &apiTokenSource{api: api, token: token, vendor: call.Vendor{Name: unified.VMwareCSP, DecodeError: decodeTokenError, Secrets: secrets}, now: time.Now}
	return oauth2.ReuseTokenSourceWithExpiry(nil, src, earlyExpiry), nil
}

// Token exchanges the API token (form field api_token) for an access token.
func (s *apiTokenSource) Token() (*oauth2.Token, error) {
	ctx, cancel := context.WithTimeout(context.Background(), tokenTimeout)
	defer cancel()
	sent := s.now()
	resp, err := call.Do(ctx, s.vendor, tokenOp, func(ctx context.Context) (*http.Response, error) {
		return s.api.ExchangeApiTokenWithFormdataBody(ctx, gen.ApiTokenExchangeRequest{ApiToken: &s.token})
	}, gen.ParseExchangeApiTokenResponse)
	if err != nil {
		return nil, err
	}
	if resp.JSON200 == nil || resp.JSON200.AccessToken == "" {
		return nil, &unified.Error{Code: unified.Internal, Vendor: unified.VMwareCSP, Op: tokenOp, HTTPStatus: resp.StatusCode(),
			Message: "the token answer holds no access token; it begins " + call.Snippet(resp.Body)}
	}
	lifetime := transport.TokenLifetime(resp.JSON200.ExpiresIn, defaultTokenLifetime) // range-checked
	// Measured from when the request was sent, so the token is renewed
	// early rather than late.
	return &oauth2.Token{AccessToken: resp.JSON200.AccessToken, TokenType: "Bearer", Expiry: sent.Add(lifetime)}, nil
}

// decodeTokenError reads an error of a token endpoint. A 400, 401 or 409
// there means the configured credential is wrong, expired or revoked (CSP
// answers 400 to an expired API token), so the caller is Unauthenticated
// rather than holding an invalid argument.
func decodeTokenError(status int, header http.Header, body []byte) *unified.Error {
	e := decodeError(status, header, body)
	switch status {
	case http.StatusBadRequest, http.StatusUnauthorized, http.StatusConflict:
		e.Code = unified.Unauthenticated
	}
	return e
}
