// The test command: Rust tests (unit, seeds, HTML renderings), the build (wasm, page,
// extension), the JavaScript tests without a browser (tests/js: www/findings.js, the extension's
// messages, the front ends' independence from the core's words, the JSON contract against the
// CLI's and the wasm's output), then every browser test under tests/e2e (node:test files ending
// in .test.mjs).
import { execFileSync } from 'node:child_process';
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
// On a fresh clone (CI) there is nothing for incremental compilation to reuse, and writing its
// data made each of the crate's targets some 12% slower to compile; a second run keeps it.
// For every command from here on: the JavaScript tests' `cargo run` of the same build would
// otherwise compile it again (the setting is part of what cargo compares).
if (!existsSync(path.join(root, 'target/quick'))) process.env.CARGO_INCREMENTAL = '0';
run('cargo', ['test', '--profile', 'quick']);
run('node', [path.join(root, 'scripts/build.mjs')]);
const unit = testFiles('tests/js');
if (unit.length) run('node', ['--test', ...unit]);
// Browser tests run two files at a time (on 2 cores: 175 s one
// at a time, 132 s two at a time), except those named *.alone.test.mjs, which measure how the
// page answers under its own load and run by themselves afterwards.
const e2e = testFiles('tests/e2e');
const alone = e2e.filter((f) => f.endsWith('.alone.test.mjs'));
const together = e2e.filter((f) => !alone.includes(f));
if (together.length) run('node', ['--test', '--test-concurrency=2', ...together]);
if (alone.length) run('node', ['--test', '--test-concurrency=1', ...alone]);
