package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/tjenestevalg/tjenestevalg/internal/app"
	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/procurement"
	"github.com/tjenestevalg/tjenestevalg/internal/procurement/eforms"
	"github.com/tjenestevalg/tjenestevalg/internal/procurement/ocds"
)

const procurementUsage = `Usage: tjenestevalg procurement SUBCOMMAND [flags]

Subcommands (see docs/procurement.md):
  list         the collaboration's tenders: reference, title, procedure, state
  show         one tender: fields, milestones (Oslo time), candidates,
               documents, questions, how many bids were received and the
               opening's state
  notice       a tender's eForms notice (contract or award) as XML on stdout
  export-ocds  a tender as an OCDS 1.1.5 release package (JSON) on stdout

Bid content is never shown before the opening: it is sealed. After it, the
award notice and the OCDS package carry the opened prices, as published
notices do; 'show' shows none.

Run 'tjenestevalg procurement SUBCOMMAND --help' for its flags.`

func runProcurement(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return dispatch(ctx, args, stdout, stderr, procurementUsage, map[string]subcommand{
		"list":        procurementList,
		"show":        procurementShow,
		"notice":      procurementNotice,
		"export-ocds": procurementExportOCDS,
	})
}

// tenderRow is a tender in `procurement list --json`. Status is the state
// at the command's clock: draft, published, closed (deadline passed, not
// opened) or opened.
type tenderRow struct {
	Reference      string     `json:"reference"`
	Title          string     `json:"title"`
	Procedure      string     `json:"procedure"`
	Status         string     `json:"status"`
	Part           string     `json:"part"`
	EstimatedValue float64    `json:"estimated_value"`
	Deadline       *time.Time `json:"deadline,omitempty"`
}

func procurementList(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	f := newOperatorFlags("procurement list", "procurement list [--collaboration SLUG] [--json]", stderr)
	asJSON := f.Bool("json", false, "print the tenders as a JSON array")
	a, p, err := f.open(ctx, args)
	if err != nil {
		return err
	}
	defer a.Close()
	if f.NArg() > 0 {
		f.Usage()
		return exitError(2)
	}
	ts, err := a.Procurement.Tenders(ctx, p)
	if err != nil {
		return err
	}
	now := a.Clock.Now()
	rows := make([]tenderRow, 0, len(ts))
	for _, t := range ts {
		r := tenderRow{Reference: t.Reference, Title: t.Title, Procedure: t.Procedure, Status: t.State(now),
			Part:           procurement.DerivePart(t.EstimatedValue, t.Works, a.Procurement.Thresholds()).String(),
			EstimatedValue: t.EstimatedValue}
		if d := t.Deadline(); !d.IsZero() {
			d = d.UTC()
			r.Deadline = &d
		}
		rows = append(rows, r)
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(rows)
	}
	if len(rows) == 0 {
		fmt.Fprintln(stdout, "No tenders.")
		return nil
	}
	w := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(w, "REFERENCE\tSTATUS\tPROCEDURE\tPART\tDEADLINE (OSLO)\tTITLE")
	for _, r := range rows {
		deadline := "-"
		if r.Deadline != nil {
			deadline = osloTime(*r.Deadline)
		}
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%s\n", r.Reference, r.Status, r.Procedure, r.Part, deadline, r.Title)
	}
	return w.Flush()
}

// tenderDetail is `procurement show --json`: what the buyer's overview
// shows, never the content of a bid.
type tenderDetail struct {
	tenderRow
	Description string             `json:"description"`
	CPV         string             `json:"cpv"`
	Milestones  []milestoneRow     `json:"milestones"`
	Candidates  []string           `json:"candidates"`
	Documents   []documentRow      `json:"documents"`
	Questions   int                `json:"questions"`
	Answered    int                `json:"answers_published"`
	Bids        int                `json:"bids_received"`
	Opening     string             `json:"opening"`
	Confirmed   []string           `json:"opening_confirmed_by"`
	Record      *openingRecordInfo `json:"opening_record,omitempty"`
}

type milestoneRow struct {
	Kind string    `json:"kind"`
	At   time.Time `json:"at"`
}

type documentRow struct {
	Kind      string       `json:"kind"`
	Title     string       `json:"title"`
	Published bool         `json:"published"`
	Versions  []versionRow `json:"versions"`
}

type versionRow struct {
	N      int       `json:"n"`
	File   string    `json:"file"`
	Size   int64     `json:"size"`
	SHA256 string    `json:"sha256"`
	At     time.Time `json:"at"`
	Note   string    `json:"note,omitempty"`
}

// openingRecordInfo says that an opening record exists and how many bids
// it lists; the prices stay on the officers' pages.
type openingRecordInfo struct {
	OpenedAt time.Time `json:"opened_at"`
	Bids     int       `json:"bids"`
}

func procurementShow(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	f := newOperatorFlags("procurement show", "procurement show --tender REF [--collaboration SLUG] [--json]", stderr)
	ref := f.String("tender", "", "the tender's reference (see 'tjenestevalg procurement list')")
	asJSON := f.Bool("json", false, "print the tender as JSON")
	a, p, err := f.open(ctx, args)
	if err != nil {
		return err
	}
	defer a.Close()
	if f.NArg() > 0 || strings.TrimSpace(*ref) == "" {
		f.Usage()
		return exitError(2)
	}
	d, err := tenderDetails(ctx, a, p, strings.TrimSpace(*ref))
	if domain.KindOf(err) == domain.KindNotFound {
		return fmt.Errorf("no tender %q in collaboration %q (see 'tjenestevalg procurement list')", *ref, *f.slug)
	}
	if err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(d)
	}
	printTender(stdout, d)
	return nil
}

func tenderDetails(ctx context.Context, a *app.App, p domain.Principal, ref string) (tenderDetail, error) {
	m := a.Procurement
	t, err := m.TenderByReference(ctx, p, ref)
	if err != nil {
		return tenderDetail{}, err
	}
	d := tenderDetail{
		tenderRow: tenderRow{Reference: t.Reference, Title: t.Title, Procedure: t.Procedure, Status: t.State(a.Clock.Now()),
			Part:           procurement.DerivePart(t.EstimatedValue, t.Works, a.Procurement.Thresholds()).String(),
			EstimatedValue: t.EstimatedValue},
		Description: t.Description, CPV: t.CPV,
		Milestones: []milestoneRow{}, Candidates: []string{}, Documents: []documentRow{}, Confirmed: []string{},
	}
	if dl := t.Deadline(); !dl.IsZero() {
		dl = dl.UTC()
		d.Deadline = &dl
	}
	for _, ms := range t.Milestones {
		d.Milestones = append(d.Milestones, milestoneRow{Kind: ms.Kind, At: ms.At.UTC()})
	}
	sups, err := m.Suppliers(ctx, p)
	if err != nil {
		return d, err
	}
	names := map[domain.ID]string{}
	for _, s := range sups {
		names[s.ID] = s.Name + " (" + s.OrgNumber + ")"
	}
	cands, err := m.Candidates(ctx, p, t.ID)
	if err != nil {
		return d, err
	}
	for _, c := range cands {
		d.Candidates = append(d.Candidates, names[c.SupplierID])
	}
	docs, err := m.Documents(ctx, p, t.ID)
	if err != nil {
		return d, err
	}
	for _, doc := range docs {
		row := documentRow{Kind: doc.Kind, Title: doc.Title, Published: doc.Published, Versions: []versionRow{}}
		for _, v := range doc.Versions {
			row.Versions = append(row.Versions, versionRow{N: v.N, File: v.FileName, Size: v.Size, SHA256: v.SHA256, At: v.At.UTC(), Note: v.Note})
		}
		d.Documents = append(d.Documents, row)
	}
	qs, err := m.Questions(ctx, p, t.ID)
	if err != nil {
		return d, err
	}
	d.Questions = len(qs)
	for _, q := range qs {
		if !q.PublishedAt.IsZero() {
			d.Answered++
		}
	}
	bids, err := m.Bids(ctx, p, t.ID)
	if err != nil {
		return d, err
	}
	d.Bids, d.Opening = bids.Received, bids.State
	for _, c := range bids.Confirmations {
		d.Confirmed = append(d.Confirmed, c.Name+" "+osloTime(c.At))
	}
	if bids.Record != nil {
		d.Record = &openingRecordInfo{OpenedAt: bids.Record.OpenedAt.UTC(), Bids: len(bids.Record.Bids)}
	}
	return d, nil
}

func printTender(w io.Writer, d tenderDetail) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "Reference:\t%s\n", d.Reference)
	fmt.Fprintf(tw, "Title:\t%s\n", d.Title)
	fmt.Fprintf(tw, "Status:\t%s\n", d.Status)
	fmt.Fprintf(tw, "Procedure:\t%s (FOA part %s)\n", d.Procedure, d.Part)
	fmt.Fprintf(tw, "Estimated value:\tNOK %s excl. VAT\n", groupThousands(d.EstimatedValue))
	fmt.Fprintf(tw, "CPV:\t%s\n", d.CPV)
	tw.Flush()
	if d.Description != "" {
		fmt.Fprintf(w, "\n%s\n", d.Description)
	}
	fmt.Fprintln(w, "\nMilestones (Europe/Oslo):")
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, m := range d.Milestones {
		fmt.Fprintf(tw, "  %s\t%s\n", m.Kind, osloTime(m.At))
	}
	tw.Flush()
	fmt.Fprintf(w, "\nCandidates (%d):\n", len(d.Candidates))
	for _, c := range d.Candidates {
		fmt.Fprintf(w, "  %s\n", c)
	}
	fmt.Fprintf(w, "\nDocuments (%d):\n", len(d.Documents))
	for _, doc := range d.Documents {
		state := "not published"
		if doc.Published {
			state = "published"
		}
		fmt.Fprintf(w, "  [%s] %s (%s)\n", doc.Kind, doc.Title, state)
		for _, v := range doc.Versions {
			fmt.Fprintf(w, "    v%d  %s  %d bytes  %s  sha256 %s", v.N, v.File, v.Size, osloTime(v.At), v.SHA256)
			if v.Note != "" {
				fmt.Fprintf(w, "  %q", v.Note)
			}
			fmt.Fprintln(w)
		}
	}
	fmt.Fprintf(w, "\nQuestions: %d (%d answers published)\n", d.Questions, d.Answered)
	fmt.Fprintf(w, "Bids received: %d\n", d.Bids)
	fmt.Fprintf(w, "Opening: %s", d.Opening)
	if d.Opening == procurement.StateClosed {
		fmt.Fprintf(w, ", %d of 2 confirmations", len(d.Confirmed))
	}
	if len(d.Confirmed) > 0 {
		fmt.Fprintf(w, "; confirmed by %s", strings.Join(d.Confirmed, ", "))
	}
	if d.Record != nil {
		fmt.Fprintf(w, "; opened %s, %d bids in the record", osloTime(d.Record.OpenedAt), d.Record.Bids)
	}
	fmt.Fprintln(w)
}

// groupThousands writes a whole number of kroner with spaces between
// thousands ("1 600 000"), as Norwegian documents do.
func groupThousands(v float64) string {
	s := strconv.FormatFloat(math.Round(v), 'f', 0, 64)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + " " + s[i:]
	}
	if neg {
		s = "-" + s
	}
	return s
}

// osloTime writes t as the command shows times: Oslo wall time with the
// zone's abbreviation (CET or CEST).
func osloTime(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.In(procurement.Oslo()).Format("2006-01-02 15:04 MST")
}

// tenderArg resolves the --tender flag's reference to the tender, saying
// plainly when the collaboration has none by that reference.
func tenderArg(ctx context.Context, a *app.App, p domain.Principal, ref, slug string) (procurement.Tender, error) {
	t, err := a.Procurement.TenderByReference(ctx, p, strings.TrimSpace(ref))
	if domain.KindOf(err) == domain.KindNotFound {
		return t, fmt.Errorf("no tender %q in collaboration %q (see 'tjenestevalg procurement list')", ref, slug)
	}
	return t, err
}

func procurementNotice(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	f := newOperatorFlags("procurement notice",
		"procurement notice --tender REF --type contract|award [--lang ENG|NOR] [--official] [--collaboration SLUG]", stderr)
	ref := f.String("tender", "", "the tender's reference (see 'tjenestevalg procurement list')")
	kind := f.String("type", "", "contract (contract notice: subtype 16, E3 below the EEA thresholds) or award (29, E4)")
	lang := f.String("lang", "", "the notice language, ENG or NOR (default NOR below the EEA thresholds, ENG above)")
	official := f.Bool("official", false, "without Doffin's profile suffix, as the official eForms SDK checks it")
	a, p, err := f.open(ctx, args)
	if err != nil {
		return err
	}
	defer a.Close()
	if f.NArg() > 0 || strings.TrimSpace(*ref) == "" || (*kind != procurement.NoticeContract && *kind != procurement.NoticeAward) {
		f.Usage()
		return exitError(2)
	}
	t, err := tenderArg(ctx, a, p, *ref, *f.slug)
	if err != nil {
		return err
	}
	b, err := a.Procurement.Notice(ctx, p, t.ID, *kind, strings.ToUpper(strings.TrimSpace(*lang)))
	if err != nil {
		return noticeError(err)
	}
	if *official {
		b = eforms.OfficialForm(b)
	}
	_, err = stdout.Write(b)
	return err
}

// noticeError says which of the notice's fields are missing or wrong, by
// their eForms JSON paths, or why no notice can be written yet.
func noticeError(err error) error {
	de := domain.AsError(err)
	if de == nil {
		return err
	}
	switch de.Code {
	case "procurement.notice_no_criteria":
		return fmt.Errorf("no award criteria: set up the evaluation's criteria first")
	case "procurement.notice_no_contract":
		return fmt.Errorf("no award notice before the award is decided and the contract signed")
	}
	if len(de.Fields) == 0 {
		return err
	}
	var lines []string
	for _, fe := range de.Fields {
		lines = append(lines, fmt.Sprintf("  %s: %s %v", fe.Field, fe.Code, fe.Params))
	}
	return fmt.Errorf("the notice cannot be written; fix these fields:\n%s", strings.Join(lines, "\n"))
}

func procurementExportOCDS(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	f := newOperatorFlags("procurement export-ocds", "procurement export-ocds --tender REF [--collaboration SLUG]", stderr)
	ref := f.String("tender", "", "the tender's reference (see 'tjenestevalg procurement list')")
	a, p, err := f.open(ctx, args)
	if err != nil {
		return err
	}
	defer a.Close()
	if f.NArg() > 0 || strings.TrimSpace(*ref) == "" {
		f.Usage()
		return exitError(2)
	}
	t, err := tenderArg(ctx, a, p, *ref, *f.slug)
	if err != nil {
		return err
	}
	c, err := a.DB.Catalogue().CollaborationBySlug(ctx, *f.slug)
	if err != nil {
		return err
	}
	b, err := ocds.Export(ctx, a.Procurement, p, t.ID, c.Name)
	if err != nil {
		return err
	}
	_, err = stdout.Write(b)
	return err
}
