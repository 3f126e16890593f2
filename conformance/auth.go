package conformance

import (
	"context"
	"errors"
	"net/http"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
)

// credentialError says why a request does not satisfy one security
// scheme, and where the scheme looks for its credential.
type credentialError struct {
	// pointer is the place of the credential: /request/header/X-Api-Key,
	// /request/query/api_key, /request/cookie/session.
	pointer string
	// what describes the credential the scheme wants.
	what string
	// removed: there is no credential there, or only a recorder's
	// redaction marker.
	removed bool
}

func (e *credentialError) Error() string {
	if e.removed {
		return "no " + e.what
	}
	return "not " + e.what
}

// checkCredentials accepts a request when it carries the kind of credential
// a security scheme names, where the scheme says: the header, query
// parameter or cookie an apiKey scheme names, Authorization for the
// others. Values are not checked: recordings hold redacted placeholders,
// never live tokens.
func checkCredentials(_ context.Context, in *openapi3filter.AuthenticationInput) error {
	req := in.RequestValidationInput.Request
	scheme := in.SecurityScheme
	switch scheme.Type {
	case "apiKey":
		return apiKeyCredential(req, scheme)
	case "http":
		return authorizationCredential(req, scheme.Scheme)
	case "oauth2", "openIdConnect":
		return authorizationCredential(req, "bearer")
	}
	return &credentialError{pointer: "/request/header/Authorization", what: "a credential of scheme type " + scheme.Type}
}

func apiKeyCredential(req *http.Request, scheme *openapi3.SecurityScheme) error {
	var v string
	e := &credentialError{what: "an API key in the " + scheme.In + " " + scheme.Name}
	switch scheme.In {
	case "header":
		e.pointer = "/request/header/" + escapeToken(http.CanonicalHeaderKey(scheme.Name))
		v = req.Header.Get(scheme.Name)
	case "query":
		e.pointer = "/request/query/" + escapeToken(scheme.Name)
		v = req.URL.Query().Get(scheme.Name)
	case "cookie":
		e.pointer = "/request/cookie/" + escapeToken(scheme.Name)
		if c, err := req.Cookie(scheme.Name); err == nil {
			v = c.Value
		}
	default:
		e.pointer = "/request"
	}
	if v != "" && !redactionMarker(v) {
		return nil
	}
	e.removed = true
	return e
}

func authorizationCredential(req *http.Request, scheme string) error {
	authz := req.Header.Get("Authorization")
	prefix, rest, ok := strings.Cut(authz, " ")
	e := &credentialError{pointer: "/request/header/Authorization", what: "an Authorization of scheme " + strings.ToLower(scheme)}
	switch {
	case ok && rest != "" && strings.EqualFold(prefix, scheme):
		return nil
	case authz == "" || redactionMarker(authz):
		e.removed = true
	}
	return e
}

// redactionMarker reports whether a credential's value is what a recorder
// writes in place of one: REDACTED, [REDACTED], <redacted>, ***, FILTERED,
// and the like.
func redactionMarker(v string) bool {
	v = strings.ToLower(strings.Trim(strings.TrimSpace(v), "[]<>{}()\"'"))
	if v == "" || len(v) >= 3 && (strings.Trim(v, "*") == "" || strings.Trim(v, "x") == "") {
		return true
	}
	for _, word := range []string{"redacted", "filtered", "removed", "masked", "hidden", "sanitized"} {
		if strings.HasPrefix(v, word) || strings.HasSuffix(v, word) {
			return true
		}
	}
	return false
}

// securityProblem is the problem of a request no security requirement of
// its operation accepts, at the place of the first scheme's credential. A
// request with no credential at all (or only redaction markers) is the
// RemovedCredential policy: recorders remove credentials.
func securityProblem(e *openapi3filter.SecurityRequirementsError) Problem {
	var creds []*credentialError
	for _, err := range e.Errors {
		var c *credentialError
		if errors.As(err, &c) {
			creds = append(creds, c)
		}
	}
	if len(creds) == 0 {
		return Problem{Pointer: "/request/header/Authorization", Message: "no credentials that a security scheme of the operation accepts", Err: e}
	}
	wanted := make([]string, 0, len(creds))
	removed := true
	for _, c := range creds {
		wanted = append(wanted, c.what)
		removed = removed && c.removed
	}
	p := Problem{Pointer: creds[0].pointer, Err: e}
	if removed {
		p.Message = "no credential (the recorder may have removed it); the operation accepts " + strings.Join(wanted, ", or ")
		p.Err = &policyWrap{PolicyError{Policy: RemovedCredential}, e}
		return p
	}
	p.Message = "no credential the operation accepts: it wants " + strings.Join(wanted, ", or ")
	return p
}

// policyWrap is a PolicyError that keeps the error it came from.
type policyWrap struct {
	PolicyError
	err error
}

func (w *policyWrap) Unwrap() error { return w.err }

func (w *policyWrap) As(target any) bool {
	if pe, ok := target.(**PolicyError); ok {
		*pe = &w.PolicyError
		return true
	}
	return false
}
