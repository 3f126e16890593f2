package sailpoint

import (
	"encoding/json"
	"time"
)

// millis is a time answered to the millisecond, as SailPoint does.
type millis time.Time

// MarshalJSON writes t as 2006-01-02T15:04:05.000Z.
func (t millis) MarshalJSON() ([]byte, error) {
	return json.Marshal(time.Time(t).UTC().Format("2006-01-02T15:04:05.000Z"))
}

// getView is a GetOAuthClientResponse: nullable fields are answered as
// null, and secret and metadata are always null.
type getView struct {
	ID                          string   `json:"id"`
	BusinessName                *string  `json:"businessName"`
	HomepageURL                 *string  `json:"homepageUrl"`
	Name                        string   `json:"name"`
	Description                 *string  `json:"description"`
	AccessTokenValiditySeconds  int32    `json:"accessTokenValiditySeconds"`
	RefreshTokenValiditySeconds int32    `json:"refreshTokenValiditySeconds"`
	RedirectURIs                []string `json:"redirectUris"`
	GrantTypes                  []string `json:"grantTypes"`
	AccessType                  string   `json:"accessType"`
	Type                        string   `json:"type"`
	Internal                    bool     `json:"internal"`
	Enabled                     bool     `json:"enabled"`
	StrongAuthSupported         bool     `json:"strongAuthSupported"`
	ClaimsSupported             bool     `json:"claimsSupported"`
	Created                     millis   `json:"created"`
	Modified                    millis   `json:"modified"`
	Secret                      *string  `json:"secret"`
	Metadata                    *string  `json:"metadata"`
	LastUsed                    *millis  `json:"lastUsed"`
	Scope                       []string `json:"scope"`
}

func newGetView(c ClientState) getView {
	v := getView{
		ID: c.ID, BusinessName: c.BusinessName, HomepageURL: c.HomepageURL, Name: c.Name,
		Description: c.Description, AccessTokenValiditySeconds: c.AccessTokenValiditySeconds,
		RefreshTokenValiditySeconds: c.RefreshTokenValiditySeconds, RedirectURIs: c.RedirectURIs,
		GrantTypes: c.GrantTypes, AccessType: c.AccessType, Type: c.Type, Internal: c.Internal,
		Enabled: c.Enabled, StrongAuthSupported: c.StrongAuthSupported, ClaimsSupported: c.ClaimsSupported,
		Created: millis(c.Created), Modified: millis(c.Modified), Scope: c.Scope,
	}
	if c.LastUsed != nil {
		used := millis(*c.LastUsed)
		v.LastUsed = &used
	}
	return v
}

// createView is a CreateOAuthClientResponse: the only answer with the
// secret. Its schema has no nullable fields but scope, so null ones are
// left out.
type createView struct {
	ID                          string   `json:"id"`
	Secret                      string   `json:"secret"`
	BusinessName                *string  `json:"businessName,omitempty"`
	HomepageURL                 *string  `json:"homepageUrl,omitempty"`
	Name                        string   `json:"name"`
	Description                 *string  `json:"description,omitempty"`
	AccessTokenValiditySeconds  int32    `json:"accessTokenValiditySeconds"`
	RefreshTokenValiditySeconds int32    `json:"refreshTokenValiditySeconds"`
	RedirectURIs                []string `json:"redirectUris,omitempty"`
	GrantTypes                  []string `json:"grantTypes"`
	AccessType                  string   `json:"accessType"`
	Type                        string   `json:"type"`
	Internal                    bool     `json:"internal"`
	Enabled                     bool     `json:"enabled"`
	StrongAuthSupported         bool     `json:"strongAuthSupported"`
	ClaimsSupported             bool     `json:"claimsSupported"`
	Created                     millis   `json:"created"`
	Modified                    millis   `json:"modified"`
	Scope                       []string `json:"scope"`
}

func newCreateView(c ClientState, secret string) createView {
	return createView{
		ID: c.ID, Secret: secret, BusinessName: c.BusinessName, HomepageURL: c.HomepageURL,
		Name: c.Name, Description: c.Description, AccessTokenValiditySeconds: c.AccessTokenValiditySeconds,
		RefreshTokenValiditySeconds: c.RefreshTokenValiditySeconds, RedirectURIs: c.RedirectURIs,
		GrantTypes: c.GrantTypes, AccessType: c.AccessType, Type: c.Type, Internal: c.Internal,
		Enabled: c.Enabled, StrongAuthSupported: c.StrongAuthSupported, ClaimsSupported: c.ClaimsSupported,
		Created: millis(c.Created), Modified: millis(c.Modified), Scope: c.Scope,
	}
}
