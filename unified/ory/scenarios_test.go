package ory

import (
	"bytes"
	"context"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/stretchr/testify/require"
	"gopkg.in/dnaeon/go-vcr.v3/cassette"
	"gopkg.in/dnaeon/go-vcr.v3/recorder"

	"github.com/credkit/credkit/conformance"
	gen "github.com/credkit/credkit/gen/ory"
	"github.com/credkit/credkit/internal/recording"
	"github.com/credkit/credkit/redact"
	"github.com/credkit/credkit/redact/vcrv3"
	"github.com/credkit/credkit/unified"
	"github.com/credkit/credkit/unified/ory/internal/hydratest"
	"github.com/credkit/credkit/unified/ory/internal/orytest"
)

// cassetteDir holds the cassettes recorded from a real Hydra.
const cassetteDir = "../../cassettes/ory"

// The placeholders of the admin and public APIs' live URLs.
const (
	adminPlaceholder  = "https://hydra-admin.example.test"
	publicPlaceholder = "https://hydra-public.example.test"
)

// scene is what a scenario works with: a fresh Hydra, reached through
// the recorder.
type scene struct {
	srv    *hydratest.Server
	client *http.Client
	admin  *gen.ClientWithResponses
	p      *unified.Provider
}

// record runs a scenario against a fresh Hydra and records it, redacted,
// to a temporary cassette; then it compares the recording's shape with
// the committed cassette's (see orytest.Shape). The committed cassette is
// replaced only when it is missing or its shape differs, which fails the
// test: Hydra's behaviour changed, or the scenario did. So `make
// check-cassettes` sees no byte change while Hydra behaves the same.
func record(t *testing.T, name string, scenario func(t *testing.T, s *scene)) {
	if !recording.Recording() {
		t.Skipf("recorded against a real Hydra by make cassettes (%s=1)", recording.EnvRecord)
	}
	srv := hydratest.Start(t)
	tmp := filepath.Join(t.TempDir(), name)
	rec, err := recorder.NewWithOptions(&recorder.Options{CassetteName: tmp, Mode: recorder.ModeRecordOnly,
		RealTransport: http.DefaultTransport, SkipRequestLatency: true})
	require.NoError(t, err)
	red := redact.New(&redact.Options{Live: srv.AdminURL, Placeholder: adminPlaceholder, Rename: map[string]string{srv.PublicURL: publicPlaceholder}})
	rec.AddHook(redactRegistrationToken, recorder.BeforeSaveHook)
	rec.AddHook(redactPatchedSecret, recorder.BeforeSaveHook)
	rec.AddHook(vcrv3.Hook(red), recorder.BeforeSaveHook)
	s := &scene{srv: srv, client: rec.GetDefaultClient()}
	s.admin, err = gen.NewClientWithResponses(srv.AdminURL, gen.WithHTTPClient(s.client))
	require.NoError(t, err)
	s.p, err = New(Config{AdminURL: srv.AdminURL}, &Options{HTTPTransport: rec, GenerateKey: orytest.NewKey, Sleep: noSleep})
	require.NoError(t, err)
	scenario(t, s)
	require.NoError(t, rec.Stop())
	keepOrReplace(t, tmp, filepath.Join(cassetteDir, name))
}

// registrationToken is the member of a created client that holds its
// registration access token, a credential the redact package does not
// know by name.
var registrationToken = regexp.MustCompile(`"registration_access_token":"[^"]*"`)

func redactRegistrationToken(i *cassette.Interaction) error {
	i.Response.Body = registrationToken.ReplaceAllString(i.Response.Body, `"registration_access_token":"REDACTED-registration-access-token"`)
	return nil
}

// patchedSecret is a JSON Patch operation that sets a client secret: its
// value is a credential under a name ("value") no redactor can know.
var patchedSecret = regexp.MustCompile(`("path":"/client_secret","value":)"[^"]*"`)

func redactPatchedSecret(i *cassette.Interaction) error {
	i.Request.Body = patchedSecret.ReplaceAllString(i.Request.Body, `$1"REDACTED-patched-client-secret"`)
	return nil
}

// keepOrReplace keeps the committed cassette when the new recording has
// its shape, and replaces it (failing the test) when not.
func keepOrReplace(t *testing.T, recorded, committed string) {
	t.Helper()
	got, err := orytest.ShapeOf(recorded)
	require.NoError(t, err)
	want, err := orytest.ShapeOf(committed)
	if err == nil && equalLines(got, want) {
		return
	}
	data, rerr := os.ReadFile(recorded + ".yaml")
	require.NoError(t, rerr)
	require.NoError(t, os.MkdirAll(filepath.Dir(committed), 0o755))
	require.NoError(t, os.WriteFile(committed+".yaml", data, 0o644))
	if err == nil {
		t.Errorf("%s: the recording's shape changed (Hydra's behaviour, or the scenario); the cassette is written anew, review it:\nwas:\n%s\nnow:\n%s",
			committed, joinLines(want), joinLines(got))
	}
}

func equalLines(a, b []string) bool { return joinLines(a) == joinLines(b) }

func joinLines(lines []string) string {
	var b bytes.Buffer
	for _, l := range lines {
		b.WriteString("  " + l + "\n")
	}
	return b.String()
}

// create makes a client through the recorder.
func (s *scene) create(t *testing.T, c gen.OAuth2Client) gen.OAuth2Client {
	t.Helper()
	resp, err := s.admin.CreateOAuth2ClientWithResponse(context.Background(), c)
	require.NoError(t, err)
	require.NotNil(t, resp.JSON201, "HTTP %d", resp.StatusCode())
	return *resp.JSON201
}

// works asks the token endpoint, through the recorder.
func (s *scene) works(id, secret string) bool {
	return orytest.TokenWorks(s.client, s.srv.PublicURL, id, secret)
}

// keyClient is a private_key_jwt client whose set holds key's public half.
func keyClient(t *testing.T) (gen.OAuth2Client, string) {
	t.Helper()
	key, err := orytest.NewKey()
	require.NoError(t, err)
	return gen.OAuth2Client{ClientName: ptr("scenario key client"), GrantTypes: &[]string{"client_credentials"},
		TokenEndpointAuthMethod: ptr(methodKeyJWT), TokenEndpointAuthSigningAlg: ptr("RS256"),
		Jwks: &gen.JsonWebKeySet{Keys: &[]gen.JsonWebKey{publicJWK(&key.PublicKey, "", "")}}}, orytest.PrivatePEM(key)
}

func TestScenarioClients(t *testing.T) {
	record(t, "clients", func(t *testing.T, s *scene) {
		ctx := context.Background()
		n := 0
		for _, err := range s.p.ListClients(ctx) {
			require.NoError(t, err)
			n++
		}
		require.Zero(t, n, "a fresh Hydra has no client")
		var ids []string
		for range 3 {
			ids = append(ids, *s.create(t, gen.OAuth2Client{ClientName: ptr("scenario client"), GrantTypes: &[]string{"client_credentials"}}).ClientId)
		}
		small, err := New(Config{AdminURL: s.srv.AdminURL}, &Options{HTTPTransport: s.client.Transport, PageSize: 2})
		require.NoError(t, err)
		for c, err := range small.ListClients(ctx) {
			require.NoError(t, err)
			require.Contains(t, ids, c.ID)
		}
		del, err := s.admin.DeleteOAuth2ClientWithResponse(ctx, ids[0])
		require.NoError(t, err)
		require.Equal(t, http.StatusNoContent, del.StatusCode())
		del, err = s.admin.DeleteOAuth2ClientWithResponse(ctx, ids[0])
		require.NoError(t, err)
		require.Equal(t, http.StatusNotFound, del.StatusCode())
		_, err = s.p.RotateSecret(ctx, ids[0], nil)
		require.ErrorIs(t, err, unified.ErrNotFound)
	})
}

func TestScenarioKeyRotation(t *testing.T) {
	record(t, "key_rotation", func(t *testing.T, s *scene) {
		ctx := context.Background()
		c, old := keyClient(t)
		id := *s.create(t, c).ClientId
		require.True(t, s.works(id, old))
		rot, err := s.p.RotateSecret(ctx, id, nil)
		require.NoError(t, err)
		require.True(t, s.works(id, old), "overlap: the old key works")
		require.True(t, s.works(id, rot.New.Secret.Reveal()), "and the new one")
		require.NoError(t, s.p.FinishRotation(ctx, rot))
		require.False(t, s.works(id, old), "the old key is refused once finished")
		require.True(t, s.works(id, rot.New.Secret.Reveal()))
	})
}

func TestScenarioSecretRotation(t *testing.T) {
	record(t, "secret_rotation", func(t *testing.T, s *scene) {
		ctx := context.Background()
		c := s.create(t, gen.OAuth2Client{ClientName: ptr("scenario secret client"), GrantTypes: &[]string{"client_credentials"}})
		id, old := *c.ClientId, *c.ClientSecret
		_, err := s.p.RotateSecret(ctx, id, nil)
		require.ErrorIs(t, err, unified.ReasonImmediateRotation)
		rot, err := s.p.RotateSecret(ctx, id, &unified.RotateOptions{AllowImmediateRotation: true})
		require.NoError(t, err)
		require.False(t, s.works(id, old), "no overlap")
		require.True(t, s.works(id, rot.New.Secret.Reveal()))
		short, err := s.admin.PatchOAuth2ClientWithResponse(ctx, id, gen.JsonPatchDocument{{Op: "replace", Path: "/client_secret", Value: ptr[any]("abc")}})
		require.NoError(t, err)
		require.Equal(t, http.StatusBadRequest, short.StatusCode(), "Hydra refuses a secret under 6 characters")
	})
}

func TestScenarioErrors(t *testing.T) {
	record(t, "errors", func(t *testing.T, s *scene) {
		ctx := context.Background()
		bad, err := s.admin.CreateOAuth2ClientWithBodyWithResponse(ctx, "application/json", bytes.NewReader([]byte("{")))
		require.NoError(t, err)
		require.Equal(t, http.StatusBadRequest, bad.StatusCode())
		c := s.create(t, gen.OAuth2Client{ClientName: ptr("scenario client")})
		taken, err := s.admin.CreateOAuth2ClientWithResponse(ctx, gen.OAuth2Client{ClientId: c.ClientId})
		require.NoError(t, err)
		require.Equal(t, http.StatusConflict, taken.StatusCode())
		got, err := s.admin.GetOAuth2ClientWithResponse(ctx, "credkit-no-such-client")
		require.NoError(t, err)
		require.Equal(t, http.StatusNotFound, got.StatusCode())
	})
}

// TestCassettesConform holds every recorded interaction to
// specs/ory.yaml, strictly: each reaches an operation and passes.
func TestCassettesConform(t *testing.T) {
	spec, err := orySpec()
	require.NoError(t, err)
	report, err := conformance.Run(context.Background(), conformance.NewChecker([]*conformance.Spec{spec}, &conformance.Options{Strict: true}), nil, cassetteDir)
	require.NoError(t, err)
	require.Positive(t, report.Summary.Interactions)
	for _, res := range report.Interactions {
		require.Equal(t, conformance.Pass, res.Outcome, "%s#%d %s %s -> %d: %v", res.File, res.Index, res.Method, res.URL, res.Status, res.Problems)
	}
	t.Logf("%d interactions pass", report.Summary.Interactions)
}

// TestCassettesHoldNoSecrets scans the cassettes for anything that still
// looks live: tokens, secrets, private keys, loopback hosts.
func TestCassettesHoldNoSecrets(t *testing.T) {
	findings, err := recording.Scan(cassetteDir)
	require.NoError(t, err)
	require.Empty(t, findings)
	files, err := filepath.Glob(filepath.Join(cassetteDir, "*.yaml"))
	require.NoError(t, err)
	require.NotEmpty(t, files)
	for _, f := range files {
		data, err := os.ReadFile(f)
		require.NoError(t, err)
		for _, m := range patchedSecret.FindAllSubmatch(data, -1) {
			require.Contains(t, string(m[0]), "REDACTED", "%s: a patched secret in clear", f)
		}
		for _, m := range registrationToken.FindAll(data, -1) {
			require.Contains(t, string(m), "REDACTED", "%s: a registration token in clear", f)
		}
	}
}
