package unified_test

import (
	"context"
	"errors"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/credkit/credkit/unified"
	_ "github.com/credkit/credkit/unified/auth0"
	_ "github.com/credkit/credkit/unified/okta"
	_ "github.com/credkit/credkit/unified/sailpoint"
	_ "github.com/credkit/credkit/unified/vmwarecsp"
)

var errOpened = errors.New("opened")

// fakeSpec is a vendor with two ways to authenticate, like CSP.
func fakeSpec(name unified.Vendor) *unified.VendorSpec {
	return &unified.VendorSpec{
		Name: name,
		Settings: []unified.Setting{
			{Key: "org", Env: "FAKE_ORG"},
			{Key: "token", Env: "FAKE_TOKEN", Secret: true},
			{Key: "id", Env: "FAKE_ID"},
			{Key: "secret", Env: "FAKE_SECRET", Secret: true, Check: func(v string) error {
				if len(v) < 4 {
					return errors.New("is too short")
				}
				return nil
			}},
		},
		Requires: [][]string{{"org", "token"}, {"org", "id", "secret"}},
		Open:     func(unified.Settings, *unified.OpenOptions) (*unified.Provider, error) { return nil, errOpened },
		Rotation: unified.RotationSpec{
			Rebuild: func(context.Context, *unified.Provider, string, string, string) (*unified.Rotation, error) {
				return nil, nil
			},
			FinishArgs: func(*unified.Rotation) []string { return nil },
		},
	}
}

func TestRegisterRefusesWhatCannotBeUsed(t *testing.T) {
	for _, c := range []struct {
		name string
		edit func(*unified.VendorSpec) *unified.VendorSpec
		want string
	}{
		{"nil", func(*unified.VendorSpec) *unified.VendorSpec { return nil }, "nil VendorSpec"},
		{"no name", func(v *unified.VendorSpec) *unified.VendorSpec { v.Name = ""; return v }, "not a lower-case word"},
		{"upper case", func(v *unified.VendorSpec) *unified.VendorSpec { v.Name = "Fake"; return v }, "not a lower-case word"},
		{"no Open", func(v *unified.VendorSpec) *unified.VendorSpec { v.Open = nil; return v }, "has no Open"},
		{"no Rebuild", func(v *unified.VendorSpec) *unified.VendorSpec { v.Rotation.Rebuild = nil; return v }, "Rotation.Rebuild"},
		{"unknown requirement", func(v *unified.VendorSpec) *unified.VendorSpec { v.Requires = [][]string{{"nope"}}; return v }, `requires "nope"`},
		{"setting without variable", func(v *unified.VendorSpec) *unified.VendorSpec { v.Settings[0].Env = ""; return v }, "without a key or a variable"},
		{"twice", func(*unified.VendorSpec) *unified.VendorSpec { return fakeSpec(unified.Vendor("okta")) }, "registered twice"},
	} {
		t.Run(c.name, func(t *testing.T) {
			spec := c.edit(fakeSpec("fakeregister"))
			require.PanicsWithValue(t, "unified: Register: "+panicText(t, spec, c.want), func() { unified.Register(spec) })
		})
	}
}

// panicText finds the full panic message that contains want.
func panicText(t *testing.T, spec *unified.VendorSpec, want string) (msg string) {
	t.Helper()
	defer func() {
		msg = recoverText(recover())
		require.Contains(t, msg, want)
	}()
	unified.Register(spec)
	return ""
}

func recoverText(r any) string {
	s, _ := r.(string)
	const prefix = "unified: Register: "
	if len(s) >= len(prefix) {
		return s[len(prefix):]
	}
	return s
}

func TestVendorsAreRegisteredAndFoundWithoutRegardToCase(t *testing.T) {
	var names []unified.Vendor
	for _, v := range unified.Vendors() {
		names = append(names, v.Name)
	}
	require.Subset(t, names, []unified.Vendor{"auth0", "okta", "sailpoint", "vmwarecsp"})
	for _, name := range []string{"okta", "OKTA", "Okta"} {
		require.NotNil(t, unified.Lookup(name), name)
		require.Equal(t, unified.Vendor("okta"), unified.Lookup(name).Name)
	}
	require.Nil(t, unified.Lookup("nosuch"))
	for _, v := range unified.Vendors() {
		caps, err := v.Capabilities()
		require.NoError(t, err, v.Name)
		require.True(t, caps.RotateInPlace || caps.RotateReplacesClient, v.Name)
		require.NotEmpty(t, v.RequiredText(), v.Name)
	}
}

func TestSettingsAreCheckedBeforeOpening(t *testing.T) {
	spec := fakeSpec("fakesettings")
	for _, c := range []struct {
		name     string
		settings unified.Settings
		want     string // "" : opened
	}{
		{"empty", unified.Settings{}, "no fakesettings settings: set FAKE_ORG and FAKE_TOKEN (or FAKE_ORG, FAKE_ID and FAKE_SECRET)"},
		{"only the org", unified.Settings{"org": "o"}, "FAKE_TOKEN is not set"},
		{"half the second way", unified.Settings{"org": "o", "id": "i"}, "FAKE_SECRET is not set"},
		{"part of the second way", unified.Settings{"id": "i"}, "FAKE_ORG and FAKE_SECRET are not set"},
		{"bad shape, named by its variable, value not quoted", unified.Settings{"org": "o", "id": "i", "secret": "abc"}, "FAKE_SECRET: is too short"},
		{"first way", unified.Settings{"org": "o", "token": "t"}, ""},
		{"second way", unified.Settings{"org": "o", "id": "i", "secret": "long enough"}, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := spec.OpenSettings(c.settings, nil)
			if c.want == "" {
				require.ErrorIs(t, err, errOpened)
				return
			}
			require.Equal(t, unified.InvalidArgument, unified.CodeOf(err))
			require.Equal(t, unified.ReasonInvalidConfig, unified.ReasonOf(err))
			require.ErrorContains(t, err, c.want)
			require.NotContains(t, err.Error(), "abc")
		})
	}
}

func TestTenantNamesWhatTheSettingsReach(t *testing.T) {
	okta := unified.Lookup("okta")
	require.Equal(t, "okta:https://acme.okta.com", okta.Tenant(unified.Settings{"org-url": "https://ACME.okta.com/", "api-token": "t"}))
	require.Empty(t, okta.Tenant(unified.Settings{"api-token": "t"}), "no tenant setting, no tenant")
	csp := unified.Lookup("vmwarecsp")
	require.Equal(t, "vmwarecsp:org1", csp.Tenant(unified.Settings{"org-id": "org1", "api-token": "t"}))
	require.NotEqual(t, csp.Tenant(unified.Settings{"org-id": "org1"}), csp.Tenant(unified.Settings{"org-id": "org2"}))
	for _, v := range unified.Vendors() {
		tenant := false
		for _, s := range v.Settings {
			tenant = tenant || s.Tenant
			require.False(t, s.Tenant && s.Secret, "%s: a credential never names a tenant", v.Name)
		}
		require.True(t, tenant, "%s names its tenant", v.Name)
	}
}
