package vmwarecsp

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	api "github.com/credkit/credkit/gen/vmwarecsp"
	"github.com/credkit/credkit/sim"
)

func TestSeededApp(t *testing.T) {
	e := newEnv(t, nil)
	id, secret := e.srv.CreateApp("seeded")
	require.Regexp(t, clientIDPattern, id)
	require.Nil(t, checkSecret("secret", secret))
	require.Equal(t, SecretState{Current: secret}, e.srv.Secrets(id))
	e.works(id, map[string]bool{secret: true, "Wr0ng-secret!": false, "": false})

	resp, err := e.c.GetOrgOAuthAppWithResponse(e.ctx, e.org, id, e.auth())
	require.NoError(t, err)
	require.Equal(t, "seeded", *resp.JSON200.DisplayName)
	require.Equal(t, "simulator", *resp.JSON200.CreatedBy)

	require.False(t, e.srv.SecretWorks("missing", secret))
	require.Equal(t, SecretState{}, e.srv.Secrets("missing"))
}

func TestOrgID(t *testing.T) {
	a, b, c := New(&Options{Seed: 1}), New(&Options{Seed: 1}), New(&Options{Seed: 2})
	require.Regexp(t, `^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`, a.OrgID())
	require.Equal(t, a.OrgID(), b.OrgID())
	require.NotEqual(t, a.OrgID(), c.OrgID())
	require.Equal(t, "my-org", New(&Options{OrgID: "my-org"}).OrgID())
}

func TestDefaults(t *testing.T) {
	s := New(nil)
	clock, ok := s.Clock().(*sim.ManualClock)
	require.True(t, ok)
	require.Equal(t, sim.Epoch, clock.Now())
	require.Equal(t, 48*time.Hour, s.window)
	require.Equal(t, 100, s.pageMax)
	require.Contains(t, s.apiTokens, DefaultAPIToken)
	require.Zero(t, s.delDelay)

	only := New(&Options{APITokens: []string{"mine"}})
	require.NotContains(t, only.apiTokens, DefaultAPIToken)
}

// TestDeletionInProgress covers the 409 of an app whose deletion has not
// finished, on every operation that documents one, and its end.
func TestDeletionInProgress(t *testing.T) {
	e := newEnv(t, &Options{DeletionDelay: time.Hour})
	req := appRequest("doomed")
	req.Id = ptr("doomed")
	id, _ := e.newApp(req)
	require.Equal(t, 200, e.status(e.c.DeleteOrgOAuthApps(e.ctx, e.org, api.OrgOAuthAppsDeleteRequest{ClientIdsToDelete: []string{id}}, e.auth())))

	want := map[string]int{
		"createOrgOAuthApp": 409, "patchOrgOAuthApp": 409, "startOwnerSecretRotation": 409, "regenerateOrgOAuthAppSecret": 409,
		"getOrgOAuthApp": 404, "deleteOldOwnerSecret": 404, "listOrgOAuthApps": 200, "deleteOrgOAuthApps": 200,
	}
	create := func(e *env) int { return e.status(e.c.CreateOrgOAuthApp(e.ctx, e.org, req, e.auth())) }
	for _, op := range managementOps {
		if op.id == "createOrgOAuthApp" {
			require.Equal(t, want[op.id], create(e), op.id)
			continue
		}
		require.Equal(t, want[op.id], e.status(e.on(op, e.org, id, e.auth())), op.id)
	}
	require.Empty(t, *e.listPage(-1, -1, "").Results)

	e.clock.Advance(time.Hour)
	require.Equal(t, 404, e.status(e.c.PatchOrgOAuthApp(e.ctx, e.org, id, patchRequest("x"), e.auth())))
	require.Equal(t, 200, create(e), "the ID is free again")
}

func TestDeletionFinishesAtOnceByDefault(t *testing.T) {
	e := newEnv(t, nil)
	req := appRequest("reborn")
	req.Id = ptr("reborn")
	e.newApp(req)
	require.Equal(t, 200, e.status(e.c.DeleteOrgOAuthApps(e.ctx, e.org, api.OrgOAuthAppsDeleteRequest{ClientIdsToDelete: []string{"reborn"}}, e.auth())))
	require.Equal(t, 404, e.status(e.c.RegenerateOrgOAuthAppSecret(e.ctx, e.org, "reborn", struct{}{}, e.auth())))
	e.newApp(req)
}
