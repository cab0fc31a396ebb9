package benefit

import (
	"encoding/json"
	"errors"
	"os"
	"reflect"
	"strings"
	"testing"
)

func TestRangeJSON(t *testing.T) {
	tests := []struct {
		in   string
		want Range
		out  string
	}{
		{`12.5`, Exact(12.5), `12.5`},
		{`{"low": 1, "likely": 2, "high": 4}`, Range{1, 2, 4}, `{"low":1,"likely":2,"high":4}`},
		{`{"likely": 2}`, Exact(2), `2`},
		{`{"low": 1, "likely": 2}`, Range{1, 2, 2}, `{"low":1,"likely":2,"high":2}`},
		{`{"likely": 2, "high": 3}`, Range{2, 2, 3}, `{"low":2,"likely":2,"high":3}`},
	}
	for _, tt := range tests {
		var r Range
		if err := json.Unmarshal([]byte(tt.in), &r); err != nil {
			t.Errorf("%s: %v", tt.in, err)
			continue
		}
		if r != tt.want {
			t.Errorf("%s: got %+v, want %+v", tt.in, r, tt.want)
		}
		b, err := json.Marshal(r)
		if err != nil || string(b) != tt.out {
			t.Errorf("%s: marshals to %s (%v), want %s", tt.in, b, err, tt.out)
		}
	}
	for _, bad := range []string{`"12"`, `{"low": 1}`, `{"likely": 1, "mode": 2}`, `{"likely": "2"}`, `[1,2,3]`, `true`} {
		var r Range
		err := json.Unmarshal([]byte(bad), &r)
		if err == nil || !strings.Contains(err.Error(), "a range is a number or") {
			t.Errorf("%s: err = %v", bad, err)
		}
	}
}

func TestSettingsDefaults(t *testing.T) {
	var c Case
	if err := json.Unmarshal([]byte(`{"gains": []}`), &c); err != nil {
		t.Fatal(err)
	}
	if c.Settings.Years != 10 || c.Settings.DiscountRate != 0.04 {
		t.Errorf("no settings: %+v, want 10 years at 4 %%", c.Settings)
	}
	if err := json.Unmarshal([]byte(`{"settings": {"price_year": 2025}}`), &c); err != nil {
		t.Fatal(err)
	}
	if c.Settings.Years != 10 || c.Settings.DiscountRate != 0.04 || c.Settings.PriceYear != 2025 {
		t.Errorf("partial settings: %+v", c.Settings)
	}
	if err := json.Unmarshal([]byte(`{"settings": {"discount_rate": 0, "years": 3}}`), &c); err != nil {
		t.Fatal(err)
	}
	if c.Settings.Years != 3 || c.Settings.DiscountRate != 0 {
		t.Errorf("explicit 0 %%: %+v", c.Settings)
	}
	var s Settings
	if err := json.Unmarshal([]byte(`{"citizen_hour_value": {"low": 200, "likely": 250, "high": 400}}`), &s); err != nil {
		t.Fatal(err)
	}
	if s.Years != 10 || s.DiscountRate != 0.04 || s.CitizenHourValue != (Range{200, 250, 400}) {
		t.Errorf("settings alone: %+v", s)
	}
	if (Settings{}).Normalized().Years != DefaultYears || (Settings{Years: 7}).Normalized().Years != 7 {
		t.Error("Normalized")
	}
}

func TestCaseJSONRoundTrip(t *testing.T) {
	c := handCase()
	c.Municipalities[0].Cases = Range{1000, 1200, 1500}
	c.Municipalities[0].CasesSource = "measured"
	c.Municipalities[1].MinutesSavedSource = "process"
	c.Costs[0].Year = 1
	c.Uptake = []Range{{0.25, 0.5, 0.75}, Exact(1)}
	for _, c := range []Case{c, {}, {Gains: []Gain{}, Uptake: []Range{}}} {
		b, err := json.Marshal(c)
		if err != nil {
			t.Fatal(err)
		}
		var back Case
		if err := json.Unmarshal(b, &back); err != nil {
			t.Fatalf("%s: %v", b, err)
		}
		if !reflect.DeepEqual(back, c) {
			t.Errorf("round trip changed the case:\n%+v\n%+v\n%s", c, back, b)
		}
	}
}

func TestCaseJSONErrors(t *testing.T) {
	tests := []struct{ doc, path, msg string }{
		{`{"settings": {"discount-rate": 0.03}}`, "settings.discount-rate", `unknown key "discount-rate"`},
		{`{"municipalities": [{}, {"cases": "many"}]}`, "municipalities[1].cases", "a range is a number or"},
		{`{"municipalities": [{"cases": {"low": 1, "likely": 2, "hi": 3}}]}`, "municipalities[0].cases", `unknown key "hi"`},
		{`{"settings": {"years": 2.5}}`, "settings.years", "want a whole number, not the number 2.5"},
		{`{"gains": [{"kind": 3}]}`, "gains[0].kind", "want a string, not the number 3"},
		{`{"costs": {"kind": "licence"}}`, "costs", "want a list, not an object"},
		{`{"uptake": [0.5, "full"]}`, "uptake[1]", "a range is a number or"},
		{`[]`, "", "want an object, not a list"},
	}
	for _, tt := range tests {
		var c Case
		err := json.Unmarshal([]byte(tt.doc), &c)
		var je *JSONError
		if !errors.As(err, &je) || je.Path != tt.path || !strings.Contains(err.Error(), tt.msg) {
			t.Errorf("%s: err = %v, want path %q and %q", tt.doc, err, tt.path, tt.msg)
		}
	}
}

func TestExampleCase(t *testing.T) {
	b, err := os.ReadFile("../../docs/examples/benefit-case.json")
	if err != nil {
		t.Fatal(err)
	}
	var c Case
	if err := json.Unmarshal(b, &c); err != nil {
		t.Fatal(err)
	}
	if errs := Validate(c); len(errs) > 0 {
		t.Fatalf("the documented example is invalid: %v", errs)
	}
}
