package journal

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/gofrs/flock"
)

// maxLinks bounds the symbolic links followed, as the kernel does (ELOOP).
const maxLinks = 40

// resolve follows symbolic links in path, including a last link whose
// target does not exist yet, so that the journal is written through the link.
func resolve(path string) (string, error) {
	if path == "" {
		return "", errors.New("journal: no path given")
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", fmt.Errorf("journal %s: %w", path, err)
	}
	for range maxLinks {
		dir, err := filepath.EvalSymlinks(filepath.Dir(abs))
		if err != nil {
			return "", fmt.Errorf("journal %s: its folder: %w", path, err)
		}
		abs = filepath.Join(dir, filepath.Base(abs))
		info, err := os.Lstat(abs)
		if errors.Is(err, fs.ErrNotExist) || (err == nil && info.Mode()&fs.ModeSymlink == 0) {
			return abs, nil
		}
		if err != nil {
			return "", fmt.Errorf("journal %s: %w", path, err)
		}
		link, err := os.Readlink(abs)
		if err != nil {
			return "", fmt.Errorf("journal %s: %w", path, err)
		}
		if !filepath.IsAbs(link) {
			link = filepath.Join(dir, link)
		}
		abs = link
	}
	return "", fmt.Errorf("journal %s: more than %d symbolic links", path, maxLinks)
}

// checkTarget refuses a journal that exists but is not a regular file.
func checkTarget(path string) error {
	info, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("journal %s: %w", path, err)
	}
	if !info.Mode().IsRegular() {
		return fmt.Errorf("journal %s is not a regular file (%s)", path, info.Mode().Type())
	}
	if info.Size() > MaxSize {
		return fmt.Errorf("journal %s holds %d bytes, more than a journal's %d: is it the right file?", path, info.Size(), MaxSize)
	}
	return nil
}

// MaxSize is the largest journal Open reads: 64 MiB, some 60,000
// rotations, far more than one run keeps open.
const MaxSize = 64 << 20

// acquire takes the exclusive lock at lockPath, waiting as opts say. The
// lock file stays empty: a waiter names the holder from the kernel's locks
// (holderOf), never from text anyone could have written there.
func acquire(ctx context.Context, lockPath string, opts *Options) (*flock.Flock, error) {
	lock := flock.New(lockPath, flock.SetPermissions(0o600))
	ok, err := lock.TryLock()
	if err != nil {
		return nil, fmt.Errorf("journal: locking %s: %w", lockPath, err)
	}
	if !ok {
		holder := holderOf(lockPath)
		if opts.Wait == 0 {
			return nil, &LockedError{Lock: lockPath, Holder: holder}
		}
		if opts.OnWait != nil {
			opts.OnWait(holder)
		}
		wctx, cancel := ctx, context.CancelFunc(func() {})
		if opts.Wait > 0 {
			wctx, cancel = context.WithTimeout(ctx, opts.Wait)
		}
		defer cancel()
		ok, err = lock.TryLockContext(wctx, 50*time.Millisecond)
		if !ok {
			if ctx.Err() != nil {
				return nil, &LockedError{Lock: lockPath, Holder: holderOf(lockPath), Waited: opts.Wait, ctx: ctx.Err()}
			}
			return nil, &LockedError{Lock: lockPath, Holder: holderOf(lockPath), Waited: opts.Wait}
		}
		if err != nil {
			return nil, fmt.Errorf("journal: locking %s: %w", lockPath, err)
		}
	}
	return lock, nil
}

// WriteFile writes data to path durably: a temporary file in the same folder
// is written, fsynced and renamed over path, then the folder is fsynced. A
// reader sees the old content or the new, never part of it. perm applies to
// a new file; an existing file keeps its mode.
func WriteFile(path string, data []byte, perm fs.FileMode) error {
	if info, err := os.Stat(path); err == nil {
		perm = info.Mode().Perm()
	}
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	defer os.Remove(tmp.Name()) //nolint:errcheck // a no-op once renamed, and then it fails, as it should
	if err := writeSynced(tmp, data, perm); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	return syncDir(dir)
}

func writeSynced(f *os.File, data []byte, perm fs.FileMode) error {
	_, err := f.Write(data)
	if err == nil {
		err = f.Chmod(perm)
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("syncing %s: %w", dir, err)
	}
	defer d.Close() //nolint:errcheck // opened to Sync: Sync's error is the one that counts
	if err := d.Sync(); err != nil {
		return fmt.Errorf("syncing %s: %w", dir, err)
	}
	return nil
}
