// Tooltip content as DOM nodes. ECharts' own tooltip markup carries style
// attributes (the colour dots), which the Content-Security-Policy
// (style-src 'self') refuses; nodes built here are styled by charts.css and
// take their swatch colour through CSSOM, which the policy allows. Text is
// set with textContent, so names from the spec are never parsed as HTML.

// rows: [{ colour?, name, value, strong? }]; note: an optional last line.
export function tooltip(title, rows, note) {
  const box = document.createElement("div");
  box.className = "tv-chart-tip";
  if (title) box.append(node("div", "tv-chart-tip-title", title));
  for (const row of rows) {
    const line = node("div", row.strong ? "tv-chart-tip-row is-strong" : "tv-chart-tip-row");
    const swatch = node("span", "tv-chart-tip-swatch");
    if (row.colour) swatch.style.backgroundColor = row.colour;
    line.append(swatch, node("span", "tv-chart-tip-name", row.name), node("span", "tv-chart-tip-value", row.value));
    box.append(line);
  }
  if (note) box.append(node("div", "tv-chart-tip-note", note));
  return box;
}

function node(tag, className, text) {
  const el = document.createElement(tag);
  el.className = className;
  if (text != null) el.textContent = String(text);
  return el;
}
