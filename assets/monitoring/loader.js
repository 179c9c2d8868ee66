/* Error monitoring in the page, on builds with SENTRY_DSN only: tma_app/session/reporting.py adds
 * this tag then, and nothing at all otherwise. A deferred classic script that notes errors from
 * the start and loads Sentry's SDK (./vendor/, bundled from npm by frontend/sentry/) once the page
 * has loaded and the main thread is idle, so first paint never waits for it. */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !script.dataset.dsn) return;
  var data = script.dataset;
  var early = [];

  function noteError(event) {
    early.push(event.error || new Error(String(event.message || "Script error")));
  }
  function noteRejection(event) {
    early.push(event.reason);
  }
  window.addEventListener("error", noteError);
  window.addEventListener("unhandledrejection", noteRejection);

  function start() {
    import(data.sdk)
      .then(function (sdk) {
        window.removeEventListener("error", noteError);
        window.removeEventListener("unhandledrejection", noteRejection);
        return sdk.start(
          {
            dsn: data.dsn,
            release: data.release,
            environment: data.environment,
            api: data.api,
            tracesSampleRate: parseFloat(data.tracesSampleRate) || 0,
            replaysOnErrorSampleRate: parseFloat(data.replaysOnErrorSampleRate) || 0,
            replay: data.replay,
            replayWorker: data.replayWorker,
          },
          early.splice(0, early.length),
        );
      })
      .then(function () { script.setAttribute("data-started", ""); })
      .catch(function () { /* monitoring never breaks the page */ });
  }

  function whenIdle() {
    if (window.requestIdleCallback) window.requestIdleCallback(start, { timeout: 4000 });
    else setTimeout(start, 0);
  }

  if (document.readyState === "complete") whenIdle();
  else window.addEventListener("load", whenIdle, { once: true });
})();
