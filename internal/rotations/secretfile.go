package rotations

import (
	"bufio"
	"cmp"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"

	"github.com/credkit/credkit/internal/filekind"
	"github.com/credkit/credkit/unified"
)

// SecretFile is --secret-file FILE: where new secrets go, one line each
// ("vendor client new-client secret"), appended and synced before the
// command goes on, readable by its owner only. A secret credkit makes
// itself (CSP) is written before the request that installs it; one the
// vendor makes (SailPoint) the moment its answer arrives. It is safe for
// concurrent use.
type SecretFile struct {
	mu   sync.Mutex
	path string
}

// OpenSecretFile creates path (mode 0600) if it is missing and checks it
// can be appended to, before any request. It must be a regular file:
// credkit reads it back to complete an interrupted rotation, and opening a
// FIFO would block.
func OpenSecretFile(path string) (sf *SecretFile, err error) {
	if info, err := os.Stat(path); err == nil && !info.Mode().IsRegular() {
		return nil, fmt.Errorf("%s is not a regular file (%s): credkit reads the secret file back to complete an interrupted rotation; name a file, or print the secrets with --show-secret", path, filekind.Of(info.Mode()))
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		return nil, err
	}
	// Opened for writing: a file that cannot be closed is not one the
	// rotation can count on.
	defer func() {
		if cerr := f.Close(); cerr != nil && err == nil {
			sf, err = nil, cerr
		}
	}()
	info, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if info.Mode().Perm()&0o077 != 0 {
		return nil, fmt.Errorf("%s is readable by others (mode %s): chmod 600 it first", path, info.Mode().Perm())
	}
	if owner, ok := ownerOf(info); ok && owner != os.Getuid() {
		// Another user's file (in a sticky folder such as /tmp) is one
		// that user can read, or swap, whatever its mode says.
		return nil, fmt.Errorf("%s belongs to another user (uid %d): name a file of your own", path, owner)
	}
	if err := f.Sync(); err != nil {
		return nil, err
	}
	// The file's name must survive a crash as its lines do.
	if err := syncDir(filepath.Dir(path)); err != nil {
		return nil, err
	}
	return &SecretFile{path: path}, nil
}

// syncDir makes the entries of dir durable (fsync of the folder).
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	err = d.Sync()
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	return err
}

// Apart checks that the secret file is neither the journal at statePath
// nor its lock file: the journal is replaced whole on every write, which
// would drop the secrets appended to it, and would hold them in clear.
func (s *SecretFile) Apart(statePath string) error {
	if s == nil {
		return nil
	}
	mine, err := os.Stat(s.path)
	if err != nil {
		return err
	}
	target := statePath
	if resolved, err := filepath.EvalSymlinks(statePath); err == nil {
		target = resolved
	}
	for _, p := range []string{statePath, target, target + ".lock"} {
		if other, err := os.Stat(p); err == nil && os.SameFile(mine, other) {
			return fmt.Errorf("%s is the --state file or its lock (%s): the journal is rewritten whole and would drop the secrets; name another file", s.path, p)
		}
	}
	return nil
}

// NotKeptError is the failure of a destination to take a new secret (a
// full disk, a file or folder made read-only, a closed stdout): the
// secret is in no place the user chose, so a caller whose vendor may have
// put it in force shows it as the last resort.
type NotKeptError struct{ Err error }

func (e *NotKeptError) Error() string { return e.Err.Error() }
func (e *NotKeptError) Unwrap() error { return e.Err }

// notKept wraps a destination's error, if any, in a NotKeptError.
func notKept(err error) error {
	if err == nil {
		return nil
	}
	return &NotKeptError{Err: err}
}

// Add appends one secret and syncs the file; its error is a
// NotKeptError. It returns where the line is, for the journal: no part
// of the secret, only the file, offset and length of the line, so that a
// resume reads the line this rotation wrote and no other.
func (s *SecretFile) Add(vendor unified.Vendor, client, newClient string, secret unified.Secret) (Line, error) {
	if s == nil || secret.IsZero() {
		return Line{}, nil
	}
	v := EncodeSecret(secret)
	if strings.ContainsAny(v, " \t\r\n") {
		return Line{}, notKept(errors.New("the secret holds white space; it cannot be written as one line"))
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	f, err := os.OpenFile(s.path, os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return Line{}, notKept(err)
	}
	text := fmt.Sprintf("%s %s %s %s\n", vendor, client, cmp.Or(newClient, unknownClient), v)
	at, err := f.Seek(0, io.SeekEnd)
	if err == nil {
		_, err = f.WriteString(text)
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return Line{}, notKept(err)
	}
	return Line{File: s.abs(), From: at, At: at, Len: int64(len(text))}, nil
}

// pemPrefix marks a secret written as the base64 of its PEM text (an
// Auth0 private key), which holds line breaks and spaces.
const pemPrefix = "pem:"

// EncodeSecret is secret as the one-line field of --secret-file: as it
// is, or, for a PEM block (an Auth0 rotation's private key), "pem:" and
// the base64 (standard, padded) of the PEM text, which
// `cut -d' ' -f4 | sed 's/^pem://' | base64 -d` turns back into the PEM.
func EncodeSecret(secret unified.Secret) string {
	v := secret.Reveal()
	if strings.HasPrefix(v, "-----BEGIN ") {
		return pemPrefix + base64.StdEncoding.EncodeToString([]byte(v))
	}
	return v
}

// DecodeSecret reads a field EncodeSecret wrote; a "pem:" field that is
// not base64 is kept as it is.
func DecodeSecret(field string) unified.Secret {
	if b64, ok := strings.CutPrefix(field, pemPrefix); ok {
		if b, err := base64.StdEncoding.DecodeString(b64); err == nil {
			return unified.NewSecret(string(b))
		}
	}
	return unified.NewSecret(field)
}

// Lookup returns the secret of the line ref names, and the client that
// holds it, or zeros: the line at ref.At where the rotation recorded it,
// else the first line for client written since ref.From. A line the
// rotation did not write (an older rotation's, another run's, one
// withdrawn) is never read, and without a reference nothing is.
func (s *SecretFile) Lookup(vendor unified.Vendor, client string, ref Line) (holder string, secret unified.Secret) {
	if s == nil || ref.File == "" || ref.File != s.abs() {
		return "", unified.Secret{}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	f, err := os.Open(s.path)
	if err != nil {
		return "", unified.Secret{}
	}
	// Opened for reading: a close error loses nothing.
	defer func() { _ = f.Close() }()
	if ref.Len > 0 {
		buf := make([]byte, ref.Len)
		if _, err := f.ReadAt(buf, ref.At); err != nil {
			return "", unified.Secret{}
		}
		return parseLine(string(buf), vendor, client)
	}
	if _, err := f.Seek(ref.From, io.SeekStart); err != nil {
		return "", unified.Secret{}
	}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if holder, secret = parseLine(sc.Text(), vendor, client); holder != "" {
			return holder, secret
		}
	}
	return "", unified.Secret{}
}

// LookupClient returns the last secret written for client, and the client
// that holds it, or zeros: what a deploy script reads ("the last line of a
// client is the secret in force"). A resume reads Lookup instead.
func (s *SecretFile) LookupClient(vendor unified.Vendor, client string) (holder string, secret unified.Secret) {
	if s == nil {
		return "", unified.Secret{}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	data, err := os.ReadFile(s.path)
	if err != nil {
		return "", unified.Secret{}
	}
	for _, line := range strings.Split(string(data), "\n") {
		if h, sec := parseLine(line, vendor, client); h != "" {
			holder, secret = h, sec
		}
	}
	return holder, secret
}

// parseLine reads one line of the file, if it is client's.
func parseLine(line string, vendor unified.Vendor, client string) (string, unified.Secret) {
	fields := strings.Fields(line)
	if len(fields) != 4 || fields[0] != string(vendor) || fields[1] != client {
		return "", unified.Secret{}
	}
	if fields[2] == unknownClient {
		fields[2] = ""
	}
	return fields[2], DecodeSecret(fields[3])
}

// unknownClient stands in the new-client field of a line whose rotation
// has not learned the client that holds the secret (a vendor that named
// none): the line keeps its four fields, so that every reader splitting
// on white space still finds the secret fourth.
const unknownClient = "-"

// Mark returns where the next line will go, for a rotation whose secret
// the vendor makes: its line is the first for the client from there.
func (s *SecretFile) Mark() Line {
	if s == nil {
		return Line{}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	info, err := os.Stat(s.path)
	if err != nil {
		return Line{}
	}
	return Line{File: s.abs(), From: info.Size()}
}

// abs is the file's absolute path, by which the journal names it.
func (s *SecretFile) abs() string {
	if p, err := filepath.Abs(s.path); err == nil {
		return p
	}
	return s.path
}

// ownerOf is the user ID that owns the file info describes, where the
// system says.
func ownerOf(info os.FileInfo) (int, bool) {
	st, ok := info.Sys().(*syscall.Stat_t)
	if !ok {
		return 0, false
	}
	return int(st.Uid), true
}
