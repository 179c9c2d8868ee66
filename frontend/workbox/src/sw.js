/* The app's service worker (docs/offline-service-worker.md), bundled with Workbox by build.mjs.
 *
 * `self.__WB_MANIFEST` and `self.__TMA_BUILD__` are filled in after each production build by
 * tma_app/offline/service_worker.py: the manifest lists every file of that build, and the build
 * id names its precache, so two builds never share a cache and a deploy never mixes chunks. */
import { clientsClaim, setCacheNameDetails } from "workbox-core";
import { addRoute, matchPrecache, precache } from "workbox-precaching";
import { registerRoute } from "workbox-routing";
import { StaleWhileRevalidate } from "workbox-strategies";
import { CacheableResponsePlugin } from "workbox-cacheable-response";
import { ExpirationPlugin } from "workbox-expiration";

const BUILD = self.__TMA_BUILD__;
const PREFIX = "tma";
const PRECACHE_PREFIX = `${PREFIX}-precache-`;
// A page waits this long for the network before the cached copy of this build answers.
const NAVIGATION_TIMEOUT_MS = 4000;
const FALLBACK_PAGE = "/__spa-fallback.html";
// Only these query parameters may appear on a cached picture (width and pixel revision).
const MEDIA_PARAMS = new Set(["w", "v"]);
const TELEGRAM_SCRIPT = "https://telegram.org/js/telegram-web-app.js";

setCacheNameDetails({ prefix: PREFIX, suffix: BUILD, precache: "precache", runtime: "runtime" });
precache(self.__WB_MANIFEST);
// A new build's worker takes over as soon as its precache is complete: the launch that found it
// already runs the new build (pages come from the network first), and the next one is served from
// the new precache alone. A page of the old build left open loads what it lacks from the network;
// after a deploy that is gone, and React Router reloads the page into the new build.
self.addEventListener("install", () => self.skipWaiting());
clientsClaim();

function carriesIdentity(request, url) {
  return (
    request.headers.has("authorization") ||
    request.headers.has("x-telegram-init-data") ||
    /tgWebAppData|initData|auth_date|hash=/i.test(url.search + url.hash)
  );
}

async function cachedPage(url) {
  const path = url.pathname.replace(/\/+$/, "").replace(/\/index(\.html)?$/, "").replace(/\.html$/, "") || "/";
  return (await matchPrecache(path)) || (await matchPrecache(FALLBACK_PAGE));
}

// Pages: the network first, so a launch after a deploy runs the new build (its chunks are not in
// this build's precache and come from the network); this build's copy when the network fails.
registerRoute(
  ({ request, url }) => request.mode === "navigate" && !url.pathname.startsWith("/api/"),
  async ({ request, url }) => {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), NAVIGATION_TIMEOUT_MS);
    try {
      return await fetch(request, { signal: controller.signal });
    } catch (error) {
      const cached = await cachedPage(url);
      if (cached) return cached;
      throw error;
    } finally {
      clearTimeout(timer);
    }
  },
);

// Scripts, styles and pages of this build (a non-navigation request for one of them).
addRoute();

// The demos' pictures: public, versioned by `v`, never with identity on them.
registerRoute(
  ({ request, url, sameOrigin }) =>
    sameOrigin &&
    request.method === "GET" &&
    url.pathname.startsWith("/api/media/") &&
    !carriesIdentity(request, url) &&
    [...url.searchParams.keys()].every((name) => MEDIA_PARAMS.has(name)),
  new StaleWhileRevalidate({
    cacheName: `${PREFIX}-media`,
    plugins: [
      new CacheableResponsePlugin({ statuses: [200] }),
      new ExpirationPlugin({ maxEntries: 120, maxAgeSeconds: 7 * 24 * 3600, purgeOnQuotaError: true }),
    ],
  }),
);

// Telegram's own script (no identity in it): without it an offline launch has no Telegram.WebApp.
registerRoute(
  ({ request, url }) => request.method === "GET" && url.href.split("?")[0] === TELEGRAM_SCRIPT,
  new StaleWhileRevalidate({
    cacheName: `${PREFIX}-telegram`,
    plugins: [
      new CacheableResponsePlugin({ statuses: [0, 200] }),
      new ExpirationPlugin({ maxEntries: 2, purgeOnQuotaError: true }),
    ],
  }),
);

// The previous builds' precaches go once this build is the active one (no page of theirs is open).
self.addEventListener("activate", (event) => {
  const current = `${PRECACHE_PREFIX}${BUILD}`;
  event.waitUntil(
    caches.keys().then((names) =>
      Promise.all(names.filter((name) => name.startsWith(PRECACHE_PREFIX) && name !== current).map((name) => caches.delete(name))),
    ),
  );
});

self.addEventListener("message", (event) => {
  if (event.data && event.data.type === "tma-sw-build" && event.ports[0]) event.ports[0].postMessage({ build: BUILD });
});
