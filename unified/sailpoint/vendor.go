package sailpoint

import (
	"context"
	"net/http"

	"github.com/credkit/credkit/sim"
	simsailpoint "github.com/credkit/credkit/sim/sailpoint"
	"github.com/credkit/credkit/unified"
)

// The environment variables of SailPoint's SDKs and CLI.
const (
	envBaseURL  = "SAIL_BASE_URL"
	envClientID = "SAIL_CLIENT_ID"
	envSecret   = "SAIL_CLIENT_SECRET"
)

// Spec is everything the rest of credkit knows about SailPoint Identity
// Security Cloud, registered when this package is imported.
var Spec = &unified.VendorSpec{
	Name:  unified.SailPoint,
	Title: "SailPoint",
	Settings: []unified.Setting{
		{Key: "base-url", Tenant: true, Env: envBaseURL, Field: "BaseURL", Usage: "SailPoint tenant API `URL`, without /v3", Example: "https://example.api.identitynow.com"},
		{Key: "client-id", Env: envClientID, Field: "ClientID", Usage: "SailPoint admin API client `ID`", Example: "placeholder"},
		{Key: "client-secret", Env: envSecret, Field: "ClientSecret", Usage: "its `secret`", Secret: true, Example: "placeholder"},
	},
	Requires: [][]string{{"base-url", "client-id", "client-secret"}},
	Open: func(s unified.Settings, o *unified.OpenOptions) (*unified.Provider, error) {
		opts := &Options{}
		if o != nil {
			opts.HTTPTransport = o.HTTPTransport
		}
		return New(Config{BaseURL: s["base-url"], ClientID: s["client-id"], ClientSecret: s["client-secret"]}, opts)
	},
	Rotation: unified.RotationSpec{
		Makes: []unified.RotationMakes{{Kind: unified.KindClientSecret, NewClient: true, ShownOnce: true}},
		Intent: func(_ context.Context, _ *unified.Provider, client string, _ *unified.RotateOptions) (*unified.Rotation, error) {
			return &unified.Rotation{Vendor: unified.SailPoint, ClientID: client, Phase: unified.PhasePending,
				Old: unified.CredentialRef{ClientID: client, ID: client}}, nil
		},
		Rebuild:    rebuildRotation,
		FinishArgs: finishArgs,
	},
	Advice: unified.Advice{
		Codes: map[unified.Code]string{
			unified.Unauthenticated:  "check " + envClientID + " and " + envSecret,
			unified.PermissionDenied: "the API client needs the sp:oauth-client:manage scope",
			unified.Unavailable:      "check " + envBaseURL + " and the network",
		},
		Reasons: map[unified.Reason]unified.ReasonAdvice{
			unified.ReasonSecretNotAccepted: {Says: "SailPoint makes a new client's secret itself"},
			unified.ReasonNewClientUnknown: {Fix: "the replacement client may exist all the same: `credkit audit --vendor sailpoint` lists clients that share a name; " +
				"delete the newer one at SailPoint, then rotate again"},
		},
	},
	Demo: demo,
}

func init() { unified.Register(Spec) }

// rebuildRotation is the rotation --new names: the replacement client;
// the old credential is the client itself.
func rebuildRotation(_ context.Context, _ *unified.Provider, client, oldID, newID string) (*unified.Rotation, error) {
	if newID == "" {
		return nil, mismatch("name the replacement client with --new ID (the NEW CLIENT of secrets rotate)")
	}
	if oldID != "" && oldID != client {
		return nil, mismatch("a SailPoint client's only credential is the client itself: --old, if given, is the client ID")
	}
	return &unified.Rotation{Vendor: unified.SailPoint, ClientID: client, NewClientID: newID, Phase: unified.PhaseBegun,
		Old: unified.CredentialRef{ClientID: client, ID: client},
		New: unified.Credential{Vendor: unified.SailPoint, ClientID: newID, ID: newID, Kind: unified.KindClientSecret}}, nil
}

// finishArgs names the replacement client.
func finishArgs(r *unified.Rotation) []string {
	if r.Phase == unified.PhaseFinished || r.NewClientID == "" {
		return nil
	}
	return []string{"--new", r.NewClientID}
}

func mismatch(msg string) error {
	return &unified.Error{Code: unified.InvalidArgument, Reason: unified.ReasonRotationMismatch, Vendor: unified.SailPoint, Op: "FinishRotation", Message: msg}
}

// demo is the SailPoint simulator with a fresh client and one whose secret
// is old.
func demo(_ context.Context, o *unified.DemoOptions) (*unified.Demo, error) {
	s := simsailpoint.New(&simsailpoint.Options{Clock: o.Clock, Seed: o.Seed})
	id, secret := s.AdminCredentials()
	d := &unified.Demo{
		Handler:     s,
		Hostile:     func(mode int) http.Handler { return simsailpoint.NewHostile(s, sim.Hostility(mode)) },
		Settings:    unified.Settings{"base-url": "http://" + o.Addr, "client-id": id, "client-secret": secret},
		RotateFlags: []string{"--allow-new-client-id", "--show-secret"},
	}
	d.Seed = func(context.Context) error {
		billing, _ := s.CreateClient("billing-api", nil)
		var legacy string
		o.Clock.At(-unified.DemoOldSecret, func() { legacy, _ = s.CreateClient("legacy-batch", nil) })
		d.Clients = []unified.DemoClient{
			{Name: "billing-api", ID: billing},
			{Name: "legacy-batch", ID: legacy, Note: "secret " + unified.FormatDays(unified.DemoOldSecret) + " old"},
		}
		return nil
	}
	return d, nil
}
