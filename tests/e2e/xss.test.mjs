// The XSS corpus (xss-corpus.mjs) in every view a rep or admin sees. Values come from a lead file,
// a page (names, roles, places, phones, links), LinkedIn-shaped posts (comments, post text) and a
// CRM (its search, its refusals), or are typed by the rep (notes, our pages, the CRM's address).
// Views: This page (the possible-match picker, person cards, engagement lines), the Lead book
// (search hits, hits from the CRM, the import report, clean-up, the engagement report), the Call
// list (tasks, talking points, call-back, outcomes), status lines and the options page (field
// mapping, form errors, refused entries, privacy). Each view must show the text literally and
// stay inert: no element or attribute made from a value, no link but http(s)/mailto/tel, no flag
// set, no navigation. The extension pages' CSP would block inline handlers anyway, so the DOM
// checks, not the flag, are what catch an injection.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { launch, tabId, openPanel, showView, search, wired, extensionDir, WAIT_MS } from './harness.mjs';
import { PAYLOADS, URLS, SAFE_HREF, escapeHtml } from './xss-corpus.mjs';

const POST_ID = (i) => `74019990000000000${String(i).padStart(2, '0')}`;
const postUrl = (i) => `http://www.linkedin.com/feed/update/urn:li:activity:${POST_ID(i)}/`;
const OUR_PAGE = 'https://www.linkedin.com/company/tidewave-logistics/';
/** JSON for a `<script>` element: no `</script>` can close it early. */
const scriptJson = (value) => JSON.stringify(value).replace(/</g, '\\u003c');

/** A team page: one person per payload in every field, and a hostile URL as phone, email and links. */
function teamPage() {
  const graph = PAYLOADS.map((p, i) => {
    const url = URLS[i % URLS.length];
    return {
      '@type': 'Person', name: p.text, jobTitle: p.text, worksFor: { '@type': 'Organization', name: p.text },
      address: { '@type': 'PostalAddress', addressLocality: p.text },
      email: url, telephone: url, sameAs: [url], url, ['__proto__']: { polluted: p.id },
    };
  });
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(PAYLOADS[0].text)}</title>
<script type="application/ld+json">${scriptJson({ '@context': 'https://schema.org', '@graph': graph })}</script></head>
<body><h1>Our team</h1><a href="${escapeHtml(URLS[0])}">${escapeHtml(PAYLOADS[0].text)}</a></body></html>`;
}

/** Speakers: for each payload, a plain name and the payload as title (no company to tell apart
 * the two leads of that name). */
function speakersPage() {
  const graph = PAYLOADS.map((p, i) => ({ '@type': 'Person', name: speaker(i), jobTitle: p.text }));
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Speakers</title>
<script type="application/ld+json">${scriptJson({ '@context': 'https://schema.org', '@graph': graph })}</script></head>
<body><h1>Speakers</h1></body></html>`;
}

/** One of our posts, in LinkedIn's shape: payload `i` is its text, and a commenter's headline and comment. */
function postPage(i) {
  const text = escapeHtml(PAYLOADS[i].text);
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Tidewave Logistics on LinkedIn | LinkedIn</title></head>
<body><main class="scaffold-layout__main">
<div class="feed-shared-update-v2" data-urn="urn:li:activity:${POST_ID(i)}" role="region">
  <div class="update-components-actor"><div class="update-components-actor__container"><div class="update-components-actor__meta">
    <a class="update-components-actor__meta-link" href="${OUR_PAGE}posts"><span class="update-components-actor__title"><span aria-hidden="true">Tidewave Logistics</span></span></a>
  </div></div></div>
  <div class="update-components-text update-components-update-v2__commentary"><span class="break-words"><span dir="ltr">${text}</span></span></div>
  <div class="social-details-social-counts"><button aria-label="1 comments">1 comments</button></div>
  <div class="comments-comments-list">
    <article class="comments-comment-entity" data-id="urn:li:comment:(activity:${POST_ID(i)},${POST_ID(i)}1)">
      <div class="comments-comment-meta__container"><div class="comments-comment-meta__description-container">
        <a class="comments-comment-meta__description-container" href="/in/xss-commenter-${i}/">
          <h3 class="comments-comment-meta__description"><span class="comments-comment-meta__description-title">${commenter(i)}</span></h3>
          <div class="comments-comment-meta__description-subtitle">${text}</div>
        </a></div>
        <div class="comments-comment-meta__info"><time class="comments-comment-meta__data">2h</time></div>
      </div>
      <div class="comments-comment-item__main-content"><span dir="ltr">${text}</span></div>
    </article>
  </div>
</div></main></body></html>`;
}

const commenter = (i) => `Commenter ${String.fromCharCode(65 + i)}`;

/** Plain names, one a payload: each speaker the picker asks about is two leads of that name, and
 * each CRM lead is found by its family name. */
const GIVEN = ['Anna', 'Ben', 'Chloe', 'David', 'Emma', 'Felix', 'Grace', 'Hugo', 'Iris', 'Jonas', 'Klara', 'Liam', 'Mona', 'Noah', 'Olga', 'Paul'];
const FAMILY = ['Becker', 'Carter', 'Duval', 'Evans', 'Fischer', 'Garcia', 'Hansen', 'Ito', 'Jensen', 'Kowalski', 'Larsen', 'Meyer', 'Novak', 'Olsen', 'Petit', 'Quinn'];
const speaker = (i) => `${GIVEN[i]} ${FAMILY[i]}`;

/** A lead file: each payload as a name (with a LinkedIn address the import leaves out and
 * reports), and two leads of one plain name for it (the same person at two companies?). */
function leadFile(payloads) {
  const cell = (v) => `"${v.replace(/"/g, '""')}"`;
  const rows = payloads.flatMap((p) => {
    const i = PAYLOADS.indexOf(p);
    return [
      [p.text, 'Initech', `xss-${p.id}@initech.example`, p.text],
      [speaker(i), 'Acme', `speaker-${i}@acme.example`, ''],
      [speaker(i), 'Globex', `speaker-${i}@globex.example`, ''],
    ];
  });
  return ['Name,Company,Email,LinkedIn', ...rows.map((r) => r.map(cell).join(','))].join('\n');
}

/** A payload as a lead file's cell gives it: a cell holds several values split at ';'. */
const fileValue = (p) => p.shown.split(';')[0];

/** What a hostile value could have made of a page, found in the page (run in the browser). Only
 * our own tags and attributes may be there; links only to web, mail and phone addresses. */
function injected({ safeHref }) {
  const TAGS = new Set(['HTML', 'HEAD', 'META', 'TITLE', 'LINK', 'SCRIPT', 'BODY', 'HEADER', 'H1', 'H2', 'H3', 'NAV', 'MAIN', 'SECTION',
    'DIV', 'P', 'SPAN', 'STRONG', 'A', 'TIME', 'BUTTON', 'LABEL', 'SELECT', 'OPTION', 'INPUT', 'TEXTAREA', 'FORM', 'FIELDSET', 'LEGEND',
    'UL', 'OL', 'LI', 'TABLE', 'TBODY', 'TR', 'TH', 'TD']);
  const ATTRS = /^(id|class|type|role|aria-[a-z]+|tabindex|hidden|href|target|rel|title|datetime|data-[a-z-]+|value|selected|placeholder|for|rows|spellcheck|autocomplete|accept|min|max|lang|charset|name|content|src)$/;
  const found = [];
  for (const e of document.querySelectorAll('*')) {
    if (!TAGS.has(e.tagName)) found.push(`<${e.tagName.toLowerCase()}>`);
    if (e.tagName === 'SCRIPT' && !(e.src && e.src.startsWith(location.origin))) found.push('inline <script>');
    for (const a of e.attributes) if (!ATTRS.test(a.name)) found.push(`${e.tagName.toLowerCase()}[${a.name}]`);
  }
  for (const a of document.querySelectorAll('[href]')) {
    if (a.tagName === 'A' && !new RegExp(safeHref).test(a.getAttribute('href'))) found.push(`a[href=${a.getAttribute('href')}]`);
  }
  return { found, pwned: window.__pwned ?? null, polluted: {}.polluted ?? null, url: location.href };
}

/** Asserts the extension page `page` is inert, at the URL it was opened at; for a captured page
 * (`ours` false), whose markup is its own, only that nothing ran there. */
async function assertInert(page, where, { ours = true } = {}) {
  const url = page.url();
  const { found, pwned, polluted, url: now } = await page.evaluate(injected, { safeHref: SAFE_HREF.source });
  if (ours) assert.deepEqual(found, [], `${where}: elements or attributes made from values`);
  assert.equal(pwned, null, `${where}: a payload ran`);
  assert.equal(polluted, null, `${where}: Object.prototype was polluted`);
  assert.equal(now, url, `${where}: navigated away`);
}

/** Asserts one of `texts` (what a view shows) is payload `p` literally, as `line` places it: the
 * whole text, or with `within` a part of it; for the very long payload its beginning (values are
 * capped in length). */
function assertShown(texts, p, where, line = (s) => s, { within = false } = {}) {
  const ok = p.prefix
    ? texts.some((t) => t.includes(p.shown.slice(0, 100)))
    : texts.some((t) => (within ? t.includes(line(p.shown)) : t === line(p.shown)));
  assert.ok(ok, `${where}: ${p.id} not shown literally in ${JSON.stringify(texts.map((t) => t.slice(0, 3000)))}`);
}

const texts = (page, selector) => page.$$eval(selector, (els) => els.map((e) => e.textContent));
const waitFor = (page, fn, arg) => page.waitForFunction(fn, arg, { timeout: WAIT_MS });

let server, browser, team, panel;
before(async () => {
  assert.ok(PAYLOADS.length <= GIVEN.length, 'a plain name for each payload');
  server = createServer((req, res) => {
    const { pathname } = new URL(req.url, 'http://127.0.0.1');
    const post = /activity:(\d+)\/$/.exec(pathname);
    const i = post ? PAYLOADS.findIndex((_, n) => POST_ID(n) === post[1]) : -1;
    const pages = { '/team': teamPage, '/speakers': speakersPage };
    const body = pages[pathname]?.() ?? (i >= 0 ? postPage(i) : null);
    res.writeHead(body ? 200 : 404, { 'content-type': 'text/html; charset=utf-8' }).end(body ?? 'not found');
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  browser = await launch({ hosts: ['www.linkedin.com'], port: server.address().port });
  team = await browser.context.newPage();
  await team.goto('about:blank');
  panel = await openPanel(browser, await tabId(browser.worker, team));
});
after(async () => { await browser?.close(); await new Promise((resolve) => server?.close(resolve)); });

test('the checks catch what markup would make of a payload', async () => {
  // Proof the checks can fail: a payload pasted into markup, as text or as an attribute value, in
  // a plain page (the blank tab the team page will load into), is caught.
  const markup = PAYLOADS.filter((p) => /[<"']/.test(p.text));
  const found = await team.evaluate(({ payloads, safeHref, check }) => payloads.map((html) => {
    document.body.innerHTML = `<div>${html}</div><span title="${html}"></span><span title='${html}'></span>`;
    return new Function(`return (${check})`)()({ safeHref }).found.length;
  }), { payloads: markup.map((p) => p.text), safeHref: SAFE_HREF.source, check: injected.toString() });
  for (const [i, p] of markup.entries()) assert.ok(found[i] > 0, `${p.id} would go unnoticed`);
});

test('a lead file: the import report and the search hits', async () => {
  await showView(panel, 'book');
  // Three payloads a file: the report spells out five lines of each kind (a cell is split at ';').
  for (let n = 0; n < PAYLOADS.length; n += 3) {
    const chunk = PAYLOADS.slice(n, n + 3);
    const before = await panel.textContent('#status');
    await panel.setInputFiles('#leads-file', { name: 'hostile.csv', mimeType: 'text/csv', buffer: Buffer.from(leadFile(chunk)) });
    await waitFor(panel, (b) => document.querySelector('#status').textContent !== b, before);
    const status = await panel.textContent('#status');
    assert.match(status, new RegExp(`^Leads imported: ${chunk.length * 3} added`));
    for (const p of chunk) {
      for (const part of p.shown.split(';').filter(Boolean)) {
        assertShown([status], { ...p, shown: part }, 'import report', (s) => `profile "${s}" left out`, { within: true });
      }
    }
  }
  await assertInert(panel, 'import report');
  for (const p of PAYLOADS) {
    // The previous payload's hit is at Initech too: wait for this search's hits.
    await search(panel, `xss-${p.id}@initech.example`);
    await panel.waitForSelector('#hits .hit .role:text-is("Initech")', { timeout: WAIT_MS });
    assertShown(await texts(panel, '#hits .hit .name'), { ...p, shown: fileValue(p) }, 'search hit name');
  }
  await assertInert(panel, 'search hits');
  await search(panel, URLS[0]);
  await waitFor(panel, (q) => document.querySelector('#hits .empty')?.textContent === `No lead like \u201c${q}\u201d.`, URLS[0].trim());
  await assertInert(panel, 'search with no hit');
});

test('This page: the possible-match picker, then the person cards', async () => {
  await showView(panel, 'page');
  const site = `http://127.0.0.1:${server.address().port}`;
  await team.goto(`${site}/speakers`);
  // Each speaker has the name of two leads from the file: the rep is asked which.
  await waitFor(panel, (n) => document.querySelectorAll('.pending').length === n, PAYLOADS.length);
  for (const p of PAYLOADS) {
    assertShown(await texts(panel, '.pending > .role'), p, 'picker: person', (s) => `On this page: ${s}`);
  }
  await assertInert(panel, 'picker');
  for (let left = PAYLOADS.length; left > 0; left--) {
    await panel.click('.pending .candidate:has(.role:text-is("Acme")) button.pick');
    await waitFor(panel, (n) => document.querySelectorAll('.pending').length === n, left - 1);
  }
  await team.goto(`${site}/team`);
  // The team's people, each with a place (the speakers had none); one whose name reads as a real
  // one may be the lead of that name from the file: someone new.
  await waitFor(panel, (n) => document.querySelectorAll('.pending, .person .location').length === n, PAYLOADS.length);
  while (await panel.locator('.pending').count()) {
    const left = await panel.locator('.pending').count();
    await panel.click('.pending button.new-lead');
    await waitFor(panel, (n) => document.querySelectorAll('.pending').length === n, left - 1);
  }
  assert.equal(await panel.locator('.person .location').count(), PAYLOADS.length);
  for (const p of PAYLOADS) {
    assertShown(await texts(panel, '.person .name'), p, 'card: name');
    assertShown(await texts(panel, '.person .role'), p, 'card: role', (s) => `${s} · ${s}`);
    assertShown(await texts(panel, '.person .location'), p, 'card: location');
  }
  // Hostile phone numbers are shown as text and dial only their digits.
  const phones = await texts(panel, '.person a.phone');
  for (const url of URLS) assert.ok(phones.includes(url.trim()), `${url} not shown as the phone`);
  await assertInert(panel, 'person cards');
  await assertInert(team, 'the captured page', { ours: false });
  await panel.click(`.person:has(.name:text-is(${JSON.stringify(PAYLOADS[0].shown)})) button.add`);
  await waitFor(panel, () => document.querySelector('#status').textContent.startsWith('Added '));
  assertShown([await panel.textContent('#status')], PAYLOADS[0], 'status', (s) => `Added ${s}, due`, { within: true });
});

test('Call list: tasks, talking points, a call-back and outcomes, then clean-up', async () => {
  await panel.click('button.add-all');
  await showView(panel, 'calls');
  await waitFor(panel, (n) => document.querySelectorAll('#calls .task').length === n, PAYLOADS.length);
  for (const p of PAYLOADS) {
    assertShown(await texts(panel, '#calls .task .name'), p, 'task: name');
    assertShown(await texts(panel, '#calls .task .role'), p, 'task: role', (s) => `${s} · ${s}`);
    assertShown(await texts(panel, '#calls .task .note'), p, 'task: talking points', (s) => `${s} at ${s}. Based in ${s}.`, { within: true });
  }
  await assertInert(panel, 'call list');
  // A call-back with a hostile note, promised for tomorrow.
  const first = '#calls .task:first-child';
  const tomorrow = await panel.evaluate(() => {
    const d = new Date(Date.now() + 24 * 3600 * 1000);
    const pad = (n) => String(n).padStart(2, '0');
    return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T10:30`;
  });
  await panel.fill(`${first} input.outcome-note`, PAYLOADS[1].text);
  await panel.fill(`${first} input.callback-at`, tomorrow);
  await panel.click(`${first} button.callback-requested`);
  await panel.waitForSelector('#calls .task.promised', { timeout: WAIT_MS });
  await assertInert(panel, 'call-back');
  // Each lead disqualified with a payload as the note: listed for clean-up with it.
  for (const p of PAYLOADS) {
    const task = '#calls .task:first-child';
    const count = await panel.locator('#calls .task').count();
    await panel.fill(`${task} input.outcome-note`, p.text);
    await panel.click(`${task} button[data-outcome="disqualified"]`);
    await waitFor(panel, (n) => document.querySelectorAll('#calls .task').length === n, count - 1);
  }
  await showView(panel, 'book');
  await waitFor(panel, (n) => document.querySelectorAll('#cleanup .cleanup-entry').length === n, PAYLOADS.length);
  const reasons = await texts(panel, '#cleanup .cleanup-entry .reasons');
  // The rep's notes are shown as typed.
  for (const p of PAYLOADS) assertShown(reasons, { ...p, shown: p.text }, 'clean-up note', (s) => ` · ${s}`, { within: true });
  for (const p of PAYLOADS) assertShown(await texts(panel, '#cleanup .cleanup-entry .name'), p, 'clean-up name');
  await assertInert(panel, 'clean-up');
});

test('Engagement: our pages echoed, our posts\' text and comments in cards, the report', async () => {
  await showView(panel, 'book');
  const typed = [OUR_PAGE, ...PAYLOADS.map((p) => p.text)].join('\n');
  await panel.fill('#our-pages', typed);
  await panel.check('#auto-add');
  await panel.click('#save-engagement');
  await waitFor(panel, () => document.querySelector('#status').textContent.startsWith('Saved, but these are not pages we can read: '));
  const status = await panel.textContent('#status');
  // The form shows the pages as read, one a line: each payload is there, or said unread, as typed.
  await waitFor(panel, () => document.querySelector('#our-pages').value.startsWith('linkedin.com/company/tidewave-logistics'));
  const read = (await panel.inputValue('#our-pages')).split('\n');
  for (const p of PAYLOADS) {
    assert.ok(read.includes(p.text) || status.includes(p.text), `our pages: ${p.id} neither read nor said unread`);
  }
  await assertInert(panel, 'our pages');

  const post = await browser.context.newPage();
  await post.goto(postUrl(0));
  const posts = await openPanel(browser, await tabId(browser.worker, post));
  for (const [i, p] of PAYLOADS.entries()) {
    if (i > 0) await post.goto(postUrl(i));
    const card = `.person:has(.name:text-is("${commenter(i)}"))`;
    await posts.waitForSelector(`${card} .engagement li`, { timeout: WAIT_MS });
    assertShown(await texts(posts, `${card} .engagement li`), p, 'engagement line', (s) => `commented on our post \u201c${s}\u201d: \u201c${s}\u201d (today)`);
    await assertInert(posts, `post ${p.id}`);
  }
  await assertInert(post, 'a captured post', { ours: false });
  assert.match(await posts.textContent('.engagement-summary'), /^1 comment: 1 new\. 1 put on the call list/);
  // The engagement rule put each commenter on the call list, the comment as a talking point.
  await showView(posts, 'calls');
  const notes = await texts(posts, '#calls .task .note');
  for (const p of PAYLOADS) {
    assertShown(notes, p, 'talking point', (s) => `Recently commented on our post \u201c${s}\u201d: \u201c${s}\u201d (today).`, { within: true });
  }
  await assertInert(posts, 'call list from engagement');
  await showView(posts, 'book');
  await waitFor(posts, (n) => document.querySelectorAll('#engagement-report .report-row').length === n, PAYLOADS.length);
  for (const p of PAYLOADS) assertShown(await texts(posts, '#engagement-report .report-row .target'), p, 'report row');
  await assertInert(posts, 'engagement report');
  await posts.close();
  await post.close();
});

test('Options: the field mapping, the CRM address echoed in errors, privacy', async () => {
  const FIELDS = ['name', 'given_name', 'family_name', 'title', 'company', 'location', 'email', 'phone', 'profile', 'website'];
  const options = await browser.context.newPage();
  await options.goto(`${browser.origin}/options.html`);
  const mapping = PAYLOADS.map((p, i) => ({ field: FIELDS[i % FIELDS.length], crm_field: p.text, policy: 'fill_empty' }));
  await options.evaluate((m) => chrome.storage.local.set({ crm: { kind: 'bottlecrm', base_url: 'http://127.0.0.1:9', token: 't', mapping: m } }), mapping);
  await options.reload();
  await waitFor(options, (n) => document.querySelectorAll('#policy-rows tr').length === n, PAYLOADS.length);
  // What the admin set is shown as set.
  for (const p of PAYLOADS) assertShown(await texts(options, '#policy-rows td:first-of-type'), { ...p, shown: p.text }, 'field mapping');
  await options.evaluate(() => chrome.storage.local.remove('crm'));
  // Every payload in the address at once: the error quotes what was typed.
  const typed = PAYLOADS.map((p) => p.text).join(' ');
  await options.fill('#base-url', typed);
  await options.click('#test');
  await waitFor(options, () => / is not a web address /.test(document.querySelector('#status').textContent));
  const status = await options.textContent('#status');
  for (const p of PAYLOADS) assertShown([status], { ...p, shown: p.text }, 'CRM address error', (s) => s, { within: true });
  await waitFor(options, () => /^This browser holds \d+ leads/.test(document.querySelector('#holdings').textContent));
  await assertInert(options, 'options');
  await options.close();
});

/** The family name a CRM lead for payload `i` is found by: one each, none alike (a look-alike
 * already in the lead book would stand for it). */
const crmWord = (i) => FAMILY[i];

/** A CRM shaped like BottleCRM's API whose leads carry the payloads (names, roles, places) and
 * hostile URLs (phone, email, LinkedIn, website), and which refuses whatever is sent about lead
 * `i` with payload `i` as its reason. */
function hostileCrm() {
  const record = (p, i) => {
    const url = URLS[i % URLS.length];
    return {
      id: `crm-${i}`, updated_at: '2026-01-01T00:00:00Z', first_name: p.text, last_name: crmWord(i), job_title: p.text,
      company_name: p.text, city: p.text, email: url, phone: url, linkedin_url: url, website: url,
    };
  };
  return createServer(async (req, res) => {
    let body = '';
    for await (const chunk of req) body += chunk;
    const search = new URL(req.url, 'http://127.0.0.1').searchParams.get('search')?.toLowerCase();
    const about = PAYLOADS.findIndex((_, i) => req.url.includes(`/crm-${i}/`) || body.includes(crmWord(i)));
    if (req.method !== 'GET' || (!search && about >= 0)) {
      const reason = about >= 0 ? PAYLOADS[about].text : 'unknown lead';
      res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ errors: { last_name: [reason] } }));
      return;
    }
    const leads = search ? PAYLOADS.map(record).filter((r) => r.last_name.toLowerCase() === search) : [];
    res.writeHead(200, { 'content-type': 'application/json' })
      .end(JSON.stringify({ open_leads: { open_leads: leads }, close_leads: { close_leads: [] } }));
  });
}

test('A CRM: its leads in the search hits, its refusals in the options page', async () => {
  // The CRM's origin granted at install, as crm.test.mjs does (no prompt to answer in a test).
  const crm = hostileCrm();
  await new Promise((resolve) => crm.listen(0, '127.0.0.1', resolve));
  const extension = await mkdtemp(path.join(tmpdir(), 'leadlens-xss-ext-'));
  await cp(extensionDir, extension, { recursive: true });
  const manifest = JSON.parse(await readFile(path.join(extension, 'manifest.json'), 'utf8'));
  await writeFile(path.join(extension, 'manifest.json'), JSON.stringify({ ...manifest, host_permissions: ['http://127.0.0.1/*'] }));
  const withCrm = await launch({ extension });
  try {
    const book = await openPanel(withCrm, 0);
    const crmUrl = `http://127.0.0.1:${crm.address().port}`;
    await book.evaluate((url) => chrome.storage.local.set({ crm: { kind: 'bottlecrm', base_url: url, token: 't' } }), crmUrl);
    await book.reload();
    await showView(book, 'book');
    for (const [i, p] of PAYLOADS.entries()) {
      await book.fill('#search', crmWord(i));
      const hit = '#hits .hit:has(.badge.crm)';
      await waitFor(book, ([sel, word]) => [...document.querySelectorAll(`${sel} .name`)].some((n) => n.textContent.endsWith(` ${word}`)), [hit, crmWord(i)]);
      assertShown(await texts(book, `${hit} .name`), p, 'CRM hit: name', (s) => `${s} ${crmWord(i)}`);
      assertShown(await texts(book, `${hit} .role`), p, 'CRM hit: role', (s) => `${s} · ${s}`);
      assertShown(await texts(book, `${hit} .location`), p, 'CRM hit: place');
      await assertInert(book, `CRM hit ${p.id}`);
      // On the call list: sent to the CRM, which refuses it.
      await book.click(`${hit} button.add`);
      await waitFor(book, () => document.querySelector('#status').textContent.startsWith('Added '));
    }
    const options = await withCrm.context.newPage();
    await options.goto(`${withCrm.origin}/options.html`);
    await wired(options);
    await options.click('#sync-now');
    await waitFor(options, (n) => document.querySelectorAll('#parked li').length >= n, PAYLOADS.length);
    const reasons = await texts(options, '#parked li');
    for (const p of PAYLOADS) assertShown(reasons, p, 'refused by the CRM', (s) => `last_name: ${s}`, { within: true });
    await assertInert(options, 'refusals');
  } finally {
    await withCrm.close();
    await rm(extension, { recursive: true, force: true });
    await new Promise((resolve) => crm.close(resolve));
  }
});
