package sailpoint_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"

	api "github.com/credkit/credkit/gen/sailpoint"
	"github.com/credkit/credkit/sim/sailpoint"
)

// Example starts the simulator, fetches a token with the admin client's
// credentials, creates a client through the generated client and checks
// that its secret works.
func Example() {
	s := sailpoint.New(nil)
	srv := httptest.NewServer(s)
	defer srv.Close()

	id, secret := s.AdminCredentials()
	resp, err := http.PostForm(srv.URL+"/oauth/token", url.Values{
		"grant_type": {"client_credentials"}, "client_id": {id}, "client_secret": {secret},
	})
	if err != nil {
		panic(err)
	}
	var tok struct {
		AccessToken string `json:"access_token"`
		ExpiresIn   int    `json:"expires_in"`
	}
	_ = json.NewDecoder(resp.Body).Decode(&tok)
	resp.Body.Close()
	fmt.Println("token:", resp.StatusCode, tok.ExpiresIn)

	c, _ := api.NewClientWithResponses(srv.URL+"/v3", api.WithRequestEditorFn(func(_ context.Context, r *http.Request) error {
		r.Header.Set("Authorization", "Bearer "+tok.AccessToken)
		return nil
	}))
	name, desc := "build pipeline", "rotates its own secret"
	grants := []api.GrantType{api.GrantTypeCLIENTCREDENTIALS}
	created, err := c.CreateOauthClientWithResponse(context.Background(), api.CreateOAuthClientRequest{
		Name: &name, Description: &desc, AccessTokenValiditySeconds: 750,
		GrantTypes: &grants, AccessType: api.AccessTypeOFFLINE, Enabled: true,
	})
	if err != nil {
		panic(err)
	}
	fmt.Println("create:", created.StatusCode(), created.JSON200.Id, len(created.JSON200.Secret))
	fmt.Println("secret works:", s.SecretWorks(created.JSON200.Id, created.JSON200.Secret))

	missing, _ := c.GetOauthClientWithResponse(context.Background(), "0123456789abcdef0123456789abcdef")
	fmt.Println("get unknown:", missing.StatusCode(), *missing.JSON404.DetailCode)
	// Output:
	// token: 200 750
	// create: 200 7c949a38b95e5fc40ab2fc16272d7dbe 64
	// secret works: true
	// get unknown: 404 404 Not found
}
