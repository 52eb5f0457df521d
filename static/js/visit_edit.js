// The visit fill-in page: local drafts, formset rows, live attendance totals, save states.
//
// Every form with data-draft-key keeps what the user types in localStorage until the server
// confirms the save (the X-Section-Saved response header). A failed save (offline, server
// down, session expired) leaves the draft in place; the next page load restores it.
// Field names come from the page: data-version-field (not part of a draft), data-total-forms
// (a formset's row count), data-formset-row (a row's prefix) and data-attendance (what the
// attendance totals count, as the server defines it).
(function () {
  "use strict";
  const root = document.querySelector("[data-visit-edit]");
  if (!root) return;
  const text = root.dataset;
  // Drafts are the signed-in user's own: another user of the phone never gets them back.
  const OLD_PREFIX = "kotaku-draft:";
  const PREFIX = OLD_PREFIX + (document.body.dataset.offlineUser || "") + ":";

  function cookie(name) {
    const m = document.cookie.match(new RegExp("(?:^|; )" + name + "=([^;]*)"));
    return m ? decodeURIComponent(m[1]) : "";
  }

  // ---- drafts ------------------------------------------------------------------------------
  function fieldsOf(form) {
    return Array.from(form.elements).filter(
      (el) => el.name && el.type !== "file" && el.type !== "submit" && el.type !== "button" &&
        el.name !== "csrfmiddlewaretoken" && el.name !== form.dataset.versionField
    );
  }
  function snapshot(form) {
    return fieldsOf(form).map((el) =>
      el.type === "checkbox" || el.type === "radio" ? [el.name, el.value, el.checked] : [el.name, el.value]
    );
  }
  function saveDraft(form) {
    const draft = { savedAt: new Date().toISOString(), fields: snapshot(form) };
    try {
      localStorage.setItem(PREFIX + form.dataset.draftKey, JSON.stringify(draft));
    } catch (e) { /* storage full or disabled: nothing more we can do */ }
    setState(form, text.draftPendingText, "text-warning-emphasis");
  }
  function loadDraft(form) {
    try {
      // A draft kept before drafts were per user is this user's too (the page is theirs).
      const old = localStorage.getItem(OLD_PREFIX + form.dataset.draftKey);
      if (old !== null) {
        localStorage.setItem(PREFIX + form.dataset.draftKey, old);
        localStorage.removeItem(OLD_PREFIX + form.dataset.draftKey);
      }
      return JSON.parse(localStorage.getItem(PREFIX + form.dataset.draftKey));
    } catch (e) { return null; }
  }
  function clearDraft(key) { localStorage.removeItem(PREFIX + key); }

  function restore(form, draft) {
    const totals = draft.fields.find(([n]) => n === form.dataset.totalForms);
    if (totals) ensureRows(form, parseInt(totals[1], 10));
    for (const [name, value, checked] of draft.fields) {
      const els = Array.from(form.elements).filter((el) => el.name === name);
      for (const el of els) {
        if (el.type === "checkbox" || el.type === "radio") {
          if (el.value === value) el.checked = !!checked;
        } else {
          el.value = value;
        }
      }
    }
    const notice = noticeFor(form);
    if (notice) {
      const at = new Date(draft.savedAt);
      notice.querySelector("[data-draft-text]").textContent = text.draftRestoredText.replace(
        "{time}", at.toLocaleString(document.documentElement.lang || undefined)
      );
      notice.classList.remove("d-none");
      notice.querySelector("[data-draft-discard]").onclick = () => {
        clearDraft(form.dataset.draftKey);
        window.location.reload();
      };
    }
    setState(form, text.draftPendingText, "text-warning-emphasis");
    updateTotals(form);
  }

  function sectionOf(el) { return el.closest(".visit-section"); }
  function noticeFor(form) {
    const section = sectionOf(form);
    return form.querySelector("[data-draft-notice]") || (section && section.querySelector("[data-draft-notice]"));
  }
  function setState(form, message, cls) {
    const section = sectionOf(form);
    const state = section && section.querySelector("[data-save-state]");
    if (!state) return;
    state.innerHTML = "";
    const span = document.createElement("span");
    span.className = cls;
    span.textContent = message;
    state.appendChild(span);
  }

  // ---- formset rows and attendance totals -----------------------------------------------------
  function totalInput(form) {
    return form.dataset.totalForms ? form.elements.namedItem(form.dataset.totalForms) : null;
  }
  function addRow(form) {
    const total = totalInput(form);
    const tpl = form.querySelector("template[data-formset-empty]");
    if (!total || !tpl) return;
    const index = parseInt(total.value, 10);
    const html = tpl.innerHTML.replace(/__prefix__/g, String(index));
    form.querySelector("[data-formset-rows]").insertAdjacentHTML("beforeend", html);
    total.value = String(index + 1);
  }
  function ensureRows(form, wanted) {
    const total = totalInput(form);
    while (total && parseInt(total.value, 10) < wanted) addRow(form);
  }
  function rowField(row, field) {
    return row.querySelector(`[name="${row.dataset.formsetRow}-${field}"]`);
  }
  function valueOf(el) { return el.type === "checkbox" ? el.checked : el.value; }
  function roundHalfEven(x) {
    const n = Math.round(x);
    return n - x === 0.5 && n % 2 !== 0 ? n - 1 : n;
  }
  function updateTotals(form) {
    if (!form.dataset.attendance) return;
    const def = JSON.parse(form.dataset.attendance);
    const n = { total: 0 };
    for (const key of Object.keys(def.counts)) n[key] = 0;
    form.querySelectorAll("[data-formset-row]").forEach((row) => {
      // Only a row the server would save counts: every required field filled, not deleted.
      const filled = (def.required || [def.present]).every((name) => {
        const el = rowField(row, name);
        return el && el.value.trim();
      });
      const deleted = rowField(row, def.deleted);
      if (!filled || (deleted && deleted.checked)) return;
      n.total += 1;
      for (const [key, [field, value]] of Object.entries(def.counts)) {
        const el = rowField(row, field);
        if (el && valueOf(el) === value) n[key] += 1;
      }
    });
    const out = form.querySelector("[data-attendance-totals]");
    const fmt = form.querySelector("template[data-totals-format]");
    if (out && fmt) {
      const whole = n[def.share.whole];
      const exact = whole ? (def.share.scale * n[def.share.part]) / whole : 0;
      n.share = def.share.rounding === "half-even" ? roundHalfEven(exact) : Math.round(exact);
      let shown = fmt.innerHTML.trim();
      for (const [key, value] of Object.entries(n)) shown = shown.replace(`{${key}}`, value);
      out.textContent = shown;
    }
  }

  // ---- the position on site ---------------------------------------------------------------------
  // Read only when the user asks (the button): the browser then asks for permission. The
  // reading goes into the section's form and is saved as any section is, through the outbox
  // when there is no connection. A refusal or a failure says why, and changes nothing.
  const POSITION_FIELDS = ["latitude", "longitude", "position_accuracy", "positioned_at"];
  function positionInput(form, name) { return form.elements.namedItem(name); }
  function showReading(form) {
    const [lat, lng, accuracy, at] = POSITION_FIELDS.map((n) => (positionInput(form, n) || {}).value);
    const shown = form.querySelector("[data-position-shown]");
    if (!shown || !lat || !lng) return;
    const time = new Date(at).toLocaleString(document.documentElement.lang || undefined, {
      day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit",
    });
    shown.textContent = form.dataset.readingText.replace("{lat}", lat).replace("{lng}", lng)
      .replace("{accuracy}", accuracy).replace("{time}", time);
  }
  function positionStatus(form, message, cls) {
    const status = form.querySelector("[data-position-status]");
    status.textContent = message;
    status.className = "small mb-2 " + cls;
    status.hidden = !message;
  }
  function recordPosition(form, button) {
    const failed = (error) => {
      button.disabled = false;
      const why = { 1: "deniedText", 3: "timeoutText" }[error && error.code] || "unavailableText";
      positionStatus(form, form.dataset[why], "text-danger");
    };
    if (!navigator.geolocation) { failed(null); return; }
    button.disabled = true;
    positionStatus(form, form.dataset.waitingText, "text-body-secondary");
    navigator.geolocation.getCurrentPosition((position) => {
      button.disabled = false;
      positionStatus(form, "", "");
      const c = position.coords;
      const values = [c.latitude.toFixed(6), c.longitude.toFixed(6), String(Math.round(c.accuracy)),
        new Date(position.timestamp).toISOString()];
      POSITION_FIELDS.forEach((name, i) => { positionInput(form, name).value = values[i]; });
      showReading(form);
      saveDraft(form);  // kept on the device until the server has it
      form.requestSubmit();
    }, failed, { enableHighAccuracy: true, timeout: 30000, maximumAge: 0 });
  }
  document.addEventListener("click", (evt) => {
    const button = evt.target.closest("[data-position-record]");
    if (button) recordPosition(button.closest("form"), button);
  });

  // ---- wiring ---------------------------------------------------------------------------------
  function init(scope, restoreDrafts = true) {
    scope.querySelectorAll("[data-position-record]").forEach((button) => { button.hidden = false; });
    scope.querySelectorAll("form[data-draft-key]").forEach((form) => {
      const add = form.querySelector("[data-formset-add]");
      if (add) {
        add.hidden = false;
        add.addEventListener("click", () => { addRow(form); saveDraft(form); });
      }
      const draft = loadDraft(form);
      if (draft && restoreDrafts) {
        restore(form, draft);
        if (form.hasAttribute("data-position")) showReading(form);
      }
      else if (draft) setState(form, text.draftPendingText, "text-warning-emphasis");
      // What the form holds now (a section sent back with a row in error keeps its rows).
      updateTotals(form);
      form.addEventListener("input", () => { saveDraft(form); updateTotals(form); });
      form.addEventListener("change", () => { saveDraft(form); updateTotals(form); });
    });
  }
  init(document);

  document.body.addEventListener("htmx:configRequest", (evt) => {
    // After signing in again in another tab the CSRF token rotates; send the current one.
    const token = cookie("csrftoken");
    if (token) {
      evt.detail.headers["X-CSRFToken"] = token;
      evt.detail.parameters["csrfmiddlewaretoken"] = token;
    }
    // For the outbox, should the change have to wait (static/js/offline/sw.js): the draft it
    // holds, whether it replaces the section's earlier change, and a label.
    const form = evt.detail.elt.closest("form");
    if (!form) return;
    const section = sectionOf(form);
    const heading = section && section.querySelector("h2");
    const label = [text.visitTitle, heading ? heading.firstChild.textContent.trim() : ""];
    evt.detail.headers["X-Outbox-Label"] = encodeURIComponent(label.filter(Boolean).join(" · "));
    if (form.dataset.draftKey) {
      evt.detail.headers["X-Draft-Key"] = form.dataset.draftKey;
      if (form.dataset.versionField) evt.detail.headers["X-Outbox-Replaces"] = form.dataset.draftKey;
    }
  });
  document.body.addEventListener("htmx:beforeSwap", (evt) => {
    const form = evt.detail.requestConfig.elt.closest("form");
    if (evt.detail.xhr.getResponseHeader("X-Section-Saved") === "1" && form) {
      if (form.dataset.draftKey) clearDraft(form.dataset.draftKey);
      // Saved now: the refused change shown in this section, and refused earlier versions of
      // the section this save replaces, are settled.
      const section = sectionOf(form);
      if (section) settling.add(section.dataset.section);
      settleRefused(section, form.dataset.versionField ? form.dataset.draftKey : "");
    }
  });
  document.body.addEventListener("htmx:afterRequest", (evt) => {
    const queued = evt.detail.xhr && evt.detail.xhr.getResponseHeader("X-Outbox-Queued");
    const form = evt.detail.requestConfig.elt.closest("form");
    if (!queued || !form) return;
    if (!form.dataset.versionField) {
      // An addition (a finding, a photo) waits in the outbox: the form is free for the next.
      if (form.dataset.draftKey) clearDraft(form.dataset.draftKey);
      form.reset();
      updateTotals(form);
    }
    showOutbox();
  });
  document.body.addEventListener("htmx:afterSwap", (evt) => {
    // A swapped-in section already shows what the user sent (saved, or with errors).
    const scope = document.getElementById(evt.detail.target.id) || document;
    init(scope, false);
  });
  document.body.addEventListener("htmx:sendError", (evt) => {
    const form = evt.detail.requestConfig.elt.closest("form");
    if (form) setState(form, text.saveFailedText, "text-danger");
  });
  document.body.addEventListener("htmx:responseError", (evt) => {
    const form = evt.detail.requestConfig.elt.closest("form");
    if (!form) return;
    const status = evt.detail.xhr.status;
    setState(form, status === 401 ? text.sessionExpiredText : text.serverErrorText, "text-danger");
  });

  // ---- the outbox: what of this visit waits on the device ------------------------------------------
  const Offline = window.KotakuOffline;
  const Store = window.KotakuStore;
  const group = "/visits/" + root.dataset.visitCode;

  // The section a change was posted to, from its address.
  function sectionKeyOf(url) {
    const rest = url.slice(group.length + 1);
    if (rest.startsWith("edit/")) return rest.split("/")[1];
    if (rest.startsWith("attachments")) return "attachments";
    if (rest.startsWith("findings") || rest.startsWith("rktl")) return "findings";
    return "submit";
  }
  function stateOf(key) {
    const section = document.getElementById("section-" + key);
    return section && section.querySelector("[data-save-state]");
  }
  function mark(key, message, cls) {
    const el = stateOf(key);
    if (!el) return;
    el.innerHTML = "";
    const span = document.createElement("span");
    span.className = cls;
    span.textContent = message;
    el.appendChild(span);
  }

  // A change the server refused while the outbox was sent: show the section as the server
  // answered it (the conflict with both versions, or the errors), with the user's input.
  const settling = new Set();
  function showRefused(item, key) {
    if (settling.has(key)) return;
    const section = document.getElementById("section-" + key);
    if (!item.html || !section || section.dataset.outboxShown) return;
    if (section.contains(document.activeElement)) return;  // never under the user's typing
    const answer = new DOMParser().parseFromString(item.html, "text/html");
    const fresh = answer.getElementById("section-" + key);
    if (!fresh) return;
    fresh.dataset.outboxShown = item.id;
    fresh.setAttribute("open", "");
    section.replaceWith(document.importNode(fresh, true));
    activate(document.getElementById("section-" + key));
  }
  // A section put in place by this script, not by htmx: htmx must learn of its forms.
  function activate(section) {
    if (window.htmx) window.htmx.process(section);
    init(section, false);
  }
  async function settleRefused(section, replaces) {
    if (!section || !Offline || !Offline.enabled) return;
    const key = section.dataset.section;
    const shown = section.dataset.outboxShown;
    for (const item of await Store.list(Offline.userId)) {
      if (item.state !== "failed") continue;
      if (item.id === shown || (replaces && item.replaces === replaces)) {
        await Store.remove(Offline.userId, item.id);
      }
    }
    settling.delete(key);
    Offline.show();
    showOutbox();  // the next refused change of the section, if any
  }

  async function showOutbox() {
    if (!Offline || !Offline.enabled) return;
    const mine = (await Store.list(Offline.userId)).filter((i) => i.url.startsWith(group + "/"));
    const byKey = {};
    for (const item of mine) (byKey[sectionKeyOf(item.url)] = byKey[sectionKeyOf(item.url)] || []).push(item);
    for (const [key, items] of Object.entries(byKey)) {
      const failed = items.find((i) => i.state === "failed");
      if (failed) {
        showRefused(failed, key);
        mark(key, text.outboxFailedText, "text-danger");
      } else {
        const since = Offline.fmtTime(items[0].since);
        mark(key, text.outboxWaitingText.replace("{time}", since).replace("{n}", items.length), "text-warning-emphasis");
      }
    }
  }

  // A change of this visit reached the server: show the section as the server has it now
  // (new rows get their ids, the version moves on), unless the user is typing in it.
  async function reload(key) {
    const form = document.querySelector(`#section-${key} form[data-draft-key]`);
    if (form && loadDraft(form)) return;
    try {
      const response = await fetch(window.location.pathname, { credentials: "same-origin", redirect: "manual" });
      if (!response.ok) return;
      const page = new DOMParser().parseFromString(await response.text(), "text/html");
      for (const id of ["section-" + key, "section-submit"]) {
        const fresh = page.getElementById(id);
        const here = document.getElementById(id);
        if (fresh && here) {
          if (here.hasAttribute("open")) fresh.setAttribute("open", "");
          here.replaceWith(document.importNode(fresh, true));
          if (window.htmx) window.htmx.process(document.getElementById(id));
        }
      }
      init(document.getElementById("section-" + key), false);
      mark(key, text.savedText, "text-success");
    } catch (e) { /* offline again: the kept page stays */ }
  }

  document.addEventListener("kotaku:outbox", (evt) => {
    const msg = evt.detail || {};
    if (msg.type === "sent" && msg.item && msg.item.url.startsWith(group + "/")) {
      const key = sectionKeyOf(msg.item.url);
      if (key !== "submit") reload(key);
    }
    showOutbox();
  });
  showOutbox();
})();
