// Package access lets unified/driver set what package unified keeps
// unexported: the vendor value behind Credential.As, the vendor body
// behind Error.As, and the implementation behind a Provider. Package unified fills the variables in its init, so
// that these setters stay out of the user's API.
package access

var (
	// CredentialValue holds package unified's
	// func(c unified.Credential, typ any, ptr unsafe.Pointer) unified.Credential,
	// which returns c with the value at ptr, of the type of typ (a nil *T)'s
	// element, as what its As reaches. It is held as an any because
	// this package cannot name unified's types; unified/driver asserts it
	// to that type once, so that setting a value boxes nothing per call.
	CredentialValue any
	// ErrorBody records body as the value (*unified.Error).As reaches.
	ErrorBody func(e any, body any)
	// NewProvider returns a *unified.Provider (as an any) over impl, the
	// portable type of package unified/driver.
	NewProvider func(impl any) any
	// RotationBegunHere sets whether a *unified.Rotation (as an any) was
	// begun in this process and not yet finished, and returns what it was.
	RotationBegunHere func(r any, v bool) bool
)
