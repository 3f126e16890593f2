package transport

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/require"
	"golang.org/x/oauth2"
)

func TestStaticTokens(t *testing.T) {
	for _, c := range []struct{ typ, want string }{{"SSWS", "SSWS tok"}, {"Bearer", "Bearer tok"}} {
		var got string
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { got = r.Header.Get("Authorization") }))
		resp, err := (&http.Client{Transport: Authorized(New(Options{}), StaticToken(c.typ, "tok"))}).Get(srv.URL)
		require.NoError(t, err)
		resp.Body.Close()
		srv.Close()
		require.Equal(t, c.want, got)
	}
}

func TestClientCredentialsCachesItsToken(t *testing.T) {
	var tokens atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/oauth/token" {
			tokens.Add(1)
			require.NoError(t, r.ParseForm())
			require.Equal(t, "client_credentials", r.PostForm.Get("grant_type"))
			require.Equal(t, "id", r.PostForm.Get("client_id"), "credentials in the form body")
			require.Equal(t, "sec", r.PostForm.Get("client_secret"))
			w.Header().Set("Content-Type", "application/json")
			_, _ = w.Write([]byte(`{"access_token":"at","token_type":"bearer","expires_in":3600}`))
			return
		}
		require.Equal(t, "Bearer at", r.Header.Get("Authorization"))
	}))
	defer srv.Close()
	src := ClientCredentials(http.DefaultTransport, srv.URL+"/oauth/token", "id", "sec", oauth2.AuthStyleInParams, url.Values{})
	client := &http.Client{Transport: Authorized(New(Options{}), src)}
	for range 3 {
		resp, err := client.Get(srv.URL + "/v3/oauth-clients")
		require.NoError(t, err)
		resp.Body.Close()
	}
	require.Equal(t, int32(1), tokens.Load(), "one token serves every request until it nears expiry")
}

func TestClientCredentialsDoNotFollowRedirects(t *testing.T) {
	for _, status := range []int{http.StatusFound, http.StatusTemporaryRedirect, http.StatusPermanentRedirect} {
		t.Run(strconv.Itoa(status), func(t *testing.T) {
			var other atomic.Int32
			elsewhere := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { other.Add(1) }))
			t.Cleanup(elsewhere.Close)
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				http.Redirect(w, r, elsewhere.URL+r.URL.Path, status)
			}))
			t.Cleanup(srv.Close)
			src := ClientCredentials(New(Options{MaxRetries: -1}), srv.URL+"/oauth/token", "id", "sec", oauth2.AuthStyleInParams, nil)
			_, err := src.Token()
			var re *oauth2.RetrieveError
			require.ErrorAs(t, err, &re)
			require.Equal(t, status, re.Response.StatusCode, "the token endpoint's redirect is its answer")
			require.Zero(t, other.Load(), "the client's secret went nowhere else")
		})
	}
}
