//go:build linux

package journal

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"github.com/stretchr/testify/require"
)

// The holder of a journal is named from the kernel's lock table and the
// holder's own process name: text forged into the lock file never reaches
// the message, and a name full of control characters arrives sanitized.
func TestHolderIsNamedByTheKernel(t *testing.T) {
	tests := []struct {
		name string
		env  []string
		// want is the holder's name after "pid N"; absent must not appear.
		want, absent string
	}{
		{"an honest holder", nil, " (journal.test)", ""},
		{"forged text in the lock file", []string{forgeEnv + "=pid 1 on trusted-build-host"}, " (journal.test)", "trusted-build-host"},
		{"forged escapes in the lock file", []string{forgeEnv + "=pid 1 \x1b]0;owned\x07"}, " (journal.test)", "owned"},
		{"control characters in the holder's name", []string{commEnv + "=ev\x1b[31mil\x07"}, " (ev?[31mil?)", "\x1b"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "j.json")
			holder := startHolder(t, path, tt.env...)
			want := "held by pid " + strconv.Itoa(holder.Process.Pid) + tt.want

			_, err := Open(context.Background(), path, nil)
			require.ErrorIs(t, err, ErrLocked)
			require.ErrorContains(t, err, want)

			var told string
			ctx, cancel := context.WithCancel(context.Background())
			_, err = Open(ctx, path, &Options{Wait: -1, OnWait: func(h string) { told = h; cancel() }})
			require.ErrorIs(t, err, context.Canceled)
			require.ErrorContains(t, err, want, "a wait the context ends names the holder too")
			require.Equal(t, "pid "+strconv.Itoa(holder.Process.Pid)+tt.want, told)

			for _, msg := range []string{err.Error(), told} {
				if tt.absent != "" {
					require.NotContains(t, msg, tt.absent)
				}
				require.False(t, strings.ContainsFunc(msg, func(r rune) bool { return r < 0x20 || r == 0x7f }), "%q", msg)
			}
		})
	}
}

// No lock, or a lock the kernel gives no live process for, names no one.
func TestHolderUnknown(t *testing.T) {
	dir := t.TempDir()
	unlocked := filepath.Join(dir, "j.json.lock")
	require.NoError(t, os.WriteFile(unlocked, []byte("pid 1 on trusted-build-host\n"), 0o600))
	require.Equal(t, anotherProcess, holderOf(unlocked), "the file's text is not a holder")
	require.Equal(t, anotherProcess, holderOf(filepath.Join(dir, "missing")))
}

// lockers reads /proc/locks: holders of the file's device and inode, not
// waiters, not other files, not PIDs outside the namespace.
func TestLockers(t *testing.T) {
	// st_dev 0xfe00 is major 0xfe, minor 0, which /proc/locks prints
	// "fe:00". A minor past 8 bits is split as glibc's makedev splits it.
	dev := uint64(0xfe00)
	tests := []struct {
		name, locks string
		dev, ino    uint64
		want        []int
	}{
		{"one flock", "1: FLOCK  ADVISORY  WRITE 4242 fe:00:9977873 0 EOF\n", dev, 9977873, []int{4242}},
		{"a waiter is not a holder", "1: FLOCK  ADVISORY  WRITE 4242 fe:00:9977873 0 EOF\n1: -> FLOCK  ADVISORY  WRITE 4343 fe:00:9977873 0 EOF\n", dev, 9977873, []int{4242}},
		{"posix lock", "3: POSIX  ADVISORY  WRITE 77 fe:00:9977873 0 EOF\n", dev, 9977873, []int{77}},
		{"open file description lock: no PID", "2: OFDLCK ADVISORY  WRITE -1 fe:00:9977873 0 EOF\n", dev, 9977873, nil},
		{"outside this PID namespace", "2: FLOCK  ADVISORY  WRITE 0 fe:00:9977873 0 EOF\n", dev, 9977873, nil},
		{"another inode", "1: FLOCK  ADVISORY  WRITE 4242 fe:00:9977874 0 EOF\n", dev, 9977873, nil},
		{"another device", "1: FLOCK  ADVISORY  WRITE 4242 fd:00:9977873 0 EOF\n", dev, 9977873, nil},
		{"large device numbers", "1: FLOCK  ADVISORY  WRITE 9 103:107:12 0 EOF\n", 0x07 | 0x103<<8 | 0x100<<12, 12, []int{9}},
		{"garbage", "nonsense\n1: FLOCK\n1: FLOCK ADVISORY WRITE x fe:00:1 0 EOF\n1: FLOCK ADVISORY WRITE 5 fe:zz:1 0 EOF\n", dev, 1, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			require.Equal(t, tt.want, lockers(strings.NewReader(tt.locks), tt.dev, tt.ino))
		})
	}
}

// A PID the kernel gives, whose process is gone or no longer has the file
// open (its number reused), names no one.
func TestStaleLockerIsNotNamed(t *testing.T) {
	lockFile := filepath.Join(t.TempDir(), "j.json.lock")
	require.NoError(t, os.WriteFile(lockFile, nil, 0o600))
	f, err := os.Open(lockFile)
	require.NoError(t, err)
	defer f.Close() //nolint:errcheck // read only
	info, err := f.Stat()
	require.NoError(t, err)
	st := info.Sys().(*syscall.Stat_t)
	dev, ino := uint64(st.Dev), st.Ino //nolint:unconvert // Dev is uint32 on some architectures

	name, ok := processOf(procRoot, os.Getpid(), dev, ino)
	require.True(t, ok, "this process has the file open")
	require.Equal(t, fmt.Sprintf("pid %d (journal.test)", os.Getpid()), name)

	_, ok = processOf(procRoot, os.Getpid(), dev, ino+1)
	require.False(t, ok, "a live process without the file open is not the holder")
	_, ok = processOf(t.TempDir(), 4242, dev, ino)
	require.False(t, ok, "a process that is gone is not the holder")
}
