package ory

import (
	"net/url"
	"strings"

	"github.com/credkit/credkit/unified"
)

// maxTokenLength bounds a page token taken from a Link header. Hydra's
// are the base64url of {"offset":"N","v":2}, some 40 characters.
const maxTokenLength = 512

// maxLinkLength bounds the Link header values read, all fields together.
const maxLinkLength = 8 << 10

// nextToken reads the page_token of the first rel="next" link of the Link
// header fields (RFC 8288: several fields, comma-separated links, rel
// values quoted or not, several space-separated rels per link, compared
// without regard to case). more is false when there is no such link. Only
// the token is taken from the link: the next request goes to the
// configured host whatever the link names. A next link without a token,
// or one too long, is an error.
func nextToken(fields []string) (token string, more bool, err error) {
	size := 0
	for _, field := range fields {
		if size += len(field); size > maxLinkLength {
			return "", false, linkError("the answer's Link header is longer than credkit reads")
		}
		for link := range strings.SplitSeq(field, ",") {
			target, params, ok := strings.Cut(strings.TrimSpace(link), ";")
			target = strings.TrimSpace(target)
			if !ok || len(target) < 2 || target[0] != '<' || target[len(target)-1] != '>' || !hasRel(params, "next") {
				continue
			}
			u, err := url.Parse(target[1 : len(target)-1])
			if err != nil {
				return "", false, linkError("the answer's rel=\"next\" link is not a URL")
			}
			token = u.Query().Get("page_token")
			switch {
			case token == "":
				return "", false, linkError("the answer's rel=\"next\" link has no page_token")
			case len(token) > maxTokenLength:
				return "", false, linkError("the answer's next page_token is longer than credkit reads")
			}
			return token, true, nil
		}
	}
	return "", false, nil
}

// hasRel says whether a link's parameters name rel among the relation
// types of their rel parameter.
func hasRel(params, rel string) bool {
	for param := range strings.SplitSeq(params, ";") {
		name, value, ok := strings.Cut(strings.TrimSpace(param), "=")
		if !ok || !strings.EqualFold(strings.TrimSpace(name), "rel") {
			continue
		}
		for r := range strings.FieldsSeq(strings.Trim(strings.TrimSpace(value), `"`)) {
			if strings.EqualFold(r, rel) {
				return true
			}
		}
		return false
	}
	return false
}

func linkError(msg string) error {
	return &unified.Error{Code: unified.Internal, Vendor: Vendor, Op: "ListClients", Message: "paging stopped: " + msg}
}
