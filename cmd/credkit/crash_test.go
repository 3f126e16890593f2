package main

import (
	"bufio"
	"bytes"
	"cmp"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/credkit/credkit/internal/rotations"
	"github.com/credkit/credkit/sim"
	simauth0 "github.com/credkit/credkit/sim/auth0"
	simokta "github.com/credkit/credkit/sim/okta"
	simsailpoint "github.com/credkit/credkit/sim/sailpoint"
	simcsp "github.com/credkit/credkit/sim/vmwarecsp"
	"github.com/credkit/credkit/unified"
)

// crashVendor is one vendor's simulator for the crash matrix.
type crashVendor struct {
	vendor unified.Vendor
	// label names the row where one vendor has two (Auth0's two kinds of
	// client); the vendor's name otherwise.
	label string
	// lostAnswerEnds: a begin request whose answer is lost leaves no
	// partial rotation (Auth0's rotate-secret), so the run ends with the
	// error before the crash point after the answer; recovery runs from
	// there.
	lostAnswerEnds bool
	// nothingToFinish: the rotation replaces the secret at once, so it
	// leaves no record to finish (rotations.NothingToFinish) and the
	// matrix has no finish step to crash in.
	nothingToFinish bool
	// flags are what a rotation needs at this vendor.
	flags []string
	// begin and finish are the requests of each step that change
	// something at the vendor, where a drop-after fault lands.
	begin, finish []sim.Fault
	// start makes a simulator with one client, serves it through wrap
	// (nil: as it is) and points the environment at it; it returns the
	// client, its secret and what the vendor holds.
	start func(t *testing.T, faults *sim.Faults, wrap func(http.Handler) http.Handler) (client, secret string, v crashView)
}

// crashView reads the vendor's state for the end-of-cell checks.
type crashView struct {
	// working lists the (client, secret) pairs that authenticate among the
	// candidates given, and counts the clients and secrets held.
	works   func(client, secret string) bool
	secrets func(client string) int
	clients func(name string) []string
}

var crashVendors = []crashVendor{
	{
		vendor: unified.Vendor("okta"),
		begin:  []sim.Fault{{Method: http.MethodPost, PathContains: "/credentials/secrets"}},
		finish: []sim.Fault{{Method: http.MethodPost, PathContains: "/lifecycle/deactivate"}, {Method: http.MethodDelete, PathContains: "/credentials/secrets/"}},
		start: func(t *testing.T, faults *sim.Faults, wrap func(http.Handler) http.Handler) (string, string, crashView) {
			s := simokta.New(&simokta.Options{Clock: clock, Seed: demoSeed, Faults: faults})
			srv := httptest.NewServer(wrapped(s, wrap))
			t.Cleanup(srv.Close)
			t.Setenv(envOktaOrgURL, srv.URL)
			t.Setenv(envOktaToken, simokta.DefaultAPIToken)
			app := s.CreateApp("crash-app", "")
			return app, s.Secrets(app)[0].Value, crashView{
				works:   s.SecretWorks,
				secrets: func(c string) int { return len(s.Secrets(c)) },
				clients: func(string) []string { return []string{app} },
			}
		},
	},
	{
		vendor: unified.Vendor("sailpoint"),
		flags:  []string{"--allow-new-client-id"},
		begin:  []sim.Fault{{Method: http.MethodPost, PathContains: "/v3/oauth-clients"}},
		finish: []sim.Fault{{Method: http.MethodDelete, PathContains: "/v3/oauth-clients/"}},
		start: func(t *testing.T, faults *sim.Faults, wrap func(http.Handler) http.Handler) (string, string, crashView) {
			s := simsailpoint.New(&simsailpoint.Options{Clock: clock, Seed: demoSeed, Faults: faults})
			srv := httptest.NewServer(wrapped(s, wrap))
			t.Cleanup(srv.Close)
			id, secret := s.AdminCredentials()
			t.Setenv(envSailBaseURL, srv.URL)
			t.Setenv(envSailClientID, id)
			t.Setenv(envSailSecret, secret)
			client, clientSecret := s.CreateClient("crash-client", nil)
			return client, clientSecret, crashView{
				works: s.SecretWorks,
				secrets: func(c string) int {
					if _, ok := s.Client(c); ok {
						return 1
					}
					return 0
				},
				clients: func(name string) []string {
					var out []string
					for _, id := range s.ClientIDs() {
						if c, ok := s.Client(id); ok && c.Name == name {
							out = append(out, id)
						}
					}
					return out
				},
			}
		},
	},
	{
		vendor: unified.Vendor("vmwarecsp"),
		begin:  []sim.Fault{{Method: http.MethodPost, PathContains: "/secret"}},
		finish: []sim.Fault{{Method: http.MethodDelete, PathContains: "/secret"}},
		start: func(t *testing.T, faults *sim.Faults, wrap func(http.Handler) http.Handler) (string, string, crashView) {
			s := simcsp.New(&simcsp.Options{Clock: clock, Seed: demoSeed, Faults: faults})
			srv := httptest.NewServer(wrapped(s, wrap))
			t.Cleanup(srv.Close)
			t.Setenv(envCSPURL, srv.URL)
			t.Setenv(envCSPToken, simcsp.DefaultAPIToken)
			t.Setenv(envCSPOrgID, s.OrgID())
			app, secret := s.CreateApp("crash-app")
			return app, secret, crashView{
				works: s.SecretWorks,
				secrets: func(c string) int {
					st := s.Secrets(c)
					n := 0
					if st.Current != "" {
						n++
					}
					if st.Previous != "" && s.SecretWorks(c, st.Previous) {
						n++
					}
					return n
				},
				clients: func(string) []string { return []string{app} },
			}
		},
	},
	auth0CrashVendor(true),
	auth0CrashVendor(false),
}

// auth0CrashVendor is an Auth0 row of the matrix: a private_key_jwt
// client (keys rotate with overlap: the key pair made and written before
// the upload, the new key enabled beside the old, finish disables and
// deletes the old) or a client-secret client (replaced at once, with
// --allow-immediate-rotation; finish has nothing left to send).
func auth0CrashVendor(keyClient bool) crashVendor {
	v := crashVendor{vendor: unified.Vendor("auth0"), label: "auth0-key",
		begin:  []sim.Fault{{Method: http.MethodPost, PathContains: "/credentials"}, {Method: http.MethodPatch, PathContains: "/api/v2/clients/"}},
		finish: []sim.Fault{{Method: http.MethodPatch, PathContains: "/api/v2/clients/"}, {Method: http.MethodDelete, PathContains: "/credentials/"}}}
	if !keyClient {
		v.label, v.flags, v.lostAnswerEnds, v.nothingToFinish = "auth0-secret", []string{"--allow-immediate-rotation"}, true, true
		v.begin, v.finish = []sim.Fault{{Method: http.MethodPost, PathContains: "/rotate-secret"}}, nil
	}
	v.start = func(t *testing.T, faults *sim.Faults, wrap func(http.Handler) http.Handler) (string, string, crashView) {
		// The tenant's domain is the listener's, so that the audience
		// credkit asks for by default is the simulator's.
		srv := httptest.NewUnstartedServer(nil)
		s := simauth0.New(&simauth0.Options{Clock: clock, Seed: demoSeed, Faults: faults, Domain: srv.Listener.Addr().String()})
		srv.Config.Handler = wrapped(s, wrap)
		srv.Start()
		t.Cleanup(srv.Close)
		id, secret := s.AdminCredentials()
		t.Setenv(envAuth0Domain, srv.URL)
		t.Setenv(envAuth0ClientID, id)
		t.Setenv(envAuth0ClientSecret, secret)
		var client, clientSecret string
		if keyClient {
			key, err := simauth0.NewKey()
			require.NoError(t, err)
			client, _ = s.CreateKeyClient("crash-client", &key.PublicKey)
			clientSecret = simauth0.PrivatePEM(key)
		} else {
			client, clientSecret = s.CreateClient("crash-client")
		}
		return client, clientSecret, crashView{
			works: s.CredentialWorks,
			secrets: func(c string) int {
				if keyClient {
					return s.CredentialCount(c)
				}
				return 1
			},
			clients: func(string) []string { return []string{client} },
		}
	}
	return v
}

// wrapped is h served through wrap, if any.
func wrapped(h http.Handler, wrap func(http.Handler) http.Handler) http.Handler {
	if wrap == nil {
		return h
	}
	return wrap(h)
}

// crashCell is one cell of the matrix: where the process dies.
type crashCell struct {
	step  string // "begin" or "finish"
	point string // "before-request", "vendor-acted-no-answer", "after-answer"
	// hook is the crash point at which the rotation's goroutine stops.
	hook string
	// fault, if set, drops the answer of the request after the vendor
	// acted on it.
	fault *sim.Fault
}

func crashCells(v crashVendor) []crashCell {
	cells := []crashCell{{step: "begin", point: "before-request", hook: rotations.CrashBeforeRequest}}
	for _, f := range v.begin {
		f.Kind = sim.FaultDropAfter
		cells = append(cells, crashCell{step: "begin", point: "vendor-acted-no-answer " + f.Method + " " + f.PathContains, hook: rotations.CrashAfterAnswer, fault: &f})
	}
	cells = append(cells, crashCell{step: "begin", point: "after-answer", hook: rotations.CrashAfterAnswer})
	if v.nothingToFinish {
		return cells
	}
	cells = append(cells, crashCell{step: "finish", point: "before-request", hook: rotations.CrashFinishBefore})
	for _, f := range v.finish {
		f.Kind = sim.FaultDropAfter
		cells = append(cells, crashCell{step: "finish", point: "vendor-acted-no-answer " + f.Method + " " + f.PathContains, hook: rotations.CrashFinishAfter, fault: &f})
	}
	return append(cells, crashCell{step: "finish", point: "after-answer", hook: rotations.CrashFinishAfter})
}

// crashAt makes the journaled rotation stop for good at point, once, as
// a killed process would: nothing after it runs for that rotation (its
// goroutine ends; the journal and the lock are left as they are until the
// command returns, as the kernel would release the lock).
func crashAt(t *testing.T, point string) *atomic.Bool {
	t.Helper()
	var fired atomic.Bool
	crashHook = func(p string) {
		if p == point && fired.CompareAndSwap(false, true) {
			runtime.Goexit()
		}
	}
	t.Cleanup(func() { crashHook = nil })
	return &fired
}

// lastSecret is the last secret --secret-file holds for the client, and
// the client that holds it.
func lastSecret(t *testing.T, path string, vendor unified.Vendor, client string) (holder, secret string) {
	t.Helper()
	f, err := os.Open(path)
	require.NoError(t, err)
	defer func() { require.NoError(t, f.Close()) }()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if fields := strings.Fields(sc.Text()); len(fields) == 4 && fields[0] == string(vendor) && fields[1] == client {
			holder, secret = fields[2], rotations.DecodeSecret(fields[3]).Reveal()
		}
	}
	return holder, secret
}

// TestCrashMatrix kills a journaled rotation at every step and crash
// point of every vendor, then completes it with new runs (a fresh provider,
// the journal re-opened): every cell must end with the client holding
// exactly one working secret, the one --secret-file gave the user, the old
// secret retired, no orphan client and an empty journal.
func TestCrashMatrix(t *testing.T) {
	total, recovered := 0, 0
	var report []string
	for _, dest := range []string{destFile, destStdout} {
		for _, v := range crashVendors {
			for _, cell := range crashCells(v) {
				row := cmp.Or(v.label, string(v.vendor))
				name := fmt.Sprintf("%s/%s/%s/%s", dest, row, cell.step, cell.point)
				total++
				ok := t.Run(name, func(t *testing.T) { runCrashCell(t, v, cell, dest) })
				if ok {
					recovered++
				}
				report = append(report, fmt.Sprintf("%-6s %-12s %-7s %-45s %v", dest, row, cell.step, cell.point, map[bool]string{true: "recovered", false: "LOST"}[ok]))
			}
		}
	}
	t.Logf("crash matrix: %d/%d recovered\n%s", recovered, total, strings.Join(report, "\n"))
}

// Where the user asked for the new secret: --secret-file FILE, or stdout
// alone (--show-secret).
const (
	destFile   = "file"
	destStdout = "stdout"
)

// crashUser is what the user of a crash cell holds: the secret file, or
// everything the runs printed on stdout.
type crashUser struct {
	dest, secrets string
	printed       strings.Builder
}

// run runs credkit and keeps what it printed.
func (u *crashUser) run(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	code, stdout, stderr := runCLI(t, args...)
	u.printed.WriteString(stdout)
	return code, stdout, stderr
}

// lastSecret is the last new secret the user was given for client, and
// the client that holds it.
func (u *crashUser) lastSecret(t *testing.T, vendor unified.Vendor, client string) (holder, secret string) {
	t.Helper()
	if u.dest == destFile {
		return lastSecret(t, u.secrets, vendor, client)
	}
	for _, p := range printedSecrets(t, u.printed.String()) {
		if p.Vendor == vendor && p.ClientID == client {
			holder, secret = p.NewClientID, p.Secret
		}
	}
	return holder, secret
}

// crashRun is one cell's client, files and commands.
type crashRun struct {
	v                 crashVendor
	client, oldSecret string
	view              crashView
	state             string
	user              *crashUser
	rotate, finish    []string
}

func newCrashRun(t *testing.T, v crashVendor, dest string, faults *sim.Faults, wrap func(http.Handler) http.Handler) *crashRun {
	r := &crashRun{v: v}
	r.client, r.oldSecret, r.view = v.start(t, faults, wrap)
	dir := t.TempDir()
	r.state = filepath.Join(dir, "state.json")
	r.user = &crashUser{dest: dest, secrets: filepath.Join(dir, "secrets.txt")}
	r.rotate = []string{"secrets", "rotate", "--vendor", string(v.vendor), r.client, "--state", r.state, "-o", "json"}
	if dest == destFile {
		r.rotate = append(r.rotate, "--secret-file", r.user.secrets)
	} else {
		r.rotate = append(r.rotate, "--show-secret")
	}
	r.rotate = append(r.rotate, v.flags...)
	r.finish = []string{"secrets", "finish", "--vendor", string(v.vendor), "--state", r.state, "-o", "json"}
	return r
}

func runCrashCell(t *testing.T, v crashVendor, cell crashCell, dest string) {
	testEnv(t)
	faults := sim.NewFaults(0, 1)
	r := newCrashRun(t, v, dest, faults, nil)
	if cell.step == "finish" {
		code, _, stderr := r.user.run(t, r.rotate...)
		require.Equal(t, 0, code, stderr)
	}
	fired := crashAt(t, cell.hook)
	if cell.fault != nil {
		faults.Script(*cell.fault)
	}
	if cell.step == "begin" {
		r.user.run(t, r.rotate...)
	} else {
		r.user.run(t, r.finish...)
	}
	require.True(t, fired.Load() || cell.fault != nil && (cell.step == "finish" || v.lostAnswerEnds), "the crash point was reached")
	crashHook = nil
	r.recoverAndCheck(t, cell.step)
}

// recoverAndCheck runs what a user runs after a crash in step: new runs
// complete (or roll back and redo) the rotation. Then the client must hold
// exactly one working secret, the one the user was given, the old secret
// retired, no orphan client and an empty journal.
func (r *crashRun) recoverAndCheck(t *testing.T, step string) {
	t.Helper()
	v, user := r.v, r.user
	if step == "begin" {
		code, stdout, stderr := user.run(t, r.rotate...)
		if code != 0 && user.dest == destStdout {
			// Only stdout has the secret: the user follows the advice and
			// gives back the last one printed.
			require.Contains(t, stderr, "--new-secret-env "+resumeEnv, "the advice says how to resume")
			_, printed := user.lastSecret(t, v.vendor, r.client)
			require.NotEmpty(t, printed, "the secret was printed before the crash")
			t.Setenv(resumeEnv, printed)
			code, stdout, stderr = user.run(t, append(r.rotate, "--new-secret-env", resumeEnv)...)
		}
		require.Equal(t, 0, code, "rotate again: %s %s", stdout, stderr)
	}
	code, stdout, stderr := user.run(t, r.finish...)
	require.Equal(t, 0, code, "finish: %s %s", stdout, stderr)

	require.Empty(t, savedRotations(t, r.state), "the journal is empty")
	holder, secret := user.lastSecret(t, v.vendor, r.client)
	require.NotEmpty(t, secret, "the user has the new secret")
	require.True(t, r.view.works(holder, secret), "the user's secret works")
	require.Equal(t, 1, r.view.secrets(holder), "exactly one secret")
	require.False(t, r.view.works(r.client, r.oldSecret), "the old secret is retired")
	if v.vendor == unified.Vendor("sailpoint") {
		require.Equal(t, []string{holder}, r.view.clients("crash-client"), "no orphan client")
	}
}

// hangAt holds the answer of the first request that matches, once armed,
// until the client goes away, so that a real process can be killed there:
// with after, the simulator acts on the request first (the vendor acted,
// no answer came); without, it never sees it.
type hangAt struct {
	match   sim.Fault
	after   bool
	armed   atomic.Bool
	fired   atomic.Bool
	reached chan struct{}
}

func (h *hangAt) wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !h.armed.Load() || !h.match.Matches(r) || !h.fired.CompareAndSwap(false, true) {
			next.ServeHTTP(w, r)
			return
		}
		if h.after {
			next.ServeHTTP(httptest.NewRecorder(), r)
		}
		// The server notices the client gone only once the body is read.
		_, _ = io.Copy(io.Discard, r.Body)
		close(h.reached)
		<-r.Context().Done()
	})
}

// killCells are the requests of each step that change something at the
// vendor, each with the process killed while it waits for the answer,
// before and after the vendor acted.
func killCells(v crashVendor) []crashCell {
	var cells []crashCell
	for step, reqs := range map[string][]sim.Fault{"begin": v.begin, "finish": v.finish} {
		for _, f := range reqs {
			for _, point := range []string{"killed before the vendor acted", "killed after the vendor acted"} {
				cells = append(cells, crashCell{step: step, point: point + " " + f.Method + " " + f.PathContains, fault: &f})
			}
		}
	}
	slices.SortFunc(cells, func(a, b crashCell) int { return cmp.Compare(a.step+a.point, b.step+b.point) })
	return cells
}

// TestKilledProcessRecovers kills a real credkit process (SIGKILL) while
// it waits for the answer of each request that changes something, before
// and after the vendor acted on it, for every vendor and both destinations
// of the new secret; new runs must then complete the rotation as in the
// crash matrix. The kernel, not credkit, releases the lock.
func TestKilledProcessRecovers(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := buildCLI(t)
	total, recovered := 0, 0
	for _, dest := range []string{destFile, destStdout} {
		for _, v := range crashVendors {
			for _, cell := range killCells(v) {
				total++
				name := fmt.Sprintf("%s/%s/%s/%s", dest, cmp.Or(v.label, string(v.vendor)), cell.step, cell.point)
				if t.Run(name, func(t *testing.T) { runKillCell(t, bin, v, cell, dest) }) {
					recovered++
				}
			}
		}
	}
	t.Logf("killed processes: %d/%d recovered", recovered, total)
}

func runKillCell(t *testing.T, bin string, v crashVendor, cell crashCell, dest string) {
	testEnv(t)
	// The process reads the system clock: the simulators must too.
	clock = sim.SystemClock{}
	hang := &hangAt{match: *cell.fault, after: strings.Contains(cell.point, "after"), reached: make(chan struct{})}
	r := newCrashRun(t, v, dest, sim.NewFaults(0, 1), hang.wrap)
	if cell.step == "finish" {
		code, _, stderr := r.user.run(t, r.rotate...)
		require.Equal(t, 0, code, stderr)
	}
	hang.armed.Store(true)
	args := r.rotate
	if cell.step == "finish" {
		args = r.finish
	}
	var stdout, stderr bytes.Buffer
	cmd := exec.Command(bin, args...)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	require.NoError(t, cmd.Start())
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	select {
	case <-hang.reached:
	case err := <-exited:
		t.Fatalf("credkit ended before the request: %v\n%s%s", err, stdout.String(), stderr.String())
	case <-time.After(time.Minute):
		t.Fatal("credkit never sent the request")
	}
	require.NoError(t, cmd.Process.Kill())
	require.Error(t, <-exited, "killed while its request hung")
	r.user.printed.WriteString(stdout.String())
	r.recoverAndCheck(t, cell.step)
}
