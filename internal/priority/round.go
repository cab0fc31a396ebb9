package priority

import (
	"cmp"
	"encoding/binary"
	"hash/fnv"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/tjenestevalg/tjenestevalg/internal/domain"
)

// Participant is a user taking part in a round for one municipality.
type Participant struct {
	UserID         domain.ID `json:"user_id"`
	MunicipalityID domain.ID `json:"municipality_id"`
}

// Round is a Delphi scoring round: the services and the judgemental
// criteria scored, who scores (each for one municipality) and until when.
// Numbers run 1, 2, … per collaboration; at most one round is open
// (ClosedAt nil) at a time. A round accepts scores while it is open and
// before its deadline; it is over when closed or when the deadline has
// come, and only then are its results shown.
type Round struct {
	ID              domain.ID     `json:"id"`
	CollaborationID domain.ID     `json:"-"`
	Number          int           `json:"number"`
	Services        []domain.ID   `json:"services"`
	Participants    []Participant `json:"participants,omitempty"`
	Criteria        []domain.ID   `json:"criteria"` // judgemental criteria, in order
	Deadline        time.Time     `json:"deadline"`
	OpenedAt        time.Time     `json:"opened_at"`
	OpenedBy        string        `json:"opened_by"`
	ClosedAt        *time.Time    `json:"closed_at,omitempty"`
	ClosedBy        string        `json:"closed_by,omitempty"`
	Version         int           `json:"version"`
}

// AcceptsScores reports whether the round takes scores at now: not closed
// and before its deadline (a score at the deadline instant is too late).
func (r Round) AcceptsScores(now time.Time) bool { return r.ClosedAt == nil && now.Before(r.Deadline) }

// Over reports whether the round is closed or its deadline has come.
func (r Round) Over(now time.Time) bool { return !r.AcceptsScores(now) }

// Score is one participant's score of one service on one criterion in a
// round. The store keeps who scored so that each may score once; the
// manager never shows it to anyone else.
type Score struct {
	ID              domain.ID `json:"-"`
	CollaborationID domain.ID `json:"-"`
	RoundID         domain.ID `json:"round_id"`
	ServiceID       domain.ID `json:"service_id"`
	CriterionID     domain.ID `json:"criterion_id"`
	UserID          domain.ID `json:"-"`
	MunicipalityID  domain.ID `json:"-"`
	Value           float64   `json:"value"`
	Rationale       string    `json:"rationale,omitempty"`
	SubmittedAt     time.Time `json:"submitted_at"`
}

// Submission is a participant's scores of one service in a round: every
// criterion of the round once, submitted together. MunicipalityID is the
// municipality the participant says they score for; 0 means their own.
type Submission struct {
	RoundID        domain.ID        `json:"round_id"`
	ServiceID      domain.ID        `json:"service_id"`
	MunicipalityID domain.ID        `json:"municipality_id,omitempty"`
	Scores         []CriterionScore `json:"scores"`
}

// CriterionScore is the score of one criterion in a submission.
type CriterionScore struct {
	CriterionID domain.ID `json:"criterion_id"`
	Value       float64   `json:"value"`
	Rationale   string    `json:"rationale,omitempty"`
}

// Check validates the scores of a submission against the round's criteria
// (in the round's order) and returns them trimmed and in that order, or
// the field errors: "scores" for a criterion not in the round, and
// "scores.<key>" for a criterion missing, given twice, or scored outside
// its scale (priority.score_scale with the scale's min and max), and
// "scores.<key>.rationale" for a rationale that is too long.
func (s Submission) Check(criteria []Criterion) ([]CriterionScore, []domain.FieldError) {
	var errs []domain.FieldError
	given := map[domain.ID][]CriterionScore{}
	known := map[domain.ID]bool{}
	for _, c := range criteria {
		known[c.ID] = true
	}
	for _, cs := range s.Scores {
		if !known[cs.CriterionID] {
			errs = append(errs, domain.Field("scores", "priority.unknown_criterion", cs.CriterionID))
			continue
		}
		given[cs.CriterionID] = append(given[cs.CriterionID], cs)
	}
	out := make([]CriterionScore, 0, len(criteria))
	for _, c := range criteria {
		f := "scores." + c.Key
		list := given[c.ID]
		switch {
		case len(list) == 0:
			errs = append(errs, domain.Field(f, "priority.score_missing"))
			continue
		case len(list) > 1:
			errs = append(errs, domain.Field(f, "priority.score_twice"))
			continue
		}
		cs := list[0]
		cs.Rationale = strings.TrimSpace(cs.Rationale)
		switch {
		case math.IsNaN(cs.Value) || math.IsInf(cs.Value, 0):
			errs = append(errs, domain.Field(f, "field.not_a_number"))
		case !c.Scale.Contains(cs.Value):
			errs = append(errs, domain.Field(f, "priority.score_scale", c.Scale.Min, c.Scale.Max))
		}
		errs = domain.MaxLen(errs, f+".rationale", cs.Rationale, maxRationale)
		out = append(out, cs)
	}
	if len(errs) > 0 {
		return nil, errs
	}
	return out, nil
}

// RoundView is a round as pages show it. Participants (who takes part) is
// filled for the programme lead only; everyone sees the counts.
type RoundView struct {
	Round
	ParticipantCount int               `json:"participant_count"`
	ByMunicipality   map[domain.ID]int `json:"by_municipality"` // participants per municipality
	AcceptsScores    bool              `json:"accepts_scores"`
	Over             bool              `json:"over"`
	IsParticipant    bool              `json:"is_participant"` // the viewer takes part
}

// Rationale is one anonymous rationale with the score it came with.
type Rationale struct {
	Value float64 `json:"value"`
	Text  string  `json:"text"`
}

// OwnScore is the viewer's own score.
type OwnScore struct {
	Value     float64 `json:"value"`
	Rationale string  `json:"rationale,omitempty"`
}

// CriterionResult is what a round's participants gave one service on one
// criterion, without who gave it: the values in ascending order, the
// rationales in an order that depends on neither the participants nor the
// time they scored, and, to the viewer alone, their own score in this
// round and in the round before.
type CriterionResult struct {
	CriterionID domain.ID   `json:"criterion_id"`
	Key         string      `json:"key"`
	Values      []float64   `json:"values"`
	Rationales  []Rationale `json:"rationales"`
	Own         *OwnScore   `json:"own,omitempty"`
	Previous    *OwnScore   `json:"previous,omitempty"`
}

// ServiceResult is a round's results for one service.
type ServiceResult struct {
	ServiceID     domain.ID         `json:"service_id"`
	ServiceSlug   string            `json:"service_slug"`
	ServiceNameNB string            `json:"service_name_nb"`
	ServiceNameEN string            `json:"service_name_en,omitempty"`
	Criteria      []CriterionResult `json:"criteria"`
}

// Results are a round's anonymous results, per service in the round's
// order. Round.Participants is always empty here.
type Results struct {
	Round    RoundView       `json:"round"`
	Services []ServiceResult `json:"services"`
}

// MunicipalValues are the values one municipality's participants gave one
// service on one criterion in a round, in ascending order: what rankings
// per municipality are computed from.
type MunicipalValues struct {
	MunicipalityID domain.ID `json:"municipality_id"`
	ServiceID      domain.ID `json:"service_id"`
	CriterionID    domain.ID `json:"criterion_id"`
	Values         []float64 `json:"values"`
}

// BallotService is one service of a participant's ballot: whether they
// have scored it in this round, their own scores in this round and in the
// round before, by criterion id.
type BallotService struct {
	ServiceID     domain.ID              `json:"service_id"`
	ServiceSlug   string                 `json:"service_slug"`
	ServiceNameNB string                 `json:"service_name_nb"`
	ServiceNameEN string                 `json:"service_name_en,omitempty"`
	Scored        bool                   `json:"scored"`
	Own           map[domain.ID]OwnScore `json:"own,omitempty"`
	Previous      map[domain.ID]OwnScore `json:"previous,omitempty"`
}

// Ballot is what a participant scores in a round, for their municipality.
type Ballot struct {
	Round          RoundView       `json:"round"`
	MunicipalityID domain.ID       `json:"municipality_id"`
	Criteria       []Criterion     `json:"criteria"`
	Services       []BallotService `json:"services"`
	Scored         int             `json:"scored"` // services scored so far
}

// MunicipalProgress is how far one municipality's participants have come
// in a round: Submitted of Expected service submissions (participants ×
// services).
type MunicipalProgress struct {
	MunicipalityID domain.ID `json:"municipality_id"`
	Participants   int       `json:"participants"`
	Expected       int       `json:"expected"`
	Submitted      int       `json:"submitted"`
}

// Submitted is a participant's submission of a service in a round,
// without the scores: what progress is counted from.
type Submitted struct {
	UserID         domain.ID
	MunicipalityID domain.ID
	ServiceID      domain.ID
}

// RoundInput is what the programme lead gives to open a round. With
// CopyPrevious, the lists left empty are taken from the latest round;
// otherwise empty Services and Participants are taken from the
// assignments (the services assigned, and the assignees for the
// municipality they are assigned in), and empty Criteria are the active
// judgemental criteria.
type RoundInput struct {
	Services     []domain.ID   `json:"services"`
	Participants []Participant `json:"participants"`
	Criteria     []domain.ID   `json:"criteria"`
	Deadline     time.Time     `json:"deadline"`
	CopyPrevious bool          `json:"copy_previous"`
}

// shuffleKey orders the scores of a result: a hash of the round and the
// score's id, so that the order is the same on every read and says
// nothing about who scored or when.
func shuffleKey(round, score domain.ID) uint64 {
	h := fnv.New64a()
	var b [16]byte
	binary.LittleEndian.PutUint64(b[:8], uint64(round))
	binary.LittleEndian.PutUint64(b[8:], uint64(score))
	_, _ = h.Write([]byte("tjenestevalg/priority/rationale"))
	_, _ = h.Write(b[:])
	return h.Sum64()
}

// anonymise turns the scores of one service and criterion into sorted
// values and shuffled rationales.
func anonymise(round domain.ID, scores []Score) ([]float64, []Rationale) {
	values := make([]float64, 0, len(scores))
	type keyed struct {
		key uint64
		r   Rationale
	}
	var rs []keyed
	for _, s := range scores {
		values = append(values, s.Value)
		if s.Rationale != "" {
			rs = append(rs, keyed{shuffleKey(round, s.ID), Rationale{Value: s.Value, Text: s.Rationale}})
		}
	}
	slices.Sort(values)
	slices.SortFunc(rs, func(a, b keyed) int {
		return cmp.Or(cmp.Compare(a.key, b.key), cmp.Compare(a.r.Text, b.r.Text), cmp.Compare(a.r.Value, b.r.Value))
	})
	out := make([]Rationale, len(rs))
	for i, k := range rs {
		out[i] = k.r
	}
	return values, out
}
