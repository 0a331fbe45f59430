// Site profiles in Chromium: pages shaped like LinkedIn's, served from 127.0.0.1 under
// those sites' host names (the browser resolves them to loopback), read by the extension.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchOnSites, panelFor as openOn, WAIT_MS } from './harness.mjs';

let sites;
before(async () => { sites = await launchOnSites(); });
after(async () => { await sites?.close(); });

const panelFor = async (url) => (await openOn(sites.browser, url)).panel;

test('a LinkedIn profile (logged-in view) is one person with title, company and location', async () => {
  const panel = await panelFor('http://www.linkedin.com/in/sophie-martin-lumen/');
  await panel.waitForSelector('.person .name', { timeout: WAIT_MS });
  assert.equal(await panel.$$eval('.person', (els) => els.length), 1, 'the sidebar is not captured');
  assert.equal(await panel.textContent('.person .name'), 'Sophie Martin');
  assert.equal(await panel.textContent('.person .role'), 'Directrice des achats · Groupe Lumen', 'her current position and its employer');
  assert.equal(await panel.textContent('.person .headline'), 'Directrice des achats chez Groupe Lumen | Supply chain & achats indirects');
  assert.equal(await panel.textContent('.person .location'), 'Lyon, Auvergne-Rhône-Alpes, France');
  assert.equal(await panel.getAttribute('.person a.profile', 'href'), 'https://www.linkedin.com/in/sophie-martin-lumen');
});

test('a LinkedIn public profile: the current position with its own employer, the headline apart', async () => {
  const panel = await panelFor('http://www.linkedin.com/in/tobias-keller-cfo/');
  await panel.waitForSelector('.person .name', { timeout: WAIT_MS });
  assert.equal(await panel.textContent('.person .name'), 'Tobias Keller');
  assert.equal(await panel.textContent('.person .role'), 'Chief Financial Officer · Nordlicht Logistik GmbH');
  assert.equal(await panel.textContent('.person .headline'), 'Aufsichtsrat bei Vireo Energy AG | Advisor | Speaker');
});

test('a LinkedIn company page names the organisation and captures no sidebar people', async () => {
  const panel = await panelFor('http://www.linkedin.com/company/groupe-lumen/');
  await panel.waitForSelector('#page .org', { timeout: WAIT_MS });
  assert.equal(await panel.textContent('#page .org'), 'Groupe Lumen');
  assert.equal(await panel.$$eval('.person', (els) => els.length), 0);
});

test('a sign-in wall at a profile\'s address shows no one and makes no lead', async () => {
  const panel = await panelFor('http://www.linkedin.com/in/jane-roe-authwall/');
  // Only a capture that found no one says so ("Nothing captured on this tab yet" before it).
  await panel.waitForFunction(() => document.querySelector('#page .empty')?.textContent === 'No one on this page.', null, { timeout: WAIT_MS });
  assert.equal(await panel.$$eval('.person, .pending', (els) => els.length), 0);
  const answer = await panel.evaluate(() => chrome.runtime.sendMessage({ type: 'search', query: 'Welcome to your professional community' }));
  assert.equal(answer.type, 'search', JSON.stringify(answer));
  assert.deepEqual(answer.hits, [], 'the wall\'s greeting is no lead');
});
