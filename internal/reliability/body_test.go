package reliability

import (
	"context"
	"fmt"
	"net/http"
	"runtime"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/credkit/credkit/unified"
)

// bodyCap is the providers' cap on a response body
// (unified/internal/transport.DefaultMaxBody).
const bodyCap = 10 << 20

// TestOversizedBodiesEndWithAClearError answers every provider's read with
// a body past the 10 MiB cap, announced (Content-Length of 11 MiB) or
// streamed (chunked, up to 256 MiB, so that only the cap can end it):
// each ends with an Internal error that names the operation and says the
// answer is too large; an announced body is not read at all; a streamed
// one stops being read soon after the cap, with allocations bounded by the
// cap rather than the body; nothing of either is kept afterwards.
func TestOversizedBodiesEndWithAClearError(t *testing.T) {
	const announced, streamed = 11 << 20, 256 << 20
	for _, vendor := range vendors {
		for _, mode := range []string{"content-length", "chunked"} {
			t.Run(string(vendor)+"/"+mode, func(t *testing.T) {
				var written, requests atomic.Int64
				srv := scripted(t, func(w http.ResponseWriter, r *http.Request) {
					requests.Add(1)
					w.Header().Set("Content-Type", "application/json")
					total := streamed
					if mode == "content-length" {
						total = announced
						w.Header().Set("Content-Length", strconv.Itoa(total))
					}
					chunk := []byte("[" + strings.Repeat(`{"id":"x"},`, 6000))
					for n := 0; n < total; {
						m, err := w.Write(chunk[:min(len(chunk), total-n)])
						written.Add(int64(m))
						if err != nil {
							return
						}
						n += m
					}
				})
				p := providerAt(t, vendor, srv.URL, srv.Client().Transport, "token-body-cap")
				op, read := reader(p)

				var before, after, settled runtime.MemStats
				runtime.GC()
				runtime.ReadMemStats(&before)
				err := read(context.Background())
				runtime.ReadMemStats(&after)
				runtime.GC()
				runtime.ReadMemStats(&settled)

				var e *unified.Error
				require.ErrorAs(t, err, &e)
				require.Equal(t, unified.Internal, e.Code, "%v", err)
				require.Equal(t, op, e.Op)
				require.Contains(t, err.Error(), "larger than", "the error says the answer is too large: %v", err)
				require.Contains(t, err.Error(), strconv.Itoa(bodyCap), "the error gives the limit: %v", err)
				require.EqualValues(t, 1, requests.Load(), "an oversized answer is not asked for again")
				allocated := after.TotalAlloc - before.TotalAlloc
				retained := int64(settled.HeapAlloc) - int64(before.HeapAlloc)
				if mode == "chunked" {
					// Reading all of it would allocate at least the 256 MiB.
					require.Less(t, allocated, uint64(streamed/4), "bytes allocated to read the answer")
					require.Less(t, written.Load(), int64(streamed/4), "the server stopped being read")
				} else {
					require.Less(t, allocated, uint64(1<<20), "an announced oversized body is not read at all")
				}
				require.Less(t, retained, int64(1<<20), "nothing of the answer is kept")
				t.Logf("body cap: %s %s: %q after %.1f MiB allocated (%.1f MiB kept), server wrote %.1f MiB of a %d MiB body",
					vendor, mode, e.Message, float64(allocated)/(1<<20), float64(max(retained, 0))/(1<<20), float64(written.Load())/(1<<20),
					map[string]int{"content-length": announced, "chunked": streamed}[mode]>>20)
			})
		}
	}
}

// The secret a vendor's broken answer carries, which no error may quote.
const brokenSecret = "canaryXYZ12345-broken-answer"

// TestMalformedAnswersNameTheOperation answers a provider's read with 200
// and JSON that is truncated or has the wrong shape, carrying a secret: the
// error is Internal, names the operation and the status, quotes the start
// of the body, and leaves the secret out.
func TestMalformedAnswersNameTheOperation(t *testing.T) {
	bodies := map[unified.Vendor]map[string]string{
		unified.Okta: {
			"truncated":   `[{"id":"ocs1","client_secret":"` + brokenSecret,
			"object":      `{"id":"ocs1","client_secret":"` + brokenSecret + `"}`,
			"wrong types": `[{"id":1,"client_secret":"` + brokenSecret + `","status":true}]`,
		},
		unified.SailPoint: {
			"truncated":   `[{"id":"c1","secret":"` + brokenSecret,
			"object":      `{"id":"c1","secret":"` + brokenSecret + `"}`,
			"wrong types": `[{"id":1,"secret":"` + brokenSecret + `","name":[]}]`,
		},
		unified.Auth0: {
			"truncated":   `{"total":1,"clients":[{"client_id":"a","client_secret":"` + brokenSecret,
			"object":      `{"total":1,"clients":{"client_id":"a","client_secret":"` + brokenSecret + `"}}`,
			"wrong types": `[{"client_id":1,"client_secret":"` + brokenSecret + `"}]`,
		},
		unified.VMwareCSP: {
			"truncated":   `{"results":[{"clientId":"a","clientSecret":"` + brokenSecret,
			"array":       `[{"clientId":"a","clientSecret":"` + brokenSecret + `"}]`,
			"wrong types": `{"results":[{"id":1,"clientSecret":"` + brokenSecret + `"}]}`,
		},
	}
	for _, vendor := range vendors {
		for name, body := range bodies[vendor] {
			t.Run(string(vendor)+"/"+name, func(t *testing.T) {
				srv := scripted(t, func(w http.ResponseWriter, r *http.Request) {
					w.Header().Set("Content-Type", "application/json")
					_, _ = fmt.Fprint(w, body)
				})
				p := providerAt(t, vendor, srv.URL, srv.Client().Transport, "token-malformed")
				op, read := reader(p)
				err := read(context.Background())
				var e *unified.Error
				require.ErrorAs(t, err, &e)
				require.Equal(t, unified.Internal, e.Code, "%v", err)
				msg := err.Error()
				require.Contains(t, msg, op)
				require.Contains(t, msg, "HTTP 200")
				quoted := strconv.Quote(body[:8])
				require.Contains(t, msg, quoted[:len(quoted)-1], "the error quotes the start of the body")
				require.NotContains(t, msg, brokenSecret[:12], "the error never quotes the secret")
				require.NotContains(t, fmt.Sprintf("%+v %#v", err, err), brokenSecret[:12])
			})
		}
	}
}

// TestNonJSONSuccessAnswersAreErrors answers every operation of every
// provider with 200 and an HTML page, as a captive portal or a proxy's
// login page would: no operation panics, and every one that returns
// something returns an error rather than an empty or zero result.
func TestNonJSONSuccessAnswersAreErrors(t *testing.T) {
	ctx := context.Background()
	for _, vendor := range vendors {
		t.Run(string(vendor), func(t *testing.T) {
			srv := scripted(t, func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "text/html")
				_, _ = fmt.Fprint(w, "<html><body>Please sign in</body></html>")
			})
			p := providerAt(t, vendor, srv.URL, srv.Client().Transport, "token-html")
			var panics, silent []string
			calls := idCalls(p, rotateOptionsFor(vendor), "0oa1valid", "ocs1valid")
			if l := p; p.Capabilities().ListClients {
				calls["ListClients"] = func(ctx context.Context) error {
					for _, err := range l.ListClients(ctx) {
						if err != nil {
							return err
						}
					}
					return nil
				}
			}
			for _, op := range sortedKeys(calls) {
				var err error
				if v := requireNoPanic(t, op, func() { err = calls[op](ctx) }); v != nil {
					panics = append(panics, fmt.Sprintf("%s: %v", op, v))
					continue
				}
				if err == nil && returnsValue(vendor, op) {
					silent = append(silent, op)
				}
			}
			t.Logf("non-JSON 200: %s: %d operations, panics %v, silent successes %v", vendor, len(calls), panics, silent)
			require.Empty(t, panics, "operations that panic on a 200 that is not JSON")
			require.Empty(t, silent, "operations that report success with nothing on a 200 that is not JSON")
		})
	}
}

// returnsValue reports whether op returns something besides an error that
// it reads from the answer.
func returnsValue(vendor unified.Vendor, op string) bool {
	if vendor == unified.VMwareCSP && op == "RotateSecret" {
		return false // startOwnerSecretRotation's 200 has no body; the secret is the caller's
	}
	switch op {
	case "RevokeSecret", "FinishRotation", "DeleteJSONWebKey", "RevokeCSR", "RevokeRefreshToken", "RevokeAllRefreshTokens":
		return false
	}
	return true
}

// rotateOptionsFor are the options a vendor's rotation needs.
func rotateOptionsFor(vendor unified.Vendor) *unified.RotateOptions {
	if vendor == unified.SailPoint {
		return &unified.RotateOptions{AllowNewClientID: true}
	}
	return nil
}
