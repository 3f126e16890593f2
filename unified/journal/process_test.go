package journal

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// holderEnv makes the test binary a helper process that opens the journal
// named by its value, writes a record, says "locked" and waits to be killed.
// With forgeEnv it then writes that text into the lock file, and with
// commEnv it first renames itself (/proc/self/comm, Linux).
const (
	holderEnv = "CREDKIT_JOURNAL_TEST_HOLDER"
	forgeEnv  = "CREDKIT_JOURNAL_TEST_FORGE"
	commEnv   = "CREDKIT_JOURNAL_TEST_COMM"
)

func TestMain(m *testing.M) {
	if path := os.Getenv(holderEnv); path != "" {
		os.Exit(hold(path))
	}
	os.Exit(m.Run())
}

func hold(path string) int {
	if name := os.Getenv(commEnv); name != "" {
		if err := os.WriteFile("/proc/self/comm", []byte(name), 0); err != nil {
			fmt.Println("error:", err)
			return 1
		}
	}
	j, err := Open(context.Background(), path, nil)
	if err != nil {
		fmt.Println("error:", err)
		return 1
	}
	if forged := os.Getenv(forgeEnv); forged != "" {
		if err := os.WriteFile(j.Path()+".lock", []byte(forged), 0o600); err != nil {
			fmt.Println("error:", err)
			return 1
		}
	}
	if err := j.Put(Record{Key: Key{Vendor: "okta", ClientID: "child"}, Step: "begin-intent"}); err != nil {
		fmt.Println("error:", err)
		return 1
	}
	fmt.Println("locked")
	_, _ = bufio.NewReader(os.Stdin).ReadString('\n') // until killed
	return 0
}

// TestKilledHolderReleasesTheLock locks the journal from a real second
// process, checks that it is refused here naming that process, kills it
// and checks that its record survived and the lock is free.
func TestKilledHolderReleasesTheLock(t *testing.T) {
	path := filepath.Join(t.TempDir(), "j.json")
	cmd := startHolder(t, path)

	_, err := Open(context.Background(), path, nil)
	require.ErrorIs(t, err, ErrLocked)
	if runtime.GOOS == "linux" {
		require.ErrorContains(t, err, fmt.Sprintf("pid %d", cmd.Process.Pid))
	}

	require.NoError(t, cmd.Process.Kill())
	_ = cmd.Wait()
	j := open(t, path, nil)
	got, ok := j.Get(Key{Vendor: "okta", ClientID: "child"})
	require.True(t, ok, "what the killed process wrote is kept")
	require.Equal(t, "begin-intent", got.Step)
}

// startHolder starts the test binary as a process that holds the journal
// at path (holderEnv, and env besides), and returns once it holds it.
func startHolder(t *testing.T, path string, env ...string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(append(os.Environ(), holderEnv+"="+path), env...)
	stdin, err := cmd.StdinPipe()
	require.NoError(t, err)
	stdout, err := cmd.StdoutPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())
	t.Cleanup(func() {
		_ = stdin.Close() // the holder may be gone by then: best effort
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
	})
	line, err := bufio.NewReader(stdout).ReadString('\n')
	require.NoError(t, err)
	require.Equal(t, "locked", strings.TrimSpace(line))
	return cmd
}
