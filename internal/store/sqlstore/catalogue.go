package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/tjenestevalg/tjenestevalg/internal/catalogue"
	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/history"
)

// Catalogue returns the catalogue's view of the database.
func (db *DB) Catalogue() catalogue.Store { return catalogueStore{db} }

type catalogueStore struct{ db *DB }

func (s catalogueStore) Atomic(ctx context.Context, fn func(catalogue.Store) error) error {
	return s.db.atomic(ctx, func(tx *DB) error { return fn(catalogueStore{tx}) })
}

// MunicipalityExists is what the account manager asks of the catalogue.
func (db *DB) MunicipalityExists(ctx context.Context, collab, id domain.ID) error {
	_, err := catalogueStore{db}.Municipality(ctx, collab, id)
	return err
}

func (s catalogueStore) CreateCollaboration(ctx context.Context, c catalogue.Collaboration) (domain.ID, error) {
	var id domain.ID
	err := s.db.queryRow(ctx, `INSERT INTO collaborations (slug, name, created_at) VALUES (?, ?, ?) RETURNING id`,
		c.Slug, c.Name, s.db.timeArg(s.db.now())).Scan(&id)
	return id, s.db.mapErr(err, "")
}

// saveBatch saves a batch in one transaction that marks the collaboration
// as written.
func saveBatch[T any](ctx context.Context, db *DB, collab domain.ID, list []T,
	save func(catalogueStore, context.Context, domain.ID, []T) error) error {
	if len(list) == 0 {
		return nil
	}
	return db.atomic(ctx, func(tx *DB) error {
		if err := save(catalogueStore{tx}, ctx, collab, list); err != nil {
			return err
		}
		tx.wrote(collab)
		return nil
	})
}

func (s catalogueStore) DataVersion(ctx context.Context, collab domain.ID) (int64, error) {
	var v int64
	err := s.db.queryRow(ctx, `SELECT data_version FROM collaborations WHERE id = ?`, collab).Scan(&v)
	return v, s.db.mapErr(err, "catalogue.collaboration_not_found")
}

func (s catalogueStore) Collaboration(ctx context.Context, id domain.ID) (catalogue.Collaboration, error) {
	var c catalogue.Collaboration
	err := s.db.queryRow(ctx, `SELECT id, slug, name FROM collaborations WHERE id = ?`, id).Scan(&c.ID, &c.Slug, &c.Name)
	return c, s.db.mapErr(err, "catalogue.collaboration_not_found")
}

func (s catalogueStore) CollaborationBySlug(ctx context.Context, slug string) (catalogue.Collaboration, error) {
	var c catalogue.Collaboration
	err := s.db.queryRow(ctx, `SELECT id, slug, name FROM collaborations WHERE slug = ?`, slug).Scan(&c.ID, &c.Slug, &c.Name)
	return c, s.db.mapErr(err, "catalogue.collaboration_not_found")
}

const serviceCols = `s.id, s.collaboration_id, s.slug, s.name_nb, s.name_en, s.description, s.area, s.kostra_function,
	s.mandated, s.legal_basis, s.target_group, s.life_event, s.notes, s.version, s.updated_at`

func serviceDest(v *catalogue.Service, legal *string) []any {
	return []any{intCol[int64]{&v.ID}, intCol[int64]{&v.CollaborationID}, &v.Slug, &v.NameNB, &v.NameEN, &v.Description, &v.Area,
		&v.KostraFunction, boolCol{&v.Mandated}, legal, &v.TargetGroup, &v.LifeEvent, &v.Notes, intCol[int]{&v.Version},
		timeCol{&v.UpdatedAt}}
}

// legalFromDB reads the stored legal basis: one reference per line.
func legalFromDB(s string) []catalogue.LegalRef {
	var refs []catalogue.LegalRef
	for line := range strings.SplitSeq(s, "\n") {
		if line == "" {
			continue
		}
		law, section, _ := strings.Cut(line, " § ")
		refs = append(refs, catalogue.LegalRef{Law: law, Section: section})
	}
	return refs
}

func legalToDB(refs []catalogue.LegalRef) string {
	lines := make([]string, len(refs))
	for i, r := range refs {
		lines[i] = r.String()
	}
	return strings.Join(lines, "\n")
}

func (s catalogueStore) scanServices(rows *sql.Rows, extra ...any) ([]catalogue.Service, error) {
	defer rows.Close()
	var out []catalogue.Service
	for rows.Next() {
		var v catalogue.Service
		var legal string
		if err := rows.Scan(append(serviceDest(&v, &legal), extra...)...); err != nil {
			return nil, s.db.mapErr(err, "")
		}
		v.LegalBasis = legalFromDB(legal)
		out = append(out, v)
	}
	return out, s.db.mapErr(rows.Err(), "")
}

func (s catalogueStore) ServiceSummaries(ctx context.Context, collab, municipality domain.ID) ([]catalogue.ServiceSummary, error) {
	// The collaboration's figures come from service_totals; one
	// municipality's straight from its row.
	q := `SELECT ` + serviceCols + `, COALESCE(t.offering, 0), t.annual_cases, t.maturity
		FROM services s LEFT JOIN service_totals t ON t.service_id = s.id WHERE s.collaboration_id = ?`
	args := []any{collab}
	if municipality != 0 {
		q = `SELECT ` + serviceCols + `, CASE WHEN ms.offered IS NOT NULL AND ms.offered <> 'no' THEN 1 ELSE 0 END,
			ms.annual_cases, ms.maturity
			FROM services s LEFT JOIN municipal_services ms ON ms.service_id = s.id AND ms.municipality_id = ?
			WHERE s.collaboration_id = ?`
		args = []any{municipality, collab}
	}
	rows, err := s.db.query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []catalogue.ServiceSummary
	// The destinations are made once, not once a row.
	var v catalogue.ServiceSummary
	var legal string
	var cases sql.NullInt64
	var maturity sql.NullFloat64
	dest := append(serviceDest(&v.Service, &legal), intCol[int64]{&v.Offering}, nullIntCol{&cases}, nullFloatCol{&maturity})
	for rows.Next() {
		v = catalogue.ServiceSummary{}
		if err := rows.Scan(dest...); err != nil {
			return nil, s.db.mapErr(err, "")
		}
		row := v
		row.LegalBasis = legalFromDB(legal)
		row.AnnualCases, row.Maturity = nullInt(cases), nullFloat(maturity)
		out = append(out, row)
	}
	return out, s.db.mapErr(rows.Err(), "")
}

// refreshTotals recomputes service_totals for the given services, in the
// transaction of the write that changed their facts.
func (s catalogueStore) refreshTotals(ctx context.Context, services []domain.ID) error {
	const chunk = 500
	for start := 0; start < len(services); start += chunk {
		part := services[start:min(len(services), start+chunk)]
		in := strings.TrimSuffix(strings.Repeat("?, ", len(part)), ", ")
		args := make([]any, len(part))
		for i, id := range part {
			args[i] = id
		}
		if _, err := s.db.exec(ctx, `DELETE FROM service_totals WHERE service_id IN (`+in+`)`, args...); err != nil {
			return err
		}
		if _, err := s.db.exec(ctx, `INSERT INTO service_totals (service_id, offering, annual_cases, maturity)
			SELECT service_id, COUNT(CASE WHEN offered <> 'no' THEN 1 END), CAST(SUM(annual_cases) AS BIGINT),
				CAST(AVG(maturity) AS DOUBLE PRECISION)
			FROM municipal_services WHERE service_id IN (`+in+`) GROUP BY service_id`, args...); err != nil {
			return err
		}
	}
	return nil
}

func (s catalogueStore) Services(ctx context.Context, collab domain.ID) ([]catalogue.Service, error) {
	rows, err := s.db.query(ctx, `SELECT `+serviceCols+` FROM services s WHERE s.collaboration_id = ? ORDER BY s.slug`, collab)
	if err != nil {
		return nil, err
	}
	return s.scanServices(rows)
}

func (s catalogueStore) service(ctx context.Context, where string, args ...any) (catalogue.Service, error) {
	var v catalogue.Service
	var legal string
	err := s.db.queryRow(ctx, `SELECT `+serviceCols+` FROM services s WHERE `+where, args...).Scan(serviceDest(&v, &legal)...)
	if err != nil {
		return v, s.db.mapErr(err, "catalogue.service_not_found")
	}
	v.LegalBasis = legalFromDB(legal)
	return v, nil
}

func (s catalogueStore) Service(ctx context.Context, collab, id domain.ID) (catalogue.Service, error) {
	return s.service(ctx, `s.collaboration_id = ? AND s.id = ?`, collab, id)
}

func (s catalogueStore) ServiceBySlug(ctx context.Context, collab domain.ID, slug string) (catalogue.Service, error) {
	return s.service(ctx, `s.collaboration_id = ? AND s.slug = ?`, collab, slug)
}

func (s catalogueStore) SaveServices(ctx context.Context, collab domain.ID, list []catalogue.Service) error {
	return saveBatch(ctx, s.db, collab, list, catalogueStore.saveServices)
}

func (s catalogueStore) saveServices(ctx context.Context, collab domain.ID, list []catalogue.Service) error {
	now := s.db.now()
	var inserts []int
	for i := range list {
		v := &list[i]
		if v.UpdatedAt.IsZero() {
			v.UpdatedAt = now
		}
		if v.ID == 0 {
			inserts = append(inserts, i)
			continue
		}
		res, err := s.db.exec(ctx, `UPDATE services SET slug = ?, name_nb = ?, name_en = ?, description = ?, area = ?,
			kostra_function = ?, mandated = ?, legal_basis = ?, target_group = ?, life_event = ?, notes = ?,
			version = version + 1, updated_at = ?
			WHERE id = ? AND collaboration_id = ? AND version = ?`,
			v.Slug, v.NameNB, v.NameEN, v.Description, v.Area, v.KostraFunction, v.Mandated, legalToDB(v.LegalBasis),
			v.TargetGroup, v.LifeEvent, v.Notes, s.db.timeArg(v.UpdatedAt), v.ID, collab, v.Version)
		if err := staleCheck(res, err); err != nil {
			return err
		}
		v.Version++
	}
	const cols = 13
	for start := 0; start < len(inserts); start += s.db.chunk(cols) {
		part := inserts[start:min(len(inserts), start+s.db.chunk(cols))]
		args := make([]any, 0, len(part)*cols)
		for _, i := range part {
			v := &list[i]
			v.CollaborationID, v.Version = collab, 1
			args = append(args, collab, v.Slug, v.NameNB, v.NameEN, v.Description, v.Area, v.KostraFunction, v.Mandated,
				legalToDB(v.LegalBasis), v.TargetGroup, v.LifeEvent, v.Notes, s.db.timeArg(v.UpdatedAt))
		}
		rows, err := s.db.query(ctx, `INSERT INTO services (collaboration_id, slug, name_nb, name_en, description, area,
			kostra_function, mandated, legal_basis, target_group, life_event, notes, updated_at)
			VALUES `+placeholders(len(part), cols)+` RETURNING id, slug`, args...)
		if err != nil {
			return err
		}
		ids := map[string]domain.ID{}
		if err := scanKeys(rows, func(r *sql.Rows) error {
			var id domain.ID
			var slug string
			if err := r.Scan(&id, &slug); err != nil {
				return err
			}
			ids[slug] = id
			return nil
		}); err != nil {
			return s.db.mapErr(err, "")
		}
		for _, i := range part {
			list[i].ID = ids[list[i].Slug]
		}
	}
	return nil
}

func scanKeys(rows *sql.Rows, fn func(*sql.Rows) error) error {
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

func staleCheck(res sql.Result, err error) error {
	if err != nil {
		return err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return domain.Internal(err)
	}
	if n == 0 {
		return domain.Conflict("error.stale")
	}
	return nil
}

const municipalityCols = `id, collaboration_id, number, name, population, population_year, valid_from, valid_to,
	successor_id, illustrative, version, has_facts`

// municipalityScanner reads rows of municipalityCols into destinations
// made once a query.
type municipalityScanner struct {
	m               catalogue.Municipality
	pop, year, succ sql.NullInt64
	dest            []any
}

func newMunicipalityScanner() *municipalityScanner {
	ms := &municipalityScanner{}
	m := &ms.m
	ms.dest = []any{intCol[int64]{&m.ID}, intCol[int64]{&m.CollaborationID}, &m.Number, &m.Name, nullIntCol{&ms.pop}, nullIntCol{&ms.year},
		nullTimeCol{&m.ValidFrom}, nullTimeCol{&m.ValidTo}, nullIntCol{&ms.succ}, boolCol{&m.Illustrative}, intCol[int]{&m.Version},
		boolCol{&m.HasFacts}}
	return ms
}

func (ms *municipalityScanner) scan(scan func(...any) error) (catalogue.Municipality, error) {
	ms.m = catalogue.Municipality{}
	err := scan(ms.dest...)
	m := ms.m
	if ms.pop.Valid || ms.year.Valid {
		n := &[2]int64{ms.pop.Int64, ms.year.Int64}
		if ms.pop.Valid {
			m.Population = &n[0]
		}
		if ms.year.Valid {
			m.PopulationYear = &n[1]
		}
	}
	m.SuccessorID = ms.succ.Int64
	return m, err
}

func (s catalogueStore) scanMunicipality(scan func(...any) error) (catalogue.Municipality, error) {
	return newMunicipalityScanner().scan(scan)
}

func (s catalogueStore) Municipalities(ctx context.Context, collab domain.ID) ([]catalogue.Municipality, error) {
	rows, err := s.db.query(ctx, `SELECT `+municipalityCols+` FROM municipalities WHERE collaboration_id = ?
		ORDER BY CASE WHEN valid_to IS NULL THEN 0 ELSE 1 END, name`, collab)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []catalogue.Municipality
	ms := newMunicipalityScanner()
	for rows.Next() {
		m, err := ms.scan(rows.Scan)
		if err != nil {
			return nil, s.db.mapErr(err, "")
		}
		out = append(out, m)
	}
	return out, s.db.mapErr(rows.Err(), "")
}

func (s catalogueStore) Municipality(ctx context.Context, collab, id domain.ID) (catalogue.Municipality, error) {
	m, err := s.scanMunicipality(s.db.queryRow(ctx, `SELECT `+municipalityCols+` FROM municipalities WHERE collaboration_id = ? AND id = ?`, collab, id).Scan)
	return m, s.db.mapErr(err, "catalogue.municipality_not_found")
}

func (s catalogueStore) SaveMunicipalities(ctx context.Context, collab domain.ID, list []catalogue.Municipality) error {
	return saveBatch(ctx, s.db, collab, list, catalogueStore.saveMunicipalities)
}

func (s catalogueStore) saveMunicipalities(ctx context.Context, collab domain.ID, list []catalogue.Municipality) error {
	for i := range list {
		m := &list[i]
		args := []any{m.Number, m.Name, int64Ptr(m.Population), int64Ptr(m.PopulationYear), s.db.dateArg(m.ValidFrom),
			s.db.dateArg(m.ValidTo), idArg(m.SuccessorID), m.Illustrative}
		if m.ID == 0 {
			err := s.db.queryRow(ctx, `INSERT INTO municipalities (number, name, population, population_year, valid_from,
				valid_to, successor_id, illustrative, collaboration_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
				append(args, collab)...).Scan(&m.ID)
			if err != nil {
				return s.db.mapErr(err, "")
			}
			m.CollaborationID, m.Version = collab, 1
			continue
		}
		res, err := s.db.exec(ctx, `UPDATE municipalities SET number = ?, name = ?, population = ?, population_year = ?,
			valid_from = ?, valid_to = ?, successor_id = ?, illustrative = ?, version = version + 1
			WHERE collaboration_id = ? AND id = ? AND version = ?`, append(args, collab, m.ID, m.Version)...)
		if err := staleCheck(res, err); err != nil {
			return err
		}
		m.Version++
	}
	return nil
}

// factCols are the columns scanFact reads: the numbers, then a source
// column per catalogue.Fact in its order, then the measurements.
var factCols = `ms.id, ms.service_id, ms.municipality_id, ms.offered, ms.delivered_by, ms.annual_cases, ms.employee_minutes,
	ms.citizen_minutes, ms.hourly_cost, ms.maturity, ms.share_paper, ms.share_email, ms.share_phone, ms.share_digital,
	ms.systems, ms.responsible_user_id, ms.lead_time_days, ` + sourcesCol + `, ms.measured, ms.version, ms.updated_at`

// sourcesCol reads the provenance columns of every fact, in the order of
// catalogue.Facts, as one text joined by sourceSep: the SQLite driver's
// cost is mostly per column and per string, and the seven sources were a
// quarter of the columns of a service page's 357 rows.
var sourcesCol = func() string {
	cols := make([]string, len(catalogue.Facts))
	for i, f := range catalogue.Facts {
		cols[i] = "ms." + string(f) + "_source"
	}
	return strings.Join(cols, " || '"+sourceSep+"' || ")
}()

// sourceSep separates the sources in sourcesCol: the ASCII unit separator,
// which no provenance holds.
const sourceSep = "\x1f"

// sourceCols lists the provenance column of every fact, in the order of
// catalogue.Facts.
func sourceCols(prefix string) string {
	cols := make([]string, len(catalogue.Facts))
	for i, f := range catalogue.Facts {
		cols[i] = prefix + string(f) + "_source"
	}
	return strings.Join(cols, ", ")
}

// factScanner reads rows of factCols. Its destinations are made once a
// query rather than once a row: the service page reads 357 rows of 28
// columns, and building them anew for each row was a large part of its
// allocations.
type factScanner struct {
	v                                                  catalogue.MunicipalService
	cases, maturity, resp                              sql.NullInt64
	emp, cit, cost, paper, email, phone, digital, lead sql.NullFloat64
	sources                                            string // sourcesCol
	measured                                           string
	dest                                               []any
}

func newFactScanner() *factScanner {
	f := &factScanner{}
	v := &f.v
	f.dest = []any{intCol[int64]{&v.ID}, intCol[int64]{&v.ServiceID}, intCol[int64]{&v.MunicipalityID}, textCol[catalogue.Offered]{&v.Offered}, &v.DeliveredBy,
		nullIntCol{&f.cases}, nullFloatCol{&f.emp}, nullFloatCol{&f.cit}, nullFloatCol{&f.cost}, nullIntCol{&f.maturity},
		nullFloatCol{&f.paper}, nullFloatCol{&f.email}, nullFloatCol{&f.phone}, nullFloatCol{&f.digital}, &v.Systems,
		nullIntCol{&f.resp}, nullFloatCol{&f.lead}, &f.sources, &f.measured, intCol[int]{&v.Version}, timeCol{&v.UpdatedAt}}
	return f
}

// factNumbers holds the numbers of one row, so that its optional numbers
// point into one allocation.
type factNumbers struct {
	cases, maturity                                    int64
	emp, cit, cost, paper, email, phone, digital, lead float64
}

func (f *factScanner) scan(scan func(...any) error) (catalogue.MunicipalService, error) {
	f.v, f.measured = catalogue.MunicipalService{}, ""
	if err := scan(f.dest...); err != nil {
		return f.v, err
	}
	v := f.v
	if f.measured != "" {
		if err := json.Unmarshal([]byte(f.measured), &v.Measured); err != nil {
			return v, err
		}
	}
	n := &factNumbers{cases: f.cases.Int64, maturity: f.maturity.Int64, emp: f.emp.Float64, cit: f.cit.Float64,
		cost: f.cost.Float64, paper: f.paper.Float64, email: f.email.Float64, phone: f.phone.Float64,
		digital: f.digital.Float64, lead: f.lead.Float64}
	intPtr := func(valid bool, p *int64) *int64 {
		if valid {
			return p
		}
		return nil
	}
	floatPtr := func(valid bool, p *float64) *float64 {
		if valid {
			return p
		}
		return nil
	}
	v.AnnualCases, v.Maturity = intPtr(f.cases.Valid, &n.cases), intPtr(f.maturity.Valid, &n.maturity)
	v.EmployeeMinutes, v.CitizenMinutes = floatPtr(f.emp.Valid, &n.emp), floatPtr(f.cit.Valid, &n.cit)
	v.HourlyCost, v.LeadTimeDays = floatPtr(f.cost.Valid, &n.cost), floatPtr(f.lead.Valid, &n.lead)
	v.Channels = catalogue.Channels{Paper: floatPtr(f.paper.Valid, &n.paper), Email: floatPtr(f.email.Valid, &n.email),
		Phone: floatPtr(f.phone.Valid, &n.phone), Digital: floatPtr(f.digital.Valid, &n.digital)}
	v.ResponsibleUserID = f.resp.Int64
	v.Provenance = make(map[catalogue.Fact]catalogue.Provenance, len(catalogue.Facts))
	rest := f.sources
	for i, fact := range catalogue.Facts {
		src, more, found := strings.Cut(rest, sourceSep)
		if found != (i < len(catalogue.Facts)-1) {
			return v, fmt.Errorf("sqlstore: %d sources in %q, want %d", i+1, f.sources, len(catalogue.Facts))
		}
		if src != "" {
			v.Provenance[fact] = catalogue.Provenance(src)
		}
		rest = more
	}
	return v, nil
}

func scanFact(scan func(...any) error) (catalogue.MunicipalService, error) {
	return newFactScanner().scan(scan)
}

func nullInt(n sql.NullInt64) *int64 {
	if !n.Valid {
		return nil
	}
	return &n.Int64
}

func nullFloat(n sql.NullFloat64) *float64 {
	if !n.Valid {
		return nil
	}
	return &n.Float64
}

func (s catalogueStore) MunicipalServices(ctx context.Context, collab, service domain.ID) ([]catalogue.MunicipalService, error) {
	q := `SELECT ` + factCols + ` FROM municipal_services ms JOIN services s ON s.id = ms.service_id WHERE s.collaboration_id = ?`
	args := []any{collab}
	if service != 0 {
		q += ` AND ms.service_id = ?`
		args = append(args, service)
	}
	rows, err := s.db.query(ctx, q+` ORDER BY ms.service_id, ms.municipality_id`, args...)
	if err != nil {
		return nil, err
	}
	return s.scanFacts(rows)
}

func (s catalogueStore) scanFacts(rows *sql.Rows) ([]catalogue.MunicipalService, error) {
	defer rows.Close()
	var out []catalogue.MunicipalService
	f := newFactScanner()
	for rows.Next() {
		v, err := f.scan(rows.Scan)
		if err != nil {
			return nil, s.db.mapErr(err, "")
		}
		out = append(out, v)
	}
	return out, s.db.mapErr(rows.Err(), "")
}

func (s catalogueStore) MunicipalService(ctx context.Context, collab, service, municipality domain.ID) (catalogue.MunicipalService, error) {
	v, err := scanFact(s.db.queryRow(ctx, `SELECT `+factCols+` FROM municipal_services ms JOIN services s ON s.id = ms.service_id
		WHERE s.collaboration_id = ? AND ms.service_id = ? AND ms.municipality_id = ?`, collab, service, municipality).Scan)
	return v, s.db.mapErr(err, "catalogue.facts_not_found")
}

func factArgs(db *DB, v *catalogue.MunicipalService) []any {
	return appendFactArgs(make([]any, 0, 32), db, v)
}

// appendFactArgs appends factArgs to args, so that a chunk of rows
// builds one slice.
func appendFactArgs(args []any, db *DB, v *catalogue.MunicipalService) []any {
	args = append(args, v.Offered, v.DeliveredBy, int64Ptr(v.AnnualCases), float64Ptr(v.EmployeeMinutes), float64Ptr(v.CitizenMinutes),
		float64Ptr(v.HourlyCost), int64Ptr(v.Maturity), float64Ptr(v.Channels.Paper), float64Ptr(v.Channels.Email),
		float64Ptr(v.Channels.Phone), float64Ptr(v.Channels.Digital), v.Systems, idArg(v.ResponsibleUserID),
		float64Ptr(v.LeadTimeDays))
	for _, f := range catalogue.Facts {
		args = append(args, string(v.Provenance[f]))
	}
	measured := ""
	if len(v.Measured) > 0 {
		b, err := json.Marshal(v.Measured)
		if err != nil {
			panic(err) // a map of plain values always marshals
		}
		measured = string(b)
	}
	return append(args, measured, db.timeArg(v.UpdatedAt))
}

// factWriteCols are the columns factArgs gives, in its order.
var factWriteCols = `offered, delivered_by, annual_cases, employee_minutes, citizen_minutes, hourly_cost, maturity,
	share_paper, share_email, share_phone, share_digital, systems, responsible_user_id, lead_time_days, ` +
	sourceCols("") + `, measured, updated_at`

func (s catalogueStore) SaveMunicipalServices(ctx context.Context, collab domain.ID, list []catalogue.MunicipalService) error {
	return saveBatch(ctx, s.db, collab, list, catalogueStore.saveMunicipalServices)
}

func (s catalogueStore) saveMunicipalServices(ctx context.Context, collab domain.ID, list []catalogue.MunicipalService) error {
	now := s.db.now()
	var inserts []int
	setters := strings.ReplaceAll(strings.Join(strings.Fields(factWriteCols), " "), ",", " = ?,") + " = ?"
	update := s.db.once(`UPDATE municipal_services SET ` + setters + `, version = version + 1
			WHERE id = ? AND version = ? AND service_id IN (SELECT id FROM services WHERE collaboration_id = ?)`)
	defer update.Close()
	for i := range list {
		v := &list[i]
		if v.UpdatedAt.IsZero() {
			v.UpdatedAt = now
		}
		if v.ID == 0 {
			inserts = append(inserts, i)
			continue
		}
		res, err := update.exec(ctx, 1, append(factArgs(s.db, v), v.ID, v.Version, collab))
		if err := staleCheck(res, err); err != nil {
			return err
		}
		v.Version++
	}
	cols := 2 + len(strings.Split(factWriteCols, ","))
	type key struct{ s, m domain.ID }
	insert := s.db.chunked(cols, func(rows int) string {
		return `INSERT INTO municipal_services (service_id, municipality_id, ` + factWriteCols + `)
			VALUES ` + placeholders(rows, cols) + ` RETURNING id, service_id, municipality_id`
	})
	defer insert.Close()
	var args []any
	ids := map[key]domain.ID{}
	for start := 0; start < len(inserts); start += insert.full {
		part := inserts[start:min(len(inserts), start+insert.full)]
		args = args[:0]
		for _, i := range part {
			v := &list[i]
			v.Version = 1
			args = appendFactArgs(append(args, v.ServiceID, v.MunicipalityID), s.db, v)
		}
		rows, err := insert.query(ctx, len(part), args)
		if err != nil {
			return err
		}
		clear(ids)
		if err := scanKeys(rows, func(r *sql.Rows) error {
			var id domain.ID
			var k key
			if err := r.Scan(&id, &k.s, &k.m); err != nil {
				return err
			}
			ids[k] = id
			return nil
		}); err != nil {
			return s.db.mapErr(err, "")
		}
		for _, i := range part {
			list[i].ID = ids[key{list[i].ServiceID, list[i].MunicipalityID}]
		}
	}
	var services, munis []domain.ID
	seenS, seenM := map[domain.ID]bool{}, map[domain.ID]bool{}
	for _, v := range list {
		if !seenS[v.ServiceID] {
			seenS[v.ServiceID] = true
			services = append(services, v.ServiceID)
		}
		if !seenM[v.MunicipalityID] {
			seenM[v.MunicipalityID] = true
			munis = append(munis, v.MunicipalityID)
		}
	}
	if err := s.markHasFacts(ctx, munis); err != nil {
		return err
	}
	return s.refreshTotals(ctx, services)
}

// markHasFacts records that the municipalities now have facts.
func (s catalogueStore) markHasFacts(ctx context.Context, munis []domain.ID) error {
	for part := range slices.Chunk(munis, 500) {
		args := make([]any, len(part))
		for i, id := range part {
			args[i] = id
		}
		in := strings.TrimSuffix(strings.Repeat("?, ", len(part)), ", ")
		if _, err := s.db.exec(ctx, `UPDATE municipalities SET has_facts = TRUE WHERE has_facts = FALSE AND id IN (`+in+`)`, args...); err != nil {
			return err
		}
	}
	return nil
}

func (s catalogueStore) AddChanges(ctx context.Context, list []history.Change) error {
	const cols = 8
	insert := s.db.chunked(cols, func(rows int) string {
		return `INSERT INTO changes (collaboration_id, entity, entity_id, action, user_id, user_name, at, fields)
			VALUES ` + placeholders(rows, cols)
	})
	defer insert.Close()
	var args []any
	for start := 0; start < len(list); start += insert.full {
		part := list[start:min(len(list), start+insert.full)]
		args = args[:0]
		for _, c := range part {
			fields := "null" // an entry without a field list, as json.Marshal writes it
			if c.Fields != nil {
				b, err := json.Marshal(c.Fields)
				if err != nil {
					return domain.Internal(err)
				}
				fields = string(b)
			}
			args = append(args, c.CollaborationID, c.Entity, c.EntityID, string(c.Action), idArg(c.UserID), c.UserName,
				s.db.timeArg(c.At), fields)
		}
		if _, err := insert.exec(ctx, len(part), args); err != nil {
			return err
		}
	}
	return nil
}

func (s catalogueStore) Changes(ctx context.Context, collab domain.ID, entity string, id domain.ID) ([]history.Change, error) {
	rows, err := s.db.query(ctx, `SELECT id, collaboration_id, entity, entity_id, action, user_id, user_name, at, fields
		FROM changes WHERE collaboration_id = ? AND entity = ? AND entity_id = ? ORDER BY at DESC, id DESC`, collab, entity, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []history.Change
	for rows.Next() {
		var c history.Change
		var user sql.NullInt64
		var fields string
		if err := rows.Scan(&c.ID, &c.CollaborationID, &c.Entity, &c.EntityID, &c.Action, &user, &c.UserName, timeCol{&c.At}, &fields); err != nil {
			return nil, s.db.mapErr(err, "")
		}
		c.UserID = user.Int64
		if err := json.Unmarshal([]byte(fields), &c.Fields); err != nil {
			return nil, domain.Internal(err)
		}
		out = append(out, c)
	}
	return out, s.db.mapErr(rows.Err(), "")
}

func (s catalogueStore) UserGrants(ctx context.Context, collab, user domain.ID) ([]domain.Grant, error) {
	var n int
	if err := s.db.queryRow(ctx, `SELECT COUNT(*) FROM users WHERE id = ? AND collaboration_id = ?`, user, collab).Scan(&n); err != nil {
		return nil, s.db.mapErr(err, "")
	}
	if n == 0 {
		return nil, domain.NotFound("auth.user_not_found")
	}
	g, err := accountStore{s.db}.grants(ctx, `user_id = ?`, user)
	return g[user], err
}

// completeSQL is catalogue.MunicipalService.Complete in SQL.
const completeSQL = `(ms.offered = 'no' OR (ms.annual_cases IS NOT NULL AND ms.employee_minutes IS NOT NULL AND ms.maturity IS NOT NULL))`

func (s catalogueStore) FactCounts(ctx context.Context, collab domain.ID) (map[domain.ID]catalogue.FactCount, error) {
	rows, err := s.db.query(ctx, `SELECT ms.municipality_id, COUNT(*), SUM(CASE WHEN `+completeSQL+` THEN 1 ELSE 0 END)
		FROM municipal_services ms JOIN services s ON s.id = ms.service_id
		WHERE s.collaboration_id = ? GROUP BY ms.municipality_id`, collab)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[domain.ID]catalogue.FactCount{}
	for rows.Next() {
		var id domain.ID
		var c catalogue.FactCount
		if err := rows.Scan(&id, &c.Recorded, &c.Complete); err != nil {
			return nil, s.db.mapErr(err, "")
		}
		out[id] = c
	}
	return out, s.db.mapErr(rows.Err(), "")
}

func (s catalogueStore) Responsibilities(ctx context.Context, collab, user domain.ID) ([]catalogue.MunicipalService, error) {
	rows, err := s.db.query(ctx, `SELECT `+factCols+` FROM municipal_services ms JOIN services s ON s.id = ms.service_id
		WHERE s.collaboration_id = ? AND ms.responsible_user_id = ? ORDER BY s.name_nb, ms.municipality_id`, collab, user)
	if err != nil {
		return nil, err
	}
	return s.scanFacts(rows)
}

func (s catalogueStore) ServiceEditors(ctx context.Context, collab, service domain.ID) (domain.Editors, error) {
	return collect(ctx, s.db, func(id *domain.ID) []any { return []any{id} },
		`SELECT user_id FROM service_editors WHERE collaboration_id = ? AND service_id = ? ORDER BY user_id`, collab, service)
}

func (s catalogueStore) SetServiceEditors(ctx context.Context, collab, service domain.ID, users []domain.ID) error {
	return s.db.atomic(ctx, func(tx *DB) error {
		if _, err := tx.exec(ctx, `DELETE FROM service_editors WHERE collaboration_id = ? AND service_id = ?`,
			collab, service); err != nil {
			return tx.mapErr(err, "")
		}
		for _, u := range users {
			// Only a service and a user of the collaboration: a stranger's
			// id inserts nothing.
			res, err := tx.exec(ctx, `INSERT INTO service_editors (collaboration_id, service_id, user_id)
				SELECT s.collaboration_id, s.id, u.id FROM services s, users u
				WHERE s.id = ? AND s.collaboration_id = ? AND u.id = ? AND u.collaboration_id = ?`,
				service, collab, u, collab)
			if err != nil {
				return tx.mapErr(err, "")
			}
			if n, err := res.RowsAffected(); err != nil {
				return err
			} else if n == 0 {
				return domain.NotFound("auth.user_not_found")
			}
		}
		tx.wrote(collab)
		return nil
	})
}

func (s catalogueStore) CatalogueDecisions(ctx context.Context, collab domain.ID) ([]catalogue.Decision, error) {
	rows, err := s.db.query(ctx, `SELECT slug, field, kept, version, user_id, decided_at
		FROM catalogue_decisions WHERE collaboration_id = ? ORDER BY slug, field`, collab)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []catalogue.Decision
	for rows.Next() {
		var d catalogue.Decision
		var user sql.NullInt64
		if err := rows.Scan(&d.Slug, &d.Field, &d.Kept, &d.Version, &user, timeCol{&d.At}); err != nil {
			return nil, s.db.mapErr(err, "")
		}
		d.UserID = user.Int64
		out = append(out, d)
	}
	return out, s.db.mapErr(rows.Err(), "")
}

func (s catalogueStore) SaveCatalogueDecisions(ctx context.Context, collab domain.ID, list []catalogue.Decision) error {
	if len(list) == 0 {
		return nil
	}
	return s.db.atomic(ctx, func(tx *DB) error {
		for _, d := range list {
			if _, err := tx.exec(ctx, `INSERT INTO catalogue_decisions (collaboration_id, slug, field, kept, version, user_id, decided_at)
				VALUES (?, ?, ?, ?, ?, ?, ?)
				ON CONFLICT (collaboration_id, slug, field) DO UPDATE SET kept = excluded.kept, version = excluded.version,
					user_id = excluded.user_id, decided_at = excluded.decided_at`,
				collab, d.Slug, d.Field, d.Kept, d.Version, idArg(d.UserID), tx.timeArg(d.At)); err != nil {
				return tx.mapErr(err, "")
			}
		}
		tx.wrote(collab)
		return nil
	})
}
