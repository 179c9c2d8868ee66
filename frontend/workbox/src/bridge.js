/* The page's one owner of Telegram.WebApp; every call is version-gated and a no-op outside
 * Telegram. Python drives it through data-tma-* elements, never code to evaluate (the CSP has
 * no 'unsafe-eval'): see docs/telegram-bridge.md for the contract.
 *
 * Telegram's script loads async (`script[data-tma-telegram]`): what the first paint and sign-in
 * need (theme, initData, platform) is read from the launch parameters in the URL hash, the same
 * ones that script reads; Telegram.WebApp is bound once it has run. */
(function () {
  "use strict";

  var STYLE_ID = "tma-telegram-vars";
  var SIDES = ["top", "bottom", "left", "right"];
  var CLOUD_KEY = /^[A-Za-z0-9_-]{1,128}$/;
  var IMPACT = ["light", "medium", "heavy", "rigid", "soft"];
  var NOTIFY = ["success", "warning", "error"];
  var results = [];
  var lastSeq = -1;
  var depthKey = "tma-history-depth";
  var LAUNCH_KEY = "tma-launch";
  var launch = launchParams();
  // Set once Telegram's script has run, failed or is absent: until then commands and native buttons wait.
  var settled = false, bound = null, listeners = [];

  function webApp() {
    var tg = window.Telegram;
    return tg && tg.WebApp ? tg.WebApp : null;
  }

  /* tgWebApp* from the hash (`#k=v&...` or `#path?k=v&...`), kept for this tab: a client-side
   * navigation drops the hash, a reload of a later route would not have it. */
  function launchParams() {
    var params = {};
    try {
      var hash = location.hash.slice(1), query = hash.indexOf("?") >= 0 ? hash.slice(hash.indexOf("?") + 1) : hash;
      new URLSearchParams(query).forEach(function (value, key) {
        if (key.indexOf("tgWebApp") === 0) params[key] = value;
      });
      if (params.tgWebAppData || params.tgWebAppVersion) sessionStorage.setItem(LAUNCH_KEY, JSON.stringify(params));
      else params = JSON.parse(sessionStorage.getItem(LAUNCH_KEY) || "{}") || {};
    } catch (error) { /* storage refused or a broken copy: the hash alone, maybe nothing */ }
    return params;
  }

  function launchTheme() {
    try {
      var theme = JSON.parse(launch.tgWebAppThemeParams || "{}");
      return theme && typeof theme === "object" ? theme : {};
    } catch (error) {
      return {};
    }
  }

  /* Telegram calls a background dark below 120 of perceived brightness (HSP: sqrt(.299 r² + .587 g² + .114 b²)). */
  function schemeOf(background) {
    var hex = cssColor(background);
    if (!hex) return null;
    hex = hex.slice(1);
    if (hex.length < 6) hex = hex.split("").map(function (c) { return c + c; }).join("");
    var r = parseInt(hex.slice(0, 2), 16), g = parseInt(hex.slice(2, 4), 16), b = parseInt(hex.slice(4, 6), 16);
    return Math.sqrt(0.299 * r * r + 0.587 * g * g + 0.114 * b * b) < 120 ? "dark" : "light";
  }

  function versionAtLeast(version) {
    var app = webApp();
    try {
      return !!app && typeof app.isVersionAtLeast === "function" && app.isVersionAtLeast(version);
    } catch (error) {
      return false;
    }
  }

  /* app.<path>(...args) when the client is new enough; false when skipped or failed. */
  function invoke(minVersion, path, args) {
    var app = webApp();
    if (!app || !versionAtLeast(minVersion)) return false;
    var parts = path.split("."), owner = app;
    for (var i = 0; i < parts.length - 1; i++) {
      owner = owner[parts[i]];
      if (!owner) return false;
    }
    var fn = owner[parts[parts.length - 1]];
    if (typeof fn !== "function") return false;
    try {
      fn.apply(owner, args || []);
      return true;
    } catch (error) {
      return false;
    }
  }

  function cssColor(value) {
    return typeof value === "string" && /^#[0-9a-fA-F]{3,8}$/.test(value) ? value : null;
  }

  function px(value) {
    var number = Number(value);
    return isFinite(number) && number >= 0 ? Math.round(number) + "px" : "0px";
  }

  /* `html:root` outranks the stylesheet's `:root` fallbacks; React never renders this <style>. */
  function writeVariables(variables) {
    var style = document.getElementById(STYLE_ID);
    if (!style) {
      style = document.createElement("style");
      style.id = STYLE_ID;
      document.head.appendChild(style);
    }
    var current = style.__tma || (style.__tma = {});
    for (var name in variables) current[name] = variables[name];
    style.textContent = "html:root{" + Object.keys(current).map(function (n) { return n + ":" + current[n]; }).join(";") + "}";
  }

  function applyTheme() {
    var app = webApp(), variables = {}, params = app ? app.themeParams || {} : launchTheme();
    Object.keys(params).forEach(function (key) {
      var color = cssColor(params[key]);
      if (color && /^[a-z_]+$/.test(key)) variables["--tg-theme-" + key.replace(/_/g, "-")] = color;
    });
    var scheme = app ? (app.colorScheme === "dark" || app.colorScheme === "light" ? app.colorScheme : null)
      : schemeOf(params.bg_color);
    if (scheme) {
      variables["--tg-color-scheme"] = scheme;
      variables["color-scheme"] = scheme;
    }
    writeVariables(variables);
    // Telegram's own header, background and bottom bar match the app's surfaces.
    invoke("6.1", "setHeaderColor", ["bg_color"]);
    invoke("6.1", "setBackgroundColor", ["bg_color"]);
    invoke("7.10", "setBottomBarColor", ["bottom_bar_bg_color"]);
  }

  function applyViewport() {
    var app = webApp();
    var height = (app && app.viewportHeight) || window.innerHeight;
    var variables = {
      "--tg-viewport-height": px(height),
      "--tg-viewport-stable-height": px((app && app.viewportStableHeight) || height),
    };
    var modern = app && versionAtLeast("8.0");
    var safe = (modern && app.safeAreaInset) || {}, content = (modern && app.contentSafeAreaInset) || {};
    SIDES.forEach(function (side) {
      variables["--tg-safe-area-inset-" + side] = px(safe[side] || 0);
      variables["--tg-content-safe-area-inset-" + side] = px(content[side] || 0);
    });
    writeVariables(variables);
    scheduleViewportSync();
  }

  /* Python mirrors a few viewport facts; coalesced so a drag is one event, not one per pixel. */
  var viewportTimer = null;
  function scheduleViewportSync() {
    clearTimeout(viewportTimer);
    viewportTimer = setTimeout(function () { clickById("tma-viewport-sync"); }, 200);
  }

  function viewportState() {
    var app = webApp();
    return {
      inTelegram: !!initData(),
      platform: (app && app.platform) || launch.tgWebAppPlatform || "unknown",
      version: (app && app.version) || launch.tgWebAppVersion || "",
      isExpanded: !!(app && app.isExpanded),
      isFullscreen: !!(app && versionAtLeast("8.0") && app.isFullscreen),
      colorScheme: (app && app.colorScheme) || schemeOf(launchTheme().bg_color) || "light",
      stableHeight: Math.round((app && app.viewportStableHeight) || window.innerHeight),
    };
  }

  function clickById(id) {
    var element = document.getElementById(id);
    if (element) element.click();
  }

  /* ---- the device's time zone ----
   * The first Intl call of a page starts ICU: 15-45 ms of one task on a desktop core, several times
   * that on a phone, and on a first screen it lands in the render that shows the content. So the IANA
   * zone is read a while after load, when the page is idle, and kept with the device's UTC offsets
   * (cheap to read, no ICU); screens send the kept zone while the offsets still match. Until it has
   * been read (a first launch) they send "", and the server keeps the zone it stored, else UTC. */
  var ZONE_KEY = "tma-time-zone", ZONE_READ_AFTER_LOAD_MS = 5000;
  // Where storage is refused: the zone read in this page.
  var memoryZone = null;

  /* January's and July's offsets: a move to a zone with other days changes them (or its DST). */
  function zoneOffsets() {
    var year = new Date().getFullYear();
    return new Date(year, 0, 1).getTimezoneOffset() + "," + new Date(year, 6, 1).getTimezoneOffset();
  }

  function keptZone() {
    var kept = memoryZone;
    try { kept = JSON.parse(localStorage.getItem(ZONE_KEY) || "null") || kept; } catch (error) { /* refused or broken */ }
    return kept && typeof kept.zone === "string" && kept.offsets === zoneOffsets() ? kept.zone : "";
  }

  /* Sent at once only over a live socket; otherwise the next screen's mount sends the kept zone. An
   * event sent while the socket is down makes Reflex start a connect attempt, and one the network
   * takes away (offline, or the moment it comes back) kept the offline queue waiting for socket.io's
   * 20 s timeout (queue.js: the socket's connect attempts; seen in the offline e2e). */
  function syncZone() {
    var queue = window.tmaQueue, socket = queue && typeof queue.socket === "function" ? queue.socket() : null;
    if (socket && socket.connected && navigator.onLine !== false) clickById("tma-time-zone-sync");
  }

  function readZoneLater() {
    if (keptZone()) return;
    setTimeout(function () {
      (window.requestIdleCallback || function (run) { run(); })(function () {
        var zone = "";
        try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone || ""; } catch (error) { return; }
        if (!zone) return;
        memoryZone = { zone: zone, offsets: zoneOffsets() };
        try { localStorage.setItem(ZONE_KEY, JSON.stringify(memoryZone)); } catch (error) { /* memory only */ }
        syncZone();
      }, { timeout: ZONE_READ_AFTER_LOAD_MS });
    }, ZONE_READ_AFTER_LOAD_MS);
  }

  /* ---- haptics ---- */
  function haptic(spec) {
    var parts = String(spec || "").split(":"), kind = parts[0], style = parts[1];
    if (kind === "impact" && IMPACT.indexOf(style) >= 0) {
      return invoke(style === "rigid" || style === "soft" ? "6.1" : "6.1", "HapticFeedback.impactOccurred", [style]);
    }
    if (kind === "notification" && NOTIFY.indexOf(style) >= 0) {
      return invoke("6.1", "HapticFeedback.notificationOccurred", [style]);
    }
    if (kind === "selection") return invoke("6.1", "HapticFeedback.selectionChanged");
    return false;
  }

  document.addEventListener("click", function (event) {
    var target = event.target && event.target.closest && event.target.closest("[data-tma-haptic]");
    if (target && !target.disabled) haptic(target.getAttribute("data-tma-haptic"));
  }, true);

  /* ---- native buttons, driven by the elements a screen renders ---- */
  function flag(element, name, fallback) {
    var value = element.getAttribute("data-" + name);
    return value === null ? fallback : value === "true";
  }

  function bottomButton(name, minVersion, selector) {
    var bound = false, onClick = function () { clickFirst(selector); };
    return function sync() {
      var app = webApp();
      if (!app || !app[name] || !versionAtLeast(minVersion)) return;
      var button = app[name], element = document.querySelector(selector);
      if (!bound) {
        button.onClick(onClick);
        bound = true;
      }
      if (!element || !flag(element, "visible", true)) {
        if (button.isVisible) button.hide();
        return;
      }
      var params = {
        text: element.getAttribute("data-text") || "",
        is_active: flag(element, "active", true),
        is_visible: true,
        has_shine_effect: flag(element, "shine", false),
      };
      var color = cssColor(element.getAttribute("data-color")), textColor = cssColor(element.getAttribute("data-text-color"));
      if (color) params.color = color;
      if (textColor) params.text_color = textColor;
      if (name === "SecondaryButton" && element.getAttribute("data-position")) params.position = element.getAttribute("data-position");
      var key = JSON.stringify(params);
      if (button.__tmaParams !== key) {
        button.setParams(params);
        button.__tmaParams = key;
      }
      var progress = flag(element, "progress", false);
      if (progress && !button.isProgressVisible) button.showProgress(false);
      if (!progress && button.isProgressVisible) button.hideProgress();
    };
  }

  function clickFirst(selector) {
    var element = document.querySelector(selector);
    if (element && !element.disabled) element.click();
  }

  function presenceButton(name, minVersion, selector, onClick) {
    var bound = false, shown = null;
    return function sync() {
      var app = webApp();
      if (!app || !app[name] || !versionAtLeast(minVersion)) return;
      if (!bound) {
        app[name].onClick(onClick);
        bound = true;
      }
      var present = !!document.querySelector(selector);
      if (present !== shown) {
        present ? app[name].show() : app[name].hide();
        shown = present;
      }
    };
  }

  function historyDepth() {
    return parseInt(sessionStorage.getItem(depthKey) || "0", 10) || 0;
  }

  function goBack() {
    if (historyDepth() > 0) {
      sessionStorage.setItem(depthKey, String(historyDepth() - 1));
      window.history.back();
    } else {
      clickFirst("[data-tma-back-button]");
    }
  }

  // In-app history: count client-side navigations so Back never leaves the app.
  var pushState = window.history.pushState;
  window.history.pushState = function () {
    sessionStorage.setItem(depthKey, String(historyDepth() + 1));
    return pushState.apply(this, arguments);
  };
  window.addEventListener("popstate", function () {
    if (historyDepth() > 0) sessionStorage.setItem(depthKey, String(historyDepth() - 1));
  });

  function toggle(selector, minVersion, enable, disable) {
    var state = null;
    return function sync() {
      var present = !!document.querySelector(selector);
      if (present !== state && invoke(minVersion, present ? enable : disable)) state = present;
    };
  }

  var syncs = [
    bottomButton("MainButton", "6.0", "[data-tma-main-button]"),
    bottomButton("SecondaryButton", "7.10", "[data-tma-secondary-button]"),
    presenceButton("BackButton", "6.1", "[data-tma-back-button]", goBack),
    presenceButton("SettingsButton", "7.0", "[data-tma-settings-button]", function () { clickFirst("[data-tma-settings-button]"); }),
    toggle("[data-tma-closing-confirmation]", "6.2", "enableClosingConfirmation", "disableClosingConfirmation"),
    toggle("[data-tma-no-vertical-swipes]", "7.7", "disableVerticalSwipes", "enableVerticalSwipes"),
    runCommands,
    firstViewportSync,
  ];

  /* Tell Python the facts once the page is hydrated (the button says so: before, a click is lost). */
  function firstViewportSync() {
    var element = document.getElementById("tma-viewport-sync");
    if (element && !element.__tmaSynced && element.getAttribute("data-tma-ready") === "true") {
      element.__tmaSynced = true;
      scheduleViewportSync();
    }
  }

  /* ---- commands from Python ---- */
  function runCommands() {
    var holder = document.querySelector("[data-tma-commands]");
    if (!holder) return;
    var commands;
    try {
      commands = JSON.parse(holder.getAttribute("data-tma-commands") || "[]");
    } catch (error) {
      return;
    }
    commands.forEach(function (command) {
      if (typeof command.seq !== "number" || command.seq <= lastSeq) return;
      lastSeq = command.seq;
      run(command);
    });
  }

  function respond(command, ok, value, error) {
    if (!command.id) return;
    results.push({ id: command.id, call: command.call, ok: ok, value: value === undefined ? null : value, error: error || null });
    setTimeout(function () { clickById("tma-result-sink"); }, 0);
  }

  function storageArea(area) {
    var app = webApp();
    var spec = { cloud: ["CloudStorage", "6.9"], device: ["DeviceStorage", "9.0"], secure: ["SecureStorage", "9.0"] }[area];
    if (spec && app && app[spec[0]] && versionAtLeast(spec[1])) return app[spec[0]];
    return null; // outside Telegram, or an older client: localStorage below
  }

  function storageCall(command) {
    var args = command.args || [], area = args[0], op = args[1], key = args[2], value = args[3];
    if (area === "cloud" && !CLOUD_KEY.test(String(key))) return respond(command, false, null, "cloud storage keys are 1-128 characters of A-Z a-z 0-9 _ -");
    if (area === "cloud" && op === "set" && String(value).length > 4096) return respond(command, false, null, "cloud storage values are at most 4096 characters");
    var store = storageArea(area);
    if (store) {
      var done = function (error, result) { respond(command, !error, op === "get" ? (result || "") : !!result, error ? String(error) : null); };
      if (op === "set" && area === "cloud") {
        // CloudStorage holds 1024 keys per user: a new key past that is refused here, not by Telegram.
        store.getKeys(function (error, keys) {
          if (!error && keys && keys.length >= 1024 && keys.indexOf(key) < 0) {
            return respond(command, false, null, "cloud storage holds at most 1024 keys");
          }
          store.setItem(key, String(value), done);
        });
      } else if (op === "set") store.setItem(key, String(value), done);
      else if (op === "get") store.getItem(key, done);
      else if (op === "remove") store.removeItem(key, done);
      return;
    }
    try {
      var local = "tma-" + area + ":" + key;
      if (op === "set") localStorage.setItem(local, String(value));
      if (op === "remove") localStorage.removeItem(local);
      respond(command, true, op === "get" ? (localStorage.getItem(local) || "") : true);
    } catch (error) {
      respond(command, false, null, "storage unavailable");
    }
  }

  function run(command) {
    var args = command.args || [];
    switch (command.call) {
      case "haptic": return haptic(args[0]);
      case "openLink": return invoke("6.1", "openLink", [args[0], args[1] || {}]) || window.open(args[0], "_blank", "noopener");
      case "openTelegramLink": return invoke("6.1", "openTelegramLink", [args[0]]) || window.open(args[0], "_blank", "noopener");
      case "shareToStory": return invoke("7.8", "shareToStory", [args[0], args[1] || {}]);
      case "requestFullscreen": return invoke("8.0", "requestFullscreen");
      case "exitFullscreen": return invoke("8.0", "exitFullscreen");
      case "showPopup":
        if (!invoke("6.2", "showPopup", [args[0], function (id) { respond(command, true, id || ""); }])) respond(command, false, null, "unsupported");
        return;
      case "showConfirm":
        if (!invoke("6.2", "showConfirm", [args[0], function (ok) { respond(command, true, !!ok); }])) respond(command, true, window.confirm(args[0]));
        return;
      case "openInvoice":
        // The callback is Telegram's invoiceClosed status (paid, cancelled, failed, pending): a hint for
        // the screen only; the server grants on the bot's successful_payment, never on this.
        if (!invoke("6.1", "openInvoice", [args[0], function (status) { respond(command, true, String(status || "")); }])) {
          respond(command, false, null, "unsupported");
        }
        return;
      case "requestWriteAccess":
        if (!invoke("6.9", "requestWriteAccess", [function (ok) { respond(command, true, !!ok); }])) respond(command, false, null, "unsupported");
        return;
      case "storage": return storageCall(command);
    }
  }

  /* ---- one observer, coalesced to one sync per frame ---- */
  var scheduled = false;
  function scheduleSync() {
    if (scheduled || !settled) return;
    scheduled = true;
    (window.requestAnimationFrame || setTimeout)(function () {
      scheduled = false;
      syncs.forEach(function (sync) {
        try { sync(); } catch (error) { /* one broken piece must not stop the others */ }
      });
    });
  }

  function start() {
    applyTheme();
    applyViewport();
    var observe = function () {
      new MutationObserver(scheduleSync).observe(document.documentElement, { subtree: true, childList: true, attributes: true });
      scheduleSync();
    };
    if (document.body) observe();
    else document.addEventListener("DOMContentLoaded", observe);
    if (document.readyState === "complete") readZoneLater();
    else window.addEventListener("load", readZoneLater);
    var script = document.querySelector("script[data-tma-telegram]");
    if (webApp() || !script || telegramScriptDone(script)) return settle();
    script.addEventListener("load", settle);
    script.addEventListener("error", settle);
    // Every async script has run or failed by the window's load, whatever this one could not see.
    window.addEventListener("load", settle);
  }

  /* The script ran before this one (an async script may): its resource entry is there. */
  function telegramScriptDone(script) {
    try {
      return performance.getEntriesByName(script.src).length > 0;
    } catch (error) {
      return false;
    }
  }

  function settle() {
    if (settled && bound === webApp()) return;
    settled = true;
    var app = webApp();
    if (app && bound !== app) bind(app);
    scheduleSync();
  }

  function bind(app) {
    bound = app;
    applyTheme();
    applyViewport();
    invoke("6.0", "ready");
    invoke("6.0", "expand");
    if (typeof app.onEvent === "function") {
      app.onEvent("themeChanged", applyTheme);
      ["viewportChanged", "safeAreaChanged", "contentSafeAreaChanged", "fullscreenChanged"].forEach(function (name) {
        app.onEvent(name, applyViewport);
      });
      listeners.splice(0).forEach(function (pair) { app.onEvent(pair[0], pair[1]); });
    }
  }

  /* The raw signed launch string, from Telegram's script or the launch hash (the same string). */
  function initData() {
    var app = webApp();
    if (app && typeof app.initData === "string" && app.initData) return app.initData;
    return typeof launch.tgWebAppData === "string" ? launch.tgWebAppData : "";
  }

  window.tmaBridge = {
    /* The raw signed launch string; the backend verifies it. Never initDataUnsafe. */
    initData: initData,
    viewportState: viewportState,
    /* Who launched the app, as the client claims it (for error reports); null outside Telegram. */
    userId: function () {
      try {
        var user = JSON.parse(new URLSearchParams(initData()).get("user") || "null");
        return user && typeof user.id === "number" ? user.id : null;
      } catch (error) {
        return null;
      }
    },
    /* Listen to a Telegram event (activated, deactivated, ...): bound when Telegram's script has
     * run; false when it has and there is no Telegram (or the handler is not a function). */
    onEvent: function (name, handler) {
      if (typeof handler !== "function") return false;
      var app = webApp();
      if (!settled) {
        listeners.push([name, handler]);
        return true;
      }
      if (!app || typeof app.onEvent !== "function") return false;
      app.onEvent(name, handler);
      return true;
    },
    takeResults: function () { return results.splice(0, results.length); },
    /* The IANA zone read at an earlier idle moment, "" until then; the server validates it. */
    timeZone: keptZone,
    versionAtLeast: versionAtLeast,
  };

  start();
})();
