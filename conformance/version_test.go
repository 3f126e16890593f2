package conformance

import (
	"runtime/debug"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestToolVersion(t *testing.T) {
	defer func(old func() (*debug.BuildInfo, bool)) { readBuildInfo = old }(readBuildInfo)
	tests := []struct {
		name string
		info *debug.BuildInfo
		ok   bool
		want string
	}{
		{"no build information", nil, false, "unknown"},
		{"installed at a version", &debug.BuildInfo{Main: debug.Module{Path: modulePath, Version: "v1.4.0"}}, true, "v1.4.0"},
		{"built inside the module", &debug.BuildInfo{Main: debug.Module{Path: modulePath, Version: "(devel)"}}, true, "(devel)"},
		{"a dependency", &debug.BuildInfo{Main: debug.Module{Path: "example.com/app"}, Deps: []*debug.Module{{Path: "other", Version: "v9"}, {Path: modulePath, Version: "v1.2.3"}}}, true, "v1.2.3"},
		{"not found", &debug.BuildInfo{Main: debug.Module{Path: "example.com/app", Version: "v2"}}, true, "(devel)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			readBuildInfo = func() (*debug.BuildInfo, bool) { return tt.info, tt.ok }
			require.Equal(t, tt.want, ToolVersion())
		})
	}
}
