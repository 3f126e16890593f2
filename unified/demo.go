package unified

import (
	"fmt"
	"time"
)

// The ages of the demo credentials that break the default audit policy:
// a demo simulator makes one client whose secret is DemoOldSecret old and,
// where the vendor has signing keys, one whose key expires in
// DemoKeyLifetime.
const (
	DemoOldSecret   = 400 * 24 * time.Hour
	DemoKeyLifetime = 10 * 24 * time.Hour
)

// FormatDays is d in whole days, as "400d", for the notes of demo clients.
func FormatDays(d time.Duration) string { return fmt.Sprintf("%dd", d/(24*time.Hour)) }
