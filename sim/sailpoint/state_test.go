package sailpoint

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/credkit/credkit/sim"
)

func TestAdminCredentials(t *testing.T) {
	s := New(&Options{AdminClientID: "admin-id", AdminClientSecret: "admin-secret"})
	id, secret := s.AdminCredentials()
	require.Equal(t, "admin-id", id)
	require.Equal(t, "admin-secret", secret)
	require.True(t, s.SecretWorks(id, secret))
	require.False(t, s.SecretWorks(id, "other"))
	st, ok := s.Client(id)
	require.True(t, ok)
	require.Equal(t, []string{scopeManage}, st.Scope)
	require.Equal(t, []string{id}, s.ClientIDs())
}

func TestCreateClient(t *testing.T) {
	s := New(nil)
	id, secret := s.CreateClient("seeded", nil)
	require.Regexp(t, "^[0-9a-f]{32}$", id)
	require.Regexp(t, "^[0-9a-f]{64}$", secret)
	require.True(t, s.SecretWorks(id, secret))
	require.False(t, s.SecretWorks("unknown", secret))
	st, ok := s.Client(id)
	require.True(t, ok)
	require.Equal(t, ClientState{
		ID: id, Name: "seeded", AccessTokenValiditySeconds: 750, RefreshTokenValiditySeconds: 86400,
		GrantTypes: []string{grantClientCredentials}, AccessType: "OFFLINE", Type: "CONFIDENTIAL",
		Enabled: true, Scope: []string{scopeAll}, Created: sim.Epoch, Modified: sim.Epoch,
	}, st)

	readID, _ := s.CreateClient("reader", []string{scopeRead})
	rd, _ := s.Client(readID)
	require.Equal(t, []string{scopeRead}, rd.Scope)
	require.Len(t, s.ClientIDs(), 3)

	_, ok = s.Client("unknown")
	require.False(t, ok)
}

func TestClientIsACopy(t *testing.T) {
	s := New(nil)
	id, _ := s.CreateClient("copy", nil)
	st, _ := s.Client(id)
	st.GrantTypes[0] = "changed"
	st.Name = "changed"
	again, _ := s.Client(id)
	require.Equal(t, grantClientCredentials, again.GrantTypes[0])
	require.Equal(t, "copy", again.Name)

	ids := s.ClientIDs()
	ids[0] = "changed"
	require.NotEqual(t, "changed", s.ClientIDs()[0])
}

func TestClone(t *testing.T) {
	d, b := "d", "b"
	c := ClientState{Description: &d, BusinessName: &b, RedirectURIs: []string{"u"}, Scope: []string{"s"}, GrantTypes: []string{"g"}}
	cp := c.clone()
	require.Equal(t, c, cp)
	*cp.Description = "x"
	cp.RedirectURIs[0] = "x"
	require.Equal(t, "d", *c.Description)
	require.Equal(t, "u", c.RedirectURIs[0])
}
