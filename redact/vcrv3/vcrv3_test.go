package vcrv3_test

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
	"gopkg.in/dnaeon/go-vcr.v3/recorder"

	"github.com/credkit/credkit/redact"
	"github.com/credkit/credkit/redact/vcrv3"
)

// TestHook records through a real go-vcr v3 recorder and reads the file
// it saved.
func TestHook(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"client_secret":"live-secret-value","id":"c1"}`))
	}))
	defer srv.Close()
	name := filepath.Join(t.TempDir(), "c")
	red := redact.New(&redact.Options{Live: srv.URL, Placeholder: "https://vendor.example.test"})
	rec, err := recorder.NewWithOptions(&recorder.Options{CassetteName: name, Mode: recorder.ModeRecordOnly})
	require.NoError(t, err)
	rec.AddHook(vcrv3.Hook(red), recorder.BeforeSaveHook)
	req, err := http.NewRequest(http.MethodGet, srv.URL+"/clients/c1", nil)
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer live-access-token")
	resp, err := rec.GetDefaultClient().Do(req)
	require.NoError(t, err)
	require.NoError(t, resp.Body.Close())
	require.NoError(t, rec.Stop())

	data, err := os.ReadFile(name + ".yaml")
	require.NoError(t, err)
	text := string(data)
	for _, secret := range []string{"live-secret-value", "live-access-token", srv.URL} {
		require.NotContains(t, text, secret)
	}
	require.Contains(t, text, "Bearer REDACTED")
	require.Contains(t, text, "url: https://vendor.example.test/clients/c1")
	require.Contains(t, text, "duration: 0s")
}
