package main

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/credkit/credkit/unified"
)

func TestKeysGolden(t *testing.T) {
	testEnv(t)
	d := demoEnv(t, unified.Okta)
	partner := d.demoID(t, "partner-portal")
	for _, st := range []struct {
		golden string
		args   []string
	}{
		{"keys_list.table.golden", []string{"keys", "list", "--vendor", "okta", partner}},
		{"keys_list.json.golden", []string{"keys", "list", "--vendor", "okta", partner, "-o", "json"}},
		{"keys_generate.table.golden", []string{"keys", "generate", "--vendor", "okta", partner, "--years", "3"}},
	} {
		code, stdout, stderr := runCLI(t, st.args...)
		require.Equal(t, 0, code, stderr)
		require.Empty(t, stderr)
		checkGolden(t, st.golden, stdout)
	}
	code, stdout, _ := runCLI(t, "keys", "list", "--vendor", "okta", partner)
	require.Equal(t, 0, code)
	require.Len(t, lines(stdout), 3, "the header and two keys")
}

func TestKeysJSONWebKeyLifecycle(t *testing.T) {
	testEnv(t)
	d := demoEnv(t, unified.Okta)
	billing := d.demoID(t, "billing-api")
	priv, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	require.NoError(t, err)
	der, err := x509.MarshalPKIXPublicKey(&priv.PublicKey)
	require.NoError(t, err)
	file := filepath.Join(t.TempDir(), "pub.pem")
	require.NoError(t, os.WriteFile(file, pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der}), 0o600))

	code, stdout, stderr := runCLI(t, "keys", "add", "--vendor", "okta", billing, "--public-key", file, "--kid", "demo-ec", "--inactive", "-o", "json")
	require.Equal(t, 0, code, stderr)
	var added []keyJSON
	require.NoError(t, json.Unmarshal([]byte(stdout), &added))
	require.Equal(t, "demo-ec", added[0].KeyID)
	require.Equal(t, unified.StatusInactive, added[0].Status)
	id := added[0].ID

	code, stdout, stderr = runCLI(t, "keys", "activate", "--vendor", "okta", billing, id)
	require.Equal(t, 0, code, stderr)
	require.Contains(t, stdout, " ACTIVE ")
	code, stdout, stderr = runCLI(t, "keys", "deactivate", "--vendor", "okta", billing, id)
	require.Equal(t, 0, code, stderr)
	require.Contains(t, stdout, " INACTIVE ")
	code, stdout, stderr = runCLI(t, "keys", "delete", "--vendor", "okta", billing, id)
	require.Equal(t, 0, code, stderr)
	require.Contains(t, stdout, id+"  deleted\n")

	code, _, stderr = runCLI(t, "keys", "add", "--vendor", "okta", billing, "--public-key", filepath.Join(t.TempDir(), "none.pem"))
	require.Equal(t, 2, code)
	require.Contains(t, stderr, "credkit keys add: --public-key: open ")
}

// A vendor without keys answers Unimplemented in one line, exit 1.
func TestKeysUnimplemented(t *testing.T) {
	testEnv(t)
	for _, args := range [][]string{
		{"keys", "list", "--vendor", "sailpoint", "c1"},
		{"keys", "generate", "--vendor", "vmwarecsp", "c1", "--years", "2"},
		{"keys", "delete", "--vendor", "vmwarecsp", "c1", "k1"},
	} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			code, stdout, stderr := runCLI(t, args...)
			require.Equal(t, 1, code)
			require.Empty(t, stdout)
			got := lines(stderr)
			require.Len(t, got, 2, "the simulator notice and the error")
			require.Regexp(t, `^credkit: \w+ .*: (sailpoint|vmwarecsp) \w+: Unimplemented: \w+ has no .*; `+"`credkit vendors`"+` shows what each vendor supports$`, got[1])
		})
	}
}
