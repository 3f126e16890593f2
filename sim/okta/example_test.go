package okta_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"

	oktaapi "github.com/credkit/credkit/gen/okta"
	oktasim "github.com/credkit/credkit/sim/okta"
)

// Rotate a client secret against the simulator with the generated client:
// add a second secret, check that both work, then retire the old one.
func Example() {
	s := oktasim.New(&oktasim.Options{Seed: 1})
	app := s.CreateApp("Payroll", "client_secret_basic")
	old := s.Secrets(app)[0]
	srv := httptest.NewServer(s)
	defer srv.Close()

	ctx := context.Background()
	api, err := oktaapi.NewClientWithResponses(srv.URL, oktaapi.WithRequestEditorFn(
		func(_ context.Context, r *http.Request) error {
			r.Header.Set("Authorization", "SSWS "+oktasim.DefaultAPIToken)
			return nil
		}))
	if err != nil {
		panic(err)
	}
	created, err := api.CreateOAuth2ClientSecretWithResponse(ctx, app, oktaapi.OAuth2ClientSecretRequestBody{})
	if err != nil {
		panic(err)
	}
	fresh := created.JSON201
	fmt.Println("create:", created.StatusCode(), fresh.Status)
	fmt.Println("both work:", s.SecretWorks(app, old.Value) && s.SecretWorks(app, *fresh.ClientSecret))

	deleted, _ := api.DeleteOAuth2ClientSecretWithResponse(ctx, app, old.ID)
	fmt.Println("delete while active:", deleted.StatusCode(), deleted.JSON400.ErrorCode)
	deactivated, _ := api.DeactivateOAuth2ClientSecretWithResponse(ctx, app, old.ID)
	deleted, _ = api.DeleteOAuth2ClientSecretWithResponse(ctx, app, old.ID)
	fmt.Println("deactivate, delete:", deactivated.StatusCode(), deleted.StatusCode())
	fmt.Println("old works:", s.SecretWorks(app, old.Value), "secrets left:", len(s.Secrets(app)))
	// Output:
	// create: 201 ACTIVE
	// both work: true
	// delete while active: 400 E0000001
	// deactivate, delete: 200 204
	// old works: false secrets left: 1
}
