package okta

import "net/http"

// hrefObject is a HAL link.
type hrefObject struct {
	Href  string     `json:"href"`
	Hints *hrefHints `json:"hints,omitempty"`
}

// hrefHints lists the methods a link's target allows.
type hrefHints struct {
	Allow []string `json:"allow"`
}

// titledLink is a HAL link with a title and no hints.
type titledLink struct {
	Href  string `json:"href"`
	Title string `json:"title,omitempty"`
}

func link(href string, methods ...string) *hrefObject {
	return &hrefObject{Href: href, Hints: &hrefHints{Allow: methods}}
}

// lifecycleLinks are the _links of a client secret or JSON Web Key: ACTIVE
// ones carry deactivate, INACTIVE ones activate and delete.
type lifecycleLinks struct {
	Activate   *hrefObject `json:"activate,omitempty"`
	Deactivate *hrefObject `json:"deactivate,omitempty"`
	Delete     *hrefObject `json:"delete,omitempty"`
}

// lifecycle returns the links of the credential at self, a full URL.
func lifecycle(self, status string) lifecycleLinks {
	if status == statusActive {
		return lifecycleLinks{Deactivate: link(self+"/lifecycle/deactivate", http.MethodPost)}
	}
	return lifecycleLinks{
		Activate: link(self+"/lifecycle/activate", http.MethodPost),
		Delete:   link(self, http.MethodDelete),
	}
}

// appURL is the full URL of the app's API resource.
func (c *call) appURL(a *app) string { return c.base + "/api/v1/apps/" + a.id }
