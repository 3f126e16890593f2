package transport

import (
	"math"
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestRateLimitCounts(t *testing.T) {
	cases := []struct {
		limit, remaining   string
		wantLimit, wantRem int
		ok                 bool
	}{
		{"600", "599", 600, 599, true},
		{"600", "-5", 600, 0, true},
		{"600", "9000", 600, 600, true},
		{"600", "-9223372036854775808", 600, 0, true},
		{"0", "0", 0, 0, false},
		{"-1", "0", 0, 0, false},
		{strconv.Itoa(MaxRateLimit + 1), "1", 0, 0, false},
		{"9223372036854775807", "-9223372036854775808", 0, 0, false},
		{"99999999999999999999", "1", 0, 0, false},
		{"600", "", 0, 0, false},
		{"many", "1", 0, 0, false},
		{"", "", 0, 0, false},
		{" ", "1", 0, 0, false},
	}
	for _, c := range cases {
		t.Run(c.limit+"/"+c.remaining, func(t *testing.T) {
			l, r, ok := RateLimitCounts(http.Header{"X-Rate-Limit-Limit": {c.limit}, "X-Rate-Limit-Remaining": {c.remaining}})
			require.Equal(t, c.ok, ok)
			require.Equal(t, c.wantLimit, l)
			require.Equal(t, c.wantRem, r)
		})
	}
}

// TestRateLimitCountsOfNoHeadersAllocateNothing: a vendor that sends no
// rate limit headers (Ory) pays no strconv error per answer.
func TestRateLimitCountsOfNoHeadersAllocateNothing(t *testing.T) {
	h := http.Header{"Content-Type": {"application/json"}}
	require.Zero(t, testing.AllocsPerRun(100, func() { RateLimitCounts(h) }))
}

func TestTokenLifetime(t *testing.T) {
	p := func(v int64) *int64 { return &v }
	cases := []struct {
		in   *int64
		want time.Duration
	}{
		{nil, 5 * time.Minute},
		{p(0), 5 * time.Minute},
		{p(-1), 5 * time.Minute},
		{p(math.MinInt64), 5 * time.Minute},
		{p(1799), 1799 * time.Second},
		{p(86400), MaxTokenLifetime},
		{p(9223372037), MaxTokenLifetime}, // overflows a Duration when multiplied by a second
		{p(math.MaxInt64), MaxTokenLifetime},
	}
	for _, c := range cases {
		require.Equal(t, c.want, TokenLifetime(c.in, 5*time.Minute))
	}
}

func TestUnixMilli(t *testing.T) {
	require.True(t, UnixMilli(0).IsZero())
	require.True(t, UnixMilli(-1).IsZero())
	require.True(t, UnixMilli(math.MaxInt64).IsZero())
	require.True(t, UnixMilli(253402300800000).IsZero(), "the year 10000")
	require.Equal(t, time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC), UnixMilli(time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC).UnixMilli()))
}
