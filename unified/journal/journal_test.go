package journal

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

var fixed = time.Date(2026, 12, 3, 8, 0, 0, 0, time.UTC)

func open(t *testing.T, path string, opts *Options) *Journal {
	t.Helper()
	if opts == nil {
		opts = &Options{}
	}
	opts.Now = func() time.Time { return fixed }
	j, err := Open(context.Background(), path, opts)
	require.NoError(t, err)
	t.Cleanup(func() { _ = j.Close() })
	return j
}

func rec(vendor, client, step string) Record {
	return Record{Key: Key{Vendor: vendor, ClientID: client}, Step: step, Data: json.RawMessage(`{"n":1}`)}
}

func TestPutGetDeleteSurviveReopen(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.json")
	j := open(t, path, nil)
	require.Empty(t, j.Records())
	require.NoError(t, j.Put(rec("okta", "b", "begin-intent")))
	require.NoError(t, j.Put(rec("okta", "a", "begun")))
	require.NoError(t, j.Put(rec("okta", "b", "begun")))
	require.NoError(t, j.Close())

	j = open(t, path, nil)
	got := j.Records()
	require.Len(t, got, 2)
	require.Equal(t, "a", got[0].ClientID, "records are kept in key order")
	require.Equal(t, "begun", got[1].Step, "a Put replaces the record of its key")
	require.Equal(t, fixed, got[1].Updated)
	require.JSONEq(t, `{"n":1}`, string(got[1].Data))
	require.NoError(t, j.Delete(Key{Vendor: "okta", ClientID: "a"}))
	require.NoError(t, j.Delete(Key{Vendor: "okta", ClientID: "missing"}))
	_, ok := j.Get(Key{Vendor: "okta", ClientID: "a"})
	require.False(t, ok)
	require.NoError(t, j.Close())

	j = open(t, path, nil)
	require.Len(t, j.Records(), 1)
	info, err := os.Stat(path)
	require.NoError(t, err)
	require.Equal(t, os.FileMode(0o600), info.Mode().Perm(), "a new journal is private")
}

func TestPutRefusesBadRecords(t *testing.T) {
	j := open(t, filepath.Join(t.TempDir(), "j.json"), nil)
	for name, r := range map[string]Record{
		"no vendor":     rec("", "a", "x"),
		"no client":     rec("okta", "", "x"),
		"data not JSON": {Key: Key{Vendor: "okta", ClientID: "a"}, Data: json.RawMessage(`{`)},
	} {
		require.Error(t, j.Put(r), name)
	}
	require.Empty(t, j.Records(), "a refused Put changes nothing")
}

func TestOpenRefusesFilesThatAreNotJournals(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(p, []byte(content), 0o600))
		return p
	}
	fifo := filepath.Join(dir, "fifo")
	require.NoError(t, mkfifo(fifo))
	cases := []struct {
		name, path, want string
	}{
		{"not JSON", write("garbage", "hello"), "is not a credkit journal"},
		{"other version", write("v9", `{"version":9,"records":[]}`), "version 9"},
		{"old state file", write("old", `{"rotations":[]}`), "version 0"},
		{"folder", dir, "not a regular file"},
		{"fifo", fifo, "not a regular file"},
		{"missing folder", filepath.Join(dir, "nope", "j.json"), "its folder"},
		{"empty path", "", "no path given"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Open(context.Background(), c.path, nil)
			require.ErrorContains(t, err, c.want)
		})
	}
}

func TestEmptyFileIsAnEmptyJournal(t *testing.T) {
	path := filepath.Join(t.TempDir(), "j.json")
	require.NoError(t, os.WriteFile(path, nil, 0o600))
	require.Empty(t, open(t, path, nil).Records())
}

func TestSymlinkIsWrittenThrough(t *testing.T) {
	dir := t.TempDir()
	real := filepath.Join(dir, "real", "state.json")
	require.NoError(t, os.MkdirAll(filepath.Dir(real), 0o700))
	cases := map[string]string{
		"absolute link": real,
		"relative link": filepath.Join("real", "state.json"),
	}
	for name, target := range cases {
		t.Run(name, func(t *testing.T) {
			link := filepath.Join(dir, strings.ReplaceAll(name, " ", "-"))
			require.NoError(t, os.Symlink(target, link))
			j := open(t, link, nil)
			require.Equal(t, real, j.Path())
			require.NoError(t, j.Put(rec("okta", name, "begun")))
			require.NoError(t, j.Close())
			info, err := os.Lstat(link)
			require.NoError(t, err)
			require.NotZero(t, info.Mode()&os.ModeSymlink, "the link is kept")
			data, err := os.ReadFile(real)
			require.NoError(t, err)
			require.Contains(t, string(data), name, "the target holds the record")
		})
	}
}

func TestSymlinkLoopIsRefused(t *testing.T) {
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a"), filepath.Join(dir, "b")
	require.NoError(t, os.Symlink(b, a))
	require.NoError(t, os.Symlink(a, b))
	_, err := Open(context.Background(), a, nil)
	require.ErrorContains(t, err, "symbolic links")
}

func TestSecondOpenIsRefusedWhileLocked(t *testing.T) {
	path := filepath.Join(t.TempDir(), "j.json")
	first := open(t, path, nil)
	_, err := Open(context.Background(), path, nil)
	require.ErrorIs(t, err, ErrLocked)
	require.ErrorContains(t, err, "held by pid ")

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err = Open(ctx, path, &Options{Wait: -1})
	require.ErrorIs(t, err, context.Canceled, "a wait honours the context")

	require.NoError(t, first.Close())
	second := open(t, path, nil)
	require.NoError(t, second.Put(rec("okta", "a", "begun")))
}

func TestWaiterGetsTheLockWhenReleased(t *testing.T) {
	path := filepath.Join(t.TempDir(), "j.json")
	first := open(t, path, nil)
	require.NoError(t, first.Put(rec("okta", "a", "begun")))
	var told string
	j, err := Open(context.Background(), path, &Options{Wait: time.Minute, OnWait: func(holder string) {
		told = holder
		require.NoError(t, first.Close()) // the holder finishes while we wait
	}})
	require.NoError(t, err)
	defer func() { require.NoError(t, j.Close()) }()
	require.Contains(t, told, "pid ")
	require.Len(t, j.Records(), 1, "the waiter reads what the holder wrote, under the lock")
}

func TestClosedJournalRefusesWrites(t *testing.T) {
	j := open(t, filepath.Join(t.TempDir(), "j.json"), nil)
	require.NoError(t, j.Close())
	require.NoError(t, j.Close(), "Close twice is harmless")
	require.ErrorContains(t, j.Put(rec("okta", "a", "x")), "closed")
}

func TestFailedWriteKeepsTheOldJournal(t *testing.T) {
	// A folder that vanished under the journal, since root writes into a
	// read-only one anyway.
	dir := t.TempDir()
	path := filepath.Join(dir, "sub", "j.json")
	require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o700))
	j := open(t, path, nil)
	require.NoError(t, j.Put(rec("okta", "a", "begun")))
	require.NoError(t, os.Rename(filepath.Join(dir, "sub"), filepath.Join(dir, "moved")))
	err := j.Put(rec("okta", "b", "begun"))
	require.Error(t, err)
	require.Len(t, j.Records(), 1, "memory keeps what the disk has")
	var pe *os.PathError
	require.True(t, errors.As(err, &pe), "the cause is kept: %v", err)
	require.ErrorContains(t, err, "writing "+path)
}

func TestLeftoverTemporaryFileIsIgnored(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "j.json")
	j := open(t, path, nil)
	require.NoError(t, j.Put(rec("okta", "a", "begun")))
	require.NoError(t, j.Close())
	// A crash between write and rename leaves a temporary file behind.
	require.NoError(t, os.WriteFile(filepath.Join(dir, ".j.json.tmp-123"), []byte("{torn"), 0o600))
	require.Len(t, open(t, path, nil).Records(), 1)
}

// A file in an older form is handed to Migrate under the lock, and
// written as a journal at the next write; Flush creates a missing file.
func TestMigrateAndFlush(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "state.json")
	require.NoError(t, os.WriteFile(path, []byte(`{"rotations":[{"clientId":"a"}]}`), 0o600))
	var got string
	j, err := Open(context.Background(), path, &Options{Migrate: func(data []byte) ([]Record, error) {
		got = string(data)
		return []Record{{Key: Key{Vendor: "okta", ClientID: "a"}, Step: "begun"}}, nil
	}})
	require.NoError(t, err)
	require.Contains(t, got, `"rotations"`)
	require.Len(t, j.Records(), 1)
	require.NoError(t, j.Flush())
	require.NoError(t, j.Close())
	j, err = Open(context.Background(), path, nil)
	require.NoError(t, err, "the file is a journal now")
	require.Len(t, j.Records(), 1)
	require.NoError(t, j.Close())

	missing, err := Open(context.Background(), path+"x", &Options{Migrate: func([]byte) ([]Record, error) { return nil, errors.New("no") }})
	require.NoError(t, err, "a missing file is not migrated")
	require.NoError(t, missing.Close())
	fresh := filepath.Join(dir, "fresh.json")
	j, err = Open(context.Background(), fresh, nil)
	require.NoError(t, err)
	require.NoError(t, j.Flush())
	require.FileExists(t, fresh)
	require.NoError(t, j.Close())
}
