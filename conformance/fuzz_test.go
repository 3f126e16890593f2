package conformance_test

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"
	"gopkg.in/dnaeon/go-vcr.v3/cassette"

	"github.com/credkit/credkit/conformance"
)

// fuzzChecker is built once per process: loading the specs is the slow part.
var fuzzChecker = sync.OnceValues(func() (*conformance.Checker, error) {
	specs, err := conformance.BundledSpecs()
	if err != nil {
		return nil, err
	}
	return conformance.NewChecker(specs, nil), nil
})

// FuzzCassetteCheck feeds cassette files to LoadCassette and every
// interaction that loads to Checker.Check. Nothing may panic, and every
// result must be well formed: a known Outcome, problems exactly when it
// fails, and the interaction's own index, method and status. The seed
// corpus comes from every cassette under ../cassettes: its first
// interaction, and each with a verdict not seen before, as a
// one-interaction cassette; plus a few broken files.
func FuzzCassetteCheck(f *testing.F) {
	checker, err := fuzzChecker()
	require.NoError(f, err)
	files, err := conformance.FindCassettes("../cassettes")
	require.NoError(f, err)
	require.NotEmpty(f, files)
	seeds, interactions := 0, 0
	tmp := f.TempDir()
	seen := map[string]bool{}
	for _, file := range files {
		c, err := conformance.LoadCassette(file)
		require.NoError(f, err)
		for i, in := range c.Interactions {
			interactions++
			// The first interaction of every cassette, and every one with
			// a verdict (operation, status, outcome) not seen before: the
			// rest repeat what the fuzzer has.
			res := checker.Check(file, i, in)
			key := fmt.Sprint(res.Spec, res.OperationID, res.Status, res.Outcome)
			if seen[key] && i > 0 {
				continue
			}
			seen[key] = true
			one := cassette.New(filepath.Join(tmp, "seed"))
			one.AddInteraction(in)
			require.NoError(f, one.Save())
			data, err := os.ReadFile(one.File)
			require.NoError(f, err)
			f.Add(data)
			seeds++
		}
	}
	for _, broken := range []string{
		"",
		"version: 2\n",
		"version: 1\ninteractions: []\n",
		"version: 2\ninteractions:\n  - id: 0\n",
		"version: 2\ninteractions:\n  - request: {method: GET, url: '%zz'}\n    response: {code: 200}\n",
		"version: 2\ninteractions:\n  - request: {method: '', url: 'https://acme.okta.com/api/v1/apps/0oa1/credentials/secrets'}\n    response: {code: -1, body: '{'}\n",
		"version: 2\ninteractions:\n  - request: {method: POST, url: 'https://acme.okta.com/api/v1/apps/0oa1/credentials/secrets', headers: {content-type: [application/json]}, body: '{\"client_secret\": 1'}\n    response: {code: 201, headers: {Content-Type: [application/json]}, body: '[]'}\n",
		"version: 2\ninteractions: {a: b}\n",
		"version: 2\ninteractions: [~]\n",
		"\t\x00",
	} {
		f.Add([]byte(broken))
	}
	f.Logf("FuzzCassetteCheck: %d seeds from the %d interactions of %d cassettes", seeds, interactions, len(files))

	path := filepath.Join(f.TempDir(), "fuzzed.yaml") // one file per fuzzing process, rewritten each time
	outcomes := []conformance.Outcome{conformance.Pass, conformance.Fail, conformance.Unmatched}
	f.Fuzz(func(t *testing.T, data []byte) {
		require.NoError(t, os.WriteFile(path, data, 0o600))
		c, err := conformance.LoadCassette(path)
		if err != nil {
			return // refusing a broken file is fine; panicking is not
		}
		for i, in := range c.Interactions {
			require.NotNil(t, in, "LoadCassette refuses a null interaction")
			res := checker.Check(c.Path, i, in)
			require.True(t, slices.Contains(outcomes, res.Outcome), "outcome %q", res.Outcome)
			require.Equal(t, res.Outcome == conformance.Fail, len(res.Problems) > 0, "problems exactly when it fails: %+v", res)
			require.Equal(t, i, res.Index)
			require.Equal(t, in.Request.Method, res.Method)
			require.Equal(t, in.Response.Code, res.Status)
			for _, p := range res.Problems {
				require.NotEmpty(t, p.Message, "every problem says what is wrong")
			}
		}
	})
}
