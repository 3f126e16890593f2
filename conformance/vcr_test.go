package conformance

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// readAll reads a cassette text with the reader Run uses.
func readAll(t *testing.T, name, text string) ([]Exchange, error) {
	t.Helper()
	path := writeFile(t, filepath.Join(t.TempDir(), name), text)
	var out []Exchange
	err := ReadRecording(context.Background(), path, DefaultMaxFileSize, func(ex Exchange) error {
		out = append(out, ex)
		return nil
	})
	return out, err
}

func TestReadCassetteLayouts(t *testing.T) {
	tests := map[string]struct {
		text      string
		wantLines []int
		wantCodes []int
		wantBody  string
	}{
		"go-vcr v3/v4 (indent 4)": {
			text:      "---\nversion: 2\ninteractions:\n    - id: 0\n      request:\n        method: GET\n        url: https://h/v1/things\n      response:\n        code: 200\n        body: |\n          [\n        \n          {\"id\": 1}]\n    - id: 1\n      request: {method: DELETE, url: 'https://h/v1/things/abc'}\n      response: {code: 204}\n",
			wantLines: []int{4, 14}, wantCodes: []int{200, 204}, wantBody: "[\n\n{\"id\": 1}]\n",
		},
		"go-vcr v1/v2 (indent 0, status only)": {
			text:      "version: 1\ninteractions:\n- request:\n    method: GET\n    url: https://h/v1/things\n  response:\n    status: 404 Not Found\n    body: ''\n# a comment\n- request:\n    method: GET\n    url: https://h/v1/things\n  response:\n    status: 200 OK\n    code: 200\n",
			wantLines: []int{3, 10}, wantCodes: []int{404, 200},
		},
		"version after the interactions": {
			text:      "interactions:\n  - request: {method: GET, url: 'https://h/x'}\n    response: {code: 200}\nversion: 2\n",
			wantLines: []int{2}, wantCodes: []int{200},
		},
		"flow sequence (decoded whole)": {
			text:      "version: 2\ninteractions: [{request: {method: GET, url: 'https://h/x'}, response: {code: 201}}]\n",
			wantLines: []int{2}, wantCodes: []int{201},
		},
		"empty list": {text: "version: 2\ninteractions: []\n"},
		"no newline at the end": {
			text:      "version: 2\ninteractions:\n- request: {method: GET, url: 'https://h/x'}\n  response: {code: 200}",
			wantLines: []int{3}, wantCodes: []int{200},
		},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			got, err := readAll(t, "c.yml", tt.text)
			require.NoError(t, err)
			var lines, codes []int
			for _, ex := range got {
				lines, codes = append(lines, ex.Line), append(codes, ex.Status)
			}
			require.Equal(t, tt.wantLines, lines)
			require.Equal(t, tt.wantCodes, codes)
			if tt.wantBody != "" {
				require.Equal(t, tt.wantBody, got[0].ResponseBody)
			}
		})
	}
}

func TestReadCassetteErrors(t *testing.T) {
	tests := map[string]struct{ text, want string }{
		"unsupported version": {"version: 3\ninteractions:\n- request: {method: GET}\n", "unsupported cassette format version 3"},
		"no version":          {"interactions:\n- request: {method: GET}\n", "no version: not a go-vcr cassette"},
		"null entry":          {"version: 2\ninteractions:\n- ~\n", "interaction 0 (line 3) is null"},
		"null in flow":        {"version: 2\ninteractions: [~]\n", "interaction 0 (line 2) is null"},
		"broken":              {"interactions: [", "did not find expected node content"},
		"empty file":          {"", "empty file: not a go-vcr cassette"},
		"bad item":            {"version: 2\ninteractions:\n- request: [1, 2]\n", "interaction 0 (line 3)"},
		"not a sequence":      {"version: 2\ninteractions:\n  request: {}\n", "cannot unmarshal"},
		"value not quoted":    {"version: 2\ninteractions:\n- response: {code: SSWS-canary-secret}\n", "cannot unmarshal !!str a value into int"},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			_, err := readAll(t, "c.yaml", tt.text)
			require.ErrorContains(t, err, tt.want)
			require.NotContains(t, err.Error(), "canary", "errors quote no value of the file")
		})
	}
}

// TestReadCassetteStopsOnCancel: the reader checks the context between
// interactions.
func TestReadCassetteStopsOnCancel(t *testing.T) {
	text := "version: 2\ninteractions:\n" + strings.Repeat("- request: {method: GET, url: 'https://h/x'}\n  response: {code: 200}\n", 5)
	path := writeFile(t, filepath.Join(t.TempDir(), "c.yaml"), text)
	ctx, cancel := context.WithCancel(context.Background())
	n := 0
	err := ReadRecording(ctx, path, DefaultMaxFileSize, func(Exchange) error {
		n++
		cancel()
		return nil
	})
	require.ErrorIs(t, err, context.Canceled)
	require.Equal(t, 1, n)
}

// TestReadBundledCassettesAsGoVCR: the streaming reader reads every
// cassette of cassettes/ exactly as go-vcr's own loader does.
func TestReadBundledCassettesAsGoVCR(t *testing.T) {
	files, err := FindCassettes(corpusDir)
	require.NoError(t, err)
	for _, f := range files {
		cas, err := LoadCassette(f)
		require.NoError(t, err)
		var got []Exchange
		require.NoError(t, ReadRecording(context.Background(), f, DefaultMaxFileSize, func(ex Exchange) error {
			got = append(got, ex)
			return nil
		}))
		require.Len(t, got, len(cas.Interactions), f)
		for i, in := range cas.Interactions {
			want := exchangeOfV3(in)
			want.Line = got[i].Line
			require.Equal(t, want.Method, got[i].Method, f)
			require.Equal(t, want.URL, got[i].URL, f)
			require.Equal(t, want.Status, got[i].Status, f)
			require.Equal(t, want.RequestBody, got[i].RequestBody, f)
			require.Equal(t, want.ResponseBody, got[i].ResponseBody, f)
			require.Equal(t, len(want.ResponseHeader), len(got[i].ResponseHeader), f)
		}
	}
}

func TestLimitedFileGrows(t *testing.T) {
	path := writeFile(t, filepath.Join(t.TempDir(), "c.yaml"), "0123456789")
	rc, err := openRegular(path, 10)
	require.NoError(t, err)
	defer rc.Close()
	// The file grows after it was checked.
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND, 0)
	require.NoError(t, err)
	_, err = f.WriteString("more")
	require.NoError(t, err)
	require.NoError(t, f.Close())
	_, err = io.ReadAll(rc)
	require.ErrorIs(t, err, ErrTooLarge)
	_, err = os.Stat(path)
	require.NoError(t, err)
}

// TestReadCassetteBatches: items are decoded in batches of about
// batchBytes; every item comes out once, in order, with its own line,
// and an item that fails names itself after those before it came out.
func TestReadCassetteBatches(t *testing.T) {
	item := "- request: {method: GET, url: 'https://h/x?i=%d'}\n  # a comment\n  response: {code: 200, body: '%s'}\n"
	pad := strings.Repeat("x", 1000)
	many := func(n int, bad int, broken string) string {
		var b strings.Builder
		b.WriteString("version: 2\ninteractions:\n")
		for i := range n {
			if i == bad {
				b.WriteString(broken)
				continue
			}
			fmt.Fprintf(&b, item, i, pad)
		}
		return b.String()
	}
	n := 3*batchBytes/1000 + 7
	for name, tc := range map[string]struct {
		text    string
		emitted int
		err     string
	}{
		"several batches":         {text: many(n, -1, ""), emitted: n},
		"one small batch":         {text: many(3, -1, ""), emitted: 3},
		"bad item in a batch":     {text: many(5, 2, "- request: [1, 2]\n"), emitted: 2, err: "interaction 2 (line 9)"},
		"null item in a batch":    {text: many(5, 3, "- ~\n"), emitted: 3, err: "interaction 3 (line 12) is null"},
		"bad item in a later one": {text: many(n, n-2, "- response: {code: x}\n"), emitted: n - 2, err: fmt.Sprintf("interaction %d (line %d)", n-2, 3+3*(n-2))},
	} {
		t.Run(name, func(t *testing.T) {
			path := writeFile(t, filepath.Join(t.TempDir(), "c.yaml"), tc.text)
			var got []Exchange
			err := ReadRecording(context.Background(), path, DefaultMaxFileSize, func(ex Exchange) error {
				got = append(got, ex)
				return nil
			})
			if tc.err == "" {
				require.NoError(t, err)
			} else {
				require.ErrorContains(t, err, tc.err)
			}
			require.Len(t, got, tc.emitted)
			for i, ex := range got {
				require.Equal(t, fmt.Sprintf("https://h/x?i=%d", i), ex.URL)
				require.Equal(t, 3+3*i, ex.Line)
				require.Equal(t, pad, ex.ResponseBody)
			}
		})
	}
}

// TestAliasesAcrossInteractions: an alias to an anchor of an earlier
// interaction resolves, however far apart the two are (the reader decodes
// batches of interactions), and an alias bomb is refused, not expanded.
func TestAliasesAcrossInteractions(t *testing.T) {
	item := func(i int, headers, body string) string {
		return fmt.Sprintf("    - id: %d\n      request:\n        url: https://h/v1/things/abc\n        method: DELETE\n        headers: %s\n      response:\n        code: 204\n        body: %q\n", i, headers, body)
	}
	pad := strings.Repeat("p", 70<<10) // past one batch
	tests := []struct {
		name    string
		items   []string
		wantErr string
		want    int
	}{
		{"alias in the same batch", []string{item(0, "&h {Authorization: [SSWS x]}", ""), item(1, "*h", "")}, "", 2},
		{"alias in a later batch", []string{item(0, "&h {Authorization: [SSWS x]}", ""), item(1, "{}", pad), item(2, "*h", "")}, "", 3},
		{"an unknown alias", []string{item(0, "{}", ""), item(1, "*nowhere", "")}, "interaction 1", 1},
		{"an alias bomb", []string{"    - id: 0\n      x: [&a [x, x, x, x, x, x, x, x, x, x], &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a], " +
			"&c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b], &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c], " +
			"&e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d], &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]]\n" +
			"      request: {url: https://h/v1/things/abc, method: DELETE}\n      response: {code: 204}\n",
			item(1, "{X: *f}", "")}, "interaction 1", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := "---\nversion: 2\ninteractions:\n" + strings.Join(tt.items, "")
			var got []Exchange
			err := readCassette(context.Background(), strings.NewReader(data), func() (io.ReadCloser, error) {
				return io.NopCloser(strings.NewReader(data)), nil
			}, func(ex Exchange) error { got = append(got, ex); return nil })
			if tt.wantErr != "" {
				require.ErrorContains(t, err, tt.wantErr)
				require.Less(t, len(err.Error()), 2000, "the error is bounded")
			} else {
				require.NoError(t, err)
			}
			require.Len(t, got, tt.want)
			for _, ex := range got {
				if strings.Contains(data, "&h") && ex.RequestHeader != nil && len(ex.RequestHeader) > 0 {
					require.Equal(t, "SSWS x", ex.RequestHeader.Get("Authorization"))
				}
			}
		})
	}
}
