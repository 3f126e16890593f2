// Command drift prints every difference between credkit's specs and the
// vendors' published specs pinned in specs/upstream, for the operations
// credkit describes, and fails unless ERRATA.md explains each one.
//
//	go run ./specs/drift                      # every vendor with a snapshot (make specs-drift)
//	go run ./specs/drift -vendor auth0        # one vendor
//	go run ./specs/drift -cut okta -from FILE -commit SHA   # bump a snapshot
//
// Exit status: 0 every difference is explained and every key explains one;
// 1 a difference no key explains, or a key that explains nothing; 2 bad
// usage or a file that cannot be read.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/credkit/credkit/internal/specdrift"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	flags := flag.NewFlagSet("drift", flag.ContinueOnError)
	flags.SetOutput(stderr)
	dir := flags.String("specs", "specs", "the folder of credkit's specs, ERRATA.md and upstream/")
	vendor := flags.String("vendor", "", "compare this vendor only")
	cut := flags.String("cut", "", "write a new snapshot of this vendor from -from, pinned at -commit")
	from := flags.String("from", "", "with -cut: the vendor's published spec (its root file)")
	commit := flags.String("commit", "", "with -cut: the upstream commit -from was read at")
	repo := flags.String("repo", "", "with -cut of a vendor with no snapshot yet: the upstream repository (owner/name)")
	path := flags.String("path", "", "with -cut of a vendor with no snapshot yet: the published spec's root file in -repo")
	prefix := flags.String("prefix", "", "with -cut of a vendor with no snapshot yet: what credkit's paths have before upstream's")
	if err := flags.Parse(args); err != nil {
		return 2
	}
	if *cut != "" {
		if err := bump(*dir, *cut, *from, *commit, specdrift.Source{Repo: *repo, Path: *path, Prefix: *prefix}); err != nil {
			fmt.Fprintln(stderr, "drift:", err)
			return 2
		}
		fmt.Fprintf(stdout, "drift: wrote %s; run make specs-drift to see what changed\n", filepath.Join(*dir, "upstream", *cut))
		return 0
	}
	vendors, err := snapshotVendors(*dir, *vendor)
	if err != nil {
		fmt.Fprintln(stderr, "drift:", err)
		return 2
	}
	status, err := report(*dir, vendors, stdout)
	if err != nil {
		fmt.Fprintln(stderr, "drift:", err)
		return 2
	}
	return status
}

// snapshotVendors lists the vendors with a snapshot, or only only.
func snapshotVendors(dir, only string) ([]string, error) {
	entries, err := os.ReadDir(filepath.Join(dir, "upstream"))
	if err != nil {
		return nil, err
	}
	var out []string
	for _, e := range entries {
		if e.IsDir() && (only == "" || e.Name() == only) {
			out = append(out, e.Name())
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no snapshot in %s for %q", filepath.Join(dir, "upstream"), only)
	}
	sort.Strings(out)
	return out, nil
}

// report prints each vendor's differences with the key explaining each,
// then the unexplained ones and the stale keys, and returns the exit status.
func report(dir string, vendors []string, w io.Writer) (int, error) {
	f, err := os.Open(filepath.Join(dir, "ERRATA.md"))
	if err != nil {
		return 2, err
	}
	keys, err := specdrift.ParseKeys(f)
	_ = f.Close() // opened for reading only and read: a close error loses nothing
	if err != nil {
		return 2, err
	}
	var all []specdrift.Difference
	for _, v := range vendors {
		diffs, src, err := compareVendor(dir, v)
		if err != nil {
			return 2, err
		}
		fmt.Fprintf(w, "== %s: credkit's %s.yaml against %s@%s %s: %d differences\n", v, v, src.Repo, src.Commit, src.Path, len(diffs))
		all = append(all, diffs...)
	}
	explained, unused := specdrift.Explain(all, keysOf(keys, vendors))
	bad := 0
	for _, e := range explained {
		if e.By == nil {
			fmt.Fprintf(w, "UNEXPLAINED %s\n", e.Key)
			bad++
			continue
		}
		fmt.Fprintf(w, "explained   %s  (ERRATA.md:%d)\n", e.Key, e.By.Line)
	}
	for _, k := range unused {
		fmt.Fprintf(w, "STALE KEY   ERRATA.md:%d `%s` explains no difference\n", k.Line, k.Pattern)
		bad++
	}
	fmt.Fprintf(w, "TOTAL %d differences, %d explained by ERRATA.md, %d unexplained, %d stale keys\n",
		len(all), len(all)-(bad-len(unused)), bad-len(unused), len(unused))
	if bad > 0 {
		fmt.Fprintln(w, "drift: explain each UNEXPLAINED difference in ERRATA.md's drift section (or fix the spec), and delete STALE keys")
		return 1, nil
	}
	return 0, nil
}

// keysOf keeps the keys about the vendors compared.
func keysOf(keys []specdrift.Key, vendors []string) []specdrift.Key {
	var out []specdrift.Key
	for _, k := range keys {
		for _, v := range vendors {
			if strings.HasPrefix(k.Pattern, v+" ") || strings.HasPrefix(k.Pattern, "*") {
				out = append(out, k)
				break
			}
		}
	}
	return out
}

func compareVendor(dir, vendor string) ([]specdrift.Difference, specdrift.Source, error) {
	src, err := specdrift.ReadSource(filepath.Join(dir, "upstream", vendor, "SOURCE"))
	if err != nil {
		return nil, src, err
	}
	ours, err := specdrift.Load(filepath.Join(dir, vendor+".yaml"))
	if err != nil {
		return nil, src, err
	}
	theirs, err := specdrift.Load(filepath.Join(dir, "upstream", vendor, "openapi.json"))
	if err != nil {
		return nil, src, err
	}
	return specdrift.Compare(vendor, ours, theirs, src.Prefix), src, nil
}

// bump cuts a new snapshot of vendor from the published spec at from and
// records commit in its SOURCE. Any vendor credkit has a spec of
// (specs/<vendor>.yaml) can be cut: a vendor with no SOURCE yet gets one
// from fresh (repository, path and prefix), a vendor with one keeps it.
func bump(dir, vendor, from, commit string, fresh specdrift.Source) error {
	if from == "" || commit == "" {
		return errors.New("-cut needs -from (the published spec's root file) and -commit (the upstream commit)")
	}
	ours, err := specdrift.Load(filepath.Join(dir, vendor+".yaml"))
	if err != nil {
		return fmt.Errorf("-cut %s: credkit has no spec of that vendor: %w", vendor, err)
	}
	srcPath := filepath.Join(dir, "upstream", vendor, "SOURCE")
	src, err := specdrift.ReadSource(srcPath)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if fresh.Repo == "" || fresh.Path == "" {
			return fmt.Errorf("%s has no snapshot yet: -cut it with -repo (owner/name) and -path (the published spec's root file in it), and -prefix if credkit's paths have one upstream's lack", vendor)
		}
		src = specdrift.NewSource(vendor, fresh.Repo, fresh.Path, fresh.Prefix)
		if err := os.MkdirAll(filepath.Dir(srcPath), 0o755); err != nil { //nolint:gosec // a folder of the repository, world-readable like any checked-out one
			return err
		}
	case err != nil:
		return err
	case fresh.Repo != "" || fresh.Path != "" || fresh.Prefix != "":
		return fmt.Errorf("%s has a SOURCE already (%s): -repo, -path and -prefix are for a vendor's first snapshot; edit SOURCE to change them", vendor, srcPath)
	}
	upstream, err := specdrift.LoadPaths(from, specdrift.Wanted(ours, src.Prefix))
	if err != nil {
		return err
	}
	snapshot, err := specdrift.Cut(ours, upstream, src.Prefix)
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "upstream", vendor, "openapi.json"), append(snapshot, '\n'), 0o644); err != nil { //nolint:gosec // a snapshot committed to the repository, world-readable like any checked-out file
		return err
	}
	src.Commit = commit
	return specdrift.WriteSource(srcPath, src)
}
