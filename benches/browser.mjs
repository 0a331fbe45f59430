// In-browser benchmark: `node benches/browser.mjs` after `bash scripts/build.sh`.
// 1. The Wasm capture stage alone, in a page of Debian's Chromium, on the benchmark pages (a
//    LinkedIn-sized profile, a 500-person team page, one of our posts with 500 reactions).
//    Each page twice: as its source (html5ever) and as the extension gets it, the browser's
//    serialization of its DOM (`outerHTML`, read by capture::serialized).
// 2. End to end with the extension: from the content script's reading of the page to the capture
//    filed in the worker (the worker logs both parts: the page reaching it, and capturing and filing
//    it), and from the page's DOMContentLoaded to the change stored in IndexedDB and announced.
import { execFileSync } from 'node:child_process';
import { cp, mkdtemp, writeFile, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { serve, launch, openPanel, WAIT_MS } from '../tests/e2e/harness.mjs';
import { buildBenchWasm } from './matching-wasm.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const RUNS = Number(process.env.RUNS ?? 20);
const dir = await mkdtemp(path.join(tmpdir(), 'leadlens-bench-'));
execFileSync('cargo', ['run', '--quiet', '--release', '--example', 'bench_pages', '--', dir], { cwd: root, stdio: 'inherit' });
// The capture stage alone is a bench export; the extension (part 2) is the one scripts/build.sh made.
await cp(buildBenchWasm(), path.join(dir, 'pkg'), { recursive: true });
await writeFile(path.join(dir, 'bench.html'), `<!doctype html><meta charset="utf-8"><script type="module">
  import init, { bench_capture } from './pkg/leadlens.js';
  window.bench = async (file, url, runs, serialized) => {
    await init();
    const source = await (await fetch(file)).text();
    const html = serialized ? new DOMParser().parseFromString(source, 'text/html').documentElement.outerHTML : source;
    const times = [];
    let people = 0;
    for (let i = 0; i < runs + 3; i++) {
      const t0 = performance.now();
      people = bench_capture(html, url, serialized);
      if (i >= 3) times.push(performance.now() - t0);
    }
    return { times, people, bytes: html.length };
  };
</script>`);

const stats = (times) => {
  const s = [...times].sort((a, b) => a - b);
  const q = (p) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
  return `median ${q(0.5).toFixed(1)} ms, p90 ${q(0.9).toFixed(1)} ms, min ${s[0].toFixed(1)} ms (n=${s.length})`;
};

const site = await serve(dir);
const pages = [['linkedin-2mb.html', 'https://www.linkedin.com/in/sophie-martin-lumen/'], ['team-500.html', 'https://team.example/team']];

const plain = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-gpu'] });
const page = await plain.newPage();
await page.goto(`${site.url}/bench.html`);
await page.waitForFunction(() => typeof window.bench === 'function', null, { timeout: WAIT_MS });
// The engagement list only as a capture: end to end it would need LinkedIn's host name.
const reactions = ['post-500-reactions.html', 'https://www.linkedin.com/feed/update/urn:li:activity:7401000000000000001'];
for (const [file, url] of [...pages, reactions]) {
  for (const serialized of [false, true]) {
    const { times, people, bytes } = await page.evaluate(([f, u, n, s]) => window.bench(f, u, n, s), [file, url, RUNS, serialized]);
    const as = serialized ? 'outerHTML' : 'source';
    console.log(`wasm capture  ${file} as ${as} (${(bytes / 1e6).toFixed(2)} MB, ${people} people): ${stats(times)}`);
  }
}
await plain.close();

const browser = await launch();
// The worker's own account of each page: "reached the worker X ms after the tab began reading it;
// captured and filed in Y ms".
const accounts = [];
browser.context.on('console', (m) => {
  const found = /reached the worker ([\d.]+) ms after .*captured and filed in ([\d.]+) ms/.exec(m.text());
  if (found) accounts.push({ reached: Number(found[1]), filed: Number(found[2]) });
});
const panel = await openPanel(browser, 0);
await panel.evaluate(() => {
  window.stamps = [];
  chrome.runtime.onMessage.addListener((m) => { if (m?.type === 'changed') window.stamps.push(Date.now()); });
});
for (const [file] of pages) {
  const times = [];
  const tabs = [];
  accounts.length = 0;
  for (let i = 0; i < Math.min(RUNS, 10) + 1; i++) {
    const before = await panel.evaluate(() => window.stamps.length);
    const tab = await browser.context.newPage();
    tabs.push(tab);
    await tab.goto(`${site.url}/${file}`);
    await panel.waitForFunction((n) => window.stamps.length > n, before, { timeout: WAIT_MS });
    const stored = await panel.evaluate(() => window.stamps.at(-1));
    const ready = await tab.evaluate(() => performance.timeOrigin + performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd);
    if (i > 0) times.push(stored - ready);
  }
  // Closed only now: closing a tab is a change the worker stores and announces too.
  await Promise.all(tabs.map((t) => t.close()));
  const runs = accounts.slice(1);
  if (runs.length) {
    console.log(`end to end    ${file}: tab reads the page -> in the worker: ${stats(runs.map((a) => a.reached))}`);
    console.log(`end to end    ${file}: in the worker -> captured and filed: ${stats(runs.map((a) => a.filed))}`);
    console.log(`end to end    ${file}: tab reads the page -> captured and filed: ${stats(runs.map((a) => a.reached + a.filed))}`);
  } else {
    console.log(`end to end    ${file}: no account from the worker`);
  }
  console.log(`end to end    ${file}: DOMContentLoaded -> stored in the lead book and announced: ${stats(times)}`);
}
await browser.close();
await site.close();
