package vmwarecsp

import (
	"time"

	api "github.com/credkit/credkit/gen/vmwarecsp"
)

// startRotation is startOwnerSecretRotation: newClientSecret becomes the
// current secret, and the old one stays valid for the window (the request's
// secretRotationExpirationInSeconds, else the app's, else the simulator's
// default). One rotation at a time: while the old secret is still valid,
// another rotation is a 409, except a repeat with the secret that is already
// current, which is a 200 that changes nothing, so that a client that lost
// the first answer can retry safely.
func (s *Server) startRotation(r *request) (any, *cspError) {
	id, err := appID(r, true)
	if err != nil {
		return nil, err
	}
	var in api.ClientSecretOwnerRotationRequest
	if err := decodeBody(r.body, &in, "newClientSecret"); err != nil {
		return nil, err
	}
	if err := checkSecret("newClientSecret", in.NewClientSecret); err != nil {
		return nil, err
	}
	if err := checkWindow(in.SecretRotationExpirationInSeconds); err != nil {
		return nil, err
	}
	a, err := s.lookup(id, r.now, true)
	switch {
	case err != nil:
		return nil, err
	case in.NewClientSecret == a.current:
		return nil, nil
	case a.rotationOpen(r.now):
		return nil, conflict("rotation_in_progress", "an owner rotation of %q is open until %s: delete the old secret first", id, a.previousExpiresAt.UTC().Format(time.RFC3339))
	}
	secs := deref(orDefault(in.SecretRotationExpirationInSeconds, deref(a.info.SecretRotationExpirationInSeconds)))
	a.previous, a.previousExpiresAt = a.current, r.now.Add(time.Duration(secs)*time.Second)
	a.current = in.NewClientSecret
	return nil, nil
}

// deleteOldSecret is deleteOldOwnerSecret: the previous secret stops
// working now. Without an open rotation it is a 200 that changes nothing.
func (s *Server) deleteOldSecret(r *request) (any, *cspError) {
	id, err := appID(r, true)
	if err != nil {
		return nil, err
	}
	a, err := s.lookup(id, r.now, false)
	if err != nil {
		return nil, err
	}
	a.previous, a.previousExpiresAt = "", time.Time{}
	return nil, nil
}

// regenerateSecret is regenerateOrgOAuthAppSecret: a generated secret
// replaces every other at once. The body is not checked: the operation
// documents no 400, so there is no documented way to refuse it.
func (s *Server) regenerateSecret(r *request) (any, *cspError) {
	id, err := appID(r, false)
	if err != nil {
		return nil, err
	}
	a, err := s.lookup(id, r.now, true)
	if err != nil {
		return nil, err
	}
	a.resetSecret(s.newSecret())
	return api.ClientCredentials{ClientId: id, ClientSecret: a.current}, nil
}
