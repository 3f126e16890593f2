package specs_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers/gorillamux"
	"github.com/stretchr/testify/require"

	"github.com/credkit/credkit/gen/vmwarecsp"
)

const (
	cspApps   = "/csp/gateway/am/api/orgs/{orgId}/oauth-apps"
	cspApp    = cspApps + "/{oauthAppId}"
	cspSecret = cspApp + "/secret"
	cspToken  = "/csp/gateway/am/api/auth/api-tokens/authorize"
)

func TestVmwarecspSpec(t *testing.T) {
	doc := loadSpec(t, "vmwarecsp")
	requireOperations(t, doc, []operation{
		{http.MethodPost, cspToken, "exchangeApiToken", []int{200, 400, 404, 409, 429, 500}},
		{http.MethodPost, cspApps, "createOrgOAuthApp", []int{200, 400, 401, 403, 404, 409, 429, 500}},
		{http.MethodGet, cspApps, "listOrgOAuthApps", []int{200, 400, 401, 403, 404, 429, 500}},
		{http.MethodDelete, cspApps, "deleteOrgOAuthApps", []int{200, 400, 401, 403, 404, 429, 500}},
		{http.MethodGet, cspApp, "getOrgOAuthApp", []int{200, 400, 401, 403, 404, 429, 500}},
		{http.MethodPatch, cspApp, "patchOrgOAuthApp", []int{200, 400, 401, 403, 404, 409, 429, 500}},
		{http.MethodPost, cspSecret, "startOwnerSecretRotation", []int{200, 400, 401, 403, 404, 409, 429, 500}},
		{http.MethodDelete, cspSecret, "deleteOldOwnerSecret", []int{200, 400, 401, 403, 404, 429, 500}},
		{http.MethodPut, cspSecret, "regenerateOrgOAuthAppSecret", []int{200, 401, 403, 404, 409, 429, 500}},
	})

	// The token exchange is anonymous; everything else takes a CSP access token.
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			if op.OperationID == "exchangeApiToken" {
				require.NotNil(t, op.Security)
				require.Empty(t, *op.Security, "exchangeApiToken must be anonymous")
				continue
			}
			require.Nil(t, op.Security, "%s %s must inherit the document's security", method, path)
		}
	}
	require.Len(t, doc.Security, 2)
	require.Contains(t, doc.Security[0], "bearerAuth")
	require.Contains(t, doc.Security[1], "cspAuthToken")
}

// cspRequest is what the test server saw of one request.
type cspRequest struct {
	method, path, contentType string
	query                     url.Values
	body                      []byte
}

func TestVmwarecspClientRoundTrip(t *testing.T) {
	const org, app = "org-1", "app-1"
	tests := []struct {
		name     string
		status   int
		respBody string // JSON answered by the server; empty means no body
		// call makes the request with the generated client and checks the typed result.
		call func(t *testing.T, c *vmwarecsp.ClientWithResponses)
		// check checks the request the server received.
		check func(t *testing.T, got cspRequest)
	}{
		{
			name:   "startOwnerSecretRotation",
			status: http.StatusOK,
			call: func(t *testing.T, c *vmwarecsp.ClientWithResponses) {
				resp, err := c.StartOwnerSecretRotationWithResponse(context.Background(), org, app,
					vmwarecsp.ClientSecretOwnerRotationRequest{
						NewClientSecret:                   "N3w-Secret!",
						SecretRotationExpirationInSeconds: new(int32(3600)),
					})
				require.NoError(t, err)
				require.Equal(t, http.StatusOK, resp.StatusCode())
				require.Empty(t, resp.Body)
			},
			check: func(t *testing.T, got cspRequest) {
				require.Equal(t, http.MethodPost, got.method)
				require.Equal(t, "/csp/gateway/am/api/orgs/org-1/oauth-apps/app-1/secret", got.path)
				require.Equal(t, "application/json", got.contentType)
				require.JSONEq(t, `{"newClientSecret":"N3w-Secret!","secretRotationExpirationInSeconds":3600}`, string(got.body))
			},
		},
		{
			name:   "deleteOldOwnerSecret",
			status: http.StatusOK,
			call: func(t *testing.T, c *vmwarecsp.ClientWithResponses) {
				resp, err := c.DeleteOldOwnerSecretWithResponse(context.Background(), org, app)
				require.NoError(t, err)
				require.Equal(t, http.StatusOK, resp.StatusCode())
				require.Empty(t, resp.Body)
			},
			check: func(t *testing.T, got cspRequest) {
				require.Equal(t, http.MethodDelete, got.method)
				require.Equal(t, "/csp/gateway/am/api/orgs/org-1/oauth-apps/app-1/secret", got.path)
				require.Empty(t, got.body)
			},
		},
		{
			name:     "deleteOrgOAuthApps partial success",
			status:   http.StatusOK,
			respBody: `{"succeeded":["app-1"],"failed":["app-2"]}`,
			call: func(t *testing.T, c *vmwarecsp.ClientWithResponses) {
				resp, err := c.DeleteOrgOAuthAppsWithResponse(context.Background(), org,
					vmwarecsp.OrgOAuthAppsDeleteRequest{ClientIdsToDelete: []string{"app-1", "app-2"}})
				require.NoError(t, err)
				require.Equal(t, http.StatusOK, resp.StatusCode())
				require.NotNil(t, resp.JSON200)
				require.Equal(t, []string{"app-1"}, *resp.JSON200.Succeeded)
				require.Equal(t, []string{"app-2"}, *resp.JSON200.Failed)
			},
			check: func(t *testing.T, got cspRequest) {
				require.Equal(t, http.MethodDelete, got.method)
				require.Equal(t, "/csp/gateway/am/api/orgs/org-1/oauth-apps", got.path)
				require.Equal(t, "application/json", got.contentType)
				require.JSONEq(t, `{"clientIdsToDelete":["app-1","app-2"]}`, string(got.body))
			},
		},
		{
			name:   "listOrgOAuthApps paging",
			status: http.StatusOK,
			respBody: `{"results":[{"id":"app-1","displayName":"CI","createdAt":1700000000000,"accessTokenTTL":600}],
				"totalResults":76,"nextLink":"/csp/gateway/am/api/orgs/org-1/oauth-apps?pageStart=75&pageLimit=15","prevLink":null}`,
			call: func(t *testing.T, c *vmwarecsp.ClientWithResponses) {
				resp, err := c.ListOrgOAuthAppsWithResponse(context.Background(), org, &vmwarecsp.ListOrgOAuthAppsParams{
					PageStart:  new(int32(60)),
					PageLimit:  new(int32(15)),
					SearchTerm: new("ci"),
				})
				require.NoError(t, err)
				require.Equal(t, http.StatusOK, resp.StatusCode())
				require.NotNil(t, resp.JSON200)
				page := resp.JSON200
				require.Len(t, *page.Results, 1)
				require.Equal(t, "app-1", (*page.Results)[0].Id)
				require.Equal(t, int64(1700000000000), *(*page.Results)[0].CreatedAt)
				require.Equal(t, int64(76), *page.TotalResults)
				require.Contains(t, *page.NextLink, "pageStart=75")
				require.Nil(t, page.PrevLink)
			},
			check: func(t *testing.T, got cspRequest) {
				require.Equal(t, http.MethodGet, got.method)
				require.Equal(t, "/csp/gateway/am/api/orgs/org-1/oauth-apps", got.path)
				require.Equal(t, url.Values{"pageStart": {"60"}, "pageLimit": {"15"}, "searchTerm": {"ci"}}, got.query)
			},
		},
		{
			name:     "exchangeApiToken",
			status:   http.StatusOK,
			respBody: `{"access_token":"eyJ.x.y","expires_in":1799,"id_token":null,"refresh_token":null,"scope":"openid","token_type":"bearer"}`,
			call: func(t *testing.T, c *vmwarecsp.ClientWithResponses) {
				resp, err := c.ExchangeApiTokenWithFormdataBodyWithResponse(context.Background(),
					vmwarecsp.ApiTokenExchangeRequest{ApiToken: new("api-token-value")})
				require.NoError(t, err)
				require.Equal(t, http.StatusOK, resp.StatusCode())
				require.NotNil(t, resp.JSON200)
				require.Equal(t, "eyJ.x.y", resp.JSON200.AccessToken)
				require.Equal(t, int64(1799), *resp.JSON200.ExpiresIn)
				require.Nil(t, resp.JSON200.IdToken)
				require.Nil(t, resp.JSON200.RefreshToken)
			},
			check: func(t *testing.T, got cspRequest) {
				require.Equal(t, http.MethodPost, got.method)
				require.Equal(t, "/csp/gateway/am/api/auth/api-tokens/authorize", got.path)
				require.Equal(t, "application/x-www-form-urlencoded", got.contentType)
				form, err := url.ParseQuery(string(got.body))
				require.NoError(t, err)
				require.Equal(t, url.Values{"api_token": {"api-token-value"}}, form)
			},
		},
		{
			name:     "regenerateOrgOAuthAppSecret conflict",
			status:   http.StatusConflict,
			respBody: `{"cspErrorCode":"CONFLICT","errorCode":"secret.rotation.conflict","message":"rotation in progress","moduleCode":517,"requestId":"req-1","statusCode":409}`,
			call: func(t *testing.T, c *vmwarecsp.ClientWithResponses) {
				resp, err := c.RegenerateOrgOAuthAppSecretWithResponse(context.Background(), org, app,
					vmwarecsp.ClientSecretRegenerateRequest{})
				require.NoError(t, err)
				require.Equal(t, http.StatusConflict, resp.StatusCode())
				require.Nil(t, resp.JSON200)
				require.NotNil(t, resp.JSON409)
				require.Equal(t, "CONFLICT", *resp.JSON409.CspErrorCode)
				require.Equal(t, int32(409), *resp.JSON409.StatusCode)
				require.Equal(t, int32(517), *resp.JSON409.ModuleCode)
				require.Equal(t, "req-1", *resp.JSON409.RequestId)
			},
			check: func(t *testing.T, got cspRequest) {
				require.Equal(t, http.MethodPut, got.method)
				require.Equal(t, "/csp/gateway/am/api/orgs/org-1/oauth-apps/app-1/secret", got.path)
				require.JSONEq(t, `{}`, string(got.body))
			},
		},
		{
			name:     "createOrgOAuthApp",
			status:   http.StatusOK,
			respBody: `{"clientId":"app-9","clientSecret":"s3cret-Value!"}`,
			call: func(t *testing.T, c *vmwarecsp.ClientWithResponses) {
				resp, err := c.CreateOrgOAuthAppWithResponse(context.Background(), org, vmwarecsp.OrgOAuthAppRequest{
					DisplayName:    "ci",
					Description:    "CI robot",
					GrantTypes:     []vmwarecsp.GrantType{vmwarecsp.GrantTypeClientCredentials},
					AllowedScopes:  vmwarecsp.AllowedScopes{AllRoles: new(true), GeneralScopes: &[]string{"openid"}},
					AccessTokenTTL: new(int32(600)),
				})
				require.NoError(t, err)
				require.NotNil(t, resp.JSON200)
				require.Equal(t, vmwarecsp.ClientCredentials{ClientId: "app-9", ClientSecret: "s3cret-Value!"}, *resp.JSON200)
			},
			check: func(t *testing.T, got cspRequest) {
				require.Equal(t, http.MethodPost, got.method)
				require.JSONEq(t, `{"displayName":"ci","description":"CI robot","grantTypes":["client_credentials"],
					"allowedScopes":{"allRoles":true,"generalScopes":["openid"]},"accessTokenTTL":600}`, string(got.body))
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var (
				mu   sync.Mutex
				seen []cspRequest
			)
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				body, _ := io.ReadAll(r.Body)
				mu.Lock()
				seen = append(seen, cspRequest{
					method: r.Method, path: r.URL.Path, contentType: r.Header.Get("Content-Type"),
					query: r.URL.Query(), body: body,
				})
				mu.Unlock()
				if tt.respBody != "" {
					w.Header().Set("Content-Type", "application/json")
				}
				w.WriteHeader(tt.status)
				_, _ = io.WriteString(w, tt.respBody)
			}))
			defer srv.Close()

			c, err := vmwarecsp.NewClientWithResponses(srv.URL)
			require.NoError(t, err)
			tt.call(t, c)

			mu.Lock()
			defer mu.Unlock()
			require.Len(t, seen, 1)
			tt.check(t, seen[0])
		})
	}
}

func TestVmwarecspExamplesValidate(t *testing.T) {
	doc := loadSpec(t, "vmwarecsp")
	router, err := gorillamux.NewRouter(doc)
	require.NoError(t, err)
	opts := &openapi3filter.Options{
		IncludeResponseStatus: true,
		AuthenticationFunc:    openapi3filter.NoopAuthenticationFunc,
	}

	const (
		host    = "https://console.cloud.vmware.com"
		apps    = "/csp/gateway/am/api/orgs/org-1/oauth-apps"
		app     = apps + "/app-1"
		secret  = app + "/secret"
		appJSON = `{"id":"app-1","displayName":"CI","description":"CI robot","organizationId":"org-1",` +
			`"grantTypes":["client_credentials"],"accessTokenTTL":600,"refreshTokenTTL":7776000,` +
			`"allowedScopes":{"generalScopes":["openid"],"organizationScopes":{"allPermissions":false,"allRoles":false,` +
			`"keptInToken":["ROLES"],"permissions":[{"permissionId":"csp:org_member","resources":["*"]}],` +
			`"roles":[{"name":"csp:org_member","resource":"*"}]},"servicesScopes":[{"serviceDefinitionId":"svc-1",` +
			`"allPermissions":false,"allRoles":true,"keptInToken":[],"permissions":[],"roles":[]}]},` +
			`"allowedOrgs":[{"id":"org-2","name":"org-2","displayName":"Other"}],` +
			`"createdAt":1700000000000,"createdBy":"admin@example.com","lastUpdatedAt":1700000100000,` +
			`"ownerOnlySecretRotation":true,"secretRotationExpirationInSeconds":172800,"publicClient":false}`
		cspErr = `{"cspErrorCode":"X","errorCode":"Y","message":"m","moduleCode":517,"requestId":"r","statusCode":%d}`
	)
	ids := func(n int) string {
		q := make([]string, n)
		for i := range q {
			q[i] = `"app-` + string(rune('a'+i)) + `"`
		}
		return `{"clientIdsToDelete":[` + strings.Join(q, ",") + `]}`
	}

	tests := []struct {
		name, method, url string
		reqType, reqBody  string
		status            int
		respHeader        http.Header
		respType          string
		respBody          string
		reqErr            string // the request must be rejected with this in the error
		respErr           string // the request passes, the response must be rejected with this in the error
	}{
		// Examples that fit the spec.
		{name: "get app", method: "GET", url: app, status: 200, respType: "application/json", respBody: appJSON},
		{name: "list last page", method: "GET", url: apps + "?pageStart=0&pageLimit=15&searchTerm=ci", status: 200,
			respType: "application/json", respBody: `{"results":[` + appJSON + `],"totalResults":1,"nextLink":null,"prevLink":null}`},
		{name: "token exchange with null tokens", method: "POST", url: cspToken,
			reqType: "application/x-www-form-urlencoded", reqBody: "api_token=abc", status: 200, respType: "application/json",
			respBody: `{"scope":"scope aoa/*","id_token":null,"token_type":"bearer","expires_in":1,"access_token":"accessToken","refresh_token":null}`},
		{name: "create app", method: "POST", url: apps, reqType: "application/json",
			reqBody: `{"displayName":"ci","description":"d","grantTypes":["client_credentials"],"allowedScopes":{},"id":"my_app-1","secret":"Abcdef1!"}`,
			status:  200, respType: "application/json", respBody: `{"clientId":"my_app-1","clientSecret":"Abcdef1!"}`},
		{name: "patch app", method: "PATCH", url: app, reqType: "application/json",
			reqBody: `{"displayName":"ci","description":"d","grantTypes":["client_credentials"],"accessTokenTTL":900}`,
			status:  200, respType: "application/json", respBody: appJSON},
		{name: "delete 15 apps, partial success", method: "DELETE", url: apps, reqType: "application/json", reqBody: ids(15),
			status: 200, respType: "application/json", respBody: `{"succeeded":["app-a"],"failed":["app-b"]}`},
		{name: "start rotation", method: "POST", url: secret, reqType: "application/json",
			reqBody: `{"newClientSecret":"N3w-Secret!","secretRotationExpirationInSeconds":3600}`, status: 200},
		{name: "delete old secret", method: "DELETE", url: secret, status: 200},
		{name: "regenerate secret", method: "PUT", url: secret, reqType: "application/json", reqBody: `{}`,
			status: 200, respType: "application/json", respBody: `{"clientId":"app-1","clientSecret":"Xyz12345!"}`},
		{name: "rate limited with Retry-After", method: "DELETE", url: secret, status: 429,
			respHeader: http.Header{"Retry-After": {"30"}}, respType: "application/json", respBody: fmt.Sprintf(cspErr, 429)},
		{name: "conflict", method: "POST", url: secret, reqType: "application/json",
			reqBody: `{"newClientSecret":"N3w-Secret!"}`, status: 409, respType: "application/json", respBody: fmt.Sprintf(cspErr, 409)},
		{name: "empty error body fields", method: "GET", url: app, status: 404, respType: "application/json", respBody: `{}`},

		// Requests the spec rejects.
		{name: "delete 16 apps", method: "DELETE", url: apps, reqType: "application/json", reqBody: ids(16), reqErr: "maximum number of items is 15"},
		{name: "delete no apps", method: "DELETE", url: apps, reqType: "application/json", reqBody: `{"clientIdsToDelete":[]}`, reqErr: "minimum number of items is 1"},
		{name: "delete without body", method: "DELETE", url: apps, reqErr: "value is required but missing"},
		{name: "short new secret", method: "POST", url: secret, reqType: "application/json",
			reqBody: `{"newClientSecret":"Ab1!"}`, reqErr: "minimum string length is 8"},
		{name: "rotation window as string", method: "POST", url: secret, reqType: "application/json",
			reqBody: `{"newClientSecret":"N3w-Secret!","secretRotationExpirationInSeconds":"3600"}`, reqErr: "value must be an integer"},
		{name: "regenerate with a non-empty body", method: "PUT", url: secret, reqType: "application/json",
			reqBody: `{"secret":"x"}`, reqErr: "property \"secret\" is unsupported"},
		{name: "create with unknown grant type", method: "POST", url: apps, reqType: "application/json",
			reqBody: `{"displayName":"ci","description":"d","grantTypes":["implicit"],"allowedScopes":{}}`, reqErr: "value is not one of the allowed values"},
		{name: "create without allowedScopes", method: "POST", url: apps, reqType: "application/json",
			reqBody: `{"displayName":"ci","description":"d","grantTypes":["client_credentials"]}`, reqErr: "property \"allowedScopes\" is missing"},
		{name: "patch without grantTypes", method: "PATCH", url: app, reqType: "application/json",
			reqBody: `{"displayName":"ci","description":"d"}`, reqErr: "property \"grantTypes\" is missing"},
		{name: "pageLimit zero", method: "GET", url: apps + "?pageLimit=0", reqErr: "number must be at least 1"},

		// Responses the spec rejects.
		{name: "accessTokenTTL as string", method: "GET", url: app, status: 200, respType: "application/json",
			respBody: `{"id":"app-1","accessTokenTTL":"600"}`, respErr: "Error at \"/accessTokenTTL\": value must be an integer"},
		{name: "app without id", method: "GET", url: app, status: 200, respType: "application/json",
			respBody: `{"displayName":"CI"}`, respErr: "property \"id\" is missing"},
		{name: "createdAt as date string", method: "GET", url: app, status: 200, respType: "application/json",
			respBody: `{"id":"app-1","createdAt":"2024-01-01T00:00:00Z"}`, respErr: "Error at \"/createdAt\": value must be an integer"},
		{name: "credentials without clientSecret", method: "PUT", url: secret, reqType: "application/json", reqBody: `{}`,
			status: 200, respType: "application/json", respBody: `{"clientId":"app-1"}`, respErr: "property \"clientSecret\" is missing"},
		{name: "token without access_token", method: "POST", url: cspToken,
			reqType: "application/x-www-form-urlencoded", reqBody: "api_token=abc", status: 200, respType: "application/json",
			respBody: `{"token_type":"bearer"}`, respErr: "property \"access_token\" is missing"},
		{name: "partial success with a number", method: "DELETE", url: apps, reqType: "application/json", reqBody: ids(1),
			status: 200, respType: "application/json", respBody: `{"succeeded":[1]}`, respErr: "value must be a string"},
		{name: "undocumented status", method: "GET", url: app, status: 204, respErr: "status is not supported"},
		{name: "400 on regenerate is undocumented", method: "PUT", url: secret, reqType: "application/json", reqBody: `{}`,
			status: 400, respType: "application/json", respBody: fmt.Sprintf(cspErr, 400), respErr: "status is not supported"},
		{name: "error statusCode as string", method: "GET", url: app, status: 403, respType: "application/json",
			respBody: `{"statusCode":"403"}`, respErr: "Error at \"/statusCode\": value must be an integer"},
		{name: "error as text", method: "GET", url: app, status: 500, respType: "text/plain", respBody: "boom", respErr: "unexpected value"},
		{name: "Retry-After not a number", method: "GET", url: app, status: 429,
			respHeader: http.Header{"Retry-After": {"soon"}}, respType: "application/json", respBody: `{}`, respErr: "unable to decode header \"Retry-After\""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			var body io.Reader = http.NoBody
			if tt.reqBody != "" {
				body = strings.NewReader(tt.reqBody)
			}
			req, err := http.NewRequestWithContext(ctx, tt.method, host+tt.url, body)
			require.NoError(t, err)
			if tt.reqType != "" {
				req.Header.Set("Content-Type", tt.reqType)
			}
			route, pathParams, err := router.FindRoute(req)
			require.NoError(t, err)
			in := &openapi3filter.RequestValidationInput{Request: req, PathParams: pathParams, Route: route, Options: opts}
			err = openapi3filter.ValidateRequest(ctx, in)
			if tt.reqErr != "" {
				require.ErrorContains(t, err, tt.reqErr)
				return
			}
			require.NoError(t, err)

			header := http.Header{}
			for k, v := range tt.respHeader {
				header[k] = v
			}
			if tt.respType != "" {
				header.Set("Content-Type", tt.respType)
			}
			err = openapi3filter.ValidateResponse(ctx, &openapi3filter.ResponseValidationInput{
				RequestValidationInput: in,
				Status:                 tt.status,
				Header:                 header,
				Body:                   io.NopCloser(bytes.NewBufferString(tt.respBody)),
				Options:                opts,
			})
			if tt.respErr != "" {
				require.ErrorContains(t, err, tt.respErr)
				return
			}
			require.NoError(t, err)
		})
	}
}
