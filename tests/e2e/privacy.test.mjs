// Privacy in Chromium: the options page exports everything the browser holds, and "delete all
// data" (asked twice) leaves nothing: no lead, no call, no capture, no CRM token.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { serve, launch, tabId, openPanel, ask, WAIT_MS } from './harness.mjs';

let site, browser;
before(async () => { site = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); await site?.close(); });

/** The `lists` record of the extension's IndexedDB under `key`, read (or, with `drop`, deleted) from
 *  one of its own pages. */
function listRecord(page, key, drop = false) {
  return page.evaluate(([key, drop]) => new Promise((resolve, reject) => {
    const open = indexedDB.open('leadlens');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const store = open.result.transaction('lists', 'readwrite').objectStore('lists');
      const request = drop ? store.delete(key) : store.get(key);
      request.onsuccess = () => { open.result.close(); resolve(request.result ?? null); };
      request.onerror = () => reject(request.error);
    };
  }), [key, drop]);
}

test('a new retention reaches every lead before the options page says so', async () => {
  const page = await browser.context.newPage();
  await page.goto(`${site.url}/team.html`);
  const tab = await tabId(browser.worker, page);
  const panel = await openPanel(browser, tab);
  await panel.waitForSelector('.person.unsaved', { timeout: WAIT_MS });
  // Everyone saved, as the rep would one by one.
  for (const { key } of (await ask(panel, { type: 'get_tab', tab_id: tab })).view.unsaved) {
    assert.equal((await ask(panel, { type: 'save_from_tab', tab_id: tab, key })).type, 'saved');
  }
  const options = await browser.context.newPage();
  await options.goto(`chrome-extension://${browser.extensionId}/options.html`);
  await options.waitForFunction(() => /holds 4 leads/.test(document.querySelector('#holdings').textContent), null, { timeout: WAIT_MS });
  // The walk through the book notes when it last ran: without the note, it ran again or it did not.
  await listRecord(options, 'retention_applied_at', true);
  const clicked = Date.now();
  await options.fill('#retention', '7');
  await options.click('#save-retention');
  await options.waitForFunction(() => document.querySelector('#privacy-status').textContent.includes('older than 7 days'), null, { timeout: WAIT_MS });
  const walked = await listRecord(options, 'retention_applied_at');
  assert.ok(walked && Date.parse(walked) >= clicked - 1_000, `walked at ${walked}`);
  await page.close();
  await panel.close();
  await options.close();
});

test('export all my data, then delete all data', async () => {
  const page = await browser.context.newPage();
  await page.goto(`${site.url}/team.html`);
  const tab = await tabId(browser.worker, page);
  const panel = await openPanel(browser, tab);
  await panel.waitForSelector('.person', { timeout: WAIT_MS });
  await panel.click('.person button.add');
  await panel.waitForSelector('.person .queued', { timeout: WAIT_MS });

  const options = await browser.context.newPage();
  await options.goto(`chrome-extension://${browser.extensionId}/options.html`);
  await options.evaluate(() => chrome.storage.local.set({ crm: { kind: 'bottlecrm', base_url: 'http://127.0.0.1:9', token: 'bcrm_pat_secret' } }));
  await options.waitForFunction(() => /holds 4 leads, 1 calls and \d+ page captures/.test(document.querySelector('#holdings').textContent), null, { timeout: WAIT_MS });

  const [download] = await Promise.all([options.waitForEvent('download', { timeout: WAIT_MS }), options.click('#export-all')]);
  assert.match(download.suggestedFilename(), /^leadlens-all-data-\d{4}-\d{2}-\d{2}\.json$/);
  const all = JSON.parse(await readFile(await download.path(), 'utf8'));
  assert.equal(all.leads.length, 4);
  assert.equal(all.calls.length, 1);
  assert.ok(all.captures.some((c) => c.url.endsWith('/team.html')));
  assert.ok(!JSON.stringify(all).includes('bcrm_pat_secret'), 'the CRM token is not in the export');

  await options.click('#delete-all');
  assert.equal(await options.textContent('#delete-all'), 'Delete everything in this browser? Click again');
  assert.equal((await ask(panel, { type: 'get_call_list' })).items.length, 1, 'the first click deletes nothing');
  await options.click('#delete-all');
  await options.waitForFunction(() => document.querySelector('#privacy-status').textContent.startsWith('Deleted:'), null, { timeout: WAIT_MS });
  // The holdings are read again after the status says so: wait for the new count.
  await options.waitForFunction(() => document.querySelector('#holdings').textContent === 'This browser holds 0 leads, 0 calls and 0 page captures.', null, { timeout: WAIT_MS });
  assert.deepEqual(await options.evaluate(() => chrome.storage.local.get('crm')), {}, 'the CRM settings and token are gone');
  assert.equal((await ask(panel, { type: 'get_tab', tab_id: tab })).view, null);

  // Gone from storage too, not just from the worker's memory: a restarted worker finds nothing.
  const cdp = await browser.context.newCDPSession(options);
  await cdp.send('ServiceWorker.enable');
  await cdp.send('ServiceWorker.stopAllWorkers');
  const fresh = await ask(panel, { type: 'export_all' });
  assert.equal(fresh.next, null, 'an empty book is one part');
  const after = JSON.parse(fresh.text);
  assert.deepEqual([after.leads.length, after.calls.length, after.captures.length], [0, 0, 0]);
});
