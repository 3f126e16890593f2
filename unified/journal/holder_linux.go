//go:build linux

package journal

import (
	"bufio"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
)

// procRoot is where the kernel's process information is mounted.
const procRoot = "/proc"

// maxFDs bounds the open files of a holder looked at to confirm it holds
// the lock file.
const maxFDs = 1 << 14

// holderOf names the process that holds the lock on lockPath, as the
// kernel says: /proc/locks lists every flock and POSIX lock with the
// device and inode of its file and the PID of the process that took it.
// The name is "pid N (comm)", comm being the process's own short name
// (/proc/N/comm, sanitized: see processName); never its command line,
// where a credential given as a flag may be. The lock file's content is
// never read: anyone who can write it could forge a name. When the kernel
// names no live process that still has the file open (the lock is held
// from another host or PID namespace, or by a child that inherited it),
// the holder is "another process".
func holderOf(lockPath string) string {
	info, err := os.Stat(lockPath)
	if err != nil {
		return anotherProcess
	}
	st, ok := info.Sys().(*syscall.Stat_t)
	if !ok {
		return anotherProcess
	}
	f, err := os.Open(filepath.Join(procRoot, "locks"))
	if err != nil {
		return anotherProcess
	}
	pids := lockers(f, uint64(st.Dev), st.Ino) //nolint:unconvert // Dev is uint32 on some architectures
	_ = f.Close()                              // read only: nothing to lose
	for _, pid := range pids {
		if name, ok := processOf(procRoot, pid, uint64(st.Dev), st.Ino); ok { //nolint:unconvert // as above
			return name
		}
	}
	return anotherProcess
}

// lockers are the PIDs that hold a lock, according to r (the format of
// /proc/locks), on the file of device dev (a stat st_dev) and inode ino.
// Waiters ("->") do not hold it; a PID of 0 (not in this PID namespace) or
// -1 (an open file description lock, which no process owns) names none.
//
//	1: FLOCK  ADVISORY  WRITE 4242 fe:00:9977873 0 EOF
//	2: -> FLOCK  ADVISORY  WRITE 4343 fe:00:9977873 0 EOF
func lockers(r io.Reader, dev, ino uint64) []int {
	major := (dev>>8)&0xfff | (dev>>32)&0xfffff000
	minor := dev&0xff | (dev>>12)&0xffffff00
	var out []int
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) < 6 || f[1] == "->" {
			continue
		}
		pid, err := strconv.Atoi(f[4])
		if err != nil || pid <= 0 {
			continue
		}
		id := strings.Split(f[5], ":")
		if len(id) != 3 {
			continue
		}
		maj, err1 := strconv.ParseUint(id[0], 16, 32)
		mnr, err2 := strconv.ParseUint(id[1], 16, 32)
		n, err3 := strconv.ParseUint(id[2], 10, 64)
		if err1 == nil && err2 == nil && err3 == nil && maj == major && mnr == minor && n == ino {
			out = append(out, pid)
		}
	}
	return out
}

// processOf names process pid under root (a /proc) as "pid N (comm)",
// and reports false when it is gone, or when its open files can be read
// and none of them is the file of dev and ino: the kernel's PID is then
// stale (the process that took the lock exited, and its number may be
// another's now).
func processOf(root string, pid int, dev, ino uint64) (string, bool) {
	dir := filepath.Join(root, strconv.Itoa(pid))
	comm, err := readSmall(filepath.Join(dir, "comm"), 64)
	if err != nil {
		return "", false
	}
	if holds, known := hasOpen(filepath.Join(dir, "fd"), dev, ino); known && !holds {
		return "", false
	}
	name := "pid " + strconv.Itoa(pid)
	if comm := processName(comm); comm != "" {
		name += " (" + comm + ")"
	}
	return name, true
}

// hasOpen reports whether one of the open files listed in fdDir (a
// /proc/N/fd) is the file of dev and ino; known is false when the list
// cannot be read (another user's process) or is too long to look through.
func hasOpen(fdDir string, dev, ino uint64) (holds, known bool) {
	d, err := os.Open(fdDir)
	if err != nil {
		return false, false
	}
	names, err := d.Readdirnames(maxFDs + 1)
	_ = d.Close() // read only: nothing to lose
	if (err != nil && !errors.Is(err, io.EOF)) || len(names) > maxFDs {
		return false, false
	}
	for _, n := range names {
		info, err := os.Stat(filepath.Join(fdDir, n))
		if err != nil {
			continue
		}
		if st, ok := info.Sys().(*syscall.Stat_t); ok && uint64(st.Dev) == dev && st.Ino == ino { //nolint:unconvert // Dev is uint32 on some architectures
			return true, true
		}
	}
	return false, true
}

// readSmall reads at most limit bytes of path.
func readSmall(path string, limit int64) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close() //nolint:errcheck // read only: nothing to lose
	data, err := io.ReadAll(io.LimitReader(f, limit))
	return string(data), err
}
