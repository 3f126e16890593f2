package ory

import (
	"context"
	"crypto/rsa"
	"slices"

	"github.com/credkit/credkit/internal/jwk"
	"github.com/credkit/credkit/unified"
)

// The environment variables of Ory's own tools: the Ory CLI and SDKs read
// the API's URL from ORY_SDK_URL, and a project API key from
// ORY_PROJECT_API_KEY (the CLI) or ORY_API_KEY (the SDK examples).
const (
	envSDKURL        = "ORY_SDK_URL"
	envProjectAPIKey = "ORY_PROJECT_API_KEY"
	envAPIKey        = "ORY_API_KEY"
)

// Spec is everything the rest of credkit knows about Ory Hydra, registered
// when this package is imported. Ory has no demo simulator: its tests run
// against a real Hydra.
var Spec = &unified.VendorSpec{
	Name:  Vendor,
	Title: "Ory Hydra",
	Settings: []unified.Setting{
		{Key: "endpoint", Tenant: true, Env: envSDKURL, Field: "AdminURL", Example: "https://example.projects.oryapis.com",
			Usage: "Hydra admin API `URL` (a self-hosted admin port, or an Ory Network project URL)"},
		{Key: "api-key", Env: envProjectAPIKey, EnvAliases: []string{envAPIKey}, Field: "APIKey", Secret: true,
			Usage: "Ory Network project API `key` (none for a self-hosted Hydra)"},
	},
	Requires: [][]string{{"endpoint"}},
	Open: func(s unified.Settings, o *unified.OpenOptions) (*unified.Provider, error) {
		opts := &Options{}
		if o != nil {
			opts.HTTPTransport = o.HTTPTransport
		}
		return New(Config{AdminURL: s["endpoint"], APIKey: s["api-key"]}, opts)
	},
	Rotation: unified.RotationSpec{
		Makes: []unified.RotationMakes{
			{Kind: unified.KindJSONWebKey, MadeByCaller: true, ShownOnce: true, When: "private_key_jwt clients"},
			{Kind: unified.KindClientSecret, MadeByCaller: true, ShownOnce: true, Immediate: true, When: "client-secret clients"},
		},
		Intent:        intent,
		SettlePending: settlePending,
		Rebuild:       rebuildRotation,
		FinishArgs:    finishArgs,
	},
	Advice: unified.Advice{
		Codes: map[unified.Code]string{
			unified.Unauthenticated:  "check " + envProjectAPIKey + " (Ory Network), or that " + envSDKURL + " is Hydra's admin port",
			unified.PermissionDenied: "the API key needs access to the project's OAuth2 clients",
			unified.Unavailable:      "check " + envSDKURL + " and the network",
		},
		Reasons: map[unified.Reason]unified.ReasonAdvice{
			unified.ReasonRotationOpen: {
				Says: "the client holds two keys already (an unfinished key rotation?)",
				Fix: "finish it with `credkit secrets finish --vendor ory <client> --old <ID> --new <ID>` (`credkit keys list` shows both keys), " +
					"or, if it was begun with --state FILE, resume it: rotate again with the same --state FILE",
			},
		},
	},
}

func init() { unified.Register(Spec) }

// intent is the record of an Ory rotation about to begin; credkit makes
// the new credential in both kinds, so it is set as opts.NewSecret, which
// the journal hands to the user before the request that installs it. A
// client with no key rotates its secret at once (with consent); a
// private_key_jwt client with one key rotates with overlap, its new key's
// kid (the RFC 7638 thumbprint) recorded. Any other client is left for
// RotateSecret to refuse.
func intent(ctx context.Context, p *unified.Provider, client string, o *unified.RotateOptions) (*unified.Rotation, error) {
	r := &unified.Rotation{Vendor: Vendor, ClientID: client, Phase: unified.PhasePending}
	var a *adapter
	if !p.As(&a) {
		return r, nil
	}
	held, err := p.ListJSONWebKeys(ctx, client)
	if err != nil {
		return nil, err
	}
	if len(held) == 0 {
		if o.NewSecret.IsZero() {
			s, err := a.genSecret()
			if err != nil {
				return nil, err
			}
			o.NewSecret = unified.NewSecret(s)
		}
		r.NewClientID, r.Old = client, unified.CredentialRef{ClientID: client, ID: secretID}
		return r, nil
	}
	if len(held) != 1 || held[0].Status != unified.StatusActive {
		return r, nil
	}
	key, err := newKeyFor(a, held)
	if err != nil {
		return nil, err
	}
	o.NewSecret = privatePEM(key)
	r.NewClientID, r.Old = client, held[0].Ref()
	r.New = unified.Credential{Vendor: Vendor, ClientID: client, Kind: unified.KindJSONWebKey, Hint: jwk.RSAThumbprint(&key.PublicKey)}
	return r, nil
}

// newKeyFor makes a key pair the client does not hold.
func newKeyFor(a *adapter, held []unified.JSONWebKey) (*rsa.PrivateKey, error) {
	for range len(held) + 2 {
		key, err := a.genKey()
		if err != nil {
			return nil, err
		}
		kid := jwk.RSAThumbprint(&key.PublicKey)
		if !slices.ContainsFunc(held, func(k unified.JSONWebKey) bool { return k.KeyID == kid }) {
			return key, nil
		}
	}
	return nil, &unified.Error{Code: unified.Internal, Vendor: Vendor, Op: "RotateSecret", Message: "GenerateKey keeps making keys the client holds already"}
}

// settlePending settles a rotation whose answer was never recorded. A
// secret rotation whose secret the user's destinations hold is resumed
// (sending the same secret again completes it either way); without it, it
// begins afresh. A key rotation resumes when its private key is known;
// else the key it may have added (found by the recorded kid) is removed
// and it begins afresh.
func settlePending(ctx context.Context, p *unified.Provider, saved *unified.Rotation, secret unified.Secret) (bool, error) {
	switch {
	case saved.Old.ID == secretID || saved.Old.ID == "":
		return secret.IsZero(), nil
	case saved.New.Hint != "" && jwk.PEMThumbprint(secret.Reveal()) == saved.New.Hint:
		return false, nil
	}
	held, err := p.ListJSONWebKeys(ctx, saved.ClientID)
	if err != nil {
		return false, err
	}
	for _, k := range held {
		if k.ID != saved.Old.ID && saved.New.Hint != "" && k.KeyID == saved.New.Hint {
			if err := p.DeleteJSONWebKey(ctx, k.Ref()); err != nil && unified.CodeOf(err) != unified.NotFound {
				return false, err
			}
		}
	}
	return true, nil
}

// rebuildRotation is a key rotation, which --old and --new name; a secret
// rotation is over when it returns.
func rebuildRotation(_ context.Context, _ *unified.Provider, client, oldID, newID string) (*unified.Rotation, error) {
	if oldID == secretID {
		return nil, &unified.Error{Code: unified.FailedPrecondition, Reason: unified.ReasonNothingToFinish, Vendor: Vendor, Op: "FinishRotation",
			Message: "a Hydra client secret is replaced at once: its rotation left nothing to finish"}
	}
	if oldID == "" || newID == "" {
		return nil, &unified.Error{Code: unified.InvalidArgument, Reason: unified.ReasonRotationMismatch, Vendor: Vendor, Op: "FinishRotation",
			Message: "name the old and the new key with --old ID and --new ID (`credkit keys list` shows them)"}
	}
	return &unified.Rotation{Vendor: Vendor, ClientID: client, NewClientID: client, Phase: unified.PhaseBegun,
		Old: unified.CredentialRef{ClientID: client, ID: oldID},
		New: unified.Credential{Vendor: Vendor, ClientID: client, ID: newID, Kind: unified.KindJSONWebKey}}, nil
}

// finishArgs names both keys of a key rotation; a secret rotation has
// nothing to finish.
func finishArgs(r *unified.Rotation) []string {
	if r.Phase == unified.PhaseFinished || r.Old.ID == secretID || r.Old.ID == "" || r.New.ID == "" {
		return nil
	}
	return []string{"--old", r.Old.ID, "--new", r.New.ID}
}
