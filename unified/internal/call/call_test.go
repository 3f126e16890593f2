package call

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/credkit/credkit/unified"
	"github.com/credkit/credkit/unified/internal/transport"
)

var testVendor = Vendor{Name: unified.Vendor("okta"), DecodeError: func(status int, _ http.Header, body []byte) *unified.Error {
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

// trackedBody is a response body that may fail after its content, and
// says whether it was read to the end and closed.
type trackedBody struct {
	r         io.Reader
	fail      error
	eof, shut bool
}

func (b *trackedBody) Read(p []byte) (int, error) {
	n, err := b.r.Read(p)
	if err == io.EOF {
		if b.fail != nil {
			return n, b.fail
		}
		b.eof = true
	}
	return n, err
}

func (b *trackedBody) Close() error { b.shut = true; return nil }

func TestDoReadsASuccessBodyOnce(t *testing.T) {
	secret := `{"client_secret":"s3cr3t-s3cr3t","ID":` + strings.Repeat(" ", 3000) + `"x"`
	cases := []struct {
		name     string
		body     string
		fail     error
		parse    func(*http.Response) (thing, error)
		wantID   string
		wantCode unified.Code
		wantMsg  string
	}{
		{"decodes", `{"ID":"x"}`, nil, parseThing, "x", 0, ""},
		{"parse stops early: the rest is drained", `{"ID":"x"}` + strings.Repeat(" ", 10000), nil, parseThing, "x", 0, ""},
		{"a long body that does not decode: its start, redacted", secret, nil, parseThing, "", unified.Internal, `\"client_secret\":\"[REDACTED]\",\"ID\":`},
		{"the connection drops in the body", `{"ID":"x"`, errors.New("connection reset"), parseThing, "", unified.Unavailable, "no answer from the vendor"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			body := &trackedBody{r: strings.NewReader(c.body), fail: c.fail}
			var reads int
			parse := func(resp *http.Response) (thing, error) {
				reads++
				return c.parse(resp)
			}
			send := func(context.Context) (*http.Response, error) {
				return &http.Response{StatusCode: 200, Header: http.Header{}, Body: body}, nil
			}
			got, err := Do(context.Background(), testVendor, "GetThing", send, parse)
			require.Equal(t, 1, reads)
			require.True(t, body.shut, "the body is closed")
			if c.wantCode == 0 {
				require.NoError(t, err)
				require.Equal(t, c.wantID, got.ID)
				require.True(t, body.eof, "the body is read to its end, so the connection is reused")
				return
			}
			require.Equal(t, c.wantCode, unified.CodeOf(err), "%v", err)
			require.Contains(t, err.Error(), c.wantMsg)
			require.NotContains(t, fmt.Sprintf("%+v", err), "s3cr3t")
			if c.fail != nil {
				require.ErrorIs(t, err, c.fail)
			}
		})
	}
}

func TestDoStopsAtTheBodyCap(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.WriteString(w, `{"ID":"`+strings.Repeat("x", 4096)+`"}`) // chunked: no length announced
		w.(http.Flusher).Flush()
	}))
	defer srv.Close()
	client := transport.Client(transport.New(transport.Options{MaxBody: 1024}))
	send := func(ctx context.Context) (*http.Response, error) {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL, nil)
		return client.Do(req)
	}
	_, err := Do(context.Background(), testVendor, "GetThing", send, parseThing)
	require.Equal(t, unified.Internal, unified.CodeOf(err), "%v", err)
	require.Contains(t, err.Error(), "the answer is larger than credkit reads")
	require.True(t, transport.IsBodyTooLarge(err))
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

func TestNotJSON(t *testing.T) {
	resp := &http.Response{StatusCode: http.StatusOK, Header: http.Header{"Content-Type": {"text/html; charset=utf-8"}}}
	e := NotJSON(unified.Vendor("sailpoint"), "ListClients", resp)
	require.Equal(t, unified.Internal, e.Code)
	require.Equal(t, unified.Vendor("sailpoint"), e.Vendor)
	require.Equal(t, "ListClients", e.Op)
	require.Equal(t, http.StatusOK, e.HTTPStatus)
	require.Equal(t, `the answer is not JSON (Content-Type "text/html; charset=utf-8")`, e.Message)
}

// TestDoSendsTheRequestItself: the request send builds with Do's context
// goes out as it is, the credential set in its own header (no copy), and
// the caller's context values and deadline reach it.
func TestDoSendsTheRequestItself(t *testing.T) {
	type key struct{}
	var gotAuth, gotUA string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		gotAuth, gotUA = r.Header.Get("Authorization"), r.Header.Get("User-Agent")
		_, _ = fmt.Fprint(w, `{"ID":"x"}`)
	}))
	defer srv.Close()
	hc := transport.Doer(transport.Authorized(transport.New(transport.Options{}), transport.StaticToken("SSWS", "tok")))
	parent, cancel := context.WithTimeout(context.WithValue(context.Background(), key{}, "v"), time.Minute)
	defer cancel()
	var sent *http.Request
	got, err := Do(parent, testVendor, "GetThing", func(ctx context.Context) (*http.Response, error) {
		require.Equal(t, "v", ctx.Value(key{}))
		deadline, ok := ctx.Deadline()
		require.True(t, ok)
		want, _ := parent.Deadline()
		require.Equal(t, want, deadline)
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL, nil)
		require.NoError(t, err)
		sent = req
		return hc.Do(req)
	}, parseThing)
	require.NoError(t, err)
	require.Equal(t, "x", got.ID)
	require.Equal(t, "SSWS tok", gotAuth)
	require.Equal(t, transport.UserAgent, gotUA)
	require.Equal(t, "SSWS tok", sent.Header.Get("Authorization"), "set in the request send built, not in a copy")
}
