package redact

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"html"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

const secret = "s3cr3t/+value&<x>?=ü"

func TestStringRemovesEveryForm(t *testing.T) {
	s := New(secret)
	jsonForm, err := json.Marshal(secret)
	require.NoError(t, err)
	cases := map[string]string{
		"clear":          "token " + secret + " refused",
		"json":           `{"errorSummary":"Authorization: SSWS ` + string(jsonForm[1:len(jsonForm)-1]) + `"}`,
		"json slashes":   strings.ReplaceAll(string(jsonForm), "/", `\/`),
		"query":          "?t=" + url.QueryEscape(secret),
		"query lower":    "?t=" + strings.ToLower(url.QueryEscape(secret)),
		"path":           "/x/" + url.PathEscape(secret),
		"html":           "<pre>" + html.EscapeString(secret) + "</pre>",
		"url-plus-as-20": strings.ReplaceAll(url.QueryEscape(secret), "+", "%20"),
	}
	for _, prefix := range []string{"", "a", "ab", "abc", "0oa1b2:"} {
		for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.URLEncoding, base64.RawStdEncoding, base64.RawURLEncoding} {
			for _, suffix := range []string{"", "z", "zz"} {
				cases[fmt.Sprintf("base64 %q %q %p", prefix, suffix, enc)] = "Basic " + enc.EncodeToString([]byte(prefix+secret+suffix))
			}
		}
	}
	for name, text := range cases {
		t.Run(name, func(t *testing.T) {
			got := s.Redact(text)
			require.Contains(t, got, Mask)
			for _, f := range Forms(secret) {
				require.NotContains(t, got, f)
			}
			require.NotContains(t, got, secret)
		})
	}
}

func TestStringKeepsOtherText(t *testing.T) {
	s := New(secret, "short")
	require.Equal(t, "nothing to hide, not even sho", s.Redact("nothing to hide, not even sho"))
	require.Equal(t, 1, s.Len(), "values under MinLen are not held")
	var nilSet *Set
	require.Equal(t, "x "+secret, nilSet.Redact("x "+secret))
}

func TestOverlappingValuesMergeIntoOneMask(t *testing.T) {
	s := New("abcdefgh", "efghijkl")
	require.Equal(t, "x"+Mask+"y", s.Redact("xabcdefghijkly"))
}

func TestRememberKeepsTheLatest(t *testing.T) {
	s := New(secret)
	for i := range MaxRecent + 10 {
		s.Remember(fmt.Sprintf("access-token-%03d", i))
	}
	require.Equal(t, 1+MaxRecent, s.Len())
	require.Contains(t, s.Redact("access-token-000"), "access-token-000", "the oldest is forgotten")
	require.Equal(t, Mask, s.Redact(fmt.Sprintf("access-token-%03d", MaxRecent+9)))
	require.Equal(t, Mask, s.Redact(secret), "Add's values are never forgotten")
}

func TestErrorUnwrapsToTheOriginal(t *testing.T) {
	s := New(secret)
	inner := &url.Error{Op: "Get", URL: "https://x/?t=" + url.QueryEscape(secret), Err: fmt.Errorf("boom")}
	err := s.Error(inner)
	require.NotContains(t, err.Error(), url.QueryEscape(secret))
	var ue *url.Error
	require.ErrorAs(t, err, &ue)
	plain := fmt.Errorf("no secret")
	require.Same(t, plain, s.Error(plain))
}

func FuzzString(f *testing.F) {
	f.Add(secret, "prefix", "suffix")
	f.Add("abcd", "", "")
	f.Fuzz(func(t *testing.T, v, prefix, suffix string) {
		if len(v) < MinLen || strings.Contains(Mask, v) {
			return
		}
		s := New(v)
		for _, text := range []string{prefix + v + suffix, base64.StdEncoding.EncodeToString([]byte(prefix + v + suffix)), url.QueryEscape(prefix + v + suffix)} {
			got := s.Redact(text)
			if strings.Contains(got, v) {
				t.Fatalf("%q still holds %q", got, v)
			}
			for _, f := range Forms(v) {
				if strings.Contains(got, f) && !strings.Contains(Mask, f) {
					t.Fatalf("%q still holds form %q", got, f)
				}
			}
		}
	})
}

func TestFormatHidesTheValues(t *testing.T) {
	s := New(secret)
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x"} {
		got := fmt.Sprintf(verb, s)
		require.Equal(t, "redact.Set(1 values)", got, verb)
		require.NotContains(t, fmt.Sprintf(verb, struct{ S *Set }{s}), "s3cr3t")
	}
}
