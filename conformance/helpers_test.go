package conformance

import (
	"net/http"
	"path/filepath"
	"sort"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"
	"gopkg.in/dnaeon/go-vcr.v3/cassette"
)

// thingsSpec is a small spec that uses every feature the checker handles:
// a server base path, security, query and path parameters, required and
// typed headers, a status range and a default response, enums and formats,
// and the non-JSON media types of the vendor specs.
const thingsSpec = `
openapi: 3.0.3
info: {title: things, version: "1"}
servers:
  - url: https://{tenant}.example.com/v1
    variables: {tenant: {default: acme}}
security:
  - token: []
paths:
  /things:
    get:
      operationId: listThings
      parameters:
        - {name: limit, in: query, schema: {type: integer, minimum: 1, maximum: 10, default: 5}}
      responses:
        '200':
          description: A page of things.
          headers:
            X-Request-Id: {required: true, schema: {type: string}}
            X-Rate-Limit-Remaining: {schema: {type: integer, minimum: 0}}
          content:
            application/json:
              schema: {type: array, items: {$ref: '#/components/schemas/Thing'}}
        '4XX':
          description: A client error.
          content:
            application/json: {schema: {$ref: '#/components/schemas/Error'}}
    post:
      operationId: createThing
      requestBody:
        required: true
        content:
          application/json: {schema: {$ref: '#/components/schemas/Thing'}}
      responses:
        '201':
          description: Created.
          content:
            application/json: {schema: {$ref: '#/components/schemas/Thing'}}
        '400':
          description: Refused.
          content:
            application/json: {schema: {$ref: '#/components/schemas/Error'}}
        default:
          description: Anything else.
          content:
            application/json: {schema: {$ref: '#/components/schemas/Error'}}
  /things/{id}:
    parameters:
      - {name: id, in: path, required: true, schema: {type: string, minLength: 3}}
    delete:
      operationId: deleteThing
      responses:
        '204': {description: Deleted.}
    patch:
      operationId: patchThing
      requestBody:
        required: true
        content:
          application/json-patch+json:
            schema:
              type: array
              items:
                type: object
                required: [op, path]
                properties:
                  op: {type: string, enum: [add, remove, replace]}
                  path: {type: string}
                  value: {}
      responses:
        '200':
          description: Patched.
          content:
            application/json: {schema: {$ref: '#/components/schemas/Thing'}}
  /things/{id}/csr:
    parameters:
      - {name: id, in: path, required: true, schema: {type: string}}
    get:
      operationId: getCsr
      responses:
        '200':
          description: The CSR.
          content:
            application/pkcs10: {schema: {type: string, format: byte}}
            application/json: {schema: {$ref: '#/components/schemas/Thing'}}
    post:
      operationId: publishCert
      requestBody:
        required: true
        content:
          application/x-pem-file: {schema: {type: string, pattern: '^-----BEGIN CERTIFICATE-----'}}
          application/pkix-cert: {schema: {type: string, format: binary}}
      responses:
        '201':
          description: Published.
          content:
            application/json: {schema: {$ref: '#/components/schemas/Thing'}}
components:
  securitySchemes:
    token: {type: apiKey, in: header, name: Authorization}
  schemas:
    Thing:
      type: object
      required: [id, status]
      properties:
        id: {type: string}
        status: {type: string, enum: [ACTIVE, INACTIVE]}
        created: {type: string, format: date-time}
        size: {type: integer, format: int32}
        tags: {type: array, items: {type: string}}
    Error:
      type: object
      required: [code]
      properties:
        code: {type: string}
`

var thingsOnce = sync.OnceValues(func() (*Spec, error) { return LoadSpec("things", []byte(thingsSpec)) })

func things(t testing.TB) *Spec {
	t.Helper()
	s, err := thingsOnce()
	require.NoError(t, err)
	return s
}

var bundledOnce = sync.OnceValues(BundledSpecs)

// bundled loads the bundled specs once for the whole test binary.
func bundled(t testing.TB) []*Spec {
	t.Helper()
	specs, err := bundledOnce()
	require.NoError(t, err)
	return specs
}

// corpusDir is the cassettes/ folder of the module.
var corpusDir = filepath.Join("..", "cassettes")

// exchange describes an interaction in a few fields. The request carries an
// Authorization header unless noAuth; a response with a body is JSON unless
// respCT says otherwise ("-" for no Content-Type at all).
type exchange struct {
	method, url   string
	reqCT, body   string
	noAuth        bool
	code          int
	respCT        string
	respHeaders   map[string]string
	respBody      string
	rawReqHeaders http.Header
}

func (e exchange) interaction() *cassette.Interaction {
	req := cassette.Request{Method: e.method, URL: e.url, Body: e.body, Headers: http.Header{}}
	if req.Method == "" {
		req.Method = http.MethodGet
	}
	if !e.noAuth {
		req.Headers.Set("Authorization", "SSWS token")
	}
	if e.reqCT != "" {
		req.Headers.Set("Content-Type", e.reqCT)
	}
	for k, v := range e.rawReqHeaders {
		req.Headers[k] = v
	}
	resp := cassette.Response{Code: e.code, Body: e.respBody, Headers: http.Header{}}
	switch {
	case e.respCT == "-":
	case e.respCT != "":
		resp.Headers.Set("Content-Type", e.respCT)
	case e.respBody != "":
		resp.Headers.Set("Content-Type", "application/json")
	}
	for k, v := range e.respHeaders {
		resp.Headers[k] = []string{v}
	}
	return &cassette.Interaction{Request: req, Response: resp}
}

func pointers(problems []Problem) []string {
	out := make([]string, 0, len(problems))
	for _, p := range problems {
		out = append(out, p.Pointer)
	}
	sort.Strings(out)
	return out
}
