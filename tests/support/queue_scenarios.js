// Runs the shipped assets/offline/queue.js in Node (in memory, or on a fake IndexedDB) through scenarios and prints
// what it sent and kept, as JSON, for tests/unit/offline/test_queue_js.py to check.
"use strict";
const fs = require("fs");
const path = require("path");
const source = fs.readFileSync(path.join(__dirname, "../../assets/offline/queue.js"), "utf8");

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// Just enough of IndexedDB for queue.js: one database of one object store, kept across page loads.
function fakeIndexedDB(stores) {
  const later = (fn) => setTimeout(fn, 0);
  const request = (result) => {
    const req = { result };
    later(() => req.onsuccess && req.onsuccess());
    return req;
  };
  return {
    open(name) {
      const store = (stores[name] = stores[name] || new Map());
      const db = {
        transaction() {
          const tx = {
            objectStore: () => ({
              put: (value) => { store.set(value.key, structuredClone(value)); return request(value.key); },
              delete: (key) => { store.delete(key); return request(undefined); },
              getAll: () => request([...store.values()].map((v) => structuredClone(v))),
            }),
          };
          later(() => tx.oncomplete && tx.oncomplete());
          return tx;
        },
        createObjectStore() {},
      };
      const req = { result: db };
      later(() => { if (req.onupgradeneeded) req.onupgradeneeded(); if (req.onsuccess) req.onsuccess(); });
      return req;
    },
  };
}

function fresh(stores, { WebSocket, navigator = { onLine: true } } = {}) {
  const listeners = {};
  const win = {
    addEventListener: (name, fn) => ((listeners[name] = listeners[name] || []).push(fn)),
    crypto: globalThis.crypto,
    WebSocket,
  };
  const run = new Function("window", "navigator", "indexedDB", "crypto", source);
  run(win, navigator, stores ? fakeIndexedDB(stores) : undefined, globalThis.crypto);
  const sent = [];
  win.tmaQueue.attach((name, payload) => sent.push({ name, payload }));
  return { queue: win.tmaQueue, sent, win, fire: (name) => (listeners[name] || []).forEach((fn) => fn()) };
}

// A websocket that only counts the error events it hears, as the socket.io engine listening on it would.
class CountingSocket extends EventTarget {
  constructor(url) {
    super();
    this.url = url;
    this.readyState = 0; // connecting
    this.errors = 0;
    this.addEventListener("error", () => (this.errors += 1));
  }
}

async function main() {
  const results = {};

  // Offline: three absolute changes of one line and two added sets, then the socket comes back.
  {
    const { queue, sent } = fresh();
    await queue.identify("owner-a");
    queue.connected(false);
    for (const quantity of [2, 3, 4]) {
      queue.push({ name: "cart.set_quantity", kind: "change", target: "line:1", payload: { quantity } });
    }
    queue.push({ name: "fitness.log_set", kind: "add", target: "set", payload: { key: "k1", reps: 8 } });
    queue.push({ name: "fitness.log_set", kind: "add", target: "set", payload: { key: "k2", reps: 9 } });
    await sleep(20);  // counted once stored
    const pendingOffline = queue.status().pending;
    const sentOffline = sent.length;
    queue.connected(true);
    await sleep(1200);
    results.replay = {
      pendingOffline,
      sentOffline,
      sent: sent.map((s) => [s.name, s.payload.quantity ?? s.payload.reps]),
      queuedKeys: sent.every((s) => typeof s.payload.queued === "string" && s.payload.queued.length >= 8),
      pendingAfterSend: queue.status().pending,
    };
    queue.handled(sent.map((s) => s.payload.queued));
    results.replay.pendingAfterHandled = queue.status().pending;
  }

  // An earlier change sent but never answered is dropped once a later change of the same line is answered.
  {
    const { queue, sent } = fresh();
    await queue.identify("owner-a");
    queue.connected(true);
    queue.push({ name: "cart.set_quantity", kind: "change", target: "line:1", payload: { quantity: 2 } });
    await sleep(300);
    queue.push({ name: "cart.set_quantity", kind: "change", target: "line:1", payload: { quantity: 3 } });
    await sleep(300);
    queue.handled([sent[sent.length - 1].payload.queued]);
    results.supersede = { sent: sent.map((s) => s.payload.quantity), pending: queue.status().pending };
  }

  // A double tap shares the first tap's key; the very same action is not queued twice.
  {
    const { queue } = fresh();
    await queue.identify("owner-a");
    queue.connected(false);
    queue.push({ name: "fitness.log_set", kind: "add", target: "set", once: true, payload: { key: "first", stamp: 1 } });
    queue.push({ name: "fitness.log_set", kind: "add", target: "set", once: true, payload: { key: "second", stamp: 2 } });
    queue.push({ name: "shop.place_order", kind: "order", target: "order", payload: { key: "order-key" } });
    queue.push({ name: "shop.place_order", kind: "order", target: "order", payload: { key: "order-key" } });
    await sleep(20);  // counted once stored
    results.doubleTap = { pending: queue.status().pending, orders: queue.status().orders };
    const { sent } = { sent: [] };
    queue.attach((name, payload) => sent.push(payload));
    queue.connected(true);
    await sleep(800);
    results.doubleTap.keys = sent.map((p) => p.key);
  }

  // Another account on the same device: nothing queued by the first is sent under the second.
  {
    const { queue, sent } = fresh();
    await queue.identify("owner-a");
    queue.connected(false);
    queue.push({ name: "cart.set_quantity", kind: "change", target: "line:1", payload: { quantity: 5 } });
    await queue.identify("owner-b");
    queue.connected(true);
    await sleep(300);
    results.otherAccount = { sent: sent.length, droppedOther: queue.status().droppedOther,
                             pending: queue.status().pending, storage: queue.status().storage };
  }

  // Stored: taps survive the page; reopened a day and more later, old ones are dropped with a notice.
  {
    const stores = {};
    const first = fresh(stores);
    await first.queue.identify("owner-a");
    first.queue.connected(false);
    first.queue.push({ name: "fitness.log_set", kind: "add", target: "set", payload: { key: "old", reps: 8 } });
    first.queue.push({ name: "fitness.log_set", kind: "add", target: "set", payload: { key: "new", reps: 9 } });
    await sleep(50);
    const [oldest] = [...stores["tma-offline"].values()].filter((e) => e.payload.key === "old");
    oldest.at -= 25 * 60 * 60 * 1000;  // queued 25 hours ago
    const reopened = fresh(stores);
    await sleep(50);
    await reopened.queue.identify("owner-a");
    const kept = reopened.queue.status();
    reopened.queue.connected(true);
    await sleep(300);
    results.stored = {
      storage: kept.storage, pending: kept.pending, droppedOld: kept.droppedOld,
      sent: reopened.sent.map((s) => s.payload.key),
      left: [...stores["tma-offline"].values()].map((e) => e.payload.key),
    };
  }

  // Unidentified (no verified user yet): the queue does not take the action, the caller sends it itself.
  {
    const { queue } = fresh();
    results.unidentified = queue.push({ name: "cart.set_quantity", payload: { quantity: 1 } });
  }

  // Connect attempts: one the network took away before it connected hears an error (socket.io then reports a
  // failed attempt and Reflex retries), so does one begun offline once the network is back; a connected socket
  // and other websockets are left alone.
  {
    const navigator = { onLine: true };
    const { queue, win, fire } = fresh(undefined, { WebSocket: CountingSocket, navigator });
    const opening = new win.WebSocket("ws://app.test/_event/?token=t");
    const other = new win.WebSocket("ws://app.test/elsewhere");
    navigator.onLine = false;
    fire("offline");
    const takenAway = { opening: opening.errors, other: other.errors, instance: opening instanceof CountingSocket };
    const begunOffline = new win.WebSocket("ws://app.test/_event/?token=t");
    navigator.onLine = true;
    fire("online");
    const live = new win.WebSocket("ws://app.test/_event/?token=t");
    live.readyState = 1;
    win.__reflex_otel.onSocketConnect();
    navigator.onLine = false;
    fire("offline");
    results.attempts = { takenAway, begunOffline: begunOffline.errors, connected: live.errors, socket: queue.socket() };
  }

  process.stdout.write(JSON.stringify(results));
  process.exit(0);
}

main();
