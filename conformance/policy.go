package conformance

import "errors"

// Policy names a departure from a spec that credkit notes rather than
// fails by default, because recordings show it for reasons that are not
// the vendor's drift. Options say which to fail instead.
type Policy string

const (
	// UndeclaredBody: a response has a body where the spec declares none.
	// Prism and kin-openapi let it pass; servers send "{}" or an error
	// text on statuses whose spec says nothing of content.
	UndeclaredBody Policy = "undeclared-body"
	// RemovedCredential: a request carries no credential a security
	// scheme accepts, or only a recorder's redaction marker
	// ("REDACTED", "[REDACTED]", "***"...). Recorders remove credentials
	// before a cassette is written, so the recording cannot show them.
	RemovedCredential Policy = "removed-credential"
	// PartialBody: a Transport saw only part of a response body (its
	// reader closed it early, or it is longer than the Transport keeps),
	// so the body is not checked. Always a note.
	PartialBody Policy = "partial-body"
)

// PolicyError is the Err of a Problem that a stated policy covers.
type PolicyError struct {
	Policy Policy
}

func (e *PolicyError) Error() string { return "policy " + string(e.Policy) }

// policyOf is the policy a problem falls under, "" when none.
func policyOf(p Problem) Policy {
	var pe *PolicyError
	if errors.As(p.Err, &pe) {
		return pe.Policy
	}
	return ""
}

// applyPolicies moves the problems a policy covers, and that the checker
// does not fail, from problems to notes.
func (c *Checker) applyPolicies(problems, notes []Problem) ([]Problem, []Problem) {
	kept := problems[:0]
	for _, p := range problems {
		if pol := policyOf(p); pol != "" && !c.fails(pol) {
			notes = append(notes, p)
			continue
		}
		kept = append(kept, p)
	}
	return kept, notes
}

func (c *Checker) fails(p Policy) bool {
	switch p {
	case UndeclaredBody:
		return c.opts.FailUndeclaredBody
	case RemovedCredential:
		return c.opts.FailRemovedCredentials
	case PartialBody:
		return false
	}
	return true
}
