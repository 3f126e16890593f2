package main

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"io"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/credkit/credkit/internal/rotations"
	"github.com/credkit/credkit/sim"
	"github.com/credkit/credkit/unified"
)

// printedSecret is one secret `secrets rotate --state --show-secret`
// printed.
type printedSecret struct {
	Vendor      unified.Vendor `json:"vendor"`
	ClientID    string         `json:"clientId"`
	NewClientID string         `json:"newClientId"`
	Secret      string         `json:"secret"`
}

// printedSecrets reads the secrets stdout shows, in the order shown, in
// either output format: "new-secret …" text lines, or with -o json the
// {"newSecret":…} lines and the results array.
func printedSecrets(t *testing.T, stdout string) []printedSecret {
	t.Helper()
	var out []printedSecret
	if trimmed := strings.TrimSpace(stdout); !strings.HasPrefix(trimmed, "{") && !strings.HasPrefix(trimmed, "[") {
		for line := range strings.Lines(stdout) {
			if f := strings.Fields(line); len(f) == 5 && f[0] == "new-secret" {
				out = append(out, printedSecret{unified.Vendor(f[1]), f[2], f[3], rotations.DecodeSecret(f[4]).Reveal()})
			}
		}
		return out
	}
	dec := json.NewDecoder(strings.NewReader(stdout))
	for {
		var v json.RawMessage
		if err := dec.Decode(&v); errors.Is(err, io.EOF) {
			return out
		} else {
			require.NoError(t, err, "stdout is a stream of JSON values")
		}
		var line struct {
			NewSecret *printedSecret `json:"newSecret"`
		}
		var results []bulkJSON
		switch {
		case json.Unmarshal(v, &line) == nil && line.NewSecret != nil:
			out = append(out, *line.NewSecret)
		case json.Unmarshal(v, &results) == nil:
			// The results array shows the secrets again, when the run
			// got that far.
			for _, r := range results {
				if rot := r.Rotation; rot != nil && rot.New.Secret != "" && rot.New.Secret != redactedValue {
					out = append(out, printedSecret{rot.Vendor, rot.ClientID, rot.NewClientID, rot.New.Secret})
				}
			}
		}
	}
}

// failingWriter refuses every write, as a closed pipe would.
type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errors.New("broken pipe") }

// refuseSecrets refuses to write the new-secret lines and passes the rest.
type refuseSecrets struct{ w io.Writer }

func (r *refuseSecrets) Write(p []byte) (int, error) {
	if bytes.HasPrefix(p, []byte("new-secret ")) {
		return failingWriter{}.Write(p)
	}
	return r.w.Write(p)
}

func TestSecretPrinter(t *testing.T) {
	pem := "-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----\n"
	tests := []struct {
		name      string
		output    string
		simulated bool
		secret    string
		want      string
	}{
		{"table", "table", false, "s3cr#t", "new-secret vmwarecsp app app s3cr#t\n"},
		{"table, a PEM key on one line", "table", false, pem, "new-secret vmwarecsp app app " + rotations.EncodeSecret(unified.NewSecret(pem)) + "\n"},
		{"json", "json", false, "a<b&c", `{"newSecret":{"vendor":"vmwarecsp","clientId":"app","newClientId":"app","secret":"a<b&c"}}` + "\n"},
		{"json, simulated", "json", true, "x", `{"simulated":true,"newSecret":{"vendor":"vmwarecsp","clientId":"app","newClientId":"app","secret":"x"}}` + "\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out bytes.Buffer
			p := &secretPrinter{w: &out, json: tt.output == "json", simulated: tt.simulated}
			require.NoError(t, p.print(unified.Vendor("vmwarecsp"), "app", "app", unified.NewSecret(tt.secret)))
			require.Equal(t, tt.want, out.String())
			got := printedSecrets(t, out.String())
			require.Len(t, got, 1)
			require.Equal(t, tt.secret, got[0].Secret, "the secret reads back")
		})
	}
	err := (&secretPrinter{w: failingWriter{}}).print(unified.Vendor("okta"), "app", "app", unified.NewSecret("v"))
	require.ErrorContains(t, err, "printing the new secret: broken pipe")
	require.NotContains(t, err.Error(), " v ", "the error does not hold the secret")
}

// With --state and --show-secret each new secret is printed before the
// results, in both output formats, and the secret printed is the one that
// works.
func TestRotateStatePrintsSecretsFirst(t *testing.T) {
	for _, v := range crashVendors {
		for _, output := range []string{"table", "json"} {
			t.Run(cmp.Or(v.label, string(v.vendor))+"/"+output, func(t *testing.T) {
				testEnv(t)
				client, oldSecret, view := v.start(t, sim.NewFaults(0, 1), nil)
				state := filepath.Join(t.TempDir(), "state.json")
				code, stdout, stderr := runCLI(t, append([]string{"secrets", "rotate", "--vendor", string(v.vendor), client, "--state", state, "--show-secret", "-o", output}, v.flags...)...)
				require.Equal(t, 0, code, stderr)
				first, _, _ := strings.Cut(stdout, "\n")
				if output == "json" {
					require.True(t, strings.HasPrefix(first, `{"newSecret":{`), "the secret comes first: %q", first)
				} else {
					require.True(t, strings.HasPrefix(first, "new-secret "+string(v.vendor)+" "+client+" "), "the secret comes first: %q", first)
				}
				got := printedSecrets(t, stdout)
				require.NotEmpty(t, got)
				require.True(t, view.works(got[0].NewClientID, got[0].Secret), "the secret printed first works")
				require.Equal(t, got[0].Secret, got[len(got)-1].Secret, "the results show the same secret")
				if v.label != "auth0-secret" { // replaced at once, by consent
					require.True(t, view.works(client, oldSecret), "the old secret still works")
				}
			})
		}
	}
}

// A secret that cannot be printed stops the rotation: for CSP, whose
// secret credkit makes, before the request that would install it.
func TestRotateStateStopsWhenStdoutFails(t *testing.T) {
	testEnv(t)
	v := crashVendors[2]
	require.Equal(t, unified.Vendor("vmwarecsp"), v.vendor)
	client, oldSecret, view := v.start(t, sim.NewFaults(0, 1), nil)
	state := filepath.Join(t.TempDir(), "state.json")
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), []string{"secrets", "rotate", "--vendor", "vmwarecsp", client, "--state", state, "--show-secret"}, &refuseSecrets{&stdout}, &stderr)
	require.Equal(t, 1, code)
	require.Contains(t, stderr.String(), "printing the new secret: broken pipe")
	require.Contains(t, stdout.String(), client+"  failed")
	require.True(t, view.works(client, oldSecret), "the old secret works")
	require.Equal(t, 1, view.secrets(client), "no new secret was sent")
	require.Empty(t, savedRotations(t, state), "nothing was recorded")
}

// resultsJSON decodes the results of -o json into v: the last JSON value
// of stdout, after any {"newSecret":…} lines.
func resultsJSON(t *testing.T, stdout string, v any) {
	t.Helper()
	dec := json.NewDecoder(strings.NewReader(stdout))
	var last json.RawMessage
	for {
		var next json.RawMessage
		err := dec.Decode(&next)
		if errors.Is(err, io.EOF) {
			break
		}
		require.NoError(t, err, "stdout is a stream of JSON values: %s", stdout)
		last = next
	}
	require.NoError(t, json.Unmarshal(last, v), stdout)
}
