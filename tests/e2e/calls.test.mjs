// The rep's day in the side panel: a call shown at their time and the rep's with a tel: link,
// qualification kept on the lead, an outcome logged in one click that plans the next attempt,
// a call-back at the promised time, and a do-not-call list that takes a lead off the list.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, tabId, openPanel, ask, showView, WAIT_MS } from './harness.mjs';

let site, browser, page, panel;
before(async () => {
  site = await serve();
  browser = await launch();
  page = await browser.context.newPage();
  await page.goto(`${site.url}/team.html`);
  const tab = await tabId(browser.worker, page);
  panel = await openPanel(browser, tab);
  await panel.waitForFunction(() => document.querySelectorAll('.person').length === 4, null, { timeout: WAIT_MS });
});
after(async () => { await browser?.close(); await site?.close(); });

const task = (name) => `#calls .task:has(.name:text-is("${name}"))`;

async function add(name) {
  await showView(panel, 'page');
  await panel.click(`.person:has(.name:text-is("${name}")) button.add`);
  await showView(panel, 'calls');
  await panel.waitForSelector(task(name), { timeout: WAIT_MS });
}

test('a call shows their time and the rep\'s, and dials the direct line', async () => {
  await add('Tom Becker');
  assert.match(await panel.textContent(`${task('Tom Becker')} .their-time`), /^Their time: .+ CES?T \(Europe\/Paris\) · yours: /);
  assert.equal(await panel.getAttribute(`${task('Tom Becker')} a.phone`, 'href'), 'tel:+33472000042');
  assert.equal(await panel.locator(`${task('Tom Becker')} button.outcome`).count(), 10);
});

test('qualification chosen on the call list is kept on the lead and raises its call', async () => {
  const before = (await ask(panel, { type: 'get_call_list' })).items.find((i) => i.lead.name === 'Tom Becker');
  await panel.selectOption(`${task('Tom Becker')} select[data-criterion="need"]`, 'met');
  await panel.waitForFunction(() => document.querySelector('#status').textContent === 'Qualification saved.', null, { timeout: WAIT_MS });
  const after = (await ask(panel, { type: 'get_call_list' })).items.find((i) => i.lead.name === 'Tom Becker');
  assert.deepEqual(after.lead.qualification, { budget: 'unknown', need: 'met', authority: 'unknown', timing: 'unknown' });
  assert.equal(after.task.priority, before.task.priority + 10);
  assert.equal(await panel.inputValue(`${task('Tom Becker')} select[data-criterion="need"]`), 'met');
});

test('"No answer" closes the call and plans the next attempt', async () => {
  const first = await panel.getAttribute(`${task('Tom Becker')} time.due`, 'datetime');
  await panel.fill(`${task('Tom Becker')} input.outcome-note`, 'rang out');
  await panel.click(`${task('Tom Becker')} button[data-outcome="no_answer"]`);
  await panel.waitForSelector(`${task('Tom Becker')} .badge.attempt`, { timeout: WAIT_MS });
  assert.equal(await panel.textContent(`${task('Tom Becker')} .badge.attempt`), 'Attempt 2');
  const next = await panel.getAttribute(`${task('Tom Becker')} time.due`, 'datetime');
  assert.ok(Date.parse(next) - Date.parse(first) >= 20 * 3600 * 1000, `${first} -> ${next}`);
  assert.match(await panel.textContent('#status'), /Logged: lead being contacted, next call/);
});

test('a call-back is planned at exactly the promised time', async () => {
  await add('Daniel Okafor');
  // Tomorrow 10:30 on the rep's clock: kept exactly, whatever the hour in Austin.
  const local = await panel.evaluate(() => {
    const d = new Date(Date.now() + 24 * 3600 * 1000);
    const pad = (n) => String(n).padStart(2, '0');
    return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T10:30`;
  });
  const expected = await panel.evaluate((v) => new Date(v).toISOString(), local);
  await panel.fill(`${task('Daniel Okafor')} input.callback-at`, local);
  await panel.click(`${task('Daniel Okafor')} button.callback-requested`);
  await panel.waitForSelector(`${task('Daniel Okafor')}.promised`, { timeout: WAIT_MS });
  const due = await panel.getAttribute(`${task('Daniel Okafor')} time.due`, 'datetime');
  assert.equal(Date.parse(due), Date.parse(expected));
  assert.equal(await panel.textContent(`${task('Daniel Okafor')} .badge.promised`), 'Promised call-back');
});

test('an imported do-not-call list takes the lead off the call list, bad rows reported by line', async () => {
  await add('Priya Raman');
  const { items } = await ask(panel, { type: 'get_call_list' });
  const priya = items.find((i) => i.lead.name === 'Priya Raman');
  assert.ok(priya?.task.phone, JSON.stringify(priya));
  await showView(panel, 'book');
  await panel.setInputFiles('#dnc-file', {
    name: 'dnc.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(`phone,name\n${priya.task.phone},Priya\nnot a number,Bad\n`),
  });
  await panel.waitForFunction(() => /Do-not-call list: 1 added/.test(document.querySelector('#status').textContent), null, { timeout: WAIT_MS });
  assert.match(await panel.textContent('#status'), /Line 3 kept out: /);
  await panel.waitForFunction(() => ![...document.querySelectorAll('#calls .task .name')].some((n) => n.textContent === 'Priya Raman'), null, { timeout: WAIT_MS });
  const again = await ask(panel, { type: 'add_to_call_list', lead_id: priya.lead.id });
  assert.equal(again.type, 'error');
  assert.match(again.message, /is on the do-not-call list/);
});

test('the campaign goal is given to new calls, and a disqualified lead is listed for clean-up', async () => {
  await showView(panel, 'calls');
  await panel.selectOption('#objective', 'webinar');
  await panel.waitForFunction(() => document.querySelector('#status').textContent === 'New calls will aim to: invite to the webinar.', null, { timeout: WAIT_MS });
  await add('María González');
  assert.equal(await panel.textContent(`${task('María González')} .objective`), 'Goal: Invite to the webinar');
  assert.equal(await panel.textContent(`${task('Daniel Okafor')} .objective`), 'Goal: Book a meeting', 'planned before: keeps its goal');
  await panel.fill(`${task('María González')} input.outcome-note`, 'bought a competitor last month');
  await panel.click(`${task('María González')} button[data-outcome="disqualified"]`);
  await panel.waitForSelector(task('María González'), { state: 'detached', timeout: WAIT_MS });
  await showView(panel, 'book');
  await panel.waitForSelector('#cleanup .cleanup-entry .name:text-is("María González")', { timeout: WAIT_MS });
  assert.match(await panel.textContent('#cleanup .cleanup-entry .reasons'), /bought a competitor last month/);
  await panel.reload();
  await showView(panel, 'calls');
  assert.equal(await panel.inputValue('#objective'), 'webinar', 'kept across a reload');
});
