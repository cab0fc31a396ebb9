package ocds

import (
	"time"

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

func testOptions() Options {
	return Options{
		PublisherName: "Fosen digitalt samarbeid (illustrativt)",
		PublisherURI:  "https://tjenestevalg.example.no",
		OCIDPrefix:    ExamplePrefix,
		PublishedDate: oslo("2026-03-13 09:00"),
		BaseURI:       "https://tjenestevalg.example.no/ocds",
		Language:      "nb",
	}
}

// fosen is an illustrative dossier shaped like the seed's tender: a
// restricted tender (begrenset anbudskonkurranse, part III) sent to four
// candidates, a bidders' conference, four bids opened, presentations of 30
// minutes, the award the next day, a 14-day standstill, the contract signed
// after it. Names and organisation numbers are made up (the numbers carry
// valid check digits).
func fosen() procurement.Dossier {
	tender := procurement.Tender{
		ID:          7,
		Reference:   "FOSEN-2026-01",
		Title:       "Digitale innbyggertjenester for Fosen-kommunene",
		Description: "Plattform for digitale søknader og saksbehandling felles for Fosen-kommunene, med implementering, opplæring og drift.",
		Procedure:   procurement.ProcRestricted,
		// Illustrative estimate above the EEA threshold for services.
		EstimatedValue: 3200000,
		Buyer: procurement.Buyer{
			Name:      "Fosen digitalt samarbeid (illustrativt)",
			OrgNumber: "910 000 012",
			Street:    "Rådhusveien 1",
			PostCode:  "7100",
			Town:      "Rissa",
			NUTS:      "NO060",
			Email:     "innkjop@fosen.example.no",
			Phone:     "+47 73 00 00 00",
			URL:       "https://fosen.example.no",
		},
		CPV:    "72000000-5",
		Items:  []procurement.Item{{ServiceID: 31}, {ServiceID: 32}},
		Status: procurement.StatusOpened,
		Milestones: []procurement.Milestone{
			{Kind: procurement.MilestoneNotice, At: oslo("2026-01-12 09:00")},
			{Kind: procurement.MilestoneConference, At: oslo("2026-01-20 10:00")},
			{Kind: procurement.MilestoneQuestions, At: oslo("2026-02-06 12:00")},
			{Kind: procurement.MilestoneDeadline, At: oslo("2026-02-16 12:00")},
			{Kind: procurement.MilestoneOpening, At: oslo("2026-02-16 12:05")},
			{Kind: procurement.MilestonePresentations, At: oslo("2026-02-24 09:00")},
		},
		OpenedAt:  oslo("2026-02-16 12:07"),
		CreatedAt: oslo("2026-01-05 10:00"),
		UpdatedAt: oslo("2026-02-16 12:07"),
	}
	suppliers := []procurement.Supplier{
		{ID: 101, Name: "Kystdigital AS (illustrativ)", OrgNumber: "910000020"},
		{ID: 102, Name: "Trønder Kommuneløsninger AS (illustrativ)", OrgNumber: "910000039"},
		{ID: 103, Name: "Fjordsystemer AS (illustrativ)", OrgNumber: "910000047"},
		{ID: 104, Name: "Nordlys Saksbehandling AS (illustrativ)", OrgNumber: "910000055"},
	}
	prices := map[int64]float64{101: 2875000, 102: 3150000, 103: 2640000, 104: 3390000}
	var bids []procurement.Bid
	var opened []procurement.OpenedBid
	for i, s := range suppliers {
		id := int64(201 + i)
		received := oslo("2026-02-15 15:00").Add(time.Duration(i) * 37 * time.Minute)
		bids = append(bids, procurement.Bid{ID: id, TenderID: 7, SupplierID: s.ID, Status: procurement.BidSubmitted, ReceivedAt: received})
		opened = append(opened, procurement.OpenedBid{
			Number: i + 1, BidID: id, SupplierID: s.ID, Supplier: s.Name, ReceivedAt: received,
			Price: procurement.PriceForm{Total: prices[s.ID]}, Files: 3, Intact: true,
		})
	}
	notified := oslo("2026-02-25 14:00")
	days, end := procurement.Standstill(procurement.PartIII, notified, true, 14)
	return procurement.Dossier{
		Tender: tender,
		Part:   procurement.PartIII,
		Services: []procurement.ServiceRef{
			{ID: 31, Slug: "byggesak", Name: "Byggesaksbehandling"},
			{ID: 32, Slug: "postmottak", Name: "Digitalt postmottak"},
		},
		Suppliers: suppliers,
		Candidates: []procurement.Candidate{
			{TenderID: 7, SupplierID: 101}, {TenderID: 7, SupplierID: 102},
			{TenderID: 7, SupplierID: 103}, {TenderID: 7, SupplierID: 104},
		},
		Documents: []procurement.Document{
			{ID: 11, Kind: procurement.DocTender, Title: "Konkurransegrunnlag", Published: true, Versions: []procurement.DocVersion{
				{N: 1, ContentType: "application/pdf", At: oslo("2026-01-12 09:00")},
				{N: 2, ContentType: "application/pdf", At: oslo("2026-01-22 15:30")},
			}},
			{ID: 12, Kind: procurement.DocSpecification, Title: "Kravspesifikasjon", Published: true, Versions: []procurement.DocVersion{
				{N: 1, ContentType: "application/pdf", At: oslo("2026-01-12 09:00")},
			}},
			{ID: 13, Kind: procurement.DocQA, Title: "Spørsmål og svar", Published: true, Versions: []procurement.DocVersion{
				{N: 1, ContentType: "application/pdf", At: oslo("2026-02-02 11:00")},
			}},
			{ID: 14, Kind: procurement.DocMinutes, Title: "Internt notat", Published: false, Versions: []procurement.DocVersion{
				{N: 1, ContentType: "text/plain", At: oslo("2026-02-03 11:00")},
			}},
			// The signed contract, published (public under offentleglova
			// unless exempted); "contract" is the kind award.go names.
			{ID: 15, Kind: "contract", Title: "Signert kontrakt", Published: true, Versions: []procurement.DocVersion{
				{N: 1, ContentType: "application/pdf", At: oslo("2026-03-12 10:30")},
			}},
		},
		Questions: []procurement.Question{
			{ID: 41, TenderID: 7, SupplierID: 102, Source: procurement.SourcePortal,
				Text: "Skal løsningen integreres med kommunenes eksisterende arkivsystem?", AskedAt: oslo("2026-01-26 10:15"),
				Answer: "Ja, med Noark 5-grensesnitt mot arkivet i hver kommune.", AnsweredAt: oslo("2026-01-28 09:00"), PublishedAt: oslo("2026-01-28 09:30")},
			{ID: 42, TenderID: 7, Source: procurement.SourceConference,
				Text: "Kan tilbudet gis på deler av oppdraget?", AskedAt: oslo("2026-01-20 10:40"),
				Answer: "Nei, det gis ett tilbud på hele oppdraget.", AnsweredAt: oslo("2026-01-21 12:00"), PublishedAt: oslo("2026-01-21 12:00")},
			{ID: 43, TenderID: 7, SupplierID: 104, Source: procurement.SourcePortal,
				Text: "Ubesvart spørsmål", AskedAt: oslo("2026-02-05 16:00")},
		},
		Bids: bids,
		Opening: &procurement.OpeningRecord{
			OpenedAt: oslo("2026-02-16 12:07"),
			Bids:     opened,
		},
		Evaluation: &procurement.Evaluation{
			TenderID:   7,
			PriceModel: procurement.PriceLinear,
			Criteria: []procurement.Criterion{
				{Key: "price", Name: "Pris", Weight: 30, Price: true},
				{Key: "quality", Name: "Kvalitet og oppdragsforståelse", Weight: 50},
				{Key: "competence", Name: "Kompetanse", Weight: 20},
			},
		},
		Award: &procurement.Award{
			TenderID:       7,
			WinnerBidID:    201,
			Reasons:        "Best oppdragsforståelse i presentasjonen og sterkest kompetanse; pris nest lavest.",
			Electronic:     true,
			MinDays:        14,
			StandstillDays: days,
			StandstillEnd:  end,
			DecidedAt:      oslo("2026-02-25 10:00"),
			NotifiedAt:     notified,
		},
		Contract: &procurement.Contract{
			TenderID:   7,
			BidID:      201,
			SupplierID: 101,
			Reference:  "FOSEN-2026-01-K1",
			SignedAt:   oslo("2026-03-12 10:00"),
			Value:      2875000,
			DocumentID: 15,
		},
	}
}
