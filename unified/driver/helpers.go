package driver

import (
	"fmt"
	"strings"
	"unsafe"

	"github.com/credkit/credkit/unified"
	"github.com/credkit/credkit/unified/internal/access"
)

// WithVendorValue returns c with v as the value c.As reaches: the
// vendor's own type for the credential. It costs one allocation, the copy
// of v that As reads.
func WithVendorValue[T any](c unified.Credential, v T) unified.Credential {
	return WithVendorPointer(c, &v)
}

// WithVendorPointer returns c with *v as the value c.As reaches, without
// an allocation: As copies *v when it is called. v must not change
// afterwards; an item of a decoded page fits (the credential then keeps
// the page's array alive).
func WithVendorPointer[T any](c unified.Credential, v *T) unified.Credential {
	if v == nil {
		return c
	}
	return setVendorValue(c, (*T)(nil), unsafe.Pointer(v)) //nolint:gosec // G103: *T kept untyped, with (*T)(nil) to read it back, so that printing a Credential cannot show it (see unified.Credential)
}

// setVendorValue is package unified's setter (see package access),
// asserted once: package unified is initialized before this one.
var setVendorValue = access.CredentialValue.(func(unified.Credential, any, unsafe.Pointer) unified.Credential)

// WithVendorBody records the vendor's decoded error body as the value
// e.As (and unified.ErrorAs) reaches, and returns e.
func WithVendorBody(e *unified.Error, body any) *unified.Error {
	access.ErrorBody(e, body)
	return e
}

// Refuse is the error of a refusal the caller must act on: code, reason
// and a message. The portable type fills in the vendor and operation.
func Refuse(code unified.Code, reason unified.Reason, format string, a ...any) *unified.Error {
	return &unified.Error{Code: code, Reason: reason, Message: fmt.Sprintf(format, a...)}
}

// CheckID refuses an identifier that cannot be a vendor ID before it is
// put into a request path: empty, longer than maxLen bytes, "." or "..", or
// holding anything but visible ASCII other than '/', '\\', '?', '#' and
// '%'. It returns an InvalidArgument *unified.Error with
// unified.ReasonInvalidID naming what (for example "client ID"); the
// offending value is not quoted, since callers sometimes pass secrets by
// mistake.
func CheckID(what, id string, maxLen int) error {
	problem := idProblem(id, maxLen)
	if problem == "" {
		return nil
	}
	return Refuse(unified.InvalidArgument, unified.ReasonInvalidID, "%s %s", what, problem)
}

func idProblem(id string, maxLen int) string {
	switch {
	case id == "":
		return "is empty"
	case len(id) > maxLen:
		return fmt.Sprintf("is %d bytes long, more than the %d allowed", len(id), maxLen)
	case id == "." || id == "..":
		return "is a path step, not an ID"
	}
	for i := 0; i < len(id); i++ {
		if c := id[i]; !idBytes[c] {
			if c <= ' ' || c >= 0x7f {
				return fmt.Sprintf("has a space, control or non-ASCII byte at offset %d", i)
			}
			return fmt.Sprintf("has %q at offset %d", c, i)
		}
	}
	return ""
}

// idBytes holds the bytes an ID may have: printable ASCII other than the
// space and the characters that end or escape a URL path segment. Every
// call checks its IDs, so this is a table rather than a search per byte.
var idBytes = func() (ok [256]bool) {
	for c := '!'; c < 0x7f; c++ {
		ok[c] = !strings.ContainsRune(`/\?#%`, c)
	}
	return ok
}()
