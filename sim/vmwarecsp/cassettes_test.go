package vmwarecsp

import (
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/credkit/credkit/conformance"
)

const cassetteDir = "../../cassettes/vmwarecsp"

// clientCredentialPaths are the token endpoints outside the spec.
var clientCredentialPaths = map[string]bool{
	"/csp/gateway/am/api/auth/authorize": true,
	"/csp/gateway/am/api/auth/token":     true,
}

// TestCassettesConform checks every recorded interaction against the spec
// and requires the recordings to cover every operation × documented status.
func TestCassettesConform(t *testing.T) {
	paths, err := conformance.FindCassettes(cassetteDir)
	require.NoError(t, err)
	require.NotEmpty(t, paths)
	covered := map[string]bool{}
	for _, path := range paths {
		c, err := conformance.LoadCassette(path)
		require.NoError(t, err)
		for i, in := range c.Interactions {
			res := specChecker(t).Check(path, i, in)
			switch res.Outcome {
			case conformance.Pass:
				if filepath.Dir(path) == cassetteDir { // the simulator's recordings only, not clients/
					covered[cell(res.OperationID, res.Status)] = true
				}
			case conformance.Unmatched:
				u, err := url.Parse(res.URL)
				require.NoError(t, err)
				require.True(t, clientCredentialPaths[u.Path], "%s #%d: %s is in no spec", path, i, res.URL)
			default:
				t.Errorf("%s #%d: %s %s -> %d (%s): %v", path, i, res.Method, res.URL, res.Status, res.OperationID, res.Problems)
			}
		}
	}
	all := documentedCells(t)
	var missing []string
	for _, c := range all {
		if !covered[c] {
			missing = append(missing, c)
		}
	}
	t.Logf("coverage: %d of %d operation × status cells", len(all)-len(missing), len(all))
	require.Empty(t, missing, "cells no cassette covers")
}

func cell(operationID string, status int) string { return fmt.Sprintf("%s %d", operationID, status) }

// documentedCells lists every operation × documented status of the spec.
func documentedCells(t *testing.T) []string {
	var out []string
	for _, s := range specChecker(t).Specs() {
		if s.Name != "vmwarecsp" {
			continue
		}
		for _, item := range s.Doc.Paths.Map() {
			for _, op := range item.Operations() {
				for code := range op.Responses.Map() {
					status, err := strconv.Atoi(code)
					require.NoError(t, err, "only numeric statuses are documented")
					out = append(out, cell(op.OperationID, status))
				}
			}
		}
	}
	require.NotEmpty(t, out)
	sort.Strings(out)
	return out
}

// TestCassettesHoldNothingLive scans the recordings for values that must
// have been redacted: the simulator's API token, the scenarios' secrets,
// credentials in headers, the live host.
func TestCassettesHoldNothingLive(t *testing.T) {
	paths, err := conformance.FindCassettes(cassetteDir)
	require.NoError(t, err)
	for _, path := range paths {
		data, err := os.ReadFile(path)
		require.NoError(t, err)
		text := string(data)
		for _, live := range []string{DefaultAPIToken, newSecret, otherSecret, "Sc3nario-Secret!", "127.0.0.1", "localhost"} {
			require.NotContains(t, text, live, path)
		}
		c, err := conformance.LoadCassette(path)
		require.NoError(t, err)
		for i, in := range c.Interactions {
			for _, name := range []string{"Authorization", "Csp-Auth-Token"} {
				for _, v := range in.Request.Headers.Values(name) {
					require.True(t, v == "REDACTED" || strings.HasSuffix(v, " REDACTED"), "%s #%d: %s is not redacted", path, i, name)
				}
			}
		}
	}
}
