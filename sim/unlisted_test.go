package sim

import (
	"testing"

	"github.com/stretchr/testify/require"
)

type unlistedLeaf struct {
	ID                   string         `json:"id"`
	AdditionalProperties map[string]any `json:"-"`
}

type unlistedRoot struct {
	Name                 string         `json:"name,omitempty"`
	Leaf                 *unlistedLeaf  `json:"leaf,omitempty"`
	Items                []unlistedLeaf `json:"items"`
	Skipped              *unlistedLeaf  `json:"-"`
	AdditionalProperties map[string]any `json:"-"`
	hidden               *unlistedLeaf
}

func TestUnlistedMember(t *testing.T) {
	extra := map[string]any{"zeta": 1, "alpha": 2}
	tests := []struct {
		name string
		v    any
		path string
	}{
		{"nothing unlisted", &unlistedRoot{Name: "a", Leaf: &unlistedLeaf{ID: "x"}, Items: []unlistedLeaf{{ID: "y"}}}, ""},
		{"at the top, first by name", &unlistedRoot{AdditionalProperties: extra}, "/alpha"},
		{"in a nested object", &unlistedRoot{Leaf: &unlistedLeaf{AdditionalProperties: extra}}, "/leaf/alpha"},
		{"in an array item", unlistedRoot{Items: []unlistedLeaf{{}, {AdditionalProperties: extra}}}, "/items/1/alpha"},
		{"not in fields encoding/json skips", &unlistedRoot{Skipped: &unlistedLeaf{AdditionalProperties: extra}, hidden: &unlistedLeaf{AdditionalProperties: extra}}, ""},
		{"nil", nil, ""},
		{"a map of strings is not a model", map[string]string{"a": "b"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path, ok := UnlistedMember(tt.v)
			require.Equal(t, tt.path != "", ok)
			require.Equal(t, tt.path, path)
		})
	}
}
