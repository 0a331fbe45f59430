// The running pipe, end to end in Chromium: page -> content script -> Rust in the worker ->
// IndexedDB lead book -> side panel -> call task -> CSV.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, tabId, openPanel, ask, exportCsv, WAIT_MS, showView } from './harness.mjs';

let site, browser;
before(async () => { site = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); await site?.close(); });

async function visit(path) {
  const page = await browser.context.newPage();
  await page.goto(`${site.url}${path}`);
  return { page, tab: await tabId(browser.worker, page) };
}

test('a profile is shown without being saved; saved, it is one lead, matched on the next visit, and goes on the call list', async () => {
  const { page, tab } = await visit('/in/maria-gonzalez-ops.html');
  const panel = await openPanel(browser, tab);
  await panel.waitForSelector('.person .name', { timeout: WAIT_MS });
  assert.equal(await panel.textContent('.person .name'), 'María González');
  assert.equal(await panel.textContent('.person .badge'), 'Not saved');
  assert.match(await panel.textContent('.person .role'), /VP of Operations · Northwind Robotics/);
  let csv = await exportCsv(panel);
  assert.equal(csv.rows.length, 0, 'seen is not saved');

  await panel.click('.person button.save');
  await panel.waitForSelector('.person .badge.new', { timeout: WAIT_MS });
  assert.equal(await panel.textContent('#status'), 'Saved María González as a lead.');

  // Second visit: the same person, now a match with its reason; still one lead.
  await page.reload();
  await panel.waitForSelector('.person .badge.match', { timeout: WAIT_MS });
  assert.equal(await panel.textContent('.person .badge'), 'Matches María González');
  assert.match(await panel.textContent('.person .reasons'), /same profile \+\d/);
  csv = await exportCsv(panel);
  assert.equal(csv.rows.filter((r) => r.full_name === 'María González').length, 1, csv.text);

  await panel.click('.person button.add');
  await showView(panel, 'calls');
  await panel.waitForSelector('#calls .task', { timeout: WAIT_MS });
  assert.equal(await panel.textContent('#calls .task .name'), 'María González');
  assert.match(await panel.textContent('#calls .task .note'), /VP of Operations at Northwind Robotics/);
  assert.match(await panel.textContent('.person .queued'), /On the call list/);

  // Adding again keeps the one open task.
  const again = await ask(panel, { type: 'add_to_call_list', lead_id: csv.rows[0].lead_id });
  assert.equal(again.type, 'task_added');
  assert.equal(again.created, false);

  csv = await exportCsv(panel);
  const maria = csv.rows.filter((r) => r.full_name === 'María González');
  assert.equal(maria.length, 1);
  assert.equal(maria[0].task_status, 'open');
  assert.ok(!Number.isNaN(Date.parse(maria[0].task_due)), maria[0].task_due);
  assert.equal(maria[0].linkedin, 'https://www.linkedin.com/in/maria-gonzalez-ops');
  await panel.close();
  await page.close();
});

test('a team page shows one card per person; only whom the rep adds becomes a lead', async () => {
  const { page, tab } = await visit('/team.html');
  const panel = await openPanel(browser, tab);
  await panel.waitForFunction(() => document.querySelectorAll('.person').length === 4, null, { timeout: WAIT_MS });
  const people = await panel.$$eval('.person', (els) => els.map((e) => [e.querySelector('.name').textContent, e.querySelector('.badge').textContent]));
  assert.deepEqual(people.map((p) => p[0]).sort(), ['Daniel Okafor', 'María González', 'Priya Raman', 'Tom Becker']);
  assert.equal(people.find((p) => p[0] === 'María González')[1], 'Matches María González');
  assert.deepEqual(people.filter((p) => p[1] === 'Not saved').map((p) => p[0]).sort(), ['Daniel Okafor', 'Priya Raman', 'Tom Becker']);
  assert.equal(await panel.textContent('.org'), 'Northwind Robotics');
  // Priya's mobile is only in the vCard her card links to.
  assert.equal(await panel.textContent('.person:has(.name:text-is("Priya Raman")) .phone'), '+528155550147');

  // The path the context menu and the keyboard command take: the person the rep pointed at.
  const added = await ask(panel, { type: 'add_from_tab', tab_id: tab, hints: ['Priya Raman\nHead of Procurement'] });
  assert.equal(added.type, 'task_added', JSON.stringify(added));
  assert.equal(added.lead_name, 'Priya Raman');
  const vague = await ask(panel, { type: 'add_from_tab', tab_id: tab, hints: [] });
  assert.equal(vague.type, 'error');
  assert.match(vague.message, /4 people/);
  await panel.waitForFunction(() => [...document.querySelectorAll('#calls .task .name')].some((e) => e.textContent === 'Priya Raman'), null, { timeout: WAIT_MS });

  let { rows } = await exportCsv(panel);
  assert.deepEqual(rows.map((r) => r.full_name).sort(), ['María González', 'Priya Raman'], 'María once, Priya added; nobody else');
  assert.equal(rows.find((r) => r.full_name === 'Priya Raman').task_status, 'open');

  // "Add all" saves the others and puts everyone not yet on the list on it.
  await panel.click('button.add-all');
  await panel.waitForFunction(() => document.querySelectorAll('#calls .task').length === 4, null, { timeout: WAIT_MS });
  ({ rows } = await exportCsv(panel));
  assert.equal(rows.length, 4);
  assert.ok(rows.every((r) => r.task_status === 'open'), JSON.stringify(rows));
  await panel.close();
  await page.close();
});

test('the worker refuses what a sender may not ask', async () => {
  const panel = await openPanel(browser, 0);
  const forged = await ask(panel, { type: 'page', html: '<script type="application/ld+json">{"@type":"Person","name":"Forged"}</script>' });
  assert.equal(forged.type, 'error');
  assert.match(forged.message, /not allowed/);
  const unknown = await ask(panel, { type: 'drop_everything' });
  assert.equal(unknown.type, 'error');
  const { rows } = await exportCsv(panel);
  assert.ok(!rows.some((r) => r.full_name === 'Forged'));
  await panel.close();
});
