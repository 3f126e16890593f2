package main

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/credkit/credkit/unified"
)

func TestAuditGolden(t *testing.T) {
	for _, vendor := range []unified.Vendor{unified.Vendor("okta"), unified.Vendor("sailpoint"), unified.Vendor("vmwarecsp")} {
		t.Run(string(vendor), func(t *testing.T) {
			testEnv(t)
			d := demoEnv(t, vendor)
			args := []string{"audit", "--vendor", string(vendor)}
			if vendor == unified.Vendor("okta") {
				args = append(args, d.clientIDs()...) // Okta cannot list apps
			}
			wantCode := 1
			if vendor == unified.Vendor("vmwarecsp") {
				wantCode = 0 // CSP does not say how old secrets are
			}
			code, stdout, stderr := runCLI(t, args...)
			require.Equal(t, wantCode, code, stderr)
			checkGolden(t, "audit_"+string(vendor)+".table.golden", stdout)
			if wantCode == 1 {
				require.Regexp(t, `^credkit audit: the policy is broken: \d+ breach(es)? in \d+ of \d+ clients\n$`, stderr)
			} else {
				require.Empty(t, stderr)
			}
			code, stdout, _ = runCLI(t, append(args, "-o", "json")...)
			require.Equal(t, wantCode, code)
			checkGolden(t, "audit_"+string(vendor)+".json.golden", stdout)
		})
	}
}

// The policy's thresholds decide the exit status.
func TestAuditPolicy(t *testing.T) {
	testEnv(t)
	d := demoEnv(t, unified.Vendor("okta"))
	ids := d.clientIDs()
	tests := []struct {
		flags    []string
		code     int
		breaches int
	}{
		{nil, 1, 2},
		{[]string{"--max-secret-age", "401d"}, 1, 1},
		{[]string{"--max-secret-age", "401d", "--expiring-within", "9d"}, 0, 0},
		{[]string{"--max-secret-age", "9600h", "--expiring-within", "241h"}, 1, 1},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.flags, " "), func(t *testing.T) {
			code, stdout, _ := runCLI(t, append(append([]string{"audit", "--vendor", "okta", "-o", "json"}, tt.flags...), ids...)...)
			require.Equal(t, tt.code, code)
			var r auditReport
			require.NoError(t, json.Unmarshal([]byte(stdout), &r))
			require.Equal(t, tt.breaches, r.Breaches)
			require.Equal(t, tt.code == 0, r.OK)
		})
	}
}

// The audit's course through a rotation: an old secret breaks the policy,
// a begun rotation too (two active secrets), a finished one keeps it.
func TestAuditThroughRotation(t *testing.T) {
	testEnv(t)
	d := demoEnv(t, unified.Vendor("okta"))
	legacy := d.demoID(t, "legacy-batch")
	code, stdout, _ := runCLI(t, "audit", "--vendor", "okta", legacy)
	require.Equal(t, 1, code)
	require.Contains(t, stdout, "BREACH secret is 400d old, more than 90d: rotate it")

	code, _, stderr := runCLI(t, "secrets", "rotate", "--vendor", "okta", legacy)
	require.Equal(t, 0, code, stderr)
	code, stdout, _ = runCLI(t, "audit", "--vendor", "okta", legacy)
	require.Equal(t, 1, code)
	require.Contains(t, stdout, "BREACH 2 active secrets: an unfinished rotation?")

	code, _, stderr = runCLI(t, "secrets", "finish", "--vendor", "okta", legacy, "--old", "ocsaA0xQZxpMDdROTJoT")
	require.Equal(t, 0, code, stderr)
	code, stdout, stderr = runCLI(t, "audit", "--vendor", "okta", legacy)
	require.Equal(t, 0, code, stderr)
	require.Empty(t, stderr)
	require.Contains(t, stdout, "\npolicy kept: 1 client, 1 credential, 0 breaches, 0 notes")
}

func TestAuditErrors(t *testing.T) {
	testEnv(t)
	demoEnv(t, unified.Vendor("sailpoint"))
	code, stdout, stderr := runCLI(t, "audit", "--vendor", "sailpoint", "0123456789abcdef0123456789abcdef")
	require.Equal(t, 1, code)
	require.Contains(t, stdout, "BREACH not among the clients the account can list")
	require.Equal(t, ""+
		"credkit: auditing 0123456789abcdef0123456789abcdef: not among the clients the account can list: sailpoint ListClients: NotFound: no client 0123456789abcdef0123456789abcdef; check the client and credential IDs\n"+
		"credkit audit: the policy is broken: 1 breach in 1 of 1 clients\n", stderr)

	demoEnv(t, unified.Vendor("okta"))
	code, _, stderr = runCLI(t, "audit", "--vendor", "okta")
	require.Equal(t, 2, code)
	require.True(t, strings.HasPrefix(stderr, "credkit audit: okta cannot list its clients: name the clients to audit\n"), stderr)
}

// A SailPoint rotation leaves two clients of one name until it finishes;
// the audit flags them without --state, and names the finish command.
func TestAuditSailPointSharedName(t *testing.T) {
	testEnv(t)
	d := demoEnv(t, unified.Vendor("sailpoint"))
	legacy := d.demoID(t, "legacy-batch")
	code, stdout, stderr := runCLI(t, "secrets", "rotate", "--vendor", "sailpoint", legacy, "--allow-new-client-id", "--show-secret", "-o", "json")
	require.Equal(t, 0, code, stderr)
	var results []bulkJSON
	lastJSON(t, stdout, &results)
	replacement := results[0].Rotation.NewClientID
	finish := "credkit secrets finish --vendor sailpoint " + legacy + " --new " + replacement
	want := `2 clients named "legacy-batch" (` + legacy + ", " + replacement + ", oldest first): an unfinished rotation? the journal shows the new client's secret kept: once its users have it, finish it (" + finish + "), or rename one if both are meant to stay"

	for _, tt := range []struct {
		name    string
		clients []string
		flagged []string
	}{
		{"every client", nil, []string{legacy, replacement}},
		{"the replacement only", []string{replacement}, []string{replacement}},
		{"another client", []string{d.demoID(t, "billing-api")}, nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, _ := runCLI(t, append([]string{"audit", "--vendor", "sailpoint", "-o", "json"}, tt.clients...)...)
			require.Equal(t, min(len(tt.flagged), 1), code, "the policy is broken where clients share a name")
			var r auditReport
			require.NoError(t, json.Unmarshal([]byte(stdout), &r))
			var flagged []string
			for _, cl := range r.Clients {
				for _, f := range cl.Findings {
					if f.Rule == ruleSharedName {
						require.True(t, f.Breach)
						require.Equal(t, want, f.Message)
						flagged = append(flagged, cl.ID)
					}
				}
			}
			require.Equal(t, tt.flagged, flagged)
		})
	}
	code, stdout, _ = runCLI(t, "audit", "--vendor", "sailpoint")
	require.Equal(t, 1, code)
	require.Contains(t, stdout, "BREACH "+want)

	// Following the advice clears the finding.
	code, _, stderr = runCLI(t, strings.Fields(finish)[1:]...)
	require.Equal(t, 0, code, stderr)
	code, stdout, stderr = runCLI(t, "audit", "--vendor", "sailpoint")
	require.Equal(t, 0, code, stderr)
	require.NotContains(t, stdout, "clients named")
}

func TestNamesakes(t *testing.T) {
	at := func(days int) time.Time { return time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, days) }
	cl := func(id, name string, days int) unified.Client {
		return unified.Client{ID: id, Name: name, Created: at(days)}
	}
	tests := []struct {
		name    string
		clients []unified.Client
		want    map[string][]string
	}{
		{"unique names", []unified.Client{cl("a", "x", 0), cl("b", "y", 0)}, map[string][]string{}},
		{"a pair, oldest first", []unified.Client{cl("new", "x", 5), cl("old", "x", 1), cl("b", "y", 0)}, map[string][]string{"x": {"old", "new"}}},
		{"made at once: list order", []unified.Client{cl("first", "x", 1), cl("second", "x", 1)}, map[string][]string{"x": {"first", "second"}}},
		{"three", []unified.Client{cl("c", "x", 3), cl("a", "x", 1), cl("b", "x", 2)}, map[string][]string{"x": {"a", "b", "c"}}},
		{"no name is no name", []unified.Client{cl("a", "", 0), cl("b", "", 0)}, map[string][]string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			listed := map[string]unified.Client{}
			var order []string
			for _, c := range tt.clients {
				listed[c.ID] = c
				order = append(order, c.ID)
			}
			got := map[string][]string{}
			for name, group := range namesakes(listed, order) {
				for _, c := range group {
					got[name] = append(got[name], c.ID)
				}
			}
			require.Equal(t, tt.want, got)
		})
	}
}
