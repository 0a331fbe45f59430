// Our microformats2 parser (Rust compiled to Wasm) against the npm `microformats-parser`, in one
// Node process, on the contact-relevant cases of the official test suite: same answers, and how
// long each takes. `node benches/mf2-compare.mjs` (it builds the Wasm with the bench exports).
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { fileURLToPath } from 'node:url';
import { mf2 } from 'microformats-parser';
import { buildBenchWasm, loadBenchWasm } from './matching-wasm.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
buildBenchWasm();
const { mf2_json } = await loadBenchWasm();
const suite = path.join(root, 'tests/fixtures/microformats');
const BASE_URL = 'http://example.com/';
const ROUNDS = Number(process.env.ROUNDS ?? 200);

const cases = [];
const walk = (dir) => {
  for (const name of readdirSync(dir).sort()) {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) walk(file);
    else if (name.endsWith('.html') && !name.startsWith('change-log')) {
      const expected = file.replace(/\.html$/, '.json');
      try { cases.push({ name: path.relative(suite, file), html: readFileSync(file, 'utf8'), expected: JSON.parse(readFileSync(expected, 'utf8')) }); } catch { /* no expected output */ }
    }
  }
};
walk(suite);

const ours = (html) => JSON.parse(mf2_json(html, BASE_URL));
const theirs = (html) => mf2(html, { baseUrl: BASE_URL });
let same = 0, oursRight = 0, theirsRight = 0;
const differ = [];
for (const c of cases) {
  const a = ours(c.html), b = theirs(c.html);
  if (isDeepStrictEqual(a, b)) same++; else differ.push(c.name);
  if (isDeepStrictEqual(a, c.expected)) oursRight++;
  if (isDeepStrictEqual(b, c.expected)) theirsRight++;
}
// Both warmed alike first: V8 optimises hot JavaScript and Wasm functions a while after they start.
const WARM_ROUNDS = Number(process.env.WARM_ROUNDS ?? 50);
const time = (parse) => {
  for (let r = 0; r < WARM_ROUNDS; r++) for (const c of cases) parse(c.html);
  const t0 = process.hrtime.bigint();
  for (let r = 0; r < ROUNDS; r++) for (const c of cases) parse(c.html);
  return Number(process.hrtime.bigint() - t0) / 1e6;
};
// Our figure includes the JSON round trip out of Wasm, so the two answer in the same form.
const msOurs = time(ours), msTheirs = time(theirs);
console.log(`cases: ${cases.length}; identical answers: ${same}/${cases.length}; matching the suite: ours ${oursRight}, microformats-parser ${theirsRight}`);
if (differ.length) console.log(`answers differ on: ${differ.join(', ')}`);
console.log(`${ROUNDS} rounds: ours ${msOurs.toFixed(0)} ms, microformats-parser ${msTheirs.toFixed(0)} ms, ${(msTheirs / msOurs).toFixed(1)}x`);
