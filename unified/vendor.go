package unified

// Vendor names an identity vendor.
type Vendor string

// The vendors credkit supports.
const (
	Okta      Vendor = "okta"
	SailPoint Vendor = "sailpoint"
	VMwareCSP Vendor = "vmwarecsp"
	Auth0     Vendor = "auth0"
)
