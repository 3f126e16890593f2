package vmwarecsp

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	api "github.com/credkit/credkit/gen/vmwarecsp"
	"github.com/credkit/credkit/sim"
)

const (
	newSecret   = "N3w-Secret!"
	otherSecret = "0ther-Secret!"
)

// rotate starts an owner rotation and returns the status.
func (e *env) rotate(id, secret string, window *int32) int {
	e.t.Helper()
	body := api.ClientSecretOwnerRotationRequest{NewClientSecret: secret, SecretRotationExpirationInSeconds: window}
	return e.status(e.c.StartOwnerSecretRotation(e.ctx, e.org, id, body, e.auth()))
}

func (e *env) finish(id string) int {
	e.t.Helper()
	return e.status(e.c.DeleteOldOwnerSecret(e.ctx, e.org, id, e.auth()))
}

// works checks which secrets authenticate, through the simulator and
// through the client-credentials grant.
func (e *env) works(id string, want map[string]bool) {
	e.t.Helper()
	for secret, ok := range want {
		require.Equal(e.t, ok, e.srv.SecretWorks(id, secret), secret)
		status, _ := e.clientToken(id, secret)
		require.Equal(e.t, ok, status == 200, secret)
	}
}

func TestOwnerRotation(t *testing.T) {
	e := newEnv(t, nil)
	id, old := e.newApp(appRequest("rotated"))

	require.Equal(t, 200, e.rotate(id, newSecret, nil))
	e.works(id, map[string]bool{old: true, newSecret: true})
	require.Equal(t, SecretState{Current: newSecret, Previous: old, PreviousExpiresAt: sim.Epoch.Add(48 * time.Hour)}, e.srv.Secrets(id))

	require.Equal(t, 200, e.rotate(id, newSecret, nil), "repeating the pending rotation is safe")
	require.Equal(t, 409, e.rotate(id, otherSecret, nil), "one rotation at a time")
	require.Equal(t, 409, e.rotate(id, old, nil), "not even back to the old secret")
	e.works(id, map[string]bool{old: true, newSecret: true, otherSecret: false})

	require.Equal(t, 200, e.finish(id))
	e.works(id, map[string]bool{old: false, newSecret: true})
	require.Equal(t, SecretState{Current: newSecret}, e.srv.Secrets(id))
	require.Equal(t, 200, e.finish(id), "finishing twice is a no-op")
	require.Equal(t, 200, e.rotate(id, newSecret, nil), "repeating after the end changes nothing")
	require.Equal(t, SecretState{Current: newSecret}, e.srv.Secrets(id))

	require.Equal(t, 200, e.rotate(id, otherSecret, nil), "the next rotation may start")
	e.works(id, map[string]bool{old: false, newSecret: true, otherSecret: true})
}

func TestRotationWindowExpires(t *testing.T) {
	tests := []struct {
		name    string
		opts    *Options
		app     *int32
		request *int32
		window  time.Duration
	}{
		{"default 48 hours", nil, nil, nil, 48 * time.Hour},
		{"simulator default", &Options{DefaultRotationWindow: time.Hour}, nil, nil, time.Hour},
		{"app setting", nil, ptr(int32(600)), nil, 10 * time.Minute},
		{"request wins", nil, ptr(int32(600)), ptr(int32(60)), time.Minute},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t, tt.opts)
			req := appRequest("windowed")
			req.SecretRotationExpirationInSeconds = tt.app
			id, old := e.newApp(req)
			require.Equal(t, 200, e.rotate(id, newSecret, tt.request))
			e.clock.Advance(tt.window - time.Second)
			e.works(id, map[string]bool{old: true, newSecret: true})
			e.clock.Advance(time.Second)
			e.works(id, map[string]bool{old: false, newSecret: true})
			require.Equal(t, SecretState{Current: newSecret}, e.srv.Secrets(id))
			require.Equal(t, 200, e.rotate(id, otherSecret, nil), "an expired window no longer blocks a rotation")
		})
	}
}

func TestStartRotationRejects(t *testing.T) {
	tests := []struct {
		name, app, body string
		status          int
	}{
		{"missing newClientSecret", "", `{}`, 400},
		{"null newClientSecret", "", `{"newClientSecret":null}`, 400},
		{"too short", "", `{"newClientSecret":"Ab1!"}`, 400},
		{"no upper-case letter", "", `{"newClientSecret":"abcdef1!"}`, 400},
		{"no lower-case letter", "", `{"newClientSecret":"ABCDEF1!"}`, 400},
		{"no digit", "", `{"newClientSecret":"Abcdefg!"}`, 400},
		{"no special character", "", `{"newClientSecret":"Abcdefg1"}`, 400},
		{"zero window", "", `{"newClientSecret":"N3w-Secret!","secretRotationExpirationInSeconds":0}`, 400},
		{"not JSON", "", `newClientSecret=N3w-Secret!`, 400},
		{"malformed app ID", "bad.id", `{"newClientSecret":"N3w-Secret!"}`, 400},
		{"unknown app", "missing", `{"newClientSecret":"N3w-Secret!"}`, 404},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t, nil)
			id, old := e.newApp(appRequest("r"))
			if tt.app != "" {
				id = tt.app
			}
			got := e.status(e.c.StartOwnerSecretRotationWithBody(e.ctx, e.org, id, "application/json", strings.NewReader(tt.body), e.auth()))
			require.Equal(t, tt.status, got)
			if tt.app == "" {
				require.Equal(t, SecretState{Current: old}, e.srv.Secrets(id), "a refused rotation changes nothing")
			}
		})
	}
}

func TestDeleteOldSecretRejects(t *testing.T) {
	e := newEnv(t, nil)
	require.Equal(t, 404, e.finish("missing"))
	require.Equal(t, 400, e.finish("bad.id"))
}

func TestRegenerateSecret(t *testing.T) {
	e := newEnv(t, nil)
	id, old := e.newApp(appRequest("regenerated"))
	require.Equal(t, 200, e.rotate(id, newSecret, nil))

	resp, err := e.c.RegenerateOrgOAuthAppSecretWithResponse(e.ctx, e.org, id, struct{}{}, e.auth())
	require.NoError(t, err)
	require.Equal(t, 200, resp.StatusCode())
	fresh := resp.JSON200.ClientSecret
	require.Equal(t, id, resp.JSON200.ClientId)
	require.Nil(t, checkSecret("clientSecret", fresh))
	e.works(id, map[string]bool{old: false, newSecret: false, fresh: true})
	require.Equal(t, SecretState{Current: fresh}, e.srv.Secrets(id))

	for _, bad := range []string{"missing", "bad.id"} {
		require.Equal(t, 404, e.status(e.c.RegenerateOrgOAuthAppSecret(e.ctx, e.org, bad, struct{}{}, e.auth())), bad)
	}
}

func TestPatchSecretResetsRotation(t *testing.T) {
	e := newEnv(t, nil)
	id, old := e.newApp(appRequest("patched"))
	require.Equal(t, 200, e.rotate(id, newSecret, nil))
	p := patchRequest("patched")
	p.Secret = ptr(otherSecret)
	require.Equal(t, 200, e.status(e.c.PatchOrgOAuthApp(e.ctx, e.org, id, p, e.auth())))
	e.works(id, map[string]bool{old: false, newSecret: false, otherSecret: true})
	require.Equal(t, 200, e.rotate(id, newSecret, nil), "the reset closed the rotation")
}
