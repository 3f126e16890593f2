package auth0

import (
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	api "github.com/credkit/credkit/gen/auth0"
)

func TestDecodeBody(t *testing.T) {
	tests := []struct {
		name, body, err string
	}{
		{"ok", `{"name":"a"}`, ""},
		{"empty", "  ", "found type null"},
		{"unknown", `{"name":"a","x":1}`, "Additional properties not allowed: x"},
		{"unknown in a nested object", `{"name":"a","jwt_configuration":{"alg":"RS256","x":1}}`, "Additional properties not allowed: jwt_configuration/x"},
		{"unknown in an array item", `{"name":"a","client_authentication_methods":{"private_key_jwt":{"credentials":[{"credential_type":"public_key","pem":"p","x":1}]}}}`, "Additional properties not allowed"},
		{"type", `{"name":1}`, "Expected type string but found type number on property name"},
		{"two values", `{"name":"a"} {}`, "more than one JSON value"},
		{"not json", `{name}`, "Invalid JSON"},
		{"too large", `{"name":"` + strings.Repeat("a", maxBody) + `"}`, "larger than 1 MB"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var v api.ClientCreate
			err := decodeBody(httptestRequest(http.MethodPost, clientsPath, tt.body), &v)
			if tt.err == "" {
				require.NoError(t, err)
				require.Equal(t, "a", v.Name)
				return
			}
			require.ErrorContains(t, err, tt.err)
			require.True(t, strings.HasPrefix(err.Error(), "Payload validation error: "), err.Error())
		})
	}
}

func TestRawMembers(t *testing.T) {
	m := rawMembers([]byte(`{"a":null,"b":1}`))
	require.Equal(t, "null", string(m["a"]))
	_, has := m["c"]
	require.False(t, has)
	require.Nil(t, rawMembers([]byte(`[1]`)))
}
