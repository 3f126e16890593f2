package reliability

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"gopkg.in/dnaeon/go-vcr.v3/cassette"

	"github.com/credkit/credkit/internal/recording"

	"github.com/credkit/credkit/unified"
)

// canary is in every credential the leak tests hand to credkit; no output
// may contain it, in clear or base64.
const canary = "credkit-canary-7f3a9c"

// The credentials, each built around the canary.
const (
	oktaToken       = canary + "-okta-api-token"
	oktaSecret      = canary + "-okta-client-secret"
	sailPointSecret = canary + "-sailpoint-admin-secret"
	cspToken        = canary + "-csp-api-token" // CSP's API token, which CSP also calls a refresh token
	cspSecret       = canary + "-Csp-Secret-1!"
	auth0Secret     = canary + "-auth0-admin-secret"
)

// needles are the forms of the canary that count as a leak: as it is, and
// base64 encoded at each of the three alignments (HTTP Basic credentials
// carry it so), standard and URL-safe.
func needles() []string {
	out := []string{canary}
	for pad := range 3 {
		raw := strings.Repeat("x", pad) + canary
		for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.URLEncoding} {
			s := enc.EncodeToString([]byte(raw))
			// keep only the characters that depend on the canary alone
			skip := (pad*4 + 2) / 3
			out = append(out, s[skip+1:len(s)-4])
		}
	}
	return out
}

// haystack collects every output a leak could hide in.
type haystack struct {
	mu      sync.Mutex
	outputs map[string]string
	logJSON bytes.Buffer
	logText bytes.Buffer
	jsonLog *slog.Logger
	textLog *slog.Logger
}

func newHaystack() *haystack {
	h := &haystack{outputs: map[string]string{}}
	h.jsonLog = slog.New(slog.NewJSONHandler(&h.logJSON, &slog.HandlerOptions{Level: slog.LevelDebug}))
	h.textLog = slog.New(slog.NewTextHandler(&h.logText, &slog.HandlerOptions{Level: slog.LevelDebug}))
	return h
}

func (h *haystack) add(label, s string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.outputs[fmt.Sprintf("%03d %s", len(h.outputs), label)] = s
}

// value records v printed every way a program might print it, and logs it.
func (h *haystack) value(label string, v any) {
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q"} {
		h.add(label+" "+verb, fmt.Sprintf(verb, v))
	}
	b, err := json.Marshal(v)
	if err != nil {
		b = []byte(err.Error())
	}
	h.add(label+" json", string(b))
	h.jsonLog.Info(label, "value", v)
	h.textLog.Info(label, "value", v)
}

// result records what an operation returned: its value and its error.
func (h *haystack) result(label string, v any, err error) {
	if v != nil {
		h.value(label, v)
	}
	if err != nil {
		h.add(label+" error", err.Error())
		h.value(label+" err", err)
		h.jsonLog.Error(label, "err", err)
		h.textLog.Error(label, "err", err)
	}
}

// hits returns where any needle appears, and how much was scanned.
func (h *haystack) hits() (hits []string, outputs, scanned int) {
	h.mu.Lock()
	defer h.mu.Unlock()
	all := map[string]string{}
	if h.logJSON.Len() > 0 {
		all["slog JSON handler"], all["slog text handler"] = h.logJSON.String(), h.logText.String()
	}
	for k, v := range h.outputs {
		all[k] = v
	}
	for label, s := range all {
		outputs++
		scanned += len(s)
		for _, n := range needles() {
			if strings.Contains(s, n) {
				hits = append(hits, label)
				break
			}
		}
	}
	return hits, outputs, scanned
}

// requireNoCanary fails on any hit and logs the figures.
func requireNoCanary(t *testing.T, what string, h *haystack) {
	t.Helper()
	hits, outputs, scanned := h.hits()
	t.Logf("canary: %s: %d outputs, %d bytes scanned, %d hits", what, outputs, scanned, len(hits))
	require.Empty(t, hits, "outputs that hold the canary")
}

// TestCanaryNeverLeaks puts the canary in an Okta API token, an Okta
// client secret, a SailPoint admin client secret, a CSP API token (CSP's
// refresh token, which its exchange echoes back) and a CSP client secret,
// and runs operations that succeed and that fail through each provider
// while recording them into cassettes (internal/recording, record mode,
// no literal secrets given to the redactor). It scans every returned value
// and error, printed with every verb, encoded as JSON and logged through
// slog's JSON and text handlers; every saved cassette; and everything the
// credkit command prints, over those cassettes and over an unredacted
// cassette full of canaries, with the canaries in its environment.
func TestCanaryNeverLeaks(t *testing.T) {
	require.NotEmpty(t, needles())
	h := newHaystack()
	dir := t.TempDir()
	scenarios := map[unified.Vendor]func(*testing.T, *haystack, *env, *unified.Provider){
		unified.Okta: oktaCanary, unified.SailPoint: sailPointCanary, unified.VMwareCSP: cspCanary, unified.Auth0: auth0Canary,
	}
	credentials := map[unified.Vendor]string{unified.Okta: oktaToken, unified.SailPoint: sailPointSecret, unified.VMwareCSP: cspToken, unified.Auth0: auth0Secret}
	for _, vendor := range vendors {
		t.Run("record "+string(vendor), func(t *testing.T) {
			t.Setenv(recording.EnvRecord, "1")
			e := newEnv(t, vendor, envOptions{credential: credentials[vendor]})
			session := recording.Start(t, recording.Config{
				Cassette:    filepath.Join(dir, "recorded", string(vendor)+"_canary"),
				Placeholder: "https://" + string(vendor) + ".example.test",
				Live:        func(testing.TB) string { return e.srv.URL },
			})
			require.Equal(t, e.srv.URL, session.BaseURL)
			p, err := e.build(buildOptions{transport: session.Client.Transport})
			require.NoError(t, err)
			h.value(string(vendor)+" provider", p)
			scenarios[vendor](t, h, e, p)
		})
	}
	requireNoCanary(t, "provider values, errors and slog", h)

	cassettes := newHaystack()
	files, err := filepath.Glob(filepath.Join(dir, "recorded", "*.yaml"))
	require.NoError(t, err)
	require.Len(t, files, len(vendors))
	for _, f := range files {
		data, err := os.ReadFile(f)
		require.NoError(t, err)
		require.Greater(t, len(data), 1000)
		require.Contains(t, string(data), "REDACTED", "the redactor replaced the credentials")
		cassettes.add(filepath.Base(f), string(data))
	}
	requireNoCanary(t, "recorded cassettes", cassettes)
	findings, err := recording.Scan(filepath.Join(dir, "recorded"))
	require.NoError(t, err)
	require.Empty(t, findings, "recording.Scan finds nothing live in the recorded cassettes")

	writeRawCassette(t, filepath.Join(dir, "raw", "unredacted"))
	cli := newHaystack()
	bin := buildCredkit(t)
	runCLI(t, cli, bin, cliInvocations(t), 1, filepath.Join(dir, "recorded"), filepath.Join(dir, "raw")) // the raw cassette breaks the specs
	requireNoCanary(t, "credkit command output", cli)

	t.Run("conformance report of a URL holding a token", func(t *testing.T) {
		// CSP accepts its API token as ?refresh_token= (deprecated), so a
		// user's own recording may hold one in a URL.
		name := filepath.Join(dir, "rawurl", "query_token")
		require.NoError(t, os.MkdirAll(filepath.Dir(name), 0o755))
		c := cassette.New(name)
		c.AddInteraction(&cassette.Interaction{
			Request: cassette.Request{Method: "POST", URL: "https://console.cloud.vmware.com/csp/gateway/am/api/auth/api-tokens/authorize?refresh_token=" + cspToken,
				Headers: http.Header{"Content-Type": {"application/x-www-form-urlencoded"}}},
			Response: cassette.Response{Code: 200, Status: "200 OK", Headers: http.Header{"Content-Type": {"application/json"}},
				Body: `{"access_token":"at","expires_in":1799,"token_type":"bearer"}`},
		})
		require.NoError(t, c.Save())
		h := newHaystack()
		runCLI(t, h, bin, nil, -1, filepath.Dir(name))
		requireNoCanary(t, "credkit conformance over a URL holding a token", h)
	})
}

// cliRun is one run of the credkit command.
type cliRun struct {
	args []string
	env  []string // added to the canary environment
}

// cliInvocations starts a simulator per vendor with the canary
// credentials, a client with a canary secret in it where the vendor lets
// the caller choose one, and returns credential commands to run against
// them, succeeding and failing ones.
func cliInvocations(t *testing.T) []cliRun {
	ctx := context.Background()
	o := newEnv(t, unified.Okta, envOptions{credential: oktaToken})
	app, _ := o.newClient()
	_, err := o.provider(t).CreateSecret(ctx, app, &unified.CreateSecretOptions{Value: unified.NewSecret(oktaSecret)})
	require.NoError(t, err)
	s := newEnv(t, unified.SailPoint, envOptions{credential: sailPointSecret})
	client, _ := s.newClient()
	c := newEnv(t, unified.VMwareCSP, envOptions{credential: cspToken})
	capp, _ := c.newClient()
	_, err = c.provider(t).RotateSecret(ctx, capp, &unified.RotateOptions{NewSecret: unified.NewSecret(cspSecret)})
	require.NoError(t, err)

	a := newEnv(t, unified.Auth0, envOptions{credential: auth0Secret})
	keyClient, _ := a.newClient()

	okta := []string{"OKTA_CLIENT_ORGURL=" + o.srv.URL}
	sail := []string{"SAIL_BASE_URL=" + s.srv.URL, "SAIL_CLIENT_ID=" + sailPointAdminID}
	csp := []string{"CSP_URL=" + c.srv.URL, "CSP_ORG_ID=" + c.orgID}
	// The Auth0 simulator's audience is that of its default domain, which
	// the command does not ask for: its runs end at the token endpoint's
	// refusal, with the canary secret sent and in every error path.
	a0 := []string{"AUTH0_DOMAIN=" + a.srv.URL, "AUTH0_CLIENT_ID=" + sailPointAdminID}
	var runs []cliRun
	for _, format := range []string{"table", "json"} {
		runs = append(runs,
			cliRun{[]string{"secrets", "list", "--vendor", "okta", "-o", format, app}, okta},
			cliRun{[]string{"audit", "--vendor", "okta", "-o", format, app}, okta},
			cliRun{[]string{"keys", "list", "--vendor", "okta", "-o", format, app}, okta},
			cliRun{[]string{"tokens", "list", "--vendor", "okta", "-o", format, app}, okta},
			cliRun{[]string{"audit", "--vendor", "sailpoint", "-o", format}, sail},
			cliRun{[]string{"audit", "--vendor", "vmwarecsp", "-o", format, capp}, csp},
			cliRun{[]string{"audit", "--vendor", "auth0", "-o", format}, a0},
			cliRun{[]string{"keys", "list", "--vendor", "auth0", "-o", format, keyClient}, a0},
		)
	}
	runs = append(runs,
		cliRun{[]string{"secrets", "rotate", "--vendor", "okta", app}, okta}, // two secrets already: refused
		cliRun{[]string{"secrets", "list", "--vendor", "okta", app}, append([]string{"OKTA_CLIENT_TOKEN=" + oktaToken + "-wrong"}, okta...)},
		cliRun{[]string{"secrets", "list", "--vendor", "okta", "--api-token", oktaToken + "-flag", app}, okta},
		cliRun{[]string{"secrets", "rotate", "--vendor", "sailpoint", "--allow-new-client-id", client}, sail}, // refused without --show-secret
		cliRun{[]string{"secrets", "rotate", "--vendor", "sailpoint", "--allow-new-client-id", "--show-secret", client}, sail},
		cliRun{[]string{"secrets", "list", "--vendor", "sailpoint", client}, append([]string{"SAIL_CLIENT_SECRET=" + sailPointSecret + "-wrong"}, sail...)},
		cliRun{[]string{"secrets", "rotate", "--vendor", "vmwarecsp", capp}, csp}, // a rotation is open: refused
		cliRun{[]string{"secrets", "finish", "--vendor", "vmwarecsp", capp}, csp},
		cliRun{[]string{"secrets", "rotate", "--vendor", "vmwarecsp", "--show-secret", capp}, csp},
		cliRun{[]string{"secrets", "list", "--vendor", "vmwarecsp", capp}, append([]string{"CSP_API_TOKEN=" + cspToken + "-wrong"}, csp...)},
		cliRun{[]string{"audit", "--vendor", "vmwarecsp", capp}, append([]string{"CSP_CLIENT_ID=app1", "CSP_CLIENT_SECRET=" + cspSecret}, csp...)}, // both credentials: refused
		cliRun{[]string{"secrets", "rotate", "--vendor", "auth0", "--show-secret", keyClient}, a0},
		cliRun{[]string{"secrets", "list", "--vendor", "auth0", keyClient}, append([]string{"AUTH0_CLIENT_SECRET=" + auth0Secret + "-wrong"}, a0...)},
	)
	return runs
}

func oktaCanary(t *testing.T, h *haystack, e *env, p *unified.Provider) {
	ctx := context.Background()
	app, _ := e.newClient()
	created, err := p.CreateSecret(ctx, app, &unified.CreateSecretOptions{Value: unified.NewSecret(oktaSecret)})
	require.NoError(t, err)
	require.Equal(t, oktaSecret, created.Secret.Reveal(), "the canary secret was installed and returned")
	h.result("CreateSecret", created, err)
	list, err := p.ListSecrets(ctx, app)
	h.result("ListSecrets", list, err)
	got, err := p.GetSecret(ctx, created.Ref())
	h.result("GetSecret", got, err)
	_, err = p.CreateSecret(ctx, app, &unified.CreateSecretOptions{Value: unified.NewSecret(oktaSecret + "-third")})
	require.Error(t, err, "a third secret is refused")
	h.result("CreateSecret third", nil, err)
	_, err = p.RotateSecret(ctx, app, nil)
	require.Error(t, err, "an app with two secrets cannot begin a rotation")
	h.result("RotateSecret refused", nil, err)
	h.result("RevokeSecret", nil, p.RevokeSecret(ctx, list[0].Ref()))
	rot, err := p.RotateSecret(ctx, app, &unified.RotateOptions{NewSecret: unified.NewSecret(oktaSecret + "-rotated")})
	require.NoError(t, err)
	h.result("RotateSecret", rot, err)
	h.result("FinishRotation", nil, p.FinishRotation(ctx, rot))
	_, err = p.GetSecret(ctx, unified.CredentialRef{ClientID: app, ID: oktaSecret + "/x"})
	require.Error(t, err)
	h.result("GetSecret with a secret as its ID", nil, err)
	wrong, err := e.build(buildOptions{credential: oktaToken + "-wrong"})
	require.NoError(t, err)
	_, err = wrong.ListSecrets(ctx, app)
	require.Equal(t, unified.Unauthenticated, unified.CodeOf(err))
	h.result("ListSecrets with a wrong token", nil, err)
}

func sailPointCanary(t *testing.T, h *haystack, e *env, p *unified.Provider) {
	ctx := context.Background()
	client, _ := e.newClient()
	for c, err := range p.ListClients(ctx) {
		h.result("ListClients", c, err)
	}
	rot, err := p.RotateSecret(ctx, client, e.rotate)
	require.NoError(t, err)
	h.result("RotateSecret", rot, err)
	h.result("FinishRotation", nil, p.FinishRotation(ctx, rot))
	wrong, err := e.build(buildOptions{credential: sailPointSecret + "-wrong"})
	require.NoError(t, err)
	_, err = wrong.RotateSecret(ctx, rot.NewClientID, e.rotate)
	require.Equal(t, unified.Unauthenticated, unified.CodeOf(err))
	h.result("RotateSecret with a wrong secret", nil, err)
}

func cspCanary(t *testing.T, h *haystack, e *env, p *unified.Provider) {
	ctx := context.Background()
	app, _ := e.newClient()
	for c, err := range p.ListClients(ctx) {
		h.result("ListClients", c, err)
	}
	rot, err := p.RotateSecret(ctx, app, &unified.RotateOptions{NewSecret: unified.NewSecret(cspSecret)})
	require.NoError(t, err)
	require.True(t, e.works(app, cspSecret))
	h.result("RotateSecret", rot, err)
	again, err := p.RotateSecret(ctx, app, &unified.RotateOptions{Resume: rot, NewSecret: unified.NewSecret(cspSecret)})
	require.NoError(t, err, "resuming a begun rotation sends the same secret again")
	h.result("RotateSecret resumed", again, err)
	_, err = p.RotateSecret(ctx, app, &unified.RotateOptions{NewSecret: unified.NewSecret(cspSecret + "-other")})
	require.Error(t, err, "a second open rotation is refused")
	h.result("RotateSecret while one is open", nil, err)
	other := *rot
	other.New.Secret, other.OldValidUntil = unified.NewSecret(cspSecret+"-other"), time.Time{}
	n := e.wire.len()
	_, err = p.RotateSecret(ctx, app, &unified.RotateOptions{Resume: &other})
	require.Equal(t, unified.FailedPrecondition, unified.CodeOf(err), "another rotation is open: %v", err)
	require.Contains(t, e.wire.since(n), seenRequest{"POST", "/csp/gateway/am/api/auth/authorize", ""}, "the canary secret was tried at the token endpoint, in HTTP Basic")
	h.result("RotateSecret resuming a rotation that lost to another", nil, err)
	h.result("FinishRotation", nil, p.FinishRotation(ctx, rot))
	regenerated, err := p.RegenerateSecret(ctx, app)
	h.result("RegenerateSecret", regenerated, err)
	_, err = p.RotateSecret(ctx, app, &unified.RotateOptions{NewSecret: unified.NewSecret("short-" + canary)})
	h.result("RotateSecret with a secret CSP refuses", nil, err)
	wrong, err := e.build(buildOptions{credential: cspToken + "-wrong"})
	require.NoError(t, err)
	err = wrong.RevokeSecret(ctx, unified.CredentialRef{ClientID: app, ID: "previous"})
	require.Error(t, err)
	h.result("RevokeSecret with a wrong API token", nil, err)
}

func auth0Canary(t *testing.T, h *haystack, e *env, p *unified.Provider) {
	ctx := context.Background()
	client, _ := e.newClient()
	for c, err := range p.ListClients(ctx) {
		h.result("ListClients", c, err)
	}
	rot, err := p.RotateSecret(ctx, client, nil)
	require.NoError(t, err)
	require.True(t, e.works(client, rot.New.Secret.Reveal()))
	h.result("RotateSecret", rot, err)
	keys, err := p.ListJSONWebKeys(ctx, client)
	h.result("ListJSONWebKeys", keys, err)
	_, err = p.RotateSecret(ctx, client, nil)
	require.Error(t, err, "a second open rotation is refused")
	h.result("RotateSecret while one is open", nil, err)
	h.result("FinishRotation", nil, p.FinishRotation(ctx, rot))
	_, err = p.RegenerateSecret(ctx, client)
	require.Error(t, err, "a private_key_jwt client has no secret")
	h.result("RegenerateSecret of a key client", nil, err)
	wrong, err := e.build(buildOptions{credential: auth0Secret + "-wrong"})
	require.NoError(t, err)
	_, err = wrong.RotateSecret(ctx, client, nil)
	require.Equal(t, unified.Unauthenticated, unified.CodeOf(err))
	h.result("RotateSecret with a wrong secret", nil, err)
}

// writeRawCassette writes a cassette as a careless recorder would: live
// credentials in headers, forms and bodies, some of them breaking their
// schema, so that the conformance report has problems to describe.
func writeRawCassette(t *testing.T, name string) {
	t.Helper()
	require.NoError(t, os.MkdirAll(filepath.Dir(name), 0o755))
	c := cassette.New(name)
	jsonHeader := http.Header{"Content-Type": {"application/json"}}
	add := func(method, url string, reqHeader http.Header, reqBody string, code int, respHeader http.Header, respBody string) {
		c.AddInteraction(&cassette.Interaction{
			Request:  cassette.Request{Method: method, URL: url, Headers: reqHeader, Body: reqBody},
			Response: cassette.Response{Code: code, Status: fmt.Sprintf("%d %s", code, http.StatusText(code)), Headers: respHeader, Body: respBody},
		})
	}
	okta := http.Header{"Authorization": {"SSWS " + oktaToken}, "Content-Type": {"application/json"}, "Accept": {"application/json"}}
	long := strings.Repeat(oktaSecret, 6) // longer than Okta's 100
	add("POST", "https://acme.okta.com/api/v1/apps/0oa1/credentials/secrets", okta, `{"client_secret":"`+long+`"}`,
		201, jsonHeader, `{"id":"ocs1","client_secret":"`+oktaSecret+`","status":"`+oktaSecret+`","created":"not a date"}`)
	add("POST", "https://acme.okta.com/api/v1/apps/0oa1/credentials/secrets", okta, `{"client_secret":"`+"\x01"+oktaSecret+`"}`,
		418, jsonHeader, `{"client_secret":"`+oktaSecret+`"}`)
	add("GET", "https://acme.okta.com/api/v1/apps/0oa1/credentials/secrets", okta, "",
		200, http.Header{"Content-Type": {"text/plain"}}, `[{"client_secret":`+oktaSecret+`}]`)
	form := http.Header{"Content-Type": {"application/x-www-form-urlencoded"}}
	add("POST", "https://acme.api.identitynow.com/oauth/token", form, "grant_type=bogus&client_id=abc&client_secret="+sailPointSecret,
		200, jsonHeader, `{"access_token":"`+sailPointSecret+`","token_type":7}`)
	add("POST", "https://console.cloud.vmware.com/csp/gateway/am/api/auth/api-tokens/authorize", form, "api_token="+cspToken+"&refresh_token="+cspToken,
		200, jsonHeader, `{"access_token":"`+cspToken+`","refresh_token":"`+cspToken+`","expires_in":"soon"}`)
	basic := http.Header{"Authorization": {"Basic " + base64.StdEncoding.EncodeToString([]byte("app1:"+cspSecret))}, "Content-Type": {"application/x-www-form-urlencoded"}}
	add("POST", "https://console.cloud.vmware.com/csp/gateway/am/api/auth/authorize", basic, "grant_type=client_credentials&orgId=org1",
		401, jsonHeader, `{"message":"bad secret `+cspSecret+`"}`)
	require.NoError(t, c.Save())
}

// buildCredkit builds cmd/credkit, once per test binary, and returns its path.
func buildCredkit(t *testing.T) string {
	t.Helper()
	b := &credkitBuild
	b.once.Do(func() {
		b.dir, b.err = os.MkdirTemp("", "credkit-reliability-")
		if b.err != nil {
			return
		}
		b.bin = filepath.Join(b.dir, "credkit")
		cmd := exec.Command("go", "build", "-o", b.bin, "./cmd/credkit")
		cmd.Dir = moduleRoot(t)
		b.out, b.err = cmd.CombinedOutput()
	})
	require.NoError(t, b.err, "go build ./cmd/credkit: %s", b.out)
	return b.bin
}

// credkitBuild is the credkit command, built once per test binary for
// every test that runs it; TestMain removes it.
var credkitBuild struct {
	once     sync.Once
	dir, bin string
	out      []byte
	err      error
}

func TestMain(m *testing.M) {
	code := m.Run()
	if credkitBuild.dir != "" {
		_ = os.RemoveAll(credkitBuild.dir) // a temporary directory: best effort
	}
	os.Exit(code)
}

// runCLI runs the credkit command, with the canaries in its environment:
// the conformance report in every format over dirs (which must exit with
// reportCode, unless it is negative) and, when runs is not nil, help,
// every command's -h, and runs.
func runCLI(t *testing.T, h *haystack, bin string, runs []cliRun, reportCode int, dirs ...string) {
	t.Helper()
	env := append(os.Environ(),
		// A journal of the test's own: rotations journal by default, and
		// never into the real home.
		"CREDKIT_STATE="+filepath.Join(t.TempDir(), "rotations.json"),
		"OKTA_CLIENT_ORGURL=https://acme.okta.com", "OKTA_CLIENT_TOKEN="+oktaToken,
		"SAIL_BASE_URL=https://acme.api.identitynow.com", "SAIL_CLIENT_ID="+sailPointAdminID, "SAIL_CLIENT_SECRET="+sailPointSecret,
		"CSP_API_TOKEN="+cspToken,
		"AUTH0_DOMAIN=acme.eu.auth0.com", "AUTH0_CLIENT_ID="+sailPointAdminID, "AUTH0_CLIENT_SECRET="+auth0Secret,
	)
	run := func(extra []string, args ...string) (string, int) {
		cmd := exec.Command(bin, args...)
		cmd.Env = append(append([]string(nil), env...), extra...)
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		err := cmd.Run()
		code := 0
		if exit := (*exec.ExitError)(nil); errors.As(err, &exit) {
			code = exit.ExitCode()
		} else {
			require.NoError(t, err)
		}
		label := "credkit " + strings.Join(args, " ")
		h.add(label+" stdout", stdout.String())
		h.add(label+" stderr", stderr.String())
		return stdout.String(), code
	}
	commands := 0
	if runs != nil {
		help, code := run(nil, "help")
		require.Zero(t, code)
		_, list, _ := strings.Cut(help, "Available Commands:\n")
		list, _, _ = strings.Cut(list, "\n\n")
		for _, line := range strings.Split(list, "\n") {
			if f := strings.Fields(line); len(f) > 0 {
				run(nil, f[0], "-h")
				commands++
			}
		}
		require.Positive(t, commands, "credkit help lists its commands")
	}
	for _, format := range []string{"table", "json", "markdown", "junit", "github", "sarif", "summary", "html"} {
		out, code := run(nil, append([]string{"conformance", "--format", format}, dirs...)...)
		if reportCode >= 0 {
			require.Equal(t, reportCode, code, "the report's exit status")
		}
		require.NotEmpty(t, out)
	}
	succeeded := 0
	for _, r := range runs {
		if _, code := run(r.env, r.args...); code == 0 {
			succeeded++
		}
	}
	if runs != nil {
		t.Logf("canary: credkit: %d commands listed by help, %d credential commands run against the simulators (%d exited 0)", commands, len(runs), succeeded)
	}
}

// TestCanaryScannerFindsLeaks proves the scanner is not blind: the canary
// in clear, and inside HTTP Basic credentials, is found.
func TestCanaryScannerFindsLeaks(t *testing.T) {
	for name, out := range map[string]string{
		"clear":       "token=" + oktaToken,
		"basic":       "Authorization: Basic " + base64.StdEncoding.EncodeToString([]byte("0oa1:"+cspSecret)),
		"basic, id 2": "Basic " + base64.StdEncoding.EncodeToString([]byte("ab:"+cspSecret)),
		"basic, id 3": "Basic " + base64.StdEncoding.EncodeToString([]byte("abc:"+cspSecret)),
		"url-safe":    base64.URLEncoding.EncodeToString([]byte(oktaSecret)),
	} {
		h := newHaystack()
		h.add(name, out)
		hits, _, _ := h.hits()
		require.Len(t, hits, 1, name)
	}
	h := newHaystack()
	h.value("a credential", unified.Credential{ID: "ocs1", Secret: unified.NewSecret(oktaSecret)})
	hits, _, _ := h.hits()
	require.Empty(t, hits)
}
