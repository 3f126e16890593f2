package auth0

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/credkit/credkit/conformance"
	api "github.com/credkit/credkit/gen/auth0"
	"github.com/credkit/credkit/internal/recording"
	"github.com/credkit/credkit/sim"
)

// The scenarios below record cassettes/auth0/<name>.yaml with
// CREDKIT_RECORD=1 and replay them otherwise. They record against the
// simulator, or against a real tenant when AUTH0_DOMAIN, AUTH0_CLIENT_ID and
// AUTH0_CLIENT_SECRET are set, as Auth0's own tools name them (the
// scenarios that need the simulator's clock, rate limit or faults are then
// skipped). The tenant's client needs every scope of Scopes.

const (
	cassetteDir         = "../../cassettes/auth0/"
	scenarioDomain      = "auth0.example.test"
	scenarioPlaceholder = "https://" + scenarioDomain
	// The simulator's admin credentials while recording; the secret never
	// reaches a cassette.
	scenarioAdminID     = "cKsIm0AdMiN0cLiEnT0iD00000000001"
	scenarioAdminSecret = "s1mUlAt0r-aDmIn-sEcReT-0123456789abcdefghijklmnopqrstuvwxyzABCD"
	unknownClient       = "UnKnOwNcLiEnT0000000000000000000"
	unknownCredential   = "cred_UnKnOwN00000000000000"
)

// scenario is one open cassette and the clients that talk through it.
type scenario struct {
	t                    *testing.T
	sim                  *Server          // only while recording against the simulator
	clock                *sim.ManualClock // likewise
	faults               *sim.Faults      // likewise, when the scenario scripts faults
	base                 string
	http                 *http.Client
	api                  *api.ClientWithResponses
	adminID, adminSecret string
}

// tenant returns a real tenant's domain and credentials from the
// environment, if all three are set.
func tenant() (domain, id, secret string, ok bool) {
	domain, id, secret = os.Getenv("AUTH0_DOMAIN"), os.Getenv("AUTH0_CLIENT_ID"), os.Getenv("AUTH0_CLIENT_SECRET")
	domain = strings.TrimSuffix(strings.TrimPrefix(domain, "https://"), "/")
	return domain, id, secret, domain != "" && id != "" && secret != ""
}

// startScenario opens the cassette of name. opts configure the simulator
// when recording against it; a simOnly scenario is skipped when recording
// against a real tenant.
func startScenario(t *testing.T, name string, opts Options, simOnly bool) *scenario {
	sc := &scenario{t: t, adminID: scenarioAdminID, adminSecret: scenarioAdminSecret, faults: opts.Faults}
	domain, id, secret, real := tenant()
	rename := map[string]string{}
	if recording.Recording() && real {
		if simOnly {
			t.Skip("this scenario needs the simulator's clock, rate limit or faults")
		}
		sc.adminID, sc.adminSecret, sc.faults = id, secret, nil
		rename[domain] = scenarioDomain
		rename[id] = scenarioAdminID
	}
	session := recording.Start(t, recording.Config{
		Cassette:    cassetteDir + name,
		Placeholder: scenarioPlaceholder,
		Live: func(t testing.TB) string {
			if real {
				return "https://" + domain
			}
			sc.clock = sim.NewManualClock(sim.Epoch)
			opts.Clock, opts.Domain = sc.clock, scenarioDomain
			opts.AdminClientID, opts.AdminClientSecret = scenarioAdminID, scenarioAdminSecret
			sc.sim = New(&opts)
			srv := httptest.NewServer(sc.sim)
			t.Cleanup(srv.Close)
			return srv.URL
		},
		Secrets: []string{sc.adminSecret},
		Rename:  rename,
	})
	if sc.sim == nil {
		sc.faults = nil
	}
	tr := &conformance.Transport{Base: session.Client.Transport, Checker: checker(t)}
	t.Cleanup(func() { assertConforms(t, tr) })
	sc.base, sc.http = session.BaseURL, &http.Client{Transport: tr}
	c, err := api.NewClientWithResponses(sc.base, api.WithHTTPClient(sc.http))
	require.NoError(t, err)
	sc.api = c
	return sc
}

// fault makes the simulator's next request of method on a path holding
// path fail as kind; replaying or against a tenant it does nothing.
func (sc *scenario) fault(kind sim.FaultKind, method, path string) {
	if sc.faults != nil {
		sc.faults.Script(sim.Fault{Kind: kind, Method: method, PathContains: path})
	}
}

// advance moves the simulator's clock; replaying, there is none to move.
func (sc *scenario) advance(d time.Duration) {
	if sc.clock != nil {
		sc.clock.Advance(d)
	}
}

// token posts a client-credentials request through the cassette.
func (sc *scenario) token(form url.Values) tokenReply {
	sc.t.Helper()
	return postToken(sc.t, sc.http, sc.base, scenarioPlaceholder+"/api/v2/", form)
}

// adminToken returns a token of the admin client, narrowed to scopes when
// some are given.
func (sc *scenario) adminToken(scopes ...string) string {
	sc.t.Helper()
	form := url.Values{"client_id": {sc.adminID}, "client_secret": {sc.adminSecret}}
	if len(scopes) > 0 {
		form.Set("scope", strings.Join(scopes, " "))
	}
	reply := sc.token(form)
	require.Equal(sc.t, http.StatusOK, reply.Status, reply.Body)
	return reply.Body["access_token"].(string)
}

// raw sends a request with a JSON body (or none) and returns its status
// and body.
func (sc *scenario) raw(tok, method, path, body string) (int, []byte) {
	sc.t.Helper()
	req, err := http.NewRequestWithContext(context.Background(), method, sc.base+path, strings.NewReader(body))
	require.NoError(sc.t, err)
	if tok != "" {
		req.Header.Set("Authorization", "Bearer "+tok)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := sc.http.Do(req)
	require.NoError(sc.t, err)
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	require.NoError(sc.t, err)
	return resp.StatusCode, data
}

// newClient creates a scenario client and returns its ID and secret.
func (sc *scenario) newClient(tok string, body api.ClientCreate) (string, string) {
	sc.t.Helper()
	r, err := sc.api.CreateClientWithResponse(context.Background(), body, bearer(tok))
	require.NoError(sc.t, err)
	require.Equal(sc.t, http.StatusCreated, r.StatusCode(), string(r.Body))
	secret := ""
	if r.JSON201.ClientSecret != nil {
		secret = *r.JSON201.ClientSecret
	}
	return *r.JSON201.ClientId, secret
}

func ptr[T any](v T) *T { return &v }

// TestScenarioToken records the token endpoint: a token, a narrowed one, a
// JSON request, and every refusal.
func TestScenarioToken(t *testing.T) {
	sc := startScenario(t, "token", Options{}, false)
	admin := url.Values{"client_id": {sc.adminID}, "client_secret": {sc.adminSecret}}
	with := func(k, v string) url.Values {
		f := url.Values{}
		for name, vs := range admin {
			f[name] = vs
		}
		f.Set(k, v)
		return f
	}
	tests := []struct {
		name   string
		form   url.Values
		status int
		code   string
	}{
		{"every granted scope", admin, http.StatusOK, ""},
		{"narrowed", with("scope", "read:clients read:client_credentials"), http.StatusOK, ""},
		{"no grant type", with("grant_type", ""), http.StatusBadRequest, "invalid_request"},
		{"other grant type", with("grant_type", "password"), http.StatusBadRequest, "unsupported_grant_type"},
		{"wrong secret", with("client_secret", "not-the-secret"), http.StatusUnauthorized, "access_denied"},
		{"unknown client", with("client_id", unknownClient), http.StatusUnauthorized, "access_denied"},
		{"another audience", with("audience", "https://api.example.test/"), http.StatusForbidden, "access_denied"},
		{"scope not granted", with("scope", "read:users"), http.StatusForbidden, "access_denied"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			reply := sc.token(tt.form)
			require.Equal(t, tt.status, reply.Status, reply.Body)
			if tt.code != "" {
				require.Equal(t, tt.code, reply.Body["error"])
			} else {
				require.Equal(t, "Bearer", reply.Body["token_type"])
			}
		})
	}
	if reply := sc.token(with("scope", "read:clients")); reply.Status == http.StatusOK {
		require.Equal(t, "read:clients", reply.Body["scope"])
	}
	// A JSON body is accepted as well as a form.
	status, body := sc.raw("", http.MethodPost, tokenPath, `{"grant_type":"client_credentials","client_id":"`+sc.adminID+`","client_secret":"`+sc.adminSecret+`","audience":"`+scenarioPlaceholder+`/api/v2/"}`)
	require.Equal(t, http.StatusOK, status, string(body))
}

// TestScenarioClients records the client operations: create, the list's
// three answer forms and its projections, read, update, delete, and their
// refusals.
func TestScenarioClients(t *testing.T) {
	sc := startScenario(t, "clients", Options{}, false)
	tok := sc.adminToken()
	ctx := context.Background()
	first, _ := sc.newClient(tok, api.ClientCreate{Name: "credkit scenario billing", Description: ptr("nightly billing export"), AppType: ptr(api.NonInteractive), GrantTypes: &[]string{"client_credentials"}, ClientAliases: &[]string{"billing.credkit.example"}})
	second, _ := sc.newClient(tok, api.ClientCreate{Name: "credkit scenario portal", OrganizationUsage: ptr(api.Allow)})

	bad := []struct{ name, body, code string }{
		{"no name", `{"description":"x"}`, "invalid_body"},
		{"angle brackets", `{"name":"<script>"}`, "invalid_body"},
		{"unknown member", `{"name":"x","colour":"blue"}`, "invalid_body"},
		{"bad enum", `{"name":"x","app_type":"mainframe"}`, "invalid_body"},
	}
	for _, b := range bad {
		status, body := sc.raw(tok, http.MethodPost, clientsPath, b.body)
		require.Equal(t, http.StatusBadRequest, status, b.name)
		require.Equal(t, b.code, errorCode(t, body), b.name)
	}
	status, body := sc.raw(tok, http.MethodPost, clientsPath, `{"name":"credkit scenario copy","client_aliases":["billing.credkit.example"]}`)
	require.Equal(t, http.StatusConflict, status)
	require.Equal(t, "conflict", errorCode(t, body))

	// The list as a plain array, as a page with totals, projected, and by
	// checkpoint.
	all, err := sc.api.GetClientsWithResponse(ctx, &api.GetClientsParams{}, bearer(tok))
	require.NoError(t, err)
	arr, err := all.JSON200.AsClientList0()
	require.NoError(t, err)
	require.GreaterOrEqual(t, len(arr), 2)
	page, err := sc.api.GetClientsWithResponse(ctx, &api.GetClientsParams{Page: ptr(0), PerPage: ptr(1), IncludeTotals: ptr(true), Fields: ptr("client_id,name"), IncludeFields: ptr(true)}, bearer(tok))
	require.NoError(t, err)
	p, err := page.JSON200.AsClientPage()
	require.NoError(t, err)
	require.Len(t, p.Clients, 1)
	require.GreaterOrEqual(t, *p.Total, 2)
	require.Nil(t, p.Clients[0].ClientSecret, "fields keeps only client_id and name")
	check, err := sc.api.GetClientsWithResponse(ctx, &api.GetClientsParams{Take: ptr(1)}, bearer(tok))
	require.NoError(t, err)
	cp, err := check.JSON200.AsClientPage()
	require.NoError(t, err)
	require.Len(t, cp.Clients, 1)
	require.NotNil(t, cp.Next)
	next, err := sc.api.GetClientsWithResponse(ctx, &api.GetClientsParams{From: cp.Next, Take: ptr(1)}, bearer(tok))
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, next.StatusCode())
	for _, q := range []string{"?per_page=101", "?fields=colour", "?page=-1"} {
		status, body := sc.raw(tok, http.MethodGet, clientsPath+q, "")
		require.Equal(t, http.StatusBadRequest, status, q)
		require.Equal(t, "invalid_query_string", errorCode(t, body), q)
	}

	got, err := sc.api.GetClientWithResponse(ctx, first, &api.GetClientParams{}, bearer(tok))
	require.NoError(t, err)
	require.Equal(t, "credkit scenario billing", *got.JSON200.Name)
	require.NotEmpty(t, *got.JSON200.ClientSecret, "read:client_keys shows the secret")
	projected, err := sc.api.GetClientWithResponse(ctx, first, &api.GetClientParams{Fields: ptr("client_secret"), IncludeFields: ptr(false)}, bearer(tok))
	require.NoError(t, err)
	require.Nil(t, projected.JSON200.ClientSecret)
	status, body = sc.raw(tok, http.MethodGet, clientsPath+"/"+first+"?fields=colour", "")
	require.Equal(t, http.StatusBadRequest, status)
	require.Equal(t, "invalid_query_string", errorCode(t, body))
	missing, err := sc.api.GetClientWithResponse(ctx, unknownClient, &api.GetClientParams{}, bearer(tok))
	require.NoError(t, err)
	require.Equal(t, http.StatusNotFound, missing.StatusCode())
	require.Equal(t, "inexistent_client", *missing.JSON404.ErrorCode)

	updated, err := sc.api.UpdateClientWithResponse(ctx, second, api.ClientUpdate{Name: ptr("credkit scenario portal v2"), Callbacks: &[]string{"https://portal.credkit.example/cb"}}, bearer(tok))
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, updated.StatusCode(), string(updated.Body))
	require.Equal(t, "credkit scenario portal v2", *updated.JSON200.Name)
	status, body = sc.raw(tok, http.MethodPatch, clientsPath+"/"+second, `{"description":"`+strings.Repeat("d", 141)+`"}`)
	require.Equal(t, http.StatusBadRequest, status)
	require.Equal(t, "invalid_body", errorCode(t, body))
	gone, err := sc.api.UpdateClientWithResponse(ctx, unknownClient, api.ClientUpdate{Name: ptr("x")}, bearer(tok))
	require.NoError(t, err)
	require.Equal(t, http.StatusNotFound, gone.StatusCode())

	for _, id := range []string{first, second, first} { // the second delete of first is 204 too
		del, err := sc.api.DeleteClientWithResponse(ctx, id, bearer(tok))
		require.NoError(t, err)
		require.Equal(t, http.StatusNoContent, del.StatusCode())
	}
	status, body = sc.raw(tok, http.MethodDelete, clientsPath+"/"+url.PathEscape("not a client id!"), "")
	require.Equal(t, http.StatusBadRequest, status)
	require.Equal(t, "invalid_uri", errorCode(t, body))
}

// TestScenarioRotation records an immediate secret rotation: the token
// endpoint accepts the old secret before it and refuses it at once after.
// The scenario clients have no grant for the Management API, so an
// accepted secret answers 403 (no grant) and a refused one 401.
func TestScenarioRotation(t *testing.T) {
	sc := startScenario(t, "rotation", Options{}, false)
	tok := sc.adminToken()
	ctx := context.Background()
	id, oldSecret := sc.newClient(tok, api.ClientCreate{Name: "credkit scenario rotation", AppType: ptr(api.NonInteractive), GrantTypes: &[]string{"client_credentials"}})
	require.Equal(t, http.StatusForbidden, sc.token(url.Values{"client_id": {id}, "client_secret": {oldSecret}}).Status, "the old secret is accepted")

	rotated, err := sc.api.RotateClientSecretWithResponse(ctx, id, bearer(tok))
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, rotated.StatusCode(), string(rotated.Body))
	newSecret := *rotated.JSON200.ClientSecret
	require.NotEqual(t, oldSecret, newSecret)
	require.Equal(t, http.StatusUnauthorized, sc.token(url.Values{"client_id": {id}, "client_secret": {oldSecret}}).Status, "the old secret stops at once")
	require.Equal(t, http.StatusForbidden, sc.token(url.Values{"client_id": {id}, "client_secret": {newSecret}}).Status, "the new secret is accepted")

	missing, err := sc.api.RotateClientSecretWithResponse(ctx, unknownClient, bearer(tok))
	require.NoError(t, err)
	require.Equal(t, http.StatusNotFound, missing.StatusCode())
	del, err := sc.api.DeleteClientWithResponse(ctx, id, bearer(tok))
	require.NoError(t, err)
	require.Equal(t, http.StatusNoContent, del.StatusCode())
}

// TestScenarioCredentials records a private_key_jwt client's credentials:
// create with the client, add a second, the limit of two, read, expiry,
// the rule that an enabled credential cannot be deleted, the rotation of
// keys by enabling the new one and deleting the old, and the refusals.
func TestScenarioCredentials(t *testing.T) {
	sc := startScenario(t, "credentials", Options{}, false)
	tok := sc.adminToken()
	ctx := context.Background()
	keyA := api.ClientCredentialCreate{CredentialType: api.PublicKey, Name: ptr("credkit key A"), Pem: ptr(publicKeyA)}
	created, err := sc.api.CreateClientWithResponse(ctx, api.ClientCreate{
		Name: "credkit scenario keys", AppType: ptr(api.NonInteractive), GrantTypes: &[]string{"client_credentials"},
		JwtConfiguration: &api.JwtConfiguration{Alg: ptr(api.JwtConfigurationAlgRS256)},
		ClientAuthenticationMethods: &struct {
			PrivateKeyJwt *struct {
				Credentials []api.ClientCredentialCreate `json:"credentials"`
			} `json:"private_key_jwt,omitempty"`
		}{PrivateKeyJwt: &struct {
			Credentials []api.ClientCredentialCreate `json:"credentials"`
		}{Credentials: []api.ClientCredentialCreate{keyA}}},
	}, bearer(tok))
	require.NoError(t, err)
	require.Equal(t, http.StatusCreated, created.StatusCode(), string(created.Body))
	id := *created.JSON201.ClientId
	require.Nil(t, created.JSON201.ClientSecret, "a private_key_jwt client shows no secret")
	credA := (*created.JSON201.ClientAuthenticationMethods.PrivateKeyJwt.Credentials)[0].Id

	b, err := sc.api.CreateClientCredentialWithResponse(ctx, id, api.ClientCredentialCreate{CredentialType: api.PublicKey, Name: ptr("credkit key B"), Pem: ptr(publicKeyB), Alg: ptr(api.CredentialAlgorithmPS256)}, bearer(tok))
	require.NoError(t, err)
	require.Equal(t, http.StatusCreated, b.StatusCode(), string(b.Body))
	credB := b.JSON201.Id
	require.Equal(t, "QTtPEeOT2gWWuID0QDg6nHgh7foYRcWkOyJ9DhNIn_A", *b.JSON201.Kid, "the kid is the key's thumbprint, as at Auth0")

	third, err := sc.api.CreateClientCredentialWithResponse(ctx, id, api.ClientCredentialCreate{CredentialType: api.PublicKey, Pem: ptr(publicKeyA), Kid: ptr("credkit-third-key")}, bearer(tok))
	require.NoError(t, err)
	require.Equal(t, http.StatusBadRequest, third.StatusCode())
	require.Equal(t, "too_many_credentials", *third.JSON400.ErrorCode)
	for _, body := range []string{`{"credential_type":"public_key","pem":"MIIB"}`, `{"credential_type":"public_key"}`, `{"credential_type":"public_key","pem":"x","kid":"short"}`} {
		status, data := sc.raw(tok, http.MethodPost, clientsPath+"/"+id+"/credentials", body)
		require.Equal(t, http.StatusBadRequest, status, body)
		require.Equal(t, "invalid_body", errorCode(t, data), body)
	}
	orphan, err := sc.api.CreateClientCredentialWithResponse(ctx, unknownClient, keyA, bearer(tok))
	require.NoError(t, err)
	require.Equal(t, http.StatusNotFound, orphan.StatusCode())

	list, err := sc.api.GetClientCredentialsWithResponse(ctx, id, bearer(tok))
	require.NoError(t, err)
	require.Len(t, *list.JSON200, 2)
	noList, err := sc.api.GetClientCredentialsWithResponse(ctx, unknownClient, bearer(tok))
	require.NoError(t, err)
	require.Equal(t, http.StatusNotFound, noList.StatusCode())
	one, err := sc.api.GetClientCredentialWithResponse(ctx, id, credB, bearer(tok))
	require.NoError(t, err)
	require.Equal(t, api.CredentialAlgorithmPS256, *one.JSON200.Alg)
	for _, path := range [][2]string{{id, unknownCredential}, {unknownClient, credB}} {
		r, err := sc.api.GetClientCredentialWithResponse(ctx, path[0], path[1], bearer(tok))
		require.NoError(t, err)
		require.Equal(t, http.StatusNotFound, r.StatusCode(), path)
	}

	when := sim.Epoch.Add(90 * 24 * time.Hour)
	expiring, err := sc.api.UpdateClientCredentialWithResponse(ctx, id, credB, api.ClientCredentialUpdate{ExpiresAt: &when}, bearer(tok))
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, expiring.StatusCode(), string(expiring.Body))
	require.True(t, when.Equal(*expiring.JSON200.ExpiresAt))
	status, data := sc.raw(tok, http.MethodPatch, clientsPath+"/"+id+"/credentials/"+credB, `{"expires_at":null}`)
	require.Equal(t, http.StatusOK, status, string(data))
	status, data = sc.raw(tok, http.MethodPatch, clientsPath+"/"+id+"/credentials/"+credB, `{"name":"renamed"}`)
	require.Equal(t, http.StatusBadRequest, status)
	require.Equal(t, "invalid_body", errorCode(t, data))
	nowhere, err := sc.api.UpdateClientCredentialWithResponse(ctx, id, unknownCredential, api.ClientCredentialUpdate{ExpiresAt: &when}, bearer(tok))
	require.NoError(t, err)
	require.Equal(t, http.StatusNotFound, nowhere.StatusCode())

	// Key rotation with overlap: A is enabled, so it cannot be deleted;
	// enable B alone, then A can go.
	delA, err := sc.api.DeleteClientCredentialWithResponse(ctx, id, credA, bearer(tok))
	require.NoError(t, err)
	require.Equal(t, http.StatusBadRequest, delA.StatusCode())
	status, data = sc.raw(tok, http.MethodPatch, clientsPath+"/"+id, `{"client_authentication_methods":{"private_key_jwt":{"credentials":[{"id":"`+credA+`"},{"id":"`+credB+`"}]}}}`)
	require.Equal(t, http.StatusOK, status, string(data))
	status, data = sc.raw(tok, http.MethodPatch, clientsPath+"/"+id, `{"client_authentication_methods":{"private_key_jwt":{"credentials":[{"id":"`+credB+`"}]}}}`)
	require.Equal(t, http.StatusOK, status, string(data))
	for range 2 { // deleting a credential that is gone is 204 too
		del, err := sc.api.DeleteClientCredentialWithResponse(ctx, id, credA, bearer(tok))
		require.NoError(t, err)
		require.Equal(t, http.StatusNoContent, del.StatusCode())
	}
	status, data = sc.raw(tok, http.MethodPatch, clientsPath+"/"+id, `{"client_authentication_methods":{"private_key_jwt":{"credentials":[{"id":"`+unknownCredential+`"}]}}}`)
	require.Equal(t, http.StatusBadRequest, status)
	require.Equal(t, "invalid_body", errorCode(t, data))

	// A private_key_jwt client has no secret to rotate.
	rot, err := sc.api.RotateClientSecretWithResponse(ctx, id, bearer(tok))
	require.NoError(t, err)
	require.Equal(t, http.StatusBadRequest, rot.StatusCode())
	status, _ = sc.raw(tok, http.MethodDelete, clientsPath+"/"+id+"/credentials/"+url.PathEscape("no such id!"), "")
	require.Equal(t, http.StatusBadRequest, status)
	del, err := sc.api.DeleteClientWithResponse(ctx, id, bearer(tok))
	require.NoError(t, err)
	require.Equal(t, http.StatusNoContent, del.StatusCode())
}

// scenarioCalls are one request per Management API operation, on a client
// and credential that need not exist: authentication and scope are checked
// before either is looked up.
var scenarioCalls = []struct{ op, method, path, body string }{
	{"getClients", http.MethodGet, clientsPath, ""},
	{"createClient", http.MethodPost, clientsPath, `{"name":"credkit scenario denied"}`},
	{"getClient", http.MethodGet, clientsPath + "/" + unknownClient, ""},
	{"updateClient", http.MethodPatch, clientsPath + "/" + unknownClient, `{"name":"x"}`},
	{"deleteClient", http.MethodDelete, clientsPath + "/" + unknownClient, ""},
	{"rotateClientSecret", http.MethodPost, clientsPath + "/" + unknownClient + "/rotate-secret", ""},
	{"getClientCredentials", http.MethodGet, clientsPath + "/" + unknownClient + "/credentials", ""},
	{"createClientCredential", http.MethodPost, clientsPath + "/" + unknownClient + "/credentials", `{"credential_type":"public_key"}`},
	{"getClientCredential", http.MethodGet, clientsPath + "/" + unknownClient + "/credentials/" + unknownCredential, ""},
	{"updateClientCredential", http.MethodPatch, clientsPath + "/" + unknownClient + "/credentials/" + unknownCredential, `{"expires_at":null}`},
	{"deleteClientCredential", http.MethodDelete, clientsPath + "/" + unknownClient + "/credentials/" + unknownCredential, ""},
}

// TestScenarioAuthErrors records, for every operation, a 401 without a
// token, a 401 with a token Auth0 never issued, and a 403 with a token
// that lacks the operation's scope.
func TestScenarioAuthErrors(t *testing.T) {
	sc := startScenario(t, "auth_errors", Options{}, false)
	// Neither scope allows any operation but the two reads; those get a
	// token with create:clients instead.
	summary := sc.adminToken("read:client_summary")
	creator := sc.adminToken("create:clients")
	for _, call := range scenarioCalls {
		t.Run(call.op, func(t *testing.T) {
			status, body := sc.raw("", call.method, call.path, call.body)
			require.Equal(t, http.StatusUnauthorized, status, string(body))
			status, _ = sc.raw("not-a-token-auth0-issued", call.method, call.path, call.body)
			require.Equal(t, http.StatusUnauthorized, status)
			weak := summary
			if call.op == "getClients" || call.op == "getClient" {
				weak = creator
			}
			status, body = sc.raw(weak, call.method, call.path, call.body)
			require.Equal(t, http.StatusForbidden, status, string(body))
			require.Equal(t, "insufficient_scope", errorCode(t, body))
		})
	}
}

// TestScenarioFaults records a 500 and a 429 for every operation and for
// the token endpoint, injected by the simulator.
func TestScenarioFaults(t *testing.T) {
	sc := startScenario(t, "faults", Options{Faults: sim.NewFaults(0, 1)}, true)
	tok := sc.adminToken()
	for _, kind := range []sim.FaultKind{sim.FaultInternal, sim.FaultRateLimit} {
		for _, call := range scenarioCalls {
			sc.fault(kind, call.method, call.path)
			status, body := sc.raw(tok, call.method, call.path, call.body)
			want := map[sim.FaultKind]int{sim.FaultInternal: 500, sim.FaultRateLimit: 429}[kind]
			require.Equal(t, want, status, "%s %s", call.op, kind)
			require.NotEmpty(t, errorCode(t, body))
		}
		sc.fault(kind, http.MethodPost, tokenPath)
		reply := sc.token(url.Values{"client_id": {sc.adminID}, "client_secret": {sc.adminSecret}})
		require.NotEqual(t, http.StatusOK, reply.Status)
	}
}

// TestScenarioRateLimit records the X-RateLimit headers and a 429 when a
// token spends its window, and the window's reset.
func TestScenarioRateLimit(t *testing.T) {
	sc := startScenario(t, "rate_limit", Options{RateLimit: sim.RateLimit{Limit: 2, Window: time.Second}}, true)
	tok := sc.adminToken()
	ctx := context.Background()
	for i, want := range []int{http.StatusOK, http.StatusOK, http.StatusTooManyRequests} {
		r, err := sc.api.GetClientsWithResponse(ctx, &api.GetClientsParams{}, bearer(tok))
		require.NoError(t, err)
		require.Equal(t, want, r.StatusCode(), "request %d", i)
		require.Equal(t, "2", r.HTTPResponse.Header.Get("X-RateLimit-Limit"))
		require.Equal(t, []string{"1", "0", "0"}[i], r.HTTPResponse.Header.Get("X-RateLimit-Remaining"))
		require.Equal(t, "1767729059", r.HTTPResponse.Header.Get("X-RateLimit-Reset"))
	}
	sc.advance(time.Second)
	r, err := sc.api.GetClientsWithResponse(ctx, &api.GetClientsParams{}, bearer(tok))
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, r.StatusCode())
}
