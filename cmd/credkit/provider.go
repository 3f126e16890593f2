package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"strings"

	"github.com/spf13/pflag"

	"github.com/credkit/credkit/unified"
	"github.com/credkit/credkit/unified/auth0"
	"github.com/credkit/credkit/unified/okta"
	"github.com/credkit/credkit/unified/sailpoint"
	"github.com/credkit/credkit/unified/vmwarecsp"
)

// vendors are the values of --vendor.
var vendors = []unified.Vendor{unified.Okta, unified.SailPoint, unified.VMwareCSP, unified.Auth0}

// The environment variables that configure each vendor: Okta's and
// SailPoint's SDK conventions, and credkit's own for CSP.
const (
	envOktaOrgURL      = "OKTA_CLIENT_ORGURL"
	envOktaToken       = "OKTA_CLIENT_TOKEN"
	envSailBaseURL     = "SAIL_BASE_URL"
	envSailClientID    = "SAIL_CLIENT_ID"
	envSailSecret      = "SAIL_CLIENT_SECRET"
	envCSPURL          = "CSP_URL"
	envCSPToken        = "CSP_API_TOKEN"
	envCSPOrgID        = "CSP_ORG_ID"
	envCSPClientID     = "CSP_CLIENT_ID"
	envCSPClientSecret = "CSP_CLIENT_SECRET"
	// Auth0's, as its own tools (the auth0 CLI, its Terraform provider and
	// SDKs) name them.
	envAuth0Domain       = "AUTH0_DOMAIN"
	envAuth0ClientID     = "AUTH0_CLIENT_ID"
	envAuth0ClientSecret = "AUTH0_CLIENT_SECRET"
	// envDemo=1 asks for the in-process simulator, as --demo does.
	envDemo = "CREDKIT_DEMO"
)

// vendorFlags pick a vendor and configure it. A flag overrides the
// environment variable of the same setting; secrets are better given in
// the environment, since flags show in process lists.
type vendorFlags struct {
	vendor                          string
	demo                            bool
	orgURL, apiToken                string
	baseURL, clientID, clientSecret string
	url, orgID                      string
	domain                          string
}

func (v *vendorFlags) register(fs *pflag.FlagSet) {
	fs.StringVar(&v.vendor, "vendor", "", "the `vendor`: okta, sailpoint, vmwarecsp or auth0 (required)")
	fs.StringVar(&v.orgURL, "org-url", "", "Okta org `URL` (default $"+envOktaOrgURL+")")
	fs.StringVar(&v.apiToken, "api-token", "", "Okta or CSP API `token` (default $"+envOktaToken+" or $"+envCSPToken+"; prefer the environment: flags show in process lists)")
	fs.StringVar(&v.baseURL, "base-url", "", "SailPoint tenant API `URL`, without /v3 (default $"+envSailBaseURL+")")
	fs.StringVar(&v.clientID, "client-id", "", "SailPoint, CSP or Auth0 admin client `ID` (default $"+envSailClientID+", $"+envCSPClientID+" or $"+envAuth0ClientID+")")
	fs.StringVar(&v.clientSecret, "client-secret", "", "its `secret` (default $"+envSailSecret+", $"+envCSPClientSecret+" or $"+envAuth0ClientSecret+"; prefer the environment)")
	fs.StringVar(&v.url, "url", "", "CSP base `URL` (default $"+envCSPURL+", else https://console.cloud.vmware.com)")
	fs.StringVar(&v.orgID, "org-id", "", "CSP organization `ID` (default $"+envCSPOrgID+")")
	fs.StringVar(&v.domain, "domain", "", "Auth0 tenant `domain`, such as acme.eu.auth0.com (default $"+envAuth0Domain+")")
	fs.BoolVar(&v.demo, "demo", false, "run against an in-process simulator with demo clients, not a tenant (or set "+envDemo+"=1)")
}

// setting is a flag's value, or else its environment variable's.
func setting(flagValue, env string) string {
	if flagValue != "" {
		return flagValue
	}
	return os.Getenv(env)
}

// parseVendor checks a --vendor value.
func parseVendor(v string) (unified.Vendor, error) {
	if v == "" {
		return "", errors.New("--vendor is required: okta, sailpoint, vmwarecsp or auth0")
	}
	for _, known := range vendors {
		if unified.Vendor(v) == known {
			return known, nil
		}
	}
	return "", fmt.Errorf("unknown --vendor %q: want okta, sailpoint, vmwarecsp or auth0", v)
}

// session is a provider to work with, and what to close afterwards.
type session struct {
	provider *unified.Provider
	// demo is the in-process simulator of --demo; nil against a real
	// tenant or a running `credkit sim`.
	demo *demoServer
}

// close closes the provider and stops the demo simulator.
func (s *session) close() {
	_ = s.provider.Close()
	if s.demo != nil {
		s.demo.close()
	}
}

// resolve maps the names of demo clients to their IDs, so that
// "legacy-batch" works against the in-process simulator; other arguments
// pass unchanged.
func (s *session) resolve(ids []string) []string {
	if s.demo == nil {
		return ids
	}
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = id
		for _, c := range s.demo.clients {
			if c.Name == id {
				out[i] = c.ID
			}
		}
	}
	return out
}

// configError is a provider configuration that cannot work: a usage
// error (exit 2), not a failure.
type configError struct{ err error }

func (e *configError) Error() string { return e.err.Error() }
func (e *configError) Unwrap() error { return e.err }

// connect returns the provider of the chosen vendor, or with --demo the
// vendor's simulator in-process (see openSession).
func (c *command) connect() (*session, error) {
	vendor, err := parseVendor(c.vf.vendor)
	if err != nil {
		return nil, c.usageError("%v", err)
	}
	c.vendor = string(vendor)
	s, err := openSession(c.ctx, vendor, c.vf, c.stderr)
	var ce *configError
	switch {
	case errors.As(err, &ce):
		return nil, c.usageError("configuring %s: %s", c.vendor, describe(c.vendor, ce.err))
	case err != nil:
		return nil, c.fail("starting the "+c.vendor+" simulator", err)
	}
	c.simulated = s.demo != nil
	return s, nil
}

// demoWanted reports whether --demo or CREDKIT_DEMO asks for the
// simulator.
func demoWanted(vf *vendorFlags) bool {
	if vf.demo {
		return true
	}
	v := os.Getenv(envDemo)
	return v != "" && v != "0" && !strings.EqualFold(v, "false")
}

// openSession builds the provider from flags and environment, or, when
// asked with --demo, starts the demo simulator. Without credentials and
// without --demo it refuses (a usage error naming the variables), and it
// names the setting missing from a partial configuration.
func openSession(ctx context.Context, vendor unified.Vendor, vf *vendorFlags, stderr io.Writer) (*session, error) {
	cfg := configFor(vendor, vf)
	if demoWanted(vf) {
		return openDemo(ctx, vendor, stderr)
	}
	if cfg.empty() {
		return nil, &configError{fmt.Errorf("no %s credentials: set %s, or pass --demo (or %s=1) to run against an in-process simulator with demo clients",
			vendor, strings.Join(cfg.required(), " and "), envDemo)}
	}
	if missing := cfg.missing(); len(missing) > 0 {
		return nil, &configError{fmt.Errorf("%s %s not set (the %s settings are incomplete)", strings.Join(missing, " and "), isOrAre(len(missing)), vendor)}
	}
	p, err := newProvider(ctx, vendor, cfg)
	if err != nil {
		return nil, &configError{err}
	}
	return &session{provider: p}, nil
}

func isOrAre(n int) string {
	if n == 1 {
		return "is"
	}
	return "are"
}

// openDemo starts the vendor's simulator in-process, seeded with demo
// clients, and says so on stderr in one line.
func openDemo(ctx context.Context, vendor unified.Vendor, stderr io.Writer) (*session, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	demo, err := serveDemo(ctx, vendor, ln)
	if err != nil {
		return nil, err
	}
	var names []string
	for _, dc := range demo.clients {
		names = append(names, dc.Name+"="+dc.ID)
	}
	fmt.Fprintf(stderr, "credkit: demo mode: using an in-process %s simulator with demo clients %s\n", vendor, strings.Join(names, ", "))
	p, err := newProvider(ctx, vendor, demo.config())
	if err != nil {
		demo.close()
		return nil, err
	}
	return &session{provider: p, demo: demo}, nil
}

// vendorConfig is the configuration of one vendor, as strings.
type vendorConfig struct {
	vendor unified.Vendor
	values map[string]string // by environment variable name
	// envNames are the variables that configure the vendor, for messages.
	envNames []string
}

// required are the variables a configuration needs, for messages.
func (v vendorConfig) required() []string {
	switch v.vendor {
	case unified.Okta:
		return []string{envOktaOrgURL, envOktaToken}
	case unified.SailPoint:
		return []string{envSailBaseURL, envSailClientID, envSailSecret}
	}
	return []string{envCSPOrgID, envCSPToken + " (or " + envCSPClientID + " and " + envCSPClientSecret + ")"}
}

// missing names the settings a partial configuration lacks.
func (v vendorConfig) missing() []string {
	var out []string
	need := func(names ...string) {
		for _, n := range names {
			if v.values[n] == "" {
				out = append(out, n)
			}
		}
	}
	switch v.vendor {
	case unified.Okta:
		need(envOktaOrgURL, envOktaToken)
	case unified.SailPoint:
		need(envSailBaseURL, envSailClientID, envSailSecret)
	case unified.VMwareCSP:
		need(envCSPOrgID)
		switch {
		case v.values[envCSPToken] != "":
		case v.values[envCSPClientID] != "" || v.values[envCSPClientSecret] != "":
			need(envCSPClientID, envCSPClientSecret)
		default:
			out = append(out, envCSPToken+" (or "+envCSPClientID+" and "+envCSPClientSecret+")")
		}
	}
	return out
}

func (v vendorConfig) empty() bool {
	for _, value := range v.values {
		if value != "" {
			return false
		}
	}
	return true
}

func configFor(vendor unified.Vendor, vf *vendorFlags) vendorConfig {
	cfg := vendorConfig{vendor: vendor, values: map[string]string{}}
	add := func(env, flagValue string) {
		cfg.values[env] = setting(flagValue, env)
		cfg.envNames = append(cfg.envNames, env)
	}
	switch vendor {
	case unified.Okta:
		add(envOktaOrgURL, vf.orgURL)
		add(envOktaToken, vf.apiToken)
	case unified.SailPoint:
		add(envSailBaseURL, vf.baseURL)
		add(envSailClientID, vf.clientID)
		add(envSailSecret, vf.clientSecret)
	case unified.VMwareCSP:
		add(envCSPURL, vf.url)
		add(envCSPToken, vf.apiToken)
		add(envCSPOrgID, vf.orgID)
	case unified.Auth0:
		add(envAuth0Domain, vf.domain)
		add(envAuth0ClientID, vf.clientID)
		add(envAuth0ClientSecret, vf.clientSecret)
	}
	if vendor == unified.VMwareCSP {
		// The client-credentials alternative to an API token.
		cfg.values[envCSPClientID] = setting(vf.clientID, envCSPClientID)
		cfg.values[envCSPClientSecret] = setting(vf.clientSecret, envCSPClientSecret)
	}
	return cfg
}

// cspRand, when set, is where the CSP provider draws the secrets it
// generates; tests set it for repeatable output.
var cspRand io.Reader

// newProvider calls the vendor's constructor, which sends no request.
func newProvider(_ context.Context, vendor unified.Vendor, cfg vendorConfig) (*unified.Provider, error) {
	return constructProvider(vendor, cfg)
}

func constructProvider(vendor unified.Vendor, cfg vendorConfig) (*unified.Provider, error) {
	v := cfg.values
	switch vendor {
	case unified.Okta:
		return okta.New(okta.Config{OrgURL: v[envOktaOrgURL], APIToken: v[envOktaToken]}, nil)
	case unified.SailPoint:
		return sailpoint.New(sailpoint.Config{BaseURL: v[envSailBaseURL], ClientID: v[envSailClientID], ClientSecret: v[envSailSecret]}, nil)
	case unified.VMwareCSP:
		return vmwarecsp.New(vmwarecsp.Config{
			URL: v[envCSPURL], OrgID: v[envCSPOrgID], APIToken: v[envCSPToken],
			ClientID: v[envCSPClientID], ClientSecret: v[envCSPClientSecret],
		}, &vmwarecsp.Options{Rand: cspRand})
	case unified.Auth0:
		return auth0.New(auth0.Config{Domain: v[envAuth0Domain], ClientID: v[envAuth0ClientID], ClientSecret: v[envAuth0ClientSecret]}, nil)
	}
	return nil, fmt.Errorf("unknown vendor %q", vendor)
}

// clientCommand parses "<client> [more args]" and connects; n is the
// number of positional arguments, what the usage error when there are not
// n. Each check returns a usage problem, or "". The first argument comes
// back resolved (a demo client's name becomes its ID).
func (c *command) clientCommand(args []string, n int, what string, checks ...func() string) (*session, []string, error) {
	pos, err := c.parse(args)
	if err != nil {
		return nil, nil, err
	}
	if len(pos) != n {
		return nil, nil, c.usageError("%s", what)
	}
	for _, check := range checks {
		if problem := check(); problem != "" {
			return nil, nil, c.usageError("%s", problem)
		}
	}
	s, err := c.connect()
	if err != nil {
		return nil, nil, err
	}
	pos[0] = s.resolve(pos[:1])[0]
	return s, pos, nil
}
