package demo

import (
	"context"
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/tjenestevalg/tjenestevalg/internal/account"
	"github.com/tjenestevalg/tjenestevalg/internal/catalogue"
	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/priority"
)

// prioritised are the services the demo's Delphi rounds score: the three
// with process models and nine others a small municipality handles often.
var prioritised = []string{"byggesak-ettrinns", "barnehageplass-opptak", "eiendomsskatt-klage",
	"forhandskonferanse-byggesak", "tilsyn-byggesak", "barnehageplass-endring-oppsigelse",
	"barnehage-redusert-foreldrebetaling", "eiendomsskatt-fritak", "ulovlighetsoppfolging",
	"ppt-sakkyndig-vurdering", "spesialpedagogisk-hjelp", "tilskudd-private-barnehager"}

// LoadPriority gives the demo what a prioritisation needs to be shown: the
// default criteria, AHP weights from each municipality's leadership (their
// judgements differing a little, as seven councils' would), and two closed
// Delphi rounds over twelve services in which the subject-matter owners
// and coordinators of all seven municipalities scored, the second closer
// to agreement than the first. Scores and weights are illustrative.
func LoadPriority(ctx context.Context, st catalogue.Store, acc *account.Manager, mgr *priority.Manager) error {
	c, err := st.CollaborationBySlug(ctx, Slug)
	if err != nil {
		return err
	}
	lead := domain.SystemPrincipal(c.ID)
	lead.Name = "Programleder Fosen"
	crits, err := mgr.EnsureCriteria(ctx, lead)
	if err != nil {
		return err
	}
	var active []priority.Criterion
	var keys []string
	for _, cr := range crits {
		if cr.Active {
			active = append(active, cr)
			keys = append(keys, cr.Key)
		}
	}
	munis, err := st.Municipalities(ctx, c.ID)
	if err != nil {
		return err
	}
	byNumber := map[string]catalogue.Municipality{}
	for _, m := range munis {
		byNumber[m.Number] = m
	}
	// The leaderships' weights: a shared view of what matters, each
	// municipality leaning its own way.
	base := []float64{0.28, 0.2, 0.14, 0.1, 0.08, 0.12, 0.08}
	for _, m := range fosen {
		r := seeded("weights", m.key)
		w := make([]float64, len(active))
		for i := range w {
			w[i] = base[i%len(base)] * (0.6 + 0.8*r.Float64())
		}
		leader, err := acc.UserByEmail(ctx, lead, "leder."+m.key+"@fosen.example")
		if err != nil {
			return err
		}
		e := priority.Elicitation{MunicipalityID: byNumber[m.number].ID, Method: priority.MethodAHP, Criteria: keys,
			Matrix: saatyMatrix(w)}
		if _, err := mgr.SaveWeights(ctx, leader.Principal(), e); err != nil {
			return fmt.Errorf("demo weights %s: %w", m.key, err)
		}
	}
	var services []domain.ID
	for _, slug := range prioritised {
		s, err := st.ServiceBySlug(ctx, c.ID, slug)
		if err != nil {
			return fmt.Errorf("demo priority service %s: %w", slug, err)
		}
		services = append(services, s.ID)
	}
	var parts []priority.Participant
	people := map[domain.ID]account.User{}
	for _, m := range fosen {
		for _, role := range []string{"fag.", "koordinator."} {
			u, err := acc.UserByEmail(ctx, lead, role+m.key+"@fosen.example")
			if err != nil {
				return err
			}
			parts = append(parts, priority.Participant{UserID: u.ID, MunicipalityID: byNumber[m.number].ID})
			people[u.ID] = u
		}
	}
	var judged []priority.Criterion
	for _, cr := range active {
		if cr.Kind == priority.KindJudgemental {
			judged = append(judged, cr)
		}
	}
	// Round 1 spreads widely; round 2 moves each score halfway to the
	// group's round-1 median.
	first := map[[3]domain.ID]float64{}
	median := map[[2]domain.ID][]float64{}
	for round := 1; round <= 2; round++ {
		in := priority.RoundInput{Services: services, Participants: parts, Deadline: time.Now().AddDate(0, 0, 14)}
		if round == 2 {
			in = priority.RoundInput{CopyPrevious: true, Deadline: time.Now().AddDate(0, 0, 14)}
		}
		rv, err := mgr.OpenRound(ctx, lead, in)
		if err != nil {
			return fmt.Errorf("demo round %d: %w", round, err)
		}
		for _, pt := range parts {
			u := people[pt.UserID]
			for _, svc := range services {
				sub := priority.Submission{RoundID: rv.ID, ServiceID: svc, MunicipalityID: pt.MunicipalityID}
				for _, cr := range judged {
					key := [3]domain.ID{pt.UserID, svc, cr.ID}
					var v float64
					if round == 1 {
						truth := 1 + float64(seeded("truth", fmt.Sprint(svc), cr.Key).IntN(5))
						v = clampScore(truth + float64(seeded("r1", fmt.Sprint(key)).IntN(5)-2))
						first[key] = v
						median[[2]domain.ID{svc, cr.ID}] = append(median[[2]domain.ID{svc, cr.ID}], v)
					} else {
						mid := medianOf(median[[2]domain.ID{svc, cr.ID}])
						v = clampScore(math.Round((first[key] + mid) / 2))
					}
					sub.Scores = append(sub.Scores, priority.CriterionScore{CriterionID: cr.ID, Value: v,
						Rationale: rationale(cr.Key, v, round)})
				}
				if err := mgr.Submit(ctx, u.Principal(), sub); err != nil {
					return fmt.Errorf("demo score round %d: %w", round, err)
				}
			}
		}
		if err := mgr.CloseRound(ctx, lead, rv.ID); err != nil {
			return err
		}
	}
	return nil
}

// saatyMatrix writes weights as the pairwise judgements a person would
// give on Saaty's scale: the ratio of two weights rounded to 1…9 or its
// reciprocal, so the matrix is reciprocal and only nearly consistent.
func saatyMatrix(w []float64) [][]float64 {
	n := len(w)
	m := make([][]float64, n)
	for i := range m {
		m[i] = make([]float64, n)
		m[i][i] = 1
	}
	for i := range n {
		for j := i + 1; j < n; j++ {
			r := w[i] / w[j]
			v := 1.0
			if r >= 1 {
				v = math.Min(9, math.Max(1, math.Round(r)))
			} else {
				v = 1 / math.Min(9, math.Max(1, math.Round(1/r)))
			}
			m[i][j], m[j][i] = v, 1/v
		}
	}
	return m
}

func clampScore(v float64) float64 { return math.Min(5, math.Max(1, v)) }

func medianOf(xs []float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	if len(s) == 0 {
		return 3
	}
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return math.Round((s[len(s)/2-1] + s[len(s)/2]) / 2)
}

// rationale is an illustrative comment to go with a score.
func rationale(key string, v float64, round int) string {
	if int(v)%2 == 0 && round == 1 {
		return ""
	}
	switch {
	case v >= 4:
		return "Høy verdi for oss: mange saker og mye manuelt arbeid i dag (illustrativt)."
	case v <= 2:
		return "Lite å hente her etter vår erfaring (illustrativt)."
	}
	return "Middels: avhenger av felles fagsystem (illustrativt)."
}
