/* The analytics client: events queued in the browser, sent in batches, never lost to a bad network.
 *
 * - Every event gets a UUID (crypto.randomUUID) and the client's timestamp when it happens, and is
 *   written to localStorage at once, one key per event (tabs never overwrite each other's queue).
 *   It leaves the queue only when the server answered 2xx for its batch (the server stores each
 *   UUID once, so a batch sent twice is harmless); unsent events survive a reload or a crash.
 * - Batches: at most client_batch_size events, about client_flush_delay_ms after the first queued
 *   event, at most one request per client_min_flush_gap_ms (the analytics rate-limit tier is
 *   30/min); 5xx, 429 and network errors back off and retry.
 * - When the page is hidden and on Telegram's `deactivated`, what is queued goes out at once with
 *   fetch(..., {keepalive: true}), which outlives the page like navigator.sendBeacon but, unlike
 *   sendBeacon, can carry the X-Telegram-Init-Data header every write needs (no identity ever
 *   travels in a body). If the page dies first, the events are still queued for the next launch.
 * - Page views on every route change (Reflex navigates client-side: history.pushState/popstate),
 *   Web Vitals through the vendored web-vitals build, uncaught errors, taps on [data-track].
 * - The taxonomy (categories, actions, limits, which vitals) is the server's own JSON file.
 * Public: window.tmaAnalytics.track(category, action, {label, value, route, props}) -> null or the
 * reason the event was refused; .flush(); .queued(). Telegram is reached only through tmaBridge. */
(function () {
  "use strict";

  var script = document.currentScript;
  var API = ((script && script.getAttribute("data-api")) || "").replace(/\/+$/, "");
  var TAXONOMY_URL = (script && script.getAttribute("data-taxonomy")) || "/analytics/taxonomy.json";
  var PATHS = { event: "/api/analytics/events", vital: "/api/vitals" };
  var ITEMS = { event: "events", vital: "metrics" };
  var KEY = "tma-ae:";
  var ANONYMOUS_KEY = "tma-analytics-anonymous-id";
  var KEEPALIVE_BYTES = 60000; // browsers allow 64 KiB of keepalive bodies in flight
  var MAX_ERRORS = 10;
  // Used until the taxonomy arrives (and if it never does); the server checks everything anyway.
  var limits = {
    max_events_per_batch: 100, max_body_bytes: 65536, client_batch_size: 50, client_flush_delay_ms: 1000,
    client_min_flush_gap_ms: 2000, client_max_queued: 500, max_event_age_days: 30,
  };
  var taxonomy = null;
  var memory = {}; // the queue when localStorage is unavailable (private mode, quota)
  var inFlight = {};
  var timer = null, busy = false, lastSend = 0, retryAt = 0, failures = 0, errorsSent = 0;
  var landingRoute = location.pathname, lastRoute = null;

  function bridge() { return window.tmaBridge || null; }

  function uuid() {
    if (window.crypto && typeof crypto.randomUUID === "function") return crypto.randomUUID();
    var bytes = crypto.getRandomValues(new Uint8Array(16));
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map.call(bytes, function (b) { return (b + 0x100).toString(16).slice(1); }).join("");
    return hex.slice(0, 8) + "-" + hex.slice(8, 12) + "-" + hex.slice(12, 16) + "-" + hex.slice(16, 20) + "-" + hex.slice(20);
  }

  /* ---- the persistent queue: one localStorage key per event ---- */
  function storage() {
    try { return window.localStorage; } catch (error) { return null; }
  }

  function save(record) {
    var store = storage(), text = JSON.stringify(record);
    try {
      if (store) return store.setItem(KEY + record.item.id, text);
    } catch (error) { /* full or refused: keep it in memory for this page */ }
    memory[record.item.id] = text;
  }

  function forget(id) {
    delete memory[id];
    var store = storage();
    try { if (store) store.removeItem(KEY + id); } catch (error) { /* nothing to undo */ }
  }

  function queue() {
    var store = storage(), records = [], seen = {}, oldest = Date.now() - limits.max_event_age_days * 86400000;
    var add = function (text) {
      try {
        var record = JSON.parse(text);
        if (record && record.item && !seen[record.item.id]) {
          seen[record.item.id] = true;
          records.push(record);
        }
      } catch (error) { /* unreadable: dropped below by its key */ }
    };
    try {
      if (store) {
        for (var i = 0; i < store.length; i++) {
          var key = store.key(i);
          if (key && key.indexOf(KEY) === 0) add(store.getItem(key));
        }
      }
    } catch (error) { /* storage went away: the memory queue below still counts */ }
    Object.keys(memory).forEach(function (id) { add(memory[id]); });
    records.sort(function (a, b) { return a.item.ts - b.item.ts; });
    // The server refuses what is too old; a bounded queue never fills the device.
    var stale = records.filter(function (r) { return r.item.ts < oldest; });
    var overflow = Math.max(0, records.length - stale.length - limits.client_max_queued);
    records.slice(0, stale.length + overflow).forEach(function (r) { forget(r.item.id); });
    return records.slice(stale.length + overflow);
  }

  function anonymousId() {
    var store = storage(), id = null;
    try { id = store && store.getItem(ANONYMOUS_KEY); } catch (error) { id = null; }
    if (!id) {
      id = uuid();
      try { if (store) store.setItem(ANONYMOUS_KEY, id); } catch (error) { /* a per-page id then */ }
    }
    return id;
  }

  /* ---- the taxonomy check (the server's rules, for early and loud feedback) ---- */
  function refusal(category, action, fields) {
    if (!taxonomy) return null;
    var actions = taxonomy.categories[category] && taxonomy.categories[category].actions;
    if (!actions) return "unknown category " + JSON.stringify(category);
    var spec = actions[action];
    if (!spec) return "unknown action " + JSON.stringify(action) + " in category " + JSON.stringify(category);
    if (spec.label === "required" && fields.label == null) return category + "/" + action + " needs a label";
    if (spec.value === "required" && fields.value == null) return category + "/" + action + " needs a value";
    if (spec.labels && fields.label != null && spec.labels.indexOf(fields.label) < 0) return "label " + JSON.stringify(fields.label) + " is not allowed";
    return null;
  }

  function track(category, action, fields) {
    fields = fields || {};
    var reason = refusal(category, action, fields);
    if (reason) {
      if (window.console) console.warn("analytics: " + reason);
      return reason;
    }
    var item = { id: uuid(), ts: Date.now(), category: category, action: action, route: fields.route || location.pathname };
    if (fields.label != null) item.label = String(fields.label).slice(0, 64);
    if (typeof fields.value === "number" && isFinite(fields.value)) item.value = fields.value;
    if (fields.props) item.props = fields.props;
    enqueue("event", item);
    return null;
  }

  function enqueue(kind, item) {
    save({ kind: kind, item: item });
    schedule(queue().length >= limits.client_batch_size ? 0 : limits.client_flush_delay_ms);
  }

  /* ---- sending ---- */
  function schedule(delay) {
    if (timer) return;
    var now = Date.now();
    var wait = Math.max(delay, retryAt - now, lastSend + limits.client_min_flush_gap_ms - now, 0);
    timer = setTimeout(function () { timer = null; flush(false); }, wait);
  }

  /* The oldest records of one kind that fit in a batch (by count and by bytes). */
  function batchOf(records, kind, count, bytes) {
    var batch = [], size = 200;
    for (var i = 0; i < records.length && batch.length < count; i++) {
      if (records[i].kind !== kind || inFlight[records[i].item.id]) continue;
      size += JSON.stringify(records[i].item).length + 1;
      if (batch.length && size > bytes) break;
      batch.push(records[i]);
    }
    return batch;
  }

  function backOff(response) {
    failures += 1;
    var header = response && response.headers.get("Retry-After");
    var seconds = header ? parseInt(header, 10) : Math.min(60, Math.pow(2, failures));
    retryAt = Date.now() + (isFinite(seconds) ? seconds : 5) * 1000;
  }

  function send(kind, batch, urgent) {
    var initData = bridge() ? bridge().initData() : "";
    // Outside Telegram nothing can be verified: keep the events for a launch that can send them.
    if (!initData || !batch.length || !window.fetch) return Promise.resolve(false);
    var body = { sent_at: Date.now(), anonymous_id: anonymousId() };
    body[ITEMS[kind]] = batch.map(function (record) { return record.item; });
    var text = JSON.stringify(body);
    batch.forEach(function (record) { inFlight[record.item.id] = true; });
    lastSend = Date.now();
    return fetch(API + PATHS[kind], {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Telegram-Init-Data": initData },
      body: text,
      keepalive: urgent && text.length <= KEEPALIVE_BYTES,
      credentials: "omit",
    }).then(function (response) {
      if (response.ok) {
        failures = 0;
        batch.forEach(function (record) { forget(record.item.id); });
        return response.json().then(warnRejected, function () {}).then(function () { return true; });
      }
      if (response.status === 400 || response.status === 413) {
        // The batch itself is unacceptable and will be every time: drop it, loudly.
        if (window.console) console.warn("analytics: batch refused (" + response.status + ")");
        batch.forEach(function (record) { forget(record.item.id); });
        return true;
      }
      backOff(response); // 401 (stale launch), 429, 5xx: keep, try later
      return false;
    }, function () {
      backOff(null);
      return false;
    }).then(function (sent) {
      batch.forEach(function (record) { delete inFlight[record.item.id]; });
      return sent;
    });
  }

  function warnRejected(report) {
    (report && report.results || []).forEach(function (result) {
      if (result.status === "rejected" && window.console) console.warn("analytics: event rejected: " + result.reason);
    });
  }

  /* Normal flush: one batch at a time. Urgent (page hidden, app deactivated): all kinds at once. */
  function flush(urgent) {
    var records = queue();
    if (urgent) {
      Object.keys(PATHS).forEach(function (kind) {
        send(kind, batchOf(records, kind, limits.max_events_per_batch, KEEPALIVE_BYTES), true);
      });
      return;
    }
    if (busy) return;
    if (Date.now() < retryAt) return schedule(0);
    var kind = batchOf(records, "event", 1, Infinity).length ? "event" : "vital";
    var batch = batchOf(records, kind, limits.client_batch_size, limits.max_body_bytes - 1024);
    if (!batch.length) return;
    busy = true;
    send(kind, batch, false).then(function (sent) {
      busy = false;
      if (sent === false && !(bridge() && bridge().initData())) return;
      if (queue().length) schedule(0);
    });
  }

  /* ---- what is tracked automatically ---- */
  function pageView() {
    var route = location.pathname;
    if (route === lastRoute) return;
    lastRoute = route;
    track("navigation", "page_view", { route: route });
  }

  ["pushState", "replaceState"].forEach(function (name) {
    var original = window.history[name];
    window.history[name] = function () {
      var result = original.apply(this, arguments);
      pageView();
      return result;
    };
  });
  window.addEventListener("popstate", pageView);

  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") flush(true);
  });
  window.addEventListener("pagehide", function () { flush(true); });

  function reportError(action, message, where) {
    if (errorsSent >= MAX_ERRORS) return;
    errorsSent += 1;
    track("error", action, { props: { message: String(message || "unknown").slice(0, 200), where: String(where || "").slice(0, 200) } });
  }
  window.addEventListener("error", function (event) {
    reportError("js_error", event.message, (event.filename || "") + ":" + (event.lineno || 0));
  });
  window.addEventListener("unhandledrejection", function (event) {
    var reason = event.reason;
    reportError("unhandled_rejection", reason && reason.message ? reason.message : reason, "");
  });

  // <button data-track="engagement:click" data-track-label="order"> is tracked when tapped.
  document.addEventListener("click", function (event) {
    var target = event.target && event.target.closest && event.target.closest("[data-track]");
    if (!target) return;
    var parts = (target.getAttribute("data-track") || "engagement:click").split(":");
    track(parts[0], parts[1] || "click", { label: target.getAttribute("data-track-label") || target.id || null });
  }, true);

  /* ---- Web Vitals (the vendored web-vitals v5 attribution build, window.webVitals) ---- */
  var ATTRIBUTION = ["target", "timeToFirstByte", "resourceLoadDelay", "resourceLoadDuration", "elementRenderDelay",
    "interactionTarget", "interactionType", "inputDelay", "processingDuration", "presentationDelay",
    "largestShiftTarget", "largestShiftValue", "firstByteToFCP", "waitingDuration", "dnsDuration",
    "connectionDuration", "requestDuration", "loadState"];

  function attribution(metric) {
    var source = metric.attribution || {}, out = {}, count = 0;
    ATTRIBUTION.forEach(function (name) {
      var value = source[name];
      if (count >= 8) return;
      if (typeof value === "string" && value) out[name] = value.slice(0, 200);
      else if (typeof value === "number" && isFinite(value)) out[name] = Math.round(value * 1000) / 1000;
      else return;
      count += 1;
    });
    return out;
  }

  function reportVital(metric) {
    var state = bridge() && bridge().viewportState ? bridge().viewportState() : {};
    enqueue("vital", {
      id: uuid(),
      ts: Date.now(),
      name: metric.name,
      value: metric.value,
      delta: metric.delta,
      metric_id: String(metric.id).slice(0, 64),
      navigation_type: metric.navigationType ? String(metric.navigationType).slice(0, 32) : null,
      // web-vitals measures the page load: the route the page was loaded on.
      route: landingRoute,
      platform: String(state.platform || "unknown").slice(0, 32),
      webapp_version: String(state.version || "").slice(0, 16) || null,
      view_mode: state.isFullscreen ? "fullscreen" : state.isExpanded ? "expanded" : "compact",
      attribution: attribution(metric),
    });
  }

  var vitalsStarted = false;
  function startVitals() {
    var vitals = window.webVitals;
    if (vitalsStarted || !vitals) return;
    vitalsStarted = true;
    var names = taxonomy ? taxonomy.web_vitals.collected : ["LCP", "INP", "CLS", "FCP", "TTFB"];
    names.forEach(function (name) {
      if (typeof vitals["on" + name] === "function") vitals["on" + name](reportVital);
    });
  }

  /* ---- start ---- */
  function loadTaxonomy() {
    if (!window.fetch) return Promise.resolve();
    return fetch(TAXONOMY_URL, { credentials: "omit" }).then(function (response) {
      return response.ok ? response.json() : null;
    }).then(function (document) {
      if (!document || !document.categories) return;
      taxonomy = document;
      Object.keys(limits).forEach(function (name) {
        if (typeof document.limits[name] === "number") limits[name] = document.limits[name];
      });
    }, function () { /* offline: the built-in limits and the server's checks */ });
  }

  if (bridge() && bridge().onEvent) {
    bridge().onEvent("deactivated", function () {
      track("engagement", "app_deactivated");
      flush(true);
    });
    bridge().onEvent("activated", function () { track("engagement", "app_activated"); });
  }

  window.tmaAnalytics = {
    track: track,
    flush: function () { flush(false); },
    queued: function () { return queue().length; },
  };

  pageView();
  loadTaxonomy().then(function () {
    startVitals();
    if (queue().length) schedule(0); // what an earlier page left behind
  });
  // web-vitals may load after this script; it is deferred right before it in <head>.
  if (!window.webVitals) window.addEventListener("load", startVitals);
})();
