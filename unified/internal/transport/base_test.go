package transport

import (
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/credkit/credkit/unified"
)

// closeCounter is a caller's transport, which a provider must not close.
type closeCounter struct {
	http.RoundTripper
	closed int
}

func (c *closeCounter) CloseIdleConnections() { c.closed++ }

func TestOwnBase(t *testing.T) {
	own, closeOwn := OwnBase(nil, unified.Timeouts{TLSHandshake: -1, ResponseHeader: 7 * time.Second})
	require.NotSame(t, http.DefaultTransport, own, "a clone, not the process's default")
	ob, ok := own.(*ownedBase)
	require.True(t, ok)
	require.Zero(t, ob.t.TLSHandshakeTimeout, "negative: none")
	require.Equal(t, 7*time.Second, ob.t.ResponseHeaderTimeout, "net/http's own knob")
	require.NotNil(t, ob.t.DialContext, "a dialer with the connect timeout")
	closeOwn()

	theirs := &closeCounter{RoundTripper: http.DefaultTransport}
	got, closeTheirs := OwnBase(theirs, unified.Timeouts{})
	require.Same(t, theirs, got)
	closeTheirs()
	require.Zero(t, theirs.closed, "the caller's transport is left alone")
}
