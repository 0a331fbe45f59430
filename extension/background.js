// Loader: a service worker must register its listeners synchronously, so they are registered here
// and forwarded to Rust (src/browser/worker.rs). No top-level await: the worker would die.
import init, * as core from './pkg/leadlens.js';

const ready = init({ module_or_path: new URL('./pkg/leadlens_bg.wasm', import.meta.url) });
const run = (call) => ready.then(call);

chrome.runtime.onInstalled.addListener(() => run(() => core.worker_installed()));
chrome.runtime.onMessage.addListener((message, sender, reply) => {
  run(() => core.worker_message(message, sender)).then(reply, (e) => reply({ type: 'error', message: String(e) }));
  return true;
});
chrome.contextMenus.onClicked.addListener((info, tab) => run(() => core.worker_context_menu(info, tab)));
chrome.commands.onCommand.addListener((command, tab) => run(() => core.worker_command(command, tab)));
chrome.tabs.onRemoved.addListener((tabId) => run(() => core.worker_tab_closed(tabId)));
// Firefox has no chrome.sidePanel but a sidebar (manifest's sidebar_action), which it opens only
// from a user action: toggled here, synchronously, when the rep clicks the toolbar button.
if (globalThis.browser?.sidebarAction) chrome.action.onClicked.addListener(() => browser.sidebarAction.toggle());
chrome.alarms.onAlarm.addListener((alarm) => run(() => core.worker_alarm(alarm.name)));
// The CRM's site is never read: a CRM set or changed in Options changes what the content script skips.
chrome.storage.onChanged.addListener((changes, area) => {
  if (area === 'local' && changes.crm) run(() => core.worker_crm_changed());
});
// Every start (the browser stops idle workers and may kill one mid-send): drain the CRM outbox.
run(() => core.worker_started());
