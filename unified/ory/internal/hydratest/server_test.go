package hydratest

import (
	"context"
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestServerServesOnLoopbackAndStopsByPID(t *testing.T) {
	s := Start(t)
	for _, url := range []string{s.AdminURL + "/health/ready", s.PublicURL + "/health/alive", s.AdminURL + "/admin/clients"} {
		resp, err := http.Get(url) //nolint:gosec // G107: the test server's own loopback URLs
		require.NoError(t, err)
		resp.Body.Close()
		require.Equal(t, http.StatusOK, resp.StatusCode, url)
	}
	require.NoError(t, s.Stop())
	select {
	case <-s.Done():
	default:
		t.Fatal("Stop returned before the process ended")
	}
	resp, err := http.Get(s.AdminURL + "/health/ready")
	if err == nil {
		resp.Body.Close()
	}
	require.Error(t, err, "nothing listens once stopped")
	require.NoError(t, s.Stop(), "stopping twice is harmless")
}

func TestSharedStartsOnce(t *testing.T) {
	a, b := Shared(t), Shared(t)
	require.Same(t, a, b)
	resp, err := http.Get(a.AdminURL + "/health/ready")
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode)
}

func TestAServerThatEndsIsNotWaitedFor(t *testing.T) {
	bin := filepath.Join(t.TempDir(), "hydra")
	require.NoError(t, os.WriteFile(bin, []byte("#!/bin/sh\necho no database >&2\nexit 3\n"), 0o755))
	t.Setenv(BinaryEnv, bin)
	_, err := NewServer(context.Background(), &Options{ReadyWithin: time.Hour})
	require.ErrorContains(t, err, "ended before it was ready", "an ended process is not polled until the deadline, which says \"was not ready\"")
	require.ErrorContains(t, err, "no database", "the error quotes the server's output")
}

func TestAServerNeverReadyIsStoppedAtTheDeadline(t *testing.T) {
	bin := filepath.Join(t.TempDir(), "hydra")
	require.NoError(t, os.WriteFile(bin, []byte("#!/bin/sh\nexec sleep 600\n"), 0o755))
	t.Setenv(BinaryEnv, bin)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := NewServer(ctx, nil)
	require.ErrorIs(t, err, context.Canceled)
	require.ErrorContains(t, err, "was not ready")
}
