package main

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/credkit/credkit/unified"
)

func TestTokens(t *testing.T) {
	testEnv(t)
	d := demoEnv(t, unified.Vendor("okta"))
	billing := d.demoID(t, "billing-api")

	code, stdout, stderr := runCLI(t, "tokens", "list", "--vendor", "okta", billing)
	require.Equal(t, 0, code, stderr)
	checkGolden(t, "tokens_list.table.golden", stdout)
	code, stdout, _ = runCLI(t, "tokens", "list", "--vendor", "okta", billing, "-o", "json")
	require.Equal(t, 0, code)
	checkGolden(t, "tokens_list.json.golden", stdout)

	code, stdout, stderr = runCLI(t, "tokens", "revoke", "--vendor", "okta", billing, "oarJNkWezmPHdeOhYCNu")
	require.Equal(t, 0, code, stderr)
	require.Contains(t, stdout, "oarJNkWezmPHdeOhYCNu  revoked\n")
	code, stdout, _ = runCLI(t, "tokens", "list", "--vendor", "okta", billing)
	require.Equal(t, 0, code)
	require.Len(t, lines(stdout), 2)

	code, _, stderr = runCLI(t, "tokens", "revoke", "--vendor", "okta", billing, "oarJNkWezmPHdeOhYCNu")
	require.Equal(t, 1, code)
	require.Contains(t, stderr, "NotFound")

	code, stdout, stderr = runCLI(t, "tokens", "revoke", "--vendor", "okta", billing, "--all", "-o", "json")
	require.Equal(t, 0, code, stderr)
	require.JSONEq(t, `{"clientId":"`+billing+`","id":"all","revoked":true}`, stdout)
	code, stdout, _ = runCLI(t, "tokens", "list", "--vendor", "okta", billing, "-o", "json")
	require.Equal(t, 0, code)
	require.Equal(t, "[]\n", stdout)
}

func TestTokensUnimplemented(t *testing.T) {
	testEnv(t)
	code, _, stderr := runCLI(t, "tokens", "list", "--vendor", "vmwarecsp", "billing-api", "--demo")
	require.Equal(t, 1, code)
	require.Contains(t, stderr, "vmwarecsp ListRefreshTokens: Unimplemented: vmwarecsp has no refresh tokens it can list or revoke; ")
}
