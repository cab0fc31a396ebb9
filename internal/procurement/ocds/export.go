package ocds

import (
	"context"
	"strings"

	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/procurement"
)

// Export writes tender's release package for its CanEdit persons: the
// dossier as m assembles it (authorised and logged there) with the options
// the collaboration gives, and the export itself logged on the tender
// (Manager.RecordExport). It lives here, not on the Manager, because this
// package reads procurement's values.
//
// The options: the buyer publishes (PublisherName is the tender's Buyer, or
// collab when none is named), under the ILLUSTRATIVE ExamplePrefix — no
// ocid prefix is registered for the app; a municipality publishing for
// real registers its own with the Open Contracting Partnership — at the
// app's BaseURL (packages under /ocds), in Norwegian bokmål ("nb"), dated
// by the dossier's latest event.
//
// Errors: those of Manager.Dossier and of Package (the options'
// "base_uri" when the app's BaseURL is not an absolute http(s) address).
func Export(ctx context.Context, m *procurement.Manager, p domain.Principal, tender domain.ID, collab string) ([]byte, error) {
	d, err := m.Dossier(ctx, p, tender)
	if err != nil {
		return nil, err
	}
	base := strings.TrimSuffix(m.BaseURL(), "/")
	o := Options{PublisherName: d.Tender.Buyer.Name, OCIDPrefix: ExamplePrefix, BaseURI: base + "/ocds", Language: "nb"}
	if strings.TrimSpace(o.PublisherName) == "" {
		o.PublisherName = collab
	}
	if absoluteHTTP(base) {
		o.PublisherURI = base
	}
	out, err := Package(d, o)
	if err != nil {
		return nil, err
	}
	if err := m.RecordExport(ctx, p, tender, "ocds"); err != nil {
		return nil, err
	}
	return out, nil
}
