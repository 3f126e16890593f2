// Package paging bounds every list a server pages: a Walker follows one
// listing's cursors (Okta's Link rel="next", CSP's nextLink, Auth0's page
// numbers) and stops it with a clear error when the server would keep it
// going forever.
//
// # Errors
//
// Every refusal is a *unified.Error naming the vendor, the operation and
// the limit: Internal for a server that repeats a cursor or link, sends
// again a page it sent already (where pages go by number), or sends an
// empty page that claims more (a broken or hostile server: nothing the
// caller can change), and for a listing longer than MaxPages or MaxItems
// (the message names the option that raises the cap); Unavailable with the
// context's error once the context ends.
package paging

import (
	"context"
	"fmt"
	"hash/maphash"
	"net/url"

	"github.com/credkit/credkit/unified"
)

// Default caps of one listing. A credkit listing is a tenant's OAuth
// clients or one client's refresh tokens: tens of thousands at most.
const (
	// DefaultMaxPages is the most pages one listing fetches.
	DefaultMaxPages = 1000
	// DefaultMaxItems is the most items one listing yields.
	DefaultMaxItems = 100_000
)

// Limits cap one listing; zero fields take the defaults, a negative one is
// refused by Check.
type Limits struct {
	MaxPages, MaxItems int
}

// Check refuses negative limits, naming the option.
func (l Limits) Check(vendor unified.Vendor, op string) error {
	if l.MaxPages < 0 || l.MaxItems < 0 {
		return &unified.Error{Code: unified.InvalidArgument, Vendor: vendor, Op: op,
			Message: fmt.Sprintf("Options.MaxPages and Options.MaxItems must be 0 (the defaults %d and %d) or more, not %d and %d", DefaultMaxPages, DefaultMaxItems, l.MaxPages, l.MaxItems)}
	}
	return nil
}

func (l Limits) withDefaults() Limits {
	if l.MaxPages == 0 {
		l.MaxPages = DefaultMaxPages
	}
	if l.MaxItems == 0 {
		l.MaxItems = DefaultMaxItems
	}
	return l
}

// Walker follows one listing. Call Page once for each page received,
// before yielding its items; then Next with the page's cursor. A Walker is
// a value, kept in the iterator's own variables: a listing of one page
// costs no allocation. Do not copy a Walker once it is in use.
type Walker struct {
	vendor unified.Vendor
	op     string
	limits Limits
	pages  int
	items  int
	// The cursors followed, hashed (a cursor may be long): the first few
	// inline, the rest in seen, made when a listing gets that long.
	few       [4]uint64
	nfew      int
	seen      map[uint64]struct{}
	pagesSeen map[uint64]struct{} // contents of the pages counted (see Repeats)
}

// seed keys the hashes of cursors and pages. maphash's hashes are
// randomized per process, so a server cannot choose two cursors that
// collide; with 64 bits, two of one listing's at most MaxPages cursors
// collide by chance with a probability below 10⁻¹³.
var seed = maphash.MakeSeed()

// New starts a walk of op's listing. first is the cursor of the first page
// ("" when it has none), so that a link back to it counts as a repeat.
func New(vendor unified.Vendor, op string, limits Limits, first string) Walker {
	w := Walker{vendor: vendor, op: op, limits: limits.withDefaults()}
	w.mark(maphash.String(seed, first))
	return w
}

// mark notes the hash of a cursor followed.
func (w *Walker) mark(key uint64) {
	if w.nfew < len(w.few) {
		w.few[w.nfew] = key
		w.nfew++
		return
	}
	if w.seen == nil {
		w.seen = map[uint64]struct{}{}
	}
	w.seen[key] = struct{}{}
}

// marked says whether a cursor of that hash was followed.
func (w *Walker) marked(key uint64) bool {
	for _, k := range w.few[:w.nfew] {
		if k == key {
			return true
		}
	}
	_, ok := w.seen[key]
	return ok
}

// marks is how many cursors were noted.
func (w *Walker) marks() int { return w.nfew + len(w.seen) }

// Page counts a page of n items. It refuses the page when it would take
// the listing past MaxItems; ctx ending refuses it too.
func (w *Walker) Page(ctx context.Context, n int) error {
	if err := ctx.Err(); err != nil {
		return w.fail(unified.Unavailable, "gave up waiting: "+err.Error(), err)
	}
	w.pages++
	if n < 0 || n > w.limits.MaxItems-w.items {
		return w.fail(unified.Internal, fmt.Sprintf("the listing has more than %d items, the item cap (Options.MaxItems)", w.limits.MaxItems), nil)
	}
	w.items += n
	return nil
}

// Next checks the cursor of the page just counted, which says there is
// more: more is false on the last page. It refuses a cursor seen before,
// an empty page that claims more, and a page past MaxPages.
func (w *Walker) Next(ctx context.Context, cursor string, n int, more bool) error {
	if !more {
		return nil
	}
	if err := ctx.Err(); err != nil {
		return w.fail(unified.Unavailable, "gave up waiting: "+err.Error(), err)
	}
	if n == 0 {
		return w.fail(unified.Internal, fmt.Sprintf("page %d is empty but the vendor says there is more", w.pages), nil)
	}
	key := maphash.String(seed, cursor)
	if w.marked(key) {
		return w.fail(unified.Internal, fmt.Sprintf("page %d points to a page already fetched: the vendor's paging loops", w.pages), nil)
	}
	if w.pages >= w.limits.MaxPages {
		return w.fail(unified.Internal, fmt.Sprintf("the listing has more than %d pages, the page cap (Options.MaxPages)", w.limits.MaxPages), nil)
	}
	w.mark(key)
	return nil
}

// Repeats checks the page just counted of a listing whose pages go by
// number or offset (Auth0's page=N): there the server cannot point back at
// a page, but it can send one again whatever number is asked. ids are the
// page's item IDs, in order; a page with the same IDs as one counted
// before is refused, and so is one after the context ends. Call it after
// Page and before yielding the items, so that none is yielded twice. An
// empty page is not checked: it ends the listing or Next refuses it.
func (w *Walker) Repeats(ctx context.Context, ids []string) error {
	if err := ctx.Err(); err != nil {
		return w.fail(unified.Unavailable, "gave up waiting: "+err.Error(), err)
	}
	if len(ids) == 0 {
		return nil
	}
	var h maphash.Hash
	h.SetSeed(seed)
	for _, id := range ids {
		h.WriteString(id)
		h.WriteByte(0)
	}
	key := h.Sum64()
	if w.pagesSeen == nil {
		w.pagesSeen = map[uint64]struct{}{}
	}
	if _, dup := w.pagesSeen[key]; dup {
		return w.fail(unified.Internal, fmt.Sprintf("page %d repeats a page already fetched: the vendor's paging loops", w.pages), nil)
	}
	w.pagesSeen[key] = struct{}{}
	return nil
}

// Saw marks cursor as fetched: the address a page actually came from, so
// that a link back to it is a repeat even when the first page had no
// cursor of its own.
func (w *Walker) Saw(cursor string) {
	w.sawKey(maphash.String(seed, cursor))
}

func (w *Walker) sawKey(key uint64) {
	if !w.marked(key) && w.marks() <= w.limits.MaxPages {
		w.mark(key)
	}
}

// SawURL is Saw(u.RequestURI()), without building the string: a page's
// own address, read from its request.
func (w *Walker) SawURL(u *url.URL) {
	if u.Opaque != "" {
		w.Saw(u.RequestURI())
		return
	}
	// RequestURI's reading of a URL without Opaque: the escaped path or
	// "/", then "?" and the query when there is one or ForceQuery is set.
	path := u.EscapedPath()
	if path == "" {
		path = "/"
	}
	var h maphash.Hash
	h.SetSeed(seed)
	h.WriteString(path)
	if u.ForceQuery || u.RawQuery != "" {
		h.WriteByte('?')
		h.WriteString(u.RawQuery)
	}
	w.sawKey(h.Sum64())
}

// Pages and Items say how far the walk went.
func (w *Walker) Pages() int { return w.pages }

// Items is how many items the pages counted so far hold.
func (w *Walker) Items() int { return w.items }

func (w *Walker) fail(code unified.Code, msg string, err error) *unified.Error {
	return &unified.Error{Code: code, Vendor: w.vendor, Op: w.op, Message: "paging stopped: " + msg, Err: err}
}
