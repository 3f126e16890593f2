package main

// What the CLI advises after a refusal, by its reason: a generic sentence
// and fix for each reason, which a vendor's registered Advice may replace
// where its situation reads differently.

import (
	"strings"

	"github.com/credkit/credkit/unified"
)

// resumeFix is what to do with a rotation whose new secret went
// unconfirmed, at any vendor whose secret credkit made.
const resumeFix = "resume it with the secret `credkit secrets rotate` showed (the SECRET of its failed row, the last `new-secret` line of this client, or the client's last line in --secret-file): export it as " + resumeEnv +
	" and run `credkit secrets rotate --vendor <vendor> <client> --show-secret --new-secret-env " + resumeEnv + " --state FILE`"

// reasonAdvice is the CLI's generic word on each reason it has advice for.
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
		says: fixed("the client is in the middle of an unfinished rotation"),
		fix: fixed("finish it with `credkit secrets finish --vendor <vendor> <client> …` (the command `credkit secrets rotate` printed), " +
			"or, if it was begun with --state FILE, resume it: rotate again with the same --state FILE"),
	},
	unified.ReasonOtherRotationOpen: {
		says: fixed("the client holds a credential that is neither the rotation's old nor its new one"),
		fix:  fixed("`credkit secrets list` (or `credkit keys list`) shows what it holds: revoke the one you do not know, then resume"),
	},
	unified.ReasonSecretRequired: {
		says: fixed("the unfinished rotation's new secret is unknown (a saved rotation keeps no secret)"),
		fix:  fixed(resumeFix),
	},
	unified.ReasonResumeNeeded: {
		says: fixed("the rotation has not begun (the vendor did not confirm its new secret)"),
		fix:  fixed(strings.Replace(resumeFix, "resume it with", "resume it first, with", 1)),
	},
	unified.ReasonOnlyActiveSecret: {
		says: fixed("refusing to revoke the app's only active secret"),
		fix:  fixed("rotate it instead, with `credkit secrets rotate`"),
	},
	unified.ReasonLimitReached: {
		says: fixed("the client holds as many secrets as the vendor allows"),
		fix:  fixed("revoke one with `credkit secrets revoke` first (`credkit secrets list` shows them)"),
	},
	unified.ReasonNotSupported: {
		says: func(v unified.Vendor, op string) string { return string(v) + " cannot do " + op },
		fix:  fixed("`credkit vendors` shows what each vendor supports"),
	},
	unified.ReasonSecretNotAccepted: {
		says: fixed("the secret given differs from the rotation's"),
		fix:  fixed("--new-secret-env only gives back the secret of a rotation saved with --state FILE"),
	},
	unified.ReasonRotationOvertaken: {
		says: fixed("another rotator (a program using the library, or credkit with another journal) changed the client's credentials at the same time; this rotation stopped, and its new secret, if it made one, was withdrawn"),
		fix:  fixed("`credkit secrets list` (or `credkit keys list`) shows what the client holds now; rotate again if still needed"),
	},
	unified.ReasonNewCredentialGone: {
		says: fixed("the rotation's new secret or client no longer exists"),
		fix:  fixed("begin a new rotation with `credkit secrets rotate`"),
	},
	unified.ReasonNewClientUnknown: {
		says: fixed("the rotation never learned its replacement client (its creation got no usable answer)"),
		fix:  fixed("the replacement client may exist all the same: `credkit clients list --vendor <vendor>` lists the clients; delete the newer one of the same name at the vendor, then rotate again"),
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

// adviceFor is the CLI's word on a reason at vendor v: the vendor's own
// where it registered one, else the generic one; ok is false for a reason
// without advice.
func adviceFor(v unified.Vendor, reason unified.Reason, op string) (says, fix string, ok bool) {
	a, ok := reasonAdvice[reason]
	if !ok {
		return "", "", false
	}
	says, fix = a.says(v, op), a.fix(v, op)
	spec := specOf(v)
	if own, found := spec.Advice.Reasons[reason]; found {
		if own.Says != "" {
			says = own.Says
		}
		if own.Fix != "" {
			fix = own.Fix
		}
	}
	if reason == unified.ReasonNotSupported {
		if own := spec.Advice.Ops[op]; own != "" {
			fix = own
		}
	}
	return says, strings.ReplaceAll(fix, "<vendor>", string(v)), true
}

// configFix says which settings a vendor needs.
func configFix(v unified.Vendor) string {
	spec := specOf(v)
	var flags []string
	for _, s := range spec.Settings {
		flags = append(flags, "--"+s.Key)
	}
	return "set " + spec.RequiredText() + " (or " + strings.Join(flags, ", ") + ")"
}

// codeFix is the advice for a code: the vendor's own where it registered
// one.
func codeFix(v unified.Vendor, code unified.Code) string {
	if own := specOf(v).Advice.Codes[code]; own != "" {
		return own
	}
	switch code {
	case unified.NotFound:
		return "check the client and credential IDs"
	case unified.Unimplemented:
		return "`credkit vendors` shows what each vendor supports"
	case unified.RateLimited:
		return "the vendor is rate limiting: retry later, or lower --concurrency"
	case unified.Unauthenticated:
		return "check the " + string(v) + " credentials (" + specOf(v).RequiredText() + ")"
	case unified.Unavailable:
		return "check the " + string(v) + " settings and the network"
	}
	return ""
}
