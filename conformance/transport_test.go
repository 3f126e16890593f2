package conformance

import (
	"bufio"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

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

// streamSpec has an event stream and a JSON answer.
const streamSpec = `
openapi: 3.0.3
info: {title: stream, version: "1"}
paths:
  /events:
    get:
      responses: {'200': {description: ok, content: {text/event-stream: {schema: {type: string}}}}}
  /big:
    post:
      requestBody: {content: {application/json: {schema: {type: object, required: [n]}}}}
      responses: {'200': {description: ok, content: {application/json: {schema: {type: object, required: [n]}}}}}
`

func streamChecker(t *testing.T) *Checker {
	s, err := LoadSpec("stream", []byte(streamSpec))
	require.NoError(t, err)
	return NewChecker([]*Spec{s}, nil)
}

// TestTransportStreams: an endless event stream returns its headers at
// once and its events as they come; the exchange is checked when the
// caller closes the body.
func TestTransportStreams(t *testing.T) {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/event-stream")
		w.WriteHeader(http.StatusOK)
		for i := 0; ; i++ {
			_, _ = io.WriteString(w, "data: "+strings.Repeat("x", i%7)+"\n\n")
			w.(http.Flusher).Flush()
			if i == 0 {
				select { // the first event, then wait: a buffering transport would never return
				case <-release:
				case <-r.Context().Done():
					return
				}
			}
			if r.Context().Err() != nil {
				return
			}
		}
	}))
	t.Cleanup(srv.Close)
	defer close(release)

	tr := &Transport{Checker: streamChecker(t)}
	type answer struct {
		resp *http.Response
		err  error
	}
	got := make(chan answer, 1)
	go func() {
		req, _ := http.NewRequest(http.MethodGet, srv.URL+"/events", nil)
		resp, err := tr.RoundTrip(req) //nolint:bodyclose // handed over through got; the test reads and closes it
		got <- answer{resp, err}
	}()
	var a answer
	select {
	case a = <-got:
	case <-time.After(30 * time.Second): // a safety net, not a measurement
		t.Fatal("RoundTrip did not return while the stream was open")
	}
	require.NoError(t, a.err)
	line, err := bufio.NewReader(a.resp.Body).ReadString('\n')
	require.NoError(t, err)
	require.Equal(t, "data: \n", line, "the first event passes through before the stream ends")
	require.Empty(t, tr.Results(), "nothing is checked while the body is open")
	require.NoError(t, a.resp.Body.Close())

	results := tr.Results()
	require.Len(t, results, 1)
	require.Equal(t, Pass, results[0].Outcome, "%v", results[0].Problems)
	require.Len(t, results[0].Notes, 1)
	require.Equal(t, "/response/body", results[0].Notes[0].Pointer)
	require.Contains(t, results[0].Notes[0].Message, "closed before its end")
}

func TestTransportBodyLimit(t *testing.T) {
	big := `{"n":1,"pad":"` + strings.Repeat("p", 4096) + `"}`
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		require.Equal(t, big, string(body), "the server gets the whole body")
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, big)
	}))
	t.Cleanup(srv.Close)
	tests := []struct {
		name  string
		limit int
		// upload: the request body cannot be given again (no GetBody),
		// so it is copied as the transport sends it.
		upload bool
		notes  []string
	}{
		{"under the limit", 0, false, []string{}},
		{"over the limit", 1024, false, []string{"/request/body", "/response/body"}},
		{"an upload under the limit", 0, true, []string{}},
		{"an upload over the limit", 1024, true, []string{"/request/body", "/response/body"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tr := &Transport{Checker: streamChecker(t), BodyLimit: tt.limit}
			req, err := http.NewRequest(http.MethodPost, srv.URL+"/big", strings.NewReader(big))
			require.NoError(t, err)
			req.Header.Set("Content-Type", "application/json")
			if tt.upload {
				req.Body, req.GetBody = io.NopCloser(strings.NewReader(big)), nil
			}
			resp, err := (&http.Client{Transport: tr}).Do(req)
			require.NoError(t, err)
			body, err := io.ReadAll(resp.Body)
			require.NoError(t, err)
			require.Equal(t, big, string(body), "the caller gets the whole body")
			require.NoError(t, resp.Body.Close())
			results := tr.Results()
			require.Len(t, results, 1)
			require.Equal(t, Pass, results[0].Outcome, "%v", results[0].Problems)
			require.Equal(t, tt.notes, pointers(results[0].Notes))
		})
	}
}

func TestTransportChecksAtEOFWithoutClose(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"x":1}`)
	}))
	t.Cleanup(srv.Close)
	tr := &Transport{Checker: streamChecker(t)}
	req, err := http.NewRequest(http.MethodPost, srv.URL+"/big", strings.NewReader(`{"n":1}`))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/json")
	resp, err := tr.RoundTrip(req)
	require.NoError(t, err)
	_, err = io.ReadAll(resp.Body)
	require.NoError(t, err)
	results := tr.Results()
	require.Len(t, results, 1, "checked at EOF")
	require.Equal(t, []string{"/response/body/n"}, pointers(results[0].Problems))
	require.NoError(t, resp.Body.Close())
	require.Len(t, tr.Results(), 1, "checked once")
}

// TestTransportChecksABodyADecoderLeft: a JSON decoder stops at the end of
// its value; Close reads the few bytes left of a body of known length, so
// the whole body is checked.
func TestTransportChecksABodyADecoderLeft(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Length", "10")
		_, _ = io.WriteString(w, `{"m":"x"}`+"\n")
	}))
	t.Cleanup(srv.Close)
	tr := &Transport{Checker: streamChecker(t)}
	req, err := http.NewRequest(http.MethodPost, srv.URL+"/big", strings.NewReader(`{"n":1}`))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/json")
	resp, err := tr.RoundTrip(req)
	require.NoError(t, err)
	var v map[string]any
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&v))
	require.NoError(t, resp.Body.Close())
	results := tr.Results()
	require.Len(t, results, 1)
	require.Equal(t, []string{"/response/body/n"}, pointers(results[0].Problems), "the body was checked: %v", results[0].Notes)
}
