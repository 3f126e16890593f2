package sailpoint

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	gen "github.com/credkit/credkit/gen/sailpoint"
	"github.com/credkit/credkit/sim"
	spsim "github.com/credkit/credkit/sim/sailpoint"
	"github.com/credkit/credkit/unified"
)

var consent = &unified.RotateOptions{AllowNewClientID: true}

func TestRotateNeedsConsent(t *testing.T) {
	h := newHarness(t, nil)
	client, _ := h.Server.CreateClient("client", nil)
	cases := map[string]*unified.RotateOptions{
		"nil options":            nil,
		"zero options":           {},
		"resume without consent": {Resume: &unified.Rotation{Vendor: unified.SailPoint, ClientID: client, NewClientID: "2c91"}},
	}
	for name, opts := range cases {
		t.Run(name, func(t *testing.T) {
			rot, err := h.p.RotateSecret(context.Background(), client, opts)
			require.Nil(t, rot)
			e := requireError(t, err, unified.FailedPrecondition, "RotateSecret")
			require.Contains(t, e.Message, "the client ID changes")
			require.Contains(t, e.Message, "RotateOptions.AllowNewClientID")
		})
	}
	require.Zero(t, h.seen.count(""))
}

func TestRotateCannotChooseTheSecret(t *testing.T) {
	h := newHarness(t, nil)
	client, _ := h.Server.CreateClient("client", nil)
	_, err := h.p.RotateSecret(context.Background(), client, &unified.RotateOptions{AllowNewClientID: true, NewSecret: unified.NewSecret("mine")})
	e := requireError(t, err, unified.Unimplemented, "RotateSecret")
	require.Contains(t, e.Message, "SailPoint makes a new client's secret itself")
	require.Zero(t, h.seen.count(""))
	require.Len(t, h.Server.ClientIDs(), 2)
}

func TestRotation(t *testing.T) {
	h := newHarness(t, nil)
	ctx := context.Background()
	adminID, _ := h.Server.AdminCredentials()
	old, oldSecret := h.Server.CreateClient("build pipeline", nil)
	h.Clock.Advance(time.Minute)

	rot, err := h.p.RotateSecret(ctx, old, consent)
	require.NoError(t, err)
	require.Equal(t, unified.SailPoint, rot.Vendor)
	require.Equal(t, old, rot.ClientID)
	require.NotEqual(t, old, rot.NewClientID)
	require.Equal(t, unified.CredentialRef{ClientID: old, ID: old}, rot.Old)
	require.Zero(t, rot.OldValidUntil, "the old client works until FinishRotation")
	n := rot.New
	require.Equal(t, unified.SailPoint, n.Vendor)
	require.Equal(t, rot.NewClientID, n.ClientID)
	require.Equal(t, rot.NewClientID, n.ID, "a client's one credential is named by the client ID")
	require.Equal(t, unified.KindClientSecret, n.Kind)
	require.Equal(t, unified.StatusActive, n.Status)
	require.Equal(t, sim.Epoch.Add(time.Minute), n.Created)
	require.Equal(t, n.Created, n.Updated)
	secret := n.Secret.Reveal()
	require.Len(t, secret, 64)
	require.Equal(t, "…"+secret[60:], n.Hint)
	var created gen.CreateOAuthClientResponse
	require.True(t, n.As(&created))
	require.Equal(t, rot.NewClientID, created.Id)
	require.Empty(t, created.Secret, "the vendor value does not carry the secret, which would print")
	require.NotContains(t, fmt.Sprintf("%v %+v %#v", rot, rot, rot), secret)
	stored, err := json.Marshal(rot)
	require.NoError(t, err)
	require.NotContains(t, string(stored), secret)
	require.Equal(t, []string{"GET /v3/oauth-clients/" + old, "POST /v3/oauth-clients", "GET /v3/oauth-clients/" + old}, apiRequests(h),
		"the old client is read again once its replacement exists: another rotator may have deleted it")

	require.True(t, h.Server.SecretWorks(rot.NewClientID, secret), "the new secret works")
	require.True(t, h.Server.SecretWorks(old, oldSecret), "the old secret still works")

	require.NoError(t, h.p.FinishRotation(ctx, rot))
	require.False(t, h.Server.SecretWorks(old, oldSecret), "the old client is gone")
	_, ok := h.Server.Client(old)
	require.False(t, ok)
	require.True(t, h.Server.SecretWorks(rot.NewClientID, secret))
	require.Equal(t, []string{adminID, rot.NewClientID}, h.Server.ClientIDs())

	require.NoError(t, h.p.FinishRotation(ctx, rot), "finishing again is harmless")
	require.Equal(t, 1, h.seen.count("DELETE /v3/oauth-clients/"+old), "the second finish found the old client gone, which is done")
	require.True(t, h.Server.SecretWorks(rot.NewClientID, secret))
}

// apiRequests are the /v3 requests seen so far.
func apiRequests(h *harness) []string {
	h.seen.mu.Lock()
	defer h.seen.mu.Unlock()
	var out []string
	for _, r := range h.seen.reqs {
		if r != "POST /oauth/token" {
			out = append(out, r)
		}
	}
	return out
}

func TestRotationCopiesEverySetting(t *testing.T) {
	ctx := context.Background()
	str := func(s string) *string { return &s }
	yes, no := true, false
	refresh := int32(3600)
	grants := []gen.GrantType{gen.GrantTypeAUTHORIZATIONCODE, gen.GrantTypeREFRESHTOKEN, gen.GrantTypeCLIENTCREDENTIALS}
	public := gen.ClientTypePUBLIC
	scope := []string{"sp:oauth-client:read", "sp:scopes:default"}
	uris := []string{"https://app.example/callback", "http://localhost:12345"}
	settings := map[string]gen.CreateOAuthClientRequest{
		"every field set": {
			Name: str("Demo API Client"), Description: str("Rotates the build pipeline"), BusinessName: str("Acme-Solar"),
			HomepageUrl: str("https://acme.example"), AccessTokenValiditySeconds: 900, RefreshTokenValiditySeconds: &refresh,
			RedirectUris: &uris, GrantTypes: &grants, AccessType: gen.AccessTypeONLINE, Type: &public,
			Internal: &yes, Enabled: true, StrongAuthSupported: &yes, ClaimsSupported: &yes, Scope: &scope,
		},
		"nulls and falses": {
			Name: str("Bare"), Description: nil, AccessTokenValiditySeconds: 750,
			GrantTypes: &[]gen.GrantType{gen.GrantTypeCLIENTCREDENTIALS}, AccessType: gen.AccessTypeOFFLINE,
			Internal: &no, Enabled: true, StrongAuthSupported: &no, ClaimsSupported: &no,
		},
	}
	for name, req := range settings {
		t.Run(name, func(t *testing.T) {
			h := newHarness(t, nil)
			resp, err := h.api().CreateOauthClientWithResponse(ctx, req)
			require.NoError(t, err)
			require.Equal(t, http.StatusOK, resp.StatusCode(), string(resp.Body))
			old := resp.JSON200.Id
			h.Clock.Advance(time.Hour)

			rot, err := h.p.RotateSecret(ctx, old, consent)
			require.NoError(t, err)
			before, ok := h.Server.Client(old)
			require.True(t, ok)
			after, ok := h.Server.Client(rot.NewClientID)
			require.True(t, ok)
			require.Equal(t, before.Created.Add(time.Hour), after.Created)
			require.Nil(t, after.LastUsed)
			require.Equal(t, comparable(before), comparable(after), "every setting is copied, the name included")
			require.True(t, h.Server.SecretWorks(rot.NewClientID, rot.New.Secret.Reveal()))
		})
	}
}

// comparable is a client's state without what differs between two clients
// by nature.
func comparable(c spsim.ClientState) spsim.ClientState {
	c.ID, c.Created, c.Modified, c.LastUsed = "", time.Time{}, time.Time{}, nil
	return c
}

func TestResume(t *testing.T) {
	ctx := context.Background()
	t.Run("adopts the new client without creating another", func(t *testing.T) {
		h := newHarness(t, nil)
		old, _ := h.Server.CreateClient("client", nil)
		rot, err := h.p.RotateSecret(ctx, old, consent)
		require.NoError(t, err)
		clients := h.Server.ClientIDs()

		again, err := h.p.RotateSecret(ctx, old, &unified.RotateOptions{AllowNewClientID: true, Resume: rot})
		require.NoError(t, err)
		require.Equal(t, rot.NewClientID, again.NewClientID)
		require.Equal(t, rot.New.Secret.Reveal(), again.New.Secret.Reveal(), "the in-memory rotation still holds the secret")
		require.Equal(t, rot.New.Hint, again.New.Hint)
		require.Equal(t, rot.Old, again.Old)
		var got gen.GetOAuthClientResponse
		require.True(t, again.New.As(&got), "read back, so the vendor value is the GET answer")
		require.Equal(t, rot.NewClientID, got.Id)
		require.Equal(t, clients, h.Server.ClientIDs(), "nothing created")
		require.Zero(t, h.seen.count("POST /v3/oauth-clients")-1)

		var stored unified.Rotation
		data, err := json.Marshal(rot)
		require.NoError(t, err)
		require.NoError(t, json.Unmarshal(data, &stored))
		fromJSON, err := h.p.RotateSecret(ctx, old, &unified.RotateOptions{AllowNewClientID: true, Resume: &stored})
		require.NoError(t, err)
		require.True(t, fromJSON.New.Secret.IsZero(), "a stored rotation has no secret, and SailPoint cannot show it again")
		require.Empty(t, fromJSON.New.Hint)
		given, err := h.p.RotateSecret(ctx, old, &unified.RotateOptions{AllowNewClientID: true, Resume: &stored, NewSecret: rot.New.Secret})
		require.NoError(t, err)
		require.Equal(t, rot.New.Secret.Reveal(), given.New.Secret.Reveal(), "NewSecret gives the kept secret back")
		_, err = h.p.RotateSecret(ctx, old, &unified.RotateOptions{AllowNewClientID: true, Resume: rot, NewSecret: unified.NewSecret("another")})
		requireError(t, err, unified.InvalidArgument, "RotateSecret")
		require.Equal(t, clients, h.Server.ClientIDs())

		require.NoError(t, h.p.FinishRotation(ctx, &stored))
		after, err := h.p.RotateSecret(ctx, old, &unified.RotateOptions{AllowNewClientID: true, Resume: &stored})
		require.NoError(t, err, "resuming a finished rotation is harmless")
		require.Equal(t, rot.NewClientID, after.NewClientID)
	})
	t.Run("refuses", func(t *testing.T) {
		h := newHarness(t, nil)
		old, _ := h.Server.CreateClient("client", nil)
		other, _ := h.Server.CreateClient("other", nil)
		cases := []struct {
			name   string
			resume unified.Rotation
			code   unified.Code
			msg    string
		}{
			{"an unknown new client", unified.Rotation{Vendor: unified.SailPoint, ClientID: old, NewClientID: "0123456789abcdef0123456789abcdef"},
				unified.FailedPrecondition, "the rotation's new client no longer exists; rotate again without Resume"},
			{"a partial rotation", unified.Rotation{Vendor: unified.SailPoint, ClientID: old, Old: oldRef(old)},
				unified.FailedPrecondition, unknownNew},
			{"another client's rotation", unified.Rotation{Vendor: unified.SailPoint, ClientID: other, NewClientID: old},
				unified.InvalidArgument, "the rotation belongs to another vendor or client"},
			{"another vendor's rotation", unified.Rotation{Vendor: unified.Okta, ClientID: old, NewClientID: other},
				unified.InvalidArgument, "the rotation belongs to another vendor or client"},
			{"a rotation whose new client is the old one", unified.Rotation{Vendor: unified.SailPoint, ClientID: old, NewClientID: old},
				unified.InvalidArgument, "the rotation's new client is its old one"},
			{"a rotation whose old credential is another's", unified.Rotation{Vendor: unified.SailPoint, ClientID: old, NewClientID: other, Old: oldRef(other)},
				unified.InvalidArgument, "the rotation's old credential is not its client's"},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				before := h.seen.count("")
				rot, err := h.p.RotateSecret(ctx, old, &unified.RotateOptions{AllowNewClientID: true, Resume: &c.resume})
				require.Nil(t, rot)
				e := requireError(t, err, c.code, "RotateSecret")
				require.Equal(t, c.msg, e.Message)
				if c.name != "an unknown new client" {
					require.Equal(t, before, h.seen.count(""), "refused before any request")
				}
			})
		}
		require.Len(t, h.Server.ClientIDs(), 3, "nothing created")
	})
}

// TestLostCreateAnswer: the replacement is created but its answer never
// arrives. The provider cannot know the new client, says so, and resuming
// tells the caller to clean up instead of guessing; the clean-up it
// describes works through the provider (ListClients, DeleteClient).
func TestLostCreateAnswer(t *testing.T) {
	h := newHarness(t, nil)
	ctx := context.Background()
	old, oldSecret := h.Server.CreateClient("build pipeline", nil)
	h.Faults.Script(sim.Fault{Kind: sim.FaultDropAfter, Method: http.MethodPost, PathContains: "/v3/oauth-clients"})

	rot, err := h.p.RotateSecret(ctx, old, consent)
	e := requireError(t, err, unified.Unavailable, "RotateSecret")
	require.Contains(t, e.Message, "no answer from the vendor; the replacement client may exist all the same: list the clients (ListClients)")
	require.Equal(t, 1, h.seen.count("POST /v3/oauth-clients"), "never retried")
	require.Equal(t, &unified.Rotation{Vendor: unified.SailPoint, ClientID: old, Phase: unified.PhasePending, Old: oldRef(old)}, rot, "a partial rotation")
	require.True(t, h.Server.SecretWorks(old, oldSecret))

	_, err = h.p.RotateSecret(ctx, old, &unified.RotateOptions{AllowNewClientID: true, Resume: rot})
	e = requireError(t, err, unified.FailedPrecondition, "RotateSecret")
	require.Contains(t, e.Message, "delete the replacement this attempt may have left")
	e = requireError(t, h.p.FinishRotation(ctx, rot), unified.FailedPrecondition, "FinishRotation")
	require.Contains(t, e.Message, "never learned its new client")
	require.True(t, h.Server.SecretWorks(old, oldSecret), "nothing was deleted")

	named := func() []string {
		var out []string
		for c, err := range h.p.ListClients(ctx) {
			require.NoError(t, err)
			if c.Name == "build pipeline" {
				out = append(out, c.ID)
			}
		}
		return out
	}
	orphans := slices.DeleteFunc(named(), func(id string) bool { return id == old })
	require.Len(t, orphans, 1, "the orphan shows up under the old client's name")
	require.NoError(t, h.p.DeleteClient(ctx, orphans[0]))
	require.NoError(t, h.p.DeleteClient(ctx, orphans[0]), "a client already gone is not an error")

	again, err := h.p.RotateSecret(ctx, old, consent)
	require.NoError(t, err)
	require.True(t, h.Server.SecretWorks(again.NewClientID, again.New.Secret.Reveal()))
	require.NoError(t, h.p.FinishRotation(ctx, again))
	require.Equal(t, []string{again.NewClientID}, named(), "no orphan, no old client")
}

func TestDeleteClient(t *testing.T) {
	h := newHarness(t, nil)
	ctx := context.Background()
	id, secret := h.Server.CreateClient("retired", nil)
	require.NoError(t, h.p.DeleteClient(ctx, id))
	require.False(t, h.Server.SecretWorks(id, secret))
	before := h.seen.count("")
	requireError(t, h.p.DeleteClient(ctx, "../"+id), unified.InvalidArgument, "DeleteClient")
	require.Equal(t, before, h.seen.count(""), "refused before any request")
	h.Faults.Script(sim.Fault{Kind: sim.FaultInternal, Method: http.MethodDelete, PathContains: "/v3/oauth-clients/"})
	other, _ := h.Server.CreateClient("other", nil)
	require.NoError(t, h.p.DeleteClient(ctx, other), "a DELETE is safe to repeat, so a 500 is retried")
	require.Equal(t, 2, h.seen.count("DELETE /v3/oauth-clients/"+other))
}

func TestUnusableCreateAnswer(t *testing.T) {
	oldClient := `{"id":"2c9180835d2e5168015d32f890ca1581","name":"n","accessTokenValiditySeconds":750,"grantTypes":["CLIENT_CREDENTIALS"],"accessType":"OFFLINE","enabled":true}`
	cases := []struct {
		name   string
		create http.HandlerFunc
		code   unified.Code
		msg    string
	}{
		{"not JSON", answer(http.StatusOK, "text/plain", "created"), unified.Internal, `the HTTP 200 answer does not decode; it begins "created"`},
		{"no secret", answer(http.StatusOK, "application/json", `{"id":"2c9180835d2e5168015d32f890ca1582","name":"n","accessTokenValiditySeconds":750,"grantTypes":[],"accessType":"OFFLINE","enabled":true,"secret":""}`),
			unified.Internal, "the answer names no client ID or secret"},
		{"broken JSON", answer(http.StatusOK, "application/json", `{"id":"2c9180835d2e5168015d32f890ca1582","secret":"0123456789abcdef0123`),
			unified.Internal, `the HTTP 200 answer does not decode; it begins "{\"id\":\"2c9180835d2e5168015d32f890ca1582\",\"secret\":\"[REDACTED]\""`},
		{"a 4xx created nothing", answer(http.StatusBadRequest, "application/json", `{"detailCode":"400.1 Bad Request Content","messages":[{"text":"no"}]}`),
			unified.InvalidArgument, "no"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			posts := 0
			srv := newScriptedServer(t, nil, func(w http.ResponseWriter, r *http.Request) {
				if r.Method == http.MethodPost {
					posts++
					c.create(w, r)
					return
				}
				answer(http.StatusOK, "application/json", oldClient)(w, r)
			})
			p, err := newProvider(Config{BaseURL: srv.URL, ClientID: "id", ClientSecret: "s"}, &Options{HTTPTransport: srv.Client().Transport})
			require.NoError(t, err)
			rot, err := p.RotateSecret(context.Background(), "2c9180835d2e5168015d32f890ca1581", consent)
			e := requireError(t, err, c.code, "RotateSecret")
			require.Equal(t, 1, posts)
			if c.code == unified.InvalidArgument {
				require.Nil(t, rot, "a refusal created nothing: no partial rotation")
				require.Equal(t, c.msg, e.Message)
				return
			}
			require.NotNil(t, rot)
			require.Empty(t, rot.NewClientID)
			require.Equal(t, c.msg+mayExistAfter, e.Message)
			require.NotContains(t, e.Error(), "0123456789abcdef0123")
		})
	}
}

func TestFinishRotationRefuses(t *testing.T) {
	h := newHarness(t, nil)
	ctx := context.Background()
	old, oldSecret := h.Server.CreateClient("client", nil)
	other, _ := h.Server.CreateClient("other", nil)
	rotation := func(newID string) *unified.Rotation {
		return &unified.Rotation{Vendor: unified.SailPoint, ClientID: old, NewClientID: newID, Old: oldRef(old)}
	}
	cases := []struct {
		name      string
		rot       *unified.Rotation
		code      unified.Code
		msg       string
		requested bool
	}{
		{"nil", nil, unified.InvalidArgument, "rotation is nil", false},
		{"another vendor's", &unified.Rotation{Vendor: unified.VMwareCSP, ClientID: old, NewClientID: other}, unified.InvalidArgument, "the rotation belongs to another vendor or client", false},
		{"no new client", rotation(""), unified.FailedPrecondition, unknownNew, false},
		{"the new client is the old one", rotation(old), unified.InvalidArgument, "the rotation's new client is its old one", false},
		{"the old credential is another's", &unified.Rotation{Vendor: unified.SailPoint, ClientID: old, NewClientID: other, Old: oldRef(other)}, unified.InvalidArgument, "the rotation's old credential is not its client's", false},
		{"the new client does not exist", rotation("0123456789abcdef0123456789abcdef"), unified.FailedPrecondition,
			"the rotation's new client does not exist; refusing to delete the old one, which would leave no client", true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			before := h.seen.count("")
			e := requireError(t, h.p.FinishRotation(ctx, c.rot), c.code, "FinishRotation")
			require.Equal(t, c.msg, e.Message)
			require.Equal(t, c.requested, h.seen.count("") > before)
		})
	}
	require.Zero(t, h.seen.count("DELETE /v3/oauth-clients/"+old))
	require.True(t, h.Server.SecretWorks(old, oldSecret), "the old client is kept")
}

func TestFinishRotationWithADisabledNewClient(t *testing.T) {
	h := newHarness(t, nil)
	ctx := context.Background()
	old, oldSecret := h.Server.CreateClient("client", nil)
	rot, err := h.p.RotateSecret(ctx, old, consent)
	require.NoError(t, err)
	setEnabled(t, h, rot.NewClientID, false)

	e := requireError(t, h.p.FinishRotation(ctx, rot), unified.FailedPrecondition, "FinishRotation")
	require.Contains(t, e.Message, "the rotation's new client is disabled and the old one is not")
	require.True(t, h.Server.SecretWorks(old, oldSecret), "the only working client is kept")

	setEnabled(t, h, old, false)
	require.NoError(t, h.p.FinishRotation(ctx, rot), "with both disabled nothing working is lost")
	_, ok := h.Server.Client(old)
	require.False(t, ok)
}

// setEnabled patches a client's enabled flag through the admin provider.
func setEnabled(t *testing.T, h *harness, id string, enabled bool) {
	t.Helper()
	var v gen.JsonPatchOperation_Value
	require.NoError(t, v.FromJsonPatchOperationValue1(enabled))
	resp, err := h.api().PatchOauthClientWithApplicationJSONPatchPlusJSONBodyWithResponse(context.Background(), id,
		[]gen.JsonPatchOperation{{Op: gen.JsonPatchOperationOpReplace, Path: "/enabled", Value: &v}})
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, resp.StatusCode(), string(resp.Body))
}

// A finish that finds the old client deleted already was overtaken when
// the rotation was begun in this process and never finished before;
// otherwise (read from storage, or finished once) it cannot tell a lost
// answer from another rotator, and succeeds.
func TestFinishFindingTheOldClientGone(t *testing.T) {
	ctx := context.Background()
	consent := &unified.RotateOptions{AllowNewClientID: true}
	for _, tc := range []struct {
		name   string
		prep   func(t *testing.T, rot *unified.Rotation) *unified.Rotation
		reason unified.Reason
	}{
		{"begun here", func(_ *testing.T, rot *unified.Rotation) *unified.Rotation { return rot }, unified.ReasonRotationOvertaken},
		{"read from storage", func(t *testing.T, rot *unified.Rotation) *unified.Rotation {
			stored, err := json.Marshal(rot)
			require.NoError(t, err)
			var back unified.Rotation
			require.NoError(t, json.Unmarshal(stored, &back))
			return &back
		}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t, nil)
			old, _ := h.Server.CreateClient("old", nil)
			rot, err := h.p.RotateSecret(ctx, old, consent)
			require.NoError(t, err)
			other, err := h.p.RotateSecret(ctx, old, consent)
			require.NoError(t, err)
			require.NoError(t, h.p.FinishRotation(ctx, other), "another rotator finishes first")
			r := tc.prep(t, rot)
			require.Equal(t, tc.reason, unified.ReasonOf(h.p.FinishRotation(ctx, r)))
			require.NoError(t, h.p.FinishRotation(ctx, r), "a second finish cannot tell")
			require.Contains(t, h.Server.ClientIDs(), rot.NewClientID, "nothing was deleted: both replacements live")
			require.Contains(t, h.Server.ClientIDs(), other.NewClientID)
		})
	}
}
