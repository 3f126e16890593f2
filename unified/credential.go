package unified

import (
	"reflect"
	"time"
	"unsafe"

	"github.com/credkit/credkit/unified/internal/access"
)

// Kind is the kind of a credential.
type Kind string

// The kinds of credential.
const (
	KindClientSecret  Kind = "client_secret"
	KindJSONWebKey    Kind = "json_web_key"
	KindKeyCredential Kind = "x509_key_credential" //nolint:gosec // G101: the name of a kind, not a credential
	KindCSR           Kind = "csr"
	KindRefreshToken  Kind = "refresh_token"
)

// Status is where a credential stands in its lifecycle.
type Status string

// The statuses.
const (
	StatusActive   Status = "ACTIVE"
	StatusInactive Status = "INACTIVE"
	// StatusExpiring: still valid, but only until Credential.Expires (the
	// old secret during a CSP rotation window).
	StatusExpiring Status = "EXPIRING"
	// StatusPending: a CSR waiting for its certificate.
	StatusPending Status = "PENDING"
	StatusRevoked Status = "REVOKED"
)

// CredentialRef names one credential of one client.
type CredentialRef struct {
	ClientID string `json:"clientId"`
	// ID is the vendor's credential ID. Where a vendor gives secrets no IDs,
	// the provider documents the names it uses instead (VMware CSP: "current"
	// and "previous"; SailPoint: the client ID itself).
	ID string `json:"id"`
}

// Credential is one credential of one client, in portable form.
type Credential struct {
	Vendor   Vendor `json:"vendor"`
	ClientID string `json:"clientId"`
	ID       string `json:"id"`
	Kind     Kind   `json:"kind"`
	Status   Status `json:"status"`
	// Created, Updated and Expires are zero when the vendor does not say.
	Created time.Time `json:"created,omitzero"`
	Updated time.Time `json:"updated,omitzero"`
	Expires time.Time `json:"expires,omitzero"`
	// Hint identifies the secret without revealing it: the vendor's hash,
	// or its last characters.
	Hint string `json:"hint,omitempty"`
	// Secret is set only when the vendor returned the value.
	Secret Secret `json:"secret,omitzero"`

	// vendorPtr and vendorType are what As reaches: the value of type
	// *vendorType's element at vendorPtr, the vendor's own record. An
	// unsafe.Pointer and a typed nil print as an address and <nil> under
	// every verb, so that printing a Credential (%+v reaches unexported
	// fields) cannot show a vendor type's secret; a typed pointer would:
	// fmt prints %!s(*T=&{...}) for a verb that does not fit it.
	vendorPtr  unsafe.Pointer
	vendorType any // a nil *T
}

// Ref returns the reference of c.
func (c Credential) Ref() CredentialRef { return CredentialRef{ClientID: c.ClientID, ID: c.ID} }

// As sets target, a pointer to the vendor's own type for this credential,
// to the value the vendor returned.
func (c Credential) As(target any) bool {
	if c.vendorPtr == nil || c.vendorType == nil {
		return false
	}
	v := reflect.NewAt(reflect.TypeOf(c.vendorType).Elem(), c.vendorPtr).Elem()
	return assignTo(target, v.Interface()) // Interface copies the value
}

func init() {
	access.CredentialValue = withVendorValue
	access.ErrorBody = func(e, body any) {
		e.(*Error).vendorBody = func() any { return body }
	}
	access.NewProvider = func(impl any) any { return newProvider(impl) }
	access.RotationBegunHere = swapBegunHere
}

// withVendorValue is what unified/driver.WithVendorPointer calls, through
// package access: a plain function, so that it allocates nothing itself.
// typ is a nil *T and ptr points to a T.
func withVendorValue(c Credential, typ any, ptr unsafe.Pointer) Credential {
	c.vendorType, c.vendorPtr = typ, ptr
	return c
}

// Hint returns the last four characters of a secret, prefixed with an
// ellipsis, or "" for a secret too short to hint at safely.
func Hint(s Secret) string {
	v := s.Reveal()
	if len(v) < 16 {
		return ""
	}
	return "…" + v[len(v)-4:]
}
