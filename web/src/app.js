// The page's behaviour beyond plain HTML: htmx for partial updates, with
// the CSRF token sent on every request it makes.
import htmx from "htmx.org";

window.htmx = htmx;

// htmx would add its indicator styles as an inline <style>, which the
// Content-Security-Policy (style-src 'self') refuses; app.css has them.
htmx.config.includeIndicatorStyles = false;

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

// When a request fails, the server swaps a message (role=alert) into
// #flash; focus moves to it so keyboard users land where the news is.
// (A filter's new result count needs no focus: it sits in a role=status
// element that screen readers announce by themselves.)
document.addEventListener("htmx:afterSwap", (e) => {
  if (e.detail.target && e.detail.target.id === "flash") {
    e.detail.target.querySelector("[role=alert]")?.focus?.();
  }
});
