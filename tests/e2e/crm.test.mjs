// CRM sync end to end: the built extension in Chromium pushes to the real BottleCRM that
// scripts/test.sh starts on 127.0.0.1 (.cache/bottlecrm.json), and every check reads the CRM back
// through its own API and counts exactly. Failures come from the CRM going away and coming back
// (scripts/bottlecrm.sh restart keeps its database), from a fault-injecting proxy (429 with
// Retry-After, 500, answers lost after the record was made), and from the service worker being
// stopped mid-push.
//
// Host permission: the extension asks for the CRM's origin at save time (optional host
// permission). Chrome has no automation hook to answer its consent prompt, so the tests load a
// copy of the built extension whose manifest grants http://127.0.0.1/* at install, as an admin
// would; `chrome.permissions.request` then resolves without a prompt and the options page's flow
// runs unchanged.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { serve, launch, tabId, openPanel, ask, extensionDir, showView, until, WAIT_MS } from './harness.mjs';
import { faultProxy } from './fault-proxy.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const DRAIN_MS = 180_000;
/** People per run of the throughput test (two entries each: the lead and its call task). */
const BULK_PEOPLE = Number(process.env.LEADLENS_DRAIN_PEOPLE ?? 50);

let crm, site, pagesDir, extension, browser, options;

before(async () => {
  crm = JSON.parse(await readFile(path.join(root, '.cache/bottlecrm.json'), 'utf8'));
  pagesDir = await mkdtemp(path.join(tmpdir(), 'leadlens-crm-pages-'));
  await cp(path.join(root, 'demo/site'), pagesDir, { recursive: true });
  site = await serve(pagesDir);
  extension = await mkdtemp(path.join(tmpdir(), 'leadlens-crm-ext-'));
  await cp(extensionDir, extension, { recursive: true });
  const manifest = JSON.parse(await readFile(path.join(extension, 'manifest.json'), 'utf8'));
  manifest.host_permissions = ['http://127.0.0.1/*'];
  await writeFile(path.join(extension, 'manifest.json'), JSON.stringify(manifest));
  browser = await launch({ extension });
  options = await browser.context.newPage();
});

after(async () => {
  await browser?.close();
  await site?.close();
  await rm(pagesDir, { recursive: true, force: true });
  await rm(extension, { recursive: true, force: true });
});

/** The options page flow: pick BottleCRM, its address and token, save (asks for the origin). */
async function configure(url) {
  await options.goto(`chrome-extension://${browser.extensionId}/options.html`);
  await options.waitForSelector('#kind option[value="bottlecrm"]', { state: 'attached', timeout: WAIT_MS });
  await options.selectOption('#kind', 'bottlecrm');
  await options.fill('#base-url', url);
  await options.fill('#token', crm.token);
  await options.click('#save');
  await options.waitForFunction(() => /^Saved\./.test(document.querySelector('#status').textContent), null, { timeout: WAIT_MS });
}

const outbox = () => ask(options, { type: 'sync_status' });

/** Waits until nothing is pending or parked, and returns the outbox's counts. */
async function drained(ms = DRAIN_MS) {
  let seen;
  try {
    return await until('the outbox to drain', async () => {
      const view = await outbox().catch(() => null);
      seen = view ?? seen;
      return view && view.pending === 0 && view.parked === 0 && view;
    }, ms);
  } catch (e) {
    // What is still waiting, and why: parked reasons and each retried entry's last error.
    throw new Error(`${e.message}\noutbox: ${JSON.stringify(seen)}`);
  }
}

async function api(pathAndQuery) {
  // Node's fetch may reuse a connection gunicorn has just closed ("fetch failed"): a GET is
  // safely asked once more.
  const get = () => fetch(`${crm.url}${pathAndQuery}`, { headers: { authorization: `Bearer ${crm.token}` } });
  const r = await get().catch(get);
  assert.equal(r.status, 200, `${pathAndQuery}: HTTP ${r.status}`);
  return r.json();
}

/** The CRM's leads with this email, and each one's tasks. */
async function inCrm(email) {
  const list = await api(`/api/leads/?email=${encodeURIComponent(email)}&limit=100`);
  const leads = [...(list.open_leads?.open_leads ?? []), ...(list.close_leads?.close_leads ?? [])];
  return Promise.all(leads.map(async (lead) => ({ lead, tasks: (await api(`/api/tasks/?lead=${lead.id}&limit=100`)).tasks ?? [] })));
}

const GIVEN = ['Amara', 'Bjorn', 'Chiara', 'Dmitri', 'Elif', 'Farid', 'Greta', 'Hiroshi', 'Ines', 'Jonas', 'Kavya', 'Lars',
  'Mireille', 'Nnamdi', 'Oksana', 'Pavel', 'Quentin', 'Rosalind', 'Soren', 'Tamsin', 'Ulrich', 'Valeria', 'Wendell', 'Ximena',
  'Yusuf', 'Zofia', 'Anselm', 'Beatrix', 'Cyprian', 'Dagny'];
const FAMILY = ['Abernathy', 'Bergstrom', 'Castellanos', 'Drummond', 'Eriksen', 'Fitzgerald', 'Gallagher', 'Hoffmann', 'Iglesias',
  'Jankowski', 'Kowalczyk', 'Lindqvist', 'Montgomery', 'Nakamura', 'Oyelaran', 'Papadopoulos', 'Quiroga', 'Rasmussen',
  'Szymanski', 'Thornbury', 'Underwood', 'Vasquez', 'Whitaker', 'Xenakis', 'Yamamoto', 'Zielinski', 'Achterberg', 'Blackwood',
  'Cavendish', 'Delacroix', 'Engstrom', 'Fairbanks', 'Grimaldi', 'Halvorsen', 'Ingersoll', 'Jovanovic', 'Kristiansen',
  'Lockhart', 'Mancini', 'Northcott'];

/** Tells this run's people from those an earlier run left in a long-lived CRM. */
const RUN = Date.now().toString(36);

/** A made-up word from base-36 characters: names no earlier run's lead (or the matcher) confuses. */
const SYLLABLES = 'ba be bi bo bu da de di do du ka ke ki ko ku la le li lo lu ma me mi mo mu na ne ni no nu ra re ri ro ru sa'.split(' ');
const word = (chars) => [...chars].map((c) => SYLLABLES[parseInt(c, 36)]).join('').replace(/^./, (c) => c.toUpperCase());

/** Makes a lead directly in BottleCRM, as a colleague working in the CRM would. */
async function makeInCrm({ given, family, email, phone }) {
  const created = await fetch(`${crm.url}/api/leads/`, {
    method: 'POST',
    headers: { authorization: `Bearer ${crm.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ title: `${given} ${family} (Navy)`, first_name: given, last_name: family, email, phone }),
  });
  const text = await created.text();
  assert.equal(created.status, 200, text);
  return JSON.parse(text).id;
}

/** The `k`th person's name: each given name with every FAMILY name first (no two people in a
 * row share a family name, so a search by one person's name finds few others), then with
 * made-up family names. */
function personName(k) {
  if (k < GIVEN.length * FAMILY.length) return `${GIVEN[Math.floor(k / FAMILY.length)]} ${FAMILY[k % FAMILY.length]}`;
  const m = k - GIVEN.length * FAMILY.length;
  const family = word(((Math.floor(m / GIVEN.length) * 997) % 36 ** 3).toString(36).padStart(3, '0'));
  return `${GIVEN[m % GIVEN.length]} ${family}`;
}

/** People made so far: every page's are new to the lead book. */
let made = 0;

/** `n` people on a page named `tag`, told apart by the matcher: no two in a run share a name,
 * none shares a family name unless the given names differ, and nothing else (company, title,
 * city) is alike. */
async function teamPage(tag, n) {
  const first = made;
  made += n;
  assert.ok(made <= GIVEN.length * (FAMILY.length + 36 ** 3), 'not enough distinct names');
  const people = Array.from({ length: n }, (_, i) => ({
    name: personName(first + i),
    email: `p${i}@${tag}-${RUN}-${i}.example`,
    phone: `+1 512 555 ${String(2000 + first + i).padStart(4, '0')}`,
  }));
  const graph = people.map((p) => ({ '@type': 'Person', name: p.name, email: p.email, telephone: p.phone }));
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${tag}</title>
<script type="application/ld+json">${JSON.stringify({ '@context': 'https://schema.org', '@graph': graph })}</script></head>
<body><h1>${tag}</h1><ul>${people.map((p) => `<li>${p.name}</li>`).join('')}</ul></body></html>`;
  await writeFile(path.join(pagesDir, `${tag}.html`), html);
  return people;
}

/** Opens the page, waits for its capture, and puts everyone on it on the call list (which saves
 * them: nobody on it is a lead before). People the matcher is unsure of fail the test, unless
 * `asNew`: then the rep says each is someone new (runs of thousands of made-up names have near
 * twins, "Manini" beside "Mancini"). */
async function captureAndAdd(tag, people, { asNew = false } = {}) {
  const page = await browser.context.newPage();
  await page.goto(`${site.url}/${tag}.html`);
  const tab = await tabId(browser.worker, page);
  let view = await until(`${people.length} people captured on ${tag}`, async () => {
    const { view } = await ask(options, { type: 'get_tab', tab_id: tab });
    return view?.people.length + view?.pending.length + view?.unsaved.length === people.length && view;
  }, 60_000);
  for (let left = asNew ? view.pending.length : 0; left > 0; left--) {
    const answer = await ask(options, { type: 'resolve_match', tab_id: tab, person: 0 });
    assert.equal(answer.type, 'resolved', JSON.stringify(answer));
  }
  if (asNew) view = (await ask(options, { type: 'get_tab', tab_id: tab })).view;
  assert.equal(view.pending.length, 0, JSON.stringify(view.pending[0]));
  assert.equal(view.people.length + view.unsaved.length, people.length);
  assert.ok(view.url.endsWith(`/${tag}.html`), view.url);
  const adds = [
    ...view.people.map((p) => [p.lead.name, { type: 'add_to_call_list', lead_id: p.lead.id }]),
    ...view.unsaved.map((u) => [u.card.name, { type: 'save_from_tab', tab_id: tab, key: u.key, call: true }]),
  ];
  for (const [name, request] of adds) {
    const added = await ask(options, request);
    assert.equal(added.type, 'task_added', JSON.stringify(added));
    assert.ok(added.created, `${name} was on the call list already`);
  }
  await page.close();
}

/** Every person is in the CRM exactly once, with exactly one call task. */
async function assertArrivedOnce(people) {
  for (const p of people) {
    const found = await inCrm(p.email);
    assert.equal(found.length, 1, `${p.email}: ${found.length} leads in the CRM`);
    assert.equal(found[0].tasks.length, 1, `${p.email}: ${found[0].tasks.length} tasks in the CRM`);
    assert.match(found[0].tasks[0].title, new RegExp(`^Call ${p.name} at \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC$`));
  }
}

test('options: "Test connection" says what is wrong, then that it works', async () => {
  await options.goto(`chrome-extension://${browser.extensionId}/options.html`);
  await options.waitForSelector('#kind option[value="bottlecrm"]', { state: 'attached', timeout: WAIT_MS });
  const status = async (url, token) => {
    await options.fill('#base-url', url);
    await options.fill('#token', token);
    await options.evaluate(() => { document.querySelector('#status').textContent = ''; });
    await options.click('#test');
    return until('a test result', () => options.evaluate(() => {
      const t = document.querySelector('#status').textContent;
      return t !== 'Testing…' && t;
    }));
  };
  assert.match(await status('crm.example', crm.token), /^Check the CRM address in the options: "crm.example" is not a web address/);
  assert.match(await status(crm.url, 'bcrm_pat_wrong'), /refused the token \(HTTP 403/);
  // Nothing listens on port 9 of the loopback.
  assert.match(await status('http://127.0.0.1:9', crm.token), /^No answer from the CRM \(TypeError: Failed to fetch\)/);
  assert.equal(await status(crm.url, crm.token), `Connected: BottleCRM (self-hosted) answers at ${crm.url} and accepts the token.`);
  // The token stays out of the page's HTML and in the extension's own storage.
  assert.ok(!(await options.content()).includes(crm.token));
});

test('without a CRM nothing is queued: the local lead book works as before', async () => {
  const people = await teamPage('local', 2);
  await options.goto(`chrome-extension://${browser.extensionId}/options.html`);
  await captureAndAdd('local', people);
  const view = await outbox();
  assert.deepEqual([view.pending, view.parked, view.done], [0, 0, 0]);
  const { items } = await ask(options, { type: 'get_call_list' });
  assert.equal(items.filter((i) => people.some((p) => p.name === i.lead.name)).length, 2);
  for (const p of people) assert.equal((await inCrm(p.email)).length, 0);
});

test('capture -> add to call list in the panel -> the lead and its task are in BottleCRM', async () => {
  await configure(crm.url);
  // A CRM kept from an earlier run may hold Daniel and his calls already: count what this adds.
  const earlier = (await inCrm('daniel.okafor@northwind.example')).flatMap((f) => f.tasks.map((t) => t.title));
  const page = await browser.context.newPage();
  // A query string and a fragment, which provenance must not carry to the CRM.
  await page.goto(`${site.url}/team.html?utm_source=mail&session=s3cr3t#sales`);
  const panel = await openPanel(browser, await tabId(browser.worker, page));
  await panel.waitForSelector('.person:has(.name:text-is("Daniel Okafor")) button.add', { timeout: WAIT_MS });
  await panel.click('.person:has(.name:text-is("Daniel Okafor")) button.add');
  await showView(panel, 'calls');
  await panel.waitForSelector('#calls .task:has(.name:text-is("Daniel Okafor"))', { timeout: WAIT_MS });
  // The header says where the lead book goes.
  await panel.waitForFunction(() => document.querySelector('.mode').textContent.startsWith('Syncs with BottleCRM'), null, { timeout: WAIT_MS });
  const { items } = await ask(panel, { type: 'get_call_list' });
  const due = new Date(items.find((i) => i.lead.name === 'Daniel Okafor').task.due);
  await drained();
  const found = await inCrm('daniel.okafor@northwind.example');
  assert.equal(found.length, 1);
  const { lead, tasks } = found[0];
  assert.deepEqual([lead.first_name, lead.last_name, lead.job_title], ['Daniel', 'Okafor', 'Chief Executive Officer']);
  assert.match(lead.description, /^Captured by Leadlens on http:\/\/127\.0\.0\.1:\d+\/team\.html at /, 'provenance: scheme, host and path');
  // BottleCRM keeps a date only: the due time travels in the title.
  const stamp = due.toISOString().slice(0, 16).replace('T', ' ');
  const ours = tasks.filter((t) => t.title === `Call Daniel Okafor at ${stamp} UTC`);
  assert.equal(ours.length, 1 + earlier.filter((t) => t === ours[0]?.title).length, JSON.stringify(tasks.map((t) => t.title)));
  assert.equal(ours[0].due_date, stamp.slice(0, 10));
  await panel.close();
  await page.close();
});

test('BottleCRM stopped mid-run and restarted: every entry arrives once', async () => {
  await configure(crm.url);
  const people = await teamPage('restart', 8);
  await captureAndAdd('restart', people);
  await promisify(execFile)('bash', [path.join(root, 'scripts/bottlecrm.sh'), 'stop'], { cwd: root });
  // Down long enough for entries to fail and back off.
  await new Promise((r) => setTimeout(r, 3000));
  const during = await outbox();
  const badge = await options.evaluate(() => chrome.action.getBadgeText({}));
  await promisify(execFile)('bash', [path.join(root, 'scripts/bottlecrm.sh'), 'restart'], { cwd: root, timeout: 120_000 });
  assert.ok(during.pending > 0, `expected entries waiting while the CRM was down: ${JSON.stringify(during)}`);
  assert.ok(Number(badge) > 0, `badge "${badge}" while entries wait`);
  await drained();
  await assertArrivedOnce(people);
});

test('429 with Retry-After, 500 and lost answers from a proxy: every entry arrives once', async () => {
  let budget = 14;
  const proxy = await faultProxy(crm.url, (n, req) => {
    if (budget <= 0) return undefined;
    const fault = n % 4 === 1 ? { status: 429, headers: { 'retry-after': '1' } }
      : n % 6 === 2 ? { status: 500 }
        : n % 5 === 3 && req.method === 'POST' ? { status: 502, after: true }
          : undefined;
    if (fault) budget--;
    return fault;
  });
  try {
    await configure(proxy.url);
    const people = await teamPage('faults', 8);
    await captureAndAdd('faults', people);
    await drained();
    assert.ok(proxy.counts.faults >= 10, `only ${proxy.counts.faults} faults injected`);
    await assertArrivedOnce(people);
  } finally {
    await proxy.close();
  }
});

test('a refused entry parks with the CRM\'s reason, shows on the badge and options page, and goes on retry', async () => {
  let refuse = true;
  const proxy = await faultProxy(crm.url, (n, req) => (refuse && req.method === 'POST' && req.url.startsWith('/api/tasks/')
    ? { status: 400, body: { errors: { due_date: ['Date has wrong format.'] } } }
    : undefined));
  try {
    await configure(proxy.url);
    const people = await teamPage('parked', 1);
    await captureAndAdd('parked', people);
    await until('the task to park', async () => (await outbox()).parked === 1, DRAIN_MS);
    assert.equal(await options.evaluate(() => chrome.action.getBadgeText({})), '!');
    assert.match(await options.evaluate(() => chrome.action.getTitle({})), /1 refused by the CRM: see Options$/);
    await options.reload();
    await options.waitForSelector('#parked li', { timeout: WAIT_MS });
    assert.equal(await options.textContent('#parked li'),
      'The call task was not sent. The CRM refused this (HTTP 400): due_date: Date has wrong format.');
    assert.equal((await inCrm(people[0].email))[0].tasks.length, 0);
    refuse = false;
    await options.click('#retry');
    await drained();
    await assertArrivedOnce(people);
    assert.equal(await options.evaluate(() => chrome.action.getBadgeText({})), '');
  } finally {
    await proxy.close();
  }
});

test(`draining ${BULK_PEOPLE * 2} entries into BottleCRM (throughput)`, async () => {
  await configure(crm.url);
  const people = await teamPage('bulk', BULK_PEOPLE);
  const before = (await outbox()).done;
  const started = Date.now();
  await captureAndAdd('bulk', people);
  const queued = Date.now();
  const view = await drained(Math.max(DRAIN_MS, BULK_PEOPLE * 2_000));
  const seconds = (Date.now() - started) / 1000;
  assert.equal(view.done - before, BULK_PEOPLE * 2);
  console.log(`drain: ${BULK_PEOPLE * 2} entries in ${seconds.toFixed(1)} s from the first add ` +
    `(${((BULK_PEOPLE * 2) / seconds).toFixed(1)} entries/s; queuing took ${((queued - started) / 1000).toFixed(1)} s)`);
  await assertArrivedOnce(people.filter((_, i) => i % 10 === 0));
});

test('service worker stopped mid-push: it drains after restart, nothing duplicated', async () => {
  // Every answer held back, the first creates' lost: the worker is stopped with sends in flight.
  const proxy = await faultProxy(crm.url, () => ({ delay: 400 }));
  try {
    await configure(proxy.url);
    const people = await teamPage('killed', 6);
    await captureAndAdd('killed', people);
    await until('a few entries sent', async () => (await outbox()).done >= 2 && proxy.counts.requests > 0, 60_000);
    const cdp = await browser.context.newCDPSession(options);
    await cdp.send('ServiceWorker.enable');
    await cdp.send('ServiceWorker.stopAllWorkers');
    // Stopped: once a request that was leaving as it stopped is in, nothing more goes out.
    await new Promise((r) => setTimeout(r, 500));
    const stopped = proxy.counts.requests;
    await new Promise((r) => setTimeout(r, 2000));
    assert.equal(proxy.counts.requests, stopped, `${proxy.counts.requests - stopped} requests after the stop`);
    // Any event starts the worker again (here the options page asking), and its start drains.
    const view = await outbox();
    assert.ok(view.pending > 0, `nothing left to send after the stop: ${JSON.stringify(view)}`);
    await drained();
    await assertArrivedOnce(people);
  } finally {
    await proxy.close();
  }
});

test('a lead made in the CRM is pulled into the lead book, and its call goes to that same lead', async () => {
  await configure(crm.url);
  // Her name and number are this run's own: a CRM kept from earlier runs holds other pulled
  // leads, and one too like her would be a possible match for the rep to settle, not filed.
  const given = word(RUN.slice(-3));
  const family = word(RUN.slice(-6, -3));
  const name = `${given} ${family}`;
  const email = `pulled@pulled-${RUN}.example`;
  const phone = `+1202555${String(Date.now() % 10_000).padStart(4, '0')}`;
  await makeInCrm({ given, family, email, phone });
  await options.click('#pull');
  await options.waitForFunction(() => /^Read [1-9]\d* new or changed leads/.test(document.querySelector('#sync-note').textContent), null, { timeout: DRAIN_MS });
  const { hits } = await ask(options, { type: 'search', query: email });
  const pulled = hits.find((h) => h.lead.email === email)?.lead;
  assert.equal(pulled?.name, name, JSON.stringify(hits.map((h) => h.lead.email)));
  const before = (await outbox()).done;
  const added = await ask(options, { type: 'add_to_call_list', lead_id: pulled.id });
  assert.equal(added.type, 'task_added', JSON.stringify(added));
  const after = await drained();
  // Its CRM id came with the pull: only the task was sent, no lookup or create of the lead.
  assert.equal(after.done - before, 1);
  await assertArrivedOnce([{ email, name }]);
  // Pulling again reads nothing new into a second lead.
  await options.evaluate(() => { document.querySelector('#sync-note').textContent = ''; });
  await options.click('#pull');
  await options.waitForFunction(() => /^Read \d+ new or changed leads/.test(document.querySelector('#sync-note').textContent), null, { timeout: DRAIN_MS });
  assert.equal((await ask(options, { type: 'search', query: email })).hits.filter((h) => h.lead.email === email).length, 1);
});

test('a lead only in the CRM is found by the panel\'s search, marked from BottleCRM, and goes on the call list', async () => {
  await configure(crm.url);
  // From the stamp's fastest-changing characters, as the pulled lead's, but read otherwise: a CRM
  // kept from earlier runs (pulled into the lead book above) holds no one like her.
  const given = word([...RUN.slice(-3)].reverse().join('')) + 'a';
  const family = word(RUN.slice(-4)) + 'son';
  const name = `${given} ${family}`;
  const email = `found@found-${RUN}.example`;
  await makeInCrm({ given, family, email, phone: `+1303555${String(Date.now() % 10_000).padStart(4, '0')}` });
  const panel = await openPanel(browser, 0);
  try {
    await showView(panel, 'book');
    await panel.fill('#search', name);
    const hit = `#hits .hit:has(.name:text-is("${name}"))`;
    await panel.waitForSelector(`${hit} .badge.crm`, { timeout: WAIT_MS }).catch(async (e) => {
      throw new Error(`${e.message}\nshown: ${await panel.textContent('#hits')}`);
    });
    assert.equal(await panel.textContent(`${hit} .badge.crm`), 'from BottleCRM');
    assert.equal(await panel.textContent(`${hit} .email`), email);
    // Filed into the lead book: the next search is local, and finds it once.
    const { hits } = await ask(panel, { type: 'search', query: email });
    assert.deepEqual(hits.map((h) => h.lead.name), [name]);
    const before = (await outbox()).done;
    await panel.click(`${hit} button.add`);
    await panel.waitForFunction((n) => document.querySelector('#status').textContent.startsWith(`Added ${n}, due `), name, { timeout: WAIT_MS });
    const after = await drained();
    // Its CRM id came with the search: only the task was sent, no lookup or second lead.
    assert.equal(after.done - before, 1);
    await assertArrivedOnce([{ email, name }]);
    await panel.waitForSelector(`${hit} .queued`, { timeout: WAIT_MS });
  } finally {
    await panel.close();
  }
});

test('the CRM out of reach while searching: the panel says so and keeps the lead book\'s hits', async () => {
  // Only the search is refused (a dropped connection, as from a CRM that is down).
  const proxy = await faultProxy(crm.url, (n, req) => (req.url.includes('search=') ? { refuse: true } : undefined));
  const panel = await openPanel(browser, 0);
  try {
    await configure(proxy.url);
    const [person] = await teamPage('unreachable', 1);
    await captureAndAdd('unreachable', [person]);
    await showView(panel, 'book');
    await panel.fill('#search', person.name);
    await panel.waitForSelector('#hits .crm-note', { timeout: WAIT_MS });
    await panel.waitForFunction(() => !/^Searching/.test(document.querySelector('#hits .crm-note').textContent), null, { timeout: WAIT_MS });
    assert.match(await panel.textContent('#hits .crm-note'), /^BottleCRM could not be searched: The CRM could not be reached \(TypeError: Failed to fetch\)/);
    // The lead book's own hit is still there (others like the name may be too).
    await panel.waitForSelector(`#hits .hit:has(.name:text-is("${person.name}"))`, { timeout: WAIT_MS });
    assert.equal(await panel.locator('#hits .hit .badge.crm').count(), 0);
    // One CRM search for the query (Chromium itself resends a GET whose connection dropped once).
    const asked = proxy.counts.faults;
    assert.ok(asked >= 1 && asked <= 2, `${asked} search requests`);
    // The same query again (a re-render, the rep pressing Enter) does not ask the CRM again.
    await panel.press('#search', 'Enter');
    await new Promise((r) => setTimeout(r, 1500));
    assert.equal(proxy.counts.faults, asked);
  } finally {
    await panel.close();
    await proxy.close();
  }
});

test('forgetting a lead the CRM has deletes it there too', async () => {
  await configure(crm.url);
  const [person] = await teamPage('forgotten', 1);
  await captureAndAdd('forgotten', [person]);
  await drained();
  assert.equal((await inCrm(person.email)).length, 1);
  const before = (await outbox()).done;
  const panel = await openPanel(browser, 0);
  try {
    await showView(panel, 'book');
    await panel.fill('#search', person.email);
    const forget = `#hits .hit:has(.name:text-is("${person.name}")) button.forget`;
    await panel.waitForSelector(forget, { timeout: WAIT_MS });
    await panel.click(forget);
    await panel.click(forget);
    await panel.waitForFunction(() => document.querySelector('#status').textContent.startsWith('Forgot '), null, { timeout: WAIT_MS });
    const after = await drained();
    // The lead's two sent entries (lead, call task) are forgotten with it; one deletion is sent.
    assert.equal(after.done - before, -2 + 1);
    assert.equal((await inCrm(person.email)).length, 0, 'still in the CRM');
    assert.equal((await ask(panel, { type: 'search', query: person.email })).hits.length, 0);
  } finally {
    await panel.close();
  }
});

/** People in the chaos run (two entries each): 50 in the test command; LEADLENS_CHAOS_PEOPLE=5000
 * for the 10 000-entry run, LEADLENS_CHAOS_PEOPLE=0 to leave it out. */
const CHAOS_PEOPLE = Number(process.env.LEADLENS_CHAOS_PEOPLE ?? 50);
const CHAOS_STOPS = Number(process.env.LEADLENS_CHAOS_STOPS ?? 8);

test(`chaos: ${CHAOS_PEOPLE * 2} entries through every fault, the worker stopped at random and the browser restarted: none lost, none twice`, {
  skip: CHAOS_PEOPLE === 0 && 'LEADLENS_CHAOS_PEOPLE=0',
}, async () => {
  // A seeded generator: a failing run can be replayed with LEADLENS_CHAOS_SEED.
  let seed = Number(process.env.LEADLENS_CHAOS_SEED ?? Date.now() % 100_000);
  const random = () => { seed = (seed * 48_271) % 2_147_483_647; return seed / 2_147_483_647; };
  const firstSeed = seed;
  const proxy = await faultProxy(crm.url, (n, req) => {
    const r = random();
    // One request in seven fails: enough that every entry meets faults, few enough that no
    // entry's backoff (2 s doubling per failure) outlasts the run.
    return r < 0.03 ? { status: 429, headers: { 'retry-after': '1' } }
      : r < 0.06 ? { status: 500 }
        : r < 0.08 ? { refuse: true }
          : r < 0.11 ? { status: 502, after: true }
            // Repeated only where HTTP allows a repeat: a network never replays a POST.
            : r < 0.14 ? (req.method === 'POST' ? undefined : { twice: true })
              : r < 0.20 ? { delay: Math.floor(300 + random() * 1200) }
                : undefined;
  });
  const profile = await mkdtemp(path.join(tmpdir(), 'leadlens-chaos-profile-'));
  try {
    // This run's browser keeps its profile, so that it can be restarted on it.
    await browser.close();
    browser = await launch({ extension, profile });
    options = await browser.context.newPage();
    await configure(proxy.url);
    const total = CHAOS_PEOPLE * 2;
    const started = Date.now();
    // Pages of at most 500 people, as a team page or a post's reactions list would be.
    const people = [];
    for (let page = 0; people.length < CHAOS_PEOPLE; page++) {
      const some = await teamPage(`chaos-${page}`, Math.min(500, CHAOS_PEOPLE - people.length));
      await captureAndAdd(`chaos-${page}`, some, { asNew: true });
      people.push(...some);
    }
    // The worker stopped CHAOS_STOPS times at random moments while entries drain, the browser
    // closed and started again once among them; then it drains on its own.
    let stops = 0;
    let restarted = false;
    while (stops < CHAOS_STOPS) {
      await new Promise((r) => setTimeout(r, 500 + random() * 2500));
      const view = await outbox().catch(() => null);
      if (view && view.pending === 0 && view.parked === 0) break;
      if (stops === 2 && !restarted) {
        await browser.context.close();
        browser = await launch({ extension, profile });
        options = await browser.context.newPage();
        await options.goto(`chrome-extension://${browser.extensionId}/options.html`);
        restarted = true;
        continue;
      }
      const cdp = await browser.context.newCDPSession(options);
      await cdp.send('ServiceWorker.enable');
      await cdp.send('ServiceWorker.stopAllWorkers');
      await cdp.detach();
      stops++;
    }
    // Asking wakes the worker again; its start drains what was left.
    await drained(Math.max(DRAIN_MS, total * 1_000));
    const seconds = (Date.now() - started) / 1000;
    let lost = 0;
    let twice = 0;
    const wrong = [];
    for (const p of people) {
      const found = await inCrm(p.email);
      const tasks = found.flatMap((f) => f.tasks);
      lost += Number(found.length === 0) + Number(tasks.length === 0);
      twice += Math.max(0, found.length - 1) + Math.max(0, tasks.length - 1);
      if (found.length !== 1 || tasks.length !== 1) wrong.push(`${p.email}: ${found.length} leads, ${tasks.length} tasks`);
    }
    console.log(`chaos (seed ${firstSeed}): ${total} entries, ${proxy.counts.requests} requests, ${proxy.counts.faults} faults, ` +
      `${stops} worker stops, browser restarted: ${restarted}; drained in ${seconds.toFixed(1)} s; lost ${lost}, duplicated ${twice}`);
    assert.ok(restarted && stops > 0, `the browser was not restarted mid-run (${stops} stops): it drained too soon`);
    assert.deepEqual({ lost, twice }, { lost: 0, twice: 0 }, `seed ${firstSeed}: ${wrong.join('; ')}`);
  } finally {
    await proxy.close();
    // Later tests get a browser of their own profile, as before this one.
    await browser.close();
    browser = await launch({ extension });
    options = await browser.context.newPage();
    await rm(profile, { recursive: true, force: true });
  }
});
