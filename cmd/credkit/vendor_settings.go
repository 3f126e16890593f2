package main

// Every vendor's settings: the values of --vendor, the environment
// variables and flags that configure each vendor, and how a provider is
// built from them. The rest of the CLI calls the functions of this file
// (and of the other vendor_*.go files) and names no vendor; a registry of
// vendors replaces them.

import (
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/credkit/credkit/unified"
	"github.com/credkit/credkit/unified/auth0"
	"github.com/credkit/credkit/unified/okta"
	"github.com/credkit/credkit/unified/sailpoint"
	"github.com/credkit/credkit/unified/vmwarecsp"
)

// vendors are the values of --vendor.
var vendors = []unified.Vendor{unified.Okta, unified.SailPoint, unified.VMwareCSP, unified.Auth0}

// vendorNames are the values of --vendor, as strings.
func vendorNames() []string {
	names := make([]string, len(vendors))
	for i, v := range vendors {
		names[i] = string(v)
	}
	return names
}

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

// vendorHelp is the top-level help's paragraph on how credential commands
// find their vendor.
func vendorHelp() string {
	return `Credential commands take --vendor okta|sailpoint|vmwarecsp|auth0 and read the vendor's
settings from flags or the environment:
  okta       ` + envOktaOrgURL + `, ` + envOktaToken + `
  sailpoint  ` + envSailBaseURL + `, ` + envSailClientID + `, ` + envSailSecret + `
  vmwarecsp  ` + envCSPOrgID + `, and ` + envCSPToken + ` or ` + envCSPClientID + ` with ` + envCSPClientSecret + `
             (` + envCSPURL + ` for a non-production console)
  auth0      ` + envAuth0Domain + `, ` + envAuth0ClientID + `, ` + envAuth0ClientSecret + `
With none set, a command refuses; --demo (or ` + envDemo + `=1) runs it against an
in-process simulator with demo clients instead.`
}

// vendorOptions pick a vendor and configure it. A flag overrides the
// environment variable of the same setting; secrets are better given in
// the environment, since flags show in process lists.
type vendorOptions struct {
	Vendor                          string
	Demo                            bool
	OrgURL, APIToken                string
	BaseURL, ClientID, ClientSecret string
	URL, OrgID                      string
	Domain                          string
}

// addVendorFlags adds the flags that pick and configure a vendor to cmd,
// in the "vendor flags" section of its help.
func addVendorFlags(cmd *cobra.Command, v *vendorOptions) {
	fs := cmd.Flags()
	fs.StringVar(&v.Vendor, "vendor", "", "the `vendor`: okta, sailpoint, vmwarecsp or auth0 (required)")
	fs.StringVar(&v.OrgURL, "org-url", "", "Okta org `URL` (default $"+envOktaOrgURL+")")
	fs.StringVar(&v.APIToken, "api-token", "", "Okta or CSP API `token` (default $"+envOktaToken+" or $"+envCSPToken+"; prefer the environment: flags show in process lists)")
	fs.StringVar(&v.BaseURL, "base-url", "", "SailPoint tenant API `URL`, without /v3 (default $"+envSailBaseURL+")")
	fs.StringVar(&v.ClientID, "client-id", "", "SailPoint, CSP or Auth0 admin client `ID` (default $"+envSailClientID+", $"+envCSPClientID+" or $"+envAuth0ClientID+")")
	fs.StringVar(&v.ClientSecret, "client-secret", "", "its `secret` (default $"+envSailSecret+", $"+envCSPClientSecret+" or $"+envAuth0ClientSecret+"; prefer the environment)")
	fs.StringVar(&v.URL, "url", "", "CSP base `URL` (default $"+envCSPURL+", else https://console.cloud.vmware.com)")
	fs.StringVar(&v.OrgID, "org-id", "", "CSP organization `ID` (default $"+envCSPOrgID+")")
	fs.StringVar(&v.Domain, "domain", "", "Auth0 tenant `domain`, such as acme.eu.auth0.com (default $"+envAuth0Domain+")")
	fs.BoolVar(&v.Demo, "demo", false, "run against an in-process simulator with demo clients, not a tenant (or set "+envDemo+"=1)")
	for _, name := range []string{"vendor", "org-url", "api-token", "base-url", "client-id", "client-secret", "url", "org-id", "domain", "demo"} {
		inFlagGroup(cmd, name, vendorFlagGroup)
	}
	_ = cmd.RegisterFlagCompletionFunc("vendor", fixedCompletion(vendorNames()...))
}

// parseVendor checks a --vendor value, in any case.
func parseVendor(v string) (unified.Vendor, error) {
	if v == "" {
		return "", errors.New("--vendor is required: okta, sailpoint, vmwarecsp or auth0")
	}
	for _, known := range vendors {
		if strings.EqualFold(v, string(known)) {
			return known, nil
		}
	}
	return "", fmt.Errorf("unknown --vendor %q: want okta, sailpoint, vmwarecsp or auth0", v)
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

// configFor is the configuration of vendor from the flags vo and the
// environment getenv reads.
func configFor(vendor unified.Vendor, vo *vendorOptions, getenv func(string) string) vendorConfig {
	cfg := vendorConfig{vendor: vendor, values: map[string]string{}}
	setting := func(flagValue, env string) string {
		if flagValue != "" {
			return flagValue
		}
		return getenv(env)
	}
	add := func(env, flagValue string) {
		cfg.values[env] = setting(flagValue, env)
		cfg.envNames = append(cfg.envNames, env)
	}
	switch vendor {
	case unified.Okta:
		add(envOktaOrgURL, vo.OrgURL)
		add(envOktaToken, vo.APIToken)
	case unified.SailPoint:
		add(envSailBaseURL, vo.BaseURL)
		add(envSailClientID, vo.ClientID)
		add(envSailSecret, vo.ClientSecret)
	case unified.VMwareCSP:
		add(envCSPURL, vo.URL)
		add(envCSPToken, vo.APIToken)
		add(envCSPOrgID, vo.OrgID)
	case unified.Auth0:
		add(envAuth0Domain, vo.Domain)
		add(envAuth0ClientID, vo.ClientID)
		add(envAuth0ClientSecret, vo.ClientSecret)
	}
	if vendor == unified.VMwareCSP {
		// The client-credentials alternative to an API token.
		cfg.values[envCSPClientID] = setting(vo.ClientID, envCSPClientID)
		cfg.values[envCSPClientSecret] = setting(vo.ClientSecret, envCSPClientSecret)
	}
	return cfg
}

// constructProvider calls the vendor's constructor, which sends no
// request.
func constructProvider(vendor unified.Vendor, cfg vendorConfig) (unified.CredentialProvider, error) {
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

// configFieldSettings are the fields of a vendor's Config, as the
// library's messages name them, and the settings that set them in the
// CLI.
func configFieldSettings(vendor unified.Vendor) map[string]string {
	switch vendor {
	case unified.Okta:
		return map[string]string{"OrgURL": envOktaOrgURL + " (--org-url)", "APIToken": envOktaToken + " (--api-token)"}
	case unified.SailPoint:
		return map[string]string{"BaseURL": envSailBaseURL + " (--base-url)", "ClientID": envSailClientID + " (--client-id)", "ClientSecret": envSailSecret + " (--client-secret)"}
	case unified.VMwareCSP:
		return map[string]string{"OrgID": envCSPOrgID + " (--org-id)", "APIToken": envCSPToken + " (--api-token)",
			"ClientID": envCSPClientID + " (--client-id)", "ClientSecret": envCSPClientSecret + " (--client-secret)"}
	case unified.Auth0:
		return map[string]string{"Domain": envAuth0Domain + " (--domain)", "ClientID": envAuth0ClientID + " (--client-id)", "ClientSecret": envAuth0ClientSecret + " (--client-secret)"}
	}
	return nil
}
