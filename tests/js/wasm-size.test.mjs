// The page's first load: the core's WebAssembly must stay within 300 KB gzipped (the
// developers' guide's budget). Runs after the build (scripts/test.mjs); when it fails, look for
// new monomorphised code first (src/sort.rs explains the largest case found so far).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, existsSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const wasm = path.join(root, 'dist/pkg/nianbao_bg.wasm');

test('the wasm is at most 300 KB gzipped', { skip: !existsSync(wasm) && 'dist/pkg not built (npm run build)' }, () => {
  const gz = gzipSync(readFileSync(wasm), { level: 9 }).length;
  assert.ok(gz <= 300 * 1024, `nianbao_bg.wasm is ${(gz / 1024).toFixed(1)} KB gzipped, over the 300 KB budget`);
});
