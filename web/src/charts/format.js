// Numbers and dates in the page's language: bokmål when <html lang="nb">
// (or "no"/"nn", the same rule as the BPMN editor), British English
// otherwise. Axes get compact numbers on one scale per axis ("1,5 mill. kr",
// "1.5m kr"); tooltips get the full number ("1 500 000 kr").

export function pageLocale(doc = document) {
  return /^(nb|no|nn)\b/i.test(doc.documentElement.lang || "") ? "nb-NO" : "en-GB";
}

// Largest first. `space`: whether a space goes between number and suffix.
const SCALES = {
  "nb-NO": [
    { factor: 1e9, suffix: "mrd.", space: true },
    { factor: 1e6, suffix: "mill.", space: true },
    { factor: 1e3, suffix: "k", space: false },
  ],
  "en-GB": [
    { factor: 1e9, suffix: "bn", space: false },
    { factor: 1e6, suffix: "m", space: false },
    { factor: 1e3, suffix: "k", space: false },
  ],
};

// Below this, axis labels show the whole number ("5 000 kr" rather than "5k kr").
const THOUSANDS_FROM = 1e4;

const NBSP = "\u00a0";

const WORDS = {
  "nb-NO": { total: "Sum", base: "Basis", open: "Klikk for å åpne", share: "av alle" },
  "en-GB": { total: "Total", base: "Base", open: "Click to open", share: "of all" },
};

export function makeFormat(locale) {
  const fraction = new Intl.NumberFormat(locale, { maximumFractionDigits: 2 });
  const whole = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
  const percent = new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 1 });
  const day = new Intl.DateTimeFormat(locale, { day: "numeric", month: "short", year: "numeric" });
  const dayShort = new Intl.DateTimeFormat(locale, { day: "numeric", month: "short" });
  const month = new Intl.DateTimeFormat(locale, { month: "short", year: "numeric" });

  const withUnit = (text, unit) => {
    if (!unit) return text;
    if (unit === "%" && locale === "en-GB") return text + "%";
    return text + NBSP + unit;
  };

  return {
    locale,
    words: WORDS[locale],

    // The full number, for tooltips: whole units from 1 000 up, else up to
    // two decimals. Missing values show as a dash.
    full(value, unit) {
      if (value == null || !Number.isFinite(Number(value))) return "–";
      const v = Number(value);
      return withUnit((Math.abs(v) >= 1000 ? whole : fraction).format(v), unit);
    },

    share(part) {
      return percent.format(part);
    },

    // A label formatter for a value axis whose data reach maxAbs: every label
    // on the axis uses the same scale.
    axis(maxAbs, unit) {
      const scale = SCALES[locale].find((s) => maxAbs >= Math.max(s.factor, THOUSANDS_FROM));
      if (!scale) return (v) => withUnit(fraction.format(v), unit);
      return (v) => {
        if (v === 0) return withUnit("0", unit);
        const n = fraction.format(v / scale.factor);
        return withUnit(n + (scale.space ? NBSP : "") + scale.suffix, unit);
      };
    },

    // Date labels for a time axis spanning `span` milliseconds.
    dateAxis(span) {
      const f = span > 120 * 86400000 ? month : dayShort;
      return (v) => f.format(new Date(v));
    },

    date(ms) {
      return day.format(new Date(ms));
    },
  };
}

// "2026-03-31" is a calendar day: read it as local midnight, as the time
// axis (useUTC false) lays it out. Other ISO strings and numbers pass to Date.
export function parseDate(x) {
  if (typeof x === "number") return x;
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(String(x));
  if (m) return new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3])).getTime();
  return Date.parse(x);
}

// The largest absolute value among numbers, ignoring missing ones.
export function maxAbs(values) {
  let max = 0;
  for (const v of values) {
    const n = Math.abs(Number(v));
    if (v != null && Number.isFinite(n) && n > max) max = n;
  }
  return max;
}
