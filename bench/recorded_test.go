package bench

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/credkit/credkit/conformance"
)

// corpus is the cassettes/ folder of the main module.
var corpus = filepath.Join("..", "cassettes")

// recorded is one recorded answer to serve again: its status, its headers
// and its body, byte for byte.
type recorded struct {
	path   string // the request path it answers
	status int
	header http.Header
	body   []byte
}

// loadRecorded reads interaction index of a cassette under cassettes/.
func loadRecorded(tb testing.TB, file string, index int) recorded {
	tb.Helper()
	r, err := readRecorded(file, index)
	if err != nil {
		tb.Fatal(err)
	}
	return r
}

func readRecorded(file string, index int) (recorded, error) {
	c, err := conformance.LoadCassette(filepath.Join(corpus, file))
	if err != nil {
		return recorded{}, err
	}
	if index < 0 || index >= len(c.Interactions) {
		return recorded{}, fmt.Errorf("%s has no interaction %d", file, index)
	}
	in := c.Interactions[index]
	req, err := http.NewRequest(in.Request.Method, in.Request.URL, nil)
	if err != nil {
		return recorded{}, err
	}
	h := http.Header{}
	for name, values := range in.Response.Headers {
		switch http.CanonicalHeaderKey(name) {
		// Framing and connection headers belong to the recorded
		// connection, not to the answer: replaying "Connection: close"
		// or "Transfer-Encoding: chunked" would change the transport's
		// work, not the client's.
		case "Connection", "Transfer-Encoding", "Content-Length", "Keep-Alive":
			continue
		}
		h[http.CanonicalHeaderKey(name)] = append([]string(nil), values...)
	}
	h.Set("Content-Length", strconv.Itoa(len(in.Response.Body)))
	raiseRateLimit(h)
	return recorded{path: req.URL.Path, status: in.Response.Code, header: h, body: []byte(in.Response.Body)}, nil
}

// rateBudget is the X-Rate-Limit-Limit a replayed answer announces.
const rateBudget = 1_000_000_000

// raiseRateLimit keeps a recorded answer's rate limit headers but raises
// the limit to rateBudget, with as many requests used as recorded (limit −
// remaining). A replay repeats the recorded remaining count on every
// answer, where a real window's count would fall with each request; the
// facade's pacer counts the requests it sends in a window, so with the
// recorded limit (50 or 100) it would wait for the window to end after as
// many calls, and the benchmark would time the wait. With the budget it
// still reads the headers on every call, and never waits.
func raiseRateLimit(h http.Header) {
	limit, err1 := strconv.Atoi(h.Get("X-Rate-Limit-Limit"))
	remaining, err2 := strconv.Atoi(h.Get("X-Rate-Limit-Remaining"))
	if err1 != nil || err2 != nil {
		return
	}
	h.Set("X-Rate-Limit-Limit", strconv.Itoa(rateBudget))
	h.Set("X-Rate-Limit-Remaining", strconv.Itoa(rateBudget-(limit-remaining)))
}

// serve starts a loopback server in this process; see replay.
func serve(tb testing.TB, r recorded) *httptest.Server {
	tb.Helper()
	srv := httptest.NewServer(replay(r))
	tb.Cleanup(srv.Close)
	return srv
}

// replay answers every GET of r.path with the recorded answer, and
// anything else with a 404, so that a client calling the wrong endpoint
// fails its benchmark instead of measuring something else.
func replay(r recorded) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		if req.Method != http.MethodGet || req.URL.Path != r.path || !strings.HasPrefix(req.Header.Get("Authorization"), "SSWS ") {
			http.NotFound(w, req)
			return
		}
		h := w.Header()
		for name, values := range r.header {
			h[name] = values // read-only: the server never changes them
		}
		w.WriteHeader(r.status)
		w.Write(r.body)
	})
}

// canned is an in-memory transport: it answers as replay does, without a
// network or a server.
type canned struct{ r recorded }

func (c canned) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Body != nil {
		req.Body.Close()
	}
	status, body, header := c.r.status, c.r.body, c.r.header.Clone()
	if req.Method != http.MethodGet || req.URL.Path != c.r.path || !strings.HasPrefix(req.Header.Get("Authorization"), "SSWS ") {
		status, body, header = http.StatusNotFound, nil, http.Header{}
	}
	return &http.Response{
		Status: http.StatusText(status), StatusCode: status, Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		Header: header, Body: io.NopCloser(bytes.NewReader(body)), ContentLength: int64(len(body)), Request: req,
	}, nil
}

// serveChildEnv, set to "<file>#<index>", makes the test binary a replay
// server instead: it prints its URL on a line and serves until its
// standard input closes.
const serveChildEnv = "CREDKIT_BENCH_SERVE"

func TestMain(m *testing.M) {
	if spec := os.Getenv(serveChildEnv); spec != "" {
		if err := serveChild(spec); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

func serveChild(spec string) error {
	file, idx, _ := strings.Cut(spec, "#")
	index, err := strconv.Atoi(idx)
	if err != nil {
		return err
	}
	r, err := readRecorded(file, index)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	go http.Serve(ln, replay(r))
	fmt.Printf("http://%s\n", ln.Addr())
	io.Copy(io.Discard, os.Stdin) // until the parent closes it
	return ln.Close()
}

// serveInChild starts the replay server of file's interaction index in a
// child process (this test binary again), so that its allocations and CPU
// are not the benchmark's: allocs/op and B/op are then the client's alone.
func serveInChild(tb testing.TB, file string, index int) string {
	tb.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), fmt.Sprintf("%s=%s#%d", serveChildEnv, file, index))
	cmd.Stderr = os.Stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		tb.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		tb.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() {
		stdin.Close()
		cmd.Wait()
	})
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		tb.Fatalf("replay server: %v", err)
	}
	return strings.TrimSpace(line)
}
