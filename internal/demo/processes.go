// The demo's process models (ProcessSets) are illustrative too: the steps
// follow how Norwegian municipalities handle these services, but the minutes,
// waiting days, systems and the differences between the seven municipalities
// are made up to show what the processes module does, not measured.
package demo

import (
	"math"
	"slices"

	"github.com/tjenestevalg/tjenestevalg/internal/process/layout"
)

// ObstacleSpec is an obstacle (hindring) the demo records against the to-be process.
type ObstacleSpec struct {
	Element        string // id of the to-be step it blocks
	Category       string // law, organisational, technological, economic, other
	LegalReference string // e.g. "Plan- og bygningsloven § 21-4" (empty when not legal)
	Description    string // Norwegian bokmål
	Remedy         string // Norwegian bokmål, e.g. "Endring av forskrift …"
	Status         string // open, in-progress, resolved, accepted
}

// ProcessSet is one service's processes in the demo: how each municipality
// works today, the shared target, and the target adapted to what the
// obstacles allow. Adapted uses the to-be's element ids for the steps it
// keeps, so the price of an obstacle is the difference between the to-be
// and the adapted figures of its element.
type ProcessSet struct {
	Service   string                 // service slug
	AsIs      map[string]layout.Spec // municipality key → its as-is process
	ToBe      layout.Spec
	Adapted   layout.Spec
	Obstacles []ObstacleSpec
}

// ProcessSets returns the demo's process models of three services of the
// open catalogue: building permit (byggesak-ettrinns), kindergarten
// admission (barnehageplass-opptak) and property tax appeals
// (eiendomsskatt-klage), each with an as-is process for all seven Fosen
// municipalities, a to-be, an adapted process and its obstacles.
//
// Everything in them is illustrative: minutes, waiting days, media and the
// case-system names ("ePhorte", "Elements", "WebSak", "Acos WebSak") are
// plausible, not measured, and no municipality's real practice is claimed.
// The legal references of the obstacles were checked against published
// texts (DiBK, Udir, regjeringen.no, Difi, Sivilombudet); where a point
// could not be verified, the obstacle's description says so. Every call builds new
// specs, so callers may change them.
func ProcessSets() []ProcessSet {
	return []ProcessSet{byggesak(), barnehage(), eiendomsskatt()}
}

// practice is how one municipality works today, as the demo tells it.
type practice struct {
	system string  // case and archive system; the names are illustrative
	small  bool    // one office receives, handles and archives; no separate sign-off
	intake string  // the medium applications and letters arrive in: paper or email
	pace   float64 // factor on minutes of work
	wait   float64 // factor on waiting days
}

// practices are the seven municipalities' ways of working. The larger
// ones have a service desk and an archive, and a leader signs building
// permits; Roan and
// Osen do more on paper and by phone, with fewer hand-offs but longer waits
// for external expertise.
var practices = map[string]practice{
	"rissa":   {system: "Elements", intake: "email", pace: 0.9, wait: 0.9},
	"leksvik": {system: "WebSak", intake: "paper", pace: 1.05, wait: 1.1},
	"orland":  {system: "Acos WebSak", intake: "email", pace: 0.95, wait: 1.0},
	"bjugn":   {system: "ePhorte", intake: "paper", pace: 1.0, wait: 1.15},
	"afjord":  {system: "Elements", intake: "paper", pace: 1.1, wait: 1.05},
	"roan":    {system: "WebSak", small: true, intake: "paper", pace: 1.2, wait: 1.25},
	"osen":    {system: "ePhorte", small: true, intake: "paper", pace: 1.25, wait: 1.3},
}

func (p practice) minutes(m float64) float64 { return math.Round(m * p.pace) }
func (p practice) days(d float64) float64    { return math.Round(d*p.wait*10) / 10 }

// obstacle is an obstacle and how it changes the step it blocks: the
// adapted process is the to-be with every obstacle's change made.
type obstacle struct {
	ObstacleSpec
	adapt func(*layout.Step)
}

// spec is a layout.Spec under construction.
type spec struct{ layout.Spec }

func newSpec(id, name string, lanes ...string) *spec {
	return &spec{layout.Spec{ID: id, Name: name, Lanes: lanes}}
}

func num(v float64) *float64 { return &v }

// act adds an activity with its figures. Manual and user tasks are marked
// not automated; the others automated, with the system as actor.
func (s *spec) act(id, name, kind, lane string, minutes, days float64, medium, value, system string) {
	automated := kind != "userTask" && kind != "manualTask"
	actor := lane
	if automated {
		actor = system
	}
	s.Steps = append(s.Steps, layout.Step{
		ID: id, Name: name, Kind: kind, Lane: lane, Minutes: num(minutes), WaitingDays: num(days),
		Actor: actor, System: system, Medium: medium, ValueClass: value, Automated: &automated,
	})
}

// node adds an event or gateway; an intermediate event waits days.
func (s *spec) node(id, name, kind, lane string, days ...float64) {
	st := layout.Step{ID: id, Name: name, Kind: kind, Lane: lane}
	if len(days) > 0 {
		st.WaitingDays = num(days[0])
	}
	s.Steps = append(s.Steps, st)
}

// chain adds flows through the given steps in order.
func (s *spec) chain(ids ...string) {
	for i := 1; i < len(ids); i++ {
		s.Flows = append(s.Flows, layout.Flow{From: ids[i-1], To: ids[i]})
	}
}

func (s *spec) flow(from, to, name string) {
	s.Flows = append(s.Flows, layout.Flow{From: from, To: to, Name: name})
}

// adapted returns to-be with the obstacles' changes made to the steps they
// block, under a new id and name.
func adapted(toBe layout.Spec, id, name string, obstacles []obstacle) (layout.Spec, []ObstacleSpec) {
	out := toBe
	out.ID, out.Name = id, name
	out.Lanes, out.Flows = slices.Clone(toBe.Lanes), slices.Clone(toBe.Flows)
	out.Steps = slices.Clone(toBe.Steps)
	for i := range out.Steps { // own copies, so changing one spec never changes the other
		st := &out.Steps[i]
		st.Minutes, st.WaitingDays, st.Automated = clone(st.Minutes), clone(st.WaitingDays), clone(st.Automated)
	}
	var specs []ObstacleSpec
	for _, o := range obstacles {
		for i := range out.Steps {
			if out.Steps[i].ID == o.Element {
				o.adapt(&out.Steps[i])
			}
		}
		specs = append(specs, o.ObstacleSpec)
	}
	return out, specs
}

func clone[T any](p *T) *T {
	if p == nil {
		return nil
	}
	v := *p
	return &v
}

// manual turns an automated step into a person's work in a system.
func manual(name string, minutes, days float64, actor string) func(*layout.Step) {
	return func(st *layout.Step) {
		no := false
		st.Name, st.Kind, st.Minutes, st.WaitingDays, st.Actor, st.Automated = name, "userTask", num(minutes), num(days), actor, &no
	}
}

// Value classes and media, short.
const (
	va, bn, nva = "value-adding", "business-necessary", "non-value-adding"
	sys, portal = "system", "portal"
)

func asIs(build func(key, name string, p practice) layout.Spec) map[string]layout.Spec {
	out := map[string]layout.Spec{}
	for _, m := range fosen {
		out[m.key] = build(m.key, m.name, practices[m.key])
	}
	return out
}

// byggesak is the one-step building permit (søknad om tillatelse i ett
// trinn). The as-is has intake, completeness check with a rework loop,
// neighbour notification check, hearing of regional authorities where
// needed, assessment, decision, notification and archiving. Lead times stay
// within the 12 weeks of plan- og bygningsloven § 21-7 (counted here from
// the application, hearing included).
func byggesak() ProcessSet {
	const soker = "Søker"
	build := func(key, name string, p practice) layout.Spec {
		intake, handler, leader, archive := "Servicetorg/postmottak", "Byggesaksbehandler", "Leder", "Arkiv"
		lanes := []string{soker, intake, handler, leader, archive}
		letters := "email"
		if p.small {
			intake, archive = "Postmottak og arkiv", "Postmottak og arkiv"
			lanes = []string{soker, intake, handler}
			letters = "paper"
		}
		s := newSpec("Process_Byggesak_AsIs_"+key, "Byggesøknad – "+name+" (nå-situasjon)", lanes...)
		post, scan := 2.0, 20.0 // paper: days in the post, minutes to scan
		if p.intake == "email" {
			post, scan = 0.5, 10
		}
		s.node("Start_Soknad", "Søknad klar", "startEvent", soker)
		s.act("Task_Sende", "Sende søknad med vedlegg", "manualTask", soker, 0, post, p.intake, bn, "")
		s.act("Task_Mottak", "Motta, skanne og journalføre søknaden", "userTask", intake, p.minutes(scan), p.days(1), p.intake, bn, p.system)
		s.act("Task_Kompletthet", "Kontrollere at søknaden er komplett", "userTask", handler, p.minutes(30), p.days(3), sys, bn, p.system)
		s.node("Gateway_Komplett", "Komplett?", "exclusiveGateway", handler)
		s.act("Task_Mangel", "Be om manglende dokumentasjon", "userTask", handler, p.minutes(20), p.days(1), letters, nva, p.system)
		s.act("Task_Ettersende", "Ettersende dokumentasjon", "manualTask", soker, 0, p.days(10), p.intake, nva, "")
		s.act("Task_Nabovarsel", "Kontrollere nabovarsel og nabomerknader", "userTask", handler, p.minutes(20), p.days(1), sys, bn, p.system)
		s.node("Gateway_Horing", "Uttalelse fra annen myndighet nødvendig?", "exclusiveGateway", handler)
		s.act("Task_Horing", "Sende søknaden på høring til regionale myndigheter", "userTask", handler, p.minutes(25), p.days(1), letters, bn, p.system)
		s.node("Event_Uttalelse", "Uttalelse mottatt", "intermediateCatchEvent", handler, 20) // four weeks, pbl. § 21-5
		s.node("Gateway_HoringFerdig", "", "exclusiveGateway", handler)
		s.flow("Gateway_Komplett", "Task_Nabovarsel", "Ja")
		s.flow("Gateway_Komplett", "Task_Mangel", "Nei")
		s.chain("Start_Soknad", "Task_Sende", "Task_Mottak", "Task_Kompletthet", "Gateway_Komplett")
		s.chain("Task_Mangel", "Task_Ettersende", "Task_Kompletthet")
		s.chain("Task_Nabovarsel", "Gateway_Horing")
		s.flow("Gateway_Horing", "Task_Horing", "Ja")
		s.flow("Gateway_Horing", "Gateway_HoringFerdig", "Nei")
		s.chain("Task_Horing", "Event_Uttalelse", "Gateway_HoringFerdig")
		next := "Gateway_HoringFerdig"
		if p.small {
			// No planner of its own: hard cases wait for the hired adviser.
			s.act("Task_Radgiver", "Drøfte saken med innleid byggesaksrådgiver", "manualTask", handler, p.minutes(20), p.days(8), "phone", bn, "")
			s.chain(next, "Task_Radgiver")
			next = "Task_Radgiver"
			s.act("Task_Vurdere", "Vurdere søknaden mot plan og regelverk", "manualTask", handler, p.minutes(150), p.days(5), "paper", va, "")
		} else {
			s.act("Task_Vurdere", "Vurdere søknaden mot plan og regelverk", "userTask", handler, p.minutes(150), p.days(5), sys, va, p.system)
		}
		s.act("Task_Vedtak", "Skrive vedtak", "userTask", handler, p.minutes(60), p.days(2), sys, va, p.system)
		s.chain(next, "Task_Vurdere", "Task_Vedtak")
		next = "Task_Vedtak"
		sender := intake
		if !p.small {
			s.act("Task_Godkjenne", "Godkjenne og signere vedtaket", "userTask", leader, p.minutes(15), p.days(3), sys, bn, p.system)
			s.chain(next, "Task_Godkjenne")
			next = "Task_Godkjenne"
		} else {
			sender = handler
		}
		s.act("Task_Underrette", "Sende vedtaket til søker og naboer med merknader", "manualTask", sender, p.minutes(20), p.days(1), "paper", bn, "")
		s.act("Task_Arkivere", "Arkivere saken", "userTask", archive, p.minutes(10), p.days(2), sys, bn, p.system)
		s.node("End_Vedtak", "Vedtak sendt og arkivert", "endEvent", archive)
		s.chain(next, "Task_Underrette", "Task_Arkivere", "End_Vedtak")
		return s.Spec
	}

	const kommune, fag = "Kommunen – byggesak", "Sak/arkiv (felles)"
	s := newSpec("Process_Byggesak_ToBe", "Byggesøknad (ønsket situasjon)", soker, kommune)
	s.node("Start_Soknad", "Søknad klar", "startEvent", soker)
	s.act("Task_Sende", "Sende søknad i Fellestjenester BYGG", "userTask", soker, 0, 0, portal, bn, "Fellestjenester BYGG")
	s.act("Task_Mottak", "Motta søknaden og opprette sak", "serviceTask", kommune, 0, 0, sys, bn, fag)
	s.act("Task_Kompletthet", "Automatisk kompletthetskontroll", "serviceTask", kommune, 0, 0, sys, bn, fag)
	s.node("Gateway_Komplett", "Komplett?", "exclusiveGateway", kommune)
	s.act("Task_Mangel", "Sende mangelbrev automatisk", "sendTask", kommune, 0, 0, sys, nva, fag)
	s.act("Task_Ettersende", "Ettersende dokumentasjon i portalen", "userTask", soker, 0, 5, portal, nva, "Fellestjenester BYGG")
	s.act("Task_Nabovarsel", "Kontrollere nabomerknader", "userTask", kommune, 10, 1, sys, bn, fag)
	s.node("Gateway_Horing", "Uttalelse fra annen myndighet nødvendig?", "exclusiveGateway", kommune)
	s.act("Task_Horing", "Sende på digital høring", "sendTask", kommune, 0, 0, sys, bn, fag)
	s.node("Event_Uttalelse", "Uttalelse mottatt", "intermediateCatchEvent", kommune, 10)
	s.node("Gateway_HoringFerdig", "", "exclusiveGateway", kommune)
	s.act("Task_Vurdere", "Vurdere søknaden med planinformasjon i kart", "userTask", kommune, 100, 3, sys, va, fag)
	s.act("Task_Vedtak", "Fatte vedtak med maler", "userTask", kommune, 30, 1, sys, va, fag)
	s.act("Task_Underrette", "Sende vedtaket digitalt", "sendTask", kommune, 0, 0, sys, bn, fag)
	s.act("Task_Arkivere", "Arkivere automatisk", "serviceTask", kommune, 0, 0, sys, bn, fag)
	s.node("End_Vedtak", "Vedtak sendt og arkivert", "endEvent", kommune)
	s.chain("Start_Soknad", "Task_Sende", "Task_Mottak", "Task_Kompletthet", "Gateway_Komplett")
	s.flow("Gateway_Komplett", "Task_Nabovarsel", "Ja")
	s.flow("Gateway_Komplett", "Task_Mangel", "Nei")
	s.chain("Task_Mangel", "Task_Ettersende", "Task_Kompletthet")
	s.chain("Task_Nabovarsel", "Gateway_Horing")
	s.flow("Gateway_Horing", "Task_Horing", "Ja")
	s.flow("Gateway_Horing", "Gateway_HoringFerdig", "Nei")
	s.chain("Task_Horing", "Event_Uttalelse", "Gateway_HoringFerdig", "Task_Vurdere", "Task_Vedtak", "Task_Underrette", "Task_Arkivere", "End_Vedtak")

	adapt, obstacles := adapted(s.Spec, "Process_Byggesak_Adapted", "Byggesøknad (tilpasset)", []obstacle{
		{ObstacleSpec{
			Element: "Event_Uttalelse", Category: "law",
			LegalReference: "Plan- og bygningsloven § 21-5; byggesaksforskriften (SAK10) § 6-2",
			Description: "Kommunen har samordningsplikt og må legge søknaden fram for de berørte myndighetene som SAK10 § 6-2 lister opp. " +
				"Etter pbl. § 21-5 har de fire uker fra oversendelse til å gi uttalelse eller fatte vedtak (jf. SAK10 § 7-5 om statlige og regionale myndigheter). " +
				"Ønsket prosess regnet med svar innen to uker; kommunen kan ikke korte fristen selv.",
			Remedy: "Avtale med fylkeskommunen og statsforvalteren om digital høring og svar så tidlig som mulig; fristen i seg selv kan bare endres i lov og forskrift.",
			Status: "accepted",
		}, func(st *layout.Step) { st.WaitingDays = num(20) }},
		{ObstacleSpec{
			Element: "Task_Mottak", Category: "technological",
			Description: "Sak-/arkivsystemene i flere av kommunene (navnene i demoen er illustrative) tar ikke imot strukturerte søknader fra Fellestjenester BYGG. " +
				"Søknaden kommer som dokument og må registreres og fordeles manuelt.",
			Remedy: "Krav om mottak av strukturerte byggesøknader fra Fellestjenester BYGG i anskaffelsen av felles sak-/arkivsystem.",
			Status: "in-progress",
		}, manual("Registrere og fordele søknaden manuelt", 15, 1, "Servicetorg/postmottak")},
		{ObstacleSpec{
			Element: "Task_Kompletthet", Category: "organisational",
			Description: "Kommunene har ulik praksis for hvilke opplysninger og vedlegg de krever (egne sjekklister), " +
				"så reglene for en felles automatisk kompletthetskontroll kan ikke lages ennå. Kontrollen gjøres manuelt.",
			Remedy: "Felles sjekkliste for Fosen-kommunene bygd på pbl. § 21-2 og byggesaksforskriften kapittel 5, deretter automatisering.",
			Status: "open",
		}, manual("Kontrollere at søknaden er komplett", 30, 2, "Byggesaksbehandler")},
		{ObstacleSpec{
			Element: "Task_Underrette", Category: "law",
			LegalReference: "Forvaltningsloven § 15 a; eForvaltningsforskriften §§ 8 og 9",
			Description: "Vedtak kan sendes digitalt, men innbyggere som har reservert seg mot digital kommunikasjon, skal fortsatt få vedtaket på papir. " +
				"Utsendingen kan derfor ikke bli helt digital.",
			Remedy: "Bruke en sentral forsendelsestjeneste med utskrift (f.eks. KS SvarUt) slik at papirpost ikke krever manuelt arbeid.",
			Status: "accepted",
		}, func(st *layout.Step) { st.Minutes = num(5) }},
	})
	return ProcessSet{Service: "byggesak-ettrinns", AsIs: asIs(build), ToBe: s.Spec, Adapted: adapt, Obstacles: obstacles}
}

// barnehage is one application for a kindergarten place in the
// coordinated admission (samordnet opptak). Small municipalities wait for
// the inter-municipal educational-psychological service (PPT) when a child
// may have a right to priority.
func barnehage() ProcessSet {
	const foresatte = "Foresatte"
	build := func(key, name string, p practice) layout.Spec {
		intake, office, head, archive := "Servicetorg/postmottak", "Opptakskontor (oppvekst)", "Barnehagestyrer", "Arkiv"
		lanes := []string{foresatte, intake, office, head, archive}
		expert := 5.0
		contact := "phone"
		if p.small {
			intake, office, archive = "Oppvekstkontor", "Oppvekstkontor", "Oppvekstkontor"
			lanes = []string{foresatte, office, head}
			expert = 15
		} else if p.intake == "email" {
			contact = "email"
		}
		s := newSpec("Process_Barnehage_AsIs_"+key, "Søknad om barnehageplass – "+name+" (nå-situasjon)", lanes...)
		post := 2.0
		if p.intake == "email" {
			post = 0.5
		}
		s.node("Start_Soknad", "Behov for barnehageplass", "startEvent", foresatte)
		s.act("Task_Soke", "Fylle ut og sende søknadsskjema", "manualTask", foresatte, 0, post, p.intake, bn, "")
		s.act("Task_Mottak", "Motta og journalføre søknaden", "userTask", intake, p.minutes(10), p.days(1), p.intake, bn, p.system)
		s.act("Task_Kontroll", "Kontrollere bosted, alder og rett til plass", "userTask", office, p.minutes(10), p.days(2), sys, bn, p.system)
		s.node("Gateway_Komplett", "Opplysningene komplette?", "exclusiveGateway", office)
		s.act("Task_Mangel", "Kontakte foresatte om manglende opplysninger", "manualTask", office, p.minutes(10), p.days(1), contact, nva, "")
		s.act("Task_Ettersende", "Ettersende opplysninger", "manualTask", foresatte, 0, p.days(5), p.intake, nva, "")
		s.node("Gateway_Prioritet", "Søkt om prioritet?", "exclusiveGateway", office)
		s.act("Task_Prioritet", "Vurdere rett til prioritet", "userTask", office, p.minutes(15), p.days(1), sys, va, p.system)
		s.node("Event_Uttalelse", "Sakkyndig uttalelse mottatt", "intermediateCatchEvent", office, expert)
		s.node("Gateway_PrioritetFerdig", "", "exclusiveGateway", office)
		s.act("Task_Fordele", "Fordele plasser i opptaksmøtet", "manualTask", head, p.minutes(20), p.days(10), "paper", va, "")
		s.act("Task_Tildeling", "Registrere tildeling og skrive tilbudsbrev", "userTask", office, p.minutes(15), p.days(2), sys, bn, p.system)
		s.act("Task_Varsle", "Sende tilbud om plass", "manualTask", intake, p.minutes(10), p.days(1), "paper", bn, "")
		s.node("Event_Svar", "Svar på tilbudet mottatt", "intermediateCatchEvent", office, p.days(10))
		s.act("Task_Svar", "Registrere svaret og oppdatere ventelisten", "userTask", office, p.minutes(10), p.days(1), sys, bn, p.system)
		s.node("Gateway_Moderasjon", "Søkt om redusert foreldrebetaling?", "exclusiveGateway", office)
		s.act("Task_Moderasjon", "Behandle søknad om redusert foreldrebetaling", "userTask", office, p.minutes(25), p.days(5), "paper", bn, p.system)
		s.node("Gateway_ModerasjonFerdig", "", "exclusiveGateway", office)
		s.act("Task_Arkivere", "Arkivere søknad og vedtak", "userTask", archive, p.minutes(5), p.days(2), sys, bn, p.system)
		s.node("End_Plass", "Plass tildelt og akseptert", "endEvent", archive)
		s.chain("Start_Soknad", "Task_Soke", "Task_Mottak", "Task_Kontroll", "Gateway_Komplett")
		s.flow("Gateway_Komplett", "Gateway_Prioritet", "Ja")
		s.flow("Gateway_Komplett", "Task_Mangel", "Nei")
		s.chain("Task_Mangel", "Task_Ettersende", "Task_Kontroll")
		s.flow("Gateway_Prioritet", "Task_Prioritet", "Ja")
		s.flow("Gateway_Prioritet", "Gateway_PrioritetFerdig", "Nei")
		s.chain("Task_Prioritet", "Event_Uttalelse", "Gateway_PrioritetFerdig", "Task_Fordele", "Task_Tildeling", "Task_Varsle", "Event_Svar", "Task_Svar", "Gateway_Moderasjon")
		s.flow("Gateway_Moderasjon", "Task_Moderasjon", "Ja")
		s.flow("Gateway_Moderasjon", "Gateway_ModerasjonFerdig", "Nei")
		s.chain("Task_Moderasjon", "Gateway_ModerasjonFerdig", "Task_Arkivere", "End_Plass")
		return s.Spec
	}

	const kommune, fag = "Kommunen – barnehageopptak", "Opptaksløsning (felles)"
	s := newSpec("Process_Barnehage_ToBe", "Søknad om barnehageplass (ønsket situasjon)", foresatte, kommune)
	s.node("Start_Soknad", "Behov for barnehageplass", "startEvent", foresatte)
	s.act("Task_Soke", "Søke i den digitale opptaksportalen", "userTask", foresatte, 0, 0, portal, bn, "Opptaksportal")
	s.act("Task_Mottak", "Motta søknaden i opptaksløsningen", "serviceTask", kommune, 0, 0, sys, bn, fag)
	s.act("Task_Kontroll", "Kontrollere bosted og alder mot Folkeregisteret", "serviceTask", kommune, 0, 0, sys, bn, fag)
	s.node("Gateway_Prioritet", "Søkt om prioritet?", "exclusiveGateway", kommune)
	s.act("Task_Prioritet", "Vurdere dokumentert rett til prioritet", "userTask", kommune, 15, 1, sys, va, fag)
	s.node("Event_Uttalelse", "Sakkyndig uttalelse mottatt", "intermediateCatchEvent", kommune, 5)
	s.node("Gateway_PrioritetFerdig", "", "exclusiveGateway", kommune)
	s.node("Gateway_Moderasjon", "Søkt om redusert foreldrebetaling?", "exclusiveGateway", kommune)
	s.act("Task_Moderasjon", "Hente inntekt og beregne redusert foreldrebetaling", "serviceTask", kommune, 0, 0, sys, bn, fag)
	s.node("Gateway_ModerasjonFerdig", "", "exclusiveGateway", kommune)
	s.act("Task_Tildeling", "Tildele plass etter opptakskriteriene", "businessRuleTask", kommune, 0, 5, sys, va, fag)
	s.act("Task_Varsle", "Sende tilbud til digital postkasse", "sendTask", kommune, 0, 0, sys, bn, fag)
	s.node("Event_Svar", "Svar på tilbudet i portalen", "intermediateCatchEvent", kommune, 5)
	s.act("Task_Svar", "Registrere svaret og oppdatere ventelisten", "serviceTask", kommune, 0, 0, sys, bn, fag)
	s.act("Task_Arkivere", "Arkivere automatisk", "serviceTask", kommune, 0, 0, sys, bn, fag)
	s.node("End_Plass", "Plass tildelt og akseptert", "endEvent", kommune)
	s.chain("Start_Soknad", "Task_Soke", "Task_Mottak", "Task_Kontroll", "Gateway_Prioritet")
	s.flow("Gateway_Prioritet", "Task_Prioritet", "Ja")
	s.flow("Gateway_Prioritet", "Gateway_PrioritetFerdig", "Nei")
	s.chain("Task_Prioritet", "Event_Uttalelse", "Gateway_PrioritetFerdig", "Gateway_Moderasjon")
	s.flow("Gateway_Moderasjon", "Task_Moderasjon", "Ja")
	s.flow("Gateway_Moderasjon", "Gateway_ModerasjonFerdig", "Nei")
	s.chain("Task_Moderasjon", "Gateway_ModerasjonFerdig", "Task_Tildeling", "Task_Varsle", "Event_Svar", "Task_Svar", "Task_Arkivere", "End_Plass")

	adapt, obstacles := adapted(s.Spec, "Process_Barnehage_Adapted", "Søknad om barnehageplass (tilpasset)", []obstacle{
		{ObstacleSpec{
			Element: "Task_Tildeling", Category: "law",
			LegalReference: "Personvernforordningen (GDPR) art. 22; barnehageloven § 18",
			Description: "Tildeling av plass har rettsvirkning for familien. En avgjørelse som bare bygger på automatisert behandling, krever etter GDPR art. 22 nr. 2 bokstav b " +
				"hjemmel i lov med egnede garantier; en slik særskilt hjemmel for barnehageopptak er ikke funnet (ikke uttømmende undersøkt). " +
				"Søkere med rett til prioritet etter barnehageloven § 18 må dessuten vurderes konkret.",
			Remedy: "Opptaksløsningen lager forslag som en saksbehandler godkjenner; be departementet vurdere hjemmel for automatiserte opptaksvedtak.",
			Status: "open",
		}, manual("Kontrollere og godkjenne forslaget til tildeling", 10, 5, "Kommunen – barnehageopptak")},
		{ObstacleSpec{
			Element: "Task_Moderasjon", Category: "law",
			LegalReference: "Forskrift om foreldrebetaling i barnehager § 3",
			Description: "Redusert foreldrebetaling gis etter søknad for ett barnehageår om gangen, og søknaden skal dokumentere husholdningens inntekt. " +
				"At kommunen kan hente inntektsopplysningene direkte fra Skatteetaten, er ikke verifisert; inntil det er avklart, kontrolleres opplastet dokumentasjon manuelt.",
			Remedy: "Avklare hjemmel og avtale for digitalt oppslag av inntekt hos Skatteetaten, eventuelt endring av forskriften.",
			Status: "open",
		}, manual("Kontrollere inntektsdokumentasjon og beregne redusert foreldrebetaling", 15, 2, "Kommunen – barnehageopptak")},
		{ObstacleSpec{
			Element: "Task_Kontroll", Category: "technological",
			Description: "Opptaksløsningen som brukes i dag (illustrativt), har ikke oppslag mot Folkeregisteret. " +
				"Bosted og alder, som avgjør retten til plass etter barnehageloven § 16, må derfor slås opp manuelt.",
			Remedy: "Krav om folkeregisteroppslag i anskaffelsen av felles opptaksløsning.",
			Status: "in-progress",
		}, manual("Kontrollere bosted og alder i Folkeregisteret", 5, 1, "Kommunen – barnehageopptak")},
	})
	return ProcessSet{Service: "barnehageplass-opptak", AsIs: asIs(build), ToBe: s.Spec, Adapted: adapt, Obstacles: obstacles}
}

// eiendomsskatt is a question or an appeal about property tax and its
// valuation. The demo assumes all seven municipalities levy the tax. Small
// municipalities hire a valuer for inspections and wait longer for one.
func eiendomsskatt() ProcessSet {
	const skattyter, nemnd, klagenemnd = "Skattyter", "Sakkyndig nemnd", "Klagenemnd"
	build := func(key, name string, p practice) layout.Spec {
		intake, office, archive := "Servicetorg/postmottak", "Eiendomsskattekontor", "Arkiv"
		lanes := []string{skattyter, intake, office, nemnd, klagenemnd, archive}
		letters := "email"
		if p.small {
			intake, office, archive = "Økonomikontor", "Økonomikontor", "Økonomikontor"
			lanes = []string{skattyter, office, nemnd, klagenemnd}
			letters = "paper"
		}
		const esys = "Eiendomsskattesystem"
		s := newSpec("Process_Eiendomsskatt_AsIs_"+key, "Klage på eiendomsskatt – "+name+" (nå-situasjon)", lanes...)
		post := 2.0
		if p.intake == "email" {
			post = 0.5
		}
		s.node("Start_Henvendelse", "Uenig i skatten eller taksten", "startEvent", skattyter)
		s.act("Task_Klage", "Sende klage eller spørsmål", "manualTask", skattyter, 0, post, p.intake, bn, "")
		s.act("Task_Mottak", "Motta og journalføre henvendelsen", "userTask", intake, p.minutes(10), p.days(1), p.intake, bn, p.system)
		s.act("Task_Registrering", "Registrere henvendelsen i eiendomsskattesystemet", "userTask", office, p.minutes(10), p.days(2), sys, nva, esys)
		s.node("Gateway_Type", "Klage eller spørsmål?", "exclusiveGateway", office)
		s.act("Task_Svar", "Besvare spørsmålet", "manualTask", office, p.minutes(15), p.days(1), "phone", va, "")
		s.node("End_Svar", "Spørsmål besvart", "endEvent", office)
		s.act("Task_Frist", "Kontrollere klagefrist og hva det klages over", "userTask", office, p.minutes(10), p.days(1), sys, bn, esys)
		s.act("Task_Forberede", "Hente takstgrunnlag og matrikkeldata", "userTask", office, p.minutes(30), p.days(3), sys, bn, esys)
		s.node("Gateway_Opplyst", "Godt nok opplyst?", "exclusiveGateway", office)
		s.act("Task_Opplysninger", "Be skattyteren om flere opplysninger", "userTask", office, p.minutes(15), p.days(1), letters, nva, p.system)
		s.act("Task_Ettersende", "Sende opplysninger og bilder", "manualTask", skattyter, 0, p.days(10), p.intake, nva, "")
		if p.small {
			s.act("Task_Befaring", "Bestille befaring hos innleid takstmann", "manualTask", office, p.minutes(30), p.days(15), "phone", bn, "")
		} else {
			s.act("Task_Befaring", "Befare eiendommen", "manualTask", office, p.minutes(120), p.days(10), "paper", va, "")
		}
		s.act("Task_Innstilling", "Skrive saksframlegg til sakkyndig nemnd", "userTask", office, p.minutes(45), p.days(2), sys, va, p.system)
		s.act("Task_SakkyndigNemnd", "Behandle klagen i sakkyndig nemnd", "manualTask", nemnd, p.minutes(30), p.days(15), "paper", va, "")
		s.node("Gateway_Medhold", "Klagen tatt til følge?", "exclusiveGateway", nemnd)
		s.act("Task_Klagenemnd", "Avgjøre klagen i klagenemnda", "manualTask", klagenemnd, p.minutes(30), p.days(30), "paper", va, "")
		s.node("Gateway_Ferdig", "", "exclusiveGateway", office)
		s.act("Task_Underrette", "Sende vedtaket til skattyteren", "manualTask", office, p.minutes(15), p.days(1), "paper", bn, "")
		s.act("Task_Oppdatere", "Oppdatere takst og skatteseddel", "userTask", office, p.minutes(10), p.days(2), sys, bn, esys)
		s.act("Task_Arkivere", "Arkivere saken", "userTask", archive, p.minutes(5), p.days(2), sys, bn, p.system)
		s.node("End_Vedtak", "Klagen avgjort", "endEvent", archive)
		s.chain("Start_Henvendelse", "Task_Klage", "Task_Mottak", "Task_Registrering", "Gateway_Type")
		s.flow("Gateway_Type", "Task_Frist", "Klage")
		s.flow("Gateway_Type", "Task_Svar", "Spørsmål")
		s.chain("Task_Svar", "End_Svar")
		s.chain("Task_Frist", "Task_Forberede", "Gateway_Opplyst")
		s.flow("Gateway_Opplyst", "Task_Befaring", "Ja")
		s.flow("Gateway_Opplyst", "Task_Opplysninger", "Nei")
		s.chain("Task_Opplysninger", "Task_Ettersende", "Task_Forberede")
		s.chain("Task_Befaring", "Task_Innstilling", "Task_SakkyndigNemnd", "Gateway_Medhold")
		s.flow("Gateway_Medhold", "Gateway_Ferdig", "Ja")
		s.flow("Gateway_Medhold", "Task_Klagenemnd", "Nei")
		s.chain("Task_Klagenemnd", "Gateway_Ferdig", "Task_Underrette", "Task_Oppdatere", "Task_Arkivere", "End_Vedtak")
		return s.Spec
	}

	const office, fag = "Eiendomsskattekontor", "Eiendomsskattesystem med Min side"
	s := newSpec("Process_Eiendomsskatt_ToBe", "Klage på eiendomsskatt (ønsket situasjon)", skattyter, office, nemnd, klagenemnd)
	s.node("Start_Henvendelse", "Uenig i skatten eller taksten", "startEvent", skattyter)
	s.act("Task_Klage", "Se takstgrunnlaget og klage eller spørre på Min side", "userTask", skattyter, 0, 0, portal, bn, "Min side")
	s.act("Task_Registrering", "Registrere henvendelsen automatisk", "serviceTask", office, 0, 0, sys, bn, fag)
	s.node("Gateway_Type", "Klage eller spørsmål?", "exclusiveGateway", office)
	s.act("Task_Svar", "Besvare spørsmålet på Min side", "userTask", office, 8, 1, portal, va, fag)
	s.node("End_Svar", "Spørsmål besvart", "endEvent", office)
	s.act("Task_Frist", "Kontrollere klagefristen automatisk", "businessRuleTask", office, 0, 0, sys, bn, fag)
	s.act("Task_Kontroll", "Kontrollere arealdata mot matrikkelen og rette åpenbare feil", "businessRuleTask", office, 0, 0, sys, va, fag)
	s.act("Task_Vurdere", "Vurdere klagen ut fra bilder og matrikkeldata", "userTask", office, 40, 3, sys, va, fag)
	s.act("Task_SakkyndigNemnd", "Behandle klagen i sakkyndig nemnd (digitalt møte)", "userTask", nemnd, 20, 10, sys, va, fag)
	s.node("Gateway_Medhold", "Klagen tatt til følge?", "exclusiveGateway", nemnd)
	s.act("Task_Klagenemnd", "Avgjøre klagen i klagenemnda", "userTask", klagenemnd, 20, 15, sys, va, fag)
	s.node("Gateway_Ferdig", "", "exclusiveGateway", office)
	s.act("Task_Underrette", "Sende vedtaket til Min side og digital postkasse", "sendTask", office, 0, 0, sys, bn, fag)
	s.act("Task_Oppdatere", "Oppdatere takst og skatteseddel", "serviceTask", office, 0, 0, sys, bn, fag)
	s.act("Task_Arkivere", "Arkivere automatisk", "serviceTask", office, 0, 0, sys, bn, fag)
	s.node("End_Vedtak", "Klagen avgjort", "endEvent", office)
	s.chain("Start_Henvendelse", "Task_Klage", "Task_Registrering", "Gateway_Type")
	s.flow("Gateway_Type", "Task_Frist", "Klage")
	s.flow("Gateway_Type", "Task_Svar", "Spørsmål")
	s.chain("Task_Svar", "End_Svar")
	s.chain("Task_Frist", "Task_Kontroll", "Task_Vurdere", "Task_SakkyndigNemnd", "Gateway_Medhold")
	s.flow("Gateway_Medhold", "Gateway_Ferdig", "Ja")
	s.flow("Gateway_Medhold", "Task_Klagenemnd", "Nei")
	s.chain("Task_Klagenemnd", "Gateway_Ferdig", "Task_Underrette", "Task_Oppdatere", "Task_Arkivere", "End_Vedtak")

	adapt, obstacles := adapted(s.Spec, "Process_Eiendomsskatt_Adapted", "Klage på eiendomsskatt (tilpasset)", []obstacle{
		{ObstacleSpec{
			Element: "Task_Klagenemnd", Category: "law",
			LegalReference: "Eigedomsskattelova § 20",
			Description: "En klage som ikke tas til følge, skal avgjøres av klageinstansen (klagenemnda), ikke av administrasjonen. " +
				"Nemnda møtes bare noen ganger i året, så ventetiden blir lengre enn ønsket prosess forutsatte.",
			Remedy: "Flere og digitale møter i klagenemnda og felles maler for saksforberedelsen; avgjørelsen kan ikke flyttes til administrasjonen uten lovendring.",
			Status: "accepted",
		}, func(st *layout.Step) { st.WaitingDays = num(40) }},
		{ObstacleSpec{
			Element: "Task_Kontroll", Category: "law",
			LegalReference: "Personvernforordningen (GDPR) art. 22; eigedomsskattelova § 17",
			Description: "Retting av feil i skattegrunnlaget etter eigedomsskattelova § 17 er en avgjørelse om den enkeltes skatt. " +
				"Helautomatisert retting krever hjemmel etter GDPR art. 22 nr. 2 bokstav b; en slik hjemmel er ikke funnet (ikke uttømmende undersøkt). " +
				"Systemet kan foreslå retting, men en saksbehandler må avgjøre.",
			Remedy: "Automatisk kontroll som gir forslag; vurdere å be om hjemmel i forskrift for automatisert retting av åpenbare feil.",
			Status: "open",
		}, manual("Kontrollere arealdata (systemet foreslår retting)", 10, 1, office)},
		{ObstacleSpec{
			Element: "Task_Registrering", Category: "technological",
			Description: "Eiendomsskattesystemet (illustrativt) har ikke API mot Min side; henvendelsene må overføres og registreres manuelt.",
			Remedy:      "Krav om API for innsending og status i ny avtale med leverandøren av eiendomsskattesystemet.",
			Status:      "in-progress",
		}, manual("Registrere henvendelsen fra Min side manuelt", 10, 1, office)},
		{ObstacleSpec{
			Element: "Task_Vurdere", Category: "organisational",
			Description: "De sakkyndige nemndene krever befaring i de fleste takstklager og har ulik praksis for når bilder og matrikkeldata er nok.",
			Remedy:      "Felles retningslinjer for når befaring trengs, vedtatt av nemndene i kommunene.",
			Status:      "open",
		}, func(st *layout.Step) {
			st.Name, st.Minutes, st.WaitingDays = "Vurdere klagen, med befaring av eiendommen", num(130), num(8)
		}},
	})
	return ProcessSet{Service: "eiendomsskatt-klage", AsIs: asIs(build), ToBe: s.Spec, Adapted: adapt, Obstacles: obstacles}
}
