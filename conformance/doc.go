// Package conformance checks recorded HTTP interactions against credkit's
// OpenAPI specs, so that a drift between a vendor and its spec shows up as a
// failing check rather than as a surprise in production.
//
// A [Checker] holds specs loaded once with kin-openapi, each with a router
// that ignores the recorded host and scheme (recordings carry placeholder
// hosts). [Checker.CheckExchange] takes one recorded request and response
// (an [Exchange], from any recorder: [ExchangeOf] makes one of an
// *http.Request and its *http.Response; [Checker.Check] takes a go-vcr v3
// interaction) and returns a [Result]: the operation it routes to, and
// every [Problem] found, each with the JSON pointer of the place it
// concerns:
//
//   - the response status must be documented for the operation: by itself,
//     by its range ("4XX"), or by the "default" response, which covers every
//     status not listed, as OpenAPI says (the result's Response says which);
//   - the headers the response documents must be present when required and
//     match their schemas;
//   - the response content type must be declared for that status (matched
//     without parameters such as ;charset=, then on the spec's ranges such
//     as application/*), and the body must match its schema, formats
//     included (the JSON family: application/json, text/json and any +json
//     type; application/pkcs10, PEM and certificate types; empty 204
//     bodies); OpenAPI 3.1 documents are validated with JSON Schema 2020-12;
//   - the request (path, query, headers, body) must match the operation; no
//     defaults are written into it. A request the spec calls invalid is a
//     failure when the vendor accepted it (2xx or 3xx): that is drift. When the
//     vendor refused it with a documented 4xx, the request problems are kept as
//     notes on the result, because refusing a bad request is the documented
//     behaviour that such a recording exists to show;
//   - the request must carry a credential where a security scheme of the
//     operation declares it (the header, query parameter or cookie of an
//     apiKey scheme; Authorization for the others).
//
// Two stated policies are notes by default, failures when [Options] ask:
// a body where the spec declares none ([UndeclaredBody]), and a request
// without a credential or with only a recorder's redaction marker
// ([RemovedCredential]). A problem names the deepest failing field (an
// allOf's failing schemas, the closest alternative of a oneOf or anyOf)
// and quotes the value received, cut to a few dozen characters and
// [REDACTED] when its field is named like a credential.
//
// Interactions that route to no loaded spec are [Unmatched], not failures,
// unless the checker is strict.
//
// [Run] checks every recording under some paths (go-vcr cassettes of every
// format, .yaml or .yml, and HAR 1.2 files, read one interaction at a time,
// regular files only, under a size limit) and returns a [Report]: every
// verdict, the files that could not be read, and per spec a coverage matrix
// of every operation × documented status. [Stream] does the same without
// keeping the verdicts: they go to a [Sink] as they are checked, a file's
// in parts of at most [ChunkSize], so memory grows neither with the
// corpus nor with the size of a file (a cassette of a million
// interactions is checked in a bounded heap), and a cancelled context
// stops the run at once with the report of what was checked. [NewSink] and
// [Report.Write] render every [Format]: table, summary, JSON, Markdown,
// JUnit XML, GitHub Actions annotations, SARIF 2.1.0 and one self-contained
// HTML page; cmd/credkit's conformance command is a thin wrapper over
// Stream. [Transport] checks live traffic instead, passing bodies through
// as they stream and checking each exchange when its body ends.
//
// Specs are loaded and their routers built once, by [LoadSpec] or
// [BundledSpecs]; a Checker is meant to live for a whole run. A spec is
// loaded as its vendor publishes it: what is wrong with it but does not
// stop checking (examples and defaults that do not match their schema,
// patterns RE2 cannot compile, which an ECMAScript engine then runs,
// arrays without items) becomes one of its Warnings, each with its path
// in the spec; routes come from every server and server variable.
//
// # Errors
//
// Functions that load specs or cassettes return an error naming the file and
// what was wrong with it; a spec that cannot be used is a *[SpecError]
// listing every problem found, each with its path in the spec. Run and Stream report a file that cannot be read
// as a [FileError] in the Report (wrapping [ErrNotRegular], [ErrTooLarge],
// [ErrNoCassettes] or the parse error) and check the others; their own
// error is the context's, when it ended the run, or a Sink's. Check never
// returns an error: what is wrong with an interaction is the content of its
// Result. [Report.Failed] and [Report.Reasons] say whether and why a run
// fails: a failing interaction, an unreadable file, an interruption, or no
// interaction that matched a spec.
//
// # As
//
// A Problem keeps the kin-openapi error it came from; use errors.As on
// Problem.Err to reach *openapi3.SchemaError or the openapi3filter error types.
package conformance
