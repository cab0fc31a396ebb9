package roadmap

import (
	"fmt"
	"math"
	"math/rand/v2"
)

// GenerateOptions vary the shape of a generated instance. The zero value
// is the benchmark's default shape.
type GenerateOptions struct {
	// Dependencies is the share of services (after the first) that
	// require an earlier one; 0 means the default 0.15, a negative value
	// none.
	Dependencies float64
	// Budget and Capacity scale the yearly budgets and capacities; 0
	// means 1, which allows roughly a third of the services in all.
	// Below 1 is tighter, above 1 looser.
	Budget, Capacity float64
}

// DefaultDependencies is the share of services with a dependency when
// GenerateOptions.Dependencies is 0.
const DefaultDependencies = 0.15

// Generate builds a random instance of the benchmark's shape: about 15 %
// of the services require an earlier one (so no cycles), and the yearly
// budgets and capacities together allow roughly a third of the services.
// The same seed gives the same instance.
func Generate(services, years int, seed uint64) Instance {
	return GenerateWith(services, years, seed, GenerateOptions{})
}

// GenerateWith is Generate with another density of dependencies or
// tightness of budgets and capacities. With the zero options it gives
// exactly Generate's instance for the same seed.
func GenerateWith(services, years int, seed uint64, o GenerateOptions) Instance {
	dep := o.Dependencies
	switch {
	case dep == 0:
		dep = DefaultDependencies
	case dep < 0:
		dep = 0
	}
	budget, capacity := o.Budget, o.Capacity
	if budget <= 0 {
		budget = 1
	}
	if capacity <= 0 {
		capacity = 1
	}
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	inst := Instance{DiscountRate: 0.04, Horizon: years + 5}
	width := len(fmt.Sprint(services))
	var totC, totH float64
	for i := range services {
		cost := math.Round(100+rng.Float64()*1900) * 1000
		hours := math.Round(200 + rng.Float64()*3800)
		s := Service{
			ID:            fmt.Sprintf("s%0*d", width, i+1),
			Cost:          cost,
			Hours:         hours,
			AnnualBenefit: math.Round(cost*(0.05+rng.Float64()*0.3)/1000) * 1000,
		}
		if i > 0 && rng.Float64() < dep {
			s.Requires = []string{inst.Services[rng.IntN(i)].ID}
		}
		inst.Services = append(inst.Services, s)
		totC += cost
		totH += hours
	}
	// The factors multiply last so that 1 leaves today's figures exact.
	for range years {
		f := 0.8 + 0.4*rng.Float64()
		inst.Years = append(inst.Years, Year{
			Budget:   math.Round(totC/3/float64(years)*f*budget/1000) * 1000,
			Capacity: math.Round(totH / 3 / float64(years) * (0.8 + 0.4*rng.Float64()) * capacity),
		})
	}
	return inst
}
