package eventlog

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/tjenestevalg/tjenestevalg/internal/catalogue"
	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/i18n"
	"github.com/tjenestevalg/tjenestevalg/internal/process"
)

// Catalogue is what the event-log manager reads of the catalogue: a
// service by slug and by id, a municipality and its facts about a service.
// The catalogue's store satisfies it (a record reader: see package wiring).
type Catalogue interface {
	ServiceBySlug(ctx context.Context, collab domain.ID, slug string) (catalogue.Service, error)
	Service(ctx context.Context, collab, id domain.ID) (catalogue.Service, error)
	Municipality(ctx context.Context, collab, id domain.ID) (catalogue.Municipality, error)
	MunicipalService(ctx context.Context, collab, service, municipality domain.ID) (catalogue.MunicipalService, error)
}

// Processes is what the manager reads and writes of the process models:
// the models of a service, the table view of one, and edits to it. The
// process manager satisfies it and decides who may read and save (a view
// reader: see package wiring).
type Processes interface {
	Models(ctx context.Context, p domain.Principal, slug string) ([]process.Model, error)
	Steps(ctx context.Context, p domain.Principal, slug string, modelID domain.ID) (process.Model, process.Version, []process.Step, error)
	EditSteps(ctx context.Context, p domain.Principal, slug string, modelID domain.ID,
		edits []process.Edit, comment string, baseVersion int) (process.Model, process.Version, error)
}

// Facts reads and writes a municipality's facts about a service; the
// catalogue manager satisfies it, checking rights and versions and
// recording the history.
type Facts interface {
	MunicipalService(ctx context.Context, p domain.Principal, slug string, mu domain.ID) (catalogue.Service, catalogue.Municipality, catalogue.MunicipalService, error)
	SaveMeasured(ctx context.Context, p domain.Principal, ms catalogue.MunicipalService, measured map[catalogue.Fact]catalogue.Measurement) (catalogue.MunicipalService, error)
}

// Benefits recomputes the stored benefit case rows of a municipality's
// service whose cases came from the catalogue, after its annual cases
// changed from previous to ms.AnnualCases. The benefit manager satisfies
// it.
type Benefits interface {
	RecomputeCases(ctx context.Context, p domain.Principal, slug string, ms catalogue.MunicipalService, previous *int64) error
}

// Writers are the writers Apply uses, all on one transaction.
type Writers struct {
	Facts    Facts
	Benefits Benefits
}

// NoarkReader reads a Noark 5 extract (a folder, .zip or .tar at path)
// into b. The wiring gives it: package noark builds on this one.
type NoarkReader func(path string, b *Builder) error

// Config is what a Manager works with beside its store.
type Config struct {
	Catalogue Catalogue
	Processes Processes
	// Atomic runs fn with writers over one transaction: Apply's facts and
	// benefit rows land together or not at all.
	Atomic func(ctx context.Context, fn func(Writers) error) error
	// ReadNoark reads Noark 5 extracts (nil: they are refused).
	ReadNoark NoarkReader
	// Dir is the work folder where a file lives while it waits for its
	// mapping or is imported.
	Dir string
	// MaxImports bounds the imports running at once (0: DefaultMaxImports).
	MaxImports int
	// Base is the context background imports run under; cancelling it
	// stops them, and they resume at the next start, or on another server
	// (Resume). Nil: context.Background.
	Base context.Context
	// Words writes the texts the manager stores in other modules' records
	// (a model version's comment). Nil: bokmål.
	Words func(key string, args ...any) string
	Clock domain.Clock
}

// DefaultMaxImports is how many imports run at once unless configured.
const DefaultMaxImports = 2

// Manager owns the rules of event logs: who may see, upload, attach and
// apply them, the background imports, and what a log's figures change in
// the catalogue, the benefit cases and the as-is processes. Internal users
// of the collaboration see and upload logs; suppliers never do.
type Manager struct {
	store Store
	cfg   Config
	slots chan struct{}

	mu   sync.Mutex
	jobs map[domain.ID]*job
	wg   sync.WaitGroup
}

// NewManager returns a Manager over store.
func NewManager(store Store, cfg Config) *Manager {
	if cfg.MaxImports <= 0 {
		cfg.MaxImports = DefaultMaxImports
	}
	if cfg.Base == nil {
		cfg.Base = context.Background()
	}
	if cfg.Clock == nil {
		cfg.Clock = domain.SystemClock{}
	}
	if cfg.Words == nil {
		cfg.Words = i18n.Lang(i18n.Default).T
	}
	return &Manager{store: store, cfg: cfg, slots: make(chan struct{}, cfg.MaxImports), jobs: map[domain.ID]*job{}}
}

// CanEdit reports whether p may attach log l's figures to municipality
// mu's row of a service and apply them (its coordinator, the service's
// responsible subject-matter owner there, the programme lead): it is the
// municipality's row of the catalogue (domain.CanEditMunicipalRow).
func CanEdit(p domain.Principal, mu, responsible domain.ID) bool {
	return domain.CanEditMunicipalRow(p, mu, responsible)
}

// CanDelete reports whether p may delete log l: the programme lead and
// whoever uploaded it.
func CanDelete(p domain.Principal, l Log) bool {
	return p.RequireInternal() == nil && (p.IsProgrammeLead() || p.System || (l.UploadedByID != 0 && l.UploadedByID == p.UserID))
}

// Logs returns the collaboration's logs, newest first.
// Errors: unauthorized, forbidden.
func (m *Manager) Logs(ctx context.Context, p domain.Principal) ([]Log, error) {
	if err := p.RequireInternal(); err != nil {
		return nil, err
	}
	return m.store.Logs(ctx, p.CollaborationID)
}

// Log returns one log with its statistics.
// Errors: unauthorized, forbidden, not found.
func (m *Manager) Log(ctx context.Context, p domain.Principal, id domain.ID) (Log, error) {
	if err := p.RequireInternal(); err != nil {
		return Log{}, err
	}
	return m.store.Log(ctx, p.CollaborationID, id)
}

// headSize is how much of a file Detect and the CSV header look at.
const headSize = 64 << 10

// Upload stores body as the work file of a new log named name, detects its
// format, and starts its import in the background; a CSV file waits for
// its mapping (StatusMapping) instead. A file that is no event log is
// refused and nothing is kept. An error reading body is returned as it is
// (the web's body limit).
// Errors: unauthorized, forbidden, invalid (file: eventlog.name_required,
// eventlog.error.not_event_log, a CSV file without a header …), internal.
func (m *Manager) Upload(ctx context.Context, p domain.Principal, name string, body io.Reader) (Log, error) {
	if err := p.RequireInternal(); err != nil {
		return Log{}, err
	}
	name = cleanName(name)
	if name == "" {
		return Log{}, domain.Invalid("eventlog.name_required", domain.Field("file", "eventlog.name_required"))
	}
	if err := os.MkdirAll(m.cfg.Dir, 0o700); err != nil {
		return Log{}, domain.Internal(err)
	}
	folder, err := os.MkdirTemp(m.cfg.Dir, "log-")
	if err != nil {
		return Log{}, domain.Internal(err)
	}
	keep := false
	defer func() {
		if !keep {
			os.RemoveAll(folder)
		}
	}()
	path := filepath.Join(folder, name)
	f, err := os.OpenFile(path, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if err != nil {
		return Log{}, domain.Internal(err)
	}
	h := sha256.New()
	head := &headBuffer{max: headSize}
	n, err := io.Copy(io.MultiWriter(f, h, head), body)
	if cerr := f.Close(); err == nil && cerr != nil {
		err = domain.Internal(cerr)
	}
	if err != nil {
		return Log{}, err
	}
	format, err := Detect(name, head.b)
	if err != nil {
		return Log{}, invalidFile(name, err)
	}
	if format == FormatNoark && m.cfg.ReadNoark == nil {
		return Log{}, domain.Invalid(CodeNotEventLog, domain.Field("file", CodeNotEventLog))
	}
	rel, err := filepath.Rel(m.cfg.Dir, path)
	if err != nil {
		return Log{}, domain.Internal(err)
	}
	l := Log{CollaborationID: p.CollaborationID, Name: name, Format: format, Size: n, SHA256: hex.EncodeToString(h.Sum(nil)),
		Status: StatusImporting, WorkFile: filepath.ToSlash(rel), UploadedBy: p.Name, UploadedByID: p.UserID, CreatedAt: m.cfg.Clock.Now()}
	if format == FormatCSV {
		f, err := os.Open(path)
		if err != nil {
			return Log{}, domain.Internal(err)
		}
		l.Header, l.Sample, err = CSVHeader(f)
		f.Close()
		if err != nil {
			return Log{}, invalidFile(name, err)
		}
		l.Status = StatusMapping
	}
	if l, err = m.store.CreateLog(ctx, l); err != nil {
		return Log{}, err
	}
	keep = true
	if l.Status == StatusImporting {
		m.claimAndStart(ctx, l)
	}
	return l, nil
}

// invalidFile is a reader's error as the upload's field error: the code,
// its parameters and the line where known.
func invalidFile(name string, err error) error {
	var re *ReadError
	if !errors.As(err, &re) {
		return domain.Internal(err)
	}
	params := re.Params
	if re.Line > 0 {
		return domain.Invalid(re.Code, domain.Field("file", "eventlog.error.at_line", name, re.Line),
			domain.Field("file", re.Code, params...))
	}
	return domain.Invalid(re.Code, domain.Field("file", re.Code, params...))
}

// cleanName is the base name of an uploaded file, without control
// characters, at most 200 characters; "" when nothing is left.
func cleanName(name string) string {
	name = strings.ReplaceAll(name, "\\", "/")
	name = strings.TrimSpace(name[strings.LastIndexByte(name, '/')+1:])
	name = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == utf8.RuneError {
			return -1
		}
		return r
	}, name)
	if name == "." || name == ".." {
		return ""
	}
	for utf8.RuneCountInString(name) > 200 {
		_, size := utf8.DecodeLastRuneInString(strings.TrimSuffix(name, filepath.Ext(name)))
		ext := filepath.Ext(name)
		name = name[:len(name)-len(ext)-size] + ext
	}
	return name
}

// headBuffer keeps the first max bytes written to it.
type headBuffer struct {
	b   []byte
	max int
}

func (h *headBuffer) Write(p []byte) (int, error) {
	if room := h.max - len(h.b); room > 0 {
		h.b = append(h.b, p[:min(room, len(p))]...)
	}
	return len(p), nil
}

// SetMapping sets a CSV log's column mapping and starts its import.
// Errors: unauthorized, forbidden, not found, conflict
// (eventlog.not_mapping: the log does not wait for a mapping), invalid
// (the mapping's fields: case, activity, time, resource, lifecycle).
func (m *Manager) SetMapping(ctx context.Context, p domain.Principal, id domain.ID, mp Mapping) (Log, error) {
	if err := p.RequireInternal(); err != nil {
		return Log{}, err
	}
	l, err := m.store.Log(ctx, p.CollaborationID, id)
	if err != nil {
		return Log{}, err
	}
	if l.Status != StatusMapping {
		return Log{}, domain.Conflict("eventlog.not_mapping")
	}
	if err := mp.Validate(l.Header); err != nil {
		return Log{}, err
	}
	l.Mapping, l.Status = &mp, StatusImporting
	if l.Version, err = m.store.SaveLog(ctx, l); err != nil {
		return Log{}, err
	}
	m.claimAndStart(ctx, l)
	return l, nil
}

// Attach attaches a done log to municipality's service with the given
// slug, for Apply and Compare. Whoever may change the municipality's row
// of the service may attach (CanEdit), and for a log attached elsewhere
// also that row's.
// Errors: unauthorized, forbidden, not found (log, service, municipality),
// conflict (eventlog.not_done, error.stale).
func (m *Manager) Attach(ctx context.Context, p domain.Principal, id, municipality domain.ID, serviceSlug string) (Log, error) {
	if err := p.RequireInternal(); err != nil {
		return Log{}, err
	}
	l, err := m.store.Log(ctx, p.CollaborationID, id)
	if err != nil {
		return Log{}, err
	}
	svc, err := m.cfg.Catalogue.ServiceBySlug(ctx, p.CollaborationID, serviceSlug)
	if err != nil {
		return Log{}, err
	}
	if _, err := m.cfg.Catalogue.Municipality(ctx, p.CollaborationID, municipality); err != nil {
		return Log{}, err
	}
	if err := m.mayEdit(ctx, p, svc.ID, municipality); err != nil {
		return Log{}, err
	}
	if l.ServiceID != 0 && (l.ServiceID != svc.ID || l.MunicipalityID != municipality) {
		if err := m.mayEdit(ctx, p, l.ServiceID, l.MunicipalityID); err != nil {
			return Log{}, err
		}
	}
	if l.Status != StatusDone {
		return Log{}, domain.Conflict("eventlog.not_done")
	}
	l.ServiceID, l.MunicipalityID = svc.ID, municipality
	if l.Version, err = m.store.SaveLog(ctx, l); err != nil {
		return Log{}, err
	}
	return l, nil
}

// mayEdit returns forbidden unless p may change municipality mu's facts
// about the service. Errors: forbidden, the store's.
func (m *Manager) mayEdit(ctx context.Context, p domain.Principal, service, mu domain.ID) error {
	var responsible domain.ID
	ms, err := m.cfg.Catalogue.MunicipalService(ctx, p.CollaborationID, service, mu)
	switch {
	case err == nil:
		responsible = ms.ResponsibleUserID
	case domain.KindOf(err) != domain.KindNotFound:
		return err
	}
	if !CanEdit(p, mu, responsible) {
		return domain.Forbidden("auth.forbidden")
	}
	return nil
}

// attached returns the log with its service, for Apply, Compare and
// ApplyWaits: a done log attached to a municipality's service.
// Errors: not found, conflict (eventlog.not_attached).
func (m *Manager) attached(ctx context.Context, p domain.Principal, id domain.ID) (Log, catalogue.Service, error) {
	l, err := m.store.Log(ctx, p.CollaborationID, id)
	if err != nil {
		return Log{}, catalogue.Service{}, err
	}
	if l.ServiceID == 0 || l.Stats == nil {
		return l, catalogue.Service{}, domain.Conflict("eventlog.not_attached")
	}
	svc, err := m.cfg.Catalogue.Service(ctx, p.CollaborationID, l.ServiceID)
	return l, svc, err
}

// Apply sets the attached municipality's annual cases (AnnualCases: cases
// per year over the log's time frame) and lead time (LeadTimeDays: the
// median case duration) of the service from the log, with provenance
// measured and the log as their measurement, and recomputes the stored
// benefit case's rows whose cases came from the catalogue: all in one
// transaction, through the catalogue manager (rights, version, history).
// Errors: unauthorized, forbidden, not found, conflict
// (eventlog.not_attached, error.stale).
func (m *Manager) Apply(ctx context.Context, p domain.Principal, id domain.ID) (catalogue.MunicipalService, error) {
	if err := p.RequireInternal(); err != nil {
		return catalogue.MunicipalService{}, err
	}
	l, svc, err := m.attached(ctx, p, id)
	if err != nil {
		return catalogue.MunicipalService{}, err
	}
	if err := m.mayEdit(ctx, p, svc.ID, l.MunicipalityID); err != nil {
		return catalogue.MunicipalService{}, err
	}
	cases, ok := AnnualCases(*l.Stats)
	lead, _ := LeadTimeDays(*l.Stats)
	if !ok {
		return catalogue.MunicipalService{}, domain.Conflict("eventlog.error.no_events")
	}
	mm := catalogue.Measurement{LogID: l.ID, File: l.Name, From: l.Stats.From, To: l.Stats.To, Cases: l.Stats.Cases}
	var out catalogue.MunicipalService
	err = m.cfg.Atomic(ctx, func(w Writers) error {
		_, _, ms, err := w.Facts.MunicipalService(ctx, p, svc.Slug, l.MunicipalityID)
		if err != nil {
			return err
		}
		previous := ms.AnnualCases
		ms.AnnualCases, ms.LeadTimeDays = &cases, &lead
		if out, err = w.Facts.SaveMeasured(ctx, p, ms, map[catalogue.Fact]catalogue.Measurement{
			catalogue.FactAnnualCases: mm, catalogue.FactLeadTimeDays: mm}); err != nil {
			return err
		}
		return w.Benefits.RecomputeCases(ctx, p, svc.Slug, out, previous)
	})
	return out, err
}

// Delete removes a log, stopping its import and removing its work file.
// The programme lead and the uploader may (CanDelete). Facts measured
// from it keep their measurement: they were measured.
// Errors: unauthorized, forbidden, not found, conflict (error.stale).
func (m *Manager) Delete(ctx context.Context, p domain.Principal, id domain.ID) error {
	if err := p.RequireInternal(); err != nil {
		return err
	}
	l, err := m.store.Log(ctx, p.CollaborationID, id)
	if err != nil {
		return err
	}
	if !CanDelete(p, l) {
		return domain.Forbidden("auth.forbidden")
	}
	m.mu.Lock()
	j := m.jobs[id]
	m.mu.Unlock()
	if j != nil {
		j.cancel()
		<-j.done
		if l, err = m.store.Log(ctx, p.CollaborationID, id); err != nil {
			return err
		}
	}
	if err := m.store.DeleteLog(ctx, p.CollaborationID, id, l.Version); err != nil {
		return err
	}
	m.removeWork(l)
	return nil
}

// removeWork deletes the log's work file and its folder.
func (m *Manager) removeWork(l Log) {
	if l.WorkFile == "" {
		return
	}
	dir := filepath.Dir(filepath.Join(m.cfg.Dir, filepath.FromSlash(l.WorkFile)))
	if rel, err := filepath.Rel(m.cfg.Dir, dir); err != nil || rel == "." || strings.HasPrefix(rel, "..") {
		return
	}
	os.RemoveAll(dir)
}
