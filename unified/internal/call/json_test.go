package call

import (
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

type parsed struct{ JSON200 *struct{ A int } }

func parseFixed(body *struct{ A int }) func(*http.Response) (parsed, error) {
	return func(*http.Response) (parsed, error) { return parsed{JSON200: body}, nil }
}

func TestJSONRefusesAnUndecodedAnswer(t *testing.T) {
	pick := func(p parsed) *struct{ A int } { return p.JSON200 }
	cases := map[string]struct {
		body        *struct{ A int }
		contentType string
		want        string
	}{
		"decoded":                {&struct{ A int }{1}, "application/json", ""},
		"HTML":                   {nil, "text/html", `the answer is not JSON (Content-Type "text/html")`},
		"JSON of another status": {nil, "application/json", "the operation documents no JSON answer with status 200"},
		"no Content-Type at all": {nil, "", `the answer is not JSON (Content-Type "")`},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			resp := &http.Response{StatusCode: 200, Header: http.Header{"Content-Type": {c.contentType}}}
			_, err := JSON(parseFixed(c.body), pick)(resp)
			if c.want == "" {
				require.NoError(t, err)
				return
			}
			require.ErrorContains(t, err, c.want)
			require.Equal(t, strings.Contains(c.want, "not JSON"), errors.Is(err, ErrNotJSON))
		})
	}
}
