package journal

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// holderEnv makes the test binary a helper process that opens the journal
// named by its value, writes a record, says "locked" and waits to be killed.
const holderEnv = "CREDKIT_JOURNAL_TEST_HOLDER"

func TestMain(m *testing.M) {
	if path := os.Getenv(holderEnv); path != "" {
		os.Exit(hold(path))
	}
	os.Exit(m.Run())
}

func hold(path string) int {
	j, err := Open(context.Background(), path, nil)
	if err != nil {
		fmt.Println("error:", err)
		return 1
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
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), holderEnv+"="+path)
	stdin, err := cmd.StdinPipe()
	require.NoError(t, err)
	defer stdin.Close() //nolint:errcheck // the holder may be gone by then: best effort
	stdout, err := cmd.StdoutPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())
	line, err := bufio.NewReader(stdout).ReadString('\n')
	require.NoError(t, err)
	require.Equal(t, "locked", strings.TrimSpace(line))

	_, err = Open(context.Background(), path, nil)
	require.ErrorIs(t, err, ErrLocked)
	require.ErrorContains(t, err, fmt.Sprintf("pid %d", cmd.Process.Pid))

	require.NoError(t, cmd.Process.Kill())
	_ = cmd.Wait()
	j := open(t, path, nil)
	got, ok := j.Get(Key{Vendor: "okta", ClientID: "child"})
	require.True(t, ok, "what the killed process wrote is kept")
	require.Equal(t, "begin-intent", got.Step)
}
