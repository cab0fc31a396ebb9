// Texts of the editor island itself: toolbar, status line, obstacle badges.
const texts = {
  en: {
    toolbar: "Diagram tools",
    canvasEditor: "Process diagram editor",
    canvasViewer: "Process diagram",
    undo: "Undo",
    redo: "Redo",
    save: "Save",
    downloadBpmn: "Download .bpmn",
    downloadSvg: "Download .svg",
    fit: "Fit to screen",
    loading: "Loading the diagram …",
    loaded: "The diagram is loaded.",
    warnings: (n) => `The diagram is loaded with ${n} import ${n === 1 ? "warning" : "warnings"}.`,
    loadFailed: "The diagram could not be loaded.",
    saving: "Saving …",
    saved: "Saved.",
    saveFailed: "The diagram could not be saved.",
    network: "No answer from the server. Check the connection and try again.",
    unsaved: "Unsaved changes",
    obstacle: "Obstacle",
    missingObstacleElements: (n) =>
      `${n} ${n === 1 ? "obstacle refers" : "obstacles refer"} to elements not in this diagram.`,
  },
  nb: {
    toolbar: "Verktøy for diagrammet",
    canvasEditor: "Redigering av prosessdiagram",
    canvasViewer: "Prosessdiagram",
    undo: "Angre",
    redo: "Gjør om",
    save: "Lagre",
    downloadBpmn: "Last ned .bpmn",
    downloadSvg: "Last ned .svg",
    fit: "Tilpass til skjermen",
    loading: "Laster diagrammet …",
    loaded: "Diagrammet er lastet.",
    warnings: (n) => `Diagrammet er lastet med ${n} ${n === 1 ? "advarsel" : "advarsler"} ved import.`,
    loadFailed: "Diagrammet kunne ikke lastes.",
    saving: "Lagrer …",
    saved: "Lagret.",
    saveFailed: "Diagrammet kunne ikke lagres.",
    network: "Fikk ikke svar fra tjeneren. Sjekk forbindelsen og prøv igjen.",
    unsaved: "Ulagrede endringer",
    obstacle: "Hindring",
    missingObstacleElements: (n) =>
      `${n} ${n === 1 ? "hindring gjelder" : "hindringer gjelder"} elementer som ikke finnes i dette diagrammet.`,
  },
};

/** Returns the texts for "nb" or "en". */
export function messages(lang) {
  return texts[lang] || texts.en;
}
