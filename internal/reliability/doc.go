// Package reliability holds credkit's cross-cutting reliability and
// security tests (issue 8): hostile input on the optional interfaces and on
// the wire, the response body cap, malformed answers, fault storms run
// against the simulators, leak canaries, and TLS verification. It has no
// API: everything is in its _test.go files; RELIABILITY.md at the top of
// the module says what they prove and quotes the figures of the last run.
package reliability
