// Package ory is the Ory Hydra admin API client (OAuth 2.0 clients, their
// secrets and JSON Web Key Sets) and its token endpoint, generated from
// specs/ory.yaml by oapi-codegen. Do not edit ory.gen.go; edit the spec and
// run go generate.
package ory

//go:generate go run github.com/oapi-codegen/oapi-codegen/v2/cmd/oapi-codegen -config config.yaml ../../specs/ory.yaml
