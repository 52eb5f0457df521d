// The outbox page: what waits on this device, in order, with its state; each change can be
// sent again, saved to a file (with its photos, as JSON) or discarded after a confirmation.
(function () {
  "use strict";
  const root = document.querySelector("[data-outbox]");
  const Offline = window.KotakuOffline;
  const Store = window.KotakuStore;
  if (!root || !Offline || !Offline.enabled) return;
  const t = root.dataset;
  const userId = Offline.userId;

  function reason(item) {
    if (item.state === "failed") {
      const known = t["reason-" + item.status] || t["reason" + item.status];
      return t.failedText.replace("{reason}", known || t.reasonOther.replace("{status}", item.status));
    }
    if (item.error === "server") return t.failedText.replace("{reason}", t.reasonServer);
    if (item.error === "signin") return t.failedText.replace("{reason}", t.reasonSignin);
    return t.waitingText.replace("{time}", Offline.fmtTime(item.since));
  }
  // What a change is, for changes posted by whole-page forms (the fill-in page labels its own).
  function describe(item) {
    if (item.label) return item.label;
    const field = (name) => (item.fields.find(([n]) => n === name) || [, ""])[1];
    const parts = item.url.split("/").filter(Boolean);
    if (item.url === "/visits/new/") return t.planLabel.replace("{title}", field("title"));
    if (parts[0] === "rktl" && parts[2] === "progress") return t.progressLabel.replace("{code}", parts[1]);
    if (parts[0] === "visits" && parts[2] === "submit") return t.submitLabel.replace("{code}", parts[1]);
    return item.url;
  }
  function size(bytes) {
    return bytes > 1048576 ? (bytes / 1048576).toFixed(1) + " MB" : Math.ceil(bytes / 1024) + " KB";
  }
  function button(label, cls, onClick) {
    const b = document.createElement("button");
    b.type = "button";
    b.className = "btn btn-sm " + cls;
    b.textContent = label;
    b.addEventListener("click", onClick);
    return b;
  }

  async function render() {
    const items = await Store.list(userId);
    const list = root.querySelector("[data-outbox-list]");
    list.innerHTML = "";
    root.querySelector("[data-outbox-summary]").textContent = items.length ? "" : t.emptyText;
    for (const item of items) {
      const li = document.createElement("li");
      li.className = "list-group-item d-flex flex-column gap-1";
      li.dataset.testid = "outbox-item";
      const title = document.createElement("div");
      title.className = "fw-semibold";
      title.textContent = describe(item);
      const files = item.fields.filter(([, v]) => typeof v !== "string");
      const detail = document.createElement("div");
      detail.className = "small " + (item.state === "failed" || item.error ? "text-danger" : "text-body-secondary");
      detail.dataset.outboxState = item.state;
      detail.textContent = reason(item) + (files.length ?
        " · " + t.filesText.replace("{n}", files.length).replace("{size}", size(Store.bytesOf(item))) : "");
      const actions = document.createElement("div");
      actions.className = "d-flex flex-wrap gap-2";
      if (item.page) {
        const open = document.createElement("a");
        open.href = item.page;
        open.className = "btn btn-sm btn-outline-primary";
        open.textContent = t.openLabel;
        actions.appendChild(open);
      }
      actions.appendChild(button(t.retryLabel, "btn-outline-primary", async () => {
        await Store.update(userId, item.id, { state: "waiting", error: "" });
        await Offline.ask("flush");
      }));
      actions.appendChild(button(t.saveLabel, "btn-outline-secondary", () => save(item)));
      actions.appendChild(button(t.discardLabel, "btn-outline-danger", async () => {
        if (!window.confirm(t.discardConfirm)) return;
        await Store.remove(userId, item.id);
        await Offline.show();
        render();
      }));
      li.append(title, detail, actions);
      list.appendChild(li);
    }
    if (navigator.storage && navigator.storage.estimate) {
      const { usage, quota } = await navigator.storage.estimate();
      root.querySelector("[data-outbox-storage]").textContent = size(usage) + " / " + size(quota);
    }
  }

  // The change as a file the user can keep or send to a colleague: files in base64.
  function save(item) {
    const fields = item.fields.map(([name, value]) => {
      if (typeof value === "string") return [name, value];
      let binary = "";
      const bytes = new Uint8Array(value.data);
      for (let i = 0; i < bytes.length; i += 0x8000) {
        binary += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
      }
      return [name, { file: value.file, type: value.type, base64: btoa(binary) }];
    }).filter(([name]) => name !== "csrfmiddlewaretoken");
    const { html, ...rest } = item;
    const blob = new Blob([JSON.stringify({ ...rest, fields }, null, 1)], { type: "application/json" });
    const a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = "kotaku-outbox-" + item.since.slice(0, 16).replace(/[:T]/g, "-") + ".json";
    document.body.appendChild(a);
    a.click();
    setTimeout(() => { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
  }

  root.querySelector("[data-outbox-send]").addEventListener("click", () => Offline.ask("flush"));
  root.querySelector("[data-outbox-refresh]").addEventListener("click", () => Offline.ask("refresh"));
  document.addEventListener("kotaku:outbox", render);
  render();
})();
