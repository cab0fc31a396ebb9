// The directly-follows graph of an event log: which activities and edges
// pass a frequency threshold, and their layered layout by dagre (Sugiyama:
// ranks, crossing reduction, coordinates, with routed edge polylines).
// Pure functions of the spec; drawing is in eventlog.js.
import dagre from "@dagrejs/dagre";

// Synthetic node ids of the start and end of every case; activity ids are
// "a" + index, so they never clash with these.
export const START = "start";
export const END = "end";

// Node and label sizes in layout units (CSS pixels at scale 1).
const NODE_HEIGHT = 40;
const NODE_MIN = 64;
const NODE_MAX = 220;
const ENDPOINT = 28;
const LABEL_HEIGHT = 16;

// visible returns what the threshold leaves: activities and edges whose
// count reaches it; an edge also needs both its ends. Start and end edges
// follow the same rule. spec: { nodes: [{name, count}], edges: [{from, to,
// count, median_wait_seconds}], start: [{name, count}], end: [...] }.
export function visible(spec, threshold) {
  const ids = new Map();
  const nodes = [];
  (spec.nodes || []).forEach((n, i) => {
    if (n.count >= threshold) {
      const id = "a" + i;
      ids.set(n.name, id);
      nodes.push({ id, name: n.name, count: n.count });
    }
  });
  const edges = [];
  for (const e of spec.edges || []) {
    const from = ids.get(e.from);
    const to = ids.get(e.to);
    if (from && to && e.count >= threshold) {
      edges.push({ from, to, fromName: e.from, toName: e.to, count: e.count, wait: e.median_wait_seconds });
    }
  }
  const starts = (spec.start || []).filter((s) => ids.has(s.name) && s.count >= threshold);
  const ends = (spec.end || []).filter((s) => ids.has(s.name) && s.count >= threshold);
  for (const s of starts) edges.push({ from: START, to: ids.get(s.name), toName: s.name, count: s.count, endpoint: true });
  for (const s of ends) edges.push({ from: ids.get(s.name), to: END, fromName: s.name, count: s.count, endpoint: true });
  return { nodes, edges, start: starts.length > 0, end: ends.length > 0 };
}

// layout places the visible graph top to bottom. measure(text) gives a
// label's width in CSS pixels. Returns nodes with x, y (centre), width and
// height, edges with points [{x, y}] and a label centre, and the graph's
// width and height.
export function layout(graph, measure) {
  const g = new dagre.graphlib.Graph({ multigraph: false });
  g.setGraph({ rankdir: "TB", nodesep: 28, ranksep: 44, edgesep: 12, marginx: 8, marginy: 8 });
  g.setDefaultEdgeLabel(() => ({}));
  const nodes = graph.nodes.map((n) => {
    const label = shorten(n.name);
    const width = Math.min(NODE_MAX, Math.max(NODE_MIN, Math.max(measure(label, true), measure(String(n.count))) + 20));
    const node = { ...n, label, width, height: NODE_HEIGHT };
    g.setNode(n.id, { width, height: NODE_HEIGHT });
    return node;
  });
  const endpoints = [];
  if (graph.start) endpoints.push({ id: START, endpoint: true, width: ENDPOINT, height: ENDPOINT });
  if (graph.end) endpoints.push({ id: END, endpoint: true, width: ENDPOINT, height: ENDPOINT });
  for (const n of endpoints) g.setNode(n.id, { width: n.width, height: n.height });
  for (const e of graph.edges) {
    g.setEdge(e.from, e.to, { width: measure(String(e.count)) + 6, height: LABEL_HEIGHT, labelpos: "c" });
  }
  dagre.layout(g);
  const place = (n) => {
    const p = g.node(n.id);
    return { ...n, x: p.x, y: p.y };
  };
  const edges = graph.edges.map((e) => {
    const p = g.edge(e.from, e.to);
    return { ...e, points: p.points, labelX: p.x, labelY: p.y };
  });
  const size = g.graph();
  return { nodes: nodes.map(place), endpoints: endpoints.map(place), edges, width: size.width || 0, height: size.height || 0 };
}

// Long activity names are cut in the picture; the tooltip and the table
// have them whole.
function shorten(name) {
  const max = 30;
  return name.length > max ? name.slice(0, max - 1) + "…" : name;
}
