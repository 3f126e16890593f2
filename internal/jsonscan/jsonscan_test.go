package jsonscan_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/credkit/credkit/internal/jsonscan"
)

func TestSkipValue(t *testing.T) {
	tests := []struct {
		json string
		at   int
		want string // the value SkipValue spans from at
	}{
		{`"a"`, 0, `"a"`},
		{`"a\"b" , 1`, 0, `"a\"b"`},
		{`"\\"x`, 0, `"\\"`},
		{`{"a":[1,{"b":"}"}]} ,`, 0, `{"a":[1,{"b":"}"}]}`},
		{`[1, 2]`, 1, `1`},
		{`[1, 22]`, 4, `22`},
		{`{"n":-1.5e3}`, 5, `-1.5e3`},
		{`true `, 0, `true`},
		{`null`, 0, `null`},
		{`{"k" : 1}`, 1, `"k"`},
		{`"unterminated`, 0, `"unterminated`},
	}
	for _, tt := range tests {
		t.Run(tt.json, func(t *testing.T) {
			end := jsonscan.SkipValue([]byte(tt.json), tt.at)
			require.LessOrEqual(t, end, len(tt.json))
			require.Equal(t, tt.want, tt.json[tt.at:end])
		})
	}
}

func TestNextItemWalksAList(t *testing.T) {
	tests := []struct {
		json string
		want []string
	}{
		{`[]`, nil},
		{` [ ] `, nil},
		{`[1]`, []string{`1`}},
		{`[ {"a": [1, 2]} , "x,y", null,true, -2 ]`, []string{`{"a": [1, 2]}`, `"x,y"`, `null`, `true`, `-2`}},
		{"[\n\t\"a\"\r\n]", []string{`"a"`}},
	}
	for _, tt := range tests {
		t.Run(tt.json, func(t *testing.T) {
			b := []byte(tt.json)
			var got []string
			for i := jsonscan.SkipSpace(b, 0); ; {
				var item []byte
				if item, i = jsonscan.NextItem(b, i); i < 0 {
					break
				}
				got = append(got, string(item))
			}
			require.Equal(t, tt.want, got)
			var parsed []json.RawMessage
			require.NoError(t, json.Unmarshal(b, &parsed))
			require.Len(t, got, len(parsed), "as many items as encoding/json finds")
		})
	}
}

func TestSkipSpace(t *testing.T) {
	require.Equal(t, 4, jsonscan.SkipSpace([]byte(" \t\r\nx"), 0))
	require.Equal(t, 2, jsonscan.SkipSpace([]byte("  "), 0))
	require.Equal(t, 2, jsonscan.SkipSpace([]byte("x y"), 1))
}
