package web

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"
)

// The static files: hand-written ones and dist/, which `make assets` builds
// with npm and esbuild from web/src.
//
//go:embed static
var staticFS embed.FS

// assets serves embedded files under content-hashed URLs
// (/static/app.3f2a9c1b.js) so they can be cached for ever.
type assets struct {
	byName map[string]string // "dist/app.js" → "/static/dist/app.3f2a9c1b.js"
	byURL  map[string]string // hashed URL path → file name
	fsys   fs.FS
}

func loadAssets() (*assets, error) {
	sub, err := fs.Sub(staticFS, "static")
	if err != nil {
		return nil, err
	}
	a := &assets{byName: map[string]string{}, byURL: map[string]string{}, fsys: sub}
	err = fs.WalkDir(sub, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(sub, name)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(b)
		ext := path.Ext(name)
		url := "/static/" + strings.TrimSuffix(name, ext) + "." + hex.EncodeToString(sum[:5]) + ext
		a.byName[name] = url
		a.byURL[url] = name
		return nil
	})
	return a, err
}

// URL returns the hashed URL of a static file, or "" when the file was not
// built (the page then works without it).
func (a *assets) URL(name string) string { return a.byName[name] }

func (a *assets) serve(w http.ResponseWriter, r *http.Request) {
	name, ok := a.byURL[r.URL.Path]
	if !ok {
		http.NotFound(w, r)
		return
	}
	b, err := fs.ReadFile(a.fsys, name)
	if err != nil {
		http.NotFound(w, r)
		return
	}
	if ct := mime.TypeByExtension(path.Ext(name)); ct != "" {
		w.Header().Set("Content-Type", ct)
	}
	w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	_, _ = w.Write(b)
}
