// What Leadlens reads and saves, site by site: nobody is saved by being seen unless the rep set
// the site to save everyone; a paused or never-read site's pages are not even sent to the worker.
// The demo site is served on 127.0.0.1 and on localhost: two sites, one server.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, tabId, openPanel, exportCsv, wired, until, WAIT_MS } from './harness.mjs';

let site, browser, local;
before(async () => {
  site = await serve();
  local = site.url.replace('127.0.0.1', 'localhost');
  browser = await launch();
  // Every page the content scripts send, as the worker receives it (a listener of our own beside
  // the extension's: the browser hands each message to both).
  await browser.worker.evaluate(() => {
    globalThis.pagesSent = [];
    chrome.runtime.onMessage.addListener((message, sender) => {
      if (message?.type === 'page') globalThis.pagesSent.push(sender.url);
    });
  });
});
after(async () => { await browser?.close(); await site?.close(); });

const sent = () => browser.worker.evaluate(() => globalThis.pagesSent.slice());

async function open(url) {
  const page = await browser.context.newPage();
  await page.goto(url);
  const panel = await openPanel(browser, await tabId(browser.worker, page));
  return { page, panel };
}

/** Opens `quiet` then `loud` (a page that is read); once `loud` has reached the worker, returns
 * what was sent from `quiet`'s site: it loaded first, so anything it sent came before. */
async function sentFrom(quiet, loud) {
  const before = (await sent()).length;
  const a = await browser.context.newPage();
  await a.goto(quiet);
  const b = await browser.context.newPage();
  await b.goto(loud);
  await until(`${loud} sent`, async () => (await sent()).includes(loud));
  const host = new URL(quiet).host;
  await a.close();
  await b.close();
  return (await sent()).slice(before).filter((u) => new URL(u).host === host);
}

test('a site set to save everyone saves whom the rep opens there; paused, it sends nothing', async () => {
  const team = await open(`${site.url}/team.html`);
  await team.panel.waitForFunction(() => document.querySelectorAll('.person').length === 4, null, { timeout: WAIT_MS });
  assert.equal(await team.panel.locator('.person .badge.unsaved').count(), 4, 'seen is not saved');
  assert.equal(await team.panel.textContent('.site .check'), ' Save everyone I open on 127.0.0.1');
  await team.panel.check('.site .save-everyone');
  await team.panel.waitForFunction(() => document.querySelector('#status').textContent.startsWith('Everyone you open'), null, { timeout: WAIT_MS });
  assert.ok(await team.panel.isChecked('.site .save-everyone'));

  const maria = await open(`${site.url}/in/maria-gonzalez-ops.html`);
  await maria.panel.waitForSelector('.person .badge.new', { timeout: WAIT_MS });
  let { rows } = await exportCsv(maria.panel);
  assert.deepEqual(rows.map((r) => r.full_name), ['María González'], 'saved by the rule; the team page before it was not');

  await maria.panel.click('.site button.pause');
  await maria.panel.waitForSelector('.site button.resume', { timeout: WAIT_MS });
  assert.equal(await maria.panel.textContent('.site button.resume'), 'Resume reading 127.0.0.1');
  assert.equal(await maria.panel.locator('.person').count(), 0, 'what the paused site showed is forgotten');
  assert.deepEqual(await sentFrom(`${site.url}/team.html#paused`, `${local}/team.html`), []);

  await maria.panel.click('.site button.resume');
  await maria.panel.waitForSelector('.site button.pause', { timeout: WAIT_MS });
  await maria.page.reload();
  await maria.panel.waitForSelector('.person .badge.match', { timeout: WAIT_MS });
  ({ rows } = await exportCsv(maria.panel));
  assert.equal(rows.length, 1, 'still one lead');
  for (const p of [team, maria]) { await p.panel.close(); await p.page.close(); }
});

test('a never-read site sends nothing; Options lists webmail by default and the rep edits the list', async () => {
  const options = await browser.context.newPage();
  await options.goto(`${browser.origin}/options.html`);
  await wired(options);
  await options.waitForFunction(() => document.querySelector('#never-read').value !== '', null, { timeout: WAIT_MS });
  const defaults = (await options.inputValue('#never-read')).split('\n');
  assert.ok(defaults.includes('mail.google.com') && defaults.includes('outlook.office.com'), defaults.join(' '));
  await options.fill('#never-read', [...defaults, 'localhost', 'not a site'].join('\n'));
  await options.click('#save-sites');
  await options.waitForFunction(() => document.querySelector('#privacy-status').textContent.startsWith('Site lists saved'), null, { timeout: WAIT_MS });
  assert.match(await options.textContent('#privacy-status'), /name no site and were left out: not a site/);
  assert.ok((await options.inputValue('#never-read')).split('\n').includes('localhost'));
  assert.deepEqual(await sentFrom(`${local}/team.html`, `${site.url}/team.html#after-never-read`), []);
  await options.close();
});
