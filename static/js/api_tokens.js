// The API tokens page: a button that copies the new token. Without JavaScript (or without
// clipboard access) the button stays hidden and the token is selected by hand.
(function () {
  "use strict";
  document.querySelectorAll("button[data-copy]").forEach((button) => {
    const field = document.querySelector(button.dataset.copy);
    if (!field || !navigator.clipboard) return;
    button.hidden = false;
    button.addEventListener("click", () => {
      navigator.clipboard.writeText(field.value).then(() => {
        button.textContent = button.dataset.copied;
      });
    });
    field.addEventListener("focus", () => field.select());
  });
})();
