// Ships the page to the service worker, where Rust captures it: a page's CSP may forbid Wasm here.
// Single-page sites (LinkedIn, X) change the URL without loading a page, so a URL change seen after
// DOM mutations ships the page again. Also answers the worker's "what did the rep point at?".
(() => {
  const MAX_CHARS = 12 * 1024 * 1024;
  const SETTLE_MS = 1000;
  let sentFor = null;
  const send = () => {
    sentFor = location.href;
    const html = document.documentElement.outerHTML;
    chrome.runtime.sendMessage({
      type: 'page',
      html: html.length > MAX_CHARS ? html.slice(0, MAX_CHARS) : html,
      lang: document.documentElement.lang || null,
      truncated: html.length > MAX_CHARS,
    }).catch(() => {});
  };
  send();

  let timer = 0;
  new MutationObserver(() => {
    if (location.href === sentFor || timer) return;
    timer = setTimeout(() => { timer = 0; if (location.href !== sentFor) send(); }, SETTLE_MS);
  }).observe(document.documentElement, { childList: true, subtree: true });

  let pointed = null;
  document.addEventListener('contextmenu', (e) => { pointed = e.target; }, true);
  chrome.runtime.onMessage.addListener((message, sender, reply) => {
    if (sender.id !== chrome.runtime.id || message?.type !== 'pointed') return;
    const selection = String(window.getSelection() || '').trim();
    const card = pointed?.closest?.('[itemscope], article, li, section, tr, .card') ?? pointed;
    reply((selection || card?.innerText || '').slice(0, 2000));
  });
})();
