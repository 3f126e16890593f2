package main

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// The values of credkit's own kinds of flags.

// stringList is a flag that may be repeated.
type stringList []string

func (l *stringList) String() string     { return strings.Join(*l, ",") }
func (l *stringList) Set(v string) error { *l = append(*l, v); return nil }
func (l *stringList) Type() string       { return "strings" }

// durationFlag is a duration flag that also takes days ("90d").
type durationFlag time.Duration

func (d *durationFlag) String() string {
	if d == nil || *d == 0 {
		return ""
	}
	return formatAge(time.Duration(*d))
}

// Type names the flag's value in help.
func (d *durationFlag) Type() string { return "duration" }

func (d *durationFlag) Set(v string) error {
	parsed, err := parseDuration(v)
	if err != nil {
		return err
	}
	*d = durationFlag(parsed)
	return nil
}

// maxDays is the longest duration in days that time.Duration holds.
const maxDays = int(math.MaxInt64 / int64(24*time.Hour))

// parseDuration reads "90d", or a Go duration such as "36h"; it refuses
// negative durations.
func parseDuration(v string) (time.Duration, error) {
	var d time.Duration
	if days, ok := strings.CutSuffix(v, "d"); ok {
		n, err := strconv.Atoi(days)
		if err != nil {
			return 0, fmt.Errorf("%q is not a duration: want days such as 90d, or hours such as 36h", v)
		}
		if n > maxDays || n < -maxDays {
			return 0, fmt.Errorf("%q is too long: at most %dd", v, maxDays)
		}
		d = time.Duration(n) * 24 * time.Hour
	} else {
		var err error
		if d, err = time.ParseDuration(v); err != nil {
			return 0, fmt.Errorf("%q is not a duration: want days such as 90d, or hours such as 36h", v)
		}
	}
	if d < 0 {
		return 0, fmt.Errorf("%q is negative", v)
	}
	return d, nil
}
