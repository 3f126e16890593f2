package specdrift

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestCutAndLoadPaths cuts a split upstream spec (a root referring to a
// path file referring to a schema file) to credkit's one path.
func TestCutAndLoadPaths(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) {
		require.NoError(t, os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o755))
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644))
	}
	write("root.yaml", `openapi: 3.0.3
info: {title: up, version: '1'}
paths:
  /things/{id}:
    $ref: ./paths/thing.yaml
  /others:
    $ref: ./paths/missing-and-never-read.yaml
components:
  schemas:
    Unused: {type: string}
`)
	write("paths/thing.yaml", `get:
  parameters:
    - {name: id, in: path, required: true, schema: {type: string}}
  responses:
    '200':
      description: ok
      content:
        application/json:
          schema:
            $ref: ../schemas/Thing.yaml
`)
	write("schemas/Thing.yaml", "type: object\nproperties:\n  id: {type: string}\n")
	ours := loadData(t, replace(driftBase, "%s/things", "/api/things"))
	up, err := LoadPaths(filepath.Join(dir, "root.yaml"), Wanted(ours, "/api"))
	require.NoError(t, err)
	snapshot, err := Cut(ours, up, "/api")
	require.NoError(t, err)
	var doc map[string]any
	require.NoError(t, json.Unmarshal(snapshot, &doc))
	require.Len(t, doc["paths"], 1)
	require.NotContains(t, string(snapshot), "Unused", "components nothing kept refers to are dropped")
	require.NotContains(t, string(snapshot), ".yaml", "every reference is internal")
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	require.Len(t, entries, 3, "the trimmed root is removed")

	snapPath := filepath.Join(dir, "openapi.json")
	require.NoError(t, os.WriteFile(snapPath, snapshot, 0o644))
	again, err := Load(snapPath)
	require.NoError(t, err)
	diffs := Compare("v", ours, again, "/api")
	require.NotEmpty(t, diffs, "the snapshot is compared like the original")

	_, err = Cut(ours, loadData(t, "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\n"), "/api")
	require.ErrorContains(t, err, "none of credkit's paths")
}
