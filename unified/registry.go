package unified

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"
)

// VendorSpec is everything credkit knows about one vendor outside its
// driver, declared once in the vendor's own package and registered with
// Register when that package is imported (as database/sql drivers are):
// its name, its settings and how to open a provider from them, what a
// rotation makes, how to rebuild a rotation from saved IDs, and how to
// start its demo simulator. The command line, the rotation journal and the
// shared test suites loop over Vendors; nothing outside a vendor's
// packages names a vendor.
type VendorSpec struct {
	// Name is the vendor's name: lower case, the value of --vendor.
	Name Vendor
	// Title is the vendor's name for people ("VMware CSP").
	Title string
	// Settings configure a provider, in the order help lists them.
	Settings []Setting
	// Requires lists the alternative sets of setting keys a configuration
	// needs: it is complete when every key of one set has a value (CSP:
	// an org ID and an API token, or an org ID, a client ID and a secret).
	Requires [][]string
	// Open returns a provider from complete, checked settings; it sends
	// no request. opts may be nil.
	Open func(s Settings, opts *OpenOptions) (*Provider, error)
	// Rotation says what RotateSecret makes at this vendor.
	Rotation RotationSpec
	// Advice is what to do about an error of the vendor, by code or by
	// reason, where it differs from the generic advice; see Advice.
	Advice Advice
	// Demo, if not nil, starts the vendor's simulator seeded with demo
	// clients, for `credkit sim` and --demo. A vendor tested against its
	// real server has none.
	Demo func(ctx context.Context, opts *DemoOptions) (*Demo, error)
}

// OpenOptions tune the providers VendorSpec.Open makes; nil means
// defaults.
type OpenOptions struct {
	// HTTPTransport carries the requests (default: a clone of
	// http.DefaultTransport); authentication and retries go on top.
	HTTPTransport http.RoundTripper
	// Rand is where a provider draws the secrets and keys it makes
	// (default: crypto/rand); tests set it for repeatable output.
	Rand io.Reader
}

// Setting is one value that configures a vendor: a flag and the
// environment variable that stands in for it.
type Setting struct {
	// Key names the setting, and is its flag without the dashes
	// ("org-url"). Vendors may share a key (several take a client ID).
	Key string
	// Env is the environment variable read when the flag is not given,
	// named as the vendor's own tools name it.
	Env string
	// EnvAliases are other variables the vendor's tools read for the
	// same value, read in order when Env is unset.
	EnvAliases []string
	// Usage says what the value is, for help ("Okta org URL").
	Usage string
	// Field is the name the vendor package's own messages give the
	// setting (its Config field, as "OrgURL"), so that a program can say
	// which flag or variable to fix.
	Field string
	// Secret: the value is a credential; better given in the environment,
	// since flags show in process lists, and never printed.
	Secret bool
	// Tenant: the value names the tenant (an org URL, a domain, an org
	// ID), so that what is saved for one tenant is never replayed against
	// another whose IDs collide (a cloned sandbox, a second simulator).
	Tenant bool
	// Example is a well-formed value (no real credential) with which Open
	// makes a provider that sends nothing, for Capabilities.
	Example string
	// Check, if not nil, refuses a value of the wrong shape, saying why.
	Check func(value string) error
}

// Settings are the values of a vendor's settings, by Setting.Key.
type Settings map[string]string

// RotationSpec says what a rotation makes at a vendor, and carries the
// vendor's rules for the rotation journal and for the finish command.
type RotationSpec struct {
	// Makes lists what RotateSecret makes, one entry per kind of client
	// (Auth0: a new key for a private_key_jwt client, a new secret in
	// place, at once, for a client-secret one).
	Makes []RotationMakes
	// Intent returns the record of a rotation about to begin: Phase
	// pending, with what it will retire where that is known before any
	// change. Where credkit makes the new credential (CSP's secret, an
	// Auth0 key pair), it sets opts.NewSecret, which the journal hands to
	// the user's destinations before the request that installs it. nil:
	// the old credential is the client's only active secret, if
	// ListSecrets can tell.
	Intent func(ctx context.Context, p *Provider, clientID string, opts *RotateOptions) (*Rotation, error)
	// SettlePending, if not nil, decides about a pending rotation whose
	// outcome was never recorded (the process died while waiting for the
	// vendor): it returns true when the record is to be dropped so that a
	// new rotation begins, after undoing at the vendor whatever the lost
	// request may have left; false to resume it. secret is the rotation's
	// new secret as the user's destinations kept it, or zero.
	SettlePending func(ctx context.Context, p *Provider, saved *Rotation, secret Secret) (restart bool, err error)
	// Rebuild returns the rotation of clientID that a finish command's
	// --old and --new name (either may be empty, where the vendor can
	// find it), or an InvalidArgument *Error with ReasonRotationMismatch
	// naming the flag to give.
	Rebuild func(ctx context.Context, p *Provider, clientID, oldID, newID string) (*Rotation, error)
	// FinishArgs returns the arguments after the client with which
	// Rebuild rebuilds r (as {"--old", id, "--new", id}; empty, not nil,
	// when the client alone names it); nil when r leaves nothing to
	// finish.
	FinishArgs func(r *Rotation) []string
	// OneRequest: RotateSecret installs the new credential with one
	// request, after reads that change nothing; the vendor refusing it
	// (4xx) means nothing changed, so a secret credkit made and handed to
	// the user's destinations for it is withdrawn.
	OneRequest bool
	// CheckNeedsSecret: CheckRotation can tell whether a saved rotation is
	// still the vendor's only from its new secret (the vendor lists no
	// secrets); without it, a begun rotation is known by its window only.
	CheckNeedsSecret bool
	// BegunHasValidUntil: every begun rotation has an OldValidUntil (the
	// vendor ends the old secret by itself, as CSP does), so a record
	// from before Phase existed that has none was pending.
	BegunHasValidUntil bool
}

// RotationMakes is one kind of credential a vendor's rotation makes.
type RotationMakes struct {
	// Kind is the new credential's kind.
	Kind Kind
	// NewClient: the rotation creates a replacement client, whose ID
	// differs (SailPoint).
	NewClient bool
	// MadeByCaller: credkit makes the new credential (CSP's secret, an
	// Auth0 key pair), so it reaches the user before the request that
	// installs it; otherwise the vendor makes it and it reaches the user
	// from the vendor's answer.
	MadeByCaller bool
	// ShownOnce: the new credential's secret is shown only once, by this
	// rotation: lost, it is lost for good.
	ShownOnce bool
	// Immediate: the old credential stops working at once, with the
	// caller's consent (RotateOptions.AllowImmediateRotation).
	Immediate bool
	// When says which clients rotate this way, for people ("client-secret
	// clients"); "" for every client.
	When string
}

// Advice is a vendor's word on what to do about its errors, where it
// differs from the generic one. Values may name the vendor's settings.
type Advice struct {
	// Codes holds what to do about an error of a code, such as the
	// variables to check after Unauthenticated or the role a token needs
	// after PermissionDenied.
	Codes map[Code]string
	// Reasons holds what a refusal for a reason means at this vendor and
	// what to do, where the generic wording does not fit.
	Reasons map[Reason]ReasonAdvice
	// Ops holds what to do after Unimplemented, by operation (as
	// "CreateSecret"), where the vendor has another way.
	Ops map[string]string
}

// ReasonAdvice says what a refusal means and what to do; either may be
// empty for the generic wording.
type ReasonAdvice struct{ Says, Fix string }

// DemoOptions tune a demo simulator.
type DemoOptions struct {
	// Addr is the loopback host:port the simulator will be served on; the
	// settings that point a provider at it use it.
	Addr string
	// Clock is the simulator's clock; DemoClock.At moves it while the
	// demo clients are made, so that some look old.
	Clock DemoClock
	// Seed makes the simulator's IDs the same on every run.
	Seed uint64
}

// DemoClock is the clock of a demo simulator.
type DemoClock interface {
	Now() time.Time
	// At runs f with the clock standing d from now.
	At(d time.Duration, f func())
}

// Demo is a vendor's simulator seeded with demo clients: a fresh one, one
// whose secret is older than the default audit policy allows, and what
// else shows the vendor's features.
type Demo struct {
	// Handler serves the simulator; Seed must run once it is served.
	Handler http.Handler
	// Seed makes the demo clients through the API; it fills Clients.
	Seed func(ctx context.Context) error
	// Hostile returns the simulator misbehaving in a mode of package
	// sim's Hostility (credkit sim --hostile); nil when it cannot.
	Hostile func(mode int) http.Handler
	// Settings point a provider at the simulator.
	Settings Settings
	// Clients are the demo clients, once seeded.
	Clients []DemoClient
	// RotateFlags are the flags an example rotation of a demo client
	// needs, such as --allow-new-client-id.
	RotateFlags []string
}

// DemoClient is a client a demo simulator starts with.
type DemoClient struct {
	Name string `json:"name"`
	ID   string `json:"id"`
	Note string `json:"note,omitempty"`
}

var registry struct {
	mu      sync.RWMutex
	vendors map[Vendor]*VendorSpec
}

// Register makes a vendor known by its name. It panics, as
// database/sql.Register does, when spec is nil, lacks a name or Open, or
// a vendor of that name is registered already: these are programming
// errors found at start-up.
func Register(spec *VendorSpec) {
	if err := spec.check(); err != nil {
		panic("unified: Register: " + err.Error())
	}
	registry.mu.Lock()
	defer registry.mu.Unlock()
	if registry.vendors == nil {
		registry.vendors = map[Vendor]*VendorSpec{}
	}
	if _, dup := registry.vendors[spec.Name]; dup {
		panic("unified: Register: vendor " + string(spec.Name) + " is registered twice")
	}
	registry.vendors[spec.Name] = spec
}

// check refuses a spec the rest of credkit could not use.
func (v *VendorSpec) check() error {
	switch {
	case v == nil:
		return fmt.Errorf("nil VendorSpec")
	case v.Name == "" || strings.ToLower(string(v.Name)) != string(v.Name) || strings.ContainsAny(string(v.Name), " \t/"):
		return fmt.Errorf("vendor name %q is not a lower-case word", v.Name)
	case v.Open == nil:
		return fmt.Errorf("vendor %s has no Open", v.Name)
	case v.Rotation.Rebuild == nil || v.Rotation.FinishArgs == nil:
		return fmt.Errorf("vendor %s lacks Rotation.Rebuild or Rotation.FinishArgs", v.Name)
	}
	keys := map[string]bool{}
	for _, s := range v.Settings {
		if s.Key == "" || s.Env == "" {
			return fmt.Errorf("vendor %s has a setting without a key or a variable", v.Name)
		}
		keys[s.Key] = true
	}
	for _, set := range v.Requires {
		for _, k := range set {
			if !keys[k] {
				return fmt.Errorf("vendor %s requires %q, which is not one of its settings", v.Name, k)
			}
		}
	}
	return nil
}

// Vendors returns the registered vendors, sorted by name.
func Vendors() []*VendorSpec {
	registry.mu.RLock()
	defer registry.mu.RUnlock()
	out := make([]*VendorSpec, 0, len(registry.vendors))
	for _, v := range registry.vendors {
		out = append(out, v)
	}
	slices.SortFunc(out, func(a, b *VendorSpec) int { return strings.Compare(string(a.Name), string(b.Name)) })
	return out
}

// Lookup returns the registered vendor of a name, which is matched
// without regard to case, or nil.
func Lookup(name string) *VendorSpec {
	registry.mu.RLock()
	defer registry.mu.RUnlock()
	return registry.vendors[Vendor(strings.ToLower(name))]
}
