package vmwarecsp

import (
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/credkit/credkit/sim"
)

// Options configure a simulator. A nil *Options, and every zero field, take
// the default given with the field.
type Options struct {
	// Clock tells the simulator the time: token and rotation expiry, the Date
	// header, createdAt and rate-limit windows. Nil means a *sim.ManualClock
	// standing at sim.Epoch (see [Server.Clock]).
	Clock sim.Clock
	// Seed seeds every generated value (client IDs, secrets, access tokens,
	// request IDs, the default OrgID): the same seed and the same traffic
	// give byte-identical responses. Zero is a seed like any other.
	Seed uint64
	// OrgID is the one organization the simulator hosts. Empty means a GUID
	// derived from Seed.
	OrgID string
	// APITokens are the API tokens (CSP's "refresh tokens") that the
	// API-token exchange accepts, scoped to OrgID and never expiring; see
	// [Server.AddAPIToken] for others. Nil means []string{DefaultAPIToken}.
	APITokens []string
	// RateLimit caps the requests per organization, method and path template
	// in each window; the zero value means no limit.
	RateLimit sim.RateLimit
	// Faults, when not nil, fails the requests it picks before they are
	// handled: 429 and 500 as CspErrorResponse, or dropped connections.
	Faults *sim.Faults
	// DefaultRotationWindow is how long the previous secret stays valid after
	// an owner rotation starts, when neither the request nor the app sets
	// secretRotationExpirationInSeconds. Zero means 48 hours.
	DefaultRotationWindow time.Duration
	// PageLimitMax caps pageLimit on listOrgOAuthApps. Zero means 100.
	PageLimitMax int
	// DeletionDelay is how long a deleted app stays "deletion in progress":
	// its ID answers 409 to createOrgOAuthApp, patchOrgOAuthApp,
	// startOwnerSecretRotation and regenerateOrgOAuthAppSecret, and 404 to
	// the others. Zero means deletions finish at once.
	DeletionDelay time.Duration
}

// Defaults taken for zero Options fields.
const (
	defaultRotationWindow = 48 * time.Hour
	defaultPageLimitMax   = 100
	defaultPageLimit      = 20
	maxBodyBytes          = 1 << 20
)

// Server is the simulator: an http.Handler holding one organization's OAuth
// apps in memory. It is safe for concurrent use.
type Server struct {
	clock    sim.Clock
	org      string
	window   time.Duration
	pageMax  int
	delDelay time.Duration
	limiter  *sim.Limiter
	reqIDs   *sim.IDs
	handler  http.Handler

	mu        sync.Mutex
	ids       *sim.IDs
	apiTokens map[string]APIToken
	tokens    map[string]*accessToken
	apps      map[string]*app
	order     []string             // app IDs in creation order
	deleting  map[string]time.Time // app ID -> end of its deletion
}

// New returns a simulator configured by opts, which may be nil.
func New(opts *Options) *Server {
	o := withDefaults(opts)
	s := &Server{
		clock: o.Clock, window: o.DefaultRotationWindow, pageMax: o.PageLimitMax, delDelay: o.DeletionDelay,
		limiter: sim.NewLimiter(o.RateLimit, o.Clock), reqIDs: sim.NewIDs(o.Seed ^ 0x5eed0f4e9e51d5),
		ids: sim.NewIDs(o.Seed), apiTokens: map[string]APIToken{}, tokens: map[string]*accessToken{},
		apps: map[string]*app{}, deleting: map[string]time.Time{},
	}
	s.org = o.OrgID
	if s.org == "" {
		s.org = guid(s.ids)
	}
	for _, t := range o.APITokens {
		s.apiTokens[t] = APIToken{}
	}
	s.handler = sim.InjectFaults(s.routes(), o.Faults, s.writeFault)
	return s
}

func withDefaults(opts *Options) Options {
	var o Options
	if opts != nil {
		o = *opts
	}
	if o.Clock == nil {
		o.Clock = sim.NewManualClock(sim.Epoch)
	}
	if o.APITokens == nil {
		o.APITokens = []string{DefaultAPIToken}
	}
	if o.DefaultRotationWindow <= 0 {
		o.DefaultRotationWindow = defaultRotationWindow
	}
	if o.PageLimitMax <= 0 {
		o.PageLimitMax = defaultPageLimitMax
	}
	return o
}

// guid returns a GUID-shaped identifier drawn from ids.
func guid(ids *sim.IDs) string {
	h := ids.Hex(32)
	return h[:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:]
}

// ServeHTTP answers one request. The Date header comes from the simulator's
// clock, so recordings do not depend on when they were made.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Date", s.clock.Now().UTC().Format(http.TimeFormat))
	s.handler.ServeHTTP(w, r)
}

// OrgID returns the ID of the organization the simulator hosts.
func (s *Server) OrgID() string { return s.org }

// Clock returns the simulator's clock: the one given in Options, or the
// *sim.ManualClock it made, which tests may advance.
func (s *Server) Clock() sim.Clock { return s.clock }

const apiBase = "/csp/gateway/am/api"

// routes maps each operation to its handler.
func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	apps := apiBase + "/orgs/{orgId}/oauth-apps"
	app := apps + "/{oauthAppId}"
	s.handle(mux, "POST", apiBase+"/auth/api-tokens/authorize", s.exchangeAPIToken)
	s.handle(mux, "POST", apiBase+"/auth/authorize", s.clientCredentials)
	s.handle(mux, "POST", apiBase+"/auth/token", s.clientCredentials)
	s.handle(mux, "GET", apps, s.admin(s.listApps))
	s.handle(mux, "POST", apps, s.admin(s.createApp))
	s.handle(mux, "DELETE", apps, s.admin(s.deleteApps))
	s.handle(mux, "GET", app, s.admin(s.getApp))
	s.handle(mux, "PATCH", app, s.admin(s.patchApp))
	s.handle(mux, "POST", app+"/secret", s.admin(s.startRotation))
	s.handle(mux, "DELETE", app+"/secret", s.admin(s.deleteOldSecret))
	s.handle(mux, "PUT", app+"/secret", s.admin(s.regenerateSecret))
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		s.writeError(w, notFound("not_found", "no operation at %s %s", r.Method, r.URL.Path))
	})
	return mux
}

// request is an incoming request with its body read and the time it is
// handled at.
type request struct {
	*http.Request
	body []byte
	now  time.Time
}

// op handles one request under the state lock. A nil result with a nil
// error is a 200 without a body; any other result is a 200 JSON body.
type op func(r *request) (any, *cspError)

// handle registers h for method and template behind the rate limiter.
func (s *Server) handle(mux *http.ServeMux, method, template string, h op) {
	mux.HandleFunc(method+" "+template, func(w http.ResponseWriter, r *http.Request) {
		if v := s.limiter.Take(r.PathValue("orgId") + " " + method + " " + template); !v.Allowed {
			s.writeRateLimited(w, v.Reset.Sub(s.clock.Now()))
			return
		}
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBodyBytes))
		if err != nil {
			s.writeError(w, invalid("the request body cannot be read: %v", err))
			return
		}
		s.mu.Lock()
		data, cerr := s.run(h, &request{Request: r, body: body, now: s.clock.Now()})
		s.mu.Unlock()
		s.reply(w, data, cerr)
	})
}

// run calls h and encodes its result while the lock is held, so that the
// answer cannot share memory with later changes of the state.
func (s *Server) run(h op, r *request) ([]byte, *cspError) {
	v, cerr := h(r)
	if cerr != nil || v == nil {
		return nil, cerr
	}
	data, err := json.Marshal(v)
	if err != nil {
		return nil, internal("encoding the answer: %v", err)
	}
	return data, nil
}

// reply writes a 200 with data as its JSON body (none when data is nil), or
// the error.
func (s *Server) reply(w http.ResponseWriter, data []byte, cerr *cspError) {
	switch {
	case cerr != nil:
		s.writeError(w, cerr)
	case data == nil:
		w.WriteHeader(http.StatusOK)
	default:
		writeJSON(w, http.StatusOK, data)
	}
}

// retryAfterSeconds rounds d up to whole seconds, at least one.
func retryAfterSeconds(d time.Duration) string {
	secs := int64((d + time.Second - 1) / time.Second)
	if secs < 1 {
		secs = 1
	}
	return strconv.FormatInt(secs, 10)
}
