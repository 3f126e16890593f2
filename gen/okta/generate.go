// Package okta is the Okta Management API client (application credentials,
// CSRs, JSON Web Keys, client secrets and refresh tokens) generated from
// specs/okta.yaml by oapi-codegen. Do not edit okta.gen.go; edit the spec and
// run go generate.
package okta

//go:generate go run github.com/oapi-codegen/oapi-codegen/v2/cmd/oapi-codegen -config config.yaml ../../specs/okta.yaml
