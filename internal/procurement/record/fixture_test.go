package record_test

import (
	"fmt"
	"time"

	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/procurement"
)

// oslo returns the instant of an Oslo wall-clock time "2006-01-02 15:04".
func oslo(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", s, procurement.Oslo())
	if err != nil {
		panic(err)
	}
	return t.UTC()
}

func digest(n int) string { return fmt.Sprintf("%064x", n*7919) }

// fosen is an ILLUSTRATIVE dossier shaped like the seed's tender: a
// market dialogue (a conference, then equal one-to-one meetings), a
// restricted tender (begrenset anbudskonkurranse, part III) sent to four
// candidates, a bidders' conference, five submissions of which one replaced
// an earlier one, the opening confirmed by two, 30-minute presentations,
// consensus on every criterion, the award, four letters sent at once, a
// 14-day standstill, no complaint and the contract. Names, numbers and
// prices are made up.
func fosen() procurement.Dossier {
	suppliers := []procurement.Supplier{
		{ID: 101, Name: "Kystdigital AS", OrgNumber: "910000020"},
		{ID: 102, Name: "Trønder Kommuneløsninger AS", OrgNumber: "910000039"},
		{ID: 103, Name: "Fjordsystemer AS", OrgNumber: "910000047"},
		{ID: 104, Name: "Nordlys Saksbehandling AS", OrgNumber: "910000055"},
	}
	tender := procurement.Tender{
		ID: 7, Reference: "FOSEN-2026-01", Title: "Digitale innbyggertjenester for Fosen-kommunene",
		Description:    "Særlige krav til digital byggesak og postmottak, felles for fem kommuner, med implementering og opplæring.",
		Procedure:      procurement.ProcRestricted,
		EstimatedValue: 3_200_000, // illustrative, above the EEA threshold
		Buyer: procurement.Buyer{Name: "Fosen digitalt samarbeid (illustrativt)", OrgNumber: "910 000 012",
			Street: "Rådhusveien 1", PostCode: "7100", Town: "Rissa"},
		CPV:   "72000000-5",
		Items: []procurement.Item{{ServiceID: 31}, {ServiceID: 32}},
		Milestones: []procurement.Milestone{
			{Kind: procurement.MilestoneDeadline, At: oslo("2026-02-16 12:00")},
			{Kind: procurement.MilestoneNotice, At: oslo("2026-01-12 09:00")},
			{Kind: procurement.MilestoneConference, At: oslo("2026-01-20 10:00")},
			{Kind: procurement.MilestoneQuestions, At: oslo("2026-02-06 12:00")},
			{Kind: procurement.MilestoneOpening, At: oslo("2026-02-16 12:05")},
			{Kind: procurement.MilestonePresentations, At: oslo("2026-02-23 09:00")},
		},
		Status: procurement.StatusOpened,
		Dialogue: procurement.Dialogue{
			Conference: procurement.DialogueConference{At: oslo("2025-11-04 09:00"), Participants: []domain.ID{101, 102, 103, 104},
				Material: []domain.ID{16}, Minutes: "Presentasjon av behovet; spørsmål fra leverandørene."},
			Interested: []domain.ID{101, 102, 103, 104},
			Learnings:  []procurement.Learning{{Text: "Markedet kan levere Noark 5-integrasjon som standard."}},
		},
		Conference: procurement.BiddersConference{At: oslo("2026-01-20 10:00"), Attendees: []domain.ID{101, 102, 103}, Minutes: "Gjennomgang av konkurransegrunnlaget."},
		OpenedAt:   oslo("2026-02-16 12:07"),
		CreatedAt:  oslo("2025-10-20 10:00"),
		UpdatedAt:  oslo("2026-02-16 12:07"),
	}
	for i, s := range suppliers {
		tender.Dialogue.Meetings = append(tender.Dialogue.Meetings, procurement.Meeting{SupplierID: s.ID,
			Start: oslo("2025-11-11 09:00").Add(time.Duration(i) * 75 * time.Minute), Minutes: 60, Held: true, Notes: "Referat ført."})
	}
	prices := map[domain.ID]float64{101: 2_875_000, 102: 3_150_000, 103: 2_640_000, 104: 3_390_000}
	bids := []procurement.Bid{{ID: 200, TenderID: 7, SupplierID: 103, Status: procurement.BidReplaced,
		ReceivedAt: oslo("2026-02-14 10:00"), ChangedAt: oslo("2026-02-15 16:51"), Digest: digest(200)}}
	var opened []procurement.OpenedBid
	for i, s := range suppliers {
		id := domain.ID(201 + i)
		received := oslo("2026-02-15 15:00").Add(time.Duration(i) * 37 * time.Minute)
		bids = append(bids, procurement.Bid{ID: id, TenderID: 7, SupplierID: s.ID, Status: procurement.BidSubmitted, ReceivedAt: received, Digest: digest(int(id))})
		opened = append(opened, procurement.OpenedBid{Number: i + 1, BidID: id, SupplierID: s.ID, Supplier: s.Name, ReceivedAt: received,
			Price: procurement.PriceForm{Total: prices[s.ID]}, Digest: digest(int(id)), Files: 3, Intact: true})
	}
	criteria := []procurement.Criterion{
		{Key: "price", Name: "Pris", Weight: 30, Price: true},
		{Key: "quality", Name: "Kvalitet og oppdragsforståelse", Weight: 50, Sub: []procurement.SubCriterion{
			{Key: "understanding", Name: "Forståelse av oppdraget", Weight: 60}, {Key: "plan", Name: "Gjennomføringsplan", Weight: 40}}},
		{Key: "competence", Name: "Kompetanse", Weight: 20},
	}
	points := map[domain.ID][3]float64{201: {9, 8, 9}, 202: {7, 7, 8}, 203: {6, 7, 6}, 204: {8, 6, 7}}
	var consensus []procurement.Consensus
	var presentations []procurement.Presentation
	var answers []procurement.Answer
	met := true
	for i := domain.ID(201); i <= 204; i++ {
		p := points[i]
		consensus = append(consensus,
			procurement.Consensus{BidID: i, Criterion: "quality.understanding", Points: p[0], Reason: "Samlet vurdering i møte."},
			procurement.Consensus{BidID: i, Criterion: "quality.plan", Points: p[1], Reason: "Samlet vurdering i møte."},
			procurement.Consensus{BidID: i, Criterion: "competence", Points: p[2], Reason: "CV-er og referanser."})
		presentations = append(presentations, procurement.Presentation{BidID: i, Start: oslo("2026-02-23 09:00").Add(time.Duration(i-201) * 45 * time.Minute), Minutes: 30, Notes: "Referat."})
		answers = append(answers, procurement.Answer{BidID: i, RequirementID: 501, Met: &met, Place: "Vedlegg 2, punkt 1"})
	}
	notified := oslo("2026-02-25 14:00")
	days, end := procurement.Standstill(procurement.PartIII, notified, true, 14)
	var letters []procurement.Letter
	for i, s := range suppliers {
		letters = append(letters, procurement.Letter{ID: domain.ID(301 + i), TenderID: 7, BidID: domain.ID(201 + i), SupplierID: s.ID,
			Subject: "Meddelelse om tildeling – FOSEN-2026-01", Digest: digest(301 + i), SentAt: notified})
	}
	return procurement.Dossier{
		Tender: tender, Part: procurement.PartIII, Thresholds: procurement.DefaultThresholds(),
		Services:  []procurement.ServiceRef{{ID: 31, Slug: "byggesak", Name: "Byggesaksbehandling"}, {ID: 32, Slug: "postmottak", Name: "Digitalt postmottak"}},
		Suppliers: suppliers,
		Candidates: []procurement.Candidate{
			{TenderID: 7, SupplierID: 101, InvitedAt: oslo("2026-01-12 09:05"), InvitedBy: "Kari Innkjøper"},
			{TenderID: 7, SupplierID: 102, InvitedAt: oslo("2026-01-12 09:05"), InvitedBy: "Kari Innkjøper"},
			{TenderID: 7, SupplierID: 103, InvitedAt: oslo("2026-01-12 09:06"), InvitedBy: "Kari Innkjøper"},
			{TenderID: 7, SupplierID: 104, InvitedAt: oslo("2026-01-12 09:06"), InvitedBy: "Kari Innkjøper"},
		},
		Documents: []procurement.Document{
			{ID: 11, Kind: procurement.DocTender, Title: "Konkurransegrunnlag", Published: true, Versions: []procurement.DocVersion{
				{N: 1, FileName: "konkurransegrunnlag.pdf", At: oslo("2026-01-12 09:00")}, {N: 2, FileName: "konkurransegrunnlag-v2.pdf", At: oslo("2026-01-22 15:30")}}},
			{ID: 12, Kind: procurement.DocSpecification, Title: "Kravspesifikasjon", Published: true, Versions: []procurement.DocVersion{
				{N: 1, FileName: "kravspesifikasjon.pdf", At: oslo("2026-01-12 09:00")}}},
			{ID: 16, Kind: procurement.DocDialogue, Title: "Behovsbeskrivelse for dialogkonferansen", Published: true, Versions: []procurement.DocVersion{
				{N: 1, FileName: "behov.pdf", At: oslo("2025-10-28 12:00")}}},
		},
		Specification: []procurement.SpecRequirement{
			{ID: 501, Number: "K1", Text: "Løsningen skal ha Noark 5-integrasjon.", Priority: "must"},
			{ID: 502, Number: "K2", Text: "Løsningen bør ha norsk brukergrensesnitt på nynorsk.", Priority: "should"},
			{ID: 503, Number: "K3", Text: "Fjernet krav.", Priority: "must", Removed: true},
		},
		Questions: []procurement.Question{
			{ID: 42, TenderID: 7, Source: procurement.SourceConference, Text: "Kan tilbudet gis på deler av oppdraget?", AskedAt: oslo("2026-01-20 10:40"),
				Answer: "Nei, det gis ett tilbud på hele oppdraget.", AnsweredAt: oslo("2026-01-21 12:00"), PublishedAt: oslo("2026-01-21 12:00")},
			{ID: 41, TenderID: 7, SupplierID: 102, Source: procurement.SourcePortal, Text: "Skal løsningen integreres med arkivet i hver kommune?",
				AskedAt: oslo("2026-01-26 10:15"), Answer: "Ja, med Noark 5-grensesnitt.", AnsweredAt: oslo("2026-01-28 09:00"), PublishedAt: oslo("2026-01-28 09:30")},
		},
		Notices: []procurement.Notice{
			{ID: 2, TenderID: 7, Kind: "deadline", Detail: "deadline: 16.02.2026 kl. 12.00 (2026-02-16 12:00)", At: oslo("2026-01-22 15:35")},
			{ID: 1, TenderID: 7, Kind: "document", Detail: "Konkurransegrunnlag", At: oslo("2026-01-12 09:00")},
		},
		Bids: bids,
		Opening: &procurement.OpeningRecord{OpenedAt: oslo("2026-02-16 12:07"), Bids: opened, Withdrawn: 0,
			OpenedBy: []procurement.Confirmation{{TenderID: 7, UserID: 1, Name: "Kari Innkjøper", At: oslo("2026-02-16 12:05")},
				{TenderID: 7, UserID: 2, Name: "Ola Økonomi", At: oslo("2026-02-16 12:07")}}},
		Evaluation: &procurement.Evaluation{TenderID: 7, Criteria: criteria, PriceModel: procurement.PriceLinear,
			Evaluators: domain.Editors{11, 12, 13}, Presentations: presentations, Answers: answers, Consensus: consensus,
			UpdatedAt: oslo("2026-02-24 15:00")},
		Award: &procurement.Award{TenderID: 7, WinnerBidID: 201, Reasons: "Best forståelse av oppdraget og sterkest kompetanse; pris nest lavest.",
			Electronic: true, MinDays: 14, StandstillDays: days, StandstillEnd: end, DecidedBy: "Kari Innkjøper",
			DecidedAt: oslo("2026-02-25 10:00"), NotifiedAt: notified},
		Letters: letters,
		Contract: &procurement.Contract{TenderID: 7, BidID: 201, SupplierID: 101, Reference: "FOSEN-2026-01-K1",
			SignedAt: oslo("2026-03-12 10:00"), Value: 2_875_000, SignedBy: "Kari Innkjøper",
			Commitments: []procurement.Commitment{{RequirementID: 501, Text: "Noark 5-integrasjon fra dag én.", ServiceID: 31, IndicatorID: 9}}},
	}
}
