package unified

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"testing"

	"github.com/stretchr/testify/require"
)

const canary = "canary-9f8e7d6c5b4a"

func TestSecretNeverPrints(t *testing.T) {
	s := NewSecret(canary)
	cred := Credential{Vendor: Okta, ClientID: "0oa1", ID: "ocs1", Secret: s}
	rotation := Rotation{New: cred}
	var logs bytes.Buffer
	logger := slog.New(slog.NewJSONHandler(&logs, nil))
	logger.Info("rotated", "secret", s, "credential", cred)
	slog.New(slog.NewTextHandler(&logs, nil)).Info("rotated", "secret", s, "rotation", rotation)
	asJSON, err := json.Marshal(rotation)
	require.NoError(t, err)
	text, err := s.MarshalText()
	require.NoError(t, err)

	outputs := map[string]string{
		"%v": fmt.Sprintf("%v", s), "%+v": fmt.Sprintf("%+v", s), "%#v": fmt.Sprintf("%#v", s),
		"%s": fmt.Sprintf("%s", s), "%q": fmt.Sprintf("%q", s), "%x": fmt.Sprintf("%x", s),
		"credential %v": fmt.Sprintf("%v", cred), "credential %+v": fmt.Sprintf("%+v", cred),
		"credential %#v": fmt.Sprintf("%#v", cred), "rotation %+v": fmt.Sprintf("%+v", &rotation),
		"json": string(asJSON), "text": string(text), "slog": logs.String(),
	}
	for name, out := range outputs {
		t.Run(name, func(t *testing.T) {
			require.NotContains(t, out, canary)
			require.Contains(t, out, redacted)
		})
	}
	require.Equal(t, canary, s.Reveal())
}

func TestZeroSecret(t *testing.T) {
	var s Secret
	require.True(t, s.IsZero())
	require.Empty(t, s.Reveal())
	require.Equal(t, noSecret, s.String())
	require.True(t, NewSecret("").IsZero())
	b, err := json.Marshal(struct {
		S Secret `json:"s,omitzero"`
	}{})
	require.NoError(t, err)
	require.Equal(t, `{}`, string(b))
}

func TestSecretDoesNotDecodeFromJSON(t *testing.T) {
	var r Rotation
	require.NoError(t, json.Unmarshal([]byte(`{"new":{"secret":"`+canary+`"}}`), &r))
	require.True(t, r.New.Secret.IsZero(), "a secret never comes back from JSON")
}
