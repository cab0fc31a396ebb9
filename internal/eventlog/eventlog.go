// Package eventlog reads event logs — XES (IEEE 1849), CSV with a column
// mapping, and Noark 5 archive extracts (subpackage noark) — as a stream of
// events and turns them into the statistics of process mining: cases,
// variants, case durations, rework, hand-overs and the directly-follows
// graph. The reading and the statistics are pure (values in, values out);
// the Manager (manager*.go) stores imported logs for a collaboration and
// applies their figures to the catalogue and the processes.
//
// Definitions follow pm4py and bupaR where they define the same figure:
// see docs/eventlogs.md.
package eventlog

import "time"

// Format names a kind of event-log file.
type Format string

// The formats read.
const (
	FormatXES   Format = "xes"    // XES, plain or gzip
	FormatCSV   Format = "csv"    // CSV with a Mapping
	FormatNoark Format = "noark5" // a Noark 5 archive extract (folder, .zip, .tar)
)

// Direction is how a Noark journal entry moved: incoming, outgoing or
// internal. Other formats leave it empty.
type Direction string

// The directions of a journal entry.
const (
	DirectionIn       Direction = "in"
	DirectionOut      Direction = "out"
	DirectionInternal Direction = "internal"
)

// Event is one event of a case as read from any format. Resource is
// already pseudonymised where the source names a person.
type Event struct {
	Case      string
	Activity  string
	Time      time.Time
	Resource  string
	Lifecycle string // lower case; "" is read as "complete"
	Direction Direction
}

// Durations summarises a set of durations in seconds. Median and P90
// interpolate linearly between the closest ranks (numpy's default, which
// pm4py uses).
type Durations struct {
	Median float64 `json:"median"`
	Mean   float64 `json:"mean"`
	P90    float64 `json:"p90"`
	Min    float64 `json:"min"`
	Max    float64 `json:"max"`
}

// Count is a name with how often it occurs.
type Count struct {
	Name  string `json:"name"`
	Count int    `json:"count"`
}

// YearCount is the number of cases started in a calendar year (UTC).
type YearCount struct {
	Year  int `json:"year"`
	Cases int `json:"cases"`
}

// Activity is one activity's frequencies: its events, the cases it occurs
// in, and its rework (cases where it occurs more than once, and the
// occurrences beyond the first).
type Activity struct {
	Name         string `json:"name"`
	Events       int    `json:"events"`
	Cases        int    `json:"cases"`
	ReworkCases  int    `json:"rework_cases"`
	ReworkEvents int    `json:"rework_events"`
	// MedianWaitSeconds is the median time from the case's previous
	// event to this activity, over its occurrences that have one: the
	// waiting time offered for the as-is model's task of the same name.
	MedianWaitSeconds float64 `json:"median_wait_seconds"`
}

// Variant is one distinct activity sequence with the cases that follow it.
type Variant struct {
	Activities []string `json:"activities"`
	Cases      int      `json:"cases"`
	Share      float64  `json:"share"` // of all cases, 0..1
}

// Handover is work passing from one resource to another between two
// consecutive events of a case.
type Handover struct {
	From  string `json:"from"`
	To    string `json:"to"`
	Count int    `json:"count"`
}

// Edge is a directly-follows relation: To directly after From in a case,
// how often, and the median time between them in seconds.
type Edge struct {
	From          string  `json:"from"`
	To            string  `json:"to"`
	Count         int     `json:"count"`
	MedianSeconds float64 `json:"median_wait_seconds"`
}

// DFG is the directly-follows graph: activities with their frequencies,
// edges, and the start and end activities.
type DFG struct {
	Nodes []Count `json:"nodes"`
	Edges []Edge  `json:"edges"`
	Start []Count `json:"start"`
	End   []Count `json:"end"`
}

// Stats are the figures of one log. Lists are sorted by count descending,
// then name.
type Stats struct {
	Format          Format      `json:"format"`
	Cases           int         `json:"cases"`
	Events          int         `json:"events"`
	Activities      int         `json:"activities"`
	Resources       int         `json:"resources"`
	Variants        int         `json:"variants"`
	CaseDuration    Durations   `json:"case_duration_seconds"`
	From            time.Time   `json:"from"`
	To              time.Time   `json:"to"`
	CasesPerYear    []YearCount `json:"cases_per_year"`
	StartActivities []Count     `json:"start_activities"`
	EndActivities   []Count     `json:"end_activities"`
	ActivityList    []Activity  `json:"activity_frequencies"`
	TopVariants     []Variant   `json:"top_variants"` // at most MaxVariants
	Handovers       []Handover  `json:"handovers"`
	DFG             DFG         `json:"dfg"`
	// Noark only: time from an incoming entry to the case's first
	// outgoing entry after it, over the cases that have both, and the
	// cases not closed.
	FirstReply      *Durations `json:"first_reply_seconds,omitempty"`
	FirstReplyCases int        `json:"first_reply_cases,omitempty"`
	OpenCases       *int       `json:"open_cases,omitempty"`
	// Warnings are things read around (events without a time …), as
	// translation keys with counts; they do not make the figures partial.
	Warnings []Count `json:"warnings,omitempty"`
}

// MaxVariants is how many variants Stats lists.
const MaxVariants = 50
