package bench

import "testing"

func TestWithFreshMakesEachURLUnique(t *testing.T) {
	for _, c := range []struct{ path, want string }{
		{"/services", "/services?fresh=7"},
		{"/services?area=skole", "/services?area=skole&fresh=7"},
	} {
		if got := withFresh(c.path, 7); got != c.want {
			t.Errorf("withFresh(%q) = %q, want %q", c.path, got, c.want)
		}
	}
}
