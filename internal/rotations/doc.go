// Package rotations runs rotations through a journal, so that none is lost
// when a process dies: State is the locked journal of rotations (no
// secrets), SecretFile where new secrets go before anything else can fail,
// and Provider a unified.CredentialProvider that records each rotation's
// intent before the request that makes it effective and its outcome
// after, compares saved rotations with the vendor (unified.RotationChecker)
// before resuming or finishing them, and rolls back a replacement client
// whose secret was never shown. The CLI's `secrets rotate --state` and
// `secrets finish --state` use it; the fault storm of internal/reliability
// runs through it with simulated process kills.
//
// # Errors
//
// Provider returns the provider's *unified.Error; a saved rotation the
// vendor disagrees with fails with unified.ReasonRotationStale (and is
// dropped), one found finished with unified.ReasonNothingToFinish.
package rotations
