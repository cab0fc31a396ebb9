// The "Tjenestevalg" group of the properties panel: the figures the process
// metrics are computed from, stored as tv:* attributes on every flow node
// (tasks, events, gateways). An emptied field removes its attribute.
import {
  NumberFieldEntry,
  SelectEntry,
  TextFieldEntry,
  isNumberFieldEntryEdited,
  isSelectEntryEdited,
  isTextFieldEntryEdited,
} from "@bpmn-io/properties-panel";
import { useService } from "bpmn-js-properties-panel";
import { getBusinessObject, is } from "bpmn-js/lib/util/ModelUtil";

const MEDIA = [
  ["paper", "Paper"],
  ["email", "E-mail"],
  ["phone", "Phone"],
  ["system", "System"],
  ["portal", "Portal"],
];

const VALUE_CLASSES = [
  ["value-adding", "Value-adding"],
  ["business-necessary", "Business-necessary"],
  ["non-value-adding", "Non-value-adding"],
];

/** Entry ids; the panel renders each input as #bio-properties-panel-<id>. */
export const ENTRY_IDS = {
  employeeMinutes: "tv-employeeMinutes",
  waitingDays: "tv-waitingDays",
  actor: "tv-actor",
  system: "tv-system",
  medium: "tv-medium",
  valueClass: "tv-valueClass",
  automated: "tv-automated",
};

function useUpdate(element, property) {
  const modeling = useService("modeling");
  return (value) => {
    modeling.updateProperties(element, { [`tv:${property}`]: value });
  };
}

function get(element, property) {
  return getBusinessObject(element).get(`tv:${property}`);
}

function numberEntry(property, label) {
  return function NumberEntry({ element, id }) {
    const translate = useService("translate");
    const debounce = useService("debounceInput");
    const update = useUpdate(element, property);
    return NumberFieldEntry({
      element,
      id,
      label: translate(label),
      min: 0,
      step: "any",
      debounce,
      getValue: () => get(element, property),
      setValue: (value) => update(Number.isFinite(value) ? value : undefined),
    });
  };
}

function textEntry(property, label) {
  return function TextEntry({ element, id }) {
    const translate = useService("translate");
    const debounce = useService("debounceInput");
    const update = useUpdate(element, property);
    return TextFieldEntry({
      element,
      id,
      label: translate(label),
      debounce,
      getValue: () => get(element, property),
      setValue: (value) => update(value ? value : undefined),
    });
  };
}

// A select with an empty choice. A value from another tool that is not in
// the list is shown as it is, so that looking at it does not lose it.
function selectEntry(property, label, choices) {
  return function ChoiceEntry({ element, id }) {
    const translate = useService("translate");
    const update = useUpdate(element, property);
    return SelectEntry({
      element,
      id,
      label: translate(label),
      getValue: () => get(element, property) ?? "",
      setValue: (value) => update(value === "" ? undefined : value),
      getOptions: () => {
        const current = get(element, property);
        const options = [{ value: "", label: translate("(not set)") }].concat(
          choices.map(([value, text]) => ({ value, label: translate(text) })),
        );
        if (current && !choices.some(([value]) => value === current)) {
          options.push({ value: current, label: current });
        }
        return options;
      },
    });
  };
}

// Automated is tri-state: not filled in must stay apart from "no".
function AutomatedEntry({ element, id }) {
  const translate = useService("translate");
  const update = useUpdate(element, "automated");
  return SelectEntry({
    element,
    id,
    label: translate("Automated"),
    getValue: () => {
      const value = get(element, "automated");
      return value === true ? "true" : value === false ? "false" : "";
    },
    setValue: (value) => update(value === "true" ? true : value === "false" ? false : undefined),
    getOptions: () => [
      { value: "", label: translate("Unknown") },
      { value: "true", label: translate("Yes") },
      { value: "false", label: translate("No") },
    ],
  });
}

const ENTRIES = [
  [ENTRY_IDS.employeeMinutes, numberEntry("employeeMinutes", "Employee time (minutes)"), isNumberFieldEntryEdited],
  [ENTRY_IDS.waitingDays, numberEntry("waitingDays", "Waiting time (days)"), isNumberFieldEntryEdited],
  [ENTRY_IDS.actor, textEntry("actor", "Actor / role"), isTextFieldEntryEdited],
  [ENTRY_IDS.system, textEntry("system", "System"), isTextFieldEntryEdited],
  [ENTRY_IDS.medium, selectEntry("medium", "Medium", MEDIA), isSelectEntryEdited],
  [ENTRY_IDS.valueClass, selectEntry("valueClass", "Value class", VALUE_CLASSES), isSelectEntryEdited],
  [ENTRY_IDS.automated, AutomatedEntry, isSelectEntryEdited],
];

const LOW_PRIORITY = 500;

class TjenestevalgPropertiesProvider {
  constructor(propertiesPanel, translate) {
    this._translate = translate;
    // After the BPMN provider (priority 1000), so its groups are there.
    propertiesPanel.registerProvider(LOW_PRIORITY, this);
  }

  getGroups(element) {
    return (groups) => {
      const translate = this._translate;
      // Groups take translate for their own texts ("Toggle section").
      groups = groups.map((group) => ({ translate, ...group }));
      if (!is(element, "bpmn:FlowNode")) return groups;

      const group = {
        id: "tjenestevalg",
        label: "Tjenestevalg",
        shouldOpen: true,
        translate,
        entries: ENTRIES.map(([id, component, isEdited]) => ({ id, component, isEdited })),
      };
      const general = groups.findIndex((g) => g.id === "general");
      groups.splice(general + 1, 0, group);
      return groups;
    };
  }
}

TjenestevalgPropertiesProvider.$inject = ["propertiesPanel", "translate"];

export default {
  __init__: ["tjenestevalgPropertiesProvider"],
  tjenestevalgPropertiesProvider: ["type", TjenestevalgPropertiesProvider],
};
