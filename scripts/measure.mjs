// Prints the page's numbers: wasm size (raw, gzipped) and, per seed, the time from paste to
// highlights in headless Chromium (Debian's, via playwright-core):
//   cold   — a fresh browser, page opened with ?lazy so nothing is instantiated before the
//            paste: the time includes fetching, compiling and instantiating the wasm;
//   first  — a page loaded normally (it instantiates and warms up while idle), first paste;
//   after  — the median of 5 further pastes of the same seed on that page.
// "Paste to highlights" = from the paste event reaching the page's handler to the highlighted
// report being in the DOM (the page's own performance.now() marks); "paint" is until the task
// after the next animation frame (the frame that shows it), also measured in the page.
// Usage: node scripts/measure.mjs   (after `npm run build`)
import { readFileSync, existsSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium, startServer, paste, waitChecked, seedPaths, textReportToHtml } from '../tests/e2e/helpers.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const wasmFile = path.join(root, 'dist/pkg/nianbao_bg.wasm');
if (!existsSync(wasmFile)) {
  console.error('dist/pkg/nianbao_bg.wasm missing: run `npm run build` first');
  process.exit(1);
}
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
const wasm = readFileSync(wasmFile);
const gz = gzipSync(wasm, { level: 9 }).length;
console.log(`wasm  dist/pkg/nianbao_bg.wasm: raw ${kb(wasm.length)}, gzip -9 ${kb(gz)} (target ≤ 300 KB gzipped: ${gz <= 300 * 1024 ? 'met' : 'NOT met'})`);
const single = path.join(root, 'dist/nianbao.html');
if (existsSync(single)) {
  const s = readFileSync(single);
  console.log(`page  dist/nianbao.html (single file): ${kb(s.length)}, gzip ${kb(gzipSync(s, { level: 9 }).length)}`);
}

const inputs = seedPaths().map((p) => ({ name: path.basename(p).slice(0, 3), data: { text: readFileSync(p, 'utf8') } }));
const s004 = seedPaths().find((p) => path.basename(p).startsWith('004'));
if (s004) inputs.push({ name: '004 as HTML', data: { html: textReportToHtml(readFileSync(s004, 'utf8')) } });
if (!inputs.length) {
  console.log('no seeds found (shared/seeds): no timings');
  process.exit(0);
}

const server = await startServer();
const fmt = (x) => (x == null ? '-' : x.toFixed(1).padStart(6));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Pastes and returns the page's timing of it. */
async function timedPaste(page, data, n) {
  await paste(page, data);
  await waitChecked(page, n);
  await page.waitForFunction(() => window.nianbao.stats.timings.at(-1).paintMs != null);
  return page.evaluate(() => window.nianbao.stats.timings.at(-1));
}

const rows = [];
try {
  for (const input of inputs) {
    // Cold: a fresh browser (no compiled-code cache), nothing instantiated before the paste.
    const cold = await launchChromium();
    await cold.page.goto(`${server.url}?lazy`);
    await cold.page.waitForFunction(() => window.nianbao);
    const c = await timedPaste(cold.page, input.data, 1);
    await cold.close();

    // Normal load: wait until the page has instantiated and warmed up, then paste 6 times.
    const warm = await launchChromium();
    await warm.page.goto(server.url);
    await warm.page.waitForFunction(() => window.nianbao && window.nianbao.warmedUp(), null, { timeout: 30000 });
    const first = await timedPaste(warm.page, input.data, 1);
    const after = [];
    for (let i = 2; i <= 6; i++) after.push(await timedPaste(warm.page, input.data, i));
    await warm.close();
    rows.push({ name: input.name, c, first, after });
  }
} finally {
  await server.close();
}

console.log('\npaste → highlights in headless Chromium, ms ("hl" = highlights in the DOM; "paint" = the frame showing them)');
console.log('input        | cold, incl. wasm fetch+compile+instantiate | first paste after load  | after (median of 5)');
console.log('             |     hl  (wasm init,  check)  paint         |     hl  (check)  paint  |     hl  (check)  paint');
for (const { name, c, first, after } of rows) {
  const m = (k) => median(after.map((t) => t[k]));
  console.log(
    `${name.padEnd(12)} | ${fmt(c.highlightMs)} (${fmt(c.wasmInitMs)}, ${fmt(c.checkMs)}) ${fmt(c.paintMs)}         | ${fmt(first.highlightMs)} (${fmt(first.checkMs)}) ${fmt(first.paintMs)} | ${fmt(m('highlightMs'))} (${fmt(m('checkMs'))}) ${fmt(m('paintMs'))}`,
  );
}
console.log('\ntargets: ≤ 50 ms for the first paste including wasm instantiation, ≤ 5 ms after.');
