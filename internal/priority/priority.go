// Package priority holds the rules and the records of the joint
// prioritisation: the criteria of a collaboration, each municipality's
// weights as elicited (AHP judgements, direct points or swing), the
// assignment of services to subject-matter owners (fagansvarlige), Delphi
// scoring rounds, the decisions (vedtak) frozen from a joint ranking and
// approved by each municipality's leadership, and an audit log of every
// change and every refused attempt.
//
// The ranking mathematics (eigenvectors, aggregation, consensus) lives in
// internal/priority/method; this package only checks the shape and the
// values of the input and stores it. The Manager owns the rights and the
// rules, the Store only stores.
package priority

import (
	"math"
	"regexp"
	"strings"
	"time"

	"github.com/tjenestevalg/tjenestevalg/internal/domain"
)

// Kind says how a criterion gets its values: computed from other modules,
// or judged (scored) by people in Delphi rounds.
type Kind string

// The criterion kinds.
const (
	KindComputed    Kind = "computed"
	KindJudgemental Kind = "judgemental"
)

// Direction says whether a higher value of a criterion is better.
type Direction string

// The directions.
const (
	HigherBetter Direction = "higher_better"
	LowerBetter  Direction = "lower_better"
)

// Sources of computed criteria: where the value of a service comes from.
const (
	SourceGainPotential  = "gain_potential"  // the benefit case's net present value
	SourceLegalObstacles = "legal_obstacles" // the obstacle register (open obstacles)
	SourceVolume         = "volume"          // cases per year
	SourceMaturityGap    = "maturity_gap"    // 5 − digital maturity
)

// Sources lists the computed criteria's sources.
var Sources = []string{SourceGainPotential, SourceLegalObstacles, SourceVolume, SourceMaturityGap}

// Scale is the range of a judgemental criterion's scores.
type Scale struct {
	Min float64 `json:"min"`
	Max float64 `json:"max"`
}

// DefaultScale is the 1–5 scale judgemental criteria are scored on.
var DefaultScale = Scale{Min: 1, Max: 5}

// Contains reports whether v is a finite value within the scale.
func (s Scale) Contains(v float64) bool {
	return !math.IsNaN(v) && !math.IsInf(v, 0) && v >= s.Min && v <= s.Max
}

// Criterion is one criterion of a collaboration's prioritisation. Key is
// stable (weights and rounds refer to it); Kind, Source and Scale are fixed
// when it is created, so that scores and weights already given keep their
// meaning. The programme lead edits the rest.
type Criterion struct {
	ID              domain.ID `json:"id"`
	CollaborationID domain.ID `json:"-"`
	Key             string    `json:"key"`
	Name            string    `json:"name"` // bokmål
	NameEN          string    `json:"name_en,omitempty"`
	Kind            Kind      `json:"kind"`
	Source          string    `json:"source,omitempty"` // computed criteria only, one of Sources
	Direction       Direction `json:"direction"`
	Scale           Scale     `json:"scale"` // judgemental criteria only
	Description     string    `json:"description"`
	Active          bool      `json:"active"`
	Order           int       `json:"order"`
	Version         int       `json:"version"`
	UpdatedBy       string    `json:"updated_by"`
	UpdatedAt       time.Time `json:"updated_at"`
}

// LocalName returns the name in lang, falling back to bokmål.
func (c Criterion) LocalName(lang string) string {
	if lang == "en" && c.NameEN != "" {
		return c.NameEN
	}
	return c.Name
}

// DefaultCriteria returns the criteria a collaboration starts with
// (docs/user-guide.md, "Prioritisation"), in order: gain
// potential (from the benefit case), citizen benefit, feasibility, cost
// and risk (lower better), legal obstacles (from the obstacle register,
// lower better) and strategic fit. Judgemental ones are scored 1–5.
func DefaultCriteria() []Criterion {
	j := func(key, nb, en string, dir Direction, desc string) Criterion {
		return Criterion{Key: key, Name: nb, NameEN: en, Kind: KindJudgemental, Direction: dir, Scale: DefaultScale,
			Description: desc, Active: true}
	}
	c := func(key, nb, en, source string, dir Direction, desc string) Criterion {
		return Criterion{Key: key, Name: nb, NameEN: en, Kind: KindComputed, Source: source, Direction: dir,
			Description: desc, Active: true}
	}
	list := []Criterion{
		c("gain_potential", "Gevinstpotensial", "Gain potential", SourceGainPotential, HigherBetter,
			"Netto nåverdi fra gevinstanalysen."),
		j("citizen_benefit", "Nytte for innbyggerne", "Citizen benefit", HigherBetter,
			"Hvor mye innbyggere og virksomheter vinner på at tjenesten digitaliseres."),
		j("feasibility", "Gjennomførbarhet", "Feasibility", HigherBetter,
			"Hvor lett tjenesten lar seg digitalisere med dagens systemer og kompetanse."),
		j("cost", "Kostnad", "Cost", LowerBetter, "Investering og drift for å digitalisere tjenesten."),
		j("risk", "Risiko", "Risk", LowerBetter, "Hva som kan gå galt, og hvor alvorlig det er."),
		c("legal_obstacles", "Rettslige hindringer", "Legal obstacles", SourceLegalObstacles, LowerBetter,
			"Åpne hindringer i regelverket fra hindringsregisteret."),
		j("strategic_fit", "Strategisk samsvar", "Strategic fit", HigherBetter,
			"Hvor godt tjenesten passer kommunenes og samarbeidets strategi."),
	}
	for i := range list {
		list[i].Order = i + 1
	}
	return list
}

// Limits on texts, in characters.
const (
	maxName        = 200
	maxDescription = 2000
	maxRationale   = 2000
	maxNote        = 4000
)

var keyPattern = regexp.MustCompile(`^[a-z][a-z0-9_]{0,39}$`)

// Normalize trims the criterion's texts.
func (c *Criterion) Normalize() {
	for _, s := range []*string{&c.Key, &c.Name, &c.NameEN, &c.Source, &c.Description} {
		*s = strings.TrimSpace(*s)
	}
}

// Validate returns the field errors of a criterion: a key of lower-case
// letters, digits and _; a name; a known kind and direction; a known
// source for a computed criterion and none for a judgemental one; a
// finite scale with Min < Max for a judgemental one; texts within limits.
func (c Criterion) Validate() []domain.FieldError {
	var errs []domain.FieldError
	if !keyPattern.MatchString(c.Key) {
		errs = append(errs, domain.Field("key", "priority.key_format"))
	}
	errs = domain.Required(errs, "name", c.Name)
	errs = domain.MaxLen(errs, "name", c.Name, maxName)
	errs = domain.MaxLen(errs, "name_en", c.NameEN, maxName)
	errs = domain.MaxLen(errs, "description", c.Description, maxDescription)
	errs = domain.OneOf(errs, "direction", string(c.Direction), []string{string(HigherBetter), string(LowerBetter)})
	switch c.Kind {
	case KindComputed:
		errs = domain.OneOf(errs, "source", c.Source, Sources)
	case KindJudgemental:
		if c.Source != "" {
			errs = append(errs, domain.Field("source", "priority.source_judgemental"))
		}
		s := c.Scale
		if math.IsNaN(s.Min) || math.IsInf(s.Min, 0) || math.IsNaN(s.Max) || math.IsInf(s.Max, 0) || s.Min >= s.Max {
			errs = append(errs, domain.Field("scale", "priority.scale_range"))
		}
	default:
		errs = domain.OneOf(errs, "kind", string(c.Kind), []string{string(KindComputed), string(KindJudgemental)})
	}
	return errs
}
