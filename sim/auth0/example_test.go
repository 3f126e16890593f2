package auth0_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"

	api "github.com/credkit/credkit/gen/auth0"
	simauth0 "github.com/credkit/credkit/sim/auth0"
)

// Example gets a Management API token with the admin client's credentials,
// creates a client and rotates its secret, which replaces the old one at
// once.
func Example() {
	s := simauth0.New(nil)
	srv := httptest.NewServer(s)
	defer srv.Close()

	id, secret := s.AdminCredentials()
	form := url.Values{"grant_type": {"client_credentials"}, "client_id": {id}, "client_secret": {secret}, "audience": {s.Audience()}}
	resp, err := http.PostForm(srv.URL+"/oauth/token", form)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer resp.Body.Close()
	var tok struct {
		AccessToken string `json:"access_token"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&tok); err != nil {
		fmt.Println(err)
		return
	}
	bearer := func(_ context.Context, r *http.Request) error {
		r.Header.Set("Authorization", "Bearer "+tok.AccessToken)
		return nil
	}
	c, _ := api.NewClientWithResponses(srv.URL, api.WithRequestEditorFn(bearer))
	ctx := context.Background()
	created, err := c.CreateClientWithResponse(ctx, api.ClientCreate{Name: "billing-export"})
	if err != nil {
		fmt.Println(err)
		return
	}
	rotated, err := c.RotateClientSecretWithResponse(ctx, *created.JSON201.ClientId)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(created.StatusCode(), rotated.StatusCode(), *created.JSON201.ClientSecret != *rotated.JSON200.ClientSecret)
	fmt.Println(strings.HasPrefix(s.Audience(), "https://"))
	// Output:
	// 201 200 true
	// true
}
