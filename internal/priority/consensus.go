package priority

import (
	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/priority/method"
)

// CriterionConsensus is a round's consensus on one service and criterion.
type CriterionConsensus struct {
	CriterionID domain.ID
	// Missing is that the round has no summary here: nobody scored the
	// service on the criterion (or its scores cannot be summarised).
	// Summary and the shifts are then zero and say nothing; pages show the
	// cell as missing.
	Missing bool
	Summary method.Consensus
	// Since the previous round: the change of the median and of the
	// interquartile range (HasPrevious false in the first round).
	HasPrevious bool
	MedianShift float64
	IQRShift    float64
}

// ServiceConsensus is a round's consensus on one service.
type ServiceConsensus struct {
	ServiceID domain.ID
	// Criteria has one entry for every criterion of the service's results,
	// in their order, missing ones included.
	Criteria []CriterionConsensus
	// Consensus holds when every criterion has consensus (none missing).
	Consensus bool
}

// For returns the consensus on one criterion, or a missing one when the
// service has none for it: a page never has to trust that two lists line
// up.
func (s ServiceConsensus) For(criterion domain.ID) CriterionConsensus {
	for _, c := range s.Criteria {
		if c.CriterionID == criterion {
			return c
		}
	}
	return CriterionConsensus{CriterionID: criterion, Missing: true}
}

// Unscored is true when the service has no summary on any criterion:
// nobody scored it in the round.
func (s ServiceConsensus) Unscored() bool {
	for _, c := range s.Criteria {
		if !c.Missing {
			return false
		}
	}
	return true
}

// RoundConsensus summarises a round: each service's consensus and the
// shares the consensus chart shows round by round.
type RoundConsensus struct {
	Round    int
	Services []ServiceConsensus
	// Share of services (× criteria) with consensus, and of those whose
	// median stayed where it was since the previous round (stability).
	ConsensusShare float64
	StableShare    float64
	MeanIQR        float64
	HasPrevious    bool
}

// Consensus summarises a round's results by the rule (median, quartiles,
// IQR, share within one point), and compares each service's median and
// spread with the previous round's results when given. Stability is
// reported apart from consensus: a group may agree and still be moving.
// Every service and criterion of cur gets an entry; one nobody scored is
// Missing, has no consensus and does not count in the shares.
func Consensus(cur Results, prev *Results, criteria []Criterion, rule method.ConsensusRule) RoundConsensus {
	scale := map[domain.ID]method.Scale{}
	for _, c := range criteria {
		scale[c.ID] = method.Scale{Min: c.Scale.Min, Max: c.Scale.Max}
	}
	before := map[[2]domain.ID]method.Consensus{}
	if prev != nil {
		for _, s := range prev.Services {
			for _, c := range s.Criteria {
				if sum, err := method.Summary(c.Values, scale[c.CriterionID], rule); err == nil {
					before[[2]domain.ID{s.ServiceID, c.CriterionID}] = sum
				}
			}
		}
	}
	out := RoundConsensus{Round: cur.Round.Number, HasPrevious: prev != nil}
	var cells, agreeing, stable, compared int
	var iqr float64
	for _, s := range cur.Services {
		sc := ServiceConsensus{ServiceID: s.ServiceID, Consensus: len(s.Criteria) > 0}
		for _, c := range s.Criteria {
			sum, err := method.Summary(c.Values, scale[c.CriterionID], rule)
			if err != nil {
				sc.Consensus = false
				sc.Criteria = append(sc.Criteria, CriterionConsensus{CriterionID: c.CriterionID, Missing: true})
				continue
			}
			cc := CriterionConsensus{CriterionID: c.CriterionID, Summary: sum}
			if b, ok := before[[2]domain.ID{s.ServiceID, c.CriterionID}]; ok {
				cc.HasPrevious, cc.MedianShift, cc.IQRShift = true, sum.Median-b.Median, sum.IQR-b.IQR
				compared++
				if cc.MedianShift == 0 {
					stable++
				}
			}
			cells++
			iqr += sum.IQR
			if sum.Consensus {
				agreeing++
			} else {
				sc.Consensus = false
			}
			sc.Criteria = append(sc.Criteria, cc)
		}
		out.Services = append(out.Services, sc)
	}
	if cells > 0 {
		out.ConsensusShare, out.MeanIQR = float64(agreeing)/float64(cells), iqr/float64(cells)
	}
	if compared > 0 {
		out.StableShare = float64(stable) / float64(compared)
	}
	return out
}
