// Page behaviour that is not htmx. Loaded from our own origin: the Content-Security-Policy
// allows no inline script or event-handler attribute.
"use strict";

// A <select data-submit-on-change> submits its form when a choice is made (the language
// switcher; a <noscript> button does it without JavaScript).
document.addEventListener("change", (event) => {
  const field = event.target;
  if (field instanceof HTMLSelectElement && field.hasAttribute("data-submit-on-change")) {
    field.form?.submit();
  }
});
