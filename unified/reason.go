package unified

import "errors"

// Reason says, in a stable word, why a request was refused, where the
// caller has something to do about it: the CLI chooses its advice from
// reasons, never from message text, and so can a program. Messages may
// change wording; reasons do not. The package documentation lists them.
//
// A Reason is also an error, so that errors.Is(err, ReasonRotationOpen)
// asks whether err is a refusal for that reason.
type Reason string

// The reasons. Each is documented with the codes it comes with and what
// to do.
const (
	// ReasonInvalidID (InvalidArgument): an ID is empty or cannot be one;
	// no request was sent.
	ReasonInvalidID Reason = "invalid_id"
	// ReasonInvalidConfig (InvalidArgument): the provider's settings are
	// missing or malformed (a constructor's error).
	ReasonInvalidConfig Reason = "invalid_config"
	// ReasonNotSupported (Unimplemented): the vendor cannot do this
	// operation at all; Capabilities says so ahead of time.
	ReasonNotSupported Reason = "not_supported"
	// ReasonConsentRequired (FailedPrecondition): rotating replaces the
	// client, so its ID changes; set RotateOptions.AllowNewClientID.
	ReasonConsentRequired Reason = "consent_required"
	// ReasonImmediateRotation (FailedPrecondition): the vendor can only
	// replace this client's secret at once, with no overlap, so the old
	// secret would stop working before anything is deployed; set
	// RotateOptions.AllowImmediateRotation to consent (Auth0).
	ReasonImmediateRotation Reason = "immediate_rotation"
	// ReasonRotationOpen (FailedPrecondition): the client is in the middle
	// of an unfinished rotation; finish it, or resume it with
	// RotateOptions.Resume.
	ReasonRotationOpen Reason = "rotation_open"
	// ReasonOtherRotationOpen (FailedPrecondition): a rotation that is not
	// the one being resumed holds the client (another process, another
	// secret); finish it or let it end, then resume.
	ReasonOtherRotationOpen Reason = "other_rotation_open"
	// ReasonResumeNeeded (FailedPrecondition): the rotation never began
	// (the vendor did not confirm the new secret); resume it with
	// RotateOptions.Resume before finishing it.
	ReasonResumeNeeded Reason = "resume_needed"
	// ReasonSecretRequired (FailedPrecondition): resuming needs the new
	// secret's value, which a stored Rotation does not keep; pass it as
	// RotateOptions.NewSecret.
	ReasonSecretRequired Reason = "secret_required"
	// ReasonSecretNotAccepted (Unimplemented, InvalidArgument): the vendor
	// makes secrets itself and cannot take the one given, or the one given
	// differs from the rotation's.
	ReasonSecretNotAccepted Reason = "secret_not_accepted" //nolint:gosec // G101: the name of a reason, not a secret
	// ReasonOnlyActiveSecret (FailedPrecondition): refusing to revoke or
	// deactivate the client's only working secret; rotate instead.
	ReasonOnlyActiveSecret Reason = "only_active_secret"
	// ReasonLimitReached (InvalidArgument, FailedPrecondition): the client
	// holds as many secrets as the vendor allows
	// (Capabilities.MaxSecrets); revoke one first.
	ReasonLimitReached Reason = "limit_reached"
	// ReasonNewCredentialGone (FailedPrecondition): the rotation's new
	// secret or new client no longer exists; begin a new rotation.
	ReasonNewCredentialGone Reason = "new_credential_gone" //nolint:gosec // G101: the name of a reason, not a credential
	// ReasonNewClientUnknown (FailedPrecondition, or the error of a
	// creation whose answer was lost): the replacement client may exist
	// without the rotation knowing it; list the clients, delete the
	// orphan, rotate again.
	ReasonNewClientUnknown Reason = "new_client_unknown"
	// ReasonNewClientDisabled (FailedPrecondition): the replacement client
	// is disabled while the old one is not; enable it, then finish.
	ReasonNewClientDisabled Reason = "new_client_disabled"
	// ReasonRotationMismatch (InvalidArgument): the Rotation belongs to
	// another vendor or client, or is malformed.
	ReasonRotationMismatch Reason = "rotation_mismatch"
	// ReasonRotationStale (FailedPrecondition): a saved rotation disagrees
	// with the vendor (its new credential is gone, or another rotation
	// replaced it): the client was rotated, finished or rolled back without
	// it. Drop the saved rotation and rotate anew if needed.
	ReasonRotationStale Reason = "rotation_stale"
	// ReasonRotationOvertaken (FailedPrecondition): another rotator
	// changed the client's credentials while this rotation ran (two
	// library rotators of one client at once), so this one stopped
	// without retiring anything another rotation's new credential
	// depends on. Its own new credential was withdrawn when the other
	// rotation's works instead (the message says which); nothing of this
	// rotation is in force then. Read the client again, and rotate anew
	// if still needed.
	ReasonRotationOvertaken Reason = "rotation_overtaken"
	// ReasonNothingToFinish (FailedPrecondition): no rotation of the client
	// is open, so finishing would retire nothing; nothing was changed.
	ReasonNothingToFinish Reason = "nothing_to_finish"
)

// Error makes a Reason usable as an errors.Is target; it is the word
// itself.
func (r Reason) Error() string { return string(r) }

// ReasonOf returns the Reason of the first *Error in err's chain, or "".
func ReasonOf(err error) Reason {
	var e *Error
	if errors.As(err, &e) {
		return e.Reason
	}
	return ""
}
