/* The page's Sentry, started by assets/monitoring/loader.js once the page has loaded.
 * Nothing leaves the page unscrubbed: initData (the signed launch string, with the user's name),
 * bot tokens and API keys are cut from every event, breadcrumb and replay event, and the user
 * is the Telegram id only. Telegram is read through window.tmaBridge, never directly. */
import {
  addEventProcessor,
  browserTracingIntegration,
  captureException,
  init,
  setUser,
} from "@sentry/browser";

const REDACTED = "[redacted]";
// Keys whose values are dropped whatever they hold (compared lower-case, `-` as `_`).
const SECRET_KEYS = new Set([
  "x_telegram_init_data", "init_data", "initdata", "tgwebappdata", "authorization", "cookie",
  "token", "bot_token", "password", "secret", "api_key", "apikey", "openai_api_key",
]);
// Each pattern keeps its first group (the name) and cuts the rest; mirrors tma_app/core/logging.py.
const PATTERNS = [
  /(#)[^\s"'<>#]*tgWebAppData[^\s"'<>]*/gi, // Telegram's launch fragment in a URL
  /()[^\s"'<>]*(?:auth_date|tgWebAppData|query_id)(?:=|%3D|%253D)[^\s"'<>]*/gi, // a whole initData
  /()\b\d{6,20}:[A-Za-z0-9_-]{30,}\b/g, // bot tokens
  /(hash=|hash%3D)[0-9a-f]{64}/gi,
  /(signature=)[A-Za-z0-9_-]{40,}/g,
  /(sk-)[A-Za-z0-9_-]{10,}/g, // OpenAI-style keys
];
const MAX_DEPTH = 12;
// The SDK's own bookkeeping on an event (scopes, sampling): used in the page, never sent.
const INTERNAL_KEYS = new Set(["sdkProcessingMetadata"]);

function bridge() {
  return window.tmaBridge || null;
}

/* The launch string as the page holds it, in the spellings it can appear in. */
function knownSecrets() {
  const tma = bridge();
  const initData = tma && typeof tma.initData === "function" ? tma.initData() : "";
  if (!initData) return [];
  return [initData, encodeURIComponent(initData), encodeURIComponent(encodeURIComponent(initData))];
}

export function redact(text, known) {
  let out = text;
  for (const secret of known) if (secret) out = out.split(secret).join(REDACTED);
  for (const pattern of PATTERNS) out = out.replace(pattern, (_match, name) => (name || "") + REDACTED);
  return out;
}

function isSecretKey(key) {
  return SECRET_KEYS.has(String(key).toLowerCase().replace(/-/g, "_"));
}

export function scrub(value, known, depth = 0) {
  if (typeof value === "string") return redact(value, known);
  if (value === null || typeof value !== "object") return value;
  if (depth > MAX_DEPTH) return REDACTED;
  if (Array.isArray(value)) return value.map((item) => scrub(item, known, depth + 1));
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) {
    // Errors, DOM nodes, class instances in console breadcrumbs: kept as their text, scrubbed.
    return redact(String(value), known);
  }
  const out = {};
  for (const key of Object.keys(value)) {
    if (INTERNAL_KEYS.has(key)) out[key] = value[key];
    else out[key] = isSecretKey(key) ? REDACTED : scrub(value[key], known, depth + 1);
  }
  return out;
}

function telegramTags() {
  const tma = bridge();
  const state = tma && typeof tma.viewportState === "function" ? tma.viewportState() : {};
  return {
    route: window.location.pathname,
    "telegram.platform": String(state.platform || "unknown"),
    "telegram.version": String(state.version || "unknown"),
  };
}

function scrubbed(event) {
  const out = scrub(event, knownSecrets());
  out.tags = { ...out.tags, ...telegramTags() };
  return out;
}

function userId() {
  const tma = bridge();
  const id = tma && typeof tma.userId === "function" ? tma.userId() : null;
  return id == null ? null : String(id);
}

function sameOrigin(url) {
  try {
    return new URL(url, window.location.href).origin;
  } catch (_error) {
    return window.location.origin;
  }
}

/* Replay records the page URL as it is, past any scrubbing: Telegram's launch fragment
 * (#tgWebAppData=<signed initData>&...) leaves the address bar first. Telegram's script read it
 * when the page loaded (and keeps it for reloads), so nothing else needs it. */
function dropLaunchFragment() {
  const { hash, pathname, search } = window.location;
  if (/tgWebAppData/i.test(hash)) window.history.replaceState(window.history.state, "", pathname + search);
}

/* Started once; `early` holds what was thrown before the SDK had arrived. Resolves once replay
 * (when sampled at all) is recording too. */
export function start(config, early) {
  const apiOrigin = sameOrigin(config.api || window.location.origin);
  init({
    dsn: config.dsn,
    release: config.release || undefined,
    environment: config.environment,
    sendDefaultPii: false,
    integrations: [browserTracingIntegration()],
    tracesSampleRate: config.tracesSampleRate,
    // The page's requests to its backend carry the trace: both ends of a request are linked.
    tracePropagationTargets: [apiOrigin, window.location.origin],
    replaysSessionSampleRate: 0,
    replaysOnErrorSampleRate: config.replaysOnErrorSampleRate,
    // Browser noise, not a bug of the app.
    ignoreErrors: [/ResizeObserver loop/],
    beforeSend: scrubbed,
    beforeSendTransaction: scrubbed,
    // Traces are streamed as spans (the SDK's default): their attributes hold URLs too.
    beforeSendSpan: (span) => scrub(span, knownSecrets()),
    beforeBreadcrumb: (crumb) => scrub(crumb, knownSecrets()),
  });
  // Also for replay events, which no before* callback sees.
  addEventProcessor((event) => (event.type === "replay_event" ? scrubbed(event) : event));
  const id = userId();
  if (id) setUser({ id });
  for (const error of early) captureException(error);
  if (config.replaysOnErrorSampleRate > 0 && config.replay) {
    dropLaunchFragment();
    return import(config.replay).then((replay) =>
      replay.startReplay({
        maskAllText: true,
        maskAllInputs: true,
        blockAllMedia: true,
        workerUrl: config.replayWorker,
        // Meta events carry the page URL, custom ones breadcrumbs and request URLs.
        beforeAddRecordingEvent: (event) => (event.type === 4 || event.type === 5 ? scrub(event, knownSecrets()) : event),
      }),
    ).catch(() => {});
  }
  return Promise.resolve();
}
