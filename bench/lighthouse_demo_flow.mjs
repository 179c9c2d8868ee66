// One Lighthouse navigation of a demo's first screen, inside the fake Telegram WebApp.
// Run by bench/lighthouse_demos.py and bench/telegram_first_screen.py from bench/.work (where lighthouse
// and puppeteer-core are installed).
// argv: url, report path, mock script path ("-": inject nothing, the page loads its own Telegram script),
// mock config JSON, chrome flags JSON, and optionally Lighthouse settings JSON (e.g. throttlingMethod,
// blockedUrlPatterns) that replace the defaults below.
import fs from "node:fs";
import * as chromeLauncher from "chrome-launcher";
import lighthouse from "lighthouse";
import puppeteer from "puppeteer-core";

const [url, reportPath, mockPath, configJson, flagsJson, settingsJson] = process.argv.slice(2);
const settings = { blockedUrlPatterns: ["*telegram.org*"], ...JSON.parse(settingsJson || "{}") };
// Launched the way Lighthouse's CLI launches it (that path works with Debian's Chromium), then
// driven through puppeteer so the fake WebApp can be injected before the page's scripts.
const chrome = await chromeLauncher.launch({ chromePath: "/usr/bin/chromium", chromeFlags: JSON.parse(flagsJson) });
const browser = await puppeteer.connect({ browserURL: `http://localhost:${chrome.port}`, defaultViewport: null });
try {
  const page = await browser.newPage();
  // The fake WebApp must exist before the page's own scripts, as Telegram's does.
  if (mockPath !== "-") {
    await page.evaluateOnNewDocument(`window.__TMA_MOCK_CONFIG__ = ${configJson};\n${fs.readFileSync(mockPath, "utf8")}`);
  }
  const result = await lighthouse(
    url,
    { output: "json", onlyCategories: ["performance"], logLevel: "error", ...settings },
    undefined,
    page,
  );
  fs.writeFileSync(reportPath, result.report);
} finally {
  await browser.disconnect();
  await chrome.kill();
}
