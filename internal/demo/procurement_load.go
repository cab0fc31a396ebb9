package demo

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/tjenestevalg/tjenestevalg/internal/account"
	"github.com/tjenestevalg/tjenestevalg/internal/catalogue"
	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/procurement"
)

// demoSupplier is one of the demo's supplier organisations. The names are
// fictional, the domains are under .example, and the organisation numbers
// are made up here to pass the MOD11 check of procurement.ParseOrgNumber:
// they are illustrative and name no real company (any match with the
// Central Coordinating Register would be a coincidence).
type demoSupplier struct {
	name, domain, org, contact string
	// bids are the times (Oslo wall time) and totals (NOK excl. VAT) of its
	// submissions to the seed's tender; the last is the one that counts.
	bids []demoBid
}

type demoBid struct{ at, total string }

// demoSuppliers: the first four are the seed's four candidates and bid;
// the fifth took part in the market dialogue only and can still bid on the
// open tender. The second replaced its first bid two days later, as the
// portal allows before the deadline. Prices are illustrative.
var demoSuppliers = []demoSupplier{
	{"Prosessverkstedet AS", "prosessverkstedet.example", "915100104", "Ingrid Prosessverksted",
		[]demoBid{{"2017-04-19T14:12", "1 385 000"}}},
	{"Tjenestedesign Midt AS", "tjenestedesignmidt.example", "915100201", "Ola Tjenestedesign",
		[]demoBid{{"2017-04-18T10:40", "1 610 000"}, {"2017-04-20T09:30", "1 540 000"}}},
	{"Fjordgevinst Rådgivning AS", "fjordgevinst.example", "915100309", "Kari Fjordgevinst",
		[]demoBid{{"2017-04-20T11:05", "1 190 000"}}},
	{"Kystlinje Analyse AS", "kystlinje.example", "915100406", "Per Kystlinje",
		[]demoBid{{"2017-04-20T11:58:41", "1 475 000"}}},
	{"Trøndersk Digitalbistand AS", "digitalbistand.example", "915100503", "Siri Digitalbistand", nil},
}

func (s demoSupplier) email() string { return "tilbud@" + s.domain }

// supplierLogins are the demo's supplier users, for Logins.
func supplierLogins() []Login {
	out := make([]Login, 0, len(demoSuppliers))
	for _, s := range demoSuppliers {
		out = append(out, Login{s.email(), "leverandør, " + s.name})
	}
	return out
}

// SeedTender is the reference of the seed's tender in the demo.
const SeedTender = "FOSEN-2017-02"

// OpenTenderReference is the reference of the demo's open tender, which
// carries the year the demo was loaded.
func OpenTenderReference(now time.Time) string {
	return fmt.Sprintf("FOSEN-%d-01", now.In(procurement.Oslo()).Year())
}

// stepClock is the time the demo's tender is replayed at; each step sets
// it before acting.
type stepClock struct{ now time.Time }

func (c *stepClock) Now() time.Time { return c.now }

// oslo reads a datetime-local value of the demo's data; the values are
// constants, so a mistake is a programming error.
func oslo(s string) time.Time {
	t, err := procurement.ParseLocal(s)
	if err != nil {
		panic("demo: time " + s + ": " + err.Error())
	}
	return t
}

// LoadProcurement loads the seed's tender as it stood at its bid deadline
// and one open tender, through the procurement manager mgr (wired with the
// server key) and the account manager:
//
//   - five fictional supplier organisations, each with a portal user
//     tilbud@<firm>.example (password Password);
//   - FOSEN-2017-02 "Arbeidsprosessanalyser og -forbedringer", the seed's
//     limited tender, replayed on a clock set to each step's time in spring
//     2017: the dialogue conference and equal one-to-one meetings with
//     minutes and learnings linked to the specification, the specification
//     generated from the process module's confirmed requirements, the
//     tender document, four candidates invited, the bidders' conference
//     with its questions and published answers, a portal question, and
//     four bids received before the deadline. It then stands closed and
//     unopened: the programme lead and the Rissa coordinator (its
//     officers) can confirm the opening;
//   - an open tender whose deadline is 30 days after now, published with
//     one document, on which any demo supplier can still bid.
//
// The dates, values, prices and firms are illustrative; the seed article
// gives none of them.
func LoadProcurement(ctx context.Context, st catalogue.Store, acc *account.Manager, mgr *procurement.Manager, now time.Time) error {
	c, err := st.CollaborationBySlug(ctx, Slug)
	if err != nil {
		return err
	}
	sys := domain.SystemPrincipal(c.ID)
	sys.Name = "Demo"
	leadUser, err := acc.UserByEmail(ctx, sys, "programleder@fosen.example")
	if err != nil {
		return err
	}
	coordUser, err := acc.UserByEmail(ctx, sys, "koordinator.rissa@fosen.example")
	if err != nil {
		return err
	}
	lead := leadUser.Principal()

	var services []procurement.Item
	for _, set := range ProcessSets() {
		s, err := st.ServiceBySlug(ctx, c.ID, set.Service)
		if err != nil {
			return err
		}
		services = append(services, procurement.Item{ServiceID: s.ID})
	}

	// The suppliers and their portal users, as the programme lead would
	// register them.
	sups := make([]procurement.Supplier, len(demoSuppliers))
	users := make([]domain.Principal, len(demoSuppliers))
	for i, d := range demoSuppliers {
		u, err := acc.CreateUser(ctx, sys, account.NewUser{Email: d.email(), Name: d.contact + " (" + d.name + ")",
			Password: Password, Lang: "nb", Grants: []domain.Grant{{Role: domain.RoleSupplier}}})
		if err != nil {
			return fmt.Errorf("demo supplier user %s: %w", d.email(), err)
		}
		users[i] = u.Principal()
		if sups[i], err = mgr.SaveSupplier(ctx, lead, procurement.Supplier{Name: d.name, OrgNumber: d.org,
			ContactName: d.contact, ContactEmail: d.email()}); err != nil {
			return fmt.Errorf("demo supplier %s: %w", d.name, err)
		}
		if err := mgr.LinkSupplierUser(ctx, lead, sups[i].ID, d.email()); err != nil {
			return fmt.Errorf("demo supplier link %s: %w", d.email(), err)
		}
	}

	// Without the server key no tender can be created; say so plainly
	// rather than as the conflict it is (which LoadDemo would take for a
	// demo loaded by another server at the same moment).
	if !mgr.HasKey() {
		return errors.New("demo: the procurement demo needs the bid key (--bid-key-file); none is configured")
	}
	var evaluators []domain.Principal
	for _, e := range demoEvaluators {
		u, err := acc.CreateUser(ctx, sys, account.NewUser{Email: e.email, Name: e.name,
			Password: Password, Lang: "nb", Grants: []domain.Grant{{Role: domain.RoleEvaluator}}})
		if err != nil {
			return fmt.Errorf("demo evaluator %s: %w", e.email, err)
		}
		evaluators = append(evaluators, u.Principal())
	}
	clock := &stepClock{now: oslo("2017-01-16T09:00")}
	stepped := mgr.WithClock(clock)
	id, err := loadSeedTender(ctx, stepped, clock, lead, []domain.ID{leadUser.ID, coordUser.ID}, services, sups, users)
	if err != nil {
		return fmt.Errorf("demo tender %s: %w", SeedTender, err)
	}
	if err := finishSeedTender(ctx, stepped, clock, lead, coordUser.Principal(), evaluators, sups, id); err != nil {
		return fmt.Errorf("demo tender %s, evaluation to contract: %w", SeedTender, err)
	}
	if err := loadClosedTender(ctx, stepped, clock, lead, []domain.ID{leadUser.ID, coordUser.ID}, services, sups, users); err != nil {
		return fmt.Errorf("demo tender %s: %w", ClosedTender, err)
	}
	if err := loadOpenTender(ctx, mgr, lead, services, now); err != nil {
		return fmt.Errorf("demo open tender: %w", err)
	}
	return nil
}

// seedMilestones is the seed tender's timeline (Oslo time, illustrative):
// the series ran in spring 2017; the seed says the bidders presented for
// half an hour each after the deadline, the choice was made the next day
// and the contract signed after a 14-day standstill. The deadline avoids
// Easter 2017 (13–17 April).
var seedMilestones = []struct{ kind, at string }{
	{procurement.MilestoneDialogue, "2017-02-09T10:00"},
	{procurement.MilestoneNotice, "2017-03-20T09:00"},
	{procurement.MilestoneConference, "2017-03-28T12:00"},
	{procurement.MilestoneQuestions, "2017-04-05T12:00"},
	{procurement.MilestoneDeadline, "2017-04-20T12:00"},
	{procurement.MilestoneOpening, "2017-04-20T13:00"},
	{procurement.MilestonePresentations, "2017-04-25T09:00"},
	{procurement.MilestoneAward, "2017-04-26T12:00"},
	{procurement.MilestoneStandstillEnd, "2017-05-10T23:59"},
	{procurement.MilestoneContract, "2017-05-11T10:00"},
}

// seedEstimate is the seed tender's estimated value, NOK excl. VAT
// (illustrative). The seed calls the procedure "begrenset
// anbudskonkurranse", but under FOA 2016 the anbudskonkurranse names belong
// to part III (§ 13-1), which needs a value at or above the EEA threshold
// (NOK 2.3 million by DefaultThresholds). A process-analysis assignment for
// seven small municipalities is plausibly below it and above the national
// threshold (NOK 1.3 million), so DerivePart gives part II and the demo
// uses part II's counterpart with the same shape — candidates invited,
// bids only from them: begrenset tilbudskonkurranse
// (ProcNationalRestricted).
const seedEstimate = 1_600_000

// seedBuyer is the contracting authority of the seed's tender: Rissa, one
// of the seven Fosen municipalities of 2017, as host municipality
// (vertskommune) for the collaboration. Rissa's postcode 7100 and NUTS
// NO060 (Trøndelag) are as published; the organisation number is
// ILLUSTRATIVE — Rissa kommune's real number could not be verified here —
// made up to pass the MOD11 check, and the e-mail and telephone are
// placeholders.
var seedBuyer = procurement.Buyer{
	Name:      "Rissa kommune (vertskommune for Fosen-samarbeidet)",
	OrgNumber: "915100600",
	PostCode:  "7100",
	Town:      "Rissa",
	NUTS:      "NO060",
	Email:     "innkjop@fosen.example",
	Phone:     "+47 00 00 00 00",
}

// demoEvaluators are the seed tender's evaluation committee: users with
// the evaluator role only (the web tests make their own
// evaluator@fosen.example).
var demoEvaluators = []struct{ email, name string }{
	{"evaluator1@fosen.example", "Evaluator 1 (fagperson, Ørland)"},
	{"evaluator2@fosen.example", "Evaluator 2 (fagperson, Åfjord)"},
}

// evaluatorLogins are the demo's evaluator users, for Logins.
func evaluatorLogins() []Login {
	var out []Login
	for _, e := range demoEvaluators {
		out = append(out, Login{e.email, "evaluator, " + SeedTender})
	}
	return out
}

func loadSeedTender(ctx context.Context, mgr *procurement.Manager, clock *stepClock, lead domain.Principal,
	officers domain.Editors, items []procurement.Item, sups []procurement.Supplier, users []domain.Principal) (domain.ID, error) {
	candidates := sups[:4]
	var ms []procurement.Milestone
	for _, m := range seedMilestones {
		ms = append(ms, procurement.Milestone{Kind: m.kind, At: oslo(m.at)})
	}
	t, err := mgr.CreateTender(ctx, lead, procurement.Tender{
		Reference: SeedTender,
		Title:     "Arbeidsprosessanalyser og -forbedringer",
		Description: "Bistand til Fosen-samarbeidets delprosjekt for arbeidsprosesser: kartlegge hvordan tjenestene " +
			"leveres i dag, utforme ønsket prosess og tilpasse den til lover og forskrifter, organisatoriske og " +
			"teknologiske muligheter, slik at kravspesifikasjonen til portalløsningen treffer bedre. Forespørsel " +
			"sendt til fire kandidater; felles tilbudskonferanse; presentasjon av oppdragsforståelse på en halv " +
			"time; valg dagen etter; kontrakt etter 14 dagers karensperiode. Datoer, verdi, priser og leverandører " +
			"er illustrative (demo).",
		Procedure:      procurement.ProcNationalRestricted,
		EstimatedValue: seedEstimate,
		Buyer:          seedBuyer,
		// 79411000-8: general management consultancy services.
		CPV:        "79411000-8",
		Items:      items,
		Milestones: ms,
	})
	if err != nil {
		return 0, err
	}
	id := t.ID
	reload := func() error {
		var err error
		t, err = mgr.Tender(ctx, lead, id)
		return err
	}
	if t, err = mgr.SetOfficers(ctx, lead, id, t.Version, officers); err != nil {
		return 0, err
	}

	// The market dialogue: a conference open to all, then one-to-one
	// meetings of 45 minutes each with every supplier that registered.
	clock.now = oslo("2017-02-09T15:00")
	material, err := mgr.AddDocument(ctx, lead, id, procurement.DocDialogue, "Presentasjon, dialogkonferansen 9. februar 2017",
		pdfFile("dialogkonferanse.pdf", "Dialogkonferanse: arbeidsprosessanalyser i Fosen", []string{
			"Fosen-samarbeidet (sju kommuner) skal digitalisere tjenester og vil først forstå arbeidsprosessene.",
			"Delprosjektet: 1) kartlegge prosessen slik tjenesten leveres i dag, 2) utforme ønsket prosess,",
			"3) tilpasse den til lover og forskrifter, organisatoriske og teknologiske muligheter.",
			"Tjenester i første runde: byggesak (ett trinn), barnehageopptak, klage på eiendomsskatt.",
			"Spørsmål til markedet: metode, varighet, involvering av fagansvarlige, leveranseform.",
			"Illustrativt demodokument.",
		}), "Presentert på dialogkonferansen")
	if err != nil {
		return 0, err
	}
	// Published, so that every participant could have it (EqualTreatment).
	if _, err := mgr.PublishDocument(ctx, lead, id, material.ID, material.Version); err != nil {
		return 0, fmt.Errorf("publish material: %w", err)
	}
	var all []domain.ID
	for _, s := range sups {
		all = append(all, s.ID)
	}
	dialogue := procurement.Dialogue{
		Conference: procurement.DialogueConference{
			At: oslo("2017-02-09T10:00"),
			Invitation: "Fosen-samarbeidet inviterer leverandører av rådgivning innen prosessanalyse og tjenestedesign " +
				"til dialogkonferanse på Rissa rådhus 9. februar 2017 kl. 10–14. Påmelding innen 2. februar. " +
				"Alle som melder interesse, får tilbud om et en-til-en-møte av samme lengde.",
			Participants: all,
			Material:     []domain.ID{material.ID},
			Minutes: "Fem leverandører deltok. Programlederen presenterte samarbeidet, målene og de tre tjenestene. " +
				"Leverandørene etterlyste tydelige grenser for hvor mange kommuner som skal kartlegges per tjeneste, " +
				"og pekte på at fagansvarliges tid er den knappe ressursen. Presentasjonen er lagt ut for alle.",
		},
		Interested: all,
	}
	meetingNotes := []string{
		"Anbefaler felles verksted per tjeneste med alle kommunene, heller enn sju separate kartlegginger.",
		"Foreslår å måle tidsbruk per sak før og etter, slik at gevinsten kan følges opp.",
		"Pekte på at hindringer i regelverket bør dokumenteres med lovhenvisning underveis.",
		"Ønsker at kravene til portalløsningen skrives som skal/bør-krav knyttet til prosessteg.",
		"Spurte om leveransen kan være BPMN-modeller som kan importeres i kommunenes verktøy.",
	}
	for i, s := range sups {
		start := oslo("2017-02-21T09:00").Add(time.Duration(i) * time.Hour)
		dialogue.Meetings = append(dialogue.Meetings, procurement.Meeting{SupplierID: s.ID, Start: start, Minutes: 45,
			Held: true, Notes: meetingNotes[i%len(meetingNotes)]})
	}
	clock.now = oslo("2017-02-22T16:00")
	if err := reload(); err != nil {
		return 0, err
	}
	if t, err = mgr.SaveDialogue(ctx, lead, id, t.Version, dialogue); err != nil {
		return 0, fmt.Errorf("dialogue: %w", err)
	}

	// The specification from the process module's confirmed requirements,
	// then what the dialogue taught, linked to the requirements it shaped.
	clock.now = oslo("2017-03-10T10:00")
	if _, err := mgr.GenerateSpecification(ctx, lead, id); err != nil {
		return 0, fmt.Errorf("specification: %w", err)
	}
	spec, err := mgr.Specification(ctx, lead, id)
	if err != nil {
		return 0, err
	}
	var specIDs []domain.ID
	for _, r := range spec {
		if !r.Removed {
			specIDs = append(specIDs, r.ID)
		}
	}
	pick := func(from, n int) []domain.ID {
		if from >= len(specIDs) {
			return nil
		}
		return specIDs[from:min(from+n, len(specIDs))]
	}
	dialogue.Learnings = []procurement.Learning{
		{Text: "Felles verksted per tjeneste gir én ønsket prosess for alle sju kommunene; kravene skrives mot den.", Requirements: pick(0, 2)},
		{Text: "Hindringer i lov og forskrift skal dokumenteres med hjemmel før prosessen tilpasses.", Requirements: pick(2, 2)},
		{Text: "Leveransen skal være prosessmodeller i BPMN som kan leses inn i Tjenestevalg.", Requirements: pick(4, 2)},
	}
	if err := reload(); err != nil {
		return 0, err
	}
	if t, err = mgr.SaveDialogue(ctx, lead, id, t.Version, dialogue); err != nil {
		return 0, fmt.Errorf("learnings: %w", err)
	}
	if _, err := mgr.PublishSpecification(ctx, lead, id, "Generert fra bekreftede krav i prosessmodulen"); err != nil {
		return 0, fmt.Errorf("publish specification: %w", err)
	}

	// The tender document, the four candidates and the notice.
	clock.now = oslo("2017-03-20T08:30")
	doc, err := mgr.AddDocument(ctx, lead, id, procurement.DocTender, "Konkurransegrunnlag", pdfFile("konkurransegrunnlag.pdf",
		"Konkurransegrunnlag "+SeedTender+": Arbeidsprosessanalyser og -forbedringer", []string{
			"Oppdragsgiver: Fosen-samarbeidet (demo). Prosedyre: begrenset tilbudskonkurranse, anskaffelsesforskriften del II.",
			"Oppdraget: 1) kartlegge arbeidsprosessen slik tjenesten leveres i dag, 2) utforme ønsket prosess,",
			"3) tilpasse ønsket prosess til lover og forskrifter, organisatoriske og teknologiske muligheter.",
			"Tjenester: byggesak i ett trinn, opptak i barnehage, klage på eiendomsskatt.",
			"Kravspesifikasjonen er eget vedlegg. Tilbudskonferanse 28.03.2017 kl. 12.00.",
			"Tilbudsfrist 20.04.2017 kl. 12.00. Tilbud leveres i leverandørportalen, med prisskjema og vedlegg.",
			"Hver tilbyder presenterer sin oppdragsforståelse i en halv time 25.04.2017. Valg meddeles 26.04.2017;",
			"karensperiode 14 dager. Tildelingskriterier: pris 30 %, kvalitet og oppdragsforståelse 50 %, kompetanse 20 %.",
			"Alle datoer, verdier og navn er illustrative.",
		}), "Første utgave")
	if err != nil {
		return 0, err
	}
	if _, err := mgr.PublishDocument(ctx, lead, id, doc.ID, doc.Version); err != nil {
		return 0, fmt.Errorf("publish document: %w", err)
	}
	for _, s := range candidates {
		if err := mgr.Invite(ctx, lead, id, s.ID); err != nil {
			return 0, fmt.Errorf("invite %s: %w", s.Name, err)
		}
	}
	clock.now = oslo("2017-03-20T09:00")
	if err := reload(); err != nil {
		return 0, err
	}
	if t, err = mgr.Publish(ctx, lead, id, t.Version); err != nil {
		return 0, fmt.Errorf("publish: %w", err)
	}

	// The bidders' conference, its questions in the Q&A log.
	clock.now = oslo("2017-03-28T14:00")
	var attendees []domain.ID
	for _, s := range candidates {
		attendees = append(attendees, s.ID)
	}
	if t, err = mgr.SaveConference(ctx, lead, id, t.Version, procurement.BiddersConference{
		At: oslo("2017-03-28T12:00"), Attendees: attendees,
		Minutes: "Alle fire kandidatene deltok. Oppdragsgiver gikk gjennom konkurransegrunnlaget og oppdraget; " +
			"spørsmålene og svarene er lagt i spørsmål-og-svar-loggen for alle.",
	}); err != nil {
		return 0, fmt.Errorf("conference: %w", err)
	}
	for _, qa := range [][2]string{
		{"Skal alle sju kommunene kartlegges for hver tjeneste?",
			"Nei. Dagens prosess kartlegges i verksted der alle kommunene deltar; ulikheter noteres per kommune."},
		{"Hvor mye tid kan fagansvarlige sette av?",
			"Inntil to verkstedsdager per tjeneste og kommune, pluss en halv dag til gjennomgang."},
		{"I hvilket format skal prosessene leveres?",
			"BPMN 2.0 med diagram, slik at modellene kan leses inn i samarbeidets verktøy."},
	} {
		if _, err := mgr.AddConferenceQuestion(ctx, lead, id, qa[0], qa[1]); err != nil {
			return 0, fmt.Errorf("conference question: %w", err)
		}
	}

	// A question through the portal, answered to all without the asker.
	clock.now = oslo("2017-04-03T10:15")
	q, err := mgr.Ask(ctx, users[2], id, "Kan presentasjonen av oppdragsforståelsen holdes over video?")
	if err != nil {
		return 0, fmt.Errorf("portal question: %w", err)
	}
	clock.now = oslo("2017-04-04T09:00")
	if _, err := mgr.AnswerQuestion(ctx, lead, id, q.ID, q.Version,
		"Ja, presentasjonen kan holdes over video. Tidspunktene fordeles likt og sendes alle tilbydere.", true); err != nil {
		return 0, fmt.Errorf("answer: %w", err)
	}

	// The bids, each received at its own time before the deadline.
	for i, d := range demoSuppliers[:4] {
		for j, b := range d.bids {
			clock.now = oslo(b.at)
			name := fmt.Sprintf("tilbud-%s.pdf", strings.TrimSuffix(d.domain, ".example"))
			if _, err := mgr.SubmitBid(ctx, users[i], id, procurement.BidInput{
				Total: b.total,
				Note:  fmt.Sprintf("Tilbud %d fra %s (illustrativt)", j+1, d.name),
				Files: []procurement.File{pdfFile(name, "Tilbud fra "+d.name, []string{
					"Til: Fosen-samarbeidet, " + SeedTender + " Arbeidsprosessanalyser og -forbedringer.",
					"Oppdragsforståelse: felles verksteder per tjeneste, ønsket prosess i BPMN, hindringer med hjemmel.",
					"Bemanning: to rådgivere med erfaring fra kommunal tjenesteutvikling.",
					"Samlet pris eks. mva.: NOK " + b.total + " (se prisskjema).",
					"Illustrativt demotilbud; firma og priser er oppdiktet.",
				})},
			}); err != nil {
				return 0, fmt.Errorf("bid %s: %w", d.name, err)
			}
		}
	}
	return id, nil
}

// loadOpenTender publishes an open tender whose deadline lies 30 days
// after now (at noon, Oslo time), with one document, on the manager's own
// clock. Its value is in part II, where åpen tilbudskonkurranse is one of
// the two procedures (illustrative value).
func loadOpenTender(ctx context.Context, mgr *procurement.Manager, lead domain.Principal, items []procurement.Item, now time.Time) error {
	local := now.In(procurement.Oslo())
	day := time.Date(local.Year(), local.Month(), local.Day(), 12, 0, 0, 0, procurement.Oslo())
	deadline := day.AddDate(0, 0, 30).UTC()
	t, err := mgr.CreateTender(ctx, lead, procurement.Tender{
		Reference: OpenTenderReference(now),
		Title:     "Opplæring i prosessforbedring og gevinstrealisering",
		Description: "Kurs for fagansvarlige og koordinatorer i de sju kommunene: kartlegge og forbedre arbeidsprosesser, " +
			"måle tidsbruk og følge opp gevinster. Åpen konkurranse; alle leverandører kan levere tilbud. " +
			"Verdi og datoer er illustrative (demo).",
		Procedure:      procurement.ProcNationalOpen,
		EstimatedValue: 1_400_000,
		// 80500000-9: training services.
		CPV:   "80500000-9",
		Items: items[len(items)-1:],
		Milestones: []procurement.Milestone{
			{Kind: procurement.MilestoneNotice, At: now.UTC().Truncate(time.Minute)},
			{Kind: procurement.MilestoneQuestions, At: deadline.AddDate(0, 0, -10)},
			{Kind: procurement.MilestoneDeadline, At: deadline},
			{Kind: procurement.MilestoneOpening, At: deadline.Add(time.Hour)},
		},
	})
	if err != nil {
		return err
	}
	doc, err := mgr.AddDocument(ctx, lead, t.ID, procurement.DocTender, "Konkurransegrunnlag", pdfFile("konkurransegrunnlag.pdf",
		"Konkurransegrunnlag "+t.Reference+": Opplæring i prosessforbedring", []string{
			"Oppdragsgiver: Fosen-samarbeidet (demo). Prosedyre: åpen tilbudskonkurranse, anskaffelsesforskriften del II.",
			"Oppdraget: fire kursdager for inntil 40 deltakere, med kursmateriell og oppfølging etter tre måneder.",
			"Tilbudsfrist: " + procurement.Display(deadline, "nb") + ". Tilbud leveres i leverandørportalen.",
			"Tildelingskriterier: kvalitet 50 %, pris 50 %. Verdier og datoer er illustrative.",
		}), "Første utgave")
	if err != nil {
		return err
	}
	if _, err := mgr.PublishDocument(ctx, lead, t.ID, doc.ID, doc.Version); err != nil {
		return err
	}
	if t, err = mgr.Tender(ctx, lead, t.ID); err != nil {
		return err
	}
	_, err = mgr.Publish(ctx, lead, t.ID, t.Version)
	return err
}

func pdfFile(name, title string, lines []string) procurement.File {
	return procurement.File{Name: name, ContentType: "application/pdf", Content: textPDF(title, lines)}
}
