package roadmap

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite the golden files")

func small() Instance {
	inst := Generate(5, 3, 3)
	inst.Services[4].Requires = []string{inst.Services[1].ID}
	inst.Services[2].Must = true
	inst.Services[2].Cost = 100000
	inst.Services[2].Hours = 300
	inst.Services[3].Exclude = true
	return inst
}

func TestGoldenLPMPS(t *testing.T) {
	for _, c := range []struct {
		file  string
		write func(*bytes.Buffer, Instance) error
	}{
		{"small.lp", func(b *bytes.Buffer, i Instance) error { return WriteLP(b, i) }},
		{"small.mps", func(b *bytes.Buffer, i Instance) error { return WriteMPS(b, i) }},
	} {
		var b bytes.Buffer
		if err := c.write(&b, small()); err != nil {
			t.Fatal(err)
		}
		p := filepath.Join("testdata", c.file)
		if *update {
			os.WriteFile(p, b.Bytes(), 0o644)
		}
		want, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(want, b.Bytes()) {
			t.Errorf("%s differs; run with -update\n%s", c.file, b.String())
		}
	}
}

func TestSolversAgree(t *testing.T) {
	for _, name := range []string{"cbc", "glpk"} {
		t.Run(name, func(t *testing.T) {
			for seed := uint64(1); seed <= 6; seed++ {
				inst := Generate(8+int(seed), 2+int(seed%2), seed)
				if seed == 2 {
					inst = small()
				}
				got, err := Solve(context.Background(), inst, Options{})
				if err != nil {
					t.Fatal(err)
				}
				ext, err := RunSolver(context.Background(), name, inst, 20*time.Second)
				if errors.Is(err, ErrNotInstalled) {
					if os.Getenv("TEST_REQUIRE_SOLVERS") == "1" {
						t.Fatal(err)
					}
					t.Skip(err)
				}
				if err != nil {
					t.Fatal(err)
				}
				if !ext.Optimal || !near(ext.Objective, got.Objective) {
					t.Errorf("seed %d: %s %v (optimal %v), builtin %v", seed, name, ext.Objective, ext.Optimal, got.Objective)
				}
			}
		})
	}
}
