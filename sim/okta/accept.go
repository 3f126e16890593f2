package okta

import (
	"mime"
	"strconv"
	"strings"
)

// prefersPKCS10 reads an Accept header: true when application/pkcs10 has a
// higher quality than JSON (application/json, application/* or */*), or the
// same quality and comes first. No Accept header means JSON.
func prefersPKCS10(accept string) bool {
	pkcsQ, jsonQ := -1.0, -1.0
	pkcsAt, jsonAt := -1, -1
	for i, part := range strings.Split(accept, ",") {
		mt, params, err := mime.ParseMediaType(strings.TrimSpace(part))
		if err != nil {
			continue
		}
		q := quality(params)
		switch mt {
		case pkcs10Type:
			if q > pkcsQ {
				pkcsQ, pkcsAt = q, i
			}
		case "application/json", "application/*", "*/*":
			if q > jsonQ {
				jsonQ, jsonAt = q, i
			}
		}
	}
	if pkcsQ <= 0 {
		return false
	}
	return pkcsQ > jsonQ || pkcsQ == jsonQ && pkcsAt < jsonAt
}

// quality is the q parameter of a media range, 1 when absent.
func quality(params map[string]string) float64 {
	v, ok := params["q"]
	if !ok {
		return 1
	}
	q, err := strconv.ParseFloat(v, 64)
	if err != nil {
		return 0
	}
	return q
}
