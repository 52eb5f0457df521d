// Every page's side of the offline app (see templates/offline/sw.js and store.js).
//
// For a facilitator: installs the service worker, tells it who is signed in, has it send the
// outbox on every page load and whenever the connection returns (some browsers have no
// Background Sync), keeps the kept pages fresh, and shows what waits to be sent. For everyone:
// photos are shrunk before they are sent, and signing out clears what this device kept.
(function () {
  "use strict";
  const Store = window.KotakuStore;
  const body = document.body;
  const userId = body.dataset.offlineUser ? parseInt(body.dataset.offlineUser, 10) : null;
  const enabled = body.dataset.offlineEnabled === "1";
  const state = document.getElementById("offline-state");
  const text = state ? state.dataset : {};
  const REFRESH_EVERY_MS = 10 * 60 * 1000;
  const DRAFT_PREFIX = "kotaku-draft:";
  const hasWorker = "serviceWorker" in navigator && window.isSecureContext && Store && window.indexedDB;

  function fmtTime(iso) {
    const d = new Date(iso);
    return d.toLocaleString(document.documentElement.lang || undefined, {
      day: "numeric", month: "short", hour: "2-digit", minute: "2-digit",
    });
  }
  function say(el, message) {
    if (!el) return;
    el.textContent = message;
    el.hidden = !message;
    el.className = message ? el.dataset.class || "" : "";
  }
  function emit(detail) { document.dispatchEvent(new CustomEvent("kotaku:outbox", { detail })); }

  // ---- the service worker -------------------------------------------------------------------------
  async function worker() {
    const registration = await navigator.serviceWorker.ready;
    return registration.active;
  }
  async function ask(type) {
    const active = await worker();
    if (active) active.postMessage({ type });
  }

  async function start() {
    if (!hasWorker) return;
    const unfinished = localStorage.getItem(FORGET_KEY);
    if (unfinished) await forget(parseInt(unfinished, 10));
    // Who this device serves now: another user signing in never gets the first one's pages.
    const current = await Store.currentUser().catch(() => null);
    const me = userId ? { id: userId, enabled } : null;
    if (JSON.stringify(current) !== JSON.stringify(me)) {
      // Signed out, or someone else signed in: the worker stops what it did for the other,
      // whose kept pages go (their unsent changes wait in their own database for them).
      const controller = navigator.serviceWorker.controller;
      if (controller && current) controller.postMessage({ type: "stop" });
      await Store.setCurrentUser(me);
      if (current && (!me || current.id !== me.id)) {
        await caches.delete(Store.pagesCache(current.id)).catch(() => {});
      }
    }
    if (!enabled) return;
    navigator.serviceWorker.register(body.dataset.serviceWorker, { scope: "/" }).catch(() => {});
    navigator.serviceWorker.addEventListener("message", (evt) => onWorkerMessage(evt.data || {}));
    if (navigator.storage && navigator.storage.persist) {
      navigator.storage.persisted().then((yes) => yes || navigator.storage.persist()).catch(() => {});
    }
    await show();
    checkStorage();
    if (navigator.onLine) online();
  }

  async function online() {
    await ask("flush");
    const at = await Store.getMeta(userId, "refreshedAt");
    if (!at || Date.now() - new Date(at).getTime() > REFRESH_EVERY_MS) ask("refresh");
  }

  // A send cut off half-way is tried again soon, then less and less often; and while
  // anything waits, every minute (Background Sync is not everywhere).
  let retryDelay = 1000;
  let retryTimer = null;
  function retrySoon() {
    clearTimeout(retryTimer);
    retryTimer = setTimeout(() => { if (navigator.onLine) ask("flush"); }, retryDelay);
    retryDelay = Math.min(retryDelay * 2, 60000);
  }
  setInterval(async () => {
    if (enabled && hasWorker && navigator.onLine && (await Store.count(userId))) ask("flush");
  }, 60000);

  function onWorkerMessage(msg) {
    if (msg.type === "sent" && msg.item && msg.item.draftKey) dropDraft(msg.item);
    if (msg.type === "sent") retryDelay = 1000;
    if (msg.type === "interrupted") retrySoon();
    show();
    emit(msg);
  }

  // A kept draft is cleared once the change made from it is on the server, unless the user
  // typed more after sending it.
  function dropDraft(item) {
    const key = DRAFT_PREFIX + userId + ":" + item.draftKey;
    try {
      const draft = JSON.parse(localStorage.getItem(key));
      if (draft && new Date(draft.savedAt) <= new Date(item.madeAt || item.since)) {
        localStorage.removeItem(key);
      }
    } catch (e) { /* nothing kept */ }
  }

  // ---- what waits -------------------------------------------------------------------------------------
  async function show() {
    const items = await Store.list(userId);
    const badge = document.querySelector("[data-outbox-badge]");
    if (badge) {
      badge.hidden = !items.length;
      badge.querySelector("[data-outbox-count]").textContent = String(items.length);
    }
    document.querySelectorAll("[data-outbox-group]").forEach((el) => {
      const mine = items.filter((i) => Store.groupOf(i.url) === el.dataset.outboxGroup);
      const failed = mine.some((i) => i.state === "failed");
      el.hidden = !mine.length;
      el.className = "badge " + (failed ? "text-bg-danger" : "text-bg-warning");
      el.textContent = failed ? text.groupFailedText : text.groupWaitingText.replace("{n}", mine.length);
    });
    const kept = state && state.querySelector("[data-kept-at]");
    if (kept) {
      const at = await Store.getMeta(userId, "refreshedAt");
      kept.textContent = at ? text.keptText.replace("{time}", fmtTime(at)) : text.notKeptText;
    }
    connection();
  }

  function connection() {
    if (!state) return;
    say(state.querySelector("[data-connection]"), navigator.onLine ? "" :
      text.offlineText.replace("{time}", fmtTime(body.dataset.renderedAt)));
  }

  async function checkStorage() {
    if (!navigator.storage || !navigator.storage.estimate) return;
    const { usage, quota } = await navigator.storage.estimate();
    const share = quota ? usage / quota : 0;
    say(state && state.querySelector("[data-storage-warning]"),
      share > 0.8 ? text.storageText.replace("{percent}", Math.round(share * 100) + "%") : "");
  }

  // After a change was kept instead of sent, the service worker brings the user back here.
  function queuedNotice() {
    const message = { "#outbox": text.queuedText, "#outbox-signin": text.queuedSignInText }[location.hash];
    if (!message || !state) return;
    say(state.querySelector("[data-queued-notice]"), message.replace("{time}", fmtTime(new Date())));
    history.replaceState(null, "", location.pathname + location.search);
  }

  // ---- signing out --------------------------------------------------------------------------------------
  document.addEventListener("submit", async (evt) => {
    const form = evt.target;
    if (!form.matches("form[data-sign-out]") || form.dataset.cleared || !hasWorker || !userId) return;
    evt.preventDefault();
    if (!navigator.onLine) {
      // Signing out needs the server: clearing the phone alone would leave the session open.
      window.alert(text.signOutOfflineText);
      return;
    }
    const waiting = await Store.count(userId).catch(() => 0);
    if (waiting && !window.confirm(text.signOutText.replace("{n}", waiting))) return;
    // Marked first, so that the next page finishes the clearing if it is cut short.
    localStorage.setItem(FORGET_KEY, String(userId));
    if (navigator.serviceWorker.controller) navigator.serviceWorker.controller.postMessage({ type: "stop" });
    await Promise.race([forget(userId), new Promise((resolve) => setTimeout(resolve, 3000))]);
    form.dataset.cleared = "1";
    form.submit();
  });

  const FORGET_KEY = "kotaku-forget";
  async function forget(who) {
    await Store.setCurrentUser(null).catch(() => {});
    for (const key of Object.keys(localStorage)) {
      if (key.startsWith(DRAFT_PREFIX)) localStorage.removeItem(key);
    }
    await Promise.all([
      Store.forgetUser(who).catch(() => {}),
      caches.delete(Store.pagesCache(who)).catch(() => {}),
    ]);
    localStorage.removeItem(FORGET_KEY);
  }

  // ---- photos: shrunk on the device ------------------------------------------------------------------
  // The longest side at most 1600 px, as JPEG: a 14 MB phone photo becomes a few hundred KB
  // before it is kept or sent. The form cannot be sent until its photos are ready.
  const LONGEST_SIDE = 1600;
  const SHRINKABLE = /^image\/(jpeg|png|webp|heic|heif)$/;

  async function decode(file) {
    try {
      return await createImageBitmap(file, { imageOrientation: "from-image" });
    } catch (e) {
      // Older engines know no such option; they turn photos upright themselves.
      return createImageBitmap(file);
    }
  }
  async function shrink(file) {
    if (!SHRINKABLE.test(file.type) || !window.createImageBitmap) return file;
    let bitmap;
    try {
      bitmap = await decode(file);
    } catch (e) {
      return file;  // a format this browser cannot read: the server decides
    }
    const scale = Math.min(1, LONGEST_SIDE / Math.max(bitmap.width, bitmap.height));
    if (scale === 1 && file.type === "image/jpeg") return file;
    const canvas = document.createElement("canvas");
    canvas.width = Math.round(bitmap.width * scale);
    canvas.height = Math.round(bitmap.height * scale);
    const context = canvas.getContext("2d");
    context.fillStyle = "#fff";  // JPEG has no transparency: white, not black, behind it
    context.fillRect(0, 0, canvas.width, canvas.height);
    context.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
    bitmap.close();
    const blob = await new Promise((resolve) => canvas.toBlob(resolve, "image/jpeg", 0.85));
    if (!blob) return file;
    const name = file.name.replace(/\.[^.]*$/, "") + ".jpg";
    return new File([blob], name, { type: "image/jpeg", lastModified: file.lastModified });
  }

  // When and where a photo was taken, read from the original before shrinking drops it, into
  // the form's exif_* fields when it has them (static/js/exif.js).
  async function keepPlace(form, file) {
    const fields = { exif_taken_at: "takenAt", exif_latitude: "latitude", exif_longitude: "longitude" };
    if (!form || !form.elements.namedItem("exif_taken_at")) return;
    const place = window.KotakuExif && file ? await window.KotakuExif.read(file) : {};
    for (const [name, key] of Object.entries(fields)) {
      const field = form.elements.namedItem(name);
      if (field) field.value = place[key] || "";
    }
  }

  const pending = new WeakMap();
  // A form is sent only once its photos are shrunk (Enter in a field sends it too), and with
  // the session's current token: a kept page may be older than the last sign-in.
  document.addEventListener("submit", (evt) => {
    const form = evt.target;
    const waiting = Array.from(form.querySelectorAll("input[type=file]"))
      .map((input) => pending.get(input)).filter(Boolean);
    if (waiting.length) {
      evt.preventDefault();
      evt.stopImmediatePropagation();
      Promise.all(waiting).then(() => form.requestSubmit());
      return;
    }
    const token = document.cookie.match(/(?:^|; )csrftoken=([^;]*)/);
    const field = form.querySelector("input[name=csrfmiddlewaretoken]");
    if (token && field) field.value = decodeURIComponent(token[1]);
  }, true);
  document.addEventListener("change", (evt) => {
    const input = evt.target;
    if (!(input instanceof HTMLInputElement) || input.type !== "file" || !input.files.length) return;
    if (!window.DataTransfer) return;
    const form = input.form;
    const buttons = form ? form.querySelectorAll("button[type=submit]") : [];
    buttons.forEach((b) => { b.disabled = true; });
    const originals = Array.from(input.files);
    const work = Promise.all([keepPlace(form, originals[0]), Promise.all(originals.map(shrink))]).then(([, files]) => {
      const list = new DataTransfer();
      files.forEach((f) => list.items.add(f));
      input.files = list.files;
    }).finally(() => {
      buttons.forEach((b) => { b.disabled = false; });
      input.dataset.shrunk = "1";
      pending.delete(input);
    });
    pending.set(input, work);
  });

  window.addEventListener("online", () => { connection(); if (enabled && hasWorker) online(); });
  window.addEventListener("offline", connection);
  queuedNotice();
  start().catch(() => {});

  window.KotakuOffline = { show, ask, fmtTime, userId, enabled: enabled && hasWorker };
})();
