package call

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
)

// ErrNotJSON is the cause of a 2xx answer that is not JSON.
var ErrNotJSON = errors.New("the answer is not JSON")

// JSON wraps a generated ParseXResponse function for Do so that a 2xx
// answer the generated client left undecoded is an error, not a nil
// result: the generated client decodes only the statuses the spec
// documents and only when the Content-Type says "json", so a proxy's HTML
// login page, or a 204 where the spec documents a 200, leaves JSON200 (or
// JSON201) nil. body picks the field the caller reads; when it is nil, Do
// reports an Internal error that names the operation and the HTTP status
// and quotes the start of the body (secrets redacted), as for an answer
// that is JSON but does not decode. It is every adapter's one way of
// reading a generated answer.
func JSON[R, T any](parse func(*http.Response) (R, error), body func(R) *T) func(*http.Response) (R, error) {
	return func(resp *http.Response) (R, error) {
		r, err := parse(resp)
		if err == nil && body(r) == nil {
			ct := resp.Header.Get("Content-Type")
			if strings.Contains(ct, "json") {
				err = fmt.Errorf("the operation documents no JSON answer with status %d", resp.StatusCode)
			} else {
				err = fmt.Errorf("%w (Content-Type %q)", ErrNotJSON, ct)
			}
		}
		return r, err
	}
}
