// Package access lets unified/driver set what package unified keeps
// unexported: the vendor value behind Credential.As and the vendor body
// behind Error.As. Package unified fills the functions in its init, so
// that these setters stay out of the user's API.
package access

var (
	// CredentialValue returns the unified.Credential c with v as the
	// value its As reaches.
	CredentialValue func(c any, v any) any
	// ErrorBody records body as the value (*unified.Error).As reaches.
	ErrorBody func(e any, body any)
)
