// "Add to call list" from the context menu and the keyboard command, through the real listeners
// in the worker (the browser's own menu and shortcut UI cannot be driven headless, so the test
// dispatches the browser's events to the extension's listeners) and the real content script.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, tabId, openPanel, ask, WAIT_MS } from './harness.mjs';

let site, browser, page, tab, panel;
before(async () => {
  site = await serve();
  browser = await launch();
  page = await browser.context.newPage();
  await page.goto(`${site.url}/team.html`);
  tab = await tabId(browser.worker, page);
  panel = await openPanel(browser, tab);
  await panel.waitForFunction(() => document.querySelectorAll('.person').length === 4, null, { timeout: WAIT_MS });
});
after(async () => { await browser?.close(); await site?.close(); });

async function callList() {
  const { items } = await ask(panel, { type: 'get_call_list' });
  return items.map((i) => i.lead.name).sort();
}

async function waitForCall(name) {
  const deadline = Date.now() + WAIT_MS;
  while (Date.now() < deadline) {
    if ((await callList()).includes(name)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.fail(`${name} never reached the call list: ${await callList()}`);
}

const menuClick = (info) => browser.worker.evaluate(([i, t]) => chrome.contextMenus.onClicked.dispatch(i, { id: t }), [info, tab]);
const shortcut = () => browser.worker.evaluate((t) => chrome.commands.onCommand.dispatch('add-to-call-list', { id: t }), tab);

test('context menu on a person\'s link adds that person', async () => {
  await menuClick({ menuItemId: 'leadlens-add-to-call-list', linkUrl: 'https://github.com/tbecker-nw' });
  await waitForCall('Tom Becker');
});

test('context menu on a person\'s card adds that person', async () => {
  await page.bringToFront();
  await page.click('li.card:has-text("Daniel Okafor") .title', { button: 'right' });
  await menuClick({ menuItemId: 'leadlens-add-to-call-list' });
  await waitForCall('Daniel Okafor');
});

test('keyboard command adds the selected person', async () => {
  await page.evaluate(() => {
    const name = [...document.querySelectorAll('.card h3')].find((h) => h.textContent === 'Priya Raman');
    getSelection().selectAllChildren(name);
  });
  await shortcut();
  await waitForCall('Priya Raman');
  assert.deepEqual(await callList(), ['Daniel Okafor', 'Priya Raman', 'Tom Becker']);
});

test('another menu item id or command does nothing', async () => {
  await menuClick({ menuItemId: 'someone-else', linkUrl: 'https://www.linkedin.com/in/maria-gonzalez-ops/' });
  await browser.worker.evaluate((t) => chrome.commands.onCommand.dispatch('other-command', { id: t }), tab);
  await new Promise((r) => setTimeout(r, 500));
  assert.ok(!(await callList()).includes('María González'));
});

test('context menu on a selected phone number adds its person', async () => {
  await menuClick({ menuItemId: 'leadlens-add-to-call-list', selectionText: '+1 512 555 0123' });
  await waitForCall('María González');
});
