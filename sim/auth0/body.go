package auth0

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/credkit/credkit/sim"
)

// maxBody is the largest request body Auth0 accepts: 1 MB ("All endpoints
// accept a maximum payload size of 1 megabyte", https://auth0.com/docs/apiv2).
const maxBody = 1 << 20

// decodeBody reads a JSON object into v, refusing members v does not know,
// as Auth0 refuses additional properties. The error says what was wrong,
// in the words of Auth0's "Payload validation error".
func decodeBody(r *http.Request, v any) error {
	data, err := readBody(r)
	if err != nil {
		return err
	}
	return decodeBytes(data, v)
}

// readBody reads a request body of at most maxBody bytes.
func readBody(r *http.Request) ([]byte, error) {
	data, err := io.ReadAll(http.MaxBytesReader(nil, r.Body, maxBody))
	if err != nil {
		return nil, errors.New("Payload validation error: the body is larger than 1 MB or unreadable.")
	}
	return data, nil
}

// decodeBytes is decodeBody over a body already read.
func decodeBytes(data []byte, v any) error {
	if len(bytes.TrimSpace(data)) == 0 {
		return errors.New("Payload validation error: 'Expected type object but found type null'.")
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return fmt.Errorf("Payload validation error: %s.", describeJSONError(err))
	}
	if dec.More() {
		return errors.New("Payload validation error: 'the body holds more than one JSON value'.")
	}
	if path, ok := sim.UnlistedMember(v); ok {
		return fmt.Errorf("Payload validation error: 'Additional properties not allowed: %s'.", strings.TrimPrefix(path, "/"))
	}
	return nil
}

// describeJSONError names the member a decoding error is about.
func describeJSONError(err error) string {
	var typeErr *json.UnmarshalTypeError
	switch {
	case errors.As(err, &typeErr):
		return fmt.Sprintf("'Expected type %s but found type %s on property %s'", typeErr.Type, typeErr.Value, typeErr.Field)
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		return "'Additional properties not allowed: " + strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`) + "'"
	}
	return "'Invalid JSON: " + err.Error() + "'"
}

// rawMembers returns the top-level members of a JSON object body, so that
// an explicit null can be told from an absent member.
func rawMembers(data []byte) map[string]json.RawMessage {
	var m map[string]json.RawMessage
	_ = json.Unmarshal(data, &m)
	return m
}
