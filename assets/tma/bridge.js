/* The page's one owner of Telegram.WebApp: lifecycle, theme and viewport as CSS
 * variables, and the calls Python asks for. Every call is gated by version and is
 * a no-op outside Telegram. Loaded synchronously in <head>, after Telegram's script. */
(function () {
  "use strict";

  var STYLE_ID = "tma-telegram-vars";
  var INSET_SIDES = ["top", "bottom", "left", "right"];

  function webApp() {
    var tg = window.Telegram;
    return tg && tg.WebApp ? tg.WebApp : null;
  }

  function versionAtLeast(version) {
    var app = webApp();
    try {
      return !!app && typeof app.isVersionAtLeast === "function" && app.isVersionAtLeast(version);
    } catch (error) {
      return false;
    }
  }

  /* Call app[method](...args) when the client is new enough; otherwise do nothing. */
  function invoke(minVersion, method, args) {
    var app = webApp();
    if (!app || typeof app[method] !== "function" || !versionAtLeast(minVersion)) return false;
    try {
      app[method].apply(app, args || []);
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

  /* A rule with `html:root` outranks the stylesheet's `:root` fallbacks, wherever
   * the bundler puts its <style> tags. React never renders this element. */
  function writeVariables(variables) {
    var style = document.getElementById(STYLE_ID);
    if (!style) {
      style = document.createElement("style");
      style.id = STYLE_ID;
      document.head.appendChild(style);
    }
    var current = style.__tmaVariables || {};
    for (var name in variables) current[name] = variables[name];
    style.__tmaVariables = current;
    var body = Object.keys(current)
      .map(function (name) { return name + ":" + current[name]; })
      .join(";");
    style.textContent = "html:root{" + body + "}";
  }

  function applyTheme() {
    var app = webApp();
    var variables = {};
    var params = (app && app.themeParams) || {};
    Object.keys(params).forEach(function (key) {
      var color = cssColor(params[key]);
      if (color && /^[a-z_]+$/.test(key)) variables["--tg-theme-" + key.replace(/_/g, "-")] = color;
    });
    var scheme = app && (app.colorScheme === "dark" || app.colorScheme === "light") ? app.colorScheme : null;
    if (scheme) {
      variables["--tg-color-scheme"] = scheme;
      variables["color-scheme"] = scheme;
    }
    writeVariables(variables);
    // Telegram's own header and background follow the app's surfaces.
    invoke("6.1", "setHeaderColor", ["bg_color"]);
    invoke("6.1", "setBackgroundColor", ["bg_color"]);
    invoke("7.10", "setBottomBarColor", ["bottom_bar_bg_color"]);
  }

  function applyViewport() {
    var app = webApp();
    var height = (app && app.viewportHeight) || window.innerHeight;
    var stable = (app && app.viewportStableHeight) || height;
    var variables = {
      "--tg-viewport-height": px(height),
      "--tg-viewport-stable-height": px(stable),
    };
    var safe = (app && versionAtLeast("8.0") && app.safeAreaInset) || {};
    var content = (app && versionAtLeast("8.0") && app.contentSafeAreaInset) || {};
    INSET_SIDES.forEach(function (side) {
      variables["--tg-safe-area-inset-" + side] = px(safe[side] || 0);
      variables["--tg-content-safe-area-inset-" + side] = px(content[side] || 0);
    });
    writeVariables(variables);
  }

  function start() {
    var app = webApp();
    applyTheme();
    applyViewport();
    if (!app) return;
    invoke("6.0", "ready");
    invoke("6.0", "expand");
    if (typeof app.onEvent === "function") {
      app.onEvent("themeChanged", applyTheme);
      ["viewportChanged", "safeAreaChanged", "contentSafeAreaChanged", "fullscreenChanged"].forEach(
        function (name) { app.onEvent(name, applyViewport); }
      );
    }
  }

  window.tmaBridge = {
    /* The raw signed launch string; the backend verifies it. Never initDataUnsafe. */
    initData: function () {
      var app = webApp();
      return app && typeof app.initData === "string" ? app.initData : "";
    },
    isInTelegram: function () {
      return !!webApp() && !!webApp().initData;
    },
    versionAtLeast: versionAtLeast,
    invoke: invoke,
  };

  start();
})();
