package sailpoint

import (
	"fmt"
	"strings"
	"time"
)

// filter is a parsed filters expression of listOauthClients. SailPoint
// documents two: "lastUsed le <date-time>" and "lastUsed isnull".
type filter struct {
	any    bool      // no expression: everything matches
	isNull bool      // lastUsed isnull
	le     time.Time // lastUsed le le
}

// parseFilter parses expr. Operators are case-insensitive; the date-time is
// RFC 3339 (optionally quoted) or a plain date, meaning its midnight UTC.
func parseFilter(expr string) (filter, error) {
	words := strings.Fields(expr)
	switch {
	case len(words) == 0:
		return filter{any: true}, nil
	case words[0] != "lastUsed":
		return filter{}, fmt.Errorf("Invalid filter %q: only lastUsed can be filtered.", expr)
	case len(words) == 2 && strings.EqualFold(words[1], "isnull"):
		return filter{isNull: true}, nil
	case len(words) == 3 && strings.EqualFold(words[1], "le"):
		t, err := parseFilterTime(strings.Trim(words[2], `"`))
		if err != nil {
			return filter{}, fmt.Errorf("Invalid filter %q: %q is not a date-time.", expr, words[2])
		}
		return filter{le: t}, nil
	}
	return filter{}, fmt.Errorf("Invalid filter %q: use \"lastUsed le <date-time>\" or \"lastUsed isnull\".", expr)
}

func parseFilterTime(s string) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t, nil
	}
	return time.Parse(time.DateOnly, s)
}

// match reports whether c passes the filter; a client never used passes
// only isnull.
func (f filter) match(c ClientState) bool {
	switch {
	case f.any:
		return true
	case f.isNull:
		return c.LastUsed == nil
	}
	return c.LastUsed != nil && !c.LastUsed.After(f.le)
}
