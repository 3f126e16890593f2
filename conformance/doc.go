// Package conformance checks recorded HTTP interactions against credkit's
// OpenAPI specs, so that a drift between a vendor and its spec shows up as a
// failing check rather than as a surprise in production.
//
// A [Checker] holds specs loaded once with kin-openapi, each with a router
// that ignores the recorded host and scheme (recordings carry placeholder
// hosts). [Checker.Check] takes one go-vcr interaction and returns a [Result]:
// the operation it routes to, and every [Problem] found, each with the JSON
// pointer of the place it concerns:
//
//   - the response status must be documented for the operation; a status that
//     only a "default" response would absorb is a failure, reported as such,
//     and the response is still checked against "default";
//   - the headers the response documents must be present when required and
//     match their schemas;
//   - the response content type must be declared for that status, and the body
//     must match its schema, formats included (JSON, application/pkcs10, PEM
//     and certificate types, empty 204 bodies);
//   - the request (path, query, headers, body) must match the operation; no
//     defaults are written into it. A request the spec calls invalid is a
//     failure when the vendor accepted it (2xx or 3xx): that is drift. When the
//     vendor refused it with a documented 4xx, the request problems are kept as
//     notes on the result, because refusing a bad request is the documented
//     behaviour that such a recording exists to show.
//
// Interactions that route to no loaded spec are [Unmatched], not failures,
// unless the checker is strict.
//
// [Run] checks every cassette under some paths and returns a [Report]: every
// verdict, and per spec a coverage matrix of every operation × documented
// status with the number of passing interactions in each cell. Write renders
// it as a table, JSON or Markdown; cmd/credkit's conformance command is a
// thin wrapper over Run. [Transport] checks live traffic instead.
//
// Specs are loaded and their routers built once, by [LoadSpec] or
// [BundledSpecs]; a Checker is meant to live for a whole run.
//
// # Errors
//
// Functions that load specs or cassettes return an error naming the file and
// what was wrong with it; Run returns [ErrNoCassettes] (wrapped) when its
// paths hold no cassette. Check never returns an error: what is wrong with an
// interaction is the content of its Result.
//
// # As
//
// A Problem keeps the kin-openapi error it came from; use errors.As on
// Problem.Err to reach *openapi3.SchemaError or the openapi3filter error types.
package conformance
