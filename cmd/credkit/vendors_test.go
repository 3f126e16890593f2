package main

import (
	"encoding/json"
	"reflect"
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

// Every capability the providers report has a row in the table: a field
// added to unified.Capabilities must not show in JSON only.
func TestVendorsTableCoversCapabilities(t *testing.T) {
	code, stdout, stderr := runCLI(t, "vendors", "-o", "json")
	require.Equal(t, 0, code, stderr)
	var caps map[unified.Vendor]map[string]any
	require.NoError(t, json.Unmarshal([]byte(stdout), &caps))
	fields := len(caps[unified.Vendor("okta")])
	require.Positive(t, fields)
	require.Len(t, capabilityRows, fields, "one row per field of unified.Capabilities")

	// Each row reads its own field: flipping one field changes one row.
	v := reflect.ValueOf(&unified.Capabilities{}).Elem()
	for i := range v.NumField() {
		var zero, flipped unified.Capabilities
		f := reflect.ValueOf(&flipped).Elem().Field(i)
		switch f.Kind() {
		case reflect.Bool:
			f.SetBool(true)
		case reflect.Int:
			f.SetInt(7)
		default:
			t.Fatalf("unified.Capabilities.%s: a %s, which the test does not know", v.Type().Field(i).Name, f.Kind())
		}
		changed := 0
		for _, r := range capabilityRows {
			if r.get(zero) != r.get(flipped) {
				changed++
			}
		}
		require.Equal(t, 1, changed, "unified.Capabilities.%s has exactly one row in credkit vendors", v.Type().Field(i).Name)
	}
	code, stdout, _ = runCLI(t, "vendors")
	require.Equal(t, 0, code)
	require.Regexp(t, `(?m)^deactivate and reactivate a secret\s+no\s+yes\s+no\s+no\s+no$`, stdout)
}

// The table reads the providers' own Capabilities.
func TestVendorsMatchProviders(t *testing.T) {
	testEnv(t)
	code, stdout, stderr := runCLI(t, "vendors", "-o", "json")
	require.Equal(t, 0, code, stderr)
	var caps map[unified.Vendor]unified.Capabilities
	require.NoError(t, json.Unmarshal([]byte(stdout), &caps))
	require.Len(t, caps, len(unified.Vendors()))
	require.True(t, caps[unified.Vendor("okta")].RefreshTokens)
	require.True(t, caps[unified.Vendor("sailpoint")].RotateReplacesClient)
	require.True(t, caps[unified.Vendor("vmwarecsp")].RegenerateSecret)
	require.True(t, caps[unified.Vendor("auth0")].RotateImmediately)
	require.True(t, caps[unified.Vendor("auth0")].JSONWebKeys)
}
