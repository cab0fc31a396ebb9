// Package demo loads the Fosen demo: the seven municipalities of the Fosen
// region in 2017 with their real populations and merger history, users for
// every role, the project's open catalogue, and per-municipality volumes
// derived from population. The volumes, minutes, costs and maturity levels
// are illustrative and are stored with provenance "illustrative".
package demo

import (
	"context"
	"fmt"
	"hash/fnv"
	"math"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/tjenestevalg/tjenestevalg/internal/account"
	"github.com/tjenestevalg/tjenestevalg/internal/catalogue"
	"github.com/tjenestevalg/tjenestevalg/internal/catalogue/opencatalogue"
	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/transfer"
)

// Slug is the demo collaboration's slug.
const Slug = "fosen"

// Password is every demo user's password. Printed at start; change it
// before real use.
const Password = "fosen-demo-2017"

// municipality is one row of FACTS.md's Fosen table. Populations are
// SSB's figures of 1 April 2017 as reported by Fosna-Folket. The
// kommunenummer of 2017 are unverified (FACTS.md), 5058 is verified; the
// intermediate renumbering of 2018 (the Trøndelag county merger) is not
// modelled: each 2017 municipality points straight at the municipality it
// became part of.
type municipality struct {
	number, name, key string
	population        int64
	successor         string
	until             string  // last day + 1 (the merger's date)
	unmapped          float64 // illustrative share of services whose time per case is not yet mapped
}

var fosen = []municipality{
	{"1624", "Rissa", "rissa", 6619, "5054", "2018-01-01", 0.05},
	{"1718", "Leksvik", "leksvik", 3472, "5054", "2018-01-01", 0.2},
	{"1621", "Ørland", "orland", 5298, "5057", "2020-01-01", 0.1},
	{"1627", "Bjugn", "bjugn", 4828, "5057", "2020-01-01", 0.3},
	{"1630", "Åfjord", "afjord", 3252, "5058", "2020-01-01", 0.25},
	{"1632", "Roan", "roan", 964, "5058", "2020-01-01", 0.5},
	{"1633", "Osen", "osen", 976, "5020", "2018-01-01", 0.4},
}

var successors = []struct{ number, name, from string }{
	{"5054", "Indre Fosen", "2018-01-01"},
	{"5057", "Ørland", "2020-01-01"},
	{"5058", "Åfjord", "2020-01-01"},
	{"5020", "Osen", "2018-01-01"},
}

// Login is a demo account, printed at start.
type Login struct {
	Email string
	Role  string
}

// Loaded reports whether the demo collaboration exists.
func Loaded(ctx context.Context, st catalogue.Store) (bool, error) {
	_, err := st.CollaborationBySlug(ctx, Slug)
	switch domain.KindOf(err) {
	case domain.KindNotFound:
		return false, nil
	case domain.KindInternal:
		if err != nil {
			return false, err
		}
	}
	return err == nil, err
}

// Logins lists the demo accounts.
func Logins() []Login {
	out := []Login{{"programleder@fosen.example", "programleder"}, {"observator@fosen.example", "observatør"}}
	for _, m := range fosen {
		out = append(out,
			Login{"koordinator." + m.key + "@fosen.example", "kommunekoordinator, " + m.name},
			Login{"fag." + m.key + "@fosen.example", "fagansvarlig, " + m.name},
			Login{"leder." + m.key + "@fosen.example", "kommuneledelse, " + m.name})
	}
	out = append(out, evaluatorLogins()...)
	return append(out, supplierLogins()...)
}

func date(s string) *time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return &t
}

// Load creates the demo collaboration. It is not idempotent: call Loaded first.
func Load(ctx context.Context, st catalogue.Store, cat *catalogue.Manager, acc *account.Manager) error {
	collab, err := st.CreateCollaboration(ctx, catalogue.Collaboration{Slug: Slug, Name: "Fosen-samarbeidet (demo)"})
	if err != nil {
		return err
	}
	sys := domain.SystemPrincipal(collab)
	sys.Name = "Demo"

	// The catalogue and the municipalities go in through the same import
	// a user's file would take.
	batch, err := transfer.ReadCSV(opencatalogue.Services(), opencatalogue.FileName)
	if err != nil {
		return err
	}
	for _, m := range fosen {
		pop, year := m.population, int64(2017)
		batch.Municipalities = append(batch.Municipalities, catalogue.MunicipalityRow{
			Row:             catalogue.Row{Sheet: "demo", Line: len(batch.Municipalities) + 1},
			Municipality:    catalogue.Municipality{Number: m.number, Name: m.name, Population: &pop, PopulationYear: &year, ValidTo: date(m.until), Illustrative: true},
			SuccessorNumber: m.successor,
		})
	}
	for _, s := range successors {
		batch.Municipalities = append(batch.Municipalities, catalogue.MunicipalityRow{
			Row:          catalogue.Row{Sheet: "demo", Line: len(batch.Municipalities) + 1},
			Municipality: catalogue.Municipality{Number: s.number, Name: s.name, ValidFrom: date(s.from)},
		})
	}
	for _, sv := range batch.Services {
		for _, m := range fosen {
			batch.Facts = append(batch.Facts, catalogue.FactRow{
				Row: catalogue.Row{Sheet: "demo", Line: len(batch.Facts) + 1}, ServiceSlug: sv.Service.Slug,
				MunicipalityNumber: m.number, Facts: Facts(sv.Service, m.key, m.population, m.unmapped),
			})
		}
	}
	rep, err := cat.Import(ctx, sys, batch, true)
	if err != nil {
		return err
	}
	if len(rep.Problems) > 0 {
		p := rep.Problems[0]
		return fmt.Errorf("demo data: %d problems, first %s line %d column %s: %s %v", len(rep.Problems), p.Sheet, p.Line, p.Column, p.Code, p.Params)
	}
	return loadUsers(ctx, st, cat, acc, sys)
}

func loadUsers(ctx context.Context, st catalogue.Store, cat *catalogue.Manager, acc *account.Manager, sys domain.Principal) error {
	munis, err := st.Municipalities(ctx, sys.CollaborationID)
	if err != nil {
		return err
	}
	byNumber := map[string]domain.ID{}
	for _, m := range munis {
		byNumber[m.Number] = m.ID
	}
	add := func(email, name string, g ...domain.Grant) (account.User, error) {
		return acc.CreateUser(ctx, sys, account.NewUser{Email: email, Name: name, Password: Password, Lang: "nb", Grants: g})
	}
	if _, err := add("programleder@fosen.example", "Programleder Fosen", domain.Grant{Role: domain.RoleProgrammeLead}); err != nil {
		return err
	}
	if _, err := add("observator@fosen.example", "Observatør (revisjon)", domain.Grant{Role: domain.RoleObserver}); err != nil {
		return err
	}
	// Each municipality's subject-matter owner is given the services of
	// the processes the later modules demonstrate.
	assigned := []string{"byggesak-ettrinns", "barnehageplass-opptak", "eiendomsskatt-klage"}
	for _, m := range fosen {
		id := byNumber[m.number]
		if _, err := add("koordinator."+m.key+"@fosen.example", "Koordinator "+m.name, domain.Grant{Role: domain.RoleCoordinator, MunicipalityID: id}); err != nil {
			return err
		}
		owner, err := add("fag."+m.key+"@fosen.example", "Fagansvarlig "+m.name, domain.Grant{Role: domain.RoleSubjectOwner, MunicipalityID: id})
		if err != nil {
			return err
		}
		if _, err := add("leder."+m.key+"@fosen.example", "Kommunedirektør "+m.name, domain.Grant{Role: domain.RoleLeadership, MunicipalityID: id}); err != nil {
			return err
		}
		for _, slug := range assigned {
			s, err := st.ServiceBySlug(ctx, sys.CollaborationID, slug)
			if domain.KindOf(err) == domain.KindNotFound {
				continue
			}
			if err != nil {
				return err
			}
			ms, err := st.MunicipalService(ctx, sys.CollaborationID, s.ID, id)
			if err != nil {
				return err
			}
			ms.ResponsibleUserID = owner.ID
			if _, err := cat.SaveMunicipalService(ctx, sys, ms); err != nil {
				return err
			}
		}
	}
	return nil
}

// seeded returns a random source fixed by the given keys, so the demo is
// the same on every machine.
func seeded(keys ...string) *rand.Rand {
	h := fnv.New64a()
	h.Write([]byte(strings.Join(keys, "\x00")))
	return rand.New(rand.NewPCG(h.Sum64(), 2017))
}

// casesPer1000 is the illustrative range of yearly cases per 1 000
// inhabitants by service area.
var casesPer1000 = map[string][2]float64{
	"styring": {0.5, 20}, "barnehage": {2, 15}, "skole": {2, 25}, "helse": {5, 60}, "omsorg": {2, 30},
	"sosial": {1, 15}, "barnevern": {0.5, 6}, "integrering": {0.2, 4}, "kultur": {1, 40}, "plan-bygg": {0.5, 12},
	"landbruk-miljo": {0.3, 6}, "teknisk": {2, 40}, "brann-beredskap": {0.5, 30}, "naering": {0.2, 3}, "skatt-eiendom": {1, 20},
}

// Facts derives one municipality's illustrative facts about a service
// from its population: the service has a rate per inhabitant and a time
// per case; each municipality differs around them, the smallest a little
// slower per case. For the share unmapped of services the time per case is
// left unknown, as it is where mapping has not reached yet.
func Facts(s catalogue.Service, key string, population int64, unmapped float64) catalogue.MunicipalService {
	svc := seeded(s.Slug)
	own := seeded(s.Slug, key)
	band := casesPer1000[s.Area]
	rate := band[0] + svc.Float64()*(band[1]-band[0])
	cases := int64(math.Round(rate * float64(population) / 1000 * (0.8 + 0.4*own.Float64())))
	baseMinutes := 15 + svc.Float64()*240
	scale := 1.0 + 0.15*math.Max(0, math.Log10(5000/float64(population)))
	employee := math.Round(baseMinutes * scale * (0.85 + 0.3*own.Float64())) // whole minutes
	citizen := math.Round(10 + svc.Float64()*80)
	hourly := 600.0 + math.Round(own.Float64()*8)*10 // NOK per hour incl. social costs, illustrative
	maturity := min(5, max(1, int64(1+svc.IntN(3))+int64(own.IntN(3))-1))
	paper, email, phone := channelMix(maturity, own)
	digital := 100 - paper - email - phone

	ms := catalogue.MunicipalService{
		Offered: catalogue.OfferedYes, AnnualCases: &cases, EmployeeMinutes: &employee, CitizenMinutes: &citizen,
		HourlyCost: &hourly, Maturity: &maturity,
		Channels:   catalogue.Channels{Paper: &paper, Email: &email, Phone: &phone, Digital: &digital},
		Provenance: map[catalogue.Fact]catalogue.Provenance{},
	}
	// The two smallest municipalities buy some specialised services from a neighbour.
	if population < 1000 && (s.Area == "barnevern" || s.Area == "brann-beredskap") {
		ms.Offered, ms.DeliveredBy = catalogue.OfferedOther, "Vertskommune i Fosen (illustrativt)"
	}
	if own.Float64() < unmapped {
		ms.EmployeeMinutes, ms.CitizenMinutes = nil, nil
	}
	for _, f := range catalogue.Facts {
		if ms.HasFact(f) {
			ms.Provenance[f] = catalogue.ProvenanceIllustrative
		}
	}
	return ms
}

// channelMix gives illustrative shares of paper, e-mail and phone (the
// rest is digital forms) that fall as maturity rises.
func channelMix(maturity int64, r *rand.Rand) (paper, email, phone float64) {
	digital := []float64{0, 5, 20, 50, 75, 90}[maturity] + float64(r.IntN(10))
	rest := 100 - digital
	paper = math.Round(rest * (0.3 + 0.3*r.Float64()))
	email = math.Round((rest - paper) * 0.6)
	phone = rest - paper - email
	return paper, email, phone
}
