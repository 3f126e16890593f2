package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/credkit/credkit/unified"
	"github.com/credkit/credkit/unified/driver"
)

// A sixth vendor, registered by this test binary alone: the CLI must work
// with it through the registry, with no line changed outside this file.
// The test runs the test binary itself as credkit (fakeVendorEnv set), so
// that no other test sees the vendor.

const (
	fakeVendorEnv = "CREDKIT_TEST_FAKE_VENDOR"
	fakeName      = unified.Vendor("fakevendor")
)

func TestMain(m *testing.M) {
	if os.Getenv(fakeVendorEnv) != "" {
		unified.Register(fakeSpec())
		os.Exit(run(context.Background(), os.Args[1:], os.Stdout, os.Stderr))
	}
	os.Exit(isolatedRun(m))
}

// isolatedRun runs the tests with a state folder of their own (HOME stays,
// for the Go build cache of the tests that build the binary):
// no test writes to the user's default journal.
func isolatedRun(m *testing.M) int {
	dir, err := os.MkdirTemp("", "credkit-test-home-")
	if err != nil {
		panic(err)
	}
	defer func() { _ = os.RemoveAll(dir) }()
	builtCLI.dir = dir
	for name, value := range map[string]string{"XDG_STATE_HOME": filepath.Join(dir, "state"), envState: ""} {
		if err := os.Setenv(name, value); err != nil {
			panic(err)
		}
	}
	return m.Run()
}

func fakeSpec() *unified.VendorSpec {
	return &unified.VendorSpec{
		Name: fakeName, Title: "Fake",
		Settings: []unified.Setting{{Key: "fake-state", Env: "FAKE_STATE", Usage: "the fake vendor's state `FILE`", Example: "/nonexistent"}},
		Requires: [][]string{{"fake-state"}},
		Open: func(s unified.Settings, _ *unified.OpenOptions) (*unified.Provider, error) {
			return driver.NewProvider(&fakeDriver{path: s["fake-state"]}), nil
		},
		Rotation: unified.RotationSpec{
			Makes: []unified.RotationMakes{{Kind: unified.KindClientSecret}},
			Rebuild: func(_ context.Context, _ *unified.Provider, client, oldID, newID string) (*unified.Rotation, error) {
				if oldID == "" || newID == "" {
					return nil, driver.Refuse(unified.InvalidArgument, unified.ReasonRotationMismatch, "name --old and --new")
				}
				return &unified.Rotation{Vendor: fakeName, ClientID: client, NewClientID: client, Phase: unified.PhaseBegun,
					Old: unified.CredentialRef{ClientID: client, ID: oldID}, New: unified.Credential{ClientID: client, ID: newID}}, nil
			},
			FinishArgs: func(r *unified.Rotation) []string { return []string{"--old", r.Old.ID, "--new", r.New.ID} },
		},
	}
}

// fakeDriver keeps clients and their secrets in a JSON file, so that the
// state outlives one command.
type fakeDriver struct {
	path string
	mu   sync.Mutex
}

type fakeState map[string][]string // client ID -> secret IDs, oldest first

func (d *fakeDriver) load() (fakeState, error) {
	data, err := os.ReadFile(d.path)
	if err != nil {
		return nil, err
	}
	st := fakeState{}
	return st, json.Unmarshal(data, &st)
}

func (d *fakeDriver) save(st fakeState) error {
	data, err := json.Marshal(st)
	if err != nil {
		return err
	}
	return os.WriteFile(d.path, data, 0o600)
}

// update runs f on the state of one client and saves it.
func (d *fakeDriver) update(client string, f func([]string) ([]string, error)) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	st, err := d.load()
	if err != nil {
		return err
	}
	secrets, ok := st[client]
	if !ok {
		return driver.Refuse(unified.NotFound, "", "no client %s", client)
	}
	if st[client], err = f(secrets); err != nil {
		return err
	}
	return d.save(st)
}

func (d *fakeDriver) Info() driver.Info {
	return driver.Info{Vendor: fakeName, MaxIDLength: 64, MaxSecrets: 2}
}

func (d *fakeDriver) Close() error { return nil }

func secretOf(client, id string) unified.Credential {
	return unified.Credential{Vendor: fakeName, ClientID: client, ID: id, Kind: unified.KindClientSecret, Status: unified.StatusActive}
}

func (d *fakeDriver) ListSecrets(_ context.Context, client string) ([]unified.Credential, error) {
	var out []unified.Credential
	err := d.update(client, func(s []string) ([]string, error) {
		for _, id := range s {
			out = append(out, secretOf(client, id))
		}
		return s, nil
	})
	return out, err
}

func (d *fakeDriver) CreateSecret(_ context.Context, client string, _ unified.Secret) (unified.Credential, error) {
	var c unified.Credential
	err := d.update(client, func(s []string) ([]string, error) {
		if len(s) >= 2 {
			return nil, driver.Refuse(unified.FailedPrecondition, unified.ReasonLimitReached, "two secrets already")
		}
		id := fmt.Sprintf("sec%d", len(s)+1)
		for slices.Contains(s, id) {
			id += "b"
		}
		c = secretOf(client, id)
		c.Secret = unified.NewSecret("fake-secret-value-" + id)
		return append(s, id), nil
	})
	return c, err
}

func (d *fakeDriver) RevokeSecret(_ context.Context, ref unified.CredentialRef) error {
	return d.update(ref.ClientID, func(s []string) ([]string, error) {
		if len(s) == 1 && s[0] == ref.ID {
			return nil, driver.Refuse(unified.FailedPrecondition, unified.ReasonOnlyActiveSecret, "the only secret")
		}
		return removeID(s, ref.ID), nil
	})
}

func (d *fakeDriver) RotateSecret(ctx context.Context, client string, _ *unified.RotateOptions) (*unified.Rotation, error) {
	held, err := d.ListSecrets(ctx, client)
	if err != nil {
		return nil, err
	}
	if len(held) != 1 {
		return nil, driver.Refuse(unified.FailedPrecondition, unified.ReasonRotationOpen, "a rotation is open")
	}
	c, err := d.CreateSecret(ctx, client, unified.Secret{})
	if err != nil {
		return nil, err
	}
	if broken := os.Getenv("FAKE_BREAK"); broken != "" {
		// The vendor acted; now the user's destination fails (a full
		// disk, a folder turned read-only): here, it becomes a folder.
		if err := os.Remove(broken); err != nil {
			return nil, err
		}
		if err := os.Mkdir(broken, 0o700); err != nil {
			return nil, err
		}
	}
	return &unified.Rotation{Vendor: fakeName, ClientID: client, NewClientID: client, New: c, Old: held[0].Ref()}, nil
}

func (d *fakeDriver) FinishRotation(_ context.Context, r *unified.Rotation) error {
	return d.update(r.ClientID, func(s []string) ([]string, error) {
		if !slices.Contains(s, r.New.ID) {
			return nil, driver.Refuse(unified.FailedPrecondition, unified.ReasonNewCredentialGone, "the new secret is gone")
		}
		return removeID(s, r.Old.ID), nil
	})
}

func (d *fakeDriver) ListClients(_ context.Context, yield func(unified.Client) bool) error {
	d.mu.Lock()
	st, err := d.load()
	d.mu.Unlock()
	if err != nil {
		return err
	}
	for id := range st {
		if !yield(unified.Client{Vendor: fakeName, ID: id, Name: id}) {
			return nil
		}
	}
	return nil
}

func removeID(s []string, id string) []string {
	var out []string
	for _, x := range s {
		if x != id {
			out = append(out, x)
		}
	}
	return out
}

// fakeCLI runs the test binary as credkit with the fake vendor registered.
func fakeCLI(t *testing.T, env []string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(append(os.Environ(), fakeVendorEnv+"=1"), env...)
	var out, errOut strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	code = 0
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		code = ee.ExitCode()
	} else {
		require.NoError(t, err)
	}
	return code, out.String(), errOut.String()
}

// Every command works against a vendor the CLI has never heard of: what
// it supports succeeds, what it lacks fails with a clear Unimplemented
// (exit 1), bad settings are usage errors (exit 2), and nothing panics.
func TestASixthVendorThroughTheRegistryAlone(t *testing.T) {
	state := filepath.Join(t.TempDir(), "fake.json")
	require.NoError(t, os.WriteFile(state, []byte(`{"c1":["sec1"],"c2":["sec1"]}`), 0o600))
	env := []string{"FAKE_STATE=" + state}

	code, stdout, stderr := fakeCLI(t, nil, "vendors")
	require.Equal(t, 0, code, stderr)
	require.Contains(t, stdout, "fakevendor")
	code, _, stderr = fakeCLI(t, nil, "secrets", "list", "--vendor", "fakevendor", "c1")
	require.Equal(t, 2, code)
	require.Contains(t, stderr, "set FAKE_STATE", "the refusal names the fake vendor's own variable")
	code, stdout, _ = fakeCLI(t, nil, "secrets", "list", "-h")
	require.Equal(t, 0, code)
	require.Contains(t, stdout, "--fake-state FILE")
	require.Regexp(t, `(?m)^  fakevendor +--fake-state \$FAKE_STATE$`, stdout)

	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"clients", "list", "--vendor", "FAKEVENDOR"}, 0, "c2"},
		{[]string{"secrets", "list", "--vendor", "fakevendor", "c1"}, 0, "sec1"},
		{[]string{"secrets", "create", "--vendor", "fakevendor", "c2"}, 0, "sec2"},
		{[]string{"secrets", "revoke", "--vendor", "fakevendor", "c2", "sec1"}, 0, "revoked"},
		{[]string{"secrets", "revoke", "--vendor", "fakevendor", "c2", "sec2"}, 1, "only active secret"},
		{[]string{"secrets", "regenerate", "--vendor", "fakevendor", "c1", "--show-secret"}, 1, "Unimplemented"},
		{[]string{"keys", "list", "--vendor", "fakevendor", "c1"}, 1, "Unimplemented"},
		{[]string{"keys", "generate", "--vendor", "fakevendor", "c1", "--years", "2"}, 1, "Unimplemented"},
		{[]string{"keys", "csr-generate", "--vendor", "fakevendor", "c1", "--cn", "x", "--out", filepath.Join(t.TempDir(), "csr.pem")}, 1, "Unimplemented"},
		{[]string{"tokens", "list", "--vendor", "fakevendor", "c1"}, 1, "Unimplemented"},
		{[]string{"tokens", "revoke", "--vendor", "fakevendor", "c1", "--all"}, 1, "Unimplemented"},
		{[]string{"audit", "--vendor", "fakevendor"}, 0, "c1"},
		{[]string{"secrets", "list", "--vendor", "fakevendor", "c1", "--demo"}, 2, "no demo simulator"},
	} {
		t.Run(strings.Join(c.args, " "), func(t *testing.T) {
			code, stdout, stderr := fakeCLI(t, env, c.args...)
			require.Equal(t, c.code, code, "%s%s", stdout, stderr)
			require.Contains(t, stdout+stderr, c.want)
			require.NotContains(t, stderr, "panic")
		})
	}

	// A rotation prints the command that finishes it, which runs as
	// printed; a journaled one finishes from the journal.
	code, _, stderr = fakeCLI(t, env, "secrets", "rotate", "--vendor", "fakevendor", "c1", "--show-secret")
	require.Equal(t, 0, code, stderr)
	_, finish, ok := strings.Cut(stderr, "finish: credkit ")
	require.True(t, ok, stderr)
	finish, _, _ = strings.Cut(finish, "\n")
	code, _, stderr = fakeCLI(t, env, strings.Fields(finish)...)
	require.Equal(t, 0, code, "%s: %s", finish, stderr)

	journal := filepath.Join(t.TempDir(), "rotations.json")
	code, _, stderr = fakeCLI(t, env, "secrets", "rotate", "--vendor", "fakevendor", "c1", "--state", journal, "--show-secret")
	require.Equal(t, 0, code, stderr)
	code, _, stderr = fakeCLI(t, env, "audit", "--vendor", "fakevendor", "--state", journal, "c1")
	require.Equal(t, 1, code, "an open rotation is a breach: %s", stderr)
	code, _, stderr = fakeCLI(t, env, "secrets", "finish", "--state", journal)
	require.Equal(t, 0, code, stderr)
	code, stdout, _ = fakeCLI(t, env, "secrets", "list", "--vendor", "fakevendor", "c1", "-o", "json")
	require.Equal(t, 0, code)
	require.Equal(t, 1, strings.Count(stdout, `"id"`), "one secret left after finishing: %s", stdout)
}

// When the only destination fails after the vendor acted, the new secret
// still reaches the user, on stderr as the last resort, with what to run
// next; the vendor holds it, so it is the one in force.
func TestASecretIsNeverLostToAFailingDestination(t *testing.T) {
	dir := t.TempDir()
	state := filepath.Join(dir, "fake.json")
	require.NoError(t, os.WriteFile(state, []byte(`{"c1":["sec1"]}`), 0o600))
	file := filepath.Join(dir, "secrets")
	code, _, stderr := fakeCLI(t, []string{"FAKE_STATE=" + state, "FAKE_BREAK=" + file},
		"secrets", "rotate", "--vendor", "fakevendor", "c1", "--secret-file", file)
	require.Equal(t, 1, code, stderr)
	require.Contains(t, stderr, "fake-secret-value-sec2", "the secret reaches the user")
	require.Contains(t, stderr, "no destination took the new secret")
	require.Contains(t, stderr, "finish: credkit secrets finish --vendor fakevendor c1 --old sec1 --new sec2")
	data, err := os.ReadFile(state)
	require.NoError(t, err)
	require.Contains(t, string(data), "sec2", "the vendor acted")
}
