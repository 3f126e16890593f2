package unified

import (
	"fmt"
	"strings"
)

// CheckID refuses an identifier that cannot be a vendor ID before it is
// put into a request path: empty, longer than maxLen bytes, "." or "..", or
// holding anything but visible ASCII other than '/', '\\', '?', '#' and
// '%'. It returns an InvalidArgument *Error naming what (for example
// "client ID") and op; the offending value is not quoted, since callers
// sometimes pass secrets by mistake.
func CheckID(vendor Vendor, op, what, id string, maxLen int) error {
	problem := idProblem(id, maxLen)
	if problem == "" {
		return nil
	}
	return &Error{Code: InvalidArgument, Vendor: vendor, Op: op, Message: fmt.Sprintf("%s %s", what, problem)}
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
		c := id[i]
		switch {
		case c <= ' ' || c >= 0x7f:
			return fmt.Sprintf("has a space, control or non-ASCII byte at offset %d", i)
		case strings.IndexByte(`/\?#%`, c) >= 0:
			return fmt.Sprintf("has %q at offset %d", c, i)
		}
	}
	return ""
}
