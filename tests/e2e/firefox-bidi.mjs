#!/usr/bin/env node
// Debian's Firefox ESR as Playwright's `executablePath` (channel 'moz-firefox': WebDriver BiDi,
// no patched Firefox build). Run with Firefox's own arguments, it starts Firefox and stands
// between Playwright and Firefox's BiDi socket. Everything passes through unchanged except:
// - the extension (LEADLENS_FIREFOX_EXTENSION, a folder) is installed as a temporary add-on with
//   BiDi's `webExtension.install` once Playwright's session exists, before Playwright is told of
//   it (Playwright has no call for it);
// - Playwright sends `emulation.setMediaFeaturesOverride` on every new context, a command ESR 153
//   does not know: one that overrides nothing is answered as done (one that does fails, as it
//   should: Firefox cannot emulate a dark scheme here);
// - for a moz-extension:// page, Firefox sends no domContentLoaded/load events (added when the
//   page's document has loaded), and now and then announces no script realm (1 launch in 3 here;
//   Playwright can reach nothing in the page without): after 1 s the realm is asked for and
//   announced; and a closed one's contextDestroyed never comes (sent after 1 s);
// - ESR 153's download events carry no download id, which Playwright needs to report a download:
//   the blob URL stands for it. Playwright reads the file under its suggested name, while Firefox
//   saves a second file of that name as "name(1).csv": moved back to the suggested name.
import { spawn } from 'node:child_process';
import { renameSync } from 'node:fs';
import path from 'node:path';
import { WebSocketServer, WebSocket } from 'ws';

const FIRST_OWN_ID = 1_000_000_000; // above any id Playwright uses
const REALM_WAIT_MS = 1000;
const DESTROYED_WAIT_MS = 1000;
const LOADED = `new Promise((resolve) => document.readyState === 'complete' ? resolve() : window.addEventListener('load', () => resolve(), { once: true }))`;

const firefox = spawn(process.env.FIREFOX ?? '/usr/bin/firefox-esr', process.argv.slice(2), { stdio: ['ignore', 'inherit', 'pipe'] });
firefox.on('exit', (code) => process.exit(code ?? 1));
for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP']) process.on(signal, () => firefox.kill(signal));

function relay(client, url) {
  const upstream = new WebSocket(url);
  const queued = [];
  const commands = new Map(); // id of each Playwright command in flight -> { method, params }
  const closing = new Map(); // context closed, its contextDestroyed not seen yet -> timer
  const ours = new Map(); // id of each command of ours in flight -> what to do with the answer
  let nextId = FIRST_OWN_ID;
  const send = (method, params, then) => {
    ours.set(nextId, then);
    upstream.send(JSON.stringify({ id: nextId++, method, params }));
  };
  const emit = (method, params) => client.send(JSON.stringify({ type: 'event', method, params }));
  const extensionPages = new Map(); // context -> { navigation, url, timer } of its moz-extension:// document
  const downloads = new Map(); // blob URL -> suggested file name

  const loaded = (context) => {
    const page = extensionPages.get(context);
    if (!page) return;
    clearTimeout(page.timer);
    send('script.evaluate', { expression: LOADED, awaitPromise: true, target: { context, sandbox: 'firefox-bidi' } }, () => {
      if (extensionPages.get(context) !== page) return; // navigated again meanwhile
      extensionPages.delete(context);
      const params = { context, navigation: page.navigation, timestamp: Date.now(), url: page.url };
      emit('browsingContext.domContentLoaded', params);
      emit('browsingContext.load', params);
    });
  };

  upstream.on('open', () => queued.splice(0).forEach((m) => upstream.send(m)));
  client.on('message', (data) => {
    const text = String(data);
    const { id, method, params } = JSON.parse(text);
    if (id !== undefined) commands.set(id, { method, params });
    if (upstream.readyState === WebSocket.OPEN) upstream.send(text); else queued.push(text);
  });
  upstream.on('message', (data) => {
    const message = JSON.parse(String(data));
    const { id, method: event, params } = message;
    if (ours.has(id)) {
      const then = ours.get(id);
      ours.delete(id);
      then(message);
      return;
    }
    const { method, params: sent } = commands.get(id) ?? {};
    commands.delete(id);
    if (method === 'session.new' && message.type === 'success' && process.env.LEADLENS_FIREFOX_EXTENSION) {
      const extensionData = { type: 'path', path: process.env.LEADLENS_FIREFOX_EXTENSION };
      send('webExtension.install', { extensionData }, (answer) => {
        if (answer.type === 'success') client.send(JSON.stringify(message));
        else { process.stderr.write(`firefox-bidi: the extension was not installed: ${JSON.stringify(answer)}\n`); firefox.kill('SIGKILL'); }
      });
      return;
    }
    if (message.type === 'error' && method === 'emulation.setMediaFeaturesOverride' && Object.values(sent.features ?? {}).every((v) => v == null)) {
      client.send(JSON.stringify({ type: 'success', id, result: {} }));
      return;
    }
    if (method === 'browsingContext.close' && message.type === 'success') {
      const { context } = sent;
      closing.set(context, setTimeout(() => {
        closing.delete(context);
        emit('browsingContext.contextDestroyed', { context, parent: null, children: null, url: 'about:blank', userContext: 'default', originalOpener: null });
      }, DESTROYED_WAIT_MS));
    } else if (event === 'browsingContext.contextDestroyed') {
      clearTimeout(closing.get(params.context));
      closing.delete(params.context);
    } else if (event === 'browsingContext.navigationCommitted' && params.url.startsWith('moz-extension:')) {
      clearTimeout(extensionPages.get(params.context)?.timer);
      const timer = setTimeout(() => send('script.getRealms', { context: params.context, type: 'window' }, (answer) => {
        const realm = answer.result?.realms.find((r) => !r.sandbox && r.origin.startsWith('moz-extension:'));
        if (!realm) return;
        emit('script.realmCreated', realm);
        loaded(params.context);
      }), REALM_WAIT_MS);
      extensionPages.set(params.context, { navigation: params.navigation, url: params.url, timer });
    } else if (event === 'script.realmCreated' && !params.sandbox && params.origin.startsWith('moz-extension:')) {
      setImmediate(() => loaded(params.context)); // once Playwright has this realm
    } else if (event === 'browsingContext.downloadWillBegin' && !params.download) {
      downloads.set(params.url, params.suggestedFilename);
      params.download = params.url;
    } else if (event === 'browsingContext.downloadEnd' && !params.download) {
      const name = downloads.get(params.url);
      downloads.delete(params.url);
      if (params.filepath && name && path.basename(params.filepath) !== name) renameSync(params.filepath, path.join(path.dirname(params.filepath), name));
      params.download = params.url;
    }
    client.send(JSON.stringify(message));
  });
  client.on('close', () => upstream.close());
  upstream.on('close', () => client.close());
  upstream.on('error', (e) => { process.stderr.write(`firefox-bidi: ${e.message}\n`); client.close(); });
}

// Firefox prints its BiDi address on stderr, where Playwright reads it: print ours instead.
let pending = '';
firefox.stderr.on('data', (chunk) => {
  pending += chunk;
  for (let end; (end = pending.indexOf('\n')) >= 0;) {
    const line = pending.slice(0, end);
    pending = pending.slice(end + 1);
    const found = line.match(/WebDriver BiDi listening on (ws:\/\/\S+)$/);
    if (!found) { process.stderr.write(`${line}\n`); continue; }
    const server = new WebSocketServer({ host: '127.0.0.1', port: 0 }, () =>
      process.stderr.write(`WebDriver BiDi listening on ws://127.0.0.1:${server.address().port}\n`));
    server.on('connection', (socket, request) => relay(socket, found[1] + request.url));
  }
});
