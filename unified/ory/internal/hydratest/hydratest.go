// Package hydratest runs a real Ory Hydra for tests: the binary that
// `make hydra` builds from the pinned module in servers/hydra, on loopback
// ports chosen at run time, with in-memory storage (DSN=memory) and
// `serve all --dev`, stopped by its process ID.
//
// A package's tests share one server (Shared, stopped by Main after the
// tests); a test that needs its own, to kill or restart it, takes Start.
// Where the binary is missing a test skips and says how to build it; under
// CI (the CI variable set) it fails instead, since CI builds it.
//
// # Errors
//
// Start, Shared and Main report failures through the testing value they
// are given (Fatal, or Skip outside CI); NewServer returns an error
// naming what failed (no binary, the process ended, not ready in time),
// with the end of the server's output. There is nothing to reach with As.
package hydratest

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
)

// BinaryEnv names the variable that points at a Hydra binary built
// elsewhere; by default the tests look for servers/hydra/bin/hydra above
// their working directory.
const BinaryEnv = "CREDKIT_HYDRA"

// buildHint says how to get the binary.
const buildHint = "build it with `make hydra` (the first build takes minutes), or point " + BinaryEnv + " at a Hydra v2.3.0 built with -tags sqlite"

// ErrNoBinary is the cause of NewServer's error when no binary is found.
var ErrNoBinary = errors.New("no Ory Hydra binary")

// Binary finds the Hydra binary: $CREDKIT_HYDRA, else
// servers/hydra/bin/hydra in the working directory or a parent of it.
func Binary() (string, error) {
	if p := os.Getenv(BinaryEnv); p != "" {
		if _, err := os.Stat(p); err != nil {
			return "", fmt.Errorf("%w: %s=%s: %w", ErrNoBinary, BinaryEnv, p, err)
		}
		return p, nil
	}
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		p := filepath.Join(dir, "servers", "hydra", "bin", "hydra")
		if st, err := os.Stat(p); err == nil && st.Mode().IsRegular() {
			return p, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("%w: servers/hydra/bin/hydra is in no parent of the working directory", ErrNoBinary)
		}
		dir = parent
	}
}

// Start starts a Hydra of the test's own, stopped when the test ends. It
// skips the test when there is no binary, or fails it under CI.
func Start(t testing.TB) *Server {
	t.Helper()
	s, err := NewServer(context.Background(), nil)
	if err != nil {
		fail(t, err)
	}
	t.Cleanup(func() {
		if err := s.Stop(); err != nil {
			t.Errorf("stopping Hydra: %v", err)
		}
	})
	return s
}

// shared is the package's one Hydra, started by the first Shared.
var shared struct {
	once sync.Once
	srv  *Server
	err  error
}

// Shared returns the package's Hydra, started on first use; Main stops
// it. Tests sharing it must not assume what other tests created: each
// makes its own clients.
func Shared(t testing.TB) *Server {
	t.Helper()
	shared.once.Do(func() { shared.srv, shared.err = NewServer(context.Background(), nil) })
	if shared.err != nil {
		fail(t, shared.err)
	}
	return shared.srv
}

// Main runs the package's tests, then stops the shared Hydra if one was
// started. Call it from TestMain: os.Exit(hydratest.Main(m)).
func Main(m *testing.M) int {
	code := m.Run()
	if shared.srv != nil {
		if err := shared.srv.Stop(); err != nil {
			fmt.Fprintln(os.Stderr, "hydratest: stopping the shared Hydra:", err)
			if code == 0 {
				code = 1
			}
		}
	}
	return code
}

// fail skips the test for a missing binary outside CI, and fails it
// otherwise.
func fail(t testing.TB, err error) {
	t.Helper()
	switch {
	case errors.Is(err, ErrNoBinary) && os.Getenv("CI") == "":
		t.Skipf("SKIPPED: %v; %s (under CI this fails)", err, buildHint)
	case errors.Is(err, ErrNoBinary):
		t.Fatalf("%v; %s (.ci/run does: make hydra)", err, buildHint)
	default:
		t.Fatalf("starting Hydra: %v", err)
	}
}
