package procurement

import (
	"time"

	"github.com/tjenestevalg/tjenestevalg/internal/domain"
)

// Tender is one procurement of a collaboration. Times are UTC; the UI shows
// them in Europe/Oslo (times.go).
type Tender struct {
	ID              domain.ID `json:"id"`
	CollaborationID domain.ID `json:"-"`
	// Reference is the collaboration's own case reference (e.g.
	// "FOSEN-2017-01"), unique within the collaboration.
	Reference   string `json:"reference"`
	Title       string `json:"title"`
	Description string `json:"description"`
	// Procedure is one of Procedures (procedure.go).
	Procedure string `json:"procedure"`
	// EstimatedValue is the estimated total value in NOK excluding VAT,
	// which the regulation part is derived from (Part).
	EstimatedValue float64 `json:"estimated_value"`
	// Works marks a building and construction contract (its own EEA
	// threshold).
	Works bool `json:"works,omitempty"`
	// Buyer is the contracting authority as the notices and the record
	// name it (the host municipality or the joint body acting for the
	// collaboration).
	Buyer Buyer `json:"buyer"`
	// NoticeFacts are what the eForms notices state beyond the rest of the
	// tender (manager_notice.go); set by SaveNoticeFacts.
	NoticeFacts NoticeFacts `json:"notice_facts,omitzero"`
	// CPV is the main Common Procurement Vocabulary code ("72000000-5").
	CPV        string      `json:"cpv"`
	Lots       []Lot       `json:"lots,omitempty"`
	Items      []Item      `json:"items,omitempty"`
	Milestones []Milestone `json:"milestones"`
	// Status is StatusDraft, StatusPublished or StatusOpened as stored;
	// State adds "closed" from the clock.
	Status string `json:"status"`
	// Officers are the users the programme lead authorises for this tender
	// (besides the programme lead): they edit it, move its deadline and
	// opening time, and confirm the opening (domain.CanEditShared).
	Officers domain.Editors `json:"officers,omitempty"`
	// Dialogue is the market dialogue before the tender.
	Dialogue Dialogue `json:"dialogue"`
	// Conference is the bidders' conference (tilbudskonferanse).
	Conference BiddersConference `json:"conference"`
	// OpenedAt is when the second opening confirmation was given (zero
	// before); Opening is the opening record then produced.
	OpenedAt  time.Time      `json:"opened_at,omitzero"`
	Opening   *OpeningRecord `json:"opening,omitempty"`
	Version   int            `json:"version"`
	CreatedBy string         `json:"created_by"`
	CreatedAt time.Time      `json:"created_at"`
	UpdatedBy string         `json:"updated_by"`
	UpdatedAt time.Time      `json:"updated_at"`
}

// Tender statuses as stored. StateClosed is derived: a published tender
// whose bid deadline has passed.
const (
	StatusDraft     = "draft"
	StatusPublished = "published"
	StatusOpened    = "opened"
	StateClosed     = "closed"
)

// Buyer is a contracting authority (oppdragsgiver).
type Buyer struct {
	Name      string `json:"name"`
	OrgNumber string `json:"org_number"`
	Street    string `json:"street,omitempty"`
	PostCode  string `json:"post_code,omitempty"`
	Town      string `json:"town,omitempty"`
	// NUTS is the region code (NO060 Trøndelag).
	NUTS  string `json:"nuts,omitempty"`
	Email string `json:"email,omitempty"`
	Phone string `json:"phone,omitempty"`
	URL   string `json:"url,omitempty"`
}

// Lot is a part of a tender that may be awarded on its own.
type Lot struct {
	Number         int     `json:"number"`
	Title          string  `json:"title"`
	EstimatedValue float64 `json:"estimated_value,omitempty"`
}

// Item is what a tender buys: a service of the catalogue, optionally the
// roadmap item it was planned as.
type Item struct {
	ServiceID     domain.ID `json:"service_id"`
	RoadmapItemID string    `json:"roadmap_item_id,omitempty"`
}

// Milestone is one dated step of the tender's timeline.
type Milestone struct {
	Kind string    `json:"kind"`
	At   time.Time `json:"at"`
}

// Milestone kinds in timeline order. The bid deadline and the opening time
// are the two Annex IV (c) protects: once the tender is published only
// MoveDeadline changes them.
const (
	MilestoneDialogue      = "dialogue"
	MilestoneNotice        = "notice"
	MilestoneConference    = "conference"
	MilestoneQuestions     = "questions"
	MilestoneDeadline      = "deadline"
	MilestoneOpening       = "opening"
	MilestonePresentations = "presentations"
	MilestoneAward         = "award"
	MilestoneStandstillEnd = "standstill_end"
	MilestoneContract      = "contract"
)

// MilestoneKinds lists the kinds in timeline order.
var MilestoneKinds = []string{MilestoneDialogue, MilestoneNotice, MilestoneConference, MilestoneQuestions,
	MilestoneDeadline, MilestoneOpening, MilestonePresentations, MilestoneAward, MilestoneStandstillEnd, MilestoneContract}

// At returns the time of the milestone of kind k, zero when it is not set.
func (t Tender) At(k string) time.Time {
	for _, m := range t.Milestones {
		if m.Kind == k {
			return m.At
		}
	}
	return time.Time{}
}

// Deadline is the bid deadline (zero when not set).
func (t Tender) Deadline() time.Time { return t.At(MilestoneDeadline) }

// OpeningTime is when the bids may be opened: the opening milestone, or the
// deadline when none is set.
func (t Tender) OpeningTime() time.Time {
	if o := t.At(MilestoneOpening); !o.IsZero() {
		return o
	}
	return t.Deadline()
}

// State is the tender's status at now: a published tender whose deadline
// has passed is closed.
func (t Tender) State(now time.Time) string {
	if t.Status == StatusPublished && !t.Deadline().IsZero() && !now.Before(t.Deadline()) {
		return StateClosed
	}
	return t.Status
}

// Dialogue is the market dialogue before the tender: a dialogue conference
// open to all, then one-to-one meetings with equal time for every
// interested supplier, and what was learned.
type Dialogue struct {
	Conference DialogueConference `json:"conference"`
	// Interested are the suppliers who registered interest; each must be
	// offered a meeting (EqualTreatment).
	Interested []domain.ID `json:"interested,omitempty"`
	Meetings   []Meeting   `json:"meetings,omitempty"`
	Learnings  []Learning  `json:"learnings,omitempty"`
}

// DialogueConference (dialogkonferanse) is open to every supplier.
type DialogueConference struct {
	At         time.Time `json:"at,omitzero"`
	Invitation string    `json:"invitation,omitempty"`
	// Participants are the registered suppliers.
	Participants []domain.ID `json:"participants,omitempty"`
	// Material are documents (of kind DocDialogue) presented there.
	Material []domain.ID `json:"material,omitempty"`
	Minutes  string      `json:"minutes,omitempty"`
}

// Meeting is a one-to-one meeting (en-til-en-møte) offered to a supplier.
type Meeting struct {
	SupplierID domain.ID `json:"supplier_id"`
	Start      time.Time `json:"start"`
	// Minutes is the slot's length in minutes; every slot of a dialogue
	// must be equally long.
	Minutes int  `json:"minutes"`
	Held    bool `json:"held,omitempty"`
	// Notes are the minutes (referat) of the meeting.
	Notes string `json:"notes,omitempty"`
}

// Learning is something the dialogue taught, linked to the specification
// requirements it shaped.
type Learning struct {
	Text         string      `json:"text"`
	Requirements []domain.ID `json:"requirements,omitempty"`
}

// BiddersConference is the joint conference for the candidates after the
// notice; its questions go into the tender's Q&A log.
type BiddersConference struct {
	At        time.Time   `json:"at,omitzero"`
	Attendees []domain.ID `json:"attendees,omitempty"`
	Minutes   string      `json:"minutes,omitempty"`
}

// Candidate is a supplier invited to a limited tender.
type Candidate struct {
	TenderID   domain.ID `json:"tender_id"`
	SupplierID domain.ID `json:"supplier_id"`
	InvitedAt  time.Time `json:"invited_at"`
	InvitedBy  string    `json:"invited_by"`
}
