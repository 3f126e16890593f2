// Package sailpoint is the SailPoint Identity Security Cloud v3 OAuth clients
// API client generated from specs/sailpoint.yaml by oapi-codegen. Do not edit
// sailpoint.gen.go; edit the spec and run go generate.
package sailpoint

//go:generate go run github.com/oapi-codegen/oapi-codegen/v2/cmd/oapi-codegen -config config.yaml ../../specs/sailpoint.yaml
