package unified_test

import (
	"context"
	"fmt"

	"github.com/credkit/credkit/unified"
)

// Open a registered vendor by name from its settings, and reach every
// operation through the one portable type: what the vendor lacks answers
// Unimplemented, without a request.
func ExampleLookup() {
	spec := unified.Lookup("SailPoint") // any case
	fmt.Println(spec.Name, "needs", spec.RequiredText())

	_, err := spec.OpenSettings(unified.Settings{"base-url": "https://acme.api.identitynow.com"}, nil)
	fmt.Println(unified.ReasonOf(err))

	p, err := spec.OpenSettings(unified.Settings{
		"base-url": "https://acme.api.identitynow.com", "client-id": "id", "client-secret": "secret",
	}, nil)
	if err != nil {
		panic(err)
	}
	defer p.Close() //nolint:errcheck // at exit there is nothing left to do about an error
	_, err = p.ListJSONWebKeys(context.Background(), "0123456789abcdef0123456789abcdef")
	fmt.Println(unified.CodeOf(err), unified.ReasonOf(err))
	// Output:
	// sailpoint needs SAIL_BASE_URL, SAIL_CLIENT_ID and SAIL_CLIENT_SECRET
	// invalid_config
	// Unimplemented not_supported
}
