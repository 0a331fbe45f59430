// Debian's Firefox ESR with the built extension, driven by Playwright over WebDriver BiDi (through
// firefox-bidi.mjs, which installs the extension as a temporary add-on). Returns what harness.mjs's
// Chromium launch returns, so the same test bodies run in both browsers.
import { firefox } from 'playwright-core';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
// Pinned, so the tests know the moz-extension:// origin (Firefox picks a random one per profile).
const UUID = '6f3c2b8e-4d1a-4e7b-9a52-1c0d8e7f5a3b';

/** Firefox cannot map a host name to another port, so `hosts` go through a proxy: the loopback
 * server on `port`, which serves by the Host header (harness.mjs's `serve`). */
export async function launchFirefox({ headless, hosts, port, extension }) {
  const pac = `function FindProxyForURL(url, host) { return ${JSON.stringify(hosts)}.includes(host) ? 'PROXY 127.0.0.1:${port}' : 'DIRECT'; }`;
  const { browser_specific_settings: settings } = JSON.parse(await readFile(path.join(extension, 'manifest.json'), 'utf8'));
  const profile = await mkdtemp(path.join(tmpdir(), 'leadlens-firefox-'));
  const context = await firefox.launchPersistentContext(profile, {
    channel: 'moz-firefox',
    executablePath: path.join(here, 'firefox-bidi.mjs'),
    headless,
    timeout: 60_000,
    viewport: { width: 1200, height: 900 },
    acceptDownloads: true,
    // Without it, Firefox's BiDi refuses to open moz-extension:// pages.
    args: ['--remote-allow-system-access'],
    env: { ...process.env, LEADLENS_FIREFOX_EXTENSION: extension, FIREFOX: process.env.FIREFOX ?? '/usr/bin/firefox-esr' },
    firefoxUserPrefs: {
      'extensions.webextensions.uuids': JSON.stringify({ [settings.gecko.id]: UUID }),
      // Nothing from the network but the pages the tests serve.
      'app.normandy.enabled': false,
      'browser.discovery.enabled': false,
      'datareporting.policy.dataSubmissionEnabled': false,
      'messaging-system.rsexperimentloader.enabled': false,
      'extensions.update.enabled': false,
      ...(hosts.length ? { 'network.proxy.type': 2, 'network.proxy.autoconfig_url': `data:text/javascript,${encodeURIComponent(pac)}` } : {}),
    },
  });
  const browser = {
    name: 'firefox',
    context,
    origin: `moz-extension://${UUID}`,
    close: async () => { await context.close(); await rm(profile, { recursive: true, force: true }); },
  };
  // The background page is not reachable over BiDi; an extension page of our own stands in for
  // it where a test asks the browser's extension APIs something (which tab is which).
  browser.worker = await context.newPage();
  await browser.worker.goto(`${browser.origin}/panel.html?tab=0`);
  return browser;
}
