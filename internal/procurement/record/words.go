package record

import (
	"fmt"
	"time"

	"github.com/tjenestevalg/tjenestevalg/internal/i18n"
	"github.com/tjenestevalg/tjenestevalg/internal/procurement"
)

// words are the record's own texts in bokmål and English. They are the
// wording of a document for the municipality's records system, not of the
// user interface, so they live beside the record rather than in the UI
// catalogues; names the UI already has (procedures, milestones, document
// kinds, parts) come from internal/i18n so the two never disagree.
var words = map[string][2]string{
	"title":               {"Anskaffelsesprotokoll", "Procurement record"},
	"form":                {"Protokollform", "Form of record"},
	"form_none":           {"Under minsteverdien i anskaffelsesforskriften: protokollen føres som god praksis", "Below the regulation's minimum value: the record is kept as good practice"},
	"form_i":              {"Forenklet protokoll etter del I (FOA § 7-1)", "Simplified record under part I (FOA § 7-1)"},
	"form_ii":             {"Protokoll for del I og II (FOA §§ 7-1 og 10-5)", "Record for parts I and II (FOA §§ 7-1 and 10-5)"},
	"form_iii":            {"Protokoll for del I og III (FOA §§ 7-1 og 25-5)", "Record for parts I and III (FOA §§ 7-1 and 25-5)"},
	"generated":           {"Generert fra det som er registrert i saken; siste hendelse %s.", "Generated from what is recorded in the case; last event %s."},
	"keep":                {"Dokumentasjonen oppbevares i minst tre år etter kontraktsinngåelsen, kontrakten i hele kontraktsperioden (FOA § 7-1).", "The documentation is kept for at least three years after the contract is signed, the contract for its whole term (FOA § 7-1)."},
	"s1":                  {"1 Oppdragsgiver og anskaffelsen", "1 Contracting authority and the procurement"},
	"buyer":               {"Oppdragsgiver", "Contracting authority"},
	"orgnr":               {"Organisasjonsnummer", "Organisation number"},
	"address":             {"Adresse", "Address"},
	"reference":           {"Saksreferanse", "Case reference"},
	"tender_title":        {"Anskaffelse", "Procurement"},
	"description":         {"Hva anskaffes", "What is bought"},
	"services":            {"Tjenester", "Services"},
	"estimate":            {"Anslått verdi", "Estimated value"},
	"part":                {"Regelverk", "Rules"},
	"thresholds":          {"Terskelverdier (ekskl. mva.)", "Thresholds (excl. VAT)"},
	"thresholds.v":        {"minsteverdi %s, nasjonal %s, EØS varer og tjenester %s, EØS bygg og anlegg %s", "minimum %s, national %s, EEA goods and services %s, EEA works %s"},
	"procedure":           {"Prosedyre", "Procedure"},
	"cpv":                 {"CPV-kode", "CPV code"},
	"lots":                {"Delkontrakter", "Lots"},
	"none_given":          {"ikke oppgitt", "not given"},
	"s2":                  {"2 Markedsdialog", "2 Market dialogue"},
	"dialogue.none":       {"Ingen markedsdialog er registrert.", "No market dialogue is recorded."},
	"conference":          {"Dialogkonferanse", "Dialogue conference"},
	"participants":        {"Deltakere", "Participants"},
	"material":            {"Materiell lagt fram", "Material presented"},
	"minutes":             {"Referat", "Minutes"},
	"minutes.kept":        {"ført", "kept"},
	"minutes.missing":     {"ikke ført", "not kept"},
	"interested":          {"Interesserte leverandører", "Interested suppliers"},
	"meetings":            {"En-til-en-møter", "One-to-one meetings"},
	"col.supplier":        {"Leverandør", "Supplier"},
	"col.start":           {"Tidspunkt", "Time"},
	"col.length":          {"Varighet", "Length"},
	"col.held":            {"Holdt", "Held"},
	"col.minutes":         {"Referat", "Minutes"},
	"min":                 {"%d min", "%d min"},
	"yes":                 {"ja", "yes"},
	"no":                  {"nei", "no"},
	"equal":               {"Likebehandling", "Equal treatment"},
	"equal.ok":            {"Alle interesserte leverandører fikk tilbud om møte med samme varighet, og materiellet var tilgjengelig for alle.", "Every interested supplier was offered a meeting of the same length, and the material was available to all."},
	"equal.no_meeting":    {"%s fikk ikke tilbud om møte.", "%s was offered no meeting."},
	"equal.slot":          {"Møtet med %s varte %d min, de andre %d min.", "The meeting with %s lasted %d min, the others %d min."},
	"equal.material":      {"Materiell (dokument %d) var ikke tilgjengelig for alle.", "Material (document %d) was not available to all."},
	"learnings":           {"Læring fra dialogen", "What the dialogue taught"},
	"s3":                  {"3 Kunngjøring og frister", "3 Notice and time limits"},
	"milestones.none":     {"Ingen datoer er satt.", "No dates are set."},
	"col.milestone":       {"Milepæl", "Milestone"},
	"deadline_moves":      {"Endrede frister", "Time limits moved"},
	"deadline_moves.none": {"Fristene er ikke endret etter kunngjøring.", "The time limits were not moved after the notice."},
	"documents":           {"Konkurransedokumenter", "Procurement documents"},
	"documents.none":      {"Ingen dokumenter er registrert.", "No documents are recorded."},
	"col.kind":            {"Type", "Kind"},
	"col.title":           {"Tittel", "Title"},
	"col.change":          {"Endring", "Change"},
	"col.versions":        {"Versjoner", "Versions"},
	"col.published":       {"Publisert", "Published"},
	"spec":                {"Kravspesifikasjon", "Requirement specification"},
	"spec.v":              {"%d krav, av dem %d skal-krav og %d bør-krav", "%d requirements: %d must and %d should"},
	"s4":                  {"4 Kandidater og leverandører", "4 Candidates and suppliers"},
	"candidates.open":     {"Åpen prosedyre: alle leverandører kunne levere tilbud.", "Open procedure: every supplier could bid."},
	"candidates.none":     {"Ingen leverandører er invitert.", "No suppliers are invited."},
	"col.orgnr":           {"Org.nr.", "Org. no."},
	"col.invited":         {"Invitert", "Invited"},
	"col.by":              {"Av", "By"},
	"s5":                  {"5 Spørsmål og svar", "5 Questions and answers"},
	"questions.none":      {"Ingen spørsmål er stilt.", "No questions were asked."},
	"questions.anon":      {"Spørsmålene er gjengitt uten å nevne hvem som stilte dem.", "The questions are given without naming who asked them."},
	"question":            {"Spørsmål %d (%s, %s)", "Question %d (%s, %s)"},
	"source_portal":       {"via portalen", "through the portal"},
	"source_conference":   {"på tilbudskonferansen", "at the bidders' conference"},
	"answer":              {"Svar (%s)", "Answer (%s)"},
	"unanswered":          {"Ikke besvart.", "Not answered."},
	"bconf":               {"Tilbudskonferanse", "Bidders' conference"},
	"bconf.none":          {"Ingen tilbudskonferanse er holdt.", "No bidders' conference was held."},
	"attendees":           {"Deltakere", "Attendees"},
	"s6":                  {"6 Mottatte tilbud", "6 Bids received"},
	"bids.none":           {"Ingen tilbud er mottatt.", "No bids were received."},
	"col.no":              {"Nr.", "No."},
	"col.received":        {"Mottatt", "Received"},
	"col.status":          {"Status", "Status"},
	"col.sha":             {"SHA-256", "SHA-256"},
	"status.submitted":    {"gjeldende", "valid"},
	"status.replaced":     {"erstattet", "replaced"},
	"status.withdrawn":    {"trukket", "withdrawn"},
	"bids.count":          {"Innleveringer", "Submissions"},
	"bids.count.v":        {"%d i alt: %d gjeldende, %d erstattet av nyere innlevering, %d trukket", "%d in all: %d valid, %d replaced by a later submission, %d withdrawn"},
	"s7":                  {"7 Åpning av tilbud", "7 Opening of the bids"},
	"opening.none":        {"Tilbudene er ikke åpnet.", "The bids have not been opened."},
	"opened_at":           {"Åpnet", "Opened"},
	"confirmed":           {"Bekreftet av", "Confirmed by"},
	"confirmed.v":         {"%s (%s)", "%s (%s)"},
	"opening.record":      {"Åpningsprotokoll", "Opening record"},
	"col.price":           {"Pris ekskl. mva.", "Price excl. VAT"},
	"col.files":           {"Filer", "Files"},
	"col.intact":          {"Uendret", "Intact"},
	"withdrawn":           {"Trukne tilbud", "Withdrawn bids"},
	"s8":                  {"8 Evaluering", "8 Evaluation"},
	"evaluation_none":     {"Evalueringen er ikke satt opp.", "The evaluation is not set up."},
	"criteria":            {"Tildelingskriterier", "Award criteria"},
	"col.criterion":       {"Kriterium", "Criterion"},
	"col.weight":          {"Vekt", "Weight"},
	"col.sub":             {"Underkriterier", "Sub-criteria"},
	"price_criterion":     {"pris, beregnet etter prismodellen", "price, computed by the price model"},
	"price_model":         {"Prismodell", "Price model"},
	"model.linear":        {"lineær: poeng = 10 − 10 × (Pe − Pb) / Pb", "linear: points = 10 − 10 × (Pe − Pb) / Pb"},
	"model.proportional":  {"proporsjonal: poeng = 10 × Pb / Pe", "proportional: points = 10 × Pb / Pe"},
	"evaluators":          {"Evaluatorer", "Evaluators"},
	"evaluators.v":        {"%d, som ga poeng hver for seg før konsensus", "%d, who scored separately before the consensus"},
	"presentations":       {"Presentasjoner", "Presentations"},
	"musts":               {"Skal-krav", "Must requirements"},
	"musts.ok":            {"Alle kontrollerte tilbud oppfylte skal-kravene.", "Every bid checked met the must requirements."},
	"musts.fail":          {"%s oppfylte ikke krav %s.", "%s did not meet requirement %s."},
	"rejections":          {"Avviste tilbud", "Rejected bids"},
	"rejections.none":     {"Ingen tilbud er avvist.", "No bid was rejected."},
	"rejection":           {"%s avvist %s: %s", "%s rejected %s: %s"},
	"consensus":           {"Konsensuspoeng (0–10)", "Consensus points (0–10)"},
	"consensus.none":      {"Konsensus er ikke satt.", "The consensus is not set."},
	"col.points":          {"Poeng", "Points"},
	"col.reason":          {"Begrunnelse", "Reason"},
	"results":             {"Sammenstilling og rangering", "Totals and ranking"},
	"results.none":        {"Sammenstillingen kan ikke lages ennå: %s", "The totals cannot be computed yet: %s"},
	"col.rank":            {"Rang", "Rank"},
	"col.total":           {"Sum", "Total"},
	"price_check":         {"Kontroll av prismodell", "Price model check"},
	"price_check.same":    {"Den andre prismodellen (%s) ville gitt samme vinner.", "The other price model (%s) would have chosen the same winner."},
	"price_check.diff":    {"Den andre prismodellen (%s) ville gitt en annen vinner: %s.", "The other price model (%s) would have chosen another winner: %s."},
	"flips":               {"Følsomhet for vekter", "Sensitivity to the weights"},
	"flip":                {"%s: vekten må endres med %s prosentpoeng før %s vinner.", "%s: the weight must move by %s percentage points before %s wins."},
	"flip.none":           {"%s: ingen endring av vekten alene gir en annen vinner.", "%s: no change of this weight alone changes the winner."},
	"s9":                  {"9 Tildeling", "9 Award"},
	"award.none":          {"Tildelingsbeslutning er ikke tatt.", "No award decision has been made."},
	"winner":              {"Valgt leverandør", "Supplier chosen"},
	"reasons":             {"Begrunnelse", "Reasons"},
	"decided":             {"Besluttet", "Decided"},
	"decided.v":           {"%s av %s", "%s by %s"},
	"s10":                 {"10 Meddelelser og karensperiode", "10 Notifications and standstill"},
	"letters.none":        {"Ingen meddelelser er sendt.", "No notifications were sent."},
	"letters.sent":        {"Meddelelse sendt", "Notification sent"},
	"letters.sent.v":      {"%s til %d leverandører samtidig (%s)", "%s to %d suppliers at the same time (%s)"},
	"electronic":          {"elektronisk", "electronically"},
	"paper":               {"ikke elektronisk", "not electronically"},
	"col.subject":         {"Emne", "Subject"},
	"col.sent":            {"Sendt", "Sent"},
	"standstill":          {"Karensperiode", "Standstill period"},
	"standstill.v":        {"%d dager, utløper %s", "%d days, ending %s"},
	"standstill.min":      {"Karensperioden er satt av oppdragsgiver til minst %d dager.", "The buyer set the standstill to at least %d days."},
	"standstill.none":     {"Ingen karensperiode (ikke påkrevd for denne delen).", "No standstill period (not required in this part)."},
	"s11":                 {"11 Klager", "11 Complaints"},
	"complaints.none":     {"Ingen klager mottatt.", "No complaints received."},
	"complaint":           {"Klage fra %s, mottatt %s", "Complaint from %s, received %s"},
	"complaint.answer":    {"Svar %s av %s: %s", "Answered %s by %s: %s"},
	"complaint.upheld":    {"Klagen ble tatt til følge.", "The complaint was upheld."},
	"complaint.open":      {"Ikke besvart.", "Not answered."},
	"s12":                 {"12 Kontrakt", "12 Contract"},
	"contract.none":       {"Kontrakt er ikke inngått.", "No contract has been signed."},
	"contract.ref":        {"Kontraktsreferanse", "Contract reference"},
	"signed":              {"Signert", "Signed"},
	"signed.v":            {"%s av %s", "%s by %s"},
	"value":               {"Kontraktsverdi ekskl. mva.", "Contract value excl. VAT"},
	"commitments":         {"Forpliktelser overført til gevinstrealisering", "Commitments carried into benefit realisation"},
	"commitments.v":       {"%d, av dem %d koblet til en indikator", "%d, of which %d linked to an indicator"},
	"unknown":             {"ukjent", "unknown"},
	"dash":                {"–", "–"},
}

// lex writes the record in one language.
type lex struct {
	lang string
	ui   i18n.Lang
}

func newLex(lang string) lex {
	if lang != "en" {
		lang = "nb"
	}
	return lex{lang: lang, ui: i18n.Lang(lang)}
}

// t returns the text of key with args filled in; a missing key is shown
// as itself so a gap is visible and a test finds it.
func (l lex) t(key string, args ...any) string {
	pair, ok := words[key]
	if !ok {
		return key
	}
	s := pair[0]
	if l.lang == "en" {
		s = pair[1]
	}
	if len(args) == 0 {
		return s
	}
	return fmt.Sprintf(s, args...)
}

// when is a time in Oslo as the UI writes it ("" for the zero time).
func (l lex) when(t time.Time) string { return procurement.Display(t, l.lang) }

// nok is an amount in kroner.
func (l lex) nok(v float64) string {
	if l.lang == "en" {
		return "NOK " + l.ui.Number(v, 0)
	}
	return l.ui.Number(v, 0) + " kr"
}

// num is a number with two decimals (points, totals).
func (l lex) num(v float64) string { return l.ui.Number(v, 2) }

// pct is a weight in percent.
func (l lex) pct(v float64) string { return l.ui.Number(v, decimalsOf(v)) + " %" }

func decimalsOf(v float64) int {
	if v == float64(int64(v)) {
		return 0
	}
	return 1
}

func (l lex) yesNo(b bool) string {
	if b {
		return l.t("yes")
	}
	return l.t("no")
}
