// The demo tour: the bundled demo site, the extension in local mode, a rep's first minutes.
// With a display, Chromium (or Firefox ESR, with LEADLENS_BROWSER=firefox) stays open afterwards;
// without one (or with --headless) it runs headless, writes screenshots and the lead book CSV to
// demo/out/ and prints the call list.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve, launch, tabId, openPanel, ask, exportCsv, showView, WAIT_MS } from '../tests/e2e/harness.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const out = path.join(here, 'out');
const headless = !process.env.DISPLAY || process.argv.includes('--headless');
await mkdir(out, { recursive: true });

const site = await serve();
const browser = await launch({ headless });
const shot = async (panel, name) => {
  const file = path.join(out, name);
  await panel.screenshot({ path: file, fullPage: true });
  console.log(`screenshot: ${path.relative(process.cwd(), file)}`);
};

async function visitWithPanel(pagePath) {
  const page = await browser.context.newPage();
  await page.goto(site.url + pagePath);
  const panel = await openPanel(browser, await tabId(browser.worker, page));
  await panel.waitForSelector('.person', { timeout: WAIT_MS });
  return { page, panel };
}

// 0. Sales ops' CRM export goes into the local lead book (Lead book tab, file input).
const home = await browser.context.newPage();
await home.goto(`${site.url}/`);
const book = await openPanel(browser, await tabId(browser.worker, home));
await showView(book, 'book');
await book.setInputFiles('#leads-file', {
  name: 'leads-export.csv', mimeType: 'text/csv', buffer: await readFile(path.join(here, 'leads-export.csv')),
});
await book.waitForFunction(() => document.querySelector('#status').textContent.startsWith('Leads imported'), null, { timeout: WAIT_MS });
console.log(await book.textContent('#status'));
await book.fill('#search', 'Northwind');
await book.waitForSelector('#hits .hit', { timeout: WAIT_MS });
await shot(book, 'panel-book.png');

// 1. The company's team page: four people; Priya and "Dan" (Daniel) are already leads, the other
// two are shown but not saved (nobody becomes a lead by being seen).
const team = await visitWithPanel('/team.html');
await team.panel.waitForFunction(() => document.querySelectorAll('.person').length === 4, null, { timeout: WAIT_MS });
await shot(team.panel, 'panel-team.png');

// 2. María's profile: not a lead yet. "Add to call list" saves her and plans her call.
const profile = await visitWithPanel('/in/maria-gonzalez-ops.html');
await profile.panel.click('.person button.add');
await showView(profile.panel, 'calls');
await profile.panel.waitForSelector('#calls .task', { timeout: WAIT_MS });
await showView(profile.panel, 'page');
await shot(profile.panel, 'panel-profile.png');

// 3. Back on the team page, add the CEO too, and look at the call list.
await team.panel.bringToFront();
await team.panel.click('.person:has(.name:text-is("Dan Okafor")) button.add');
await team.panel.waitForFunction(() => document.querySelectorAll('#calls .task').length === 2, null, { timeout: WAIT_MS });
await showView(team.panel, 'calls');
await shot(team.panel, 'panel-call-list.png');
if (browser.name === 'chromium') { // Firefox ESR's WebDriver BiDi cannot emulate a dark scheme
  await team.panel.emulateMedia({ colorScheme: 'dark' });
  await shot(team.panel, 'panel-call-list-dark.png');
  await team.panel.emulateMedia({ colorScheme: 'light' });
}
await showView(team.panel, 'page');

const { text } = await exportCsv(team.panel);
await writeFile(path.join(out, 'leads.csv'), text);
console.log(`lead book: ${path.relative(process.cwd(), path.join(out, 'leads.csv'))}`);

const calls = await ask(team.panel, { type: 'get_call_list' });
console.log('\nCall list');
for (const { task, lead } of calls.items) {
  const due = new Date(task.due).toLocaleString('en-GB', { weekday: 'short', day: '2-digit', month: 'short', hour: '2-digit', minute: '2-digit' });
  console.log(`  ${due}  ${lead.name} — ${[lead.title, lead.company].filter(Boolean).join(', ')}  ${lead.phone ?? lead.email ?? ''}`);
  console.log(`      ${task.note}`);
}

if (headless) {
  await browser.close();
  await site.close();
} else {
  const where = browser.name === 'firefox' ? 'Firefox is open' : 'Chromium is open';
  console.log(`\n${where} on ${site.url}/ with Leadlens loaded: click its toolbar icon for the side panel.`);
  console.log('Close the browser window to stop.');
  await new Promise((resolve) => browser.context.on('close', resolve));
  await site.close();
}
