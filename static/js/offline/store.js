// The device's side of the offline app, shared by the pages and the service worker: the
// outbox of changes waiting to be sent, and what the device knows about who is signed in.
//
// IndexedDB, one database per user ("kotaku-user-<id>"), so that another user signing in on
// the same phone never sees the first one's changes, and signing out removes exactly one
// database. A small database "kotaku" holds who is signed in now. The schema only ever gains
// stores (onupgradeneeded), so a new release never loses what a phone keeps.
(function (scope) {
  "use strict";
  const DB_VERSION = 1;

  function request(req) {
    return new Promise((resolve, reject) => {
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
  }
  function open(name, upgrade) {
    const req = indexedDB.open(name, DB_VERSION);
    req.onupgradeneeded = () => upgrade(req.result);
    return request(req);
  }
  function openMain() {
    return open("kotaku", (db) => {
      if (!db.objectStoreNames.contains("meta")) db.createObjectStore("meta");
    });
  }
  function openUser(userId) {
    return open("kotaku-user-" + userId, (db) => {
      if (!db.objectStoreNames.contains("outbox")) {
        const outbox = db.createObjectStore("outbox", { keyPath: "id" });
        outbox.createIndex("seq", "seq");
      }
      if (!db.objectStoreNames.contains("meta")) db.createObjectStore("meta");
    });
  }
  async function run(dbPromise, storeName, mode, work) {
    const db = await dbPromise;
    try {
      const tx = db.transaction(storeName, mode);
      const result = await work(tx.objectStore(storeName));
      await new Promise((resolve, reject) => {
        tx.oncomplete = resolve;
        tx.onerror = () => reject(tx.error);
        tx.onabort = () => reject(tx.error);
      });
      return result;
    } finally {
      db.close();
    }
  }

  // ---- who is signed in ------------------------------------------------------------------------
  // {id, enabled} of the user whose pages this device serves now, or null.
  async function currentUser() {
    return run(openMain(), "meta", "readonly", (s) => request(s.get("user"))).then((u) => u || null);
  }
  function setCurrentUser(user) {
    return run(openMain(), "meta", "readwrite", (s) => request(s.put(user, "user")));
  }

  // The release of the worker activated last: a worker of an earlier release, still finishing
  // its work, must not drop the files of a later one.
  function release() {
    return run(openMain(), "meta", "readonly", (s) => request(s.get("release")));
  }
  function setRelease(value) {
    return run(openMain(), "meta", "readwrite", (s) => request(s.put(value, "release")));
  }

  // ---- the users this device keeps something for ----------------------------------------------
  // Opening a database creates it: reads and updates go only to a user's database that was
  // written on purpose (a change kept, a refresh), so that nothing recreates the database of
  // a user who signed out, not even a send that was still running then.
  async function users() {
    return (await run(openMain(), "meta", "readonly", (s) => request(s.get("users")))) || [];
  }
  async function remember(userId) {
    const known = await users();
    if (!known.includes(userId)) {
      await run(openMain(), "meta", "readwrite", (s) => request(s.put([...known, userId], "users")));
    }
  }
  async function ifKnown(userId, fallback, work) {
    return (await users()).includes(userId) ? work() : fallback;
  }

  // ---- per user: meta and outbox -----------------------------------------------------------------
  function getMeta(userId, key) {
    return ifKnown(userId, undefined,
      () => run(openUser(userId), "meta", "readonly", (s) => request(s.get(key))));
  }
  async function setMeta(userId, key, value) {
    await remember(userId);
    return run(openUser(userId), "meta", "readwrite", (s) => request(s.put(value, key)));
  }
  function list(userId) {
    return ifKnown(userId, [],
      () => run(openUser(userId), "outbox", "readonly", (s) => request(s.index("seq").getAll())));
  }
  function count(userId) {
    return ifKnown(userId, 0,
      () => run(openUser(userId), "outbox", "readonly", (s) => request(s.count())));
  }
  // Adds `item` at the end of the outbox. A change of a section whose earlier change has not
  // been tried yet replaces it in its place: the later one holds everything the earlier did.
  async function add(userId, item) {
    await remember(userId);
    return run(openUser(userId), "outbox", "readwrite", async (s) => {
      const all = await request(s.index("seq").getAll());
      const last = all.length ? all[all.length - 1].seq : 0;
      const earlier = item.replaces && all.find(
        (old) => old.replaces === item.replaces && old.url === item.url && !old.attempts
      );
      if (earlier) {
        s.delete(earlier.id);
        item.seq = earlier.seq;
        item.since = earlier.since;
      } else {
        item.seq = last + 1;
      }
      await request(s.put(item));
      return item;
    });
  }
  function update(userId, id, changes) {
    return ifKnown(userId, null, () => run(openUser(userId), "outbox", "readwrite", async (s) => {
      const item = await request(s.get(id));
      if (!item) return null;
      Object.assign(item, changes);
      await request(s.put(item));
      return item;
    }));
  }
  function remove(userId, id) {
    return ifKnown(userId, undefined,
      () => run(openUser(userId), "outbox", "readwrite", (s) => request(s.delete(id))));
  }
  async function forgetUser(userId) {
    const known = (await users()).filter((id) => id !== userId);
    await run(openMain(), "meta", "readwrite", (s) => request(s.put(known, "users")));
    return request(indexedDB.deleteDatabase("kotaku-user-" + userId));
  }

  // ---- form data in and out -------------------------------------------------------------------------
  // A change is kept as its fields: [name, text] or [name, {file: name, type, data}], so that
  // files survive (as ArrayBuffer: Safari has dropped Blobs kept in IndexedDB) and the sign-in
  // token can be replaced when it is sent.
  async function fieldsOf(formData) {
    const fields = [];
    for (const [name, value] of formData.entries()) {
      if (typeof value === "string") fields.push([name, value]);
      else if (value.size || value.name) {
        fields.push([name, { file: value.name, type: value.type, data: await value.arrayBuffer() }]);
      }
    }
    return fields;
  }
  function formDataOf(fields, csrfToken) {
    const data = new FormData();
    for (const [name, value] of fields) {
      if (name === "csrfmiddlewaretoken") data.append(name, csrfToken || value);
      else if (typeof value === "string") data.append(name, value);
      else data.append(name, new Blob([value.data], { type: value.type }), value.file);
    }
    return data;
  }
  function bytesOf(item) {
    let n = 0;
    for (const [name, value] of item.fields) {
      n += name.length + (typeof value === "string" ? value.length : value.data.byteLength);
    }
    return n;
  }

  // The record a change belongs to ("/visits/AB12CD"): changes of one record are sent in
  // order, and a refused one holds back those after it. A new record (a visit planned) is a
  // record of its own. Takes an outbox item, or an address.
  function groupOf(itemOrPath) {
    const path = typeof itemOrPath === "string" ? itemOrPath : itemOrPath.url;
    const parts = path.split("/").filter(Boolean);
    if (parts[1] === "new") return typeof itemOrPath === "string" ? path : path + "#" + itemOrPath.id;
    return "/" + parts.slice(0, 2).join("/");
  }
  function pagesCache(userId) { return "kotaku-pages-" + userId; }

  scope.KotakuStore = {
    currentUser, setCurrentUser, release, setRelease, getMeta, setMeta, list, count, add, update, remove,
    forgetUser, fieldsOf, formDataOf, bytesOf, groupOf, pagesCache,
  };
})(self);
