package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"strings"

	"github.com/credkit/credkit/unified"
)

// session is a provider to work with, and what to close afterwards.
type session struct {
	provider unified.CredentialProvider
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
	if demoWanted(v, f.Getenv) {
		return openDemo(ctx, f, vendor)
	}
	cfg := configFor(vendor, v, f.Getenv)
	if cfg.empty() {
		return nil, &configError{fmt.Errorf("no %s credentials: set %s, or pass --demo (or %s=1) to run against an in-process simulator with demo clients",
			vendor, strings.Join(cfg.required(), " and "), envDemo)}
	}
	if missing := cfg.missing(); len(missing) > 0 {
		return nil, &configError{fmt.Errorf("%s %s not set (the %s settings are incomplete)", strings.Join(missing, " and "), isOrAre(len(missing)), vendor)}
	}
	p, err := newProvider(vendor, cfg)
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
	cfg := configFor(vendor, v, f.Getenv)
	return !cfg.empty() && len(cfg.missing()) == 0
}

func isOrAre(n int) string {
	if n == 1 {
		return "is"
	}
	return "are"
}

// openDemo starts the vendor's simulator in-process, seeded with demo
// clients, and says so on stderr in one line.
func openDemo(ctx context.Context, f *factory, vendor unified.Vendor) (*session, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	demo, err := serveDemoAt(ctx, f.Clock, vendor, ln)
	if err != nil {
		return nil, err
	}
	var names []string
	for _, dc := range demo.clients {
		names = append(names, dc.Name+"="+dc.ID)
	}
	fmt.Fprintf(f.IO.ErrOut, "credkit: demo mode: using an in-process %s simulator with demo clients %s\n", vendor, strings.Join(names, ", "))
	p, err := newProvider(vendor, demo.config())
	if err != nil {
		demo.close()
		return nil, err
	}
	return &session{provider: p, demo: demo}, nil
}

// cspRand, when set, is where the CSP provider draws the secrets it
// generates; tests set it for repeatable output.
var cspRand io.Reader

// wrapProvider, when set, wraps every provider the CLI builds; tests use it
// to reword every message of the library and check that the advice stays.
var wrapProvider func(unified.CredentialProvider) unified.CredentialProvider

// newProvider builds the vendor's provider, which sends no request.
func newProvider(vendor unified.Vendor, cfg vendorConfig) (unified.CredentialProvider, error) {
	p, err := constructProvider(vendor, cfg)
	if err != nil || wrapProvider == nil {
		return p, err
	}
	return wrapProvider(p), nil
}
