// Package vmwarecsp is the VMware Cloud Services Platform IAM client
// (organization OAuth apps, owner secret rotation, API-token exchange)
// generated from specs/vmwarecsp.yaml by oapi-codegen. Do not edit
// vmwarecsp.gen.go; edit the spec and run go generate.
package vmwarecsp

//go:generate go run github.com/oapi-codegen/oapi-codegen/v2/cmd/oapi-codegen -config config.yaml ../../specs/vmwarecsp.yaml
