package main

// Each vendor's demo simulator: its demo clients, the settings that point
// credkit at it, and the commands `credkit sim` suggests to try. A
// registry of vendors replaces demoSimulator and demoExamples.

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/credkit/credkit/sim"
	simauth0 "github.com/credkit/credkit/sim/auth0"
	simokta "github.com/credkit/credkit/sim/okta"
	simsailpoint "github.com/credkit/credkit/sim/sailpoint"
	simcsp "github.com/credkit/credkit/sim/vmwarecsp"
	"github.com/credkit/credkit/unified"
	"github.com/credkit/credkit/unified/okta"
)

// demoSimulator builds d's vendor simulator, served on ln: its handler,
// and seed, which makes its demo clients (a fresh one, one whose secret is
// older than the default audit policy allows and, at Okta, one whose
// signing key expires soon) through the plain simulator. It sets d's
// environment and hostile wrapper.
func demoSimulator(ctx context.Context, d *demoServer, clk *demoClock, ln net.Listener) (http.Handler, func() error, error) {
	var handler http.Handler
	var seed func() error
	switch d.vendor {
	case unified.Okta:
		s := simokta.New(&simokta.Options{Clock: clk, Seed: demoSeed})
		handler = s
		d.hostile = func(m sim.Hostility) http.Handler { return simokta.NewHostile(s, m) }
		d.env = []envVar{{envOktaOrgURL, d.url}, {envOktaToken, simokta.DefaultAPIToken}}
		seed = func() error { return seedOkta(ctx, s, d, clk) }
	case unified.SailPoint:
		s := simsailpoint.New(&simsailpoint.Options{Clock: clk, Seed: demoSeed})
		handler = s
		d.hostile = func(m sim.Hostility) http.Handler { return simsailpoint.NewHostile(s, m) }
		id, secret := s.AdminCredentials()
		d.env = []envVar{{envSailBaseURL, d.url}, {envSailClientID, id}, {envSailSecret, secret}}
		seed = func() error {
			billing, _ := s.CreateClient("billing-api", nil)
			var legacy string
			clk.at(-demoOldSecret, func() { legacy, _ = s.CreateClient("legacy-batch", nil) })
			d.clients = []demoClient{
				{Name: "billing-api", ID: billing},
				{Name: "legacy-batch", ID: legacy, Note: "secret " + formatAge(demoOldSecret) + " old"},
			}
			return nil
		}
	case unified.VMwareCSP:
		s := simcsp.New(&simcsp.Options{Clock: clk, Seed: demoSeed})
		handler = s
		d.hostile = func(m sim.Hostility) http.Handler { return simcsp.NewHostile(s, m) }
		d.env = []envVar{{envCSPURL, d.url}, {envCSPToken, simcsp.DefaultAPIToken}, {envCSPOrgID, s.OrgID()}}
		seed = func() error {
			billing, _ := s.CreateApp("billing-api")
			var legacy string
			clk.at(-demoOldSecret, func() { legacy, _ = s.CreateApp("legacy-batch") })
			d.clients = []demoClient{
				{Name: "billing-api", ID: billing},
				{Name: "legacy-batch", ID: legacy, Note: "created " + formatAge(demoOldSecret) + " ago"},
			}
			return nil
		}
	case unified.Auth0:
		// The tenant's domain is the listener's, so that the audience
		// credkit asks for by default (https://{domain}/api/v2/) is the
		// simulator's.
		s := simauth0.New(&simauth0.Options{Clock: clk, Seed: demoSeed, Domain: ln.Addr().String()})
		handler = s
		d.hostile = func(m sim.Hostility) http.Handler { return simauth0.NewHostile(s, m) }
		id, secret := s.AdminCredentials()
		d.env = []envVar{{envAuth0Domain, d.url}, {envAuth0ClientID, id}, {envAuth0ClientSecret, secret}}
		seed = func() error {
			key, err := simauth0.NewKey()
			if err != nil {
				return err
			}
			billing, _ := s.CreateKeyClient("billing-api", &key.PublicKey)
			var legacy string
			clk.at(-demoOldSecret, func() { legacy, _ = s.CreateClient("legacy-batch") })
			d.clients = []demoClient{
				{Name: "billing-api", ID: billing, Note: "private_key_jwt: its keys rotate with overlap"},
				{Name: "legacy-batch", ID: legacy, Note: "client secret: replaced only at once"},
			}
			return nil
		}
	default:
		return nil, nil, fmt.Errorf("unknown vendor %q", d.vendor)
	}
	return handler, seed, nil
}

// seedOkta makes the Okta demo apps. The signing key is generated through
// the API, since the simulator has no shortcut for it.
func seedOkta(ctx context.Context, s *simokta.Server, d *demoServer, clk *demoClock) error {
	billing := s.CreateApp("billing-api", "")
	s.IssueRefreshToken(billing, "00udemo0000000001", []string{"offline_access", "billing.read"})
	s.IssueRefreshToken(billing, "00udemo0000000002", []string{"offline_access"})
	var legacy string
	clk.at(-demoOldSecret, func() { legacy = s.CreateApp("legacy-batch", "") })
	partner := s.CreateApp("partner-portal", "")
	p, err := okta.New(okta.Config{OrgURL: d.url, APIToken: simokta.DefaultAPIToken}, nil)
	if err != nil {
		return err
	}
	keys := p.(unified.KeyCredentialManager)
	now := clk.base.Now()
	// A minute of margin, so that the key shows as expiring in 10d, not 9d.
	created := now.Add(demoKeyLifetime+time.Minute).AddDate(-2, 0, 0)
	clk.at(created.Sub(now), func() { _, err = keys.GenerateKeyCredential(ctx, partner, 2) })
	if err != nil {
		return fmt.Errorf("seeding the Okta demo key: %w", err)
	}
	d.clients = []demoClient{
		{Name: "billing-api", ID: billing, Note: "2 refresh tokens"},
		{Name: "legacy-batch", ID: legacy, Note: "secret " + formatAge(demoOldSecret) + " old"},
		{Name: "partner-portal", ID: partner, Note: "signing key expires in " + formatAge(demoKeyLifetime)},
	}
	return nil
}

// demoExamples are the commands `credkit sim` suggests to try against
// s, a simulator with at least two demo clients.
func demoExamples(s *demoServer) []string {
	legacy := s.clients[1].ID
	rotate := "credkit secrets rotate --vendor " + string(s.vendor) + " " + legacy
	switch s.vendor {
	case unified.SailPoint:
		rotate += " --allow-new-client-id --show-secret"
	case unified.VMwareCSP:
		rotate += " --show-secret"
	case unified.Auth0:
		rotate += " --allow-immediate-rotation --show-secret"
	}
	audit := "credkit audit --vendor " + string(s.vendor)
	if s.vendor == unified.Okta {
		// Okta cannot list apps: name them.
		audit += " " + strings.Join(s.clientIDs(), " ")
	}
	return []string{rotate, audit}
}
