package conformance

import (
	"context"
	"math/rand/v2"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// jsonStringFieldRegexp is what jsonStringFields scans for.
var jsonStringFieldRegexp = regexp.MustCompile(`"([^"\\]{1,64})"\s*:\s*"((?:[^"\\]|\\.){1,1000})"`)

func scannedFields(body string, limit int) [][2]string {
	var out [][2]string
	jsonStringFields(body, limit, func(name, value string) { out = append(out, [2]string{name, value}) })
	return out
}

func regexpFields(body string, limit int) [][2]string {
	var out [][2]string
	for _, m := range jsonStringFieldRegexp.FindAllStringSubmatch(body, limit) {
		out = append(out, [2]string{m[1], m[2]})
	}
	return out
}

// TestJSONStringFieldsAsTheRegexp: the scan finds the pairs the regular
// expression finds, on hand-made edge cases, on every body of the corpus
// and on random strings of the characters that matter.
func TestJSONStringFieldsAsTheRegexp(t *testing.T) {
	long := strings.Repeat("a", 64)
	cases := []string{
		``, `"`, `""`, `"a"`, `"a":`, `"a":"`, `"a":""`, `"a":"b"`, `{"a": "b", "c" :"d"}`,
		"\"a\"\t\n\f\r :\r\n\"b\"", "\"a\"\v:\"b\"", `"a\"":"b"`, `"a":"b\"c"`, `"a":"b\\"`, `"a":"b\\\"c"`,
		"\"a\":\"b\\\nc\"", "\"a\":\"b\nc\"", `"a":"\`, `"a":"b\`, `"` + long + `":"v"`, `"` + long + `a":"v"`,
		`"é€😀":"ü"`, "\"\xff\":\"\xe2\"", "\"a\xe2\":\"b\"", `"a":"` + strings.Repeat("x", 1000) + `"`,
		`"a":"` + strings.Repeat("x", 1001) + `"`, `"a":"` + strings.Repeat(`\n`, 1000) + `"`, `"a":"` + strings.Repeat(`\n`, 1001) + `"`,
		`"x\y" : "z"`, `"a":"b""c":"d"`, `"a""b":"c"`, `["a","b":"c"]`, `"a":1,"b":"c"`, `"a": "b", "a": "b"`,
		`{"client_secret":"s3cr3t-value","nested":{"token":"t0ken-value"}}`,
	}
	for _, c := range cases {
		require.Equal(t, regexpFields(c, 64), scannedFields(c, 64), "%q", c)
		require.Equal(t, regexpFields(c, 1), scannedFields(c, 1), "%q", c)
	}

	bodies := 0
	files, missing := FindRecordings(corpusDir)
	require.Empty(t, missing)
	for _, file := range files {
		require.NoError(t, ReadRecording(context.Background(), file, DefaultMaxFileSize, func(ex Exchange) error {
			for _, body := range []string{ex.RequestBody, ex.ResponseBody} {
				require.Equal(t, regexpFields(body, maxSecrets), scannedFields(body, maxSecrets), "%s", filepath.Base(file))
				bodies++
			}
			return nil
		}))
	}
	require.Greater(t, bodies, 1000)

	rng := rand.New(rand.NewPCG(28, 1))
	alphabet := []string{`"`, `"`, `"`, `\`, `:`, ` `, "\n", "\t", `a`, `b`, `é`, "\xff", `{`, `,`, `\"`, `":"`}
	for range 20000 {
		var b strings.Builder
		for range rng.IntN(40) {
			b.WriteString(alphabet[rng.IntN(len(alphabet))])
		}
		s := b.String()
		require.Equal(t, regexpFields(s, 64), scannedFields(s, 64), "%q", s)
	}
}
