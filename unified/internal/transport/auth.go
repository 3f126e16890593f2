package transport

import (
	"context"
	"encoding/base64"
	"net/http"
	"net/url"
	"strings"
	"time"

	"golang.org/x/oauth2"
	"golang.org/x/oauth2/clientcredentials"

	"github.com/credkit/credkit/unified/internal/redact"
)

// TokenTimeout bounds one token request.
const TokenTimeout = 30 * time.Second

// Authorized returns rt with every request carrying the current token of
// src as "Authorization: <type> <token>". On New's transport the header is
// set in the one copy of the request that transport makes anyway; on any
// other, through an oauth2.Transport.
func Authorized(rt http.RoundTripper, src oauth2.TokenSource) http.RoundTripper {
	if s, ok := rt.(*stack); ok && s.src == nil {
		return &stack{next: s.next, src: src, secrets: s.secrets}
	}
	return &oauth2.Transport{Source: src, Base: rt}
}

// StaticToken is a token that never expires, sent as "<tokenType> <token>":
// tokenType "SSWS" for an Okta API token, "Bearer" for an access token.
func StaticToken(tokenType, token string) oauth2.TokenSource {
	return oauth2.StaticTokenSource(&oauth2.Token{AccessToken: token, TokenType: tokenType})
}

// ClientCredentials is an OAuth 2.0 client-credentials token source that
// caches its token and fetches a new one shortly before it expires. Its
// token requests go through base (without retries: a token POST is not
// repeated). style says where the client's credentials go: in the form body
// (SailPoint) or in HTTP Basic (VMware CSP).
func ClientCredentials(base http.RoundTripper, tokenURL, clientID, clientSecret string, style oauth2.AuthStyle, params url.Values) oauth2.TokenSource {
	cfg := clientcredentials.Config{
		ClientID:       clientID,
		ClientSecret:   clientSecret,
		TokenURL:       tokenURL,
		AuthStyle:      style,
		EndpointParams: params,
	}
	// x/oauth2 fetches tokens without the caller's context, so the token
	// client carries its own deadline: a hung token endpoint cannot hold a
	// request forever. It follows no redirect: the token endpoint's 3xx is
	// its answer, and the client's secret goes nowhere else.
	ctx := context.WithValue(context.Background(), oauth2.HTTPClient, &http.Client{Transport: base, Timeout: TokenTimeout, CheckRedirect: noRedirects})
	return cfg.TokenSource(ctx)
}

// rememberAuthorization feeds secrets the credential of an Authorization
// value: the token after the scheme, and for Basic the decoded password
// and user:password pair, so that an echo of any of them is redacted.
func rememberAuthorization(secrets *redact.Set, value string) {
	scheme, cred, ok := strings.Cut(strings.TrimSpace(value), " ")
	if !ok {
		return
	}
	cred = strings.TrimSpace(cred)
	secrets.Remember(cred)
	if !strings.EqualFold(scheme, "Basic") {
		return
	}
	pair, err := base64.StdEncoding.DecodeString(cred)
	if err != nil {
		return
	}
	secrets.Remember(string(pair))
	if _, password, ok := strings.Cut(string(pair), ":"); ok {
		if p, err := url.QueryUnescape(password); err == nil {
			secrets.Remember(p) // x/oauth2 query-escapes Basic credentials
		}
		secrets.Remember(password)
	}
}
