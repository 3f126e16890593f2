// Package vendors registers every vendor credkit ships, for the programs
// and suites that work with all of them: importing it for effect is the
// one place a vendor is named outside its own packages.
//
//	import _ "github.com/credkit/credkit/internal/vendors"
//
// # Errors
//
// The package has no API of its own; see unified.Vendors and
// unified.Lookup, whose VendorSpec's As-style escape hatches are the
// vendor packages' own types.
package vendors

import (
	_ "github.com/credkit/credkit/unified/auth0"     // registers auth0
	_ "github.com/credkit/credkit/unified/okta"      // registers okta
	_ "github.com/credkit/credkit/unified/ory"       // registers ory
	_ "github.com/credkit/credkit/unified/sailpoint" // registers sailpoint
	_ "github.com/credkit/credkit/unified/vmwarecsp" // registers vmwarecsp
)
