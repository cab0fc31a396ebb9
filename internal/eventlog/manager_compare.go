package eventlog

import (
	"context"
	"math"
	"slices"
	"strconv"

	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/process"
)

// Compare sets the log's activities beside the tasks of the attached
// municipality's current as-is model of the service. A task matches the
// activity of the same name (normalName: case, surrounding and repeated
// spaces ignored); each match carries the activity's occurrences, its
// measured median wait (from the case's previous event, in days) and the
// task's waiting days in the model (tv:waitingDays, 0 when not given).
// Errors: unauthorized, forbidden, not found (log; eventlog.no_as_is when
// the municipality has no as-is model of the service), conflict
// (eventlog.not_attached), invalid (an unreadable model).
func (m *Manager) Compare(ctx context.Context, p domain.Principal, id domain.ID) (Comparison, error) {
	if err := p.RequireInternal(); err != nil {
		return Comparison{}, err
	}
	c, _, _, _, err := m.compare(ctx, p, id)
	return c, err
}

// compare is Compare with the log, the service's slug and the model's id
// and version, for ApplyWaits.
func (m *Manager) compare(ctx context.Context, p domain.Principal, id domain.ID) (Comparison, Log, string, process.Model, error) {
	l, svc, err := m.attached(ctx, p, id)
	if err != nil {
		return Comparison{}, l, "", process.Model{}, err
	}
	models, err := m.cfg.Processes.Models(ctx, p, svc.Slug)
	if err != nil {
		return Comparison{}, l, "", process.Model{}, err
	}
	i := slices.IndexFunc(models, func(md process.Model) bool {
		return md.Variant == process.AsIs && md.MunicipalityID == l.MunicipalityID && md.CurrentVersion > 0
	})
	if i < 0 {
		return Comparison{}, l, "", process.Model{}, domain.NotFound("eventlog.no_as_is")
	}
	model, _, steps, err := m.cfg.Processes.Steps(ctx, p, svc.Slug, models[i].ID)
	if err != nil {
		return Comparison{}, l, "", process.Model{}, err
	}
	mu, err := m.cfg.Catalogue.Municipality(ctx, p.CollaborationID, l.MunicipalityID)
	if err != nil {
		return Comparison{}, l, "", process.Model{}, err
	}
	c := Comparison{Model: mu.Name}
	byName := map[string]Activity{}
	for _, a := range l.Stats.ActivityList { // most frequent first: it wins a tie of names
		if k := normalName(a.Name); k != "" {
			if _, ok := byName[k]; !ok {
				byName[k] = a
			}
		}
	}
	seen := map[string]bool{}
	for _, s := range steps {
		if !s.Activity {
			continue
		}
		name := s.Name
		if name == "" {
			name = s.ID
		}
		a, ok := byName[normalName(s.Name)]
		if !ok {
			c.TasksNeverSeen = append(c.TasksNeverSeen, name)
			continue
		}
		seen[a.Name] = true
		tm := TaskMatch{TaskID: s.ID, Task: name, Activity: a.Name, Occurrences: a.Events,
			MeasuredWaitDays: days(a.MedianWaitSeconds)}
		if s.Attrs.WaitingDays != nil {
			tm.ModelWaitDays = *s.Attrs.WaitingDays
		}
		c.Matched = append(c.Matched, tm)
	}
	for _, a := range l.Stats.ActivityList {
		if !seen[a.Name] && !seen[byName[normalName(a.Name)].Name] {
			c.ActivitiesWithoutTask = append(c.ActivitiesWithoutTask, a.Name)
		}
	}
	return c, l, svc.Slug, model, nil
}

// days turns seconds into days, rounded to a tenth.
func days(seconds float64) float64 { return math.Round(seconds/86400*10) / 10 }

// ApplyWaits writes the measured median waits of the chosen tasks (by
// task id, from Compare's matches) into the attached municipality's as-is
// model as its next version, through the process manager (which checks
// the rights to the as-is model and splices only the tasks' attributes).
// Errors: unauthorized, forbidden, not found, conflict
// (eventlog.not_attached, error.stale), invalid (tasks:
// eventlog.tasks_required, eventlog.task_unknown).
func (m *Manager) ApplyWaits(ctx context.Context, p domain.Principal, id domain.ID, tasks []string) error {
	if err := p.RequireInternal(); err != nil {
		return err
	}
	c, l, slug, model, err := m.compare(ctx, p, id)
	if err != nil {
		return err
	}
	if err := m.mayEdit(ctx, p, l.ServiceID, l.MunicipalityID); err != nil {
		return err
	}
	if len(tasks) == 0 {
		return domain.Invalid("eventlog.tasks_required", domain.Field("tasks", "eventlog.tasks_required"))
	}
	var edits []process.Edit
	for _, t := range slices.Compact(slices.Sorted(slices.Values(tasks))) {
		i := slices.IndexFunc(c.Matched, func(tm TaskMatch) bool { return tm.TaskID == t })
		if i < 0 {
			return domain.Invalid("eventlog.task_unknown", domain.Field("tasks", "eventlog.task_unknown", t))
		}
		edits = append(edits, process.Edit{Op: process.OpSet, Element: t,
			Attrs: map[string]string{"waitingDays": strconv.FormatFloat(c.Matched[i].MeasuredWaitDays, 'f', -1, 64)}})
	}
	comment := m.cfg.Words("eventlog.waits_comment", l.Name)
	_, _, err = m.cfg.Processes.EditSteps(ctx, p, slug, model.ID, edits, comment, model.CurrentVersion)
	return err
}
