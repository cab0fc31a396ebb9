package benefit

import (
	"encoding/json"
	"fmt"
)

// The stored form of a case. The public JSON format (numbers or
// {low, likely, high}, unknown keys refused, errors with paths) is made for
// people and other programs, and reading it strictly costs: a portfolio of
// 230 cases spent most of its time there. What the store wrote itself it
// reads back plainly: every range as [low, likely, high], a version key to
// tell the form, standard decoding only.

const storedVersion = 1

type storedCase struct {
	V              int            `json:"v"`
	Service        string         `json:"service,omitempty"`
	Name           string         `json:"name,omitempty"`
	Years          int            `json:"years"`
	DiscountRate   float64        `json:"discount_rate"`
	PriceYear      int            `json:"price_year"`
	CitizenHour    [3]float64     `json:"citizen_hour_value"`
	Municipalities []storedMuni   `json:"municipalities"`
	Gains          []storedGain   `json:"gains"`
	Costs          []storedCost   `json:"costs"`
	Uptake         []storedUptake `json:"uptake"`
}

type storedUptake = [3]float64

type storedMuni struct {
	Municipality, Name       string
	Cases                    [3]float64
	CasesSource              string
	HourlyCost, MinutesSaved [3]float64
	MinutesSavedSource       string
	CitizenMinutesSaved      [3]float64
	CasesNote                string `json:",omitempty"`
}

type storedGain struct {
	ID, Name, Kind, Class string
	Annual                [3]float64
	Score                 int
	Freed                 bool
}

type storedCost struct {
	ID, Name, Kind string
	Amount, Hours  [3]float64
	Year           int
}

func toArr(r Range) [3]float64   { return [3]float64{r.Low, r.Likely, r.High} }
func fromArr(a [3]float64) Range { return Range{a[0], a[1], a[2]} }

// EncodeStored writes c in the store's form.
func EncodeStored(c Case) ([]byte, error) {
	s := storedCase{V: storedVersion, Service: c.Service, Name: c.Name, Years: c.Settings.Years,
		DiscountRate: c.Settings.DiscountRate, PriceYear: c.Settings.PriceYear, CitizenHour: toArr(c.Settings.CitizenHourValue)}
	for _, m := range c.Municipalities {
		s.Municipalities = append(s.Municipalities, storedMuni{m.Municipality, m.Name, toArr(m.Cases), m.CasesSource,
			toArr(m.HourlyCost), toArr(m.MinutesSaved), m.MinutesSavedSource, toArr(m.CitizenMinutesSaved), m.CasesNote})
	}
	for _, g := range c.Gains {
		s.Gains = append(s.Gains, storedGain{g.ID, g.Name, g.Kind, g.Class, toArr(g.Annual), g.Score, g.FreedForOtherUse})
	}
	for _, k := range c.Costs {
		s.Costs = append(s.Costs, storedCost{k.ID, k.Name, k.Kind, toArr(k.Amount), toArr(k.Hours), k.Year})
	}
	for _, u := range c.Uptake {
		s.Uptake = append(s.Uptake, toArr(u))
	}
	return json.Marshal(s)
}

// DecodeStored reads what EncodeStored wrote; a document in the public
// format (an older store) is read as such.
func DecodeStored(b []byte) (Case, error) {
	var s storedCase
	if err := json.Unmarshal(b, &s); err != nil || s.V != storedVersion {
		var c Case
		if err := json.Unmarshal(b, &c); err != nil {
			return Case{}, fmt.Errorf("stored benefit case: %w", err)
		}
		return c, nil
	}
	c := Case{Service: s.Service, Name: s.Name, Settings: Settings{Years: s.Years, DiscountRate: s.DiscountRate,
		PriceYear: s.PriceYear, CitizenHourValue: fromArr(s.CitizenHour)}}
	for _, m := range s.Municipalities {
		c.Municipalities = append(c.Municipalities, MunicipalityInput{Municipality: m.Municipality, Name: m.Name,
			Cases: fromArr(m.Cases), CasesSource: m.CasesSource, HourlyCost: fromArr(m.HourlyCost),
			MinutesSaved: fromArr(m.MinutesSaved), MinutesSavedSource: m.MinutesSavedSource,
			CitizenMinutesSaved: fromArr(m.CitizenMinutesSaved), CasesNote: m.CasesNote})
	}
	for _, g := range s.Gains {
		c.Gains = append(c.Gains, Gain{ID: g.ID, Name: g.Name, Kind: g.Kind, Class: g.Class, Annual: fromArr(g.Annual),
			Score: g.Score, FreedForOtherUse: g.Freed})
	}
	for _, k := range s.Costs {
		c.Costs = append(c.Costs, Cost{ID: k.ID, Name: k.Name, Kind: k.Kind, Amount: fromArr(k.Amount),
			Hours: fromArr(k.Hours), Year: k.Year})
	}
	for _, u := range s.Uptake {
		c.Uptake = append(c.Uptake, fromArr(u))
	}
	return c, nil
}
