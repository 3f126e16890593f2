package transport

import (
	"errors"
	"fmt"
	"net/http"

	"github.com/credkit/credkit/internal/capped"
)

// capBodies makes every response body fail, rather than grow without
// bound, once it passes max bytes.
type capBodies struct {
	next http.RoundTripper
	max  int64
}

func (c capBodies) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := c.next.RoundTrip(req)
	if err != nil {
		return nil, err
	}
	if resp.ContentLength > c.max {
		resp.Body.Close()
		return nil, fmt.Errorf("%w: %d bytes announced, %d allowed", errBodyTooLarge, resp.ContentLength, c.max)
	}
	var body *capped.ReadCloser
	if st, ok := req.Context().(*requestState); ok {
		// The request's state has room for one: an attempt's body is
		// drained and closed before the next attempt (go-retryablehttp
		// does so before every retry), so one per request is enough.
		body = &st.body
	} else {
		body = new(capped.ReadCloser)
	}
	*body = capped.Make(resp.Body, c.max, bodyTooLarge)
	resp.Body = body
	return resp, nil
}

// bodyTooLarge is the error of a body that grows past max bytes.
func bodyTooLarge(max int64) error { return fmt.Errorf("%w of %d bytes", errBodyTooLarge, max) }

// IsBodyTooLarge reports whether err comes from the body cap.
func IsBodyTooLarge(err error) bool { return errors.Is(err, errBodyTooLarge) }
