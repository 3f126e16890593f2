// Package unified is one portable API for the OAuth client credentials of
// several identity vendors: a *Provider lists, creates, revokes and rotates
// client secrets, JSON Web Keys, X.509 key credentials, CSRs and refresh
// tokens the same way whichever vendor is behind it. Every operation is a
// method of Provider; one a vendor lacks answers Unimplemented (with
// ReasonNotSupported) without a request, and Capabilities says ahead of
// time which work, so no caller type-asserts anything.
//
// # Vendors
//
// Each vendor is one registered value, a *VendorSpec declared in the
// vendor's own package (unified/okta, unified/sailpoint, unified/vmwarecsp,
// unified/auth0) and registered when that package is imported, as
// database/sql drivers are:
//
//	import _ "github.com/credkit/credkit/unified/okta"
//
//	spec := unified.Lookup("okta")
//	p, err := spec.OpenSettings(unified.Settings{"org-url": url, "api-token": token}, nil)
//
// A VendorSpec carries everything the rest of credkit needs to know of a
// vendor: its settings (flags, environment variables, which are required
// and which stand in for which), how to open a provider from them, what a
// rotation makes (a secret in place, a new client, a key; made by credkit
// or by the vendor; shown once or not), how to rebuild a rotation from
// saved IDs and the finish command to print, its advice, and its demo
// simulator. The command line, the rotation journal and the shared test
// suites loop over Vendors; nothing outside a vendor's packages names one.
// Each vendor package also has a constructor, New(cfg, opts), for programs
// that configure it in Go.
//
// Underneath, each vendor is a small driver (package unified/driver) under
// one portable implementation, which does for every vendor what users rely
// on: ID checks before any request, a rotation's shape and phase checked
// once (so the same input gets the same code and reason from every vendor;
// unified/providertest proves it), operation names in errors, wrapping
// every failure into a new *Error, Unimplemented for what a vendor lacks,
// Capabilities derived from what the driver implements, and Close.
//
// # Adding a vendor
//
// A new vendor needs a spec, gen/<vendor>, a driver in unified/<vendor>
// implementing driver.Driver and the optional driver interfaces it can
// (see package unified/driver), its VendorSpec registered in an init
// function of the same package, a simulator or a real server, cassettes,
// and one import line where the program is assembled (cmd/credkit's
// vendors.go). Nothing in this package or in the CLI changes.
//
// # Rotation
//
// RotateSecret begins a rotation: when it returns, a new credential exists and
// the old one still works, until Rotation.OldValidUntil or until
// FinishRotation retires it. No step ever removes the only working secret of
// a client; a failed step leaves both old and new usable, and calling
// RotateSecret again with the earlier Rotation as RotateOptions.Resume (or
// FinishRotation again) completes it instead of creating a third secret.
// The one exception needs the caller's consent: where a vendor can only
// replace a client's secret at once (Capabilities.RotateImmediately; an
// Auth0 client that authenticates with its secret), RotateSecret refuses
// with ReasonImmediateRotation unless RotateOptions.AllowImmediateRotation
// is set, and then the old secret stops working when it returns.
//
// # Concurrent rotators
//
// The CLI serializes rotations of a client through its journal's lock; a
// program using the library has no journal, and two library rotators of
// one client (two goroutines, two processes) may run at once. Where the
// vendor lists every credential of a client (Okta's secrets, Auth0's and
// Hydra's private_key_jwt keys) the portable type checks each step, for
// every such vendor alike:
//
//   - after RotateSecret, the client must hold the rotation's old and new
//     credentials and nothing else. When another rotator's credential is
//     there too (this one read the client before the other changed it),
//     the rotation withdraws its own new credential (it retires nothing
//     else) and fails with ReasonRotationOvertaken, Phase abandoned: use
//     the other rotation's credential, or rotate anew;
//   - FinishRotation retires exactly the rotation's old credential, by ID,
//     after checking that its new one is there and active (each driver
//     does). Where the vendor enforces its limit and never brings a deleted
//     credential back (Okta, Auth0) that suffices: another credential can
//     only appear once the old one is retired. Where a stale writer can
//     drop or restore a credential (Hydra) the portable type also reads
//     the client before (another credential besides old and new:
//     ReasonOtherRotationOpen, nothing retired) and after (the old
//     credential back, or the new one not active: ReasonRotationOvertaken,
//     not finished).
//
// So two library rotators of one client leave exactly one working
// credential, and two rotations never both finish from one old
// credential: each rotator either finishes (then its new credential is the
// client's, or a later rotation's old one) or gets a FailedPrecondition
// with ReasonRotationOpen, ReasonOtherRotationOpen, ReasonLimitReached or
// ReasonRotationOvertaken. unified/providertest runs two rotators × 40
// rounds against each vendor's simulator (Hydra: the real server) and
// checks that after every round. CSP holds one open rotation per client
// itself (a second POST is 409, ReasonRotationOpen). Hydra writes a key
// set without a condition, so the steps of one client's rotations are
// serialized within a process; two processes can still lose a write (see
// unified/ory). SailPoint cannot tell two replacement clients of one
// client apart, so it detects what it cannot prevent: a rotation whose old
// client another rotator deleted fails with ReasonRotationOvertaken (its
// replacement withdrawn at begin; both replacements kept at finish, which
// the caller then resolves), as long as the rotation was begun in the
// same process (a stored one cannot tell; see unified/sailpoint).
//
// # Rotation states
//
// A Rotation's Phase means the same for every vendor:
//
//	pending ──vendor confirms new──▶ begun ──FinishRotation──▶ finished
//	   │                               │
//	   └──new never made / removed─────┴──────────────────────▶ abandoned
//
// A rotation is pending from the moment it is recorded (before the request
// that makes it effective) until the vendor confirms its new credential;
// RotateSecret with RotateOptions.Resume moves it to begun, whatever the
// first request's fate. FinishRotation moves begun to finished. What each
// vendor does at each step, and what CheckRotation reads back:
//
//	vendor     begin (pending → begun)            finish (begun → finished)     read back (RotationInspector)
//	okta       add a secret to the app (max 2)    deactivate, delete old secret  the app's active secrets, IDs, ages
//	sailpoint  create a replacement client        delete the old client          whether old and new clients exist
//	vmwarecsp  POST the new secret; old = previous DELETE the previous secret     whether the saved secret is current
//	auth0 key  upload a key (max 2), enable both  disable, delete the old key    every key the client holds, enabled or not
//	auth0 sec. rotate-secret at once (consent)    nothing left (old died)        that the client exists (stays begun)
//
// CheckRotation (RotationChecker) compares a saved Rotation with the vendor
// and returns it as the vendor shows it: begun when both credentials work,
// finished when only the new one does; otherwise an *Error with
// ReasonRotationStale (the new credential is gone) or
// ReasonOtherRotationOpen (another credential besides old and new works).
// CSP cannot list secrets: it confirms a rotation only when the saved
// rotation's secret is given back (it is checked with a token request).
//
// # Errors
//
// Every error a provider returns is an *Error with a Code from a frozen set
// (NotFound, AlreadyExists, InvalidArgument, FailedPrecondition,
// PermissionDenied, Unauthenticated, RateLimited, Unimplemented, Unavailable,
// Internal), the HTTP status, the vendor's own error code and message, the
// vendor's request ID and, for RateLimited, the delay the vendor asked for.
// errors.Is works with one sentinel per code (ErrNotFound, ...), and CodeOf
// extracts the code. A refusal the caller must act on also carries a
// Reason (see below): errors.Is(err, ReasonRotationOpen), or ReasonOf. Invalid input (an empty or malformed ID) is refused
// with InvalidArgument before any request is sent. An operation a vendor
// cannot do returns Unimplemented, never a silent no-op; Capabilities says so
// ahead of time. The portable type wraps each driver error in a new *Error
// naming the vendor and the operation (the driver's own value is never
// edited); an error that ended with the context keeps it as its cause, so
// errors.Is(err, context.Canceled) holds.
//
// # Reasons
//
// Every refusal a caller must act on carries a Reason, a stable word that
// does not change when a message is reworded: decide on reasons (errors.Is
// with the Reason, or ReasonOf), never on message text.
//
//	reason               code                          what to do
//	invalid_id           InvalidArgument               fix the ID; nothing was sent
//	invalid_config       InvalidArgument               fix the provider's settings (New)
//	not_supported        Unimplemented                 the vendor cannot; see Capabilities
//	consent_required     FailedPrecondition            set RotateOptions.AllowNewClientID
//	immediate_rotation   FailedPrecondition            set RotateOptions.AllowImmediateRotation (no overlap)
//	rotation_open        FailedPrecondition            finish the open rotation, or Resume it
//	other_rotation_open  FailedPrecondition            another rotation holds the client: finish it or let it end
//	resume_needed        FailedPrecondition            the rotation never began: RotateSecret with Resume first
//	secret_required      FailedPrecondition            pass the new secret as RotateOptions.NewSecret
//	secret_not_accepted  Unimplemented, InvalidArgument the vendor makes secrets itself, or the one given differs
//	only_active_secret   FailedPrecondition            rotate instead of revoking the only working secret
//	limit_reached        InvalidArgument               the client holds MaxSecrets: revoke one first
//	new_credential_gone  FailedPrecondition            the rotation's new secret or client is gone: rotate anew
//	new_client_unknown   FailedPrecondition, any       a replacement client may be orphaned: list, delete, rotate again
//	new_client_disabled  FailedPrecondition            enable the replacement client, then finish
//	rotation_mismatch    InvalidArgument               the Rotation is another vendor's or client's
//	rotation_stale       FailedPrecondition            the saved Rotation disagrees with the vendor: drop it, rotate anew
//	rotation_overtaken   FailedPrecondition            another rotator changed the client meanwhile: read it again, rotate anew
//	nothing_to_finish    FailedPrecondition            no rotation is open; nothing was changed
//
// # As
//
// Credential.As and ErrorAs reach the vendor's own generated type when a
// field is missing from the portable one: a secret from unified/okta answers
// cred.As(&v) with v of type okta.OAuth2ClientSecret (gen/okta), and
// unified.ErrorAs(err, &body) with body of type *okta.Error gives the error
// body Okta sent. (Vendor bodies do not implement error, so errors.As cannot
// take them.) Each provider's documentation lists its types.
//
// # Secrets
//
// Secret values are held in a Secret, whose String, GoString, Format,
// MarshalJSON, MarshalText and LogValue all print a redaction: a secret
// cannot reach a log or an error message by accident. Reveal returns it.
package unified
