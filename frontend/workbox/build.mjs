/* Bundles src/sw.js with Workbox into assets/offline/sw.template.js, minifies the page's scripts
 * (src/sw-register.js, src/snapshot.js, src/queue.js) into assets/offline/ and the Telegram bridge
 * (src/bridge.js) into assets/tma/, and writes workbox.json (versions and
 * SHA-256, checked by tests/unit/offline/test_service_worker.py). The template's placeholders are
 * filled after every production build (tma_app/offline/service_worker.py). */
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

import * as esbuild from "esbuild";

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, "..", "..", "assets", "offline");
const bridgeOut = join(here, "..", "..", "assets", "tma", "bridge.js");
const lock = JSON.parse(readFileSync(join(here, "package-lock.json"), "utf8"));

await esbuild.build({
  entryPoints: [join(here, "src", "sw.js")],
  outfile: join(out, "sw.template.js"),
  bundle: true,
  format: "iife",
  minify: true,
  target: "es2020",
  legalComments: "none",
  // Workbox drops its development logging in production builds.
  define: { "process.env.NODE_ENV": '"production"' },
  logLevel: "warning",
});
// The page's scripts: classic scripts (document.currentScript), minified; the sources are the readable copy.
for (const name of ["sw-register.js", "snapshot.js", "queue.js", "bridge.js"]) {
  await esbuild.build({
    entryPoints: [join(here, "src", name)],
    outfile: name === "bridge.js" ? bridgeOut : join(out, name),
    format: "iife",
    minify: true,
    target: "es2017",
    legalComments: "none",
    banner: { js: `/* frontend/workbox/src/${name}, minified by build.mjs (docs/${name === "bridge.js" ? "telegram-bridge" : "offline"}.md) */` },
    logLevel: "warning",
  });
}
const template = readFileSync(join(out, "sw.template.js"), "utf8");
for (const placeholder of ["self.__WB_MANIFEST", "self.__TMA_BUILD__"]) {
  if (template.split(placeholder).length !== 2) throw new Error(`${placeholder} must appear exactly once`);
}
const packages = {};
for (const name of Object.keys(JSON.parse(readFileSync(join(here, "package.json"), "utf8")).devDependencies)) {
  const entry = lock.packages[`node_modules/${name}`];
  packages[name] = { version: entry.version, integrity: entry.integrity };
}
const manifest = {
  built_by: "frontend/workbox/build.mjs (see frontend/workbox/README.md)",
  license: "MIT (Workbox, Google LLC)",
  packages,
  files_sha256: {
    ...Object.fromEntries(["sw.template.js", "sw-register.js", "snapshot.js", "queue.js"].map(
      (name) => [name, createHash("sha256").update(readFileSync(join(out, name))).digest("hex")])),
    "../tma/bridge.js": createHash("sha256").update(readFileSync(bridgeOut)).digest("hex"),
  },
};
writeFileSync(join(out, "workbox.json"), JSON.stringify(manifest, null, 2) + "\n");
console.log("sw.template.js", template.length, "bytes");
