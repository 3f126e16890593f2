package transport

import (
	"net/http"

	"github.com/credkit/credkit/unified"
)

// OwnBase returns the base transport a provider sends through, and a
// function that closes its idle connections, for the provider's Close:
// rt itself, which belongs to the caller and is left alone, or, when rt
// is nil, a clone of http.DefaultTransport that the provider owns, with
// t's connect, TLS handshake and response-header timeouts (New recognizes
// it and leaves those deadlines to it).
func OwnBase(rt http.RoundTripper, t unified.Timeouts) (http.RoundTripper, func()) {
	if rt != nil {
		return rt, func() {}
	}
	own := newOwnedBase(resolve(t))
	return own, own.t.CloseIdleConnections
}
