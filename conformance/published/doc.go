// Package published holds the tests that load the OpenAPI specs vendors
// publish, unmodified, and check public recordings against them.
//
// The specs and recordings are third-party data, in
// ../testdata/published/<name>/ with a SOURCE file naming the repository,
// path and commit of each. The tests live in a package of their own so
// that loading these large specs runs beside the conformance package's
// tests rather than after them.
package published
