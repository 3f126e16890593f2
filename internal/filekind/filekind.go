// Package filekind names the kind of a file that is not a regular file,
// for the errors of commands that read or write only regular files.
package filekind

import "io/fs"

// Of names the kind of a file of mode m ("a named pipe", "a directory",
// ...), or its mode when it is of none of those kinds.
func Of(m fs.FileMode) string {
	switch {
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe"
	case m&fs.ModeCharDevice != 0:
		return "a character device"
	case m&fs.ModeDevice != 0:
		return "a device"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m.IsDir():
		return "a directory"
	}
	return "mode " + m.String()
}
