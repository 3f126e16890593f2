package bench

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	hydra "github.com/ory/hydra-client-go/v2"

	gen "github.com/credkit/credkit/gen/ory"
	"github.com/credkit/credkit/unified/ory"
)

// The Ory per-call benchmarks make the same two Hydra admin calls three
// ways on the canned transport (no network: every client's transport hands
// back the same recorded answer from memory): credkit's unified provider
// (unified/ory), Ory's official Go client (github.com/ory/hydra-client-go/v2,
// the SDK peer, as BenchmarkPerCall has Okta's) and credkit's generated
// client (gen/ory), which the unified provider wraps.

// oryAdminURL is the admin URL the answers were recorded at.
const oryAdminURL = "https://hydra-admin.example.test"

// oryCall is one Hydra call kind and the recorded answer it gets.
type oryCall struct {
	name  string
	file  string // under cassettes/
	index int    // the interaction
	list  bool   // a one-page client listing, else a client read
}

var oryCalls = []oryCall{
	// GET /admin/clients?page_size=2: a page of two real Hydra v2.3.0
	// clients (2,600 bytes). The Link header is dropped, so the page is
	// the last one and the unified listing, which follows rel="next",
	// makes one request, as the other clients do.
	{name: "list-clients", file: "ory/clients.yaml", index: 4, list: true},
	// GET /admin/clients/{id}: a private_key_jwt client with its JSON Web
	// Key Set, Hydra's real answer. The unified provider reads a client
	// through ListJSONWebKeys (it has no portable client read).
	{name: "get-client", file: "ory/key_rotation.yaml", index: 2},
}

// oryCanned serves one recorded Hydra answer from memory, as canned does
// Okta's: GET of the recorded path, else 404. A self-hosted Hydra's admin
// API takes no credentials, so none are checked.
type oryCanned struct{ r recorded }

func (c oryCanned) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Body != nil {
		req.Body.Close()
	}
	status, body, header := c.r.status, c.r.body, c.r.header.Clone()
	if req.Method != http.MethodGet || req.URL.Path != c.r.path {
		status, body, header = http.StatusNotFound, nil, http.Header{}
	}
	return &http.Response{
		Status: http.StatusText(status), StatusCode: status, Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		Header: header, Body: io.NopCloser(bytes.NewReader(body)), ContentLength: int64(len(body)), Request: req,
	}, nil
}

// loadOry reads oc's recorded answer, without its Link header.
func loadOry(tb testing.TB, oc oryCall) recorded {
	tb.Helper()
	rec := loadRecorded(tb, oc.file, oc.index)
	rec.header.Del("Link")
	if rec.status != http.StatusOK {
		tb.Fatalf("%s#%d: recorded status %d", oc.file, oc.index, rec.status)
	}
	return rec
}

// oryClients builds the three clients of oc, once; each returns how many
// clients it decoded.
func oryClients(tb testing.TB, oc oryCall, rec recorded, rt http.RoundTripper) []client {
	tb.Helper()
	hc := &http.Client{Transport: rt}
	id := rec.path[strings.LastIndexByte(rec.path, '/')+1:]
	return []client{
		{"unified", oryUnifiedClient(tb, oc, id, rt)},
		{"generated", oryGeneratedClient(tb, oc, id, hc)},
		{"ory-sdk", orySDKClient(oc, id, hc)},
	}
}

func oryUnifiedClient(tb testing.TB, oc oryCall, id string, rt http.RoundTripper) func(context.Context) (int, error) {
	p, err := ory.New(ory.Config{AdminURL: oryAdminURL}, &ory.Options{HTTPTransport: rt})
	if err != nil {
		tb.Fatal(err)
	}
	if oc.list {
		return func(ctx context.Context) (int, error) {
			n := 0
			for _, err := range p.ListClients(ctx) {
				if err != nil {
					return n, err
				}
				n++
			}
			return n, nil
		}
	}
	return func(ctx context.Context) (int, error) {
		keys, err := p.ListJSONWebKeys(ctx, id)
		if err != nil {
			return 0, err
		}
		if len(keys) == 0 {
			return 0, fmt.Errorf("client %s: no keys", id)
		}
		return 1, nil
	}
}

func oryGeneratedClient(tb testing.TB, oc oryCall, id string, hc *http.Client) func(context.Context) (int, error) {
	api, err := gen.NewClientWithResponses(oryAdminURL, gen.WithHTTPClient(hc))
	if err != nil {
		tb.Fatal(err)
	}
	if oc.list {
		size := int64(500)
		params := &gen.ListOAuth2ClientsParams{PageSize: &size}
		return func(ctx context.Context) (int, error) {
			resp, err := api.ListOAuth2ClientsWithResponse(ctx, params)
			if err != nil {
				return 0, err
			}
			if resp.JSON200 == nil {
				return 0, fmt.Errorf("HTTP %d", resp.StatusCode())
			}
			return len(*resp.JSON200), nil
		}
	}
	return func(ctx context.Context) (int, error) {
		resp, err := api.GetOAuth2ClientWithResponse(ctx, id)
		if err != nil {
			return 0, err
		}
		if resp.JSON200 == nil {
			return 0, fmt.Errorf("HTTP %d", resp.StatusCode())
		}
		return 1, nil
	}
}

// orySDKClient configures Ory's client as its README says (the admin URL
// as its server), with the canned transport as its HTTP client.
func orySDKClient(oc oryCall, id string, hc *http.Client) func(context.Context) (int, error) {
	cfg := hydra.NewConfiguration()
	cfg.Servers = hydra.ServerConfigurations{{URL: oryAdminURL}}
	cfg.HTTPClient = hc
	sdk := hydra.NewAPIClient(cfg)
	if oc.list {
		return func(ctx context.Context) (int, error) {
			cs, _, err := sdk.OAuth2API.ListOAuth2Clients(ctx).PageSize(500).Execute()
			return len(cs), err
		}
	}
	return func(ctx context.Context) (int, error) {
		c, _, err := sdk.OAuth2API.GetOAuth2Client(ctx, id).Execute()
		if err != nil {
			return 0, err
		}
		if c.GetClientId() != id {
			return 0, fmt.Errorf("read client %q, want %q", c.GetClientId(), id)
		}
		return 1, nil
	}
}

// BenchmarkPerCallOry runs both Hydra calls with the three clients on the
// canned transport. The names are
// BenchmarkPerCallOry/server=canned/call=<kind>/client=<client>; bench/run.sh
// runs each of them once per round, in rotated order (ONLY=ory runs just
// these).
func BenchmarkPerCallOry(b *testing.B) {
	b.Run("server=canned", func(b *testing.B) {
		for _, oc := range oryCalls {
			rec := loadOry(b, oc)
			cs := oryClients(b, oc, rec, oryCanned{rec})
			checkAgree(b, perCall{name: oc.name}, cs)
			for _, c := range cs {
				b.Run("call="+oc.name+"/client="+c.name, func(b *testing.B) {
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

// TestPerCallOryClientsAgree checks, in a normal test run, that the three
// clients read the recorded Hydra answers and decode as many clients.
func TestPerCallOryClientsAgree(t *testing.T) {
	for _, oc := range oryCalls {
		rec := loadOry(t, oc)
		checkAgree(t, perCall{name: oc.name}, oryClients(t, oc, rec, oryCanned{rec}))
	}
}
