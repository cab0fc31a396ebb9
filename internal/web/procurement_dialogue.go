package web

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/procurement"
)

// The market dialogue (GET and POST /procurement/{tender}/dialogue): the
// dialogue conference, the interested suppliers, the one-to-one meetings
// with their slot lengths and minutes, what was learned and which
// requirements it shaped, and the equal-treatment findings. The form's
// field names are the dialogue's JSON paths ("meetings[1].start"), so the
// manager's field errors land on their fields without a table.

type meetingRow struct {
	Index    int
	Supplier string
	Start    string
	Minutes  string
	Held     bool
	Notes    string
}

type learningRow struct {
	Index  int
	Text   string
	Chosen map[string]bool
}

type dialogueData struct {
	procView
	Tabs         tenderTabs
	Dialogue     procurement.Dialogue
	Suppliers    []option
	Names        map[domain.ID]string
	Interested   map[string]bool
	Participants map[string]bool
	ConfAt       string
	Invitation   string
	ConfMinutes  string
	Meetings     []meetingRow
	Learnings    []learningRow
	Requirements []option
	Findings     []string
	Saved        bool
}

func (s *Server) procurementDialogue(w http.ResponseWriter, r *http.Request) error {
	t, err := s.tenderOf(r)
	if err != nil {
		return err
	}
	return s.renderDialogue(w, r, t, nil, http.StatusOK, nil)
}

// renderDialogue shows the dialogue: the one typed (in, with err) or the
// stored one (in nil).
func (s *Server) renderDialogue(w http.ResponseWriter, r *http.Request, t procurement.Tender, in *dialogueInput, status int, err error) error {
	rc := reqOf(r)
	l := rc.Lang
	ctx := r.Context()
	d := dialogueData{procView: s.procView(r), Tabs: s.tabs(r, t, "dialogue"), Dialogue: t.Dialogue,
		Names: map[domain.ID]string{}, Interested: map[string]bool{}, Participants: map[string]bool{},
		Saved: r.URL.Query().Get("saved") == "1"}
	suppliers, serr := s.Procurement.Suppliers(ctx, rc.Principal)
	if serr != nil {
		return serr
	}
	for _, sup := range suppliers {
		d.Names[sup.ID] = sup.Name
		d.Suppliers = append(d.Suppliers, option{Value: strconv.FormatInt(sup.ID, 10), Label: sup.Name})
	}
	spec, serr := s.Procurement.Specification(ctx, rc.Principal, t.ID)
	if serr != nil {
		return serr
	}
	for _, q := range spec {
		if !q.Removed {
			d.Requirements = append(d.Requirements, option{Value: strconv.FormatInt(q.ID, 10), Label: q.Number + " " + short(q.Text, 80)})
		}
	}
	if in == nil {
		in = dialogueInputOf(t.Dialogue)
	}
	d.ConfAt, d.Invitation, d.ConfMinutes = in.confAt, in.invitation, in.minutes
	for _, v := range in.interested {
		d.Interested[v] = true
	}
	for _, v := range in.participants {
		d.Participants[v] = true
	}
	d.Meetings = in.meetings
	d.Learnings = in.learnings
	if d.Tabs.CanEdit { // an empty row to add one more
		d.Meetings = append(d.Meetings, meetingRow{Index: len(d.Meetings)})
		d.Learnings = append(d.Learnings, learningRow{Index: len(d.Learnings), Chosen: map[string]bool{}})
	}
	findings, ferr := s.dialogueFindings(r, t, d.Names)
	if ferr != nil {
		return ferr
	}
	d.Findings = findings
	p := s.newPage(r, "procurement", tenderTitle(l, "procurement.dialogue_title", t), d)
	if err != nil {
		p.Errors, p.Message = fieldErrors(l, err)
	}
	return s.render(w, r, status, "procurement_dialogue", p)
}

// short cuts text to at most n runes, with an ellipsis.
func short(text string, n int) string {
	rs := []rune(text)
	if len(rs) <= n {
		return text
	}
	return string(rs[:n-1]) + "…"
}

// dialogueInput is the dialogue form as typed, to show again.
type dialogueInput struct {
	confAt, invitation, minutes string
	interested, participants    []string
	meetings                    []meetingRow
	learnings                   []learningRow
}

func dialogueInputOf(dl procurement.Dialogue) *dialogueInput {
	in := &dialogueInput{confAt: procurement.FormatLocal(dl.Conference.At), invitation: dl.Conference.Invitation,
		minutes: dl.Conference.Minutes}
	for _, id := range dl.Interested {
		in.interested = append(in.interested, strconv.FormatInt(id, 10))
	}
	for _, id := range dl.Conference.Participants {
		in.participants = append(in.participants, strconv.FormatInt(id, 10))
	}
	for i, m := range dl.Meetings {
		in.meetings = append(in.meetings, meetingRow{Index: i, Supplier: strconv.FormatInt(m.SupplierID, 10),
			Start: procurement.FormatLocal(m.Start), Minutes: strconv.Itoa(m.Minutes), Held: m.Held, Notes: m.Notes})
	}
	for i, lr := range dl.Learnings {
		row := learningRow{Index: i, Text: lr.Text, Chosen: map[string]bool{}}
		for _, id := range lr.Requirements {
			row.Chosen[strconv.FormatInt(id, 10)] = true
		}
		in.learnings = append(in.learnings, row)
	}
	return in
}

// readDialogue reads the dialogue form; rows left wholly empty are not
// kept (the form always offers one empty row of each).
func readDialogue(r *http.Request, dl *procurement.Dialogue) (*dialogueInput, []domain.FieldError) {
	var errs []domain.FieldError
	in := &dialogueInput{confAt: r.FormValue("conference.at"), invitation: r.FormValue("conference.invitation"),
		minutes: r.FormValue("conference.minutes"), interested: r.Form["interested"], participants: r.Form["conference.participants"]}
	dl.Conference.At = localTime("conference.at", in.confAt, false, &errs)
	dl.Conference.Invitation, dl.Conference.Minutes = in.invitation, in.minutes
	ids := func(field string, values []string) []domain.ID {
		var out []domain.ID
		for _, v := range values {
			id, err := idValue(field, v)
			if err != nil {
				errs = append(errs, domain.AsError(err).Fields...)
				continue
			}
			if id != 0 && !slices.Contains(out, id) {
				out = append(out, id)
			}
		}
		return out
	}
	dl.Interested = ids("interested", in.interested)
	dl.Conference.Participants = ids("conference.participants", in.participants)
	dl.Meetings = nil
	for i := 0; i < 200; i++ {
		f := func(k string) string { return r.FormValue(fmt.Sprintf("meetings[%d].%s", i, k)) }
		if _, ok := r.Form[fmt.Sprintf("meetings[%d].supplier_id", i)]; !ok {
			break
		}
		row := meetingRow{Index: len(dl.Meetings), Supplier: f("supplier_id"), Start: f("start"), Minutes: f("minutes"),
			Held: f("held") == "on", Notes: f("notes")}
		if row.Supplier == "" && strings.TrimSpace(row.Start) == "" && strings.TrimSpace(row.Minutes) == "" && strings.TrimSpace(row.Notes) == "" {
			continue
		}
		path := fmt.Sprintf("meetings[%d]", len(dl.Meetings))
		m := procurement.Meeting{Held: row.Held, Notes: row.Notes}
		sup, err := idValue(path+".supplier_id", row.Supplier)
		if err != nil {
			errs = append(errs, domain.AsError(err).Fields...)
		}
		m.SupplierID = sup
		m.Start = localTime(path+".start", row.Start, false, &errs)
		if strings.TrimSpace(row.Minutes) != "" {
			m.Minutes = int(formInt(path+".minutes", row.Minutes, &errs))
		}
		dl.Meetings = append(dl.Meetings, m)
		in.meetings = append(in.meetings, row)
	}
	dl.Learnings = nil
	for i := 0; i < 200; i++ {
		key := fmt.Sprintf("learnings[%d].text", i)
		if _, ok := r.Form[key]; !ok {
			break
		}
		reqKey := fmt.Sprintf("learnings[%d].requirements", i)
		row := learningRow{Index: len(dl.Learnings), Text: r.FormValue(key), Chosen: map[string]bool{}}
		if strings.TrimSpace(row.Text) == "" && len(r.Form[reqKey]) == 0 {
			continue
		}
		for _, v := range r.Form[reqKey] {
			row.Chosen[v] = true
		}
		lr := procurement.Learning{Text: row.Text, Requirements: ids(fmt.Sprintf("learnings[%d].requirements", len(dl.Learnings)), r.Form[reqKey])}
		dl.Learnings = append(dl.Learnings, lr)
		in.learnings = append(in.learnings, row)
	}
	return in, errs
}

// procurementDialogueSave stores the market dialogue (officers).
func (s *Server) procurementDialogueSave(w http.ResponseWriter, r *http.Request) error {
	t, err := s.editableTender(r)
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return domain.Invalid("error.invalid_fields")
	}
	dl := t.Dialogue
	in, errs := readDialogue(r, &dl)
	v, verr := formVersion(r)
	if verr != nil {
		errs = append(errs, domain.AsError(verr).Fields...)
	}
	if len(errs) > 0 {
		return s.renderDialogue(w, r, t, in, http.StatusUnprocessableEntity, invalidOr(errs))
	}
	_, err = s.Procurement.SaveDialogue(r.Context(), reqOf(r).Principal, t.ID, v, dl)
	if status, ok := formStatus(err); ok {
		return s.renderDialogue(w, r, t, in, status, err)
	}
	if err != nil {
		return err
	}
	return redirect(w, r, tenderPath(t.ID, "dialogue")+"?saved=1")
}

// dialogueFindings are the equal-treatment findings about the tender's
// dialogue, in the user's language.
func (s *Server) dialogueFindings(r *http.Request, t procurement.Tender, names map[domain.ID]string) ([]string, error) {
	fs, err := s.Procurement.EqualTreatment(r.Context(), reqOf(r).Principal, t.ID)
	if err != nil {
		return nil, err
	}
	l := lang(r)
	out := make([]string, 0, len(fs))
	for _, f := range fs {
		switch f.Code {
		case procurement.FindingNoMeeting:
			out = append(out, l.T("procurement.finding.no_meeting", names[f.SupplierID]))
		case procurement.FindingUnequalSlot:
			out = append(out, l.T("procurement.finding.unequal_slot", f.Meeting+1, names[f.SupplierID], f.Minutes))
		case procurement.FindingMaterialHidden:
			out = append(out, l.T("procurement.finding.material_unavailable", f.DocumentID))
		default:
			out = append(out, l.T(f.Code))
		}
	}
	return out, nil
}
