package transport

import "net/http"

// OwnBase returns the base transport a provider sends through: rt, or a
// clone of http.DefaultTransport when rt is nil, and a function that
// closes its idle connections (for a provider's Close).
func OwnBase(rt http.RoundTripper) (http.RoundTripper, func()) {
	if rt == nil {
		rt = http.DefaultTransport.(*http.Transport).Clone()
	}
	return rt, func() {
		if c, ok := rt.(interface{ CloseIdleConnections() }); ok {
			c.CloseIdleConnections()
		}
	}
}
