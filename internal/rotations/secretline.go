package rotations

import (
	"os"
	"strings"
)

// Line names the line of --secret-file that holds a rotation's new
// secret, as the journal records it: the file's absolute path, where the
// rotation began writing (From, its size then) and, once written, the
// line's offset and length. It holds no part of the secret.
type Line struct {
	File string `json:"file,omitempty"`
	From int64  `json:"from,omitempty"`
	At   int64  `json:"at,omitempty"`
	Len  int64  `json:"len,omitempty"`
}

// withdrawn replaces a withdrawn line: a comment of the same length, so
// that the lines after it stay where the journal says.
const withdrawn = "# withdrawn: the vendor refused this rotation, nothing changed"

// Withdraw takes back the line ref names, written for a rotation the
// vendor then refused before acting: the secret was never in force, and
// the last line of a client must stay the secret in force. The file is cut
// back when the line is its last, else the line is overwritten in place
// by a comment of the same length; either way it is synced.
func (s *SecretFile) Withdraw(ref Line) error {
	if s == nil || ref.Len == 0 || ref.File != s.abs() {
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	f, err := os.OpenFile(s.path, os.O_WRONLY, 0o600)
	if err != nil {
		return err
	}
	info, err := f.Stat()
	if err == nil && info.Size() == ref.At+ref.Len {
		err = f.Truncate(ref.At)
	} else if err == nil {
		_, err = f.WriteAt([]byte(blankLine(int(ref.Len))), ref.At)
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// blankLine is the withdrawn comment as a line of n bytes.
func blankLine(n int) string {
	text := withdrawn
	if len(text) > n-1 {
		text = text[:max(n-1, 0)]
	}
	return text + strings.Repeat(" ", n-1-len(text)) + "\n"
}

// namedSecretFile is the secret file at path, to read a line the journal
// names, or nil where path names no regular file (reading a FIFO would
// block).
func namedSecretFile(path string) *SecretFile {
	if path == "" {
		return nil
	}
	if info, err := os.Stat(path); err != nil || !info.Mode().IsRegular() {
		return nil
	}
	return &SecretFile{path: path}
}
