package unified

import (
	"context"
	"iter"
	"time"
)

// Client is an OAuth client as a vendor lists it.
type Client struct {
	Vendor   Vendor    `json:"vendor"`
	ID       string    `json:"id"`
	Name     string    `json:"name"`
	Created  time.Time `json:"created,omitzero"`
	LastUsed time.Time `json:"lastUsed,omitzero"`
	// SecretAge is how long the current secret has existed, where the
	// vendor says.
	SecretAge time.Duration `json:"secretAge,omitempty"`
}

// ClientLister lists the OAuth clients an account can see (SailPoint,
// VMware CSP).
type ClientLister interface {
	ListClients(ctx context.Context) iter.Seq2[Client, error]
}

// ClientDeleter deletes an OAuth client, and with it its secret
// (SailPoint): for example the orphan that a rotation whose creation got
// no answer may leave. A client already gone is not an error.
type ClientDeleter interface {
	DeleteClient(ctx context.Context, clientID string) error
}

// SecretRegenerator replaces a client's secret at once, with no overlap:
// the old secret stops working immediately (VMware CSP).
type SecretRegenerator interface {
	RegenerateSecret(ctx context.Context, clientID string) (Credential, error)
}
