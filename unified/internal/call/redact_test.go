package call

import (
	"context"
	"encoding/base64"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"golang.org/x/oauth2"

	"github.com/credkit/credkit/unified"
	"github.com/credkit/credkit/unified/internal/redact"
	"github.com/credkit/credkit/unified/internal/transport"
)

const echoedToken = "00aBcDeFgHiJkLmNoPqRsTuVwXyZ-0123456789"

// TestDoRedactsEchoedCredentials: whatever form a server echoes the
// request's token in, in an error body or an undecodable success body, the
// error holds none of it, and its decoder never sees it.
func TestDoRedactsEchoedCredentials(t *testing.T) {
	forms := map[string]string{
		"clear":        echoedToken,
		"query":        url.QueryEscape("SSWS " + echoedToken),
		"base64 basic": base64.StdEncoding.EncodeToString([]byte("ab:" + echoedToken)),
		"base64 url":   base64.RawURLEncoding.EncodeToString([]byte("x" + echoedToken)),
	}
	for name, form := range forms {
		for _, status := range []int{http.StatusBadRequest, http.StatusOK} {
			t.Run(name+"/"+http.StatusText(status), func(t *testing.T) {
				srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					w.WriteHeader(status)
					_, _ = io.WriteString(w, `{"message": "you sent `+form+`", "broken`)
				}))
				defer srv.Close()
				secrets := redact.New()
				rt := transport.Authorized(transport.New(transport.Options{MaxRetries: -1, Secrets: secrets}), transport.StaticToken("SSWS", echoedToken))
				var seen string
				v := Vendor{Name: unified.Vendor("okta"), Secrets: secrets, DecodeError: func(_ int, _ http.Header, body []byte) *unified.Error {
					seen = string(body)
					return &unified.Error{Code: unified.InvalidArgument, Message: "vendor says " + string(body)}
				}}
				_, err := Do(context.Background(), v, "Op", func(ctx context.Context) (*http.Response, error) {
					req, _ := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL, nil)
					return transport.Doer(rt).Do(req)
				}, func(r *http.Response) (map[string]any, error) {
					_, _ = io.ReadAll(r.Body)
					return nil, errors.New("cannot decode")
				})
				require.Error(t, err)
				require.NotContains(t, err.Error(), form)
				require.NotContains(t, seen, form)
				require.Contains(t, err.Error(), redact.Mask)
			})
		}
	}
}

// TestTokenErrorRedactsTheTokenEndpointsEcho: a token endpoint's OAuth
// error that quotes the client secret.
func TestTokenErrorRedactsTheTokenEndpointsEcho(t *testing.T) {
	secret := "client-secret-" + echoedToken
	re := &oauth2.RetrieveError{
		Response:         &http.Response{StatusCode: http.StatusUnauthorized, Header: http.Header{}},
		Body:             []byte(`{"error":"invalid_client","error_description":"bad secret ` + secret + `"}`),
		ErrorCode:        "invalid_client",
		ErrorDescription: "bad secret " + url.QueryEscape(secret),
	}
	e := TokenError(Vendor{Name: unified.Vendor("sailpoint"), Secrets: redact.New(secret)}, "ListClients", re)
	require.NotNil(t, e)
	require.False(t, strings.Contains(e.Error(), secret) || strings.Contains(e.Error(), url.QueryEscape(secret)), e.Error())
	require.Contains(t, e.Error(), "bad secret "+redact.Mask)
}

func TestNotJSONQuotesOnlyTheMediaTypeAndCharset(t *testing.T) {
	cases := map[string]string{
		"text/html; charset=utf-8":                      `"text/html; charset=utf-8"`,
		"text/html; token=" + echoedToken:               `"text/html"`,
		"text/html; charset=" + strings.Repeat("x", 40): `"text/html"`,
		"SSWS " + echoedToken:                           `"(not a media type)"`,
		"":                                              `""`,
		"text/" + strings.Repeat("y", 70):               `"(not a media type)"`,
	}
	for in, want := range cases {
		e := NotJSON(unified.Vendor("okta"), "Op", &http.Response{StatusCode: 200, Header: http.Header{"Content-Type": {in}}})
		require.Contains(t, e.Message, "(Content-Type "+want+")", in)
		require.NotContains(t, e.Message, echoedToken)
	}
}
