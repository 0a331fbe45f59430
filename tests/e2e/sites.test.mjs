// Site profiles in Chromium: pages shaped like LinkedIn's, served from 127.0.0.1 under
// those sites' host names (the browser resolves them to loopback), read by the extension.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve, launch, tabId, openPanel, WAIT_MS } from './harness.mjs';

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/sites');
let site, browser, port;
before(async () => {
  site = await serve(fixtures, { byHost: true });
  port = new URL(site.url).port;
  // Only hosts without HSTS preloading can be served over plain http (github.com cannot).
  browser = await launch({ hosts: ['www.linkedin.com'], port });
});
after(async () => { await browser?.close(); await site?.close(); });

async function panelFor(url) {
  const page = await browser.context.newPage();
  await page.goto(url);
  return openPanel(browser, await tabId(browser.worker, page));
}

test('a LinkedIn profile (logged-in view) is one person with title, company and location', async () => {
  const panel = await panelFor('http://www.linkedin.com/in/sophie-martin-lumen/');
  await panel.waitForSelector('.person .name', { timeout: WAIT_MS });
  assert.equal(await panel.$$eval('.person', (els) => els.length), 1, 'the sidebar is not captured');
  assert.equal(await panel.textContent('.person .name'), 'Sophie Martin');
  assert.equal(await panel.textContent('.person .role'), 'Directrice des achats chez Groupe Lumen | Supply chain & achats indirects · Groupe Lumen');
  assert.equal(await panel.textContent('.person .location'), 'Lyon, Auvergne-Rhône-Alpes, France');
  assert.equal(await panel.getAttribute('.person a.profile', 'href'), 'https://www.linkedin.com/in/sophie-martin-lumen');
});

test('a LinkedIn company page names the organisation and captures no sidebar people', async () => {
  const panel = await panelFor('http://www.linkedin.com/company/groupe-lumen/');
  await panel.waitForSelector('#page .org', { timeout: WAIT_MS });
  assert.equal(await panel.textContent('#page .org'), 'Groupe Lumen');
  assert.equal(await panel.$$eval('.person', (els) => els.length), 0);
});
