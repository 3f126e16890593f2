// Package sim holds what the vendor simulators share: a settable clock,
// deterministic IDs, rate-limit windows and fault injection. The simulators
// themselves live in sim/okta, sim/sailpoint, sim/vmwarecsp and sim/auth0;
// each is an http.Handler that keeps its state in memory and enforces the
// documented rules of its vendor, so that credential code can be tested
// without a tenant, and so that recording twice gives byte-identical
// cassettes.
//
// Tests start a simulator through its package's NewHarness (or
// NewServedHarness, for TLS, a given clock or faults, or watching
// connections and requests): one [Harness] per simulator package, used
// by unified/providertest, the adapters' tests, internal/reliability and
// the CLI's tests, with [FakeSleep] and [ManualClock] the one fake sleep
// and clock. Package conformance/conformancetest holds their traffic to
// the specs.
//
// # Errors
//
// Simulators answer errors in their vendor's own error body; this package
// never writes a body itself but asks the simulator's [ErrorWriter].
package sim
