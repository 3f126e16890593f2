package recording

import (
	"gopkg.in/dnaeon/go-vcr.v3/cassette"

	"github.com/credkit/credkit/redact"
	"github.com/credkit/credkit/redact/vcrv3"
)

// redactor rewrites one cassette with the public redaction package (the
// same rules anyone recording with go-vcr can use), and zeroes latency.
type redactor struct {
	hook func(*cassette.Interaction) error
}

func newRedactor(live, placeholder string, literals []string, renames map[string]string) *redactor {
	r := redact.New(&redact.Options{Live: live, Placeholder: placeholder, Secrets: literals, Rename: renames})
	return &redactor{hook: vcrv3.Hook(r)}
}

func (r *redactor) interaction(i *cassette.Interaction) { _ = r.hook(i) }
