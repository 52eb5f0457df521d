{% autoescape off %}// KOTAKU Monev's service worker: a facilitator's field pages kept on the phone, and the outbox
// of changes that could not be sent. Rendered by kotaku/offline.py; release {{ release }}.
//
// Pages: network first (with a time limit, the signal being weak more often than absent), the
// kept copy when the network fails. Only field pages (KEPT_PATHS) of a facilitator are kept,
// in a cache of that user's own. The app's files: from this release's cache.
// Changes: a post that the outbox takes (QUEUED_POSTS) is sent with an id made here; when it
// cannot be sent it is kept in the outbox with that id and sent again later, in order, until
// the server answers. The server applies each id once (kotaku/idempotency.py).
// A new release replaces only the app's files: the kept pages and the outbox stay.
"use strict";
importScripts("{{ store_url }}");
const Store = self.KotakuStore;
const RELEASE = "{{ release }}";
const STATIC_CACHE = "kotaku-static-" + RELEASE;
const STATIC_URLS = {{ static_urls }};
const KEPT_PATHS = {{ kept_paths }}.map((p) => new RegExp(p));
const QUEUED_POSTS = {{ queued_posts }}.map((p) => new RegExp(p));
const KIT_URL = "{% url 'offline_kit' %}";
const OUTBOX_URL = "{% url 'offline_outbox' %}";
const LOGIN_PATH = "{% url 'login' %}";
const NETWORK_TIME_LIMIT_MS = 6000;
const REFRESH_PARALLEL = 4;

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(STATIC_CACHE).then((cache) => cache.addAll(STATIC_URLS)).then(() => self.skipWaiting())
  );
});

// The files of earlier releases stay until a refresh has kept every page again: kept pages
// name the files of the release they were rendered by (hashed names in production).
self.addEventListener("activate", (event) => {
  event.waitUntil(Store.setRelease(RELEASE).then(() => self.clients.claim()));
});

async function dropEarlierReleases() {
  if ((await Store.release()) !== RELEASE) return;  // a later release is active: its business
  for (const name of await caches.keys()) {
    if (name.startsWith("kotaku-static-") && name !== STATIC_CACHE) await caches.delete(name);
  }
}

const matches = (patterns, path) => patterns.some((re) => re.test(path));

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.method === "POST" && matches(QUEUED_POSTS, url.pathname)) {
    event.respondWith(sendOrQueue(request));
  } else if (request.method === "GET" && request.mode === "navigate") {
    event.respondWith(page(request, event));
  } else if (request.method === "GET" && url.pathname.startsWith("/static/")) {
    event.respondWith(asset(request));
  }
});

// The app's files have their content's hash in their name in production: kept for good.
async function asset(request) {
  const kept = await caches.match(request);
  if (kept) return kept;
  const response = await fetch(request);
  if (response.ok) (await caches.open(STATIC_CACHE)).put(request, response.clone());
  return response;
}

// ---- pages -------------------------------------------------------------------------------------
function withTimeLimit(promise, ms) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("timeout")), ms);
    promise.then((v) => { clearTimeout(timer); resolve(v); }, (e) => { clearTimeout(timer); reject(e); });
  });
}
function keyOf(url) { const u = new URL(url); return u.origin + u.pathname; }

async function page(request, event) {
  const user = await Store.currentUser();
  const url = new URL(request.url);
  if (!user || !user.enabled || !matches(KEPT_PATHS, url.pathname)) {
    return fetch(request).catch(async () => (await offlinePage(user)) || Response.error());
  }
  const cache = await caches.open(Store.pagesCache(user.id));
  // The page as it is, kept in the background (the page is not held back by it). A filtered
  // list (an address with a query) is shown, not kept in place of the whole list.
  const keep = (response) => {
    if (response.ok && !response.redirected && !url.search) {
      event.waitUntil(cache.put(keyOf(request.url), response.clone()).catch(() => {}));
    }
    return response;
  };
  const network = fetch(request);
  try {
    return keep(await withTimeLimit(network, NETWORK_TIME_LIMIT_MS));
  } catch (e) {
    event.waitUntil(network.then(keep).catch(() => {}));
    return (await cache.match(keyOf(request.url), { ignoreVary: true })) ||
      (await offlinePage(user)) || Response.error();
  }
}

async function offlinePage(user) {
  if (!user || !user.enabled) return null;
  const cache = await caches.open(Store.pagesCache(user.id));
  return cache.match(new URL(OUTBOX_URL, self.location.origin).href, { ignoreVary: true });
}

// Fetches every page of the user's kit into their cache, and drops the pages no longer in it
// (a visit submitted since). Called by the pages when online, and after the outbox was sent.
let refreshing = null;
let stopping = null;  // aborts a refresh when the user signs out
function refresh() {
  refreshing = refreshing || doRefresh().finally(() => { refreshing = null; });
  return refreshing;
}
async function doRefresh() {
  stopping = new AbortController();
  const { signal } = stopping;
  const user = await Store.currentUser();
  if (!user || !user.enabled) return;
  const kit = await fetchKit(signal);
  if (!kit || kit.user !== user.id || !kit.enabled) return;
  const cache = await caches.open(Store.pagesCache(user.id));
  const wanted = kit.pages.map((p) => new URL(p, self.location.origin).href);
  const queue = wanted.slice();
  let kept = 0;
  let failures = 0;
  let signedOut = false;
  const stillTheirs = async () => {
    const now = await Store.currentUser();
    return !signal.aborted && now && now.id === user.id;
  };
  async function worker() {
    // A page that cannot be fetched keeps its earlier copy; three failures in a row mean the
    // connection is gone again. A redirect means the session ended: stop at once, so that no
    // more answers of the old session arrive (each renews its CSRF cookie).
    while (queue.length && failures < 3 && !signedOut && !signal.aborted) {
      const url = queue.shift();
      try {
        const response = await fetch(url, { credentials: "same-origin", redirect: "manual", signal });
        if (response.type === "opaqueredirect") signedOut = true;
        else if (response.ok && (await stillTheirs())) {
          await cache.put(url, response);
          kept += 1;
          failures = 0;
        }
      } catch (e) { failures += 1; }
    }
  }
  await Promise.all(Array.from({ length: REFRESH_PARALLEL }, worker));
  // The time shown is that of a complete refresh: a page that could not be fetched keeps
  // its earlier copy, and the time its earlier refresh.
  if (kept < wanted.length || signedOut || !(await stillTheirs())) return;
  const keep = new Set(wanted);
  for (const request of await cache.keys()) {
    if (!keep.has(request.url)) await cache.delete(request);
  }
  await Store.setMeta(user.id, "refreshedAt", new Date().toISOString());
  await dropEarlierReleases();
  await tell({ type: "refreshed" });
}

async function fetchKit(signal) {
  try {
    // Never following a redirect to the sign-in page: fetched in the background, it would set
    // a new CSRF cookie under the sign-in form the user is filling in.
    const response = await fetch(KIT_URL, {
      credentials: "same-origin", cache: "no-store", redirect: "manual", signal,
    });
    if (!response.ok || response.redirected) return null;
    return await response.json();
  } catch (e) {
    return null;
  }
}

// ---- changes: send, or keep in the outbox ---------------------------------------------------------
function newId() {
  return self.crypto.randomUUID ? self.crypto.randomUUID() :
    "10000000-1000-4000-8000-100000000000".replace(/[018]/g, (c) =>
      (c ^ (self.crypto.getRandomValues(new Uint8Array(1))[0] & (15 >> (c / 4)))).toString(16));
}

async function sendOrQueue(request) {
  const user = await Store.currentUser();
  if (!user || !user.enabled) return fetch(request);
  const url = new URL(request.url);
  const htmx = request.headers.get("HX-Request") === "true";
  const referrer = request.referrer ? new URL(request.referrer) : null;
  const item = {
    id: newId(),
    url: url.pathname,
    fields: await Store.fieldsOf(await request.clone().formData()),
    // What the page says about the change: which kept input it holds (cleared once sent),
    // which section it replaces, and a label for the outbox page.
    draftKey: request.headers.get("X-Draft-Key") || "",
    replaces: request.headers.get("X-Outbox-Replaces") || "",
    label: decodeURIComponent(request.headers.get("X-Outbox-Label") || ""),
    page: referrer && referrer.origin === url.origin ? referrer.pathname : "",
    // `since` is shown (kept when a later change replaces this one); `madeAt` is when its
    // input was taken, against which a draft typed later is kept.
    since: new Date().toISOString(),
    madeAt: new Date().toISOString(),
    attempts: 0,
    state: "waiting",
  };
  const group = Store.groupOf(item);
  // Waiting changes of the same record go first. One the server refused does not hold this
  // one back: it waits for the user, and this one may be what settles it.
  const earlier = (await Store.list(user.id)).some(
    (o) => Store.groupOf(o) === group && o.state !== "failed"
  );
  if (!earlier) {
    // Nothing of this record waits: send now, with the id, as the page asked. Marked as the
    // outbox's, so that an ended session answers 401 instead of the sign-in page.
    const headers = new Headers(request.headers);
    headers.set("X-Client-Request-Id", item.id);
    headers.set("X-Kotaku-Outbox", "1");
    // Offline the request never leaves the phone: a later change of the same section may
    // replace it. Online the server may get it even when no answer comes back.
    const wasOnline = self.navigator.onLine;
    try {
      const response = await fetch(request.url, {
        method: "POST",
        headers,
        body: await request.clone().arrayBuffer(),
        credentials: "same-origin",
        redirect: request.mode === "navigate" ? "manual" : "follow",
      });
      if (response.status === 401) item.error = "signin";
      else if (response.status < 500) return response;
    } catch (e) { /* no connection, or lost on the way: the outbox sends it again */ }
    item.attempts = wasOnline ? 1 : 0;
  }
  await Store.add(user.id, item);
  if (self.registration.sync) self.registration.sync.register("outbox").catch(() => {});
  await tell({ type: "queued", item: summary(item) });
  if (earlier) flush();
  if (htmx) {
    return new Response("", {
      status: 202,
      headers: { "X-Outbox-Queued": item.id, "X-Outbox-Since": item.since, "HX-Reswap": "none" },
    });
  }
  const back = item.page || OUTBOX_URL;
  if (item.error === "signin") {
    // The session ended: to the sign-in page, which says the change waits for it.
    const signIn = LOGIN_PATH + "?next=" + encodeURIComponent(back) + "#outbox-signin";
    return Response.redirect(new URL(signIn, self.location.origin).href, 303);
  }
  return Response.redirect(new URL(back + "#outbox", self.location.origin).href, 303);
}

function summary(item) {
  const { fields, html, ...rest } = item;
  return rest;
}

// Sends the outbox in order. A change the server refuses (a conflict, an error in the input,
// a visit no longer editable) stays, with the server's answer, until the user deals with it;
// later changes of the same record wait behind it. No connection: stop and try again later.
let flushing = null;
function flush() {
  flushing = flushing || doFlush().finally(() => { flushing = null; });
  return flushing;
}
async function doFlush() {
  const user = await Store.currentUser();
  if (!user || !user.enabled) return;
  const items = await Store.list(user.id);
  if (!items.length) return;
  const kit = await fetchKit();
  if (!kit) {
    await markAll(user.id, items, { error: navigatorOnline() ? "signin" : "" });
    return;
  }
  if (kit.user !== user.id) return;  // someone else is signed in: these wait for their owner
  const held = new Set();
  let sent = 0;
  for (const item of items) {
    const group = Store.groupOf(item);
    if (held.has(group)) continue;
    if (item.state === "failed") { held.add(group); continue; }
    // Counted before it leaves: from now on the server may have it, so a later change of
    // the same section must not replace it.
    if (!(await Store.update(user.id, item.id, { attempts: item.attempts + 1 }))) continue;
    let response;
    try {
      // Sent as the page's script sends a section: the answer is the section alone (not the
      // whole page), and an ended session is a 401 rather than the sign-in page.
      response = await fetch(item.url, {
        method: "POST",
        body: Store.formDataOf(item.fields, kit.csrfToken),
        headers: {
          "X-Client-Request-Id": item.id, "X-CSRFToken": kit.csrfToken, "HX-Request": "true",
          "X-Kotaku-Outbox": "1",
        },
        credentials: "same-origin",
        redirect: "follow",
      });
    } catch (e) {
      // No answer: the connection dropped, or the answer was lost after the server saved
      // (the resend is answered from the id). The pages ask again soon.
      await Store.update(user.id, item.id, { error: "" });
      await tell({ type: "interrupted" });
      break;
    }
    if (response.status === 401 ||
        (response.redirected && new URL(response.url).pathname === LOGIN_PATH)) {
      await Store.update(user.id, item.id, { error: "signin" });
      break;
    }
    if (response.ok && response.headers.get("X-Section-Saved") !== "0") {
      await Store.remove(user.id, item.id);
      sent += 1;
      await tell({ type: "sent", item: summary(item), section: response.headers.get("X-Section-Saved") });
      continue;
    }
    held.add(group);
    if (response.status >= 500) {
      await Store.update(user.id, item.id, { error: "server" });
      continue;
    }
    const html = await response.text();
    const status = parseInt(response.headers.get("X-Section-Status"), 10) || response.status;
    await Store.update(user.id, item.id, { state: "failed", status, html });
  }
  await tell({ type: "outbox" });
  // Once all is sent, the kept pages are fetched again to show what the server has now.
  if (sent && !(await Store.count(user.id))) await refresh();
}

function navigatorOnline() { return self.navigator.onLine; }

async function markAll(userId, items, changes) {
  for (const item of items) await Store.update(userId, item.id, changes);
}

async function tell(message) {
  for (const client of await self.clients.matchAll({ type: "window" })) client.postMessage(message);
}

self.addEventListener("sync", (event) => {
  if (event.tag === "outbox") event.waitUntil(flush());
});

self.addEventListener("message", (event) => {
  const data = event.data || {};
  const work = {
    flush: () => flush(),
    refresh: () => refresh(),
    user: () => Store.setCurrentUser(data.user),
    stop: async () => { if (stopping) stopping.abort(); },
  }[data.type];
  if (work) event.waitUntil(work().then(() => event.source && event.source.postMessage({ type: "done", of: data.type })));
});
{% endautoescape %}
