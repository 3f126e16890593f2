package specs_test

import (
	"bufio"
	"bytes"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// orySourceKinds are the kinds ory_sources.md may give a claim.
var orySourceKinds = map[string]bool{"vendor-spec": true, "server": true, "source": true, "inferred": true}

// orySources parses the rows of ory_sources.md: | `claim` | kind | source |.
func orySources(t *testing.T, data []byte) map[string][2]string {
	t.Helper()
	out := map[string][2]string{}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		cells := strings.Split(strings.Trim(strings.TrimSpace(sc.Text()), "|"), "|")
		if len(cells) < 3 || !strings.HasPrefix(strings.TrimSpace(cells[0]), "`") {
			continue
		}
		claim := strings.Trim(strings.TrimSpace(cells[0]), "`")
		kind, source := strings.TrimSpace(cells[1]), strings.TrimSpace(strings.Join(cells[2:], "|"))
		_, dup := out[claim]
		require.False(t, dup, "%s has two rows", claim)
		require.True(t, orySourceKinds[kind], "%s: unknown kind %q", claim, kind)
		require.NotEmpty(t, source, "%s: no source", claim)
		out[claim] = [2]string{kind, source}
	}
	require.NoError(t, sc.Err())
	return out
}

// oryMismatch lists the claims of ory.yaml without a row, and the rows
// naming what ory.yaml lacks.
func oryMismatch(claimed []string, sources map[string][2]string) (missing, extra []string) {
	seen := map[string]bool{}
	for _, c := range claimed {
		seen[c] = true
		if _, ok := sources[c]; !ok {
			missing = append(missing, c)
		}
	}
	for c := range sources {
		if !seen[c] {
			extra = append(extra, c)
		}
	}
	sort.Strings(extra)
	return missing, extra
}

// TestOrySources requires a source for every claim of ory.yaml, and no
// row for a claim it does not make.
func TestOrySources(t *testing.T) {
	claimed := claims(loadSpec(t, "ory"))
	sources := orySources(t, mustRead(t, "ory_sources.md"))
	missing, extra := oryMismatch(claimed, sources)
	require.Empty(t, missing, "claims of ory.yaml with no row in ory_sources.md")
	require.Empty(t, extra, "rows of ory_sources.md naming nothing ory.yaml holds")
	counts := map[string]int{}
	for _, s := range sources {
		counts[s[0]]++
	}
	t.Logf("Ory claims by source kind: %v (%d in all)", counts, len(claimed))
}

// TestOrySourcesCatchDrift shows the check can fail: a row dropped and a
// row for an invented property are both noticed.
func TestOrySourcesCatchDrift(t *testing.T) {
	claimed := claims(loadSpec(t, "ory"))
	sources := orySources(t, mustRead(t, "ory_sources.md"))
	delete(sources, "schema:oAuth2Client/jwks")
	sources["schema:oAuth2Client/invented"] = [2]string{"inferred", "nothing"}
	missing, extra := oryMismatch(claimed, sources)
	require.Equal(t, []string{"schema:oAuth2Client/jwks"}, missing)
	require.Equal(t, []string{"schema:oAuth2Client/invented"}, extra)
}
