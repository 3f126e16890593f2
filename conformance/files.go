package conformance

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"syscall"

	"github.com/credkit/credkit/internal/capped"
	"github.com/credkit/credkit/internal/filekind"
)

// DefaultMaxFileSize is the size limit of one recording file when
// [RunOptions] sets none: far above any cassette a test suite records, far
// below what would exhaust a CI runner's memory.
const DefaultMaxFileSize = 256 << 20

// ErrNotRegular is wrapped by the error for a path that is not a regular
// file (a FIFO, a device, a socket, a symbolic link to one of them).
var ErrNotRegular = errors.New("not a regular file")

// ErrTooLarge is wrapped by the error for a file over the size limit.
var ErrTooLarge = errors.New("file too large")

// recordingExts are the file name endings a directory walk picks up.
var recordingExts = []string{".yaml", ".yml", ".har"}

// isRecording reports whether a file name ends like a recording.
func isRecording(name string) bool {
	ext := strings.ToLower(filepath.Ext(name))
	for _, e := range recordingExts {
		if ext == e {
			return true
		}
	}
	return false
}

// FindRecordings expands paths into the recording files they name: a file
// is taken as it is (whatever its name), a directory is walked for .yaml,
// .yml (go-vcr cassettes) and .har files. The result is sorted and has no
// duplicates. A path that cannot be read is not fatal: it is returned in
// missing, with its error, so that the rest can still be checked.
func FindRecordings(paths ...string) (files []string, missing []FileError) {
	seen := map[string]bool{}
	for _, root := range paths {
		info, err := os.Stat(root)
		if err != nil {
			missing = append(missing, FileError{File: root, Err: plainError(err)})
			continue
		}
		if !info.IsDir() {
			if !seen[root] {
				seen[root] = true
				files = append(files, root)
			}
			continue
		}
		err = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				missing = append(missing, FileError{File: p, Err: err})
				return nil
			}
			if !d.IsDir() && isRecording(p) && !seen[p] {
				seen[p] = true
				files = append(files, p)
			}
			return nil
		})
		if err != nil {
			missing = append(missing, FileError{File: root, Err: err})
		}
	}
	sort.Strings(files)
	return files, missing
}

// openRegular opens path for reading if it is a regular file (following
// symbolic links) of at most limit bytes. The file is checked before it is
// opened, so that opening a FIFO cannot block, and again once open, so
// that a file swapped in between is caught (it is opened non-blocking, so
// that a FIFO swapped in cannot block the open either). The reader it returns fails
// with ErrTooLarge if the file grows past limit while it is read.
func openRegular(path string, limit int64) (io.ReadCloser, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, plainError(err)
	}
	if err := checkRegular(info, limit); err != nil {
		return nil, err
	}
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, plainError(err)
	}
	if info, err = f.Stat(); err == nil {
		err = checkRegular(info, limit)
	}
	if err != nil {
		_ = f.Close()
		return nil, err
	}
	rc := capped.Make(f, limit, fileTooLarge)
	return &rc, nil
}

func checkRegular(info fs.FileInfo, limit int64) error {
	if !info.Mode().IsRegular() {
		return fmt.Errorf("%w (%s): only regular files are read", ErrNotRegular, filekind.Of(info.Mode()))
	}
	if info.Size() > limit {
		return fmt.Errorf("%w: %d bytes, over the limit of %d bytes", ErrTooLarge, info.Size(), limit)
	}
	return nil
}

// fileTooLarge is the error of a file that grew past limit bytes since it
// was checked.
func fileTooLarge(limit int64) error {
	return fmt.Errorf("%w: it grew past the limit of %d bytes while read", ErrTooLarge, limit)
}

// plainError drops the path from an *fs.PathError: a FileError names the
// file already.
func plainError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return fmt.Errorf("%s: %w", pe.Op, pe.Err)
	}
	return err
}
