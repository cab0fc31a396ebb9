// Colours and shapes of the charts. The series colours are the Okabe–Ito
// palette, told apart with the common kinds of colour blindness; the hues
// that are too light on white (orange 2.3:1, sky blue 2.3:1, yellow 1.3:1)
// are left out or darkened, so every series keeps at least 3:1 against the
// white background (WCAG 1.4.11). Contrast on #fff in the comments.
export const SERIES = [
  "#0072B2", // blue 5.2:1
  "#D55E00", // vermillion 3.9:1
  "#009E73", // bluish green 3.4:1
  "#CC79A7", // reddish purple 3.1:1
  "#1B1F24", // near black 16.6:1
  "#AD6F00", // orange, darkened 4.2:1
];

// Lines and bubbles also differ in shape, so colour is never the only cue.
export const SYMBOLS = ["circle", "rect", "triangle", "diamond", "roundRect", "pin"];

export const TEXT = "#1B1F24"; // 16.6:1, as app.css --fg
export const MUTED = "#4A5560"; // 7.6:1, axis labels, as app.css --muted
export const AXIS = "#5C6670"; // 5.9:1, axis lines and ticks
export const GRID = "#D5DAE0"; // split lines: decoration, no contrast needed
export const HOVER = "#005A8C"; // blue, darker, for a hovered histogram bar

export const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';

export function colour(i) {
  return SERIES[i % SERIES.length];
}

export function symbol(i) {
  return SYMBOLS[i % SYMBOLS.length];
}

// "#RRGGBB" with opacity a, for bubble fills whose border keeps the full colour.
export function alpha(hex, a) {
  const n = parseInt(hex.slice(1), 16);
  return `rgba(${(n >> 16) & 255},${(n >> 8) & 255},${n & 255},${a})`;
}
