package unified_test

import (
	"context"
	"errors"
	"fmt"
	"net/http/httptest"

	simokta "github.com/credkit/credkit/sim/okta"
	"github.com/credkit/credkit/unified"
	"github.com/credkit/credkit/unified/okta"
)

// A program decides on an error's Reason, never on its message: here a
// second rotation of an app whose first one is not finished.
func ExampleReason() {
	org := simokta.New(nil)
	app := org.CreateApp("billing", "")
	srv := httptest.NewServer(org)
	defer srv.Close()
	p, err := okta.New(okta.Config{OrgURL: srv.URL, APIToken: simokta.DefaultAPIToken}, nil)
	if err != nil {
		panic(err)
	}
	defer p.Close() //nolint:errcheck // at exit there is nothing left to do about an error
	ctx := context.Background()
	if _, err := p.RotateSecret(ctx, app, nil); err != nil {
		panic(err)
	}
	_, err = p.RotateSecret(ctx, app, nil)
	switch {
	case errors.Is(err, unified.ReasonRotationOpen):
		fmt.Println("finish or resume the open rotation first")
	case err != nil:
		fmt.Println("failed:", unified.CodeOf(err))
	}
	fmt.Println(unified.CodeOf(err), unified.ReasonOf(err))
	// Output:
	// finish or resume the open rotation first
	// FailedPrecondition rotation_open
}
