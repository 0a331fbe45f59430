// Shared by the benches in Wasm (matching-browser.mjs, matching-fuse.mjs, browser.mjs,
// mf2-compare.mjs): the Wasm build with the bench exports (`--features bench`, which the
// extension's build never has), and how timings are summed up.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** Apart from pkg/, so that the extension's own bindings are never the bench's. */
export const pkgDir = path.join(root, 'target/bench-pkg');
export const SEED = 42n;

export function env(name, fallback) {
  return Number((process.env[name] ?? String(fallback)).replaceAll('_', ''));
}

/** Builds the bench's Wasm and bindings into `pkgDir`. */
export function buildBenchWasm() {
  execFileSync('cargo', ['build', '--release', '--target', 'wasm32-unknown-unknown', '--lib', '--features', 'bench'], { cwd: root, stdio: 'inherit' });
  execFileSync('wasm-bindgen', ['--target', 'web', '--no-typescript', '--out-dir', pkgDir, path.join(root, 'target/wasm32-unknown-unknown/release/leadlens.wasm')], { cwd: root, stdio: 'inherit' });
  return pkgDir;
}

/** The bench's bindings, started in this Node process. */
export async function loadBenchWasm() {
  const bindings = await import(path.join(pkgDir, 'leadlens.js'));
  bindings.initSync({ module: readFileSync(path.join(pkgDir, 'leadlens_bg.wasm')) });
  return bindings;
}

/** p50, p99 and mean of times in milliseconds, printed in microseconds. */
export function summary(times) {
  const s = [...times].sort((a, b) => a - b);
  const q = (p) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
  const us = (ms) => `${(ms * 1000).toFixed(1)} µs`;
  return `p50 ${us(q(0.5))}, p99 ${us(q(0.99))}, max ${us(s.at(-1))}, mean ${us(s.reduce((a, b) => a + b, 0) / s.length)} (n=${s.length})`;
}

export function loadAverage() {
  try { return readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' '); } catch { return 'unknown'; }
}
