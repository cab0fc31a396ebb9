package realisation

import (
	"context"
	"time"

	"github.com/tjenestevalg/tjenestevalg/internal/domain"
)

// Store keeps plans, their indicators and measurements, and the
// notifications sent about them. Every call is scoped to a collaboration
// (Tracked alone may span all of them, for the reminder job).
// Implementations map a missing row to a not-found error and a duplicate
// key or a stale version to a conflict error.
type Store interface {
	// Atomic runs fn in one transaction: all of fn's writes land or none.
	Atomic(ctx context.Context, fn func(Store) error) error

	// PlanOf returns the plan of a service, not found
	// "realisation.plan_not_found" when it has none.
	PlanOf(ctx context.Context, collab, service domain.ID) (Plan, error)
	// CreatePlan inserts pl at version 1; conflict when the service already
	// has a plan.
	CreatePlan(ctx context.Context, pl Plan) (domain.ID, error)
	// TouchPlan records a change to a plan's indicators: its version rises
	// by one and by and at become its UpdatedBy and UpdatedAt.
	TouchPlan(ctx context.Context, collab, id domain.ID, by string, at time.Time) error

	// Indicators returns a plan's indicators in the order they were added.
	Indicators(ctx context.Context, collab, plan domain.ID) ([]Indicator, error)
	// Indicator returns one indicator, not found
	// "realisation.indicator_not_found" when it is not the collaboration's.
	Indicator(ctx context.Context, collab, id domain.ID) (Indicator, error)
	// CreateIndicator inserts ind at version 1; conflict when its plan has
	// an indicator of the same name.
	CreateIndicator(ctx context.Context, collab domain.ID, ind Indicator) (domain.ID, error)
	// UpdateIndicator stores ind (all but its plan) provided the stored
	// version is still ind.Version, raising it by one, and returns the new
	// version; conflict "error.stale" otherwise, not found when there is
	// no such indicator.
	UpdateIndicator(ctx context.Context, collab domain.ID, ind Indicator) (int, error)
	// DeleteIndicator removes an indicator still at version, with its
	// measurements and notifications.
	DeleteIndicator(ctx context.Context, collab, id domain.ID, version int) error

	// Measurements returns the measurements of a plan's indicators, by
	// indicator and in time order.
	Measurements(ctx context.Context, collab, plan domain.ID) ([]Measurement, error)
	Measurement(ctx context.Context, collab, id domain.ID) (Measurement, error)
	AddMeasurement(ctx context.Context, collab domain.ID, m Measurement) (domain.ID, error)
	DeleteMeasurement(ctx context.Context, collab, id domain.ID) error

	// Tracked returns every indicator of the collaboration (of every
	// collaboration when collab is 0) with its service and its latest
	// measurement: what reminders are computed from.
	Tracked(ctx context.Context, collab domain.ID) ([]Tracked, error)

	// AddNotification stores n unless a notification about the same
	// indicator and due date exists; created says whether it was stored.
	// Two servers adding the same one at once store it once.
	AddNotification(ctx context.Context, n Notification) (created bool, err error)
	// Notifications returns a user's notifications, newest first.
	Notifications(ctx context.Context, collab, user domain.ID) ([]Notification, error)
	// MarkNotificationRead sets a user's notification's ReadAt (once; a
	// second call keeps the first time). Not found when the notification
	// is not that user's.
	MarkNotificationRead(ctx context.Context, collab, user, id domain.ID, at time.Time) error
}

// Tracked is an indicator with where it belongs and its latest
// measurement (nil before the first).
type Tracked struct {
	Indicator
	CollaborationID domain.ID
	ServiceID       domain.ID
	ServiceSlug     string
	ServiceNameNB   string
	ServiceNameEN   string
	Latest          *Measurement
}

// Notification kinds.
const (
	// KindMeasurementDue tells an owner that an indicator's measurement is due.
	KindMeasurementDue = "measurement_due"
)

// Notification is an in-app message to one user. ServiceSlug, ServiceName*
// and IndicatorName are filled when read.
type Notification struct {
	ID              domain.ID  `json:"id"`
	CollaborationID domain.ID  `json:"-"`
	UserID          domain.ID  `json:"user_id"`
	Kind            string     `json:"kind"`
	ServiceID       domain.ID  `json:"service_id"`
	ServiceSlug     string     `json:"service_slug"`
	ServiceNameNB   string     `json:"service_name_nb"`
	ServiceNameEN   string     `json:"service_name_en,omitempty"`
	IndicatorID     domain.ID  `json:"indicator_id"`
	IndicatorName   string     `json:"indicator_name"`
	DueDate         time.Time  `json:"due_date"`
	CreatedAt       time.Time  `json:"created_at"`
	ReadAt          *time.Time `json:"read_at,omitempty"`
}
