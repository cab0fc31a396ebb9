// The page's behaviour beyond plain HTML: htmx for partial updates, with
// the CSRF token sent on every request it makes.
import htmx from "htmx.org";

window.htmx = htmx;

// Render error responses too: the server answers them with a message
// fragment and tells htmx where it goes.
htmx.config.responseHandling = [
  { code: "204", swap: false },
  { code: "[23]..", swap: true },
  { code: "[45]..", swap: true, error: true },
];

document.addEventListener("htmx:configRequest", (e) => {
  const meta = document.querySelector('meta[name="csrf-token"]');
  if (meta) e.detail.headers["X-CSRF-Token"] = meta.content;
});

// After a filter updates the results, tell screen-reader users how many
// there are (the count is in a role=status element) without moving focus.
document.addEventListener("htmx:afterSwap", (e) => {
  if (e.detail.target && e.detail.target.id === "flash") {
    e.detail.target.querySelector("[role=alert]")?.focus?.();
  }
});
