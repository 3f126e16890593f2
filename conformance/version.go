package conformance

import "runtime/debug"

// modulePath is credkit's module.
const modulePath = "github.com/credkit/credkit"

// readBuildInfo is runtime/debug.ReadBuildInfo; tests replace it.
var readBuildInfo = debug.ReadBuildInfo

// ToolVersion is the version of credkit that writes the reports, as the
// Go toolchain recorded it: a module version when credkit is a dependency
// or was installed at a version, "(devel)" for a build inside the module,
// "unknown" when the binary holds no build information.
func ToolVersion() string {
	info, ok := readBuildInfo()
	if !ok {
		return "unknown"
	}
	if info.Main.Path == modulePath && info.Main.Version != "" {
		return info.Main.Version
	}
	for _, d := range info.Deps {
		if d.Path == modulePath && d.Version != "" {
			return d.Version
		}
	}
	return "(devel)"
}
