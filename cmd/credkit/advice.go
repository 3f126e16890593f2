package main

import (
	"context"
	"errors"
	"regexp"
	"strings"

	"github.com/credkit/credkit/unified"
)

// The CLI's advice is chosen from an error's Code, Reason, Vendor and Op,
// never from its message: a refusal with a reason in reasonAdvice is
// reported with the CLI's own sentence for it, so that a Go caller's
// advice in the library's message ("set RotateOptions.Resume") never
// reaches a CLI user, and rewording a message changes nothing here.

// advice is what the CLI says about one reason: what happened, and what a
// CLI user does about it. Either may depend on the vendor and operation.
type advice struct {
	says func(v unified.Vendor, op string) string
	fix  func(v unified.Vendor, op string) string
}

func fixed(s string) func(unified.Vendor, string) string {
	return func(unified.Vendor, string) string { return s }
}

// rewordErrors, when set, rewrites every error the CLI describes; tests
// use it to reword every message of the library and check that the advice
// stays.
var rewordErrors func(error) error

// describe is err on one line, then what to fix, if known.
func describe(vendor string, err error) string {
	if rewordErrors != nil {
		err = rewordErrors(err)
	}
	var ue *unified.Error
	if errors.As(err, &ue) && ue.Reason != "" {
		if says, fix, ok := adviceFor(vendorOf(vendor, ue), ue.Reason, ue.Op); ok {
			said := *ue
			said.Message = says
			return oneLine(strings.TrimPrefix(said.Error(), "credkit: ")) + "; " + fix
		}
	}
	msg := oneLine(strings.TrimPrefix(err.Error(), "credkit: "))
	if errors.As(err, &ue) {
		msg = flagWords(vendorOf(vendor, ue), msg)
	}
	if fix := hint(vendor, err); fix != "" {
		msg += "; " + fix
	}
	return msg
}

// optionFlags are the Go names of the options the library's messages
// name, and the flags that set them: a CLI user reads "--years", not
// "validityYears".
var optionFlags = map[string]string{
	"validityYears":                        "--years",
	"RotateOptions.Overlap":                "--overlap",
	"RotateOptions.NewSecret":              "the secret of --new-secret-env",
	"RotateOptions.AllowNewClientID":       "--allow-new-client-id",
	"RotateOptions.AllowImmediateRotation": "--allow-immediate-rotation",
}

// goIdentifiers matches the words of a message that may be Go names: an
// identifier, maybe qualified by a type.
var goIdentifiers = regexp.MustCompile(`\b[A-Za-z][A-Za-z0-9]*(\.[A-Z][A-Za-z0-9]*)?\b`)

// flagWords rewords a library message for a CLI user: the options and
// the vendor's configuration fields it names become the flags (and
// environment variables) that set them.
func flagWords(vendor unified.Vendor, msg string) string {
	settings := settingNames(vendor)
	return goIdentifiers.ReplaceAllStringFunc(msg, func(word string) string {
		if f, ok := optionFlags[word]; ok {
			return f
		}
		if s, ok := settings[word]; ok {
			return s
		}
		return word
	})
}

// describeFor is describe for the work on one client: the fix names the
// client where it shows "<client>".
func describeFor(vendor, client string, err error) string {
	return strings.ReplaceAll(describe(vendor, err), " <client> ", " "+client+" ")
}

func vendorOf(vendor string, ue *unified.Error) unified.Vendor {
	if ue.Vendor != "" {
		return ue.Vendor
	}
	return unified.Vendor(vendor)
}

// hint says what to fix after an error whose reason has no advice of its
// own, from its code and vendor, or "".
func hint(vendor string, err error) string {
	if errors.Is(err, context.Canceled) {
		return "interrupted"
	}
	var ue *unified.Error
	if !errors.As(err, &ue) {
		return ""
	}
	if _, fix, ok := adviceFor(vendorOf(vendor, ue), ue.Reason, ue.Op); ok {
		return fix
	}
	if ue.Reason == unified.ReasonInvalidConfig {
		return configFix(vendorOf(vendor, ue))
	}
	return codeFix(vendorOf(vendor, ue), ue.Code)
}
