package specdrift

import (
	"bufio"
	"fmt"
	"io"
	"regexp"
	"strings"
)

// DriftHeading opens the section of ERRATA.md whose table rows explain
// differences: each row's first cell is a key in backquotes, a Difference
// key in which * stands for any run of characters.
const DriftHeading = "## Drift from the pinned upstream specs"

// Key is one machine-readable ERRATA key and the line it is on.
type Key struct {
	Pattern string
	Line    int
	re      *regexp.Regexp
}

// Match reports whether the key explains d.
func (k Key) Match(d Difference) bool { return k.re.MatchString(d.Key) }

// ParseKeys reads the keys of the drift section of an ERRATA file.
func ParseKeys(r io.Reader) ([]Key, error) {
	var keys []Key
	in := false
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	for line := 1; sc.Scan(); line++ {
		text := sc.Text()
		if strings.HasPrefix(text, "## ") {
			in = strings.HasPrefix(text, DriftHeading)
			continue
		}
		if !in || !strings.HasPrefix(text, "| `") {
			continue
		}
		end := strings.Index(text[3:], "`")
		if end <= 0 {
			return nil, fmt.Errorf("ERRATA line %d: a drift key opens a backquote it does not close", line)
		}
		pattern := text[3 : 3+end]
		keys = append(keys, Key{Pattern: pattern, Line: line, re: compileGlob(pattern)})
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if len(keys) == 0 {
		return nil, fmt.Errorf("ERRATA has no %q section with keys", DriftHeading)
	}
	return keys, nil
}

func compileGlob(pattern string) *regexp.Regexp {
	parts := strings.Split(pattern, "*")
	for i, p := range parts {
		parts[i] = regexp.QuoteMeta(p)
	}
	return regexp.MustCompile("^" + strings.Join(parts, ".*") + "$")
}

// Explained pairs each difference with the first key that matches it.
type Explained struct {
	Difference
	By *Key
}

// Explain matches every difference against keys. It returns them in order,
// with the key explaining each (nil when none does), and the keys that
// explain nothing: stale entries.
func Explain(diffs []Difference, keys []Key) ([]Explained, []Key) {
	used := make([]bool, len(keys))
	out := make([]Explained, 0, len(diffs))
	for _, d := range diffs {
		e := Explained{Difference: d}
		for i := range keys {
			if keys[i].Match(d) {
				e.By, used[i] = &keys[i], true
				break
			}
		}
		out = append(out, e)
	}
	var unused []Key
	for i, k := range keys {
		if !used[i] {
			unused = append(unused, k)
		}
	}
	return out, unused
}
