package okta_test

import (
	"context"
	"fmt"
	"net/http/httptest"

	simokta "github.com/credkit/credkit/sim/okta"
	"github.com/credkit/credkit/unified"
	"github.com/credkit/credkit/unified/okta"
)

// Rotate an app's client secret against the Okta simulator: begin (both
// secrets work), switch your service to the new secret, then finish.
func Example() {
	oktaSim := simokta.New(nil)
	appID := oktaSim.CreateApp("billing", "")
	srv := httptest.NewServer(oktaSim)
	defer srv.Close()

	ctx := context.Background()
	provider, err := okta.New(okta.Config{OrgURL: srv.URL, APIToken: simokta.DefaultAPIToken}, nil)
	if err != nil {
		panic(err)
	}
	rotation, err := provider.RotateSecret(ctx, appID, nil)
	if err != nil {
		panic(err)
	}
	fmt.Println("new secret:", rotation.New.Secret) // printed redacted
	fmt.Println("secrets during the rotation:", len(oktaSim.Secrets(appID)))
	// ... deploy rotation.New.Secret.Reveal() to your service, then:
	if err := provider.FinishRotation(ctx, rotation); err != nil {
		panic(err)
	}
	fmt.Println("secrets after:", len(oktaSim.Secrets(appID)))
	_, err = provider.GetSecret(ctx, unified.CredentialRef{ClientID: appID, ID: rotation.Old.ID})
	fmt.Println("old secret:", unified.CodeOf(err))
	// Output:
	// new secret: [REDACTED]
	// secrets during the rotation: 2
	// secrets after: 1
	// old secret: NotFound
}
