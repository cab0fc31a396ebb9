// Package sharedfiles finds the project's shared reference files (the
// eForms SDK, the OCDS schemas, the Noark 5 schemas and the tools that
// check them), which lie beside the checkout in shared/ and are not part of
// the repository: they are other projects' files, read by the tests, never
// copied in.
package sharedfiles

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// Find returns the absolute path of rel (say "data/ocds-1.1.5") inside the
// shared folder: the folder named by TJENESTEVALG_SHARED, else a "shared"
// folder beside the working directory or any folder above it, else
// /work/shared. ok is false when none holds rel.
func Find(rel string) (string, bool) {
	var roots []string
	if env := os.Getenv("TJENESTEVALG_SHARED"); env != "" {
		roots = append(roots, env)
	}
	if dir, err := filepath.Abs("."); err == nil {
		for d := dir; ; d = filepath.Dir(d) {
			roots = append(roots, filepath.Join(d, "shared"))
			if filepath.Dir(d) == d {
				break
			}
		}
	}
	roots = append(roots, "/work/shared")
	for _, r := range roots {
		p := filepath.Join(r, rel)
		if _, err := os.Stat(p); err == nil {
			return p, true
		}
	}
	return "", false
}

// Require returns the path of rel in the shared folder, or skips the test
// when it is missing — fails it instead when TEST_REQUIRE_SHARED=1 (set by
// CI, where a skip would hide a check).
func Require(t testing.TB, rel string) string {
	t.Helper()
	p, ok := Find(rel)
	if ok {
		return p
	}
	msg := "shared/" + rel + " not found (set TJENESTEVALG_SHARED to the shared folder)"
	if os.Getenv("TEST_REQUIRE_SHARED") == "1" {
		t.Fatal(msg)
	}
	t.Skip(msg)
	return ""
}

// EFormsValidator returns the path of shared/tools/eforms-validate (or
// EFORMS_VALIDATE), which runs the official eForms SDK's XML Schema and
// Schematron rules, once the tools it needs are there (xmllint, java and
// Saxon-HE from Debian's libxml2-utils, default-jre-headless and
// libsaxonhe-java). It skips the test when one is missing, or fails it when
// TEST_REQUIRE_EFORMS=1 (set by CI).
func EFormsValidator(t testing.TB) string {
	t.Helper()
	skip := func(why string) string {
		if os.Getenv("TEST_REQUIRE_EFORMS") == "1" {
			t.Fatalf("TEST_REQUIRE_EFORMS=1 but %s", why)
		}
		t.Skipf("eForms validation skipped: %s (apt-get install libxml2-utils default-jre-headless libsaxonhe-java; TEST_REQUIRE_EFORMS=1 makes this a failure)", why)
		return ""
	}
	for _, tool := range []string{"xmllint", "java"} {
		if _, err := exec.LookPath(tool); err != nil {
			return skip(tool + " is missing")
		}
	}
	if _, err := os.Stat("/usr/share/java/Saxon-HE.jar"); err != nil && os.Getenv("SAXON_JAR") == "" {
		return skip("Saxon-HE is missing")
	}
	if p := os.Getenv("EFORMS_VALIDATE"); p != "" {
		return p
	}
	if p, ok := Find("tools/eforms-validate"); ok {
		return p
	}
	return skip("shared/tools/eforms-validate not found (set TJENESTEVALG_SHARED)")
}
