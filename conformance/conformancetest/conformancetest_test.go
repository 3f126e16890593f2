package conformancetest

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/credkit/credkit/conformance"
)

// recorder is a test whose end the test under test controls, so that a
// failure it reports can be seen rather than failing this test.
type recorder struct {
	testing.TB
	errors   []string
	cleanups []func()
}

func (r *recorder) Helper()                   {}
func (r *recorder) Cleanup(f func())          { r.cleanups = append(r.cleanups, f) }
func (r *recorder) Errorf(f string, a ...any) { r.errors = append(r.errors, fmt.Sprintf(f, a...)) }
func (r *recorder) end() []string {
	for i := len(r.cleanups) - 1; i >= 0; i-- {
		r.cleanups[i]()
	}
	return r.errors
}

// The transport fails the test for an answer its spec forbids, lets an
// exchange no spec has pass unless Options.Unmatched refuses it, and
// stays quiet for traffic that holds.
func TestTransport(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if strings.HasPrefix(r.URL.Path, "/api/v1/apps/") {
			_, _ = w.Write([]byte(`{"secrets": "not a list"}`))
			return
		}
		_, _ = w.Write([]byte(`{}`))
	}))
	t.Cleanup(srv.Close)
	refuseAll := &Options{Unmatched: func(conformance.Result) bool { return true }}
	for _, c := range []struct {
		name, path string
		opts       *Options
		want       string // in the failure; empty for none
	}{
		{"no spec has it", "/nowhere", nil, ""},
		{"no spec has it, refused", "/nowhere", refuseAll, "GET " + srv.URL + "/nowhere -> 200: no spec has it"},
		{"broken answer", "/api/v1/apps/0oa1/credentials/secrets", nil, "/api/v1/apps/0oa1/credentials/secrets -> 200"},
		{"no request", "", refuseAll, ""},
		{"own checker without specs", "/api/v1/apps/0oa1/credentials/secrets", &Options{Checker: conformance.NewChecker(nil, nil)}, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			rec := &recorder{TB: t}
			tr := Transport(rec, nil, c.opts)
			if c.opts == nil || c.opts.Checker == nil {
				require.Same(t, Checker(t), tr.Checker, "the bundled specs' checker, loaded once")
			} else {
				require.Same(t, c.opts.Checker, tr.Checker)
			}
			if c.path != "" {
				resp, err := (&http.Client{Transport: tr}).Get(srv.URL + c.path)
				require.NoError(t, err)
				resp.Body.Close()
			}
			errs := rec.end()
			if c.want == "" {
				require.Empty(t, errs)
				return
			}
			require.Len(t, errs, 1)
			require.Contains(t, errs[0], c.want)
		})
	}
}
