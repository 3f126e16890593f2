package main

import (
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/credkit/credkit/unified"
)

// What the secrets commands share: their JSON views, and the flags and
// command lines of rotations.

const showSecretUsage = "print secret values (default: redacted)"

// age is how long ago t was, or "" when t is unknown.
func age(now, t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return formatAge(now.Sub(t))
}

// rotationJSON is a rotation in the output.
type rotationJSON struct {
	Vendor        unified.Vendor        `json:"vendor"`
	ClientID      string                `json:"clientId"`
	NewClientID   string                `json:"newClientId,omitempty"`
	New           credentialJSON        `json:"new"`
	Old           unified.CredentialRef `json:"old"`
	OldValidUntil time.Time             `json:"oldValidUntil,omitzero"`
}

// bulkJSON is the outcome of one client of a bulk rotation or finish.
type bulkJSON struct {
	ClientID string        `json:"clientId"`
	Result   string        `json:"result"`
	Rotation *rotationJSON `json:"rotation,omitempty"`
	Error    string        `json:"error,omitempty"`
}

func rotationView(r *unified.Rotation, show bool) *rotationJSON {
	if r == nil {
		return nil
	}
	return &rotationJSON{Vendor: r.Vendor, ClientID: r.ClientID, NewClientID: r.NewClientID, New: credentialView(r.New, show), Old: r.Old, OldValidUntil: r.OldValidUntil}
}

// bulkOutcome names a bulk status for people; done is "begun" or
// "finished".
func bulkOutcome(st unified.BulkStatus, done string) string {
	if st == unified.BulkDone {
		return done
	}
	return string(st)
}

// maxOverlap is the longest overlap a vendor takes: CSP counts it in
// seconds in an int32.
const maxOverlap = math.MaxInt32 * time.Second

// addStateWaitFlag adds --state-wait, how long to wait for another run
// that holds the state file.
func addStateWaitFlag(cmd *cobra.Command, d *durationFlag) {
	cmd.Flags().Var(d, "state-wait", "how long to wait for another credkit that holds the --state file, a `duration` (0: fail at once)")
}

// defaultStateWait is how long a run waits for the state file by default.
const defaultStateWait = 30 * time.Second

// resumeEnv is the variable the advice to resume a rotation names.
const resumeEnv = "NEW_SECRET"

// resumeCommand is the command line that resumes the failed rotation of
// client with the secret in $NEW_SECRET, with the options it began with.
func resumeCommand(vendor, client string, overlap time.Duration, allow bool, statePath string) string {
	cmd := "credkit secrets rotate --vendor " + vendor + " " + client + " --show-secret --new-secret-env " + resumeEnv
	if overlap > 0 {
		cmd += " --overlap " + durationArg(overlap)
	}
	if allow {
		cmd += " --allow-new-client-id"
	}
	if statePath != "" {
		cmd += " --state " + statePath
	}
	return cmd
}

// durationArg is d as --overlap takes it, without losing precision.
func durationArg(d time.Duration) string {
	if day := 24 * time.Hour; d%day == 0 {
		return strconv.Itoa(int(d/day)) + "d"
	}
	s := d.String() // "36h0m0s"
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}

// usageProblem is an error in the arguments found after connecting.
type usageProblem struct{ msg string }

func (u *usageProblem) Error() string { return u.msg }
