// The chat follows a growing answer while the reader is at the bottom, as messengers do; a reader
// who scrolled up to reread is left alone. Sending a question always brings the bottom into view.
// Loaded only by the assistant's page; it costs no websocket message (the page scrolls itself).
(() => {
  if (window.__tmaChatFollow) return;
  window.__tmaChatFollow = true;
  const NEAR_PX = 96;
  let following = true;
  const bottomGap = () => document.documentElement.scrollHeight - window.innerHeight - window.scrollY;
  const toBottom = () => window.scrollTo({ top: document.documentElement.scrollHeight, behavior: "instant" });
  window.addEventListener("scroll", () => { following = bottomGap() <= NEAR_PX; }, { passive: true });
  document.addEventListener("submit", (event) => {
    if (event.target.closest && event.target.closest("[data-testid=ai-composer]")) following = true;
  }, true);
  new MutationObserver(() => {
    if (following && document.querySelector("[data-testid=ai-chat]")) toBottom();
  }).observe(document.body, { subtree: true, childList: true, characterData: true });
})();
