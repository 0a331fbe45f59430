// Our matcher (Wasm) against fuse.js (npm) on the same synthetic book and the same noisy queries,
// in one Node process: time per query and how often each puts the right lead first.
// `node --max-old-space-size=12288 benches/matching-fuse.mjs` (fuse.js holds a million leads as JS
// objects); BENCH_LEADS (1 000 000) sizes the book, BENCH_FUSE_QUERIES (200) the sample of queries:
// fuse.js reads the whole book for every query, so a sample is all it can answer in minutes.
// Both start from the same raw strings: ours folds each query (names, phone parsing) in its time.
import Fuse from 'fuse.js';
import { buildBenchWasm, loadBenchWasm, env, summary, loadAverage, SEED } from './matching-wasm.mjs';

const N = env('BENCH_LEADS', 1_000_000);
const SAMPLE = env('BENCH_FUSE_QUERIES', 200);
/** The fields a person is searched by; title and city would only add noise. */
const KEYS = [{ name: 'name', weight: 3 }, 'email', 'phone', 'linkedin', 'company'];

if (!process.env.BENCH_NO_BUILD) buildBenchWasm();
const { BenchBook, BenchLeads } = await loadBenchWasm();
const now = () => Number(process.hrtime.bigint()) / 1e6;
console.log(`load average before: ${loadAverage()}`);

let t = now();
const leads = [];
const generator = new BenchLeads(N, SEED);
for (let chunk = JSON.parse(generator.next_json(50_000)); chunk.length; chunk = JSON.parse(generator.next_json(50_000))) {
  for (const lead of chunk) leads.push(lead);
}
generator.free();
console.log(`${N} leads generated for fuse.js in ${((now() - t) / 1000).toFixed(1)} s`);

t = now();
const book = BenchBook.build(N, SEED);
const oursBuild = now() - t;
t = now();
const fuse = new Fuse(leads, { keys: KEYS, includeScore: true, ignoreLocation: true, ignoreDiacritics: true });
const fuseBuild = now() - t;
console.log(`build: ours ${(oursBuild / 1000).toFixed(1)} s (keys, weights learnt), fuse.js ${(fuseBuild / 1000).toFixed(1)} s (its index)`);

// A tenth more people than the book holds: queries for them have no right lead.
const count = book.make_queries(N + Math.floor(N / 10), SEED, Math.max(1, Math.floor((N * 1.1) / SAMPLE)));
/** fuse.js's logical query: any field the query has, each fuzzy. */
const fuseQuery = (q) => ({ $or: KEYS.map((k) => k.name ?? k).filter((k) => q[k]).map((k) => ({ [k]: q[k] })) });

const tally = () => ({ times: [], first: 0, answered: 0, wrongFirst: 0, matched: 0, wrongMatch: 0 });
const ours = tally(), theirs = tally();
let present = 0;
const count1 = (s, best, expected) => {
  if (best < 0) return;
  s.answered++;
  if (best === expected) s.first++; else s.wrongFirst++;
};
for (let i = 0; i < count; i++) {
  const expected = book.expected(i);
  present += expected >= 0 ? 1 : 0;
  t = now();
  const best = book.lookup(i, true);
  ours.times.push(now() - t);
  count1(ours, best, expected);
  if (book.last_matched()) { if (best === expected) ours.matched++; else ours.wrongMatch++; }
  const q = JSON.parse(book.query_json(i));
  t = now();
  const found = fuse.search(fuseQuery(q), { limit: 1 });
  theirs.times.push(now() - t);
  count1(theirs, found.length ? found[0].refIndex : -1, expected);
  if ((i + 1) % 25 === 0) console.error(`${i + 1}/${count} queries`);
}

const line = (name, s) => `${name}: ${summary(s.times)}; right lead first ${s.first}/${present} (recall@1 ${(s.first / present).toFixed(4)}), `
  + `answered ${s.answered}/${count}, precision of the first answer ${(s.first / Math.max(1, s.answered)).toFixed(4)}`;
console.log(`${count} queries (${present} of leads in the book, ${count - present} of people who are not), same in both:`);
console.log(line('ours   ', ours));
console.log(`         decided matches only: ${ours.matched} right, ${ours.wrongMatch} wrong (precision ${(ours.matched / Math.max(1, ours.matched + ours.wrongMatch)).toFixed(4)}, recall ${(ours.matched / present).toFixed(4)}); the rest offered to the rep or new`);
console.log(line('fuse.js', theirs));
const mean = (s) => s.times.reduce((a, b) => a + b, 0) / s.times.length;
const median = (s) => [...s.times].sort((a, b) => a - b)[Math.floor(s.times.length / 2)];
console.log(`ours is ${(mean(theirs) / mean(ours)).toFixed(0)}x faster by mean time per query, ${(median(theirs) / median(ours)).toFixed(0)}x by median`);
console.log(`load average after: ${loadAverage()}`);
book.free();
