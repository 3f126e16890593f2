package unified

import (
	"fmt"
	"io"
	"log/slog"
)

const (
	redacted   = "[REDACTED]"
	noSecret   = "[NONE]"
	secretJSON = `"` + redacted + `"`
)

// Secret holds a credential's secret value and will not print it: every way
// of formatting or encoding it shows a redaction. Reveal returns the value.
//
// The value is kept behind a function, so that reflection-based printers
// (spew, testify's diffs) cannot reach it either. Compare secrets with
// Reveal, not with ==.
type Secret struct {
	reveal func() string
}

// NewSecret wraps v. An empty v gives the zero Secret.
func NewSecret(v string) Secret {
	if v == "" {
		return Secret{}
	}
	return Secret{reveal: func() string { return v }}
}

// Reveal returns the secret value, or "" for the zero Secret.
func (s Secret) Reveal() string {
	if s.reveal == nil {
		return ""
	}
	return s.reveal()
}

// IsZero reports whether s holds no value.
func (s Secret) IsZero() bool { return s.reveal == nil }

// String returns a redaction.
func (s Secret) String() string {
	if s.IsZero() {
		return noSecret
	}
	return redacted
}

// GoString returns a redaction, for %#v.
func (s Secret) GoString() string { return "unified.Secret(" + s.String() + ")" }

// Format prints a redaction for every verb.
func (s Secret) Format(f fmt.State, verb rune) {
	if verb == 'v' && f.Flag('#') {
		_, _ = io.WriteString(f, s.GoString())
		return
	}
	_, _ = io.WriteString(f, s.String())
}

// MarshalJSON encodes a redaction.
func (s Secret) MarshalJSON() ([]byte, error) {
	if s.IsZero() {
		return []byte("null"), nil
	}
	return []byte(secretJSON), nil
}

// UnmarshalJSON reads nothing back: a secret never travels through JSON, so
// a decoded Secret is always zero.
func (s *Secret) UnmarshalJSON([]byte) error {
	*s = Secret{}
	return nil
}

// MarshalText encodes a redaction, for encoders that use TextMarshaler.
func (s Secret) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// LogValue makes log/slog print a redaction.
func (s Secret) LogValue() slog.Value { return slog.StringValue(s.String()) }
