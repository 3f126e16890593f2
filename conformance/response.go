package conformance

import (
	"errors"
	"fmt"
	"mime"
	"net/http"
	"sort"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
)

// recordedResponse is a response as recorded, with canonical header names.
type recordedResponse struct {
	code   int
	header http.Header
	body   string
	// partial says why body is not the whole body; it is then not checked.
	partial string
}

func recordedResponseOf(in Exchange) recordedResponse {
	return recordedResponse{code: in.Status, header: canonicalHeader(in.ResponseHeader), body: in.ResponseBody, partial: in.partialBody}
}

// validateResponse checks the status, the documented headers, the content
// type and the body, and collects every problem rather than stopping at the
// first: kin-openapi's ValidateResponse returns at the first bad header
// without looking at the body, so this drives its decoders and schema
// validation directly.
func validateResponse(op *openapi3.Operation, resp recordedResponse, opts []openapi3.SchemaValidationOption) []Problem {
	documented, problems := responseFor(op, resp.code)
	if documented == nil {
		return problems
	}
	problems = append(problems, checkHeaders(documented.Headers, resp.header, opts)...)
	if resp.partial != "" {
		return append(problems, Problem{Pointer: "/response/body", Message: "not checked: " + resp.partial, Err: &PolicyError{Policy: PartialBody}})
	}
	return append(problems, checkBody(documented.Content, resp, opts)...)
}

// responseFor finds the response documented for code: its own, its
// range's ("4XX"), or else the default response, which covers every
// status not listed, as OpenAPI says.
func responseFor(op *openapi3.Operation, code int) (*openapi3.Response, []Problem) {
	if ref := op.Responses.Status(code); ref != nil && ref.Value != nil {
		return ref.Value, nil
	}
	if ref := op.Responses.Default(); ref != nil && ref.Value != nil {
		return ref.Value, nil
	}
	return nil, []Problem{{Pointer: "/response/status", Message: fmt.Sprintf("status %d is not documented for %s", code, operationName(op))}}
}

func operationName(op *openapi3.Operation) string {
	if op.OperationID != "" {
		return op.OperationID
	}
	return "this operation"
}

// checkHeaders checks the headers a response documents: present when
// required, and matching their schema when present.
func checkHeaders(documented openapi3.Headers, got http.Header, opts []openapi3.SchemaValidationOption) []Problem {
	names := make([]string, 0, len(documented))
	for name := range documented {
		names = append(names, name)
	}
	sort.Strings(names)
	var out []Problem
	for _, name := range names {
		ref := documented[name]
		// OpenAPI 3.0: a response header named Content-Type is ignored.
		if ref == nil || ref.Value == nil || strings.EqualFold(name, "Content-Type") {
			continue
		}
		out = append(out, checkHeader(name, ref.Value, got.Values(name), opts)...)
	}
	return out
}

func checkHeader(name string, h *openapi3.Header, values []string, opts []openapi3.SchemaValidationOption) []Problem {
	pointer := "/response/header/" + escapeToken(http.CanonicalHeaderKey(name))
	if len(values) == 0 {
		if h.Required {
			return []Problem{{Pointer: pointer, Message: "required header is missing"}}
		}
		return nil
	}
	if h.Schema == nil || h.Schema.Value == nil {
		return nil
	}
	// Several field lines of one header are one comma-separated list (RFC 9110).
	value, err := headerValue(h.Schema.Value, strings.Join(values, ","))
	if err != nil {
		return []Problem{{Pointer: pointer, Message: "cannot decode: " + err.Error(), Err: err}}
	}
	return flatten(pointer, h.Schema.Value.VisitJSON(value, opts...))
}

var (
	errNotNumber  = errors.New("not a number")
	errNotBoolean = errors.New("not a boolean")
)

// headerValue decodes a header in the simple style, the only style OpenAPI
// allows for headers, into the JSON value its schema expects. Errors never
// quote the value.
func headerValue(schema *openapi3.Schema, raw string) (any, error) {
	raw = strings.TrimSpace(raw)
	switch {
	case schema.Type.Is(openapi3.TypeInteger), schema.Type.Is(openapi3.TypeNumber):
		f, err := strconv.ParseFloat(raw, 64)
		if err != nil {
			return nil, errNotNumber
		}
		return f, nil
	case schema.Type.Is(openapi3.TypeBoolean):
		b, err := strconv.ParseBool(raw)
		if err != nil {
			return nil, errNotBoolean
		}
		return b, nil
	case schema.Type.Is(openapi3.TypeArray) && schema.Items != nil && schema.Items.Value != nil:
		var items []any
		for _, part := range strings.Split(raw, ",") {
			item, err := headerValue(schema.Items.Value, part)
			if err != nil {
				return nil, err
			}
			items = append(items, item)
		}
		return items, nil
	}
	return raw, nil
}

// checkBody checks that a response has a body only where one is declared,
// that its media type is declared, and that it matches its schema. A body
// where none is declared is a policy problem (a note unless the checker
// fails them): Prism and kin-openapi let it pass.
func checkBody(content openapi3.Content, resp recordedResponse, opts []openapi3.SchemaValidationOption) []Problem {
	if len(content) == 0 {
		if strings.TrimSpace(resp.body) != "" {
			msg := fmt.Sprintf("status %d declares no body, but the response has one", resp.code)
			return []Problem{{Pointer: "/response/body", Message: msg, Err: &PolicyError{Policy: UndeclaredBody}}}
		}
		return nil
	}
	mediaType, media, problem := declaredMediaType(content, resp.header)
	if problem != nil {
		return []Problem{*problem}
	}
	if media.Schema == nil || media.Schema.Value == nil {
		return nil
	}
	value, err := decodeBody(mediaType, resp.header, media.Schema, resp.body)
	if err != nil {
		return flatten("/response/body", err)
	}
	return flatten("/response/body", media.Schema.Value.VisitJSON(value, opts...))
}

// declaredMediaType requires the response's media type to be one the spec
// declares for its status, matched on the media type without parameters
// (a key may carry some, as "application/json; charset=utf-8" does), then
// on the spec's ranges ("application/*", "*/*").
func declaredMediaType(content openapi3.Content, header http.Header) (string, *openapi3.MediaType, *Problem) {
	const pointer = "/response/header/Content-Type"
	ct := header.Get("Content-Type")
	if ct == "" {
		return "", nil, &Problem{Pointer: pointer, Message: fmt.Sprintf("missing; the spec declares %s", strings.Join(mediaTypes(content), ", "))}
	}
	mt, _, err := mime.ParseMediaType(ct)
	if err != nil {
		return "", nil, &Problem{Pointer: pointer, Message: "not a media type", Err: err}
	}
	if media := mediaTypeOf(content, mt); media != nil {
		return mt, media, nil
	}
	return "", nil, &Problem{Pointer: pointer, Message: fmt.Sprintf("%s is not declared; the spec declares %s", mt, strings.Join(mediaTypes(content), ", "))}
}

// mediaTypeOf is the declared media type mt falls under, nil when none.
func mediaTypeOf(content openapi3.Content, mt string) *openapi3.MediaType {
	if media := content[mt]; media != nil {
		return media
	}
	for key, media := range content {
		if base, _, err := mime.ParseMediaType(key); err == nil && base == mt && media != nil {
			return media
		}
	}
	return content.Get(mt) // the ranges: "type/*", "*/*"
}

func mediaTypes(content openapi3.Content) []string {
	out := make([]string, 0, len(content))
	for mt := range content {
		out = append(out, mt)
	}
	sort.Strings(out)
	return out
}

// decodeBody decodes a body with the decoder kin-openapi has for its media
// type, as openapi3filter does: raw bytes for a binary string schema, the
// JSON decoder for any "+json" type without its own.
func decodeBody(mediaType string, header http.Header, schema *openapi3.SchemaRef, body string) (any, error) {
	decoder := bodyDecoder(mediaType, schema)
	if decoder == nil {
		return nil, &openapi3filter.ParseError{Kind: openapi3filter.KindUnsupportedFormat, Reason: "no decoder for " + mediaType}
	}
	return decoder(strings.NewReader(body), header, schema, nil)
}
