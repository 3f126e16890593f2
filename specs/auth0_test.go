package specs_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"gopkg.in/dnaeon/go-vcr.v3/cassette"

	"github.com/credkit/credkit/conformance"
	"github.com/credkit/credkit/gen/auth0"
)

const (
	auth0Client     = "/api/v2/clients/{client_id}"
	auth0Credential = auth0Client + "/credentials/{credential_id}"
)

// realWorldAuth0 is where the real Auth0 recordings are kept in the module.
var realWorldAuth0 = filepath.Join("..", "cassettes", "auth0", "realworld")

// TestAuth0Spec requires every operation of the Auth0 specs with exactly
// its documented statuses (ERRATA A3, A4 for the departures).
func TestAuth0Spec(t *testing.T) {
	read := []int{200, 401, 403, 404, 429, 500}
	changed := []int{200, 400, 401, 403, 404, 429, 500}
	requireOperations(t, loadSpec(t, "auth0"), []operation{
		{http.MethodGet, "/api/v2/clients", "getClients", []int{200, 400, 401, 403, 429, 500}},
		{http.MethodPost, "/api/v2/clients", "createClient", []int{201, 400, 401, 403, 409, 429, 500}},
		{http.MethodGet, auth0Client, "getClient", changed},
		{http.MethodPatch, auth0Client, "updateClient", changed},
		{http.MethodDelete, auth0Client, "deleteClient", []int{204, 400, 401, 403, 429, 500}},
		{http.MethodPost, auth0Client + "/rotate-secret", "rotateClientSecret", changed},
		{http.MethodGet, auth0Client + "/credentials", "getClientCredentials", read},
		{http.MethodPost, auth0Client + "/credentials", "createClientCredential", []int{201, 400, 401, 403, 404, 429, 500}},
		{http.MethodGet, auth0Credential, "getClientCredential", read},
		{http.MethodPatch, auth0Credential, "updateClientCredential", changed},
		{http.MethodDelete, auth0Credential, "deleteClientCredential", []int{204, 400, 401, 403, 429, 500}},
	})
	requireOperations(t, loadSpec(t, "auth0_authentication"), []operation{
		{http.MethodPost, "/oauth/token", "getToken", []int{200, 400, 401, 403, 429, 500}},
	})
}

// TestAuth0RealWorld requires every real Auth0 interaction to pass the
// checker strictly, against the bundled spec.
func TestAuth0RealWorld(t *testing.T) {
	specs, err := conformance.BundledSpecs()
	require.NoError(t, err)
	checker := conformance.NewChecker(specs, &conformance.Options{Strict: true})
	report, err := conformance.Run(context.Background(), checker, nil, realWorldAuth0)
	require.NoError(t, err)
	require.Equal(t, 34, report.Summary.Interactions)
	for _, res := range report.Interactions {
		require.Equal(t, conformance.Pass, res.Outcome, "%s#%d %s %s: %v", res.File, res.Index, res.Method, res.URL, res.Problems)
		require.Equal(t, "auth0", res.Spec)
	}
	t.Logf("real Auth0 interactions accepted: %d of %d", report.Summary.Pass, report.Summary.Interactions)
}

// TestAuth0RealWorldCopiesUnchanged requires cassettes/auth0/realworld to
// hold byte-identical copies of the shared real recordings, when they are
// there.
func TestAuth0RealWorldCopiesUnchanged(t *testing.T) {
	source := filepath.Join("..", "..", "shared", "realworld", "auth0")
	entries, err := os.ReadDir(source)
	if os.IsNotExist(err) {
		t.Skipf("%s is absent: nothing to compare with", source)
	}
	require.NoError(t, err)
	compared := 0
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		want, err := os.ReadFile(filepath.Join(source, e.Name()))
		require.NoError(t, err)
		got, err := os.ReadFile(filepath.Join(realWorldAuth0, e.Name()))
		require.NoError(t, err, "%s has no copy in %s", e.Name(), realWorldAuth0)
		require.True(t, bytes.Equal(want, got), "%s differs from its source in %s", e.Name(), source)
		compared++
	}
	require.Equal(t, 8, compared)
}

// auth0Decoders maps an operation and a side ("request", or the status) to
// a function that decodes a body into gen/auth0's type for it and encodes
// it again.
var auth0Decoders = map[string]func([]byte) ([]byte, error){
	"createClient request":           roundTrip[auth0.ClientCreate],
	"createClient 201":               roundTrip[auth0.ClientApplication],
	"getClient 200":                  roundTrip[auth0.ClientApplication],
	"getClient 404":                  roundTrip[auth0.Error],
	"rotateClientSecret 200":         roundTrip[auth0.ClientApplication],
	"getClients 200":                 roundTripClientList,
	"getClientCredentials 200":       roundTrip[[]auth0.ClientCredential],
	"createClientCredential request": roundTrip[auth0.ClientCredentialCreate],
	"createClientCredential 201":     roundTrip[auth0.ClientCredential],
	"getClientCredential 200":        roundTrip[auth0.ClientCredential],
	"updateClientCredential request": roundTrip[auth0.ClientCredentialUpdate],
	"updateClientCredential 200":     roundTrip[auth0.ClientCredential],
}

func roundTrip[T any](body []byte) ([]byte, error) {
	var v T
	if err := json.Unmarshal(body, &v); err != nil {
		return nil, err
	}
	return json.Marshal(v)
}

// roundTripClientList decodes the union into the alternative it holds.
func roundTripClientList(body []byte) ([]byte, error) {
	var list auth0.ClientList
	if err := json.Unmarshal(body, &list); err != nil {
		return nil, err
	}
	if bytes.HasPrefix(bytes.TrimSpace(body), []byte("[")) {
		arr, err := list.AsClientList0()
		if err != nil {
			return nil, err
		}
		return json.Marshal(arr)
	}
	page, err := list.AsClientPage()
	if err != nil {
		return nil, err
	}
	return json.Marshal(page)
}

// TestAuth0RealWorldDecodesLosslessly decodes every real JSON body through
// the generated type of its operation and requires the re-encoded body to
// mean the same JSON: nothing dropped, nothing renamed, nothing retyped. A
// null member counts as absent, since the generated types omit empty
// optional members (the only nulls are expires_at: null), and a date-time
// is compared as the instant it names (.230Z and .23Z are one time).
func TestAuth0RealWorldDecodesLosslessly(t *testing.T) {
	specs, err := conformance.BundledSpecs()
	require.NoError(t, err)
	checker := conformance.NewChecker(specs, nil)
	files, err := conformance.FindCassettes(realWorldAuth0)
	require.NoError(t, err)
	decoded := 0
	for _, file := range files {
		c, err := conformance.LoadCassette(file)
		require.NoError(t, err)
		for i, in := range c.Interactions {
			res := checker.Check(file, i, in)
			sides := map[string]string{"request": in.Request.Body, res.Response: in.Response.Body}
			for side, body := range sides {
				body = strings.TrimSpace(body)
				if body == "" || body == "null" {
					continue
				}
				decode, ok := auth0Decoders[res.OperationID+" "+side]
				require.True(t, ok, "%s#%d: no decoder for %s %s", file, i, res.OperationID, side)
				again, err := decode([]byte(body))
				require.NoError(t, err, "%s#%d %s %s", file, i, res.OperationID, side)
				require.Equal(t, withoutNulls(t, []byte(body)), withoutNulls(t, again), "%s#%d %s %s lost something", file, i, res.OperationID, side)
				decoded++
			}
		}
	}
	t.Logf("real bodies decoded through gen/auth0 without loss: %d", decoded)
	require.Equal(t, 34, decoded)
}

// withoutNulls parses JSON and drops null object members, recursively.
func withoutNulls(t *testing.T, data []byte) any {
	t.Helper()
	var v any
	require.NoError(t, json.Unmarshal(data, &v))
	var strip func(any) any
	strip = func(v any) any {
		switch x := v.(type) {
		case map[string]any:
			for k, m := range x {
				if m == nil {
					delete(x, k)
					continue
				}
				x[k] = strip(m)
			}
		case []any:
			for i := range x {
				x[i] = strip(x[i])
			}
		case string:
			if at, err := time.Parse(time.RFC3339Nano, x); err == nil {
				return at.UTC().Format(time.RFC3339Nano)
			}
		}
		return v
	}
	return strip(v)
}

// TestAuth0ClientRoundTrip drives the generated client against a loopback
// server: the request each main operation sends (method, path, query,
// body) and the answer it decodes.
func TestAuth0ClientRoundTrip(t *testing.T) {
	const credJSON = `{"id":"cred_1","name":"k","credential_type":"public_key","kid":"kid-0123456789","alg":"RS256","created_at":"2026-01-06T19:50:58.000Z","updated_at":"2026-01-06T19:50:58.000Z","expires_at":null}`
	type seen struct{ method, uri, body, auth string }
	var got seen
	answers := map[string]struct {
		status int
		body   string
	}{
		"GET /api/v2/clients":                          {200, `{"start":0,"limit":2,"total":3,"clients":[{"client_id":"c1","name":"a"},{"client_id":"c2","name":"b"}]}`},
		"POST /api/v2/clients":                         {201, `{"client_id":"c1","name":"svc","client_secret":"s3cret"}`},
		"GET /api/v2/clients/c1":                       {200, `{"client_id":"c1","name":"svc","unknown_member":{"x":1}}`},
		"PATCH /api/v2/clients/c1":                     {200, `{"client_id":"c1","client_authentication_methods":{"private_key_jwt":{"credentials":[{"id":"cred_1"}]}}}`},
		"DELETE /api/v2/clients/c1":                    {204, ``},
		"POST /api/v2/clients/c1/rotate-secret":        {200, `{"client_id":"c1","client_secret":"n3w"}`},
		"GET /api/v2/clients/c1/credentials":           {200, `[` + credJSON + `]`},
		"POST /api/v2/clients/c1/credentials":          {201, credJSON},
		"GET /api/v2/clients/c1/credentials/cred_1":    {200, credJSON},
		"PATCH /api/v2/clients/c1/credentials/cred_1":  {200, credJSON},
		"DELETE /api/v2/clients/c1/credentials/cred_1": {204, ``},
		"GET /api/v2/clients/nope":                     {404, `{"statusCode":404,"error":"Not Found","message":"The client does not exist","errorCode":"inexistent_client"}`},
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		got = seen{r.Method, r.URL.RequestURI(), string(body), r.Header.Get("Authorization")}
		a, ok := answers[r.Method+" "+r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.Header().Set("X-RateLimit-Limit", "50")
		w.WriteHeader(a.status)
		_, _ = io.WriteString(w, a.body)
	}))
	t.Cleanup(srv.Close)
	c, err := auth0.NewClientWithResponses(srv.URL, auth0.WithRequestEditorFn(func(_ context.Context, r *http.Request) error {
		r.Header.Set("Authorization", "Bearer tkn")
		return nil
	}))
	require.NoError(t, err)
	ctx := context.Background()
	ptr := func(v int) *int { return &v }
	yes := true

	list, err := c.GetClientsWithResponse(ctx, &auth0.GetClientsParams{Page: ptr(1), PerPage: ptr(2), IncludeTotals: &yes})
	require.NoError(t, err)
	require.Equal(t, "/api/v2/clients?page=1&per_page=2&include_totals=true", got.uri)
	require.Equal(t, "Bearer tkn", got.auth)
	page, err := list.JSON200.AsClientPage()
	require.NoError(t, err)
	require.Equal(t, 3, *page.Total)
	require.Len(t, page.Clients, 2)

	created, err := c.CreateClientWithResponse(ctx, auth0.ClientCreate{Name: "svc", GrantTypes: &[]string{"client_credentials"}})
	require.NoError(t, err)
	require.JSONEq(t, `{"name":"svc","grant_types":["client_credentials"]}`, got.body)
	require.Equal(t, "s3cret", *created.JSON201.ClientSecret)

	one, err := c.GetClientWithResponse(ctx, "c1", nil)
	require.NoError(t, err)
	require.Equal(t, map[string]any{"x": float64(1)}, one.JSON200.AdditionalProperties["unknown_member"], "unknown members are kept")

	var update auth0.ClientUpdate
	require.NoError(t, json.Unmarshal([]byte(`{"client_authentication_methods":{"private_key_jwt":{"credentials":[{"id":"cred_1"}]}}}`), &update))
	updated, err := c.UpdateClientWithResponse(ctx, "c1", update)
	require.NoError(t, err)
	require.Equal(t, http.MethodPatch, got.method)
	require.JSONEq(t, `{"client_authentication_methods":{"private_key_jwt":{"credentials":[{"id":"cred_1"}]}}}`, got.body)
	require.Equal(t, "cred_1", (*updated.JSON200.ClientAuthenticationMethods.PrivateKeyJwt.Credentials)[0].Id)

	rotated, err := c.RotateClientSecretWithResponse(ctx, "c1")
	require.NoError(t, err)
	require.Equal(t, "POST /api/v2/clients/c1/rotate-secret", got.method+" "+got.uri)
	require.Equal(t, "n3w", *rotated.JSON200.ClientSecret)

	pem := "-----BEGIN PUBLIC KEY-----\nMIIB\n-----END PUBLIC KEY-----"
	alg := auth0.CredentialAlgorithmRS256
	newCred, err := c.CreateClientCredentialWithResponse(ctx, "c1", auth0.ClientCredentialCreate{CredentialType: auth0.PublicKey, Pem: &pem, Alg: &alg})
	require.NoError(t, err)
	require.JSONEq(t, `{"credential_type":"public_key","pem":"-----BEGIN PUBLIC KEY-----\nMIIB\n-----END PUBLIC KEY-----","alg":"RS256"}`, got.body)
	require.Equal(t, "cred_1", newCred.JSON201.Id)
	require.Nil(t, newCred.JSON201.ExpiresAt)

	listed, err := c.GetClientCredentialsWithResponse(ctx, "c1")
	require.NoError(t, err)
	require.Len(t, *listed.JSON200, 1)

	when := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	_, err = c.UpdateClientCredentialWithResponse(ctx, "c1", "cred_1", auth0.ClientCredentialUpdate{ExpiresAt: &when})
	require.NoError(t, err)
	require.JSONEq(t, `{"expires_at":"2026-03-01T00:00:00Z"}`, got.body)

	gotCred, err := c.GetClientCredentialWithResponse(ctx, "c1", "cred_1")
	require.NoError(t, err)
	require.Equal(t, "kid-0123456789", *gotCred.JSON200.Kid)

	del, err := c.DeleteClientCredentialWithResponse(ctx, "c1", "cred_1")
	require.NoError(t, err)
	require.Equal(t, http.StatusNoContent, del.StatusCode())
	delClient, err := c.DeleteClientWithResponse(ctx, "c1")
	require.NoError(t, err)
	require.Equal(t, http.StatusNoContent, delClient.StatusCode())

	missing, err := c.GetClientWithResponse(ctx, "nope", nil)
	require.NoError(t, err)
	require.Equal(t, "inexistent_client", *missing.JSON404.ErrorCode)
}

// TestAuth0SpecCatchesMutations shows the real-traffic check can fail:
// each mutation of a real interaction that passes breaks one rule of the
// spec and is caught.
func TestAuth0SpecCatchesMutations(t *testing.T) {
	specs, err := conformance.BundledSpecs()
	require.NoError(t, err)
	checker := conformance.NewChecker(specs, &conformance.Options{Strict: true, FailUndeclaredBody: true}) // a body on a 204 is a note unless failed
	load := func(name string, index int) *cassette.Interaction {
		c, err := conformance.LoadCassette(filepath.Join(realWorldAuth0, name))
		require.NoError(t, err)
		return c.Interactions[index]
	}
	tests := []struct {
		name, file string
		index      int
		mutate     func(in *cassette.Interaction)
	}{
		{"undocumented status", "TestClient_GetCredentials.yaml", 2, func(in *cassette.Interaction) { in.Response.Code = 418 }},
		{"credential without its id", "TestClient_GetCredentials.yaml", 2, func(in *cassette.Interaction) {
			in.Response.Body = strings.Replace(in.Response.Body, `"id":"cred_iBrDg5aZ2gtAaC7sVnHgAv",`, "", 1)
		}},
		{"unknown credential type", "TestClient_GetCredentials.yaml", 2, func(in *cassette.Interaction) {
			in.Response.Body = strings.Replace(in.Response.Body, `"public_key"`, `"password"`, 1)
		}},
		{"text instead of JSON", "TestClient_Read.yaml", 1, func(in *cassette.Interaction) {
			in.Response.Headers = http.Header{"Content-Type": {"text/plain"}}
		}},
		{"a create without a name", "TestClient_List.yaml", 0, func(in *cassette.Interaction) {
			in.Request.Body = `{"description":"no name"}`
		}},
		{"a credential member Auth0 refuses", "TestClient_CreateCredential.yaml", 1, func(in *cassette.Interaction) {
			in.Request.Body = strings.Replace(in.Request.Body, `{"credential_type"`, `{"use":"sig","credential_type"`, 1)
		}},
		{"a body on a 204", "TestClient_List.yaml", 2, func(in *cassette.Interaction) { in.Response.Body = `{"deleted":true}` }},
		{"a PATCH that is not on the path", "TestClient_Read.yaml", 2, func(in *cassette.Interaction) { in.Request.Method = http.MethodPut }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := load(tt.file, tt.index)
			require.Equal(t, conformance.Pass, checker.Check(tt.file, tt.index, in).Outcome, "unmutated")
			tt.mutate(in)
			res := checker.Check(tt.file, tt.index, in)
			require.Equal(t, conformance.Fail, res.Outcome)
			require.NotEmpty(t, res.Problems)
		})
	}
}
