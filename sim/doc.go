// Package sim holds what the vendor simulators share: a settable clock,
// deterministic IDs, rate-limit windows and fault injection. The simulators
// themselves live in sim/okta, sim/sailpoint, sim/vmwarecsp and sim/auth0;
// each is an http.Handler that keeps its state in memory and enforces the
// documented rules of its vendor, so that credential code can be tested
// without a tenant, and so that recording twice gives byte-identical
// cassettes.
//
// # Errors
//
// Simulators answer errors in their vendor's own error body; this package
// never writes a body itself but asks the simulator's [ErrorWriter].
package sim
