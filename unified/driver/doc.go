// Package driver is what a vendor adapter implements to become a
// unified.CredentialProvider, as go-cloud's secrets/driver and
// database/sql/driver are for theirs: a small Driver interface, optional
// interfaces for what only some vendors have, and NewProvider, the
// portable type that users receive.
//
// # The split
//
// The portable type (NewProvider) does, once for every vendor, what users
// rely on: it refuses empty or malformed IDs before any request (CheckID,
// with the driver's Info.MaxIDLength), names the operation in every error,
// wraps every failure into a *unified.Error exactly once (a driver's
// *unified.Error gets its Vendor and Op filled in; anything else becomes
// Internal, or Unavailable when the context ended), answers Unimplemented
// with unified.ReasonNotSupported, without a request, for every operation
// whose optional interface the driver lacks, and derives Capabilities from
// the interfaces the driver implements, so that the two cannot disagree. A
// driver only translates between its generated client's types and the
// unified types, and decodes its vendor's errors with one table.
//
// # Adding a vendor
//
//  1. Write specs/<vendor>.yaml and gen/<vendor> (go generate).
//  2. In unified/<vendor>, a type implementing Driver: Info says the
//     vendor's name, its ID length limit, how many secrets a client holds,
//     whether rotation replaces the client and whether some clients can
//     only be rotated at once (ImmediateRotation); RotateSecret and
//     FinishRotation do the vendor's rotation; Close releases idle
//     connections.
//  3. Implement the optional interfaces the vendor supports (SecretLister,
//     SecretGetter, SecretCreator, SecretRevoker, and the unified managers
//     JSONWebKeyManager, KeyCredentialManager, CSRManager,
//     RefreshTokenManager, ClientLister, ClientDeleter, SecretRegenerator,
//     SecretStateManager): nothing else is needed for the operation to
//     work and for Capabilities to say so. A driver's listings
//     (RefreshTokenManager's ListRefreshTokens, ClientLister) push: they
//     call yield with each item, stop when it returns false, and return
//     the error that ended the listing; the portable type makes the
//     iter.Seq2 the user ranges over.
//  4. The adapter's New(cfg, opts) returns NewProvider(d).
//  5. Return *unified.Error from the driver with a Code, the vendor's code
//     and message, and a unified.Reason for every refusal the caller must
//     act on; attach the vendor's bodies with WithVendorBody and
//     WithVendorValue (WithVendorPointer for the items of a decoded page,
//     without an allocation each) so that As reaches them.
//  6. A simulator in sim/<vendor> with a Harness, and run
//     unified/providertest against it.
//
// The CLI needs one table entry (its vendor settings) and nothing else.
//
// # What the portable type guarantees a driver
//
// Every ID argument passed CheckID; options are never nil; a Rotation given
// to RotateSecret (as RotateOptions.Resume) or FinishRotation is not nil,
// belongs to the driver's vendor and names the client it is used with;
// every non-empty ID inside it passed CheckID.
package driver
