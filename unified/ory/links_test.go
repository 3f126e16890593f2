package ory

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/credkit/credkit/unified"
)

func TestNextToken(t *testing.T) {
	const tok = "eyJvZmZzZXQiOiIyIiwidiI6Mn0"
	for _, tt := range []struct {
		name   string
		fields []string
		token  string
		more   bool
		fail   string
	}{
		{"no Link", nil, "", false, ""},
		{"the last page: first and prev only", []string{`</admin/clients?page_size=2&page_token=eyJvZmZzZXQiOiIwIiwidiI6Mn0>; rel="first",</admin/clients?page_size=2&page_token=eyJvZmZzZXQiOiIwIiwidiI6Mn0>; rel="prev"`}, "", false, ""},
		{"Hydra's first page", []string{`</admin/clients?page_size=2&page_token=eyJvZmZzZXQiOiIwIiwidiI6Mn0>; rel="first",</admin/clients?page_size=2&page_token=` + tok + `>; rel="next",</admin/clients?page_size=2&page_token=eyJvZmZzZXQiOiI0IiwidiI6Mn0>; rel="last"`}, tok, true, ""},
		{"rel unquoted, upper case, among others", []string{`<https://elsewhere.example/x?page_token=` + tok + `>; title="x"; REL=next`}, tok, true, ""},
		{"several rels in one", []string{`</c?page_token=` + tok + `>; rel="prefetch next"`}, tok, true, ""},
		{"several fields", []string{`</c?page_token=a>; rel="first"`, `</c?page_token=` + tok + `>; rel="next"`}, tok, true, ""},
		{"a next link without a token", []string{`</admin/clients?page_size=2>; rel="next"`}, "", false, "has no page_token"},
		{"a token too long", []string{`</c?page_token=` + strings.Repeat("a", maxTokenLength+1) + `>; rel="next"`}, "", false, "longer than credkit reads"},
		{"a header too long", []string{strings.Repeat(`</c?page_token=a>; rel="first",`, maxLinkLength/20)}, "", false, "Link header is longer"},
		{"a link that is not a URL", []string{`<http://[::1%zz/>; rel="next"`}, "", false, "not a URL"},
		{"no angle brackets", []string{`/c?page_token=a; rel="next"`}, "", false, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			token, more, err := nextToken(tt.fields)
			if tt.fail != "" {
				require.ErrorIs(t, err, unified.ErrInternal)
				require.ErrorContains(t, err, tt.fail)
				require.False(t, more)
				return
			}
			require.NoError(t, err)
			require.Equal(t, tt.token, token)
			require.Equal(t, tt.more, more)
		})
	}
}
