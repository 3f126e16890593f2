package transport

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"
)

// closeCounter is a caller's transport, which a provider must not close.
type closeCounter struct {
	http.RoundTripper
	closed int
}

func (c *closeCounter) CloseIdleConnections() { c.closed++ }

func TestOwnBase(t *testing.T) {
	own, closeOwn := OwnBase(nil)
	require.NotSame(t, http.DefaultTransport, own, "a clone, not the process's default")
	closeOwn()

	theirs := &closeCounter{RoundTripper: http.DefaultTransport}
	got, closeTheirs := OwnBase(theirs)
	require.Same(t, theirs, got)
	closeTheirs()
	require.Zero(t, theirs.closed, "the caller's transport is left alone")
}
