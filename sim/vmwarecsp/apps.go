package vmwarecsp

import (
	"net/url"
	"slices"
	"strings"
	"time"

	api "github.com/credkit/credkit/gen/vmwarecsp"
)

// Defaults of a new app, as CSP documents them.
const (
	defaultAccessTokenTTL  = 600            // 10 minutes
	defaultRefreshTokenTTL = 90 * 24 * 3600 // 90 days
	maxDeleteIDs           = 15             // per deleteOrgOAuthApps call
	adminUser              = "org-admin@csp.example.test"
)

// createApp is createOrgOAuthApp.
func (s *Server) createApp(r *request) (any, *cspError) {
	var in api.OrgOAuthAppRequest
	if err := decodeBody(r.body, &in, "allowedScopes", "grantTypes", "displayName", "description"); err != nil {
		return nil, err
	}
	if err := checkCreate(&in); err != nil {
		return nil, err
	}
	a := s.newApp("", deref(in.Secret), adminUser, r.now, &in)
	if err := checkApp(&a.info); err != nil {
		return nil, err
	}
	switch id := deref(in.Id); {
	case id == "":
		a.info.Id = s.ids.Next("", 24)
	case s.apps[id] != nil:
		return nil, conflict("client_exists", "an OAuth app with client ID %q already exists", id)
	case s.deletionInProgress(id, r.now):
		return nil, conflict("deletion_in_progress", "a deletion of client %q is still in progress", id)
	default:
		a.info.Id = id
	}
	if a.current == "" {
		a.current = s.newSecret()
	}
	s.add(a)
	return api.ClientCredentials{ClientId: a.info.Id, ClientSecret: a.current}, nil
}

// checkCreate applies the field rules of a create request.
func checkCreate(in *api.OrgOAuthAppRequest) *cspError {
	if err := checkGrantTypes(in.GrantTypes); err != nil {
		return err
	}
	if in.Id != nil {
		if err := checkNewClientID(*in.Id); err != nil {
			return err
		}
	}
	if err := checkDisplayName(in.DisplayName); err != nil {
		return err
	}
	if in.Secret != nil {
		return checkSecret("secret", *in.Secret)
	}
	return nil
}

// newApp builds an app from a create request, with CSP's defaults.
func (s *Server) newApp(id, secret, who string, now time.Time, in *api.OrgOAuthAppRequest) *app {
	return &app{current: secret, info: api.OrgOAuthAppResponse{
		Id:                                id,
		OrganizationId:                    ptr(s.org),
		DisplayName:                       ptr(in.DisplayName),
		Description:                       ptr(in.Description),
		GrantTypes:                        ptr(grantStrings(in.GrantTypes)),
		AllowedScopes:                     ptr(in.AllowedScopes),
		AccessTokenTTL:                    orDefault(in.AccessTokenTTL, defaultAccessTokenTTL),
		RefreshTokenTTL:                   orDefault(in.RefreshTokenTTL, defaultRefreshTokenTTL),
		RedirectUris:                      orDefault(in.RedirectUris, []string{}),
		PostLogoutRedirectUris:            orDefault(in.PostLogoutRedirectUris, []string{}),
		AllowOpenRedirectUris:             orDefault(in.AllowOpenRedirectUris, false),
		AllowedOrgs:                       allowedOrgs(in.AllowedOrgs),
		AllowedActorsAudienceExchange:     in.AllowedActorsAudienceExchange,
		AllowedActorsClientDelegate:       in.AllowedActorsClientDelegate,
		AdditionalAttributeMasks:          in.AdditionalAttributeMasks,
		CrossOrgAccessClaimsSupported:     orDefault(in.CrossOrgAccessClaimsSupported, false),
		ForcePkce:                         orDefault(in.ForcePkce, false),
		GroupDomainAppendedInIDToken:      orDefault(in.GroupDomainAppendedInIDToken, false),
		IsHidden:                          orDefault(in.IsHidden, false),
		MaxCharactersInAccessToken:        in.MaxCharactersInAccessToken,
		MaxGroupsInIdToken:                in.MaxGroupsInIdToken,
		OwnerOnlySecretRotation:           orDefault(in.OwnerOnlySecretRotation, false),
		SecretRotationExpirationInSeconds: orDefault(in.SecretRotationExpirationInSeconds, int32(s.window/time.Second)), //nolint:gosec // a rotation window in seconds, far below 2^31
		Immutable:                         ptr(false),
		PublicClient:                      ptr(false),
		CreatedAt:                         msec(now),
		CreatedBy:                         ptr(who),
		LastUpdatedAt:                     msec(now),
		LastUpdatedBy:                     ptr(who),
	}}
}

// allowedOrgs turns the organization IDs of a request into the objects an
// app answers with; the simulator knows no other organization's names.
func allowedOrgs(ids *[]string) *[]api.AllowedOrg {
	if ids == nil {
		return nil
	}
	out := make([]api.AllowedOrg, len(*ids))
	for i, id := range *ids {
		out[i] = api.AllowedOrg{Id: ptr(id)}
	}
	return &out
}

func grantStrings(gts []api.GrantType) []string {
	out := make([]string, len(gts))
	for i, g := range gts {
		out[i] = string(g)
	}
	return out
}

func orDefault[T any](p *T, def T) *T {
	if p != nil {
		return p
	}
	return &def
}

// getApp is getOrgOAuthApp.
func (s *Server) getApp(r *request) (any, *cspError) {
	id, err := appID(r, true)
	if err != nil {
		return nil, err
	}
	a, err := s.lookup(id, r.now, false)
	if err != nil {
		return nil, err
	}
	return a.info, nil
}

// patchApp is patchOrgOAuthApp: members present in the body replace the
// app's; a secret becomes the only valid one, ending any rotation.
func (s *Server) patchApp(r *request) (any, *cspError) {
	id, err := appID(r, true)
	if err != nil {
		return nil, err
	}
	var p api.OrgOAuthAppUpdateRequest
	if err := decodeBody(r.body, &p, "description", "displayName", "grantTypes"); err != nil {
		return nil, err
	}
	if err := checkPatch(&p); err != nil {
		return nil, err
	}
	a, err := s.lookup(id, r.now, true)
	if err != nil {
		return nil, err
	}
	info := a.info
	applyPatch(&info, &p, adminUser, r.now)
	if err := checkApp(&info); err != nil {
		return nil, err
	}
	a.info = info
	if p.Secret != nil {
		a.resetSecret(*p.Secret)
	}
	return a.info, nil
}

func checkPatch(p *api.OrgOAuthAppUpdateRequest) *cspError {
	if err := checkGrantTypes(p.GrantTypes); err != nil {
		return err
	}
	if err := checkDisplayName(p.DisplayName); err != nil {
		return err
	}
	if p.Secret != nil {
		return checkSecret("secret", *p.Secret)
	}
	return nil
}

// applyPatch copies the members of p into info.
func applyPatch(info *api.OrgOAuthAppResponse, p *api.OrgOAuthAppUpdateRequest, who string, now time.Time) {
	info.DisplayName, info.Description = ptr(p.DisplayName), ptr(p.Description)
	info.GrantTypes = ptr(grantStrings(p.GrantTypes))
	set(&info.AllowedScopes, p.AllowedScopes)
	set(&info.AccessTokenTTL, p.AccessTokenTTL)
	set(&info.RefreshTokenTTL, p.RefreshTokenTTL)
	set(&info.RedirectUris, p.RedirectUris)
	set(&info.PostLogoutRedirectUris, p.PostLogoutRedirectUris)
	set(&info.AllowedOrgs, allowedOrgs(p.AllowedOrgs))
	set(&info.AllowedActorsAudienceExchange, p.AllowedActorsAudienceExchange)
	set(&info.AllowedActorsClientDelegate, p.AllowedActorsClientDelegate)
	set(&info.AdditionalAttributeMasks, p.AdditionalAttributeMasks)
	set(&info.CrossOrgAccessClaimsSupported, p.CrossOrgAccessClaimsSupported)
	set(&info.ForcePkce, p.ForcePkce)
	set(&info.GroupDomainAppendedInIDToken, p.GroupDomainAppendedInIDToken)
	set(&info.IsHidden, p.IsHidden)
	set(&info.MaxCharactersInAccessToken, p.MaxCharactersInAccessToken)
	set(&info.MaxGroupsInIdToken, p.MaxGroupsInIdToken)
	set(&info.OwnerOnlySecretRotation, p.OwnerOnlySecretRotation)
	set(&info.SecretRotationExpirationInSeconds, p.SecretRotationExpirationInSeconds)
	info.LastUpdatedAt, info.LastUpdatedBy = msec(now), ptr(who)
}

func set[T any](dst **T, v *T) {
	if v != nil {
		*dst = v
	}
}

// deleteApps is deleteOrgOAuthApps: each distinct ID, in the order given,
// is deleted (succeeded) or unknown (failed). A call whose IDs are all
// unknown is still a 200, with every ID in failed.
func (s *Server) deleteApps(r *request) (any, *cspError) {
	var in api.OrgOAuthAppsDeleteRequest
	if err := decodeBody(r.body, &in, "clientIdsToDelete"); err != nil {
		return nil, err
	}
	ids := in.ClientIdsToDelete
	if len(ids) < 1 || len(ids) > maxDeleteIDs {
		return nil, invalid("clientIdsToDelete must hold 1 to %d client IDs", maxDeleteIDs)
	}
	if slices.Contains(ids, "") {
		return nil, invalid("clientIdsToDelete must not hold an empty client ID")
	}
	succeeded, failed := []string{}, []string{}
	for i, id := range ids {
		switch {
		case slices.Contains(ids[:i], id):
		case s.apps[id] != nil:
			s.remove(id, r.now)
			succeeded = append(succeeded, id)
		default:
			failed = append(failed, id)
		}
	}
	return api.PartialSuccessResponseString{Succeeded: &succeeded, Failed: &failed}, nil
}

// listApps is listOrgOAuthApps: apps in creation order, filtered by
// searchTerm (display name or client ID contains it, ignoring case), one
// page at a time.
func (s *Server) listApps(r *request) (any, *cspError) {
	q, err := parsePageQuery(r.URL.Query(), s.pageMax)
	if err != nil {
		return nil, err
	}
	var matches []api.OrgOAuthAppResponse
	term := strings.ToLower(q.term)
	for _, id := range s.order {
		info := s.apps[id].info
		if strings.Contains(strings.ToLower(deref(info.DisplayName)), term) || strings.Contains(strings.ToLower(id), term) {
			matches = append(matches, info)
		}
	}
	pg := paginate(len(matches), q, apiBase+"/orgs/"+url.PathEscape(s.org)+"/oauth-apps")
	results := slices.Clone(matches[pg.from:pg.to])
	if results == nil {
		results = []api.OrgOAuthAppResponse{}
	}
	return api.PagedResponseOrgOAuthAppResponse{Results: &results, TotalResults: ptr(int64(len(matches))), NextLink: pg.next, PrevLink: pg.prev}, nil
}
