// Ships the page to the service worker, where Rust captures it: a page's CSP may forbid Wasm here.
// Also answers the worker's "what did the rep point at?" for the context menu and the shortcut.
(() => {
  const MAX_CHARS = 12 * 1024 * 1024;
  const html = document.documentElement.outerHTML;
  chrome.runtime.sendMessage({
    type: 'page',
    html: html.length > MAX_CHARS ? html.slice(0, MAX_CHARS) : html,
    lang: document.documentElement.lang || null,
    truncated: html.length > MAX_CHARS,
  }).catch(() => {});

  let pointed = null;
  document.addEventListener('contextmenu', (e) => { pointed = e.target; }, true);
  chrome.runtime.onMessage.addListener((message, sender, reply) => {
    if (sender.id !== chrome.runtime.id || message?.type !== 'pointed') return;
    const selection = String(window.getSelection() || '').trim();
    const card = pointed?.closest?.('[itemscope], article, li, section, tr, .card') ?? pointed;
    reply((selection || card?.innerText || '').slice(0, 2000));
  });
})();
