// The event-log island: the directly-follows graph, laid out in layers by
// dagre (eventlog/dfg.js) and drawn by Apache ECharts (custom series, SVG
// renderer), with a frequency threshold that filters the picture and the
// table of the same edges together. The page contract is in
// web/src/eventlog/README.md.
//
// The server renders the table with the threshold of the page's ?min=
// applied, and the threshold form submits without JavaScript; here the
// slider filters as it moves. Styles are set through CSSOM only and
// tooltips are DOM nodes, so the Content-Security-Policy (style-src
// 'self') holds.
import { use, init } from "echarts/core";
import { CustomChart } from "echarts/charts";
import { TooltipComponent } from "echarts/components";
import { SVGRenderer } from "echarts/renderers";

import { visible, layout, START } from "./eventlog/dfg.js";
import { tooltip } from "./charts/tooltip.js";
import { makeFormat, pageLocale } from "./charts/format.js";
import { TEXT, MUTED, FONT } from "./charts/palette.js";

use([CustomChart, TooltipComponent, SVGRenderer]);

const NODE_FILL = "#E6EEF6";
const NODE_LINE = "#0072B2"; // 5.2:1 on white
const EDGE = "#4A5560"; // 7.6:1
const ENDPOINT_FILL = "#1B1F24";
const MARGIN = 8;
// Below this scale the picture is too small to read; the box then scrolls
// sideways inside its own region (the table is the accessible record).
const MIN_SCALE = 0.55;

let measureCtx;
function measure(text, bold) {
  if (!measureCtx) measureCtx = document.createElement("canvas").getContext("2d");
  measureCtx.font = `${bold ? "600 " : ""}13px ${FONT}`;
  return Math.ceil(measureCtx.measureText(text).width);
}

function setup(el) {
  if (el.dfg) return;
  const source = document.getElementById(el.dataset.dfg);
  let spec;
  try {
    spec = JSON.parse(source ? source.textContent : "");
  } catch {
    el.classList.add("chart-failed");
    console.warn(`dfg: no spec in #${el.dataset.dfg}`);
    return;
  }
  const slider = document.getElementById(el.dataset.dfgSlider);
  const table = document.getElementById(el.dataset.dfgTable);
  const status = document.getElementById(el.dataset.dfgStatus);
  const output = slider && slider.form ? slider.form.querySelector(`output[for="${slider.id}"]`) : null;
  const fmt = makeFormat(pageLocale());
  const chart = init(el, null, { renderer: "svg" });
  const state = { spec, chart, fmt, threshold: slider ? Number(slider.value) || 1 : 1, drawn: null, width: 0 };
  el.dfg = state;

  const update = () => {
    state.threshold = slider ? Number(slider.value) || 1 : 1;
    const text = fmt.full(state.threshold);
    if (output) output.textContent = text;
    if (slider) slider.setAttribute("aria-valuetext", text);
    filterTable(table, state.threshold, status, spec.words);
    draw(el, state);
  };
  if (slider) {
    slider.addEventListener("input", update);
    // The submit button is for pages without this script.
    const button = slider.form && slider.form.querySelector("[data-dfg-submit]");
    if (button) button.hidden = true;
  }
  new ResizeObserver(() => {
    if (el.clientWidth !== state.width) draw(el, state);
  }).observe(el);
  update();
}

// filterTable shows the rows whose edge passes the threshold, with the
// same rule as the picture, and says how many in the status line.
function filterTable(table, threshold, status, words) {
  if (!table) return;
  let shown = 0;
  const rows = table.tBodies[0] ? [...table.tBodies[0].rows] : [];
  for (const row of rows) {
    const pass = ["count", "from", "to"].every((k) => {
      const v = row.dataset[k];
      return v === undefined || v === "" || Number(v) >= threshold;
    });
    row.hidden = !pass;
    if (pass) shown++;
  }
  if (status && words && words.shown) {
    status.textContent = words.shown.replace("{shown}", String(shown)).replace("{total}", String(rows.length));
  }
}

function draw(el, state) {
  const graph = layout(visible(state.spec, state.threshold), measure);
  const avail = Math.max(120, el.parentElement ? el.parentElement.clientWidth : el.clientWidth);
  const scale = graph.width > 0 ? Math.max(MIN_SCALE, Math.min(1, (avail - 2 * MARGIN) / graph.width)) : 1;
  const width = Math.max(avail, Math.ceil(graph.width * scale + 2 * MARGIN));
  const height = Math.max(80, Math.ceil(graph.height * scale + 2 * MARGIN));
  el.style.width = width > avail ? `${width}px` : "";
  el.style.height = `${height}px`;
  state.width = el.clientWidth;
  state.drawn = graph;
  state.chart.resize();
  const ox = (state.chart.getWidth() - graph.width * scale) / 2;
  const at = (x, y) => [ox + x * scale, MARGIN + y * scale];
  const words = state.spec.words || {};
  const fmt = state.fmt;

  const edgeItem = (params, api) => {
    const e = graph.edges[params.dataIndex];
    const pts = e.points.map((p) => at(p.x, p.y));
    const width = Math.max(1, Math.min(6, 1 + Math.log10(e.count) * 1.5)) * Math.max(scale, 0.75);
    const [tip, prev] = [pts[pts.length - 1], pts[pts.length - 2] || pts[0]];
    const angle = Math.atan2(tip[1] - prev[1], tip[0] - prev[0]);
    const head = 7 + width;
    const arrow = [
      tip,
      [tip[0] - head * Math.cos(angle - 0.4), tip[1] - head * Math.sin(angle - 0.4)],
      [tip[0] - head * Math.cos(angle + 0.4), tip[1] - head * Math.sin(angle + 0.4)],
    ];
    const [lx, ly] = at(e.labelX, e.labelY);
    return {
      type: "group",
      children: [
        { type: "polyline", shape: { points: pts, smooth: 0.2 }, style: { stroke: EDGE, lineWidth: width, fill: null } },
        { type: "polygon", shape: { points: arrow }, style: { fill: EDGE } },
        {
          type: "text",
          x: lx,
          y: ly,
          style: {
            text: fmt.full(e.count),
            fill: TEXT,
            font: `${Math.round(11 * Math.max(scale, 0.8))}px ${FONT}`,
            align: "center",
            verticalAlign: "middle",
            backgroundColor: "#FFFFFF",
            padding: [1, 2],
          },
        },
      ],
    };
  };

  const nodeItem = (params) => {
    const all = graph.nodes.concat(graph.endpoints);
    const n = all[params.dataIndex];
    const [cx, cy] = at(n.x, n.y);
    if (n.endpoint) {
      const r = (n.width / 2) * scale;
      return {
        type: "group",
        children: [
          {
            type: "circle",
            shape: { cx, cy, r },
            style: n.id === START ? { fill: ENDPOINT_FILL } : { fill: "#FFFFFF", stroke: ENDPOINT_FILL, lineWidth: 4 },
          },
        ],
      };
    }
    const w = n.width * scale;
    const h = n.height * scale;
    const size = Math.max(10, Math.round(13 * scale));
    return {
      type: "group",
      children: [
        { type: "rect", shape: { x: cx - w / 2, y: cy - h / 2, width: w, height: h, r: 4 }, style: { fill: NODE_FILL, stroke: NODE_LINE, lineWidth: 1.5 } },
        {
          type: "text",
          x: cx,
          y: cy - h / 4 + 1,
          style: { text: n.label, fill: TEXT, font: `600 ${size}px ${FONT}`, align: "center", verticalAlign: "middle" },
        },
        {
          type: "text",
          x: cx,
          y: cy + h / 4,
          style: { text: fmt.full(n.count), fill: MUTED, font: `${Math.max(9, size - 2)}px ${FONT}`, align: "center", verticalAlign: "middle" },
        },
      ],
    };
  };

  const nodes = graph.nodes.concat(graph.endpoints);
  state.chart.setOption(
    {
      // A new threshold is a new layout: boxes jump to their places
      // rather than glide through others.
      animation: false,
      textStyle: { fontFamily: FONT, color: TEXT },
      tooltip: {
        trigger: "item",
        confine: true,
        className: "tv-chart-tip-box",
        formatter: (p) => {
          if (p.seriesId === "edges") {
            const e = graph.edges[p.dataIndex];
            const from = e.from === START ? words.start : e.fromName;
            const to = e.endpoint && !e.toName ? words.end : e.toName;
            const rows = [{ name: words.count, value: fmt.full(e.count) }];
            if (!e.endpoint && e.wait !== undefined) rows.push({ name: words.wait, value: e.wait });
            return tooltip(`${from} → ${to}`, rows);
          }
          const n = nodes[p.dataIndex];
          if (n.endpoint) return tooltip(n.id === START ? words.start : words.end, []);
          return tooltip(n.name, [{ name: words.events, value: fmt.full(n.count) }]);
        },
      },
      series: [
        { id: "edges", type: "custom", coordinateSystem: "none", renderItem: edgeItem, data: graph.edges.map((_, i) => i) },
        { id: "nodes", type: "custom", coordinateSystem: "none", renderItem: nodeItem, data: nodes.map((_, i) => i) },
      ],
    },
    { notMerge: true },
  );
}

function render(root = document) {
  for (const el of root.querySelectorAll("[data-dfg]")) setup(el);
}

window.tvEventlog = { render };

if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", () => render(document));
} else {
  render(document);
}
document.addEventListener("htmx:afterSwap", () => render(document));
