package transport

import "net/http"

// OwnBase returns the base transport a provider sends through, and a
// function that closes its idle connections, for the provider's Close:
// rt itself, which belongs to the caller and is left alone, or, when rt
// is nil, a clone of http.DefaultTransport that the provider owns.
func OwnBase(rt http.RoundTripper) (http.RoundTripper, func()) {
	if rt != nil {
		return rt, func() {}
	}
	own := http.DefaultTransport.(*http.Transport).Clone()
	return own, own.CloseIdleConnections
}
