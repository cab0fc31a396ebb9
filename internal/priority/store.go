package priority

import (
	"context"
	"time"

	"github.com/tjenestevalg/tjenestevalg/internal/domain"
)

// Assignment gives a subject-matter owner (or a coordinator) of a
// municipality a service to score for it. UserName and the service's
// slug and names are filled when read.
type Assignment struct {
	ID              domain.ID `json:"id"`
	CollaborationID domain.ID `json:"-"`
	MunicipalityID  domain.ID `json:"municipality_id"`
	ServiceID       domain.ID `json:"service_id"`
	UserID          domain.ID `json:"user_id"`
	UserName        string    `json:"user_name"`
	ServiceSlug     string    `json:"service_slug"`
	ServiceNameNB   string    `json:"service_name_nb"`
	ServiceNameEN   string    `json:"service_name_en,omitempty"`
	AssignedBy      string    `json:"assigned_by"`
	AssignedAt      time.Time `json:"assigned_at"`
}

// AssignmentFilter narrows the assignments; zero fields match all.
type AssignmentFilter struct {
	MunicipalityID domain.ID
	UserID         domain.ID
}

// Store keeps the prioritisation's records. Every call is scoped to a
// collaboration. Implementations map a missing row to a not-found error
// and a duplicate key or a stale version to a conflict error, with the
// codes given below.
type Store interface {
	// Atomic runs fn in one transaction: all of fn's writes land or none.
	Atomic(ctx context.Context, fn func(Store) error) error

	// Criteria returns the collaboration's criteria by Order, then id.
	Criteria(ctx context.Context, collab domain.ID) ([]Criterion, error)
	// Criterion returns one criterion, not found
	// "priority.criterion_not_found" when it is not the collaboration's.
	Criterion(ctx context.Context, collab, id domain.ID) (Criterion, error)
	// CreateCriteria inserts the criteria (at version 1) whose keys the
	// collaboration does not have yet and returns how many it inserted;
	// two servers adding the same ones at once add each once.
	CreateCriteria(ctx context.Context, collab domain.ID, list []Criterion) (int, error)
	// UpdateCriterion stores c's name, English name, description,
	// direction, active flag and order if the stored version is still
	// c.Version, raising it by one, and returns the new version; conflict
	// "error.stale" otherwise.
	UpdateCriterion(ctx context.Context, c Criterion) (int, error)

	// Weights returns a municipality's current elicitation, not found
	// "priority.weights_not_found" when it has none.
	Weights(ctx context.Context, collab, municipality domain.ID) (Elicitation, error)
	// AllWeights returns every municipality's current elicitation.
	AllWeights(ctx context.Context, collab domain.ID) ([]Elicitation, error)
	// SaveWeights stores e as its municipality's elicitation: inserted at
	// version 1 when e.Version is 0 (conflict "error.stale" if one
	// exists), otherwise replacing the one at e.Version, raising it; it
	// returns the new version.
	SaveWeights(ctx context.Context, e Elicitation) (int, error)

	// Assignments returns the assignments matching f, by municipality,
	// service slug and user name.
	Assignments(ctx context.Context, collab domain.ID, f AssignmentFilter) ([]Assignment, error)
	// Assignment returns one, not found "priority.assignment_not_found".
	Assignment(ctx context.Context, collab, id domain.ID) (Assignment, error)
	// AddAssignment inserts a; conflict "priority.already_assigned" when
	// the user already has the service for that municipality.
	AddAssignment(ctx context.Context, a Assignment) (domain.ID, error)
	// DeleteAssignment removes one, not found when there is none.
	DeleteAssignment(ctx context.Context, collab, id domain.ID) error

	// Rounds returns the collaboration's rounds by number, with their
	// services, criteria and participants.
	Rounds(ctx context.Context, collab domain.ID) ([]Round, error)
	// Round returns one round with its lists, not found
	// "priority.round_not_found".
	Round(ctx context.Context, collab, id domain.ID) (Round, error)
	// RoundHeaders returns the collaboration's rounds by number, with
	// their criteria but without their services and participants.
	RoundHeaders(ctx context.Context, collab domain.ID) ([]Round, error)
	// RoundHeader returns a round with its criteria but without its
	// services and participants: what a submission needs.
	RoundHeader(ctx context.Context, collab, id domain.ID) (Round, error)
	// CreateRound inserts r with its lists at version 1; conflict
	// "priority.round_open" when another round of the collaboration is
	// open, or its number is taken.
	CreateRound(ctx context.Context, r Round) (domain.ID, error)
	// CloseRound sets the round's ClosedAt and ClosedBy; conflict
	// "priority.round_closed" when it is closed already.
	CloseRound(ctx context.Context, collab, id domain.ID, by string, at time.Time) error
	// Participant returns the user's place in a round, not found
	// "priority.not_participant" when they do not take part.
	Participant(ctx context.Context, collab, round, user domain.ID) (Participant, error)
	// RoundHasService reports whether the service is one of the round's.
	RoundHasService(ctx context.Context, collab, round, service domain.ID) (bool, error)

	// AddScores inserts the scores of one submission in one statement: all
	// or none. Conflict "priority.already_scored" when the participant has
	// scored any of them already.
	AddScores(ctx context.Context, scores []Score) error
	// Scores returns the scores of a round (of one service when service is
	// not 0, of one user when user is not 0), by service, criterion and id.
	Scores(ctx context.Context, collab, round, service, user domain.ID) ([]Score, error)
	// Submitted returns the services each participant has scored in a
	// round (of one user when user is not 0).
	Submitted(ctx context.Context, collab, round, user domain.ID) ([]Submitted, error)

	// CreateDecision inserts d. There is no update or delete: decisions
	// are immutable.
	CreateDecision(ctx context.Context, d Decision) (domain.ID, error)
	// Decisions returns the collaboration's decisions, newest first.
	Decisions(ctx context.Context, collab domain.ID) ([]Decision, error)
	// Decision returns one, not found "priority.decision_not_found".
	Decision(ctx context.Context, collab, id domain.ID) (Decision, error)
	// AddApproval inserts a; conflict "priority.already_approved" when the
	// municipality has approved the decision already.
	AddApproval(ctx context.Context, collab domain.ID, a Approval) error
	// Approvals returns the approvals of a decision (of every decision
	// when decision is 0), by decision and time.
	Approvals(ctx context.Context, collab, decision domain.ID) ([]Approval, error)

	// AddAudit appends an entry to the audit log.
	AddAudit(ctx context.Context, e AuditEntry) error
	// Audit returns the entries matching f, newest first.
	Audit(ctx context.Context, collab domain.ID, f AuditFilter) ([]AuditEntry, error)
}
