package conformance

import (
	"encoding/json"
	"io"
)

// jsonSink writes the Report as indented JSON. The verdicts wait in two
// spools (matched, unmatched) until the totals, which come first, are
// known: its memory does not grow with the run.
type jsonSink struct {
	w                  io.Writer
	matched, unmatched *spool
	counts             [2]int
}

func newJSONSink(w io.Writer) *jsonSink {
	return &jsonSink{w: w, matched: newSpool(), unmatched: newSpool()}
}

func (s *jsonSink) File(f FileResults) error {
	for _, res := range f.Results {
		i, sp := 0, s.matched
		if res.Outcome == Unmatched {
			i, sp = 1, s.unmatched
		}
		data, err := json.MarshalIndent(res, "    ", "  ")
		if err != nil {
			return err
		}
		sep := ",\n    "
		if s.counts[i] == 0 {
			sep = "\n    "
		}
		s.counts[i]++
		sp.WriteString(sep + string(data))
	}
	if s.matched.err != nil {
		return s.matched.err
	}
	return s.unmatched.err
}

func (s *jsonSink) Finish(r *Report) error {
	defer s.matched.close()
	defer s.unmatched.close()
	out := &errWriter{w: s.w}
	out.printf("{\n  \"summary\": %s,\n  \"specs\": %s,\n", indentJSON(r.Summary), indentJSON(r.Specs))
	s.list(out, "interactions", s.matched, s.counts[0])
	out.printf(",\n")
	s.list(out, "unmatched", s.unmatched, s.counts[1])
	out.printf(",\n  \"errors\": %s", indentJSON(r.Errors))
	if r.Interrupted {
		out.printf(",\n  \"interrupted\": true")
	}
	out.printf("\n}\n")
	return out.err
}

func (s *jsonSink) list(out *errWriter, name string, sp *spool, n int) {
	out.printf("  %q: [", name)
	if n > 0 && out.err == nil {
		out.err = sp.copyTo(out.w)
		out.printf("\n  ")
	}
	out.printf("]")
}

// indentJSON is v as JSON indented at the second level; a value that does
// not marshal (none of a Report's) is null.
func indentJSON(v any) string {
	data, err := json.MarshalIndent(v, "  ", "  ")
	if err != nil {
		return "null"
	}
	return string(data)
}
