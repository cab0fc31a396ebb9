package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"strings"
	"time"

	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/priority"
)

// Priority returns the prioritisation's view of the database.
//
// Scores do not raise the collaboration's data version: a round's
// submissions all at once would otherwise queue on the collaboration's
// row. No cached page shows scores before the round is over, and closing
// a round raises it; pages of live progress are not to be cached.
func (db *DB) Priority() priority.Store { return priorityStore{db} }

type priorityStore struct{ db *DB }

func (s priorityStore) Atomic(ctx context.Context, fn func(priority.Store) error) error {
	return s.db.atomic(ctx, func(tx *DB) error { return fn(priorityStore{tx}) })
}

// each runs q and calls scan for every row.
func (s priorityStore) each(ctx context.Context, scan func(func(...any) error) error, q string, args ...any) error {
	rows, err := s.db.query(ctx, q, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := scan(rows.Scan); err != nil {
			return s.db.mapErr(err, "")
		}
	}
	return s.db.mapErr(rows.Err(), "")
}

// --- criteria

const criterionCols = `id, collaboration_id, criterion_key, name, name_en, kind, source, direction, scale_min, scale_max,
	description, active, sort_order, version, updated_by, updated_at`

func scanCriterion(scan func(...any) error) (priority.Criterion, error) {
	var c priority.Criterion
	err := scan(&c.ID, &c.CollaborationID, &c.Key, &c.Name, &c.NameEN, &c.Kind, &c.Source, &c.Direction, &c.Scale.Min,
		&c.Scale.Max, &c.Description, &c.Active, &c.Order, &c.Version, &c.UpdatedBy, timeCol{&c.UpdatedAt})
	return c, err
}

func (s priorityStore) Criteria(ctx context.Context, collab domain.ID) ([]priority.Criterion, error) {
	var out []priority.Criterion
	err := s.each(ctx, func(scan func(...any) error) error {
		c, err := scanCriterion(scan)
		out = append(out, c)
		return err
	}, `SELECT `+criterionCols+` FROM priority_criteria WHERE collaboration_id = ? ORDER BY sort_order, id`, collab)
	return out, err
}

func (s priorityStore) Criterion(ctx context.Context, collab, id domain.ID) (priority.Criterion, error) {
	c, err := scanCriterion(s.db.queryRow(ctx, `SELECT `+criterionCols+` FROM priority_criteria
		WHERE collaboration_id = ? AND id = ?`, collab, id).Scan)
	return c, s.db.mapErr(err, "priority.criterion_not_found")
}

// CreateCriteria relies on the unique (collaboration, key): a key taken
// already, or taken meanwhile by another server, inserts nothing.
func (s priorityStore) CreateCriteria(ctx context.Context, collab domain.ID, list []priority.Criterion) (int, error) {
	n := 0
	err := s.db.atomic(ctx, func(tx *DB) error {
		for _, c := range list {
			if c.UpdatedAt.IsZero() {
				c.UpdatedAt = s.db.now()
			}
			res, err := tx.exec(ctx, `INSERT INTO priority_criteria (collaboration_id, criterion_key, name, name_en, kind,
				source, direction, scale_min, scale_max, description, active, sort_order, version, updated_by, updated_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?) ON CONFLICT (collaboration_id, criterion_key) DO NOTHING`,
				collab, c.Key, c.Name, c.NameEN, string(c.Kind), c.Source, string(c.Direction), c.Scale.Min, c.Scale.Max,
				c.Description, c.Active, c.Order, c.UpdatedBy, tx.timeArg(c.UpdatedAt))
			if err != nil {
				return err
			}
			k, err := res.RowsAffected()
			if err != nil {
				return domain.Internal(err)
			}
			n += int(k)
		}
		if n == 0 {
			return nil
		}
		tx.wrote(collab)
		return nil
	})
	return n, err
}

func (s priorityStore) UpdateCriterion(ctx context.Context, c priority.Criterion) (int, error) {
	if c.UpdatedAt.IsZero() {
		c.UpdatedAt = s.db.now()
	}
	err := s.db.atomic(ctx, func(tx *DB) error {
		res, err := tx.exec(ctx, `UPDATE priority_criteria SET name = ?, name_en = ?, description = ?, direction = ?,
			active = ?, sort_order = ?, updated_by = ?, updated_at = ?, version = version + 1
			WHERE collaboration_id = ? AND id = ? AND version = ?`,
			c.Name, c.NameEN, c.Description, string(c.Direction), c.Active, c.Order, c.UpdatedBy, tx.timeArg(c.UpdatedAt),
			c.CollaborationID, c.ID, c.Version)
		if err := staleCheck(res, err); err != nil {
			if _, gerr := (priorityStore{tx}).Criterion(ctx, c.CollaborationID, c.ID); gerr != nil {
				return gerr
			}
			return err
		}
		tx.wrote(c.CollaborationID)
		return nil
	})
	if err != nil {
		return 0, err
	}
	return c.Version + 1, nil
}

// --- weights

// weightsData is the stored form of an elicitation's input.
type weightsData struct {
	Criteria []string    `json:"criteria"`
	Matrix   [][]float64 `json:"matrix,omitempty"`
	Points   []float64   `json:"points,omitempty"`
}

const weightsCols = `id, collaboration_id, municipality_id, method, data, COALESCE(user_id, 0), user_name, updated_at, version`

func scanWeights(scan func(...any) error) (priority.Elicitation, error) {
	var e priority.Elicitation
	var data string
	if err := scan(&e.ID, &e.CollaborationID, &e.MunicipalityID, &e.Method, &data, &e.UserID, &e.UserName,
		timeCol{&e.UpdatedAt}, &e.Version); err != nil {
		return e, err
	}
	var d weightsData
	if err := json.Unmarshal([]byte(data), &d); err != nil {
		return e, domain.Internal(err)
	}
	e.Criteria, e.Matrix, e.Points = d.Criteria, d.Matrix, d.Points
	return e, nil
}

func (s priorityStore) Weights(ctx context.Context, collab, municipality domain.ID) (priority.Elicitation, error) {
	e, err := scanWeights(s.db.queryRow(ctx, `SELECT `+weightsCols+` FROM priority_weights
		WHERE collaboration_id = ? AND municipality_id = ?`, collab, municipality).Scan)
	return e, s.db.mapErr(err, "priority.weights_not_found")
}

func (s priorityStore) AllWeights(ctx context.Context, collab domain.ID) ([]priority.Elicitation, error) {
	var out []priority.Elicitation
	err := s.each(ctx, func(scan func(...any) error) error {
		e, err := scanWeights(scan)
		out = append(out, e)
		return err
	}, `SELECT `+weightsCols+` FROM priority_weights WHERE collaboration_id = ? ORDER BY municipality_id`, collab)
	return out, err
}

func (s priorityStore) SaveWeights(ctx context.Context, e priority.Elicitation) (int, error) {
	if e.UpdatedAt.IsZero() {
		e.UpdatedAt = s.db.now()
	}
	data, err := json.Marshal(weightsData{Criteria: e.Criteria, Matrix: e.Matrix, Points: e.Points})
	if err != nil {
		return 0, domain.Internal(err)
	}
	err = s.db.atomic(ctx, func(tx *DB) error {
		if e.Version == 0 {
			_, err := tx.exec(ctx, `INSERT INTO priority_weights (collaboration_id, municipality_id, method, data, user_id,
				user_name, updated_at, version) VALUES (?, ?, ?, ?, ?, ?, ?, 1)`,
				e.CollaborationID, e.MunicipalityID, string(e.Method), string(data), idArg(e.UserID), e.UserName,
				tx.timeArg(e.UpdatedAt))
			if domain.KindOf(err) == domain.KindConflict && domain.AsError(err).Code == "error.duplicate" {
				return domain.Conflict("error.stale")
			}
			if err != nil {
				return err
			}
			tx.wrote(e.CollaborationID)
			return nil
		}
		res, err := tx.exec(ctx, `UPDATE priority_weights SET method = ?, data = ?, user_id = ?, user_name = ?,
			updated_at = ?, version = version + 1 WHERE collaboration_id = ? AND municipality_id = ? AND version = ?`,
			string(e.Method), string(data), idArg(e.UserID), e.UserName, tx.timeArg(e.UpdatedAt), e.CollaborationID,
			e.MunicipalityID, e.Version)
		if err := staleCheck(res, err); err != nil {
			if _, gerr := (priorityStore{tx}).Weights(ctx, e.CollaborationID, e.MunicipalityID); gerr != nil {
				return gerr
			}
			return err
		}
		tx.wrote(e.CollaborationID)
		return nil
	})
	if err != nil {
		return 0, err
	}
	return e.Version + 1, nil
}

// --- assignments

const assignmentSelect = `SELECT a.id, a.collaboration_id, a.municipality_id, a.service_id, a.user_id,
	COALESCE(u.name, ''), s.slug, s.name_nb, s.name_en, a.assigned_by, a.assigned_at
	FROM priority_assignments a JOIN services s ON s.id = a.service_id LEFT JOIN users u ON u.id = a.user_id`

func scanAssignment(scan func(...any) error) (priority.Assignment, error) {
	var a priority.Assignment
	err := scan(&a.ID, &a.CollaborationID, &a.MunicipalityID, &a.ServiceID, &a.UserID, &a.UserName, &a.ServiceSlug,
		&a.ServiceNameNB, &a.ServiceNameEN, &a.AssignedBy, timeCol{&a.AssignedAt})
	return a, err
}

func (s priorityStore) Assignments(ctx context.Context, collab domain.ID, f priority.AssignmentFilter) ([]priority.Assignment, error) {
	var out []priority.Assignment
	err := s.each(ctx, func(scan func(...any) error) error {
		a, err := scanAssignment(scan)
		out = append(out, a)
		return err
	}, assignmentSelect+` WHERE a.collaboration_id = ? AND (a.municipality_id = ? OR ? = 0) AND (a.user_id = ? OR ? = 0)
		ORDER BY a.municipality_id, s.slug, u.name, a.id`,
		collab, f.MunicipalityID, f.MunicipalityID, f.UserID, f.UserID)
	return out, err
}

func (s priorityStore) Assignment(ctx context.Context, collab, id domain.ID) (priority.Assignment, error) {
	a, err := scanAssignment(s.db.queryRow(ctx, assignmentSelect+` WHERE a.collaboration_id = ? AND a.id = ?`,
		collab, id).Scan)
	return a, s.db.mapErr(err, "priority.assignment_not_found")
}

func (s priorityStore) AddAssignment(ctx context.Context, a priority.Assignment) (domain.ID, error) {
	if a.AssignedAt.IsZero() {
		a.AssignedAt = s.db.now()
	}
	var id domain.ID
	err := s.db.atomic(ctx, func(tx *DB) error {
		err := tx.queryRow(ctx, `INSERT INTO priority_assignments (collaboration_id, municipality_id, service_id, user_id,
			assigned_by, assigned_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id`,
			a.CollaborationID, a.MunicipalityID, a.ServiceID, a.UserID, a.AssignedBy, tx.timeArg(a.AssignedAt)).Scan(&id)
		if err = tx.mapErr(err, ""); err != nil {
			if domain.AsError(err).Code == "error.duplicate" {
				return domain.Conflict("priority.already_assigned")
			}
			return err
		}
		tx.wrote(a.CollaborationID)
		return nil
	})
	return id, err
}

func (s priorityStore) DeleteAssignment(ctx context.Context, collab, id domain.ID) error {
	return s.db.atomic(ctx, func(tx *DB) error {
		res, err := tx.exec(ctx, `DELETE FROM priority_assignments WHERE collaboration_id = ? AND id = ?`, collab, id)
		if err := staleCheck(res, err); err != nil {
			if domain.KindOf(err) == domain.KindConflict {
				return domain.NotFound("priority.assignment_not_found")
			}
			return err
		}
		tx.wrote(collab)
		return nil
	})
}

// --- rounds

const roundCols = `id, collaboration_id, number, deadline, opened_at, opened_by, closed_at, closed_by, version`

func scanRound(scan func(...any) error) (priority.Round, error) {
	var r priority.Round
	err := scan(&r.ID, &r.CollaborationID, &r.Number, timeCol{&r.Deadline}, timeCol{&r.OpenedAt}, &r.OpenedBy,
		nullTimeCol{&r.ClosedAt}, &r.ClosedBy, &r.Version)
	return r, err
}

// rounds reads the rounds matching where (on priority_rounds, with its
// arguments), with their criteria, and with their services and
// participants when full.
func (s priorityStore) rounds(ctx context.Context, full bool, where string, args ...any) ([]priority.Round, error) {
	var out []priority.Round
	index := map[domain.ID]int{}
	err := s.each(ctx, func(scan func(...any) error) error {
		r, err := scanRound(scan)
		index[r.ID] = len(out)
		out = append(out, r)
		return err
	}, `SELECT `+roundCols+` FROM priority_rounds WHERE `+where+` ORDER BY number`, args...)
	if err != nil || len(out) == 0 {
		return out, err
	}
	sub := ` WHERE round_id IN (SELECT id FROM priority_rounds WHERE ` + where + `)`
	err = s.each(ctx, func(scan func(...any) error) error {
		var round, id domain.ID
		if err := scan(&round, &id); err != nil {
			return err
		}
		if i, ok := index[round]; ok {
			out[i].Criteria = append(out[i].Criteria, id)
		}
		return nil
	}, `SELECT round_id, criterion_id FROM priority_round_criteria`+sub+` ORDER BY round_id, sort_order`, args...)
	if err != nil || !full {
		return out, err
	}
	err = s.each(ctx, func(scan func(...any) error) error {
		var round, id domain.ID
		if err := scan(&round, &id); err != nil {
			return err
		}
		if i, ok := index[round]; ok {
			out[i].Services = append(out[i].Services, id)
		}
		return nil
	}, `SELECT round_id, service_id FROM priority_round_services`+sub+` ORDER BY round_id, sort_order`, args...)
	if err != nil {
		return nil, err
	}
	err = s.each(ctx, func(scan func(...any) error) error {
		var round domain.ID
		var p priority.Participant
		if err := scan(&round, &p.UserID, &p.MunicipalityID); err != nil {
			return err
		}
		if i, ok := index[round]; ok {
			out[i].Participants = append(out[i].Participants, p)
		}
		return nil
	}, `SELECT round_id, user_id, municipality_id FROM priority_round_participants`+sub+
		` ORDER BY round_id, municipality_id, user_id`, args...)
	if err != nil {
		return nil, err
	}
	return out, nil
}

func (s priorityStore) Rounds(ctx context.Context, collab domain.ID) ([]priority.Round, error) {
	return s.rounds(ctx, true, `collaboration_id = ?`, collab)
}

func (s priorityStore) RoundHeaders(ctx context.Context, collab domain.ID) ([]priority.Round, error) {
	return s.rounds(ctx, false, `collaboration_id = ?`, collab)
}

func (s priorityStore) round(ctx context.Context, full bool, collab, id domain.ID) (priority.Round, error) {
	list, err := s.rounds(ctx, full, `collaboration_id = ? AND id = ?`, collab, id)
	if err != nil {
		return priority.Round{}, err
	}
	if len(list) == 0 {
		return priority.Round{}, domain.NotFound("priority.round_not_found")
	}
	return list[0], nil
}

func (s priorityStore) Round(ctx context.Context, collab, id domain.ID) (priority.Round, error) {
	return s.round(ctx, true, collab, id)
}

func (s priorityStore) RoundHeader(ctx context.Context, collab, id domain.ID) (priority.Round, error) {
	return s.round(ctx, false, collab, id)
}

// CreateRound relies on the partial unique index on the open round and
// on the unique (collaboration, number): of two rounds opened at once,
// one is stored.
func (s priorityStore) CreateRound(ctx context.Context, r priority.Round) (domain.ID, error) {
	var id domain.ID
	err := s.db.atomic(ctx, func(tx *DB) error {
		var closed any
		if r.ClosedAt != nil {
			closed = tx.timeArg(*r.ClosedAt)
		}
		err := tx.queryRow(ctx, `INSERT INTO priority_rounds (collaboration_id, number, deadline, opened_at, opened_by,
			closed_at, closed_by, version) VALUES (?, ?, ?, ?, ?, ?, ?, 1) RETURNING id`,
			r.CollaborationID, r.Number, tx.timeArg(r.Deadline), tx.timeArg(r.OpenedAt), r.OpenedBy, closed,
			r.ClosedBy).Scan(&id)
		if err = tx.mapErr(err, ""); err != nil {
			if domain.AsError(err).Code == "error.duplicate" {
				return domain.Conflict("priority.round_open")
			}
			return err
		}
		if err := tx.insertRows(ctx, `INSERT INTO priority_round_criteria (round_id, criterion_id, sort_order) VALUES `,
			3, len(r.Criteria), func(i int) []any { return []any{id, r.Criteria[i], i} }); err != nil {
			return err
		}
		if err := tx.insertRows(ctx, `INSERT INTO priority_round_services (round_id, service_id, sort_order) VALUES `,
			3, len(r.Services), func(i int) []any { return []any{id, r.Services[i], i} }); err != nil {
			return err
		}
		if err := tx.insertRows(ctx, `INSERT INTO priority_round_participants (round_id, user_id, municipality_id) VALUES `,
			3, len(r.Participants), func(i int) []any {
				return []any{id, r.Participants[i].UserID, r.Participants[i].MunicipalityID}
			}); err != nil {
			return err
		}
		tx.wrote(r.CollaborationID)
		return nil
	})
	return id, err
}

// insertRows inserts n rows of cols values each (row(i) gives row i) with
// as few statements as the dialect allows; q ends in VALUES.
func (db *DB) insertRows(ctx context.Context, q string, cols, n int, row func(i int) []any) error {
	size := db.chunk(cols)
	for start := 0; start < n; start += size {
		end := min(n, start+size)
		args := make([]any, 0, (end-start)*cols)
		for i := start; i < end; i++ {
			args = append(args, row(i)...)
		}
		if _, err := db.exec(ctx, q+placeholders(end-start, cols), args...); err != nil {
			return err
		}
	}
	return nil
}

func (s priorityStore) CloseRound(ctx context.Context, collab, id domain.ID, by string, at time.Time) error {
	return s.db.atomic(ctx, func(tx *DB) error {
		res, err := tx.exec(ctx, `UPDATE priority_rounds SET closed_at = ?, closed_by = ?, version = version + 1
			WHERE collaboration_id = ? AND id = ? AND closed_at IS NULL`, tx.timeArg(at), by, collab, id)
		if err := staleCheck(res, err); err != nil {
			if domain.KindOf(err) != domain.KindConflict {
				return err
			}
			if _, gerr := (priorityStore{tx}).RoundHeader(ctx, collab, id); gerr != nil {
				return gerr
			}
			return domain.Conflict("priority.round_closed")
		}
		tx.wrote(collab)
		return nil
	})
}

func (s priorityStore) Participant(ctx context.Context, collab, round, user domain.ID) (priority.Participant, error) {
	var p priority.Participant
	err := s.db.queryRow(ctx, `SELECT p.user_id, p.municipality_id FROM priority_round_participants p
		JOIN priority_rounds r ON r.id = p.round_id
		WHERE r.collaboration_id = ? AND p.round_id = ? AND p.user_id = ?`, collab, round, user).
		Scan(&p.UserID, &p.MunicipalityID)
	return p, s.db.mapErr(err, "priority.not_participant")
}

func (s priorityStore) RoundHasService(ctx context.Context, collab, round, service domain.ID) (bool, error) {
	var one int
	err := s.db.queryRow(ctx, `SELECT 1 FROM priority_round_services p JOIN priority_rounds r ON r.id = p.round_id
		WHERE r.collaboration_id = ? AND p.round_id = ? AND p.service_id = ?`, collab, round, service).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	return err == nil, s.db.mapErr(err, "")
}

// --- scores

const scoreCols = 9

// AddScores writes a submission in one statement (one per chunk, in one
// transaction), so it lands whole or not at all; the unique (round,
// participant, service, criterion) turns a second submission, or two at
// once, into a conflict.
func (s priorityStore) AddScores(ctx context.Context, scores []priority.Score) error {
	if len(scores) == 0 {
		return nil
	}
	err := s.db.atomic(ctx, func(tx *DB) error {
		return tx.insertRows(ctx, `INSERT INTO priority_scores (collaboration_id, round_id, service_id, criterion_id,
			user_id, municipality_id, value, rationale, submitted_at) VALUES `, scoreCols, len(scores),
			func(i int) []any {
				x := scores[i]
				at := x.SubmittedAt
				if at.IsZero() {
					at = s.db.now()
				}
				return []any{x.CollaborationID, x.RoundID, x.ServiceID, x.CriterionID, x.UserID, x.MunicipalityID,
					x.Value, x.Rationale, tx.timeArg(at)}
			})
	})
	if err == nil {
		return nil
	}
	switch domain.AsError(err).Code {
	case "error.duplicate":
		return domain.Conflict("priority.already_scored")
	case "error.in_use": // the participant's foreign key
		return domain.NotFound("priority.not_participant")
	}
	return err
}

func (s priorityStore) Scores(ctx context.Context, collab, round, service, user domain.ID) ([]priority.Score, error) {
	var out []priority.Score
	err := s.each(ctx, func(scan func(...any) error) error {
		var x priority.Score
		err := scan(&x.ID, &x.CollaborationID, &x.RoundID, &x.ServiceID, &x.CriterionID, &x.UserID, &x.MunicipalityID,
			&x.Value, &x.Rationale, timeCol{&x.SubmittedAt})
		out = append(out, x)
		return err
	}, `SELECT id, collaboration_id, round_id, service_id, criterion_id, user_id, municipality_id, value, rationale,
		submitted_at FROM priority_scores WHERE collaboration_id = ? AND round_id = ? AND (service_id = ? OR ? = 0)
		AND (user_id = ? OR ? = 0) ORDER BY service_id, criterion_id, id`,
		collab, round, service, service, user, user)
	return out, err
}

func (s priorityStore) Submitted(ctx context.Context, collab, round, user domain.ID) ([]priority.Submitted, error) {
	var out []priority.Submitted
	err := s.each(ctx, func(scan func(...any) error) error {
		var x priority.Submitted
		err := scan(&x.UserID, &x.MunicipalityID, &x.ServiceID)
		out = append(out, x)
		return err
	}, `SELECT DISTINCT user_id, municipality_id, service_id FROM priority_scores
		WHERE collaboration_id = ? AND round_id = ? AND (user_id = ? OR ? = 0) ORDER BY user_id, service_id`,
		collab, round, user, user)
	return out, err
}

// --- decisions

const decisionCols = `id, collaboration_id, COALESCE(round_id, 0), method, weights, ranking, participants, note,
	created_at, created_by, COALESCE(created_by_id, 0), hash`

func scanDecision(scan func(...any) error) (priority.Decision, error) {
	var d priority.Decision
	var weights, ranking, parts string
	if err := scan(&d.ID, &d.CollaborationID, &d.RoundID, &d.Method, &weights, &ranking, &parts, &d.Note,
		timeCol{&d.CreatedAt}, &d.CreatedBy, &d.CreatedByID, &d.Hash); err != nil {
		return d, err
	}
	d.Weights, d.Ranking = json.RawMessage(weights), json.RawMessage(ranking)
	d.Participants = map[domain.ID]int{}
	if err := json.Unmarshal([]byte(parts), &d.Participants); err != nil {
		return d, domain.Internal(err)
	}
	return d, nil
}

// CreateDecision inserts the decision; there is no update or delete, and
// the database's triggers refuse both.
func (s priorityStore) CreateDecision(ctx context.Context, d priority.Decision) (domain.ID, error) {
	if d.CreatedAt.IsZero() {
		d.CreatedAt = s.db.now()
	}
	parts := d.Participants
	if parts == nil {
		parts = map[domain.ID]int{}
	}
	pj, err := json.Marshal(parts)
	if err != nil {
		return 0, domain.Internal(err)
	}
	var id domain.ID
	err = s.db.atomic(ctx, func(tx *DB) error {
		err := tx.queryRow(ctx, `INSERT INTO priority_decisions (collaboration_id, round_id, method, weights, ranking,
			participants, note, created_at, created_by, created_by_id, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
			RETURNING id`, d.CollaborationID, idArg(d.RoundID), d.Method, string(d.Weights), string(d.Ranking),
			string(pj), d.Note, tx.timeArg(d.CreatedAt), d.CreatedBy, idArg(d.CreatedByID), d.Hash).Scan(&id)
		if err != nil {
			return tx.mapErr(err, "")
		}
		tx.wrote(d.CollaborationID)
		return nil
	})
	return id, err
}

func (s priorityStore) Decisions(ctx context.Context, collab domain.ID) ([]priority.Decision, error) {
	var out []priority.Decision
	err := s.each(ctx, func(scan func(...any) error) error {
		d, err := scanDecision(scan)
		out = append(out, d)
		return err
	}, `SELECT `+decisionCols+` FROM priority_decisions WHERE collaboration_id = ? ORDER BY created_at DESC, id DESC`,
		collab)
	return out, err
}

func (s priorityStore) Decision(ctx context.Context, collab, id domain.ID) (priority.Decision, error) {
	d, err := scanDecision(s.db.queryRow(ctx, `SELECT `+decisionCols+` FROM priority_decisions
		WHERE collaboration_id = ? AND id = ?`, collab, id).Scan)
	return d, s.db.mapErr(err, "priority.decision_not_found")
}

// AddApproval inserts the approval only for a decision of collab (not
// found otherwise); the primary key (decision, municipality) makes a
// second approval a conflict.
func (s priorityStore) AddApproval(ctx context.Context, collab domain.ID, a priority.Approval) error {
	if a.At.IsZero() {
		a.At = s.db.now()
	}
	return s.db.atomic(ctx, func(tx *DB) error {
		var id domain.ID
		if err := tx.queryRow(ctx, `SELECT id FROM priority_decisions WHERE collaboration_id = ? AND id = ?`,
			collab, a.DecisionID).Scan(&id); err != nil {
			return tx.mapErr(err, "priority.decision_not_found")
		}
		_, err := tx.exec(ctx, `INSERT INTO priority_approvals (decision_id, municipality_id, collaboration_id, user_id,
			user_name, approved_at) VALUES (?, ?, ?, ?, ?, ?)`,
			a.DecisionID, a.MunicipalityID, collab, idArg(a.UserID), a.UserName, tx.timeArg(a.At))
		if err != nil {
			if domain.AsError(err).Code == "error.duplicate" {
				return domain.Conflict("priority.already_approved")
			}
			return err
		}
		tx.wrote(collab)
		return nil
	})
}

func (s priorityStore) Approvals(ctx context.Context, collab, decision domain.ID) ([]priority.Approval, error) {
	var out []priority.Approval
	err := s.each(ctx, func(scan func(...any) error) error {
		var a priority.Approval
		err := scan(&a.DecisionID, &a.MunicipalityID, &a.UserID, &a.UserName, timeCol{&a.At})
		out = append(out, a)
		return err
	}, `SELECT decision_id, municipality_id, COALESCE(user_id, 0), user_name, approved_at FROM priority_approvals
		WHERE collaboration_id = ? AND (decision_id = ? OR ? = 0) ORDER BY decision_id, approved_at, municipality_id`,
		collab, decision, decision)
	return out, err
}

// --- audit

func (s priorityStore) AddAudit(ctx context.Context, e priority.AuditEntry) error {
	if e.At.IsZero() {
		e.At = s.db.now()
	}
	_, err := s.db.exec(ctx, `INSERT INTO priority_audit (collaboration_id, occurred_at, user_id, user_name, action,
		object, outcome, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		e.CollaborationID, s.db.timeArg(e.At), idArg(e.UserID), e.UserName, e.Action, e.Object, e.Outcome, e.Detail)
	return err
}

func (s priorityStore) Audit(ctx context.Context, collab domain.ID, f priority.AuditFilter) ([]priority.AuditEntry, error) {
	where := []string{`collaboration_id = ?`}
	args := []any{collab}
	if f.Action != "" {
		where, args = append(where, `action = ?`), append(args, f.Action)
	}
	if f.UserID != 0 {
		where, args = append(where, `user_id = ?`), append(args, f.UserID)
	}
	if f.Outcome != "" {
		where, args = append(where, `outcome = ?`), append(args, f.Outcome)
	}
	if f.Refused {
		where, args = append(where, `outcome <> ?`), append(args, priority.OutcomeOK)
	}
	limit := f.Limit
	if limit <= 0 || limit > priority.MaxAudit {
		limit = priority.MaxAudit
	}
	args = append(args, limit)
	var out []priority.AuditEntry
	err := s.each(ctx, func(scan func(...any) error) error {
		var e priority.AuditEntry
		err := scan(&e.ID, &e.CollaborationID, timeCol{&e.At}, &e.UserID, &e.UserName, &e.Action, &e.Object,
			&e.Outcome, &e.Detail)
		out = append(out, e)
		return err
	}, `SELECT id, collaboration_id, occurred_at, COALESCE(user_id, 0), user_name, action, object, outcome, detail
		FROM priority_audit WHERE `+strings.Join(where, ` AND `)+` ORDER BY occurred_at DESC, id DESC LIMIT ?`, args...)
	return out, err
}
