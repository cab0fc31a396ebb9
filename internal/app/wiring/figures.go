package wiring

import (
	"context"

	"github.com/tjenestevalg/tjenestevalg/internal/benefit"
	"github.com/tjenestevalg/tjenestevalg/internal/catalogue"
	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/process"
)

// figures gives the prioritisation's computed criteria their values from
// the modules that own them; each manager decides who may read.
type figures struct {
	benefits  *benefit.Manager
	processes *process.Manager
	catalogue *catalogue.Manager
}

// GainPotential is each stored benefit case's net present value.
func (f figures) GainPotential(ctx context.Context, p domain.Principal) (map[domain.ID]float64, error) {
	entries, err := f.benefits.Portfolio(ctx, p)
	if err != nil {
		return nil, err
	}
	out := make(map[domain.ID]float64, len(entries))
	for _, e := range entries {
		if r, err := benefit.Evaluate(e.Record.Case); err == nil {
			out[e.Service.ID] = r.NPV
		}
	}
	return out, nil
}

// OpenObstacles counts each service's obstacles neither resolved nor accepted.
func (f figures) OpenObstacles(ctx context.Context, p domain.Principal) (map[domain.ID]float64, error) {
	sums, err := f.processes.Summaries(ctx, p)
	if err != nil {
		return nil, err
	}
	out := make(map[domain.ID]float64, len(sums))
	for _, s := range sums {
		out[s.ServiceID] = float64(s.OpenObstacles)
	}
	return out, nil
}

// Facts are every municipality's facts about every service.
func (f figures) Facts(ctx context.Context, p domain.Principal) ([]catalogue.MunicipalService, error) {
	return f.catalogue.AllFacts(ctx, p)
}
