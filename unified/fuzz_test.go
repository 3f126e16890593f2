package unified_test

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"log"
	"log/slog"
	"regexp"
	"strings"
	"testing"
	"text/template"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/credkit/credkit/unified"
)

// FuzzSecretFormatting holds a value in a Secret, and in the Credential,
// Rotation and Error that carry one, and renders them every way a program
// might: every fmt verb and flag, fmt.Sprint, json, xml, MarshalText,
// text/template, log, and slog's text and JSON handlers. The property is
// stronger than "the value does not appear": every rendering must be
// byte-for-byte the rendering of the same values holding a fixed reference
// secret, so nothing about the value (its length, its characters, its
// escaping) shows. Then, as a plain check, no rendering contains the value
// when it is at least 4 bytes long and is not already part of the
// reference rendering (a value such as "REDACTED", "Secret" or "okta"
// appears there by construction, not by leaking).
func FuzzSecretFormatting(f *testing.F) {
	for _, seed := range []string{
		"hunter2hunter2", "0oa1-s3cr3t-value-from-okta-0123456789", "REDACTED-0001-credkit-Placeholder",
		"[REDACTED]", "REDACTED", "[NONE]", "null", `"quoted"`, "%v%s%d", "a", "", "\x00\xff", "é✓🙂",
		strings.Repeat("x", 300), "{{.}}", "<secret>&amp;", "unified.Secret(", "\n\t ",
	} {
		f.Add(seed)
	}
	const reference = "reference-secret-value"
	f.Fuzz(func(t *testing.T, value string) {
		ref := reference
		if value == "" {
			ref = "" // the zero Secret renders differently on purpose ([NONE], null)
		}
		got, want := renderings(t, value), renderings(t, ref)
		require.Len(t, got, len(want))
		for name, out := range got {
			require.Equal(t, addresses.ReplaceAllString(want[name], "0xADDR"), addresses.ReplaceAllString(out, "0xADDR"),
				"%s depends on the secret's value", name)
			if len(value) >= 4 && !strings.Contains(want[name], value) {
				require.NotContains(t, out, value, name)
			}
		}
	})
}

// renderings renders a Secret holding value, and the values that carry
// one, every way the test knows; keys name the way.
func renderings(t *testing.T, value string) map[string]string {
	s := unified.NewSecret(value)
	if value != "" {
		require.Equal(t, value, s.Reveal(), "the value is kept")
	}
	created := time.Date(2026, 1, 6, 19, 51, 0, 0, time.UTC)
	cred := unified.Credential{Vendor: unified.Vendor("okta"), ClientID: "0oa1", ID: "ocs1", Kind: unified.KindClientSecret,
		Status: unified.StatusActive, Created: created, Secret: s}
	rot := &unified.Rotation{Vendor: unified.Vendor("okta"), ClientID: "0oa1", NewClientID: "0oa1", New: cred, Old: unified.CredentialRef{ClientID: "0oa1", ID: "ocs0"}}
	values := map[string]any{
		"Secret":     s,
		"*Secret":    &s,
		"Credential": cred,
		"Rotation":   rot,
		"slice":      []unified.Secret{s, s},
		"map":        map[string]unified.Secret{"k": s},
		"struct":     struct{ S unified.Secret }{s},
		"any":        []any{s, cred},
		"JSONWebKey": unified.JSONWebKey{Credential: cred, KeyID: "k1"},
		"Options":    unified.CreateSecretOptions{Value: s},
		"RotateOpts": unified.RotateOptions{NewSecret: s, AllowNewClientID: true},
	}
	out := map[string]string{}
	verbs := []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%X", "%d", "%T", "%10.3s", "%-40v", "%08v", "% x", "%t", "%U"}
	for name, v := range values {
		for _, verb := range verbs {
			out[name+" "+verb] = fmt.Sprintf(verb, v)
		}
		out[name+" Sprint"] = fmt.Sprint(v)
		out[name+" Sprintln"] = fmt.Sprintln(v, v)
		out[name+" Errorf"] = fmt.Errorf("failed with %v: %w", v, fmt.Errorf("%+v", v)).Error()
		b, err := json.Marshal(v)
		out[name+" json"] = string(b) + errText(err)
		b, err = json.MarshalIndent(v, "", "  ")
		out[name+" json indent"] = string(b) + errText(err)
		b, err = xml.Marshal(v)
		out[name+" xml"] = string(b) + errText(err)
		var buf bytes.Buffer
		err = template.Must(template.New("t").Parse("{{.}} {{printf \"%#v\" .}}")).Execute(&buf, v)
		out[name+" template"] = buf.String() + errText(err)
		buf.Reset()
		log.New(&buf, "", 0).Printf("%v %+v", v, v)
		out[name+" log"] = buf.String()
		for handler, h := range map[string]func(*bytes.Buffer) slog.Handler{
			"slog text": func(b *bytes.Buffer) slog.Handler { return slog.NewTextHandler(b, nil) },
			"slog json": func(b *bytes.Buffer) slog.Handler { return slog.NewJSONHandler(b, nil) },
		} {
			buf.Reset()
			logger := slog.New(h(&buf)).With("with", v)
			logger.Info("msg", "value", v, slog.Group("g", "nested", v), slog.Any("any", v))
			out[name+" "+handler] = stripTime(buf.String())
		}
	}
	text, err := s.MarshalText()
	out["Secret MarshalText"] = string(text) + errText(err)
	out["Secret String"], out["Secret GoString"] = s.String(), s.GoString()
	out["Secret LogValue"] = s.LogValue().String()
	e := &unified.Error{Code: unified.Internal, Vendor: unified.Vendor("okta"), Op: "CreateSecret", Message: "refused " + s.String(), Err: fmt.Errorf("cause %v", cred)}
	out["Error"] = e.Error()
	out["Error %+v"] = fmt.Sprintf("%+v", e)
	b, err := json.Marshal(e)
	out["Error json"] = string(b) + errText(err)
	return out
}

// addresses are the pointers %v prints for nested pointers, which differ
// between two renderings by nature.
var addresses = regexp.MustCompile(`0x[0-9a-f]{6,}`)

func errText(err error) string {
	if err == nil {
		return ""
	}
	return " error: " + err.Error()
}

// stripTime drops slog's time attribute, the only part that changes
// between two renderings.
func stripTime(s string) string {
	var out []string
	for _, line := range strings.Split(s, "\n") {
		if i := strings.Index(line, "level="); i > 0 && strings.HasPrefix(line, "time=") {
			line = line[i:]
		}
		if i := strings.Index(line, `"level":`); i > 0 && strings.HasPrefix(line, `{"time":`) {
			line = "{" + line[i:]
		}
		out = append(out, line)
	}
	return strings.Join(out, "\n")
}
