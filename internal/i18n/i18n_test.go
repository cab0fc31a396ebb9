package i18n

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tjenestevalg/tjenestevalg/internal/benefit"
	"github.com/tjenestevalg/tjenestevalg/internal/process"
	"github.com/tjenestevalg/tjenestevalg/internal/realisation"
)

func TestLanguagesHaveTheSameKeys(t *testing.T) {
	nb, en := Keys("nb"), Keys("en")
	for _, k := range nb {
		if !slices.Contains(en, k) {
			t.Errorf("%q is in nb.json but not in en.json", k)
		}
	}
	for _, k := range en {
		if !slices.Contains(nb, k) {
			t.Errorf("%q is in en.json but not in nb.json", k)
		}
	}
}

// Every key the templates and the Go code name literally must be
// translated: a gap would show the key to the user.
func TestEveryUsedKeyIsTranslated(t *testing.T) {
	root := filepath.Join("..", "..")
	tmplKey := regexp.MustCompile(`\.T "([a-z_]+\.[a-zA-Z0-9_.-]+)"`)
	goKey := regexp.MustCompile(`"((?:auth|catalogue|error|field|import|export|api|process|obstacle|requirement|module|benefit|realisation|plan|portfolio)\.[a-zA-Z_.-]+)"`)
	err := filepath.WalkDir(filepath.Join(root, "internal"), func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		var re *regexp.Regexp
		switch {
		case strings.HasSuffix(path, ".html"):
			re = tmplKey
		case strings.HasSuffix(path, ".go") && !strings.HasSuffix(path, "_test.go"):
			re = goKey
		default:
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, m := range re.FindAllSubmatch(b, -1) {
			key := string(m[1])
			if strings.HasSuffix(key, ".") || strings.HasSuffix(key, ".csv") || strings.HasSuffix(key, ".xlsx") || strings.HasSuffix(key, ".html") {
				continue
			}
			if !Lang("nb").Has(key) {
				t.Errorf("%s: key %q has no translation", path, key)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// The process vocabulary is shown through prefix keys
// ("obstacle.category." + category): every value needs its translation.
func TestProcessVocabularyIsTranslated(t *testing.T) {
	sets := map[string][]string{
		"obstacle.category.":    process.ObstacleCategories,
		"obstacle.status.":      process.ObstacleStatuses,
		"requirement.type.":     process.RequirementTypes,
		"requirement.priority.": process.RequirementPriorities,
		"requirement.status.":   process.RequirementStatuses,
		"medium.":               process.Media,
		"valueclass.":           process.ValueClasses,
		"bpmn.kind.":            process.NodeKinds(),
		"benefit.kind.":         benefit.GainKinds,
		"benefit.class.":        benefit.GainClasses,
		"benefit.cost.":         benefit.CostKinds,
		"plan.status.":          {string(realisation.NotMeasured), string(realisation.OnTrack), string(realisation.Behind), string(realisation.Achieved)},
	}
	for prefix, values := range sets {
		for _, v := range values {
			for _, l := range []Lang{"nb", "en"} {
				if !l.Has(prefix + v) {
					t.Errorf("%s: %q has no translation", l, prefix+v)
				}
			}
		}
	}
}

func TestNumbersAndDates(t *testing.T) {
	for _, c := range []struct {
		lang Lang
		f    float64
		dec  int
		want string
	}{
		{"nb", 6619, 0, "6\u00a0619"}, {"en", 6619, 0, "6,619"}, {"nb", 12.5, 1, "12,5"}, {"en", 12.5, 1, "12.5"},
		{"nb", -1234567.891, 2, "−1\u00a0234\u00a0567,89"}, {"nb", 964, 0, "964"},
	} {
		if got := c.lang.Number(c.f, c.dec); got != c.want {
			t.Errorf("%s Number(%v, %d) = %q, want %q", c.lang, c.f, c.dec, got, c.want)
		}
	}
	d := time.Date(2017, 4, 1, 10, 30, 0, 0, time.UTC)
	if got := Lang("nb").Date(d); got != "01.04.2017" {
		t.Errorf("nb date %q", got)
	}
	if got := Lang("nb").DateTime(d); got != "01.04.2017 kl. 12.30" {
		t.Errorf("nb date-time in Oslo summer time: %q", got)
	}
}

func TestMatch(t *testing.T) {
	for in, want := range map[string]string{"": "nb", "en-GB,en;q=0.9": "en", "nn-NO": "nb", "de, en;q=0.5": "en", "fr": "nb"} {
		if got := Match(in); got != want {
			t.Errorf("Match(%q) = %q, want %q", in, got, want)
		}
	}
	if got := Lang("en").T("auth.password_too_short", 10); got != "The password must have at least 10 characters." {
		t.Errorf("T with params: %q", got)
	}
	if got := Lang("nb").T("catalogue.channels_sum", 80.5); got != "Kanalandelene blir til sammen 80,5 %, ikke 100." {
		t.Errorf("float param in bokmål: %q", got)
	}
	if got := Lang("nb").T("field.at_most", 100000.0); got != "Høyst 100\u00a0000." {
		t.Errorf("large float param: %q", got)
	}
	if got := Lang("en").T("no.such.key"); got != "no.such.key" {
		t.Errorf("missing key: %q", got)
	}
}
