// The test command: Rust tests (unit, seeds, HTML renderings), the build (wasm, page,
// extension), the JavaScript tests without a browser (tests/js: www/findings.js, the extension's
// messages, the front ends' independence from the core's words, the JSON contract against the
// CLI's and the wasm's output), then every browser test under tests/e2e (node:test files ending
// in .test.mjs).
import { execFileSync, spawn } from 'node:child_process';
import { readdirSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const run = (cmd, args) => execFileSync(cmd, args, { stdio: 'inherit', cwd: root });
const testFiles = (dir) => {
  const d = path.join(root, dir);
  return existsSync(d) ? readdirSync(d).filter((f) => f.endsWith('.test.mjs')).sort().map((f) => path.join(d, f)) : [];
};

// The Rust tests run under the `quick` profile (release optimisation without the whole-program
// LTO that made every test binary link for minutes; see Cargo.toml). The CLI they build
// (target/quick/nianbao) is the one the JavaScript and browser tests run: a second, LTO build of
// the same code for them cost a quarter of the test command's time.
// The page's build (both wasm modules, the page, the extension) runs beside the Rust tests: it
// has a target directory of its own (scripts/build-wasm.sh), and each build has long stretches
// on one core (the wasm modules' whole-crate optimisation, linking the test binaries) that the
// other fills. Its output is printed as it comes, each line marked.
const build = new Promise((resolve, reject) => {
  const child = spawn('node', [path.join(root, 'scripts/build.mjs')], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  for (const stream of [child.stdout, child.stderr]) {
    let rest = '';
    stream.on('data', (chunk) => {
      const lines = (rest + chunk).split('\n');
      rest = lines.pop();
      for (const line of lines) process.stdout.write(`[build] ${line}\n`);
    });
    stream.on('end', () => rest && process.stdout.write(`[build] ${rest}\n`));
  }
  child.on('error', reject);
  child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`scripts/build.mjs exited with ${code}`))));
});
// A failing build is reported after the Rust tests, not as an unhandled rejection before.
build.catch(() => {});
try {
  run('cargo', ['test', '--profile', 'quick']);
} finally {
  await build.catch((e) => {
    console.error(e.message);
    process.exit(1);
  });
}
const unit = testFiles('tests/js');
if (unit.length) run('node', ['--test', ...unit]);
const e2e = testFiles('tests/e2e');
if (e2e.length) run('node', ['--test', '--test-concurrency=1', ...e2e]);
