package main

// crashHook, when set (by tests only), is called at each named point of a
// journaled rotation (the crash* constants of journaled.go). The crash
// matrix sets it to stop the rotation's goroutine there (runtime.Goexit):
// nothing after the point runs for that rotation, as if the process died,
// and the next run, with a fresh provider and the journal re-opened, must
// complete the rotation.
var crashHook func(point string)
