package main

import (
	"context"
	"net"
	"net/http"
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
	demoOldSecret   = 400 * 24 * time.Hour
	demoKeyLifetime = 10 * 24 * time.Hour // left before the demo key expires
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

// at runs f with the clock standing d from now.
func (c *demoClock) at(d time.Duration, f func()) {
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
	// env is the configuration that points credkit at the simulator, as
	// environment variables in the order to print them.
	env    []envVar
	server *http.Server
	// hostile wraps the simulator to misbehave (credkit sim --hostile).
	hostile func(sim.Hostility) http.Handler
}

type envVar struct{ name, value string }

func (d *demoServer) config() vendorConfig {
	cfg := vendorConfig{vendor: d.vendor, values: map[string]string{}}
	for _, e := range d.env {
		cfg.values[e.name] = e.value
		cfg.envNames = append(cfg.envNames, e.name)
	}
	return cfg
}

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

// serveDemo starts vendor's simulator on ln and seeds it with demo
// clients (demoSimulator says which).
//
// With a hostility, the simulator misbehaves that way once seeded.
func serveDemo(ctx context.Context, vendor unified.Vendor, ln net.Listener, hostile ...sim.Hostility) (*demoServer, error) {
	return serveDemoAt(ctx, clock, vendor, ln, hostile...)
}

// serveDemoAt is serveDemo on the clock now.
func serveDemoAt(ctx context.Context, now sim.Clock, vendor unified.Vendor, ln net.Listener, hostile ...sim.Hostility) (*demoServer, error) {
	// Seeding takes a moment and must not stop half-way.
	ctx = context.WithoutCancel(ctx)
	clk := &demoClock{base: now}
	d := &demoServer{vendor: vendor, url: "http://" + ln.Addr().String()}
	handler, seed, err := demoSimulator(ctx, d, clk, ln)
	if err != nil {
		_ = ln.Close()
		return nil, err
	}
	serve := handler
	var front atomic.Pointer[http.Handler] // seeding goes through the plain simulator
	if len(hostile) > 0 && hostile[0] != 0 {
		front.Store(&handler)
		serve = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { (*front.Load()).ServeHTTP(w, r) })
	}
	d.server = &http.Server{Handler: serve, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = d.server.Serve(ln) }()
	if err := seed(); err != nil {
		d.close()
		return nil, err
	}
	if len(hostile) > 0 && hostile[0] != 0 {
		h := d.hostile(hostile[0])
		front.Store(&h)
	}
	return d, nil
}
