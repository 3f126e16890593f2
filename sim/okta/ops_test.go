package okta_test

import (
	"context"
	"net/http"
	"strings"

	oktaapi "github.com/credkit/credkit/gen/okta"
)

// target names what an operation acts on: the app, the credential of the
// path (secret, JSON Web Key, key credential kid, CSR or token id) and,
// for clone, the target app.
type target struct {
	app, sub, targetApp string
}

// op is one of the 25 operations of specs/okta.yaml, called through the
// generated client with a valid request.
type op struct {
	id     string // operationId
	method string
	manage bool // needs okta.apps.manage
	call   func(ctx context.Context, c *oktaapi.ClientWithResponses, tg target, eds ...oktaapi.RequestEditorFn) (int, []byte, error)
}

// samplePEM is a syntactically plausible certificate body; requests that
// carry it are refused before it is read.
const samplePEM = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n"

// allOps lists the 25 operations in the order of specs/okta.yaml.
func allOps() []op {
	type c = *oktaapi.ClientWithResponses
	meta := oktaapi.CsrMetadata{Subject: &oktaapi.CsrMetadataSubject{CommonName: ptr("SP Issuer"), CountryName: ptr("US")}}
	return []op{
		{"listCsrsForApplication", http.MethodGet, false, func(ctx context.Context, api c, tg target, e ...oktaapi.RequestEditorFn) (int, []byte, error) {
			r, err := api.ListCsrsForApplicationWithResponse(ctx, tg.app, e...)
			return sb(err, func() (int, []byte) { return r.StatusCode(), r.Body })
		}},
		{"generateCsrForApplication", http.MethodPost, true, func(ctx context.Context, api c, tg target, e ...oktaapi.RequestEditorFn) (int, []byte, error) {
			r, err := api.GenerateCsrForApplicationWithResponse(ctx, tg.app, meta, e...)
			return sb(err, func() (int, []byte) { return r.StatusCode(), r.Body })
		}},
		{"getCsrForApplication", http.MethodGet, false, func(ctx context.Context, api c, tg target, e ...oktaapi.RequestEditorFn) (int, []byte, error) {
			r, err := api.GetCsrForApplicationWithResponse(ctx, tg.app, tg.sub, e...)
			return sb(err, func() (int, []byte) { return r.StatusCode(), r.Body })
		}},
		{"revokeCsrFromApplication", http.MethodDelete, true, func(ctx context.Context, api c, tg target, e ...oktaapi.RequestEditorFn) (int, []byte, error) {
			r, err := api.RevokeCsrFromApplicationWithResponse(ctx, tg.app, tg.sub, e...)
			return sb(err, func() (int, []byte) { return r.StatusCode(), r.Body })
		}},
		{"publishCsrFromApplication", http.MethodPost, true, func(ctx context.Context, api c, tg target, e ...oktaapi.RequestEditorFn) (int, []byte, error) {
			r, err := api.PublishCsrFromApplicationWithBodyWithResponse(ctx, tg.app, tg.sub, "application/x-pem-file", strings.NewReader(samplePEM), e...)
			return sb(err, func() (int, []byte) { return r.StatusCode(), r.Body })
		}},
		{"listApplicationKeys", http.MethodGet, false, func(ctx context.Context, api c, tg target, e ...oktaapi.RequestEditorFn) (int, []byte, error) {
			r, err := api.ListApplicationKeysWithResponse(ctx, tg.app, e...)
			return sb(err, func() (int, []byte) { return r.StatusCode(), r.Body })
		}},
		{"generateApplicationKey", http.MethodPost, true, func(ctx context.Context, api c, tg target, e ...oktaapi.RequestEditorFn) (int, []byte, error) {
			r, err := api.GenerateApplicationKeyWithResponse(ctx, tg.app, &oktaapi.GenerateApplicationKeyParams{ValidityYears: 2}, e...)
			return sb(err, func() (int, []byte) { return r.StatusCode(), r.Body })
		}},
		{"getApplicationKey", http.MethodGet, false, func(ctx context.Context, api c, tg target, e ...oktaapi.RequestEditorFn) (int, []byte, error) {
			r, err := api.GetApplicationKeyWithResponse(ctx, tg.app, tg.sub, e...)
			return sb(err, func() (int, []byte) { return r.StatusCode(), r.Body })
		}},
		{"cloneApplicationKey", http.MethodPost, true, func(ctx context.Context, api c, tg target, e ...oktaapi.RequestEditorFn) (int, []byte, error) {
			r, err := api.CloneApplicationKeyWithResponse(ctx, tg.app, tg.sub, &oktaapi.CloneApplicationKeyParams{TargetAid: tg.targetApp}, e...)
			return sb(err, func() (int, []byte) { return r.StatusCode(), r.Body })
		}},
		{"listJwk", http.MethodGet, false, func(ctx context.Context, api c, tg target, e ...oktaapi.RequestEditorFn) (int, []byte, error) {
			r, err := api.ListJwkWithResponse(ctx, tg.app, e...)
			return sb(err, func() (int, []byte) { return r.StatusCode(), r.Body })
		}},
		{"addJwk", http.MethodPost, true, func(ctx context.Context, api c, tg target, e ...oktaapi.RequestEditorFn) (int, []byte, error) {
			r, err := api.AddJwkWithBodyWithResponse(ctx, tg.app, "application/json", strings.NewReader(rsaJWK("op-table-key", "sig", "ACTIVE", 2048)), e...)
			return sb(err, func() (int, []byte) { return r.StatusCode(), r.Body })
		}},
		{"getJwk", http.MethodGet, false, func(ctx context.Context, api c, tg target, e ...oktaapi.RequestEditorFn) (int, []byte, error) {
			r, err := api.GetJwkWithResponse(ctx, tg.app, tg.sub, e...)
			return sb(err, func() (int, []byte) { return r.StatusCode(), r.Body })
		}},
		{"deletejwk", http.MethodDelete, true, func(ctx context.Context, api c, tg target, e ...oktaapi.RequestEditorFn) (int, []byte, error) {
			r, err := api.DeletejwkWithResponse(ctx, tg.app, tg.sub, e...)
			return sb(err, func() (int, []byte) { return r.StatusCode(), r.Body })
		}},
		{"activateOAuth2ClientJsonWebKey", http.MethodPost, true, func(ctx context.Context, api c, tg target, e ...oktaapi.RequestEditorFn) (int, []byte, error) {
			r, err := api.ActivateOAuth2ClientJsonWebKeyWithResponse(ctx, tg.app, tg.sub, e...)
			return sb(err, func() (int, []byte) { return r.StatusCode(), r.Body })
		}},
		{"deactivateOAuth2ClientJsonWebKey", http.MethodPost, true, func(ctx context.Context, api c, tg target, e ...oktaapi.RequestEditorFn) (int, []byte, error) {
			r, err := api.DeactivateOAuth2ClientJsonWebKeyWithResponse(ctx, tg.app, tg.sub, e...)
			return sb(err, func() (int, []byte) { return r.StatusCode(), r.Body })
		}},
		{"listOAuth2ClientSecrets", http.MethodGet, false, func(ctx context.Context, api c, tg target, e ...oktaapi.RequestEditorFn) (int, []byte, error) {
			r, err := api.ListOAuth2ClientSecretsWithResponse(ctx, tg.app, e...)
			return sb(err, func() (int, []byte) { return r.StatusCode(), r.Body })
		}},
		{"createOAuth2ClientSecret", http.MethodPost, true, func(ctx context.Context, api c, tg target, e ...oktaapi.RequestEditorFn) (int, []byte, error) {
			r, err := api.CreateOAuth2ClientSecretWithResponse(ctx, tg.app, oktaapi.OAuth2ClientSecretRequestBody{}, e...)
			return sb(err, func() (int, []byte) { return r.StatusCode(), r.Body })
		}},
		{"getOAuth2ClientSecret", http.MethodGet, false, func(ctx context.Context, api c, tg target, e ...oktaapi.RequestEditorFn) (int, []byte, error) {
			r, err := api.GetOAuth2ClientSecretWithResponse(ctx, tg.app, tg.sub, e...)
			return sb(err, func() (int, []byte) { return r.StatusCode(), r.Body })
		}},
		{"deleteOAuth2ClientSecret", http.MethodDelete, true, func(ctx context.Context, api c, tg target, e ...oktaapi.RequestEditorFn) (int, []byte, error) {
			r, err := api.DeleteOAuth2ClientSecretWithResponse(ctx, tg.app, tg.sub, e...)
			return sb(err, func() (int, []byte) { return r.StatusCode(), r.Body })
		}},
		{"activateOAuth2ClientSecret", http.MethodPost, true, func(ctx context.Context, api c, tg target, e ...oktaapi.RequestEditorFn) (int, []byte, error) {
			r, err := api.ActivateOAuth2ClientSecretWithResponse(ctx, tg.app, tg.sub, e...)
			return sb(err, func() (int, []byte) { return r.StatusCode(), r.Body })
		}},
		{"deactivateOAuth2ClientSecret", http.MethodPost, true, func(ctx context.Context, api c, tg target, e ...oktaapi.RequestEditorFn) (int, []byte, error) {
			r, err := api.DeactivateOAuth2ClientSecretWithResponse(ctx, tg.app, tg.sub, e...)
			return sb(err, func() (int, []byte) { return r.StatusCode(), r.Body })
		}},
		{"listOAuth2TokensForApplication", http.MethodGet, false, func(ctx context.Context, api c, tg target, e ...oktaapi.RequestEditorFn) (int, []byte, error) {
			r, err := api.ListOAuth2TokensForApplicationWithResponse(ctx, tg.app, &oktaapi.ListOAuth2TokensForApplicationParams{}, e...)
			return sb(err, func() (int, []byte) { return r.StatusCode(), r.Body })
		}},
		{"revokeOAuth2TokensForApplication", http.MethodDelete, true, func(ctx context.Context, api c, tg target, e ...oktaapi.RequestEditorFn) (int, []byte, error) {
			r, err := api.RevokeOAuth2TokensForApplicationWithResponse(ctx, tg.app, e...)
			return sb(err, func() (int, []byte) { return r.StatusCode(), r.Body })
		}},
		{"getOAuth2TokenForApplication", http.MethodGet, false, func(ctx context.Context, api c, tg target, e ...oktaapi.RequestEditorFn) (int, []byte, error) {
			r, err := api.GetOAuth2TokenForApplicationWithResponse(ctx, tg.app, tg.sub, &oktaapi.GetOAuth2TokenForApplicationParams{}, e...)
			return sb(err, func() (int, []byte) { return r.StatusCode(), r.Body })
		}},
		{"revokeOAuth2TokenForApplication", http.MethodDelete, true, func(ctx context.Context, api c, tg target, e ...oktaapi.RequestEditorFn) (int, []byte, error) {
			r, err := api.RevokeOAuth2TokenForApplicationWithResponse(ctx, tg.app, tg.sub, e...)
			return sb(err, func() (int, []byte) { return r.StatusCode(), r.Body })
		}},
	}
}

// sb returns the status and body of a call that did not fail.
func sb(err error, get func() (int, []byte)) (int, []byte, error) {
	if err != nil {
		return 0, nil, err
	}
	status, body := get()
	return status, body, nil
}
