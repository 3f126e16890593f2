package main

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// runningSim runs `credkit sim` in-process until the test ends, and
// returns the variables of its export lines and the demo client IDs by
// vendor and name.
func runningSim(t *testing.T, args ...string) (env map[string]string, ids map[string]string, stop func() (int, string)) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	var errOut syncBuffer
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, append([]string{"sim"}, args...), pw, &errOut)
		_ = pw.Close() // a PipeWriter's Close always returns nil
	}()
	env, ids = map[string]string{}, map[string]string{}
	client := regexp.MustCompile(`^#   (\S+)\s+(\S+)`)
	vendorLine := regexp.MustCompile(`^# (okta|sailpoint|vmwarecsp|auth0)\s+http://`)
	vendor := ""
	sc := bufio.NewScanner(pr)
	for sc.Scan() {
		line := sc.Text()
		if m := vendorLine.FindStringSubmatch(line); m != nil {
			vendor = m[1]
		} else if m := client.FindStringSubmatch(line); m != nil && vendor != "" && !strings.HasPrefix(m[1], "credkit") {
			ids[vendor+"/"+m[1]] = m[2]
		}
		if rest, ok := strings.CutPrefix(line, "export "); ok {
			for _, kv := range strings.Fields(rest) {
				k, v, _ := strings.Cut(kv, "=")
				env[k] = v
			}
			if strings.HasPrefix(rest, envAuth0Domain) {
				vendor = ""
			}
		}
		if strings.HasPrefix(line, "# Then, for example:") {
			break
		}
	}
	go func() { _, _ = io.Copy(io.Discard, pr) }()
	stopped := false
	stop = func() (int, string) {
		if !stopped {
			stopped = true
			cancel()
		}
		select {
		case code := <-done:
			return code, errOut.String()
		case <-time.After(10 * time.Second):
			t.Fatal("credkit sim did not stop")
			return 0, ""
		}
	}
	t.Cleanup(func() {
		if !stopped {
			stop()
		}
	})
	return env, ids, stop
}

// The tour: credkit sim, its environment, then secrets rotate and
// audit against it, for Okta and CSP; Ctrl-C stops it cleanly.
func TestSimEndToEnd(t *testing.T) {
	testEnv(t)
	env, ids, stop := runningSim(t)
	for _, name := range []string{envOktaOrgURL, envOktaToken, envSailBaseURL, envSailClientID, envSailSecret, envCSPURL, envCSPToken, envCSPOrgID, envAuth0Domain, envAuth0ClientID, envAuth0ClientSecret} {
		require.NotEmpty(t, env[name], name)
		t.Setenv(name, env[name])
	}
	require.Len(t, ids, 9)
	legacy := ids["okta/legacy-batch"]
	require.Equal(t, "0oa7JvxRxUsDXaMTrShf", legacy)

	// Okta: the old secret breaks the policy; rotate; finish; the policy holds.
	oktaApps := []string{ids["okta/billing-api"], legacy, ids["okta/partner-portal"]}
	code, stdout, stderr := runCLI(t, append([]string{"audit", "--vendor", "okta"}, oktaApps...)...)
	require.Equal(t, 1, code)
	require.NotContains(t, stderr, "in-process simulator", "the environment points at credkit sim")
	require.Contains(t, stdout, "BREACH secret is 400d old")
	code, stdout, stderr = runCLI(t, "secrets", "rotate", "--vendor", "okta", legacy)
	require.Equal(t, 0, code, stderr)
	require.Contains(t, stdout, legacy+"  begun")
	finish := regexp.MustCompile(`finish: (credkit secrets finish .*)\n`).FindStringSubmatch(stderr)
	require.NotNil(t, finish, stderr)
	code, _, stderr = runCLI(t, strings.Fields(finish[1])[1:]...)
	require.Equal(t, 0, code, stderr)
	code, stdout, stderr = runCLI(t, "audit", "--vendor", "okta", legacy)
	require.Equal(t, 0, code, stdout+stderr)

	// CSP, over every app the organization lists.
	cspLegacy := ids["vmwarecsp/legacy-batch"]
	code, stdout, stderr = runCLI(t, "secrets", "rotate", "--vendor", "vmwarecsp", cspLegacy, "--show-secret")
	require.Equal(t, 0, code, stderr)
	require.Contains(t, stdout, cspLegacy+"  begun")
	code, stdout, _ = runCLI(t, "audit", "--vendor", "vmwarecsp")
	require.Equal(t, 1, code, "the default journal shows the rotation CSP does not: %s", stdout)
	require.Contains(t, stdout, "legacy-batch")
	require.Contains(t, stdout, "BREACH a rotation saved in the journal is not finished: credkit secrets finish --vendor vmwarecsp\n")

	// SailPoint, with consent to the new client ID.
	spLegacy := ids["sailpoint/legacy-batch"]
	code, _, stderr = runCLI(t, "secrets", "rotate", "--vendor", "sailpoint", spLegacy, "--allow-new-client-id", "--show-secret")
	require.Equal(t, 0, code, stderr)
	code, stdout, _ = runCLI(t, "audit", "--vendor", "sailpoint")
	require.Equal(t, 1, code, "the old client is still there until finished")
	require.Contains(t, stdout, spLegacy)

	// Auth0: a private_key_jwt client rotates with overlap; a client-secret
	// client only at once, with consent.
	a0Billing, a0Legacy := ids["auth0/billing-api"], ids["auth0/legacy-batch"]
	code, stdout, stderr = runCLI(t, "secrets", "rotate", "--vendor", "auth0", a0Billing, "--show-secret", "-o", "json")
	require.Equal(t, 0, code, stderr)
	require.Contains(t, stdout, "-----BEGIN PRIVATE KEY-----", "the new private key is shown once")
	code, stdout, stderr = runCLI(t, "keys", "list", "--vendor", "auth0", a0Billing)
	require.Equal(t, 0, code, stderr)
	require.Equal(t, 2, strings.Count(stdout, "ACTIVE"), "old and new keys both work until finished: %s", stdout)
	code, stdout, stderr = runCLI(t, "secrets", "rotate", "--vendor", "auth0", a0Legacy, "--show-secret")
	require.Equal(t, 1, code)
	require.Contains(t, stdout+stderr, "--allow-immediate-rotation")
	code, stdout, stderr = runCLI(t, "secrets", "rotate", "--vendor", "auth0", a0Legacy, "--show-secret", "--allow-immediate-rotation")
	require.Equal(t, 0, code, stderr)
	require.Contains(t, stdout, a0Legacy)
	_, stdout, stderr = runCLI(t, "audit", "--vendor", "auth0")
	require.Contains(t, stdout, "legacy-batch", stderr)
	require.Contains(t, stdout, "billing-api")

	code, stderr = stop()
	require.Equal(t, 0, code)
	require.Equal(t, "credkit sim: stopped\n", stderr)
	resp, err := http.Get(env[envOktaOrgURL])
	if err == nil {
		resp.Body.Close()
	}
	require.Error(t, err, "the simulators are shut down")
}

func TestSimAddrs(t *testing.T) {
	got, err := simAddrs("127.0.0.1:0")
	require.NoError(t, err)
	require.Equal(t, []string{"127.0.0.1:0", "127.0.0.1:0", "127.0.0.1:0", "127.0.0.1:0"}, got)
	got, err = simAddrs("localhost:8100")
	require.NoError(t, err)
	require.Equal(t, []string{"localhost:8100", "localhost:8101", "localhost:8102", "localhost:8103"}, got)
	got, err = simAddrs("[::1]:9000")
	require.NoError(t, err)
	require.Equal(t, "[::1]:9002", got[2])
	for _, bad := range []string{"0.0.0.0:0", "example.com:80", ":8080", "127.0.0.1", "127.0.0.1:65533", "127.0.0.1:x"} {
		_, err := simAddrs(bad)
		require.Error(t, err, bad)
	}
}

// The printed output is a shell script: comments and export lines only.
func TestSimOutputIsSourceable(t *testing.T) {
	testEnv(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel() // print, then stop at once
	var out, errOut syncBuffer
	require.Equal(t, 0, run(ctx, []string{"sim"}, &out, &errOut))
	for _, line := range lines(out.String()) {
		require.True(t, strings.HasPrefix(line, "#") || strings.HasPrefix(line, "export "), line)
	}
	require.Contains(t, out.String(), "#   credkit secrets rotate --vendor sailpoint d3578938f17bf8b04b37f0189d7bb45e --allow-new-client-id --show-secret\n")
	require.Contains(t, out.String(), "#   credkit audit --vendor okta 0oaY9AUKRJJQyDPy26g5 0oa7JvxRxUsDXaMTrShf 0oaWMLpfiMNlyG1Ry8M0\n")
}

// syncBuffer is a strings.Builder safe for a writer and a reader at once.
type syncBuffer struct {
	mu  sync.Mutex
	buf strings.Builder
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.buf.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.buf.String()
}
