// Engagement in Chromium: pages shaped like LinkedIn's post, followers and activity views, served
// from 127.0.0.1 under LinkedIn's host name. The rep sets our pages, opens one of our posts, and
// sees who engaged, who was a lead already, the raised priority and the calls the rule planned.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchOnSites, panelFor, showView, WAIT_MS } from './harness.mjs';

const POST = 'http://www.linkedin.com/feed/update/urn:li:activity:7401000000000000001/';
let sites;
before(async () => { sites = await launchOnSites(); });
after(async () => { await sites?.close(); });

const open = (url) => panelFor(sites.browser, url);

const priorityOf = (panel, name) => panel.evaluate((n) => {
  const card = [...document.querySelectorAll('.person')].find((p) => p.querySelector('.name')?.textContent === n);
  return Number(card?.querySelector('.priority')?.textContent.replace('priority ', ''));
}, name);

test('our post: who engaged, leads already, a raised priority, a talking point and calls planned by the rule', async () => {
  // Sophie is a lead on the call list before she reacts.
  const { panel: profile } = await open('http://www.linkedin.com/in/sophie-martin-lumen/');
  await profile.waitForSelector('.person button.add', { timeout: WAIT_MS });
  const before = await priorityOf(profile, 'Sophie Martin');
  await profile.click('.person button.add');
  await profile.waitForSelector('.person .queued', { timeout: WAIT_MS });

  // The rules: our company page, and engaged people onto the list, two a day.
  await showView(profile, 'book');
  // The form is filled from what is saved once the panel has it (the report comes last).
  await profile.waitForSelector('#engagement-report li', { timeout: WAIT_MS });
  await profile.fill('#our-pages', 'https://www.linkedin.com/company/tidewave-logistics/\n@tidewavehq');
  await profile.check('#auto-add');
  // As a rep does: select what is there, type over it (Firefox's BiDi `fill` appends to a number field).
  await profile.press('#daily-cap', 'Control+a');
  await profile.press('#daily-cap', '2');
  assert.equal(await profile.inputValue('#daily-cap'), '2');
  await profile.click('#save-engagement');
  await profile.waitForFunction(() => document.querySelector('#status').textContent === 'Engagement rules saved.', null, { timeout: WAIT_MS });

  const { page, panel } = await open(POST);
  await panel.waitForSelector('.engagement-summary', { timeout: WAIT_MS });
  assert.equal(
    await panel.textContent('.engagement-summary'),
    '5 reactions, 2 comments: 4 new, 1 from leads already, 2 by people not saved. 2 put on the call list by the engagement rule.',
  );
  assert.equal(await panel.$$eval('.person', (els) => els.length), 5, 'our own answer and a company are nobody to call');
  assert.equal(await panel.$$eval('.person.unsaved', (els) => els.length), 2, 'the two over the rule\'s cap are not saved');
  const sophie = await panel.$$eval('.person', (els) => els.find((e) => e.querySelector('.name').textContent === 'Sophie Martin')
    .querySelector('.engagement li').textContent);
  assert.match(sophie, /^reacted \(Celebrate\) to our post “Live tracking for every pallet/);
  assert.equal(await priorityOf(panel, 'Sophie Martin'), before + 3, 'a reaction today weighs 3');
  const marco = await panel.$$eval('.person', (els) => [...els.find((e) => e.querySelector('.name').textContent === 'Marco Rossi')
    .querySelectorAll('.engagement li')].map((li) => li.textContent));
  assert.equal(marco.length, 2, 'his comment and his like');
  assert.ok(marco.some((l) => l.startsWith('commented on our post') && l.includes('“Does the tracking work for refrigerated loads')), marco.join(' | '));

  await showView(panel, 'calls');
  await panel.waitForFunction(() => document.querySelectorAll('#calls .task').length === 3, null, { timeout: WAIT_MS });
  const notes = await panel.$$eval('#calls .task', (els) => els.map((e) => e.textContent));
  assert.ok(notes.some((t) => t.includes('Sophie Martin') && t.includes('Recently reacted (Celebrate) to our post')), notes.join('\n'));

  await showView(panel, 'book');
  await panel.waitForSelector('#engagement-report .report-row', { timeout: WAIT_MS });
  // The report counts leads: Sophie, and the two the rule saved.
  assert.equal(await panel.textContent('#engagement-report .report-row .counts'), '3 reactions · 1 comments · 3 people (1 leads already)');
  assert.equal(await panel.textContent('#engagement-report .report-row .results'), '2 on calls · 0 reached · 0 meetings');

  // The same list again: nothing counts twice.
  await page.reload();
  await showView(panel, 'page');
  await panel.waitForFunction(() => / 0 new/.test(document.querySelector('.engagement-summary')?.textContent ?? ''), null, { timeout: WAIT_MS });
  assert.equal(await priorityOf(panel, 'Sophie Martin'), before + 3);
});

test('a company page\'s followers and a person\'s activity', async () => {
  const { panel } = await open('http://www.linkedin.com/company/tidewave-logistics/admin/analytics/followers/');
  await panel.waitForSelector('.engagement-summary', { timeout: WAIT_MS });
  assert.match(await panel.textContent('.engagement-summary'), /^3 new followers: /);
  const lines = await panel.$$eval('.person .engagement li', (els) => els.map((e) => e.textContent));
  assert.ok(lines.includes('followed our page (7 days ago)'), lines.join(' | '));

  const { panel: activity } = await open('http://www.linkedin.com/in/sophie-martin-lumen/recent-activity/all/');
  await activity.waitForSelector('.person .engagement li', { timeout: WAIT_MS });
  const hers = await activity.$$eval('.person .engagement li', (els) => els.map((e) => e.textContent));
  assert.ok(hers.some((l) => l.startsWith('posted “Nous recrutons un acheteur transport')), hers.join(' | '));
  assert.ok(!hers.some((l) => l.includes('Rival Haulage')), 'a like of someone else\'s post is not kept');
});
