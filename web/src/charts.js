// The chart island: every element with data-chart gets an Apache ECharts
// chart drawn from the JSON spec in the script element of that id. The page
// contract and the spec format are in web/src/charts/README.md.
//
// Only the parts in use are bundled (echarts/core). The SVG renderer keeps
// lines and text crisp at any zoom; it sets style through CSSOM, and the
// tooltips are DOM nodes (charts/tooltip.js), so nothing trips the
// Content-Security-Policy (style-src 'self').
import { use, init } from "echarts/core";
import { BarChart, LineChart, ScatterChart, CustomChart } from "echarts/charts";
import {
  GridComponent,
  TooltipComponent,
  LegendPlainComponent,
  MarkLineComponent,
} from "echarts/components";
import { SVGRenderer } from "echarts/renderers";

import { buildOption, preferredHeight } from "./charts/options.js";
import { makeFormat, pageLocale } from "./charts/format.js";

use([
  BarChart,
  LineChart,
  ScatterChart,
  CustomChart,
  GridComponent,
  TooltipComponent,
  LegendPlainComponent,
  MarkLineComponent,
  SVGRenderer,
]);

const reducedMotion = window.matchMedia("(prefers-reduced-motion: reduce)");

// Drawn charts by container: { chart, observer, text, spec, width }, where
// width is the one the option was built for.
const live = new Map();

// (Re)draws every data-chart in root (root included): new containers get a
// chart, containers whose spec text changed are redrawn, and charts whose
// container has left the document are disposed. Pass { force: true } to
// redraw unchanged ones too.
export function render(root = document, { force = false } = {}) {
  for (const [el, entry] of live) {
    if (!el.isConnected) dispose(el, entry);
  }
  const found = root.querySelectorAll ? [...root.querySelectorAll("[data-chart]")] : [];
  if (root.matches && root.matches("[data-chart]")) found.unshift(root);
  for (const el of found) draw(el, force);
}

function draw(el, force) {
  const source = document.getElementById(el.dataset.chart);
  const text = source ? source.textContent : "";
  let entry = live.get(el);
  if (entry && entry.text === text && !force) return;

  let spec;
  try {
    spec = JSON.parse(text);
  } catch {
    fail(el, entry, `no chart spec in #${el.dataset.chart}`);
    return;
  }
  if (!entry) {
    // A page restored from htmx's history cache holds the old SVG: start clean.
    el.replaceChildren();
    el.removeAttribute("_echarts_instance_");
    entry = { chart: init(el, null, { renderer: "svg" }) };
    entry.chart.on("click", (p) => {
      if (p.componentType === "series" && p.data && p.data.url) navigate(p.data.url);
    });
    entry.observer = new ResizeObserver(() => resized(el));
    entry.observer.observe(el);
    live.set(el, entry);
  }
  entry.text = text;
  entry.spec = spec;
  el.classList.remove("chart-failed");
  try {
    apply(el, entry, true);
  } catch (err) {
    fail(el, entry, err.message);
  }
}

// Builds the option for the container's present width. `replace`: a new
// spec (drop the old series); otherwise the same chart is laid out anew.
function apply(el, entry, replace) {
  const fmt = makeFormat(pageLocale());
  const width = el.clientWidth;
  const ctx = { width, fmt, reducedMotion: reducedMotion.matches, relayout: !replace };
  const height = preferredHeight(entry.spec, ctx);
  el.style.height = height ? `${height}px` : "";
  entry.width = width;
  fit(el, entry.chart);
  entry.chart.setOption(buildOption(entry.spec, ctx), { notMerge: replace });
}

function resized(el) {
  const entry = live.get(el);
  if (!entry || !entry.spec) return;
  if (el.clientWidth === entry.width) fit(el, entry.chart);
  else apply(el, entry, false);
}

// ECharts' resize ends running animations at once, so it is called only
// when the box has changed (the observer also reports the first size).
function fit(el, chart) {
  if (el.clientWidth !== chart.getWidth() || el.clientHeight !== chart.getHeight()) chart.resize();
}

// The table beside the chart has the numbers; a broken spec hides only the chart.
function fail(el, entry, message) {
  if (entry) dispose(el, entry);
  el.classList.add("chart-failed");
  console.warn(`chart ${el.dataset.chart}: ${message}`);
}

function dispose(el, entry) {
  entry.observer.disconnect();
  entry.chart.dispose();
  live.delete(el);
}

// Bubbles link to pages of this site only.
function navigate(url) {
  let target;
  try {
    target = new URL(url, window.location.href);
  } catch {
    return;
  }
  if (target.origin === window.location.origin) window.location.assign(target.href);
}

window.tvCharts = { render };

if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", () => render(document));
} else {
  render(document);
}
// htmx may replace a chart, or only the script with its spec, anywhere on
// the page: look at all of them; unchanged ones cost a string comparison.
for (const type of ["htmx:afterSwap", "htmx:oobAfterSwap", "htmx:historyRestore"]) {
  document.addEventListener(type, () => render(document));
}
reducedMotion.addEventListener("change", () => render(document, { force: true }));
