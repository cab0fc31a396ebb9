package benefit

// ForMunicipality narrows a case to one municipality's part: its own
// inputs, and every cost scaled by its share of the case's yearly cases —
// the rule a portfolio filtered by municipality uses to apportion shared
// costs. ok is false when the case has no such municipality (or no cases
// at all).
func ForMunicipality(c Case, number string) (out Case, share float64, ok bool) {
	var total, own float64
	var keep []MunicipalityInput
	for _, m := range c.Municipalities {
		total += m.Cases.Likely
		if m.Municipality == number {
			own += m.Cases.Likely
			keep = append(keep, m)
		}
	}
	if len(keep) == 0 || total <= 0 {
		return Case{}, 0, false
	}
	share = own / total
	out = c
	out.Municipalities = keep
	out.Costs = make([]Cost, len(c.Costs))
	for i, k := range c.Costs {
		k.Amount = scale(k.Amount, share)
		k.Hours = scale(k.Hours, share)
		out.Costs[i] = k
	}
	out.Gains = make([]Gain, len(c.Gains))
	for i, g := range c.Gains {
		g.Annual = scale(g.Annual, share)
		out.Gains[i] = g
	}
	return out, share, true
}

func scale(r Range, k float64) Range { return Range{r.Low * k, r.Likely * k, r.High * k} }

// Volume is the case's yearly cases at their likely values.
func (c Case) Volume() float64 {
	var v float64
	for _, m := range c.Municipalities {
		v += m.Cases.Likely
	}
	return v
}
