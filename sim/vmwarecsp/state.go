package vmwarecsp

import (
	"slices"
	"time"

	api "github.com/credkit/credkit/gen/vmwarecsp"
)

// app is one OAuth app: what CSP shows of it, and its two secret slots.
type app struct {
	info              api.OrgOAuthAppResponse
	current           string
	previous          string    // valid until previousExpiresAt, if set
	previousExpiresAt time.Time // end of the open owner rotation
}

// rotationOpen reports whether the previous secret is still valid at now.
func (a *app) rotationOpen(now time.Time) bool {
	return a.previous != "" && now.Before(a.previousExpiresAt)
}

// secretWorks reports whether secret authenticates the app at now.
func (a *app) secretWorks(secret string, now time.Time) bool {
	return secret != "" && (secret == a.current || a.rotationOpen(now) && secret == a.previous)
}

// resetSecret makes secret the only valid one, ending any rotation.
func (a *app) resetSecret(secret string) {
	a.current, a.previous, a.previousExpiresAt = secret, "", time.Time{}
}

func (a *app) hasGrant(g string) bool {
	return slices.Contains(derefSlice(a.info.GrantTypes), g)
}

// SecretState is what a simulator holds of an app's secrets, for tests that
// check rotation invariants. The values are the secrets themselves.
type SecretState struct {
	// Current is the secret set last.
	Current string
	// Previous is the secret an open owner rotation keeps valid; empty when
	// no rotation is open (finished, expired or reset).
	Previous string
	// PreviousExpiresAt is when Previous stops working; zero without one.
	PreviousExpiresAt time.Time
}

// Secrets returns the secret slots of the app clientID, as of the
// simulator's clock; the zero value for an unknown app.
func (s *Server) Secrets(clientID string) SecretState {
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.apps[clientID]
	if a == nil {
		return SecretState{}
	}
	if !a.rotationOpen(s.clock.Now()) {
		return SecretState{Current: a.current}
	}
	return SecretState{Current: a.current, Previous: a.previous, PreviousExpiresAt: a.previousExpiresAt}
}

// SecretWorks reports whether secret authenticates the app clientID now:
// it is the current secret, or the previous one before its rotation window
// closes.
func (s *Server) SecretWorks(clientID, secret string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.apps[clientID]
	return a != nil && a.secretWorks(secret, s.clock.Now())
}

// CreateApp seeds an app with the client_credentials grant and a generated
// client ID and secret, as createOrgOAuthApp would, and returns them.
func (s *Server) CreateApp(displayName string) (clientID, secret string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	req := api.OrgOAuthAppRequest{
		DisplayName: displayName,
		Description: "seeded by the simulator",
		GrantTypes:  []api.GrantType{api.GrantTypeClientCredentials},
	}
	a := s.newApp(s.ids.Next("", 24), s.newSecret(), "simulator", s.clock.Now(), &req)
	s.add(a)
	return a.info.Id, a.current
}

// add stores a new app, last in the listing order.
func (s *Server) add(a *app) {
	s.apps[a.info.Id] = a
	s.order = append(s.order, a.info.Id)
}

// remove deletes an app; with a deletion delay its ID stays "deletion in
// progress" until the delay has passed.
func (s *Server) remove(id string, now time.Time) {
	delete(s.apps, id)
	s.order = slices.DeleteFunc(s.order, func(v string) bool { return v == id })
	if s.delDelay > 0 {
		s.deleting[id] = now.Add(s.delDelay)
	}
}

// deletionInProgress reports whether id's deletion has not finished at now.
func (s *Server) deletionInProgress(id string, now time.Time) bool {
	end, ok := s.deleting[id]
	if ok && !now.Before(end) {
		delete(s.deleting, id)
		return false
	}
	return ok
}

// lookup finds the app an operation names. An app whose deletion is in
// progress is answered 409 when the operation documents a 409
// (conflictable), 404 otherwise.
func (s *Server) lookup(id string, now time.Time, conflictable bool) (*app, *cspError) {
	if a := s.apps[id]; a != nil {
		return a, nil
	}
	if conflictable && s.deletionInProgress(id, now) {
		return nil, conflict("deletion_in_progress", "a deletion of OAuth app %q is still in progress", id)
	}
	return nil, notFound("oauth_app_not_found", "OAuth app %q is not found in the organization", id)
}

// appID returns the app ID in the path. A malformed one cannot name an app:
// it is answered 400 where the operation documents 400, 404 otherwise.
func appID(r *request, documents400 bool) (string, *cspError) {
	id := r.PathValue("oauthAppId")
	if clientIDPattern.MatchString(id) {
		return id, nil
	}
	if documents400 {
		return "", invalid("oauthAppId must match %s", clientIDPattern)
	}
	return "", notFound("oauth_app_not_found", "OAuth app %q is not found in the organization", id)
}

// newSecret returns a generated secret that passes the secret rule.
func (s *Server) newSecret() string {
	v := s.ids.Next("", 32)
	v = v[:8] + "-" + v[8:16] + "-" + v[16:24] + "-" + v[24:]
	for _, fix := range []struct {
		class func(rune) bool
		add   string
	}{{isLower, "a"}, {isUpper, "A"}, {isDigit, "0"}} {
		if !containsClass(v, fix.class) {
			v += fix.add
		}
	}
	return v
}

// msec is t in milliseconds since the Unix epoch.
func msec(t time.Time) *int64 { v := t.UnixMilli(); return &v }

func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}

func derefSlice[T any](p *[]T) []T {
	if p == nil {
		return nil
	}
	return *p
}

func ptr[T any](v T) *T { return &v }
