package okta

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func TestParseLinks(t *testing.T) {
	cases := map[string]struct {
		fields []string
		want   map[string]string
	}{
		"real self link, empty page": {
			[]string{`<https://org.oktapreview.com/api/v1/apps/0oa1/tokens?limit=20>; rel="self"`},
			map[string]string{"self": "https://org.oktapreview.com/api/v1/apps/0oa1/tokens?limit=20"},
		},
		"two header fields": {
			[]string{`<https://o/t?limit=2>; rel="self"`, `<https://o/t?after=oar2&limit=2>; rel="next"`},
			map[string]string{"self": "https://o/t?limit=2", "next": "https://o/t?after=oar2&limit=2"},
		},
		"one field, comma separated, unquoted rel": {
			[]string{`<https://o/a>; rel=self, <https://o/b?x=1,2>; rel=next`},
			map[string]string{"self": "https://o/a", "next": "https://o/b?x=1,2"},
		},
		"several rels, odd case and spacing": {
			[]string{` <https://o/c> ;  REL="next last" ; title="a, b"`},
			map[string]string{"next": "https://o/c", "last": "https://o/c"},
		},
		"first of a rel wins": {
			[]string{`<https://o/1>; rel="next"`, `<https://o/2>; rel="next"`},
			map[string]string{"next": "https://o/1"},
		},
		"garbage is skipped": {
			[]string{`https://o/no-brackets; rel="next"`, `<https://o/no-rel>`, ``, `<unterminated; rel=next`},
			map[string]string{},
		},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			require.Equal(t, c.want, parseLinks(c.fields))
		})
	}
}

func FuzzParseLinks(f *testing.F) {
	f.Add(`<https://org.oktapreview.com/api/v1/apps/0oa1/tokens?limit=20>; rel="self"`)
	f.Add(`<https://o/a>; rel=self, <https://o/b?x=1,2>; rel="next last"; title="a, b"`)
	f.Fuzz(func(t *testing.T, field string) {
		for rel, target := range parseLinks([]string{field}) {
			require.NotEmpty(t, rel)
			require.NotContains(t, target, ">", "a target never keeps its closing bracket")
		}
	})
}
