package sailpoint

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// decode decodes JSON as the simulator does, numbers as json.Number.
func decode(t *testing.T, s string) any {
	t.Helper()
	dec := json.NewDecoder(strings.NewReader(s))
	dec.UseNumber()
	var v any
	require.NoError(t, dec.Decode(&v))
	return v
}

// encode is the JSON text of v.
func encode(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	require.NoError(t, err)
	return string(b)
}

func TestParsePointer(t *testing.T) {
	toks, err := parsePointer("/a~1b/c~0d/~01/0")
	require.NoError(t, err)
	require.Equal(t, []string{"a/b", "c~d", "~1", "0"}, toks)
	_, err = parsePointer("a")
	require.Error(t, err)
	_, err = parsePointer("")
	require.Error(t, err)
}

func TestPointerOperations(t *testing.T) {
	const doc = `{"a":{"b":[1,2,{"c":"x"}]},"s":"v"}`
	tests := []struct {
		name, op, path, value, want string
		wantErr                     bool
	}{
		{"get nested", "get", "/a/b/2/c", "", `"x"`, false},
		{"get missing", "get", "/a/z", "", "", true},
		{"get through a string", "get", "/s/0", "", "", true},
		{"get index out of range", "get", "/a/b/3", "", "", true},
		{"add member", "add", "/a/n", `true`, `{"a":{"b":[1,2,{"c":"x"}],"n":true},"s":"v"}`, false},
		{"add into array", "add", "/a/b/1", `9`, `{"a":{"b":[1,9,2,{"c":"x"}]},"s":"v"}`, false},
		{"append", "add", "/a/b/-", `9`, `{"a":{"b":[1,2,{"c":"x"},9]},"s":"v"}`, false},
		{"add at the end index", "add", "/a/b/3", `9`, `{"a":{"b":[1,2,{"c":"x"},9]},"s":"v"}`, false},
		{"add past the end", "add", "/a/b/4", `9`, "", true},
		{"add under a missing parent", "add", "/z/y", `9`, "", true},
		{"add deep in an array", "add", "/a/b/2/d", `9`, `{"a":{"b":[1,2,{"c":"x","d":9}]},"s":"v"}`, false},
		{"remove member", "remove", "/s", "", `{"a":{"b":[1,2,{"c":"x"}]}}`, false},
		{"remove element", "remove", "/a/b/0", "", `{"a":{"b":[2,{"c":"x"}]},"s":"v"}`, false},
		{"remove deep", "remove", "/a/b/2/c", "", `{"a":{"b":[1,2,{}]},"s":"v"}`, false},
		{"remove missing", "remove", "/a/z", "", "", true},
		{"remove dash", "remove", "/a/b/-", "", "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := decode(t, doc)
			toks, err := parsePointer(tt.path)
			require.NoError(t, err)
			var got any
			switch tt.op {
			case "get":
				got, err = getAt(d, toks)
			case "add":
				got, err = addAt(d, toks, decode(t, tt.value))
			case "remove":
				got, err = removeAt(d, toks)
			}
			if tt.wantErr {
				require.Error(t, err)
				return
			}
			require.NoError(t, err)
			require.JSONEq(t, tt.want, encode(t, got))
		})
	}
}

func TestDeepCopy(t *testing.T) {
	orig := decode(t, `{"a":[{"b":1}]}`)
	cp := deepCopy(orig)
	cp.(map[string]any)["a"].([]any)[0].(map[string]any)["b"] = "changed"
	require.JSONEq(t, `{"a":[{"b":1}]}`, encode(t, orig))
}
