package vmwarecsp

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	gen "github.com/credkit/credkit/gen/vmwarecsp"
	"github.com/credkit/credkit/sim"
	cspsim "github.com/credkit/credkit/sim/vmwarecsp"
	"github.com/credkit/credkit/unified"
	"github.com/credkit/credkit/unified/internal/call"
)

// posted returns the rotation requests the simulator was sent.
func (h *harness) posted() []gen.ClientSecretOwnerRotationRequest {
	h.t.Helper()
	h.wire.mu.Lock()
	defer h.wire.mu.Unlock()
	var out []gen.ClientSecretOwnerRotationRequest
	for i, r := range h.wire.requests {
		if strings.HasPrefix(r, secretPath(http.MethodPost)) && strings.HasSuffix(r, "/secret") {
			var body gen.ClientSecretOwnerRotationRequest
			require.NoError(h.t, json.Unmarshal([]byte(h.wire.bodies[i]), &body))
			out = append(out, body)
		}
	}
	return out
}

func TestRotation(t *testing.T) {
	cases := []struct {
		name     string
		appSecs  int32 // the app's own window; 0: CSP's 48h
		opts     *unified.RotateOptions
		overlap  time.Duration
		reads    int    // GET of the app, to learn its window
		sentSecs *int32 // secretRotationExpirationInSeconds sent
	}{
		{"the vendor's default window", 0, nil, 48 * time.Hour, 1, nil},
		{"the app's own window", 600, nil, 10 * time.Minute, 1, nil},
		{"a chosen overlap", 0, &unified.RotateOptions{Overlap: 90 * time.Minute}, 90 * time.Minute, 0, ptr(int32(5400))},
		{"a chosen overlap in whole seconds", 600, &unified.RotateOptions{Overlap: 1500 * time.Millisecond}, time.Second, 0, ptr(int32(1))},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			h := newHarness(t, &cspsim.Options{DefaultRotationWindow: time.Duration(c.appSecs) * time.Second}) // zero: 48h
			app, old := h.Server.CreateApp("billing")
			before := time.Now().UTC()
			rot, err := h.p.RotateSecret(h.ctx, app, c.opts)
			after := time.Now().UTC()
			require.NoError(t, err)
			secret := rot.New.Secret.Reveal()

			require.Equal(t, unified.VMwareCSP, rot.Vendor)
			require.Equal(t, app, rot.ClientID)
			require.Equal(t, app, rot.NewClientID, "CSP rotates in place")
			require.Equal(t, unified.CredentialRef{ClientID: app, ID: "previous"}, rot.Old)
			require.Equal(t, unified.CredentialRef{ClientID: app, ID: "current"}, rot.New.Ref())
			require.Equal(t, unified.KindClientSecret, rot.New.Kind)
			require.Equal(t, unified.StatusActive, rot.New.Status)
			require.Len(t, secret, secretLength)
			require.Equal(t, "…"+secret[len(secret)-4:], rot.New.Hint)
			require.WithinRange(t, rot.New.Created, before, after)
			require.WithinRange(t, rot.OldValidUntil, before.Add(c.overlap), after.Add(c.overlap))
			var sent gen.ClientSecretOwnerRotationRequest
			require.True(t, rot.New.As(&sent), "As reaches the request sent")
			require.Empty(t, sent.NewClientSecret, "the vendor value holds no secret")
			require.Equal(t, c.sentSecs, sent.SecretRotationExpirationInSeconds)

			require.Equal(t, c.reads, h.wire.count(secretPath(http.MethodGet)))
			posts := h.posted()
			require.Len(t, posts, 1)
			require.Equal(t, secret, posts[0].NewClientSecret)
			require.Equal(t, c.sentSecs, posts[0].SecretRotationExpirationInSeconds)

			state := h.Server.Secrets(app)
			require.Equal(t, cspsim.SecretState{Current: secret, Previous: old, PreviousExpiresAt: sim.Epoch.Add(c.overlap)}, state,
				"the simulator's window matches the one credkit reports")
			require.True(t, h.Server.SecretWorks(app, old), "the old secret works during the window")
			require.True(t, h.Server.SecretWorks(app, secret))

			stored, err := json.Marshal(rot)
			require.NoError(t, err)
			require.NotContains(t, string(stored), secret)
			var restored unified.Rotation
			require.NoError(t, json.Unmarshal(stored, &restored))
			require.NoError(t, h.NewProvider(t).FinishRotation(h.ctx, &restored), "another provider finishes a stored rotation")
			require.False(t, h.Server.SecretWorks(app, old), "the old secret stops at the finish")
			require.True(t, h.Server.SecretWorks(app, secret))
			require.NoError(t, h.p.FinishRotation(h.ctx, rot), "finishing again is harmless")
			require.True(t, h.Server.SecretWorks(app, secret))
		})
	}
}

func TestRotationWindowCloses(t *testing.T) {
	h := newHarness(t, nil)
	app, old := h.Server.CreateApp("billing")
	rot, err := h.p.RotateSecret(h.ctx, app, &unified.RotateOptions{Overlap: time.Hour})
	require.NoError(t, err)
	h.Clock.Advance(time.Hour - time.Second)
	require.True(t, h.Server.SecretWorks(app, old))
	h.Clock.Advance(time.Second)
	require.False(t, h.Server.SecretWorks(app, old), "the old secret expires by itself")
	require.True(t, h.Server.SecretWorks(app, rot.New.Secret.Reveal()))
}

func TestRotationWithTheCallersSecret(t *testing.T) {
	h := newHarness(t, nil)
	app, old := h.Server.CreateApp("billing")
	rot, err := h.p.RotateSecret(h.ctx, app, &unified.RotateOptions{NewSecret: unified.NewSecret("Caller-chosen-S3cret"), Overlap: time.Hour})
	require.NoError(t, err)
	require.Equal(t, "Caller-chosen-S3cret", rot.New.Secret.Reveal())
	require.True(t, h.Server.SecretWorks(app, "Caller-chosen-S3cret"))
	require.True(t, h.Server.SecretWorks(app, old))

	_, err = h.p.RotateSecret(h.ctx, app, &unified.RotateOptions{NewSecret: unified.NewSecret("weak")})
	e := requireCode(t, err, unified.InvalidArgument, "RotateSecret")
	require.Contains(t, e.Message, "at least 8 characters")
	require.Len(t, h.posted(), 1, "a secret that breaks CSP's rule is not sent")
}

func TestRotationOptionsAreChecked(t *testing.T) {
	h := newHarness(t, nil)
	app, _ := h.Server.CreateApp("billing")
	begun := &unified.Rotation{Vendor: unified.VMwareCSP, ClientID: app, NewClientID: app,
		New: unified.Credential{ClientID: app, ID: "current", Secret: unified.NewSecret("Resumed-S3cret")},
		Old: unified.CredentialRef{ClientID: app, ID: "previous"}}
	cases := []struct {
		name    string
		opts    *unified.RotateOptions
		code    unified.Code
		problem string
	}{
		{"negative overlap", &unified.RotateOptions{Overlap: -time.Hour}, unified.InvalidArgument, "Overlap"},
		{"overlap under a second", &unified.RotateOptions{Overlap: 500 * time.Millisecond}, unified.InvalidArgument, "Overlap"},
		{"overlap beyond int32 seconds", &unified.RotateOptions{Overlap: (1 << 31) * time.Second}, unified.InvalidArgument, "Overlap"},
		{"resume of another vendor", &unified.RotateOptions{Resume: &unified.Rotation{Vendor: unified.Okta, ClientID: app, Old: begun.Old}}, unified.InvalidArgument, "another vendor or client"},
		{"resume of another app", &unified.RotateOptions{Resume: &unified.Rotation{Vendor: unified.VMwareCSP, ClientID: "other", Old: unified.CredentialRef{ClientID: "other", ID: "previous"}}}, unified.InvalidArgument, "another vendor or client"},
		{"resume of a rotation that is not CSP's", &unified.RotateOptions{Resume: &unified.Rotation{Vendor: unified.VMwareCSP, ClientID: app, Old: unified.CredentialRef{ClientID: app, ID: "ocs1"}}}, unified.InvalidArgument, "not a CSP owner rotation"},
		{"resume with a different new secret", &unified.RotateOptions{Resume: begun, NewSecret: unified.NewSecret("Other-S3cret")}, unified.InvalidArgument, "differs"},
		{"resume of an unbegun rotation without its secret", &unified.RotateOptions{Resume: &unified.Rotation{Vendor: unified.VMwareCSP, ClientID: app, Old: begun.Old}}, unified.FailedPrecondition, "pass it as RotateOptions.NewSecret"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rot, err := h.p.RotateSecret(h.ctx, app, c.opts)
			e := requireCode(t, err, c.code, "RotateSecret")
			require.Contains(t, e.Message, c.problem)
			require.Nil(t, rot)
		})
	}
	require.Empty(t, h.wire.seen(), "options are checked before any request")
}

func TestFinishRotationRefuses(t *testing.T) {
	h := newHarness(t, nil)
	app, old := h.Server.CreateApp("billing")
	old2 := unified.CredentialRef{ClientID: app, ID: "previous"}
	cases := []struct {
		name    string
		rot     *unified.Rotation
		code    unified.Code
		problem string
	}{
		{"nil", nil, unified.InvalidArgument, "rotation is nil"},
		{"another vendor", &unified.Rotation{Vendor: unified.Okta, ClientID: app, Old: old2, OldValidUntil: sim.Epoch}, unified.InvalidArgument, "another vendor"},
		{"an old secret other than previous", &unified.Rotation{Vendor: unified.VMwareCSP, ClientID: app, NewClientID: app, New: unified.Credential{ID: "current"},
			Old: unified.CredentialRef{ClientID: app, ID: "current"}, OldValidUntil: sim.Epoch}, unified.InvalidArgument, "not a CSP owner rotation"},
		{"a rotation that has not begun", &unified.Rotation{Vendor: unified.VMwareCSP, ClientID: app, Phase: unified.PhasePending, Old: old2}, unified.FailedPrecondition, "has not begun"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e := requireCode(t, h.p.FinishRotation(h.ctx, c.rot), c.code, "FinishRotation")
			require.Contains(t, e.Message, c.problem)
		})
	}
	require.Empty(t, h.wire.seen())
	require.True(t, h.Server.SecretWorks(app, old))
}

// TestResume covers the failures of the begin that leave the caller
// unsure whether the new secret was installed: each returns the partial
// rotation, and resuming it completes the rotation with the same secret.
func TestResume(t *testing.T) {
	post := func(kind sim.FaultKind) sim.Fault {
		return sim.Fault{Kind: kind, Method: http.MethodPost, PathContains: "/secret"}
	}
	cases := []struct {
		name      string
		fault     sim.Fault
		code      unified.Code
		installed bool // the failed POST took effect
	}{
		{"the answer is lost after CSP installed the secret", post(sim.FaultDropAfter), unified.Unavailable, true},
		{"the connection drops before CSP sees the request", post(sim.FaultDrop), unified.Unavailable, false},
		{"CSP fails with a 500", post(sim.FaultInternal), unified.Internal, false},
		{"the app cannot be read", sim.Fault{Kind: sim.FaultInternal, Method: http.MethodGet}, unified.Internal, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			h := newHarness(t, nil)
			app, old := h.Server.CreateApp("billing")
			if c.fault.Method == http.MethodGet {
				h.Faults.Script(c.fault, c.fault, c.fault, c.fault, c.fault) // more than the retries
			} else {
				h.Faults.Script(c.fault)
			}
			partial, err := h.p.RotateSecret(h.ctx, app, nil)
			requireCode(t, err, c.code, "RotateSecret")
			require.NotNil(t, partial, "the partial rotation comes back with the error")
			secret := partial.New.Secret.Reveal()
			require.NotEmpty(t, secret, "with the secret that was sent, to send again")
			require.True(t, partial.OldValidUntil.IsZero(), "a partial rotation has not begun")
			require.Empty(t, partial.New.Status)
			require.LessOrEqual(t, len(h.posted()), 1, "a POST is never repeated")
			require.Equal(t, c.installed, h.Server.SecretWorks(app, secret))
			require.True(t, h.Server.SecretWorks(app, old), "the old secret still works")
			requireCode(t, h.p.FinishRotation(h.ctx, partial), unified.FailedPrecondition, "FinishRotation")

			rot, err := h.NewProvider(t).RotateSecret(h.ctx, app, &unified.RotateOptions{Resume: partial})
			require.NoError(t, err)
			require.Equal(t, secret, rot.New.Secret.Reveal(), "the resumed rotation keeps its secret")
			require.Equal(t, unified.StatusActive, rot.New.Status)
			require.False(t, rot.OldValidUntil.IsZero())
			require.Equal(t, cspsim.SecretState{Current: secret, Previous: old, PreviousExpiresAt: h.Clock.Now().Add(48 * time.Hour)}, h.Server.Secrets(app))

			require.NoError(t, h.p.FinishRotation(h.ctx, rot))
			require.False(t, h.Server.SecretWorks(app, old))
			require.True(t, h.Server.SecretWorks(app, secret))
		})
	}
}

// conflictOnPost makes the simulator's answer to the next POST …/secret a
// 409, as CSP might answer a repeat of a rotation that is already open.
func conflictOnPost(h *harness) {
	h.wire.mu.Lock()
	defer h.wire.mu.Unlock()
	h.wire.rewrite = func(req *http.Request, resp *http.Response) *http.Response {
		if req.Method != http.MethodPost || !strings.HasSuffix(req.URL.Path, "/secret") {
			return resp
		}
		resp.Body.Close()
		h.wire.rewrite = nil // called with the lock released; runs once
		body := `{"errorCode":"rotation_in_progress","message":"an owner rotation is already open","requestId":"rewritten","statusCode":409}`
		return &http.Response{StatusCode: http.StatusConflict, Status: "409 Conflict", Proto: resp.Proto, ProtoMajor: resp.ProtoMajor, ProtoMinor: resp.ProtoMinor,
			Header: http.Header{"Content-Type": {"application/json"}}, Body: io.NopCloser(strings.NewReader(body)), Request: req}
	}
}

func TestResumeWhenCSPAnswersConflictForTheSameSecret(t *testing.T) {
	h := newHarness(t, nil)
	app, old := h.Server.CreateApp("billing")
	h.Faults.Script(sim.Fault{Kind: sim.FaultDropAfter, Method: http.MethodPost, PathContains: "/secret"})
	partial, err := h.p.RotateSecret(h.ctx, app, nil)
	require.Error(t, err)
	conflictOnPost(h)

	rot, err := h.p.RotateSecret(h.ctx, app, &unified.RotateOptions{Resume: partial})
	require.NoError(t, err, "the open rotation's secret authenticates: it is this rotation")
	require.Equal(t, partial.New.Secret.Reveal(), rot.New.Secret.Reveal())
	require.Equal(t, 1, h.wire.count("POST "+clientCredentialsPath), "the secret was checked at the token endpoint")
	require.True(t, h.Server.SecretWorks(app, old))
	require.NoError(t, h.p.FinishRotation(h.ctx, rot))
	require.False(t, h.Server.SecretWorks(app, old))
}

func TestResumeRefusesAnotherOpenRotation(t *testing.T) {
	h := newHarness(t, nil)
	app, old := h.Server.CreateApp("billing")
	h.Faults.Script(sim.Fault{Kind: sim.FaultDrop, Method: http.MethodPost, PathContains: "/secret"})
	partial, err := h.p.RotateSecret(h.ctx, app, nil)
	require.Error(t, err)
	other, err := h.NewProvider(t).RotateSecret(h.ctx, app, nil)
	require.NoError(t, err, "meanwhile someone else begins a rotation")

	again, err := h.p.RotateSecret(h.ctx, app, &unified.RotateOptions{Resume: partial})
	e := requireCode(t, err, unified.FailedPrecondition, "RotateSecret")
	require.Contains(t, e.Message, "another owner rotation, with a different secret, is open")
	require.Equal(t, 409, e.HTTPStatus)
	require.Equal(t, "rotation_in_progress", e.VendorCode)
	require.NotNil(t, again, "still resumable once the other rotation ends")
	require.False(t, h.Server.SecretWorks(app, partial.New.Secret.Reveal()))
	require.True(t, h.Server.SecretWorks(app, old), "the other rotation is untouched")
	require.True(t, h.Server.SecretWorks(app, other.New.Secret.Reveal()))
	require.Equal(t, 1, h.wire.count("POST "+clientCredentialsPath))

	require.NoError(t, h.p.FinishRotation(h.ctx, other))
	rot, err := h.p.RotateSecret(h.ctx, app, &unified.RotateOptions{Resume: again})
	require.NoError(t, err, "with the other rotation finished, the resume completes")
	require.True(t, h.Server.SecretWorks(app, rot.New.Secret.Reveal()))
	require.True(t, h.Server.SecretWorks(app, other.New.Secret.Reveal()), "the other rotation's secret is now the previous one")
}

func TestResumeOfABegunRotation(t *testing.T) {
	h := newHarness(t, nil)
	app, _ := h.Server.CreateApp("billing")
	rot, err := h.p.RotateSecret(h.ctx, app, nil)
	require.NoError(t, err)
	sent := len(h.wire.seen())

	again, err := h.p.RotateSecret(h.ctx, app, &unified.RotateOptions{Resume: rot})
	require.NoError(t, err, "sending the same secret again is harmless")
	require.Equal(t, rot.OldValidUntil, again.OldValidUntil, "the window is the first POST's")
	require.Equal(t, rot.New.Secret.Reveal(), again.New.Secret.Reveal())

	stored, err := json.Marshal(rot)
	require.NoError(t, err)
	var restored unified.Rotation
	require.NoError(t, json.Unmarshal(stored, &restored))
	before := len(h.wire.seen())
	again, err = h.p.RotateSecret(h.ctx, app, &unified.RotateOptions{Resume: &restored})
	require.NoError(t, err)
	require.Equal(t, before, len(h.wire.seen()), "a begun rotation without its secret has nothing to send")
	require.Equal(t, restored.OldValidUntil, again.OldValidUntil)
	require.Greater(t, before, sent)
}

func TestRotationWhileAnotherIsOpen(t *testing.T) {
	h := newHarness(t, nil)
	app, old := h.Server.CreateApp("billing")
	first, err := h.p.RotateSecret(h.ctx, app, &unified.RotateOptions{Overlap: time.Hour})
	require.NoError(t, err)
	second, err := h.p.RotateSecret(h.ctx, app, &unified.RotateOptions{Overlap: time.Hour})
	e := requireCode(t, err, unified.FailedPrecondition, "RotateSecret")
	require.Equal(t, "rotation_in_progress", e.VendorCode)
	require.NotNil(t, second)
	require.False(t, h.Server.SecretWorks(app, second.New.Secret.Reveal()))
	require.True(t, h.Server.SecretWorks(app, old), "the open rotation is untouched")
	require.True(t, h.Server.SecretWorks(app, first.New.Secret.Reveal()))
	require.Zero(t, h.wire.count("POST "+clientCredentialsPath), "only a resume checks the secret")
}

// TestRotationRefusesAnAppAnswerThatIsNotJSON: when the app's answer is not
// CSP's JSON (a proxy's login page), its rotation window is unknown, so the
// rotation is refused before any secret is posted rather than begun with a
// guessed window.
func TestRotationRefusesAnAppAnswerThatIsNotJSON(t *testing.T) {
	cases := []struct{ name, contentType, body string }{
		{"HTML login page", "text/html", "<html><body>Please sign in</body></html>"},
		{"plain text", "text/plain", `{"secretRotationExpirationInSeconds":60}`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var posts atomic.Int32
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				switch {
				case r.URL.Path == apiTokenPath:
					w.Header().Set("Content-Type", "application/json")
					_, _ = io.WriteString(w, `{"access_token":"at","token_type":"bearer","expires_in":1799}`)
				case r.Method == http.MethodGet:
					w.Header().Set("Content-Type", c.contentType)
					_, _ = io.WriteString(w, c.body)
				default:
					posts.Add(1)
				}
			}))
			defer srv.Close()
			p, err := newProvider(Config{URL: srv.URL, OrgID: "org1", APIToken: "t"}, &Options{MaxRetries: -1})
			require.NoError(t, err)
			_, err = p.RotateSecret(context.Background(), "app1", nil)
			e := requireCode(t, err, unified.Internal, "RotateSecret")
			require.Equal(t, http.StatusOK, e.HTTPStatus)
			require.Contains(t, e.Error(), `not JSON (Content-Type "`+c.contentType+`")`)
			require.ErrorIs(t, err, call.ErrNotJSON)
			require.Zero(t, posts.Load(), "no secret is posted")
		})
	}
}
