package main

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/credkit/credkit/unified"
)

func TestHint(t *testing.T) {
	tests := []struct {
		vendor string
		err    error
		want   string
	}{
		{"okta", &unified.Error{Code: unified.Unauthenticated}, "check OKTA_CLIENT_TOKEN (or --api-token)"},
		{"sailpoint", &unified.Error{Code: unified.Unauthenticated}, "check SAIL_CLIENT_ID and SAIL_CLIENT_SECRET"},
		{"vmwarecsp", &unified.Error{Code: unified.Unauthenticated}, "check CSP_API_TOKEN and CSP_ORG_ID"},
		{"okta", &unified.Error{Code: unified.PermissionDenied}, "the token needs an admin role that manages apps (or the okta.apps.manage scope)"},
		{"sailpoint", &unified.Error{Code: unified.PermissionDenied, Vendor: unified.Vendor("sailpoint")}, "the API client needs the sp:oauth-client:manage scope"},
		{"okta", &unified.Error{Code: unified.NotFound}, "check the client and credential IDs"},
		{"okta", &unified.Error{Code: unified.Unimplemented}, "`credkit vendors` shows what each vendor supports"},
		{"okta", &unified.Error{Code: unified.RateLimited}, "the vendor is rate limiting: retry later, or lower --concurrency"},
		{"vmwarecsp", &unified.Error{Code: unified.Unavailable}, "check CSP_URL and the network"},
		{"sailpoint", &unified.Error{Code: unified.FailedPrecondition, Reason: unified.ReasonConsentRequired, Vendor: unified.Vendor("sailpoint"), Op: "RotateSecret"}, "pass --allow-new-client-id"},
		{"okta", &unified.Error{Code: unified.FailedPrecondition}, ""},
		{"okta", &unified.Error{Code: unified.FailedPrecondition, Reason: unified.ReasonRotationOpen, Vendor: unified.Vendor("okta"), Op: "RotateSecret"}, oktaTwoSecretsFix},
		{"okta", &unified.Error{Code: unified.FailedPrecondition, Vendor: unified.Vendor("okta"), Op: "FinishRotation", Message: "RotateOptions.Resume"}, ""},
		{"vmwarecsp", &unified.Error{Code: unified.FailedPrecondition, Reason: unified.ReasonSecretRequired, Vendor: unified.Vendor("vmwarecsp"), Op: "RotateSecret"}, cspResumeFix},
		{"vmwarecsp", &unified.Error{Code: unified.FailedPrecondition, Reason: unified.ReasonOtherRotationOpen, Vendor: unified.Vendor("vmwarecsp"), Op: "RotateSecret"}, cspOtherRotationFix},
		{"vmwarecsp", &unified.Error{Code: unified.FailedPrecondition, Reason: unified.ReasonResumeNeeded, Vendor: unified.Vendor("vmwarecsp"), Op: "FinishRotation"},
			strings.Replace(cspResumeFix, "resume it with", "resume it first, with", 1)},
		{"vmwarecsp", &unified.Error{Code: unified.Unimplemented, Reason: unified.ReasonNotSupported, Vendor: unified.Vendor("vmwarecsp"), Op: "CreateSecret"},
			"use `credkit secrets rotate --show-secret` instead, or `credkit secrets regenerate --show-secret` to replace the secret at once"},
		{"vmwarecsp", &unified.Error{Code: unified.FailedPrecondition, Vendor: unified.Vendor("vmwarecsp"), Op: "RotateSecret"}, ""},
		{"okta", &unified.Error{Code: unified.FailedPrecondition, Vendor: unified.Vendor("okta"), Op: "RotateSecret", Message: "another owner rotation"}, ""},
		{"vmwarecsp", &unified.Error{Code: unified.FailedPrecondition, Reason: unified.ReasonRotationOpen, Vendor: unified.Vendor("vmwarecsp"), Op: "RotateSecret"},
			"finish it with `credkit secrets finish --vendor vmwarecsp <client>` (with --state FILE if it was begun with one), or wait until its overlap ends"},
		{"okta", &unified.Error{Code: unified.FailedPrecondition, Reason: unified.ReasonRotationStale, Vendor: unified.Vendor("okta"), Op: "CheckRotation"}, "the saved rotation was dropped from the state file; `credkit secrets list` (or `credkit audit`) shows what the client holds now: rotate again if it needs it"},
		{"okta", &unified.Error{Code: unified.FailedPrecondition, Reason: unified.ReasonNothingToFinish, Vendor: unified.Vendor("okta"), Op: "FinishRotation"}, "nothing was changed; `credkit secrets rotate` begins a new rotation"},
		{"okta", &unified.Error{Code: unified.InvalidArgument, Reason: unified.ReasonInvalidConfig, Op: "New"}, "set OKTA_CLIENT_ORGURL and OKTA_CLIENT_TOKEN (or --org-url, --api-token)"},
		{"okta", fmt.Errorf("wrapped: %w", context.Canceled), "interrupted"},
		{"okta", errors.New("plain"), ""},
	}
	for _, tt := range tests {
		require.Equal(t, tt.want, hint(tt.vendor, tt.err), "%s %v", tt.vendor, tt.err)
	}
}

// A refusal with a reason is described in the CLI's words, whatever the
// library's message says (which may be advice for a Go caller).
func TestDescribeUsesTheReasonNotTheMessage(t *testing.T) {
	tests := []struct {
		err  *unified.Error
		want string
	}{
		{&unified.Error{Code: unified.FailedPrecondition, Reason: unified.ReasonRotationOpen, Vendor: unified.Vendor("okta"), Op: "RotateSecret",
			Message: "the app already holds two secrets (an unfinished rotation?): finish it, or pass it as RotateOptions.Resume"},
			"okta RotateSecret: FailedPrecondition: the app already holds two secrets (an unfinished rotation?); " + oktaTwoSecretsFix},
		{&unified.Error{Code: unified.FailedPrecondition, Reason: unified.ReasonConsentRequired, Vendor: unified.Vendor("sailpoint"), Op: "RotateSecret",
			Message: "anything at all"},
			"sailpoint RotateSecret: FailedPrecondition: sailpoint cannot change a client's secret: rotation creates a replacement client, " +
				"so the client ID changes; pass --allow-new-client-id"},
		// Without a reason, the message stays whole.
		{&unified.Error{Code: unified.FailedPrecondition, Vendor: unified.Vendor("okta"), Op: "FinishRotation", Message: "x: finish it, or pass it as RotateOptions.Resume"},
			"okta FinishRotation: FailedPrecondition: x: finish it, or pass it as RotateOptions.Resume"},
	}
	for _, tt := range tests {
		t.Run(tt.err.Op+" "+string(tt.err.Vendor), func(t *testing.T) {
			require.Equal(t, tt.want, describe(string(tt.err.Vendor), tt.err))
		})
	}
	require.Equal(t, "okta RotateSecret: FailedPrecondition: the app already holds two secrets (an unfinished rotation?); finish it with `credkit secrets finish --vendor okta 0oa1 --old <ID>`"+
		" (`credkit secrets list` shows both secrets), or, if it was begun with --state FILE, resume it: rotate again with the same --state FILE",
		describeFor("okta", "0oa1", &unified.Error{Code: unified.FailedPrecondition, Reason: unified.ReasonRotationOpen, Vendor: unified.Vendor("okta"), Op: "RotateSecret", Message: "two"}))
}

// reword makes every error message "X": the CLI's advice must not
// change, since it is chosen from reasons and codes.
func reword(err error) error {
	var e *unified.Error
	if errors.As(err, &e) {
		cp := *e
		cp.Message = "X"
		return &cp
	}
	return err
}

// TestAdviceSurvivesRewordedMessages runs refusals twice, the second time
// with every library message replaced by "X": stderr is the same.
func TestAdviceSurvivesRewordedMessages(t *testing.T) {
	cases := []struct {
		vendor unified.Vendor
		setup  [][]string // commands run first, each must succeed
		args   []string
	}{
		{unified.Vendor("okta"), [][]string{{"secrets", "rotate", "--vendor", "okta", "legacy-batch"}}, []string{"secrets", "rotate", "--vendor", "okta", "legacy-batch"}},
		{unified.Vendor("okta"), nil, []string{"secrets", "revoke", "--vendor", "okta", "legacy-batch", "ocsaA0xQZxpMDdROTJoT"}},
		{unified.Vendor("sailpoint"), nil, []string{"secrets", "list", "--vendor", "sailpoint", "legacy-batch"}},
		{unified.Vendor("vmwarecsp"), nil, []string{"secrets", "create", "--vendor", "vmwarecsp", "legacy-batch"}},
		{unified.Vendor("vmwarecsp"), nil, []string{"secrets", "revoke", "--vendor", "vmwarecsp", "legacy-batch", "current"}},
	}
	for _, c := range cases {
		t.Run(strings.Join(c.args, " "), func(t *testing.T) {
			run := func(wrap bool) string {
				testEnv(t)
				d := demoEnv(t, c.vendor)
				if wrap {
					rewordErrors = reword
					t.Cleanup(func() { rewordErrors = nil })
				}
				for _, s := range c.setup {
					code, _, stderr := runCLI(t, d.resolveArgs(s)...)
					require.Equal(t, 0, code, stderr)
				}
				// Run from a journal that holds nothing (another
				// machine's): the vendor, not the journal, answers.
				t.Setenv(envState, filepath.Join(t.TempDir(), "elsewhere.json"))
				code, _, stderr := runCLI(t, d.resolveArgs(c.args)...)
				require.Equal(t, 1, code, stderr)
				return stderr
			}
			plain, wrapped := run(false), run(true)
			require.Equal(t, plain, wrapped)
			require.Contains(t, plain, "; ", "the refusal has advice")
			require.NotContains(t, wrapped, ": X", "the CLI says the reason in its own words")
		})
	}
}

// resolveArgs replaces the names of demo clients in args by their IDs.
func (d *demoServer) resolveArgs(args []string) []string {
	out := make([]string, len(args))
	for i, a := range args {
		out[i] = a
		for _, c := range d.clients {
			if c.Name == a {
				out[i] = c.ID
			}
		}
	}
	return out
}
