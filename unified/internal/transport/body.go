package transport

import (
	"errors"
	"fmt"
	"io"
	"net/http"
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
	var body *cappedBody
	if st, ok := req.Context().(*requestState); ok {
		// The request's state has room for one: an attempt's body is
		// drained and closed before the next attempt (go-retryablehttp
		// does so before every retry), so one per request is enough.
		body = &st.body
	} else {
		body = new(cappedBody)
	}
	*body = cappedBody{body: resp.Body, left: c.max, max: c.max}
	resp.Body = body
	return resp, nil
}

type cappedBody struct {
	body      io.ReadCloser
	left, max int64
}

func (b *cappedBody) Read(p []byte) (int, error) {
	if b.left <= 0 {
		var one [1]byte
		if n, _ := b.body.Read(one[:]); n > 0 {
			return 0, fmt.Errorf("%w of %d bytes", errBodyTooLarge, b.max)
		}
		return 0, io.EOF
	}
	if int64(len(p)) > b.left {
		p = p[:b.left]
	}
	n, err := b.body.Read(p)
	b.left -= int64(n)
	return n, err
}

func (b *cappedBody) Close() error { return b.body.Close() }

// IsBodyTooLarge reports whether err comes from the body cap.
func IsBodyTooLarge(err error) bool { return errors.Is(err, errBodyTooLarge) }
