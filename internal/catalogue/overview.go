package catalogue

import (
	"context"
	"slices"

	"github.com/tjenestevalg/tjenestevalg/internal/domain"
)

// Progress is how far one municipality has come in recording its facts.
type Progress struct {
	Municipality Municipality
	Services     int // services in the catalogue
	Recorded     int // services with a facts record
	Complete     int // records with cases, employee minutes and maturity
}

// Percent is the share of services with complete facts.
func (p Progress) Percent() int {
	if p.Services == 0 {
		return 0
	}
	return p.Complete * 100 / p.Services
}

// Assignment is a service whose facts a user is responsible for in one municipality.
type Assignment struct {
	Service      Service
	Municipality Municipality
	Complete     bool
}

// Overview is the dashboard: progress per municipality and the caller's own assignments.
type Overview struct {
	Progress []Progress
	Mine     []Assignment
}

// Complete reports whether the facts the benefit analysis needs are there.
// The SQL store counts the same rule (sqlstore's completeSQL); the contract
// suite checks the two agree.
func (ms MunicipalService) Complete() bool {
	return ms.Offered == OfferedNo || (ms.AnnualCases != nil && ms.EmployeeMinutes != nil && ms.Maturity != nil)
}

// FactCount is how many services a municipality has recorded facts for,
// and how many of those records are complete.
type FactCount struct {
	Recorded int
	Complete int
}

// Overview returns progress per current municipality and p's assignments.
// Errors: unauthorized, forbidden.
func (m *Manager) Overview(ctx context.Context, p domain.Principal) (Overview, error) {
	if err := requireInternal(p); err != nil {
		return Overview{}, err
	}
	services, err := m.store.Services(ctx, p.CollaborationID)
	if err != nil {
		return Overview{}, err
	}
	munis, err := m.store.Municipalities(ctx, p.CollaborationID)
	if err != nil {
		return Overview{}, err
	}
	SortMunicipalities(munis)
	counts, err := m.store.FactCounts(ctx, p.CollaborationID)
	if err != nil {
		return Overview{}, err
	}
	var ov Overview
	current := Current(munis)
	byID := map[domain.ID]Municipality{}
	for _, mu := range munis {
		byID[mu.ID] = mu
		if slices.Contains(current, mu.ID) {
			c := counts[mu.ID]
			ov.Progress = append(ov.Progress, Progress{Municipality: mu, Services: len(services), Recorded: c.Recorded, Complete: c.Complete})
		}
	}
	if p.UserID == 0 {
		return ov, nil
	}
	mine, err := m.store.Responsibilities(ctx, p.CollaborationID, p.UserID)
	if err != nil {
		return Overview{}, err
	}
	byService := make(map[domain.ID]Service, len(services))
	for _, s := range services {
		byService[s.ID] = s
	}
	for _, f := range mine {
		ov.Mine = append(ov.Mine, Assignment{Service: byService[f.ServiceID], Municipality: byID[f.MunicipalityID], Complete: f.Complete()})
	}
	return ov, nil
}

// Current returns the municipalities the collaboration works with: those
// with facts, and those without that neither merged away nor are the
// successor of members (who still represent them).
func Current(munis []Municipality) []domain.ID {
	successor := map[domain.ID]bool{}
	for _, mu := range munis {
		successor[mu.SuccessorID] = true
	}
	var out []domain.ID
	for _, mu := range munis {
		if mu.HasFacts || mu.ValidTo == nil && !successor[mu.ID] {
			out = append(out, mu.ID)
		}
	}
	return out
}
