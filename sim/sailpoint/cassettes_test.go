package sailpoint

import (
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/credkit/credkit/conformance"
	"github.com/credkit/credkit/conformance/conformancetest"
)

const cassetteDir = "../../cassettes/sailpoint"

// TestCassettesConform replays every SailPoint cassette through the
// conformance checker: every /v3 interaction passes, the token endpoint's
// are unmatched, and together they cover every operation × documented
// status of the spec.
func TestCassettesConform(t *testing.T) {
	paths, err := conformance.FindCassettes(cassetteDir)
	require.NoError(t, err)
	require.NotEmpty(t, paths, "record them with CREDKIT_RECORD=1 go test ./sim/sailpoint/ -run Scenario")
	c := conformancetest.Checker(t)
	var results []conformance.Result
	for _, p := range paths {
		cas, err := conformance.LoadCassette(p)
		require.NoError(t, err)
		for i, in := range cas.Interactions {
			r := c.Check(p, i, in)
			require.Equal(t, conformance.Pass, r.Outcome, "%s#%d %s %s -> %d: %v", p, i, r.Method, r.URL, r.Status, r.Problems)
			if filepath.Dir(p) == cassetteDir { // coverage counts the simulator's recordings only, not clients/ or examples/
				results = append(results, r)
			}
		}
	}
	cells := specMatrix(t)
	covered(cells, results)
	require.Empty(t, missing(cells), "operation × status cells no cassette covers")
}

// TestCassettesHoldNoSecrets looks for anything live in the cassettes:
// the recording admin secret, 64-hex client secrets, bearer tokens.
func TestCassettesHoldNoSecrets(t *testing.T) {
	paths, err := conformance.FindCassettes(cassetteDir)
	require.NoError(t, err)
	live := []*regexp.Regexp{
		regexp.MustCompile(`\b[0-9a-f]{64}\b`),
		regexp.MustCompile(`Bearer [^R\s]`),
		regexp.MustCompile(`"(access_token|secret)":"[^R]`),
		regexp.MustCompile(`client_secret=[^R]`),
	}
	for _, p := range paths {
		data, err := os.ReadFile(p)
		require.NoError(t, err)
		require.NotContains(t, string(data), scenarioAdminSecret, p)
		require.NotContains(t, string(data), "127.0.0.1", p)
		for _, re := range live {
			require.Nil(t, re.Find(data), "%s holds %s", p, re)
		}
	}
}
