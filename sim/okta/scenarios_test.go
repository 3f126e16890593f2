package okta_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/credkit/credkit/conformance"
	"github.com/credkit/credkit/conformance/conformancetest"
	oktaapi "github.com/credkit/credkit/gen/okta"
	"github.com/credkit/credkit/internal/recording"
	"github.com/credkit/credkit/sim"
	oktasim "github.com/credkit/credkit/sim/okta"
)

// Scenarios record cassettes/okta/<name>.yaml with CREDKIT_RECORD=1 and
// replay them otherwise. They record against a seeded simulator or, when
// OKTA_CLIENT_ORGURL and OKTA_CLIENT_TOKEN are set too, against that real
// org: its apps are named by OKTA_CREDKIT_APP_<LABEL> variables, and
// scenarios that need what only a simulator has (issued refresh tokens,
// scoped tokens, rate limits, faults) are skipped. Assertions hold in both
// modes: they never look at secret values, which the saved cassette holds
// only as placeholders.

const placeholderURL = "https://okta.example.test"

// scenarioSpec describes a scenario's simulator and fixtures.
type scenarioSpec struct {
	name    string // the cassette's name
	opts    oktasim.Options
	apps    [][2]string // label and token_endpoint_auth_method of each app
	simOnly bool        // needs simulator-only fixtures
}

// scenario is one recorded conversation.
type scenario struct {
	t      *testing.T
	sim    *oktasim.Server
	faults *sim.Faults
	apps   map[string]string // label → app ID
	token  string            // the API token sent
	now    time.Time         // when the scenario starts
	api    *oktaapi.ClientWithResponses
	rt     http.RoundTripper // the checked, recorded transport
	ctx    context.Context
}

// startScenario seeds a simulator (so that its IDs are known in replay too)
// and opens the scenario's cassette.
func startScenario(t *testing.T, spec scenarioSpec) *scenario {
	t.Helper()
	clock := sim.NewManualClock(sim.Epoch)
	spec.opts.Clock, spec.opts.Faults, spec.opts.AccessTokens = clock, sim.NewFaults(0, spec.opts.Seed), testAccessTokens()
	sc := &scenario{t: t, sim: oktasim.New(&spec.opts), faults: spec.opts.Faults, apps: map[string]string{}, token: apiToken, now: sim.Epoch, ctx: context.Background()}
	orgURL := os.Getenv("OKTA_CLIENT_ORGURL")
	tenant := recording.Recording() && orgURL != "" && os.Getenv("OKTA_CLIENT_TOKEN") != ""
	if tenant {
		sc.tenantFixtures(spec)
	} else {
		for _, app := range spec.apps {
			sc.apps[app[0]] = sc.sim.CreateApp(app[0], app[1])
		}
	}
	session := recording.Start(t, recording.Config{
		Cassette:    "../../cassettes/okta/" + spec.name,
		Placeholder: placeholderURL,
		Live: func(t testing.TB) string {
			if tenant {
				return orgURL
			}
			srv := httptest.NewServer(sc.sim)
			t.Cleanup(srv.Close)
			return srv.URL
		},
		Secrets: []string{sc.token, readToken, manageToken, otherToken},
	})
	tr := &conformance.Transport{Base: tick{session.Client.Transport, clock}, Checker: conformancetest.Checker(t)}
	t.Cleanup(func() {
		assert.NotEmpty(t, tr.Results())
		assert.Empty(t, tr.Failures(), "every interaction must pass conformance")
	})
	api, err := oktaapi.NewClientWithResponses(session.BaseURL,
		oktaapi.WithHTTPClient(&http.Client{Transport: tr}),
		oktaapi.WithRequestEditorFn(withAuth("SSWS "+sc.token)))
	require.NoError(t, err)
	sc.api, sc.rt = api, tr
	return sc
}

// tenantFixtures takes a real org's token and apps from the environment,
// or skips the scenario before its cassette is opened (so the recorded
// one is kept).
func (sc *scenario) tenantFixtures(spec scenarioSpec) {
	if spec.simOnly {
		sc.t.Skip("this scenario needs simulator-only fixtures; it is recorded against the simulator")
	}
	sc.token, sc.now = os.Getenv("OKTA_CLIENT_TOKEN"), time.Now().UTC().Truncate(time.Second)
	for _, app := range spec.apps {
		env := "OKTA_CREDKIT_APP_" + strings.ToUpper(strings.ReplaceAll(app[0], " ", "_"))
		if sc.apps[app[0]] = os.Getenv(env); sc.apps[app[0]] == "" {
			sc.t.Skipf("recording against an org needs an app using %s in %s", app[1], env)
		}
	}
}

// get sends a GET of an absolute URL (a next link, followed verbatim).
func (sc *scenario) get(u string) (*http.Response, []byte) {
	sc.t.Helper()
	req, err := http.NewRequest(http.MethodGet, u, nil)
	require.NoError(sc.t, err)
	req.Header.Set("Authorization", "SSWS "+sc.token)
	resp, err := (&http.Client{Transport: sc.rt}).Do(req)
	require.NoError(sc.t, err)
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	require.NoError(sc.t, err)
	return resp, body
}

// tick moves the simulator's clock one second after every exchange, so
// that recorded timestamps move as they would against a real org.
type tick struct {
	base  http.RoundTripper
	clock *sim.ManualClock
}

func (t tick) RoundTrip(r *http.Request) (*http.Response, error) {
	defer t.clock.Advance(time.Second)
	return t.base.RoundTrip(r)
}

// want checks the status of a call and returns its body.
func (sc *scenario) want(status int) func(int, []byte, error) []byte {
	return func(got int, body []byte, err error) []byte {
		sc.t.Helper()
		require.NoError(sc.t, err)
		require.Equal(sc.t, status, got, "body: %s", body)
		return body
	}
}

// wantErr checks an error answer's status and errorCode.
func (sc *scenario) wantErr(status int, code string) func(int, []byte, error) {
	return func(got int, body []byte, err error) {
		sc.t.Helper()
		require.NoError(sc.t, err)
		requireError(sc.t, got, body, status, code, "")
	}
}

func (sc *scenario) op(id string, tg target, eds ...oktaapi.RequestEditorFn) (int, []byte, error) {
	return allOpsByID()[id].call(sc.ctx, sc.api, tg, eds...)
}

func (sc *scenario) createSecret(app, body string) (int, []byte, error) {
	r, err := sc.api.CreateOAuth2ClientSecretWithBodyWithResponse(sc.ctx, app, "application/json", strings.NewReader(body))
	return sb(err, func() (int, []byte) { return r.StatusCode(), r.Body })
}

func (sc *scenario) addJWK(app, body string) (int, []byte, error) {
	r, err := sc.api.AddJwkWithBodyWithResponse(sc.ctx, app, "application/json", strings.NewReader(body))
	return sb(err, func() (int, []byte) { return r.StatusCode(), r.Body })
}

func (sc *scenario) generateKey(app string, years int) (int, []byte, error) {
	r, err := sc.api.GenerateApplicationKeyWithResponse(sc.ctx, app, &oktaapi.GenerateApplicationKeyParams{ValidityYears: years})
	return sb(err, func() (int, []byte) { return r.StatusCode(), r.Body })
}

func (sc *scenario) cloneKey(app, kid, targetApp string) (int, []byte, error) {
	r, err := sc.api.CloneApplicationKeyWithResponse(sc.ctx, app, kid, &oktaapi.CloneApplicationKeyParams{TargetAid: targetApp})
	return sb(err, func() (int, []byte) { return r.StatusCode(), r.Body })
}

func (sc *scenario) generateCSR(app string, meta oktaapi.CsrMetadata, accept string) (int, []byte, error) {
	r, err := sc.api.GenerateCsrForApplicationWithResponse(sc.ctx, app, meta, withHeader("Accept", accept))
	return sb(err, func() (int, []byte) { return r.StatusCode(), r.Body })
}

func (sc *scenario) getCSR(app, id, accept string) (int, []byte, error) {
	r, err := sc.api.GetCsrForApplicationWithResponse(sc.ctx, app, id, withHeader("Accept", accept))
	return sb(err, func() (int, []byte) { return r.StatusCode(), r.Body })
}

func (sc *scenario) publish(app, id, contentType string, body []byte, base64Encoded bool) (int, []byte, error) {
	cte := ""
	if base64Encoded {
		cte = "base64"
	}
	r, err := sc.api.PublishCsrFromApplicationWithBodyWithResponse(sc.ctx, app, id, contentType, bytes.NewReader(body), withHeader("Content-Transfer-Encoding", cte))
	return sb(err, func() (int, []byte) { return r.StatusCode(), r.Body })
}

// listTokens lists one page and returns its tokens and its next link.
func (sc *scenario) listTokens(app string, params *oktaapi.ListOAuth2TokensForApplicationParams) ([]oktaapi.OAuth2RefreshToken, string) {
	sc.t.Helper()
	r, err := sc.api.ListOAuth2TokensForApplicationWithResponse(sc.ctx, app, params)
	require.NoError(sc.t, err)
	require.Equal(sc.t, http.StatusOK, r.StatusCode(), "%s", r.Body)
	l := links(sc.t, r.HTTPResponse.Header)
	require.NotEmpty(sc.t, l["self"])
	return *r.JSON200, l["next"]
}

func TestScenarioSecretsLifecycle(t *testing.T) {
	sc := startScenario(t, scenarioSpec{
		name: "secrets_lifecycle",
		opts: oktasim.Options{Seed: 101, RateLimit: sim.RateLimit{Limit: 600, Window: time.Minute}},
		apps: [][2]string{
			{"Payroll", oktasim.AuthClientSecretBasic}, {"Signer", oktasim.AuthClientSecretJWT},
			{"Service", oktasim.AuthPrivateKeyJWT}, {"Portal", oktasim.AuthClientSecretPost},
		},
	})
	app, jwtApp, keyApp, postApp := sc.apps["Payroll"], sc.apps["Signer"], sc.apps["Service"], sc.apps["Portal"]
	ok, fail := sc.want, sc.wantErr

	list := decode[[]wireSecret](t, ok(200)(sc.op("listOAuth2ClientSecrets", target{app: app})))
	require.Len(t, list, 1)
	old := list[0].ID
	created := decode[wireSecret](t, ok(201)(sc.createSecret(app, "{}")))
	require.Equal(t, "ACTIVE", created.Status)
	fresh := created.ID
	fail(400, "E0000001")(sc.createSecret(app, "{}"))
	require.Equal(t, "ACTIVE", decode[wireSecret](t, ok(200)(sc.op("getOAuth2ClientSecret", target{app: app, sub: fresh}))).Status)

	// Rotate: both work, retire the old one.
	require.Equal(t, "INACTIVE", decode[wireSecret](t, ok(200)(sc.op("deactivateOAuth2ClientSecret", target{app: app, sub: old}))).Status)
	fail(400, "E0000001")(sc.op("deactivateOAuth2ClientSecret", target{app: app, sub: fresh}))
	fail(400, "E0000001")(sc.op("deleteOAuth2ClientSecret", target{app: app, sub: fresh}))
	require.Equal(t, "ACTIVE", decode[wireSecret](t, ok(200)(sc.op("activateOAuth2ClientSecret", target{app: app, sub: old}))).Status)
	ok(200)(sc.op("deactivateOAuth2ClientSecret", target{app: app, sub: old}))
	ok(204)(sc.op("deleteOAuth2ClientSecret", target{app: app, sub: old}))
	list = decode[[]wireSecret](t, ok(200)(sc.op("listOAuth2ClientSecrets", target{app: app})))
	require.Len(t, list, 1)
	require.Equal(t, fresh, list[0].ID)
	ok(201)(sc.createSecret(app, `{"client_secret":"credkit-Rotation-Secret-0001"}`))

	unknown := target{app: app, sub: "ocsNoSuchSecret00000"}
	for _, id := range []string{"getOAuth2ClientSecret", "activateOAuth2ClientSecret", "deactivateOAuth2ClientSecret", "deleteOAuth2ClientSecret"} {
		fail(404, "E0000007")(sc.op(id, unknown))
	}

	// The rules of secrets the caller brings.
	fail(400, "E0000001")(sc.createSecret(postApp, `{"client_secret":"credkit-Short"}`))
	fail(400, "E0000001")(sc.createSecret(postApp, mustJSON(map[string]string{"client_secret": "credkit-" + strings.Repeat("Long", 24)})))
	fail(400, "E0000001")(sc.createSecret(postApp, `{"client_secret":"credkit-Tab\tSecret-0001"}`))
	require.Equal(t, "INACTIVE", decode[wireSecret](t, ok(201)(sc.createSecret(postApp, `{"status":"INACTIVE"}`))).Status)
	fail(400, "E0000001")(sc.createSecret(jwtApp, `{"client_secret":"credkit-Jwt-TooShort-01"}`))
	ok(201)(sc.createSecret(jwtApp, `{"client_secret":"credkit-Client-Secret-Jwt-Long-Enough-01"}`))
	fail(400, "E0000001")(sc.createSecret(keyApp, `{"client_secret":"credkit-PrivateKeyJwt-Secret-0001"}`))
	ok(201)(sc.createSecret(keyApp, "{}"))
}

func TestScenarioJWKsLifecycle(t *testing.T) {
	sc := startScenario(t, scenarioSpec{
		name: "jwks_lifecycle",
		opts: oktasim.Options{Seed: 102, RateLimit: sim.RateLimit{Limit: 600, Window: time.Minute}},
		apps: [][2]string{{"Service", oktasim.AuthPrivateKeyJWT}, {"Legacy", oktasim.AuthClientSecretBasic}},
	})
	app, legacy := sc.apps["Service"], sc.apps["Legacy"]
	ok, fail := sc.want, sc.wantErr
	key := func(tg target) wireJWK { return decode[wireJWK](t, ok(200)(sc.op("getJwk", tg))) }

	require.JSONEq(t, `{"keys":[]}`, string(ok(200)(sc.op("listJwk", target{app: app}))))
	rsa1 := idOf(t, ok(201)(sc.addJWK(app, rsaJWK("svc-rsa-1", "sig", "ACTIVE", 2048))))
	ec1 := idOf(t, ok(201)(sc.addJWK(app, ecJWK("svc-ec-1"))))
	enc1 := idOf(t, ok(201)(sc.addJWK(app, rsaJWK("svc-enc-1", "enc", "ACTIVE", 2048))))
	fail(400, "E0000001")(sc.addJWK(app, rsaJWK("svc-enc-2", "enc", "ACTIVE", 2048)))
	enc2 := idOf(t, ok(201)(sc.addJWK(app, rsaJWK("svc-enc-2", "enc", "INACTIVE", 2048))))
	fail(400, "E0000001")(sc.addJWK(app, rsaJWK("svc-short", "sig", "ACTIVE", 1024)))
	fail(400, "E0000001")(sc.addJWK(app, ecJWK("svc-rsa-1")))
	set := decode[struct {
		Keys []wireJWK `json:"keys"`
	}](t, ok(200)(sc.op("listJwk", target{app: app})))
	require.Len(t, set.Keys, 4)

	// Switch encryption keys by activating the new one.
	require.Equal(t, "INACTIVE", key(target{app: app, sub: enc2}).Status)
	require.Equal(t, "ACTIVE", decode[wireJWK](t, ok(200)(sc.op("activateOAuth2ClientJsonWebKey", target{app: app, sub: enc2}))).Status)
	require.Equal(t, "INACTIVE", key(target{app: app, sub: enc1}).Status)
	fail(400, "E0000001")(sc.op("deactivateOAuth2ClientJsonWebKey", target{app: app, sub: enc2}))

	// Retire a signing key, never the last one of a private_key_jwt client.
	require.Equal(t, "INACTIVE", decode[wireJWK](t, ok(200)(sc.op("deactivateOAuth2ClientJsonWebKey", target{app: app, sub: rsa1}))).Status)
	fail(400, "E0000001")(sc.op("deactivateOAuth2ClientJsonWebKey", target{app: app, sub: ec1}))
	fail(400, "E0000001")(sc.op("deletejwk", target{app: app, sub: ec1}))
	ok(204)(sc.op("deletejwk", target{app: app, sub: rsa1}))
	ok(204)(sc.op("deletejwk", target{app: app, sub: enc1}))
	unknown := target{app: app, sub: "pksNoSuchKey00000000"}
	for _, id := range []string{"getJwk", "activateOAuth2ClientJsonWebKey", "deactivateOAuth2ClientJsonWebKey", "deletejwk"} {
		fail(404, "E0000007")(sc.op(id, unknown))
	}
	fail(404, "E0000007")(sc.op("getJwk", target{app: app, sub: rsa1}))

	// A key without kid blocks every further key.
	require.Nil(t, decode[wireJWK](t, ok(201)(sc.addJWK(legacy, rsaJWK("", "sig", "ACTIVE", 2048)))).Kid)
	fail(400, "E0000001")(sc.addJWK(legacy, rsaJWK("legacy-2", "sig", "ACTIVE", 2048)))
}

func TestScenarioKeyCredentials(t *testing.T) {
	sc := startScenario(t, scenarioSpec{
		name: "key_credentials",
		opts: oktasim.Options{Seed: 103, RateLimit: sim.RateLimit{Limit: 600, Window: time.Minute}},
		apps: [][2]string{{"SAML", oktasim.AuthClientSecretBasic}, {"SAML copy", oktasim.AuthClientSecretBasic}},
	})
	app, copyApp := sc.apps["SAML"], sc.apps["SAML copy"]
	ok, fail := sc.want, sc.wantErr
	kidOf := func(body []byte) string { return *decode[oktaapi.JsonWebKey](t, body).Kid }

	require.Equal(t, "[]", string(ok(200)(sc.op("listApplicationKeys", target{app: app}))))
	kid := kidOf(ok(201)(sc.generateKey(app, 2)))
	ok(201)(sc.generateKey(app, 10))
	fail(400, "E0000001")(sc.generateKey(app, 1))
	fail(400, "E0000001")(sc.generateKey(app, 11))
	require.Equal(t, kid, kidOf(ok(200)(sc.op("getApplicationKey", target{app: app, sub: kid}))))
	require.Len(t, decode[[]oktaapi.JsonWebKey](t, ok(200)(sc.op("listApplicationKeys", target{app: app}))), 2)
	fail(404, "E0000007")(sc.op("getApplicationKey", target{app: app, sub: "noSuchKid"}))

	require.Equal(t, kid, kidOf(ok(201)(sc.cloneKey(app, kid, copyApp))))
	fail(400, "E0000001")(sc.cloneKey(app, kid, copyApp))
	fail(404, "E0000007")(sc.cloneKey(app, kid, "0oaNoSuchApp00000000"))
	fail(404, "E0000007")(sc.cloneKey(app, "noSuchKid", copyApp))
	require.Len(t, decode[[]oktaapi.JsonWebKey](t, ok(200)(sc.op("listApplicationKeys", target{app: copyApp}))), 1)
}

func TestScenarioCSRLifecycle(t *testing.T) {
	sc := startScenario(t, scenarioSpec{
		name: "csr_lifecycle",
		opts: oktasim.Options{Seed: 104, RateLimit: sim.RateLimit{Limit: 600, Window: time.Minute}},
		apps: [][2]string{{"SAML", oktasim.AuthClientSecretBasic}},
	})
	app := sc.apps["SAML"]
	ok, fail := sc.want, sc.wantErr
	generate := func(accept string) (id, der string) {
		if accept == "application/pkcs10" {
			body := ok(201)(sc.generateCSR(app, spIssuer, accept))
			der := string(body)
			list := decode[[]oktaapi.Csr](t, ok(200)(sc.op("listCsrsForApplication", target{app: app})))
			for _, c := range list {
				if *c.Csr == der {
					return *c.Id, der
				}
			}
			t.Fatalf("the pkcs10 CSR is not listed")
		}
		c := decode[oktaapi.Csr](t, ok(201)(sc.generateCSR(app, spIssuer, accept)))
		return *c.Id, *c.Csr
	}
	certFor := func(der string, validFor time.Duration) []byte {
		return issue(t, csrPublicKey(t, der), 7, sc.now, validFor)
	}
	year := 365 * 24 * time.Hour

	require.Equal(t, "[]", string(ok(200)(sc.op("listCsrsForApplication", target{app: app}))))
	pemID, pemCSR := generate("application/json")
	derID, derCSR := generate("application/pkcs10")
	rawID, rawCSR := generate("application/json")
	fail(400, "E0000001")(sc.generateCSR(app, oktaapi.CsrMetadata{Subject: &oktaapi.CsrMetadataSubject{CountryName: ptr("Canada")}}, "application/json"))
	require.Len(t, decode[[]oktaapi.Csr](t, ok(200)(sc.op("listCsrsForApplication", target{app: app}))), 3)
	require.Equal(t, pemID, idOf(t, ok(200)(sc.getCSR(app, pemID, "application/json"))))
	require.Equal(t, derCSR, string(ok(200)(sc.getCSR(app, derID, "application/pkcs10"))))
	fail(404, "E0000007")(sc.getCSR(app, "noSuchCsr", "application/json"))

	// Publish: the certificate must match and outlive 90 days.
	fail(400, "E0000001")(sc.publish(app, pemID, "application/x-pem-file", pemCert(issue(t, testCA.Public(), 8, sc.now, year)), false))
	fail(400, "E0000001")(sc.publish(app, pemID, "application/x-pem-file", pemCert(certFor(pemCSR, 60*24*time.Hour)), false))
	require.Equal(t, pemID, *decode[oktaapi.JsonWebKey](t, ok(201)(sc.publish(app, pemID, "application/x-pem-file", pemCert(certFor(pemCSR, year)), false))).Kid)
	b64 := []byte(base64.StdEncoding.EncodeToString(certFor(derCSR, 2*year)))
	ok(201)(sc.publish(app, derID, "application/pkix-cert", b64, true))
	ok(201)(sc.publish(app, rawID, "application/x-x509-ca-cert", certFor(rawCSR, 3*year), false))
	fail(404, "E0000007")(sc.getCSR(app, pemID, "application/json"))
	fail(404, "E0000007")(sc.publish(app, pemID, "application/x-pem-file", pemCert(certFor(pemCSR, year)), false))

	revokeID, _ := generate("application/json")
	ok(204)(sc.op("revokeCsrFromApplication", target{app: app, sub: revokeID}))
	fail(404, "E0000007")(sc.op("revokeCsrFromApplication", target{app: app, sub: revokeID}))
	require.Equal(t, "[]", string(ok(200)(sc.op("listCsrsForApplication", target{app: app}))))
	keys := decode[[]oktaapi.JsonWebKey](t, ok(200)(sc.op("listApplicationKeys", target{app: app})))
	require.Len(t, keys, 3)
	require.Equal(t, []string{pemID, derID, rawID}, []string{*keys[0].Kid, *keys[1].Kid, *keys[2].Kid})
}

func TestScenarioRefreshTokens(t *testing.T) {
	sc := startScenario(t, scenarioSpec{
		name:    "refresh_tokens",
		opts:    oktasim.Options{Seed: 105, RateLimit: sim.RateLimit{Limit: 600, Window: time.Minute}},
		apps:    [][2]string{{"Web", oktasim.AuthClientSecretBasic}, {"Empty", oktasim.AuthClientSecretBasic}},
		simOnly: true,
	})
	app, empty := sc.apps["Web"], sc.apps["Empty"]
	ids := []string{
		sc.sim.IssueRefreshToken(app, "00uAlice000000000000", []string{"openid", "offline_access"}),
		sc.sim.IssueRefreshToken(app, "00uBob00000000000000", []string{"offline_access"}),
		sc.sim.IssueRefreshToken(app, "00uCarol000000000000", []string{"openid", "profile", "offline_access"}),
	}
	ok, fail := sc.want, sc.wantErr

	page, next := sc.listTokens(app, &oktaapi.ListOAuth2TokensForApplicationParams{Limit: ptr(2)})
	require.Equal(t, []string{ids[0], ids[1]}, []string{*page[0].Id, *page[1].Id})
	require.NotEmpty(t, next)
	resp, body := sc.get(next) // followed verbatim
	require.Equal(t, http.StatusOK, resp.StatusCode)
	require.Equal(t, ids[2], *decode[[]oktaapi.OAuth2RefreshToken](t, body)[0].Id)
	require.NotContains(t, links(t, resp.Header), "next")
	page, _ = sc.listTokens(app, &oktaapi.ListOAuth2TokensForApplicationParams{Expand: ptr("scope")})
	require.Len(t, *page[2].UnderscoreEmbedded.Scopes, 3)

	tok := decode[oktaapi.OAuth2RefreshToken](t, ok(200)(sc.op("getOAuth2TokenForApplication", target{app: app, sub: ids[0]})))
	require.Equal(t, app, *tok.ClientId)
	r, err := sc.api.GetOAuth2TokenForApplicationWithResponse(sc.ctx, app, ids[0], &oktaapi.GetOAuth2TokenForApplicationParams{Expand: ptr("scope")})
	require.NoError(t, err)
	require.Len(t, *r.JSON200.UnderscoreEmbedded.Scopes, 2)
	fail(404, "E0000007")(sc.op("getOAuth2TokenForApplication", target{app: app, sub: "oarNoSuchToken000000"}))

	ok(204)(sc.op("revokeOAuth2TokenForApplication", target{app: app, sub: ids[1]}))
	fail(404, "E0000007")(sc.op("getOAuth2TokenForApplication", target{app: app, sub: ids[1]}))
	fail(404, "E0000007")(sc.op("revokeOAuth2TokenForApplication", target{app: app, sub: ids[1]}))
	ok(204)(sc.op("revokeOAuth2TokensForApplication", target{app: app}))
	page, next = sc.listTokens(app, nil)
	require.Empty(t, page)
	require.Empty(t, next)
	page, _ = sc.listTokens(empty, nil)
	require.Empty(t, page)
}

// TestScenarioErrors gives every operation each error that any call can
// meet: 401 without a token, 403 without the scope, 404 for an unknown
// app, 429 once the endpoint's bucket (3 a minute) is spent, and 500 from
// an injected fault.
func TestScenarioErrors(t *testing.T) {
	sc := startScenario(t, scenarioSpec{
		name:    "errors",
		opts:    oktasim.Options{Seed: 106, RateLimit: sim.RateLimit{Limit: 3, Window: time.Minute}},
		apps:    [][2]string{{"Errors", oktasim.AuthClientSecretBasic}},
		simOnly: true,
	})
	app := sc.apps["Errors"]
	tg := target{app: app, sub: "unknownCredentialId0", targetApp: app}
	nowhere := target{app: "0oaNoSuchApp00000000", sub: "unknownCredentialId0", targetApp: app}
	for _, o := range allOps() {
		t.Run(o.id, func(t *testing.T) {
			weak := bearer(otherToken)
			if o.manage {
				weak = bearer(readToken)
			}
			sc.wantErr(401, "E0000011")(o.call(sc.ctx, sc.api, tg, withAuth("")))
			sc.wantErr(403, "E0000006")(o.call(sc.ctx, sc.api, tg, weak))
			sc.wantErr(404, "E0000007")(o.call(sc.ctx, sc.api, nowhere))
			sc.wantErr(429, "E0000047")(o.call(sc.ctx, sc.api, tg))
			sc.faults.Script(sim.Fault{Kind: sim.FaultInternal, Method: o.method})
			sc.wantErr(500, "E0000009")(o.call(sc.ctx, sc.api, tg))
		})
	}
}
