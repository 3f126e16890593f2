package specdrift

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"regexp"
	"strings"
)

// Source says where a snapshot was cut from. Its file holds "name: value"
// lines (repo, path, commit, prefix) and any comment lines starting with #,
// which WriteSource keeps.
type Source struct {
	Repo   string // owner/name on GitHub
	Path   string // the published spec's root file in the repository
	Commit string // the full commit the snapshot was cut at
	Prefix string // what credkit's paths have before upstream's (Auth0: /api/v2)
	lines  []string
}

var commitPattern = regexp.MustCompile(`^[0-9a-f]{40}$`)

// ReadSource reads and checks a SOURCE file.
func ReadSource(path string) (Source, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return Source{}, err
	}
	var s Source
	sc := bufio.NewScanner(bytes.NewReader(data))
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		s.lines = append(s.lines, line)
		if strings.HasPrefix(line, "#") || strings.TrimSpace(line) == "" {
			continue
		}
		name, value, ok := strings.Cut(line, ":")
		if !ok {
			return Source{}, fmt.Errorf("%s:%d: want \"name: value\", got %q", path, n, line)
		}
		value = strings.TrimSpace(value)
		switch strings.TrimSpace(name) {
		case "repo":
			s.Repo = value
		case "path":
			s.Path = value
		case "commit":
			s.Commit = value
		case "prefix":
			s.Prefix = value
		default:
			return Source{}, fmt.Errorf("%s:%d: unknown field %q (repo, path, commit, prefix)", path, n, name)
		}
	}
	switch {
	case s.Repo == "" || s.Path == "":
		return Source{}, fmt.Errorf("%s: repo and path are required", path)
	case !commitPattern.MatchString(s.Commit):
		return Source{}, fmt.Errorf("%s: commit %q is not a full 40-digit commit", path, s.Commit)
	}
	return s, nil
}

// WriteSource writes s back, its commit line replaced.
func WriteSource(path string, s Source) error {
	if !commitPattern.MatchString(s.Commit) {
		return fmt.Errorf("commit %q is not a full 40-digit commit", s.Commit)
	}
	var b strings.Builder
	for _, line := range s.lines {
		if name, _, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(name) == "commit" && !strings.HasPrefix(line, "#") {
			line = "commit: " + s.Commit
		}
		b.WriteString(line + "\n")
	}
	return os.WriteFile(path, []byte(b.String()), 0o644) //nolint:gosec // a source file committed to the repository, world-readable like any checked-out file
}

// NewSource is the SOURCE of a vendor's first snapshot, its commit still to
// be set: a comment saying what it is, then repo, path, commit and prefix.
func NewSource(vendor, repo, path, prefix string) Source {
	return Source{Repo: repo, Path: path, Prefix: prefix, lines: []string{
		fmt.Sprintf("# %s's published spec, cut by `go run ./specs/drift -cut %s` to the path", vendor, vendor),
		fmt.Sprintf("# items of the operations specs/%s.yaml describes. How to bump:", vendor),
		"# specs/upstream/README.md.",
		"repo: " + repo,
		"path: " + path,
		"commit: ",
		strings.TrimSpace("prefix: " + prefix),
	}}
}
