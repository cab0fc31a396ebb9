// Package sharedfiles finds the project's shared reference files (the
// eForms SDK, the OCDS schemas, the Noark 5 schemas and the tools that
// check them), which lie beside the checkout in shared/ and are not part of
// the repository: they are other projects' files, read by the tests, never
// copied in.
package sharedfiles

import (
	"os"
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
