package auth0

import (
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestFindOperation(t *testing.T) {
	tests := []struct {
		method, path, op string
		ids              pathIDs
	}{
		{http.MethodGet, "/api/v2/clients", "getClients", pathIDs{}},
		{http.MethodPost, "/api/v2/clients", "createClient", pathIDs{}},
		{http.MethodGet, "/api/v2/clients/abc", "getClient", pathIDs{client: "abc"}},
		{http.MethodPatch, "/api/v2/clients/abc", "updateClient", pathIDs{client: "abc"}},
		{http.MethodDelete, "/api/v2/clients/abc", "deleteClient", pathIDs{client: "abc"}},
		{http.MethodDelete, "/api/v2/clients/", "deleteClient", pathIDs{client: ""}},
		{http.MethodPost, "/api/v2/clients/abc/rotate-secret", "rotateClientSecret", pathIDs{client: "abc"}},
		{http.MethodGet, "/api/v2/clients/abc/credentials", "getClientCredentials", pathIDs{client: "abc"}},
		{http.MethodPost, "/api/v2/clients/abc/credentials", "createClientCredential", pathIDs{client: "abc"}},
		{http.MethodGet, "/api/v2/clients/abc/credentials/cred_1", "getClientCredential", pathIDs{"abc", "cred_1"}},
		{http.MethodPatch, "/api/v2/clients/abc/credentials/cred_1", "updateClientCredential", pathIDs{"abc", "cred_1"}},
		{http.MethodDelete, "/api/v2/clients/abc/credentials/cred_1", "deleteClientCredential", pathIDs{"abc", "cred_1"}},
		{http.MethodGet, "/api/v2/clients/abc/rotate-secret", "", pathIDs{}},
		{http.MethodPut, "/api/v2/clients/abc", "", pathIDs{}},
		{http.MethodGet, "/api/v2/clients/abc/keys", "", pathIDs{}},
		{http.MethodGet, "/api/v2/clientsx", "", pathIDs{}},
		{http.MethodGet, "/api/v2/clients/a/credentials/b/c", "", pathIDs{}},
	}
	for _, tt := range tests {
		t.Run(tt.method+" "+tt.path, func(t *testing.T) {
			op, ids, ok := findOperation(tt.method, tt.path)
			require.Equal(t, tt.op != "", ok)
			require.Equal(t, tt.op, op.name)
			if ok {
				require.Equal(t, tt.ids, ids)
			}
		})
	}
	require.Len(t, operations, 11)
}

func TestValidID(t *testing.T) {
	tests := map[string]bool{
		"vjomd67Z04Mb9w5o5m2EZsePRhuyB4lZ": true,
		"cred_8wnHpGZdh24cLX1EBfcpv3":      true,
		"a-b_c":                            true,
		"":                                 false,
		strings.Repeat("a", 64):            true,
		strings.Repeat("a", 65):            false,
		"has space":                        false,
		"slash/":                           false,
		"ünïcode":                          false,
	}
	for id, want := range tests {
		require.Equal(t, want, validID(id), "%q", id)
	}
}
