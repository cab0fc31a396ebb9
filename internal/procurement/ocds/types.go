package ocds

// The OCDS objects written, in the schema's field names. Field order is the
// output order; empty fields are left out rather than written as null.

type releasePackage struct {
	URI           string    `json:"uri"`
	Version       string    `json:"version"`
	Extensions    []string  `json:"extensions"`
	PublishedDate *string   `json:"publishedDate"`
	Publisher     publisher `json:"publisher"`
	Releases      []release `json:"releases"`
}

type publisher struct {
	Name string `json:"name"`
	URI  string `json:"uri,omitempty"`
}

type release struct {
	OCID           string     `json:"ocid"`
	ID             string     `json:"id"`
	Date           *string    `json:"date"`
	Tag            []string   `json:"tag"`
	InitiationType string     `json:"initiationType"`
	Language       string     `json:"language,omitempty"`
	Parties        []party    `json:"parties,omitempty"`
	Buyer          *orgRef    `json:"buyer,omitempty"`
	Tender         *tender    `json:"tender,omitempty"`
	Bids           *bids      `json:"bids,omitempty"`
	Awards         []award    `json:"awards,omitempty"`
	Contracts      []contract `json:"contracts,omitempty"`
}

type party struct {
	ID           string        `json:"id"`
	Name         string        `json:"name,omitempty"`
	Identifier   *identifier   `json:"identifier,omitempty"`
	Address      *address      `json:"address,omitempty"`
	ContactPoint *contactPoint `json:"contactPoint,omitempty"`
	Roles        []string      `json:"roles"`
}

type identifier struct {
	Scheme    string `json:"scheme"`
	ID        string `json:"id"`
	LegalName string `json:"legalName,omitempty"`
}

type address struct {
	StreetAddress string `json:"streetAddress,omitempty"`
	Locality      string `json:"locality,omitempty"`
	Region        string `json:"region,omitempty"`
	PostalCode    string `json:"postalCode,omitempty"`
	CountryName   string `json:"countryName,omitempty"`
}

type contactPoint struct {
	Email     string `json:"email,omitempty"`
	Telephone string `json:"telephone,omitempty"`
	URL       string `json:"url,omitempty"`
}

type orgRef struct {
	ID   string `json:"id"`
	Name string `json:"name,omitempty"`
}

type value struct {
	Amount   float64 `json:"amount"`
	Currency string  `json:"currency"`
}

type period struct {
	StartDate *string `json:"startDate,omitempty"`
	EndDate   *string `json:"endDate,omitempty"`
}

type tender struct {
	ID                       string      `json:"id"`
	Title                    string      `json:"title,omitempty"`
	Description              string      `json:"description,omitempty"`
	Status                   string      `json:"status"`
	ProcuringEntity          *orgRef     `json:"procuringEntity,omitempty"`
	Items                    []item      `json:"items,omitempty"`
	Value                    *value      `json:"value,omitempty"`
	ProcurementMethod        string      `json:"procurementMethod,omitempty"`
	ProcurementMethodDetails string      `json:"procurementMethodDetails,omitempty"`
	MainProcurementCategory  string      `json:"mainProcurementCategory"`
	AwardCriteria            string      `json:"awardCriteria,omitempty"`
	AwardCriteriaDetails     string      `json:"awardCriteriaDetails,omitempty"`
	SubmissionMethod         []string    `json:"submissionMethod,omitempty"`
	TenderPeriod             *period     `json:"tenderPeriod,omitempty"`
	EnquiryPeriod            *period     `json:"enquiryPeriod,omitempty"`
	HasEnquiries             *bool       `json:"hasEnquiries,omitempty"`
	AwardPeriod              *period     `json:"awardPeriod,omitempty"`
	NumberOfTenderers        *int        `json:"numberOfTenderers,omitempty"`
	Tenderers                []orgRef    `json:"tenderers,omitempty"`
	Lots                     []lot       `json:"lots,omitempty"`
	Documents                []document  `json:"documents,omitempty"`
	Milestones               []milestone `json:"milestones,omitempty"`
	Enquiries                []enquiry   `json:"enquiries,omitempty"`
}

type item struct {
	ID             string          `json:"id"`
	Description    string          `json:"description,omitempty"`
	Classification *classification `json:"classification,omitempty"`
}

type classification struct {
	Scheme string `json:"scheme"`
	ID     string `json:"id"`
}

// lot is the lots extension's Lot.
type lot struct {
	ID    string `json:"id"`
	Title string `json:"title,omitempty"`
	Value *value `json:"value,omitempty"`
}

type document struct {
	ID            string  `json:"id"`
	DocumentType  string  `json:"documentType,omitempty"`
	Title         string  `json:"title,omitempty"`
	DatePublished *string `json:"datePublished,omitempty"`
	DateModified  *string `json:"dateModified,omitempty"`
	Format        string  `json:"format,omitempty"`
	Language      string  `json:"language,omitempty"`
}

type milestone struct {
	ID          string  `json:"id"`
	Title       string  `json:"title,omitempty"`
	Type        string  `json:"type,omitempty"`
	Description string  `json:"description,omitempty"`
	Code        string  `json:"code,omitempty"`
	DueDate     *string `json:"dueDate,omitempty"`
	DateMet     *string `json:"dateMet,omitempty"`
	Status      string  `json:"status,omitempty"`
}

// enquiry is the enquiries extension's Enquiry, without author.
type enquiry struct {
	ID           string  `json:"id"`
	Date         *string `json:"date,omitempty"`
	Title        string  `json:"title,omitempty"`
	Description  string  `json:"description,omitempty"`
	Answer       string  `json:"answer,omitempty"`
	DateAnswered *string `json:"dateAnswered,omitempty"`
}

// bids is the bids extension's Bids.
type bids struct {
	Statistics []statistic `json:"statistics,omitempty"`
	Details    []bidDetail `json:"details,omitempty"`
}

type statistic struct {
	ID      string  `json:"id"`
	Measure string  `json:"measure"`
	Date    *string `json:"date,omitempty"`
	Value   float64 `json:"value"`
}

type bidDetail struct {
	ID        string   `json:"id"`
	Date      *string  `json:"date,omitempty"`
	Status    string   `json:"status"`
	Tenderers []orgRef `json:"tenderers"`
	Value     *value   `json:"value,omitempty"`
}

type award struct {
	ID          string   `json:"id"`
	Title       string   `json:"title,omitempty"`
	Description string   `json:"description,omitempty"`
	Status      string   `json:"status"`
	Date        *string  `json:"date,omitempty"`
	Value       *value   `json:"value,omitempty"`
	Suppliers   []orgRef `json:"suppliers"`
	// RelatedBid is the bids extension's link to the winning bid.
	RelatedBid string `json:"relatedBid,omitempty"`
}

type contract struct {
	ID         string     `json:"id"`
	AwardID    string     `json:"awardID"`
	Title      string     `json:"title,omitempty"`
	Status     string     `json:"status"`
	Value      *value     `json:"value,omitempty"`
	DateSigned *string    `json:"dateSigned,omitempty"`
	Documents  []document `json:"documents,omitempty"`
}
