package main

// What the CLI advises after an error, where it depends on the vendor:
// the sentence for each reason, and the fix for each code. A registry of
// vendors replaces the vendor cases of reasonAdvice, configFix and
// codeFix.

import (
	"strings"

	"github.com/credkit/credkit/unified"
)

// oktaTwoSecretsFix is what to do when an Okta app to rotate already holds
// two secrets: what RotateOptions.Resume does in Go, for a CLI user.
const oktaTwoSecretsFix = "finish it with `credkit secrets finish --vendor okta <client> --old <ID>` " +
	"(`credkit secrets list` shows both secrets), or, if it was begun with --state FILE, resume it: rotate again with the same --state FILE"

// The fixes of CSP's errors about rotations whose new secret went
// unconfirmed, as CLI commands.
const (
	cspRegenerateFix = "if that secret is lost, `credkit secrets regenerate --vendor vmwarecsp <client> --show-secret` replaces the app's secret at once"
	cspResumeFix     = "resume it with the secret `credkit secrets rotate` showed (the SECRET of its failed row, the last `new-secret` line of this client, or the client's last line in --secret-file): export it as " + resumeEnv +
		" and run `credkit secrets rotate --vendor vmwarecsp <client> --show-secret --new-secret-env " + resumeEnv + " --state FILE`; " + cspRegenerateFix
	cspOtherRotationFix = "check that the variable --new-secret-env names holds the SECRET the failed `credkit secrets rotate` showed; " + cspRegenerateFix
	sailPointOrphanFix  = "the replacement client may exist all the same: `credkit audit --vendor sailpoint` lists clients that share a name; delete the newer one at SailPoint, then rotate again"
)

// reasonAdvice is the CLI's word on each reason it has advice for.
var reasonAdvice = map[unified.Reason]advice{
	unified.ReasonConsentRequired: {
		says: func(v unified.Vendor, _ string) string {
			return string(v) + " cannot change a client's secret: rotation creates a replacement client, so the client ID changes"
		},
		fix: fixed("pass --allow-new-client-id"),
	},
	unified.ReasonImmediateRotation: {
		says: func(v unified.Vendor, _ string) string {
			return string(v) + " replaces this client's secret only at once, with no overlap: the old secret would stop working now"
		},
		fix: fixed("pass --allow-immediate-rotation --show-secret to consent, then deploy the new secret at once; or switch the client to private_key_jwt, whose keys rotate with overlap"),
	},
	unified.ReasonRotationOpen: {
		says: func(v unified.Vendor, _ string) string {
			if v == unified.VMwareCSP {
				return "an owner rotation of the app is open already (another run, or another machine)"
			}
			return "the app already holds two secrets (an unfinished rotation?)"
		},
		fix: func(v unified.Vendor, _ string) string {
			if v == unified.VMwareCSP {
				return "finish it with `credkit secrets finish --vendor vmwarecsp <client>` (with --state FILE if it was begun with one), or wait until its overlap ends"
			}
			return oktaTwoSecretsFix
		},
	},
	unified.ReasonOtherRotationOpen: {
		says: func(v unified.Vendor, _ string) string {
			if v == unified.VMwareCSP {
				return "another owner rotation, with a different secret, is open"
			}
			return "the client holds a secret that is neither the rotation's old nor its new one"
		},
		fix: func(v unified.Vendor, _ string) string {
			if v == unified.VMwareCSP {
				return cspOtherRotationFix
			}
			return "`credkit secrets list` shows the secrets: revoke the one you do not know with `credkit secrets revoke`, then resume"
		},
	},
	unified.ReasonSecretRequired: {
		says: fixed("the unfinished rotation's new secret is unknown (a saved rotation keeps no secret)"),
		fix:  fixed(cspResumeFix),
	},
	unified.ReasonResumeNeeded: {
		says: fixed("the rotation has not begun (the vendor did not confirm its new secret)"),
		fix:  fixed(strings.Replace(cspResumeFix, "resume it with", "resume it first, with", 1)),
	},
	unified.ReasonOnlyActiveSecret: {
		says: func(v unified.Vendor, _ string) string {
			if v == unified.VMwareCSP {
				return "refusing to revoke the app's current secret, its only lasting one"
			}
			return "refusing to revoke the app's only active secret"
		},
		fix: func(v unified.Vendor, _ string) string {
			if v == unified.VMwareCSP {
				return "rotate it with `credkit secrets rotate`, or replace it at once with `credkit secrets regenerate`"
			}
			return "rotate it instead, with `credkit secrets rotate`"
		},
	},
	unified.ReasonLimitReached: {
		says: fixed("the client holds as many secrets as the vendor allows"),
		fix:  fixed("revoke one with `credkit secrets revoke` first (`credkit secrets list` shows them)"),
	},
	unified.ReasonNotSupported: {
		says: func(v unified.Vendor, op string) string { return string(v) + " cannot do " + op },
		fix: func(v unified.Vendor, op string) string {
			if v == unified.VMwareCSP && op == "CreateSecret" {
				return "use `credkit secrets rotate --show-secret` instead, or `credkit secrets regenerate --show-secret` to replace the secret at once"
			}
			return "`credkit vendors` shows what each vendor supports"
		},
	},
	unified.ReasonSecretNotAccepted: {
		says: func(v unified.Vendor, _ string) string {
			if v == unified.SailPoint {
				return "SailPoint makes a new client's secret itself"
			}
			return "the secret given differs from the rotation's"
		},
		fix: fixed("--new-secret-env only gives back the secret of a rotation saved with --state FILE"),
	},
	unified.ReasonNewCredentialGone: {
		says: fixed("the rotation's new secret or client no longer exists"),
		fix:  fixed("begin a new rotation with `credkit secrets rotate`"),
	},
	unified.ReasonNewClientUnknown: {
		says: fixed("the rotation never learned its replacement client (its creation got no usable answer)"),
		fix:  fixed(sailPointOrphanFix),
	},
	unified.ReasonRotationStale: {
		says: fixed("the saved rotation disagrees with the vendor: its new credential is gone (the client was rotated, finished or rolled back without the state file)"),
		fix:  fixed("the saved rotation was dropped from the state file; `credkit secrets list` (or `credkit audit`) shows what the client holds now: rotate again if it needs it"),
	},
	unified.ReasonNothingToFinish: {
		says: fixed("no rotation of the client is open: the vendor shows its old credential retired already"),
		fix:  fixed("nothing was changed; `credkit secrets rotate` begins a new rotation"),
	},
	unified.ReasonNewClientDisabled: {
		says: fixed("the rotation's new client is disabled and the old one is not"),
		fix:  fixed("enable the new client at the vendor, then finish again"),
	},
}

// configFix says which settings a vendor needs.
var configFix = map[unified.Vendor]string{
	unified.Okta:      "set " + envOktaOrgURL + " and " + envOktaToken + " (or --org-url, --api-token)",
	unified.SailPoint: "set " + envSailBaseURL + ", " + envSailClientID + " and " + envSailSecret,
	unified.VMwareCSP: "set " + envCSPOrgID + " and " + envCSPToken + ", or " + envCSPClientID + " and " + envCSPClientSecret + " (and " + envCSPURL + " for a non-production console)",
	unified.Auth0:     "set " + envAuth0Domain + ", " + envAuth0ClientID + " and " + envAuth0ClientSecret + " (or --domain, --client-id, --client-secret)",
}

// codeFix is the advice for a code, by vendor where it differs.
func codeFix(v unified.Vendor, code unified.Code) string {
	byVendor := func(okta, sail, csp string, auth0 ...string) string {
		return map[unified.Vendor]string{unified.Okta: okta, unified.SailPoint: sail, unified.VMwareCSP: csp, unified.Auth0: strings.Join(auth0, "")}[v]
	}
	switch code {
	case unified.Unauthenticated:
		return byVendor("check "+envOktaToken+" (or --api-token)", "check "+envSailClientID+" and "+envSailSecret,
			"check "+envCSPToken+" and "+envCSPOrgID, "check "+envAuth0ClientID+" and "+envAuth0ClientSecret)
	case unified.PermissionDenied:
		return byVendor("the token needs an admin role that manages apps (or the okta.apps.manage scope)",
			"the API client needs the sp:oauth-client:manage scope",
			"the API token needs an organization owner or administrator role in "+envCSPOrgID,
			"the application needs a grant of the Management API with the scopes read:clients, update:client_keys, update:clients and the *:client_credentials ones (and an audience of https://"+envAuth0Domain+"/api/v2/)")
	case unified.NotFound:
		return "check the client and credential IDs"
	case unified.Unimplemented:
		return "`credkit vendors` shows what each vendor supports"
	case unified.RateLimited:
		return "the vendor is rate limiting: retry later, or lower --concurrency"
	case unified.Unavailable:
		return byVendor("check "+envOktaOrgURL+" and the network", "check "+envSailBaseURL+" and the network",
			"check "+envCSPURL+" and the network", "check "+envAuth0Domain+" and the network")
	}
	return ""
}
