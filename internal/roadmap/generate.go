package roadmap

import (
	"fmt"
	"math"
	"math/rand/v2"
)

// Generate builds a random instance of the benchmark's shape: about 15 %
// of the services require an earlier one (so no cycles), and the yearly
// budgets and capacities together allow roughly a third of the services.
// The same seed gives the same instance.
func Generate(services, years int, seed uint64) Instance {
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
		if i > 0 && rng.Float64() < 0.15 {
			s.Requires = []string{inst.Services[rng.IntN(i)].ID}
		}
		inst.Services = append(inst.Services, s)
		totC += cost
		totH += hours
	}
	for range years {
		f := 0.8 + 0.4*rng.Float64()
		inst.Years = append(inst.Years, Year{
			Budget:   math.Round(totC/3/float64(years)*f/1000) * 1000,
			Capacity: math.Round(totH / 3 / float64(years) * (0.8 + 0.4*rng.Float64())),
		})
	}
	return inst
}
