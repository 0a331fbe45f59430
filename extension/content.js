// Ships the page to the service worker, where Rust captures it: a page's CSP may forbid Wasm here.
// Single-page sites (LinkedIn, X) change the URL without loading a page, so a URL change seen after
// DOM mutations ships the page again. Also answers the worker's "what did the rep point at?".
(() => {
  const MAX_CHARS = 12 * 1024 * 1024;
  const SETTLE_MS = 1000;
  const MAX_VCARDS = 5;
  const MAX_VCARD_CHARS = 512 * 1024;
  // vCard files on this page's own site, fetched here where the page's cookies apply.
  const vcards = () => {
    // The browser's own selector finds the few candidates; parsing every link of a large page would not.
    const candidates = document.querySelectorAll('a[href*=".vcf" i]');
    const links = [...candidates].map((a) => { try { return new URL(a.href); } catch { return null; } })
      .filter((u) => u && u.origin === location.origin && /\.vcf$/i.test(u.pathname)).map(String);
    return Promise.all([...new Set(links)].slice(0, MAX_VCARDS).map((url) =>
      fetch(url, { signal: AbortSignal.timeout(3000) }).then((r) => (r.ok ? r.text() : ''))
        .then((text) => ({ url, text: text.slice(0, MAX_VCARD_CHARS) }), () => ({ url, text: '' }))));
  };
  // Sites the rep paused or never wants read (webmail, the CRM): the worker keeps the list, and
  // nothing from such a page is sent. A site covers its subdomains (src/reading/mod.rs).
  const quiet = async () => {
    const { quiet: sites = [] } = await chrome.storage.local.get('quiet').catch(() => ({ quiet: [] }));
    const site = location.hostname.toLowerCase().replace(/^www\./, '');
    return sites.some((q) => q === location.host || site === q || site.endsWith(`.${q}`));
  };
  let sentFor = null;
  const send = async () => {
    sentFor = location.href;
    if (await quiet()) return;
    const readAt = performance.timeOrigin + performance.now();
    const html = document.documentElement.outerHTML;
    chrome.runtime.sendMessage({
      type: 'page',
      html: html.length > MAX_CHARS ? html.slice(0, MAX_CHARS) : html,
      truncated: html.length > MAX_CHARS,
      read_at: readAt,
      vcards: (await vcards()).filter((v) => v.text),
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
    // Not even what the rep pointed at leaves a quiet site.
    quiet().then((q) => reply(q ? '' : pointedText()));
    return true;
  });
  const pointedText = () => {
    const selection = String(window.getSelection() || '').trim();
    const card = pointed?.closest?.('[itemscope], article, li, section, tr, .card') ?? pointed;
    return (selection || card?.innerText || '').slice(0, 2000);
  };
})();
