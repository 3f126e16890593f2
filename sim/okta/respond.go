package okta

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strconv"
	"time"
)

// reply is a successful answer, written once the state lock is released.
type reply struct {
	status      int
	contentType string // empty: no body
	body        []byte
	header      http.Header // extra headers (Location, Link, ...)
}

// jsonReply answers v as application/json.
func jsonReply(status int, v any) *reply {
	return &reply{status: status, contentType: "application/json", body: marshal(v)}
}

// noContent is a 204 answer: no body and no Content-Type.
func noContent() *reply { return &reply{status: http.StatusNoContent} }

func (rep *reply) write(w http.ResponseWriter) {
	h := w.Header()
	for name, values := range rep.header {
		h[name] = values
	}
	if rep.contentType != "" {
		h.Set("Content-Type", rep.contentType)
		h.Set("Content-Length", strconv.Itoa(len(rep.body)))
	}
	w.WriteHeader(rep.status)
	_, _ = w.Write(rep.body)
}

// marshal encodes v without HTML escaping, as Okta does. The simulator's
// own types always encode.
func marshal(v any) []byte {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		panic("okta sim: encoding an answer: " + err.Error())
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
}

// stamp sets the headers every answer carries and returns the time of the
// request. The Date header comes from the simulator's clock, so net/http
// does not add the wall-clock one.
func (s *Server) stamp(w http.ResponseWriter) time.Time {
	now := s.clock.Now()
	h := w.Header()
	h.Set("Date", now.UTC().Format(http.TimeFormat))
	h.Set("X-Okta-Request-Id", s.reqIDs.Hex(32))
	h.Set("Cache-Control", "no-cache, no-store")
	h.Set("Pragma", "no-cache")
	h.Set("Expires", "0")
	return now
}

// oktaTime is a timestamp in Okta's wire form, 2026-01-06T19:50:58.000Z.
type oktaTime time.Time

// MarshalJSON writes the time in UTC with milliseconds.
func (t oktaTime) MarshalJSON() ([]byte, error) {
	return []byte(`"` + time.Time(t).UTC().Format("2006-01-02T15:04:05.000Z") + `"`), nil
}

// baseURL is the scheme and host the request was sent to; links in answers
// start with it.
func baseURL(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

// decodeBody decodes a required JSON body into v.
func decodeBody(body []byte, v any) *apiError {
	if len(bytes.TrimSpace(body)) == 0 {
		return errMalformed()
	}
	return decodeOptional(body, v)
}

// decodeOptional decodes a JSON body into v; an empty body leaves v as it
// is.
func decodeOptional(body []byte, v any) *apiError {
	if len(bytes.TrimSpace(body)) == 0 {
		return nil
	}
	if err := json.Unmarshal(body, v); err != nil {
		return errMalformed()
	}
	return nil
}
