// Measures the extension's click → marks time on a 400 KB government page (the 四方台区 report
// inside a long portal page: navigation, link lists, a long footer), cold and warm, and prints
// medians. Not a test (npm test does not run it); run after a build:
//
//   node tests/e2e/extension-measure.mjs [--rounds N] [--cold N]
//   NIANBAO_EXTENSION_DIR=/path/to/other/build node tests/e2e/extension-measure.mjs
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
import { inLayer, startServer, launchWithExtension, clickAction, readPanel, waitForNoHost, extensionDir, pagesDir } from './extension-helpers.mjs';

const arg = (name, dflt) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const ROUNDS = arg('--rounds', 10);
const COLD = arg('--cold', 5);

/** The 四方台区 page grown to ~400 KB with portal chrome around the report. */
function bigPage() {
  const base = readFileSync(path.join(pagesDir, 'sifangtai-2024.html'), 'utf8');
  // Distinct link texts (a list of the same few texts would make the core report duplicated
  // sentences by the hundred, which is another measurement).
  const orgs = ['区发改局', '区教育局', '区民政局', '区财政局', '区人社局', '区住建局', '区交通局', '区水务局', '区农业农村局', '区商务局', '区文旅局', '区卫健委', '区应急局'];
  const acts = ['召开', '部署', '推进', '开展', '组织', '举办', '启动', '完成', '深化', '落实', '总结'];
  const topics = ['春耕备耕', '安全生产', '延时服务', '冬季供暖', '就业援助', '营商环境', '河道治理', '校园安全', '食品抽检', '消防演练', '防汛备汛', '文明创建', '乡村振兴', '养老服务', '医保宣传', '普法宣传', '招商引资', '项目建设', '环境整治', '森林防火', '社区治理', '信访接待', '燃气安全', '交通整治', '垃圾分类', '体育健身', '文化惠民', '科技创新', '人才引进'];
  const title = (i) => `${orgs[i % 13]}${acts[Math.floor(i / 13) % 11]}${topics[Math.floor(i / 143) % 29]}工作`;
  const item = (i) => `<li><a href="#n${i}">${title(i)}</a><span class="date">2024-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')}</span></li>`;
  let side = '<div class="side"><h3>政务公开</h3><ul>';
  let i = 0;
  while (Buffer.byteLength(base) + Buffer.byteLength(side) < 400 * 1024 - 200) side += item(i++);
  side += '</ul></div>';
  return base.replace('<div class="foot">', `${side}\n<div class="foot">`);
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor((s.length - 1) / 2)] : NaN;
};

async function once(ext, page) {
  const n = await page.evaluate(() => document.documentElement.children.length);
  const t0 = performance.now();
  await clickAction(ext, page);
  await page.waitForFunction((n) => document.documentElement.children.length > n, n, { polling: 'raf', timeout: 30000 });
  const wall = performance.now() - t0;
  let last = null;
  for (let i = 0; i < 100 && !(last && last.action === 'checked' && last.url === page.url()); i++) {
    last = await ext.worker.evaluate(() => globalThis.nianbao.last ?? null);
    if (!(last && last.action === 'checked')) await new Promise((r) => setTimeout(r, 20));
  }
  const panel = await readPanel(page);
  const parts = await inLayer(page, function () { return this.querySelector('.panel')?.dataset.markParts ?? ''; });
  if (process.env.VERBOSE) console.log(`  mark parts (place, activate, panel): ${parts}`);
  return { wall, worker: last?.ms ?? NaN, mark: panel?.timing.mark ?? NaN, check: panel?.timing.check ?? NaN, collect: panel?.timing.collect ?? NaN };
}

async function clear(ext, page) {
  await clickAction(ext, page);
  await waitForNoHost(page);
}

const html = bigPage();
const server = await startServer({ extra: { 'big-400k.html': html } });
console.log(`extension: ${extensionDir}`);
console.log(`page: ${(Buffer.byteLength(html) / 1024).toFixed(0)} KB; load average ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}; ${os.cpus().length} CPUs`);

const cold = [];
for (let r = 0; r < COLD; r++) {
  const ext = await launchWithExtension();
  const page = await ext.context.newPage();
  await page.goto(`${server.base}big-400k.html?cold=${r}`, { waitUntil: 'load' });
  await new Promise((res) => setTimeout(res, 1000));
  cold.push(await once(ext, page));
  await ext.close();
}

const warm = [];
const asleep = [];
{
  const ext = await launchWithExtension();
  const page = await ext.context.newPage();
  await page.goto(`${server.base}big-400k.html?warm`, { waitUntil: 'load' });
  await new Promise((res) => setTimeout(res, 1000));
  await once(ext, page);
  await clear(ext, page);
  for (let r = 0; r < ROUNDS; r++) {
    warm.push(await once(ext, page));
    await clear(ext, page);
  }
  for (let r = 0; r < COLD; r++) {
    const { targetInfos } = await ext.browserSession.send('Target.getTargets');
    const sw = targetInfos.find((x) => x.type === 'service_worker' && x.url.startsWith(`chrome-extension://${ext.extensionId}/`));
    if (sw) await ext.browserSession.send('Target.closeTarget', { targetId: sw.targetId }).catch(() => {});
    await new Promise((res) => setTimeout(res, 500));
    const n = await page.evaluate(() => document.documentElement.children.length);
    const t0 = performance.now();
    await clickAction(ext, page);
    await page.waitForFunction((n) => document.documentElement.children.length > n, n, { polling: 'raf', timeout: 30000 });
    const wall = performance.now() - t0;
    const panel = await readPanel(page);
    asleep.push({ wall, worker: NaN, mark: panel?.timing.mark ?? NaN, check: panel?.timing.check ?? NaN, collect: panel?.timing.collect ?? NaN });
    await clear(ext, page);
  }
  await ext.close();
}
await server.close();

const row = (name, xs) => {
  const f = (k) => String(Math.round(median(xs.map((x) => x[k])))).padStart(5);
  return `${name.padEnd(6)} n=${String(xs.length).padEnd(3)} wall ${f('wall')} ms   worker ${f('worker')} ms   (in page: inject+walk ${f('collect')}, check ${f('check')}, mark ${f('mark')} ms)`;
};
console.log('medians:');
console.log(row('cold', cold));
console.log(row('warm', warm));
console.log(row('asleep', asleep));
console.log(`load average after: ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}`);
