package priority

import (
	"context"

	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/priority/method"
)

// ConsensusHistory returns the consensus of every round that is over, in
// round order, each round compared with the one before it (stability), by
// the rule. The rounds page draws it round by round.
// Errors: unauthorized, forbidden.
func (m *Manager) ConsensusHistory(ctx context.Context, p domain.Principal, rule method.ConsensusRule) ([]RoundConsensus, error) {
	rounds, err := m.Rounds(ctx, p)
	if err != nil {
		return nil, err
	}
	crits, err := m.Criteria(ctx, p)
	if err != nil {
		return nil, err
	}
	var out []RoundConsensus
	var prev *Results
	for _, r := range rounds {
		if !r.Over {
			continue
		}
		res, err := m.Results(ctx, p, r.ID)
		if err != nil {
			return nil, err
		}
		out = append(out, Consensus(res, prev, crits, rule))
		prev = &res
	}
	return out, nil
}

// RoundConsensus returns the consensus of one round that is over, by the
// rule, compared with the round before it when that one is over too.
// Errors: unauthorized, forbidden, not found (round), conflict
// ("priority.round_not_over").
func (m *Manager) RoundConsensus(ctx context.Context, p domain.Principal, round domain.ID, rule method.ConsensusRule) (RoundConsensus, error) {
	res, err := m.Results(ctx, p, round)
	if err != nil {
		return RoundConsensus{}, err
	}
	crits, err := m.Criteria(ctx, p)
	if err != nil {
		return RoundConsensus{}, err
	}
	rounds, err := m.Rounds(ctx, p)
	if err != nil {
		return RoundConsensus{}, err
	}
	number := 0
	for _, r := range rounds {
		if r.ID == round {
			number = r.Number
		}
	}
	var prev *Results
	for _, r := range rounds {
		if number > 1 && r.Number == number-1 && r.Over {
			pr, err := m.Results(ctx, p, r.ID)
			if err != nil {
				return RoundConsensus{}, err
			}
			prev = &pr
		}
	}
	return Consensus(res, prev, crits, rule), nil
}
