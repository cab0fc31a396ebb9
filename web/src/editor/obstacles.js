// Obstacles (hindringer) registered against process elements: a badge that
// links to the obstacle and a marker class that outlines the element.

/** Reads the page's #bpmn-obstacles JSON; a broken or missing list is empty. */
export function readObstacles(doc = document) {
  const script = doc.getElementById("bpmn-obstacles");
  if (!script) return [];
  try {
    const list = JSON.parse(script.textContent || "[]");
    return Array.isArray(list) ? list.filter((o) => o && typeof o.element === "string") : [];
  } catch {
    return [];
  }
}

/**
 * Adds a badge and the has-obstacle marker for each obstacle whose element is
 * in the diagram. Returns how many obstacles name an element that is not.
 */
export function showObstacles(diagram, obstacles, text) {
  const registry = diagram.get("elementRegistry");
  const overlays = diagram.get("overlays");
  const canvas = diagram.get("canvas");
  const counts = new Map();
  let missing = 0;

  overlays.remove({ type: "tv-obstacle" });
  for (const obstacle of obstacles) {
    const element = registry.get(obstacle.element);
    if (!element) {
      missing++;
      continue;
    }
    // Several obstacles on one element stack their badges.
    const index = counts.get(element.id) || 0;
    counts.set(element.id, index + 1);

    canvas.addMarker(element, "has-obstacle");
    overlays.add(element, "tv-obstacle", {
      position: { top: -14 + index * -22, left: 0 },
      html: badge(obstacle, text),
    });
  }
  return missing;
}

function badge(obstacle, text) {
  const link = document.createElement("a");
  link.className = "tv-obstacle-badge";
  if (obstacle.status) link.classList.add(`is-${String(obstacle.status).replace(/[^\w-]/g, "")}`);
  link.href = safeUrl(obstacle.url);
  const title = obstacle.title || obstacle.element;
  link.title = title;
  link.setAttribute("aria-label", `${text.obstacle}: ${title}`);

  const icon = document.createElement("span");
  icon.setAttribute("aria-hidden", "true");
  icon.textContent = "⚠ ";
  link.append(icon, text.obstacle);
  return link;
}

// Only web links: the list comes from the server, but a javascript: URL in
// it would still be a link that does something else than it says.
function safeUrl(url) {
  try {
    const parsed = new URL(String(url), document.baseURI);
    return parsed.protocol === "http:" || parsed.protocol === "https:" ? String(url) : "#";
  } catch {
    return "#";
  }
}
