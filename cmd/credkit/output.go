package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os/signal"
	"strings"
	"syscall"
	"text/tabwriter"
	"time"

	"github.com/credkit/credkit/unified"
)

// none stands for an empty cell.
const none = "-"

// redactedValue is what a secret shows without --show-secret.
const redactedValue = "[REDACTED]"

// writeTable writes rows under header, in columns aligned with spaces.
// Empty cells print as "-".
func writeTable(w io.Writer, header []string, rows [][]string) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, strings.Join(header, "\t"))
	for _, row := range rows {
		cells := make([]string, len(row))
		for i, cell := range row {
			if cell == "" {
				cell = none
			}
			cells[i] = cell
		}
		fmt.Fprintln(tw, strings.Join(cells, "\t"))
	}
	return tw.Flush()
}

// writeJSON writes v as indented JSON.
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// emit writes v as JSON, or the table when the format is "table".
func (b *base) emit(v any, header []string, rows [][]string) error {
	var err error
	if b.Output == "json" {
		if b.simulated {
			if v, err = markSimulated(v); err != nil {
				return b.fail("writing the output", err)
			}
		}
		err = writeJSON(b.f.IO.Out, v)
	} else {
		err = writeTable(b.f.IO.Out, header, rows)
	}
	if err != nil {
		return b.fail("writing the output", err)
	}
	return nil
}

// keepWritingOnBrokenPipe makes a write to a closed pipe fail with EPIPE
// instead of ending the process: Go's default, for stdout and stderr, is
// to die of SIGPIPE, silently, which would leave a secret the vendor
// already put in force printed nowhere. `secrets rotate` calls it, sees
// the error and shows the secret on stderr as the last resort; the
// listing commands keep the default, so that `credkit … | head` ends
// quietly.
func keepWritingOnBrokenPipe() { signal.Ignore(syscall.SIGPIPE) }

// formatTime prints an instant in UTC to the second, or "" for zero.
func formatTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

// formatAge prints a duration the way people read ages: days from two
// days on, then hours, minutes, seconds.
func formatAge(d time.Duration) string {
	neg := d < 0
	if neg {
		d = -d
	}
	var s string
	switch {
	case d >= 48*time.Hour:
		s = fmt.Sprintf("%dd", d/(24*time.Hour))
	case d >= time.Hour:
		s = fmt.Sprintf("%dh", d/time.Hour)
	case d >= time.Minute:
		s = fmt.Sprintf("%dm", d/time.Minute)
	default:
		s = fmt.Sprintf("%ds", d/time.Second)
	}
	if neg {
		return "-" + s
	}
	return s
}

// credentialJSON is a credential as the JSON output shows it: the secret
// is its value only with --show-secret, else a redaction.
type credentialJSON struct {
	Vendor   unified.Vendor `json:"vendor"`
	ClientID string         `json:"clientId"`
	ID       string         `json:"id"`
	Kind     unified.Kind   `json:"kind"`
	Status   unified.Status `json:"status,omitempty"`
	Created  time.Time      `json:"created,omitzero"`
	Updated  time.Time      `json:"updated,omitzero"`
	Expires  time.Time      `json:"expires,omitzero"`
	Hint     string         `json:"hint,omitempty"`
	Secret   string         `json:"secret,omitempty"`
}

func credentialView(c unified.Credential, show bool) credentialJSON {
	return credentialJSON{
		Vendor: c.Vendor, ClientID: c.ClientID, ID: c.ID, Kind: c.Kind, Status: c.Status,
		Created: c.Created, Updated: c.Updated, Expires: c.Expires, Hint: c.Hint,
		Secret: secretText(c.Secret, show),
	}
}

// secretText is what output shows of a secret: its value with show, a
// redaction without, "" when there is none.
func secretText(s unified.Secret, show bool) string {
	switch {
	case s.IsZero():
		return ""
	case show:
		return s.Reveal()
	default:
		return redactedValue
	}
}

// markSimulated adds "simulated": true to v's JSON: to the object, or to
// each object of an array, so that demo output cannot pass for a
// tenant's.
func markSimulated(v any) (any, error) {
	raw, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	var items []json.RawMessage
	if json.Unmarshal(raw, &items) == nil {
		for i, item := range items {
			items[i] = markObject(item)
		}
		return items, nil
	}
	return json.RawMessage(markObject(raw)), nil
}

// markObject adds "simulated": true first in a JSON object; anything else
// passes unchanged.
func markObject(raw json.RawMessage) json.RawMessage {
	trimmed := bytes.TrimSpace(raw)
	if len(trimmed) < 2 || trimmed[0] != '{' {
		return raw
	}
	rest := bytes.TrimSpace(trimmed[1:])
	sep := ","
	if rest[0] == '}' {
		sep = ""
	}
	return json.RawMessage(`{"simulated":true` + sep + string(rest))
}
