package hydratest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"sync"
	"syscall"
	"time"
)

// Options tune NewServer; nil means defaults.
type Options struct {
	// Env adds KEY=VALUE settings to Hydra's environment, after the ones
	// hydratest sets (a later one wins).
	Env []string
	// ReadyWithin bounds the wait for /health/ready (default 90s: a cold
	// start on 2 busy cores takes a few seconds).
	ReadyWithin time.Duration
}

// Server is a running Hydra.
type Server struct {
	// AdminURL and PublicURL are the admin and public APIs, such as
	// http://127.0.0.1:40123, without a trailing slash.
	AdminURL, PublicURL string

	cmd     *exec.Cmd
	done    chan struct{} // closed when the process has ended
	waitErr error         // how it ended, once done is closed
	out     *tail
	stop    sync.Once
	stopErr error
}

// attempts is how often NewServer tries fresh ports: a port found free
// may be taken by another process before Hydra binds it.
const attempts = 3

// NewServer starts Hydra and waits until /health/ready answers 200. ctx
// bounds the start only; Stop ends the server.
func NewServer(ctx context.Context, opts *Options) (*Server, error) {
	bin, err := Binary()
	if err != nil {
		return nil, err
	}
	if opts == nil {
		opts = &Options{}
	}
	within := opts.ReadyWithin
	if within <= 0 {
		within = 90 * time.Second
	}
	ctx, cancel := context.WithTimeout(ctx, within)
	defer cancel()
	for i := 1; ; i++ {
		s, err := start(bin, opts.Env)
		if err == nil {
			err = s.waitReady(ctx)
			if err == nil {
				return s, nil
			}
			err = errors.Join(err, s.Stop())
		}
		if i == attempts || ctx.Err() != nil {
			return nil, err
		}
	}
}

// start launches Hydra on two ports found free, in a process group of its
// own (Stop signals the group), with a minimal environment.
func start(bin string, extra []string) (*Server, error) {
	admin, err := freePort()
	if err != nil {
		return nil, err
	}
	public, err := freePort()
	if err != nil {
		return nil, err
	}
	s := &Server{
		AdminURL:  "http://127.0.0.1:" + strconv.Itoa(admin),
		PublicURL: "http://127.0.0.1:" + strconv.Itoa(public),
		done:      make(chan struct{}),
		out:       &tail{max: 16 << 10},
	}
	secret := make([]byte, 32)
	_, _ = rand.Read(secret)
	env := []string{
		"PATH=" + os.Getenv("PATH"),
		"DSN=memory",
		"SERVE_ADMIN_HOST=127.0.0.1", "SERVE_ADMIN_PORT=" + strconv.Itoa(admin),
		"SERVE_PUBLIC_HOST=127.0.0.1", "SERVE_PUBLIC_PORT=" + strconv.Itoa(public),
		"URLS_SELF_ISSUER=" + s.PublicURL,
		"SECRETS_SYSTEM=" + hex.EncodeToString(secret),
		"LOG_LEVEL=warn",
	}
	s.cmd = exec.Command(bin, "serve", "all", "--dev")
	s.cmd.Env = append(env, extra...)
	s.cmd.Stdout, s.cmd.Stderr = s.out, s.out
	s.cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
	if err := s.cmd.Start(); err != nil {
		return nil, fmt.Errorf("running %s: %w", bin, err)
	}
	go func() {
		s.waitErr = s.cmd.Wait()
		close(s.done)
	}()
	return s, nil
}

// freePort asks the kernel for a loopback port free now.
func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	port := l.Addr().(*net.TCPAddr).Port
	// A port still held is not free.
	return port, l.Close()
}

// pollEvery is how often waitReady asks /health/ready.
const pollEvery = 50 * time.Millisecond

// waitReady polls the admin API's /health/ready until it answers 200, the
// process ends or ctx does, whichever comes first.
func (s *Server) waitReady(ctx context.Context) error {
	client := &http.Client{Timeout: time.Second}
	tick := time.NewTicker(pollEvery)
	defer tick.Stop()
	for {
		if s.ready(ctx, client) {
			return nil
		}
		select {
		case <-s.done:
			if s.waitErr == nil {
				return fmt.Errorf("hydra ended before it was ready (exit status 0); its output ends:\n%s", s.out)
			}
			return fmt.Errorf("hydra ended before it was ready (%w); its output ends:\n%s", s.waitErr, s.out)
		case <-ctx.Done():
			return fmt.Errorf("hydra was not ready at %s/health/ready: %w; its output ends:\n%s", s.AdminURL, ctx.Err(), s.out)
		case <-tick.C:
		}
	}
}

func (s *Server) ready(ctx context.Context, client *http.Client) bool {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, s.AdminURL+"/health/ready", nil)
	if err != nil {
		return false
	}
	resp, err := client.Do(req)
	if err != nil {
		return false
	}
	resp.Body.Close()
	return resp.StatusCode == http.StatusOK
}

// stopWithin is how long Stop waits after SIGTERM before SIGKILL.
const stopWithin = 10 * time.Second

// Stop ends the server's process group: SIGTERM, then SIGKILL if it has
// not ended within stopWithin. It is safe to call more than once. A
// process that ended by either signal is not an error.
func (s *Server) Stop() error {
	s.stop.Do(func() {
		pid := s.cmd.Process.Pid
		_ = syscall.Kill(-pid, syscall.SIGTERM)
		select {
		case <-s.done:
		case <-time.After(stopWithin):
			_ = syscall.Kill(-pid, syscall.SIGKILL)
			<-s.done
		}
		var exit *exec.ExitError
		if errors.As(s.waitErr, &exit) && !exit.Exited() {
			return // ended by a signal: ours
		}
		if s.waitErr != nil {
			s.stopErr = fmt.Errorf("hydra (pid %d) ended with %w; its output ends:\n%s", pid, s.waitErr, s.out)
		}
	})
	return s.stopErr
}

// Pid is the server's process ID.
func (s *Server) Pid() int { return s.cmd.Process.Pid }

// Done is closed when the server's process has ended.
func (s *Server) Done() <-chan struct{} { return s.done }
