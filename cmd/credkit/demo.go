package main

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/credkit/credkit/sim"
	"github.com/credkit/credkit/unified"
)

// clock is the clock of the factory main builds (factory.Clock): the age
// of credentials in audits, and the clock of the simulators a command
// starts. Tests stop it.
var clock sim.Clock = sim.SystemClock{}

// demoSeed seeds the demo simulators, so that their IDs are the same on
// every run.
const demoSeed = 6

// The ages of the demo credentials that break the default audit policy.
const (
	demoOldSecret   = unified.DemoOldSecret
	demoKeyLifetime = unified.DemoKeyLifetime // left before the demo key expires
)

// demoClock is a clock shifted by an offset, so that demo clients can be
// made in the past.
type demoClock struct {
	base   sim.Clock
	mu     sync.Mutex
	offset time.Duration
}

func (c *demoClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.base.Now().Add(c.offset)
}

// At runs f with the clock standing d from now.
func (c *demoClock) At(d time.Duration, f func()) {
	c.mu.Lock()
	c.offset = d
	c.mu.Unlock()
	defer func() {
		c.mu.Lock()
		c.offset = 0
		c.mu.Unlock()
	}()
	f()
}

// demoClient is a client a demo simulator starts with.
type demoClient struct {
	Name string `json:"name"`
	ID   string `json:"id"`
	Note string `json:"note,omitempty"`
}

// demoServer is one vendor's simulator, served on a loopback listener and
// seeded with demo clients.
type demoServer struct {
	vendor  unified.Vendor
	url     string
	clients []demoClient
	// settings point credkit at the simulator; env are they as
	// environment variables, in the order to print them.
	settings unified.Settings
	env      []envVar
	server   *http.Server
	// rotateFlags are what an example rotation needs (consents).
	rotateFlags []string
	// canList: the vendor lists its clients, so an audit needs no IDs.
	canList bool
}

type envVar struct{ name, value string }

// close stops the simulator at once, when its user is done with it.
func (d *demoServer) close() { _ = d.server.Close() }

// shutdown stops the simulator gracefully: requests in flight, from other
// processes, get their answers first, for up to two seconds.
func (d *demoServer) shutdown() {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	if d.server.Shutdown(ctx) != nil {
		d.close()
	}
}

func (d *demoServer) clientIDs() []string {
	ids := make([]string, len(d.clients))
	for i, c := range d.clients {
		ids[i] = c.ID
	}
	return ids
}

// serveDemo starts spec's simulator on ln and seeds it with demo clients
// (the spec's Demo says which).
//
// With a hostility, the simulator misbehaves that way once seeded.
func serveDemo(ctx context.Context, spec *unified.VendorSpec, ln net.Listener, hostile ...sim.Hostility) (*demoServer, error) {
	return serveDemoAt(ctx, clock, spec, ln, hostile...)
}

// serveDemoAt is serveDemo on the clock now.
func serveDemoAt(ctx context.Context, now sim.Clock, spec *unified.VendorSpec, ln net.Listener, hostile ...sim.Hostility) (*demoServer, error) {
	// Seeding takes a moment and must not stop half-way.
	ctx = context.WithoutCancel(ctx)
	if spec.Demo == nil {
		_ = ln.Close()
		return nil, fmt.Errorf("%s has no demo simulator", spec.Name)
	}
	demo, err := spec.Demo(ctx, &unified.DemoOptions{Addr: ln.Addr().String(), Clock: &demoClock{base: now}, Seed: demoSeed})
	if err != nil {
		_ = ln.Close()
		return nil, err
	}
	d := &demoServer{vendor: spec.Name, url: "http://" + ln.Addr().String(), settings: demo.Settings, rotateFlags: demo.RotateFlags}
	for _, s := range spec.Settings {
		if v := demo.Settings[s.Key]; v != "" {
			d.env = append(d.env, envVar{s.Env, v})
		}
	}
	handler := demo.Handler
	serve := handler
	var front atomic.Pointer[http.Handler] // seeding goes through the plain simulator
	mode := sim.Hostility(0)
	if len(hostile) > 0 {
		mode = hostile[0]
	}
	if mode != 0 {
		if demo.Hostile == nil {
			_ = ln.Close()
			return nil, fmt.Errorf("the %s simulator cannot misbehave", spec.Name)
		}
		front.Store(&handler)
		serve = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { (*front.Load()).ServeHTTP(w, r) })
	}
	d.server = &http.Server{Handler: serve, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = d.server.Serve(ln) }()
	if err := demo.Seed(ctx); err != nil {
		d.close()
		return nil, err
	}
	for _, c := range demo.Clients {
		d.clients = append(d.clients, demoClient(c))
	}
	if caps, err := spec.Capabilities(); err == nil {
		d.canList = caps.ListClients
	}
	if mode != 0 {
		h := demo.Hostile(int(mode))
		front.Store(&h)
	}
	return d, nil
}

// demoExamples are the commands `credkit sim` suggests to try against
// s, a simulator with at least two demo clients.
func demoExamples(s *demoServer) []string {
	rotate := "credkit secrets rotate --vendor " + string(s.vendor) + " " + s.clients[1].ID
	if len(s.rotateFlags) > 0 {
		rotate += " " + strings.Join(s.rotateFlags, " ")
	}
	audit := "credkit audit --vendor " + string(s.vendor)
	if !s.canList {
		// A vendor that cannot list its clients: name them.
		audit += " " + strings.Join(s.clientIDs(), " ")
	}
	return []string{rotate, audit}
}
