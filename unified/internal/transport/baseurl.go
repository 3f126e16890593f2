package transport

import (
	"errors"
	"net"
	"net/url"
	"strings"
)

// ParseBaseURL parses a vendor base URL: absolute, without user
// information, query or fragment, and https — plain http is accepted only
// for a loopback host (a local simulator), so that a credential never
// crosses a network in clear. The error says what is wrong, for the
// caller to prefix with the name of its setting.
func ParseBaseURL(raw string) (*url.URL, error) {
	u, err := url.Parse(strings.TrimSuffix(raw, "/"))
	switch {
	case err != nil || u.Host == "":
		return nil, errors.New("must be an absolute URL")
	case u.User != nil || u.RawQuery != "" || u.Fragment != "":
		return nil, errors.New("must not carry user information, a query or a fragment")
	case u.Scheme != "https" && !(u.Scheme == "http" && IsLoopback(u.Hostname())):
		return nil, errors.New("must use https (plain http only for a loopback simulator)")
	}
	return u, nil
}

// IsLoopback reports whether host names this machine.
func IsLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
