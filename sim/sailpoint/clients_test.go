package sailpoint

import (
	"context"
	"encoding/json"
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"

	api "github.com/credkit/credkit/gen/sailpoint"
)

func TestList(t *testing.T) {
	h := newHarness(t, nil)
	adminID, _ := h.sim.AdminCredentials()
	a, b := h.create("a"), h.create("b")
	l, err := h.api.ListOauthClientsWithResponse(context.Background(), nil, bearer(h.admin))
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, l.StatusCode())
	var ids []string
	for _, c := range *l.JSON200 {
		ids = append(ids, c.Id)
		require.Nil(t, c.Secret, "list never shows secrets")
	}
	require.Equal(t, []string{adminID, a.Id, b.Id}, ids, "creation order, admin first")
	require.Equal(t, ids, h.sim.ClientIDs())
	require.Contains(t, string(l.Body), `"secret":null`)
}

func TestGetAndDelete(t *testing.T) {
	h := newHarness(t, nil)
	ctx := context.Background()
	adminID, _ := h.sim.AdminCredentials()
	a := h.create("a")
	g, err := h.api.GetOauthClientWithResponse(ctx, a.Id, bearer(h.admin))
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, g.StatusCode())
	require.Equal(t, "a", g.JSON200.Name)
	require.Contains(t, string(g.Body), `"secret":null`, "the secret is never shown again")

	d, err := h.api.DeleteOauthClientWithResponse(ctx, a.Id, bearer(h.admin))
	require.NoError(t, err)
	require.Equal(t, http.StatusNoContent, d.StatusCode())
	require.Empty(t, d.Body, "204 has no body")
	require.Empty(t, d.HTTPResponse.Header.Get("Content-Type"))
	require.False(t, h.sim.SecretWorks(a.Id, a.Secret), "a deleted client's secret stops working")
	_, ok := h.sim.Client(a.Id)
	require.False(t, ok)
	require.Equal(t, []string{adminID}, h.sim.ClientIDs())
}

func TestNotFoundAndBadID(t *testing.T) {
	h := newHarness(t, nil)
	gone := h.create("gone").Id
	require.Equal(t, http.StatusNoContent, h.callOp("deleteOauthClient", h.admin, gone).StatusCode())
	tests := []struct {
		op, id, text string
		status       int
	}{
		{"getOauthClient", gone, `The OAuth client "` + gone + `" does not exist.`, http.StatusNotFound},
		{"patchOauthClient", gone, `The OAuth client "` + gone + `" does not exist.`, http.StatusNotFound},
		{"deleteOauthClient", gone, `The OAuth client "` + gone + `" does not exist.`, http.StatusNotFound},
		{"getOauthClient", "no such id!", `The id "no such id!" is not a valid OAuth client ID.`, http.StatusBadRequest},
		{"patchOauthClient", "a.b", `The id "a.b" is not a valid OAuth client ID.`, http.StatusBadRequest},
		{"deleteOauthClient", "a.b", `The id "a.b" is not a valid OAuth client ID.`, http.StatusBadRequest},
	}
	for _, tt := range tests {
		t.Run(tt.op+" "+tt.id, func(t *testing.T) {
			r := h.callOp(tt.op, h.admin, tt.id)
			require.Equal(t, tt.status, r.StatusCode())
			var dto api.ErrorResponseDto
			require.NoError(t, json.Unmarshal(r.(interface{ GetBody() []byte }).GetBody(), &dto))
			require.Equal(t, detailCodes[tt.status], *dto.DetailCode)
			require.Equal(t, tt.text, errorText(t, &dto))
		})
	}
}

func TestTokenOutlivesItsClient(t *testing.T) {
	h := newHarness(t, nil)
	c := h.create("short-lived")
	tok := h.mustToken(c.Id, c.Secret)
	require.Equal(t, http.StatusNoContent, h.callOp("deleteOauthClient", h.admin, c.Id).StatusCode())
	require.Equal(t, http.StatusOK, h.callOp("listOauthClients", tok, "").StatusCode(), "a JWT is valid until it expires")
}
