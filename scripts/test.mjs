// The test command: Rust tests (unit, seeds, HTML renderings), the wasm build, then every
// browser test under tests/e2e (node:test files ending in .test.mjs).
import { execFileSync } from 'node:child_process';
import { readdirSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const run = (cmd, args) => execFileSync(cmd, args, { stdio: 'inherit', cwd: root });

run('cargo', ['test', '--release']);
run('node', [path.join(root, 'scripts/build.mjs')]);
const e2e = path.join(root, 'tests/e2e');
const files = existsSync(e2e) ? readdirSync(e2e).filter((f) => f.endsWith('.test.mjs')).map((f) => path.join(e2e, f)) : [];
if (files.length) run('node', ['--test', '--test-concurrency=1', ...files]);
