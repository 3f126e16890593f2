// Package journal keeps records that must outlive a process, such as
// rotations in progress, in one file that is locked while in use and
// rewritten durably before the request that makes a record's step effective.
//
// A [Journal] is opened with [Open], which takes an exclusive lock
// (github.com/gofrs/flock on a ".lock" file beside the journal, so that the
// lock survives the journal's atomic replacement) and reads the file under
// that lock. Every [Journal.Put] and [Journal.Delete] rewrites the whole file:
// a temporary file in the same folder is written and fsynced, renamed over the
// journal, and the folder is fsynced, so a crash leaves either the old file or
// the new one, never a torn one. A journal path that is a symbolic link is
// written through: the link's target is replaced and the link is kept.
//
// The journal stores opaque JSON per record. It holds no secret by itself;
// callers must not put one in a record.
//
// # Errors
//
// Open fails with a [*LockedError] when another process holds the journal:
// it wraps [ErrLocked] (use errors.Is) past Options.Wait, and the context's
// error when ctx ends first. Both name the holder as the kernel does, not from any file's
// content: on Linux "pid N (name)" from /proc/locks and the process's
// short name (control characters replaced, at most 32 characters; never
// its command line, which may hold credentials), elsewhere, or when the
// kernel names no live process, "another process". Every other error
// names the file and what was wrong with it (not a regular file, not a
// journal, an unknown version, a folder that cannot be written), and
// comes before a lock file is created.
package journal
