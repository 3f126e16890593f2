package conformance

import (
	"context"
	"errors"
	"strings"

	"github.com/getkin/kin-openapi/openapi3filter"
)

var errNoCredentials = errors.New("no credentials for this scheme")

// checkCredentials accepts a request when it carries the kind of credential
// a security scheme names. Values are not checked: recordings hold redacted
// placeholders, never live tokens.
func checkCredentials(_ context.Context, in *openapi3filter.AuthenticationInput) error {
	req := in.RequestValidationInput.Request
	scheme := in.SecurityScheme
	authz := req.Header.Get("Authorization")
	switch scheme.Type {
	case "apiKey":
		var v string
		switch scheme.In {
		case "header":
			v = req.Header.Get(scheme.Name)
		case "query":
			v = req.URL.Query().Get(scheme.Name)
		case "cookie":
			if c, err := req.Cookie(scheme.Name); err == nil {
				v = c.Value
			}
		}
		if v != "" {
			return nil
		}
	case "http":
		if hasScheme(authz, scheme.Scheme) {
			return nil
		}
	case "oauth2", "openIdConnect":
		if hasScheme(authz, "bearer") {
			return nil
		}
	}
	return errNoCredentials
}

func hasScheme(authz, scheme string) bool {
	prefix, rest, ok := strings.Cut(authz, " ")
	return ok && rest != "" && strings.EqualFold(prefix, scheme)
}
