/* The last screens of the verified user, kept in IndexedDB and shown read-only when a launch cannot
 * reach the server: docs/offline-service-worker.md. The rules are tma_app/offline/snapshot.py's
 * (its unit test keeps these copies equal); snapshot.py mounts the React half that calls attach(). */
(function () {
  "use strict";
  var SKIP_STATES = new RegExp("^reflex___|___admin___|____payment_state$");
  var SKIP_FIELDS = new RegExp("(^|_)key$|^acked$|^(address|phone|phone_hint|name|query|draft_line|draft_html|weight_text)$|^(placing|finishing|starting|saving|buying|working|streaming|claiming|busy|loading_more)$|^(notice|message|last_error|field_error|errors|price_errors|reconcile_error|server_now_ms)$");
  var SESSION = "reflex___state____state.tma_app___session___state____session_state";
  var MAX_CHARS = 200000;
  var MAX_AGE_MS = 2592000000;
  var WAIT_MS = 1500;
  var FIELD = "_rx_state_";
  // Its own database: the action queue (queue.js) has "tma-offline", and versions are per database.
  var DB = "tma-snapshot", STORE = "snapshot", KEY = "last";
  var started = Date.now();
  var store = null, dispatch = null, initial = null, root = null, connectErrors = null;
  var errors = 0, connected = false, shown = 0, verifiedUser = null, timer = 0, cleared = null;

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

  /* The user id the launch's initData names (verified by the server once auth_status says so). */
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
    // Bounded: the largest screens go first (never the session's).
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
    var record = { user: verifiedUser, saved_at: Date.now(), states: capture() };
    cleared.then(function () { return write(record); }).catch(function () {});
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
      // One user's screens per device: another user's go before this one's are written.
      cleared = read().then(function (record) {
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
    // Only after a failed attempt: Reflex's next connect then rehydrates in full (see the doc).
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
