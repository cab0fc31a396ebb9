package roadmap

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"math"
	"reflect"
	"testing"
)

// The default options must keep the instances of docs/benchmarks.md: the
// digests are of the JSON the generator wrote before it had options
// (`roadmap generate`, indented as there).
func TestGenerateDefaultsUnchanged(t *testing.T) {
	for _, c := range []struct {
		n, T int
		seed uint64
		want string
	}{
		{1000, 8, 1, "cb430367a09e730a19e0e38e70d7b3bce2403eb2e16bcb2808013d434ffd04eb"},
		{60, 5, 3, "26d377b6e789ac55af41d1bac36eb718db0a37ddd9932c7a37deb7635ebb9019"},
	} {
		b, err := json.MarshalIndent(Generate(c.n, c.T, c.seed), "", "  ")
		if err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256(append(b, '\n'))
		if got := hex.EncodeToString(sum[:]); got != c.want {
			t.Errorf("%dx%d seed %d: digest %s, want %s", c.n, c.T, c.seed, got, c.want)
		}
		if !reflect.DeepEqual(Generate(c.n, c.T, c.seed), GenerateWith(c.n, c.T, c.seed, GenerateOptions{Dependencies: DefaultDependencies, Budget: 1, Capacity: 1})) {
			t.Errorf("%dx%d: explicit defaults differ from Generate", c.n, c.T)
		}
	}
}

func TestGenerateOptions(t *testing.T) {
	const n, T = 2000, 6
	deps := func(inst Instance) int {
		k := 0
		for _, s := range inst.Services {
			k += len(s.Requires)
		}
		return k
	}
	base := Generate(n, T, 7)
	if d := deps(GenerateWith(n, T, 7, GenerateOptions{Dependencies: -1})); d != 0 {
		t.Errorf("no dependencies asked, %d generated", d)
	}
	dense := GenerateWith(n, T, 7, GenerateOptions{Dependencies: 0.4})
	if d := float64(deps(dense)) / n; math.Abs(d-0.4) > 0.05 {
		t.Errorf("dependencies 0.4: share %.3f", d)
	}
	if err := dense.Validate(); err != nil {
		t.Errorf("dense instance invalid: %v", err)
	}
	tight := GenerateWith(n, T, 7, GenerateOptions{Budget: 0.5, Capacity: 2})
	for y := range T {
		b, c := base.Years[y], tight.Years[y]
		if math.Abs(c.Budget-b.Budget/2) > 1000 || math.Abs(c.Capacity-2*b.Capacity) > 2 {
			t.Errorf("year %d: budget %v capacity %v, from %v %v", y, c.Budget, c.Capacity, b.Budget, b.Capacity)
		}
	}
	if !reflect.DeepEqual(tight.Services, base.Services) {
		t.Error("budget and capacity factors changed the services")
	}
}
