package main

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/spf13/cobra"

	"github.com/credkit/credkit/unified"
)

// The audit's default policy.
const (
	defaultMaxSecretAge   = 90 * 24 * time.Hour
	defaultExpiringWithin = 30 * 24 * time.Hour
)

// The rules an audit checks; a finding of a breach rule fails the audit.
const (
	ruleSecretAge          = "secret-age"
	ruleTwoActiveSecrets   = "two-active-secrets"
	ruleUnfinishedRotation = "unfinished-rotation"
	ruleSharedName         = "shared-client-name" // a rotation that replaces clients left the old one
	ruleExpiring           = "expiring"
	ruleError              = "error"
	ruleUnknownSecretAge   = "secret-age-unknown" // a note, not a breach
)

// auditReport is the audit's output.
type auditReport struct {
	Vendor   unified.Vendor  `json:"vendor"`
	AsOf     time.Time       `json:"asOf"`
	Policy   auditPolicy     `json:"policy"`
	Clients  []auditedClient `json:"clients"`
	Breaches int             `json:"breaches"`
	Notes    int             `json:"notes"`
	OK       bool            `json:"ok"`
}

type auditPolicy struct {
	MaxSecretAge   string `json:"maxSecretAge"`
	ExpiringWithin string `json:"expiringWithin"`
	maxSecretAge   time.Duration
	expiringWithin time.Duration
}

type auditedClient struct {
	ID          string              `json:"id"`
	Name        string              `json:"name,omitempty"`
	Created     time.Time           `json:"created,omitzero"`
	Credentials []auditedCredential `json:"credentials"`
	Findings    []finding           `json:"findings"`
}

type auditedCredential struct {
	Kind    unified.Kind   `json:"kind"`
	ID      string         `json:"id"`
	Status  unified.Status `json:"status,omitempty"`
	Created time.Time      `json:"created,omitzero"`
	// AgeSeconds is how old the credential is, when the vendor says.
	AgeSeconds *int64    `json:"ageSeconds,omitempty"`
	Expires    time.Time `json:"expires,omitzero"`
}

type finding struct {
	Rule         string `json:"rule"`
	Breach       bool   `json:"breach"`
	CredentialID string `json:"credentialId,omitempty"`
	Message      string `json:"message"`
}

type auditOptions struct {
	base
	Clients        []string
	MaxSecretAge   durationFlag
	ExpiringWithin durationFlag
	StatePath      string
	Concurrency    int
}

func newAuditCmd(f *factory) *cobra.Command {
	opts := &auditOptions{base: newBase(f), MaxSecretAge: durationFlag(defaultMaxSecretAge), ExpiringWithin: durationFlag(defaultExpiringWithin)}
	cmd := leaf(&cobra.Command{
		Use:   "audit [client...]",
		Short: "report secret ages, expiring keys and unfinished rotations; exit 1 on a breach",
		Long: "Audit the credentials of the clients named, or of every client the account can list: secrets older than\n" +
			"--max-secret-age, keys and certificates expiring within --expiring-within, clients with two active secrets\n" +
			"or an unfinished rotation (SailPoint: clients that share a name; CSP does not show an open rotation, so the audit\n" +
			"reads the journal of secrets rotate: --state FILE, else the default one). Exits 1 when the policy is broken, for CI.",
		RunE: func(_ *cobra.Command, args []string) error {
			opts.Clients = args
			return auditRun(opts)
		},
	})
	opts.credentialCommand(cmd)
	fs := cmd.Flags()
	fs.Var(&opts.MaxSecretAge, "max-secret-age", "the oldest a working secret may be: a `duration` in days (90d) or hours (36h)")
	fs.Var(&opts.ExpiringWithin, "expiring-within", "flag keys and certificates that expire within this `duration`, e.g. 30d")
	fs.StringVar(&opts.StatePath, "state", "", "also flag the unfinished rotations saved in `FILE` by secrets rotate --state (default: the default journal, if any)")
	fs.IntVar(&opts.Concurrency, "concurrency", 4, "how many clients to audit at once")
	cmd.ValidArgsFunction = clientCompletion(&opts.base, true)
	return cmd
}

func auditRun(o *auditOptions) error {
	stderr := o.f.IO.ErrOut
	if o.Concurrency < 1 {
		return o.usage("--concurrency must be at least 1")
	}
	maxAge, expiring := time.Duration(o.MaxSecretAge), time.Duration(o.ExpiringWithin)
	policy := auditPolicy{
		MaxSecretAge: formatAge(maxAge), ExpiringWithin: formatAge(expiring),
		maxSecretAge: maxAge, expiringWithin: expiring,
	}
	var pending map[string]*unified.Rotation
	journal := o.journalToAudit()
	if journal != "" {
		state, err := o.openState(journal, defaultStateWait, true)
		if err != nil {
			return err
		}
		all := state.Rotations("")
		if o.Vendor.Vendor == "" && len(all) > 0 && o.StatePath != "" {
			o.Vendor.Vendor = string(all[0].Vendor)
			state.ForTenant(o.tenant())
			all = state.Rotations("")
		}
		closeState(state)
		pending = map[string]*unified.Rotation{}
		vendor, _ := parseVendor(o.Vendor.Vendor) // connect refuses a bad one
		for _, r := range all {
			if r.Vendor == vendor {
				pending[r.ClientID] = r
			}
		}
	}
	s, err := o.connect()
	if err != nil {
		return err
	}
	defer s.close()
	p := s.provider
	ids := s.resolve(o.Clients)
	if s.demo != nil && o.StatePath == "" {
		pending = nil // the default journal holds no demo rotation
	}

	// Vendors that list clients tell their names and ages.
	listed := map[string]unified.Client{}
	var order []string
	lister, canList := p, p.Capabilities().ListClients
	if canList {
		for cl, err := range lister.ListClients(o.ctx()) {
			if err != nil {
				return o.fail("listing the clients", err)
			}
			listed[cl.ID] = cl
			order = append(order, cl.ID)
		}
	} else {
		canList = false
	}
	if len(ids) == 0 {
		switch {
		case canList:
			ids = order
		case s.demo != nil:
			ids = s.demo.clientIDs()
		default:
			return o.usage("%s cannot list its clients: name the clients to audit", o.vendor)
		}
	}

	now := o.f.Clock.Now().UTC()
	a := &auditor{p: p, policy: policy, now: now, listed: listed, canList: canList, names: map[string]string{}, byName: namesakes(listed, order),
		finish: "credkit secrets finish --vendor " + o.vendor}
	if o.StatePath != "" {
		a.finish += " --state " + o.StatePath
	}
	a.saved = pending
	if s.demo != nil {
		for _, dc := range s.demo.clients {
			a.names[dc.ID] = dc.Name
		}
	}
	report := auditReport{Vendor: p.Vendor(), AsOf: now, Policy: policy, Clients: make([]auditedClient, len(ids))}
	bar := newProgress(stderr, o.f.IO.ErrTTY, "auditing", len(ids))
	var (
		wg    sync.WaitGroup
		mu    sync.Mutex
		done  int
		slots = make(chan struct{}, o.Concurrency)
	)
	for i, id := range ids {
		wg.Add(1)
		slots <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-slots }()
			report.Clients[i] = a.audit(o.ctx(), id, pending[id])
			mu.Lock()
			done++
			bar.update(done, len(ids))
			mu.Unlock()
		}()
	}
	wg.Wait()
	bar.finish()

	breachedClients := 0
	for _, cl := range report.Clients {
		breached := false
		for _, f := range cl.Findings {
			if f.Breach {
				report.Breaches++
				breached = true
			} else {
				report.Notes++
			}
			if f.Rule == ruleError {
				fmt.Fprintln(stderr, "credkit: auditing "+cl.ID+": "+f.Message)
			}
		}
		if breached {
			breachedClients++
		}
	}
	report.OK = report.Breaches == 0
	if err := o.emitAudit(&report); err != nil {
		return err
	}
	if !report.OK {
		fmt.Fprintf(stderr, "credkit audit: the policy is broken: %d %s in %d of %d clients\n",
			report.Breaches, plural(report.Breaches, "breach", "breaches"), breachedClients, len(report.Clients))
		return errReported
	}
	return nil
}

// journalToAudit is the journal whose unfinished rotations the audit
// flags: --state (which must exist), else the default journal where one
// exists, else none.
func (o *auditOptions) journalToAudit() string {
	if o.StatePath != "" {
		return o.StatePath
	}
	return o.existingDefaultJournal()
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

func (b *base) emitAudit(r *auditReport) error {
	if b.Output == "json" {
		return b.emit(r, nil, nil)
	}
	var rows [][]string
	creds := 0
	for _, cl := range r.Clients {
		byCred := map[string][]string{}
		var clientLevel []finding
		for _, f := range cl.Findings {
			if f.CredentialID != "" {
				byCred[f.CredentialID] = append(byCred[f.CredentialID], findingText(f))
			} else {
				clientLevel = append(clientLevel, f)
			}
		}
		for _, cr := range cl.Credentials {
			creds++
			ageText := age(r.AsOf, cr.Created)
			rows = append(rows, []string{cl.ID, cl.Name, kindLabel(cr.Kind), cr.ID, string(cr.Status), formatTime(cr.Created), ageText, formatTime(cr.Expires), strings.Join(byCred[cr.ID], "; ")})
		}
		for _, f := range clientLevel {
			rows = append(rows, []string{cl.ID, cl.Name, "client", "", "", "", "", "", findingText(f)})
		}
		if len(cl.Credentials) == 0 && len(clientLevel) == 0 {
			rows = append(rows, []string{cl.ID, cl.Name, "client", "", "", "", "", "", ""})
		}
	}
	if err := b.emit(nil, []string{"CLIENT", "NAME", "KIND", "CREDENTIAL", "STATUS", "CREATED", "AGE", "EXPIRES", "FINDING"}, rows); err != nil {
		return err
	}
	verdict := "policy kept"
	if !r.OK {
		verdict = "POLICY BROKEN"
	}
	fmt.Fprintf(b.f.IO.Out, "\n%s: %d %s, %d %s, %d %s, %d %s (secrets at most %s old; keys valid for more than %s)\n",
		verdict, len(r.Clients), plural(len(r.Clients), "client", "clients"), creds, plural(creds, "credential", "credentials"),
		r.Breaches, plural(r.Breaches, "breach", "breaches"), r.Notes, plural(r.Notes, "note", "notes"),
		r.Policy.MaxSecretAge, r.Policy.ExpiringWithin)
	return nil
}

func findingText(f finding) string {
	if f.Breach {
		return "BREACH " + f.Message
	}
	return "note: " + f.Message
}

// auditor audits one client at a time.
type auditor struct {
	p       *unified.Provider
	policy  auditPolicy
	now     time.Time
	listed  map[string]unified.Client
	canList bool
	names   map[string]string // client names known otherwise (demo clients)
	// byName are the listed clients that share a name with another, by
	// name, oldest first.
	byName map[string][]unified.Client
	// finish is the command that finishes the journal's rotations.
	finish string
	// saved are the journal's rotations of the vendor, by client.
	saved map[string]*unified.Rotation
}

// namesakes groups the listed clients that share a name, oldest first
// (the order of the list between clients made at the same time).
func namesakes(listed map[string]unified.Client, order []string) map[string][]unified.Client {
	all := map[string][]unified.Client{}
	for _, id := range order {
		if cl := listed[id]; cl.Name != "" {
			all[cl.Name] = append(all[cl.Name], cl)
		}
	}
	out := map[string][]unified.Client{}
	for name, group := range all {
		if len(group) > 1 {
			slices.SortStableFunc(group, func(a, b unified.Client) int { return a.Created.Compare(b.Created) })
			out[name] = group
		}
	}
	return out
}

// sharedName is the finding of a client that shares its name with other
// clients at a vendor whose rotation replaces the client with one of the
// same name: the old client of an unfinished rotation still works. What to
// do depends on whether the new client's secret reached anyone (see
// namesakeAdvice): finishing deletes the old client.
func (a *auditor) sharedName(cl unified.Client) (finding, bool) {
	group := a.byName[cl.Name]
	if len(group) < 2 || !a.p.Capabilities().RotateReplacesClient {
		return finding{}, false
	}
	ids := make([]string, len(group))
	for i, g := range group {
		ids[i] = g.ID
	}
	return finding{Rule: ruleSharedName, Breach: true, Message: fmt.Sprintf(
		"%d clients named %q (%s, oldest first): an unfinished rotation? %s, or rename one if both are meant to stay",
		len(group), cl.Name, strings.Join(ids, ", "), a.namesakeAdvice(ids))}, true
}

func (a *auditor) audit(ctx context.Context, id string, pending *unified.Rotation) auditedClient {
	out := auditedClient{ID: id, Name: a.names[id], Credentials: []auditedCredential{}, Findings: []finding{}}
	fail := func(what string, err error) auditedClient {
		out.Findings = append(out.Findings, finding{Rule: ruleError, Breach: true,
			Message: what + ": " + describe(string(a.p.Vendor()), err)})
		return out
	}
	caps := a.p.Capabilities()
	cl, known := a.listed[id]
	if a.canList {
		if !known {
			return fail("not among the clients the account can list", &unified.Error{Code: unified.NotFound, Vendor: a.p.Vendor(), Op: "ListClients", Message: "no client " + id})
		}
		out.Name, out.Created = cl.Name, cl.Created
		if f, ok := a.sharedName(cl); ok {
			out.Findings = append(out.Findings, f)
		}
	}

	// Secrets: listed with their ages where the vendor can, else the age
	// the client list tells.
	switch {
	case caps.ListSecrets:
		secrets, err := a.p.ListSecrets(ctx, id)
		if err != nil {
			return fail("listing secrets", err)
		}
		active := 0
		for _, s := range secrets {
			out.Credentials = append(out.Credentials, a.credential(s))
			if s.Status != unified.StatusActive {
				continue
			}
			active++
			a.checkAge(&out, s.ID, s.Created)
		}
		if active >= 2 {
			out.Findings = append(out.Findings, finding{Rule: ruleTwoActiveSecrets, Breach: true,
				Message: fmt.Sprintf("%d active secrets: an unfinished rotation? finish it (credkit secrets finish) or revoke the old one", active)})
		}
	case known:
		cred := auditedCredential{Kind: unified.KindClientSecret, ID: "current"}
		var created time.Time
		switch {
		case cl.SecretAge > 0:
			created = a.now.Add(-cl.SecretAge)
		case caps.RotateReplacesClient:
			// The secret cannot change: it is as old as its client.
			cred.ID, created = id, cl.Created
		}
		if !created.IsZero() {
			cred.Created, cred.AgeSeconds = created, ageSeconds(a.now, created)
			out.Credentials = append(out.Credentials, cred)
			a.checkAge(&out, cred.ID, created)
		} else {
			out.Credentials = append(out.Credentials, cred)
			out.Findings = append(out.Findings, finding{Rule: ruleUnknownSecretAge, CredentialID: cred.ID,
				Message: fmt.Sprintf("%s does not say when a secret was set", a.p.Vendor())})
		}
	}

	// Keys: X.509 key credentials expire; JSON Web Keys are listed.
	if m := a.p; caps.KeyCredentials {
		keys, err := m.ListKeyCredentials(ctx, id)
		if err != nil {
			return fail("listing key credentials", err)
		}
		for _, k := range keys {
			out.Credentials = append(out.Credentials, a.credential(k.Credential))
			a.checkExpiry(&out, k.ID, k.Expires)
		}
	}
	if m := a.p; caps.JSONWebKeys {
		keys, err := m.ListJSONWebKeys(ctx, id)
		if err != nil {
			return fail("listing JSON Web Keys", err)
		}
		active := 0
		for _, k := range keys {
			out.Credentials = append(out.Credentials, a.credential(k.Credential))
			a.checkExpiry(&out, k.ID, k.Expires)
			if k.Status == unified.StatusActive {
				active++
			}
		}
		if active >= 2 && rotationMakes(a.p.Vendor(), unified.KindJSONWebKey) {
			out.Findings = append(out.Findings, finding{Rule: ruleTwoActiveSecrets, Breach: true,
				Message: fmt.Sprintf("%d active keys: an unfinished key rotation? finish it (credkit secrets finish --old ID --new ID) or delete the old key", active)})
		}
	}
	if pending != nil {
		out.Findings = append(out.Findings, finding{Rule: ruleUnfinishedRotation, Breach: true,
			Message: "a rotation saved in the journal is not finished: " + a.finish})
	}
	return out
}

func (a *auditor) credential(c unified.Credential) auditedCredential {
	ac := auditedCredential{Kind: c.Kind, ID: c.ID, Status: c.Status, Created: c.Created, Expires: c.Expires}
	if !c.Created.IsZero() {
		ac.AgeSeconds = ageSeconds(a.now, c.Created)
	}
	return ac
}

func ageSeconds(now, created time.Time) *int64 {
	s := int64(now.Sub(created) / time.Second)
	return &s
}

func (a *auditor) checkAge(out *auditedClient, credID string, created time.Time) {
	if created.IsZero() {
		out.Findings = append(out.Findings, finding{Rule: ruleUnknownSecretAge, CredentialID: credID,
			Message: fmt.Sprintf("%s does not say when this secret was made", a.p.Vendor())})
		return
	}
	if age := a.now.Sub(created); age > a.policy.maxSecretAge {
		out.Findings = append(out.Findings, finding{Rule: ruleSecretAge, Breach: true, CredentialID: credID,
			Message: fmt.Sprintf("secret is %s old, more than %s: rotate it", formatAge(age), a.policy.MaxSecretAge)})
	}
}

func (a *auditor) checkExpiry(out *auditedClient, credID string, expires time.Time) {
	if expires.IsZero() {
		return
	}
	left := expires.Sub(a.now)
	switch {
	case left <= 0:
		out.Findings = append(out.Findings, finding{Rule: ruleExpiring, Breach: true, CredentialID: credID,
			Message: fmt.Sprintf("expired %s ago", formatAge(-left))})
	case left <= a.policy.expiringWithin:
		out.Findings = append(out.Findings, finding{Rule: ruleExpiring, Breach: true, CredentialID: credID,
			Message: fmt.Sprintf("expires in %s, within %s: replace it", formatAge(left), a.policy.ExpiringWithin)})
	}
}

// rotationMakes reports whether the vendor's rotations make credentials of
// kind, so that two active ones of it are an open rotation.
func rotationMakes(vendor unified.Vendor, kind unified.Kind) bool {
	for _, m := range specOf(vendor).Rotation.Makes {
		if m.Kind == kind {
			return true
		}
	}
	return false
}
