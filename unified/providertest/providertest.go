// Package providertest is the shared test suite every unified provider
// must pass, as go-cloud's drivertest is for its drivers: the same checks of
// capabilities (every operation a provider lacks is refused with
// Unimplemented, without a request), input validation, the code and reason
// of every refusal, As on credentials and errors, and rotation safety run
// against each vendor's simulator through a small Harness. The harnesses
// build on the simulators' own (sim/okta.NewHarness and its siblings).
//
// # Errors
//
// Run reports failures through the *testing.T it is given.
package providertest

import (
	"testing"

	"github.com/credkit/credkit/sim"
	"github.com/credkit/credkit/unified"
)

// Harness connects the suite to one vendor's provider and simulator.
type Harness interface {
	// NewProvider returns a new provider value over the harness's
	// simulator; every call shares the same simulator state.
	NewProvider(t *testing.T) *unified.Provider
	// NewClient creates a client holding one working secret.
	NewClient(t *testing.T) (clientID, secret string)
	// SecretWorks reports whether secret authenticates clientID now.
	SecretWorks(clientID, secret string) bool
	// SecretCount is how many secrets the client holds now, expiring ones
	// included.
	SecretCount(clientID string) int
	// Fault scripts a fault for the next request it matches.
	Fault(f sim.Fault)
	// Requests counts the requests the simulator has received.
	Requests() int
	// RotationSteps lists the requests a rotation (begin, then finish)
	// sends, as fault matchers, so that a fault can be put at every step.
	RotationSteps() []sim.Fault
	// RotateOptions are what the vendor needs to rotate at all (SailPoint:
	// AllowNewClientID); nil for none.
	RotateOptions() *unified.RotateOptions
}

// ClientSet is implemented by the harness of a provider whose rotation
// creates clients (Capabilities.RotateReplacesClient), so that the suite
// can check that no rotation leaves an orphan client behind.
type ClientSet interface {
	// ClientIDs are the clients the simulator holds now.
	ClientIDs() []string
}

// SecretClients is implemented by the harness of a provider that rotates
// some clients' secrets only at once (Capabilities.RotateImmediately), so
// that the suite can check the consent those rotations need.
type SecretClients interface {
	// NewSecretClient creates a client whose secret can only be replaced
	// at once.
	NewSecretClient(t *testing.T) (clientID, secret string)
}

// Run runs the whole suite.
func Run(t *testing.T, h Harness) {
	t.Run("Capabilities", func(t *testing.T) { testCapabilities(t, h) })
	t.Run("HostileIDs", func(t *testing.T) { testHostileIDs(t, h) })
	t.Run("Refusals", func(t *testing.T) { testRefusals(t, h) })
	t.Run("As", func(t *testing.T) { testAs(t, h) })
	t.Run("Rotation", func(t *testing.T) { testRotation(t, h) })
	t.Run("RotationResumedByAnotherProvider", func(t *testing.T) { testResumeAcrossProviders(t, h) })
	t.Run("ImmediateRotation", func(t *testing.T) { testImmediateRotation(t, h) })
	t.Run("RotationUnderFaults", func(t *testing.T) { testRotationUnderFaults(t, h) })
	t.Run("CheckRotation", func(t *testing.T) { testCheckRotation(t, h) })
	t.Run("ConcurrentRotators", func(t *testing.T) { testConcurrentRotators(t, h) })
	t.Run("ConcurrentReplacements", func(t *testing.T) { testConcurrentReplacements(t, h) })
}
