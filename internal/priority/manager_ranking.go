package priority

import (
	"context"
	"math"
	"slices"
	"strings"

	"github.com/tjenestevalg/tjenestevalg/internal/catalogue"
	"github.com/tjenestevalg/tjenestevalg/internal/domain"
)

// RankingView is a ranking with what names it: the criteria, the services
// and the municipalities in the order of the ranking's indices, and the
// round it is of.
type RankingView struct {
	Rankings
	Round          RoundView
	Criteria       []Criterion
	Services       []catalogue.Service
	Municipalities []catalogue.Municipality
	// WeightSource says where each municipality's weights came from
	// ("ahp", "direct", "swing" or "group" when it has none of its own).
	WeightSource []string
	// MunicipalWeights are the weights each municipality's ranking used
	// (its own, or the group weights).
	MunicipalWeights [][]float64
	ByPopulation     bool
	// Group is how the group weights (Rankings.GroupWeights) came about:
	// the same computation the weights page shows.
	Group GroupWeights
}

// Rankings computes the rankings of a round (0: the latest that is over): its services,
// the municipalities of its participants, the judgemental criteria from
// their scores (the median per municipality) and the computed ones from
// the manager's Figures, weighted by each municipality's weights and the group weights
// (ComputeGroupWeights over every municipality taking part, as
// Manager.GroupWeights gives them; optionally weighted by population,
// which then also weighs each municipality's ballot — a municipality
// without a population figure is left out of the group weights, and its
// ballot counts once).
// Errors: unauthorized, forbidden, not found (round).
func (m *Manager) Rankings(ctx context.Context, p domain.Principal, round domain.ID, byPopulation bool) (RankingView, error) {
	if err := p.RequireInternal(); err != nil {
		return RankingView{}, err
	}
	if round == 0 {
		// The latest round that is over: an open round has no results yet.
		rounds, err := m.Rounds(ctx, p)
		if err != nil {
			return RankingView{}, err
		}
		best := 0
		for _, r := range rounds {
			if r.Over && r.Number > best {
				best, round = r.Number, r.ID
			}
		}
		if round == 0 {
			return RankingView{}, domain.NotFound("priority.round_not_found")
		}
	}
	rv, err := m.Round(ctx, p, round)
	if err != nil {
		return RankingView{}, err
	}
	crits, err := m.Criteria(ctx, p)
	if err != nil {
		return RankingView{}, err
	}
	active := activeCriteria(crits)
	services, err := m.cat.Services(ctx, p.CollaborationID)
	if err != nil {
		return RankingView{}, err
	}
	byID := map[domain.ID]catalogue.Service{}
	for _, s := range services {
		byID[s.ID] = s
	}
	munis, err := m.cat.Municipalities(ctx, p.CollaborationID)
	if err != nil {
		return RankingView{}, err
	}
	view := RankingView{Round: rv, Criteria: active, ByPopulation: byPopulation}
	for _, id := range rv.Services {
		view.Services = append(view.Services, byID[id])
	}
	for _, mu := range munis {
		if rv.ByMunicipality[mu.ID] > 0 {
			view.Municipalities = append(view.Municipalities, mu)
		}
	}
	if len(view.Municipalities) == 0 || len(view.Services) == 0 || len(active) == 0 {
		return RankingView{}, domain.Invalid("priority.nothing_to_rank")
	}
	sIdx, mIdx := map[domain.ID]int{}, map[domain.ID]int{}
	in := RankingInput{Criteria: active, TopK: 10}
	for i, s := range view.Services {
		sIdx[s.ID] = i
		in.Services = append(in.Services, s.ID)
	}
	for i, mu := range view.Municipalities {
		mIdx[mu.ID] = i
		in.Municipalities = append(in.Municipalities, mu.ID)
	}
	values := make([][][]float64, len(active))
	for c := range active {
		values[c] = make([][]float64, len(view.Municipalities))
		for mi := range view.Municipalities {
			values[c][mi] = make([]float64, len(view.Services))
			for si := range view.Services {
				values[c][mi][si] = math.NaN()
			}
		}
	}
	// Judgemental: the median of each municipality's participants.
	mv, err := m.MunicipalValues(ctx, p, round)
	if err != nil && domain.KindOf(err) != domain.KindConflict {
		return RankingView{}, err
	}
	cIdx := map[domain.ID]int{}
	for i, c := range active {
		cIdx[c.ID] = i
	}
	for _, v := range mv {
		c, okc := cIdx[v.CriterionID]
		mi, okm := mIdx[v.MunicipalityID]
		si, oks := sIdx[v.ServiceID]
		if okc && okm && oks && len(v.Values) > 0 {
			values[c][mi][si] = median(v.Values)
		}
	}
	// Computed: from the other modules.
	var gain, obstacles map[domain.ID]float64
	var facts []catalogue.MunicipalService
	for c, crit := range active {
		if crit.Kind != KindComputed {
			continue
		}
		switch crit.Source {
		case SourceGainPotential:
			if gain == nil {
				if gain, err = m.figures.GainPotential(ctx, p); err != nil {
					return RankingView{}, err
				}
			}
			fillAll(values[c], view.Services, gain)
		case SourceLegalObstacles:
			if obstacles == nil {
				if obstacles, err = m.figures.OpenObstacles(ctx, p); err != nil {
					return RankingView{}, err
				}
				for _, s := range view.Services {
					if _, ok := obstacles[s.ID]; !ok {
						obstacles[s.ID] = 0 // none recorded is none open
					}
				}
			}
			fillAll(values[c], view.Services, obstacles)
		case SourceVolume, SourceMaturityGap:
			if facts == nil {
				if facts, err = m.figures.Facts(ctx, p); err != nil {
					return RankingView{}, err
				}
			}
			for _, f := range facts {
				mi, okm := mIdx[f.MunicipalityID]
				si, oks := sIdx[f.ServiceID]
				if !okm || !oks {
					continue
				}
				if crit.Source == SourceVolume && f.AnnualCases != nil {
					values[c][mi][si] = float64(*f.AnnualCases)
				}
				if crit.Source == SourceMaturityGap && f.Maturity != nil {
					values[c][mi][si] = float64(5 - *f.Maturity)
				}
			}
		}
	}
	in.Values = values
	// Weights: each municipality's own, read as the weights page reads
	// them, and the group weights by the one rule (ComputeGroupWeights).
	els, err := m.AllWeights(ctx, p)
	if err != nil {
		return RankingView{}, err
	}
	keys := make([]string, len(active))
	for i, c := range active {
		keys[i] = c.Key
	}
	own := map[domain.ID]Elicitation{}
	for _, e := range els {
		own[e.MunicipalityID] = e
	}
	pop := make([]float64, len(view.Municipalities))
	for i, mu := range view.Municipalities {
		pop[i] = 1
		if byPopulation && mu.Population != nil && *mu.Population > 0 {
			pop[i] = float64(*mu.Population)
		}
	}
	in.Weights = make([][]float64, len(view.Municipalities))
	view.WeightSource = make([]string, len(view.Municipalities))
	for i, mu := range view.Municipalities {
		view.WeightSource[i] = "group"
		if e, ok := own[mu.ID]; ok {
			if w, ok := e.WeightsFor(keys); ok {
				in.Weights[i], view.WeightSource[i] = w.Weights, string(e.Method)
			}
		}
	}
	view.Group, err = m.groupWeights(ctx, p, active, els, byPopulation)
	if err != nil {
		return RankingView{}, err
	}
	in.GroupWeights = view.Group.Weights
	if byPopulation {
		in.BallotWeights = pop
	}
	r, err := Rank(in)
	if err != nil {
		return RankingView{}, err
	}
	view.Rankings = r
	view.MunicipalWeights = make([][]float64, len(in.Weights))
	for i, w := range in.Weights {
		if w == nil {
			w = in.GroupWeights
		}
		view.MunicipalWeights[i] = w
	}
	return view, nil
}

func fillAll(rows [][]float64, services []catalogue.Service, v map[domain.ID]float64) {
	for si, s := range services {
		if x, ok := v[s.ID]; ok {
			for mi := range rows {
				rows[mi][si] = x
			}
		}
	}
}

// Name returns the criterion's name in a language.
func (c Criterion) NameIn(lang string) string {
	if strings.HasPrefix(lang, "en") && c.NameEN != "" {
		return c.NameEN
	}
	return c.Name
}

// GroupWeights computes the collaboration's group weights over the active
// criteria from the weights of every municipality taking part in the
// prioritisation (ComputeGroupWeights), optionally weighted by population.
// The rankings use exactly these, so the weights page and the rankings
// cannot disagree.
// Errors: unauthorized, forbidden.
func (m *Manager) GroupWeights(ctx context.Context, p domain.Principal, byPopulation bool) (GroupWeights, error) {
	if err := p.RequireInternal(); err != nil {
		return GroupWeights{}, err
	}
	crits, err := m.Criteria(ctx, p)
	if err != nil {
		return GroupWeights{}, err
	}
	els, err := m.AllWeights(ctx, p)
	if err != nil {
		return GroupWeights{}, err
	}
	return m.groupWeights(ctx, p, activeCriteria(crits), els, byPopulation)
}

// groupWeights gathers the members (the active municipalities with their
// weights among els) and computes the group weights over active.
func (m *Manager) groupWeights(ctx context.Context, p domain.Principal, active []Criterion, els []Elicitation, byPopulation bool) (GroupWeights, error) {
	munis, err := m.activeMunicipalities(ctx, p.CollaborationID)
	if err != nil {
		return GroupWeights{}, err
	}
	catalogue.SortMunicipalities(munis)
	members := make([]GroupMember, len(munis))
	for i, mu := range munis {
		members[i].Municipality = mu
		if k := slices.IndexFunc(els, func(e Elicitation) bool { return e.MunicipalityID == mu.ID }); k >= 0 {
			members[i].Elicitation = &els[k]
		}
	}
	return ComputeGroupWeights(active, members, byPopulation), nil
}

// activeCriteria returns the active criteria, in their order.
func activeCriteria(all []Criterion) []Criterion {
	var out []Criterion
	for _, c := range all {
		if c.Active {
			out = append(out, c)
		}
	}
	return out
}
