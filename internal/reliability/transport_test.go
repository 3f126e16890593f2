package reliability

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"io"
	"io/fs"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/credkit/credkit/unified"
)

// TestTLSIsVerifiedByDefault serves each simulator over https with a
// certificate no system root vouches for. A provider built with the
// defaults refuses it: a certificate verification error, surfaced as
// Unavailable with the x509 cause reachable through errors.As, and no
// request handled. The same provider with an explicit
// Options.HTTPTransport trusting the server's certificate (what the
// simulator tests do) works. That transport is the only way to change what
// TLS trusts.
func TestTLSIsVerifiedByDefault(t *testing.T) {
	for _, vendor := range vendors {
		t.Run(string(vendor), func(t *testing.T) {
			var handshakes atomic.Int64
			e := newEnv(t, vendor, envOptions{tls: true, connState: func(_ net.Conn, s http.ConnState) {
				if s == http.StateNew {
					handshakes.Add(1)
				}
			}})
			client, _ := e.newClient()

			p, err := e.build(buildOptions{vendorDefault: true})
			require.NoError(t, err)
			err = firstCall(p, client)
			require.Equal(t, unified.Unavailable, unified.CodeOf(err), "%v", err)
			var unknown x509.UnknownAuthorityError
			require.ErrorAs(t, err, &unknown, "the certificate error is reachable: %v", err)
			var verify *tls.CertificateVerificationError
			require.ErrorAs(t, err, &verify)
			require.Zero(t, e.wire.count(), "no request reached the server")
			require.EqualValues(t, 1, handshakes.Load(), "a certificate error is not retried")
			t.Logf("TLS: %s: default transport refused the certificate after %d connection attempts: %v", vendor, handshakes.Load(), err)

			pool := x509.NewCertPool()
			pool.AddCert(e.srv.Certificate())
			trusting := &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}}
			t.Cleanup(trusting.CloseIdleConnections)
			p, err = e.build(buildOptions{transport: trusting})
			require.NoError(t, err)
			require.NoError(t, firstCall(p, client), "an explicit transport that trusts the server's certificate works")
		})
	}
}

// firstCall is a read that every provider makes with a request.
func firstCall(p *unified.Provider, client string) error {
	if p.Capabilities().ListSecrets {
		_, err := p.ListSecrets(context.Background(), client)
		return err
	}
	_, call := reader(p)
	return call(context.Background())
}

// TestPlainHTTPOnlyToLoopback: New refuses a base URL that would send a
// credential in clear over a network. Plain http is for a loopback
// simulator only.
func TestPlainHTTPOnlyToLoopback(t *testing.T) {
	urls := map[string]bool{
		"http://example.okta.com":          false,
		"HTTP://EXAMPLE.OKTA.COM":          false,
		"http://10.0.0.1:8080":             false,
		"http://localhost.evil.example":    false,
		"http://127.0.0.1.nip.io":          false,
		"http://[fe80::1]:80":              false,
		"http://0.0.0.0:8080":              false,
		"ftp://example.okta.com":           false,
		"https://user:pw@example.okta.com": false,
		"http://127.0.0.1:8080":            true,
		"http://[::1]:8080":                true,
		"http://localhost:8080":            true,
		"https://example.okta.com":         true,
	}
	for _, vendor := range vendors {
		for raw, ok := range urls {
			t.Run(string(vendor)+"/"+raw, func(t *testing.T) {
				refused := &refusingTransport{}
				p, err := newProviderAt(vendor, raw, refused, "token-http")
				if ok {
					require.NoError(t, err)
					require.NotNil(t, p)
				} else {
					require.Equal(t, unified.InvalidArgument, unified.CodeOf(err), "%v", err)
					require.NotContains(t, err.Error(), "pw", "user information is not quoted")
				}
				require.Zero(t, refused.n.Load(), "New sends no request")
			})
		}
	}
}

type refusingTransport struct{ n atomic.Int64 }

func (r *refusingTransport) RoundTrip(*http.Request) (*http.Response, error) {
	r.n.Add(1)
	return nil, errors.New("no request expected")
}

// TestNoCodeDisablesCertificateChecks: no Go file of the module (generated
// code included) turns certificate verification off or replaces it.
func TestNoCodeDisablesCertificateChecks(t *testing.T) {
	root := moduleRoot(t)
	var offenders []string
	files := 0
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == ".git" || d.Name() == "testdata") {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || path == thisFile(t) {
			return nil
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		files++
		for _, bad := range []string{"InsecureSkipVerify", "VerifyPeerCertificate", "VerifyConnection"} {
			if strings.Contains(string(data), bad) {
				offenders = append(offenders, path+": "+bad)
			}
		}
		return nil
	})
	require.NoError(t, err)
	require.Greater(t, files, 50)
	require.Empty(t, offenders)
	t.Logf("TLS: %d Go files scanned, none weakens certificate verification", files)
}

// TestCredentialsDoNotFollowRedirects answers API requests, or token
// requests, with a redirect (302, 307, 308) to another server: to another
// host name, and to the same host on another port (where net/http itself
// would keep the Authorization header). No provider follows it: the other
// server receives nothing (no credential header, no token request body
// with a secret in it), and the call fails with the redirect decoded into
// a *unified.Error carrying its HTTP status and where it pointed.
func TestCredentialsDoNotFollowRedirects(t *testing.T) {
	const credential = "token-redirect-0123456789"
	targets := map[string]func(otherURL string) string{
		"another host":        func(u string) string { return strings.Replace(u, "127.0.0.1", "localhost", 1) },
		"same host, new port": func(u string) string { return u },
	}
	for _, vendor := range vendors {
		for _, what := range []string{"api", "token"} {
			if what == "token" && vendor == unified.Okta {
				continue // an Okta API token is sent as it is: no token request
			}
			for target, to := range targets {
				for _, status := range []int{http.StatusFound, http.StatusTemporaryRedirect, http.StatusPermanentRedirect} {
					t.Run(string(vendor)+"/"+what+"/"+target+"/"+http.StatusText(status), func(t *testing.T) {
						var mu sync.Mutex
						var seen []string
						other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
							body, _ := io.ReadAll(r.Body)
							mu.Lock()
							defer mu.Unlock()
							seen = append(seen, r.Method+" "+r.URL.Path)
							for _, h := range []string{"Authorization", "Csp-Auth-Token"} {
								if v := r.Header.Get(h); v != "" {
									seen = append(seen, h+": "+strings.SplitN(v, " ", 2)[0]+" …")
								}
							}
							if strings.Contains(string(body), credential) {
								seen = append(seen, "a body holding the credential")
							}
							http.Error(w, "not here", http.StatusNotFound)
						}))
						t.Cleanup(other.Close)
						redirect := func(w http.ResponseWriter, r *http.Request) {
							http.Redirect(w, r, to(other.URL)+r.URL.RequestURI(), status)
						}
						var srv *httptest.Server
						if what == "api" {
							srv = scripted(t, redirect)
						} else {
							srv = httptest.NewServer(http.HandlerFunc(redirect))
							t.Cleanup(srv.Close)
						}
						p := providerAt(t, vendor, srv.URL, srv.Client().Transport, credential)
						err := firstCall(p, "0oa1valid")
						mu.Lock()
						require.Empty(t, seen, "the redirect was followed")
						mu.Unlock()
						var e *unified.Error
						require.ErrorAs(t, err, &e)
						require.Equal(t, status, e.HTTPStatus, "the redirect is the vendor's answer: %v", err)
						require.Contains(t, e.Message, "does not follow redirects")
						require.Contains(t, e.Message, to(other.URL), "the error says where it pointed")
						require.NotContains(t, err.Error(), credential)
						t.Logf("redirect: %v", err)
					})
				}
			}
		}
	}
}

// moduleRoot is the directory of go.mod.
func moduleRoot(t *testing.T) string {
	dir, err := os.Getwd()
	require.NoError(t, err)
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		require.NotEqual(t, dir, parent, "no go.mod above the test")
		dir = parent
	}
}

func thisFile(t *testing.T) string {
	dir, err := os.Getwd()
	require.NoError(t, err)
	return filepath.Join(dir, "transport_test.go")
}
