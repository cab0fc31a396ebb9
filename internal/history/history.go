// Package history describes the change log kept for every record users can
// edit: who changed which fields, from what, to what, and when.
package history

import (
	"fmt"
	"time"

	"github.com/tjenestevalg/tjenestevalg/internal/domain"
)

// Action says what happened to a record.
type Action string

// The actions recorded.
const (
	ActionCreate Action = "create"
	ActionUpdate Action = "update"
	ActionImport Action = "import"
	ActionDelete Action = "delete"
)

// FieldChange is one field's old and new value, as displayed text.
type FieldChange struct {
	Field string `json:"field"`
	Old   string `json:"old"`
	New   string `json:"new"`
}

// Change is one entry of a record's history.
type Change struct {
	ID              domain.ID     `json:"id"`
	CollaborationID domain.ID     `json:"-"`
	Entity          string        `json:"entity"`
	EntityID        domain.ID     `json:"entity_id"`
	Action          Action        `json:"action"`
	UserID          domain.ID     `json:"user_id,omitempty"`
	UserName        string        `json:"user_name"`
	At              time.Time     `json:"at"`
	Fields          []FieldChange `json:"fields"`
}

// Diff records the fields whose display values differ between old and new,
// in the order given.
type Diff struct {
	Fields []FieldChange
}

// Add records field if the two values differ. Values are formatted with %v;
// nil pointers become the empty string.
func (d *Diff) Add(field string, old, new any) {
	o, n := display(old), display(new)
	if o != n {
		d.Fields = append(d.Fields, FieldChange{Field: field, Old: o, New: n})
	}
}

// Empty reports whether nothing changed.
func (d *Diff) Empty() bool { return len(d.Fields) == 0 }

func display(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case *int64:
		if x == nil {
			return ""
		}
		return fmt.Sprint(*x)
	case *float64:
		if x == nil {
			return ""
		}
		return fmt.Sprint(*x)
	case *int:
		if x == nil {
			return ""
		}
		return fmt.Sprint(*x)
	case fmt.Stringer:
		return x.String()
	}
	return fmt.Sprint(v)
}

// New builds a change for principal p at time at.
func New(p domain.Principal, entity string, id domain.ID, action Action, at time.Time, fields []FieldChange) Change {
	return Change{CollaborationID: p.CollaborationID, Entity: entity, EntityID: id, Action: action,
		UserID: p.UserID, UserName: p.Name, At: at, Fields: fields}
}
