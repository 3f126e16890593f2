package ory_test

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/credkit/credkit/internal/rotations"
	"github.com/credkit/credkit/unified/ory/internal/orytest"
)

var credkitBinary struct {
	once sync.Once
	path string
	err  error
}

// credkit builds the command once per test binary.
func credkit(t *testing.T) string {
	t.Helper()
	credkitBinary.once.Do(func() {
		dir, err := os.MkdirTemp("", "credkit-ory-cli")
		if err != nil {
			credkitBinary.err = err
			return
		}
		credkitBinary.path = filepath.Join(dir, "credkit")
		out, err := exec.Command("go", "build", "-o", credkitBinary.path, "../../cmd/credkit").CombinedOutput()
		if err != nil {
			credkitBinary.err = &buildError{string(out)}
		}
	})
	require.NoError(t, credkitBinary.err)
	return credkitBinary.path
}

type buildError struct{ out string }

func (e *buildError) Error() string { return "go build ./cmd/credkit: " + e.out }

// runCredkit runs the built credkit against the harness's Hydra, set as
// Ory's own tools are, with ORY_SDK_URL.
func runCredkit(t *testing.T, h *orytest.Harness, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	cmd := exec.Command(credkit(t), args...)
	// A journal of the test's own: rotations journal by default, and never
	// into the real home.
	cmd.Env = append(os.Environ(), "ORY_SDK_URL="+h.URL, "ORY_PROJECT_API_KEY=", "ORY_API_KEY=", "CREDKIT_DEMO=",
		"CREDKIT_STATE="+filepath.Join(t.TempDir(), "rotations.json"))
	var out, errOut strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		return ee.ExitCode(), out.String(), errOut.String()
	}
	require.NoError(t, err)
	return 0, out.String(), errOut.String()
}

// lastSecret is the last secret --secret-file holds for client.
func lastSecret(t *testing.T, file, client string) string {
	t.Helper()
	data, err := os.ReadFile(file)
	require.NoError(t, err)
	var last string
	for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		f := strings.Fields(line)
		if len(f) == 4 && f[0] == "ory" && f[1] == client {
			last = rotations.DecodeSecret(f[3]).Reveal()
		}
	}
	require.NotEmpty(t, last, "no secret of %s in %s", client, file)
	return last
}

// The command line against a real Hydra, as the README's tour runs it:
// the vendor comes from the registry alone.
func TestCommandLineAgainstHydra(t *testing.T) {
	h := orytest.NewHarness(t)
	keyClient, oldKey := h.NewClient(t)
	secretClient, oldSecret := h.NewSecretClient(t)
	file := filepath.Join(t.TempDir(), "secrets")

	code, stdout, stderr := runCredkit(t, h, "clients", "list", "--vendor", "ory")
	require.Equal(t, 0, code, stderr)
	require.Contains(t, stdout, keyClient)
	require.Contains(t, stdout, secretClient)

	t.Run("a client secret is replaced at once, with consent", func(t *testing.T) {
		code, _, stderr := runCredkit(t, h, "secrets", "rotate", "--vendor", "ory", secretClient, "--secret-file", file)
		require.Equal(t, 1, code, "no consent: refused, nothing sent: %s", stderr)
		require.Contains(t, stderr, "--allow-immediate-rotation")
		require.True(t, h.SecretWorks(secretClient, oldSecret), "the refusal changed nothing")

		code, _, stderr = runCredkit(t, h, "secrets", "rotate", "--vendor", "ory", secretClient, "--secret-file", file, "--allow-immediate-rotation")
		require.Equal(t, 0, code, stderr)
		require.Contains(t, stderr, "nothing is left to finish")
		require.NotContains(t, stderr, "finish: credkit")
		newSecret := lastSecret(t, file, secretClient)
		require.True(t, h.SecretWorks(secretClient, newSecret), "the secret in the file is in force")
		require.False(t, h.SecretWorks(secretClient, oldSecret))
	})

	t.Run("a private_key_jwt client's key rotates with overlap and finishes as printed", func(t *testing.T) {
		code, _, stderr := runCredkit(t, h, "secrets", "rotate", "--vendor", "ory", keyClient, "--secret-file", file)
		require.Equal(t, 0, code, stderr)
		newKey := lastSecret(t, file, keyClient)
		require.True(t, h.SecretWorks(keyClient, oldKey), "overlap: the old key still works")
		require.True(t, h.SecretWorks(keyClient, newKey), "and the new one")
		_, finish, ok := strings.Cut(stderr, "finish: credkit ")
		require.True(t, ok, stderr)
		finish, _, _ = strings.Cut(finish, "\n")
		require.Contains(t, finish, "--vendor ory "+keyClient+" --old ")

		code, _, stderr = runCredkit(t, h, "audit", "--vendor", "ory", keyClient)
		require.Equal(t, 1, code, "two active keys are an open rotation: %s", stderr)

		code, _, stderr = runCredkit(t, h, strings.Fields(finish)...)
		require.Equal(t, 0, code, "credkit %s: %s", finish, stderr)
		require.False(t, h.SecretWorks(keyClient, oldKey), "finished: the old key is gone")
		require.True(t, h.SecretWorks(keyClient, newKey))
	})
}
