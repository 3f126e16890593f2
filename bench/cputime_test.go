package bench

import (
	"syscall"
	"testing"
	"time"
)

// cpuClock measures the CPU time of this process (user and system, every
// thread, so the garbage collector's work counts) over a benchmark's loop.
// Other jobs on a shared machine stretch a benchmark's wall time, ns/op,
// whenever they take its core; they do not add to its CPU time, so
// cpu-ns/op is the steadier measure of what a client itself costs.
type cpuClock struct{ start time.Duration }

func startCPU() cpuClock { return cpuClock{start: processCPU()} }

// report adds the CPU time per op (per ops/op when one op does several
// things, such as interactions) as the metric unit, e.g. "cpu-ns/op".
func (c cpuClock) report(b *testing.B, per int, unit string) {
	if b.N == 0 || per == 0 {
		return
	}
	b.ReportMetric(float64(processCPU()-c.start)/float64(b.N)/float64(per), unit)
}

func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
