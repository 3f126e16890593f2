package okta_test

import (
	"fmt"
	"path/filepath"
	"slices"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/credkit/credkit/conformance"
	"github.com/credkit/credkit/conformance/conformancetest"
)

// TestOktaCassettes checks every interaction under cassettes/okta (the
// simulator's recordings and the real-world ones) against specs/okta.yaml,
// and requires that the simulator's recordings alone cover every operation
// × every documented status: the real-world ones are evidence, not a stand-in
// for a scenario.
func TestOktaCassettes(t *testing.T) {
	c := conformancetest.Checker(t)
	files, err := conformance.FindCassettes("../../cassettes/okta")
	require.NoError(t, err)
	require.NotEmpty(t, files)
	covered := map[string]bool{} // "operationId status"
	n := 0
	for _, f := range files {
		cas, err := conformance.LoadCassette(f)
		require.NoError(t, err)
		for i, in := range cas.Interactions {
			res := c.Check(f, i, in)
			n++
			if !assert.Equal(t, conformance.Pass, res.Outcome, "%s #%d %s %s -> %d: %v", f, i, res.Method, res.URL, res.Status, res.Problems) {
				continue
			}
			if filepath.Base(filepath.Dir(f)) != "realworld" {
				covered[fmt.Sprintf("%s %d", res.OperationID, res.Status)] = true
			}
		}
	}
	documented := oktaStatuses(t, c)
	var missing []string
	for _, cell := range documented {
		if !covered[cell] {
			missing = append(missing, cell)
		}
	}
	t.Logf("%d interactions in %d cassettes; coverage %d/%d operation × status cells",
		n, len(files), len(documented)-len(missing), len(documented))
	require.Empty(t, missing, "documented but never recorded")
}

// oktaStatuses lists "operationId status" for every documented response of
// the okta spec.
func oktaStatuses(t *testing.T, c *conformance.Checker) []string {
	var out []string
	for _, s := range c.Specs() {
		if s.Name != "okta" {
			continue
		}
		for _, item := range s.Doc.Paths.Map() {
			for _, op := range item.Operations() {
				for code := range op.Responses.Map() {
					status, err := strconv.Atoi(code)
					require.NoError(t, err, "%s documents %q", op.OperationID, code)
					out = append(out, fmt.Sprintf("%s %d", op.OperationID, status))
				}
			}
		}
	}
	require.NotEmpty(t, out, "the okta spec is bundled")
	slices.Sort(out)
	return out
}
