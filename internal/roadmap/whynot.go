package roadmap

import (
	"fmt"
	"slices"

	"github.com/tjenestevalg/tjenestevalg/internal/domain"
)

// Reason says why a service is not in a plan or starts late. Code is a
// translation key (roadmap.why_*); Text is the English message. Params
// name planning years as ints, lists of them as []int, so that a page can
// show them as calendar years.
type Reason struct {
	Code   string `json:"code"`
	Params []any  `json:"params,omitempty"`
	Text   string `json:"text"`
}

// WhyNot explains why service id is not in the plan, or why it does not
// start earlier: exclusion, a value negative at every start, requirements
// missing or late, budget or capacity used up in the years before. It
// returns NotFound for an unknown id and Invalid for an invalid instance.
func WhyNot(inst Instance, plan []Start, id string) ([]Reason, error) {
	m, err := compile(inst)
	if err != nil {
		return nil, err
	}
	i, ok := m.idx[id]
	if !ok {
		return nil, domain.NotFound("roadmap.unknown_id", id)
	}
	s := m.newState()
	for _, st := range plan {
		if j, ok := m.idx[st.ID]; ok && st.Year >= 0 && st.Year < m.T {
			m.set(s, j, st.Year)
		}
	}
	var out []Reason
	add := func(code, text string, params ...any) {
		out = append(out, Reason{Code: code, Params: params, Text: text})
	}
	if m.excl[i] {
		add("roadmap.why_excluded", "excluded")
		return out, nil
	}
	if !m.must[i] && slices.Max(m.val[i]) <= 0 {
		add("roadmap.why_negative_value", "its value is negative at any start (cost exceeds discounted benefit)")
	}
	until := m.T
	if s.start[i] >= 0 {
		until = s.start[i]
		// Its own spend is not what keeps it out of the earlier years.
		s.spend[until] -= m.cost[i]
		s.hours[until] -= m.hours[i]
	}
	for _, j := range m.req[i] {
		rid := m.inst.Services[j].ID
		if s.start[j] < 0 {
			add("roadmap.why_requires_missing", fmt.Sprintf("requires %s which is not in the plan", rid), rid)
		} else if s.start[j] >= 1 {
			add("roadmap.why_requires_late", fmt.Sprintf("requires %s which starts in year %d", rid, s.start[j]), rid, s.start[j])
		}
	}
	if m.earliest[i] > 0 {
		add("roadmap.why_chain", fmt.Sprintf("its chain of requirements lets it start in year %d at the earliest", m.earliest[i]), m.earliest[i])
	}
	// Money and hours matter only in the years its requirements allow.
	from := m.lowest(s, i)
	if from < 0 {
		from = m.earliest[i]
	}
	var budget, capacity, free []int
	for t := from; t < until; t++ {
		b := !fits(s.spend[t], m.cost[i], m.budget[t])
		c := !fits(s.hours[t], m.hours[i], m.capacity[t])
		if b {
			budget = append(budget, t)
		}
		if c {
			capacity = append(capacity, t)
		}
		if !b && !c && m.lowest(s, i) >= 0 {
			free = append(free, t)
		}
	}
	if len(budget) > 0 {
		add("roadmap.why_budget", fmt.Sprintf("budget in %s used up", years(budget)), budget)
	}
	if len(capacity) > 0 {
		add("roadmap.why_capacity", fmt.Sprintf("capacity in %s used up", years(capacity)), capacity)
	}
	if len(free) > 0 {
		add("roadmap.why_choice", fmt.Sprintf("it would fit in %s; the plan uses the money and hours for services worth more", years(free)), free)
	}
	return out, nil
}

// years writes year lists as "year 1" or "years 0–2, 4".
func years(ts []int) string {
	var parts []string
	for a := 0; a < len(ts); {
		b := a
		for b+1 < len(ts) && ts[b+1] == ts[b]+1 {
			b++
		}
		if a == b {
			parts = append(parts, fmt.Sprint(ts[a]))
		} else {
			parts = append(parts, fmt.Sprintf("%d–%d", ts[a], ts[b]))
		}
		a = b + 1
	}
	w := "year "
	if len(ts) > 1 {
		w = "years "
	}
	return w + fmt.Sprint(joinComma(parts))
}

func joinComma(p []string) string {
	out := ""
	for k, s := range p {
		if k > 0 {
			out += ", "
		}
		out += s
	}
	return out
}
