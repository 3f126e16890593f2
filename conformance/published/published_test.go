package published

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/credkit/credkit/conformance"
)

const root = "../testdata/published"

// published are the specs, with the recordings checked against each: the
// published ones where they exist, credkit's own otherwise.
var published = []struct {
	name, spec string
	recordings []string
	// minWarnings is a floor on what loading finds wrong: each of these
	// specs is refused by a strict validator, so finding nothing would
	// mean the checks stopped working.
	minWarnings int
}{
	{"okta", "okta/management-oneOfInheritance.yaml.gz", []string{root + "/okta/recordings", "../../cassettes/okta/realworld"}, 100},
	{"auth0", "auth0/management-api-oas.json.gz", []string{"../../cassettes/auth0/realworld"}, 0},
	{"sailpoint-v3", "sailpoint-v3/deref-sailpoint-api.v3.yaml.gz", []string{"../../cassettes/sailpoint/examples"}, 100},
	{"ory-hydra", "ory-hydra/api.json", nil, 1},
	{"ory-kratos", "ory-kratos/api.json", nil, 1},
}

func TestPublishedSpecsLoadAsPublished(t *testing.T) {
	for _, p := range published {
		t.Run(p.name, func(t *testing.T) {
			t.Parallel()
			s, err := conformance.LoadSpecFile(filepath.Join(root, p.spec))
			require.NoError(t, err)
			require.GreaterOrEqual(t, len(s.Warnings), p.minWarnings)
			for _, w := range s.Warnings {
				require.True(t, strings.HasPrefix(w.Path, "#/"), "a warning names its place in the spec: %s", w)
				require.NotContains(t, w.Message, "\n", "a warning is one line: %s", w)
				require.LessOrEqual(t, len(w.Message), 600, "a warning is cut to a sane length: %s", w)
			}
			if len(p.recordings) == 0 {
				return
			}
			report, err := conformance.Run(context.Background(), conformance.NewChecker([]*conformance.Spec{s}, nil), nil, p.recordings...)
			require.NoError(t, err)
			require.Empty(t, report.Errors)
			require.Positive(t, report.Summary.Pass+report.Summary.Fail)
			for _, r := range report.Interactions {
				for _, pr := range r.Problems {
					require.NotContains(t, pr.Message, "doesn't match all schemas", "%s: a failure names the field", pr)
					require.NotContains(t, pr.Message, "doesn't match any schema", "%s: a failure names the field", pr)
					require.NotContains(t, pr.Message, "regular expression", "%s: no regex dumps", pr)
					require.NotContains(t, pr.Message, "\n", "%s: one line", pr)
					require.LessOrEqual(t, len(pr.Message), 400, "%s: a sane length", pr)
				}
			}
			t.Logf("%s: %d warnings; %+v", p.name, len(s.Warnings), report.Summary)
			if testing.Verbose() {
				for _, r := range report.Interactions {
					for _, pr := range r.Problems {
						t.Logf("  %s %s %d: %s", r.Method, r.Path, r.Status, pr)
					}
				}
			}
		})
	}
}
