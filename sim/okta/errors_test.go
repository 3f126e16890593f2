package okta_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	oktasim "github.com/credkit/credkit/sim/okta"
)

func TestErrorBodyShape(t *testing.T) {
	h := newHarness(t, &oktasim.Options{Seed: 9})
	app := h.sim.CreateApp("errors", "")
	r, err := h.api.GetOAuth2ClientSecretWithResponse(h.ctx, app, "ocsMissing")
	require.NoError(t, err)
	require.Equal(t, http.StatusNotFound, r.StatusCode())
	require.Equal(t, "application/json", r.HTTPResponse.Header.Get("Content-Type"))
	e := decode[apiErr](t, r.Body)
	require.Regexp(t, `^\{"errorCode":"E0000007","errorSummary":"Not found: Resource not found: ocsMissing \(OAuth2ClientSecretMediated\)","errorLink":"E0000007","errorId":"oae[0-9A-Za-z]{22}","errorCauses":\[\]\}$`, string(r.Body))

	// errorId comes from the seed: a second simulator answers the same.
	again := newHarness(t, &oktasim.Options{Seed: 9})
	app2 := again.sim.CreateApp("errors", "")
	require.Equal(t, app, app2)
	r2, err := again.api.GetOAuth2ClientSecretWithResponse(again.ctx, app2, "ocsMissing")
	require.NoError(t, err)
	require.Equal(t, e.ErrorID, decode[apiErr](t, r2.Body).ErrorID)
	require.Equal(t, r.HTTPResponse.Header.Get("X-Okta-Request-Id"), r2.HTTPResponse.Header.Get("X-Okta-Request-Id"))
}

func TestValidationErrorsListTheirCause(t *testing.T) {
	h := newHarness(t, nil)
	app := h.sim.CreateApp("causes", "")
	r, err := h.api.AddJwkWithBodyWithResponse(h.ctx, app, "application/json", strings.NewReader(rsaJWK("short", "sig", "ACTIVE", 1024)))
	require.NoError(t, err)
	require.Equal(t, http.StatusBadRequest, r.StatusCode())
	require.Equal(t, "E0000001", r.JSON400.ErrorCode)
	require.Equal(t, "Api validation failed: JsonWebKey", r.JSON400.ErrorSummary)
	require.Len(t, *r.JSON400.ErrorCauses, 1)
	require.Equal(t, "RSA key length in the 'jwks' is less than '2,048' bits for the given key.", *(*r.JSON400.ErrorCauses)[0].ErrorSummary)
}
