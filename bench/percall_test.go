package bench

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	oktasdk "github.com/okta/okta-sdk-golang/v5/okta"

	gen "github.com/credkit/credkit/gen/okta"
	"github.com/credkit/credkit/unified"
	"github.com/credkit/credkit/unified/okta"
)

// The per-call benchmarks make the same Okta call four ways, over loopback,
// against one httptest server per call that answers with a recorded Okta
// response: credkit's unified facade, credkit's generated client, Okta's own
// Go SDK (v5.0.2) and a floor of plain net/http and encoding/json into a
// minimal struct. Every client shares one *http.Transport (keep-alives on),
// so they differ only in what they do above it.

// benchToken is the API token every client sends ("SSWS benchToken").
const benchToken = "bench-api-token"

// perCall is one call kind: a recorded answer and the call that gets it.
type perCall struct {
	name   string
	file   string // under cassettes/
	index  int    // the interaction
	expand bool   // ask for expand=scope (tokens)
	tokens bool   // a refresh-token list, else a key list
}

var perCalls = []perCall{
	// GET /api/v1/apps/{appId}/credentials/keys: one real key with its
	// certificate (1,872 bytes), recorded by Okta's Python SDK.
	{name: "keys", file: "okta/realworld/Applications__list_app_keys.yaml", index: 0},
	// GET /api/v1/apps/{appId}/tokens: the real recording is an empty
	// page ("[]" with a Link rel="self"), so this row is the cost of the
	// call itself.
	{name: "tokens", file: "okta/realworld/ApplicationTokens__list_tokens_with_expand_parameter.yaml", index: 1, tokens: true},
	// The same call with a body: three refresh tokens with their scopes
	// embedded (4,400 bytes), from credkit's simulator recording.
	{name: "tokens-scopes", file: "okta/refresh_tokens.yaml", index: 2, tokens: true, expand: true},
}

// client is one way to make a call; it returns how many items it decoded.
type client struct {
	name string
	call func(ctx context.Context) (int, error)
}

// loopback is the transport every client shares: Go's default transport
// settings, with room for the idle connections of parallel runs.
func loopback() *http.Transport {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.MaxIdleConnsPerHost = 64
	return t
}

// clients builds the four clients of pc against srvURL, once.
func clients(tb testing.TB, pc perCall, srvURL, appID string, rt http.RoundTripper) []client {
	tb.Helper()
	hc := &http.Client{Transport: rt}
	return []client{
		{"unified", unifiedClient(tb, pc, srvURL, appID, rt)},
		{"generated", generatedClient(tb, pc, srvURL, appID, hc)},
		{"okta-sdk", oktaSDKClient(tb, pc, srvURL, appID, hc)},
		{"floor", floorClient(pc, srvURL, appID, hc)},
	}
}

func unifiedClient(tb testing.TB, pc perCall, srvURL, appID string, rt http.RoundTripper) func(context.Context) (int, error) {
	p, err := okta.New(okta.Config{OrgURL: srvURL, APIToken: benchToken}, &okta.Options{HTTPTransport: rt})
	if err != nil {
		tb.Fatal(err)
	}
	if !pc.tokens {
		keys := p
		return func(ctx context.Context) (int, error) {
			ks, err := keys.ListKeyCredentials(ctx, appID)
			return len(ks), err
		}
	}
	tokens := p
	opts := &unified.ListRefreshTokensOptions{WithScopes: pc.expand}
	return func(ctx context.Context) (int, error) {
		n := 0
		for _, err := range tokens.ListRefreshTokens(ctx, appID, opts) {
			if err != nil {
				return n, err
			}
			n++
		}
		return n, nil
	}
}

func generatedClient(tb testing.TB, pc perCall, srvURL, appID string, hc *http.Client) func(context.Context) (int, error) {
	api, err := gen.NewClientWithResponses(srvURL, gen.WithHTTPClient(hc), gen.WithRequestEditorFn(func(_ context.Context, req *http.Request) error {
		req.Header.Set("Authorization", "SSWS "+benchToken)
		return nil
	}))
	if err != nil {
		tb.Fatal(err)
	}
	if !pc.tokens {
		return func(ctx context.Context) (int, error) {
			resp, err := api.ListApplicationKeysWithResponse(ctx, appID)
			if err != nil {
				return 0, err
			}
			if resp.JSON200 == nil {
				return 0, fmt.Errorf("HTTP %d", resp.StatusCode())
			}
			return len(*resp.JSON200), nil
		}
	}
	params := &gen.ListOAuth2TokensForApplicationParams{}
	if pc.expand {
		scope := gen.QueryExpand("scope")
		params.Expand = &scope
	}
	return func(ctx context.Context) (int, error) {
		resp, err := api.ListOAuth2TokensForApplicationWithResponse(ctx, appID, params)
		if err != nil {
			return 0, err
		}
		if resp.JSON200 == nil {
			return 0, fmt.Errorf("HTTP %d", resp.StatusCode())
		}
		return len(*resp.JSON200), nil
	}
}

// oktaSDKClient configures Okta's SDK as its README says (org URL, API
// token), with its request cache off so that every call reaches the server,
// HTTPS relaxed for the loopback server, and the shared transport.
func oktaSDKClient(tb testing.TB, pc perCall, srvURL, appID string, hc *http.Client) func(context.Context) (int, error) {
	cfg, err := oktasdk.NewConfiguration(
		oktasdk.WithOrgUrl(srvURL),
		oktasdk.WithToken(benchToken),
		oktasdk.WithCache(false),
		oktasdk.WithTestingDisableHttpsCheck(true),
		oktasdk.WithHttpClientPtr(hc),
	)
	if err != nil {
		tb.Fatal(err)
	}
	// NewConfiguration keeps only the host name of the org URL and drops
	// its port (real orgs listen on 443); put the loopback port back.
	u, err := url.Parse(srvURL)
	if err != nil {
		tb.Fatal(err)
	}
	cfg.Host = u.Host
	sdk := oktasdk.NewAPIClient(cfg)
	if !pc.tokens {
		return func(ctx context.Context) (int, error) {
			keys, _, err := sdk.ApplicationCredentialsAPI.ListApplicationKeys(ctx, appID).Execute()
			return len(keys), err
		}
	}
	return func(ctx context.Context) (int, error) {
		req := sdk.ApplicationTokensAPI.ListOAuth2TokensForApplication(ctx, appID)
		if pc.expand {
			req = req.Expand("scope")
		}
		tokens, _, err := req.Execute()
		return len(tokens), err
	}
}

// floorKey and floorToken hold what the unified facade returns of a key
// and of a refresh token, and nothing else.
type floorKey struct {
	Kid         string    `json:"kid"`
	Kty         string    `json:"kty"`
	Created     time.Time `json:"created"`
	LastUpdated time.Time `json:"lastUpdated"`
	ExpiresAt   time.Time `json:"expiresAt"`
	X5c         [][]byte  `json:"x5c"` // DER, as the facade returns it
	X5tS256     string    `json:"x5t#S256"`
}

type floorToken struct {
	ID          string    `json:"id"`
	Status      string    `json:"status"`
	Created     time.Time `json:"created"`
	LastUpdated time.Time `json:"lastUpdated"`
	ExpiresAt   time.Time `json:"expiresAt"`
	UserID      string    `json:"userId"`
	Issuer      string    `json:"issuer"`
	Scopes      []string  `json:"scopes"`
}

// floorClient is plain net/http and encoding/json: one request, one
// decode, no retries, no error mapping, no paging.
func floorClient(pc perCall, srvURL, appID string, hc *http.Client) func(context.Context) (int, error) {
	target := srvURL + "/api/v1/apps/" + url.PathEscape(appID) + "/credentials/keys"
	if pc.tokens {
		target = srvURL + "/api/v1/apps/" + url.PathEscape(appID) + "/tokens"
		if pc.expand {
			target += "?expand=scope"
		}
	}
	return func(ctx context.Context) (int, error) {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, target, nil)
		if err != nil {
			return 0, err
		}
		req.Header.Set("Authorization", "SSWS "+benchToken)
		req.Header.Set("Accept", "application/json")
		resp, err := hc.Do(req)
		if err != nil {
			return 0, err
		}
		defer resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			return 0, fmt.Errorf("HTTP %d", resp.StatusCode)
		}
		var n int
		if pc.tokens {
			var out []floorToken
			err, n = json.NewDecoder(resp.Body).Decode(&out), len(out)
		} else {
			var out []floorKey
			err, n = json.NewDecoder(resp.Body).Decode(&out), len(out)
		}
		io.Copy(io.Discard, resp.Body) // let the connection be reused
		return n, err
	}
}

// appIDOf is the {appId} of /api/v1/apps/{appId}/...
func appIDOf(path string) string {
	return strings.Split(path, "/")[4]
}

// BenchmarkPerCall runs every call kind with every client:
//
//   - server=canned: no network at all: every client's transport is the
//     same in-memory http.RoundTripper that hands back the recorded status,
//     headers and body (a Header.Clone and a bytes.Reader per call, the same
//     for every client), so ns/op, B/op and allocs/op are what the client
//     itself costs. This is the primary table of BENCHMARKS.md.
//   - server=inproc: against an httptest server in this process, over
//     loopback (the server's work and allocations are counted too, the
//     same for every client);
//   - server=child: against the same server in a child process, so that
//     allocs/op and B/op are the client's alone, the round trip included.
//
// The names are BenchmarkPerCall/server=<where>/call=<kind>/client=<client>.
// bench/run.sh runs each of them once per round, in rotated order.
func BenchmarkPerCall(b *testing.B) {
	for _, where := range []string{"inproc", "child", "canned"} {
		b.Run("server="+where, func(b *testing.B) {
			tr := loopback()
			defer tr.CloseIdleConnections()
			for _, pc := range perCalls {
				rec := loadRecorded(b, pc.file, pc.index)
				var srvURL string
				var rt http.RoundTripper = tr
				switch where {
				case "inproc":
					srvURL = serve(b, rec).URL
				case "child":
					srvURL = serveInChild(b, pc.file, pc.index)
				case "canned":
					srvURL, rt = "http://127.0.0.1:9", canned{rec}
				}
				cs := clients(b, pc, srvURL, appIDOf(rec.path), rt)
				checkAgree(b, pc, cs)
				for _, c := range cs {
					b.Run("call="+pc.name+"/client="+c.name, func(b *testing.B) {
						ctx := context.Background()
						b.ReportAllocs()
						cpu := startCPU()
						for b.Loop() {
							if _, err := c.call(ctx); err != nil {
								b.Fatal(err)
							}
						}
						cpu.report(b, 1, "cpu-ns/op")
					})
				}
			}
		})
	}
}

// checkAgree makes one call with each client: each must succeed and decode
// as many items as the others.
func checkAgree(tb testing.TB, pc perCall, cs []client) {
	tb.Helper()
	want := -1
	for _, c := range cs {
		n, err := c.call(context.Background())
		if err != nil {
			tb.Fatalf("%s/%s: %v", pc.name, c.name, err)
		}
		if want >= 0 && n != want {
			tb.Fatalf("%s/%s decoded %d items, the others %d", pc.name, c.name, n, want)
		}
		want = n
	}
}

// TestPerCallClientsAgree checks, in a normal test run, that the four
// clients reach the recorded answers, in this process and in a child, and
// decode the same number of items.
func TestPerCallClientsAgree(t *testing.T) {
	rt := loopback()
	defer rt.CloseIdleConnections()
	for _, pc := range perCalls {
		rec := loadRecorded(t, pc.file, pc.index)
		checkAgree(t, pc, clients(t, pc, serve(t, rec).URL, appIDOf(rec.path), rt))
		checkAgree(t, pc, clients(t, pc, serveInChild(t, pc.file, pc.index), appIDOf(rec.path), rt))
		checkAgree(t, pc, clients(t, pc, "http://127.0.0.1:9", appIDOf(rec.path), canned{rec}))
	}
}
