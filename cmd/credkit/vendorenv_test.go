package main

import "github.com/credkit/credkit/unified"

// The environment variables of the shipped vendors, as the tests set
// them: the vendors' packages declare them (their Settings); the CLI's own
// code never names them.
const (
	envOktaOrgURL        = "OKTA_CLIENT_ORGURL"
	envOktaToken         = "OKTA_CLIENT_TOKEN"
	envSailBaseURL       = "SAIL_BASE_URL"
	envSailClientID      = "SAIL_CLIENT_ID"
	envSailSecret        = "SAIL_CLIENT_SECRET"
	envCSPURL            = "CSP_URL"
	envCSPToken          = "CSP_API_TOKEN"
	envCSPOrgID          = "CSP_ORG_ID"
	envCSPClientID       = "CSP_CLIENT_ID"
	envCSPClientSecret   = "CSP_CLIENT_SECRET"
	envAuth0Domain       = "AUTH0_DOMAIN"
	envAuth0ClientID     = "AUTH0_CLIENT_ID"
	envAuth0ClientSecret = "AUTH0_CLIENT_SECRET"
)

// The shipped vendors' own advice, as their specs register it.
var (
	oktaTwoSecretsFix   = unified.Lookup("okta").Advice.Reasons[unified.ReasonRotationOpen].Fix
	cspResumeFix        = unified.Lookup("vmwarecsp").Advice.Reasons[unified.ReasonSecretRequired].Fix
	cspOtherRotationFix = unified.Lookup("vmwarecsp").Advice.Reasons[unified.ReasonOtherRotationOpen].Fix
)
