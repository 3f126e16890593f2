package specs_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"
	"github.com/stretchr/testify/require"
	"gopkg.in/dnaeon/go-vcr.v3/cassette"

	"github.com/credkit/credkit/conformance"
	"github.com/credkit/credkit/gen/okta"
)

// oktaOperations is every operation of seeds 000, 001 and 003 with Okta's own
// operationIds and every status the spec documents for it (the documented
// ones, plus 401, 404 and 500 where ERRATA.md says reality has them).
var oktaOperations = func() []operation {
	const (
		apps    = "/api/v1/apps/{appId}"
		keys    = apps + "/credentials/keys"
		csrs    = apps + "/credentials/csrs"
		jwks    = apps + "/credentials/jwks"
		secrets = apps + "/credentials/secrets"
		tokens  = apps + "/tokens"
	)
	read := []int{200, 401, 403, 404, 429, 500}
	created := []int{201, 400, 401, 403, 404, 429, 500}
	deleted := []int{204, 401, 403, 404, 429, 500}
	deletedOr400 := []int{204, 400, 401, 403, 404, 429, 500}
	changed := []int{200, 400, 401, 403, 404, 429, 500}
	return []operation{
		{http.MethodPost, keys + "/{keyId}/clone", "cloneApplicationKey", created},
		{http.MethodPost, keys + "/generate", "generateApplicationKey", created},
		{http.MethodPost, csrs, "generateCsrForApplication", created},
		{http.MethodGet, keys + "/{keyId}", "getApplicationKey", read},
		{http.MethodGet, csrs + "/{csrId}", "getCsrForApplication", read},
		{http.MethodGet, keys, "listApplicationKeys", read},
		{http.MethodGet, csrs, "listCsrsForApplication", read},
		{http.MethodPost, csrs + "/{csrId}/lifecycle/publish", "publishCsrFromApplication", created},
		{http.MethodDelete, csrs + "/{csrId}", "revokeCsrFromApplication", deleted},
		{http.MethodPost, jwks + "/{keyId}/lifecycle/activate", "activateOAuth2ClientJsonWebKey", read},
		{http.MethodPost, secrets + "/{secretId}/lifecycle/activate", "activateOAuth2ClientSecret", read},
		{http.MethodPost, jwks, "addJwk", created},
		{http.MethodPost, secrets, "createOAuth2ClientSecret", created},
		{http.MethodPost, jwks + "/{keyId}/lifecycle/deactivate", "deactivateOAuth2ClientJsonWebKey", changed},
		{http.MethodPost, secrets + "/{secretId}/lifecycle/deactivate", "deactivateOAuth2ClientSecret", changed},
		{http.MethodDelete, secrets + "/{secretId}", "deleteOAuth2ClientSecret", deletedOr400},
		{http.MethodDelete, jwks + "/{keyId}", "deletejwk", deletedOr400},
		{http.MethodGet, jwks + "/{keyId}", "getJwk", read},
		{http.MethodGet, secrets + "/{secretId}", "getOAuth2ClientSecret", read},
		{http.MethodGet, jwks, "listJwk", read},
		{http.MethodGet, secrets, "listOAuth2ClientSecrets", read},
		{http.MethodGet, tokens + "/{tokenId}", "getOAuth2TokenForApplication", read},
		{http.MethodGet, tokens, "listOAuth2TokensForApplication", read},
		{http.MethodDelete, tokens + "/{tokenId}", "revokeOAuth2TokenForApplication", deleted},
		{http.MethodDelete, tokens, "revokeOAuth2TokensForApplication", deleted},
	}
}()

func TestOktaSpec(t *testing.T) {
	doc := loadSpec(t, "okta")
	require.Len(t, oktaOperations, 25)
	requireOperations(t, doc, oktaOperations)

	params := map[string]struct {
		path, method, name string
		required           bool
		min, max           float64
	}{
		"validityYears is 2-10 and required": {"/api/v1/apps/{appId}/credentials/keys/generate", http.MethodPost, "validityYears", true, 2, 10},
		"limit is 1-200":                     {"/api/v1/apps/{appId}/tokens", http.MethodGet, "limit", false, 1, 200},
	}
	for name, p := range params {
		t.Run(name, func(t *testing.T) {
			param := doc.Paths.Find(p.path).GetOperation(p.method).Parameters.GetByInAndName("query", p.name)
			require.NotNil(t, param)
			require.Equal(t, p.required, param.Required)
			require.Equal(t, p.min, *param.Schema.Value.Min)
			require.Equal(t, p.max, *param.Schema.Value.Max)
		})
	}
	limit := doc.Paths.Find("/api/v1/apps/{appId}/tokens").Get.Parameters.GetByInAndName("query", "limit")
	require.EqualValues(t, 20, limit.Schema.Value.Default)
	clone := doc.Paths.Find("/api/v1/apps/{appId}/credentials/keys/{keyId}/clone").Post.Parameters.GetByInAndName("query", "targetAid")
	require.True(t, clone.Required, "targetAid is required")
	for _, path := range []string{"/api/v1/apps/{appId}/tokens", "/api/v1/apps/{appId}/tokens/{tokenId}"} {
		expand := doc.Paths.Find(path).Get.Parameters.GetByInAndName("query", "expand")
		require.NotNil(t, expand, "%s takes expand", path)
		require.True(t, expand.Schema.Value.Type.Is("string"), "%s: expand is a free string (ERRATA: expand=user is seen in real traffic)", path)
	}
	after := doc.Paths.Find("/api/v1/apps/{appId}/tokens").Get.Parameters.GetByInAndName("query", "after")
	require.NotNil(t, after, "the token list pages with after")
	require.True(t, after.Schema.Value.Type.Is("string"))

	publish := doc.Paths.Find("/api/v1/apps/{appId}/credentials/csrs/{csrId}/lifecycle/publish").Post.RequestBody.Value
	require.True(t, publish.Required)
	require.ElementsMatch(t, []string{"application/x-x509-ca-cert", "application/pkix-cert", "application/x-pem-file"}, keysOf(publish.Content))
	for _, path := range []string{"/api/v1/apps/{appId}/credentials/csrs", "/api/v1/apps/{appId}/credentials/csrs/{csrId}"} {
		item := doc.Paths.Find(path)
		op := item.Post
		code := 201
		if op == nil {
			op, code = item.Get, 200
		}
		require.ElementsMatch(t, []string{"application/json", "application/pkcs10"}, keysOf(op.Responses.Status(code).Value.Content), path)
	}
	schemes := doc.Components.SecuritySchemes
	require.Equal(t, "Authorization", schemes["apiToken"].Value.Name)
	require.Contains(t, schemes["oauth2"].Value.Flows.ClientCredentials.Scopes, "okta.apps.read")
	require.Contains(t, schemes["oauth2"].Value.Flows.ClientCredentials.Scopes, "okta.apps.manage")
}

// TestOktaRealWorld validates every interaction recorded against a real Okta
// org (cassettes/okta/realworld, unchanged copies) against specs/okta.yaml.
func TestOktaRealWorld(t *testing.T) {
	spec, err := conformance.LoadSpec("okta", mustRead(t, "okta.yaml"))
	require.NoError(t, err)
	checker := conformance.NewChecker([]*conformance.Spec{spec}, &conformance.Options{Strict: true})
	files, err := conformance.FindCassettes(filepath.Join("..", "cassettes", "okta", "realworld"))
	require.NoError(t, err)
	require.Len(t, files, 13)
	router := bareRouter(t, "okta.yaml", "https://test.okta.com")
	tried, passed, bare := 0, 0, 0
	for _, file := range files {
		c, err := conformance.LoadCassette(file)
		require.NoError(t, err)
		for i, in := range c.Interactions {
			res := checker.Check(file, i, in)
			tried++
			if res.Outcome == conformance.Pass {
				passed++
			}
			require.Equal(t, conformance.Pass, res.Outcome, "%s #%d %s %s: %v", filepath.Base(file), i, in.Request.Method, in.Request.URL, res.Problems)
			require.NoError(t, validateBare(router, in), "bare kin-openapi: %s #%d %s %s", filepath.Base(file), i, in.Request.Method, in.Request.URL)
			bare++
		}
	}
	require.Equal(t, 33, tried)
	t.Logf("real Okta interactions accepted: %d of %d by the checker, %d of %d by bare openapi3filter (IncludeResponseStatus)", passed, tried, bare, tried)
}

// bareRouter builds kin-openapi's own router over the spec file, served
// at host, with none of the conformance package's help.
func bareRouter(t *testing.T, file, host string) routers.Router {
	doc, err := openapi3.NewLoader().LoadFromData(mustRead(t, file))
	require.NoError(t, err)
	require.NoError(t, doc.Validate(context.Background()))
	doc.Servers = openapi3.Servers{{URL: host}}
	router, err := gorillamux.NewRouter(doc)
	require.NoError(t, err)
	return router
}

// validateBare checks one recorded interaction with openapi3filter alone:
// the request, then the response, whose status must be documented.
func validateBare(router routers.Router, in *cassette.Interaction) error {
	ctx := context.Background()
	req, err := http.NewRequestWithContext(ctx, in.Request.Method, in.Request.URL, strings.NewReader(in.Request.Body))
	if err != nil {
		return err
	}
	req.Header = in.Request.Headers.Clone()
	route, params, err := router.FindRoute(req)
	if err != nil {
		return err
	}
	opts := &openapi3filter.Options{IncludeResponseStatus: true, MultiError: true, AuthenticationFunc: openapi3filter.NoopAuthenticationFunc}
	reqInput := &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route, Options: opts}
	if err := openapi3filter.ValidateRequest(ctx, reqInput); err != nil {
		return err
	}
	return openapi3filter.ValidateResponse(ctx, &openapi3filter.ResponseValidationInput{
		RequestValidationInput: reqInput,
		Status:                 in.Response.Code,
		Header:                 in.Response.Headers,
		Body:                   io.NopCloser(strings.NewReader(in.Response.Body)),
		Options:                opts,
	})
}

// TestOktaClientRoundTrip drives the generated client against a loopback
// server for the operations whose wire forms are unusual.
func TestOktaClientRoundTrip(t *testing.T) {
	const csrB64 = "MIICyTCCAbECAQAwWjEPMA0GA1UEBhMGQ2FuYWRh"
	const pem = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n"
	mux := http.NewServeMux()
	mux.HandleFunc("POST /api/v1/apps/0oa1/credentials/csrs", func(w http.ResponseWriter, r *http.Request) {
		var meta okta.CsrMetadata
		require.NoError(t, json.NewDecoder(r.Body).Decode(&meta))
		require.Equal(t, "SP Issuer", *meta.Subject.CommonName)
		require.Equal(t, "application/pkcs10", r.Header.Get("Accept"))
		w.Header().Set("Content-Type", "application/pkcs10; filename=okta.p10")
		w.Header().Set("Content-Transfer-Encoding", "base64")
		w.WriteHeader(http.StatusCreated)
		_, _ = io.WriteString(w, csrB64)
	})
	mux.HandleFunc("POST /api/v1/apps/0oa1/credentials/csrs/csr1/lifecycle/publish", func(w http.ResponseWriter, r *http.Request) {
		require.Equal(t, "application/x-pem-file", r.Header.Get("Content-Type"))
		body, _ := io.ReadAll(r.Body)
		require.Equal(t, pem, string(body))
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusCreated)
		_, _ = io.WriteString(w, `{"kid":"k1","kty":"RSA","use":"sig","x5c":["MIIB"],"created":"2026-01-06T19:50:58.000Z"}`)
	})
	mux.HandleFunc("GET /api/v1/apps/0oa1/credentials/jwks", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"keys":[{"id":"pks1","kid":"a","kty":"RSA","use":null,"status":"ACTIVE","e":"AQAB","n":"xyz"},{"id":"pks2","kid":"b","kty":"RSA","use":"enc","status":"INACTIVE"}]}`)
	})
	mux.HandleFunc("GET /api/v1/apps/0oa1/tokens", func(w http.ResponseWriter, r *http.Request) {
		require.Equal(t, "scope", r.URL.Query().Get("expand"))
		require.Equal(t, "5", r.URL.Query().Get("limit"))
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("X-Rate-Limit-Reset", "1767729117")
		w.WriteHeader(http.StatusTooManyRequests)
		_, _ = io.WriteString(w, `{"errorCode":"E0000047","errorSummary":"API call exceeded rate limit due to too many requests.","errorLink":"E0000047","errorId":"oae1","errorCauses":[]}`)
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	client, err := okta.NewClientWithResponses(srv.URL)
	require.NoError(t, err)
	ctx := context.Background()

	cn := "SP Issuer"
	csr, err := client.GenerateCsrForApplicationWithResponse(ctx, "0oa1", okta.CsrMetadata{Subject: &okta.CsrMetadataSubject{CommonName: &cn}}, accept("application/pkcs10"))
	require.NoError(t, err)
	require.Equal(t, http.StatusCreated, csr.StatusCode())
	require.Nil(t, csr.JSON201, "a PKCS#10 answer is not decoded as JSON")
	require.Equal(t, csrB64, string(csr.Body))
	require.Equal(t, "base64", *csr.Headers201.ContentTransferEncoding)

	pub, err := client.PublishCsrFromApplicationWithBodyWithResponse(ctx, "0oa1", "csr1", "application/x-pem-file", stringsReader(pem))
	require.NoError(t, err)
	require.Equal(t, http.StatusCreated, pub.StatusCode())
	require.Equal(t, "k1", *pub.JSON201.Kid)
	require.Equal(t, [][]byte{{0x30, 0x82, 0x01}}, *pub.JSON201.X5c, "x5c entries are base64 (format: byte): \"MIIB\" is the DER bytes 30 82 01")

	set, err := client.ListJwkWithResponse(ctx, "0oa1")
	require.NoError(t, err)
	require.Len(t, set.JSON200.Keys, 2)
	signing, err := set.JSON200.Keys[0].AsOAuth2ClientJsonSigningKeyResponse()
	require.NoError(t, err)
	rsa, err := signing.AsOAuth2ClientJsonWebKeyRsaResponse()
	require.NoError(t, err)
	require.Equal(t, "pks1", *rsa.Id)
	require.Nil(t, rsa.Use, "use: null means a signing key")
	enc, err := set.JSON200.Keys[1].AsOAuth2ClientJsonEncryptionKeyResponse()
	require.NoError(t, err)
	require.Equal(t, okta.OAuth2ClientJsonEncryptionKeyResponseUseEnc, enc.Use)

	limit := 5
	expand := "scope"
	tokens, err := client.ListOAuth2TokensForApplicationWithResponse(ctx, "0oa1", &okta.ListOAuth2TokensForApplicationParams{Expand: &expand, Limit: &limit})
	require.NoError(t, err)
	require.Equal(t, http.StatusTooManyRequests, tokens.StatusCode())
	require.Equal(t, "E0000047", tokens.JSON429.ErrorCode)
	require.Equal(t, 1767729117, *tokens.Headers429.XRateLimitReset)
}

func accept(mediaType string) okta.RequestEditorFn {
	return func(_ context.Context, req *http.Request) error {
		req.Header.Set("Accept", mediaType)
		return nil
	}
}
