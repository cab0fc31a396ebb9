package roadmap

import "github.com/tjenestevalg/tjenestevalg/internal/domain"

// SizeLimits bound the instances the optimiser takes. Its running time
// grows with the number of services, years and their product (the binary
// variables x_i_t), and with the dependencies; an instance beyond them is
// refused before any work, so that no file or edit can keep a core busy
// (issue 12). A zero field means the default's value.
type SizeLimits struct {
	Services     int `json:"services"`
	Years        int `json:"years"`
	Cells        int `json:"cells"`        // services × years
	Dependencies int `json:"dependencies"` // requires entries over all services
}

// DefaultSizeLimits are far above the largest benchmark instance (1 000
// services × 8 years) and a national collaboration (357 municipalities
// share one list of services, a few thousand at most, planned over a
// decade or two), and small enough that every phase of the optimiser
// answers its time limit within a fraction of a second. docs/roadmap.md
// lists them.
var DefaultSizeLimits = SizeLimits{Services: 10000, Years: 30, Cells: 100000, Dependencies: 50000}

// orDefault fills zero fields from DefaultSizeLimits.
func (l SizeLimits) orDefault() SizeLimits {
	d := DefaultSizeLimits
	if l.Services > 0 {
		d.Services = l.Services
	}
	if l.Years > 0 {
		d.Years = l.Years
	}
	if l.Cells > 0 {
		d.Cells = l.Cells
	}
	if l.Dependencies > 0 {
		d.Dependencies = l.Dependencies
	}
	return d
}

// check reports the sizes over the limits, at the paths given: the
// services' list, the years' list. It costs O(1): the caller counts the
// dependencies. Codes: roadmap.too_many_services (count, limit),
// roadmap.too_many_years (limit), roadmap.too_many_cells (services,
// years, product, limit), roadmap.too_many_dependencies (count, limit).
func (l SizeLimits) check(servicesPath, yearsPath string, services, years, deps int) []domain.FieldError {
	l = l.orDefault()
	var errs []domain.FieldError
	if services > l.Services {
		errs = append(errs, domain.Field(servicesPath, "roadmap.too_many_services", services, l.Services))
	}
	if years > l.Years {
		errs = append(errs, domain.Field(yearsPath, "roadmap.too_many_years", l.Years))
	}
	// Only when both are within their own limits: the product then says
	// something the two messages above do not.
	if len(errs) == 0 && services*years > l.Cells {
		errs = append(errs, domain.Field(servicesPath, "roadmap.too_many_cells", services, years, services*years, l.Cells))
	}
	if deps > l.Dependencies {
		errs = append(errs, domain.Field(servicesPath, "roadmap.too_many_dependencies", deps, l.Dependencies))
	}
	return errs
}

// dependencies counts the requires entries of inst.
func (inst Instance) dependencies() int {
	n := 0
	for _, s := range inst.Services {
		n += len(s.Requires)
	}
	return n
}
