package priority

import (
	"bytes"
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"time"

	"github.com/tjenestevalg/tjenestevalg/internal/domain"
)

// Decision is a frozen joint ranking (vedtak): the method that produced
// it, the weights and the ranking as the web layer computed them (opaque
// JSON, kept byte for byte in compact form), how many participants of
// each municipality scored in the round it rests on, who froze it and
// when. It is never changed or removed; Hash covers all of it, so that a
// changed row shows.
type Decision struct {
	ID              domain.ID         `json:"id"`
	CollaborationID domain.ID         `json:"-"`
	RoundID         domain.ID         `json:"round_id,omitempty"`
	Method          string            `json:"method"`
	Weights         json.RawMessage   `json:"weights"`
	Ranking         json.RawMessage   `json:"ranking"`
	Participants    map[domain.ID]int `json:"participants"` // scorers per municipality
	Note            string            `json:"note,omitempty"`
	CreatedAt       time.Time         `json:"created_at"`
	CreatedBy       string            `json:"created_by"`
	CreatedByID     domain.ID         `json:"created_by_id,omitempty"`
	Hash            string            `json:"hash"`
}

// DecisionInput is what the programme lead freezes: a ranking computed by
// Method (with the weights used) from the results of RoundID (0 for
// none), with an optional note.
type DecisionInput struct {
	RoundID domain.ID       `json:"round_id,omitempty"`
	Method  string          `json:"method"`
	Weights json.RawMessage `json:"weights"`
	Ranking json.RawMessage `json:"ranking"`
	Note    string          `json:"note,omitempty"`
}

// MaxSnapshot is the largest weights or ranking payload accepted, in bytes.
const MaxSnapshot = 4 << 20

var methodPattern = regexp.MustCompile(`^[a-z][a-z0-9_-]{0,39}$`)

// Check validates the input and returns the payloads in compact form, or
// the field errors: a method name of lower-case letters, digits, _ and -;
// weights as a JSON object or array; the ranking as a non-empty JSON
// array; payloads up to MaxSnapshot bytes; a note within its limit.
func (in DecisionInput) Check() (DecisionInput, []domain.FieldError) {
	var errs []domain.FieldError
	if !methodPattern.MatchString(in.Method) {
		errs = append(errs, domain.Field("method", "priority.method_format"))
	}
	compact := func(field string, raw json.RawMessage, wantArray bool) json.RawMessage {
		if len(raw) > MaxSnapshot {
			errs = append(errs, domain.Field(field, "field.too_large", MaxSnapshot))
			return nil
		}
		var buf bytes.Buffer
		if len(bytes.TrimSpace(raw)) == 0 || json.Compact(&buf, raw) != nil {
			errs = append(errs, domain.Field(field, "priority.json_required"))
			return nil
		}
		b := buf.Bytes()
		switch {
		case wantArray && (b[0] != '[' || bytes.Equal(b, []byte("[]"))):
			errs = append(errs, domain.Field(field, "priority.ranking_required"))
		case !wantArray && b[0] != '{' && b[0] != '[':
			errs = append(errs, domain.Field(field, "priority.json_required"))
		}
		return b
	}
	in.Weights = compact("weights", in.Weights, false)
	in.Ranking = compact("ranking", in.Ranking, true)
	errs = domain.MaxLen(errs, "note", in.Note, maxNote)
	if len(errs) > 0 {
		return DecisionInput{}, errs
	}
	return in, nil
}

// ComputeHash returns the SHA-256 (hex) of everything the decision holds
// but its id and hash, in a fixed layout.
func (d Decision) ComputeHash() string {
	type canon struct {
		Collaboration domain.ID       `json:"collaboration"`
		Round         domain.ID       `json:"round"`
		Method        string          `json:"method"`
		Weights       json.RawMessage `json:"weights"`
		Ranking       json.RawMessage `json:"ranking"`
		Participants  map[string]int  `json:"participants"`
		Note          string          `json:"note"`
		CreatedAt     string          `json:"created_at"`
		CreatedBy     string          `json:"created_by"`
		CreatedByID   domain.ID       `json:"created_by_id"`
	}
	parts := map[string]int{}
	for m, n := range d.Participants {
		parts[strconv.FormatInt(m, 10)] = n
	}
	b, err := json.Marshal(canon{Collaboration: d.CollaborationID, Round: d.RoundID, Method: d.Method,
		Weights: orNull(d.Weights), Ranking: orNull(d.Ranking), Participants: parts, Note: d.Note,
		CreatedAt: d.CreatedAt.UTC().Format(time.RFC3339Nano), CreatedBy: d.CreatedBy, CreatedByID: d.CreatedByID})
	if err != nil { // the payloads were compacted, so they are valid JSON
		return ""
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

func orNull(raw json.RawMessage) json.RawMessage {
	if len(raw) == 0 {
		return json.RawMessage("null")
	}
	return raw
}

// Approval is a municipality's leadership approving a decision; each
// municipality approves a decision once.
type Approval struct {
	DecisionID     domain.ID `json:"decision_id"`
	MunicipalityID domain.ID `json:"municipality_id"`
	UserID         domain.ID `json:"user_id,omitempty"`
	UserName       string    `json:"user_name"`
	At             time.Time `json:"at"`
}

// DecisionView is a decision with its approvals: Pending lists the active
// municipalities that have not approved yet, Approved says whether all
// have, Intact whether the stored hash still matches the content.
type DecisionView struct {
	Decision
	Approvals  []Approval  `json:"approvals"`
	Pending    []domain.ID `json:"pending"`
	Approved   bool        `json:"approved"`
	Intact     bool        `json:"intact"`
	CanApprove []domain.ID `json:"can_approve"` // municipalities the viewer may still approve for
}

// RankedService is one line of the ranking a decision freezes; a
// decision's Ranking payload is the list of them, best first.
type RankedService struct {
	ID    domain.ID `json:"id"`
	Slug  string    `json:"slug"`
	Name  string    `json:"name"`
	Rank  float64   `json:"rank"`
	Score float64   `json:"score"`
}

// Services decodes the decision's frozen ranking, best first.
func (d Decision) Services() ([]RankedService, error) {
	var out []RankedService
	if err := json.Unmarshal(d.Ranking, &out); err != nil {
		return nil, domain.Internal(err)
	}
	return out, nil
}

// Snapshot is what a decision freezes of view by one joint method: the
// services in its order with rank and score, and the group weights by
// criterion. An unknown method is an invalid "method" field.
func (v RankingView) Snapshot(method string) (DecisionInput, error) {
	j, ok := v.ByMethod(method)
	if !ok {
		return DecisionInput{}, domain.Invalid("error.invalid_fields", domain.Field("method", "field.one_of", fmt.Sprint(JointMethods)))
	}
	ranked := make([]RankedService, 0, len(v.Services))
	for si, svc := range v.Services {
		ranked = append(ranked, RankedService{ID: svc.ID, Slug: svc.Slug, Name: svc.NameNB, Rank: j.Rank[si], Score: j.Scores[si]})
	}
	slices.SortStableFunc(ranked, func(a, b RankedService) int { return cmp.Compare(a.Rank, b.Rank) })
	weights := map[string]float64{}
	for i, c := range v.Criteria {
		weights[c.Key] = v.GroupWeights[i]
	}
	rb, err := json.Marshal(ranked)
	if err != nil {
		return DecisionInput{}, domain.Internal(err)
	}
	wb, err := json.Marshal(weights)
	if err != nil {
		return DecisionInput{}, domain.Internal(err)
	}
	return DecisionInput{RoundID: v.Round.ID, Method: method, Weights: wb, Ranking: rb}, nil
}
