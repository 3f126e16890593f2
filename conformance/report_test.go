package conformance

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"
)

// thingsResults checks a few interactions of the things spec, out of order;
// the 204 with a body fails (its policy is failed).
func thingsResults(t *testing.T) []Result {
	checker := NewChecker([]*Spec{things(t)}, failPolicies)
	list := exchange{url: "https://h/v1/things", code: 200, respHeaders: requestID, respBody: "[]"}
	return []Result{
		checker.Check("b.yaml", 1, exchange{url: "https://h/v1/things", code: 404, respBody: `{"code":"E"}`}.interaction()),
		checker.Check("b.yaml", 0, list.interaction()),
		checker.Check("a.yaml", 2, list.interaction()),
		checker.Check("a.yaml", 0, exchange{method: http.MethodDelete, url: "https://h/v1/things/abc", code: 204, respBody: "{}"}.interaction()),
		checker.Check("a.yaml", 1, exchange{url: "https://h/v2/other", code: 200}.interaction()),
	}
}

func TestNewReport(t *testing.T) {
	r := NewReport([]*Spec{things(t)}, thingsResults(t))
	require.Equal(t, Summary{Interactions: 5, Pass: 3, Fail: 1, Unmatched: 1, Cells: 8, CellsCovered: 2}, r.Summary)
	require.True(t, r.Failed())

	var order []string
	for _, res := range r.Interactions {
		order = append(order, res.File+"#"+string(rune('0'+res.Index)))
	}
	require.Equal(t, []string{"a.yaml#0", "a.yaml#2", "b.yaml#0", "b.yaml#1"}, order, "sorted by file and index")
	require.Len(t, r.Unmatched, 1)
	require.Equal(t, "a.yaml", r.Unmatched[0].File)

	require.Len(t, r.Specs, 1)
	cov := r.Specs[0]
	require.Equal(t, "things", cov.Name)
	require.Equal(t, 3, cov.Pass)
	require.Equal(t, 1, cov.Fail)
	rows := map[string][]Cell{}
	for _, op := range cov.Operations {
		rows[op.OperationID] = op.Cells
	}
	require.Equal(t, []Cell{{"200", 2, 0}, {"4XX", 1, 0}}, rows["listThings"], "a status counts in its range")
	require.Equal(t, []Cell{{"201", 0, 0}, {"400", 0, 0}}, rows["createThing"], "default has no cell")
	require.Equal(t, []Cell{{"204", 0, 1}}, rows["deleteThing"], "failing interactions cover nothing; they are counted as failures of the cell")
	require.Equal(t, "/things", cov.Operations[0].Path, "operations sorted by path, then method")
	require.Equal(t, []string{"GET", "POST"}, []string{cov.Operations[0].Method, cov.Operations[1].Method})
}

func TestNewReportEmpty(t *testing.T) {
	r := NewReport(bundled(t), nil)
	require.True(t, r.Failed(), "a report of nothing checked fails")
	require.Equal(t, []string{"no interaction matched a spec (0 unmatched): nothing was checked"}, r.Reasons())
	require.NotNil(t, r.Interactions)
	require.NotNil(t, r.Unmatched)
	names := make([]string, 0, len(r.Specs))
	for _, s := range r.Specs {
		names = append(names, s.Name)
	}
	require.Equal(t, []string{"auth0", "oauth2_token", "okta", "ory", "sailpoint", "vmwarecsp"}, names)
	for _, s := range r.Specs {
		require.Positive(t, s.Cells, s.Name)
		require.Zero(t, s.CellsCovered, s.Name)
	}
}

func TestNewReportStrictUnmatchedIsAFailure(t *testing.T) {
	strict := NewChecker([]*Spec{things(t)}, &Options{Strict: true})
	r := NewReport(strict.Specs(), []Result{strict.Check("x.yaml", 0, exchange{url: "https://h/v2/other", code: 200}.interaction())})
	require.Equal(t, Summary{Interactions: 1, Fail: 1, Cells: 8}, r.Summary)
	require.Empty(t, r.Unmatched)
	require.Zero(t, r.Specs[0].Fail, "a failure that reached no spec is nobody's")
}
