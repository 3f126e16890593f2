// Package recording opens go-vcr cassettes for credkit's scenario tests: a
// normal test run replays a cassette and fails on any request it holds no
// recording for; with CREDKIT_RECORD=1 (make cassettes) the scenario runs
// against a live target (a simulator, or a real tenant) and the cassette is
// written anew, redacted before it reaches the disk.
//
// # Errors
//
// Start fails the test (t.Fatal) when a cassette cannot be opened: a missing
// cassette in replay mode names the make target that records it.
package recording

import (
	"errors"
	"io/fs"
	"net/http"
	"os"
	"testing"

	"gopkg.in/dnaeon/go-vcr.v3/cassette"
	"gopkg.in/dnaeon/go-vcr.v3/recorder"
)

// EnvRecord is the environment variable that switches scenarios to
// recording; "1" records.
const EnvRecord = "CREDKIT_RECORD"

// Recording reports whether scenarios record instead of replaying.
func Recording() bool { return os.Getenv(EnvRecord) == "1" }

// Config says where a scenario's cassette lives and what it talks to.
type Config struct {
	// Cassette is the cassette's path without ".yaml".
	Cassette string
	// Placeholder is the base URL written into the cassette in place of the
	// live one, and the base URL scenarios use when replaying, for example
	// "https://okta.example.test".
	Placeholder string
	// Live returns the live base URL; it is called only when recording, so
	// that replaying starts no server.
	Live func(t testing.TB) string
	// Secrets are literal values (API tokens, client secrets) to scrub from
	// every part of the cassette, wherever they appear.
	Secrets []string
	// Rename maps live values that are not secret but differ between
	// tenants (a CSP organization ID in every URL) to the stand-ins that
	// scenarios use when replaying, so that a tenant's recording replays
	// without the tenant's settings.
	Rename map[string]string
}

// Session is an open cassette: scenarios send their requests through Client
// to BaseURL.
type Session struct {
	Client  *http.Client
	BaseURL string
	rec     *recorder.Recorder
}

// Start opens cfg.Cassette for t and stops it (saving when recording) when
// t ends.
func Start(t testing.TB, cfg Config) *Session {
	t.Helper()
	mode, base := recorder.ModeReplayOnly, cfg.Placeholder
	if Recording() {
		mode, base = recorder.ModeRecordOnly, cfg.Live(t)
	} else if _, err := os.Stat(cfg.Cassette + ".yaml"); errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("cassette %s.yaml is missing: record it with 'make cassettes'", cfg.Cassette)
	}
	rec, err := recorder.NewWithOptions(&recorder.Options{
		CassetteName:       cfg.Cassette,
		Mode:               mode,
		RealTransport:      http.DefaultTransport,
		SkipRequestLatency: true,
	})
	if err != nil {
		t.Fatalf("opening cassette %s: %v", cfg.Cassette, err)
	}
	red := newRedactor(base, cfg.Placeholder, cfg.Secrets, cfg.Rename)
	rec.AddHook(red.hook, recorder.BeforeSaveHook)
	rec.SetMatcher(matchMethodAndURL)
	t.Cleanup(func() {
		if err := rec.Stop(); err != nil {
			t.Errorf("saving cassette %s: %v", cfg.Cassette, err)
		}
	})
	return &Session{Client: rec.GetDefaultClient(), BaseURL: base, rec: rec}
}

// matchMethodAndURL pairs a replayed request with the first unreplayed
// recording of the same method and URL, so a scenario replays in order.
func matchMethodAndURL(r *http.Request, i cassette.Request) bool {
	return r.Method == i.Method && r.URL.String() == i.URL
}
