package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/tjenestevalg/tjenestevalg/internal/benefit"
	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/i18n"
)

// A number with uncertainty is one text field: "120", or low/likely/high
// as "90/120/160", each number in the domain's one grammar
// (domain.ParseNumber). One field keeps a case's form readable (three per
// number would triple it) and works the same with a keyboard and a screen
// reader.

// parseRange reads a form value; ok is false when it is not one or three
// numbers. An empty value is 0.
func parseRange(s string) (benefit.Range, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return benefit.Exact(0), true
	}
	parts := strings.Split(s, "/")
	vals := make([]float64, 0, 3)
	for _, p := range parts {
		v, code := domain.ParseNumber(p)
		if code != "" {
			return benefit.Range{}, false
		}
		vals = append(vals, v)
	}
	switch len(vals) {
	case 1:
		return benefit.Exact(vals[0]), true
	case 3:
		return benefit.Range{Low: vals[0], Likely: vals[1], High: vals[2]}, true
	}
	return benefit.Range{}, false
}

// formatRange writes a range for its form field in the user's language,
// without thousands separators so that it reads back.
func formatRange(l i18n.Lang, r benefit.Range) string {
	f := func(v float64) string {
		s := strconv.FormatFloat(v, 'f', -1, 64)
		if l.Code() == "nb" {
			s = strings.Replace(s, ".", ",", 1)
		}
		return s
	}
	if !r.Uncertain() && r.Low == r.Likely {
		return f(r.Likely)
	}
	return f(r.Low) + "/" + f(r.Likely) + "/" + f(r.High)
}

// percentRange is formatRange of a share, in percent.
func percentRange(l i18n.Lang, r benefit.Range) string {
	return formatRange(l, benefit.Range{Low: r.Low * 100, Likely: r.Likely * 100, High: r.High * 100})
}

// caseForm reads the benefit case form over base (the case it was drawn
// from, whose municipalities' names and sources it keeps). Numbers it
// cannot read are field errors, named by the case's JSON paths.
func caseForm(r *http.Request, base benefit.Case) (benefit.Case, []domain.FieldError) {
	c := base
	var errs []domain.FieldError
	rng := func(field string) benefit.Range {
		v, ok := parseRange(r.FormValue(field))
		if !ok {
			errs = append(errs, domain.Field(field, "benefit.not_a_range"))
		}
		return v
	}
	num := func(field string) float64 {
		s := strings.TrimSpace(r.FormValue(field))
		if s == "" {
			return 0
		}
		v, code := domain.ParseNumber(s)
		if code != "" {
			errs = append(errs, domain.Field(field, code))
		}
		return v
	}
	c.Name = strings.TrimSpace(r.FormValue("name"))
	c.Settings.Years, c.Settings.DiscountRate = benefit.DefaultYears, benefit.DefaultDiscountRate
	if strings.TrimSpace(r.FormValue("settings.years")) != "" {
		c.Settings.Years = int(num("settings.years"))
	}
	if strings.TrimSpace(r.FormValue("settings.discount_rate")) != "" {
		c.Settings.DiscountRate = num("settings.discount_rate") / 100
	}
	c.Settings.PriceYear = int(num("settings.price_year"))
	c.Settings.CitizenHourValue = rng("settings.citizen_hour_value")
	c.Municipalities = append([]benefit.MunicipalityInput(nil), base.Municipalities...)
	for i := range c.Municipalities {
		p := fmt.Sprintf("municipalities[%d].", i)
		in := &c.Municipalities[i]
		cases := rng(p + "cases")
		if cases != in.Cases {
			// The user's figure replaces the catalogue's, and with it the
			// measurement it came from.
			in.CasesSource, in.CasesNote = "estimated", ""
		}
		in.Cases = cases
		in.HourlyCost = rng(p + "hourly_cost")
		minutes := rng(p + "minutes_saved")
		if minutes != in.MinutesSaved {
			in.MinutesSavedSource = "estimated" // the user's figure replaces the draft's
		}
		in.MinutesSaved = minutes
		in.CitizenMinutesSaved = rng(p + "citizen_minutes_saved")
	}
	c.Gains = nil
	for i := 0; r.Form.Has(fmt.Sprintf("gains[%d].name", i)); i++ {
		p := fmt.Sprintf("gains[%d].", i)
		name := strings.TrimSpace(r.FormValue(p + "name"))
		if name == "" {
			continue // an empty row adds nothing; emptying a row removes the gain
		}
		g := benefit.Gain{ID: strings.TrimSpace(r.FormValue(p + "id")), Name: name, Kind: r.FormValue(p + "kind"),
			Class: r.FormValue(p + "class"), Annual: rng(p + "annual"), Score: int(num(p + "score")),
			FreedForOtherUse: r.FormValue(p+"freed") == "on"}
		if g.ID == "" {
			g.ID = fmt.Sprintf("g%d", i+1)
		}
		c.Gains = append(c.Gains, g)
	}
	c.Costs = nil
	for i := 0; r.Form.Has(fmt.Sprintf("costs[%d].name", i)); i++ {
		p := fmt.Sprintf("costs[%d].", i)
		name := strings.TrimSpace(r.FormValue(p + "name"))
		if name == "" {
			continue
		}
		k := benefit.Cost{ID: strings.TrimSpace(r.FormValue(p + "id")), Name: name, Kind: r.FormValue(p + "kind"),
			Amount: rng(p + "amount"), Hours: rng(p + "hours"), Year: int(num(p + "year"))}
		if k.ID == "" {
			k.ID = fmt.Sprintf("k%d", i+1)
		}
		c.Costs = append(c.Costs, k)
	}
	c.Uptake = nil
	if s := strings.TrimSpace(r.FormValue("uptake")); s != "" {
		for i, part := range strings.Split(s, ";") {
			v, ok := parseRange(part)
			if !ok {
				errs = append(errs, domain.Field("uptake", "benefit.uptake_list", i+1))
				break
			}
			c.Uptake = append(c.Uptake, benefit.Range{Low: v.Low / 100, Likely: v.Likely / 100, High: v.High / 100})
		}
	}
	if len(errs) > 0 {
		errs = withCaseChecks(errs, c)
	}
	return c, errs
}

// withCaseChecks adds to the fields the form could not read what the
// case's own validation says about the other fields, so that every error
// shows at once; a field that could not be read (or a list, "uptake",
// one of whose entries could not) is not checked again.
func withCaseChecks(errs []domain.FieldError, c benefit.Case) []domain.FieldError {
	failed := map[string]bool{}
	for _, e := range errs {
		failed[e.Field] = true
	}
	for _, e := range benefit.Validate(c) {
		list, _, _ := strings.Cut(e.Field, "[")
		if !failed[e.Field] && !failed[list] {
			errs = append(errs, e)
		}
	}
	return errs
}

// uptakeText writes the uptake curve for its form field: percentages per
// year separated by semicolons.
func uptakeText(l i18n.Lang, us []benefit.Range) string {
	parts := make([]string, len(us))
	for i, u := range us {
		parts[i] = percentRange(l, u)
	}
	return strings.Join(parts, "; ")
}
