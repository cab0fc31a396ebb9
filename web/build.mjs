// Bundles web/src into internal/web/static/dist. The Go server serves the
// files under content-hashed URLs, so names here stay plain.
//
// editor.js/editor.css are the BPMN island (bpmn-js), loaded only on the
// process pages; eventlog.js/eventlog.css the directly-follows graph
// (dagre + ECharts), loaded only on an event log's page. Fonts that CSS refers to are inlined as data: URLs, which
// the Content-Security-Policy allows (font-src 'self' data:).
import * as esbuild from "esbuild";
import { readFile } from "node:fs/promises";

// bpmn-js-properties-panel builds its container from HTML with a style
// attribute, which the CSP (style-src 'self') blocks and reports as an error
// on every page load. editor.css gives the container the same height; this
// drops the attribute. The build fails if the library's markup changes, so
// an upgrade cannot silently bring the violation back.
const cspSafePropertiesPanel = {
  name: "csp-safe-properties-panel",
  setup(build) {
    build.onLoad({ filter: /bpmn-js-properties-panel[\\/]dist[\\/]index\.esm\.js$/ }, async (args) => {
      const source = await readFile(args.path, "utf8");
      const markup = `<div style="height: 100%" tabindex="-1" class="bio-properties-panel-container"></div>`;
      if (!source.includes(markup)) {
        throw new Error("bpmn-js-properties-panel: container markup changed; review the CSP patch in build.mjs");
      }
      return {
        contents: source.replace(markup, markup.replace(' style="height: 100%"', "")),
        loader: "js",
      };
    });
  },
};

await esbuild.build({
  entryPoints: [
    "src/app.js",
    "src/app.css",
    "src/editor.js",
    "src/editor.css",
    "src/charts.js",
    "src/charts.css",
    "src/eventlog.js",
    "src/eventlog.css",
  ],
  bundle: true,
  minify: true,
  target: ["es2020"],
  outdir: "../internal/web/static/dist",
  loader: {
    ".woff": "dataurl",
    ".woff2": "dataurl",
    ".ttf": "dataurl",
    ".eot": "dataurl",
    ".svg": "dataurl",
  },
  plugins: [cspSafePropertiesPanel],
  logLevel: "info",
});
