package call

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
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
