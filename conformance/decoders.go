package conformance

import (
	"strings"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
)

var registerDecoders sync.Once

// registerBodyDecoders teaches openapi3filter the non-JSON media types that
// the specs use. kin-openapi keeps its decoders in a process-wide table, so
// this runs once, before the first spec is loaded.
func registerBodyDecoders() {
	registerDecoders.Do(func() {
		// A CSR as base64 text, and PEM certificates: validated as strings.
		openapi3filter.RegisterBodyDecoder("application/pkcs10", openapi3filter.PlainBodyDecoder)
		openapi3filter.RegisterBodyDecoder("application/x-pem-file", openapi3filter.PlainBodyDecoder)
		// DER certificates: opaque bytes (format: binary).
		openapi3filter.RegisterBodyDecoder("application/x-x509-ca-cert", openapi3filter.FileBodyDecoder)
		openapi3filter.RegisterBodyDecoder("application/pkix-cert", openapi3filter.FileBodyDecoder)
		// JSON under its older name.
		openapi3filter.RegisterBodyDecoder("text/json", openapi3filter.JSONBodyDecoder)
	})
}

// bodyDecoder picks the decoder openapi3filter would use for a body of
// mediaType with this schema; nil when there is none.
func bodyDecoder(mediaType string, schema *openapi3.SchemaRef) openapi3filter.BodyDecoder {
	if schema != nil && schema.Value != nil && schema.Value.Type.Is(openapi3.TypeString) && schema.Value.Format == "binary" {
		return openapi3filter.FileBodyDecoder
	}
	if d := openapi3filter.RegisteredBodyDecoder(mediaType); d != nil {
		return d
	}
	if jsonFamily(mediaType) {
		return openapi3filter.RegisteredBodyDecoder("application/json")
	}
	return openapi3filter.RegisteredBodyDecoder("*/*")
}

// jsonFamily reports whether a media type is of the JSON family: a json
// subtype of any type ("text/json") or a "+json" suffix (RFC 6839).
func jsonFamily(mediaType string) bool {
	_, sub, _ := strings.Cut(mediaType, "/")
	return sub == "json" || strings.HasSuffix(sub, "+json")
}
