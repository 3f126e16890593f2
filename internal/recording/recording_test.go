package recording

import (
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestRecordThenReplay records against a loopback server, then replays the
// cassette with no server at all.
func TestRecordThenReplay(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, "scenario")
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"access_token":"live-token-value-0123456789","self":"`+"http://"+r.Host+`/x"}`)
	}))
	defer srv.Close()

	t.Run("record", func(t *testing.T) {
		t.Setenv(EnvRecord, "1")
		s := Start(t, Config{Cassette: name, Placeholder: "https://vendor.example.test", Live: func(testing.TB) string { return srv.URL }})
		require.Equal(t, srv.URL, s.BaseURL)
		body := get(t, s, s.BaseURL+"/token")
		require.Contains(t, body, "live-token-value", "the live flow sees real values")
	})
	data, err := os.ReadFile(name + ".yaml")
	require.NoError(t, err)
	require.NotContains(t, string(data), "live-token-value")
	require.NotContains(t, string(data), "127.0.0.1")

	t.Run("replay", func(t *testing.T) {
		t.Setenv(EnvRecord, "")
		s := Start(t, Config{Cassette: name, Placeholder: "https://vendor.example.test", Live: func(t testing.TB) string { t.Fatal("replay must not start a server"); return "" }})
		require.Equal(t, "https://vendor.example.test", s.BaseURL)
		body := get(t, s, s.BaseURL+"/token")
		require.Equal(t, `{"access_token":"REDACTED-0001-credkit-Placeholder","self":"https://vendor.example.test/x"}`, body)
		_, err := s.Client.Get(s.BaseURL + "/not-recorded") //nolint:bodyclose // the request must fail: there is no answer
		require.Error(t, err, "a request with no recording fails")
	})
}

func get(t *testing.T, s *Session, url string) string {
	t.Helper()
	resp, err := s.Client.Get(url)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return strings.TrimSpace(string(b))
}
