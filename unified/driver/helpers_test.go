package driver

import (
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/credkit/credkit/unified"
)

func TestCheckID(t *testing.T) {
	cases := map[string]struct {
		id      string
		problem string
	}{
		"okta app ID":       {"0oas92c5r8A1EQacI5d7", ""},
		"CSR ID with - _":   {"m0O_5PLBnpnDU4dFiz9YZJpKuKB4qC2J-6dAVxMrg7c", ""},
		"empty":             {"", "is empty"},
		"slash":             {"0oa1/secrets", `has '/'`},
		"dot dot":           {"..", "path step"},
		"encoded slash":     {"0oa1%2Fx", `has '%'`},
		"query":             {"0oa1?x=1", `has '?'`},
		"fragment":          {"0oa1#x", `has '#'`},
		"space":             {"0oa 1", "space, control or non-ASCII"},
		"control character": {"0oa\n1", "space, control or non-ASCII"},
		"non-ASCII":         {"0oaé", "space, control or non-ASCII"},
		"too long":          {strings.Repeat("a", 65), "more than the 64 allowed"},
		"backslash":         {`0oa1\x`, `has '\\'`},
		"DEL":               {"0oa\x7f1", "space, control or non-ASCII"},
		"sub-delims and :@": {"a.b~c!$&'()*+,;=:@_-", ""},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			err := CheckID("client ID", c.id, 64)
			if c.problem == "" {
				require.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, unified.ErrInvalidArgument)
			require.ErrorIs(t, err, unified.ReasonInvalidID)
			require.Contains(t, err.Error(), "client ID "+c.problem[:0])
			require.Contains(t, err.Error(), c.problem)
		})
	}
}

// TestCheckIDEveryByte: of all 256 bytes, exactly printable ASCII other
// than the space and / \ ? # % may be in an ID, anywhere in it.
func TestCheckIDEveryByte(t *testing.T) {
	for b := 0; b < 256; b++ {
		c := byte(b)
		allowed := c > ' ' && c < 0x7f && !strings.ContainsRune(`/\?#%`, rune(c))
		one := string([]byte{c})
		for _, id := range []string{one + "x", "x" + one + "y", "x" + one} {
			err := CheckID("client ID", id, 64)
			require.Equal(t, allowed, err == nil, "byte %#x in %q: %v", c, id, err)
			if !allowed {
				require.ErrorIs(t, err, unified.ReasonInvalidID)
				require.Contains(t, err.Error(), "offset "+strconv.Itoa(strings.IndexByte(id, c)))
			}
		}
	}
}

func TestVendorValuesReachAs(t *testing.T) {
	type body struct{ Code string }
	c := WithVendorValue(unified.Credential{ID: "s1"}, body{Code: "v"})
	var got body
	require.True(t, c.As(&got))
	require.Equal(t, "v", got.Code)
	e := WithVendorBody(&unified.Error{Code: unified.NotFound}, &body{Code: "E0000007"})
	var gotBody *body
	require.True(t, unified.ErrorAs(e, &gotBody))
	require.Equal(t, "E0000007", gotBody.Code)
	r := Refuse(unified.FailedPrecondition, unified.ReasonLimitReached, "holds %d", 2)
	require.Equal(t, "holds 2", r.Message)
	require.ErrorIs(t, r, unified.ReasonLimitReached)
}

func TestVendorValueAllocations(t *testing.T) {
	type vendorKey struct{ Kid, Kty, Use string }
	cred := unified.Credential{ID: "k1", ClientID: "0oa1"}
	page := []vendorKey{{Kid: "k0"}, {Kid: "k1", Kty: "RSA", Use: "sig"}}
	for _, c := range []struct {
		name   string
		set    func() unified.Credential
		allocs float64
	}{
		{"WithVendorValue copies the value As reads", func() unified.Credential { return WithVendorValue(cred, page[1]) }, 1},
		{"WithVendorPointer points at an item of a page", func() unified.Credential { return WithVendorPointer(cred, &page[1]) }, 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			var out unified.Credential
			require.Equal(t, c.allocs, testing.AllocsPerRun(100, func() { out = c.set() }))
			var got vendorKey
			require.True(t, out.As(&got))
			require.Equal(t, page[1], got)
			for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%d", "%x", "%q"} {
				require.NotContains(t, fmt.Sprintf(verb, out), "RSA", "printing a credential (%s) does not show its vendor value", verb)
			}
		})
	}
	require.False(t, WithVendorPointer(cred, (*vendorKey)(nil)).As(new(vendorKey)), "a nil pointer sets nothing")
}
