package okta

import (
	"context"
	"fmt"
	"time"

	"net/http"

	"github.com/credkit/credkit/sim"
	simokta "github.com/credkit/credkit/sim/okta"
	"github.com/credkit/credkit/unified"
)

// The environment variables of Okta's SDKs.
const (
	envOrgURL = "OKTA_CLIENT_ORGURL"
	envToken  = "OKTA_CLIENT_TOKEN"
)

// Spec is everything the rest of credkit knows about Okta, registered when
// this package is imported.
var Spec = &unified.VendorSpec{
	Name:  unified.Okta,
	Title: "Okta",
	Settings: []unified.Setting{
		{Key: "org-url", Tenant: true, Env: envOrgURL, Field: "OrgURL", Usage: "Okta org `URL`, such as https://example.okta.com", Example: "https://example.okta.com"},
		{Key: "api-token", Env: envToken, Field: "APIToken", Usage: "Okta API `token` (SSWS)", Secret: true, Example: "placeholder"},
	},
	Requires: [][]string{{"org-url", "api-token"}},
	Open: func(s unified.Settings, o *unified.OpenOptions) (*unified.Provider, error) {
		opts := &Options{}
		if o != nil {
			opts.HTTPTransport = o.HTTPTransport
		}
		return New(Config{OrgURL: s["org-url"], APIToken: s["api-token"]}, opts)
	},
	Rotation: unified.RotationSpec{
		Makes:      []unified.RotationMakes{{Kind: unified.KindClientSecret}},
		Rebuild:    rebuildRotation,
		FinishArgs: finishArgs,
	},
	Advice: unified.Advice{
		Codes: map[unified.Code]string{
			unified.Unauthenticated:  "check " + envToken + " (or --api-token)",
			unified.PermissionDenied: "the token needs an admin role that manages apps (or the okta.apps.manage scope)",
			unified.Unavailable:      "check " + envOrgURL + " and the network",
		},
		Reasons: map[unified.Reason]unified.ReasonAdvice{
			unified.ReasonRotationOpen: {
				Says: "the app already holds two secrets (an unfinished rotation?)",
				Fix: "finish it with `credkit secrets finish --vendor okta <client> --old <ID>` " +
					"(`credkit secrets list` shows both secrets), or, if it was begun with --state FILE, resume it: rotate again with the same --state FILE",
			},
			unified.ReasonOtherRotationOpen: {
				Says: "the client holds a secret that is neither the rotation's old nor its new one",
				Fix:  "`credkit secrets list` shows the secrets: revoke the one you do not know with `credkit secrets revoke`, then resume",
			},
		},
	},
	Demo: demo,
}

func init() { unified.Register(Spec) }

// rebuildRotation is the rotation --old and --new name: the old secret's
// ID is required; the new one defaults to the app's other secret.
func rebuildRotation(ctx context.Context, p *unified.Provider, client, oldID, newID string) (*unified.Rotation, error) {
	if oldID == "" {
		return nil, mismatch("name the old secret with --old ID (`credkit secrets list` shows the secrets)")
	}
	r := &unified.Rotation{Vendor: unified.Okta, ClientID: client, NewClientID: client, Phase: unified.PhaseBegun,
		Old: unified.CredentialRef{ClientID: client, ID: oldID},
		New: unified.Credential{Vendor: unified.Okta, ClientID: client, ID: newID, Kind: unified.KindClientSecret}}
	if newID != "" {
		return r, nil
	}
	secrets, err := p.ListSecrets(ctx, client)
	if err != nil {
		return nil, err
	}
	var others []string
	for _, s := range secrets {
		if s.ID != oldID {
			others = append(others, s.ID)
		}
	}
	if len(others) != 1 {
		return nil, mismatch(fmt.Sprintf("%s holds %d secrets besides %s: name the new one with --new ID", client, len(others), oldID))
	}
	r.New.ID = others[0]
	return r, nil
}

// finishArgs names both secrets.
func finishArgs(r *unified.Rotation) []string {
	if r.Phase == unified.PhaseFinished || r.Old.ID == "" {
		return nil
	}
	return []string{"--old", r.Old.ID, "--new", r.New.ID}
}

// mismatch is Rebuild's refusal of the IDs given.
func mismatch(msg string) error {
	return &unified.Error{Code: unified.InvalidArgument, Reason: unified.ReasonRotationMismatch, Vendor: unified.Okta, Op: "FinishRotation", Message: msg}
}

// demo is the Okta simulator with three apps: a fresh one with two
// refresh tokens, one whose secret is old, and one whose signing key
// expires soon. The signing key is generated through the API, since the
// simulator has no shortcut for it.
func demo(_ context.Context, o *unified.DemoOptions) (*unified.Demo, error) {
	s := simokta.New(&simokta.Options{Clock: o.Clock, Seed: o.Seed})
	url := "http://" + o.Addr
	d := &unified.Demo{
		Handler:  s,
		Hostile:  func(mode int) http.Handler { return simokta.NewHostile(s, sim.Hostility(mode)) },
		Settings: unified.Settings{"org-url": url, "api-token": simokta.DefaultAPIToken},
	}
	d.Seed = func(ctx context.Context) error {
		billing := s.CreateApp("billing-api", "")
		s.IssueRefreshToken(billing, "00udemo0000000001", []string{"offline_access", "billing.read"})
		s.IssueRefreshToken(billing, "00udemo0000000002", []string{"offline_access"})
		var legacy string
		o.Clock.At(-unified.DemoOldSecret, func() { legacy = s.CreateApp("legacy-batch", "") })
		partner := s.CreateApp("partner-portal", "")
		p, err := New(Config{OrgURL: url, APIToken: simokta.DefaultAPIToken}, nil)
		if err != nil {
			return err
		}
		defer p.Close() //nolint:errcheck // closes idle connections to the in-process simulator: nothing to lose
		now := o.Clock.Now()
		// A minute of margin, so that the key shows as expiring in 10d, not 9d.
		created := now.Add(unified.DemoKeyLifetime+time.Minute).AddDate(-2, 0, 0)
		o.Clock.At(created.Sub(now), func() { _, err = p.GenerateKeyCredential(ctx, partner, 2) })
		if err != nil {
			return fmt.Errorf("seeding the Okta demo key: %w", err)
		}
		d.Clients = []unified.DemoClient{
			{Name: "billing-api", ID: billing, Note: "2 refresh tokens"},
			{Name: "legacy-batch", ID: legacy, Note: "secret " + unified.FormatDays(unified.DemoOldSecret) + " old"},
			{Name: "partner-portal", ID: partner, Note: "signing key expires in " + unified.FormatDays(unified.DemoKeyLifetime)},
		}
		return nil
	}
	return d, nil
}
