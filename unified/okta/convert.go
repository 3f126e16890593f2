package okta

import (
	"encoding/json"
	"net/http"
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

// decodeJSON decodes a response body into v.
func decodeJSON(resp *http.Response, v any) error {
	defer resp.Body.Close()
	return json.NewDecoder(resp.Body).Decode(v)
}

// undecodable is the error of an answer whose content credkit cannot use.
func undecodable(op string, err error) error {
	return &unified.Error{Code: unified.Internal, Message: "the answer does not decode", Err: err}
}
