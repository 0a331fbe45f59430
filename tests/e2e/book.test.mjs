// The side panel's lead book: a lead file imported from the file input, search with reasons,
// the possible-match picker, "add all", the tabs from the keyboard, and hostile values in a file.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve, launch, tabId, openPanel, ask, showView, search, WAIT_MS } from './harness.mjs';

let site, demo, browser, panel;
before(async () => {
  site = await serve(path.join(path.dirname(fileURLToPath(import.meta.url)), 'pages'));
  demo = await serve();
  browser = await launch();
  panel = await openPanel(browser, 0);
});
after(async () => { await browser?.close(); await site?.close(); await demo?.close(); });

const status = () => panel.textContent('#status');

async function importFile(csv) {
  await showView(panel, 'book');
  const before = await status();
  await panel.setInputFiles('#leads-file', { name: 'crm-export.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await panel.waitForFunction((b) => document.querySelector('#status').textContent !== b, before, { timeout: WAIT_MS });
  return status();
}

test('a CRM export is imported from the file input, every row accounted for', async () => {
  const text = await importFile(
    'First Name,Surname,Company Name,E-mail,Phone\n' +
    'Jane,Doe,Acme,jane@acme.example,+1 415 555 0101\n' +
    'Jane,Doe,Globex,jane.doe@globex.example,\n' +
    'Tom,Becker,Northwind Robotics,,+33 4 72 00 00 42\n' +
    'half,a row\n' +
    'Eve,<img src=x onerror="window.pwned=1">,Evil Corp,eve@evil.example,\n');
  assert.match(text, /^Leads imported: 4 added, 0 enriched, 0 already known; 4 leads in all\./);
  assert.match(text, /Line 5 kept out: 2 fields where the header has 5\./);
});

test('a large lead file goes in parts, with progress, the file\'s own line numbers, and the index saved behind it', async () => {
  await showView(panel, 'book');
  const rows = 12_000;
  let csv = 'first_name,last_name,email,company\n';
  for (let i = 0; i < rows; i++) {
    if (i === 10_500) csv += 'a row,too short\n';
    csv += `Given${i},Family${i.toString(36)},p${i}@firm${i}.example,Firm ${i}\n`;
  }
  await panel.evaluate(() => {
    window.statuses = [];
    new MutationObserver(() => window.statuses.push(document.querySelector('#status').textContent))
      .observe(document.querySelector('#status'), { childList: true, characterData: true, subtree: true });
  });
  await panel.setInputFiles('#leads-file', { name: 'big.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await panel.waitForFunction(() => window.statuses.some((t) => t.startsWith('Leads imported')), null, { timeout: 120_000 });
  const text = await status();
  const [, added, enriched, known] = text.match(/^Leads imported: (\d+) added, (\d+) enriched, (\d+) already known/).map(Number);
  assert.equal(added + enriched + known, rows, text);
  // The short row is line 10 502 of the file (after the header and 10 500 rows), in its third part.
  assert.match(text, /Line 10502 kept out: 2 fields where the header has 4\./);
  const statuses = await panel.evaluate(() => window.statuses);
  assert.ok(statuses.includes('Importing big.csv: part 3 of 3…'), statuses.slice(0, 5).join(' | '));
  // The worker saves its match index behind the writes: the journal of leads to index again empties.
  const journal = () => panel.evaluate(() => new Promise((resolve, reject) => {
    const open = indexedDB.open('leadlens');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const count = open.result.transaction('reindex').objectStore('reindex').count();
      count.onsuccess = () => { open.result.close(); resolve(count.result); };
    };
  }));
  let left = await journal();
  for (let i = 0; i < 60 && left > 0; i++) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    left = await journal();
  }
  assert.equal(left, 0, 'leads still to index again at the next start');
});

test('search finds leads by family name, company, email or phone, with the evidence', async () => {
  await showView(panel, 'book');
  await search(panel, 'Becker');
  await panel.waitForSelector('#hits .hit .name:text-is("Tom Becker")', { timeout: WAIT_MS });
  assert.match(await panel.textContent('#hits .hit .reasons'), /family name equal \+/);
  await search(panel, 'jane.doe@globex.example');
  await panel.waitForFunction(() => document.querySelector('#hits .hit .role')?.textContent === 'Globex', null, { timeout: WAIT_MS });
  await search(panel, 'nobody-like-this');
  await panel.waitForSelector('#hits .empty', { timeout: WAIT_MS });
  // From the search, straight onto the call list.
  await search(panel, '+33 4 72 00 00 42');
  await panel.waitForSelector('#hits .hit .name:text-is("Tom Becker")', { timeout: WAIT_MS });
  await panel.click('#hits .hit button.add');
  await panel.waitForSelector('#hits .hit .queued', { timeout: WAIT_MS });
  assert.equal(await panel.textContent('#calls-count'), '1');
});

test('values from a lead file are shown as text and nothing runs', async () => {
  await showView(panel, 'book');
  await search(panel, 'eve@evil.example');
  await panel.waitForSelector('#hits .hit', { timeout: WAIT_MS });
  assert.match(await panel.textContent('#hits .hit .name'), /<img src=x onerror="window.pwned=1">/);
  assert.equal(await panel.locator('#hits img').count(), 0);
  assert.equal(await panel.evaluate(() => window.pwned), undefined);
});

test('"forget this person" asks once more, then deletes the lead', async () => {
  await showView(panel, 'book');
  await search(panel, 'eve@evil.example');
  await panel.waitForSelector('#hits .hit button.forget', { timeout: WAIT_MS });
  await panel.click('#hits .hit button.forget');
  assert.match(await panel.textContent('#hits .hit button.forget'), /^Delete everything about .+\? Click again$/);
  await panel.click('#hits .hit button.forget');
  await panel.waitForFunction(() => document.querySelector('#status').textContent.startsWith('Forgot '), null, { timeout: WAIT_MS });
  await panel.waitForSelector('#hits .empty', { timeout: WAIT_MS });
  const { hits } = await ask(panel, { type: 'search', query: 'eve@evil.example' });
  assert.equal(hits.length, 0);
});

test('a person who may be one of two leads is asked about once, and the answer is kept', async () => {
  const page = await browser.context.newPage();
  await page.goto(`${site.url}/speaker.html`);
  const tab = await tabId(browser.worker, page);
  const picker = await openPanel(browser, tab);
  await picker.waitForSelector('.pending', { timeout: WAIT_MS });
  assert.equal(await picker.textContent('.pending .name'), 'Jane Doe');
  assert.equal(await picker.textContent('.pending .role'), 'On this page: Buyer');
  const offered = await picker.locator('.pending .candidate .role').allTextContents();
  assert.deepEqual(offered.sort(), ['Acme', 'Globex']);
  assert.ok((await picker.locator('.pending .candidate .reasons').count()) === 2);
  await picker.click('.candidate:has(.role:text-is("Globex")) button.pick');
  await picker.waitForSelector('.person .badge.match', { timeout: WAIT_MS });
  assert.equal(await picker.locator('.pending').count(), 0);
  assert.equal(await picker.textContent('.person .role'), 'Buyer · Globex');
  assert.match(await picker.textContent('.person .reasons'), /you said so/);
  // Visiting again: placed by the rep's answer, not asked again.
  await page.reload();
  await picker.waitForFunction(() => /you said this is Jane Doe/.test(document.querySelector('.person .reasons')?.textContent ?? ''), null, { timeout: WAIT_MS });
  assert.equal(await picker.locator('.pending').count(), 0);
  await picker.close();
  await page.close();
});

test('"add all" puts everyone on a team page on the call list, each once', async () => {
  const page = await browser.context.newPage();
  await page.goto(`${demo.url}/team.html`);
  const team = await openPanel(browser, await tabId(browser.worker, page));
  await team.waitForFunction(() => document.querySelectorAll('.person').length === 4, null, { timeout: WAIT_MS });
  // Tom Becker is on the list already (from the search): three to add.
  assert.equal(await team.textContent('button.add-all'), 'Add all 3 to the call list');
  await team.click('button.add-all');
  await team.waitForFunction(() => document.querySelector('#status').textContent === '3 added to the call list, 1 already on it.', null, { timeout: WAIT_MS });
  await team.waitForSelector('button.add-all', { state: 'detached', timeout: WAIT_MS });
  assert.equal(await team.locator('.person .queued').count(), 4);
  const { items } = await ask(team, { type: 'get_call_list' });
  assert.equal(items.length, 4);
  await team.close();
  await page.close();
});

test('the tabs work from the keyboard alone', async () => {
  await panel.focus('#tab-page');
  await panel.click('#tab-page');
  await panel.keyboard.press('ArrowRight');
  assert.equal(await panel.getAttribute('#tab-calls', 'aria-selected'), 'true');
  assert.ok(await panel.isVisible('#view-calls'));
  assert.ok(await panel.isHidden('#view-page'));
  assert.equal(await panel.evaluate(() => document.activeElement.id), 'tab-calls');
  await panel.keyboard.press('End');
  assert.ok(await panel.isVisible('#view-book'));
  await panel.keyboard.press('ArrowRight');
  assert.ok(await panel.isVisible('#view-page'), 'wraps around');
});
