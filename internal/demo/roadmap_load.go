package demo

import (
	"context"
	"fmt"
	"slices"

	"github.com/tjenestevalg/tjenestevalg/internal/account"
	"github.com/tjenestevalg/tjenestevalg/internal/catalogue"
	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/priority"
	"github.com/tjenestevalg/tjenestevalg/internal/roadmap"
)

// DecisionMethod is the joint ranking the demo's decision freezes.
const DecisionMethod = priority.MethodSchulze

// LoadDecision freezes the joint ranking of the demo's last round by
// Schulze's method and has the leadership of every municipality approve
// it, as the seven chief executives did. It returns the decision's id.
func LoadDecision(ctx context.Context, st catalogue.Store, acc *account.Manager, mgr *priority.Manager) (domain.ID, error) {
	c, err := st.CollaborationBySlug(ctx, Slug)
	if err != nil {
		return 0, err
	}
	lead := domain.SystemPrincipal(c.ID)
	lead.Name = "Programleder Fosen"
	view, err := mgr.Rankings(ctx, lead, 0, false)
	if err != nil {
		return 0, err
	}
	in, err := view.Snapshot(DecisionMethod)
	if err != nil {
		return 0, err
	}
	in.Note = "Felles rangering etter andre Delphi-runde (demo)."
	dec, err := mgr.CreateDecision(ctx, lead, in)
	if err != nil {
		return 0, err
	}
	munis, err := st.Municipalities(ctx, c.ID)
	if err != nil {
		return 0, err
	}
	byNumber := map[string]domain.ID{}
	for _, m := range munis {
		byNumber[m.Number] = m.ID
	}
	for _, m := range fosen {
		leader, err := acc.UserByEmail(ctx, lead, "leder."+m.key+"@fosen.example")
		if err != nil {
			return 0, err
		}
		if _, err := mgr.Approve(ctx, leader.Principal(), dec.ID, byNumber[m.number]); err != nil {
			return 0, fmt.Errorf("demo approval %s: %w", m.key, err)
		}
	}
	return dec.ID, nil
}

// component is a common component of the demo's roadmap and the services
// that need it. Costs and hours are illustrative, not quotes.
type component struct {
	name        string
	cost, hours float64
	note        string
	usedBy      []string
}

var components = []component{
	{"ID-porten", 120000, 200,
		"Digdirs innloggingstjeneste; kostnaden er illustrativ (tilknytning og oppsett hos leverandør).",
		[]string{"barnehageplass-opptak", "barnehageplass-endring-oppsigelse", "eiendomsskatt-klage"}},
	{"KS Fiks SvarUt/SvarInn", 150000, 250,
		"Utsending og mottak av digital post gjennom KS Fiks-plattformen; illustrativ kostnad.",
		[]string{"ppt-sakkyndig-vurdering", "eiendomsskatt-fritak"}},
	{"Sak/arkiv-integrasjon (Noark 5)", 400000, 600,
		"Integrasjon mellom fagsystemene og det felles sak/arkiv-systemet; illustrativ kostnad.",
		[]string{"byggesak-ettrinns", "eiendomsskatt-klage", "tilsyn-byggesak"}},
	{"Fellestjenester BYGG (DiBK)", 200000, 300,
		"Mottak av byggesøknader fra søknadsløsninger gjennom DiBKs fellestjenester; illustrativ kostnad.",
		[]string{"byggesak-ettrinns", "forhandskonferanse-byggesak"}},
}

// serviceRequires are dependencies between the decided services: a change
// or follow-up builds on the solution of the first.
var serviceRequires = map[string][]string{
	"barnehageplass-endring-oppsigelse": {"barnehageplass-opptak"},
	"spesialpedagogisk-hjelp":           {"ppt-sakkyndig-vurdering"},
}

// LoadRoadmap turns the decision into the demo's roadmap: the decided
// services with their benefit cases' figures, four common components
// they depend on, and two scenarios, the first with illustrative limits
// (600 000 NOK and 800 staff hours a year for four years) and the second
// with 350 000 NOK in the first two. The components' figures and the
// scenarios' limits are illustrative.
func LoadRoadmap(ctx context.Context, st catalogue.Store, mgr *roadmap.Manager, decision domain.ID) error {
	c, err := st.CollaborationBySlug(ctx, Slug)
	if err != nil {
		return err
	}
	lead := domain.SystemPrincipal(c.ID)
	lead.Name = "Programleder Fosen"
	rec, err := mgr.FromDecision(ctx, lead, decision, 0)
	if err != nil {
		return err
	}
	for _, cp := range components {
		rec, err = mgr.SaveItem(ctx, lead, "", roadmap.Item{Name: cp.name, Cost: cp.cost, Hours: cp.hours, Note: cp.note}, rec.Version)
		if err != nil {
			return fmt.Errorf("demo component %s: %w", cp.name, err)
		}
	}
	need := map[string][]string{}
	for k, v := range serviceRequires {
		need[k] = slices.Clone(v)
	}
	for _, cp := range components {
		key := roadmap.KeyFor(cp.name, func(string) bool { return false })
		for _, s := range cp.usedBy {
			need[s] = append(need[s], key)
		}
	}
	for _, it := range rec.Roadmap.Items {
		reqs, ok := need[it.Key]
		if !ok {
			continue
		}
		it.Requires = reqs
		if rec, err = mgr.SaveItem(ctx, lead, it.Key, it, rec.Version); err != nil {
			return fmt.Errorf("demo requirements of %s: %w", it.Key, err)
		}
	}
	base := rec.Roadmap.Scenarios[0]
	base.Years = nil
	for range 4 {
		base.Years = append(base.Years, roadmap.Year{Budget: 600000, Capacity: 800})
	}
	if rec, err = mgr.SaveScenario(ctx, lead, base, rec.Version); err != nil {
		return err
	}
	tight := base
	tight.ID, tight.Name = "", "Stramt budsjett"
	tight.Years = slices.Clone(base.Years)
	tight.Years[0].Budget, tight.Years[1].Budget = 350000, 350000
	_, err = mgr.SaveScenario(ctx, lead, tight, rec.Version)
	return err
}
