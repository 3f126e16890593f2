package orytest

import (
	"testing"

	"github.com/stretchr/testify/require"
	"gopkg.in/dnaeon/go-vcr.v3/cassette"
)

func interaction(method, url string, code int, req, resp string) *cassette.Interaction {
	return &cassette.Interaction{Request: cassette.Request{Method: method, URL: url, Body: req}, Response: cassette.Response{Code: code, Body: resp}}
}

func TestShapeIgnoresValuesButNotBehaviour(t *testing.T) {
	base := interaction("GET", "https://h.example/admin/clients/0318df93-15e7-4747-b70e-e6be9cf6003b?page_token=abc", 200, "",
		`{"client_id":"0318df93-15e7-4747-b70e-e6be9cf6003b","jwks":{"keys":[{"kid":"a"},{"kid":"b"}]},"redirect_uris":null,"n":1}`)
	shape := interactionShape(base)
	require.Equal(t, "GET /admin/clients/{id} ?page_token -> 200 | request - | response {client_id:string,jwks:{keys:[{kid:string}]},n:number,redirect_uris:null}", shape)
	for _, tt := range []struct {
		name string
		in   *cassette.Interaction
		same bool
	}{
		{"other values", interaction("GET", "https://h.example/admin/clients/9a0c5c1e-1d2b-4b8e-9f57-0b7b2f6f1c11?page_token=xyz", 200, "",
			`{"n":7,"redirect_uris":null,"client_id":"x","jwks":{"keys":[{"kid":"c"}]}}`), true},
		{"another status", interaction("GET", "https://h.example/admin/clients/0318df93-15e7-4747-b70e-e6be9cf6003b?page_token=abc", 404, "", `{"client_id":"x","jwks":{"keys":[{"kid":"a"}]},"redirect_uris":null,"n":1}`), false},
		{"a member gone", interaction("GET", "https://h.example/admin/clients/0318df93-15e7-4747-b70e-e6be9cf6003b?page_token=abc", 200, "", `{"client_id":"x","jwks":{"keys":[{"kid":"a"}]},"n":1}`), false},
		{"a null become a list", interaction("GET", "https://h.example/admin/clients/0318df93-15e7-4747-b70e-e6be9cf6003b?page_token=abc", 200, "", `{"client_id":"x","jwks":{"keys":[{"kid":"a"}]},"redirect_uris":[],"n":1}`), false},
		{"another query", interaction("GET", "https://h.example/admin/clients/0318df93-15e7-4747-b70e-e6be9cf6003b?page_size=2", 200, "", `{"client_id":"x","jwks":{"keys":[{"kid":"a"}]},"redirect_uris":null,"n":1}`), false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			require.Equal(t, tt.same, interactionShape(tt.in) == shape, interactionShape(tt.in))
		})
	}
}

func TestBodyShapes(t *testing.T) {
	for in, want := range map[string]string{
		"":                              "-",
		"grant_type=client_credentials": "form",
		`[]`:                            "[]",
		`[1,"a",2]`:                     "[number|string]",
		`true`:                          "bool",
	} {
		require.Equal(t, want, bodyShape(in), in)
	}
}
