package okta

import (
	"crypto/subtle"
	"time"
)

// SecretState is what a simulator holds about one client secret.
type SecretState struct {
	ID      string // ocs...
	Status  string // ACTIVE or INACTIVE
	Value   string // the secret itself
	Created time.Time
}

// Secrets returns the client secrets of the app appID in the order they
// were created; nil when the app does not exist.
func (s *Server) Secrets(appID string) []SecretState {
	s.mu.Lock()
	defer s.mu.Unlock()
	a, ok := s.apps[appID]
	if !ok {
		return nil
	}
	out := make([]SecretState, 0, len(a.secrets))
	for _, sec := range a.secrets {
		out = append(out, SecretState{ID: sec.id, Status: sec.status, Value: sec.value, Created: sec.created})
	}
	return out
}

// SecretWorks reports whether value authenticates the app appID now: the
// app has an ACTIVE secret with that value.
func (s *Server) SecretWorks(appID, value string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	a, ok := s.apps[appID]
	if !ok || value == "" {
		return false
	}
	works := false
	for _, sec := range a.secrets {
		same := subtle.ConstantTimeCompare([]byte(sec.value), []byte(value)) == 1
		works = works || same && sec.status == statusActive
	}
	return works
}
