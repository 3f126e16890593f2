package sailpoint

import (
	"net/http"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/credkit/credkit/sim"
)

// DefaultRateLimit is SailPoint's documented limit: 100 requests per access
// token per 10 seconds. Set Options.RateLimit to it to enforce it.
var DefaultRateLimit = sim.RateLimit{Limit: 100, Window: 10 * time.Second}

// Options configure a Server. A nil *Options, and every zero field, take
// the default.
type Options struct {
	// Clock tells the time of token expiry, of created, modified and
	// lastUsed, of rate-limit windows and of the Date header. Default: a
	// sim.ManualClock standing at sim.Epoch, which never moves by itself;
	// Server.Clock returns it.
	Clock sim.Clock
	// Seed seeds every generated value: client IDs, secrets, access tokens,
	// tracking IDs. The same seed and the same requests give byte-identical
	// answers.
	Seed uint64
	// AdminClientID and AdminClientSecret are the credentials of a client
	// that exists from the start, with scope sp:oauth-client:manage, for
	// fetching the first token. Default: generated from Seed (32 and 64
	// hexadecimal characters); AdminCredentials returns them.
	AdminClientID, AdminClientSecret string
	// TokenTTL is the lifetime of issued access tokens. Default: the
	// client's accessTokenValiditySeconds (750 for the admin client).
	TokenTTL time.Duration
	// RateLimit caps /v3 requests per access token; see DefaultRateLimit
	// for SailPoint's. A zero Limit means no limit; a Limit with a zero
	// Window counts over 10 seconds. The token endpoint is not limited.
	RateLimit sim.RateLimit
	// Faults, when not nil, fails the requests it picks before they are
	// handled: 429 (Retry-After: 1), 500 with an ErrorResponseDto, a slow
	// answer or a dropped connection (see sim.FaultKind).
	Faults *sim.Faults
}

// Server is the simulator: an http.Handler that keeps its clients and
// tokens in memory. It is safe for concurrent use.
type Server struct {
	clock   sim.Clock
	ttl     time.Duration
	limiter *sim.Limiter // nil: no limit
	handler http.Handler
	// ids makes client IDs, secrets client secrets, tokens access tokens
	// and token IDs, tracking the trackingIds of errors.
	ids, secrets, tokens, tracking *sim.IDs
	tenantID                       string
	adminID, adminSecret           string
	collectionOps, itemOps         map[string]operation

	mu      sync.Mutex
	clients map[string]*client
	order   []string // client IDs in creation order
	issued  map[string]*token
}

// operation is one /v3 operation: the scope its token needs and its handler.
type operation struct {
	need   string
	handle func(w http.ResponseWriter, r *http.Request, tok *token, id string)
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
	s := &Server{
		clock: o.Clock, ttl: o.TokenTTL,
		ids: sim.NewIDs(o.Seed), secrets: sim.NewIDs(o.Seed ^ 0x5ec7e75),
		tokens: sim.NewIDs(o.Seed ^ 0x70c3e5), tracking: sim.NewIDs(o.Seed ^ 0x7ac41d),
		clients: map[string]*client{}, issued: map[string]*token{},
	}
	if o.RateLimit.Limit > 0 {
		if o.RateLimit.Window <= 0 {
			o.RateLimit.Window = DefaultRateLimit.Window
		}
		s.limiter = sim.NewLimiter(o.RateLimit, o.Clock)
	}
	s.tenantID = s.ids.Hex(32)
	s.collectionOps = map[string]operation{
		http.MethodGet:  {scopeRead, s.list},
		http.MethodPost: {scopeManage, s.create},
	}
	s.itemOps = map[string]operation{
		http.MethodGet:    {scopeRead, s.get},
		http.MethodPatch:  {scopeManage, s.patch},
		http.MethodDelete: {scopeManage, s.delete},
	}
	s.seedAdmin(o.AdminClientID, o.AdminClientSecret)
	s.handler = sim.InjectFaults(http.HandlerFunc(s.route), o.Faults, s.writeFault)
	return s
}

// Clock returns the simulator's clock; with the default clock, assert it
// to *sim.ManualClock to move it.
func (s *Server) Clock() sim.Clock { return s.clock }

// ServeHTTP answers one request. Every answer carries a Date header from
// the simulator's clock.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Date", s.clock.Now().UTC().Format(http.TimeFormat))
	s.handler.ServeHTTP(w, r)
}

const (
	tokenPath      = "/oauth/token"
	collectionPath = "/v3/oauth-clients"
)

// route dispatches on the path; unknown paths get a 404 ErrorResponseDto.
func (s *Server) route(w http.ResponseWriter, r *http.Request) {
	p := r.URL.Path
	switch {
	case p == tokenPath:
		s.handleToken(w, r)
	case p == collectionPath:
		s.serveAPI(w, r, "", s.collectionOps)
	case itemID(p) != "":
		s.serveAPI(w, r, itemID(p), s.itemOps)
	default:
		s.writeError(w, http.StatusNotFound, "No resource at "+p+".")
	}
}

// itemID returns the {id} of /v3/oauth-clients/{id}, or "" for any other
// path.
func itemID(p string) string {
	id, ok := strings.CutPrefix(p, collectionPath+"/")
	if !ok || strings.Contains(id, "/") {
		return ""
	}
	return id
}

// serveAPI runs one /v3 operation: method, then authentication, rate
// limit and scope, then the syntax of the ID, then the handler.
func (s *Server) serveAPI(w http.ResponseWriter, r *http.Request, id string, ops map[string]operation) {
	op, ok := ops[r.Method]
	if !ok {
		w.Header().Set("Allow", allowed(ops))
		s.writeError(w, http.StatusMethodNotAllowed, "")
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	tok, ok := s.authorize(w, r, op.need)
	if !ok {
		return
	}
	if id != "" && !validID(id) {
		s.writeError(w, http.StatusBadRequest, "The id \""+id+"\" is not a valid OAuth client ID.")
		return
	}
	op.handle(w, r, tok, id)
}

// allowed lists the methods of ops for an Allow header.
func allowed(ops map[string]operation) string {
	methods := make([]string, 0, len(ops))
	for m := range ops {
		methods = append(methods, m)
	}
	sort.Strings(methods)
	return strings.Join(methods, ", ")
}

// validID reports whether id could name a client: 1 to 64 letters, digits,
// '-' or '_'. SailPoint's own IDs are 32 hexadecimal characters.
func validID(id string) bool {
	if len(id) == 0 || len(id) > 64 {
		return false
	}
	for _, c := range id {
		ok := c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '-' || c == '_'
		if !ok {
			return false
		}
	}
	return true
}
