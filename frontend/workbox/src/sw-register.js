/* Registers /sw.js once the page has loaded and the main thread is idle, or, with the kill
 * switch (data-sw="off", and always in dev), unregisters it and deletes its caches. */
(function () {
  "use strict";
  var script = document.currentScript;
  var sw = navigator.serviceWorker;
  if (!sw || !script) return;
  var on = script.getAttribute("data-sw") === "on";

  function removeAll() {
    sw.getRegistrations().then(function (registrations) {
      registrations.forEach(function (registration) { registration.unregister(); });
    });
    if (window.caches) {
      caches.keys().then(function (names) {
        names.forEach(function (name) { if (name.indexOf("tma-") === 0) caches.delete(name); });
      });
    }
  }

  function start() {
    if (on) sw.register("/sw.js", { scope: "/" }).catch(function () {});
    else removeAll();
  }

  function later() {
    if (window.requestIdleCallback) requestIdleCallback(start, { timeout: 3000 });
    else setTimeout(start, 1);
  }

  if (document.readyState === "complete") later();
  else window.addEventListener("load", later);
})();
