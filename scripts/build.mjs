// Builds everything a user runs: the wasm core (dist/pkg), then each front end's build step
// (scripts/build-*.mjs, each exporting `build()`), in a fixed order, saying what it does at each
// step. The wasm is rebuilt only when the core changed (src/, build.rs, Cargo.toml, Cargo.lock
// newer than dist/pkg), or always with --force.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// The core, and the PDF reader module build-wasm.sh makes after it.
const wasms = ['dist/pkg/nianbao_bg.wasm', 'dist/pkg-pdf/nianbao_pdf_bg.wasm'].map((f) => path.join(root, f));

/** The newest modification time under `p` (a file or a folder). */
function newest(p) {
  if (!existsSync(p)) return 0;
  const st = statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  return Math.max(st.mtimeMs, ...readdirSync(p).map((f) => newest(path.join(p, f))));
}

const coreTime = Math.max(...['src', 'build.rs', 'Cargo.toml', 'Cargo.lock', 'scripts/build-wasm.sh'].map((f) => newest(path.join(root, f))));
const t0 = Date.now();
if (process.argv.includes('--force') || wasms.some((w) => !existsSync(w) || statSync(w).mtimeMs < coreTime)) {
  console.log('build: [1/3] the core → WebAssembly (cargo, wasm-bindgen, wasm-opt; a minute or two the first time)…');
  execFileSync('bash', [path.join(root, 'scripts/build-wasm.sh')], { stdio: 'inherit', cwd: root });
} else {
  console.log('build: [1/3] the core → WebAssembly: dist/pkg is up to date (use --force to rebuild).');
}
const steps = [['build-page.mjs', 'the page (dist/index.html, dist/nianbao.html, dist/help.html)'], ['build-extension.mjs', 'the browser extension (dist/extension/, zips)']];
let i = 2;
for (const [step, what] of steps) {
  const file = path.join(root, 'scripts', step);
  if (existsSync(file)) {
    console.log(`build: [${i}/3] ${what}…`);
    const mod = await import(file);
    await mod.build();
  }
  i++;
}
console.log(`build: done in ${((Date.now() - t0) / 1000).toFixed(1)} s.`);
