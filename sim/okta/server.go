package okta

import (
	"io"
	"net/http"
	"sync"
	"time"

	"github.com/credkit/credkit/sim"
)

// DefaultAPIToken is the API token a simulator accepts when
// Options.APIToken is empty.
const DefaultAPIToken = "sim-okta-api-token"

// maxBody is the largest request body the simulator reads.
const maxBody = 1 << 20

// Options configure a simulator. A nil *Options and zero fields get the
// defaults given with each field.
type Options struct {
	// Clock tells the time of timestamps, certificate validity, rate-limit
	// windows and the Date header. Nil means a sim.ManualClock standing at
	// sim.Epoch, which moves only when the caller advances it.
	Clock sim.Clock
	// Seed seeds every generated ID, secret value, request ID and error ID:
	// the same seed and the same requests give byte-identical answers.
	Seed uint64
	// APIToken is the Okta API token accepted as "Authorization: SSWS
	// <APIToken>", with full access. Empty means DefaultAPIToken.
	APIToken string
	// AccessTokens maps OAuth 2.0 access tokens, accepted as
	// "Authorization: Bearer <token>", to their scopes. GET needs
	// okta.apps.read or okta.apps.manage, POST and DELETE need
	// okta.apps.manage. Nil means no access token is accepted.
	AccessTokens map[string][]string
	// RateLimit is the ceiling of each endpoint's bucket; an endpoint is a
	// method and a path template, and every request to it counts, refused
	// ones included. When set, every answer carries X-Rate-Limit-Limit,
	// -Remaining and -Reset. A zero Limit means no limit and no headers.
	RateLimit sim.RateLimit
	// Faults, when not nil, fails the requests it picks before they are
	// handled: 429 and 500 answers with Okta's Error body, slow answers and
	// dropped connections. Nil injects nothing.
	Faults *sim.Faults
}

// Server is a simulated Okta org: apps and their credentials, kept in
// memory. It is an http.Handler, safe for concurrent use.
type Server struct {
	clock    sim.Clock
	apiToken string
	access   map[string][]string
	rate     sim.RateLimit
	limiter  *sim.Limiter
	faults   *sim.Faults
	ids      *sim.IDs // resource IDs
	reqIDs   *sim.IDs // request and error IDs
	values   *sim.IDs // generated secret values
	handler  http.Handler

	mu           sync.Mutex
	apps         map[string]*app
	authServerID string
	scopeIDs     map[string]string // scope name → scope ID
	keyTurn      int               // where the next pool key search starts
	serials      int64             // certificates made so far
	tokenSeq     int               // refresh tokens issued so far
}

// New returns a simulator with no apps.
func New(opts *Options) *Server {
	var o Options
	if opts != nil {
		o = *opts
	}
	if o.Clock == nil {
		o.Clock = sim.NewManualClock(sim.Epoch)
	}
	if o.APIToken == "" {
		o.APIToken = DefaultAPIToken
	}
	s := &Server{
		clock:    o.Clock,
		apiToken: o.APIToken,
		access:   copyScopes(o.AccessTokens),
		rate:     o.RateLimit,
		faults:   o.Faults,
		ids:      sim.NewIDs(o.Seed),
		reqIDs:   sim.NewIDs(o.Seed ^ 0x6f6b74612d726571),
		values:   sim.NewIDs(o.Seed ^ 0x6f6b74612d736563),
		apps:     map[string]*app{},
		scopeIDs: map[string]string{},
	}
	if o.RateLimit.Limit > 0 {
		s.limiter = sim.NewLimiter(o.RateLimit, o.Clock)
	}
	s.authServerID = s.ids.Next("aus", 17)
	s.handler = sim.InjectFaults(s.routes(), o.Faults, s.writeFault)
	return s
}

// ServeHTTP answers one request of the Okta Management API.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.handler.ServeHTTP(w, r)
}

// handlerFunc answers one admitted, authorized request. It runs with the
// state lock held.
type handlerFunc func(c *call) (*reply, *apiError)

// call is one request as the handlers see it.
type call struct {
	r    *http.Request
	body []byte
	base string // scheme://host of the request, for links
	now  time.Time
}

func (c *call) path(name string) string { return c.r.PathValue(name) }

// routes maps the 25 operations of specs/okta.yaml to their handlers.
func (s *Server) routes() http.Handler {
	const (
		app     = "/api/v1/apps/{appId}"
		csrs    = app + "/credentials/csrs"
		keys    = app + "/credentials/keys"
		jwks    = app + "/credentials/jwks"
		secrets = app + "/credentials/secrets"
		tokens  = app + "/tokens"
	)
	table := []struct {
		pattern string
		h       handlerFunc
	}{
		{"GET " + csrs, s.listCSRs},
		{"POST " + csrs, s.generateCSR},
		{"GET " + csrs + "/{csrId}", s.getCSR},
		{"DELETE " + csrs + "/{csrId}", s.revokeCSR},
		{"POST " + csrs + "/{csrId}/lifecycle/publish", s.publishCSR},
		{"GET " + keys, s.listKeys},
		{"POST " + keys + "/generate", s.generateKey},
		{"GET " + keys + "/{keyId}", s.getKey},
		{"POST " + keys + "/{keyId}/clone", s.cloneKey},
		{"GET " + jwks, s.listJWKs},
		{"POST " + jwks, s.addJWK},
		{"GET " + jwks + "/{keyId}", s.getJWK},
		{"DELETE " + jwks + "/{keyId}", s.deleteJWK},
		{"POST " + jwks + "/{keyId}/lifecycle/activate", s.activateJWK},
		{"POST " + jwks + "/{keyId}/lifecycle/deactivate", s.deactivateJWK},
		{"GET " + secrets, s.listSecrets},
		{"POST " + secrets, s.createSecret},
		{"GET " + secrets + "/{secretId}", s.getSecret},
		{"DELETE " + secrets + "/{secretId}", s.deleteSecret},
		{"POST " + secrets + "/{secretId}/lifecycle/activate", s.activateSecret},
		{"POST " + secrets + "/{secretId}/lifecycle/deactivate", s.deactivateSecret},
		{"GET " + tokens, s.listTokens},
		{"DELETE " + tokens, s.revokeTokens},
		{"GET " + tokens + "/{tokenId}", s.getToken},
		{"DELETE " + tokens + "/{tokenId}", s.revokeToken},
	}
	mux := http.NewServeMux()
	for _, rt := range table {
		mux.Handle(rt.pattern, s.endpoint(rt.pattern, rt.h))
	}
	mux.Handle("/", s.endpoint("other", unknownPath))
	return mux
}

// endpoint wraps h with what every answer shares: the Date and request ID
// headers, the endpoint's rate-limit bucket, authentication, the request
// body and the state lock.
func (s *Server) endpoint(bucket string, h handlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		now := s.stamp(w)
		if !s.admit(w, bucket) {
			s.writeError(w, errRateLimited())
			return
		}
		if err := s.authorize(r); err != nil {
			s.writeError(w, err)
			return
		}
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
		if err != nil {
			s.writeError(w, errMalformed())
			return
		}
		s.mu.Lock()
		rep, apiErr := h(&call{r: r, body: body, base: baseURL(r), now: now})
		s.mu.Unlock()
		if apiErr != nil {
			s.writeError(w, apiErr)
			return
		}
		rep.write(w)
	})
}

// unknownPath answers requests outside the 25 operations.
func unknownPath(c *call) (*reply, *apiError) {
	return nil, errNotFound(c.r.URL.Path, "Page")
}

func copyScopes(in map[string][]string) map[string][]string {
	out := make(map[string][]string, len(in))
	for token, scopes := range in {
		out[token] = append([]string(nil), scopes...)
	}
	return out
}
