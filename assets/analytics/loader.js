/* Loads the analytics client after the first screen: web-vitals, then the client that reports it,
 * once the page has loaded and the main thread is idle (at most IDLE_TIMEOUT_MS after load), or at
 * the user's first tap or navigation if that comes sooner. Both ran before React started and
 * delayed the first real screen (issue 17). Order is kept (async = false); the client reads
 * data-api, data-taxonomy and the landing route from its own tag. web-vitals observes with
 * `buffered: true`, so the paints and shifts before it ran are still seen. */
(function () {
  "use strict";
  var IDLE_TIMEOUT_MS = 2000;
  var own = document.currentScript;
  if (!own) return;
  var data = own.dataset;
  var landing = location.pathname;
  var started = false;

  function add(src, attributes) {
    var script = document.createElement("script");
    script.async = false;
    script.src = src;
    Object.keys(attributes).forEach(function (name) { script.setAttribute(name, attributes[name]); });
    document.head.appendChild(script);
  }

  function start() {
    if (started) return;
    started = true;
    add(data.vitals, {});
    add(data.client, { "data-api": data.api, "data-taxonomy": data.taxonomy, "data-landing": landing });
  }

  function whenIdle() {
    if (window.requestIdleCallback) window.requestIdleCallback(start, { timeout: IDLE_TIMEOUT_MS });
    else setTimeout(start, 0);
  }

  if (document.readyState === "complete") whenIdle();
  else window.addEventListener("load", whenIdle, { once: true });
  // A user who acts before then is counted from that moment on.
  window.addEventListener("pointerdown", start, { once: true, capture: true });
  window.addEventListener("popstate", start, { once: true });
  var pushState = history.pushState;
  history.pushState = function () {
    start();
    return pushState.apply(this, arguments);
  };
})();
