package priority

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"regexp"
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
