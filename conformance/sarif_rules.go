package conformance

import "strings"

// sarifRule is a SARIF reportingDescriptor: one per problem kind, with
// what code scanning shows beside a result (fullDescription, help).
type sarifRule struct {
	ID                   string            `json:"id"`
	Name                 string            `json:"name"`
	ShortDescription     sarifText         `json:"shortDescription"`
	FullDescription      sarifText         `json:"fullDescription"`
	Help                 sarifText         `json:"help"`
	HelpURI              string            `json:"helpUri"`
	DefaultConfiguration map[string]string `json:"defaultConfiguration"`
}

// sarifHelp says, per problem kind, what to do about a problem.
var sarifHelp = map[ProblemKind]string{
	"response-status": "The vendor answered with a status the operation does not document. " +
		"If the vendor really answers so, document the status in the spec (and its reason in specs/ERRATA.md); otherwise the client or the vendor changed.",
	"response-header": "Compare the recorded header with the response headers the spec documents for the status; fix the spec if the vendor's real answer differs from its documents.",
	"response-body":   "Compare the recorded body with the schema of the documented response at the JSON pointer of the message.",
	"request-method":  "The spec has the path but not this method: a client calls an undocumented operation, or the spec lacks it.",
	"request-url":     "The request URL does not parse, or no loaded spec has its path: add the spec (--spec) or check the recording.",
	"request-path":    "A path parameter does not match its schema: check the identifier the client sent.",
	"request-query":   "A query parameter does not match its schema: check what the client sent against the spec.",
	"request-header":  "A request header or the credentials do not match the spec: check the client's headers and security scheme.",
	"request-cookie":  "A cookie parameter does not match the spec.",
	"request-body":    "The request body does not match the operation's request schema at the JSON pointer of the message.",
	"unreadable-file": "The recording could not be read to its end; the interactions before the error were checked. Re-record it, or fix its syntax.",
	"other":           "See the message of the result.",
}

// sarifToolVersion is ToolVersion as SARIF wants it, starting with a
// digit (SARIF2005): v1.4.0 is 1.4.0, a build inside the module 0.0.0-devel.
func sarifToolVersion(v string) string {
	switch {
	case v == "(devel)":
		return "0.0.0-devel"
	case strings.HasPrefix(v, "v") && len(v) > 1 && v[1] >= '0' && v[1] <= '9':
		return v[1:]
	case v == "" || v[0] < '0' || v[0] > '9':
		return "0.0.0-unknown"
	}
	return v
}

// sarifRules are the rules of every problem kind, in kindIndex order.
func sarifRules() []sarifRule {
	rules := make([]sarifRule, len(problemKinds))
	for i, k := range problemKinds {
		help := sarifHelp[k.Kind]
		if help == "" {
			help = sarifHelp["other"]
		}
		rules[i] = sarifRule{
			ID: string(k.Kind), Name: ruleName(k.Kind),
			ShortDescription:     sarifText{Text: k.Description},
			FullDescription:      sarifText{Text: k.Description + " The pointer of each result says where, in the recorded request or response."},
			Help:                 sarifText{Text: help, Markdown: help},
			HelpURI:              "https://github.com/credkit/credkit#conformance",
			DefaultConfiguration: map[string]string{"level": "error"},
		}
	}
	return rules
}

// ruleName is a kind in PascalCase, which differs from its ID even
// without regard to case (SARIF1001): response-status is ResponseStatus,
// other OtherProblem.
func ruleName(k ProblemKind) string {
	if !strings.Contains(string(k), "-") {
		k += "-problem"
	}
	var b strings.Builder
	for _, part := range strings.Split(string(k), "-") {
		if part != "" {
			b.WriteString(strings.ToUpper(part[:1]) + part[1:])
		}
	}
	return b.String()
}
