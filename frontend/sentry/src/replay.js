/* Session replay, loaded after start(): a file of its own, so the page pays for it only once the
 * SDK runs. Sentry's SDK copies of one version share a client through a global carrier, so the
 * integration lands on the client src/sentry.js started. */
import { addIntegration } from "@sentry/core";
import { replayIntegration } from "@sentry/replay";

export function startReplay(options) {
  addIntegration(replayIntegration(options));
}
