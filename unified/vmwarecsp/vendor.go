package vmwarecsp

import (
	"context"
	"io"
	"net/http"

	"github.com/credkit/credkit/sim"
	simcsp "github.com/credkit/credkit/sim/vmwarecsp"
	"github.com/credkit/credkit/unified"
)

// The environment variables that configure CSP: credkit's own, since CSP
// publishes no SDK convention.
const (
	envURL          = "CSP_URL"
	envToken        = "CSP_API_TOKEN"
	envOrgID        = "CSP_ORG_ID"
	envClientID     = "CSP_CLIENT_ID"
	envClientSecret = "CSP_CLIENT_SECRET"
)

// resumeFix is what to do with a rotation whose new secret went
// unconfirmed, as CLI commands.
const (
	regenerateFix = "if that secret is lost, `credkit secrets regenerate --vendor vmwarecsp <client> --show-secret` replaces the app's secret at once"
	resumeFix     = "resume it with the secret `credkit secrets rotate` showed (the SECRET of its failed row, the last `new-secret` line of this client, or the client's last line in --secret-file): " +
		"export it as NEW_SECRET and run `credkit secrets rotate --vendor vmwarecsp <client> --show-secret --new-secret-env NEW_SECRET --state FILE`; " + regenerateFix
)

// Spec is everything the rest of credkit knows about VMware Cloud Services
// Platform, registered when this package is imported.
var Spec = &unified.VendorSpec{
	Name:  unified.VMwareCSP,
	Title: "VMware CSP",
	Settings: []unified.Setting{
		{Key: "url", Tenant: true, Env: envURL, Field: "URL", Usage: "CSP base `URL`, if not https://console.cloud.vmware.com"},
		{Key: "org-id", Tenant: true, Env: envOrgID, Field: "OrgID", Usage: "CSP organization `ID`", Example: "00000000-0000-0000-0000-000000000000"},
		{Key: "api-token", Env: envToken, Field: "APIToken", Usage: "CSP API `token`", Secret: true, Example: "placeholder"},
		{Key: "client-id", Env: envClientID, Field: "ClientID", Usage: "CSP OAuth app `ID`, instead of an API token"},
		{Key: "client-secret", Env: envClientSecret, Field: "ClientSecret", Usage: "its `secret`", Secret: true},
	},
	Requires: [][]string{{"org-id", "api-token"}, {"org-id", "client-id", "client-secret"}},
	Open: func(s unified.Settings, o *unified.OpenOptions) (*unified.Provider, error) {
		opts := &Options{}
		if o != nil {
			opts.HTTPTransport, opts.Rand = o.HTTPTransport, o.Rand
		}
		return New(Config{URL: s["url"], OrgID: s["org-id"], APIToken: s["api-token"], ClientID: s["client-id"], ClientSecret: s["client-secret"]}, opts)
	},
	Rotation: unified.RotationSpec{
		Makes:              []unified.RotationMakes{{Kind: unified.KindClientSecret, MadeByCaller: true, ShownOnce: true}},
		Intent:             intent,
		Rebuild:            rebuildRotation,
		FinishArgs:         func(r *unified.Rotation) []string { return finishArgs(r) },
		BegunHasValidUntil: true,
		OneRequest:         true,
		CheckNeedsSecret:   true,
	},
	Advice: unified.Advice{
		Codes: map[unified.Code]string{
			unified.Unauthenticated:  "check " + envToken + " and " + envOrgID,
			unified.PermissionDenied: "the API token needs an organization owner or administrator role in " + envOrgID,
			unified.Unavailable:      "check " + envURL + " and the network",
		},
		Reasons: map[unified.Reason]unified.ReasonAdvice{
			unified.ReasonRotationOpen: {
				Says: "an owner rotation of the app is open already (another run, or another machine)",
				Fix:  "finish it with `credkit secrets finish --vendor vmwarecsp <client>` (with --state FILE if it was begun with one), or wait until its overlap ends",
			},
			unified.ReasonOtherRotationOpen: {
				Says: "another owner rotation, with a different secret, is open",
				Fix:  "check that the variable --new-secret-env names holds the SECRET the failed `credkit secrets rotate` showed; " + regenerateFix,
			},
			unified.ReasonSecretRequired: {Fix: resumeFix},
			unified.ReasonResumeNeeded:   {Fix: "resume it first, with" + resumeFix[len("resume it with"):]},
			unified.ReasonOnlyActiveSecret: {
				Says: "refusing to revoke the app's current secret, its only lasting one",
				Fix:  "rotate it with `credkit secrets rotate`, or replace it at once with `credkit secrets regenerate`",
			},
		},
		Ops: map[string]string{ //nolint:gosec // G101: names of operations ("CreateSecret") and advice on them, not secrets
			"CreateSecret": "use `credkit secrets rotate --show-secret` instead, or `credkit secrets regenerate --show-secret` to replace the secret at once",
		},
	},
	Demo: demo,
}

func init() { unified.Register(Spec) }

// rotation is the rotation of an app, as FinishRotation and
// RotateOptions.Resume take it: CSP names its secrets "current" and
// "previous".
func rotation(client string, phase unified.Phase) *unified.Rotation {
	return &unified.Rotation{
		Vendor: unified.VMwareCSP, ClientID: client, NewClientID: client, Phase: phase,
		New: unified.Credential{Vendor: unified.VMwareCSP, ClientID: client, ID: currentID, Kind: unified.KindClientSecret},
		Old: unified.CredentialRef{ClientID: client, ID: previousID},
	}
}

// intent is the record of a rotation about to begin. credkit makes CSP's
// secret, so it is drawn here (unless the caller gave one) and reaches the
// user before the request that installs it.
func intent(_ context.Context, p *unified.Provider, client string, o *unified.RotateOptions) (*unified.Rotation, error) {
	if o.NewSecret.IsZero() {
		var a *adapter
		var r io.Reader // crypto/rand, unless the provider has its own
		if p.As(&a) {
			r = a.rand
		}
		s, err := generateSecret(r)
		if err != nil {
			return nil, err
		}
		o.NewSecret = s
	}
	return rotation(client, unified.PhasePending), nil
}

// rebuildRotation is an app's rotation: CSP secrets have no IDs, so the
// client alone names it. Finishing by hand asserts that it has begun.
func rebuildRotation(_ context.Context, _ *unified.Provider, client, oldID, newID string) (*unified.Rotation, error) {
	if (oldID != "" && oldID != previousID) || (newID != "" && newID != currentID) {
		return nil, &unified.Error{Code: unified.InvalidArgument, Reason: unified.ReasonRotationMismatch, Vendor: unified.VMwareCSP, Op: "FinishRotation",
			Message: `CSP secrets have no IDs: the old one is "previous" and the new one "current"`}
	}
	return rotation(client, unified.PhaseBegun), nil
}

// finishArgs: the client alone names its rotation.
func finishArgs(r *unified.Rotation) []string {
	if r.Phase == unified.PhaseFinished {
		return nil
	}
	return []string{}
}

// demo is the CSP simulator with a fresh app and one created long ago.
func demo(_ context.Context, o *unified.DemoOptions) (*unified.Demo, error) {
	s := simcsp.New(&simcsp.Options{Clock: o.Clock, Seed: o.Seed})
	d := &unified.Demo{
		Handler:     s,
		Hostile:     func(mode int) http.Handler { return simcsp.NewHostile(s, sim.Hostility(mode)) },
		Settings:    unified.Settings{"url": "http://" + o.Addr, "api-token": simcsp.DefaultAPIToken, "org-id": s.OrgID()},
		RotateFlags: []string{"--show-secret"},
	}
	d.Seed = func(context.Context) error {
		billing, _ := s.CreateApp("billing-api")
		var legacy string
		o.Clock.At(-unified.DemoOldSecret, func() { legacy, _ = s.CreateApp("legacy-batch") })
		d.Clients = []unified.DemoClient{
			{Name: "billing-api", ID: billing},
			{Name: "legacy-batch", ID: legacy, Note: "created " + unified.FormatDays(unified.DemoOldSecret) + " ago"},
		}
		return nil
	}
	return d, nil
}
