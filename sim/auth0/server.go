package auth0

import (
	"net/http"
	"sync"
	"time"

	"github.com/credkit/credkit/sim"
)

// MaxCredentials is how many credentials a client may hold at once:
// "The current application storage limit is two credentials at one time"
// (https://auth0.com/docs/get-started/applications/rotate-credentials).
const MaxCredentials = 2

// DefaultRateLimit is a small limit (2 requests per second per token) for
// tests of 429 handling; Auth0's own limits depend on the plan and the
// endpoint. Set Options.RateLimit to enforce one.
var DefaultRateLimit = sim.RateLimit{Limit: 2, Window: time.Second}

// DefaultDomain is the tenant domain when Options.Domain is empty.
const DefaultDomain = "credkit-sim.auth0.com"

// Options configure a Server. A nil *Options, and every zero field, take
// the default.
type Options struct {
	// Clock tells the time of token expiry, of created_at and updated_at,
	// of rate-limit windows and of the Date header. Default: a
	// sim.ManualClock standing at sim.Epoch.
	Clock sim.Clock
	// Seed seeds every generated value. The same seed and the same
	// requests give byte-identical answers.
	Seed uint64
	// Domain is the tenant's domain; the Management API audience is
	// https://{Domain}/api/v2/ whatever host the simulator is served at.
	// Default: DefaultDomain.
	Domain string
	// AdminClientID and AdminClientSecret are the credentials of a
	// machine-to-machine client that exists from the start and is granted
	// every Management API scope of AdminScopes. Default: generated from
	// Seed; AdminCredentials returns them.
	AdminClientID, AdminClientSecret string
	// AdminScopes are the scopes granted to the admin client. Default:
	// every scope the simulated operations use (Scopes).
	AdminScopes []string
	// TokenTTL is the lifetime of issued tokens. Default: 24 hours, the
	// expires_in of Auth0's answers.
	TokenTTL time.Duration
	// RateLimit caps /api/v2 requests per token; a zero Limit means no
	// limit and no X-RateLimit headers. A zero Window counts over a second.
	RateLimit sim.RateLimit
	// Faults, when not nil, fails the requests it picks (see sim.FaultKind):
	// a 500 or 429 in Auth0's error body (a 429 with X-RateLimit-Reset one
	// second ahead and X-RateLimit-Limit the configured limit, 0 without
	// one), or a dropped connection before or after the request's effect.
	Faults *sim.Faults
}

// Scopes are the Management API scopes the simulated operations use.
var Scopes = []string{
	"read:clients", "read:client_keys", "read:client_summary", "create:clients", "update:clients", "update:client_keys", "delete:clients",
	"read:client_credentials", "create:client_credentials", "update:client_credentials", "delete:client_credentials",
}

// Server is the simulator: an http.Handler that keeps clients, credentials
// and tokens in memory. It is safe for concurrent use.
type Server struct {
	clock   sim.Clock
	ttl     time.Duration
	domain  string
	limiter *sim.Limiter // nil: no limit
	limit   int          // the limiter's requests per window, for 429 faults
	handler http.Handler
	ids     *sim.IDs // client and credential IDs
	secrets *sim.IDs // client secrets
	tokens  *sim.IDs // access tokens
	adminID string

	mu      sync.Mutex
	clients map[string]*client
	order   []string // client IDs in creation order
	creds   map[string]*credential
	issued  map[string]*token
}

// New returns a simulator holding only the admin client.
func New(opts *Options) *Server {
	var o Options
	if opts != nil {
		o = *opts
	}
	if o.Clock == nil {
		o.Clock = sim.NewManualClock(sim.Epoch)
	}
	if o.Domain == "" {
		o.Domain = DefaultDomain
	}
	if o.TokenTTL <= 0 {
		o.TokenTTL = 24 * time.Hour
	}
	if o.AdminScopes == nil {
		o.AdminScopes = Scopes
	}
	s := &Server{
		clock: o.Clock, ttl: o.TokenTTL, domain: o.Domain,
		ids: sim.NewIDs(o.Seed), secrets: sim.NewIDs(o.Seed ^ 0x5ec7e75), tokens: sim.NewIDs(o.Seed ^ 0x70c3e5),
		clients: map[string]*client{}, creds: map[string]*credential{}, issued: map[string]*token{},
	}
	if o.RateLimit.Limit > 0 {
		if o.RateLimit.Window <= 0 {
			o.RateLimit.Window = time.Second
		}
		s.limiter, s.limit = sim.NewLimiter(o.RateLimit, o.Clock), o.RateLimit.Limit
	}
	s.seedAdmin(o.AdminClientID, o.AdminClientSecret, o.AdminScopes)
	s.handler = sim.InjectFaults(http.HandlerFunc(s.route), o.Faults, s.writeFault)
	return s
}

// Clock returns the simulator's clock.
func (s *Server) Clock() sim.Clock { return s.clock }

// Audience is the Management API identifier tokens must be asked for.
func (s *Server) Audience() string { return "https://" + s.domain + "/api/v2/" }

// AdminCredentials returns the admin client's ID and secret.
func (s *Server) AdminCredentials() (id, secret string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.adminID, s.clients[s.adminID].secret
}

// ServeHTTP answers one request. Every answer carries a Date header from
// the simulator's clock.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Date", s.clock.Now().UTC().Format(http.TimeFormat))
	s.handler.ServeHTTP(w, r)
}

const (
	tokenPath   = "/oauth/token"
	clientsPath = "/api/v2/clients"
)

// route dispatches on the path: the token endpoint, or a Management API
// operation (see operations.go); anything else is Auth0's 404 body.
func (s *Server) route(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == tokenPath {
		s.handleToken(w, r)
		return
	}
	op, ids, ok := findOperation(r.Method, r.URL.Path)
	if !ok {
		writeError(w, http.StatusNotFound, "", "Not Found")
		return
	}
	s.serve(w, r, op, ids)
}
