package okta

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/credkit/credkit/unified"
)

func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}

func derefTime(t *time.Time) time.Time {
	if t == nil {
		return time.Time{}
	}
	return t.UTC()
}

func ptr[T any](v T) *T { return &v }

// decodeJSON decodes a response body into v.
func decodeJSON(resp *http.Response, v any) error {
	defer resp.Body.Close()
	return json.NewDecoder(resp.Body).Decode(v)
}

// undecodable is the error of an answer whose content credkit cannot use.
func undecodable(op string, err error) error {
	return &unified.Error{Code: unified.Internal, Message: "the answer does not decode", Err: err}
}

var errNotJSON = errors.New("the answer is not JSON")

// jsonAnswer wraps a generated ParseXResponse function for call.Do so that
// a 2xx answer the generated client left undecoded is an error, not a nil
// result: the generated client decodes only the statuses the spec
// documents and only when the Content-Type says "json", so a proxy's HTML
// login page, or a 204 where the spec documents a 200, leaves JSON200 or
// JSON201 nil. body picks the field the caller reads; when it is nil,
// call.Do reports an Internal error that names the operation and the HTTP
// status and quotes the start of the body (with any secret in it
// redacted), as for an answer that is JSON but does not decode. Every
// answer whose JSON the Okta provider reads goes through it.
func jsonAnswer[R, T any](parse func(*http.Response) (R, error), body func(R) *T) func(*http.Response) (R, error) {
	return func(resp *http.Response) (R, error) {
		r, err := parse(resp)
		if err == nil && body(r) == nil {
			ct := resp.Header.Get("Content-Type")
			if strings.Contains(ct, "json") {
				err = fmt.Errorf("the operation documents no JSON answer with status %d", resp.StatusCode)
			} else {
				err = fmt.Errorf("%w (Content-Type %q)", errNotJSON, ct)
			}
		}
		return r, err
	}
}
