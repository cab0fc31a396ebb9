package priority

import (
	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/priority/method"
)

// CriterionConsensus is a round's consensus on one service and criterion.
type CriterionConsensus struct {
	CriterionID domain.ID
	Summary     method.Consensus
	// Since the previous round: the change of the median and of the
	// interquartile range (HasPrevious false in the first round).
	HasPrevious bool
	MedianShift float64
	IQRShift    float64
}

// ServiceConsensus is a round's consensus on one service.
type ServiceConsensus struct {
	ServiceID domain.ID
	Criteria  []CriterionConsensus
	// Consensus holds when every criterion has consensus.
	Consensus bool
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
