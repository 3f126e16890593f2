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

// A token is renewed before it expires: x/oauth2 takes a token within 10
// seconds of its expiry as expired, so a token issued for 5 seconds is
// never sent, and every request fetches and carries a fresh one.
func TestClientCredentialsRenewsATokenBeforeItExpires(t *testing.T) {
	var tokens atomic.Int32
	var sent []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/oauth/token" {
			n := tokens.Add(1)
			w.Header().Set("Content-Type", "application/json")
			_, _ = w.Write([]byte(`{"access_token":"at` + strconv.Itoa(int(n)) + `","token_type":"bearer","expires_in":5}`))
			return
		}
		sent = append(sent, r.Header.Get("Authorization"))
	}))
	defer srv.Close()
	src := ClientCredentials(http.DefaultTransport, srv.URL+"/oauth/token", "id", "sec", oauth2.AuthStyleInParams, url.Values{})
	client := &http.Client{Transport: Authorized(New(Options{}), src)}
	for range 3 {
		resp, err := client.Get(srv.URL + "/v3/oauth-clients")
		require.NoError(t, err)
		resp.Body.Close()
	}
	require.Equal(t, int32(3), tokens.Load(), "a token about to expire is renewed, not sent")
	require.Equal(t, []string{"Bearer at1", "Bearer at2", "Bearer at3"}, sent)
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

// rotatingSource hands out the tokens in turn, one per call.
type rotatingSource struct {
	tokens []*oauth2.Token
	n      atomic.Int32
}

func (s *rotatingSource) Token() (*oauth2.Token, error) {
	return s.tokens[int(s.n.Add(1)-1)%len(s.tokens)], nil
}

func TestAuthorizedSendsTheCurrentToken(t *testing.T) {
	var got []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = append(got, r.Header.Get("Authorization")+" | "+r.Header.Get("User-Agent"))
	}))
	defer srv.Close()
	src := &rotatingSource{tokens: []*oauth2.Token{
		{AccessToken: "a", TokenType: "bearer"}, {AccessToken: "a", TokenType: "bearer"},
		{AccessToken: "b", TokenType: "Bearer"}, {AccessToken: "c", TokenType: "SSWS"},
	}}
	cases := map[string]http.RoundTripper{
		"on New's transport":      New(Options{}),
		"on any other, by oauth2": http.DefaultTransport,
	}
	for name, rt := range cases {
		t.Run(name, func(t *testing.T) {
			got = nil
			src.n.Store(0)
			client := Doer(Authorized(rt, src))
			for range 4 {
				req, err := http.NewRequest(http.MethodGet, srv.URL, nil)
				require.NoError(t, err)
				req.Header.Set("X-Mine", "kept")
				resp, err := client.Do(req)
				require.NoError(t, err)
				resp.Body.Close()
				require.Equal(t, http.Header{"X-Mine": {"kept"}}, req.Header, "the caller's request is not modified")
			}
			ua := UserAgent
			if rt == http.DefaultTransport {
				ua = "Go-http-client/1.1"
			}
			require.Equal(t, []string{"Bearer a | " + ua, "Bearer a | " + ua, "Bearer b | " + ua, "SSWS c | " + ua}, got)
		})
	}
}
