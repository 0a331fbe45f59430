// The demo tour: the bundled demo site, the extension in local mode, a rep's first minutes.
// With a display, Chromium stays open afterwards; without one (or with --headless) it runs
// headless, writes screenshots and the lead book CSV to demo/out/ and prints the call list.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve, launch, tabId, openPanel, ask, exportCsv, WAIT_MS } from '../tests/e2e/harness.mjs';

const out = path.join(path.dirname(fileURLToPath(import.meta.url)), 'out');
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

// 1. The company's team page: four people, all new to the lead book.
const team = await visitWithPanel('/team.html');
await team.panel.waitForFunction(() => document.querySelectorAll('.person').length === 4, null, { timeout: WAIT_MS });
await shot(team.panel, 'panel-team.png');

// 2. María's profile: already a lead (same LinkedIn profile as on the team page). Add her.
const profile = await visitWithPanel('/in/maria-gonzalez-ops.html');
await profile.panel.click('.person button.add');
await profile.panel.waitForSelector('#calls .task', { timeout: WAIT_MS });
await shot(profile.panel, 'panel-profile.png');

// 3. Back on the team page, add the CEO too.
await team.panel.bringToFront();
await team.panel.click('.person:has(.name:text-is("Daniel Okafor")) button.add');
await team.panel.waitForFunction(() => document.querySelectorAll('#calls .task').length === 2, null, { timeout: WAIT_MS });
await shot(team.panel, 'panel-call-list.png');

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
  console.log(`\nChromium is open on ${site.url}/ with Leadlens loaded: click its toolbar icon for the side panel.`);
  console.log('Close the browser window to stop.');
  await new Promise((resolve) => browser.context.on('close', resolve));
  await site.close();
}
