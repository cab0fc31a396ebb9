package priority

import (
	"math"
	"slices"

	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/priority/method"
)

// RankingInput is everything a ranking is computed from, gathered from the
// modules: the active criteria in order, the services and municipalities,
// each criterion's value per municipality and service, and the weights.
type RankingInput struct {
	Criteria       []Criterion
	Services       []domain.ID
	Municipalities []domain.ID
	// Values[c][m][s] is criterion c's value for service s in
	// municipality m, NaN where nothing is known. A computed criterion
	// known only for the collaboration has the same value in every
	// municipality.
	Values [][][]float64
	// Weights[m] are municipality m's criterion weights; nil when it has
	// none (it then takes the group weights).
	Weights [][]float64
	// GroupWeights weigh the joint weighted sum.
	GroupWeights []float64
	// BallotWeights count each municipality's ranking in the voting
	// methods (nil: one each; e.g. population).
	BallotWeights []float64
	// TopK is the k of the sensitivity analysis (the top 10).
	TopK int
}

// The methods of the joint ranking, in the order the page shows them.
const (
	MethodWeightedSum = "weighted_sum"
	MethodBorda       = "borda"
	MethodCopeland    = "copeland"
	MethodSchulze     = "schulze"
	MethodKemeny      = "kemeny"
)

// JointMethods lists the joint ranking methods.
var JointMethods = []string{MethodWeightedSum, MethodBorda, MethodCopeland, MethodSchulze, MethodKemeny}

// JointRanking is one method's joint ranking.
type JointRanking struct {
	Method string    `json:"method"`
	Rank   []float64 `json:"rank"`   // per service, 1 = best
	Scores []float64 `json:"scores"` // per service, the method's score
	// Kemeny only: whether the order is proven optimal, and the gap to
	// the bound when it is not.
	Optimal bool    `json:"optimal,omitempty"`
	Gap     float64 `json:"gap,omitempty"`
}

// Rankings are the rankings of one moment: per municipality and joint by
// each method, with the agreement between municipalities, the most
// contested services and how far each weight may move before the top k
// changes.
type Rankings struct {
	Services       []domain.ID           `json:"services"`
	Municipalities []domain.ID           `json:"municipalities"`
	Normalised     [][]float64           `json:"-"`         // services × criteria, joint, 0–1, higher better
	Municipal      [][]float64           `json:"municipal"` // [m][s] rank
	MunicipalScore [][]float64           `json:"-"`
	Joint          []JointRanking        `json:"joint"`
	Concordance    method.Concordance    `json:"concordance"`
	Contested      []method.Contested    `json:"contested"`
	Sensitivity    []method.WeightMargin `json:"sensitivity"`
	GroupWeights   []float64             `json:"group_weights"`
}

// ByMethod returns the ranking by one method.
func (r Rankings) ByMethod(name string) (JointRanking, bool) {
	for _, j := range r.Joint {
		if j.Method == name {
			return j, true
		}
	}
	return JointRanking{}, false
}

// Rank computes the rankings. Each criterion's values are scaled to 0–1
// over all municipalities and services (the lowest 0, the highest 1;
// turned round when lower is better); a value not known scores the
// criterion's middle (0.5), so a service nobody has scored neither gains
// nor loses by it. A municipality's score of a service is the weighted sum
// with its own weights; the joint weighted sum uses the group weights on
// the median over the municipalities. The voting methods take each
// municipality's ranking as a ballot. Errors: invalid (shapes, weights).
func Rank(in RankingInput) (Rankings, error) {
	nc, nm, ns := len(in.Criteria), len(in.Municipalities), len(in.Services)
	if nc == 0 || ns == 0 || nm == 0 || len(in.Values) != nc || len(in.GroupWeights) != nc {
		return Rankings{}, domain.Invalid("priority.ranking_input")
	}
	norm := normalise(in)
	out := Rankings{Services: in.Services, Municipalities: in.Municipalities, GroupWeights: in.GroupWeights,
		Municipal: make([][]float64, nm), MunicipalScore: make([][]float64, nm)}
	ballots := make([]method.Ballot, nm)
	for m := range nm {
		w := in.GroupWeights
		if m < len(in.Weights) && in.Weights[m] != nil {
			w = in.Weights[m]
		}
		rows := make([][]float64, ns)
		for s := range ns {
			rows[s] = make([]float64, nc)
			for c := range nc {
				rows[s][c] = norm[c][m][s]
			}
		}
		if err := method.ValidateScores(rows, w); err != nil {
			return Rankings{}, err
		}
		score := method.WeightedSum(rows, w)
		out.MunicipalScore[m] = score
		out.Municipal[m] = method.RankOf(score)
		count := 1.0
		if m < len(in.BallotWeights) && in.BallotWeights[m] > 0 {
			count = in.BallotWeights[m]
		}
		ballots[m] = method.Ballot{Count: count, Order: method.OrderOf(score)}
	}

	joint := make([][]float64, ns)
	for s := range ns {
		joint[s] = make([]float64, nc)
		for c := range nc {
			col := make([]float64, nm)
			for m := range nm {
				col[m] = norm[c][m][s]
			}
			joint[s][c] = median(col)
		}
	}
	out.Normalised = joint
	if err := method.ValidateScores(joint, in.GroupWeights); err != nil {
		return Rankings{}, err
	}
	ws := method.WeightedSum(joint, in.GroupWeights)
	out.Joint = append(out.Joint, JointRanking{Method: MethodWeightedSum, Rank: method.RankOf(ws), Scores: ws})
	if b, err := method.Borda(ballots, ns); err == nil {
		out.Joint = append(out.Joint, JointRanking{Method: MethodBorda, Rank: b.Rank, Scores: b.Scores})
	} else {
		return Rankings{}, err
	}
	if c, err := method.Copeland(ballots, ns); err == nil {
		out.Joint = append(out.Joint, JointRanking{Method: MethodCopeland, Rank: c.Rank, Scores: c.Scores})
	} else {
		return Rankings{}, err
	}
	if sc, err := method.Schulze(ballots, ns); err == nil {
		out.Joint = append(out.Joint, JointRanking{Method: MethodSchulze, Rank: sc.Rank, Scores: sc.Scores})
	} else {
		return Rankings{}, err
	}
	if k, err := method.Kemeny(ballots, ns, 0); err == nil {
		out.Joint = append(out.Joint, JointRanking{Method: MethodKemeny, Rank: k.Rank, Scores: k.Scores, Optimal: k.Optimal, Gap: k.Gap})
	} else {
		return Rankings{}, err
	}
	if nm > 1 {
		if _, conc, err := method.KendallW(out.Municipal); err == nil {
			out.Concordance = conc
		}
		if c, err := method.MostContested(out.Municipal, 0); err == nil {
			out.Contested = c
		}
	}
	k := in.TopK
	if k <= 0 {
		k = 10
	}
	out.Sensitivity = method.TopKStability(joint, in.GroupWeights, k)
	return out, nil
}

// normalise scales each criterion to 0–1 (higher better) over all its
// known values; unknown values and a criterion without spread score 0.5.
func normalise(in RankingInput) [][][]float64 {
	out := make([][][]float64, len(in.Criteria))
	for c, crit := range in.Criteria {
		lo, hi := math.Inf(1), math.Inf(-1)
		for _, row := range in.Values[c] {
			for _, v := range row {
				if !math.IsNaN(v) {
					lo, hi = min(lo, v), max(hi, v)
				}
			}
		}
		out[c] = make([][]float64, len(in.Municipalities))
		for m := range in.Municipalities {
			out[c][m] = make([]float64, len(in.Services))
			for s := range in.Services {
				v := math.NaN()
				if m < len(in.Values[c]) && s < len(in.Values[c][m]) {
					v = in.Values[c][m][s]
				}
				x := 0.5
				if !math.IsNaN(v) && hi > lo {
					x = (v - lo) / (hi - lo)
					if crit.Direction == LowerBetter {
						x = 1 - x
					}
				}
				out[c][m][s] = x
			}
		}
	}
	return out
}

func median(xs []float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	n := len(s)
	if n == 0 {
		return 0.5
	}
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}
