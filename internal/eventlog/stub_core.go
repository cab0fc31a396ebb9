package eventlog

// Placeholders for the readers' API (branch ev-core) so that the manager's
// API compiles before they land. Delete this file when merging ev-core.

// Mapping names the CSV columns of an event log.
type Mapping struct{ Case, Activity, Time, Resource, Lifecycle string }

// Builder collects events into Stats.
type Builder struct{}
