package web

import (
	_ "embed"
	"encoding/json"
	"errors"
	"net/http"
	"reflect"
	"strings"

	"github.com/tjenestevalg/tjenestevalg/internal/benefit"
	"github.com/tjenestevalg/tjenestevalg/internal/catalogue"
	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/process"
)

//go:embed openapi.json
var openAPI []byte

func (s *Server) apiOpenAPI(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write(openAPI)
	return nil
}

// decode reads a JSON body strictly: unknown fields are an error, so a
// typo does not silently drop a value. A value of the wrong type is a
// field error at its JSON path, a number that is not one (a string, a
// fraction for a whole number, one beyond range) with the codes of
// domain.ParseNumber, so that the API and the forms say the same. v holds
// what could be read; see withChecks.
func decode(r *http.Request, v any) error {
	dec := json.NewDecoder(r.Body) // bounded by the route's body limit (adapt): over it, 413
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		if tl, ok := tooLarge(err); ok {
			return tl
		}
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			return domain.Invalid("error.invalid_fields", typeError(te))
		}
		return domain.Invalid("error.invalid_fields", domain.Field("body", "api.bad_json", err.Error()))
	}
	return nil
}

// typeError names the field of a value that does not fit its type.
func typeError(te *json.UnmarshalTypeError) domain.FieldError {
	te.Field = jsonPath(te.Field)
	number, isNumber := strings.CutPrefix(te.Value, "number ")
	switch te.Type.Kind() {
	case reflect.Float32, reflect.Float64:
		if isNumber {
			return domain.Field(te.Field, domain.CodeOutOfRange) // a JSON number float64 cannot hold
		}
		return domain.Field(te.Field, domain.CodeNotANumber)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		if isNumber {
			if _, code := domain.ParseInt(number); code != "" && code != domain.CodeNotANumber {
				return domain.Field(te.Field, code)
			}
			return domain.Field(te.Field, domain.CodeOutOfRange)
		}
		return domain.Field(te.Field, domain.CodeNotAnInteger)
	}
	return domain.Field(te.Field, "api.wrong_type", te.Value)
}

// jsonPath drops from an UnmarshalTypeError's field the Go names of
// embedded structs ("MunicipalService.employee_minutes"): the JSON the
// client sent is flat there, and its names are never capitalised.
func jsonPath(field string) string {
	parts := strings.Split(field, ".")
	out := parts[:0]
	for _, p := range parts {
		if p != "" && p[0] >= 'A' && p[0] <= 'Z' {
			continue
		}
		out = append(out, p)
	}
	return strings.Join(out, ".")
}

// withChecks adds to a decoding error what validate says about the rest
// of the value, so that the API, like the forms, names every wrong field
// at once. A body that is not JSON at all is reported alone.
func withChecks(err error, validate func() error) error {
	de := domain.AsError(err)
	if de.Code == "error.too_large" { // nothing was read to check
		return err
	}
	for _, f := range de.Fields {
		if f.Field == "body" {
			return err
		}
	}
	if de.Kind != domain.KindInvalid {
		return err
	}
	return domain.JoinInvalid(de.Fields, validate())
}

type apiUser struct {
	ID     domain.ID      `json:"id"`
	Email  string         `json:"email"`
	Name   string         `json:"name"`
	Lang   string         `json:"lang"`
	Grants []domain.Grant `json:"grants"`
}

func (s *Server) apiMe(w http.ResponseWriter, r *http.Request) error {
	u := reqOf(r).User
	writeJSON(w, http.StatusOK, apiUser{ID: u.ID, Email: u.Email, Name: u.Name, Lang: u.Lang, Grants: u.Grants})
	return nil
}

func (s *Server) apiServices(w http.ResponseWriter, r *http.Request) error {
	rc := reqOf(r)
	f, _, err := parseFilter(r.URL.Query())
	if err != nil {
		return err
	}
	list, err := s.Catalogue.ListServices(r.Context(), rc.Principal, f, rc.Lang.Code())
	if err != nil {
		return err
	}
	if list == nil {
		list = []catalogue.ServiceSummary{}
	}
	writeJSON(w, http.StatusOK, list)
	return nil
}

type apiFact struct {
	Municipality string `json:"municipality"` // kommunenummer
	catalogue.MunicipalService
}

type apiServiceView struct {
	Service catalogue.Service `json:"service"`
	Facts   []apiFact         `json:"facts"`
}

func factsOf(v catalogue.ServiceView) []apiFact {
	out := []apiFact{}
	for _, m := range v.Municipalities {
		if f, ok := v.Facts[m.ID]; ok {
			out = append(out, apiFact{Municipality: m.Number, MunicipalService: f})
		}
	}
	return out
}

func (s *Server) apiService(w http.ResponseWriter, r *http.Request) error {
	v, err := s.serviceView(r)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, apiServiceView{Service: v.Service, Facts: factsOf(v)})
	return nil
}

func (s *Server) apiServiceCreate(w http.ResponseWriter, r *http.Request) error {
	if !catalogue.CanEditService(reqOf(r).Principal) {
		return domain.Forbidden("auth.forbidden")
	}
	var sv catalogue.Service
	if err := decode(r, &sv); err != nil {
		return withChecks(err, sv.Validate)
	}
	sv, err := s.Catalogue.CreateService(r.Context(), reqOf(r).Principal, sv)
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/services/"+sv.Slug)
	writeJSON(w, http.StatusCreated, sv)
	return nil
}

func (s *Server) apiServiceUpdate(w http.ResponseWriter, r *http.Request) error {
	v, err := s.serviceView(r)
	if err != nil {
		return err
	}
	if !catalogue.CanEditService(reqOf(r).Principal) {
		return domain.Forbidden("auth.forbidden")
	}
	var sv catalogue.Service
	if err := decode(r, &sv); err != nil {
		return withChecks(err, sv.Validate)
	}
	sv.ID = v.Service.ID
	sv, err = s.Catalogue.UpdateService(r.Context(), reqOf(r).Principal, sv)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, sv)
	return nil
}

func (s *Server) apiServiceHistory(w http.ResponseWriter, r *http.Request) error {
	v, err := s.serviceView(r)
	if err != nil {
		return err
	}
	changes, err := s.Catalogue.History(r.Context(), reqOf(r).Principal, catalogue.EntityService, v.Service.ID)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, changes)
	return nil
}

func (s *Server) apiFacts(w http.ResponseWriter, r *http.Request) error {
	v, err := s.serviceView(r)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, factsOf(v))
	return nil
}

// factsInput is the body of a facts PUT. The version must be the one read;
// the responsible person stays as it is unless given (0 clears it).
type factsInput struct {
	catalogue.MunicipalService
	ResponsibleUserID *int64 `json:"responsible_user_id,omitempty"`
}

func (s *Server) apiFactsUpdate(w http.ResponseWriter, r *http.Request) error {
	sv, mu, old, err := s.factsContext(r)
	if err != nil {
		return err
	}
	if !catalogue.CanEditFacts(reqOf(r).Principal, mu.ID, old.ResponsibleUserID) {
		return domain.Forbidden("auth.forbidden")
	}
	var in factsInput
	if err := decode(r, &in); err != nil {
		return withChecks(err, in.MunicipalService.Validate)
	}
	ms := in.MunicipalService
	ms.ServiceID, ms.MunicipalityID = sv.ID, mu.ID
	ms.ResponsibleUserID = old.ResponsibleUserID
	if in.ResponsibleUserID != nil {
		ms.ResponsibleUserID = *in.ResponsibleUserID
	}
	if ms.Provenance == nil {
		ms.Provenance = map[catalogue.Fact]catalogue.Provenance{}
	}
	ms, err = s.Catalogue.SaveMunicipalService(r.Context(), reqOf(r).Principal, ms)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, apiFact{Municipality: mu.Number, MunicipalService: ms})
	return nil
}

func (s *Server) apiMunicipalities(w http.ResponseWriter, r *http.Request) error {
	list, err := s.Catalogue.Municipalities(r.Context(), reqOf(r).Principal)
	if err != nil {
		return err
	}
	if list == nil {
		list = []catalogue.Municipality{}
	}
	writeJSON(w, http.StatusOK, list)
	return nil
}

// processesJSON is a service's process overview as the API gives it: the
// models with their current figures, the comparison and what each
// municipality saves per case (the benefit case's "minutes saved").
type processesJSON struct {
	Service string          `json:"service"`
	Models  []process.Model `json:"models"`
	// Paging of Models: at most Limit from Offset; Next is the URL of the
	// next page, null on the last.
	TotalModels      int                `json:"total_models"`
	Offset           int                `json:"offset"`
	Limit            int                `json:"limit"`
	Next             *string            `json:"next"`
	AsIsMean         *process.Figures   `json:"as_is_mean"`
	SavedMinutes     *float64           `json:"saved_minutes"`
	SavedLeadMinutes *float64           `json:"saved_lead_minutes"`
	PotentialMinutes *float64           `json:"potential_minutes"`
	ObstaclePrice    *obstaclePriceJSON `json:"obstacle_price"`
	Savings          []process.Saving   `json:"savings"`
}

type obstaclePriceJSON struct {
	TouchMinutes float64 `json:"touch_minutes"`
	LeadMinutes  float64 `json:"lead_minutes"`
}

// apiProcesses gives a service's process overview with its models paged
// (?limit, ?offset), so that no number of models makes one response large;
// each model's figures are the stored ones with their notes capped.
func (s *Server) apiProcesses(w http.ResponseWriter, r *http.Request) error {
	rc := reqOf(r)
	slug := r.PathValue("slug")
	o, err := s.Processes.Overview(r.Context(), rc.Principal, slug)
	if err != nil {
		return err
	}
	limit, offset, err := pageParams(r, apiProcessesLimit, apiProcessesMaxLimit)
	if err != nil {
		return err
	}
	total := len(o.Models)
	lo, hi := min(offset, total), min(offset+limit, total)
	out := processesJSON{Service: slug, Models: o.Models[lo:hi], TotalModels: total, Offset: offset, Limit: limit,
		AsIsMean:     o.Comparison.AsIs,
		SavedMinutes: o.Comparison.SavedMinutes, SavedLeadMinutes: o.Comparison.SavedLeadMinutes,
		PotentialMinutes: o.Comparison.PotentialMinutes,
		Savings:          o.Saved}
	if out.Models == nil {
		out.Models = []process.Model{}
	}
	if out.Savings == nil {
		out.Savings = []process.Saving{}
	}
	if p := o.Comparison.ObstaclePrice; p != nil {
		out.ObstaclePrice = &obstaclePriceJSON{TouchMinutes: p.TouchMinutes, LeadMinutes: p.LeadMinutes}
	}
	if hi < total {
		out.Next = nextPage(r, limit, hi)
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// benefitJSON is a service's benefit case as the API gives it: the case in
// the documented format (docs/benefit-case.md), whether it is stored or the
// draft, its version, and what it computes to.
type benefitJSON struct {
	Service    string              `json:"service"`
	Stored     bool                `json:"stored"`
	Version    int                 `json:"version"`
	Case       benefit.Case        `json:"case"`
	Result     *benefit.Result     `json:"result,omitempty"`
	Simulation *benefit.Simulation `json:"simulation,omitempty"`
	Tornado    []benefit.Bar       `json:"tornado,omitempty"`
}

func benefitOut(v benefit.View) benefitJSON {
	out := benefitJSON{Service: v.Service.Slug, Stored: v.Stored, Version: v.Record.Version, Case: v.Record.Case}
	if res, err := benefit.Evaluate(v.Record.Case); err == nil {
		out.Result = &res
		if sim, err := benefit.Simulate(v.Record.Case, pageIterations, pageSeed); err == nil {
			out.Simulation = &sim
		}
		out.Tornado, _ = benefit.Tornado(v.Record.Case)
	}
	return out
}

func (s *Server) apiBenefit(w http.ResponseWriter, r *http.Request) error {
	v, err := s.Benefits.Case(r.Context(), reqOf(r).Principal, r.PathValue("slug"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, benefitOut(v))
	return nil
}

// benefitInput is the body of a benefit PUT: the case and the version it
// was read at (0 to store the first one).
type benefitInput struct {
	Version int          `json:"version"`
	Case    benefit.Case `json:"case"`
}

func (s *Server) apiBenefitUpdate(w http.ResponseWriter, r *http.Request) error {
	rc := reqOf(r)
	if err := s.mayEditBenefit(r); err != nil {
		return err
	}
	// The service is found before the body is read (404 before 422).
	if _, err := s.serviceView(r); err != nil {
		return err
	}
	var in benefitInput
	if err := decode(r, &in); err != nil {
		return err
	}
	if _, err := s.Benefits.Save(r.Context(), rc.Principal, r.PathValue("slug"), in.Case, in.Version); err != nil {
		return err
	}
	v, err := s.Benefits.Case(r.Context(), rc.Principal, r.PathValue("slug"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, benefitOut(v))
	return nil
}
