package conformance

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	vcr1 "github.com/dnaeon/go-vcr/recorder"
	"github.com/google/martian/v3"
	"github.com/google/martian/v3/har"
	"github.com/stretchr/testify/require"
	vcr4 "gopkg.in/dnaeon/go-vcr.v4/pkg/recorder"

	"github.com/credkit/credkit/redact"
	"github.com/credkit/credkit/redact/vcrv4"
)

// thingsToken is the credential the recordings are made with.
const thingsToken = "SSWS things-live-token-0123456789"

// thingsServer serves three operations of thingsSpec as the spec says.
func thingsServer(t *testing.T) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("X-Request-Id", "req-1")
		switch {
		case r.Method == http.MethodGet && r.URL.Path == "/v1/things":
			_, _ = io.WriteString(w, `[{"id":"t1","status":"ACTIVE"},{"id":"t2","status":"INACTIVE","size":3}]`)
		case r.Method == http.MethodPost && r.URL.Path == "/v1/things":
			w.WriteHeader(http.StatusCreated)
			_, _ = io.WriteString(w, `{"id":"t3","status":"ACTIVE"}`)
		case r.Method == http.MethodDelete && r.URL.Path == "/v1/things/abc":
			w.Header().Del("Content-Type")
			w.WriteHeader(http.StatusNoContent)
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	return srv
}

// useThings makes the three calls through client.
func useThings(t *testing.T, client *http.Client, base string) {
	t.Helper()
	for _, c := range []struct{ method, path, body string }{
		{http.MethodGet, "/v1/things?limit=2", ""},
		{http.MethodPost, "/v1/things", `{"id":"t3","status":"ACTIVE"}`},
		{http.MethodDelete, "/v1/things/abc", ""},
	} {
		req, err := http.NewRequestWithContext(context.Background(), c.method, base+c.path, strings.NewReader(c.body))
		require.NoError(t, err)
		req.Header.Set("Authorization", thingsToken)
		if c.body != "" {
			req.Header.Set("Content-Type", "application/json")
		}
		resp, err := client.Do(req)
		require.NoError(t, err)
		_, _ = io.Copy(io.Discard, resp.Body)
		require.NoError(t, resp.Body.Close())
	}
}

// recordV4 records the calls with go-vcr v4 and credkit's redaction hook.
func recordV4(t *testing.T, dir string) string {
	srv := thingsServer(t)
	name := filepath.Join(dir, "v4")
	red := redact.New(&redact.Options{Secrets: []string{"things-live-token-0123456789"}})
	rec, err := vcr4.New(name, vcr4.WithMode(vcr4.ModeRecordOnly), vcr4.WithHook(vcrv4.Hook(red), vcr4.BeforeSaveHook))
	require.NoError(t, err)
	useThings(t, rec.GetDefaultClient(), srv.URL)
	require.NoError(t, rec.Stop())
	return name + ".yaml"
}

// recordV1 records the calls with go-vcr v1 (cassette format 1).
func recordV1(t *testing.T, dir string) string {
	srv := thingsServer(t)
	name := filepath.Join(dir, "v1")
	rec, err := vcr1.NewAsMode(name, vcr1.ModeRecording, http.DefaultTransport)
	require.NoError(t, err)
	useThings(t, &http.Client{Transport: rec}, srv.URL)
	require.NoError(t, rec.Stop())
	return name + ".yaml"
}

// recordHAR records the calls with martian's HAR logger behind a loopback
// proxy, as a browser or a proxy tool exports them.
func recordHAR(t *testing.T, dir string) string {
	srv := thingsServer(t)
	logger := har.NewLogger()
	proxy := martian.NewProxy()
	proxy.SetRequestModifier(logger)
	proxy.SetResponseModifier(logger)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	go func() { _ = proxy.Serve(ln) }()
	t.Cleanup(proxy.Close)
	proxyURL := &url.URL{Scheme: "http", Host: ln.Addr().String()}
	client := &http.Client{Transport: &http.Transport{Proxy: http.ProxyURL(proxyURL)}}
	useThings(t, client, srv.URL)
	data, err := json.MarshalIndent(logger.Export(), "", "  ")
	require.NoError(t, err)
	path := filepath.Join(dir, "martian.har")
	require.NoError(t, os.WriteFile(path, data, 0o644))
	return path
}

// drift writes a copy of a recording whose list response breaks the spec
// (a status outside its enum).
func drift(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	text := string(data)
	if strings.HasSuffix(path, ".har") {
		// martian writes bodies base64-encoded.
		var doc map[string]any
		require.NoError(t, json.Unmarshal(data, &doc))
		content := doc["log"].(map[string]any)["entries"].([]any)[0].(map[string]any)["response"].(map[string]any)["content"].(map[string]any)
		content["text"] = b64(`[{"id":"t1","status":"GONE"}]`)
		content["encoding"] = "base64"
		data, err = json.MarshalIndent(doc, "", "  ")
		require.NoError(t, err)
		text = string(data)
	} else {
		require.Contains(t, text, `"status":"INACTIVE"`)
		text = strings.Replace(text, `"status":"INACTIVE"`, `"status":"GONE"`, 1)
	}
	out := filepath.Join(filepath.Dir(path), "drifted-"+filepath.Base(path))
	require.NoError(t, os.WriteFile(out, []byte(text), 0o644))
	return out
}

// TestRecorders: a recording from each recorder people use passes, and a
// drifted copy of it fails at the drifted field.
func TestRecorders(t *testing.T) {
	checker := NewChecker([]*Spec{things(t)}, &Options{Strict: true})
	for name, record := range map[string]func(*testing.T, string) string{
		"go-vcr v4": recordV4, "go-vcr v1": recordV1, "martian HAR": recordHAR,
	} {
		t.Run(name, func(t *testing.T) {
			path := record(t, t.TempDir())
			r, err := Run(context.Background(), checker, nil, path)
			require.NoError(t, err)
			require.Empty(t, r.Errors)
			require.Equal(t, 3, r.Summary.Pass, "%+v", r.Interactions)
			require.False(t, r.Failed(), r.Reasons())
			for _, res := range r.Interactions {
				require.Positive(t, res.Line, "every verdict knows its line")
			}

			r, err = Run(context.Background(), checker, nil, drift(t, path))
			require.NoError(t, err)
			require.Equal(t, 1, r.Summary.Fail)
			require.Len(t, r.Interactions[0].Problems, 1)
			require.Regexp(t, `^/response/body/[01]/status$`, r.Interactions[0].Problems[0].Pointer)
		})
	}
}

// TestRecorderV4Redacted: the go-vcr v4 recording keeps no credential.
func TestRecorderV4Redacted(t *testing.T) {
	data, err := os.ReadFile(recordV4(t, t.TempDir()))
	require.NoError(t, err)
	require.NotContains(t, string(data), "things-live-token")
	require.Contains(t, string(data), "SSWS REDACTED")
}

func b64(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }
