package main

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/credkit/credkit/unified"
)

// `credkit clients list` lists what the vendor lists; a vendor that
// cannot list its clients is a failure that says where to look.
func TestClientsList(t *testing.T) {
	testEnv(t)
	d := demoEnv(t, unified.Vendor("sailpoint"))
	code, stdout, stderr := runCLI(t, "clients", "list", "--vendor", "sailpoint", "-o", "json")
	require.Equal(t, 0, code, stderr)
	require.Empty(t, stderr)
	var clients []clientJSON
	require.NoError(t, json.Unmarshal([]byte(stdout), &clients))
	byName := map[string]clientJSON{}
	for _, c := range clients {
		byName[c.Name] = c
		require.Equal(t, unified.Vendor("sailpoint"), c.Vendor)
	}
	require.Equal(t, d.demoID(t, "billing-api"), byName["billing-api"].ID)
	require.Equal(t, d.demoID(t, "legacy-batch"), byName["legacy-batch"].ID)
	require.Equal(t, demoOldSecret, clock.Now().Sub(byName["legacy-batch"].Created), "made 400 days ago")

	code, stdout, stderr = runCLI(t, "clients", "list", "--vendor", "sailpoint")
	require.Equal(t, 0, code, stderr)
	require.True(t, strings.HasPrefix(stdout, "ID  "), stdout)
	require.Contains(t, stdout, "legacy-batch")
	require.Contains(t, stdout, "400d")

	code, stdout, stderr = runCLI(t, "clients", "list", "--vendor", "okta", "--demo")
	require.Equal(t, 1, code)
	require.Empty(t, stdout)
	require.Contains(t, stderr, "credkit: listing the clients: okta ListClients: Unimplemented: ")
	require.Contains(t, stderr, "; `credkit vendors` shows what each vendor supports")

	code, _, stderr = runCLI(t, "clients", "list", "--vendor", "sailpoint", "extra")
	require.Equal(t, 2, code)
	require.True(t, strings.HasPrefix(stderr, `credkit clients list: unexpected argument "extra"`), stderr)
}
