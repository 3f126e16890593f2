package okta

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/credkit/credkit/unified"
)

func TestKeyCredentials(t *testing.T) {
	h := newHarness(t, nil)
	p := h.provider(t)
	ctx := context.Background()
	app, _ := h.NewClient(t)
	target, _ := h.NewClient(t)

	before := h.Requests()
	_, err := p.GenerateKeyCredential(ctx, app, 11)
	require.ErrorIs(t, err, unified.ErrInvalidArgument)
	require.Equal(t, before, h.Requests(), "validityYears is checked before the request")

	key, err := p.GenerateKeyCredential(ctx, app, 2)
	require.NoError(t, err)
	requireCertificate(t, key)
	require.Equal(t, 2, key.Expires.Year()-key.Created.Year())

	got, err := p.GetKeyCredential(ctx, key.Ref())
	require.NoError(t, err)
	require.Equal(t, key.Certificates, got.Certificates)
	list, err := p.ListKeyCredentials(ctx, app)
	require.NoError(t, err)
	require.Len(t, list, 1)

	clone, err := p.CloneKeyCredential(ctx, key.Ref(), target)
	require.NoError(t, err)
	require.Equal(t, target, clone.ClientID)
	_, err = p.CloneKeyCredential(ctx, key.Ref(), target)
	require.ErrorIs(t, err, unified.ErrInvalidArgument, "the target holds the key already")
	_, err = p.GetKeyCredential(ctx, unified.CredentialRef{ClientID: app, ID: "nope"})
	require.ErrorIs(t, err, unified.ErrNotFound)
}

// TestKeyCredentialChainForms: x5c entries are standard base64 with
// padding (RFC 7517 section 4.7). An entry in any other form fails the
// whole answer as Internal, naming the operation, before a wrong chain
// reaches the caller.
func TestKeyCredentialChainForms(t *testing.T) {
	forms := []struct {
		name, x5c string
		want      [][]byte
		fails     bool // the answer does not decode
	}{
		{"one entry", `["MIIB"]`, [][]byte{{0x30, 0x82, 0x01}}, false},
		{"a chain, leaf first", `["MIIB","AQID"]`, [][]byte{{0x30, 0x82, 0x01}, {1, 2, 3}}, false},
		{"padding", `["MII="]`, [][]byte{{0x30, 0x82}}, false},
		{"line breaks, as in PEM", `["MI\r\nIB"]`, [][]byte{{0x30, 0x82, 0x01}}, false},
		{"empty chain", `[]`, [][]byte{}, false},
		{"absent", ``, nil, false},
		{"null entry: an empty certificate", `[null]`, [][]byte{nil}, false},
		{"base64url alphabet", `["MI-_"]`, nil, true},
		{"padding left out", `["MII"]`, nil, true},
		{"not base64", `["not a certificate"]`, nil, true},
		{"a number", `[42]`, nil, true},
		{"an object", `{"0":"MIIB"}`, nil, true},
	}
	for _, f := range forms {
		t.Run(f.name, func(t *testing.T) {
			key := `{"kid":"k1","kty":"RSA"`
			if f.x5c != "" {
				key += `,"x5c":` + f.x5c
			}
			key += "}"
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "application/json")
				_, _ = io.WriteString(w, "["+key+"]")
			}))
			t.Cleanup(srv.Close)
			p, err := newProvider(Config{OrgURL: srv.URL, APIToken: "t"}, &Options{MaxRetries: -1})
			require.NoError(t, err)
			keys, err := p.ListKeyCredentials(context.Background(), "0oa1")
			if f.fails {
				var e *unified.Error
				require.ErrorAs(t, err, &e)
				require.Equal(t, unified.Internal, e.Code, "%v", err)
				require.Equal(t, "ListKeyCredentials", e.Op)
				require.ErrorContains(t, err, "does not decode")
				return
			}
			require.NoError(t, err)
			require.Len(t, keys, 1)
			require.Equal(t, "k1", keys[0].ID)
			require.Equal(t, f.want, keys[0].Certificates)
		})
	}
}
