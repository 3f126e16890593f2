package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strings"

	"github.com/credkit/credkit/unified"
)

// session is a provider to work with, and what to close afterwards.
type session struct {
	provider *unified.Provider
	// demo is the in-process simulator of --demo; nil against a real
	// tenant or a running `credkit sim`.
	demo *demoServer
}

// close closes the provider and stops the demo simulator.
func (s *session) close() {
	_ = s.provider.Close()
	if s.demo != nil {
		s.demo.close()
	}
}

// resolve maps the names of demo clients to their IDs, so that
// "legacy-batch" works against the in-process simulator; other arguments
// pass unchanged.
func (s *session) resolve(ids []string) []string {
	if s.demo == nil {
		return ids
	}
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = id
		for _, c := range s.demo.clients {
			if c.Name == id {
				out[i] = c.ID
			}
		}
	}
	return out
}

// configError is a provider configuration that cannot work: a usage
// error (exit 2), not a failure.
type configError struct{ err error }

func (e *configError) Error() string { return e.err.Error() }
func (e *configError) Unwrap() error { return e.err }

// demoWanted reports whether --demo or CREDKIT_DEMO asks for the
// simulator.
func demoWanted(v *vendorOptions, getenv func(string) string) bool {
	if v.Demo {
		return true
	}
	d := getenv(envDemo)
	return d != "" && d != "0" && !strings.EqualFold(d, "false")
}

// openSession builds the provider of the vendor v names (checked by
// parseVendor) from flags and environment, or, when asked with --demo,
// starts the demo simulator. Without credentials and without --demo it
// refuses (a usage error naming the variables), and it names the setting
// missing from a partial configuration.
func openSession(ctx context.Context, f *factory, v *vendorOptions) (*session, error) {
	vendor, err := parseVendor(v.Vendor)
	if err != nil {
		return nil, &configError{err}
	}
	spec := specOf(vendor)
	if demoWanted(v, f.Getenv) {
		return openDemo(ctx, f, spec)
	}
	settings := settingsOf(spec, v, f.Getenv)
	if spec.Empty(settings) {
		return nil, &configError{fmt.Errorf("no %s credentials: set %s, or pass --demo (or %s=1) to run against an in-process simulator with demo clients",
			vendor, spec.RequiredText(), envDemo)}
	}
	p, err := spec.OpenSettings(settings, openOptions)
	var e *unified.Error
	if errors.As(err, &e) && e.Op == "Open" {
		// The settings' own refusal (missing, malformed): its message
		// says it all, in the variables' names.
		return nil, &configError{errors.New(e.Message)}
	}
	if err != nil {
		return nil, &configError{err}
	}
	return &session{provider: p}, nil
}

// credentialsSet reports whether the environment or flags configure the
// vendor v names, without --demo: completion reaches a vendor only then.
func credentialsSet(f *factory, v *vendorOptions) bool {
	vendor, err := parseVendor(v.Vendor)
	if err != nil || demoWanted(v, f.Getenv) {
		return false
	}
	spec := specOf(vendor)
	settings := settingsOf(spec, v, f.Getenv)
	return !spec.Empty(settings) && len(spec.Missing(settings)) == 0
}

// openDemo starts the vendor's simulator in-process, seeded with demo
// clients, and says so on stderr in one line.
func openDemo(ctx context.Context, f *factory, spec *unified.VendorSpec) (*session, error) {
	if spec.Demo == nil {
		return nil, &configError{fmt.Errorf("%s has no demo simulator: point credkit at a server with %s", spec.Name, spec.RequiredText())}
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	demo, err := serveDemoAt(ctx, f.Clock, spec, ln)
	if err != nil {
		return nil, err
	}
	var names []string
	for _, dc := range demo.clients {
		names = append(names, dc.Name+"="+dc.ID)
	}
	fmt.Fprintf(f.IO.ErrOut, "credkit: demo mode: using an in-process %s simulator with demo clients %s\n", spec.Name, strings.Join(names, ", "))
	p, err := spec.OpenSettings(demo.settings, openOptions)
	if err != nil {
		demo.close()
		return nil, err
	}
	return &session{provider: p, demo: demo}, nil
}

// openOptions, when set, tune every provider the CLI opens; tests set its
// Rand for repeatable secrets.
var openOptions *unified.OpenOptions
