// Shared by the end-to-end tests and the demo tour: serve the demo site on 127.0.0.1, launch
// Debian's Chromium (or, with LEADLENS_BROWSER=firefox, Debian's Firefox ESR: firefox-harness.mjs)
// with the built extension, and reach its worker and side panel.
import { chromium } from 'playwright-core';
import { launchFirefox } from './firefox-harness.mjs';
import { createServer } from 'node:http';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const extensionDir = path.join(root, 'dist/extension');
const siteDir = path.join(root, 'demo/site');
const TYPES = { '.html': 'text/html; charset=utf-8', '.wasm': 'application/wasm', '.css': 'text/css', '.js': 'text/javascript', '.vcf': 'text/vcard', '.json': 'application/json' };
export const WAIT_MS = 15_000;
/** The browser the tests drive: 'chromium', or 'firefox' with LEADLENS_BROWSER=firefox. */
export const BROWSER = process.env.LEADLENS_BROWSER === 'firefox' ? 'firefox' : 'chromium';

/** Where a request's file is: `dir/PATH`, or with `byHost` `dir/HOST/PATH.html` (HOST without
 * "www."), which serves pages written in the shape of other sites under their own host names. */
function fileFor(dir, req, byHost) {
  const pathname = decodeURIComponent(new URL(req.url, 'http://127.0.0.1').pathname);
  if (!byHost) return path.join(dir, pathname.endsWith('/') ? `${pathname}index.html` : pathname);
  const host = (req.headers.host ?? '').split(':')[0].replace(/^www\./, '');
  return path.join(dir, host, `${pathname.replace(/\/$/, '')}.html`);
}

/** Serves a folder (the demo site by default) on a free loopback port; `headers` go with every
 * answer (the matching bench's cross-origin isolation, for a finer `performance.now()`). */
export async function serve(dir = siteDir, { byHost = false, headers = {} } = {}) {
  const server = createServer(async (req, res) => {
    const file = fileFor(dir, req, byHost);
    if (!file.startsWith(dir + path.sep)) { res.writeHead(403).end(); return; }
    try {
      const body = await readFile(file);
      res.writeHead(200, { ...headers, 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' }).end(body);
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(resolve)) };
}

/** The browser with the extension (built, or another copy of it) loaded, in a fresh profile,
 * or in `profile` (Chromium; kept on close: a browser restarted on it finds its storage as it was
 * left). `hosts` are resolved to the loopback `port`, so that pages shaped like LinkedIn's are
 * served under LinkedIn's name, from here. `worker` is the service worker in Chromium, an
 * extension page in Firefox; `origin` the extension's pages' origin. */
export async function launch({ headless = true, hosts = [], port = 0, extension = extensionDir, profile: kept } = {}) {
  if (BROWSER === 'firefox') return launchFirefox({ headless, hosts, port, extension });
  const mapping = hosts.map((h) => `MAP ${h} 127.0.0.1:${port}`).join(',');
  const profile = kept ?? await mkdtemp(path.join(tmpdir(), 'leadlens-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless,
    viewport: { width: 1200, height: 900 },
    acceptDownloads: true,
    ignoreDefaultArgs: ['--disable-extensions'],
    args: [
      `--disable-extensions-except=${extension}`,
      `--load-extension=${extension}`,
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      ...(mapping ? [`--host-resolver-rules=${mapping}, EXCLUDE 127.0.0.1`] : []),
    ],
  });
  const worker = context.serviceWorkers()[0] ?? await context.waitForEvent('serviceworker', { timeout: WAIT_MS });
  const extensionId = new URL(worker.url()).host;
  return {
    name: 'chromium',
    context,
    worker,
    extensionId,
    origin: `chrome-extension://${extensionId}`,
    close: async () => {
      await context.close();
      if (!kept) await rm(profile, { recursive: true, force: true });
    },
  };
}

/** The pages shaped like LinkedIn's (tests/fixtures/sites) served on the loopback under
 * LinkedIn's host name, and a browser that resolves that name here. Only hosts without HSTS
 * preloading can be served over plain http (x.com and github.com cannot: they are tested natively). */
export async function launchOnSites() {
  const site = await serve(path.join(root, 'tests/fixtures/sites'), { byHost: true });
  const browser = await launch({ hosts: ['www.linkedin.com'], port: new URL(site.url).port });
  return { site, browser, close: async () => { await browser.close(); await site.close(); } };
}

/** Opens `url` in a new tab, and the side panel pinned to it. */
export async function panelFor(browser, url) {
  const page = await browser.context.newPage();
  await page.goto(url);
  return { page, panel: await openPanel(browser, await tabId(browser.worker, page)) };
}

/** The browser's id for the tab showing `page`: the extension may not read tab URLs (it has no
 * "tabs" permission), so bring the page to the front and ask for the active tab (of the window
 * last focused: Firefox opens each page in a window of its own). */
export async function tabId(worker, page) {
  await page.bringToFront();
  const [tab] = await worker.evaluate(() => chrome.tabs.query({ active: true, lastFocusedWindow: true }));
  if (!tab) throw new Error('no active tab');
  return tab.id;
}

/** The side panel's page, opened in a tab of its own and pinned to the tab `forTab`. */
export async function openPanel(browser, forTab, { width = 360, height = 900 } = {}) {
  const panel = await browser.context.newPage();
  await panel.setViewportSize({ width, height });
  await panel.goto(`${browser.origin}/panel.html?tab=${forTab}`);
  await wired(panel);
  return panel;
}

/** Waits until the page's Wasm has attached its handlers (it marks `<html data-wired>`): a click
 * before that is lost. Call it after each load or reload of a panel or options page. */
export async function wired(page) {
  await page.waitForSelector('html[data-wired]', { state: 'attached', timeout: WAIT_MS });
}

/** Polls `check` until it returns something truthy; fails with `what` after `ms`. */
export async function until(what, check, ms = WAIT_MS) {
  const end = Date.now() + ms;
  let last;
  while (Date.now() < end) {
    last = await check();
    if (last) return last;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`timed out waiting for ${what} (last: ${JSON.stringify(last)})`);
}

/** Sends a request to the worker from an extension page, as the side panel does. */
export function ask(panel, request) {
  return panel.evaluate((r) => chrome.runtime.sendMessage(r), request);
}

/** Shows one of the panel's views ('page', 'calls', 'book') by clicking its tab, as a rep does. */
export async function showView(panel, name) {
  await wired(panel);
  await panel.click(`#tab-${name}`);
  await panel.waitForSelector(`#view-${name}`, { state: 'visible', timeout: WAIT_MS });
}

/** Clicks "Export" in the panel's lead book view and returns the CSV it downloads, parsed into
 *  rows of objects; the view shown before is shown again. */
/** Types `query` into the lead book's search and waits until the hits shown are that search's
 * (the list names the query it answers), not the previous one's. */
export async function search(panel, query) {
  await panel.fill('#search', query);
  await panel.waitForFunction((q) => document.querySelector('#hits')?.dataset.query === q, query.trim(), { timeout: WAIT_MS });
}

export async function exportCsv(panel) {
  const shown = await panel.getAttribute('[role=tab][aria-selected=true]', 'id');
  await showView(panel, 'book');
  const [download] = await Promise.all([panel.waitForEvent('download', { timeout: WAIT_MS }), panel.click('#export')]);
  const text = await readFile(await download.path(), 'utf8');
  await showView(panel, shown.replace('tab-', ''));
  return { text, rows: parseCsv(text) };
}

function parseCsv(text) {
  const records = [];
  let row = [], field = '', quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i++; } else if (c === '"') quoted = false; else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(field); field = ''; }
    else if (c === '\n') { row.push(field); records.push(row); row = []; field = ''; }
    else if (c !== '\r') field += c;
  }
  if (field || row.length) { row.push(field); records.push(row); }
  const [header, ...rest] = records;
  return rest.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? ''])));
}
