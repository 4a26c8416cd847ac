// The page's first load: the core's WebAssembly must stay within 300 KB gzipped (the
// developers' guide's budget). Runs after the build (scripts/test.mjs); when it fails, look for
// new monomorphised code first (src/sort.rs explains the largest case found so far).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, existsSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const wasm = path.join(root, 'dist/pkg/nianbao_bg.wasm');

test('the wasm is at most 300 KB gzipped', { skip: !existsSync(wasm) && 'dist/pkg not built (npm run build)' }, () => {
  const gz = gzipSync(readFileSync(wasm), { level: 9 }).length;
  assert.ok(gz <= 300 * 1024, `nianbao_bg.wasm is ${(gz / 1024).toFixed(1)} KB gzipped, over the 300 KB budget`);
});

// What keeps it there: the page's wasm carries each rule file's 「依据」 line, not its
// documentation (build.rs writes the lines' prefixes into it); the PDF module carries the whole
// text, for the help page (scripts/build-page.mjs).
test('the page\u2019s wasm has the rules\u2019 「依据」 lines, the PDF module their documentation', { skip: !existsSync(wasm) && 'dist/pkg not built (npm run build)' }, async () => {
  const load = async (dir, name) => {
    const glue = await import(pathToFileURL(path.join(root, 'dist', dir, `${name}.js`)).href);
    glue.initSync({ module: readFileSync(path.join(root, 'dist', dir, `${name}_bg.wasm`)) });
    return glue;
  };
  const rules = JSON.parse((await load('pkg', 'nianbao')).rules());
  const docs = JSON.parse((await load('pkg-pdf', 'nianbao_pdf')).ruleDocs());
  assert.ok(rules.length >= 40, `${rules.length} rules`);
  const s311 = rules.find((r) => r.code === 'S311');
  assert.equal(s311.basisLine, '国办公开办函〔2021〕30号；未识别到统计表格，统计表未核对');
  assert.equal(rules.find((r) => r.code === 'T101').basisLine, '国办公开办函〔2021〕30号 表三「收到和处理政府信息公开申请情况」');
  for (const r of rules) {
    assert.ok(r.basisLine.length > 0 && r.basisLine.length <= 90, r.code);
    if (r.code.startsWith('T')) continue; // the template's sum relations: their text is data
    assert.equal(r.basis, undefined, `${r.code}: the page's wasm has no documentation`);
    assert.ok(docs[r.code].startsWith(`${r.code} `) && docs[r.code].includes('Basis:'), `${r.code}: the PDF module has it`);
  }
});
