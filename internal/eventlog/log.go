package eventlog

import (
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
	WorkFile   string    `json:"-"`
	UploadedBy string    `json:"uploaded_by"`
	CreatedAt  time.Time `json:"created_at"`
	FinishedAt time.Time `json:"finished_at,omitzero"`
	Version    int       `json:"version"`
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
