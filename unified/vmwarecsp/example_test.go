package vmwarecsp_test

import (
	"context"
	"fmt"
	"log"
	"net/http/httptest"
	"time"

	cspsim "github.com/credkit/credkit/sim/vmwarecsp"
	"github.com/credkit/credkit/unified"
	"github.com/credkit/credkit/unified/vmwarecsp"
)

// Example rotates an OAuth app's secret against the CSP simulator: begin,
// deploy the new secret while the old one still works, then finish.
func Example() {
	ctx := context.Background()
	simulator := cspsim.New(nil)
	srv := httptest.NewServer(simulator)
	defer srv.Close()
	clientID, oldSecret := simulator.CreateApp("billing-exporter")

	p, err := vmwarecsp.New(vmwarecsp.Config{
		URL:      srv.URL, // https://console.cloud.vmware.com when empty
		OrgID:    simulator.OrgID(),
		APIToken: cspsim.DefaultAPIToken,
	}, nil)
	if err != nil {
		log.Fatal(err)
	}

	rot, err := p.RotateSecret(ctx, clientID, &unified.RotateOptions{Overlap: time.Hour})
	if err != nil {
		// rot, when not nil, is the partial rotation: pass it as
		// RotateOptions.Resume to try again with the same secret.
		log.Fatal(err)
	}
	fmt.Println("new secret:", rot.New.Secret, "in slot", rot.New.ID)
	fmt.Println("old and new work:", simulator.SecretWorks(clientID, oldSecret), simulator.SecretWorks(clientID, rot.New.Secret.Reveal()))

	// ... deploy rot.New.Secret.Reveal() everywhere the app runs ...

	if err := p.FinishRotation(ctx, rot); err != nil {
		log.Fatal(err)
	}
	fmt.Println("old and new work:", simulator.SecretWorks(clientID, oldSecret), simulator.SecretWorks(clientID, rot.New.Secret.Reveal()))

	_, err = p.ListSecrets(ctx, clientID)
	fmt.Println(unified.CodeOf(err))

	for client, err := range p.ListClients(ctx) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println("app:", client.Name)
	}
	// Output:
	// new secret: [REDACTED] in slot current
	// old and new work: true true
	// old and new work: false true
	// Unimplemented
	// app: billing-exporter
}
