package conformance

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestURLFormsRoute sends every URL form a client may use for one resource
// of each bundled spec and requires each to reach the operation the plain
// form reaches, with the same path parameters.
func TestURLFormsRoute(t *testing.T) {
	c := NewChecker(bundled(t), nil)
	resources := []struct {
		spec, method, plain, op string
		params                  map[string]string
	}{
		{"okta", "GET", "https://acme.okta.com/api/v1/apps/0oa1/credentials/csrs/c1", "getCsrForApplication", map[string]string{"appId": "0oa1", "csrId": "c1"}},
		{"sailpoint", "GET", "https://acme.api.identitynow.com/v3/oauth-clients/ef38", "getOauthClient", map[string]string{"id": "ef38"}},
		{"vmwarecsp", "GET", "https://console.cloud.vmware.com/csp/gateway/am/api/orgs/o1/oauth-apps/a1", "getOrgOAuthApp", map[string]string{"orgId": "o1", "oauthAppId": "a1"}},
	}
	forms := []struct {
		name string
		form func(plain string) string
	}{
		{"plain", func(u string) string { return u }},
		{"trailing slash", func(u string) string { return u + "/" }},
		{"two trailing slashes", func(u string) string { return u + "//" }},
		{"double slashes inside", func(u string) string {
			return onPath(u, func(p string) string { return strings.Replace(p, "/", "//", 3) })
		}},
		{"double slash after host", func(u string) string { return strings.Replace(u, ".com/", ".com//", 1) }},
		{"escaped letter, upper hex", func(u string) string {
			return onPath(u, func(p string) string { return strings.Replace(p, "/a", "/%61", 1) })
		}},
		{"escaped letter, lower hex", func(u string) string {
			return onPath(u, func(p string) string { return strings.Replace(p, "pp", "p%70", 1) })
		}},
		{"escaped hyphen, lower hex", func(u string) string {
			return onPath(u, func(p string) string { return strings.Replace(p, "-", "%2d", 1) })
		}},
		{"escaped hyphen, upper hex", func(u string) string {
			return onPath(u, func(p string) string { return strings.Replace(p, "-", "%2D", 1) })
		}},
		{"whole segment escaped", func(u string) string { return strings.Replace(u, "/api/", "/%61%70%69/", 1) }},
		{"default https port", func(u string) string { return strings.Replace(u, ".com/", ".com:443/", 1) }},
		{"http with default port", func(u string) string {
			return strings.Replace(strings.Replace(u, "https:", "http:", 1), ".com/", ".com:80/", 1)
		}},
		{"other port", func(u string) string { return strings.Replace(u, ".com/", ".com:8443/", 1) }},
		{"upper-case host", func(u string) string { return strings.Replace(u, "https://", "https://WWW.", 1) }},
		{"query in either order", func(u string) string { return u + "?b=2&a=1" }},
		{"empty query", func(u string) string { return u + "?" }},
	}
	for _, r := range resources {
		for _, f := range forms {
			u := f.form(r.plain)
			if u == r.plain && f.name != "plain" {
				continue // the form does not apply to this spec's path
			}
			t.Run(r.spec+"/"+f.name, func(t *testing.T) {
				req, err := http.NewRequestWithContext(context.Background(), r.method, u, nil)
				require.NoError(t, err)
				got, problem := c.find(req)
				require.Nil(t, problem, u)
				require.NotNil(t, got.spec, "%s did not route", u)
				require.Equal(t, r.spec, got.spec.Name, u)
				require.Equal(t, r.op, got.route.Operation.OperationID, u)
				require.Equal(t, r.params, got.params, u)
			})
		}
	}
}

// onPath applies f to the path (and query) of an absolute URL.
func onPath(u string, f func(string) string) string {
	scheme, rest, _ := strings.Cut(u, "://")
	host, path, _ := strings.Cut(rest, "/")
	return scheme + "://" + host + f("/"+path)
}

// TestEscapedSlashStaysInItsSegment requires an ID holding an escaped slash,
// in upper or lower hex, to stay one path parameter.
func TestEscapedSlashStaysInItsSegment(t *testing.T) {
	c := NewChecker(bundled(t), nil)
	for _, u := range []string{
		"https://acme.api.identitynow.com/v3/oauth-clients/ab%2Fcd",
		"https://acme.api.identitynow.com/v3/oauth-clients/ab%2fcd",
		"https://acme.api.identitynow.com/v3/oauth-clients/ab%2fcd/",
	} {
		req, err := http.NewRequestWithContext(context.Background(), "GET", u, nil)
		require.NoError(t, err)
		got, problem := c.find(req)
		require.Nil(t, problem)
		require.NotNil(t, got.spec, u)
		require.Equal(t, "getOauthClient", got.route.Operation.OperationID, u)
		require.Equal(t, map[string]string{"id": "ab/cd"}, got.params, u)
	}
}

// TestUnknownPathsStayUnmatched keeps normalisation from inventing routes.
func TestUnknownPathsStayUnmatched(t *testing.T) {
	c := NewChecker(bundled(t), nil)
	for _, u := range []string{
		"https://acme.api.identitynow.com/oauth/info", // /oauth/token is in oauth2_token.yaml
		"https://acme.api.identitynow.com/v3/oauth-clients/a/b",
		"https://acme.api.identitynow.com/v3/oauth%2Fclients",
		"https://console.cloud.vmware.com/csp/gateway/am/api/auth/token",
		"https://acme.okta.com/",
	} {
		req, err := http.NewRequestWithContext(context.Background(), "GET", u, nil)
		require.NoError(t, err)
		got, problem := c.find(req)
		require.Nil(t, problem, u)
		require.Nil(t, got.spec, "%s routed to %v", u, got.route)
	}
}

// TestMediaTypeForms validates a request body sent under every spelling
// of its media type that HTTP treats as the same.
func TestMediaTypeForms(t *testing.T) {
	c := NewChecker(bundled(t), nil)
	body := `{"name":"n","description":"d","accessTokenValiditySeconds":750,"grantTypes":["CLIENT_CREDENTIALS"],"accessType":"OFFLINE","enabled":true}`
	for _, ct := range []string{
		"application/json",
		"application/json;charset=UTF-8",
		"application/json; charset=utf-8",
		"Application/JSON",
		"APPLICATION/JSON;CHARSET=UTF-8",
	} {
		t.Run(ct, func(t *testing.T) {
			req, err := http.NewRequestWithContext(context.Background(), "POST", "https://acme.api.identitynow.com:443/v3/oauth-clients/", strings.NewReader(body))
			require.NoError(t, err)
			req.Header.Set("Content-Type", ct)
			req.Header.Set("Authorization", "Bearer REDACTED")
			got, problem := c.find(req)
			require.Nil(t, problem)
			require.NotNil(t, got.spec)
			require.Empty(t, validateRequest(req, got, ""))
		})
	}
}

// TestCheckLeavesTheRecordingAsItIs checks a POST under each spelling of
// its media type, with canonical and lower-case header names, and requires
// the exchange's headers to be as they were: the checker reads the
// recording's header where it can and copies it before normalising.
func TestCheckLeavesTheRecordingAsItIs(t *testing.T) {
	c := NewChecker(bundled(t), nil)
	body := `{"name":"n","description":"d","accessTokenValiditySeconds":750,"grantTypes":["CLIENT_CREDENTIALS"],"accessType":"OFFLINE","enabled":true}`
	resp := `{"id":"ef38","name":"n","accessTokenValiditySeconds":750,"grantTypes":["CLIENT_CREDENTIALS"],"accessType":"OFFLINE","enabled":true,"secret":"REDACTED"}`
	for _, ct := range []string{"application/json", "Application/JSON", "application/json;charset=UTF-8", "APPLICATION/JSON;CHARSET=UTF-8"} {
		for _, names := range []string{"canonical", "lower case"} {
			t.Run(ct+", "+names, func(t *testing.T) {
				reqHeader := http.Header{"Content-Type": {ct}, "Authorization": {"Bearer REDACTED"}}
				respHeader := http.Header{"Content-Type": {ct}}
				if names == "lower case" {
					reqHeader = http.Header{"content-type": {ct}, "authorization": {"Bearer REDACTED"}}
					respHeader = http.Header{"content-type": {ct}}
				}
				wantReq, wantResp := reqHeader.Clone(), respHeader.Clone()
				res := c.CheckExchange("t", 0, Exchange{Method: "POST", URL: "https://acme.api.identitynow.com/v3/oauth-clients",
					RequestHeader: reqHeader, RequestBody: body, Status: 201, ResponseHeader: respHeader, ResponseBody: resp})
				require.Equal(t, "createOauthClient", res.OperationID)
				require.Empty(t, res.Notes)
				require.Equal(t, wantReq, reqHeader, "the recorded request header is unchanged")
				require.Equal(t, wantResp, respHeader, "the recorded response header is unchanged")
			})
		}
	}
}

func TestCanonicalCopy(t *testing.T) {
	h := http.Header{"x-okta-request-id": {"r1"}, "Accept": {"a"}, "vary": {"v1"}, "Vary": {"v2"}}
	got := canonicalCopy(h)
	require.Equal(t, []string{"r1"}, got["X-Okta-Request-Id"])
	require.Equal(t, []string{"a"}, got["Accept"])
	require.ElementsMatch(t, []string{"v1", "v2"}, got["Vary"], "names that differ in case only are merged")
	require.Len(t, got, 3)
	got.Add("Accept", "b")
	require.Equal(t, []string{"a"}, h["Accept"], "an append to the copy does not reach the original")
	require.Equal(t, []string{"v1"}, h["vary"]) //nolint:staticcheck // a non-canonical name on purpose: the original is unchanged
	require.Equal(t, []string{"v2"}, h["Vary"])
}

// TestNormalizeShortcuts requires the shortcuts for what is normal
// already to give what the full normalisation gives.
func TestNormalizeShortcuts(t *testing.T) {
	for _, p := range []string{"/", "", "/a", "/a/b", "/a/b/", "a/b", "//a", "/a//b", "/a%2Fb", "/a%7e", "/v1/apps/0oa1/credentials/keys",
		"/a b", "/a;b=c/d", "/a+b", "/a/./b", "/a/../b", "/%"} {
		want, wantErr := rebuildPath(p)
		got, err := normalizePath(p)
		require.Equal(t, want, got, "path %q", p)
		require.Equal(t, wantErr, err, "path %q", p)
	}
	for _, ct := range []string{"application/json", "application/vnd.api+json", "text/plain", "Application/JSON", "application/json;charset=UTF-8",
		"application/json; charset=utf-8", "application", "application/", "/json", "a/b/c", "application/json ", " application/json",
		"application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "a@b/c", "", "application/json;", "*/*"} {
		require.Equal(t, formatMediaType(ct), normalizeMediaType(ct), "media type %q", ct)
	}
	for _, c := range []struct{ scheme, host, want string }{
		{"https", "o.example", "o.example"}, {"https", "o.example:443", "o.example"}, {"http", "o.example:80", "o.example"},
		{"https", "o.example:80", "o.example:80"}, {"HTTPS", "o.example:443", "o.example"}, {"https", "[::1]:443", "[::1]"},
		{"https", "[::1]", "[::1]"}, {"https", "o.example:", "o.example:"}, {"https", "", ""},
	} {
		require.Equal(t, c.want, withoutDefaultPort(c.scheme, c.host), "%s %s", c.scheme, c.host)
	}
}

func TestCanonicalName(t *testing.T) {
	for _, name := range []string{"x-okta-request-id", "Accept", "content-type", "X-RATE-LIMIT-RESET", "www-authenticate", "x_odd name", "", "-"} {
		require.Equal(t, http.CanonicalHeaderKey(name), canonicalName(name), name)
		require.Equal(t, http.CanonicalHeaderKey(name), canonicalName(name), "%s, remembered", name)
	}
	for _, name := range []string{"Accept", "accept", "ACCEPT", "X-Okta-Request-Id", "X-OKTA-request-id", "x", "X", "-", "--a", "A-", "a b", "A b", "x_y", "X_y",
		"X-Rate-Limit-Reset", "Www-Authenticate", "WWW-Authenticate", "Content-MD5", "é", "Ü-x", "a\x00", "Etag", "ETag", "1a", "A1b", "A-1b", ""} {
		require.Equal(t, http.CanonicalHeaderKey(name) == name, isCanonical(name), "%q", name)
		require.Equal(t, http.CanonicalHeaderKey(name), canonicalName(name), "%q", name)
	}
	for i := range maxCanonicalNames + 10 {
		name := fmt.Sprintf("x-name-%d", i)
		require.Equal(t, http.CanonicalHeaderKey(name), canonicalName(name))
	}
	canonicalNames.RLock()
	defer canonicalNames.RUnlock()
	require.LessOrEqual(t, len(canonicalNames.m), maxCanonicalNames, "the cache stays bounded")
}

func TestSetPath(t *testing.T) {
	for _, c := range []struct{ path, raw, rawPath string }{
		{"/a/b", "/a/b", ""},
		{"/a b", "/a%20b", ""},
		{"/a/b", "/a%2Fb", "/a%2Fb"},
		{"/a~b", "/a~b", ""},
		{"/café", "/caf%C3%A9", ""},
	} {
		u := &url.URL{Scheme: "https", Host: "h", RawPath: "/stale"}
		setPath(u, c.path, c.raw)
		require.Equal(t, c.raw, u.EscapedPath(), c.raw)
		require.Equal(t, c.path, u.Path, c.raw)
		require.Equal(t, c.rawPath, u.RawPath, "%s: RawPath only where the default escaping differs", c.raw)
	}
}

func TestNormalizePathRefusesBadEscapes(t *testing.T) {
	for _, p := range []string{"/a%", "/a%2", "/a%zz"} {
		_, err := normalizePath(p)
		require.Error(t, err, p)
	}
	got, err := normalizePath("//a%7e%2f%2Fb//c/")
	require.NoError(t, err)
	require.Equal(t, "/a~%2F%2Fb/c", got)
}

// TestRecordedURLFormsRoute takes every interaction under cassettes/ that
// reaches an operation, the real Okta recordings among them, rewrites its
// URL into each form a client may send, and requires the rewritten request
// to reach the same operation.
func TestRecordedURLFormsRoute(t *testing.T) {
	c := NewChecker(bundled(t), nil)
	files, err := FindCassettes(corpusDir)
	require.NoError(t, err)
	forms := map[string]func(string) string{
		"trailing slash": func(u string) string { return pathOnly(u, func(p string) string { return p + "/" }) },
		"double slashes": func(u string) string {
			return pathOnly(u, func(p string) string { return strings.ReplaceAll(p, "/", "//") })
		},
		"default port": withDefaultPort,
		"escaped first char": func(u string) string {
			return pathOnly(u, func(p string) string { return "/%" + strings.ToLower(hex2(p[1])) + p[2:] })
		},
		"escaped, upper hex": func(u string) string { return pathOnly(u, func(p string) string { return "/%" + hex2(p[1]) + p[2:] }) },
	}
	checked := 0
	for _, f := range files {
		cas, err := LoadCassette(f)
		require.NoError(t, err)
		for i, in := range cas.Interactions {
			want := routeOf(t, c, in.Request.Method, in.Request.URL)
			if want == "" {
				continue
			}
			for name, form := range forms {
				u := form(in.Request.URL)
				require.Equal(t, want, routeOf(t, c, in.Request.Method, u), "%s#%d %s: %s", f, i, name, u)
			}
			checked++
		}
	}
	require.Greater(t, checked, 400)
	t.Logf("%d recorded interactions route alike in %d URL forms", checked, len(forms))
}

// routeOf is the operation a request reaches, or "" when none.
func routeOf(t *testing.T, c *Checker, method, u string) string {
	t.Helper()
	req, err := http.NewRequestWithContext(context.Background(), method, u, nil)
	require.NoError(t, err, u)
	got, _ := c.find(req)
	if got.route == nil {
		return ""
	}
	return got.spec.Name + " " + got.route.Operation.OperationID
}

// pathOnly applies f to the path of u, leaving the query as it is.
func pathOnly(u string, f func(string) string) string {
	return onPath(u, func(pq string) string {
		p, q, hasQuery := strings.Cut(pq, "?")
		if hasQuery {
			return f(p) + "?" + q
		}
		return f(p)
	})
}

func hex2(b byte) string { return strings.ToUpper(strconv.FormatInt(int64(b)|0x100, 16)[1:]) }

// withDefaultPort writes the scheme's default port into u's host.
func withDefaultPort(u string) string {
	scheme, rest, _ := strings.Cut(u, "://")
	host, path, _ := strings.Cut(rest, "/")
	port := ":443"
	if scheme == "http" {
		port = ":80"
	}
	return scheme + "://" + host + port + "/" + path
}

// TestResponseMediaTypeForms validates an answer under every spelling of
// its media type that HTTP treats as the same.
func TestResponseMediaTypeForms(t *testing.T) {
	c := NewChecker(bundled(t), nil)
	req, err := http.NewRequestWithContext(context.Background(), "GET", "https://acme.api.identitynow.com/v3/oauth-clients/ef38", nil)
	require.NoError(t, err)
	got, problem := c.find(req)
	require.Nil(t, problem)
	require.NotNil(t, got.route)
	body := `{"id":"ef38","name":"n","accessTokenValiditySeconds":750,"grantTypes":["CLIENT_CREDENTIALS"],"accessType":"OFFLINE","enabled":true}`
	for _, ct := range []string{"application/json", "application/json;charset=UTF-8", "application/json; charset=utf-8", "Application/JSON", "APPLICATION/JSON;CHARSET=UTF-8"} {
		h := http.Header{"Content-Type": {ct}}
		require.Empty(t, validateResponse(got.route.Operation, recordedResponse{code: 200, header: h, body: body}, nil), ct)
	}
	h := http.Header{"Content-Type": {"text/plain"}}
	require.NotEmpty(t, validateResponse(got.route.Operation, recordedResponse{code: 200, header: h, body: body}, nil), "a different media type is still refused")
}

func FuzzIsCanonical(f *testing.F) {
	for _, s := range []string{"Accept", "x-okta-request-id", "a b", "X-Rate-Limit-Reset", "é"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, name string) {
		require.Equal(t, http.CanonicalHeaderKey(name) == name, isCanonical(name), "%q", name)
	})
}
