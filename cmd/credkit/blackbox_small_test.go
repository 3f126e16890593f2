package main

import (
	"bufio"
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/credkit/credkit/internal/rotations"
	"github.com/credkit/credkit/sim"
	"github.com/credkit/credkit/unified"
)

// TestBlackboxSmallDefects runs the built credkit, a real process, against
// the simulators (or a lying server in front of one) for each of the
// smaller defects of issue 26: the library tests name each in its part.
// Every rotation gets a journal of its own (--state in a temp folder).
func TestBlackboxSmallDefects(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := buildCLI(t)
	t.Run("server IDs are checked at begin", func(t *testing.T) { blackboxServerIDs(t, bin) })
	t.Run("a secret file of another user", func(t *testing.T) { blackboxSecretFileOfAnotherUser(t, bin) })
	t.Run("no part of a secret in the journal", func(t *testing.T) { blackboxNoPartOfASecret(t, bin) })
	t.Run("the lock holder is named from the lock", func(t *testing.T) { blackboxLockHolder(t, bin) })
	t.Run("the journal knows its tenant", func(t *testing.T) { blackboxTenant(t, bin) })
}

// blackboxEnv is testEnv for a test whose commands run in another process:
// the simulators read the system clock, as the process does.
func blackboxEnv(t *testing.T) {
	t.Helper()
	testEnv(t)
	clock = sim.SystemClock{}
}

// requestLog records every request a simulator receives: its method and
// path as sent (the request URI) and as decoded.
type requestLog struct {
	mu   sync.Mutex
	sent []string
}

func (l *requestLog) add(r *http.Request) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.sent = append(l.sent, r.Method+" "+r.RequestURI, r.Method+" "+r.URL.Path)
}

func (l *requestLog) all() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]string(nil), l.sent...)
}

// recording serves h, recording every request in log.
func (l *requestLog) recording(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		l.add(r)
		h.ServeHTTP(w, r)
	})
}

// began reports whether a request that begins a rotation at v reached the
// vendor.
func (l *requestLog) began(v crashVendor) bool {
	for _, req := range l.all() {
		for _, f := range v.begin {
			if strings.HasPrefix(req, f.Method+" ") && strings.Contains(req, f.PathContains) {
				return true
			}
		}
	}
	return false
}

// lyingSailPoint serves the SailPoint simulator, but names the client a
// rotation creates (its replacement) id, in place of its real ID, in
// every answer: the creation's, and every listing and read after it.
// Every request is logged. real is the replacement's real ID, once made.
type lyingSailPoint struct {
	id  string
	log *requestLog
	mu  sync.Mutex
	new string
}

func (l *lyingSailPoint) real() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.new
}

func (l *lyingSailPoint) wrap(h http.Handler) http.Handler {
	quoted, _ := json.Marshal(l.id) // a string always encodes
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		l.log.add(r)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, r)
		body := rec.Body.Bytes()
		l.mu.Lock()
		if r.Method == http.MethodPost && r.URL.Path == "/v3/oauth-clients" && rec.Code == http.StatusOK {
			var doc struct{ ID string }
			if json.Unmarshal(body, &doc) == nil {
				l.new = doc.ID
			}
		}
		if l.new != "" {
			body = bytes.ReplaceAll(body, []byte(`"`+l.new+`"`), quoted)
		}
		l.mu.Unlock()
		for k, vs := range rec.Header() {
			w.Header()[k] = vs
		}
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		w.WriteHeader(rec.Code)
		_, _ = w.Write(body)
	})
}

// secretLine is the line --secret-file holds for client: the new client
// named there (empty when credkit knows none) and the secret.
func secretLine(t *testing.T, path string, vendor unified.Vendor, client string) (newClient, secret string, ok bool) {
	t.Helper()
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	sc := bufio.NewScanner(strings.NewReader(string(data)))
	for sc.Scan() {
		// Four fields split on white space, as a deploy script reads
		// them: an unknown new client is "-", never an empty field.
		if f := strings.Fields(sc.Text()); len(f) == 4 && f[0] == string(vendor) && f[1] == client {
			newClient, secret, ok = f[2], rotations.DecodeSecret(f[3]).Reveal(), true
			if newClient == "-" {
				newClient = ""
			}
		}
	}
	return newClient, secret, ok
}

// 1. A vendor that answers a rotation with a new client ID that cannot be
// one (SailPoint's replacement client, through a lying server in front of
// the simulator): credkit keeps the new secret (on stdout and in
// --secret-file: the one the vendor made), exits 1 with a message that
// does not quote the ID, journals the rotation as pending without the ID
// (it appears nowhere in the --state file), and a later finish sends no
// request to a path built from it; the old client keeps working.
func blackboxServerIDs(t *testing.T, bin string) {
	tests := []struct{ name, id string }{
		{"path steps", "../../../users/x"},
		{"a slash", "a/b"},
		{"escaped dots", "%2e%2e"},
		{"a query", "x?y"},
		{"10 KB", strings.Repeat("z", 10<<10)},
		{"control characters", "ab\x1b[31mcd\x00e"},
		{"empty", ""},
	}
	v := crashVendorOf(t, unified.Vendor("sailpoint"))
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			blackboxEnv(t)
			log := &requestLog{}
			liar := &lyingSailPoint{id: tt.id, log: log}
			client, oldSecret, view := v.start(t, nil, liar.wrap)
			state := filepath.Join(t.TempDir(), "state.json")
			secrets := filepath.Join(t.TempDir(), "secrets.txt")
			code, stdout, stderr, _ := runTimed(t, bin, "secrets", "rotate", "--vendor", "sailpoint", client, "--allow-new-client-id",
				"--state", state, "--secret-file", secrets, "--show-secret")
			require.Equal(t, 1, code, stderr)
			realNew := liar.real()
			require.NotEmpty(t, realNew, "the vendor made a replacement client")
			journal, err := os.ReadFile(state)
			require.NoError(t, err)
			saved := savedRotations(t, state)[client]
			require.NotNil(t, saved, "the journal keeps the rotation")
			require.Equal(t, unified.PhasePending, saved.Phase)
			require.Empty(t, saved.NewClientID)
			require.Empty(t, saved.New.ClientID)
			require.Empty(t, saved.New.ID)
			if tt.id == "" {
				// The vendor named no client: the rotation failed, its
				// replacement is an orphan the message points at.
				require.Contains(t, stderr, "credkit: rotating "+client+": sailpoint RotateSecret: Internal: the rotation never learned its replacement client")
			} else {
				require.Contains(t, stderr, "credkit: rotating "+client+": sailpoint RotateSecret: Internal: the vendor answered with a new client ID that cannot be an ID (invalid_id); the rotation is kept pending without it")
				require.NotContains(t, stdout+stderr, tt.id, "the ID is not quoted")
				require.NotContains(t, stdout+stderr, "\x1b")
				for _, form := range []string{tt.id, jsonText(t, tt.id)} {
					require.NotContains(t, string(journal), form, "the --state file holds no part of the ID")
				}
				// The secret is never lost: shown, and in --secret-file,
				// and it is the replacement client's.
				holder, secret, ok := secretLine(t, secrets, "sailpoint", client)
				require.True(t, ok, "--secret-file holds the new secret")
				require.Empty(t, holder, "with no client ID")
				require.Contains(t, stdout, "new-secret sailpoint "+client+" - "+secret+"\n")
				require.True(t, view.works(realNew, secret), "the secret kept is the replacement client's")
			}

			sent := len(log.all())
			code, _, stderr, _ = runTimed(t, bin, "secrets", "finish", "--vendor", "sailpoint", "--state", state)
			require.Equal(t, 1, code, stderr)
			require.Contains(t, stderr, "credkit: finishing the rotation of "+client+": sailpoint FinishRotation: FailedPrecondition: the rotation never learned its replacement client")
			if tt.id != "" {
				for _, req := range log.all()[sent:] {
					for _, form := range []string{tt.id, url.PathEscape(tt.id), url.QueryEscape(tt.id)} {
						require.NotContains(t, req, form, "no request to a path built from the ID")
					}
				}
			}
			require.True(t, view.works(client, oldSecret), "the old client still works: nothing was retired")
			t.Logf("%s: rotate and finish exit 1: %s", tt.name, lastLine(stderr))
		})
	}
}

// jsonText is s as a JSON string holds it, without the quotes.
func jsonText(t *testing.T, s string) string {
	t.Helper()
	b, err := json.Marshal(s)
	require.NoError(t, err)
	return string(b[1 : len(b)-1])
}

// 2. A --secret-file that another user owns (0600, in a sticky folder
// anyone can write, as /tmp is): its owner can read it or swap it, so the
// rotation is refused before any request that begins one, naming the flag
// and the owner; the file stays empty and the client keeps its one
// secret. credkit runs as root, whom no mode refuses.
func blackboxSecretFileOfAnotherUser(t *testing.T, bin string) {
	if os.Geteuid() != 0 {
		t.Skip("SKIPPED: giving a file to another user (uid 65534) needs root")
	}
	for _, v := range crashVendors {
		t.Run(cmp.Or(v.label, string(v.vendor)), func(t *testing.T) {
			blackboxEnv(t)
			log := &requestLog{}
			client, oldSecret, view := v.start(t, nil, log.recording)
			shared := filepath.Join(t.TempDir(), "shared")
			require.NoError(t, os.Mkdir(shared, 0o755))
			require.NoError(t, os.Chmod(shared, os.ModeSticky|0o777))
			secrets := filepath.Join(shared, "secrets.txt")
			require.NoError(t, os.WriteFile(secrets, nil, 0o600))
			require.NoError(t, os.Chown(secrets, 65534, 65534))
			state := filepath.Join(t.TempDir(), "state.json")

			args := append([]string{"secrets", "rotate", "--vendor", string(v.vendor), client, "--state", state, "--secret-file", secrets}, v.flags...)
			code, stdout, stderr, _ := runTimed(t, bin, args...)
			require.Contains(t, []int{1, 2}, code, stderr)
			require.Contains(t, stderr, "credkit: opening --secret-file: "+secrets+" belongs to another user (uid 65534): name a file of your own")
			require.False(t, log.began(v), "no rotation request reached the vendor: %v", log.all())
			require.Empty(t, stdout)
			info, err := os.Stat(secrets)
			require.NoError(t, err)
			require.Zero(t, info.Size(), "the file is untouched")
			require.Empty(t, savedRotations(t, state), "nothing began")
			require.True(t, view.works(client, oldSecret))
			t.Logf("exit %d: %s", code, lastLine(stderr))
		})
	}
}

// 3. No part of a secret reaches the journal: a rotation through the
// binary at every vendor whose rotation shows a secret, with --state, its
// new secret going to --secret-file or to stdout, leaves a --state file (read as it is on disk, before any
// finish) that holds no four characters in a row of the new secret, nor
// of the old, in particular not the new secret's last four (a hint made
// of them was stored once).
func blackboxNoPartOfASecret(t *testing.T, bin string) {
	for _, dest := range []string{destFile, destStdout} {
		for _, v := range crashVendors {
			t.Run(dest+"/"+cmp.Or(v.label, string(v.vendor)), func(t *testing.T) { noPartOfASecret(t, bin, v, dest) })
		}
	}
}

// noPartOfASecret rotates a client of v, its new secret going to dest,
// and checks the journal.
func noPartOfASecret(t *testing.T, bin string, v crashVendor, dest string) {
	blackboxEnv(t)
	client, oldSecret, view := v.start(t, nil, nil)
	dir := t.TempDir()
	state := filepath.Join(dir, "state.json")
	secrets := filepath.Join(t.TempDir(), "secrets.txt")
	args := append([]string{"secrets", "rotate", "--vendor", string(v.vendor), client, "--state", state}, v.flags...)
	if dest == destFile {
		args = append(args, "--secret-file", secrets)
	} else {
		args = append(args, "--show-secret")
	}
	code, stdout, stderr, _ := runTimed(t, bin, args...)
	require.Equal(t, 0, code, stderr)
	var holder, secret string
	if dest == destFile {
		holder, secret = lastSecret(t, secrets, v.vendor, client)
	} else {
		for _, p := range printedSecrets(t, stdout) {
			holder, secret = p.NewClientID, p.Secret
		}
	}
	require.NotEmpty(t, secret)
	require.True(t, view.works(holder, secret), "the secret kept is the new one")
	if !v.nothingToFinish {
		require.Len(t, savedRotations(t, state), 1, "the journal holds the rotation until it is finished")
	}
	files, err := os.ReadDir(dir)
	require.NoError(t, err)
	for _, f := range files {
		data, err := os.ReadFile(filepath.Join(dir, f.Name()))
		require.NoError(t, err)
		for _, s := range []struct{ name, value string }{{"new", secret}, {"old", oldSecret}} {
			if part := partOf(s.value, string(data)); part != "" {
				t.Errorf("%s holds %q, part of the %s secret", f.Name(), part, s.name)
			}
		}
		last := secret[len(secret)-4:]
		require.NotContains(t, string(data), "…"+last, "no hint made of the new secret's last four characters")
		if !digitsOnly(last) {
			require.NotContains(t, string(data), last, "not even the new secret's last four characters")
		}
	}
	t.Logf("%s: journal checked against a %d-character new secret", client, len(secret))
}

// partOf is a run of at least four characters of secret that text holds
// ("" when none). A run of digits alone is not looked for: the journal's
// times, tenant port and temp folder names change each run, and match four
// digits of a secret by chance (seen once in 15 runs); every run with a
// letter or sign is. In a PEM key, only its base64 body counts, and a run
// of eight: four characters of a 1.7 KB random body match random text (an
// ID, a thumbprint) by chance some times in a hundred.
func partOf(secret, text string) string {
	n := 4
	if body, ok := pemBody(secret); ok {
		if strings.Contains(text, "PRIVATE KEY") {
			return "PRIVATE KEY"
		}
		secret, n = body, 8
	}
	for i := 0; i+n <= len(secret); i++ {
		if w := secret[i : i+n]; !digitsOnly(w) && strings.Contains(text, w) {
			return w
		}
	}
	return ""
}

// digitsOnly reports whether s is made of decimal digits alone.
func digitsOnly(s string) bool {
	return strings.Trim(s, "0123456789") == ""
}

// pemBody is the base64 of a PEM block, without its header, footer and
// line breaks.
func pemBody(s string) (string, bool) {
	if !strings.HasPrefix(s, "-----BEGIN ") {
		return "", false
	}
	var body strings.Builder
	for _, line := range strings.Split(s, "\n") {
		if !strings.HasPrefix(line, "-----") {
			body.WriteString(line)
		}
	}
	return body.String(), true
}

// 4. A waiter names the holder of the --state lock as the kernel does,
// never from the lock file's text, which anyone who can write it could
// forge: the file says "pid 1 (sshd)" with an escape sequence, this test
// process holds the lock, and the binary names this process, with none of
// the forged text nor its escape bytes.
func blackboxLockHolder(t *testing.T, bin string) {
	blackboxEnv(t)
	t.Setenv(envOktaOrgURL, "http://127.0.0.1:1") // never reached
	t.Setenv(envOktaToken, hostileToken)
	state := filepath.Join(t.TempDir(), "rotations.json")
	const forged = "pid 1 (sshd)\x1b[31m\x07\n"
	require.NoError(t, os.WriteFile(state+".lock", []byte(forged), 0o600))
	lock, err := os.OpenFile(state+".lock", os.O_RDWR, 0)
	require.NoError(t, err)
	t.Cleanup(func() { require.NoError(t, lock.Close()) })
	require.NoError(t, syscall.Flock(int(lock.Fd()), syscall.LOCK_EX|syscall.LOCK_NB))

	code, stdout, stderr, _ := runTimed(t, bin, "secrets", "rotate", "--vendor", "okta", "0oa-app", "--state", state, "--state-wait", "0s")
	require.Equal(t, 1, code, stderr)
	require.Contains(t, stderr, fmt.Sprintf("%s.lock (held by pid %d (", state, os.Getpid()), "this process, named by the kernel")
	for _, bad := range []string{"sshd", "pid 1 ", "\x1b", "\x07", "[31m"} {
		require.NotContains(t, stdout+stderr, bad, "nothing of the lock file's text")
	}
	data, err := os.ReadFile(state + ".lock")
	require.NoError(t, err)
	require.Equal(t, forged, string(data), "the waiter did not touch the lock file")
	t.Logf("exit %d: %s", code, lastLine(stderr))
}

// 5. A journal knows its tenant: two Okta simulators whose IDs collide
// (the same seed, as cloned sandboxes); a rotation begun against the
// first is left alone by a finish against the second (its one secret
// still works, the record is kept, and the run says so), and finishes
// against the first.
func blackboxTenant(t *testing.T, bin string) {
	blackboxEnv(t)
	v := crashVendorOf(t, unified.Vendor("okta"))
	client, oldFirst, first := v.start(t, nil, nil)
	firstURL := os.Getenv(envOktaOrgURL)
	state := filepath.Join(t.TempDir(), "rotations.json")
	secrets := filepath.Join(t.TempDir(), "secrets.txt")
	code, _, stderr, _ := runTimed(t, bin, "secrets", "rotate", "--vendor", "okta", client, "--state", state, "--secret-file", secrets)
	require.Equal(t, 0, code, stderr)
	_, newFirst := lastSecret(t, secrets, "okta", client)

	twin, oldTwin, second := v.start(t, nil, nil) // the environment now points at the twin
	require.Equal(t, client, twin, "the IDs collide")
	require.NotEqual(t, firstURL, os.Getenv(envOktaOrgURL))
	code, _, stderr, _ = runTimed(t, bin, "secrets", "finish", "--vendor", "okta", "--state", state)
	require.Equal(t, 0, code, stderr)
	require.Contains(t, stderr, "1 rotation(s) not recorded against this tenant; this run leaves them alone")
	require.Contains(t, stderr, "nothing to finish")
	require.Equal(t, 1, second.secrets(twin), "the twin's one secret is untouched")
	require.True(t, second.works(twin, oldTwin), "and still works")
	require.Len(t, savedRotations(t, state), 1, "the record is kept")
	require.Equal(t, 2, first.secrets(client), "the first simulator's rotation is still open")

	t.Setenv(envOktaOrgURL, firstURL)
	code, _, stderr, _ = runTimed(t, bin, "secrets", "finish", "--vendor", "okta", "--state", state)
	require.Equal(t, 0, code, stderr)
	require.NotContains(t, stderr, "nothing to finish")
	require.Equal(t, 1, first.secrets(client), "finished against its own tenant")
	require.True(t, first.works(client, newFirst))
	require.False(t, first.works(client, oldFirst), "the old secret is retired")
	require.Empty(t, savedRotations(t, state))
}
