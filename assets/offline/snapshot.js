/* The last screens a verified user saw, kept in IndexedDB and shown when a launch cannot reach the
 * server (docs/offline-service-worker.md). tma_app/offline/snapshot.py mounts the React half, which
 * hands over Reflex's state store; the rules of what is kept come from Python (data-* below).
 *
 * Saved: the app's substates that differ from their compiled defaults, minus the states and fields
 * Python names (admin screens, idempotency keys, form input, in-flight flags), once the server has
 * verified the launch's user, never before, and at most MAX_CHARS of JSON. One record per device:
 * a different user signing in deletes it. Never initData: only what the screens showed.
 * Shown: on a launch whose websocket failed and still has not connected after WAIT_MS, for the
 * user the launch names; marked with data-tma-snapshot on <html> and a "tma:snapshot" event until
 * the socket connects (its first hydrate after a failure replaces the whole state). */
(function () {
  "use strict";
  var script = document.currentScript;
  var SKIP_STATES = new RegExp(script.getAttribute("data-skip-states"));
  var SKIP_FIELDS = new RegExp(script.getAttribute("data-skip-fields"));
  var SESSION = script.getAttribute("data-session");
  var MAX_CHARS = Number(script.getAttribute("data-max-chars"));
  var MAX_AGE_MS = Number(script.getAttribute("data-max-age-ms"));
  var WAIT_MS = Number(script.getAttribute("data-wait-ms"));
  var FIELD = "_rx_state_";
  var DB = "tma-offline", STORE = "snapshot", KEY = "last";
  var started = Date.now();
  var store = null, dispatch = null, initial = null, root = null, connectErrors = null;
  var errors = 0, connected = false, shown = 0, verifiedUser = null, timer = 0;

  function open() {
    return new Promise(function (resolve, reject) {
      if (!window.indexedDB) return reject(new Error("no IndexedDB"));
      var request = indexedDB.open(DB, 1);
      request.onupgradeneeded = function () { request.result.createObjectStore(STORE); };
      request.onsuccess = function () { resolve(request.result); };
      request.onerror = function () { reject(request.error); };
    });
  }

  function run(mode, work) {
    return open().then(function (db) {
      return new Promise(function (resolve, reject) {
        var tx = db.transaction(STORE, mode);
        var request = work(tx.objectStore(STORE));
        tx.oncomplete = function () { db.close(); resolve(request && request.result); };
        tx.onerror = tx.onabort = function () { db.close(); reject(tx.error); };
      });
    });
  }

  function read() { return run("readonly", function (s) { return s.get(KEY); }); }
  function write(record) { return run("readwrite", function (s) { return s.put(record, KEY); }); }
  function clear() { return run("readwrite", function (s) { return s.delete(KEY); }); }

  /* The Telegram user id the launch's initData names (the server verified it when auth_status is). */
  function launchUser() {
    try {
      var raw = window.tmaBridge ? window.tmaBridge.initData() : "";
      var user = JSON.parse(new URLSearchParams(raw).get("user") || "null");
      return user && typeof user.id === "number" ? user.id : null;
    } catch (error) {
      return null;
    }
  }

  function session() { return store.getSnapshot(SESSION) || {}; }
  function skipped(name) { return name === root || SKIP_STATES.test(name.split(".").pop()); }

  function capture() {
    var states = {}, sizes = [];
    Object.keys(initial).forEach(function (name) {
      if (skipped(name)) return;
      var now = store.getSnapshot(name), kept = {}, any = false;
      if (!now) return;
      Object.keys(now).forEach(function (field) {
        if (field.slice(-FIELD.length) !== FIELD || SKIP_FIELDS.test(field.slice(0, -FIELD.length))) return;
        if (JSON.stringify(now[field]) === JSON.stringify(initial[name][field])) return;
        kept[field] = now[field];
        any = true;
      });
      if (any) {
        states[name] = kept;
        sizes.push([name, JSON.stringify(kept).length]);
      }
    });
    // Bounded: the largest screens go first until the rest fits (the session's own is kept).
    sizes.sort(function (a, b) { return b[1] - a[1]; });
    var total = JSON.stringify(states).length;
    for (var i = 0; i < sizes.length && total > MAX_CHARS; i++) {
      if (sizes[i][0] === SESSION) continue;
      delete states[sizes[i][0]];
      total -= sizes[i][1];
    }
    return states;
  }

  function save() {
    timer = 0;
    if (!connected || shown || verifiedUser === null || session().auth_status_rx_state_ !== "verified") return;
    write({ user: verifiedUser, saved_at: Date.now(), states: capture() }).catch(function () {});
  }

  /* Connected: no error since the last attempt and the server's hydrate has arrived. */
  function update() {
    errors = connectErrors().length;
    connected = errors === 0 && (store.getSnapshot(root) || {}).is_hydrated_rx_state_ === true;
    if (connected && shown > 0) {
      shown = 0;
      mark(0);
    }
    if (connected) changed();
    else restore();
  }

  function changed() {
    if (!connected || shown) return;
    if (verifiedUser === null && session().auth_status_rx_state_ === "verified") {
      var user = launchUser();
      if (user === null) return;
      verifiedUser = user;
      // One user's screens per device: another user's record goes as soon as this one is verified.
      read().then(function (record) {
        if (record && record.user !== user) return clear();
      }).catch(function () {});
    }
    if (verifiedUser !== null && !timer) timer = setTimeout(save, 800);
  }

  function mark(value) {
    if (value) document.documentElement.setAttribute("data-tma-snapshot", String(value));
    else document.documentElement.removeAttribute("data-tma-snapshot");
    window.dispatchEvent(new CustomEvent("tma:snapshot", { detail: { savedAt: value || null } }));
  }

  function restore() {
    // Only after a failed attempt: Reflex's next connect then rehydrates in full (a first connect
    // sends only what differs from the compiled defaults, which would leave snapshot values behind).
    if (shown || connected || errors === 0 || Date.now() - started < WAIT_MS) return;
    var user = launchUser();
    if (user === null || session().auth_status_rx_state_ !== "pending") return;
    shown = -1;
    read().then(function (record) {
      if (connected || !record || record.user !== user || Date.now() - record.saved_at > MAX_AGE_MS) {
        shown = 0;
        return;
      }
      Object.keys(record.states).forEach(function (name) {
        if (!dispatch[name] || !initial[name] || skipped(name)) return;
        var delta = {};
        Object.keys(record.states[name]).forEach(function (field) {
          if (Object.prototype.hasOwnProperty.call(initial[name], field)) delta[field] = record.states[name][field];
        });
        dispatch[name](delta);
      });
      shown = record.saved_at;
      mark(shown);
    }).catch(function () { shown = 0; });
  }

  window.tmaSnapshot = {
    attach: function (stateStore, dispatchers, initialState, getConnectErrors) {
      if (store) return;
      connectErrors = getConnectErrors;
      store = stateStore;
      dispatch = dispatchers;
      initial = initialState;
      root = Object.keys(initial).filter(function (name) { return name.indexOf(".") < 0; })[0];
      Object.keys(initial).forEach(function (name) { store.subscribe(name, update); });
      setTimeout(update, Math.max(0, WAIT_MS - (Date.now() - started)));
      update();
    },
    // Called whenever Reflex's connectErrors (failed attempts since the last connect) change.
    connection: function () {
      if (store) update();
    },
    // What is shown: the saved time (ms) while the last screens stand in for the server's, else 0.
    shown: function () { return shown > 0 ? shown : 0; },
  };
})();
