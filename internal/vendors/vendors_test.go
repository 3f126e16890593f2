package vendors_test

import (
	"context"
	"net"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	_ "github.com/credkit/credkit/internal/vendors"
	"github.com/credkit/credkit/sim"
	"github.com/credkit/credkit/unified"
)

// clock is a demo clock that stands still at sim.Epoch, shifted by At.
type clock struct {
	mu     sync.Mutex
	offset time.Duration
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return sim.Epoch.Add(c.offset)
}

func (c *clock) At(d time.Duration, f func()) {
	c.mu.Lock()
	c.offset = d
	c.mu.Unlock()
	defer func() { c.mu.Lock(); c.offset = 0; c.mu.Unlock() }()
	f()
}

// serveDemo serves a vendor's demo simulator on loopback, seeded.
func serveDemo(t *testing.T, spec *unified.VendorSpec) *unified.Demo {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	d, err := spec.Demo(context.Background(), &unified.DemoOptions{Addr: ln.Addr().String(), Clock: &clock{}, Seed: 6})
	require.NoError(t, err)
	srv := &http.Server{Handler: d.Handler, ReadHeaderTimeout: time.Second}
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() { _ = srv.Close() })
	require.NoError(t, d.Seed(context.Background()))
	require.NotEmpty(t, d.Clients)
	return d
}

// Every registered vendor's rotation of every demo client either leaves
// nothing to finish, or can be finished from the arguments its spec would
// print: FinishArgs and Rebuild agree, for every vendor and rotation kind.
func TestFinishArgumentsRebuildTheRotation(t *testing.T) {
	ctx := context.Background()
	for _, spec := range unified.Vendors() {
		if spec.Demo == nil {
			continue
		}
		t.Run(string(spec.Name), func(t *testing.T) {
			d := serveDemo(t, spec)
			p, err := spec.OpenSettings(d.Settings, nil)
			require.NoError(t, err)
			defer func() { require.NoError(t, p.Close()) }()
			caps := p.Capabilities()
			for _, c := range d.Clients {
				t.Run(c.Name, func(t *testing.T) {
					o := &unified.RotateOptions{AllowNewClientID: caps.RotateReplacesClient, AllowImmediateRotation: caps.RotateImmediately}
					if spec.Rotation.Intent != nil {
						_, err := spec.Rotation.Intent(ctx, p, c.ID, o)
						require.NoError(t, err)
					}
					rot, err := p.RotateSecret(ctx, c.ID, o)
					require.NoError(t, err)
					args := spec.Rotation.FinishArgs(rot)
					if args == nil {
						require.NotEmpty(t, spec.Rotation.Makes, "a rotation that leaves nothing to finish is one the spec says is immediate")
						return
					}
					var oldID, newID string
					for i := 0; i+1 < len(args); i += 2 {
						switch args[i] {
						case "--old":
							oldID = args[i+1]
						case "--new":
							newID = args[i+1]
						default:
							t.Fatalf("FinishArgs printed %q, which secrets finish does not take", args[i])
						}
					}
					rebuilt, err := spec.Rotation.Rebuild(ctx, p, c.ID, oldID, newID)
					require.NoError(t, err)
					require.Equal(t, rot.Old, rebuilt.Old)
					require.Equal(t, rot.NewClientID, rebuilt.NewClientID)
					require.Equal(t, rot.New.ID, rebuilt.New.ID)
					require.NoError(t, p.FinishRotation(ctx, rebuilt))
				})
			}
		})
	}
}

// Every registered vendor says what its settings are and opens from its
// examples without a request.
func TestEveryVendorIsComplete(t *testing.T) {
	require.GreaterOrEqual(t, len(unified.Vendors()), 4)
	for _, spec := range unified.Vendors() {
		t.Run(string(spec.Name), func(t *testing.T) {
			require.NotEmpty(t, spec.Title)
			require.NotEmpty(t, spec.Settings)
			require.NotEmpty(t, spec.Requires)
			require.NotEmpty(t, spec.Rotation.Makes)
			_, err := spec.Capabilities()
			require.NoError(t, err)
			_, err = spec.OpenSettings(unified.Settings{}, nil)
			require.ErrorIs(t, err, unified.ReasonInvalidConfig, "no settings: a refusal naming them")
			for _, env := range spec.Missing(unified.Settings{}) {
				require.Contains(t, err.Error(), env)
			}
		})
	}
}
