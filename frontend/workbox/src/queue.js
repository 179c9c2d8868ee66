/* The durable action queue: what a user does while the connection is down is kept, then sent once.
 *
 * Reflex sends every tap as an event over one websocket and keeps unsent events in memory only,
 * so a closed Mini App forgot them and a socket that died silently swallowed them. Actions the
 * demos mark durable (tma_app/offline/durable.py) come here instead: each gets a key, is stored in
 * IndexedDB under the verified user's tag, sent when the socket is up, and forgotten only when the
 * server says it handled it (ActionQueueState.handled). The server applies each action once: keyed
 * actions are deduplicated by their own idempotency keys, quantities are absolute values.
 *
 * Never silently dropped: an action is sent again (same key, backing off) until the server answers;
 * refused ones are rolled back by their handlers with a reason. Only two kinds are dropped, with a
 * notice: actions queued by another account on this device, and actions older than MAX_AGE_MS.
 * Without IndexedDB (some private modes) the queue lives in memory and says so (storage: "memory").
 *
 * window.tmaQueue: push(action), attach(send), identify(owner), connected(up), handled(keys),
 * subscribe(listener) -> unsubscribe, status(), dismiss(), socket() (the connect attempts, for diagnostics).
 */
(() => {
  "use strict";
  if (window.tmaQueue) return;

  const DB_NAME = "tma-offline";
  const STORE = "actions";
  const MAX_AGE_MS = 24 * 60 * 60 * 1000;
  // Replays are paced: the anomaly rule flags five events less than 100 ms apart.
  const GAP_MS = 140;
  const WINDOW = 6; // sent and not yet answered, at most
  const FIRST_RESEND_MS = 8000; // no answer by then: the socket may have died silently
  const MAX_RESEND_MS = 60000;
  const DOUBLE_TAP_MS = 600; // the same target again this soon, still unanswered, is one tap

  const q = {
    owner: "",
    up: false,
    storage: "indexeddb",
    entries: [],
    sent: new Map(), // key -> {at, wait}
    send: null,
    dropped: { other: 0, old: 0 },
    listeners: new Set(),
    seq: 0,
    timer: null,
    pumping: false,
  };

  // ---- storage: IndexedDB, or memory where it is unavailable ----
  let dbPromise = null;
  const db = () => {
    if (dbPromise) return dbPromise;
    dbPromise = new Promise((resolve) => {
      try {
        const request = indexedDB.open(DB_NAME, 1);
        request.onupgradeneeded = () => request.result.createObjectStore(STORE, { keyPath: "key" });
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => resolve(null);
        request.onblocked = () => resolve(null);
      } catch (error) {
        resolve(null);
      }
    }).then((handle) => {
      if (!handle) {
        q.storage = "memory";
        notify();
      }
      return handle;
    });
    return dbPromise;
  };

  const tx = async (mode, work) => {
    const handle = await db();
    if (!handle) return undefined;
    return new Promise((resolve) => {
      try {
        const transaction = handle.transaction(STORE, mode);
        const result = work(transaction.objectStore(STORE));
        transaction.oncomplete = () => resolve(result && "result" in result ? result.result : undefined);
        transaction.onerror = () => resolve(undefined);
        transaction.onabort = () => resolve(undefined);
      } catch (error) {
        resolve(undefined);
      }
    });
  };
  const save = (entry) => tx("readwrite", (store) => store.put(entry));
  const forget = (key) => tx("readwrite", (store) => store.delete(key));
  const loadAll = async () => (await tx("readonly", (store) => store.getAll())) || [];

  // ---- what the page shows ----
  const status = () => ({
    up: q.up,
    pending: q.entries.length,
    orders: q.entries.filter((entry) => entry.kind === "order").length,
    storage: q.storage,
    droppedOther: q.dropped.other,
    droppedOld: q.dropped.old,
    targets: q.entries.map((entry) => entry.target).filter(Boolean),
  });
  let snapshot = status();
  const notify = () => {
    snapshot = status();
    q.listeners.forEach((listener) => {
      try {
        listener(snapshot);
      } catch (error) {
        console.error("tmaQueue listener", error);
      }
    });
  };

  const newKey = () =>
    window.crypto && crypto.randomUUID
      ? crypto.randomUUID().replace(/-/g, "")
      : Date.now().toString(36) + Math.random().toString(36).slice(2, 12);

  // ---- taking actions ----
  // True when the queue took the action; false tells the caller to send it the usual way.
  const push = (action) => {
    if (!q.owner || !action || typeof action.name !== "string") return false;
    const now = Date.now();
    const payload = { ...(action.payload || {}) };
    // A double tap is one action: a second tap while the first is still unanswered, moments
    // later, carries the first one's idempotency key, so the server acts once and answers both.
    if (action.once && action.target && typeof payload.key === "string") {
      const first = q.entries.find(
        (entry) => entry.target === action.target && now - entry.at < DOUBLE_TAP_MS && entry.payload.key,
      );
      if (first) payload.key = first.payload.key;
    }
    // The very same action already waiting (an order tapped twice carries the same key): one is enough.
    const same = JSON.stringify(payload);
    if (q.entries.some((entry) => entry.name === action.name && JSON.stringify(entry.payload) === same)) return true;
    const entry = {
      key: newKey(),
      owner: q.owner,
      at: now,
      seq: now * 1000 + (q.seq++ % 1000),
      name: action.name,
      payload,
      target: action.target || "",
      kind: action.kind || "change",
    };
    q.entries.push(entry);
    // The banner counts it once it is stored: an app closed right after shows nothing it would lose.
    save(entry).then(notify);
    pump();
    return true;
  };

  const drop = (entry) => {
    q.entries = q.entries.filter((other) => other.key !== entry.key);
    q.sent.delete(entry.key);
    forget(entry.key);
  };

  const handled = (keys) => {
    if (!Array.isArray(keys) || keys.length === 0) return;
    const done = new Set(keys);
    const finished = q.entries.filter((entry) => done.has(entry.key));
    if (finished.length === 0) return;
    finished.forEach(drop);
    // An earlier change to the same value that was never answered is superseded by a later one
    // the server applied: sending it now would put the old value back.
    finished.forEach((entry) => {
      if (!entry.target || entry.kind !== "change") return;
      q.entries
        .filter((other) => other.target === entry.target && other.kind === "change" && other.seq < entry.seq)
        .forEach(drop);
    });
    notify();
    pump();
  };

  // ---- sending ----
  const due = (entry, now) => {
    const sent = q.sent.get(entry.key);
    return !sent || now - sent.at >= sent.wait;
  };

  // An absolute change never sent, with a later change of the same thing queued behind it: its
  // effect would be overwritten at once, so it is not sent (ten taps on + offline send one value).
  const overwritten = (entry) =>
    entry.kind === "change" &&
    entry.target &&
    !q.sent.has(entry.key) &&
    q.entries.some(
      (other) => other.kind === "change" && other.target === entry.target && other.seq > entry.seq,
    );

  const sendOne = (entry) => {
    const previous = q.sent.get(entry.key);
    const wait = previous ? Math.min(previous.wait * 2, MAX_RESEND_MS) : FIRST_RESEND_MS;
    q.sent.set(entry.key, { at: Date.now(), wait });
    q.send(entry.name, { ...entry.payload, queued: entry.key });
  };

  const pump = async () => {
    if (q.pumping) return;
    q.pumping = true;
    try {
      for (;;) {
        if (!q.up || !q.send || !q.owner) return;
        const now = Date.now();
        const waiting = q.entries.filter((entry) => q.sent.has(entry.key) && !due(entry, now)).length;
        const next = q.entries.find((entry) => entry.owner === q.owner && due(entry, now));
        if (!next || waiting >= WINDOW) return;
        if (overwritten(next)) {
          drop(next);
          notify();
          continue;
        }
        sendOne(next);
        await new Promise((resolve) => setTimeout(resolve, GAP_MS));
      }
    } finally {
      q.pumping = false;
      schedule();
    }
  };

  // Wake up for the next resend while anything is unanswered.
  const schedule = () => {
    clearTimeout(q.timer);
    if (q.entries.length === 0) return;
    q.timer = setTimeout(pump, 1000);
  };

  // ---- the page tells the queue what it knows ----
  const identify = async (owner) => {
    owner = typeof owner === "string" ? owner : "";
    if (owner === q.owner) return;
    q.owner = owner;
    q.sent.clear();
    if (!owner) {
      notify();
      return;
    }
    const stored = await loadAll();
    const known = new Set(q.entries.map((entry) => entry.key));
    const now = Date.now();
    for (const entry of stored) {
      if (known.has(entry.key)) continue;
      if (entry.owner !== owner) {
        q.dropped.other += 1;
        forget(entry.key);
      } else if (now - entry.at > MAX_AGE_MS) {
        q.dropped.old += 1;
        forget(entry.key);
      } else {
        q.entries.push(entry);
      }
    }
    // Entries of the previous account still in memory are not sent under this one.
    q.entries = q.entries.filter((entry) => {
      if (entry.owner === owner) return true;
      q.dropped.other += 1;
      forget(entry.key);
      return false;
    });
    q.entries.sort((a, b) => a.seq - b.seq);
    notify();
    pump();
  };

  const connected = (up) => {
    up = !!up;
    if (up === q.up) return;
    q.up = up;
    // Whatever was in flight on the old socket may be lost: send it again, same keys.
    if (up) q.sent.clear();
    notify();
    pump();
  };

  const attach = (send) => {
    q.send = typeof send === "function" ? send : null;
    pump();
  };

  const subscribe = (listener) => {
    q.listeners.add(listener);
    listener(snapshot);
    return () => q.listeners.delete(listener);
  };

  const dismiss = () => {
    q.dropped = { other: 0, old: 0 };
    notify();
  };

  // The socket's own signals (Reflex's instrumentation hooks), chained with any already installed.
  const hooks = (window.__reflex_otel = window.__reflex_otel || {});
  const chain = (name, mine) => {
    const theirs = hooks[name];
    hooks[name] = (...args) => {
      mine(...args);
      if (typeof theirs === "function") return theirs(...args);
      return undefined;
    };
  };

  // ---- the socket's connect attempts ----
  // socket.io gives up on a connect attempt only when it errors or after 20 s. Its engine closes
  // an attempt still under way when the browser reports the network gone, without an error: the
  // attempt then counts as running, Reflex starts no other, and a user back online waited up to
  // 20 s for anything to be sent (seen when the socket dropped a moment before the browser said
  // offline, e.g. leaving wifi). An attempt the network took away is failed here instead, so
  // Reflex retries at once. Its socket.io client takes WebSocket, and adds its own `offline` listener,
  // when its module loads: this script is not deferred, so it runs first (components.py: head_scripts).
  const EVENT_PATH = "/_event";
  const attempts = { ws: null, connected: false, startedOffline: false, started: 0, failed: 0 };
  if (typeof window.WebSocket === "function" && typeof Proxy === "function") {
    window.WebSocket = new Proxy(window.WebSocket, {
      construct(target, args, newTarget) {
        const ws = Reflect.construct(target, args, newTarget);
        if (String(args[0]).includes(EVENT_PATH)) {
          attempts.ws = ws;
          attempts.connected = false;
          attempts.startedOffline = navigator.onLine === false;
          attempts.started += 1;
          // Closed before it ever opened (the network took it away while offline or as it came back):
          // its engine hears only the close, which socket.io ignores while connecting, so it would
          // wait out its 20 s timeout. Listeners added here run before the engine's onclose: fail it first.
          let opened = false;
          ws.addEventListener("open", () => { opened = true; });
          ws.addEventListener("close", () => {
            if (opened || attempts.ws !== ws) return;
            attempts.ws = null;
            attempts.failed += 1;
            ws.dispatchEvent(new Event("error"));
          });
        }
        return ws;
      },
    });
  }
  const failAttempt = () => {
    const ws = attempts.ws;
    if (!ws || attempts.connected || ws.readyState > 1) return; // connected, or already closing
    attempts.ws = null;
    attempts.failed += 1;
    // Its engine hears a transport error: socket.io reports connect_error and Reflex retries.
    ws.dispatchEvent(new Event("error"));
  };
  chain("onSocketConnect", () => {
    attempts.connected = true;
    connected(true);
  });
  chain("onSocketDisconnect", () => {
    attempts.connected = false;
    connected(false);
  });
  const socket = () => ({
    connected: attempts.connected,
    attempt: attempts.ws ? ["connecting", "open", "closing", "closed"][attempts.ws.readyState] : "none",
    started: attempts.started,
    failed: attempts.failed,
  });
  // Added before the engine's own listener, so it runs first (window listeners run in the order added).
  window.addEventListener("offline", () => {
    failAttempt();
    connected(false);
  });
  // Back online: an attempt begun while offline is doomed or stuck; Reflex starts a fresh one when
  // the queue sends. The socket may also have survived a short blip (no connect event then). Sending
  // through Reflex is safe either way: it holds events until its socket is up, and keys make resends harmless.
  window.addEventListener("online", () => {
    if (attempts.startedOffline) failAttempt();
    connected(true);
  });

  db();
  // What the page learned before this script ran (tma_app/offline/components.py: queue_link).
  const link = window.__tmaQueueLink;
  if (link) {
    // Hydrated means the socket connected before the connect hook above was installed.
    if (link.hydrated && navigator.onLine !== false) q.up = true;
    if (link.send) attach(link.send);
    if (link.owner) identify(link.owner);
    if (link.handled) handled(link.handled);
  }
  window.tmaQueue = { push, attach, identify, connected, handled, subscribe, status: () => snapshot, dismiss, socket };
})();
