// Package auth0 is the Auth0 Management API v2 client (clients, client
// secret rotation and client credentials) generated from specs/auth0.yaml by
// oapi-codegen. Do not edit auth0.gen.go; edit the spec and run go generate.
package auth0

//go:generate go run github.com/oapi-codegen/oapi-codegen/v2/cmd/oapi-codegen -config config.yaml ../../specs/auth0.yaml
