package priority

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/tjenestevalg/tjenestevalg/internal/domain"
)

// OutcomeOK is the outcome of an action that was carried out; a refused
// one has the error code as its outcome.
const OutcomeOK = "ok"

// The audited actions.
const (
	ActionCriteriaEnsure  = "criteria.ensure"
	ActionCriterionSave   = "criterion.save"
	ActionWeightsSave     = "weights.save"
	ActionAssign          = "assignment.add"
	ActionUnassign        = "assignment.remove"
	ActionRoundOpen       = "round.open"
	ActionRoundClose      = "round.close"
	ActionScoreSubmit     = "score.submit"
	ActionDecisionCreate  = "decision.create"
	ActionDecisionApprove = "decision.approve"
)

// AuditEntry records one change, or one refused attempt, in the module:
// who, what (Action on Object, e.g. "round:3/service:12"), and the
// outcome ("ok" or the error code). Detail names the fields of a refused
// input and their codes; it never holds score values or rationales, so
// the log does not undo the rounds' anonymity.
type AuditEntry struct {
	ID              domain.ID `json:"id"`
	CollaborationID domain.ID `json:"-"`
	At              time.Time `json:"at"`
	UserID          domain.ID `json:"user_id,omitempty"` // 0 for the system
	UserName        string    `json:"user_name"`
	Action          string    `json:"action"`
	Object          string    `json:"object"`
	Outcome         string    `json:"outcome"`
	Detail          string    `json:"detail,omitempty"`
}

// AuditFilter narrows the audit log. Outcome is "" (any), "ok", or an
// error code; Refused keeps only refusals. Entries come newest first, at
// most Limit (default and maximum MaxAudit).
type AuditFilter struct {
	Action  string
	UserID  domain.ID
	Outcome string
	Refused bool
	Limit   int
}

// MaxAudit is the most audit entries one read returns.
const MaxAudit = 1000

// refusal describes a refused attempt for the audit log: the error's
// code, and its fields and their codes.
func refusal(err error) (outcome, detail string) {
	de := domain.AsError(err)
	parts := make([]string, 0, len(de.Fields))
	for _, f := range de.Fields {
		parts = append(parts, f.Field+": "+f.Code)
	}
	return de.Code, strings.Join(parts, "; ")
}

// refused reports whether err is a refusal worth recording (not a
// failure of the system).
func refused(err error) bool {
	return err != nil && domain.KindOf(err) != domain.KindInternal
}

func object(kind string, id domain.ID) string { return fmt.Sprintf("%s:%d", kind, id) }

// record adds an audit entry for a successful action in st (the action's
// own transaction).
func (m *Manager) record(ctx context.Context, st Store, p domain.Principal, action, obj, detail string) error {
	return st.AddAudit(ctx, AuditEntry{CollaborationID: p.CollaborationID, At: m.clock.Now(), UserID: p.UserID,
		UserName: p.Name, Action: action, Object: obj, Outcome: OutcomeOK, Detail: detail})
}

// refuse records a refused attempt outside the failed transaction (which
// wrote nothing) and returns err. Nothing is recorded for nobody logged
// in, nor for a failure of the system; if recording fails, err is still
// what the caller gets, since it is what happened to their request.
func (m *Manager) refuse(ctx context.Context, p domain.Principal, action, obj string, err error) error {
	if !refused(err) || !p.Authenticated() {
		return err
	}
	outcome, detail := refusal(err)
	_ = m.store.AddAudit(context.WithoutCancel(ctx), AuditEntry{CollaborationID: p.CollaborationID, At: m.clock.Now(),
		UserID: p.UserID, UserName: p.Name, Action: action, Object: obj, Outcome: outcome, Detail: detail})
	return err
}
