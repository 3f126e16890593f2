package reliability

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestCyclicSpecExitsTwo: `credkit conformance --spec` with a schema that
// refers to itself through allOf (which overflowed the stack) exits 2 with
// one line naming the schema; a legitimately recursive spec loads.
func TestCyclicSpecExitsTwo(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the credkit command")
	}
	dir := t.TempDir()
	bin := buildCredkit(t)
	write := func(name, schemas string) string {
		path := filepath.Join(dir, name)
		spec := `openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /x:
    get:
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Node"}
components:
  schemas:
` + schemas
		require.NoError(t, os.WriteFile(path, []byte(spec), 0o600))
		return path
	}
	cases := []struct {
		name, schemas string
		code          int
		stderr        string
	}{
		{"self.yaml", "    Node:\n      allOf: [{$ref: \"#/components/schemas/Node\"}]\n", 2, "schema Node refers to itself through allOf Node"},
		{"tree.yaml", "    Node:\n      type: object\n      properties:\n        children: {type: array, items: {$ref: \"#/components/schemas/Node\"}}\n", 0, ""},
	}
	// A recording whose body nests Node three deep: the recursive schema
	// must load and validate it.
	cassette := filepath.Join(dir, "tree_cassette.yaml")
	require.NoError(t, os.WriteFile(cassette, []byte(`version: 2
interactions:
- id: 0
  request:
    method: GET
    url: https://api.example.test/x
    headers: {}
    body: ""
  response:
    code: 200
    status: 200 OK
    headers:
      Content-Type: [application/json]
    body: '{"children":[{"children":[{"children":[]}]}]}'
`), 0o600))
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cmd := exec.Command(bin, "conformance", "--spec", write(c.name, c.schemas), cassette)
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			err := cmd.Run()
			code := 0
			var ee *exec.ExitError
			if errors.As(err, &ee) {
				code = ee.ExitCode()
			}
			require.Equal(t, c.code, code, stderr.String())
			if c.stderr != "" {
				require.Contains(t, stderr.String(), c.stderr)
				require.Equal(t, 1, strings.Count(strings.TrimSpace(stderr.String()), "\n")+1, "one line: %s", stderr.String())
			}
		})
	}
}
