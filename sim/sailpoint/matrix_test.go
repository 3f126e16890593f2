package sailpoint

import (
	"context"
	"fmt"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/credkit/credkit/conformance"
	"github.com/credkit/credkit/conformance/conformancetest"
	api "github.com/credkit/credkit/gen/sailpoint"
	"github.com/credkit/credkit/sim"
)

// parsed is what every generated response type offers.
type parsed interface {
	StatusCode() int
}

// callOp calls operation op with the generated client as tok on client id;
// for createOauthClient id is the new client's name, for listOauthClients
// it is the filters expression.
func (h *harness) callOp(op, tok, id string) parsed {
	h.t.Helper()
	ctx, auth := context.Background(), bearer(tok)
	var (
		r   parsed
		err error
	)
	switch op {
	case "listOauthClients":
		var params api.ListOauthClientsParams
		if id != "" {
			params.Filters = &id
		}
		r, err = h.api.ListOauthClientsWithResponse(ctx, &params, auth)
	case "createOauthClient":
		req := newClientRequest(id)
		if id == "" {
			req.AccessType = "SOMETIMES"
		}
		r, err = h.api.CreateOauthClientWithResponse(ctx, req, auth)
	case "getOauthClient":
		r, err = h.api.GetOauthClientWithResponse(ctx, id, auth)
	case "patchOauthClient":
		body := `[{"op":"replace","path":"/description","value":"patched"}]`
		r, err = h.api.PatchOauthClientWithBodyWithResponse(ctx, id, "application/json-patch+json", strings.NewReader(body), auth)
	case "deleteOauthClient":
		r, err = h.api.DeleteOauthClientWithResponse(ctx, id, auth)
	default:
		h.t.Fatalf("unknown operation %s", op)
	}
	require.NoError(h.t, err, op)
	return r
}

// specMatrix is every operationId × documented status of the SailPoint spec.
func specMatrix(t testing.TB) map[string]bool {
	t.Helper()
	all := conformancetest.Checker(t).Specs()
	cells := map[string]bool{}
	for _, s := range all {
		if s.Name != "sailpoint" {
			continue
		}
		for _, item := range s.Doc.Paths.Map() {
			for _, op := range item.Operations() {
				for code := range op.Responses.Map() {
					cells[op.OperationID+" "+code] = false
				}
			}
		}
	}
	require.Len(t, cells, 33)
	return cells
}

// covered marks in cells the passing /v3 exchanges of results.
func covered(cells map[string]bool, results []conformance.Result) {
	for _, r := range results {
		if r.Outcome == conformance.Pass && r.OperationID != "" {
			cells[r.OperationID+" "+strconv.Itoa(r.Status)] = true
		}
	}
}

// missing lists the cells not covered.
func missing(cells map[string]bool) []string {
	var out []string
	for c, ok := range cells {
		if !ok {
			out = append(out, c)
		}
	}
	sort.Strings(out)
	return out
}

var operations = []string{"listOauthClients", "createOauthClient", "getOauthClient", "patchOauthClient", "deleteOauthClient"}

// methods are the HTTP methods of operations.
var methods = map[string]string{"listOauthClients": "GET", "createOauthClient": "POST", "getOauthClient": "GET", "patchOauthClient": "PATCH", "deleteOauthClient": "DELETE"}

// opCase is one call of an operation and the status it must get.
type opCase struct {
	status  int
	tok, id string
}

// casesFor returns a call of op for each status the simulator answers
// without faults or rate limits; noRights is a token without any
// oauth-client scope.
func (h *harness) casesFor(op, noRights string) []opCase {
	target := func() string { return "" }
	success, bad := http.StatusOK, "bad.id"
	switch op {
	case "listOauthClients":
		bad = `name eq "x"`
	case "createOauthClient":
		target, bad = func() string { return "new client" }, "" // "": an invalid accessType
	default:
		target = func() string { return h.create("target of " + op).Id }
	}
	if op == "deleteOauthClient" {
		success = http.StatusNoContent
	}
	cases := []opCase{
		{success, h.admin, target()},
		{http.StatusBadRequest, h.admin, bad},
		{http.StatusUnauthorized, "", target()},
		{http.StatusForbidden, noRights, target()},
	}
	if op != "listOauthClients" && op != "createOauthClient" {
		cases = append(cases, opCase{http.StatusNotFound, h.admin, "0123456789abcdef0123456789abcdef"})
	}
	return cases
}

// TestEveryOperationAndStatus drives every operation into every status the
// spec documents for it, through the generated client, and checks that the
// exchanges cover the whole matrix and conform.
func TestEveryOperationAndStatus(t *testing.T) {
	faults := sim.NewFaults(0, 0)
	h := newHarness(t, &Options{Faults: faults})
	_, noRights := h.clientToken(scopeDefault)
	for _, op := range operations {
		for _, c := range h.casesFor(op, noRights) {
			t.Run(fmt.Sprintf("%s %d", op, c.status), func(t *testing.T) {
				require.Equal(t, c.status, h.callOp(op, c.tok, c.id).StatusCode())
			})
		}
		faults.Script(sim.Fault{Kind: sim.FaultInternal, Method: methods[op], PathContains: collectionPath})
		t.Run(op+" 500", func(t *testing.T) {
			require.Equal(t, http.StatusInternalServerError, h.callOp(op, h.admin, "new client").StatusCode())
		})
	}

	limited := newHarness(t, &Options{RateLimit: sim.RateLimit{Limit: 1}})
	require.Equal(t, http.StatusOK, limited.callOp("listOauthClients", limited.admin, "").StatusCode())
	for _, op := range operations {
		t.Run(op+" 429", func(t *testing.T) {
			r := limited.callOp(op, limited.admin, "0123456789abcdef0123456789abcdef")
			require.Equal(t, http.StatusTooManyRequests, r.StatusCode())
		})
	}

	cells := specMatrix(t)
	covered(cells, h.tr.Results())
	covered(cells, limited.tr.Results())
	require.Empty(t, missing(cells), "cells of the spec's matrix no exchange covered")
}
