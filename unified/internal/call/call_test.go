package call

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/credkit/credkit/unified"
)

var testVendor = Vendor{Name: unified.Okta, DecodeError: func(status int, _ http.Header, body []byte) *unified.Error {
	return &unified.Error{Code: unified.NotFound, Message: string(body)}
}}

type thing struct{ ID string }

func parseThing(resp *http.Response) (thing, error) {
	var t thing
	err := json.NewDecoder(resp.Body).Decode(&t)
	return t, err
}

func answer(status int, body string) func(context.Context) (*http.Response, error) {
	return func(context.Context) (*http.Response, error) {
		return &http.Response{StatusCode: status, Header: http.Header{}, Body: io.NopCloser(strings.NewReader(body))}, nil
	}
}

func TestDo(t *testing.T) {
	got, err := Do(context.Background(), testVendor, "GetThing", answer(200, `{"ID":"x"}`), parseThing)
	require.NoError(t, err)
	require.Equal(t, "x", got.ID)

	_, err = Do(context.Background(), testVendor, "GetThing", answer(404, `gone`), parseThing)
	var e *unified.Error
	require.ErrorAs(t, err, &e)
	require.Equal(t, "credkit: okta GetThing: NotFound: gone (HTTP 404)", e.Error())

	_, err = Do(context.Background(), testVendor, "GetThing", answer(200, `{"ID":"x","client_secret":"s3cr3t-s3cr3t`), parseThing)
	require.ErrorIs(t, err, unified.ErrInternal)
	require.Contains(t, err.Error(), "GetThing")
	require.Contains(t, err.Error(), "HTTP 200")
	require.Contains(t, err.Error(), `\"client_secret\":\"[REDACTED]\"`)
	require.NotContains(t, err.Error(), "s3cr3t")
}

func TestDoReportsARedirect(t *testing.T) {
	cases := map[string]string{
		"https://elsewhere.example:8443/path?token=t0k3n-t0k3n": "; it redirects to https://elsewhere.example:8443, and credkit does not follow redirects",
		"":                "; credkit does not follow redirects",
		"/relative/place": "; it redirects to https://vendor.example.test, and credkit does not follow redirects",
	}
	for location, note := range cases {
		t.Run(location, func(t *testing.T) {
			send := func(context.Context) (*http.Response, error) {
				req := httptest.NewRequest(http.MethodGet, "https://vendor.example.test/api", nil)
				h := http.Header{}
				if location != "" {
					h.Set("Location", location)
				}
				return &http.Response{StatusCode: http.StatusFound, Header: h, Body: io.NopCloser(strings.NewReader("moved")), Request: req}, nil
			}
			_, err := Do(context.Background(), testVendor, "GetThing", send, parseThing)
			var e *unified.Error
			require.ErrorAs(t, err, &e)
			require.Equal(t, http.StatusFound, e.HTTPStatus)
			require.Equal(t, "moved"+note, e.Message, "the vendor's answer, then the note")
			require.NotContains(t, err.Error(), "t0k3n", "neither the path nor the query of the Location")
		})
	}
}

func TestDoWithoutAnswer(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Nanosecond)
	defer cancel()
	<-ctx.Done()
	send := func(ctx context.Context) (*http.Response, error) { return nil, errors.New("dial: refused") }
	_, err := Do(ctx, testVendor, "ListThings", send, parseThing)
	require.ErrorIs(t, err, unified.ErrUnavailable)
	require.ErrorIs(t, err, context.DeadlineExceeded, "the context's error stays reachable")
	require.Contains(t, err.Error(), "gave up waiting")
}

func TestSnippet(t *testing.T) {
	cases := map[string]string{
		`{"client_secret":"abc","id":"1"}`:       `"{\"client_secret\":\"[REDACTED]\",\"id\":\"1\"}"`,
		`{"access_token": "eyJ\"x", "n": 1}`:     `"{\"access_token\": \"[REDACTED]\", \"n\": 1}"`,
		`{"secret":"unterminated`:                `"{\"secret\":\"[REDACTED]\""`,
		`grant_type=x&client_secret=hunter2&a=b`: `"grant_type=x&client_secret=[REDACTED]&a=b"`,
		strings.Repeat("é", 100):                 `"` + strings.Repeat("é", 60) + `"…`,
		"<html>Bad Gateway</html>":               `"<html>Bad Gateway</html>"`,
	}
	for in, want := range cases {
		require.Equal(t, want, Snippet([]byte(in)), in)
	}
}
