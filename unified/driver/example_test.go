package driver_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/credkit/credkit/unified"
	"github.com/credkit/credkit/unified/driver"
)

// tiny is the smallest driver: rotation only, in place, one secret per
// client. A real one calls its vendor's generated client.
type tiny struct{}

func (tiny) Info() driver.Info {
	return driver.Info{Vendor: "tiny", MaxIDLength: 64, MaxSecrets: 1}
}

func (tiny) RotateSecret(_ context.Context, clientID string, _ *unified.RotateOptions) (*unified.Rotation, error) {
	return &unified.Rotation{Vendor: "tiny", ClientID: clientID, NewClientID: clientID}, nil
}

func (tiny) FinishRotation(context.Context, *unified.Rotation) error { return nil }
func (tiny) Close() error                                            { return nil }

// A driver becomes a provider: what it lacks is refused without a call,
// malformed IDs never reach it, and Capabilities follows its interfaces.
func ExampleNewProvider() {
	p := driver.NewProvider(tiny{})
	defer p.Close() //nolint:errcheck // at exit there is nothing left to do about an error
	ctx := context.Background()

	_, err := p.ListSecrets(ctx, "c1")
	fmt.Println(unified.CodeOf(err), unified.ReasonOf(err))
	_, err = p.RotateSecret(ctx, "c1/../x", nil)
	fmt.Println(errors.Is(err, unified.ReasonInvalidID), err)
	fmt.Println(p.Capabilities().ListSecrets, p.Capabilities().RotateInPlace)
	// Output:
	// Unimplemented not_supported
	// true credkit: tiny RotateSecret: InvalidArgument: client ID has '/' at offset 2
	// false true
}
