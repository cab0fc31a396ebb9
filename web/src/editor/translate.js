// The `translate` service of bpmn-js, replaced so that the editor speaks the
// page's language: bokmål when <html lang="nb"> (or "no"/"nn", for which
// bokmål is closer than English), English otherwise.
import { nb, typeLabelNb } from "./nb.js";

/** True when the page asks for Norwegian. */
export function isNorwegian(doc = document) {
  return /^(nb|no|nn)\b/i.test(doc.documentElement.lang || "");
}

function fill(template, replacements) {
  return template.replace(/{([^}]+)}/g, (whole, key) =>
    replacements && key in replacements ? String(replacements[key]) : whole,
  );
}

/** Returns a translate function for the given language ("nb" or "en"). */
export function translator(lang) {
  if (lang !== "nb") {
    return (template, replacements) => fill(template, replacements);
  }
  return (template, replacements) =>
    fill(nb[template] ?? typeLabelNb(template) ?? template, replacements);
}

/** A bpmn-js module that overrides the default translate service. */
export function translateModule(lang) {
  return { translate: ["value", translator(lang)] };
}
