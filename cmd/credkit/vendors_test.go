package main

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/credkit/credkit/unified"
)

func TestVendorsGolden(t *testing.T) {
	code, stdout, stderr := runCLI(t, "vendors")
	require.Equal(t, 0, code, stderr)
	checkGolden(t, "vendors.table.golden", stdout)
	code, stdout, _ = runCLI(t, "vendors", "-o", "json")
	require.Equal(t, 0, code)
	checkGolden(t, "vendors.json.golden", stdout)
}

// The table reads the providers' own Capabilities.
func TestVendorsMatchProviders(t *testing.T) {
	caps, err := capabilities(context.Background())
	require.NoError(t, err)
	require.Len(t, caps, 3)
	require.True(t, caps[unified.Okta].RefreshTokens)
	require.True(t, caps[unified.SailPoint].RotateReplacesClient)
	require.True(t, caps[unified.VMwareCSP].RegenerateSecret)
}
