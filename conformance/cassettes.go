package conformance

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"gopkg.in/dnaeon/go-vcr.v3/cassette"
)

// Cassette is one loaded go-vcr cassette and the file it came from.
type Cassette struct {
	Path string
	*cassette.Cassette
}

// FindCassettes expands paths into the cassette files they name: a file is
// taken as it is, a directory is walked for *.yaml files (go-vcr names its
// cassettes so). The result is sorted and has no duplicates.
func FindCassettes(paths ...string) ([]string, error) {
	seen := map[string]bool{}
	var out []string
	add := func(p string) {
		if !seen[p] {
			seen[p] = true
			out = append(out, p)
		}
	}
	for _, root := range paths {
		info, err := os.Stat(root)
		if err != nil {
			return nil, fmt.Errorf("cassettes: %w", err)
		}
		if !info.IsDir() {
			add(root)
			continue
		}
		err = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if !d.IsDir() && strings.HasSuffix(p, ".yaml") {
				add(p)
			}
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("cassettes: %w", err)
		}
	}
	sort.Strings(out)
	return out, nil
}

// LoadCassette reads one go-vcr (v2 format) cassette file. It refuses a
// file that does not parse, and one with an empty entry in its
// interactions (a YAML null, as "interactions: [~]" has), naming the entry:
// every interaction of a loaded cassette is non-nil.
func LoadCassette(path string) (*Cassette, error) {
	if filepath.Ext(path) != ".yaml" {
		return nil, fmt.Errorf("cassette %s: a cassette file must end in .yaml", path)
	}
	// cassette.Load takes the name without the extension it appends.
	c, err := cassette.Load(strings.TrimSuffix(path, ".yaml"))
	if err != nil {
		return nil, fmt.Errorf("cassette %s: %w", path, err)
	}
	for i, in := range c.Interactions {
		if in == nil {
			return nil, fmt.Errorf("cassette %s: interaction %d is null: every entry of interactions needs a request and a response", path, i)
		}
	}
	return &Cassette{Path: path, Cassette: c}, nil
}
