package rotations

import (
	"bufio"
	"encoding/base64"
	"errors"
	"fmt"
	"io/fs"
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
// NotKeptError.
func (s *SecretFile) Add(vendor unified.Vendor, client, newClient string, secret unified.Secret) error {
	if s == nil || secret.IsZero() {
		return nil
	}
	v := EncodeSecret(secret)
	if strings.ContainsAny(v, " \t\r\n") {
		return notKept(errors.New("the secret holds white space; it cannot be written as one line"))
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	f, err := os.OpenFile(s.path, os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return notKept(err)
	}
	_, err = fmt.Fprintf(f, "%s %s %s %s\n", vendor, client, newClient, v)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return notKept(err)
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

// LookupClient returns the last secret written for the rotation of
// client, and the client that holds it, or zeros.
func (s *SecretFile) LookupClient(vendor unified.Vendor, client string) (holder string, secret unified.Secret) {
	if s == nil {
		return "", unified.Secret{}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	f, err := os.Open(s.path)
	if errors.Is(err, fs.ErrNotExist) || err != nil {
		return "", unified.Secret{}
	}
	// Opened for reading, and read to the end: a close error loses nothing.
	defer func() { _ = f.Close() }()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) == 4 && fields[0] == string(vendor) && fields[1] == client {
			holder, secret = fields[2], DecodeSecret(fields[3])
		}
	}
	return holder, secret
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
