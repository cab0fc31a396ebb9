package wiring_test

import (
	"testing"

	"github.com/tjenestevalg/tjenestevalg/internal/app/wiring"
	"github.com/tjenestevalg/tjenestevalg/internal/catalogue"
	"github.com/tjenestevalg/tjenestevalg/internal/catalogue/opencatalogue"
)

// The shipped open catalogue and every earlier release read as valid
// versions, and a collaboration that loaded a release is offered changes
// while one that loaded the current version is offered none.
func TestOpenCatalogueVersions(t *testing.T) {
	v, err := wiring.OpenCatalogue()
	if err != nil {
		t.Fatal(err)
	}
	if v.Current.Version != opencatalogue.Version || len(v.Current.Services) == 0 {
		t.Fatalf("current = %s with %d services", v.Current.Version, len(v.Current.Services))
	}
	if got := catalogue.ChangeSet(v.Current.Services, v.Current, v.Earlier, nil); len(got) != 0 {
		t.Errorf("the current catalogue differs from itself: %d services", len(got))
	}
	if len(v.Earlier) != len(opencatalogue.History()) {
		t.Fatalf("%d earlier versions, want %d", len(v.Earlier), len(opencatalogue.History()))
	}
	for _, e := range v.Earlier {
		offers := catalogue.ChangeSet(e.Services, v.Current, v.Earlier, nil)
		fields := 0
		for _, o := range offers {
			for _, f := range o.Fields {
				fields++
				if f.Origin != catalogue.OriginEarlier {
					t.Errorf("%s %s: a value of release %s is marked %s", o.Service.Slug, f.Field, e.Version, f.Origin)
				}
			}
		}
		t.Logf("release %s: %d services, %d fields offered", e.Version, len(offers), fields)
	}
}
