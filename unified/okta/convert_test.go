package okta

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/credkit/credkit/unified"
)

// TestUndecodedSuccessAnswersAreErrors answers every operation that reads
// JSON from its answer with a 2xx the generated client leaves undecoded (a
// proxy's HTML login page; a 204 where a JSON 200 or 201 is documented):
// no panic and no empty result, but an Internal error that names the
// operation and the status and says what was wrong, without the secret the
// body carries.
func TestUndecodedSuccessAnswersAreErrors(t *testing.T) {
	const secret = "credkit-html-secret-9c2e"
	ref := unified.CredentialRef{ClientID: "0oa1", ID: "ocs1"}
	ops := map[string]func(context.Context, *unified.Provider) error{
		"ListSecrets": func(ctx context.Context, p *unified.Provider) error {
			_, err := p.ListSecrets(ctx, ref.ClientID)
			return err
		},
		"GetSecret": func(ctx context.Context, p *unified.Provider) error {
			_, err := p.GetSecret(ctx, ref)
			return err
		},
		"CreateSecret": func(ctx context.Context, p *unified.Provider) error {
			_, err := p.CreateSecret(ctx, ref.ClientID, nil)
			return err
		},
		"ActivateSecret": func(ctx context.Context, p *unified.Provider) error {
			_, err := p.ActivateSecret(ctx, ref)
			return err
		},
		"DeactivateSecret": func(ctx context.Context, p *unified.Provider) error {
			_, err := p.DeactivateSecret(ctx, ref)
			return err
		},
		"ListKeyCredentials": func(ctx context.Context, p *unified.Provider) error {
			_, err := p.ListKeyCredentials(ctx, ref.ClientID)
			return err
		},
		"GetKeyCredential": func(ctx context.Context, p *unified.Provider) error {
			_, err := p.GetKeyCredential(ctx, ref)
			return err
		},
		"GenerateKeyCredential": func(ctx context.Context, p *unified.Provider) error {
			_, err := p.GenerateKeyCredential(ctx, ref.ClientID, 2)
			return err
		},
		"CloneKeyCredential": func(ctx context.Context, p *unified.Provider) error {
			_, err := p.CloneKeyCredential(ctx, ref, "0oa2")
			return err
		},
		"ListJSONWebKeys": func(ctx context.Context, p *unified.Provider) error {
			_, err := p.ListJSONWebKeys(ctx, ref.ClientID)
			return err
		},
		"ListCSRs": func(ctx context.Context, p *unified.Provider) error {
			_, err := p.ListCSRs(ctx, ref.ClientID)
			return err
		},
		"GetCSR": func(ctx context.Context, p *unified.Provider) error {
			_, err := p.GetCSR(ctx, ref)
			return err
		},
		"GenerateCSR": func(ctx context.Context, p *unified.Provider) error {
			_, err := p.GenerateCSR(ctx, ref.ClientID, unified.CSRSubject{CommonName: "c"})
			return err
		},
		"PublishCSR": func(ctx context.Context, p *unified.Provider) error {
			_, err := p.PublishCSR(ctx, ref, []byte("-----BEGIN CERTIFICATE-----"))
			return err
		},
		"ListRefreshTokens": func(ctx context.Context, p *unified.Provider) error {
			for _, err := range p.ListRefreshTokens(ctx, ref.ClientID, nil) {
				if err != nil {
					return err
				}
			}
			return nil
		},
		"GetRefreshToken": func(ctx context.Context, p *unified.Provider) error {
			_, err := p.GetRefreshToken(ctx, ref)
			return err
		},
		"RotateSecret": func(ctx context.Context, p *unified.Provider) error {
			_, err := p.RotateSecret(ctx, ref.ClientID, nil)
			return err
		},
	}
	answers := []struct {
		name, contentType, body string
		status                  int
		want                    string
	}{
		{"HTML login page", "text/html", `<html><form>client_secret=` + secret + `</form></html>`, http.StatusOK, `the answer is not JSON (Content-Type "text/html")`},
		{"no content type", "", `{"client_secret":"` + secret + `"}`, http.StatusOK, `the answer is not JSON (Content-Type "")`},
		{"undocumented 2xx", "application/json", `{"client_secret":"` + secret + `"}`, http.StatusAccepted, "the operation documents no JSON answer with status 202"},
	}
	for _, a := range answers {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header()["Content-Type"] = []string{a.contentType}
			w.WriteHeader(a.status)
			_, _ = io.WriteString(w, a.body)
		}))
		t.Cleanup(srv.Close)
		p, err := newProvider(Config{OrgURL: srv.URL, APIToken: "t"}, &Options{MaxRetries: -1})
		require.NoError(t, err)
		for op, run := range ops {
			t.Run(a.name+"/"+op, func(t *testing.T) {
				var err error
				require.NotPanics(t, func() { err = run(context.Background(), p) })
				var e *unified.Error
				require.ErrorAs(t, err, &e)
				require.Equal(t, unified.Internal, e.Code, "%v", err)
				require.Equal(t, op, e.Op)
				require.Equal(t, a.status, e.HTTPStatus)
				require.ErrorContains(t, err, a.want)
				require.NotContains(t, err.Error(), secret)
			})
		}
	}
}
