/* Bundles src/ into assets/monitoring/vendor/ and writes sentry.json (versions, SHA-256s). */
import { createHash } from "node:crypto";
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

import * as esbuild from "esbuild";

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, "..", "..", "assets", "monitoring", "vendor");
const lock = JSON.parse(readFileSync(join(here, "package-lock.json"), "utf8"));

const common = {
  bundle: true,
  format: "esm",
  minify: true,
  target: "es2020",
  legalComments: "none",
  conditions: ["production"],
  // Sentry's tree-shaking flags: no debug logging; the replay worker is a file of its own.
  define: { __SENTRY_DEBUG__: "false", __SENTRY_EXCLUDE_REPLAY_WORKER__: "true" },
  logLevel: "warning",
};

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
await esbuild.build({ ...common, entryPoints: [join(here, "src", "sentry.js")], outfile: join(out, "sentry.js") });
await esbuild.build({ ...common, entryPoints: [join(here, "src", "replay.js")], outfile: join(out, "replay.js") });
const replayPackage = join(here, "node_modules", "@sentry", "replay");
copyFileSync(join(replayPackage, "build", "npm", "esm", "worker-bundler.js"), join(out, "replay-worker.js"));
copyFileSync(join(here, "node_modules", "@sentry", "browser", "LICENSE"), join(out, "sentry.LICENSE"));

const files = {};
for (const name of ["sentry.js", "replay.js", "replay-worker.js"]) {
  files[name] = createHash("sha256").update(readFileSync(join(out, name))).digest("hex");
}
const packages = {};
for (const name of ["@sentry/browser", "@sentry/core", "@sentry/replay", "esbuild"]) {
  const entry = lock.packages[`node_modules/${name}`];
  packages[name] = { version: entry.version, integrity: entry.integrity };
}
const manifest = {
  built_by: "frontend/sentry/build.mjs (see frontend/sentry/README.md)",
  license: "MIT (sentry.LICENSE)",
  packages,
  files_sha256: files,
};
writeFileSync(join(out, "sentry.json"), JSON.stringify(manifest, null, 2) + "\n");
for (const [name, sha] of Object.entries(files)) console.log(name, sha.slice(0, 12));
