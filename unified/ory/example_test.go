package ory_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/credkit/credkit/unified"
	"github.com/credkit/credkit/unified/ory"
)

// fakeHydra answers as Hydra v2.3.0's admin API did for two clients (its
// answers cut to the members read here): a listing in one page, and a
// client that authenticates with its secret.
func fakeHydra() *httptest.Server {
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		switch {
		case r.URL.Path == "/admin/clients":
			w.Header().Set("Link", `</admin/clients?page_size=500&page_token=eyJvZmZzZXQiOiIwIiwidiI6Mn0>; rel="first"`)
			w.Header().Set("X-Total-Count", "2")
			fmt.Fprint(w, `[{"client_id":"4f2d2367-cf93-4865-8a7a-4bc8e15457c4","client_name":"billing-api"},`+
				`{"client_id":"9a0c5c1e-1d2b-4b8e-9f57-0b7b2f6f1c11","client_name":"legacy-batch"}]`)
		case strings.HasPrefix(r.URL.Path, "/admin/clients/"):
			fmt.Fprint(w, `{"client_id":"9a0c5c1e-1d2b-4b8e-9f57-0b7b2f6f1c11","token_endpoint_auth_method":"client_secret_basic","jwks":{}}`)
		default:
			http.NotFound(w, r)
		}
	}))
}

func Example() {
	hydra := fakeHydra()
	defer hydra.Close()
	// Against Ory Network: Config{AdminURL: os.Getenv("ORY_SDK_URL"), APIKey: os.Getenv("ORY_PROJECT_API_KEY")}.
	p, err := ory.New(ory.Config{AdminURL: hydra.URL}, nil)
	if err != nil {
		log.Fatal(err)
	}
	defer p.Close() //nolint:errcheck // at exit there is nothing left to do about an error
	ctx := context.Background()
	for c, err := range p.ListClients(ctx) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(c.Name, c.ID)
	}
	// A client secret can only be replaced at once: without consent, the
	// rotation is refused before anything changes.
	_, err = p.RotateSecret(ctx, "9a0c5c1e-1d2b-4b8e-9f57-0b7b2f6f1c11", nil)
	fmt.Println(unified.CodeOf(err), errors.Is(err, unified.ReasonImmediateRotation))
	// Output:
	// billing-api 4f2d2367-cf93-4865-8a7a-4bc8e15457c4
	// legacy-batch 9a0c5c1e-1d2b-4b8e-9f57-0b7b2f6f1c11
	// FailedPrecondition true
}
