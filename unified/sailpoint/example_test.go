package sailpoint_test

import (
	"context"
	"fmt"
	"net/http/httptest"

	simsailpoint "github.com/credkit/credkit/sim/sailpoint"
	"github.com/credkit/credkit/unified"
	"github.com/credkit/credkit/unified/sailpoint"
)

// Rotate a client's secret against the SailPoint simulator. SailPoint
// cannot change a secret, so the rotation replaces the client: consent to
// the new client ID, switch your service to the new ID and secret, then
// finish, which deletes the old client.
func Example() {
	spSim := simsailpoint.New(nil)
	clientID, _ := spSim.CreateClient("billing", nil)
	srv := httptest.NewServer(spSim)
	defer srv.Close()

	ctx := context.Background()
	adminID, adminSecret := spSim.AdminCredentials()
	provider, err := sailpoint.New(sailpoint.Config{BaseURL: srv.URL, ClientID: adminID, ClientSecret: adminSecret}, nil)
	if err != nil {
		panic(err)
	}
	_, err = provider.ListSecrets(ctx, clientID)
	fmt.Println("list secrets:", unified.CodeOf(err))
	_, err = provider.RotateSecret(ctx, clientID, nil)
	fmt.Println("rotate without consent:", unified.CodeOf(err))

	rotation, err := provider.RotateSecret(ctx, clientID, &unified.RotateOptions{AllowNewClientID: true})
	if err != nil {
		panic(err)
	}
	fmt.Println("new client ID differs:", rotation.NewClientID != clientID)
	fmt.Println("new secret:", rotation.New.Secret) // printed redacted
	fmt.Println("new secret works:", spSim.SecretWorks(rotation.NewClientID, rotation.New.Secret.Reveal()))
	// ... deploy rotation.NewClientID and rotation.New.Secret.Reveal() to your service, then:
	if err := provider.FinishRotation(ctx, rotation); err != nil {
		panic(err)
	}
	_, oldExists := spSim.Client(clientID)
	fmt.Println("old client exists:", oldExists)
	for c, err := range provider.ListClients(ctx) {
		if err != nil {
			panic(err)
		}
		fmt.Println("client:", c.Name, c.ID == rotation.NewClientID)
	}
	// Output:
	// list secrets: Unimplemented
	// rotate without consent: FailedPrecondition
	// new client ID differs: true
	// new secret: [REDACTED]
	// new secret works: true
	// old client exists: false
	// client: credkit simulator admin false
	// client: billing true
}
