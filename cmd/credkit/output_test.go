package main

import (
	"bytes"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/credkit/credkit/unified"
)

func TestWriteTable(t *testing.T) {
	var b bytes.Buffer
	require.NoError(t, writeTable(&b, []string{"ID", "STATUS", "HINT"}, [][]string{
		{"ocs1", "ACTIVE", ""},
		{"a-much-longer-id", "INACTIVE", "…abcd"},
	}))
	require.Equal(t, ""+
		"ID                STATUS    HINT\n"+
		"ocs1              ACTIVE    -\n"+
		"a-much-longer-id  INACTIVE  …abcd\n", b.String())
}

func TestWriteJSON(t *testing.T) {
	var b bytes.Buffer
	require.NoError(t, writeJSON(&b, map[string]string{"url": "https://a/?b&c"}))
	require.Equal(t, "{\n  \"url\": \"https://a/?b&c\"\n}\n", b.String())
}

func TestFormatAge(t *testing.T) {
	tests := []struct {
		d    time.Duration
		want string
	}{
		{0, "0s"},
		{59 * time.Second, "59s"},
		{90 * time.Minute, "1h"},
		{47 * time.Hour, "47h"},
		{48 * time.Hour, "2d"},
		{400*24*time.Hour + 23*time.Hour, "400d"},
		{-3 * 24 * time.Hour, "-3d"},
	}
	for _, tt := range tests {
		require.Equal(t, tt.want, formatAge(tt.d), "%v", tt.d)
	}
}

func TestFormatTime(t *testing.T) {
	require.Equal(t, "", formatTime(time.Time{}))
	at := time.Date(2026, 1, 6, 20, 50, 58, 123, time.FixedZone("CET", 3600))
	require.Equal(t, "2026-01-06T19:50:58Z", formatTime(at))
}

func TestSecretText(t *testing.T) {
	s := unified.NewSecret("s3cr3t-value-0123456789")
	require.Equal(t, "[REDACTED]", secretText(s, false))
	require.Equal(t, "s3cr3t-value-0123456789", secretText(s, true))
	require.Equal(t, "", secretText(unified.Secret{}, true))

	v := credentialView(unified.Credential{ID: "ocs1", Secret: s}, false)
	require.Equal(t, "[REDACTED]", v.Secret)
	var b bytes.Buffer
	require.NoError(t, writeJSON(&b, v))
	require.NotContains(t, b.String(), "s3cr3t")
}
