package demo

import (
	"context"
	"fmt"

	"github.com/tjenestevalg/tjenestevalg/internal/catalogue"
	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/i18n"
	"github.com/tjenestevalg/tjenestevalg/internal/process"
	"github.com/tjenestevalg/tjenestevalg/internal/process/layout"
)

// LoadProcesses saves the demo's process models through the process
// manager, as the people who would have drawn them: each municipality's
// as-is by its subject-matter owner, the to-be and adapted processes by
// the programme. It then records the obstacles and derives the
// requirements (in bokmål), confirming the first two of each service so
// the collaboration's requirement list has something to export.
func LoadProcesses(ctx context.Context, st catalogue.Store, mgr *process.Manager) error {
	c, err := st.CollaborationBySlug(ctx, Slug)
	if err != nil {
		return err
	}
	munis, err := st.Municipalities(ctx, c.ID)
	if err != nil {
		return err
	}
	byNumber := map[string]catalogue.Municipality{}
	for _, m := range munis {
		byNumber[m.Number] = m
	}
	lead := domain.SystemPrincipal(c.ID)
	lead.Name = "Programleder Fosen"
	word := process.Words(i18n.Lang("nb").T)
	for _, set := range ProcessSets() {
		for _, m := range fosen {
			spec, ok := set.AsIs[m.key]
			if !ok {
				continue
			}
			owner := domain.SystemPrincipal(c.ID)
			owner.Name = "Fagansvarlig " + m.name
			if err := saveSpec(ctx, mgr, owner, set.Service, process.AsIs, byNumber[m.number].ID, spec, "Kartlagt i verksted"); err != nil {
				return fmt.Errorf("demo %s as-is %s: %w", set.Service, m.key, err)
			}
		}
		if err := saveSpec(ctx, mgr, lead, set.Service, process.ToBe, 0, set.ToBe, "Ønsket situasjon fra fellesverksted"); err != nil {
			return fmt.Errorf("demo %s to-be: %w", set.Service, err)
		}
		if err := saveSpec(ctx, mgr, lead, set.Service, process.Adapted, 0, set.Adapted, "Tilpasset etter gjennomgang av hindringer"); err != nil {
			return fmt.Errorf("demo %s adapted: %w", set.Service, err)
		}
		for _, o := range set.Obstacles {
			if _, err := mgr.SaveObstacle(ctx, lead, set.Service, process.Obstacle{Element: o.Element, Category: o.Category,
				LegalReference: o.LegalReference, Description: o.Description, Remedy: o.Remedy, Status: o.Status}); err != nil {
				return fmt.Errorf("demo %s obstacle on %s: %w", set.Service, o.Element, err)
			}
		}
		if _, err := mgr.DeriveRequirements(ctx, lead, set.Service, word); err != nil {
			return fmt.Errorf("demo %s requirements: %w", set.Service, err)
		}
		reqs, err := mgr.Requirements(ctx, lead, set.Service)
		if err != nil {
			return err
		}
		for i, q := range reqs {
			if i == 2 {
				break
			}
			q.Status = "confirmed"
			if _, err := mgr.SaveRequirement(ctx, lead, set.Service, q); err != nil {
				return err
			}
		}
	}
	return nil
}

func saveSpec(ctx context.Context, mgr *process.Manager, p domain.Principal, slug string, v process.Variant,
	municipality domain.ID, spec layout.Spec, comment string) error {
	xml, err := layout.Build(spec)
	if err != nil {
		return err
	}
	_, _, err = mgr.Save(ctx, p, slug, v, municipality, xml, comment, 0)
	return err
}
