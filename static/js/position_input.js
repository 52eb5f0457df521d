// "Use my position" on forms with latitude and longitude: fills them from the browser's
// geolocation (with the user's permission). The fields stay editable; nothing is sent until
// the form is saved.
(function () {
  "use strict";
  const box = document.querySelector("[data-position-input]");
  if (!box || !("geolocation" in navigator)) return;
  const form = box.closest("form");
  const lat = form && form.querySelector("input[name=latitude]");
  const lon = form && form.querySelector("input[name=longitude]");
  if (!lat || !lon) return;
  const status = box.querySelector("[role=status]");
  box.hidden = false;
  box.querySelector("button").addEventListener("click", () => {
    status.textContent = box.dataset.msgWait;
    navigator.geolocation.getCurrentPosition(
      (pos) => {
        lat.value = pos.coords.latitude.toFixed(6);
        lon.value = pos.coords.longitude.toFixed(6);
        status.textContent = box.dataset.msgDone;
      },
      () => {
        status.textContent = box.dataset.msgFailed;
      },
      { enableHighAccuracy: true, timeout: 20000, maximumAge: 60000 }
    );
  });
})();
