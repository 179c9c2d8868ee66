// LHCI's puppeteerScript (lighthouserc.json): Lighthouse opens each URL in a new tab of this
// browser, and every new tab gets the fake Telegram WebApp before any of the page's scripts,
// the way Telegram's client provides window.Telegram.WebApp. make lighthouse-ci writes the
// config (initData signed for the served app's bot token) and names both files in the env.
"use strict";
const fs = require("node:fs");

module.exports = async (browser) => {
  if (browser.tmaFakeTelegram) return; // called before every URL; one listener is enough
  const config = fs.readFileSync(process.env.TMA_FAKE_TELEGRAM_CONFIG, "utf8");
  const mock = fs.readFileSync(process.env.TMA_FAKE_TELEGRAM_MOCK, "utf8");
  const source = `window.__TMA_MOCK_CONFIG__ = ${config};\n${mock}`;
  browser.tmaFakeTelegram = true;
  browser.on("targetcreated", async (target) => {
    if (target.type() !== "page") return;
    const page = await target.page();
    if (page) await page.evaluateOnNewDocument(source);
  });
};
