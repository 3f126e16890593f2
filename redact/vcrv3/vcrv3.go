// Package vcrv3 makes a [redact.Redactor] a go-vcr v3 hook.
package vcrv3

import (
	"gopkg.in/dnaeon/go-vcr.v3/cassette"
	"gopkg.in/dnaeon/go-vcr.v3/recorder"

	"github.com/credkit/credkit/redact"
)

// Hook returns a go-vcr v3 hook that redacts each interaction with r; add
// it as a recorder.BeforeSaveHook. It also zeroes the recorded latency and
// the server-side request fields, and makes the Content-Length fields
// match the redacted bodies.
func Hook(r *redact.Redactor) recorder.HookFunc {
	return func(i *cassette.Interaction) error {
		in := redact.Interaction{
			URL: i.Request.URL, Host: i.Request.Host,
			RequestHeaders: i.Request.Headers, ResponseHeaders: i.Response.Headers,
			RequestBody: i.Request.Body, ResponseBody: i.Response.Body, Form: i.Request.Form,
		}
		r.Redact(&in)
		i.Request.URL, i.Request.Host = in.URL, in.Host
		i.Request.Headers, i.Response.Headers = in.RequestHeaders, in.ResponseHeaders
		i.Request.Body, i.Response.Body, i.Request.Form = in.RequestBody, in.ResponseBody, in.Form
		i.Response.Duration = 0
		i.Request.RemoteAddr, i.Request.RequestURI = "", ""
		i.Request.ContentLength = int64(len(i.Request.Body))
		if i.Response.ContentLength >= 0 {
			i.Response.ContentLength = int64(len(i.Response.Body))
		}
		return nil
	}
}
