// End-to-end tests of the browser extension: the unpacked build (dist/extension) loaded in
// Debian's headless Chromium, realistic saved government pages served from localhost, the
// toolbar button pressed for real (Extensions.triggerAction), and the page inspected for
// exactly which cells and text were marked, the tooltips, the panel, what clearing leaves
// behind and what went over the network. Click→marks times are printed (`# click→marks`).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { inflateRawSync } from 'node:zlib';
import {
  root,
  extensionDir,
  startServer,
  launchWithExtension,
  clickAction,
  tabIdOf,
  waitForPanel,
  waitForNoHost,
  snapshot,
  readMarks,
  readPanel,
  clickInPanel,
  inLayer,
  pace,
} from './extension-helpers.mjs';
import { pages as makePages, readSeed } from '../fixtures/pages/make-pages.mjs';

let server;
let ext;
const timings = [];
/** Every request the browser made (pages, frames, the extension's worker). */
const allRequests = [];

before(async () => {
  server = await startServer();
  ext = await launchWithExtension();
  ext.context.on('request', (r) => allRequests.push(r.url()));
});

after(async () => {
  if (timings.length) {
    console.log('click→marks (ms, measured in the test from the button press to the marks and panel being on the page)');
    for (const t of timings) console.log(`  ${t.page.padEnd(26)} ${t.run.padEnd(5)} ${String(t.ms).padStart(5)} ms  (in page: walk ${t.inPage.walk} ms, inject+walk+messaging ${t.inPage.collect} ms, check ${t.inPage.check} ms, mark ${t.inPage.mark} ms${t.attempts > 1 ? `, injection tried ${t.attempts}×` : ''})`);
  }
  await ext?.close();
  await server?.close();
  // Nothing but the test server's pages and the extension's own files was ever requested.
  const foreign = allRequests.filter((u) => !u.startsWith(server.base) && !u.startsWith(`chrome-extension://${ext.extensionId}/`));
  assert.deepEqual(foreign, [], 'requests left the machine');
});

let opened = 0;
/** Opens a page in a new tab and records the requests the page makes. */
async function open(name, query = '') {
  const page = await ext.context.newPage();
  const requests = [];
  page.on('request', (r) => requests.push(r.url()));
  // A query string unique to this tab, so the click goes to this tab and no other.
  await page.goto(`${server.base}${name}?tab=${++opened}${query}`, { waitUntil: 'load' });
  return { page, requests };
}

/** Presses the toolbar button and waits for the panel; records the time. */
async function check(page, name, run) {
  const t0 = performance.now();
  await clickAction(ext, page);
  const state = await waitForPanel(page).catch(async (e) => {
    throw new Error(`${e.message}; the click did: ${JSON.stringify(await ext.worker.evaluate(() => globalThis.nianbao.last))}`);
  });
  const ms = Math.round(performance.now() - t0);
  const panel = await readPanel(page);
  // What the click handler reported (it resolves just after the marks are drawn).
  let last = null;
  for (let i = 0; i < 50 && last?.url !== page.url(); i++) {
    last = await ext.worker.evaluate(() => globalThis.nianbao.last ?? null);
    if (last?.url !== page.url()) await new Promise((r) => setTimeout(r, 20));
  }
  timings.push({ page: name, run, ms, inPage: panel.timing, attempts: last?.attempts });
  // Every location the core gave was found on the live page (same element numbering, and the
  // element's text there is the cell value the core read).
  assert.equal(last?.unplaced, 0, `unplaced marks: ${JSON.stringify(last)}`);
  return state;
}

const COLS = ['总计', '法人或其他组织/其他', '法人或其他组织/法律服务机构', '法人或其他组织/社会公益组织', '法人或其他组织/科研机构', '法人或其他组织/商业企业', '自然人'];
const key = (c) => `${c.row}|${COLS[c.fromEnd]}`;

test('the manifest asks for activeTab, scripting and storage, and optionally a site for an attachment; builds and zips exist', () => {
  const m = JSON.parse(readFileSync(path.join(extensionDir, 'manifest.json'), 'utf8'));
  assert.equal(m.manifest_version, 3);
  // storage: the clerk's reviews (已核实/忽略/本规则不再提醒) and the opt-in history, on this
  // machine only. No host permissions: the batch check fetches same-origin pages from the
  // content script, as the page itself could. Optional ones only for 「检查附件」: asked on the
  // clerk's click for the one site whose attachment is to be read, never at install.
  assert.deepEqual(m.permissions, ['activeTab', 'scripting', 'storage']);
  assert.deepEqual(m.optional_host_permissions, ['http://*/*', 'https://*/*']);
  for (const k of ['host_permissions', 'optional_permissions', 'content_scripts', 'web_accessible_resources', 'externally_connectable']) assert.equal(m[k], undefined, k);
  assert.match(m.content_security_policy.extension_pages, /connect-src 'self'/);
  assert.match(m.content_security_policy.extension_pages, /'wasm-unsafe-eval'/);
  assert.match(m.content_security_policy.extension_pages, /object-src 'none'/);
  assert.equal(m.background.service_worker, 'background.js');
  assert.ok(m.commands['run-check'].suggested_key.default);
  const ff = JSON.parse(readFileSync(path.join(root, 'dist/extension-firefox/manifest.json'), 'utf8'));
  assert.deepEqual(ff.background.scripts, ['background.js']);
  assert.deepEqual(ff.permissions, ['activeTab', 'scripting', 'storage']);
  assert.deepEqual(ff.optional_host_permissions, ['http://*/*', 'https://*/*']);
  assert.ok(ff.browser_specific_settings.gecko.id);
  // The store zip holds the unpacked folder, byte for byte (read with the central directory).
  for (const [zip, dir] of [['dist/nianbao-extension.zip', 'dist/extension'], ['dist/nianbao-extension-firefox.zip', 'dist/extension-firefox']]) {
    const files = readZip(readFileSync(path.join(root, zip)));
    // The PDF/Word viewer carries pdf.js with its CMaps and standard fonts (vendor/pdfjs/) and the
    // PDF reader module (vendor/nianbao-pdf/).
    const pdfjsData = (k) => /^vendor\/pdfjs\/(cmaps|standard_fonts)\//.test(k);
    assert.ok(Object.keys(files).filter(pdfjsData).length > 100, `${zip}: pdf.js's CMaps and fonts`);
    assert.deepEqual(Object.keys(files).filter((k) => !pdfjsData(k)).sort(), ['background.js', 'content.js', 'icons/icon128.png', 'icons/icon16.png', 'icons/icon32.png', 'icons/icon48.png', 'manifest.json', 'pkg/nianbao.js', 'pkg/nianbao_bg.wasm', 'popup.css', 'popup.html', 'popup.js', 'print.css', 'print.html', 'print.js', 'vendor/nianbao-pdf/nianbao_pdf.js', 'vendor/nianbao-pdf/nianbao_pdf_bg.wasm', 'vendor/pdfjs/LICENSE', 'vendor/pdfjs/pdf.min.mjs', 'vendor/pdfjs/pdf.worker.min.mjs', 'viewer.css', 'viewer.html', 'viewer.js']);
    for (const [name, bytes] of Object.entries(files)) assert.ok(bytes.equals(readFileSync(path.join(root, dir, name))), `${zip}: ${name}`);
  }
  // content.js is a classic script bundled (esbuild) from the modules the web page uses too:
  // www/dom-events.js (the one DOM walk) and www/findings.js (findings → marks), with the
  // message definitions; esbuild's metafile says what went in.
  const content = readFileSync(path.join(extensionDir, 'content.js'), 'utf8');
  assert.doesNotThrow(() => new Function(content), 'content.js parses as a classic script');
  assert.doesNotMatch(content, /^\s*(?:export|import)\b/m);
  const meta = JSON.parse(readFileSync(path.join(root, 'dist/meta/extension.json'), 'utf8'));
  const bundled = (out) => Object.entries(meta.outputs[out].inputs).filter(([, v]) => v.bytesInOutput > 0).map(([k]) => k).sort();
  assert.deepEqual(bundled('dist/extension/content.js'), ['www/dom-events.js', 'www/extension/content.js', 'www/extension/messages.js', 'www/findings.js', 'www/tables.js']);
  // The background warms the core with the page's sample report, inlined (no fetch), and gives
  // a column's PDFs to the PDF reader module in the shape the viewer gives them (pdf-extract.js).
  assert.deepEqual(bundled('dist/extension/background.js'), ['www/extension/background.js', 'www/extension/messages.js', 'www/pdf-extract.js', 'www/sample.txt']);
  assert.match(content, /function domEvents\(root\)/);
  assert.match(content, /function marksOf\(report/);
  // No control character is written raw (the walk's marks are escapes).
  assert.doesNotMatch(content, /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/);
  // The extension's code reaches no network API; the one fetch is wasm-bindgen's load of the
  // extension's own .wasm (allowed by connect-src 'self' and nothing else).
  // The one exception: the batch check of a 年报 column (「检查本栏目全部年报」) fetches the
  // column's report pages from the content script, same origin only (checked before and
  // after redirects), on the clerk's click.
  // And the viewer's one fetch: the PDF/Word file the clerk asked to check (its tab's address or
  // the attachment link they clicked), a GET of that file.
  for (const f of ['background.js', 'content.js', 'popup.js', 'print.js', 'viewer.js']) {
    const src = readFileSync(path.join(extensionDir, f), 'utf8');
    const rest = f === 'content.js'
      ? src.replace(/const res = await fetch\(r\.link\.href, \{ credentials: "same-origin", redirect: "follow" \}\);/, '')
      : f === 'viewer.js' ? src.replace(/const res = await fetch\(url, \{ credentials: "include" \}\);/, '') : src;
    if (f === 'viewer.js') {
      assert.equal(src.match(/\bfetch\(/g)?.length, 1, 'one fetch in viewer.js');
      assert.notEqual(rest, src, 'the viewer\'s download, as reviewed');
    }
    if (f === 'content.js') {
      assert.equal(src.match(/\bfetch\(/g)?.length, 1, 'one fetch in content.js');
      assert.notEqual(rest, src, 'the batch fetch, as reviewed');
      assert.match(src, /const links = s\.batchLinks\.filter\(\(l\) => l\.sameOrigin\);/);
      assert.match(src, /if \(new URL\(res\.url\)\.origin !== location\.origin\) throw/);
    }
    assert.doesNotMatch(rest, /\bfetch\(|XMLHttpRequest|WebSocket|sendBeacon|EventSource|\.src\s*=|importScripts/, f);
  }
});

test('the saved pages are what make-pages.mjs makes from the committed seeds (tests/fixtures/seeds)', () => {
  // make-pages.mjs throws if a seed is missing or a sentence of the pages' prose is not in it.
  for (const [name, html] of Object.entries(makePages())) {
    assert.equal(readFileSync(path.join(root, 'tests/fixtures/pages', name), 'utf8'), html, `${name}: run node tests/fixtures/pages/make-pages.mjs`);
  }
  // The faults the tests below look for are the seeds' own.
  assert.match(readSeed('004'), /全面履行内容审核把关职责，全面履行内容审核把关职责/);
  assert.match(readSeed('003'), /收到申请公开政府信息 ?2 ?件/);
  assert.match(readSeed('003'), /本年度止件数/);
});

test('四方台区 page: the faulty cells of the Word table are outlined, tooltips, panel, clear restores the page', async (t) => {
  const { page, requests } = await open('sifangtai-2024.html');
  const before = await snapshot(page);
  const loadRequests = requests.length;

  assert.equal(await check(page, 'sifangtai-2024.html', 'cold'), 'report');
  const panel = await readPanel(page);
  assert.ok(panel.visible, 'panel visible despite the site CSS for .panel');
  assert.deepEqual(panel.titles, ['四方台区2024年政府信息公开工作年度报告']);
  assert.match(panel.summaries[0], /^发现 \d+ 处错误、\d+ 处警告、\d+ 处提示$/);
  // Grouped by rule, errors first.
  const codes = panel.groups.map((g) => g.code);
  for (const c of ['T101', 'V202', 'V201']) assert.ok(codes.includes(c), `group ${c} in ${codes}`);
  assert.ok(codes.indexOf('T101') < codes.indexOf('V202') && codes.indexOf('V202') < codes.indexOf('V201'), 'severity order');
  // The core's fix line, as the core wrote it.
  assert.match(panel.text, /「收到和处理政府信息公开申请情况」表「四、结转下年度继续办理」行「自然人」列：写作「1」，应为0/);

  const marks = await readMarks(page.mainFrame());
  // Every outline covers its cell exactly (the numbering of the live DOM matches the core's).
  assert.ok(marks.cells.length > 0);
  for (const c of marks.cells) {
    assert.equal(c.tag, 'td');
    assert.ok(c.aligned, `outline on ${key(c)}`);
  }
  // Exactly these cells for the table rules: the rows the findings are about, in the 申请 table.
  const TABLE_RULES = ['T101', 'T102', 'T103', 'V201', 'V202'];
  const got = marks.cells.filter((c) => c.codes.some((k) => TABLE_RULES.includes(k))).map(key).sort();
  const want = [
    ...COLS.map((c) => `四、结转下年度继续办理|${c}`),
    ...COLS.map((c) => `（七）总计|${c}`),
    // 一+二 = 三+四 takes part twice: for 自然人 in T101's one diagnosis (四 自然人 1 → 0), and in
    // the 总计 column as a consequence of the blank （七）总计 that V202 reports.
    '一、本年新收政府信息公开申请数量|自然人',
    '二、上年结转政府信息公开申请数量|自然人',
    '一、本年新收政府信息公开申请数量|总计',
    '二、上年结转政府信息公开申请数量|总计',
    '（一）予以公开|总计',
  ].sort();
  assert.deepEqual(got, want);
  const byKey = Object.fromEntries(marks.cells.map((c) => [key(c), c]));
  const carried = byKey['四、结转下年度继续办理|自然人'];
  assert.equal(carried.text, '1');
  assert.equal(carried.severity, 'error');
  assert.equal(carried.related, false);
  assert.match(carried.tip, /\n「收到和处理政府信息公开申请情况」表「四、结转下年度继续办理」行「自然人」列：写作「1」，应为0(\n|$)/);
  const blank = byKey['（七）总计|总计'];
  assert.equal(blank.text, '', 'the empty 总计 cell of (七)总计 is outlined too');
  // A blank total is V202's (a warning): the sums that lean on it are not reported as errors.
  assert.equal(blank.severity, 'warning');
  assert.match(blank.tip, /「（七）总计」行「总计」列：写作（空白），应为2/);
  // Cells only cited by a finding (the addends) are marked, but as related.
  assert.equal(byKey['四、结转下年度继续办理|法人或其他组织/商业企业'].related, true);
  // Nothing outside the report's tables is marked (site tables: 信息索引, links).
  assert.ok(marks.cells.every((c) => !/索|号|中国政府网/.test(c.row)));

  // Prose findings are highlighted text: the duplicated clause of seed 004
  // (「全面履行内容审核把关职责，全面履行内容审核把关职责」), P402, at both places.
  for (const h of marks.texts) assert.ok(h.text.trim().length > 0);
  assert.ok(codes.includes('P402'), `P402 in ${codes}`);
  const dup = marks.texts.filter((h) => h.text === '全面履行内容审核把关职责');
  assert.equal(dup.length, 2, JSON.stringify(marks.texts));
  assert.ok(dup.every((h) => h.name === 'nianbao-warning' || h.name === 'nianbao-error' || h.name === 'nianbao-info'), JSON.stringify(dup));
  const para = await page.evaluate((d) => {
    const p = [...document.querySelectorAll('p')].find((e) => e.textContent.includes(`${d}，${d}`));
    return [...document.getElementsByTagName('*')].indexOf(p.firstElementChild);
  }, '全面履行内容审核把关职责');
  assert.deepEqual(dup.map((h) => h.element), [para, para], 'both halves, in the paragraph’s span');
  // The two halves are distinct ranges: the first and the second occurrence.
  const offsets = await page.evaluate(() => {
    const out = [];
    for (const [name, h] of CSS.highlights) if (name.startsWith('nianbao-')) for (const r of h) if (r.toString() === '全面履行内容审核把关职责') out.push(r.startOffset);
    return out.sort((a, b) => a - b);
  });
  assert.equal(new Set(offsets).size, 2, JSON.stringify(offsets));
  t.diagnostic(`P402 highlights: ${JSON.stringify(dup)} at offsets ${offsets}`);

  // A real hover shows the tooltip of the cell under the mouse.
  await page.evaluate(() => window.scrollTo(0, 0));
  await clickInPanel(page, '.group[data-code="T101"] .item');
  const cellBox = await page.evaluate(() => {
    const tr = [...document.querySelectorAll('tr')].find((r) => r.textContent.includes('四、结转下年度继续办理'));
    // T101's cell to change: 自然人, the first of the row's seven values.
    const td = tr.children[tr.children.length - 7];
    const r = td.getBoundingClientRect();
    const x = r.left + r.width / 2;
    const y = r.top + r.height / 2;
    const hit = document.elementFromPoint(x, y);
    return { x, y, inView: r.top >= 0 && r.bottom <= innerHeight, scrollY, visible: hit === td || td.contains(hit) };
  });
  assert.ok(cellBox.inView && cellBox.scrollY > 0, 'clicking the finding scrolled its cell into view');
  assert.ok(cellBox.visible, 'the panel moved out of the way of the revealed cell');
  await page.mouse.move(cellBox.x, cellBox.y);
  let tipText = '';
  for (let i = 0; i < 100 && !tipText; i++) {
    tipText = await inLayer(page, function () {
      const t = this.querySelector('.tip');
      return t.style.display === 'block' ? t.textContent : '';
    });
    if (!tipText) await new Promise((r) => setTimeout(r, 30));
  }
  assert.match(tipText, /错误/);
  assert.match(tipText, /写作「1」，应为0/);
  // And why: the 「依据」 line of T101, as on the web page.
  assert.match(tipText, /依据：国办公开办函〔2021〕30号 表三「收到和处理政府信息公开申请情况」/);
  t.diagnostic(`tooltip: ${tipText}`);
  await page.mouse.move(5, 5);

  // Click again: everything goes, the page is as it was.
  await clickAction(ext, page);
  await waitForNoHost(page);
  assert.deepEqual(await snapshot(page), before);
  // The extension made the page request nothing.
  assert.deepEqual(requests.slice(loadRequests), []);

  // A second check (wasm warm) and the panel's own clear button.
  assert.equal(await check(page, 'sifangtai-2024.html', 'warm'), 'report');
  await clickInPanel(page, 'button.clear');
  await waitForNoHost(page);
  assert.deepEqual(await snapshot(page), before);
  assert.deepEqual(requests.slice(loadRequests), []);
  await page.close();
});

test('the keyboard command gets its default key and runs the same check, toggling it off', async () => {
  // The suggested key is really assigned (Chromium leaves it empty when it clashes).
  const commands = await ext.worker.evaluate(() => chrome.commands.getAll());
  assert.equal(commands.find((c) => c.name === 'run-check')?.shortcut, 'Alt+Shift+J');
  const { page, requests } = await open('sifangtai-2024.html');
  const before = await snapshot(page);
  const loadRequests = requests.length;
  // A click first: in Chromium, activeTab is granted by a click or by the command's key; a
  // headless browser has no keyboard accelerators, so the handler is called directly after
  // a click has granted the tab.
  await check(page, 'sifangtai-2024.html', 'warm');
  await clickAction(ext, page);
  await waitForNoHost(page);
  const tabId = await tabIdOf(ext, page);
  await pace(page);
  const t0 = performance.now();
  const res = await ext.worker.evaluate((id) => globalThis.nianbao.onCommand('run-check', { id }), tabId);
  assert.equal(res.action, 'checked');
  assert.equal(await waitForPanel(page), 'report');
  timings.push({ page: 'sifangtai-2024.html', run: 'key', ms: Math.round(performance.now() - t0), inPage: (await readPanel(page)).timing });
  const marks = await readMarks(page.mainFrame());
  assert.ok(marks.cells.some((c) => key(c) === '四、结转下年度继续办理|自然人' && /写作「1」，应为0/.test(c.tip)));
  await pace(page);
  const off = await ext.worker.evaluate((id) => globalThis.nianbao.onCommand('run-check', { id }), tabId);
  assert.equal(off.action, 'cleared');
  await waitForNoHost(page);
  assert.deepEqual(await snapshot(page), before);
  assert.deepEqual(requests.slice(loadRequests), []);
  await page.close();
});

test('湛河区 page: the report inside a same-origin iframe is checked and marked in the frame', async (t) => {
  const { page, requests } = await open('zhanhe-2024.html');
  const frame = page.frames().find((f) => f.url().endsWith('zhanhe-2024-content.html'));
  assert.ok(frame, 'iframe loaded');
  const before = await snapshot(page);
  const loadRequests = requests.length;
  assert.equal(await check(page, 'zhanhe-2024.html (iframe)', 'warm'), 'report');
  const panel = await readPanel(page);
  assert.deepEqual(panel.titles, ['湛河区轻工路街道办事处2024年政府信息公开工作年度报告']);
  assert.match(panel.text, /内嵌页面/);
  const codes = panel.groups.map((g) => g.code);
  assert.ok(codes.includes('S303'), codes.join());
  // The misspelt header cell inside the iframe, outlined in the iframe's own layer.
  const marks = await readMarks(frame);
  assert.ok(marks.cells.every((c) => c.aligned));
  const header = marks.cells.filter((c) => c.codes.includes('S303'));
  assert.deepEqual(header.map((c) => [c.text, c.severity]), [['本年度止件数', 'warning']]);
  assert.match(header[0].tip, /应为「本年废止件数」/);
  // Prose checked against the tables, P411: the body says 2 requests, the table's 一、本年新收
  // row says 6 — the sentence's number is highlighted and the cell outlined.
  assert.ok(codes.includes('P411'), codes.join());
  const p411 = marks.texts.filter((h) => /2\s*件/.test(h.text));
  assert.ok(p411.length >= 1, JSON.stringify(marks.texts));
  t.diagnostic(`P411 highlights: ${JSON.stringify(p411)}`);
  assert.deepEqual(marks.cells.filter((c) => c.codes.includes('P411')).map((c) => [key(c), c.text]), [['一、本年新收政府信息公开申请数量|总计', '6']]);
  assert.ok(marks.cells.filter((c) => c.codes.includes('P411')).every((c) => c.aligned));
  // Only those two cells are outlined in the frame.
  assert.deepEqual(marks.cells.map((c) => c.codes.join(' ')).sort(), ['P411', 'S303']);
  // The outer page has the panel but no marks.
  assert.deepEqual((await readMarks(page.mainFrame())).cells, []);
  await clickAction(ext, page);
  await waitForNoHost(page);
  await waitForNoHost(frame);
  assert.deepEqual(await snapshot(page), before);
  assert.deepEqual(requests.slice(loadRequests), []);
  await page.close();
});

test('a site whose CSP forbids scripts and wasm is checked all the same (the wasm runs in the extension)', async () => {
  const { page, requests } = await open('sifangtai-2024.html', '&csp=strict');
  const cspErrors = [];
  page.on('console', (m) => /Content Security Policy/i.test(m.text()) && cspErrors.push(m.text()));
  const before = await snapshot(page);
  const loadRequests = requests.length;
  assert.equal(await check(page, 'sifangtai-2024.html (CSP)', 'warm'), 'report');
  const marks = await readMarks(page.mainFrame());
  const carried = marks.cells.find((c) => key(c) === '四、结转下年度继续办理|自然人');
  assert.ok(carried && carried.aligned && /写作「1」，应为0/.test(carried.tip));
  // The shadow root's own <style> is not subject to the page's style-src: the panel is styled.
  const panel = await readPanel(page);
  assert.ok(panel.visible);
  assert.equal(panel.position, 'fixed');
  await clickAction(ext, page);
  await waitForNoHost(page);
  assert.deepEqual(await snapshot(page), before);
  assert.deepEqual(requests.slice(loadRequests), []);
  await page.close();
});

test('a page with no report says so, marks nothing, and clears cleanly', async () => {
  const { page, requests } = await open('news-no-report.html');
  const before = await snapshot(page);
  const loadRequests = requests.length;
  assert.equal(await check(page, 'news-no-report.html', 'warm'), 'no-report');
  const panel = await readPanel(page);
  assert.ok(panel.visible);
  assert.match(panel.text, /本页未识别到政府信息公开工作年度报告/);
  const marks = await readMarks(page.mainFrame());
  assert.deepEqual([marks.cells, marks.texts], [[], []]);
  await clickAction(ext, page);
  await waitForNoHost(page);
  assert.deepEqual(await snapshot(page), before);
  assert.deepEqual(requests.slice(loadRequests), []);
  await page.close();
});

test('text ranges (prose findings) are painted with the Custom Highlight API and removed on clear', async () => {
  // The content script's marking step fed with a prose finding located like the core locates
  // them (element index + UTF-16 range of its textContent): the duplicated clause of seed 004.
  const { page } = await open('sifangtai-2024.html');
  const before = await snapshot(page);
  await check(page, 'sifangtai-2024.html', 'warm');
  await clickAction(ext, page);
  await waitForNoHost(page);
  const dup = '全面履行内容审核把关职责';
  const loc = await page.evaluate((dup) => {
    const all = [...document.querySelectorAll('*')];
    const p = all.find((e) => e.localName === 'p' && e.textContent.includes(dup + '，' + dup));
    const i = p.textContent.indexOf(dup + '，' + dup) + dup.length + 1;
    return { kind: 'html', element: all.indexOf(p), u16_start: i, u16_end: i + dup.length, start: 0, end: 0 };
  }, dup);
  const tabId = await tabIdOf(ext, page);
  const report = {
    kind: 'annual-report',
    title: '合成报告',
    year: 2024,
    tables: [],
    summary: { error: 0, warning: 1, info: 0 },
    findings: [{ code: 'P401', rule: 'duplicate-sentence', severity: 'warning', message: '语句重复', cells: [], location: loc, locations: [loc] }],
  };
  // The background's messages (www/extension/messages.js), sent as it sends them.
  const send = ([id, message]) => globalThis.nianbao.send(id, message);
  const showMessage = async (json) => ({ type: 'show', id: 'synthetic', results: [{ frame: 0, url: '', json }], timing: {}, words: await ext.worker.evaluate(() => globalThis.nianbao.words()), reviews: {}, settings: {} });
  assert.equal((await ext.worker.evaluate(send, [tabId, { type: 'begin', id: 'synthetic' }])).type, 'collected');
  // A malformed message is dropped: nothing is drawn, the page waits for a good one.
  assert.deepEqual(await ext.worker.evaluate(send, [tabId, { type: 'show', id: 'synthetic', results: 'all of them' }]), { type: 'ignored', reason: 'malformed message' });
  assert.equal(await inLayer(page, function () { return true; }, null, false), false);
  // A message of another check (an older click) is not acted on either.
  assert.deepEqual(await ext.worker.evaluate(send, [tabId, { ...(await showMessage(JSON.stringify(report))), id: 'older' }]), { type: 'ignored', reason: 'stale check' });
  assert.equal(await inLayer(page, function () { return true; }, null, false), false);
  assert.equal((await ext.worker.evaluate(send, [tabId, await showMessage(JSON.stringify(report))])).type, 'shown');
  await waitForPanel(page);
  const marks = await readMarks(page.mainFrame());
  assert.deepEqual(marks.texts.map((h) => [h.name, h.text]), [['nianbao-warning', dup]]);
  assert.equal(marks.texts[0].element, loc.element + 1, 'inside the paragraph’s span');
  // The ::highlight style is in an adopted sheet, not in the DOM.
  assert.equal(await page.evaluate(() => document.adoptedStyleSheets.length), before[0].adopted + 1);
  await clickInPanel(page, 'button.clear');
  await waitForNoHost(page);
  assert.deepEqual(await snapshot(page), before);

  // The guard: a report whose element count is not the walk's marks nothing and says so.
  assert.equal((await ext.worker.evaluate(send, [tabId, { type: 'begin', id: 'synthetic' }])).type, 'collected');
  const shown = await ext.worker.evaluate(send, [tabId, await showMessage(JSON.stringify({ ...report, element_count: 3 }))]);
  assert.equal(shown.type, 'shown');
  assert.deepEqual([shown.marks, shown.unplaced], [0, 1]);
  await waitForPanel(page);
  assert.deepEqual((await readMarks(page.mainFrame())).texts, []);
  assert.match((await readPanel(page)).text, /有 1 处位置未能在页面上对应标出/);
  await clickInPanel(page, 'button.clear');
  await waitForNoHost(page);
  assert.deepEqual(await snapshot(page), before);
  await page.close();
});

/** Entries of a zip (stored or deflated), by its central directory. */
function readZip(buf) {
  const files = {};
  let eocd = buf.length - 22;
  while (buf.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  let p = buf.readUInt32LE(eocd + 16);
  const count = buf.readUInt16LE(eocd + 10);
  for (let i = 0; i < count; i++) {
    const method = buf.readUInt16LE(p + 10);
    const size = buf.readUInt32LE(p + 20);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.toString('utf8', p + 46, p + 46 + nameLen);
    const dataAt = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const data = buf.subarray(dataAt, dataAt + size);
    files[name] = method === 8 ? inflateRawSync(data) : Buffer.from(data);
    p += 46 + nameLen + extraLen + commentLen;
  }
  return files;
}

