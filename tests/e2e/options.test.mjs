// The options page without a CRM: built by Rust, it reads the settings and the outbox, and says
// what is wrong with a CRM address before anything leaves the browser. (With a CRM: crm.test.mjs.)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, WAIT_MS } from './harness.mjs';

let browser, options;
before(async () => {
  browser = await launch();
  options = await browser.context.newPage();
  await options.goto(`${browser.origin}/options.html`);
});
after(async () => { await browser?.close(); });

test('the options page loads: CRMs to pick from, the local lead book, an empty outbox', async () => {
  await options.waitForSelector('#kind option[value="bottlecrm"]', { state: 'attached', timeout: WAIT_MS });
  const kinds = await options.$$eval('#kind option', (os) => os.map((o) => o.value));
  assert.ok(kinds.length >= 5 && kinds.includes('hubspot'), JSON.stringify(kinds));
  assert.equal(await options.textContent('#mode'), 'Local lead book');
  await options.waitForFunction(() => document.querySelector('#outbox').textContent !== 'Loading…', null, { timeout: WAIT_MS });
  assert.ok((await options.locator('#policy-rows tr').count()) > 0, 'the field policies are listed');
});

test('"Test connection" refuses an address that is not one, and nothing is saved', async () => {
  await options.fill('#base-url', 'crm.example');
  await options.fill('#token', 'a-token');
  await options.click('#test');
  await options.waitForFunction(() => /not a web address/.test(document.querySelector('#status').textContent), null, { timeout: WAIT_MS });
  await options.reload();
  await options.waitForSelector('#kind option', { state: 'attached', timeout: WAIT_MS });
  assert.equal(await options.inputValue('#base-url'), '');
  assert.equal(await options.textContent('#mode'), 'Local lead book');
});
