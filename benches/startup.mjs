// Start-up of the extension's worker with a local lead book of N leads (default 20 000). The first
// IMPORT of them (default all, at most 20 000) are imported as a CSV through the side panel; the
// rest are written straight into the extension's IndexedDB as copies of an imported lead with
// their own id, name, email and number, each noted in the journal of leads to index again, as an
// import notes them. The service worker is then stopped through the DevTools protocol and the
// first answer after each restart is timed: the first start indexes the leads written since the
// saved index and saves it again; later starts read the saved index alone. Last, the whole book
// is exported as CSV from the panel (the worker walks it a stretch at a time) and the export
// timed, with the worker's Wasm memory after it.
// `N=1000000 IMPORT=2000 node benches/startup.mjs`; build first.
import { stat } from 'node:fs/promises';
import { launch, openPanel, ask, showView } from '../tests/e2e/harness.mjs';

const n = Number(process.env.N ?? 20_000);
const rounds = Number(process.env.ROUNDS ?? 3);
const imported = Math.min(n, Number(process.env.IMPORT ?? 20_000));
// Distinct people: family names from three syllables (8 000 of them), unique emails and numbers.
const given = ['Anna', 'Ben', 'Chloé', 'David', 'Emma', 'Farid', 'Grace', 'Hugo', 'Ines', 'Jonas', 'Keiko', 'Liam', 'Maya', 'Noah', 'Olga', 'Pablo'];
const syllables = ['ka', 'lo', 'mi', 'ner', 'ost', 'pra', 'quin', 'ros', 'sel', 'tam', 'ur', 'vek', 'wil', 'xan', 'yor', 'zed', 'bel', 'cor', 'dan', 'fen'];
const familyName = (i) => {
  const s = syllables[i % 20] + syllables[Math.floor(i / 20) % 20] + syllables[Math.floor(i / 400) % 20];
  return s[0].toUpperCase() + s.slice(1);
};
const words = ['Acme', 'Globex', 'Initech', 'Umbrella', 'Northwind', 'Contoso', 'Fabrikam', 'Tailspin', 'Wingtip', 'Litware', 'Proseware', 'Adatum', 'Lucerne', 'Margie', 'Trey', 'Woodgrove', 'Coho', 'Alpine', 'Bluth', 'Soylent'];
const trades = ['Robotics', 'Logistics', 'Health', 'Energy', 'Foods', 'Media', 'Systems', 'Labs', 'Partners', 'Retail'];
const cities = ['Austin', 'Lyon', 'Berlin', 'Madrid', 'Toronto', 'Sydney', 'Chicago', 'Milan', 'Osaka', 'Leeds', 'Porto', 'Denver'];
let csv = 'first_name,last_name,company,email,phone,city\n';
for (let i = 0; i < imported; i++) {
  const g = given[(i * 7) % given.length], f = familyName(i);
  const number = `+1 212 ${String(200 + Math.floor(i / 10_000) % 800).padStart(3, '0')} ${String(i % 10_000).padStart(4, '0')}`;
  const company = `${words[i % 20]} ${trades[Math.floor(i / 20) % 10]} ${Math.floor(i / 200)}`;
  csv += `${g},${f},${company},${g.toLowerCase()}.${f.toLowerCase()}.${i}@${company.toLowerCase().replaceAll(' ', '')}.example,${number},${cities[i % 12]}\n`;
}

const browser = await launch();
const panel = await openPanel(browser, 0);
await showView(panel, 'book');
let t = performance.now();
await panel.setInputFiles('#leads-file', { name: 'bench.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
await panel.waitForFunction(() => document.querySelector('#status').textContent.startsWith('Leads imported'), null, { timeout: 30 * 60_000 });
console.log(`import of ${imported} rows through the panel: ${((performance.now() - t) / 1000).toFixed(1)} s — ${await panel.textContent('#status')}`);
if (n > imported) {
  t = performance.now();
  const written = await panel.evaluate(async ({ from, to, given, syllables }) => {
    const done = (r) => new Promise((resolve, reject) => { r.onsuccess = () => resolve(r.result); r.onerror = () => reject(r.error); });
    const db = await done(indexedDB.open('leadlens'));
    const [first] = await done(db.transaction('leads').objectStore('leads').getAll(null, 1));
    const template = JSON.parse(first.json);
    const family = (i) => { const s = syllables[i % 20] + syllables[Math.floor(i / 20) % 20] + syllables[Math.floor(i / 400) % 20] + syllables[Math.floor(i / 8000) % 20]; return s[0].toUpperCase() + s.slice(1); };
    const set = (field, value) => { if (field) field.value = value; };
    for (let start = from; start < to; start += 10_000) {
      const tx = db.transaction(['leads', 'reindex'], 'readwrite');
      const leads = tx.objectStore('leads'), journal = tx.objectStore('reindex');
      for (let i = start; i < Math.min(to, start + 10_000); i++) {
        const g = given[(i * 7) % given.length], f = family(i);
        const lead = structuredClone(template);
        // In the form every generated id has: `lead-` and 16 hex digits.
        lead.id = `lead-${(0xbe0c000000000000n + BigInt(i)).toString(16)}`;
        set(lead.name, `${g} ${f}`);
        set(lead.given_name, g);
        set(lead.family_name, f);
        set(lead.emails[0], `${g.toLowerCase()}.${f.toLowerCase()}.${i}@bench.example`);
        set(lead.phones[0], `+1212${String(200 + Math.floor(i / 10_000) % 800).padStart(3, '0')}${String(i % 10_000).padStart(4, '0')}`);
        leads.put({ id: lead.id, json: JSON.stringify(lead) });
        journal.put(true, lead.id);
      }
      await new Promise((resolve, reject) => { tx.oncomplete = resolve; tx.onerror = () => reject(tx.error); });
    }
    db.close();
    return to - from;
  }, { from: imported, to: n, given, syllables });
  console.log(`${written} more leads written into IndexedDB: ${((performance.now() - t) / 1000).toFixed(1)} s`);
}

// Each start's own account (leads read, leads indexed), and the export's, from the worker's console.
const opened = [], exported = [];
browser.context.on('console', (m) => {
  if (m.text().startsWith('Leadlens: lead book')) opened.push(m.text().slice('Leadlens: '.length));
  if (m.text().startsWith("Leadlens: export's last part")) exported.push(m.text().slice('Leadlens: '.length));
});
const cdp = await browser.context.newCDPSession(panel);
await cdp.send('ServiceWorker.enable');
for (let r = 0; r < rounds; r++) {
  await cdp.send('ServiceWorker.stopAllWorkers');
  await new Promise((resolve) => setTimeout(resolve, 500));
  t = performance.now();
  const answer = await ask(panel, { type: 'search', query: familyName(imported - 1) });
  const ms = performance.now() - t;
  t = performance.now();
  await ask(panel, { type: 'search', query: familyName(imported - 2) });
  const warm = performance.now() - t;
  console.log(`start-up ${r + 1}: first answer after a stop ${ms.toFixed(0)} ms (${answer.hits?.length ?? answer.message} hits), the next search ${warm.toFixed(0)} ms; ${opened.pop() ?? 'no account from the worker'}`);
}
await showView(panel, 'book');
t = performance.now();
const [download] = await Promise.all([panel.waitForEvent('download', { timeout: 30 * 60_000 }), panel.click('#export')]);
const file = await download.path();
console.log(`export of the whole book as CSV from the panel: ${((performance.now() - t) / 1000).toFixed(1)} s, ${((await stat(file)).size / 1e6).toFixed(1)} MB; ${exported.pop() ?? 'no account from the worker'}`);
// The part of it that is IndexedDB's: every lead read back in a page of the extension's origin.
const read = await panel.evaluate(() => new Promise((resolve, reject) => {
  const t0 = performance.now();
  const open = indexedDB.open('leadlens');
  open.onerror = () => reject(open.error);
  open.onsuccess = () => {
    const get = open.result.transaction('leads').objectStore('leads').getAll();
    get.onsuccess = () => { resolve({ ms: performance.now() - t0, leads: get.result.length }); open.result.close(); };
    get.onerror = () => reject(get.error);
  };
}));
console.log(`of which reading ${read.leads} leads from IndexedDB (getAll, structured clone): ${read.ms.toFixed(0)} ms`);
await browser.close();
