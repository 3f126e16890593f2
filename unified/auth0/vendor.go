package auth0

import (
	"context"
	"net/http"

	"github.com/credkit/credkit/sim"
	simauth0 "github.com/credkit/credkit/sim/auth0"
	"github.com/credkit/credkit/unified"
)

// The environment variables of Auth0's own tools (the auth0 CLI, its
// Terraform provider and SDKs).
const (
	envDomain       = "AUTH0_DOMAIN"
	envClientID     = "AUTH0_CLIENT_ID"
	envClientSecret = "AUTH0_CLIENT_SECRET"
)

// Spec is everything the rest of credkit knows about Auth0, registered
// when this package is imported.
var Spec = &unified.VendorSpec{
	Name:  unified.Auth0,
	Title: "Auth0",
	Settings: []unified.Setting{
		{Key: "domain", Tenant: true, Env: envDomain, Field: "Domain", Usage: "Auth0 tenant `domain`, such as acme.eu.auth0.com", Example: "example.eu.auth0.com"},
		{Key: "client-id", Env: envClientID, Field: "ClientID", Usage: "Auth0 machine-to-machine application `ID`", Example: "placeholder"},
		{Key: "client-secret", Env: envClientSecret, Field: "ClientSecret", Usage: "its `secret`", Secret: true, Example: "placeholder"},
	},
	Requires: [][]string{{"domain", "client-id", "client-secret"}},
	Open: func(s unified.Settings, o *unified.OpenOptions) (*unified.Provider, error) {
		opts := &Options{}
		if o != nil {
			opts.HTTPTransport = o.HTTPTransport
		}
		return New(Config{Domain: s["domain"], ClientID: s["client-id"], ClientSecret: s["client-secret"]}, opts)
	},
	Rotation: unified.RotationSpec{
		Makes: []unified.RotationMakes{
			{Kind: unified.KindJSONWebKey, MadeByCaller: true, ShownOnce: true, When: "private_key_jwt clients"},
			{Kind: unified.KindClientSecret, ShownOnce: true, Immediate: true, When: "client-secret clients"},
		},
		Intent:        intent,
		SettlePending: settlePending,
		Rebuild:       rebuildRotation,
		FinishArgs:    finishArgs,
	},
	Advice: unified.Advice{
		Codes: map[unified.Code]string{
			unified.Unauthenticated: "check " + envClientID + " and " + envClientSecret,
			unified.PermissionDenied: "the application needs a grant of the Management API with the scopes read:clients, update:client_keys, update:clients " +
				"and the *:client_credentials ones (and an audience of https://" + envDomain + "/api/v2/)",
			unified.Unavailable: "check " + envDomain + " and the network",
		},
		Reasons: map[unified.Reason]unified.ReasonAdvice{
			unified.ReasonRotationOpen: {
				Says: "the client enables two keys already (an unfinished key rotation?)",
				Fix: "finish it with `credkit secrets finish --vendor auth0 <client> --old <ID> --new <ID>` (`credkit keys list` shows both keys), " +
					"or, if it was begun with --state FILE, resume it: rotate again with the same --state FILE",
			},
		},
	},
	Demo: demo,
}

func init() { unified.Register(Spec) }

// rebuildRotation is a key rotation, which --old and --new name (`credkit
// keys list` shows them). A client-secret rotation is over when it
// returns: nothing is left to finish.
func rebuildRotation(_ context.Context, _ *unified.Provider, client, oldID, newID string) (*unified.Rotation, error) {
	if oldID == secretID {
		return nil, &unified.Error{Code: unified.FailedPrecondition, Reason: unified.ReasonNothingToFinish, Vendor: unified.Auth0, Op: "FinishRotation",
			Message: "an Auth0 client secret is replaced at once: its rotation left nothing to finish"}
	}
	if oldID == "" || newID == "" {
		return nil, &unified.Error{Code: unified.InvalidArgument, Reason: unified.ReasonRotationMismatch, Vendor: unified.Auth0, Op: "FinishRotation",
			Message: "name the old and the new key with --old ID and --new ID (`credkit keys list` shows them)"}
	}
	return &unified.Rotation{Vendor: unified.Auth0, ClientID: client, NewClientID: client, Phase: unified.PhaseBegun,
		Old: unified.CredentialRef{ClientID: client, ID: oldID},
		New: unified.Credential{Vendor: unified.Auth0, ClientID: client, ID: newID, Kind: unified.KindJSONWebKey}}, nil
}

// finishArgs names both keys of a key rotation; a secret rotation, whose
// old secret died when it returned, has nothing to finish.
func finishArgs(r *unified.Rotation) []string {
	if r.Phase == unified.PhaseFinished || r.Old.ID == secretID || r.Old.ID == "" || r.New.ID == "" {
		return nil
	}
	return []string{"--old", r.Old.ID, "--new", r.New.ID}
}

// demo is the Auth0 simulator with a private_key_jwt client and an old
// client-secret one. The tenant's domain is the listener's, so that the
// audience credkit asks for by default (https://{domain}/api/v2/) is the
// simulator's.
func demo(_ context.Context, o *unified.DemoOptions) (*unified.Demo, error) {
	s := simauth0.New(&simauth0.Options{Clock: o.Clock, Seed: o.Seed, Domain: o.Addr})
	id, secret := s.AdminCredentials()
	d := &unified.Demo{
		Handler:     s,
		Hostile:     func(mode int) http.Handler { return simauth0.NewHostile(s, sim.Hostility(mode)) },
		Settings:    unified.Settings{"domain": "http://" + o.Addr, "client-id": id, "client-secret": secret},
		RotateFlags: []string{"--allow-immediate-rotation", "--show-secret"},
	}
	d.Seed = func(context.Context) error {
		key, err := simauth0.NewKey()
		if err != nil {
			return err
		}
		billing, _ := s.CreateKeyClient("billing-api", &key.PublicKey)
		var legacy string
		o.Clock.At(-unified.DemoOldSecret, func() { legacy, _ = s.CreateClient("legacy-batch") })
		d.Clients = []unified.DemoClient{
			{Name: "billing-api", ID: billing, Note: "private_key_jwt: its keys rotate with overlap"},
			{Name: "legacy-batch", ID: legacy, Note: "client secret: replaced only at once"},
		}
		return nil
	}
	return d, nil
}
