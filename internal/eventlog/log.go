package eventlog

import (
	"math"
	"strings"
	"time"

	"github.com/tjenestevalg/tjenestevalg/internal/domain"
)

// Status is where an imported log stands.
type Status string

// The statuses of a log.
const (
	// StatusMapping: a CSV file waits for its column mapping.
	StatusMapping Status = "mapping"
	// StatusImporting: the file is being read in the background.
	StatusImporting Status = "importing"
	// StatusDone: the statistics are stored.
	StatusDone Status = "done"
	// StatusFailed: the file could not be read; Error says why, and no
	// statistics are stored.
	StatusFailed Status = "failed"
)

// Log is an event log uploaded to a collaboration: the file's name and
// size, how far its import has come, and when done its statistics. The
// file itself is kept only while it is imported (a Noark extract holds
// personal data).
type Log struct {
	ID              domain.ID `json:"id"`
	CollaborationID domain.ID `json:"-"`
	Name            string    `json:"name"` // the uploaded file's name
	Format          Format    `json:"format"`
	Size            int64     `json:"size"`
	SHA256          string    `json:"sha256"`
	Status          Status    `json:"status"`
	// Read is how many bytes of the file the import has read, for
	// progress; updated at most about every half second.
	Read int64 `json:"read"`
	// Error is why the import failed, a translation key with its
	// parameters and the line of the file where known (0: none).
	// ErrorFile is the file inside an extract the error is about.
	Error       string   `json:"error,omitempty"`
	ErrorParams []string `json:"error_params,omitempty"`
	ErrorLine   int      `json:"error_line,omitempty"`
	ErrorFile   string   `json:"error_file,omitempty"`
	// Header and Sample are a CSV file's first line and first rows, for
	// the mapping step.
	Header  []string   `json:"header,omitempty"`
	Sample  [][]string `json:"sample,omitempty"`
	Mapping *Mapping   `json:"mapping,omitempty"`
	// Stats are the log's figures, only when Status is done.
	Stats *Stats `json:"stats,omitempty"`
	// MunicipalityID and ServiceID are the municipality's service the
	// log is attached to (0: none).
	MunicipalityID domain.ID `json:"municipality_id,omitempty"`
	ServiceID      domain.ID `json:"service_id,omitempty"`
	// WorkFile is where the file lives in the work folder while it
	// waits for its mapping or is imported, relative to the folder; ""
	// once the import has ended.
	WorkFile   string `json:"-"`
	UploadedBy string `json:"uploaded_by"`
	// UploadedByID is the uploading user (0 for the command line).
	UploadedByID domain.ID `json:"-"`
	CreatedAt    time.Time `json:"created_at"`
	FinishedAt   time.Time `json:"finished_at,omitzero"`
	Version      int       `json:"version"`
}

// Progress is how much of the file the import has read, 0..1; a finished
// log is 1.
func (l Log) Progress() float64 {
	switch {
	case l.Status == StatusDone || l.Status == StatusFailed:
		return 1
	case l.Size <= 0 || l.Read <= 0:
		return 0
	case l.Read >= l.Size:
		return 1
	}
	return float64(l.Read) / float64(l.Size)
}

// Comparison sets a log's activities beside the tasks of the attached
// municipality's current as-is model of the service. Names match when
// equal after case folding, trimming and collapsing spaces.
type Comparison struct {
	Model                 string      `json:"model"` // the as-is model's name
	Matched               []TaskMatch `json:"matched"`
	TasksNeverSeen        []string    `json:"tasks_never_seen"`
	ActivitiesWithoutTask []string    `json:"activities_without_task"`
}

// TaskMatch is a task of the model with the activity of the same name:
// how often it occurs, its measured median wait and the model's waiting
// days.
type TaskMatch struct {
	TaskID           string  `json:"task_id"`
	Task             string  `json:"task"`
	Activity         string  `json:"activity"`
	Occurrences      int     `json:"occurrences"`
	MeasuredWaitDays float64 `json:"measured_wait_days"`
	ModelWaitDays    float64 `json:"model_wait_days"`
}

// AnnualCases is a log's yearly case volume, the rule Apply sets a
// service's annual cases by. Cases count in the calendar year (UTC) of
// their first event. When the log's time frame covers one or more whole
// calendar years (its first event on or before 1 January and its last on
// or after 31 December of the year), the volume is the mean of those
// years' cases; otherwise it is the log's cases scaled from its time frame
// to 365 days (a time frame under a day counts as a day). Rounded to
// whole cases; false when the log has no cases.
func AnnualCases(s Stats) (int64, bool) {
	if s.Cases <= 0 {
		return 0, false
	}
	from, to := s.From.UTC(), s.To.UTC()
	var sum, years int
	for _, y := range s.CasesPerYear {
		first := time.Date(y.Year, time.January, 1, 0, 0, 0, 0, time.UTC)
		last := time.Date(y.Year, time.December, 31, 0, 0, 0, 0, time.UTC)
		if from.Before(first.AddDate(0, 0, 1)) && !to.Before(last) {
			sum += y.Cases
			years++
		}
	}
	if years > 0 {
		return int64(math.Round(float64(sum) / float64(years))), true
	}
	days := max(to.Sub(from).Hours()/24, 1)
	return int64(math.Round(float64(s.Cases) * 365 / days)), true
}

// LeadTimeDays is a log's lead time, the rule Apply sets a service's lead
// time by: the median case duration (first to last event) in days,
// rounded to a tenth; false when the log has no cases.
func LeadTimeDays(s Stats) (float64, bool) {
	if s.Cases <= 0 {
		return 0, false
	}
	return math.Round(s.CaseDuration.Median/86400*10) / 10, true
}

// normalName is a task's or an activity's name as Compare matches them:
// case-folded, trimmed, with runs of white space as one space.
func normalName(s string) string {
	return strings.ToLower(strings.Join(strings.Fields(s), " "))
}
