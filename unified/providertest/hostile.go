package providertest

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/credkit/credkit/unified"
)

// HostileIDs are identifiers no vendor issues, each of which could escape
// its path segment or confuse a server.
var HostileIDs = map[string]string{
	"empty":             "",
	"slash":             "0oa1/credentials",
	"dot dot":           "..",
	"encoded slash":     "0oa1%2F..%2Fusers",
	"query":             "0oa1?limit=200",
	"fragment":          "0oa1#x",
	"space":             "0oa 1",
	"control character": "0oa1\r\nX-Injected: 1",
	"non-ASCII":         "0oaé1",
	"too long":          strings.Repeat("a", 4096),
}

// testHostileIDs sends every hostile ID through every method, optional ones
// included, and requires InvalidArgument with unified.ReasonInvalidID,
// naming the operation, with no request sent: IDs are checked before
// anything else, even before an operation the vendor lacks is refused.
func testHostileIDs(t *testing.T, h Harness) {
	p := h.NewProvider(t)
	ctx := context.Background()
	for name, id := range HostileIDs {
		t.Run(name, func(t *testing.T) {
			calls := map[string]func() error{
				"ListSecrets":  func() error { _, err := p.ListSecrets(ctx, id); return err },
				"GetSecret":    func() error { _, err := p.GetSecret(ctx, unified.CredentialRef{ClientID: "c1", ID: id}); return err },
				"CreateSecret": func() error { _, err := p.CreateSecret(ctx, id, nil); return err },
				"RevokeSecret": func() error { return p.RevokeSecret(ctx, unified.CredentialRef{ClientID: id, ID: "s1"}) },
				"RotateSecret": func() error { _, err := p.RotateSecret(ctx, id, h.RotateOptions()); return err },
				"FinishRotation": func() error {
					return p.FinishRotation(ctx, &unified.Rotation{Vendor: p.Vendor(), ClientID: id, NewClientID: id, Old: unified.CredentialRef{ClientID: id, ID: id}})
				},
			}
			for _, op := range operations {
				if op.name != "ListClients" {
					calls[op.name] = func() error { return op.call(ctx, p, id) }
				}
			}
			for op, call := range calls {
				before := h.Requests()
				err := call()
				require.ErrorIs(t, err, unified.ErrInvalidArgument, "%s(%s): %v", op, name, err)
				require.ErrorIs(t, err, unified.ReasonInvalidID, "%s(%s): %v", op, name, err)
				requireNamed(t, err, p.Vendor(), op)
				require.Equal(t, before, h.Requests(), "%s(%s) sent a request", op, name)
				if id != "" {
					require.NotContains(t, err.Error(), id, "errors do not echo the rejected value")
				}
			}
		})
	}
}
