package vmwarecsp

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	gen "github.com/credkit/credkit/gen/vmwarecsp"
	"github.com/credkit/credkit/unified"
)

func TestRevokeSecret(t *testing.T) {
	cases := []struct {
		name     string
		id       string
		rotate   bool // begin a rotation first
		code     unified.Code
		sent     int // DELETE …/secret requests
		oldWorks bool
		message  string
	}{
		{"previous during a rotation ends it", "previous", true, 0, 1, false, ""},
		{"previous without a rotation is a no-op", "previous", false, 0, 1, true, ""},
		{"current is refused", "current", true, unified.FailedPrecondition, 0, true, "refusing to revoke the app's current secret"},
		{"current is refused without a rotation too", "current", false, unified.FailedPrecondition, 0, true, "RegenerateSecret"},
		{"any other ID is not a CSP secret", "ocs1", true, unified.InvalidArgument, 0, true, `must be "previous" or "current"`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			h := newHarness(t, nil)
			app, old := h.Server.CreateApp("billing")
			var rot *unified.Rotation
			if c.rotate {
				var err error
				rot, err = h.p.RotateSecret(h.ctx, app, &unified.RotateOptions{Overlap: time.Hour})
				require.NoError(t, err)
			}
			err := h.p.RevokeSecret(h.ctx, unified.CredentialRef{ClientID: app, ID: c.id})
			if c.code == 0 {
				require.NoError(t, err)
			} else {
				e := requireCode(t, err, c.code, "RevokeSecret")
				require.Contains(t, e.Message, c.message)
			}
			require.Equal(t, c.sent, h.wire.count(secretPath(http.MethodDelete)))
			if rot != nil {
				require.Equal(t, c.oldWorks, h.Server.SecretWorks(app, old))
				require.True(t, h.Server.SecretWorks(app, rot.New.Secret.Reveal()), "the current secret always survives")
			} else {
				require.True(t, h.Server.SecretWorks(app, old), "the only secret always survives")
			}
		})
	}
}

func TestRevokeSecretOfAnUnknownApp(t *testing.T) {
	h := newHarness(t, nil)
	err := h.p.RevokeSecret(h.ctx, unified.CredentialRef{ClientID: "noSuchApp", ID: "previous"})
	e := requireCode(t, err, unified.NotFound, "RevokeSecret")
	require.Equal(t, "oauth_app_not_found", e.VendorCode)
}

func TestRegenerateSecret(t *testing.T) {
	h := newHarness(t, nil)
	app, old := h.Server.CreateApp("billing")
	rot, err := h.p.RotateSecret(h.ctx, app, &unified.RotateOptions{Overlap: time.Hour})
	require.NoError(t, err)

	cred, err := h.p.RegenerateSecret(h.ctx, app)
	require.NoError(t, err)
	secret := cred.Secret.Reveal()
	require.Equal(t, unified.VMwareCSP, cred.Vendor)
	require.Equal(t, app, cred.ClientID)
	require.Equal(t, "current", cred.ID)
	require.Equal(t, unified.KindClientSecret, cred.Kind)
	require.Equal(t, unified.StatusActive, cred.Status)
	require.Equal(t, "…"+secret[len(secret)-4:], cred.Hint)
	require.Equal(t, unified.CredentialRef{ClientID: app, ID: "current"}, cred.Ref())

	require.True(t, h.Server.SecretWorks(app, secret), "the new secret works")
	require.False(t, h.Server.SecretWorks(app, old), "the old secret stops at once")
	require.False(t, h.Server.SecretWorks(app, rot.New.Secret.Reveal()), "and so does the rotation's")
	require.Equal(t, 1, h.SecretCount(app), "the rotation is reset")

	var raw gen.ClientCredentials
	require.True(t, cred.As(&raw), "As reaches the generated type")
	require.Equal(t, app, raw.ClientId)
	require.Empty(t, raw.ClientSecret, "the vendor value holds no secret")
	printed := fmt.Sprintf("%v %+v %#v", cred, cred, cred)
	asJSON, err := json.Marshal(cred)
	require.NoError(t, err)
	require.NotContains(t, printed+string(asJSON), secret, "a credential never prints its secret")
	require.Equal(t, 1, h.wire.count(secretPath(http.MethodPut)))
}

func TestCheckSecret(t *testing.T) {
	cases := map[string]struct {
		secret  string
		problem string
	}{
		"meets the rule":            {"N3w-Secret", ""},
		"any documented special":    {"aB3`aaaa", ""},
		"a hyphen counts":           {"aB3-aaaa", ""},
		"too short":                 {"aB3-aaa", "at least 8 characters"},
		"short in characters":       {"aB3-ééé", "at least 8 characters"},
		"no lower-case letter":      {"AB3-AAAA", "a lower-case letter"},
		"no upper-case letter":      {"ab3-aaaa", "an upper-case letter"},
		"no digit":                  {"aBc-aaaa", "a digit"},
		"no special character":      {"aB3aaaaa", "one of !@#$"},
		"nothing but lower letters": {"aaaaaaaa", "an upper-case letter, a digit, one of"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			err := checkSecret("RotateSecret", unified.NewSecret(c.secret))
			if c.problem == "" {
				require.NoError(t, err)
				return
			}
			e := requireDriverCode(t, err, unified.InvalidArgument)
			require.Contains(t, e.Message, c.problem)
			require.NotContains(t, e.Error(), c.secret, "the secret is not quoted")
		})
	}
}

func TestGenerateSecret(t *testing.T) {
	seen := map[string]bool{}
	for range 2000 {
		s, err := generateSecret(nil)
		require.NoError(t, err)
		v := s.Reveal()
		require.Len(t, v, secretLength)
		require.NoError(t, checkSecret("RotateSecret", s), v)
		for _, c := range v {
			require.True(t, strings.ContainsRune(alphabet, c), "%q is outside the alphabet", c)
		}
		require.False(t, seen[v])
		seen[v] = true
	}
	require.Subset(t, []byte(specials), []byte(genSpecials), "generated specials are CSP's")
	require.NotContains(t, genSpecials, "-", "a hyphen may not count as special under CSP's pattern")

	a, err := generateSecret(rand.NewChaCha8([32]byte{1}))
	require.NoError(t, err)
	b, err := generateSecret(rand.NewChaCha8([32]byte{1}))
	require.NoError(t, err)
	require.Equal(t, a.Reveal(), b.Reveal(), "Options.Rand decides the secret")
}

func TestGenerateSecretFailsOnABrokenRand(t *testing.T) {
	_, err := generateSecret(bytes.NewReader(nil))
	require.ErrorIs(t, err, io.EOF)
	_, err = generateSecret(constantReader(0xff))
	require.ErrorIs(t, err, errRandom, "bytes that are always rejected end the draw")
}

type constantReader byte

func (c constantReader) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = byte(c)
	}
	return len(p), nil
}

func TestRotateSecretReportsABrokenRand(t *testing.T) {
	h := newHarness(t, nil)
	app, _ := h.Server.CreateApp("billing")
	p := h.provider(h.config(), &Options{Rand: bytes.NewReader(nil)})
	rot, err := p.RotateSecret(h.ctx, app, nil)
	requireCode(t, err, unified.Internal, "RotateSecret")
	require.Nil(t, rot)
	require.Empty(t, h.wire.seen())
}
