package opencatalogue

import "testing"

func TestLovdataURL(t *testing.T) {
	for _, c := range []struct{ act, section, want string }{
		{"LOV-2018-06-22-83", "§ 5-12", "https://lovdata.no/lov/2018-06-22-83/§5-12"},
		{"FOR-2016-03-18-264", "§ 3", "https://lovdata.no/forskrift/2016-03-18-264/§3"},
		{"LOV-2011-11-24-29", "§ 7a", "https://lovdata.no/lov/2011-11-24-29/§7a"},
		{"LOV-2018-06-22-83", "§§ 14-6 og 14-7", "https://lovdata.no/lov/2018-06-22-83"},
		{"", "§ 3", ""},
		{"Kommuneloven", "§ 5-1", ""},
	} {
		if got := (Source{ActID: c.act, Section: c.section}).LovdataURL(); got != c.want {
			t.Errorf("%s %s: %q, want %q", c.act, c.section, got, c.want)
		}
	}
}
