package reliability

import (
	"context"
	"net/url"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/credkit/credkit/unified"
	"github.com/credkit/credkit/unified/providertest"
)

// TestHostileIDsSendNothing sends every hostile ID of the shared suite, in
// the client-ID and in the credential-ID position, through every method
// that takes an ID, optional interfaces included (Okta's JSON Web Keys, key
// credentials, CSRs, refresh tokens and secret states; CSP's regeneration):
// each is refused with InvalidArgument (or Unimplemented) before a request,
// and no error quotes the refused value.
func TestHostileIDsSendNothing(t *testing.T) {
	ctx := context.Background()
	for _, vendor := range vendors {
		t.Run(string(vendor), func(t *testing.T) {
			e := newEnv(t, vendor, envOptions{})
			p := e.provider(t)
			checked, optionals := 0, 0
			for name, hostile := range providertest.HostileIDs {
				for _, pos := range []struct{ where, client, id string }{
					{"client ID", hostile, "x1"},
					{"credential ID", "0oa1valid", hostile},
				} {
					for op, call := range idCalls(p, e.rotate, pos.client, pos.id) {
						if pos.where == "credential ID" && !takesCredentialID(op) {
							continue
						}
						before := e.wire.count()
						err := call(ctx)
						if err == nil && hostile == "" && op == "FinishRotation" {
							// Okta: a rotation with no old secret has nothing to retire.
							require.Equal(t, before, e.wire.count(), "%s(%s as %s) sent a request", op, name, pos.where)
							continue
						}
						code := unified.CodeOf(err)
						require.Contains(t, []unified.Code{unified.InvalidArgument, unified.Unimplemented}, code, "%s(%s as %s): %v", op, name, pos.where, err)
						require.Equal(t, before, e.wire.count(), "%s(%s as %s) sent a request", op, name, pos.where)
						if hostile != "" {
							require.NotContains(t, err.Error(), hostile, "%s: an error never quotes the refused value", op)
						}
						checked++
						if optional(op) {
							optionals++
						}
					}
				}
			}
			t.Logf("hostile IDs: %s: %d refusals checked (%d on optional interfaces), %d requests sent", vendor, checked, optionals, e.wire.count())
			require.Positive(t, checked)
			if vendor == unified.Okta {
				require.Positive(t, optionals, "Okta's optional interfaces were covered")
			}
		})
	}
}

// oddIDs are legal in a path (CheckID lets them through) but each holds a
// character that a careless client would leave unescaped, or that a server
// might read as a separator: every one must reach the server as exactly
// one path segment that decodes back to it.
var oddIDs = map[string]string{
	"unreserved":  "0oa-a_b.c~d",
	"sub-delims":  "0oa!$&'()*+,;=",
	"colon at":    "0oa:1@2",
	"plus equals": "0oa+1=2",
	"brackets":    "0oa[1]{2}<3>",
	"quote caret": "0oa\"1^2`3|4",
	"dots inside": "0oa..1",
	"leading dot": ".0oa1",
	"semicolon":   "0oa1;jsessionid=x",
}

// TestOddIDsTravelAsOnePathSegment sends every odd ID through every method
// of every provider that makes a request with it, and compares what the
// server received with the same call made with a plain ID: the same method,
// the same number of path segments, and where the plain ID was, a segment
// (or query value) that decodes to exactly the odd ID.
func TestOddIDsTravelAsOnePathSegment(t *testing.T) {
	const plain = "plainID0000000000001"
	ctx := context.Background()
	for _, vendor := range vendors {
		t.Run(string(vendor), func(t *testing.T) {
			e := newEnv(t, vendor, envOptions{})
			p := e.provider(t)
			compared := 0
			for _, call := range idCalls(p, e.rotate, plain, plain) {
				_ = call(ctx) // fetch the access token first, so that it is no difference below
			}
			names := sortedKeys(oddIDs)
			for _, name := range names {
				odd := oddIDs[name]
				plainCalls, oddCalls := idCalls(p, e.rotate, plain, plain), idCalls(p, e.rotate, odd, odd)
				for op := range plainCalls {
					n := e.wire.len()
					_ = plainCalls[op](ctx)
					want := e.wire.since(n)
					n = e.wire.len()
					err := oddCalls[op](ctx)
					got := e.wire.since(n)
					if len(got) == 0 {
						require.Contains(t, []unified.Code{unified.InvalidArgument, unified.Unimplemented, unified.FailedPrecondition}, unified.CodeOf(err),
							"%s(%s) sent nothing, so it must have refused: %v", op, name, err)
						continue
					}
					require.Len(t, got, len(want), "%s(%s): the odd ID changed what was sent", op, name)
					for i := range want {
						requireSameShape(t, want[i], got[i], plain, odd, op+"("+name+")")
						compared++
					}
				}
			}
			t.Logf("odd IDs: %s: %d requests compared segment by segment with a plain ID", vendor, compared)
			require.Positive(t, compared)
		})
	}
}

// requireSameShape checks that got is want with plain replaced by odd, one
// path segment (or query value) for one.
func requireSameShape(t *testing.T, want, got seenRequest, plain, odd, label string) {
	t.Helper()
	require.Equal(t, want.Method, got.Method, label)
	ws, gs := strings.Split(want.EscapedPath, "/"), strings.Split(got.EscapedPath, "/")
	require.Len(t, gs, len(ws), "%s: %s has another number of path segments than %s", label, got.EscapedPath, want.EscapedPath)
	replaced := 0
	for i := range ws {
		w, err := url.PathUnescape(ws[i])
		require.NoError(t, err)
		g, err := url.PathUnescape(gs[i])
		require.NoError(t, err, "%s: segment %q does not decode", label, gs[i])
		if w == plain {
			require.Equal(t, odd, g, "%s: segment %d of %s", label, i, got.EscapedPath)
			replaced++
			continue
		}
		require.Equal(t, w, g, "%s: segment %d of %s", label, i, got.EscapedPath)
	}
	wq, err := url.ParseQuery(want.RawQuery)
	require.NoError(t, err)
	gq, err := url.ParseQuery(got.RawQuery)
	require.NoError(t, err, "%s: query %q does not parse", label, got.RawQuery)
	require.Len(t, gq, len(wq), "%s: the odd ID added or removed query parameters: %q", label, got.RawQuery)
	for k, wv := range wq {
		require.Len(t, gq[k], len(wv), label)
		for i := range wv {
			if wv[i] == plain {
				require.Equal(t, odd, gq[k][i], "%s: query parameter %s", label, k)
				replaced++
				continue
			}
			require.Equal(t, wv[i], gq[k][i], label)
		}
	}
	if strings.Contains(want.EscapedPath+want.RawQuery, plain) {
		require.Positive(t, replaced, label)
	}
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
