package auth0_test

import (
	"context"
	"fmt"
	"log"
	"net/http/httptest"

	a0sim "github.com/credkit/credkit/sim/auth0"
	"github.com/credkit/credkit/unified"
	"github.com/credkit/credkit/unified/auth0"
)

// ExampleNew rotates the key of a private_key_jwt client with overlap,
// then shows that a client-secret client is rotated only with consent.
func ExampleNew() {
	ctx := context.Background()
	simulator := a0sim.New(nil)
	srv := httptest.NewServer(simulator)
	defer srv.Close()
	key, err := a0sim.NewKey()
	if err != nil {
		log.Fatal(err)
	}
	keyClient, _ := simulator.CreateKeyClient("billing-exporter", &key.PublicKey)
	secretClient, _ := simulator.CreateClient("legacy-batch")

	adminID, adminSecret := simulator.AdminCredentials()
	p, err := auth0.New(auth0.Config{
		Domain:   srv.URL, // acme.eu.auth0.com for a real tenant
		ClientID: adminID, ClientSecret: adminSecret,
		Audience: simulator.Audience(), // https://{Domain}/api/v2/ when empty
	}, &auth0.Options{GenerateKey: a0sim.NewKey})
	if err != nil {
		log.Fatal(err)
	}
	defer p.Close() //nolint:errcheck // at exit there is nothing left to do about an error

	rot, err := p.RotateSecret(ctx, keyClient, nil)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("new private key:", rot.New.Secret, rot.New.Kind)
	fmt.Println("credentials while both work:", simulator.CredentialCount(keyClient))
	// ... deploy rot.New.Secret.Reveal() where the client signs its assertions ...
	if err := p.FinishRotation(ctx, rot); err != nil {
		log.Fatal(err)
	}
	fmt.Println("credentials after finish:", simulator.CredentialCount(keyClient))

	_, err = p.RotateSecret(ctx, secretClient, nil)
	fmt.Println(unified.CodeOf(err), string(unified.ReasonOf(err)))
	rot, err = p.RotateSecret(ctx, secretClient, &unified.RotateOptions{AllowImmediateRotation: true})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("new secret, at once:", rot.New.Secret, simulator.SecretWorks(secretClient, rot.New.Secret.Reveal()))
	// Output:
	// new private key: [REDACTED] json_web_key
	// credentials while both work: 2
	// credentials after finish: 1
	// FailedPrecondition immediate_rotation
	// new secret, at once: [REDACTED] true
}
