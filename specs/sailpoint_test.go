package specs_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"
	"github.com/stretchr/testify/require"

	"github.com/credkit/credkit/gen/sailpoint"
)

// sailpointHost is the API host of the spec's default tenant.
const sailpointHost = "https://sailpoint.api.identitynow.com"

func TestSailpointSpec(t *testing.T) {
	doc := loadSpec(t, "sailpoint")
	errs := []int{400, 401, 403, 429, 500}
	byID := []int{400, 401, 403, 404, 429, 500}
	requireOperations(t, doc, []operation{
		{"GET", "/oauth-clients", "listOauthClients", append([]int{200}, errs...)},
		{"POST", "/oauth-clients", "createOauthClient", append([]int{200}, errs...)},
		{"GET", "/oauth-clients/{id}", "getOauthClient", append([]int{200}, byID...)},
		{"PATCH", "/oauth-clients/{id}", "patchOauthClient", append([]int{200}, byID...)},
		{"DELETE", "/oauth-clients/{id}", "deleteOauthClient", append([]int{204}, byID...)},
	})

	require.Len(t, doc.Servers, 1)
	require.Equal(t, "https://{tenant}.api.identitynow.com/v3", doc.Servers[0].URL)
	require.Equal(t, "sailpoint", doc.Servers[0].Variables["tenant"].Default)

	id := doc.Paths.Find("/oauth-clients/{id}").Parameters.GetByInAndName("path", "id")
	require.NotNil(t, id)
	require.True(t, id.Required)
	require.Equal(t, uint64(1), id.Schema.Value.MinLength)

	// Only getOauthClient accepts an application token.
	for _, op := range []struct {
		method, path string
		schemes      []string
	}{
		{"GET", "/oauth-clients", []string{"userAuth"}},
		{"POST", "/oauth-clients", []string{"userAuth"}},
		{"GET", "/oauth-clients/{id}", []string{"userAuth", "applicationAuth"}},
		{"PATCH", "/oauth-clients/{id}", []string{"userAuth"}},
		{"DELETE", "/oauth-clients/{id}", []string{"userAuth"}},
	} {
		o := doc.Paths.Find(op.path).GetOperation(op.method)
		require.NotNil(t, o.Security, "%s %s has no security", op.method, op.path)
		var got []string
		for _, req := range *o.Security {
			for name := range req {
				got = append(got, name)
			}
		}
		require.Equal(t, op.schemes, got, "%s %s security schemes", op.method, op.path)
	}

	for _, name := range []string{"CreateOAuthClientRequest", "CreateOAuthClientResponse", "GetOAuthClientResponse"} {
		props := doc.Components.Schemas[name].Value.Properties
		for _, field := range []string{"accessTokenValiditySeconds", "refreshTokenValiditySeconds"} {
			s := props[field].Value
			require.True(t, s.Type.Is("integer"), "%s.%s must be an integer", name, field)
			require.Equal(t, "int32", s.Format, "%s.%s", name, field)
		}
	}
}

// sailpointRecorded is what the test server saw of one request.
type sailpointRecorded struct {
	method, path, contentType string
	body                      []byte
}

func TestSailpointClientRoundTrip(t *testing.T) {
	const clientID = "2c9180835d2e5168015d32f890ca1581"
	created := `{
		"id": "2c9180835d2e5168015d32f890ca1581",
		"secret": "5c32dd9b21adb51c77794d46e71de117a1d0ddb36a7ff941fa28014ab7de2cf3",
		"name": "credkit-rotation",
		"description": "rotates credentials",
		"accessTokenValiditySeconds": 750,
		"refreshTokenValiditySeconds": 86400,
		"grantTypes": ["CLIENT_CREDENTIALS"],
		"accessType": "OFFLINE",
		"type": "CONFIDENTIAL",
		"internal": false,
		"enabled": true,
		"strongAuthSupported": false,
		"claimsSupported": false,
		"created": "2026-01-02T03:04:05.678Z",
		"modified": "2026-01-02T03:04:05.678Z",
		"scope": ["sp:oauth-client:read"]
	}`
	patched := `{
		"id": "2c9180835d2e5168015d32f890ca1581",
		"businessName": "acme-solar",
		"homepageUrl": null,
		"name": "credkit-rotation",
		"description": null,
		"accessTokenValiditySeconds": 750,
		"grantTypes": ["CLIENT_CREDENTIALS"],
		"accessType": "OFFLINE",
		"enabled": true,
		"strongAuthSupported": true,
		"secret": null,
		"lastUsed": null,
		"scope": null
	}`

	tests := []struct {
		name string
		// status, header and body of the server's answer
		status int
		header map[string]string
		body   string
		// call calls the generated client and returns its parsed response.
		call func(ctx context.Context, t *testing.T, c *sailpoint.ClientWithResponses) any
		// wantMethod, wantPath and wantContentType describe the request;
		// wantBody is compared as JSON when not empty.
		wantMethod, wantPath, wantContentType, wantBody string
		// check inspects the request body and the parsed response.
		check func(t *testing.T, got sailpointRecorded, resp any)
	}{
		{
			name:   "createOauthClient 200",
			status: http.StatusOK,
			body:   created,
			call: func(ctx context.Context, t *testing.T, c *sailpoint.ClientWithResponses) any {
				name, desc := "credkit-rotation", "rotates credentials"
				grants := []sailpoint.GrantType{sailpoint.GrantTypeCLIENTCREDENTIALS}
				refresh := int32(86400)
				scope := []string{"sp:oauth-client:read"}
				r, err := c.CreateOauthClientWithResponse(ctx, sailpoint.CreateOAuthClientRequest{
					Name:                        &name,
					Description:                 &desc,
					AccessTokenValiditySeconds:  750,
					RefreshTokenValiditySeconds: &refresh,
					GrantTypes:                  &grants,
					AccessType:                  sailpoint.AccessTypeOFFLINE,
					Enabled:                     true,
					Scope:                       &scope,
				})
				require.NoError(t, err)
				return r
			},
			wantMethod:      http.MethodPost,
			wantPath:        "/v3/oauth-clients",
			wantContentType: "application/json",
			wantBody: `{
				"name": "credkit-rotation",
				"description": "rotates credentials",
				"accessTokenValiditySeconds": 750,
				"refreshTokenValiditySeconds": 86400,
				"grantTypes": ["CLIENT_CREDENTIALS"],
				"accessType": "OFFLINE",
				"enabled": true,
				"scope": ["sp:oauth-client:read"]
			}`,
			check: func(t *testing.T, got sailpointRecorded, resp any) {
				// The validity seconds travel as JSON integers and decode as int32.
				var req sailpoint.CreateOAuthClientRequest
				dec := json.NewDecoder(bytes.NewReader(got.body))
				dec.DisallowUnknownFields()
				require.NoError(t, dec.Decode(&req))
				require.Equal(t, int32(750), req.AccessTokenValiditySeconds)
				require.NotNil(t, req.RefreshTokenValiditySeconds)
				require.Equal(t, int32(86400), *req.RefreshTokenValiditySeconds)

				r := resp.(*sailpoint.CreateOauthClientResponse)
				require.Equal(t, http.StatusOK, r.StatusCode())
				require.NotNil(t, r.JSON200)
				c := r.JSON200
				require.Equal(t, clientID, c.Id)
				require.Equal(t, "5c32dd9b21adb51c77794d46e71de117a1d0ddb36a7ff941fa28014ab7de2cf3", c.Secret)
				require.Equal(t, "credkit-rotation", c.Name)
				require.Equal(t, int32(750), c.AccessTokenValiditySeconds)
				require.Equal(t, int32(86400), *c.RefreshTokenValiditySeconds)
				require.Equal(t, []sailpoint.GrantType{sailpoint.GrantTypeCLIENTCREDENTIALS}, c.GrantTypes)
				require.Equal(t, sailpoint.AccessTypeOFFLINE, c.AccessType)
				require.Equal(t, sailpoint.ClientTypeCONFIDENTIAL, *c.Type)
				require.True(t, c.Enabled)
				require.Equal(t, "2026-01-02T03:04:05.678Z", c.Created.UTC().Format("2006-01-02T15:04:05.000Z"))
				require.Equal(t, []string{"sp:oauth-client:read"}, *c.Scope)
			},
		},
		{
			name:   "patchOauthClient 200",
			status: http.StatusOK,
			body:   patched,
			call: func(ctx context.Context, t *testing.T, c *sailpoint.ClientWithResponses) any {
				var strong, business sailpoint.JsonPatchOperation_Value
				require.NoError(t, strong.FromJsonPatchOperationValue1(true))
				require.NoError(t, business.FromJsonPatchOperationValue0("acme-solar"))
				r, err := c.PatchOauthClientWithApplicationJSONPatchPlusJSONBodyWithResponse(ctx, clientID,
					[]sailpoint.JsonPatchOperation{
						{Op: sailpoint.JsonPatchOperationOpReplace, Path: "/strongAuthSupported", Value: &strong},
						{Op: sailpoint.JsonPatchOperationOpReplace, Path: "/businessName", Value: &business},
						{Op: sailpoint.JsonPatchOperationOpRemove, Path: "/description"},
					})
				require.NoError(t, err)
				return r
			},
			wantMethod:      http.MethodPatch,
			wantPath:        "/v3/oauth-clients/" + clientID,
			wantContentType: "application/json-patch+json",
			wantBody: `[
				{"op": "replace", "path": "/strongAuthSupported", "value": true},
				{"op": "replace", "path": "/businessName", "value": "acme-solar"},
				{"op": "remove", "path": "/description"}
			]`,
			check: func(t *testing.T, _ sailpointRecorded, resp any) {
				r := resp.(*sailpoint.PatchOauthClientResponse)
				require.Equal(t, http.StatusOK, r.StatusCode())
				require.NotNil(t, r.JSON200)
				c := r.JSON200
				require.Equal(t, clientID, c.Id)
				require.Equal(t, "acme-solar", *c.BusinessName)
				require.Nil(t, c.HomepageUrl, "null decodes as nil")
				require.Nil(t, c.Description)
				require.Nil(t, c.Secret)
				require.Nil(t, c.LastUsed)
				require.Nil(t, c.Scope)
				require.Nil(t, c.Created, "created may be absent")
				require.True(t, *c.StrongAuthSupported)
			},
		},
		{
			name:   "getOauthClient 401",
			status: http.StatusUnauthorized,
			body:   `{"error": "JWT validation failed: JWT is expired"}`,
			call: func(ctx context.Context, t *testing.T, c *sailpoint.ClientWithResponses) any {
				r, err := c.GetOauthClientWithResponse(ctx, clientID)
				require.NoError(t, err)
				return r
			},
			wantMethod: http.MethodGet,
			wantPath:   "/v3/oauth-clients/" + clientID,
			check: func(t *testing.T, _ sailpointRecorded, resp any) {
				r := resp.(*sailpoint.GetOauthClientResponse)
				require.Equal(t, http.StatusUnauthorized, r.StatusCode())
				require.Nil(t, r.JSON200)
				require.NotNil(t, r.JSON401)
				require.Equal(t, "JWT validation failed: JWT is expired", *r.JSON401.Error)
			},
		},
		{
			name:   "listOauthClients 429",
			status: http.StatusTooManyRequests,
			header: map[string]string{"Retry-After": "7"},
			body:   `{"message": " Rate Limit Exceeded "}`,
			call: func(ctx context.Context, t *testing.T, c *sailpoint.ClientWithResponses) any {
				filters := "lastUsed le 2023-02-05T10:59:27.214Z"
				r, err := c.ListOauthClientsWithResponse(ctx, &sailpoint.ListOauthClientsParams{Filters: &filters})
				require.NoError(t, err)
				return r
			},
			wantMethod: http.MethodGet,
			wantPath:   "/v3/oauth-clients",
			check: func(t *testing.T, _ sailpointRecorded, resp any) {
				r := resp.(*sailpoint.ListOauthClientsResponse)
				require.Equal(t, http.StatusTooManyRequests, r.StatusCode())
				require.NotNil(t, r.JSON429)
				require.Equal(t, " Rate Limit Exceeded ", *r.JSON429.Message)
				require.NotNil(t, r.Headers429)
				require.NotNil(t, r.Headers429.RetryAfter)
				require.Equal(t, int32(7), *r.Headers429.RetryAfter)
			},
		},
		{
			name:   "deleteOauthClient 404",
			status: http.StatusNotFound,
			body: `{"detailCode": "404 Not found", "trackingId": "b21b1f7ce4da4d639f2c62a57171b427",
				"messages": [{"locale": "en-US", "localeOrigin": "DEFAULT", "text": "not found"}]}`,
			call: func(ctx context.Context, t *testing.T, c *sailpoint.ClientWithResponses) any {
				r, err := c.DeleteOauthClientWithResponse(ctx, clientID)
				require.NoError(t, err)
				return r
			},
			wantMethod: http.MethodDelete,
			wantPath:   "/v3/oauth-clients/" + clientID,
			check: func(t *testing.T, _ sailpointRecorded, resp any) {
				r := resp.(*sailpoint.DeleteOauthClientResponse)
				require.Equal(t, http.StatusNotFound, r.StatusCode())
				require.NotNil(t, r.JSON404)
				require.Equal(t, "404 Not found", *r.JSON404.DetailCode)
				require.Equal(t, sailpoint.LocaleOriginDEFAULT, *(*r.JSON404.Messages)[0].LocaleOrigin)
			},
		},
	}

	doc := loadSpec(t, "sailpoint")
	router, err := gorillamux.NewRouter(doc)
	require.NoError(t, err)

	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// The handler only records; assertions run on the test goroutine.
			recorded := make(chan sailpointRecorded, 1)
			server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				body, _ := io.ReadAll(r.Body)
				recorded <- sailpointRecorded{r.Method, r.URL.Path, r.Header.Get("Content-Type"), body}
				w.Header().Set("Content-Type", "application/json")
				for k, v := range tt.header {
					w.Header().Set(k, v)
				}
				w.WriteHeader(tt.status)
				_, _ = io.WriteString(w, tt.body)
			}))
			defer server.Close()

			// The client's base URL is the tenant's .../v3, as in production.
			c, err := sailpoint.NewClientWithResponses(server.URL + "/v3")
			require.NoError(t, err)
			resp := tt.call(t.Context(), t, c)
			var got sailpointRecorded
			select {
			case got = <-recorded:
			default:
				t.Fatal("the client sent no request")
			}

			require.Equal(t, tt.wantMethod, got.method)
			require.Equal(t, tt.wantPath, got.path)
			require.Equal(t, tt.wantContentType, got.contentType)
			if tt.wantBody != "" {
				require.JSONEq(t, tt.wantBody, string(got.body))
			} else {
				require.Empty(t, got.body)
			}

			// What the generated client sent, and what the server answered,
			// both fit the spec.
			req := sailpointRequest(t, got)
			input := sailpointValidate(t, router, req)
			require.NoError(t, openapi3filter.ValidateRequest(t.Context(), input), "the request the client sent")
			header := http.Header{"Content-Type": {"application/json"}}
			for k, v := range tt.header {
				header.Set(k, v)
			}
			require.NoError(t, openapi3filter.ValidateResponse(t.Context(), (&openapi3filter.ResponseValidationInput{
				RequestValidationInput: input,
				Status:                 tt.status,
				Header:                 header,
				Options:                input.Options,
			}).SetBodyBytes([]byte(tt.body))), "the server's answer")

			tt.check(t, got, resp)
		})
	}
}

// sailpointRequest rebuilds a recorded request at the default tenant's host,
// so that the spec's router finds its operation.
func sailpointRequest(t *testing.T, rec sailpointRecorded) *http.Request {
	t.Helper()
	req, err := http.NewRequest(rec.method, sailpointHost+rec.path, bytes.NewReader(rec.body))
	require.NoError(t, err)
	if rec.contentType != "" {
		req.Header.Set("Content-Type", rec.contentType)
	}
	return req
}

// sailpointValidate finds req's operation and returns the validation input for
// it. Authentication is not checked; every response status must be documented.
func sailpointValidate(t *testing.T, router routers.Router, req *http.Request) *openapi3filter.RequestValidationInput {
	t.Helper()
	route, params, err := router.FindRoute(req)
	require.NoError(t, err, "%s %s matches no operation", req.Method, req.URL)
	return &openapi3filter.RequestValidationInput{
		Request:    req,
		PathParams: params,
		Route:      route,
		Options: &openapi3filter.Options{
			IncludeResponseStatus: true,
			AuthenticationFunc:    openapi3filter.NoopAuthenticationFunc,
			MultiError:            true,
		},
	}
}

func TestSailpointExampleResponses(t *testing.T) {
	doc := loadSpec(t, "sailpoint")
	router, err := gorillamux.NewRouter(doc)
	require.NoError(t, err)

	const (
		getPath  = "/v3/oauth-clients/2c9180835d2e5168015d32f890ca1581"
		listPath = "/v3/oauth-clients"
		minimal  = `"id": "2c9180835d2e5168015d32f890ca1581", "name": "n", "grantTypes": ["CLIENT_CREDENTIALS"], "accessType": "ONLINE", "enabled": true`
	)
	tests := []struct {
		name         string
		method, path string
		status       int
		header       map[string]string
		body         string // empty: no body and no Content-Type
		wantErr      string // empty: the response must be valid
	}{
		{
			name: "create response", method: http.MethodPost, path: listPath, status: 200,
			body: `{"id": "2c9180835d2e5168015d32f890ca1581",
				"secret": "5c32dd9b21adb51c77794d46e71de117a1d0ddb36a7ff941fa28014ab7de2cf3",
				"businessName": "Acme-Solar", "homepageUrl": "http://localhost:12345",
				"name": "Demo API Client", "description": "demo",
				"accessTokenValiditySeconds": 750, "refreshTokenValiditySeconds": 86400,
				"redirectUris": ["http://localhost:12345"],
				"grantTypes": ["AUTHORIZATION_CODE", "CLIENT_CREDENTIALS", "REFRESH_TOKEN"],
				"accessType": "OFFLINE", "type": "CONFIDENTIAL", "internal": false, "enabled": true,
				"strongAuthSupported": false, "claimsSupported": false,
				"created": "2017-07-11T18:45:37.098Z", "modified": "2018-06-25T20:22:28.104Z",
				"scope": null}`,
		},
		{
			name: "get response with nulls", method: http.MethodGet, path: getPath, status: 200,
			body: `{` + minimal + `, "accessTokenValiditySeconds": 750,
				"businessName": null, "homepageUrl": null, "description": null, "redirectUris": null,
				"secret": null, "metadata": null, "lastUsed": null, "scope": null,
				"created": "2017-07-11T18:45:37.098Z", "modified": "2018-06-25T20:22:28.104Z"}`,
		},
		{
			name:   "get response without scope, created, modified, refresh validity",
			method: http.MethodGet, path: getPath, status: 200,
			body: `{` + minimal + `, "accessTokenValiditySeconds": 750}`,
		},
		{
			name: "list response", method: http.MethodGet, path: listPath, status: 200,
			body: `[{` + minimal + `, "accessTokenValiditySeconds": 750, "lastUsed": "2023-02-05T10:59:27.214Z"}]`,
		},
		{name: "delete 204", method: http.MethodDelete, path: getPath, status: 204},
		{
			name: "ErrorResponseDto 400", method: http.MethodPost, path: listPath, status: 400,
			body: `{"detailCode": "400.1 Bad Request Content", "trackingId": "e7eab60924f64aa284175b9fa3309599",
				"messages": [{"locale": "en-US", "localeOrigin": "DEFAULT", "text": "bad"}],
				"causes": [{"locale": null, "localeOrigin": null, "text": "accessTokenValiditySeconds is required"}]}`,
		},
		{
			name: "401", method: http.MethodGet, path: getPath, status: 401,
			body: `{"error": "JWT validation failed: JWT is expired"}`,
		},
		{
			name: "429 with Retry-After", method: http.MethodPatch, path: getPath, status: 429,
			header: map[string]string{"Retry-After": "10"},
			body:   `{"message": " Rate Limit Exceeded "}`,
		},
		{
			name: "429 without Retry-After", method: http.MethodDelete, path: getPath, status: 429,
			body: `{"message": " Rate Limit Exceeded "}`,
		},

		// Broken answers must be rejected.
		{
			name: "create response without id", method: http.MethodPost, path: listPath, status: 200,
			body:    `{"secret": "s", "name": "n", "accessTokenValiditySeconds": 750, "grantTypes": [], "accessType": "OFFLINE", "enabled": true}`,
			wantErr: `property "id" is missing`,
		},
		{
			name: "create response without secret", method: http.MethodPost, path: listPath, status: 200,
			body:    `{"id": "x", "name": "n", "accessTokenValiditySeconds": 750, "grantTypes": [], "accessType": "OFFLINE", "enabled": true}`,
			wantErr: `property "secret" is missing`,
		},
		{
			name: "get response with string validity (the 2022 seed's type)", method: http.MethodGet, path: getPath, status: 200,
			body:    `{` + minimal + `, "accessTokenValiditySeconds": "750"}`,
			wantErr: `Error at "/accessTokenValiditySeconds": value must be an integer`,
		},
		{
			name: "validity beyond int32", method: http.MethodGet, path: getPath, status: 200,
			body:    `{` + minimal + `, "accessTokenValiditySeconds": 4294967296}`,
			wantErr: `doesn't match the format "int32"`,
		},
		{
			name: "unknown grant type", method: http.MethodGet, path: getPath, status: 200,
			body:    `{"id": "x", "name": "n", "accessTokenValiditySeconds": 750, "grantTypes": ["PASSWORD"], "accessType": "OFFLINE", "enabled": true}`,
			wantErr: `Error at "/grantTypes/0": value is not one of the allowed values`,
		},
		{
			name: "unknown locale origin", method: http.MethodGet, path: getPath, status: 403,
			body:    `{"messages": [{"localeOrigin": "ELSEWHERE"}]}`,
			wantErr: `Error at "/messages/0/localeOrigin": value is not one of the allowed values`,
		},
		{
			name: "401 error as an object", method: http.MethodGet, path: getPath, status: 401,
			body:    `{"error": {"text": "expired"}}`,
			wantErr: `Error at "/error": value must be a string`,
		},
		{
			name: "429 Retry-After not in seconds", method: http.MethodGet, path: listPath, status: 429,
			header:  map[string]string{"Retry-After": "Wed, 21 Oct 2026 07:28:00 GMT"},
			body:    `{"message": "slow down"}`,
			wantErr: `unable to decode header "Retry-After"`,
		},
		{
			name: "undocumented status", method: http.MethodPost, path: listPath, status: 201,
			body:    `{"id": "x"}`,
			wantErr: `status is not supported`,
		},
		{
			name: "404 on list", method: http.MethodGet, path: listPath, status: 404,
			body:    `{"detailCode": "404 Not found"}`,
			wantErr: `status is not supported`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, err := http.NewRequest(tt.method, sailpointHost+tt.path, nil)
			require.NoError(t, err)
			input := sailpointValidate(t, router, req)
			header := http.Header{}
			if tt.body != "" {
				header.Set("Content-Type", "application/json")
			}
			for k, v := range tt.header {
				header.Set(k, v)
			}
			err = openapi3filter.ValidateResponse(t.Context(), (&openapi3filter.ResponseValidationInput{
				RequestValidationInput: input,
				Status:                 tt.status,
				Header:                 header,
				Options:                input.Options,
			}).SetBodyBytes([]byte(tt.body)))
			if tt.wantErr == "" {
				require.NoError(t, err)
				return
			}
			require.Error(t, err)
			require.Contains(t, err.Error(), tt.wantErr)
		})
	}
}

// TestSailpointLocaleOriginNull pins down that a nullable enum accepts null
// without listing null among its values (which would make oapi-codegen emit a
// bogus "<nil>" constant).
func TestSailpointLocaleOriginNull(t *testing.T) {
	doc := loadSpec(t, "sailpoint")
	s := doc.Components.Schemas["LocaleOrigin"].Value
	require.True(t, s.Nullable)
	require.NotContains(t, s.Enum, nil)
	for _, v := range []any{nil, "DEFAULT", "REQUEST"} {
		require.NoError(t, s.VisitJSON(v, openapi3.MultiErrors()), "%v", v)
	}
	require.Error(t, s.VisitJSON("ELSEWHERE"))
}
