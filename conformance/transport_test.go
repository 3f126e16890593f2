package conformance

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestTransport(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /v1/things", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if r.URL.Query().Get("bad") == "" {
			w.Header().Set("X-Request-Id", "r1")
		}
		_, _ = io.WriteString(w, "["+aThing+"]")
	})
	mux.HandleFunc("POST /v1/things", func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		require.JSONEq(t, aThing, string(body), "the server gets the body as sent")
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusCreated)
		_, _ = w.Write(body)
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)

	tr := &Transport{Checker: NewChecker([]*Spec{things(t)}, nil)}
	client := &http.Client{Transport: tr}
	get := func(url string) {
		req, err := http.NewRequest(http.MethodGet, url, nil)
		require.NoError(t, err)
		req.Header.Set("Authorization", "SSWS x")
		resp, err := client.Do(req)
		require.NoError(t, err)
		body, err := io.ReadAll(resp.Body)
		require.NoError(t, err)
		require.NoError(t, resp.Body.Close())
		require.Equal(t, "["+aThing+"]", string(body), "the response passes through unchanged")
	}
	get(srv.URL + "/v1/things")
	get(srv.URL + "/v1/things?bad=1")

	req, err := http.NewRequest(http.MethodPost, srv.URL+"/v1/things", strings.NewReader(aThing))
	require.NoError(t, err)
	req.Header.Set("Authorization", "SSWS x")
	req.Header.Set("Content-Type", "application/json")
	resp, err := client.Do(req)
	require.NoError(t, err)
	require.Equal(t, http.StatusCreated, resp.StatusCode)
	require.NoError(t, resp.Body.Close())

	results := tr.Results()
	require.Len(t, results, 3)
	require.Equal(t, []Outcome{Pass, Fail, Pass}, []Outcome{results[0].Outcome, results[1].Outcome, results[2].Outcome})
	require.Equal(t, []int{0, 1, 2}, []int{results[0].Index, results[1].Index, results[2].Index})
	failures := tr.Failures()
	require.Len(t, failures, 1)
	require.Contains(t, failures[0], "listThings")
	require.Contains(t, failures[0], "/response/header/X-Request-Id")

	report := tr.Report()
	require.Equal(t, 2, report.Summary.Pass)
	require.Equal(t, 1, report.Summary.Fail)
	var page strings.Builder
	require.NoError(t, report.Write(&page, JUnit), "an SDK's test can write any report of its traffic")
	require.Contains(t, page.String(), `<testsuite name="live" tests="3" failures="1"`)
}

type failingTransport struct{}

func (failingTransport) RoundTrip(*http.Request) (*http.Response, error) {
	return nil, io.ErrUnexpectedEOF
}

func TestTransportPassesErrorsOn(t *testing.T) {
	tr := &Transport{Base: failingTransport{}, Checker: NewChecker([]*Spec{things(t)}, nil)}
	req, err := http.NewRequest(http.MethodGet, "http://127.0.0.1:1/v1/things", nil)
	require.NoError(t, err)
	_, err = tr.RoundTrip(req) //nolint:bodyclose // the exchange must fail: there is no answer
	require.ErrorIs(t, err, io.ErrUnexpectedEOF)
	require.Empty(t, tr.Results(), "an exchange without a response is not checked")
}
