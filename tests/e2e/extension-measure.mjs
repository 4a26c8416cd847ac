// Measures the extension's click → marks time on a 400 KB government page (the 四方台区 report
// inside a long portal page: navigation, link lists, a long footer), cold and warm, and prints
// medians. Not a test (npm test does not run it); run after a build:
//
//   node tests/e2e/extension-measure.mjs [--rounds N] [--cold N] [--compare OTHER_BUILD_DIR]
//   NIANBAO_EXTENSION_DIR=/path/to/build node tests/e2e/extension-measure.mjs
//
// cold: a fresh browser (new profile) per round; the page is opened, then the button pressed
//       about a second later, as a person would — the first check of the browser's session.
// warm: the same browser, the button pressed again and again (each check then cleared).
// asleep: the same browser after the extension's worker was stopped (as Chromium stops an idle
//       worker after 30 s): the click wakes it, and it has to compile the core first.
// Times: `wall` from the button press (DevTools Extensions.triggerAction) to the host being in
// the page (polled every animation frame); `worker` the click handler's own time from the
// click to the content script's answer that the marks and the panel are drawn; `mark` the
// content script's marking step (panel's data-mark-ms).
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pace, seen, inLayer, startServer, launchWithExtension, clickAction, readPanel, waitForNoHost, extensionDir, pagesDir } from './extension-helpers.mjs';

const arg = (name, dflt) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const ROUNDS = arg('--rounds', 10);
const COLD = arg('--cold', 5);

/** The 四方台区 page grown to ~400 KB the way portal pages are: a large inline script (the
 *  site's menu tree as JSON, as CMSs inline it) and an inline SVG icon sprite, next to the
 *  report. (Padding with text measures the core's prose rules instead: a block of thousands of
 *  short links, or thousands of distinct link sentences, takes the core 0.27–0.48 s natively
 *  against 0.02 s for this page — reported to the core.) */
function bigPage() {
  const base = readFileSync(path.join(pagesDir, 'sifangtai-2024.html'), 'utf8');
  const path1 = 'M12 2C6.48 2 2 6.48 2 12s4.48 10 10 10 10-4.48 10-10S17.52 2 12 2zm0 18c-4.41 0-8-3.59-8-8s3.59-8 8-8 8 3.59 8 8-3.59 8-8 8z';
  let sprite = '<svg xmlns="http://www.w3.org/2000/svg" style="display:none">';
  for (let i = 0; i < 400; i++) sprite += `<symbol id="i${i}" viewBox="0 0 24 24"><path d="${path1}"/><path d="M${i % 24} 7h2v6h-2z"/></symbol>`;
  sprite += '</svg>';
  const menu = [];
  const size = () => Buffer.byteLength(base) + Buffer.byteLength(sprite) + Buffer.byteLength(JSON.stringify(menu)) + 60;
  for (let i = 0; size() < 400 * 1024; i++) menu.push({ id: i, name: `栏目${i}`, url: `/col/col${1000 + i}/index.html`, pid: Math.floor(i / 12), icon: `i${i % 40}`, target: '_self', visible: i % 7 !== 0 });
  const script = `<script>window.__SITE_MENU__ = ${JSON.stringify(menu)};</script>`;
  return base.replace('<div class="foot">', `${sprite}\n<div class="foot">`).replace('</head>', `${script}\n</head>`);
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor((s.length - 1) / 2)] : NaN;
};

async function once(ext, page) {
  const n = await page.evaluate(() => document.documentElement.children.length);
  // A person's pace between presses first (see `pace`), outside the time measured.
  await pace(page);
  const t0 = performance.now();
  await clickAction(ext, page, { double: true });
  await page.waitForFunction((n) => document.documentElement.children.length > n, n, { polling: 'raf', timeout: 30000 });
  const wall = performance.now() - t0;
  seen(page);
  let last = null;
  for (let i = 0; i < 100 && !(last && last.action === 'checked' && last.url === page.url()); i++) {
    last = await ext.worker.evaluate(() => globalThis.nianbao.last ?? null);
    if (!(last && last.action === 'checked')) await new Promise((r) => setTimeout(r, 20));
  }
  const panel = await readPanel(page);
  const parts = await inLayer(page, function () { return this.querySelector('.panel')?.dataset.markParts ?? ''; });
  if (process.env.VERBOSE) console.log(`  mark parts (place, activate, panel): ${parts}`);
  return { wall, worker: last?.ms ?? NaN, mark: panel?.timing.mark ?? NaN, check: panel?.timing.check ?? NaN, collect: panel?.timing.collect ?? NaN, walk: panel?.timing.walk ?? NaN };
}

async function clear(ext, page) {
  await clickAction(ext, page);
  await waitForNoHost(page).catch(async (e) => {
    throw new Error(`${e.message} (${ext.worker.url()}): the click did ${JSON.stringify(await ext.worker.evaluate(() => globalThis.nianbao.last).catch((x) => String(x)))}`);
  });
}

const html = bigPage();
const server = await startServer({ extra: { 'big-400k.html': html } });
// Builds to measure: the one under test, and with --compare DIR another, measured in turns
// (cold launches alternate, warm clicks alternate between two open browsers) so that both see
// the same load on a shared machine.
const ci = process.argv.indexOf('--compare');
const builds = [{ name: 'this', dir: extensionDir }, ...(ci > 0 ? [{ name: 'compare', dir: path.resolve(process.argv[ci + 1]) }] : [])];
for (const b of builds) console.log(`${b.name}: ${b.dir}`);
console.log(`page: ${(Buffer.byteLength(html) / 1024).toFixed(0)} KB; load average ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}; ${os.cpus().length} CPUs`);
const results = Object.fromEntries(builds.map((b) => [b.name, { cold: [], warm: [], asleep: [] }]));

for (let r = 0; r < COLD; r++) {
  for (const b of builds) {
    const ext = await launchWithExtension({ dir: b.dir });
    const page = await ext.context.newPage();
    await page.goto(`${server.base}big-400k.html?cold=${r}`, { waitUntil: 'load' });
    await new Promise((res) => setTimeout(res, 1000));
    results[b.name].cold.push(await once(ext, page));
    await ext.close();
  }
}

const open = [];
for (const b of builds) {
  const ext = await launchWithExtension({ dir: b.dir });
  const page = await ext.context.newPage();
  await page.goto(`${server.base}big-400k.html?warm`, { waitUntil: 'load' });
  await new Promise((res) => setTimeout(res, 1000));
  await once(ext, page);
  await clear(ext, page);
  open.push({ b, ext, page });
}
for (let r = 0; r < ROUNDS; r++) {
  for (const { b, ext, page } of open) {
    results[b.name].warm.push(await once(ext, page));
    await clear(ext, page);
  }
}
for (let r = 0; r < COLD; r++) {
  for (const { b, ext, page } of open) {
    const { targetInfos } = await ext.browserSession.send('Target.getTargets');
    const sw = targetInfos.find((x) => x.type === 'service_worker' && x.url.startsWith(`chrome-extension://${ext.extensionId}/`));
    if (sw) await ext.browserSession.send('Target.closeTarget', { targetId: sw.targetId }).catch(() => {});
    await new Promise((res) => setTimeout(res, 500));
    const n = await page.evaluate(() => document.documentElement.children.length);
    const t0 = performance.now();
    await clickAction(ext, page);
    await page.waitForFunction((n) => document.documentElement.children.length > n, n, { polling: 'raf', timeout: 30000 });
    const wall = performance.now() - t0;
    seen(page);
    const panel = await readPanel(page);
    results[b.name].asleep.push({ wall, worker: NaN, mark: panel?.timing.mark ?? NaN, check: panel?.timing.check ?? NaN, collect: panel?.timing.collect ?? NaN, walk: panel?.timing.walk ?? NaN });
    await clear(ext, page);
  }
}
for (const { ext } of open) await ext.close();
await server.close();

const row = (name, xs) => {
  const f = (k) => String(Math.round(median(xs.map((x) => x[k])))).padStart(5);
  return `  ${name.padEnd(6)} n=${String(xs.length).padEnd(3)} wall ${f('wall')} ms   worker ${f('worker')} ms   (inject+walk ${f('collect')} [walk ${f('walk')}], check ${f('check')}, mark ${f('mark')} ms)`;
};
console.log('medians:');
for (const b of builds) {
  console.log(`${b.name} (${b.dir})`);
  for (const k of ['cold', 'warm', 'asleep']) console.log(row(k, results[b.name][k]));
}
console.log(`load average after: ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}`);
