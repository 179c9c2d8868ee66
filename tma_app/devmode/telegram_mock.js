/* A stand-in for Telegram.WebApp outside Telegram: the dev loop (`reflex run` in a
 * desktop browser) and the end-to-end tests use it. Never shipped in prod.
 *
 * Configured through window.__TMA_MOCK_CONFIG__ = {initData, version, platform,
 * colorScheme, themeParams, viewportHeight, viewportStableHeight, safeAreaInset,
 * contentSafeAreaInset}. Every method call is recorded in window.__tgCalls
 * ({path, args}); window.__tgFire(event, params) plays an event from Telegram. */
(function () {
  "use strict";
  var existing = window.Telegram && window.Telegram.WebApp;
  if (existing && existing.initData) return; // really inside Telegram: leave it alone

  var config = window.__TMA_MOCK_CONFIG__ || {};
  var calls = (window.__tgCalls = window.__tgCalls || []);
  var handlers = {};

  function record(path, args) {
    calls.push({ path: path, args: Array.prototype.slice.call(args || []) });
  }

  function compareVersions(a, b) {
    var left = String(a).split("."), right = String(b).split(".");
    for (var i = 0; i < Math.max(left.length, right.length); i++) {
      var x = parseInt(left[i] || "0", 10), y = parseInt(right[i] || "0", 10);
      if (x !== y) return x > y ? 1 : -1;
    }
    return 0;
  }

  function parseInitData(raw) {
    var unsafe = {};
    new URLSearchParams(raw || "").forEach(function (value, key) {
      try { unsafe[key] = /^[\[{]/.test(value) ? JSON.parse(value) : value; } catch (e) { unsafe[key] = value; }
    });
    return unsafe;
  }

  function systemScheme() {
    return window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light";
  }

  var PALETTES = {
    light: { bg_color: "#ffffff", text_color: "#000000", hint_color: "#999999", link_color: "#2481cc",
      button_color: "#2481cc", button_text_color: "#ffffff", secondary_bg_color: "#efeff3",
      section_bg_color: "#ffffff", bottom_bar_bg_color: "#ffffff" },
    dark: { bg_color: "#212121", text_color: "#ffffff", hint_color: "#aaaaaa", link_color: "#8774e1",
      button_color: "#8774e1", button_text_color: "#ffffff", secondary_bg_color: "#0f0f0f",
      section_bg_color: "#212121", bottom_bar_bg_color: "#212121" },
  };

  function recorded(path, impl) {
    return function () {
      record(path, arguments);
      return impl ? impl.apply(this, arguments) : undefined;
    };
  }

  function bottomButton(name, type) {
    var button = { type: type, text: "", color: "", textColor: "", isVisible: false, isActive: true,
      hasShineEffect: false, isProgressVisible: false, position: "left" };
    var assign = function (key, value) { return function () { button[key] = value; return button; }; };
    button.setText = recorded(name + ".setText", function (text) { button.text = text; return button; });
    button.show = recorded(name + ".show", assign("isVisible", true));
    button.hide = recorded(name + ".hide", assign("isVisible", false));
    button.enable = recorded(name + ".enable", assign("isActive", true));
    button.disable = recorded(name + ".disable", assign("isActive", false));
    button.showProgress = recorded(name + ".showProgress", assign("isProgressVisible", true));
    button.hideProgress = recorded(name + ".hideProgress", assign("isProgressVisible", false));
    button.setParams = recorded(name + ".setParams", function (params) {
      var map = { text: "text", color: "color", text_color: "textColor", is_visible: "isVisible",
        is_active: "isActive", has_shine_effect: "hasShineEffect", position: "position" };
      Object.keys(params || {}).forEach(function (k) { if (map[k]) button[map[k]] = params[k]; });
      return button;
    });
    button.onClick = recorded(name + ".onClick", function (cb) { app.onEvent(type + "ButtonClicked", cb); return button; });
    button.offClick = recorded(name + ".offClick", function (cb) { app.offEvent(type + "ButtonClicked", cb); return button; });
    return button;
  }

  function simpleButton(name, event) {
    var button = { isVisible: false };
    button.show = recorded(name + ".show", function () { button.isVisible = true; return button; });
    button.hide = recorded(name + ".hide", function () { button.isVisible = false; return button; });
    button.onClick = recorded(name + ".onClick", function (cb) { app.onEvent(event, cb); return button; });
    button.offClick = recorded(name + ".offClick", function (cb) { app.offEvent(event, cb); return button; });
    return button;
  }

  function keyValueStore(name, backing) {
    var store = {};
    ["setItem", "getItem", "getItems", "removeItem", "removeItems", "getKeys"].forEach(function (method) {
      store[method] = recorded(name + "." + method, function () {
        var args = Array.prototype.slice.call(arguments);
        var callback = typeof args[args.length - 1] === "function" ? args.pop() : null;
        var result = backing(method, args);
        if (callback) setTimeout(function () { callback(null, result); }, 0);
        return store;
      });
    });
    return store;
  }

  function localBacking(prefix) {
    return function (method, args) {
      var key = function (k) { return prefix + k; };
      switch (method) {
        case "setItem": localStorage.setItem(key(args[0]), String(args[1])); return true;
        case "getItem": var v = localStorage.getItem(key(args[0])); return v === null ? "" : v;
        case "getItems": var out = {}; (args[0] || []).forEach(function (k) { out[k] = localStorage.getItem(key(k)) || ""; }); return out;
        case "removeItem": localStorage.removeItem(key(args[0])); return true;
        case "removeItems": (args[0] || []).forEach(function (k) { localStorage.removeItem(key(k)); }); return true;
        case "getKeys": return Object.keys(localStorage).filter(function (k) { return k.indexOf(prefix) === 0; })
          .map(function (k) { return k.slice(prefix.length); });
      }
    };
  }

  var scheme = config.colorScheme || systemScheme();
  var app = {
    initData: config.initData || "",
    initDataUnsafe: parseInitData(config.initData),
    version: config.version || "9.1",
    platform: config.platform || "unknown",
    colorScheme: scheme,
    themeParams: Object.assign({}, PALETTES[scheme], config.themeParams || {}),
    isExpanded: false,
    isFullscreen: false,
    isActive: true,
    viewportHeight: config.viewportHeight || window.innerHeight,
    viewportStableHeight: config.viewportStableHeight || config.viewportHeight || window.innerHeight,
    safeAreaInset: Object.assign({ top: 0, bottom: 0, left: 0, right: 0 }, config.safeAreaInset || {}),
    contentSafeAreaInset: Object.assign({ top: 0, bottom: 0, left: 0, right: 0 }, config.contentSafeAreaInset || {}),
    headerColor: "", backgroundColor: "", bottomBarColor: "",
    isClosingConfirmationEnabled: false,
    isVerticalSwipesEnabled: true,
  };

  app.isVersionAtLeast = function (version) { return compareVersions(app.version, version) >= 0; };
  app.onEvent = recorded("onEvent", function (name, cb) { (handlers[name] = handlers[name] || []).push(cb); });
  app.offEvent = recorded("offEvent", function (name, cb) {
    handlers[name] = (handlers[name] || []).filter(function (h) { return h !== cb; });
  });
  app.ready = recorded("ready");
  app.expand = recorded("expand", function () { app.isExpanded = true; });
  app.close = recorded("close");
  app.setHeaderColor = recorded("setHeaderColor", function (c) { app.headerColor = c; });
  app.setBackgroundColor = recorded("setBackgroundColor", function (c) { app.backgroundColor = c; });
  app.setBottomBarColor = recorded("setBottomBarColor", function (c) { app.bottomBarColor = c; });
  app.enableClosingConfirmation = recorded("enableClosingConfirmation", function () { app.isClosingConfirmationEnabled = true; });
  app.disableClosingConfirmation = recorded("disableClosingConfirmation", function () { app.isClosingConfirmationEnabled = false; });
  app.enableVerticalSwipes = recorded("enableVerticalSwipes", function () { app.isVerticalSwipesEnabled = true; });
  app.disableVerticalSwipes = recorded("disableVerticalSwipes", function () { app.isVerticalSwipesEnabled = false; });
  app.requestFullscreen = recorded("requestFullscreen", function () { app.isFullscreen = true; fire("fullscreenChanged"); });
  app.exitFullscreen = recorded("exitFullscreen", function () { app.isFullscreen = false; fire("fullscreenChanged"); });
  /* The payment form stays "open" until the test (or the dev) closes it with a status:
   * window.__tgCloseInvoice("paid" | "cancelled" | "failed" | "pending"). */
  var openInvoice = null;
  app.openInvoice = recorded("openInvoice", function (url, callback) {
    openInvoice = { url: url, callback: typeof callback === "function" ? callback : null };
  });
  window.__tgCloseInvoice = function (status) {
    var invoice = openInvoice;
    if (!invoice) return false;
    openInvoice = null;
    fire("invoiceClosed", { url: invoice.url, status: status });
    if (invoice.callback) invoice.callback(status);
    return true;
  };
  ["openLink", "openTelegramLink", "shareToStory", "shareMessage", "showPopup", "showAlert",
    "showConfirm", "showScanQrPopup", "closeScanQrPopup", "requestWriteAccess", "requestContact",
    "addToHomeScreen", "checkHomeScreenStatus", "sendData", "switchInlineQuery", "lockOrientation",
    "unlockOrientation"].forEach(function (method) { app[method] = recorded(method); });
  app.HapticFeedback = {
    impactOccurred: recorded("HapticFeedback.impactOccurred"),
    notificationOccurred: recorded("HapticFeedback.notificationOccurred"),
    selectionChanged: recorded("HapticFeedback.selectionChanged"),
  };
  app.MainButton = bottomButton("MainButton", "main");
  app.SecondaryButton = bottomButton("SecondaryButton", "secondary");
  app.BackButton = simpleButton("BackButton", "backButtonClicked");
  app.SettingsButton = simpleButton("SettingsButton", "settingsButtonClicked");
  app.CloudStorage = keyValueStore("CloudStorage", localBacking("tma-mock-cloud:"));
  app.DeviceStorage = keyValueStore("DeviceStorage", localBacking("tma-mock-device:"));
  app.SecureStorage = keyValueStore("SecureStorage", localBacking("tma-mock-secure:"));

  /* Play an event as Telegram would: update the object first, then call handlers. */
  function fire(name, params) {
    params = params || {};
    if (name === "themeChanged") {
      if (params.colorScheme) app.colorScheme = params.colorScheme;
      if (params.themeParams) app.themeParams = Object.assign({}, app.themeParams, params.themeParams);
    } else if (name === "viewportChanged") {
      if (params.height) app.viewportHeight = params.height;
      if (params.isStateStable) app.viewportStableHeight = app.viewportHeight;
    } else if (name === "safeAreaChanged" && params.inset) {
      app.safeAreaInset = Object.assign({}, app.safeAreaInset, params.inset);
    } else if (name === "contentSafeAreaChanged" && params.inset) {
      app.contentSafeAreaInset = Object.assign({}, app.contentSafeAreaInset, params.inset);
    } else if (name === "fullscreenChanged" && "isFullscreen" in params) {
      app.isFullscreen = !!params.isFullscreen;
    }
    (handlers[name] || []).slice().forEach(function (cb) { cb.call(app, params); });
  }
  window.__tgFire = fire;

  if (!config.fixedTheme && window.matchMedia) {
    window.matchMedia("(prefers-color-scheme: dark)").addEventListener("change", function () {
      var next = systemScheme();
      fire("themeChanged", { colorScheme: next, themeParams: PALETTES[next] });
    });
  }
  window.addEventListener("resize", function () {
    fire("viewportChanged", { height: window.innerHeight, isStateStable: true });
  });

  window.Telegram = window.Telegram || {};
  window.Telegram.WebApp = app;
})();
