package process

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/tjenestevalg/tjenestevalg/internal/domain"
)

// Requirement (krav) is one line of a tender's requirement specification.
// Most are derived from the to-be or adapted process — each automated step,
// each integration with a system, each portal capability — and start as
// candidates that users confirm, edit or drop.
type Requirement struct {
	ID              domain.ID `json:"id"`
	CollaborationID domain.ID `json:"collaboration_id"`
	ServiceID       domain.ID `json:"service_id"`
	// Key identifies what a derived requirement came from ("automation:Task_1",
	// "integration:Matrikkelen"), so deriving again neither duplicates it
	// nor overwrites the users' edits. Empty for one written by hand.
	Key           string    `json:"key,omitempty"`
	Text          string    `json:"text"`
	Type          string    `json:"type"`
	Priority      string    `json:"priority"`
	Status        string    `json:"status"`
	SourceVariant Variant   `json:"source_variant,omitempty"`
	SourceElement string    `json:"source_element,omitempty"`
	SourceName    string    `json:"source_name,omitempty"`
	Version       int       `json:"version"`
	UpdatedBy     string    `json:"updated_by"`
	UpdatedAt     time.Time `json:"updated_at"`
}

// Requirement types, priorities (skal/bør) and statuses.
var (
	RequirementTypes      = []string{"automation", "integration", "portal", "functional"}
	RequirementPriorities = []string{"must", "should"}
	RequirementStatuses   = []string{"candidate", "confirmed", "dropped"}
)

// Normalize trims the requirement's texts.
func (q *Requirement) Normalize() {
	q.Text, q.Type = strings.TrimSpace(q.Text), strings.TrimSpace(q.Type)
	q.Priority, q.Status = strings.TrimSpace(q.Priority), strings.TrimSpace(q.Status)
}

// Validate returns the field errors of a requirement.
func (q Requirement) Validate() []domain.FieldError {
	var errs []domain.FieldError
	if q.Text == "" {
		errs = append(errs, domain.Field("text", "field.required"))
	}
	errs = domain.MaxLen(errs, "text", q.Text, maxLongText)
	errs = domain.OneOf(errs, "type", q.Type, RequirementTypes)
	errs = domain.OneOf(errs, "priority", q.Priority, RequirementPriorities)
	errs = domain.OneOf(errs, "status", q.Status, RequirementStatuses)
	return errs
}

// Candidate is a requirement derived from a process, before it is worded:
// the service words it in the user's language from Type and Subject.
type Candidate struct {
	Key      string
	Type     string // automation, integration or portal
	Priority string
	Element  string // source element id ("" for a system named on several steps)
	Subject  string // the step's name, or the system's
	Steps    []string
}

// Derive returns the candidate requirements of a to-be or adapted process,
// in a stable order: every automated activity (its automation), every
// system the activities name (an integration; must when an automated step
// uses it), every message flow to or from another pool (an integration),
// and every activity whose medium is the portal (a self-service
// capability).
func Derive(d *Definitions) []Candidate {
	var auto, portal []Candidate
	type sys struct {
		name      string
		steps     []string
		automated bool
	}
	systems := map[string]*sys{}
	var order []string
	for pi := range d.Processes {
		p := &d.Processes[pi]
		for _, n := range leafActivities(p) {
			name := nodeName(n)
			automated := classify(n) == "automated"
			if automated {
				auto = append(auto, Candidate{Key: "automation:" + n.ID, Type: "automation", Priority: "must",
					Element: n.ID, Subject: name})
			}
			if n.Attrs.Medium == "portal" {
				portal = append(portal, Candidate{Key: "portal:" + n.ID, Type: "portal", Priority: "must",
					Element: n.ID, Subject: name})
			}
			if s := strings.TrimSpace(n.Attrs.System); s != "" {
				k := strings.ToLower(s)
				if systems[k] == nil {
					systems[k] = &sys{name: s}
					order = append(order, k)
				}
				systems[k].steps = append(systems[k].steps, name)
				systems[k].automated = systems[k].automated || automated
			}
		}
	}
	out := append(auto, portal...)
	for _, k := range order {
		s := systems[k]
		prio := "should"
		if s.automated {
			prio = "must"
		}
		out = append(out, Candidate{Key: "integration:" + k, Type: "integration", Priority: prio,
			Subject: s.name, Steps: s.steps})
	}
	for _, mf := range d.MessageFlows {
		name := mf.Name
		if name == "" {
			name = mf.ID
		}
		out = append(out, Candidate{Key: "message:" + mf.ID, Type: "integration", Priority: "should",
			Element: mf.ID, Subject: name})
	}
	return out
}

// leafActivities returns the activities of p that metrics count: tasks,
// call activities and subprocesses with no activities inside.
func leafActivities(p *Process) []*Node {
	parents := map[string]bool{}
	for i := range p.Nodes {
		if p.Nodes[i].IsActivity() && p.Nodes[i].Parent != "" {
			parents[p.Nodes[i].Parent] = true
		}
	}
	var out []*Node
	for i := range p.Nodes {
		n := &p.Nodes[i]
		if n.IsActivity() && !(n.IsSubProcess() && parents[n.ID]) {
			out = append(out, n)
		}
	}
	return out
}

func nodeName(n *Node) string {
	if s := strings.Join(strings.Fields(n.Name), " "); s != "" {
		return s
	}
	return n.ID
}

// Merge is the result of deriving again over the requirements a service
// already has: the candidates that are new, and the stored candidates whose
// source is gone from the process (confirmed and dropped requirements are
// the users' and are never removed).
type Merge struct {
	New   []Candidate
	Stale []Requirement
}

// MergeCandidates compares derived candidates with stored requirements by
// key.
func MergeCandidates(derived []Candidate, stored []Requirement) Merge {
	have := map[string]bool{}
	for _, q := range stored {
		have[q.Key] = true
	}
	want := map[string]bool{}
	var m Merge
	for _, c := range derived {
		want[c.Key] = true
		if !have[c.Key] {
			m.New = append(m.New, c)
		}
	}
	for _, q := range stored {
		if q.Key != "" && q.Status == "candidate" && !want[q.Key] {
			m.Stale = append(m.Stale, q)
		}
	}
	slices.SortFunc(m.Stale, func(a, b Requirement) int { return int(a.ID - b.ID) })
	return m
}

// CanEditRequirements reports whether p may derive, confirm, edit and drop
// the requirements of a service whose assigned editors are editors: those
// who own the shared to-be process.
func CanEditRequirements(p domain.Principal, editors domain.Editors) bool {
	return CanEditShared(p, editors)
}

// Requirements returns a service's requirements.
// Errors: unauthorized, forbidden, not found (service).
func (m *Manager) Requirements(ctx context.Context, p domain.Principal, slug string) ([]Requirement, error) {
	if err := requireInternal(p); err != nil {
		return nil, err
	}
	svc, err := m.cat.ServiceBySlug(ctx, p.CollaborationID, slug)
	if err != nil {
		return nil, err
	}
	return m.store.Requirements(ctx, p.CollaborationID, svc.ID)
}

// AllRequirements returns the requirements of every service of the
// collaboration, by service.
// Errors: unauthorized, forbidden.
func (m *Manager) AllRequirements(ctx context.Context, p domain.Principal) ([]Requirement, error) {
	if err := requireInternal(p); err != nil {
		return nil, err
	}
	return m.store.Requirements(ctx, p.CollaborationID, 0)
}

// Derived is what deriving requirements did.
type Derived struct {
	Source  Variant // the process they came from
	Added   int
	Removed int // candidates whose source is gone
	Kept    int // existing requirements left as the users made them
}

// DeriveRequirements derives candidate requirements from the service's
// adapted process, or its to-be when there is no adapted one, and stores
// the new ones as candidates worded by word (in the user's language).
// Candidates nobody has confirmed or dropped whose source is gone are
// removed; everything users decided stays. All in one transaction.
// Errors: unauthorized, forbidden, not found (service), invalid (no to-be
// or adapted process).
func (m *Manager) DeriveRequirements(ctx context.Context, p domain.Principal, slug string, word func(Candidate) string) (Derived, error) {
	if err := requireInternal(p); err != nil {
		return Derived{}, err
	}
	svc, err := m.cat.ServiceBySlug(ctx, p.CollaborationID, slug)
	if err != nil {
		return Derived{}, err
	}
	if err := m.requireShared(ctx, p, svc.ID); err != nil {
		return Derived{}, err
	}
	var d *Definitions
	var res Derived
	for _, variant := range []Variant{Adapted, ToBe} {
		if d, _, _, err = m.currentDefs(ctx, p, svc.ID, variant); err != nil {
			return Derived{}, err
		}
		if d != nil {
			res.Source = variant
			break
		}
	}
	if d == nil {
		return Derived{}, domain.Invalid("process.no_target_process")
	}
	now := m.clock.Now()
	err = m.store.Atomic(ctx, func(st Store) error {
		stored, err := st.Requirements(ctx, p.CollaborationID, svc.ID)
		if err != nil {
			return err
		}
		merge := MergeCandidates(Derive(d), stored)
		for _, c := range merge.New {
			q := Requirement{CollaborationID: p.CollaborationID, ServiceID: svc.ID, Key: c.Key, Text: word(c),
				Type: c.Type, Priority: c.Priority, Status: "candidate", SourceVariant: res.Source,
				SourceElement: c.Element, SourceName: c.Subject, UpdatedBy: p.Name, UpdatedAt: now}
			if _, err := st.CreateRequirement(ctx, q); err != nil {
				return err
			}
		}
		for _, q := range merge.Stale {
			if err := st.DeleteRequirement(ctx, p.CollaborationID, q.ID, q.Version); err != nil {
				return err
			}
		}
		res.Added, res.Removed = len(merge.New), len(merge.Stale)
		res.Kept = len(stored) - len(merge.Stale)
		return nil
	})
	return res, err
}

// SaveRequirement creates a requirement written by hand (q.ID 0; its key
// stays empty) or updates the text, type, priority and status of one at
// q.Version — confirming or dropping a candidate is such an update. An
// update names one of the service's requirements; another service's is
// not found before the form is checked.
// Errors: unauthorized, forbidden, not found (service, requirement),
// invalid, conflict (error.stale).
func (m *Manager) SaveRequirement(ctx context.Context, p domain.Principal, slug string, q Requirement) (Requirement, error) {
	if err := requireInternal(p); err != nil {
		return Requirement{}, err
	}
	svc, err := m.cat.ServiceBySlug(ctx, p.CollaborationID, slug)
	if err != nil {
		return Requirement{}, err
	}
	if err := m.requireShared(ctx, p, svc.ID); err != nil {
		return Requirement{}, err
	}
	var old Requirement
	if q.ID != 0 {
		// Found before the input is checked: another service's requirement,
		// or one that does not exist, is not found, whatever the form says.
		if old, err = m.store.Requirement(ctx, p.CollaborationID, q.ID); err != nil {
			return Requirement{}, err
		}
		if old.ServiceID != svc.ID {
			return Requirement{}, domain.NotFound("process.requirement_not_found")
		}
	}
	q.Normalize()
	if errs := q.Validate(); len(errs) > 0 {
		return Requirement{}, domain.Invalid("error.invalid_fields", errs...)
	}
	q.UpdatedBy, q.UpdatedAt = p.Name, m.clock.Now()
	if q.ID == 0 {
		q.CollaborationID, q.ServiceID, q.Key, q.Version = p.CollaborationID, svc.ID, "", 1
		q.ID, err = m.store.CreateRequirement(ctx, q)
		return q, err
	}
	old.Text, old.Type, old.Priority, old.Status = q.Text, q.Type, q.Priority, q.Status
	old.Version, old.UpdatedBy, old.UpdatedAt = q.Version, q.UpdatedBy, q.UpdatedAt
	if old.Version, err = m.store.UpdateRequirement(ctx, old); err != nil {
		return Requirement{}, err
	}
	return old, nil
}

// Words returns the function that words a derived candidate in a language,
// given that language's translation function: every requirement of a kind
// reads the same, whoever derived it.
func Words(t func(key string, args ...any) string) func(Candidate) string {
	return func(c Candidate) string {
		switch {
		case c.Type == "automation":
			return t("requirement.text.automation", c.Subject)
		case c.Type == "portal":
			return t("requirement.text.portal", c.Subject)
		case strings.HasPrefix(c.Key, "message:"):
			return t("requirement.text.message", c.Subject)
		}
		return t("requirement.text.integration", c.Subject, strings.Join(c.Steps, ", "))
	}
}
