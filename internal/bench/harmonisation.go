package bench

import (
	"context"
	"fmt"
	"slices"

	"github.com/tjenestevalg/tjenestevalg/internal/catalogue"
	"github.com/tjenestevalg/tjenestevalg/internal/demo"
	"github.com/tjenestevalg/tjenestevalg/internal/domain"
	"github.com/tjenestevalg/tjenestevalg/internal/process"
	"github.com/tjenestevalg/tjenestevalg/internal/process/layout"
)

// Municipalities lists a collaboration's municipalities.
type Municipalities interface {
	Municipalities(ctx context.Context, p domain.Principal) ([]catalogue.Municipality, error)
}

// ProcessSaver stores a process model version.
type ProcessSaver interface {
	Save(ctx context.Context, p domain.Principal, slug string, variant process.Variant, municipality domain.ID,
		xml []byte, comment string, baseVersion int) (process.Model, process.Version, error)
}

// SetupHarmonisation gives every municipality of the collaboration an
// as-is process of the service slug: the demo's building-permit process
// with its times scaled per municipality (0.6 to 1.4), which is what the
// harmonisation page of that service then compares. It returns how many
// models it saved. It is meant for a fresh database: a municipality that
// has an as-is model of the service already is a conflict.
func SetupHarmonisation(ctx context.Context, cat Municipalities, procs ProcessSaver, p domain.Principal, slug string) (int, error) {
	munis, err := cat.Municipalities(ctx, p)
	if err != nil {
		return 0, err
	}
	base := demo.ProcessSets()[0].AsIs["rissa"]
	n := 0
	for i, m := range munis {
		xml, err := layout.Build(Varied(base, 0.6+float64(i%17)/20))
		if err != nil {
			return n, err
		}
		if _, _, err := procs.Save(ctx, p, slug, process.AsIs, m.ID, xml, "", 0); err != nil {
			return n, fmt.Errorf("bench: as-is process of %s: %w", m.Name, err)
		}
		n++
	}
	return n, nil
}

// Varied returns a copy of spec with every time scaled by k.
func Varied(spec layout.Spec, k float64) layout.Spec {
	out := spec
	out.Steps = slices.Clone(spec.Steps)
	for i := range out.Steps {
		st := &out.Steps[i]
		if st.Minutes != nil {
			v := *st.Minutes * k
			st.Minutes = &v
		}
		if st.WaitingDays != nil {
			v := *st.WaitingDays * k
			st.WaitingDays = &v
		}
	}
	return out
}
