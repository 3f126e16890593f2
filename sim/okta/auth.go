package okta

import (
	"crypto/subtle"
	"net/http"
	"slices"
	"strings"
)

// The OAuth 2.0 scopes of the 25 operations.
const (
	ScopeAppsRead   = "okta.apps.read"
	ScopeAppsManage = "okta.apps.manage"
)

// authorize checks the Authorization header: an SSWS API token may do
// everything; a Bearer access token needs okta.apps.read (or manage) to
// read and okta.apps.manage to change.
func (s *Server) authorize(r *http.Request) *apiError {
	scheme, token, _ := strings.Cut(r.Header.Get("Authorization"), " ")
	token = strings.TrimSpace(token)
	if token == "" {
		return errInvalidToken()
	}
	switch {
	case strings.EqualFold(scheme, "SSWS"):
		if subtle.ConstantTimeCompare([]byte(token), []byte(s.apiToken)) != 1 {
			return errInvalidToken()
		}
		return nil
	case strings.EqualFold(scheme, "Bearer"):
		scopes, ok := s.access[token]
		if !ok {
			return errInvalidToken()
		}
		if !permits(scopes, r.Method) {
			return errForbidden()
		}
		return nil
	}
	return errInvalidToken()
}

// permits says whether scopes allow a request with method.
func permits(scopes []string, method string) bool {
	if slices.Contains(scopes, ScopeAppsManage) {
		return true
	}
	readOnly := method == http.MethodGet || method == http.MethodHead
	return readOnly && slices.Contains(scopes, ScopeAppsRead)
}
