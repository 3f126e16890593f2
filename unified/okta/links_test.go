package okta

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// rels are the relation types the tests look up.
var rels = []string{"self", "next", "last", "prev"}

func TestFindLink(t *testing.T) {
	cases := map[string]struct {
		fields []string
		want   map[string]string // rel → URL; a rel not here has no link
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
		"rels separated by tabs and several spaces": {
			[]string{"<https://o/d>; rel=\"self\t  next\""},
			map[string]string{"self": "https://o/d", "next": "https://o/d"},
		},
		"rel after other parameters": {
			[]string{`<https://o/e>; title="x"; type="application/json"; rel="next"`},
			map[string]string{"next": "https://o/e"},
		},
		"only the first rel parameter counts": {
			[]string{`<https://o/f>; rel="self"; rel="next"`},
			map[string]string{"self": "https://o/f"},
		},
		"a rel that only starts like the one asked": {
			[]string{`<https://o/g>; rel="nextpage selfish"`},
			map[string]string{},
		},
		"quoted comma and semicolon-free title between links": {
			[]string{`<https://o/h>; title="a, b"; rel=prev, <https://o/i>; rel=next`},
			map[string]string{"prev": "https://o/h", "next": "https://o/i"},
		},
		"first of a rel wins": {
			[]string{`<https://o/1>; rel="next"`, `<https://o/2>; rel="next"`},
			map[string]string{"next": "https://o/1"},
		},
		"first of a rel wins within one field": {
			[]string{`<https://o/1>; rel="next", <https://o/2>; rel="next"`},
			map[string]string{"next": "https://o/1"},
		},
		"garbage is skipped": {
			[]string{`https://o/no-brackets; rel="next"`, `<https://o/no-rel>`, ``, `<unterminated; rel=next`, `<https://o/<x>>; rel=next`, `,,;`},
			map[string]string{},
		},
		"garbage before a good link": {
			[]string{`<https://o/no-rel>, junk; rel=next, <https://o/ok>; rel=next`},
			map[string]string{"next": "https://o/ok"},
		},
		"no fields": {nil, map[string]string{}},
		"rel in upper and mixed case": {
			[]string{`<https://o/u>; rel="NEXT"`, `<https://o/m>; rel=nExT`},
			map[string]string{"next": "https://o/u"},
		},
		"the rel's letters only in the URL": {
			[]string{`<https://o/next?prev=self&last=1>; rel="first"`},
			map[string]string{},
		},
		"a rel cut short at the end of the field": {
			[]string{`<https://o/x>; rel="nex`},
			map[string]string{},
		},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			for _, rel := range rels {
				got, ok := findLink(c.fields, rel)
				want, wantOK := c.want[rel]
				require.Equal(t, wantOK, ok, "rel %q", rel)
				require.Equal(t, want, got, "rel %q", rel)
			}
		})
	}
}

func TestFindLinkAllocatesNothing(t *testing.T) {
	fields := []string{`<https://org.oktapreview.com/api/v1/apps/0oa1/tokens?limit=20>; rel="self"`,
		`<https://org.oktapreview.com/api/v1/apps/0oa1/tokens?after=x&limit=20>; REL="next last"; title="a, b"`}
	var found bool
	allocs := testing.AllocsPerRun(100, func() { _, found = findLink(fields, "next") })
	require.True(t, found)
	require.Zero(t, allocs)
}

// TestMentions: mentions may say "may" for a field without the rel, never
// "no" for one that holds it in any case.
func TestMentions(t *testing.T) {
	cases := []struct {
		s, rel string
		want   bool
	}{
		{`<https://o/a>; rel="next"`, "next", true},
		{`<https://o/a>; REL="NEXT"`, "next", true},
		{`<https://o/a>; rel=NeXt`, "next", true},
		{`<https://o/a>; rel="self"`, "next", false},
		{`<https://o/a>; rel="nex"`, "next", false},
		{`nnnnnext`, "next", true},
		{`next`, "next", true},
		{`nex`, "next", false},
		{``, "next", false},
		{"n\x00ext", "next", false},
		{"NEX\u0442", "next", false},                // a Cyrillic te: not an ASCII t
		{`<https://o/a>; rel="ſelf"`, "self", true}, // s folds to U+017F: always "may"
		{`<https://o/a>; rel="prev"`, "prev", true},
		{`<https://o/a>; rel="PREV"`, "prev", true},
		{`<https://o/a>; rel="pr@v"`, "prev", false},
		{`<https://o/a>; rel="pr` + "\xc5" + `v"`, "prev", false},
		{`anything`, "", true},
	}
	for _, c := range cases {
		require.Equal(t, c.want, mentions(c.s, c.rel), "%q in %q", c.rel, c.s)
	}
	// Against strings.EqualFold at every offset, for every rel the tests
	// use and fields of every byte value around them.
	for _, rel := range rels {
		for b := 0; b < 256; b++ {
			s := "x" + rel[:2] + string([]byte{byte(b)}) + rel[3:] + "y"
			want := false
			for i := 0; i+len(rel) <= len(s); i++ {
				want = want || strings.EqualFold(s[i:i+len(rel)], rel)
			}
			require.Equal(t, want || strings.ContainsAny(rel, "kKsS"), mentions(s, rel), "%q in %q", rel, s)
		}
	}
}

func BenchmarkFindLink(b *testing.B) {
	for name, fields := range map[string][]string{
		"self only (an empty page)": {`<https://org.oktapreview.com/api/v1/apps/0oa1/tokens?limit=20>; rel="self"`},
		"self and next": {`<https://org.oktapreview.com/api/v1/apps/0oa1/tokens?limit=20>; rel="self"`,
			`<https://org.oktapreview.com/api/v1/apps/0oa1/tokens?after=oar2&limit=20>; rel="next"`},
	} {
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				findLink(fields, "next")
			}
		})
	}
}

// linksByRel is the straightforward reading of the fields (rel → URL, the
// first link of a rel wins), which findLink must agree with.
func linksByRel(fields []string) map[string]string {
	links := map[string]string{}
	for _, field := range fields {
		var parts []string
		inURL, inQuote, start := false, false, 0
		for i, c := range field {
			switch {
			case c == '<' && !inQuote:
				inURL = true
			case c == '>' && !inQuote:
				inURL = false
			case c == '"' && !inURL:
				inQuote = !inQuote
			case c == ',' && !inURL && !inQuote:
				parts = append(parts, field[start:i])
				start = i + 1
			}
		}
		for _, link := range append(parts, field[start:]) {
			target, params, ok := strings.Cut(strings.TrimSpace(link), ";")
			target = strings.TrimSpace(target)
			if !ok || !strings.HasPrefix(target, "<") || !strings.HasSuffix(target, ">") || strings.ContainsAny(target[1:len(target)-1], "<>") {
				continue
			}
			for _, param := range strings.Split(params, ";") {
				name, value, ok := strings.Cut(strings.TrimSpace(param), "=")
				if !ok || !strings.EqualFold(strings.TrimSpace(name), "rel") {
					continue
				}
				for _, rel := range strings.Fields(strings.ToLower(strings.Trim(strings.TrimSpace(value), `"`))) {
					if _, seen := links[rel]; !seen {
						links[rel] = target[1 : len(target)-1]
					}
				}
				break
			}
		}
	}
	return links
}

func FuzzFindLink(f *testing.F) {
	f.Add(`<https://org.oktapreview.com/api/v1/apps/0oa1/tokens?limit=20>; rel="self"`, "")
	f.Add(`<https://o/a>; rel=self, <https://o/b?x=1,2>; rel="next last"; title="a, b"`, `<https://o/c>; rel=next`)
	f.Fuzz(func(t *testing.T, a, b string) {
		fields := []string{a, b}
		want := linksByRel(fields)
		for _, rel := range rels {
			got, ok := findLink(fields, rel)
			w, wantOK := want[rel]
			require.Equal(t, wantOK, ok, "rel %q", rel)
			require.Equal(t, w, got, "rel %q", rel)
			require.NotContains(t, got, ">", "a target never keeps its closing bracket")
		}
	})
}
