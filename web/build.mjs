// Bundles web/src into internal/web/static/dist. The Go server serves the
// files under content-hashed URLs, so names here stay plain.
import * as esbuild from "esbuild";

await esbuild.build({
  entryPoints: ["src/app.js", "src/app.css"],
  bundle: true,
  minify: true,
  target: ["es2020"],
  outdir: "../internal/web/static/dist",
  logLevel: "info",
});
