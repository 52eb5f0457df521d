// Behaviour every page shares. No inline handlers: the Content Security Policy allows scripts
// only from the app's own files.
(function () {
  "use strict";
  // A <select data-submit-on-change> (the language switch) sends its form when changed.
  document.addEventListener("change", (evt) => {
    const el = evt.target;
    if (el instanceof HTMLSelectElement && el.hasAttribute("data-submit-on-change") && el.form) {
      el.form.submit();
    }
  });
})();
