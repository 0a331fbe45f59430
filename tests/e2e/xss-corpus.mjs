// The XSS corpus xss.test.mjs renders in every view: classic payloads, each of which, if it ever
// ran, would set `window.__pwned` to its id (or navigate away). `shown` is what a view must show
// for it: the text itself, but for the invisible characters every page value is cleaned of
// (src/text.rs) and, for the very long one, only a prefix (values are capped in length).

const FLAG = (id) => `window.__pwned='${id}'`;

/** Characters the capture drops: bidi overrides and zero-width ones (src/text.rs). */
const INVISIBLE = /[\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF\u00AD]/g;

const payload = (id, text, { prefix = false } = {}) => ({ id, text, shown: text.replace(INVISIBLE, ''), prefix });

export const PAYLOADS = [
  payload('img', `<img src=x onerror="${FLAG('img')}">`),
  payload('svg', `<svg onload="${FLAG('svg')}"></svg>`),
  payload('script', `<script>${FLAG('script')}</script>`),
  payload('iframe', `"><iframe srcdoc="<script>parent.__pwned='iframe'</script>"></iframe>`),
  payload('attr-dq', `" autofocus onfocus="${FLAG('attr-dq')}" x="`),
  payload('attr-sq', `' onmouseover='window.__pwned="attr-sq"' x='`),
  payload('anchor', `<a href="javascript:${FLAG('anchor')}">click me</a>`),
  payload('meta-refresh', '<meta http-equiv="refresh" content="0;url=https://evil.example/">'),
  payload('textarea', `</textarea><img src=x onerror="${FLAG('textarea')}">`),
  payload('entity', `&lt;img src=x onerror=${FLAG('entity')}&gt;`),
  payload('template', `{{constructor.constructor("${FLAG('template')}")()}}`),
  payload('proto', '__proto__'),
  payload('rtl', 'Eve \u202Egnp.exe\u202C Admin'),
  payload('zero-width', 'Ev\u200Be Z\u200Dero\uFEFFwidth'),
  payload('long', `${'Lo'.repeat(2500)}<img src=x onerror="${FLAG('long')}">`, { prefix: true }),
];

/** Link targets a page may give: never a clickable link. */
export const URLS = [
  `javascript:${FLAG('js-url')}`,
  `JaVaScRiPt:${FLAG('js-case')}`,
  ` javascript:${FLAG('js-space')}`,
  `data:text/html,<script>${FLAG('data-url')}</script>`,
  `vbscript:${FLAG('vbscript')}`,
];

/** The only link targets the panel and options page may hold. */
export const SAFE_HREF = /^(https?:\/\/|mailto:|tel:)/;

/** `text` escaped for HTML text and attribute values: a page shows the payload, it does not run it. */
export const escapeHtml = (text) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
