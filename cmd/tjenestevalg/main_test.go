package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// cli runs the binary's entry point in-process.
func cli(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(context.Background(), args, &out, &errb)
	return code, out.String(), errb.String()
}

func TestHelpForEveryCommand(t *testing.T) {
	if code, out, _ := cli(t, "--help"); code != 0 || !strings.Contains(out, "serve") {
		t.Fatalf("--help: %d %s", code, out)
	}
	for name := range commands {
		args := []string{name, "--help"}
		if name == "user" {
			args = []string{name, "add", "--help"}
		}
		code, _, errOut := cli(t, args...)
		if code != 0 || !strings.Contains(errOut, "Usage: tjenestevalg "+name) {
			t.Errorf("%v: exit %d, stderr %q", args, code, errOut)
		}
	}
	if code, _, _ := cli(t, "frobnicate"); code != 2 {
		t.Errorf("unknown command: exit %d, want 2", code)
	}
}

// TestExportImportRoundTrip exports the demo catalogue and imports it
// again: nothing may change, as Excel and as CSV.
func TestExportImportRoundTrip(t *testing.T) {
	if testing.Short() {
		t.Skip("loads the demo")
	}
	dir := t.TempDir()
	db := filepath.Join(dir, "cli.db")
	if code, out, errOut := cli(t, "demo", "--db", db); code != 0 || !strings.Contains(out, "Loaded the Fosen demo") {
		t.Fatalf("demo: %d %s %s", code, out, errOut)
	}
	if code, out, _ := cli(t, "demo", "--db", db); code != 0 || !strings.Contains(out, "already loaded") {
		t.Errorf("second demo: %d %s", code, out)
	}
	xlsx := filepath.Join(dir, "katalog.xlsx")
	if code, _, errOut := cli(t, "export", "--db", db, "--format", "xlsx", "--out", xlsx); code != 0 {
		t.Fatalf("export xlsx: %d %s", code, errOut)
	}
	code, out, errOut := cli(t, "import", "--db", db, "--dry-run", xlsx)
	if code != 0 {
		t.Fatalf("import xlsx: %d %s %s", code, out, errOut)
	}
	for _, want := range []string{"services: 0 new, 0 changed, 253 unchanged", "municipalities: 0 new, 0 changed, 11 unchanged", "facts: 0 new, 0 changed, 1771 unchanged"} {
		if !strings.Contains(out, want) {
			t.Errorf("xlsx round trip: missing %q in\n%s", want, out)
		}
	}
	var files []string
	for _, kind := range []string{"services", "municipalities", "facts"} {
		f := filepath.Join(dir, kind+".csv")
		if code, _, errOut := cli(t, "export", "--db", db, "--format", "csv", "--kind", kind, "--out", f); code != 0 {
			t.Fatalf("export %s: %d %s", kind, code, errOut)
		}
		files = append(files, f)
	}
	code, out, _ = cli(t, append([]string{"import", "--db", db}, files...)...)
	if code != 0 || !strings.Contains(out, "imported facts: 0 new, 0 changed, 1771 unchanged") {
		t.Errorf("csv round trip: %d\n%s", code, out)
	}
}

func TestImportReportsProblemsAndChangesNothing(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "cli.db")
	if code, _, errOut := cli(t, "collaboration", "create", "--db", db, "--slug", "kyst", "--name", "Kystkommunene"); code != 0 {
		t.Fatalf("create: %d %s", code, errOut)
	}
	bad := filepath.Join(dir, "kommuner.csv")
	if err := os.WriteFile(bad, []byte("number;name;population\n5001;Trondheim;212 660\n50x2;Feil;10\n5003;Tall;mange\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	code, out, _ := cli(t, "import", "--db", db, "--collaboration", "kyst", "--lang", "en", bad)
	if code != 1 {
		t.Fatalf("exit %d, want 1\n%s", code, out)
	}
	for _, want := range []string{"kommuner.csv:3: number: The municipality number must be four digits.",
		"kommuner.csv:4: population: “mange” is not a number.", "2 problems; nothing was changed."} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %q in\n%s", want, out)
		}
	}
	good := filepath.Join(dir, "ok.csv")
	_ = os.WriteFile(good, []byte("number,name\n5001,Trondheim\n"), 0o600)
	code, out, _ = cli(t, "import", "--db", db, "--collaboration", "kyst", good)
	if code != 0 || !strings.Contains(out, "imported municipalities: 1 new, 0 changed, 0 unchanged") {
		t.Errorf("after the faulty file nothing may have been written: %d\n%s", code, out)
	}
}

func TestUserCommands(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "cli.db")
	cli(t, "collaboration", "create", "--db", db, "--slug", "kyst", "--name", "Kystkommunene", "--empty")
	m := filepath.Join(dir, "m.csv")
	_ = os.WriteFile(m, []byte("number,name\n5001,Trondheim\n"), 0o600)
	cli(t, "import", "--db", db, "--collaboration", "kyst", m)
	code, out, errOut := cli(t, "user", "add", "--db", db, "--collaboration", "kyst", "--email", "Kari@Example.no", "--name", "Kari",
		"--role", "programme_lead", "--role", "coordinator:5001", "--password", "et langt passord")
	if code != 0 || !strings.Contains(out, "Added kari@example.no") {
		t.Fatalf("add: %d %s %s", code, out, errOut)
	}
	if code, _, errOut = cli(t, "user", "add", "--db", db, "--collaboration", "kyst", "--email", "ola@example.no", "--name", "Ola",
		"--role", "coordinator", "--password", "et langt passord"); code == 0 || !strings.Contains(errOut, "must be tied to a municipality") {
		t.Errorf("coordinator without municipality: %d %s", code, errOut)
	}
	if code, _, errOut = cli(t, "user", "add", "--db", db, "--collaboration", "kyst", "--email", "ola@example.no", "--name", "Ola",
		"--role", "coordinator:9999", "--password", "et langt passord"); code == 0 || !strings.Contains(errOut, "no municipality with number 9999") {
		t.Errorf("unknown municipality: %d %s", code, errOut)
	}
	if code, out, _ = cli(t, "user", "set-role", "--db", db, "--collaboration", "kyst", "--email", "kari@example.no", "--role", "observer"); code != 0 {
		t.Errorf("set-role: %d %s", code, out)
	}
	if code, _, errOut = cli(t, "user", "reset-password", "--db", db, "--collaboration", "kyst", "--email", "kari@example.no", "--password", "kort"); code == 0 || !strings.Contains(errOut, "at least 10 characters") {
		t.Errorf("short password: %d %s", code, errOut)
	}
	if code, out, _ = cli(t, "user", "reset-password", "--db", db, "--collaboration", "kyst", "--email", "kari@example.no", "--password", "et nytt langt passord"); code != 0 {
		t.Errorf("reset-password: %d %s", code, out)
	}
	if code, _, _ = cli(t, "migrate", "--db", db); code != 0 {
		t.Errorf("migrate: %d", code)
	}
}
