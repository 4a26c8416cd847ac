// The clerk's experience in the extension (issue 14, extension side) and the batch check of a
// 年报 column (issue 13): compact panel in a 420 px window that never covers the cell it points
// at, dark theme, focus and keys (Esc, j/k, F8), 「复制问题清单」, CSV, the print view, 已核实 /
// 忽略 / 本规则不再提醒 kept across checks, the opt-in history, a visible message on pages the
// extension may not read, axe-core on the panel (light and dark), screenshots for the README
// (docs/screenshots/extension-*.png), and 「检查本栏目全部年报」 on a list page of three reports.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { root, startServer, launchWithExtension, clickAction, tabIdOf, waitForPanel, waitForNoHost, snapshot, readMarks, readPanel, clickInPanel, rectInLayer, watchErrors, inLayer, settled } from './extension-helpers.mjs';

const shots = path.join(root, 'docs/screenshots');
const AXE = readFileSync(path.join(root, 'node_modules/axe-core/axe.min.js'), 'utf8');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** A screenshot for the README; the panel's time (different on every run) is left out so the
 *  picture only changes when the panel does. */
async function screenshot(page, name) {
  await inLayer(page, function () { const ms = this.querySelector('.ms'); if (ms) ms.style.visibility = 'hidden'; });
  await page.screenshot({ path: path.join(shots, name) });
  await inLayer(page, function () { const ms = this.querySelector('.ms'); if (ms) ms.style.visibility = ''; });
}

let server;
let ext;
const allRequests = [];

before(async () => {
  // A 年报 column listing one body's reports of three years (the 平潭 renderings).
  const year = (y) => readFileSync(path.join(root, `tests/fixtures/layouts/html/corpus-${y}.html`), 'utf8');
  const links = [2025, 2024, 2023].map((y) => `<li><a href="pingtan-${y}.html">平潭综合实验区${y}年度政府信息公开工作年度报告</a></li>`).join('');
  const extra = {
    'pingtan-list.html': `<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>政府信息公开年报_平潭综合实验区</title></head><body><h1>政府信息公开年报</h1><ul>${links}</ul></body></html>`,
    ...Object.fromEntries([2023, 2024, 2025].map((y) => [`pingtan-${y}.html`, year(y)])),
    // The same column with two years published as attachments: 2024 as Word, 2023 as PDF.
    'pingtan-files.html': `<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>政府信息公开年报_平潭综合实验区</title></head><body><h1>政府信息公开年报</h1><ul>${[
      ['pingtan-2025.html', 2025],
      ['files/pingtan-2024.docx', 2024],
      ['files/pingtan-2023.pdf', 2023],
      ['files/pingtan-2022.pdf', 2022],
    ].map(([href, y]) => `<li><a href="${href}">平潭综合实验区${y}年度政府信息公开工作年度报告</a></li>`).join('')}</ul></body></html>`,
    'files/pingtan-2024.docx': { body: readFileSync(path.join(root, 'tests/fixtures/layouts/docx/corpus-2024.docx')), type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' },
    'files/pingtan-2023.pdf': { body: readFileSync(path.join(root, 'tests/fixtures/layouts/pdf/corpus-2023-a5.pdf')), type: 'application/pdf' },
    // Too big to send to the worker in one message: said in its row, not checked.
    'files/pingtan-2022.pdf': { body: Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(41 * 1048576)]), type: 'application/pdf' },
  };
  server = await startServer({ extra });
  ext = await launchWithExtension();
  ext.context.on('request', (r) => allRequests.push(r.url()));
  mkdirSync(shots, { recursive: true });
});

after(async () => {
  await ext?.close();
  await server?.close();
  const foreign = allRequests.filter((u) => !u.startsWith(server.base) && !u.startsWith(`chrome-extension://${ext.extensionId}/`) && !u.startsWith('chrome://'));
  assert.deepEqual(foreign, [], 'requests left the machine');
});

let opened = 0;
async function open(context, name) {
  const page = await context.newPage();
  const errors = await watchErrors(page);
  await page.goto(`${server.base}${name}?tab=${++opened}`, { waitUntil: 'load' });
  return { page, errors };
}

/** The extension's panel, copied into a page of its own (an open shadow root, same styles),
 *  checked by axe-core for WCAG 2.1 A/AA. The live panel's root is closed to every page
 *  script, axe included; the copy is its exact markup and stylesheet. */
async function axeOnPanel(context, page, colorScheme) {
  const markup = await inLayer(page, function () {
    const layer = this.querySelector('.layer');
    return layer.outerHTML;
  });
  const { width, height } = page.viewportSize();
  const copy = await context.newPage();
  await copy.setViewportSize({ width, height });
  await copy.emulateMedia({ colorScheme });
  await copy.setContent('<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>面板副本</title></head><body><main><p>页面内容</p></main><div id="host"></div></body></html>');
  await copy.evaluate((m) => {
    const r = document.getElementById('host').attachShadow({ mode: 'open' });
    r.innerHTML = m;
  }, markup);
  await copy.addScriptTag({ content: AXE });
  const result = await copy.evaluate(async () => {
    const r = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return { violations: r.violations.map((v) => ({ id: v.id, nodes: v.nodes.map((n) => n.target.join(' ')).slice(0, 5), help: v.help })), passes: r.passes.length };
  });
  await copy.close();
  return result;
}

test('wide window: the panel takes focus, j/k and F8 move between findings and focus the mark, Esc closes; axe-core finds no violation; screenshot', async (t) => {
  const { page, errors } = await open(ext.context, 'sifangtai-2024.html');
  const before = await snapshot(page);
  await page.evaluate(() => document.querySelector('a')?.focus());
  await clickAction(ext, page);
  assert.equal(await waitForPanel(page), 'report');
  const panel = await readPanel(page);
  assert.equal(panel.focused, 'panel', 'focus on open');
  assert.ok(!panel.classes.includes('compact'));
  await screenshot(page, 'extension-wide.png');

  // j: the first finding, its mark focused, described by the finding.
  await page.keyboard.press('j');
  const first = await inLayer(page, function () {
    const a = this.activeElement;
    const d = a && this.getElementById(a.getAttribute('aria-describedby'));
    return { role: a?.getAttribute('role'), label: a?.getAttribute('aria-label'), described: d?.textContent ?? '', current: this.querySelector('li.current')?.dataset.n };
  });
  assert.equal(first.role, 'img');
  assert.equal(first.current, '0');
  assert.ok(first.described.length > 5, JSON.stringify(first));
  const list = await inLayer(page, function () { return [...this.querySelectorAll('li[data-n] .item')].map((b) => b.textContent); });
  assert.ok(first.described.startsWith(list[0].replace(/^1\./, '').slice(0, 8)), `${first.described} / ${list[0]}`);
  t.diagnostic(`first mark: ${JSON.stringify(first)}`);
  // Keys pressed on the focused mark go on: j, F8 forward, k and Shift+F8 back.
  await page.keyboard.press('j');
  assert.equal(await inLayer(page, function () { return this.querySelector('li.current')?.dataset.n; }), '1');
  await page.keyboard.press('F8');
  assert.equal(await inLayer(page, function () { return this.querySelector('li.current')?.dataset.n; }), '2');
  await page.keyboard.press('Shift+F8');
  await page.keyboard.press('k');
  assert.equal(await inLayer(page, function () { return this.querySelector('li.current')?.dataset.n; }), '0');
  // The panel, copied, has no WCAG A/AA violation.
  const axe = await axeOnPanel(ext.context, page, 'light');
  assert.deepEqual(axe.violations, [], JSON.stringify(axe.violations, null, 1));
  assert.ok(axe.passes > 5);
  // Esc closes: the page as it was, focus back where it was.
  await page.keyboard.press('Escape');
  await waitForNoHost(page);
  assert.deepEqual(await snapshot(page), before);
  assert.equal(await page.evaluate(() => document.activeElement === document.querySelector('a')), true);
  assert.deepEqual(errors, []);
  await page.close();
});

test('420 px window: a compact panel docked below, never over the cell it points at; screenshot', async () => {
  const narrow = await launchWithExtension({ viewport: { width: 420, height: 780 } });
  try {
    const page = await narrow.context.newPage();
    const errors = await watchErrors(page);
    await page.goto(`${server.base}sifangtai-2024.html?narrow`, { waitUntil: 'load' });
    const before = await snapshot(page);
    await clickAction(narrow, page);
    assert.equal(await waitForPanel(page), 'report');
    const panel = await readPanel(page);
    assert.ok(panel.classes.includes('compact'), panel.classes.join());
    assert.ok(panel.rect.bottom >= 779 && panel.rect.height <= 780 * 0.46 + 1, JSON.stringify(panel.rect));
    await screenshot(page, 'extension-420.png');
    // Every finding's primary mark, revealed from the panel, is in view and not under it.
    const placed = await inLayer(page, function () { return [...this.querySelectorAll('li[data-n] .item[data-placed="1"]')].map((b) => b.dataset.n); });
    assert.ok(placed.length >= 4);
    for (const i of placed) {
      await clickInPanel(page, `li[data-n="${i}"] .item`);
      await sleep(150);
      const seen = await inLayer(page, function ({ i }) {
        const panel = this.querySelector('.panel');
        const p = panel.getBoundingClientRect();
        const box = this.querySelector('.box.flash') ?? [...this.querySelectorAll('.box')].find((b) => b.getAttribute('tabindex'));
        if (!box) return { i, none: true, collapsed: panel.classList.contains('collapsed') };
        const r = box.getBoundingClientRect();
        const covered = r.left < p.right && r.right > p.left && r.top < p.bottom && r.bottom > p.top;
        return { i, covered, inView: r.bottom > 0 && r.top < innerHeight, collapsed: panel.classList.contains('collapsed') };
      }, { i });
      if (seen.none) continue; // a prose finding: its text flashes, checked below
      assert.equal(seen.covered, false, JSON.stringify(seen));
      assert.equal(seen.inView, true, JSON.stringify(seen));
      // The panel folds only when it must; unfold it for the next one.
      if (seen.collapsed) await clickInPanel(page, 'button[value="collapse"]');
    }
    const axe = await axeOnPanel(narrow.context, page, 'light');
    assert.deepEqual(axe.violations, [], JSON.stringify(axe.violations, null, 1));
    await clickInPanel(page, 'button.clear');
    await waitForNoHost(page);
    assert.deepEqual(await snapshot(page), before);
    assert.deepEqual(errors, []);
  } finally {
    await narrow.close();
  }
});

test('dark theme: the panel follows prefers-color-scheme and passes axe-core; screenshot', async () => {
  const dark = await launchWithExtension({ colorScheme: 'dark' });
  try {
    const page = await dark.context.newPage();
    await page.goto(`${server.base}sifangtai-2024.html?dark`, { waitUntil: 'load' });
    await clickAction(dark, page);
    assert.equal(await waitForPanel(page), 'report');
    const bg = await inLayer(page, function () { return getComputedStyle(this.querySelector('.panel')).backgroundColor; });
    const [r, g, b] = bg.match(/\d+/g).map(Number);
    assert.ok(r + g + b < 200, `dark background: ${bg}`);
    await screenshot(page, 'extension-dark.png');
    const axe = await axeOnPanel(dark.context, page, 'dark');
    assert.deepEqual(axe.violations, [], JSON.stringify(axe.violations, null, 1));
  } finally {
    await dark.close();
  }
});

test('exports: 「复制问题清单」 (numbered text with places and fix lines), CSV (BOM, panel order, named after issuer and year), print view', async () => {
  const { page, errors } = await open(ext.context, 'sifangtai-2024.html');
  await ext.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.base.replace(/\/$/, '') });
  await clickAction(ext, page);
  assert.equal(await waitForPanel(page), 'report');
  const items = await inLayer(page, function () {
    return [...this.querySelectorAll('li[data-n]')].map((li) => ({ n: li.dataset.n, text: li.querySelector('.item').textContent, fixes: [...li.querySelectorAll('.fix')].map((f) => f.textContent), where: li.querySelector('.where')?.textContent ?? '' }));
  });
  assert.ok(items.length >= 4);

  await clickInPanel(page, 'button[value="copy"]');
  await page.waitForFunction(() => navigator.clipboard.readText().then((t) => t.length > 0), null, { timeout: 5000 }).catch(() => {});
  const text = await page.evaluate(() => navigator.clipboard.readText());
  const lines = text.split('\n');
  assert.equal(lines[0], '四方台区2024年政府信息公开工作年度报告（2024年度）');
  assert.match(lines[1], /^发现 \d+ 处/);
  const numbered = lines.filter((l) => /^\d+\. /.test(l));
  assert.equal(numbered.length, items.length, text);
  numbered.forEach((l, i) => assert.ok(l.startsWith(`${i + 1}. 〔`), l));
  // The finding with the fix line: its place, message, and the core's fix below it.
  const at = lines.findIndex((l) => l.includes('「四、结转下年度继续办理」行「自然人」列写作'));
  assert.ok(at > 0, text);
  assert.match(lines[at + 1], /^ {3}「收到和处理政府信息公开申请情况」表「四、结转下年度继续办理」行「自然人」列：写作「1」，应为0$/);
  assert.match((await readPanel(page)).status, /已复制问题清单/);

  const [download] = await Promise.all([page.waitForEvent('download'), clickInPanel(page, 'button[value="csv"]')]);
  assert.equal(download.suggestedFilename(), '四方台区2024年度年报检查结果.csv');
  const csv = readFileSync(await download.path(), 'utf8');
  assert.ok(csv.startsWith('\uFEFF序号,级别,代码,规则,位置,问题,改正,处理状态,报告\r\n'), csv.slice(0, 80));
  const rows = csv.slice(1).trim().split('\r\n').slice(1);
  assert.equal(rows.length, items.length);
  rows.forEach((r, i) => assert.ok(r.startsWith(`${i + 1},`), r));
  assert.ok(rows.some((r) => r.includes('「收到和处理政府信息公开申请情况」表「四、结转下年度继续办理」行「自然人」列：写作「1」，应为0')));
  assert.ok(rows.every((r) => !/\n|^\s|\s,/.test(r)), 'trimmed, one line each');

  const [print] = await Promise.all([ext.context.waitForEvent('page'), clickInPanel(page, 'button[value="print"]')]);
  await print.waitForLoadState();
  assert.match(print.url(), new RegExp(`^chrome-extension://${ext.extensionId}/print\\.html\\?id=`));
  await print.waitForFunction(() => document.getElementById('out').dataset.ready === '1');
  const printed = await print.evaluate(() => ({ title: document.title, rows: document.querySelectorAll('tbody tr').length, text: document.body.innerText }));
  assert.equal(printed.title, '四方台区2024年度年报检查结果');
  assert.equal(printed.rows, items.length);
  assert.match(printed.text, /写作「1」，应为0/);
  // The print view and the popup pass axe-core too (run through the DevTools protocol: the
  // extension pages' CSP allows no inline script).
  await print.evaluate(AXE);
  const printAxe = await print.evaluate(async () => (await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })).violations.map((v) => v.id));
  assert.deepEqual(printAxe, []);
  await print.close();
  await clickInPanel(page, 'button.clear');
  await waitForNoHost(page);
  assert.deepEqual(errors, []);
  await page.close();
});

test('已核实 / 忽略 / 本规则不再提醒: greyed with undo, counted apart in the summary and the badge, kept for the next check, carried into exports', async () => {
  const { page, errors } = await open(ext.context, 'sifangtai-2024.html');
  await clickAction(ext, page);
  assert.equal(await waitForPanel(page), 'report');
  const tabId = await tabIdOf(ext, page);
  const badge = () => ext.worker.evaluate((tabId) => Promise.all([chrome.action.getBadgeText({ tabId }), chrome.action.getTitle({ tabId })]), tabId);
  const [badge0] = await settled(badge, ([text]) => text !== '');
  const first = await inLayer(page, function () { const li = this.querySelector('li[data-n="0"]'); return { code: li.querySelector('.item').dataset.code, group: li.closest('.group').className }; });
  assert.match(first.group, /error/, 'the first finding is an error');

  await clickInPanel(page, 'li[data-n="0"] button[value="verify"]');
  let state = await inLayer(page, function () { const li = this.querySelector('li[data-n="0"]'); return { status: li.dataset.status, reviewed: li.classList.contains('reviewed'), undo: !!li.querySelector('button[value="undo"]'), summary: this.querySelector('.summary').textContent }; });
  assert.deepEqual([state.status, state.reviewed, state.undo], ['verified', true, true]);
  assert.match(state.summary, /（另：已核实 1 处）/);
  const [badge1, title1] = await settled(badge, ([text]) => Number(text) === Number(badge0) - 1);
  assert.equal(Number(badge1), Number(badge0) - 1);
  assert.match(title1, /已核实或忽略 1 处（另计）/);

  // Muting a rule greys every finding of it.
  const groups = await inLayer(page, function () { return [...this.querySelectorAll('.report .group')].map((g) => ({ code: g.dataset.code, n: g.querySelectorAll('li').length, first: g.querySelector('li').dataset.n })); });
  const info = groups.find((g) => g.code === 'V201');
  await clickInPanel(page, `li[data-n="${info.first}"] button[value="mute"]`);
  const muted = await inLayer(page, function ({ code }) { return [...this.querySelectorAll(`.group[data-code="${code}"] li`)].map((li) => li.dataset.status); }, { code: 'V201' });
  assert.deepEqual(muted, new Array(info.n).fill('muted'));

  // Exports carry the status.
  const [download] = await Promise.all([page.waitForEvent('download'), clickInPanel(page, 'button[value="csv"]')]);
  const csv = readFileSync(await download.path(), 'utf8');
  assert.match(csv.split('\r\n')[1], /,已核实,/);
  assert.ok(csv.includes(',不再提醒,'));

  // A new check of the page (or of a copy of the report elsewhere) keeps them.
  await clickInPanel(page, 'button.clear');
  await waitForNoHost(page);
  await page.reload({ waitUntil: 'load' });
  await clickAction(ext, page);
  assert.equal(await waitForPanel(page), 'report');
  state = await inLayer(page, function () { return { first: this.querySelector('li[data-n="0"]').dataset.status, muted: [...this.querySelectorAll('.group[data-code="V201"] li')].map((li) => li.dataset.status) }; });
  assert.equal(state.first, 'verified');
  assert.ok(state.muted.every((s) => s === 'muted'));
  // Undo both in one turn, so their two messages reach the worker together.
  await inLayer(page, function ({ first }) {
    this.querySelector('li[data-n="0"] button[value="undo"]').click();
    this.querySelector(`li[data-n="${first}"] button[value="unmute"]`).click();
  }, { first: info.first });
  state = await inLayer(page, function () { return { all: [...this.querySelectorAll('li[data-n]')].map((li) => li.dataset.status), summary: this.querySelector('.summary').textContent }; });
  assert.ok(state.all.every((s) => s === 'open'), state.all.join());
  assert.doesNotMatch(state.summary, /另：/);
  // Both undos were sent at once; the worker must apply them in turn, not let the second's write
  // bring back what the first removed.
  let stored;
  for (let i = 0; i < 40; i++) {
    stored = (await ext.worker.evaluate(() => chrome.storage.local.get('reviews'))).reviews;
    if (Object.keys(stored).length === 0) break;
    await sleep(50);
  }
  assert.deepEqual(stored, {});
  assert.equal((await settled(badge, ([text]) => text === badge0))[0], badge0);
  await clickInPanel(page, 'button.clear');
  await waitForNoHost(page);
  assert.deepEqual(errors, []);
  await page.close();
});

test('history: off by default; opted in, each check is kept on this machine, and can be cleared', async () => {
  const { page } = await open(ext.context, 'sifangtai-2024.html');
  await clickAction(ext, page);
  await waitForPanel(page);
  assert.deepEqual((await ext.worker.evaluate(() => chrome.storage.local.get('history'))).history ?? [], []);
  await inLayer(page, function () { this.querySelector('details.history').open = true; });
  const settings = () => ext.worker.evaluate(() => chrome.storage.local.get('settings'));
  const kept = () => ext.worker.evaluate(() => chrome.storage.local.get('history'));
  await clickInPanel(page, 'input[name="keep-history"]');
  assert.equal((await settled(settings, (v) => v.settings?.history === true)).settings.history, true);
  await clickAction(ext, page);
  await waitForNoHost(page);
  await clickAction(ext, page);
  await waitForPanel(page);
  const { history } = await settled(kept, (v) => v.history?.length > 0);
  assert.equal(history.length, 1);
  assert.equal(history[0].title, '四方台区2024年政府信息公开工作年度报告');
  assert.equal(history[0].year, 2024);
  await inLayer(page, function () { this.querySelector('details.history').open = true; });
  const listed = () => inLayer(page, function () { return this.querySelector('.history-list').textContent; });
  assert.match(await settled(listed, (t) => /四方台区2024年/.test(t)), /四方台区2024年/);
  await clickInPanel(page, 'button[value="clear-history"]');
  assert.deepEqual((await settled(kept, (v) => v.history?.length === 0)).history, []);
  await clickInPanel(page, 'input[name="keep-history"]');
  assert.equal((await settled(settings, (v) => v.settings?.history === false)).settings.history, false);
  await clickInPanel(page, 'button.clear');
  await page.close();
});

test('a page the extension may not read (chrome://version) gets a visible message, not silence', async () => {
  const page = await ext.context.newPage();
  await page.goto('chrome://version/');
  // The worker is not told this tab's address (no tabs permission): its result is the one after
  // the result before the press.
  const before = await ext.worker.evaluate(() => globalThis.nianbao.last?.id ?? null);
  await clickAction(ext, page);
  let last = null;
  for (let i = 0; i < 100 && (!last || last.id === before); i++) {
    await sleep(50);
    last = await ext.worker.evaluate(() => globalThis.nianbao.last ?? null);
  }
  assert.equal(last.action, 'unavailable');
  // Chromium's refusal says it is for good: no retry (they took 1.8 s).
  assert.equal(last.attempts, 1, last.reason);
  assert.match(last.message, /浏览器的内部页面/);
  const tabId = last.tabId;
  const [badge, title, popup] = await ext.worker.evaluate((tabId) => Promise.all([chrome.action.getBadgeText({ tabId }), chrome.action.getTitle({ tabId }), chrome.action.getPopup({ tabId })]), tabId);
  assert.equal(badge, '!');
  assert.match(title, /浏览器的内部页面/);
  assert.match(popup, /popup\.html\?text=/);
  // The popup page says it (opened here as a tab to read it).
  const shown = await ext.context.newPage();
  await shown.goto(popup);
  assert.match(await shown.textContent('#text'), /浏览器的内部页面或扩展商店/);
  await shown.evaluate(AXE);
  assert.deepEqual(await shown.evaluate(async () => (await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })).violations.map((v) => v.id)), []);
  await shown.close();
  await page.close();
});

/** On a 年报 column page: presses the button, waits for the batch offer, runs the batch and
 *  waits for its cross-year section: {batch: the offer's text, cross: {title, items}, rows: the
 *  table's cells}. */
async function columnBatch(page) {
  await clickAction(ext, page);
  await waitForPanel(page);
  let batch = null;
  for (let i = 0; i < 100 && !batch; i++) {
    batch = await inLayer(page, function () { const b = this.querySelector('.batch'); return b ? b.textContent : null; });
    if (!batch) await sleep(50);
  }
  assert.ok(batch, 'no batch offered');
  await clickInPanel(page, 'button[value="batch"]');
  let cross = null;
  for (let i = 0; i < 300 && !cross; i++) {
    cross = await inLayer(page, function () { const c = this.querySelector('.batch-result .cross-year'); return c ? { title: c.querySelector('h3').textContent, items: [...c.querySelectorAll('li')].map((li) => li.textContent) } : null; });
    if (!cross) await sleep(100);
  }
  assert.ok(cross, 'no cross-year section');
  const rows = await inLayer(page, function () { return [...this.querySelectorAll('.batch-result tbody tr')].map((tr) => [...tr.children].map((td) => td.textContent)); });
  return { batch, cross, rows };
}

/** 平潭's 2025 and 2024 reports each beside the year before (as `nianbao check` gives them,
 *  whether published as pages, Word or PDF files): 2025's 现行有效 exceeds 2024's (Y504), 2024's
 *  shrinks (Y505). */
function assertPingtanPairs(cross) {
  assert.equal(cross.title, '跨年度比对（2 对相邻年度）');
  assert.equal(cross.items.length, 2, cross.items.join('\n'));
  assert.match(cross.items[0], /^2025年度 \[Y504 警告\] 「行政规范性文件」：现行有效件数为546，多于2024年度报告的现行有效件数440/);
  assert.match(cross.items[1], /^2024年度 \[Y505 提示\]/);
}

test('「检查本栏目全部年报」 on one body\'s column: its years are compared (上年结转, 现行有效) and the cross-year findings listed', async () => {
  const { page, errors } = await open(ext.context, 'pingtan-list.html');
  const { batch, cross, rows } = await columnBatch(page);
  assert.match(batch, /检查本栏目全部年报（3 份）/);
  assertPingtanPairs(cross);
  assert.deepEqual(rows.map((r) => [r[1], r[3], r[4]]), [['2025', '1', '完成'], ['2024', '0', '完成'], ['2023', '0', '完成']]);
  await clickInPanel(page, 'button.clear');
  await waitForNoHost(page);
  assert.deepEqual(errors, []);
  await page.close();
});

test('「检查本栏目全部年报」 with attachments: a Word and a PDF report are read, checked and compared across years as the CLI does', async () => {
  const { page, errors } = await open(ext.context, 'pingtan-files.html');
  const { batch, cross, rows } = await columnBatch(page);
  assert.match(batch, /检查本栏目全部年报（4 份）/);
  // The same findings as when the three were pages, and as `nianbao check` gives the three
  // files together: 2025 beside 2024 (the .docx), 2024 beside 2023 (the PDF).
  assertPingtanPairs(cross);
  // `nianbao check` on the three files: 2025 1 warning (Y504), the .docx a note (Y505), the
  // PDF 1 error (P416).
  assert.deepEqual(rows, [
    ['平潭综合实验区2025年度政府信息公开工作年度报告', '2025', '0', '1', '完成'],
    ['平潭综合实验区2024年度政府信息公开工作年度报告', '2024', '0', '0', '完成'],
    ['平潭综合实验区2023年度政府信息公开工作年度报告', '2023', '1', '0', '完成'],
    ['平潭综合实验区2022年度政府信息公开工作年度报告', '2022', '', '', '未能检查：文件过大（41 MB），未检查；可下载后在检查页面中打开'],
  ]);
  await clickInPanel(page, 'button.open[data-i="2"]');
  const detail = await inLayer(page, function () { const d = this.querySelector('.batch-detail .report'); return d ? [...d.querySelectorAll('.group')].map((g) => `${g.dataset.code}: ${g.querySelector('li')?.textContent}`) : null; });
  assert.equal(detail?.length, 1, String(detail));
  assert.match(detail[0], /^P416: .*现行有效行政规范性文件393件.*470/);
  await clickInPanel(page, 'button.clear');
  await waitForNoHost(page);
  assert.deepEqual(errors, []);
  await page.close();
});

test('「检查本栏目全部年报」: a 年报 column page lists its three reports; the batch checks them (same site only) into a table; a row opens its findings', async () => {
  const { page, errors } = await open(ext.context, 'nianbao-list.html');
  await clickAction(ext, page);
  // (The core does not read the column's link list, so the page is no report to it; whatever
  // it says, the batch is offered.)
  assert.ok(['report', 'no-report'].includes(await waitForPanel(page)));
  // The core's title reading of the links arrives after the panel.
  let batch = null;
  for (let i = 0; i < 100 && !batch; i++) {
    batch = await inLayer(page, function () { const b = this.querySelector('.batch'); return b ? b.textContent : null; });
    if (!batch) await sleep(50);
  }
  assert.match(batch, /本页列出 4 份年度报告/);
  assert.match(batch, /检查本栏目全部年报（3 份）/);
  assert.match(batch, /另有 1 个链接指向其他网站，不检查/);
  const before = allRequests.length;
  await clickInPanel(page, 'button[value="batch"]');
  let rows = null;
  for (let i = 0; i < 200; i++) {
    rows = await inLayer(page, function () { return [...this.querySelectorAll('.batch-result tbody tr')].map((tr) => [...tr.children].map((td) => td.textContent)); });
    if (rows?.length === 3 && rows.every((r) => r[4] !== '等待' && r[4] !== '检查中')) break;
    await sleep(100);
  }
  assert.deepEqual(rows.map((r) => [r[0], r[1], r[4]]), [
    ['四方台区2024年政府信息公开工作年度报告', '2024', '完成'],
    ['湛河区轻工路街道办事处2024年政府信息公开工作年度报告', '2024', '完成'],
    ['福州市鼓楼区2024年政府信息公开工作年度报告', '2024', '完成'],
  ]);
  // The numbers are the single-page checks' numbers (the 四方台区 page, checked alone).
  const single = await open(ext.context, 'sifangtai-2024.html');
  await clickAction(ext, single.page);
  await waitForPanel(single.page);
  const summary = (await readPanel(single.page)).summaries[0];
  const [err, warn] = [/(\d+) 处错误/, /(\d+) 处警告/].map((re) => summary.match(re)?.[1] ?? '0');
  assert.deepEqual([rows[0][2], rows[0][3]], [err, warn], summary);
  await single.page.close();
  // Only this site's pages were fetched; the other site's link never was.
  const fetched = allRequests.slice(before).filter((u) => u.startsWith(server.base));
  for (const f of ['sifangtai-2024.html', 'zhanhe-2024-content.html', 'reports/001_e61fd02df59cf2b0.html']) assert.ok(fetched.some((u) => u.includes(f)), f);
  assert.ok(!allRequests.some((u) => u.includes('example.gov.cn')));
  // A row opens that report's findings.
  await clickInPanel(page, '.batch-result tbody tr[data-i="0"] button.open');
  const detail = await inLayer(page, function () { const d = this.querySelector('.batch-detail'); return { text: d.textContent, groups: [...d.querySelectorAll('.group')].map((g) => g.dataset.code), link: d.querySelector('a')?.href }; });
  assert.match(detail.text, /四方台区2024年政府信息公开工作年度报告/);
  assert.ok(detail.groups.includes('T101'), detail.groups.join());
  assert.match(detail.text, /写作「1」，应为0/);
  assert.ok(detail.link.endsWith('sifangtai-2024.html'));
  const axe = await axeOnPanel(ext.context, page, 'light');
  assert.deepEqual(axe.violations, [], JSON.stringify(axe.violations, null, 1));
  await clickInPanel(page, 'button.clear');
  await waitForNoHost(page);
  assert.deepEqual(errors, []);
  await page.close();
});
