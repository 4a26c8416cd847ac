// Prints the page's numbers: wasm size (raw, gzipped) and, per seed, the time from paste to
// highlights in headless Chromium (Debian's, via playwright-core):
//   lazy  — a fresh browser, page opened with ?lazy so nothing is done before the paste: the
//           time includes fetching, compiling and instantiating the wasm and its first run;
//   cold  — a fresh browser, page opened with ?cold: the module is fetched and compiled at load
//           (WebAssembly.compileStreaming), the paste (after the compile finished) instantiates
//           it and runs it for the first time — no warm-up, nothing of the core has run;
//   first — a page loaded normally (it instantiates and warms up while idle), first paste;
//   after — the median of 5 further pastes of the same seed on that page.
// lazy and cold are the median of RUNS fresh browsers (default 3; NIANBAO_RUNS to change);
// after is the median of NIANBAO_PASTES further pastes (default 5). NIANBAO_INPUTS=name,name
// measures only those inputs (e.g. NIANBAO_INPUTS='004 as HTML'); NIANBAO_RUNS=0 leaves out
// lazy and cold. The warm pastes' phases follow the table (min and median of each).
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
if (process.env.NIANBAO_INPUTS) {
  const only = process.env.NIANBAO_INPUTS.split(',').map((x) => x.trim());
  inputs.splice(0, inputs.length, ...inputs.filter((i) => only.includes(i.name)));
}
if (!inputs.length) {
  console.error('no seeds found (tests/fixtures/seeds)');
  process.exit(1);
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

const RUNS = Number(process.env.NIANBAO_RUNS ?? 3);
const PASTES = Number(process.env.NIANBAO_PASTES || 5);

/** A fresh browser on `query`, one paste; returns the page's timing of it. */
async function freshPaste(query, data, ready) {
  const b = await launchChromium();
  try {
    await b.page.goto(`${server.url}${query}`);
    await b.page.waitForFunction(ready, null, { timeout: 30000 });
    return await timedPaste(b.page, data, 1);
  } finally {
    await b.close();
  }
}

const rows = [];
try {
  for (const input of inputs) {
    const lazy = [];
    const cold = [];
    for (let r = 0; r < RUNS; r++) {
      lazy.push(await freshPaste('?lazy', input.data, () => window.nianbao));
      cold.push(await freshPaste('?cold', input.data, () => window.nianbao && window.nianbao.stats.compileMs != null));
    }
    // Normal load: wait until the page has instantiated and warmed up, then paste 6 times.
    const warm = await launchChromium();
    await warm.page.goto(server.url);
    await warm.page.waitForFunction(() => window.nianbao && window.nianbao.warmedUp(), null, { timeout: 30000 });
    const first = await timedPaste(warm.page, input.data, 1);
    const after = [];
    for (let i = 2; i <= PASTES + 1; i++) after.push(await timedPaste(warm.page, input.data, i));
    await warm.close();
    rows.push({ name: input.name, lazy, cold, first, after });
  }
} finally {
  await server.close();
}

const med = (ts, k) => (ts.length ? median(ts.map((t) => t[k])) : null);
console.log(`\npaste → highlights in headless Chromium, ms ("hl" = highlights in the DOM; "paint" = the frame showing them); lazy/cold: median of ${RUNS} fresh browsers`);
console.log(`input        | lazy: nothing before the paste         | cold: compiled at load, paste instantiates | first paste after load | after (median of ${PASTES})`);
console.log('             |     hl (fetch+compile+inst, check) paint |     hl (  inst,  check) paint              |     hl (check) paint   |     hl (check) paint');
for (const { name, lazy, cold, first, after } of rows) {
  console.log(
    `${name.padEnd(12)} | ${fmt(med(lazy, 'highlightMs'))} (${fmt(med(lazy, 'wasmInitMs'))}, ${fmt(med(lazy, 'checkMs'))}) ${fmt(med(lazy, 'paintMs'))}     ` +
      `| ${fmt(med(cold, 'highlightMs'))} (${fmt(med(cold, 'instantiateMs'))}, ${fmt(med(cold, 'checkMs'))}) ${fmt(med(cold, 'paintMs'))}              ` +
      `| ${fmt(first.highlightMs)} (${fmt(first.checkMs)}) ${fmt(first.paintMs)} | ${fmt(med(after, 'highlightMs'))} (${fmt(med(after, 'checkMs'))}) ${fmt(med(after, 'paintMs'))}`,
  );
}
console.log(`\nwarm pastes, min / median of ${PASTES}, ms: paste → highlights = paste handler + sanitise + walk + check (${rows[0]?.after[0]?.where ?? '-'}) + JSON + display`);
const phase = (ts, k) => (ts[0]?.[k] == null ? '   -' : `${Math.min(...ts.map((t) => t[k])).toFixed(1)} / ${med(ts, k).toFixed(1)}`);
for (const { name, after } of rows) {
  console.log(`${name.padEnd(12)} | ${phase(after, 'highlightMs')} = ${['beforeMs', 'sanitizeMs', 'walkMs', 'checkMs', 'parseMs', 'displayMs'].map((k) => phase(after, k)).join(' + ')}`);
}
console.log('\ntargets: ≤ 50 ms for the first paste including wasm instantiation, ≤ 5 ms after.');
