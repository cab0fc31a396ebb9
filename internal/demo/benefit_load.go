package demo

import (
	"context"
	"fmt"
	"math"
	"time"

	"github.com/tjenestevalg/tjenestevalg/internal/account"
	"github.com/tjenestevalg/tjenestevalg/internal/benefit"
	"github.com/tjenestevalg/tjenestevalg/internal/catalogue"
	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/realisation"
)

// LoadBenefits saves an illustrative benefit case for every service of the
// demo, so that the portfolio can rank them. Each starts from the draft the
// benefit manager builds (volumes and hourly costs from the facts, minutes
// saved from the process comparison where the demo has processes); where no
// process is mapped, the minutes saved are an illustrative share (20–50 %)
// of the employee minutes per case, and the costs everywhere are
// illustrative, scaled by volume. Every such number is marked
// "illustrative" in its source, and the case's name says so.
func LoadBenefits(ctx context.Context, st catalogue.Store, mgr *benefit.Manager, cat *catalogue.Manager) error {
	c, err := st.CollaborationBySlug(ctx, Slug)
	if err != nil {
		return err
	}
	lead := domain.SystemPrincipal(c.ID)
	lead.Name = "Programleder Fosen"
	services, err := cat.Services(ctx, lead)
	if err != nil {
		return err
	}
	for _, s := range services {
		v, err := mgr.Case(ctx, lead, s.Slug)
		if err != nil {
			return err
		}
		bc := v.Record.Case
		if len(bc.Municipalities) == 0 {
			continue // offered nowhere in the demo
		}
		illustrate(ctx, &bc, s, cat, lead)
		if _, err := mgr.Save(ctx, lead, s.Slug, bc, 0); err != nil {
			return fmt.Errorf("demo benefit case %s: %w", s.Slug, err)
		}
	}
	return nil
}

// illustrate fills what the demo cannot know with illustrative figures:
// minutes saved where no process is mapped, citizens' time, costs and the
// uncertainty around them.
func illustrate(ctx context.Context, bc *benefit.Case, s catalogue.Service, cat *catalogue.Manager, p domain.Principal) {
	r := seeded(s.Slug, "benefit")
	bc.Name = s.NameNB + " (illustrativ)"
	bc.Settings.CitizenHourValue = benefit.Range{Low: 200, Likely: 300, High: 400}
	view, _ := cat.Service(ctx, p, s.Slug)
	byNumber := map[string]catalogue.MunicipalService{}
	for _, m := range view.Municipalities {
		byNumber[m.Number] = view.Facts[m.ID]
	}
	share := 0.2 + 0.3*r.Float64()
	var cases float64
	for i := range bc.Municipalities {
		in := &bc.Municipalities[i]
		f := byNumber[in.Municipality]
		if in.MinutesSavedSource == benefit.SourceMissing && f.EmployeeMinutes != nil {
			saved := math.Round(*f.EmployeeMinutes * share)
			in.MinutesSaved = benefit.Range{Low: math.Round(saved * 0.6), Likely: saved, High: math.Round(saved * 1.3)}
			in.MinutesSavedSource = string(catalogue.ProvenanceIllustrative)
		} else if in.MinutesSaved.Likely > 0 {
			m := in.MinutesSaved.Likely
			in.MinutesSaved = benefit.Range{Low: math.Round(m * 0.7), Likely: m, High: math.Round(m * 1.2)}
		}
		if f.CitizenMinutes != nil {
			cm := math.Round(*f.CitizenMinutes * 0.5)
			in.CitizenMinutesSaved = benefit.Range{Low: math.Round(cm * 0.5), Likely: cm, High: cm}
		}
		if in.Cases.Likely > 0 {
			c := in.Cases.Likely
			in.Cases = benefit.Range{Low: math.Round(c * 0.85), Likely: c, High: math.Round(c * 1.15)}
		}
		cases += in.Cases.Likely
	}
	invest := 100000 + math.Round(cases*(200+400*r.Float64())/1000)*1000
	bc.Costs = []benefit.Cost{
		{ID: "losning", Name: "Løsning og integrasjoner (illustrativ)", Kind: benefit.CostInvestment,
			Amount: benefit.Range{Low: invest * 0.8, Likely: invest, High: invest * 1.6}},
		{ID: "innforing", Name: "Innføring og opplæring (illustrativ)", Kind: benefit.CostTraining,
			Hours: benefit.Range{Low: 60, Likely: 100, High: 200}},
		{ID: "lisens", Name: "Lisens og drift per år (illustrativ)", Kind: benefit.CostLicence,
			Amount: benefit.Range{Low: invest * 0.1, Likely: invest * 0.15, High: invest * 0.25}},
	}
	bc.Uptake = []benefit.Range{{Low: 0.1, Likely: 0.25, High: 0.4}, {Low: 0.35, Likely: 0.5, High: 0.7},
		{Low: 0.6, Likely: 0.75, High: 0.9}, {Low: 0.8, Likely: 0.9, High: 1}}
}

// LoadPlan gives the building-permit service a benefit-realisation plan
// with two indicators followed since nine months ago and a few
// measurements, so that the status, the chart and a measurement due can be
// seen. The figures are illustrative; the dates follow the day the demo is
// loaded.
func LoadPlan(ctx context.Context, st catalogue.Store, acc *account.Manager, mgr *realisation.Manager, now time.Time) error {
	c, err := st.CollaborationBySlug(ctx, Slug)
	if err != nil {
		return err
	}
	lead := domain.SystemPrincipal(c.ID)
	lead.Name = "Programleder Fosen"
	const slug = "byggesak-ettrinns"
	if _, err := mgr.CreatePlan(ctx, lead, slug); err != nil {
		return err
	}
	owner, err := acc.UserByEmail(ctx, lead, "koordinator.rissa@fosen.example")
	if err != nil {
		return err
	}
	today := realisation.Today(now)
	start := today.AddDate(0, -9, 0)
	for _, x := range []struct {
		ind      realisation.Indicator
		measured []float64 // at 6 and 3 months after the baseline
	}{
		{realisation.Indicator{Gain: "Frigjort arbeidstid", Class: realisation.ClassEfficiency,
			Name: "Saksbehandlertimer per byggesak", Unit: "timer", Baseline: 6.6, Target: 3.2,
			Measures: "Felles sjekkliste og automatisk kompletthetskontroll; søknader via Fellestjenester BYGG.",
			Risk:     "Sak-/arkivsystemet tar ikke imot strukturerte søknader (se hindringer).", IntervalMonths: 3},
			[]float64{6.1, 5.0}},
		{realisation.Indicator{Gain: "Kortere saksbehandlingstid for søkerne", Class: realisation.ClassOthers,
			Name: "Gjennomsnittlig saksbehandlingstid", Unit: "dager", Baseline: 45, Target: 21,
			Measures: "Digital høring og svar fra regionale myndigheter.",
			Risk:     "Fristen for uttalelse fra andre myndigheter er fire uker.", IntervalMonths: 3},
			[]float64{43, 40}},
	} {
		ind := x.ind
		ind.BaselineDate, ind.TargetDate, ind.OwnerID = start, today.AddDate(1, 3, 0), owner.ID
		saved, err := mgr.SaveIndicator(ctx, lead, slug, ind)
		if err != nil {
			return fmt.Errorf("demo plan indicator %q: %w", ind.Name, err)
		}
		for i, v := range x.measured {
			m := realisation.Measurement{IndicatorID: saved.ID, Value: v, Date: start.AddDate(0, 3*(i+1), 0),
				Comment: "Målt i Rissa og Ørland (illustrativt)"}
			if _, err := mgr.AddMeasurement(ctx, lead, slug, m); err != nil {
				return fmt.Errorf("demo plan measurement: %w", err)
			}
		}
	}
	return nil
}
