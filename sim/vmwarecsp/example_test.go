package vmwarecsp_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"time"

	csp "github.com/credkit/credkit/gen/vmwarecsp"
	"github.com/credkit/credkit/sim"
	cspsim "github.com/credkit/credkit/sim/vmwarecsp"
)

// Example rotates an app's secret against the simulator with the generated
// client: both secrets work during the overlap, and only the new one once
// the window has closed on the simulator's clock.
func Example() {
	clock := sim.NewManualClock(sim.Epoch)
	srv := cspsim.New(&cspsim.Options{Clock: clock})
	ts := httptest.NewServer(srv)
	defer ts.Close()
	ctx := context.Background()
	c, _ := csp.NewClientWithResponses(ts.URL)

	token := cspsim.DefaultAPIToken
	ex, _ := c.ExchangeApiTokenWithFormdataBodyWithResponse(ctx, csp.ApiTokenExchangeRequest{ApiToken: &token})
	admin := func(_ context.Context, r *http.Request) error {
		r.Header.Set("Authorization", "Bearer "+ex.JSON200.AccessToken)
		return nil
	}
	id, old := srv.CreateApp("billing")

	const fresh = "N3w-Secret!"
	rot, _ := c.StartOwnerSecretRotationWithResponse(ctx, srv.OrgID(), id, csp.ClientSecretOwnerRotationRequest{NewClientSecret: fresh}, admin)
	fmt.Println("start rotation:", rot.StatusCode())
	fmt.Println("old works:", srv.SecretWorks(id, old), "new works:", srv.SecretWorks(id, fresh))

	again, _ := c.StartOwnerSecretRotationWithResponse(ctx, srv.OrgID(), id, csp.ClientSecretOwnerRotationRequest{NewClientSecret: "An0ther-Secret!"}, admin)
	fmt.Println("second rotation:", again.StatusCode())

	clock.Advance(48 * time.Hour)
	fmt.Println("after 48h, old works:", srv.SecretWorks(id, old), "new works:", srv.SecretWorks(id, fresh))
	// Output:
	// start rotation: 200
	// old works: true new works: true
	// second rotation: 409
	// after 48h, old works: false new works: true
}
