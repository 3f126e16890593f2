package main

import (
	"bufio"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
)

// result is one line of `go test -bench` output: a benchmark's name
// (without its -GOMAXPROCS suffix), the round it ran in, and its values by
// unit ("ns/op", "B/op", "allocs/op", or a custom metric).
type result struct {
	round  int
	name   string
	values map[string]float64
}

// bulkRow is one "bulk:" line of TestBulkRotation -bulk: a phase and
// endpoint of one setting, with the fraction of the allowed rate it
// achieved.
type bulkRow struct {
	window   float64 // seconds
	limit    int
	phase    string
	endpoint string
	requests int
	refused  int
	fraction float64 // achieved ÷ limit/window
}

// bulkTotal is one "bulk-total:" line: a whole setting.
type bulkTotal struct {
	window                         float64
	limit, apps, requests, refused int
	failed, corrupt                int
}

// input is everything read from the files.
type input struct {
	results []result
	bulk    []bulkRow
	totals  []bulkTotal
}

var procSuffix = regexp.MustCompile(`-\d+$`)

// parse reads one file. A "round: N" line (a benchmark configuration
// line, as run.sh writes before each round) sets the round of the results
// after it; without one, the k-th result of a name is round k, as with
// -count. Lines that are neither results nor known keys are skipped, as
// benchstat skips them; a result line with a malformed value is an error.
func parse(r io.Reader, file string, in *input) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	round, explicit := 0, false
	seen := map[string]int{}
	for line := 1; sc.Scan(); line++ {
		text := sc.Text()
		where := fmt.Sprintf("%s:%d", file, line)
		switch {
		case strings.HasPrefix(text, "round:"):
			n, err := strconv.Atoi(strings.TrimSpace(strings.TrimPrefix(text, "round:")))
			if err != nil || n < 0 {
				return fmt.Errorf("%s: round %q is not a number of 0 or more", where, strings.TrimSpace(strings.TrimPrefix(text, "round:")))
			}
			round, explicit = n, true
		case strings.HasPrefix(text, "bulk:"):
			row, err := parseBulkRow(strings.TrimPrefix(text, "bulk:"))
			if err != nil {
				return fmt.Errorf("%s: %w", where, err)
			}
			in.bulk = append(in.bulk, row)
		case strings.HasPrefix(text, "bulk-total:"):
			t, err := parseBulkTotal(strings.TrimPrefix(text, "bulk-total:"))
			if err != nil {
				return fmt.Errorf("%s: %w", where, err)
			}
			in.totals = append(in.totals, t)
		case strings.HasPrefix(text, "Benchmark"):
			res, ok, err := parseResult(text)
			if err != nil {
				return fmt.Errorf("%s: %w", where, err)
			}
			if !ok {
				continue
			}
			if explicit {
				res.round = round
			} else {
				res.round = seen[res.name]
			}
			seen[res.name]++
			in.results = append(in.results, res)
		}
	}
	return sc.Err()
}

// parseResult reads "BenchmarkName-P  N  v unit  v unit ...". ok is false
// for lines that only start like one (a benchmark's log output, or the
// name printed before a failure).
func parseResult(text string) (result, bool, error) {
	f := strings.Fields(text)
	if len(f) < 4 || len(f)%2 != 0 {
		return result{}, false, nil
	}
	if _, err := strconv.ParseUint(f[1], 10, 64); err != nil {
		return result{}, false, nil
	}
	res := result{name: procSuffix.ReplaceAllString(f[0], ""), values: map[string]float64{}}
	for i := 2; i+1 < len(f); i += 2 {
		v, err := strconv.ParseFloat(f[i], 64)
		if err != nil {
			return result{}, false, fmt.Errorf("%s: value %q of %s is not a number", res.name, f[i], f[i+1])
		}
		res.values[f[i+1]] = v
	}
	return res, true, nil
}

// fields reads "key=value key=value ... endpoint=rest of the line".
func fields(s string) map[string]string {
	out := map[string]string{}
	s = strings.TrimSpace(s)
	for s != "" {
		kv, rest, _ := strings.Cut(s, " ")
		k, v, _ := strings.Cut(kv, "=")
		if k == "endpoint" { // the last field: it holds a space
			v = strings.TrimPrefix(s, "endpoint=")
			rest = ""
		}
		out[k] = v
		s = strings.TrimSpace(rest)
	}
	return out
}

func parseBulkRow(s string) (bulkRow, error) {
	f := fields(s)
	var row bulkRow
	var err error
	p := numbers{f: f}
	row.window = p.seconds("window")
	row.limit = p.int("limit")
	row.requests = p.int("requests")
	row.refused = p.int("refused")
	row.fraction = p.float("fraction")
	row.phase, row.endpoint = f["phase"], f["endpoint"]
	if err = p.err; err == nil && (row.phase == "" || row.endpoint == "") {
		err = fmt.Errorf("bulk row %q has no phase or endpoint", strings.TrimSpace(s))
	}
	return row, err
}

func parseBulkTotal(s string) (bulkTotal, error) {
	p := numbers{f: fields(s)}
	t := bulkTotal{window: p.seconds("window"), limit: p.int("limit"), apps: p.int("apps"), requests: p.int("requests"),
		refused: p.int("refused"), failed: p.int("failed"), corrupt: p.int("corrupt")}
	return t, p.err
}

// numbers reads fields, keeping the first error.
type numbers struct {
	f   map[string]string
	err error
}

func (p *numbers) fail(key, want string) {
	if p.err == nil {
		p.err = fmt.Errorf("%s=%q is not %s", key, p.f[key], want)
	}
}

func (p *numbers) int(key string) int {
	n, err := strconv.Atoi(p.f[key])
	if err != nil || n < 0 {
		p.fail(key, "a count")
	}
	return n
}

func (p *numbers) float(key string) float64 {
	v, err := strconv.ParseFloat(p.f[key], 64)
	if err != nil || v < 0 {
		p.fail(key, "a number of 0 or more")
	}
	return v
}

func (p *numbers) seconds(key string) float64 {
	v, err := strconv.ParseFloat(strings.TrimSuffix(p.f[key], "s"), 64)
	if err != nil || v <= 0 || !strings.HasSuffix(p.f[key], "s") {
		p.fail(key, "a number of seconds such as 10s")
	}
	return v
}
