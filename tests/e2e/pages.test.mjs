// Pages that are not the demo site: a single-page app that changes its URL without loading, and a
// page whose values are hostile markup.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve, launch, tabId, openPanel, WAIT_MS, showView } from './harness.mjs';

let site, browser;
before(async () => {
  site = await serve(path.join(path.dirname(fileURLToPath(import.meta.url)), 'pages'));
  browser = await launch();
});
after(async () => { await browser?.close(); await site?.close(); });

test('a single-page app is captured again when its URL changes', async () => {
  const page = await browser.context.newPage();
  await page.goto(`${site.url}/app.html`);
  const panel = await openPanel(browser, await tabId(browser.worker, page));
  await panel.waitForSelector('#page .empty', { timeout: WAIT_MS });
  await page.click('#go-ann');
  await panel.waitForSelector('.person .name', { timeout: WAIT_MS });
  assert.equal(await panel.textContent('.person .name'), 'Ann Lee');
  assert.equal(await panel.textContent('.person .role'), 'COO');
});

test('hostile values are shown as text and nothing runs', async () => {
  const page = await browser.context.newPage();
  await page.goto(`${site.url}/hostile.html`);
  const panel = await openPanel(browser, await tabId(browser.worker, page));
  await panel.waitForSelector('.person .name', { timeout: WAIT_MS });
  await panel.click('.person button.add');
  await showView(panel, 'calls');
  await panel.waitForSelector('#calls .task', { timeout: WAIT_MS });
  assert.equal(await panel.textContent('.person .name'), '<img src=x onerror="window.__pwned=1">Eve');
  assert.equal(await panel.$$eval('img, script:not([src])', (els) => els.length), 0);
  assert.equal(await panel.evaluate(() => window.__pwned), undefined);
  // Only links we build: no javascript: URL from the page ever becomes a link.
  const hrefs = await panel.$$eval('a[href]', (as) => as.map((a) => a.getAttribute('href')));
  assert.ok(hrefs.every((h) => /^(tel:[+\d]*|https:\/\/)/.test(h)), JSON.stringify(hrefs));
  // Bidi overrides are stripped before display.
  assert.ok(!(await panel.textContent('.person .role')).includes('\u202E'));
});
