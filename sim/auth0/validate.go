package auth0

import (
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"

	api "github.com/credkit/credkit/gen/auth0"
)

var kidPattern = regexp.MustCompile(`^[0-9a-zA-Z_-]{10,64}$`)

// invalid formats one payload validation failure.
func invalid(format string, args ...any) error {
	return fmt.Errorf("Payload validation error: '"+format+"'.", args...)
}

// checkName applies Auth0's rule for client names: at least one
// character, no < or >.
func checkName(name string) error {
	if name == "" {
		return invalid("String is too short (0 chars), minimum 1 on property name")
	}
	if strings.ContainsAny(name, "<>") {
		return invalid("String does not match pattern ^[^<>]+$ on property name")
	}
	return nil
}

func checkDescription(d *string) error {
	if d != nil && utf8.RuneCountInString(*d) > 140 {
		return invalid("String is too long (%d chars), maximum 140 on property description", utf8.RuneCountInString(*d))
	}
	return nil
}

// checkEnums checks the enumerated members a create or an update may set.
func checkEnums(app *api.AppType, method *api.TokenEndpointAuthMethod, org *api.OrganizationUsage, jwt *api.JwtConfiguration, grants *[]string) error {
	switch {
	case app != nil && !app.Valid():
		return invalid("No enum match for: %q on property app_type", *app)
	case method != nil && !method.Valid():
		return invalid("No enum match for: %q on property token_endpoint_auth_method", *method)
	case org != nil && !org.Valid():
		return invalid("No enum match for: %q on property organization_usage", *org)
	case jwt != nil && jwt.Alg != nil && !jwt.Alg.Valid():
		return invalid("No enum match for: %q on property jwt_configuration.alg", *jwt.Alg)
	}
	if grants != nil {
		for _, g := range *grants {
			if g == "" {
				return invalid("String is too short (0 chars), minimum 1 on property grant_types")
			}
		}
	}
	return nil
}

// checkPrivateKeyJWT applies the rules of clients that use private_key_jwt:
// no token_endpoint_auth_method beside it, and jwt_configuration.alg RS256.
func checkPrivateKeyJWT(method *api.TokenEndpointAuthMethod, jwt *api.JwtConfiguration) error {
	if method != nil {
		return invalid("client_authentication_methods and token_endpoint_auth_method are mutually exclusive")
	}
	if jwt == nil || jwt.Alg == nil || *jwt.Alg != api.JwtConfigurationAlgRS256 {
		return invalid("jwt_configuration.alg must be RS256 for a client with client_authentication_methods")
	}
	return nil
}
