// From a chart spec (the JSON the server renders, see README.md) to an
// ECharts option. ctx: { width, fmt (format.js), reducedMotion, relayout }.
// The option depends on the width (legend rows, bubble sizes, label widths),
// so charts.js builds it again when the box gets wider or narrower, with
// relayout set: the chart then moves to its new layout without animation.
import { tooltip } from "./tooltip.js";
import { parseDate, maxAbs } from "./format.js";
import { AXIS, FONT, GRID, HOVER, MUTED, TEXT, alpha, colour, symbol } from "./palette.js";

const BUILDERS = { bar, line, histogram, tornado, bubble };

export function buildOption(spec, ctx) {
  const build = spec && BUILDERS[spec.type];
  if (!build) throw new Error(`unknown chart type ${JSON.stringify(spec && spec.type)}`);
  return build(spec, ctx);
}

// Height in px that a spec needs regardless of the stylesheet's default,
// or 0: a tornado grows with its bars.
export function preferredHeight(spec, ctx) {
  if (spec.type !== "tornado") return 0;
  const n = (spec.bars || []).length;
  return Math.max(256, legendHeight(legendNames(spec, ctx.fmt), ctx.width) + 72 + n * 36);
}

// Shared ---------------------------------------------------------------

const FONT_SIZE = 12;

function common(ctx, legendNamesList, extraTop = 0) {
  const legend = legendNamesList.length > 1;
  const top = (legend ? legendHeight(legendNamesList, ctx.width) + 8 : 8) + extraTop;
  return {
    animation: !ctx.reducedMotion,
    animationDurationUpdate: ctx.reducedMotion || ctx.relayout ? 0 : 300,
    textStyle: { fontFamily: FONT, fontSize: FONT_SIZE, color: TEXT },
    // The rect given here holds the plot with its axis labels and names
    // (ECharts 6 outer bounds), so nothing spills out at 320 px.
    grid: {
      left: 4,
      right: 16,
      top,
      bottom: 4,
      outerBoundsMode: "same",
      outerBoundsContain: "all",
    },
    legend: legend
      ? {
          type: "plain",
          data: legendNamesList,
          top: 0,
          left: 0,
          padding: [4, 0],
          itemGap: LEGEND_GAP,
          itemWidth: LEGEND_ICON,
          itemHeight: LEGEND_ROW,
          textStyle: { color: TEXT, fontFamily: FONT, fontSize: FONT_SIZE },
        }
      : { show: false },
    tooltip: {
      confine: true,
      backgroundColor: "#fff",
      borderColor: AXIS,
      borderWidth: 1,
      padding: [6, 10],
      textStyle: { color: TEXT, fontFamily: FONT, fontSize: 13 },
      transitionDuration: ctx.reducedMotion ? 0 : 0.2,
    },
  };
}

function axis(name, extra) {
  return {
    name: name || "",
    nameLocation: "middle",
    nameGap: 8,
    nameTextStyle: { color: TEXT, fontFamily: FONT, fontSize: FONT_SIZE, fontWeight: 600 },
    axisLabel: { color: MUTED, fontFamily: FONT, fontSize: FONT_SIZE, hideOverlap: true },
    // Axis lines stay at the plot's edge, with their labels, when the other
    // axis crosses zero; zeroLines() marks zero instead.
    axisLine: { onZero: false, lineStyle: { color: AXIS } },
    axisTick: { lineStyle: { color: AXIS } },
    splitLine: { lineStyle: { color: GRID } },
    ...extra,
  };
}

function valueAxis(name, data, unit, fmt, extra) {
  const a = axis(name, { type: "value", ...extra });
  a.axisLabel = { ...a.axisLabel, formatter: fmt.axis(maxAbs(data), unit) };
  return a;
}

// Lines across the plot at given values (mark line data such as
// [{ xAxis: 5, name: "P50" }]) with their name at the end and a tooltip.
function refLines(data, { position = "end", dashed = false } = {}) {
  return {
    symbol: "none",
    animation: false,
    lineStyle: { color: TEXT, width: 1.5, type: dashed ? "dashed" : "solid" },
    label: { show: true, position, formatter: "{b}", color: TEXT, fontFamily: FONT, fontSize: FONT_SIZE },
    emphasis: { lineStyle: { width: 2.5 } },
    data,
  };
}

// A line at zero on each value axis whose data cross it (costs below,
// gains above). It hangs on a series of its own without data: a mark line
// on a stacked series would be placed by the stack, and the legend lists
// only the names given to common().
function zeroLines(option, { x = false, y = false }) {
  const data = [];
  if (x) data.push({ xAxis: 0 });
  if (y) data.push({ yAxis: 0 });
  if (!data.length) return;
  option.series.push({
    type: "line",
    data: [],
    silent: true,
    tooltip: { show: false },
    markLine: {
      silent: true,
      symbol: "none",
      animation: false,
      label: { show: false },
      lineStyle: { color: AXIS, width: 1, type: "solid" },
      data,
    },
  });
}

const crosses = (values) => {
  let neg = false;
  let pos = false;
  for (const v of values) {
    if (v < 0) neg = true;
    else if (v > 0) pos = true;
  }
  return neg && pos;
};

// Legend rows: the plain legend wraps, so the plot's top has to leave room
// for as many rows as the names need at this width.
const LEGEND_ICON = 25;
const LEGEND_ROW = 14;
const LEGEND_GAP = 12;
let measureCtx;

function textWidth(text) {
  measureCtx ||= document.createElement("canvas").getContext("2d");
  if (!measureCtx) return String(text).length * FONT_SIZE * 0.6;
  measureCtx.font = `${FONT_SIZE}px ${FONT}`;
  return measureCtx.measureText(String(text)).width;
}

function legendHeight(names, width) {
  if (names.length < 2) return 0;
  let rows = 1;
  let x = 0;
  for (const name of names) {
    const w = LEGEND_ICON + 5 + textWidth(name);
    if (x > 0 && x + w > width) {
      rows++;
      x = 0;
    }
    x += w + LEGEND_GAP;
  }
  return rows * LEGEND_ROW + (rows - 1) * LEGEND_GAP + 8;
}

function legendNames(spec, fmt) {
  switch (spec.type) {
    case "tornado":
      return tornadoLegend(spec, fmt);
    case "bubble":
      return groupsOf(spec.points || []);
    case "histogram":
      return [];
    default:
      return (spec.series || []).map((s) => s.name);
  }
}

// Tooltip rows of an axis-triggered tooltip (bar, line).
function axisRows(params, unit, fmt) {
  return params.map((p) => ({
    colour: p.color,
    name: p.seriesName,
    value: fmt.full(Array.isArray(p.value) ? p.value[1] : p.value, unit),
  }));
}

// Bar --------------------------------------------------------------------

function bar(spec, ctx) {
  const { fmt } = ctx;
  const unit = spec.unit || "";
  const series = spec.series || [];
  const categories = spec.categories || [];

  // The axis scale follows the stacked totals, not the single values.
  const sums = [];
  categories.forEach((_, i) => {
    const stacks = new Map();
    series.forEach((s, j) => {
      const v = Number((s.values || [])[i]) || 0;
      const key = s.stack || `\u0000${j}`;
      const t = stacks.get(key) || { pos: 0, neg: 0 };
      if (v >= 0) t.pos += v;
      else t.neg += v;
      stacks.set(key, t);
    });
    for (const t of stacks.values()) sums.push(t.pos, t.neg);
  });

  const option = common(ctx, series.map((s) => s.name));
  option.xAxis = axis(spec.x, {
    type: "category",
    data: categories,
    axisTick: { alignWithLabel: true, lineStyle: { color: AXIS } },
  });
  option.yAxis = valueAxis(spec.y, sums, unit, fmt);
  option.series = series.map((s, i) => ({
    type: "bar",
    name: s.name,
    data: s.values || [],
    stack: s.stack || undefined,
    barMaxWidth: 48,
    // The white edge keeps neighbouring stacked segments apart.
    itemStyle: { color: colour(i), borderColor: "#fff", borderWidth: s.stack ? 1 : 0 },
  }));
  zeroLines(option, { y: crosses(sums) });
  option.tooltip = {
    ...option.tooltip,
    trigger: "axis",
    axisPointer: { type: "shadow", shadowStyle: { color: "rgba(27,31,36,0.08)" } },
    formatter: (params) => {
      const rows = axisRows(params, unit, fmt);
      if (params.length > 1) {
        const total = params.reduce((t, p) => t + (Number(p.value) || 0), 0);
        rows.push({ name: fmt.words.total, value: fmt.full(total, unit), strong: true });
      }
      return tooltip(params[0] && params[0].axisValueLabel, rows);
    },
  };
  return option;
}

// Line -------------------------------------------------------------------

function line(spec, ctx) {
  const { fmt } = ctx;
  const unit = spec.unit || "";
  const series = spec.series || [];
  const xType = spec.x_type === "time" ? "time" : spec.x_type === "value" ? "value" : "category";
  const dataOf = (s) => {
    if (xType === "category") return s.values || [];
    const toX = xType === "time" ? parseDate : Number;
    return (s.points || []).map(([x, y]) => [toX(x), y]);
  };
  const data = series.map(dataOf);
  const ys = data.flat().map((d) => (Array.isArray(d) ? d[1] : d));

  const option = common(ctx, series.map((s) => s.name));
  if (xType === "time") {
    const xs = data.flat().map((d) => d[0]).filter(Number.isFinite);
    const span = xs.length ? Math.max(...xs) - Math.min(...xs) : 0;
    option.xAxis = axis(spec.x, { type: "time" });
    option.xAxis.axisLabel = { ...option.xAxis.axisLabel, formatter: fmt.dateAxis(span) };
    option.xAxis.splitLine = { show: false };
  } else if (xType === "value") {
    option.xAxis = valueAxis(spec.x, data.flat().map((d) => d[0]), "", fmt, { scale: true });
  } else {
    option.xAxis = axis(spec.x, { type: "category", data: spec.categories || [], boundaryGap: false });
  }
  option.yAxis = valueAxis(spec.y, ys, unit, fmt);
  option.series = series.map((s, i) => ({
    type: "line",
    name: s.name,
    data: data[i],
    showSymbol: !!s.markers,
    symbol: symbol(i),
    symbolSize: 8,
    lineStyle: { width: 2.5, type: s.dashed ? "dashed" : "solid" },
    itemStyle: { color: colour(i) },
  }));
  zeroLines(option, { y: crosses(ys) });
  option.tooltip = {
    ...option.tooltip,
    trigger: "axis",
    axisPointer: { type: "line", lineStyle: { color: AXIS } },
    formatter: (params) => {
      const first = params[0];
      if (!first) return "";
      const title = xType === "time" ? fmt.date(first.axisValue) : first.axisValueLabel;
      const rows = axisRows(params, unit, fmt);
      // On a time axis each series shows its own nearest point: name its day
      // when it is not the one in the title.
      if (xType === "time") {
        params.forEach((p, i) => {
          const day = fmt.date(p.value[0]);
          if (day !== title) rows[i].value += ` (${day})`;
        });
      }
      return tooltip(title, rows);
    },
  };
  return option;
}

// Histogram --------------------------------------------------------------

function histogram(spec, ctx) {
  const { fmt } = ctx;
  const unit = spec.unit || "";
  const edges = spec.edges || [];
  const counts = spec.counts || [];
  const total = counts.reduce((t, c) => t + (Number(c) || 0), 0);
  const data = counts.map((c, i) => [edges[i], edges[i + 1], c]);
  const marks = spec.marks || [];
  const fill = colour(0);

  // Mark labels sit above the plot.
  const option = common(ctx, [], marks.length ? 18 : 0);
  option.xAxis = valueAxis(spec.x, edges, unit, fmt, { scale: true, splitLine: { show: false } });
  option.yAxis = valueAxis(spec.y, counts, "", fmt, { minInterval: 1 });
  option.series = [
    {
      type: "custom",
      name: spec.y || "",
      data,
      encode: { x: [0, 1], y: 2 },
      itemStyle: { color: fill },
      renderItem: (params, api) => {
        const from = api.coord([api.value(0), api.value(2)]);
        const to = api.coord([api.value(1), 0]);
        const w = to[0] - from[0];
        const gap = w > 6 ? 1 : 0; // a hairline between bins when there is room
        return {
          type: "rect",
          shape: { x: from[0] + gap / 2, y: from[1], width: Math.max(w - gap, 0.5), height: to[1] - from[1] },
          style: { fill },
          emphasis: { style: { fill: HOVER } },
        };
      },
      markLine: marks.length
        ? refLines(marks.map((m) => ({ xAxis: m.value, name: m.name })), { dashed: true })
        : undefined,
    },
  ];
  zeroLines(option, { x: crosses(edges) });
  option.tooltip = {
    ...option.tooltip,
    trigger: "item",
    formatter: (p) => {
      if (p.componentType === "markLine") {
        return tooltip(p.name, [{ name: spec.x || "", value: fmt.full(p.value, unit) }]);
      }
      const [from, to, count] = p.value;
      const rows = [{ colour: fill, name: spec.y || "", value: fmt.full(count) }];
      if (total > 0) rows.push({ name: fmt.words.share, value: fmt.share(count / total) });
      return tooltip(`${fmt.full(from, unit)} – ${fmt.full(to, unit)}`, rows);
    },
  };
  return option;
}

// Tornado ----------------------------------------------------------------

function tornadoLegend(spec, fmt) {
  const [low, high] = spec.legend || [];
  const nb = fmt.locale === "nb-NO";
  return [low || (nb ? "Lav verdi" : "Low value"), high || (nb ? "Høy verdi" : "High value")];
}

function tornado(spec, ctx) {
  const { fmt } = ctx;
  const unit = spec.unit || "";
  const base = Number(spec.base) || 0;
  // Largest swing first; the inverted category axis puts the first at the top.
  const bars = [...(spec.bars || [])].sort(
    (a, b) => Math.abs(b.high - b.low) - Math.abs(a.high - a.low),
  );
  const names = tornadoLegend(spec, fmt);
  const colours = [colour(0), colour(1)];
  const keys = ["low", "high"];

  const option = common(ctx, names, 18);
  option.xAxis = valueAxis(
    spec.x,
    bars.flatMap((b) => [b.low, b.high]).concat(base),
    unit,
    fmt,
    { scale: true },
  );
  option.yAxis = axis("", {
    type: "category",
    data: bars.map((b) => b.label),
    inverse: true,
    axisTick: { show: false },
    splitLine: { show: false },
  });
  // Long input names wrap within about a third of the width, on at most
  // two lines (the tooltip has the whole name).
  option.yAxis.axisLabel = {
    ...option.yAxis.axisLabel,
    color: TEXT,
    width: Math.max(88, Math.round(ctx.width * 0.32)),
    overflow: "break",
    lineHeight: 15,
    height: 30,
    lineOverflow: "truncate",
    interval: 0,
    hideOverlap: false,
  };

  option.series = keys.map((key, s) => ({
    type: "custom",
    name: names[s],
    itemStyle: { color: colours[s] },
    // [row, value, base, z]: the base is a dimension so the axis reaches it.
    data: bars.map((b, i) => {
      const other = b[keys[1 - s]];
      const sameSide = (b[key] - base) * (other - base) > 0;
      // When both ends fall on one side of the base, the shorter bar is drawn on top.
      const onTop = sameSide && Math.abs(b[key] - base) < Math.abs(other - base);
      return [i, b[key], base, onTop ? 2 : 1];
    }),
    encode: { y: 0, x: [1, 2] },
    renderItem: (params, api) => {
      const row = api.value(0);
      const a = api.coord([base, row]);
      const b = api.coord([api.value(1), row]);
      const band = api.size([0, 1])[1] * 0.6;
      return {
        type: "rect",
        z2: api.value(3),
        shape: { x: Math.min(a[0], b[0]), y: a[1] - band / 2, width: Math.abs(b[0] - a[0]), height: band },
        style: { fill: colours[s] },
      };
    },
    // The inverted axis puts the line's start at the top, above the first bar.
    markLine: s === 0 ? refLines([{ xAxis: base, name: fmt.words.base }], { position: "start" }) : undefined,
  }));
  option.tooltip = {
    ...option.tooltip,
    trigger: "item",
    formatter: (p) => {
      if (p.componentType === "markLine") {
        return tooltip(fmt.words.base, [{ name: spec.x || "", value: fmt.full(base, unit) }]);
      }
      const b = bars[p.dataIndex];
      return tooltip(b.label, [
        { colour: colours[0], name: names[0], value: fmt.full(b.low, unit) },
        { colour: colours[1], name: names[1], value: fmt.full(b.high, unit) },
        { name: fmt.words.base, value: fmt.full(base, unit) },
      ]);
    },
  };
  return option;
}

// Bubble -----------------------------------------------------------------

function groupsOf(points) {
  return [...new Set(points.map((p) => p.group || ""))];
}

function bubble(spec, ctx) {
  const { fmt } = ctx;
  const points = spec.points || [];
  const groups = groupsOf(points);
  const largest = Math.max(0, ...points.map((p) => Number(p.size) || 0));
  // Area ∝ size: the diameter grows with the square root, up to a maximum
  // that suits the width (24–56 px).
  const maxDiameter = Math.min(56, Math.max(24, ctx.width / 9));
  const diameter = (size) =>
    largest > 0 && size > 0 ? Math.max(6, maxDiameter * Math.sqrt(size / largest)) : 6;

  const option = common(ctx, groups.length > 1 ? groups : []);
  option.xAxis = valueAxis(spec.x, points.map((p) => p.x), spec.unit_x || "", fmt, {
    boundaryGap: ["5%", "5%"],
    splitLine: { lineStyle: { color: GRID } },
  });
  option.yAxis = valueAxis(spec.y, points.map((p) => p.y), spec.unit_y || "", fmt, {
    boundaryGap: ["5%", "10%"],
  });
  option.series = groups.map((group, i) => ({
    type: "scatter",
    name: group,
    symbol: symbol(i),
    symbolSize: (value) => diameter(value[2]),
    // Scatter's default opacity (0.8) would also fade the border, which
    // carries the 3:1 contrast; the fill alone is translucent.
    itemStyle: { color: alpha(colour(i), 0.55), borderColor: colour(i), borderWidth: 1.5, opacity: 1 },
    emphasis: { itemStyle: { color: alpha(colour(i), 0.85) } },
    data: points
      .filter((p) => (p.group || "") === group)
      .map((p) => ({ name: p.name, value: [p.x, p.y, p.size], url: p.url || "" })),
  }));
  zeroLines(option, { x: crosses(points.map((p) => p.x)), y: crosses(points.map((p) => p.y)) });
  option.tooltip = {
    ...option.tooltip,
    trigger: "item",
    formatter: (p) => {
      const [x, y, size] = p.value;
      const rows = [];
      if (groups.length > 1 || groups[0]) rows.push({ colour: colour(p.seriesIndex), name: p.seriesName, value: "" });
      rows.push({ name: spec.x || "x", value: fmt.full(x, spec.unit_x) });
      rows.push({ name: spec.y || "y", value: fmt.full(y, spec.unit_y) });
      if (spec.size_label || size != null) rows.push({ name: spec.size_label || "", value: fmt.full(size) });
      return tooltip(p.name, rows, p.data && p.data.url ? fmt.words.open : "");
    },
  };
  return option;
}
