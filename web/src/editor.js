// The BPMN island: a bpmn-js modeler (or, read-only, a navigated viewer) in
// #bpmn-editor, with a toolbar, the properties panel with the Tjenestevalg
// figures, obstacle badges and saving to the server. The page contract is in
// web/src/editor/README.md.
import Modeler from "bpmn-js/lib/Modeler";
import NavigatedViewer from "bpmn-js/lib/NavigatedViewer";
import { BpmnPropertiesPanelModule, BpmnPropertiesProviderModule } from "bpmn-js-properties-panel";

import tvDescriptor from "./editor/tv-moddle.json";
import debounceModule from "./editor/debounce.js";
import propertiesModule from "./editor/properties.js";
import { isNorwegian, translateModule } from "./editor/translate.js";
import { messages } from "./editor/messages.js";
import { readObstacles, showObstacles } from "./editor/obstacles.js";

const TV_URI = tvDescriptor.uri;

const root = document.getElementById("bpmn-editor");
if (root) start(root);

function start(root) {
  const lang = isNorwegian() ? "nb" : "en";
  const t = messages(lang);
  const readonly = root.dataset.readonly === "true";
  const saveUrl = readonly ? "" : root.dataset.saveUrl || "";
  const canvasEl = root.querySelector(".bpmn-canvas");
  const panelEl = root.querySelector(".bpmn-properties");
  const statusEl = document.getElementById("bpmn-status");
  let toolbarEl = root.querySelector(".bpmn-toolbar");
  if (!canvasEl) return;
  if (!toolbarEl) {
    toolbarEl = document.createElement("div");
    toolbarEl.className = "bpmn-toolbar";
    root.prepend(toolbarEl);
  }
  root.classList.add(readonly ? "is-readonly" : "is-editor");

  const common = {
    container: canvasEl,
    moddleExtensions: { tv: tvDescriptor },
  };
  const diagram = readonly
    ? new NavigatedViewer({ ...common, additionalModules: [translateModule(lang)] })
    : new Modeler({
        ...common,
        // Later modules override earlier ones: debounce replaces the panel's.
        additionalModules: [
          BpmnPropertiesPanelModule,
          BpmnPropertiesProviderModule,
          propertiesModule,
          debounceModule,
          translateModule(lang),
        ],
        propertiesPanel: panelEl ? { parent: panelEl } : undefined,
      });
  if (readonly && panelEl) panelEl.hidden = true;

  labelCanvas(canvasEl, readonly ? t.canvasViewer : t.canvasEditor, readonly);
  const canvas = diagram.get("canvas");
  const eventBus = diagram.get("eventBus");
  if (typeof ResizeObserver === "function") {
    new ResizeObserver(() => canvas.resized()).observe(canvasEl);
  }

  const status = (text, isError = false) => {
    if (!statusEl) return;
    statusEl.textContent = text;
    statusEl.classList.toggle("is-error", isError);
  };

  // Toolbar -------------------------------------------------------------
  toolbarEl.replaceChildren();
  toolbarEl.setAttribute("role", "group");
  toolbarEl.setAttribute("aria-label", t.toolbar);
  const button = (id, text, onClick, className) => {
    const b = document.createElement("button");
    b.type = "button";
    b.id = id;
    b.textContent = text;
    if (className) b.className = className;
    b.addEventListener("click", onClick);
    toolbarEl.append(b);
    return b;
  };

  let undoButton, redoButton, saveButton;
  const editor = readonly ? null : trackChanges(diagram);
  if (editor) {
    const commandStack = diagram.get("commandStack");
    undoButton = button("bpmn-undo", t.undo, () => commandStack.undo());
    redoButton = button("bpmn-redo", t.redo, () => commandStack.redo());
    if (saveUrl) saveButton = button("bpmn-save", t.save, () => save(), "primary");
    button("bpmn-download-bpmn", t.downloadBpmn, async () => {
      flushInputs(diagram);
      const { xml } = await diagram.saveXML({ format: true });
      download(xml, "application/xml", "bpmn");
    });
    editor.onChange(() => {
      undoButton.disabled = !commandStack.canUndo();
      redoButton.disabled = !commandStack.canRedo();
      root.classList.toggle("is-dirty", editor.dirty());
    });
  }
  button("bpmn-download-svg", t.downloadSvg, async () => {
    const { svg } = await diagram.saveSVG();
    download(svg, "image/svg+xml", "svg");
  });
  button("bpmn-fit", t.fit, fit);

  // fit shows the whole diagram beside the palette rather than under it,
  // never larger than drawn. Where the palette would leave too little room
  // (a narrow screen), the diagram fills the canvas as bpmn-js fits it.
  function fit() {
    canvas.zoom("fit-viewport", "auto");
    const palette = root.querySelector(".djs-palette");
    if (!palette) return;
    const pad = 16;
    const left = palette.getBoundingClientRect().right - canvasEl.getBoundingClientRect().left + pad;
    const { inner, outer } = canvas.viewbox();
    const width = outer.width - left - pad;
    const height = outer.height - 2 * pad;
    if (width < outer.width / 2 || height <= 0 || !inner.width || !inner.height) return;
    const scale = Math.min(width / inner.width, height / inner.height, 1);
    canvas.viewbox({
      x: inner.x - left / scale,
      y: inner.y - (outer.height - inner.height * scale) / 2 / scale,
      width: outer.width / scale,
      height: outer.height / scale,
    });
  }

  function download(text, type, extension) {
    const name = (root.dataset.name || "diagram").replace(/[\\/:*?"<>|]+/g, "-");
    const url = URL.createObjectURL(new Blob([text], { type: `${type};charset=utf-8` }));
    const a = document.createElement("a");
    a.href = url;
    a.download = `${name}.${extension}`;
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  }

  // Saving --------------------------------------------------------------
  let saving = false;
  async function save() {
    if (saving || !saveUrl) return;
    saving = true;
    if (saveButton) saveButton.disabled = true;
    status(t.saving);
    try {
      flushInputs(diagram);
      const position = editor.position();
      const { xml } = await diagram.saveXML({ format: true });
      const token = document.querySelector('meta[name="csrf-token"]')?.content || "";
      const comment = document.getElementById("f-comment");
      const body = new URLSearchParams();
      body.set("csrf_token", token);
      body.set("target", root.dataset.target || "");
      if (comment) body.set("comment", comment.value);
      body.set("xml", xml);

      let response;
      try {
        response = await fetch(saveUrl, {
          method: "POST",
          credentials: "same-origin",
          headers: { Accept: "application/json", "X-CSRF-Token": token },
          body,
        });
      } catch {
        status(t.network, true);
        return;
      }
      const data = await response.json().catch(() => ({}));
      if (!response.ok) {
        const fields = data && typeof data.fields === "object" && data.fields ? Object.values(data.fields) : [];
        status([data.message || t.saveFailed, ...fields].filter(Boolean).join(" "), true);
        return;
      }
      if (data.target) root.dataset.target = data.target;
      editor.markSaved(position);
      if (comment) comment.value = "";
      status(data.message || t.saved);
      root.dispatchEvent(new CustomEvent("bpmn:saved", { bubbles: true, detail: data }));
    } catch (err) {
      status(`${t.saveFailed} ${err && err.message ? err.message : ""}`.trim(), true);
    } finally {
      saving = false;
      if (saveButton) saveButton.disabled = false;
    }
  }

  if (editor) {
    window.addEventListener("beforeunload", (event) => {
      if (!editor.dirty()) return;
      event.preventDefault();
      event.returnValue = "";
    });
    // Ctrl/Cmd+S on the canvas saves instead of saving the web page.
    if (saveUrl) {
      diagram.get("keyboard").addListener(({ keyEvent }) => {
        if ((keyEvent.ctrlKey || keyEvent.metaKey) && keyEvent.key.toLowerCase() === "s") {
          save();
          return true;
        }
      });
    }
  }

  // The element chosen in the diagram fills a [data-bpmn-element-input]
  // select elsewhere on the page (the obstacle form), when it has that id.
  const choose = (element) => {
    const id = element && element.businessObject && element.businessObject.id;
    if (!id) return;
    for (const select of document.querySelectorAll("[data-bpmn-element-input]")) {
      const options = select.options ? Array.from(select.options) : [];
      if (select.value === id || !options.some((o) => o.value === id)) continue;
      select.value = id;
      select.dispatchEvent(new Event("change", { bubbles: true }));
    }
  };
  if (readonly) {
    eventBus.on("element.click", (event) => choose(event.element));
  } else {
    eventBus.on("selection.changed", ({ newSelection }) => {
      if (newSelection.length === 1) choose(newSelection[0]);
    });
  }

  // Loading -------------------------------------------------------------
  load();

  async function load() {
    status(t.loading);
    let xml;
    try {
      const response = await fetch(root.dataset.xmlUrl, {
        credentials: "same-origin",
        headers: { Accept: "application/xml, text/xml;q=0.9, */*;q=0.1" },
      });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      xml = await response.text();
    } catch (err) {
      status(`${t.loadFailed} (${err.message})`, true);
      return;
    }
    let warnings;
    try {
      ({ warnings } = await diagram.importXML(xml));
    } catch (err) {
      status(`${t.loadFailed} ${err.message || ""}`.trim(), true);
      return;
    }
    declareNamespace(diagram);
    fit();
    const missing = showObstacles(diagram, readObstacles(), t);

    const parts = [warnings.length ? t.warnings(warnings.length) : t.loaded];
    if (missing) parts.push(t.missingObstacleElements(missing));
    status(parts.join(" "));
    root.dataset.importWarnings = String(warnings.length);
    root.classList.add("is-loaded");
  }
}

// The canvas is an SVG that bpmn-js makes focusable and binds its keyboard
// shortcuts to. The page's container label moves to it, and the container
// stops being a tab stop of its own (it would be a second, dead one).
function labelCanvas(canvasEl, fallback, readonly) {
  const svg = canvasEl.querySelector(".djs-container > svg");
  const label = canvasEl.getAttribute("aria-label") || fallback;
  canvasEl.removeAttribute("tabindex");
  canvasEl.removeAttribute("aria-label");
  if (!svg) return;
  svg.setAttribute("aria-label", label);
  if (!readonly) svg.setAttribute("role", "application");
}

// Files that use no tv: attribute yet still get the namespace declared, so
// every saved file says which vocabulary its tv: attributes come from.
function declareNamespace(diagram) {
  const definitions = diagram.getDefinitions && diagram.getDefinitions();
  if (!definitions) return;
  const attrs = definitions.$attrs || {};
  if (!Object.values(attrs).includes(TV_URI)) attrs["xmlns:tv"] = TV_URI;
}

function flushInputs(diagram) {
  const debounceInput = diagram.get("debounceInput", false);
  if (debounceInput && debounceInput.flushAll) debounceInput.flushAll();
}

// Dirty tracking on the command stack: `position` counts the user's
// operations since import; the saved position is where the last save (or
// the import) left the stack. A new command after undoing past the saved
// position makes that state unreachable.
function trackChanges(diagram) {
  const eventBus = diagram.get("eventBus");
  let position = 0;
  let saved = 0;
  const listeners = [];

  eventBus.on("commandStack.changed", ({ trigger }) => {
    if (trigger === "clear") {
      position = 0;
      saved = 0;
    } else if (trigger === "undo") {
      position--;
    } else if (trigger === "redo") {
      position++;
    } else {
      if (saved > position) saved = -1;
      position++;
    }
    listeners.forEach((fn) => fn());
  });

  return {
    position: () => position,
    dirty: () => position !== saved,
    markSaved(at) {
      saved = at;
      listeners.forEach((fn) => fn());
    },
    onChange(fn) {
      listeners.push(fn);
      fn();
    },
  };
}
