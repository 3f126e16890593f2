package sailpoint

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
)

// The enums of specs/sailpoint.yaml.
var (
	grantTypes  = []string{grantClientCredentials, "AUTHORIZATION_CODE", "REFRESH_TOKEN"}
	accessTypes = []string{"ONLINE", "OFFLINE"}
	clientTypes = []string{"CONFIDENTIAL", "PUBLIC"}
)

// setter stores a request's value for one field; v is nil for JSON null,
// a json.Number for numbers.
type setter func(c *ClientState, v any) error

// field is one client field a request may set.
type field struct {
	name      string
	creatable bool // in CreateOAuthClientRequest
	patchable bool // one of the documented patchable fields
	nullable  bool // may be null, and removed by a patch
	set       setter
}

// fields are the settable fields, in the order they are checked.
var fields = []field{
	{"tenant", false, true, true, optString(func(c *ClientState) **string { return &c.Tenant })},
	{"businessName", true, true, true, optString(func(c *ClientState) **string { return &c.BusinessName })},
	{"homepageUrl", true, true, true, optString(func(c *ClientState) **string { return &c.HomepageURL })},
	{"name", true, true, false, setName},
	{"description", true, true, true, optString(func(c *ClientState) **string { return &c.Description })},
	{"accessTokenValiditySeconds", true, true, false, seconds(func(c *ClientState) *int32 { return &c.AccessTokenValiditySeconds })},
	{"refreshTokenValiditySeconds", true, true, false, seconds(func(c *ClientState) *int32 { return &c.RefreshTokenValiditySeconds })},
	{"redirectUris", true, true, true, setRedirectURIs},
	{"grantTypes", true, true, false, setGrantTypes},
	{"accessType", true, true, false, enum(accessTypes, func(c *ClientState) *string { return &c.AccessType })},
	{"type", true, false, false, enum(clientTypes, func(c *ClientState) *string { return &c.Type })},
	{"internal", true, false, false, boolean(func(c *ClientState) *bool { return &c.Internal })},
	{"enabled", true, true, false, boolean(func(c *ClientState) *bool { return &c.Enabled })},
	{"strongAuthSupported", true, true, false, boolean(func(c *ClientState) *bool { return &c.StrongAuthSupported })},
	{"claimsSupported", true, true, false, boolean(func(c *ClientState) *bool { return &c.ClaimsSupported })},
}

// fieldNamed returns the settable field called name.
func fieldNamed(name string) (field, bool) {
	i := slices.IndexFunc(fields, func(f field) bool { return f.name == name })
	if i < 0 {
		return field{}, false
	}
	return fields[i], true
}

// setField stores v in f of c, refusing null where f is not nullable.
func setField(c *ClientState, f field, v any) error {
	if v == nil && !f.nullable {
		return fmt.Errorf("Field %q must not be null.", f.name)
	}
	if err := f.set(c, v); err != nil {
		return fmt.Errorf("Field %q %w.", f.name, err)
	}
	return nil
}

var (
	errString  = errors.New("must be a string")
	errBool    = errors.New("must be a boolean")
	errInt32   = errors.New("must be a positive integer (int32)")
	errStrings = errors.New("must be an array of strings")
)

func optString(at func(*ClientState) **string) setter {
	return func(c *ClientState, v any) error {
		if v == nil {
			*at(c) = nil
			return nil
		}
		s, ok := v.(string)
		if !ok {
			return errString
		}
		*at(c) = &s
		return nil
	}
}

func setName(c *ClientState, v any) error {
	s, ok := v.(string)
	switch {
	case !ok:
		return errString
	case strings.TrimSpace(s) == "":
		return errors.New("must not be empty")
	}
	c.Name = s
	return nil
}

func seconds(at func(*ClientState) *int32) setter {
	return func(c *ClientState, v any) error {
		n, ok := v.(json.Number)
		if !ok {
			return errInt32
		}
		i, err := n.Int64()
		if err != nil || i <= 0 || i > math.MaxInt32 {
			return errInt32
		}
		*at(c) = int32(i)
		return nil
	}
}

func boolean(at func(*ClientState) *bool) setter {
	return func(c *ClientState, v any) error {
		b, ok := v.(bool)
		if !ok {
			return errBool
		}
		*at(c) = b
		return nil
	}
}

func enum(values []string, at func(*ClientState) *string) setter {
	return func(c *ClientState, v any) error {
		s, ok := v.(string)
		if !ok || !slices.Contains(values, s) {
			return fmt.Errorf("must be one of %s", strings.Join(values, ", "))
		}
		*at(c) = s
		return nil
	}
}

// stringList reads a JSON array of strings; null is nil.
func stringList(v any) ([]string, error) {
	if v == nil {
		return nil, nil
	}
	arr, ok := v.([]any)
	if !ok {
		return nil, errStrings
	}
	out := make([]string, 0, len(arr))
	for _, item := range arr {
		s, ok := item.(string)
		if !ok {
			return nil, errStrings
		}
		out = append(out, s)
	}
	return out, nil
}

func setRedirectURIs(c *ClientState, v any) error {
	uris, err := stringList(v)
	if err != nil {
		return err
	}
	c.RedirectURIs = uris
	return nil
}

func setGrantTypes(c *ClientState, v any) error {
	grants, err := stringList(v)
	if err != nil || slices.ContainsFunc(grants, func(g string) bool { return !slices.Contains(grantTypes, g) }) {
		return fmt.Errorf("must be an array of %s", strings.Join(grantTypes, ", "))
	}
	c.GrantTypes = grants
	return nil
}

// checkClient enforces the rules across fields: at least one grant type,
// and a redirect URI with AUTHORIZATION_CODE.
func checkClient(c *ClientState) error {
	if len(c.GrantTypes) == 0 {
		return errors.New(`Field "grantTypes" must hold at least one grant type.`)
	}
	if slices.Contains(c.GrantTypes, "AUTHORIZATION_CODE") && len(c.RedirectURIs) == 0 {
		return errors.New(`Field "redirectUris" must hold at least one URI with the AUTHORIZATION_CODE grant type.`)
	}
	return nil
}
