package procurement

// Dossier is everything recorded about one tender, from the dialogue to the
// contract: what the record (anskaffelsesprotokoll), the eForms notices and
// the OCDS export are written from. Manager.Dossier assembles it for the
// tender's authorised persons; it is computed, never stored, and holds bid
// content (prices) only after the opening.
type Dossier struct {
	Tender        Tender            `json:"tender"`
	Part          Part              `json:"part"`
	Services      []ServiceRef      `json:"services"`
	Suppliers     []Supplier        `json:"suppliers"`
	Candidates    []Candidate       `json:"candidates"`
	Documents     []Document        `json:"documents"`
	Specification []SpecRequirement `json:"specification"`
	Questions     []Question        `json:"questions"`
	// Bids are every submission (replaced and withdrawn ones too), without
	// content; the opening record has the prices.
	Bids       []Bid          `json:"bids"`
	Opening    *OpeningRecord `json:"opening,omitempty"`
	Evaluation *Evaluation    `json:"evaluation,omitempty"`
	Scores     []Score        `json:"scores,omitempty"`
	Award      *Award         `json:"award,omitempty"`
	Letters    []Letter       `json:"letters,omitempty"`
	Complaints []Complaint    `json:"complaints,omitempty"`
	Contract   *Contract      `json:"contract,omitempty"`
	// Notices are the tender's notices to the suppliers, newest first
	// (deadline moves among them), and Thresholds the figures its Part was
	// derived from: the record states both. Filled by Manager.Record and
	// Manager.Archive (manager_record.go); zero when only Dossier was asked.
	Notices    []Notice   `json:"notices,omitempty"`
	Thresholds Thresholds `json:"thresholds"`
}

// ServiceRef names a service a tender buys.
type ServiceRef struct {
	ID   int64  `json:"id"`
	Slug string `json:"slug"`
	Name string `json:"name"`
}

// SupplierName returns the name of supplier id in d ("" when unknown).
func (d Dossier) SupplierName(id int64) string {
	for _, s := range d.Suppliers {
		if s.ID == id {
			return s.Name
		}
	}
	return ""
}
