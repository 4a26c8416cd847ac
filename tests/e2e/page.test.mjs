// End-to-end tests of the web page in Debian's Chromium (playwright-core): paste each seed and
// an HTML report and assert exactly which cells and sentences are highlighted; click a finding;
// open files (GBK); downloads; the single file from file://; sanitising; no network at all.
// Expectations come from the core's JSON for the seeds, checked against the seed lines.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { readFileSync, readdirSync } from 'node:fs';
import { pageSession, paste, waitChecked, readSeed, seedPaths, textReportToHtml, fileUrl, localOnly, root, dist, settled } from './helpers.mjs';

const fixtures = path.join(root, 'tests/e2e/fixtures');
const session = pageSession();

/** A new page on `url` that records every request and page error. */
async function openPage(url = session.server.url, allowed = localOnly(session.server.url)) {
  const page = await session.browser.context.newPage();
  const requests = [];
  const errors = [];
  const dialogs = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    d.dismiss().catch(() => {});
  });
  await page.goto(url);
  await page.waitForFunction(() => window.nianbao);
  await page.evaluate(() => window.nianbao.ready());
  const foreign = () => requests.filter((u) => !allowed(u));
  return { page, requests, errors, dialogs, foreign };
}

let checks = new WeakMap();
async function pasteAndWait(page, data) {
  const n = (checks.get(page) || 0) + 1;
  checks.set(page, n);
  const prevented = await paste(page, data);
  assert.equal(prevented, true, 'the page handles the paste itself');
  await waitChecked(page, n);
}

/** Text-mode marks: [{line, text, cls, title, fis}] in document order. */
function textMarks(page) {
  return page.evaluate(() => {
    const box = document.querySelector('#nb-doc .nb-text');
    return [...box.querySelectorAll('mark')].map((m) => {
      const r = document.createRange();
      r.setStart(box, 0);
      r.setEnd(m, 0);
      const before = r.toString();
      return {
        offset: before.length,
        line: before.split('\n').length,
        prefix: before.slice(before.lastIndexOf('\n') + 1), // the line's text before the mark
        text: m.textContent,
        cls: m.className,
        title: m.getAttribute('data-nb-tip') || '', // the tooltip's text (a styled tooltip, not a native title)
        fis: m.getAttribute('data-nb-f') || '',
      };
    });
  });
}

function seedLine(prefix, line) {
  return readSeed(prefix).split('\n')[line - 1];
}

test('the seeds are there (tests/fixtures/seeds): no test is skipped for want of them', () => {
  assert.ok(seedPaths().length >= 5, `found ${seedPaths().length} seeds`);
});

test('page loads and makes no request beyond its own files', async () => {
  const { page, requests, foreign, errors } = await openPage();
  assert.deepEqual(foreign(), []);
  const paths = requests.map((u) => new URL(u).pathname).sort();
  // The page's own PDF modules are small; pdf.js itself (/vendor/pdfjs/) only when a PDF is opened.
  assert.deepEqual(paths, ['/', '/app.js', '/dom-events.js', '/findings.js', '/pdf-extract.js', '/pdf-view.js', '/pkg/nianbao.js', '/pkg/nianbao_bg.wasm', '/sanitize.js', '/style.css', '/tables.js', '/vendor/purify.es.mjs', '/worker.js']);
  assert.match(await page.title(), /年报检查/);
  assert.deepEqual(errors, []);
  await page.close();
});

test('seed 004 pasted as text: the (七)总计 row, the 四、结转 row with 自然人 expected 0 (one diagnosis), the 自然人 balance cells', async () => {
  const { page, foreign, errors } = await openPage();
  const text = readSeed('004');
  await pasteAndWait(page, { text });
  // The report is shown exactly as pasted.
  assert.equal(await page.textContent('#nb-doc .nb-text'), text);
  assert.equal(await page.textContent('#nb-summary'), '发现 2 处错误、1 处警告');
  const all = await textMarks(page);
  // The duplicated clause (P402) is a sentence mark, twice on line 401; the rest are cells.
  assert.deepEqual(all.filter((m) => /nb-sentence/.test(m.cls)).map((m) => `${m.line}:${m.text}`), ['401:全面履行内容审核把关职责', '401:全面履行内容审核把关职责']);
  const marks = all.filter((m) => !/nb-sentence/.test(m.cls));
  const got = marks.map((m) => `${m.line}:${m.text}`);
  assert.deepEqual(got, [
    '77:2', '86:0', // 自然人: 一、本年新收 and 二、上年结转
    '325:2', '326:0', '327:0', '328:0', '329:0', '330:0', // (七)总计 row: six values, 总计 missing
    '332:1', '333:0', '334:0', '335:0', '336:0', '337:0', '338:0', // 四、结转下年度继续办理
  ]);
  for (const m of marks) {
    assert.match(m.cls, /nb-cell/);
    assert.match(m.cls, /nb-error/);
    assert.equal(seedLine('004', m.line).trim(), m.text, `line ${m.line} of the seed holds ${m.text}`);
  }
  // Checked by reading the seed: line 324 labels the (七)总计 row, 331 the 四、结转 row.
  assert.match(seedLine('004', 324), /（七）总计/);
  assert.match(seedLine('004', 331), /四、结转下年度继续办理/);
  const total = marks.find((m) => m.line === 332);
  // The tooltip carries the core's fix line (only this cell, the one to change, has one).
  assert.match(total.title, /\n「收到和处理政府信息公开申请情况」表「四、结转下年度继续办理」行「自然人」列：写作「1」，应为0(\n|$)/);
  assert.deepEqual(marks.filter((m) => /列：写作/.test(m.title)).map((m) => m.line), [332]);
  // The (七)总计 自然人 cell belongs to both S301 and T103.
  assert.equal(marks.find((m) => m.line === 325).fis.split(' ').length, 2);
  // Findings panel: grouped by rule with counts.
  const groups = await page.$$eval('.nb-group', (gs) => gs.map((g) => [g.dataset.code, g.querySelector('.nb-count').textContent, g.querySelectorAll('.nb-finding').length]));
  assert.deepEqual(groups.map((g) => g[0]).sort(), ['P402', 'S301', 'T101']);
  for (const g of groups) assert.deepEqual(g.slice(1), ['1 处', 1]);
  assert.deepEqual(foreign(), []);
  assert.deepEqual(errors, []);
  await page.close();
});

test('seed 003: the header cell 本年度止件数 is marked with the expected label; P411: the prose count 2 and the table total 6', async () => {
  const { page } = await openPage();
  const text = readSeed('003');
  await pasteAndWait(page, { text });
  assert.equal(await page.textContent('#nb-doc .nb-text'), text);
  const marks = await textMarks(page);
  assert.deepEqual(marks.map((m) => `${m.line}:${m.text}`), ['11:收到申请公开政府信息 2 件', '22:本年度止件数', '43:6']);
  assert.match(marks[1].cls, /nb-cell nb-warning|nb-warning.*nb-cell|nb-cell.*nb-warning/);
  assert.match(marks[1].title, /应为「本年废止件数」/);
  assert.equal(await page.textContent('#nb-summary'), '发现 1 处错误、1 处警告');
  // P411: the prose excerpt is a sentence mark, the table's 总计 cell a cell mark, one finding.
  const report = await page.evaluate(() => window.nianbao.lastReport);
  const fi = report.findings.findIndex((f) => f.code === 'P411');
  assert.ok(fi >= 0, 'P411 reported');
  assert.match(marks[0].cls, /nb-sentence/);
  assert.match(marks[0].cls, /nb-error/);
  assert.match(marks[2].cls, /nb-cell/);
  assert.match(marks[2].cls, /nb-error/);
  for (const m of [marks[0], marks[2]]) assert.equal(m.fis, String(fi));
  assert.match(marks[0].title, /正文「收到申请公开政府信息 2 件」与表格不符.*「总计」列为6/);
  // Line 43 is the 一、本年新收 row and the mark is its last value, the 总计 column.
  assert.match(seedLine('003', 43), /^一、本年新收政府信息公开申请数量/);
  const fields = seedLine('003', 43).split('\t');
  assert.equal(marks[2].prefix.split('\t').length - 1, fields.findLastIndex((f) => f.trim()));
  assert.equal(await page.textContent('.nb-group[data-code="P411"] .nb-count'), '1 处');
  await page.close();
});

test('seed 002: the truncated appeals headers 结果/其他/尚未 are marked', async () => {
  const { page } = await openPage();
  const text = readSeed('002');
  await pasteAndWait(page, { text });
  assert.equal(await page.textContent('#nb-doc .nb-text'), text);
  const marks = await textMarks(page);
  assert.deepEqual(marks.map((m) => `${m.line}:${m.text}`), [
    '299:结果', '300:其他', '301:尚未', '306:结果', '307:结果', '308:其他', '309:尚未', '311:结果', '312:结果', '313:其他', '314:尚未',
  ]);
  for (const m of marks) assert.ok(seedLine('002', m.line).startsWith(m.text), `seed line ${m.line}`);
  assert.equal(await page.textContent('#nb-summary'), '发现 1 处警告');
  // One header cut short is one finding (with its eleven labels marked).
  assert.equal(await page.textContent('.nb-group[data-code="S303"] .nb-count'), '1 处');
  await page.close();
});

test('seed 000: a missing row label is marked in place; missing sections are listed without a place', async () => {
  const { page } = await openPage();
  const text = readSeed('000');
  await pasteAndWait(page, { text });
  assert.equal(await page.textContent('#nb-doc .nb-text'), text);
  const marks = await textMarks(page);
  const points = marks.filter((m) => /nb-point/.test(m.cls));
  assert.equal(points.length, 1);
  assert.equal(points[0].line, 45);
  assert.match(points[0].title, /缺少行标签「行政事业性收费」/);
  assert.equal(await page.textContent('#nb-summary'), '发现 4 处警告');
  assert.equal(await page.$$eval('.nb-group[data-code="S308"] .nb-finding.nb-nowhere', (b) => b.length), 2);
  await page.close();
});

test('seed 001: P411 — the prose says 27 applications, the table 25: the excerpt and the 一、本年新收 总计 cell are marked', async () => {
  const { page } = await openPage();
  const text = readSeed('001');
  await pasteAndWait(page, { text });
  assert.equal(await page.textContent('#nb-doc .nb-text'), text);
  assert.equal(await page.textContent('#nb-summary'), '发现 1 处错误');
  const report = await page.evaluate(() => window.nianbao.lastReport);
  assert.deepEqual(report.findings.map((f) => f.code), ['P411']);
  const marks = await textMarks(page);
  assert.deepEqual(marks.map((m) => `${m.line}:${m.text}`), ['5:收到政府信息公开申请27件', '75:25']);
  assert.match(marks[0].cls, /nb-sentence/);
  assert.match(marks[1].cls, /nb-cell/);
  for (const m of marks) {
    assert.match(m.cls, /nb-error/);
    assert.equal(m.fis, '0');
    assert.match(m.title, /正文「收到政府信息公开申请27件」与表格不符.*「总计」列为25/);
  }
  // Checked by reading the seed: line 68 labels the row, 69…75 are its seven values, the
  // seventh (line 75) the 总计 column.
  assert.match(seedLine('001', 68), /^一、本年新收政府信息公开申请数量/);
  assert.deepEqual([69, 70, 71, 72, 73, 74, 75].map((l) => seedLine('001', l).replace(/[|\s]/g, '')), ['25', '0', '0', '0', '0', '0', '25']);
  // Clicking the finding flashes both places.
  await page.click('.nb-finding[data-fi="0"]');
  assert.deepEqual(await page.$$eval('#nb-doc .nb-flash', (els) => els.map((e) => e.textContent)), ['收到政府信息公开申请27件', '25']);
  await page.close();
});

/** HTML-mode outlined cells: [{text, label, col, cls, title}]: `label` is the nearest label
 *  cell before it on its table row, `col` its position among the numbers after that label. */
function outlinedCells(page) {
  return page.$$eval('#nb-doc .nb-td', (tds) =>
    tds.map((td) => {
      let col = 0;
      let label = '';
      for (let c = td.previousElementSibling; c; c = c.previousElementSibling) {
        const t = c.textContent.trim();
        if (/^\d+$/.test(t)) col++;
        else if (t) {
          label = t;
          break;
        }
      }
      return { text: td.textContent, label, col, cls: td.className, title: td.getAttribute('data-nb-tip') || '' };
    }),
  );
}

test('seed 004 pasted as HTML (clipboard text/html): the exact table cells are outlined; clicking a finding scrolls to them', async () => {
  const { page, foreign, errors } = await openPage();
  const html = textReportToHtml(readSeed('004'), { title: '四方台区2024年政府信息公开工作年度报告' });
  await pasteAndWait(page, { html, text: readSeed('004') });
  assert.equal(await page.textContent('#nb-summary'), '发现 2 处错误、1 处警告');
  assert.deepEqual(await page.$$eval('#nb-doc mark.nb-sentence', (ms) => ms.map((m) => m.textContent)), ['全面履行内容审核把关职责', '全面履行内容审核把关职责']);
  assert.match(await page.textContent('#nb-meta'), /网页（含表格）/);
  const cells = await outlinedCells(page);
  const got = cells.map((c) => `${c.label}|${c.col}|${c.text}`).sort();
  const want = [
    '一、本年新收政府信息公开申请数量|0|2', '二、上年结转政府信息公开申请数量|0|0',
    '（七）总计|0|2', '（七）总计|1|0', '（七）总计|2|0', '（七）总计|3|0', '（七）总计|4|0', '（七）总计|5|0',
    '四、结转下年度继续办理|0|1', '四、结转下年度继续办理|1|0', '四、结转下年度继续办理|2|0', '四、结转下年度继续办理|3|0',
    '四、结转下年度继续办理|4|0', '四、结转下年度继续办理|5|0', '四、结转下年度继续办理|6|0',
  ].sort();
  assert.deepEqual(got, want);
  for (const c of cells) assert.match(c.cls, /nb-td nb-error/);
  const total = cells.find((c) => c.label === '四、结转下年度继续办理' && c.col === 0);
  assert.match(total.title, /\n「收到和处理政府信息公开申请情况」表「四、结转下年度继续办理」行「自然人」列：写作「1」，应为0(\n|$)/);
  // The report's text is all there (markup aside).
  const shown = await page.textContent('#nb-doc .nb-html');
  for (const line of readSeed('004').split('\n').map((l) => l.trim()).filter(Boolean)) assert.ok(shown.includes(line), line);

  // Click the T101 finding: its cells scroll into view and flash.
  await page.evaluate(() => window.scrollTo(0, 0));
  const fi = await page.$eval('.nb-group[data-code="T101"] .nb-finding', (b) => b.dataset.fi);
  const inView = (sel) => page.$eval(sel, (el) => {
    const r = el.getBoundingClientRect();
    return r.top >= 0 && r.bottom <= window.innerHeight && r.height > 0;
  });
  // The cell to change (四、结转 自然人): the finding's other cells are the relations' parts.
  const first = `#nb-doc .nb-change[data-nb-f~="${fi}"]`;
  assert.equal(await inView(first), false, 'the cell starts out of view');
  await page.click(`.nb-finding[data-fi="${fi}"]`);
  assert.equal(await settled(() => inView(first), (v) => v), true, 'the cell is scrolled into view');
  const flashing = await page.$$eval('#nb-doc .nb-flash', (els) => els.map((e) => e.textContent.trim()));
  // The 四、结转 row (seven cells) and the 自然人 column's cells of 一+二 = 三+四.
  assert.ok(flashing.length >= 7, JSON.stringify(flashing));
  assert.match(await page.getAttribute(`.nb-finding[data-fi="${fi}"]`, 'class'), /nb-active/);

  // The extracted tables: official labels, the wrong total tinted, the missing one shown as such.
  await page.click('#nb-tab-tables');
  const grid = await page.$eval('table.nb-grid[data-table="requests"]', (t) => {
    const row = (label) => [...t.querySelectorAll('tbody tr')].find((tr) => tr.dataset.row === label);
    const cell = (label, col) => row(label).querySelector(`td[data-col="${col}"]`);
    return {
      heads: [...t.querySelectorAll('thead th')].map((th) => th.textContent),
      total4: [cell('四、结转下年度继续办理', '总计').textContent, cell('四、结转下年度继续办理', '总计').className],
      total7: [cell('三、本年度办理结果/(七)总计', '总计').textContent, cell('三、本年度办理结果/(七)总计', '总计').className],
    };
  });
  for (const h of ['自然人', '法人或其他组织', '商业企业', '科研机构', '社会公益组织', '法律服务机构', '其他', '总计']) assert.ok(grid.heads.includes(h), h);
  assert.deepEqual(grid.total4, ['0', 'nb-error']);
  assert.equal(grid.total7[0], '—');
  assert.match(grid.total7[1], /nb-missing/);
  assert.deepEqual(foreign(), []);
  assert.deepEqual(errors, []);
  await page.close();
});

test('downloads: findings as JSON and CSV, tables as CSV', async () => {
  const { page } = await openPage();
  await pasteAndWait(page, { text: readSeed('004') });
  const grab = async (id) => {
    const [dl] = await Promise.all([page.waitForEvent('download'), page.click(id)]);
    assert.match(dl.url(), /^blob:/);
    return { name: dl.suggestedFilename(), body: readFileSync(await dl.path(), 'utf8') };
  };
  const json = await grab('#nb-dl-json');
  assert.match(json.name, /问题清单\.json$/);
  const data = JSON.parse(json.body);
  assert.deepEqual(data.findings.map((f) => f.code), ['S301', 'T101', 'P402']);
  const csv = await grab('#nb-dl-csv');
  assert.match(csv.name, /问题清单\.csv$/);
  assert.ok(csv.body.startsWith('\uFEFF序号,严重程度,规则代码'));
  assert.match(csv.body, /T101,.*,「收到和处理政府信息公开申请情况」表「四、结转下年度继续办理」行「自然人」列,收到和处理政府信息公开申请情况,四、结转下年度继续办理,自然人,1,0,第332行,待处理\r\n/);
  const tables = await grab('#nb-dl-tables');
  assert.match(tables.name, /表格\.csv$/);
  assert.match(tables.body, /四、结转下年度继续办理,1,0,0,0,0,0,0/);
  assert.match(tables.body, /项目,自然人,法人或其他组织\/商业企业/);
  await page.close();
});

test('opening a GBK .html file and dropping a GBK .txt file decode correctly', async () => {
  const { page, foreign } = await openPage();
  await page.setInputFiles('#nb-file', path.join(fixtures, 'report-004-gbk.html'));
  await waitChecked(page, 1);
  assert.equal(await page.textContent('#nb-summary'), '发现 2 处错误、1 处警告');
  assert.match(await page.textContent('#nb-meta'), /四方台区2024年政府信息公开工作年度报告.*编码 (GBK|GB18030)/);
  assert.equal(await page.$$eval('#nb-doc .nb-td', (t) => t.length), 15);
  // Drag and drop a .txt file onto the page.
  const bytes = [...readFileSync(path.join(fixtures, 'report-004-gbk.txt'))];
  await page.evaluate((bytes) => {
    const dt = new DataTransfer();
    dt.items.add(new File([new Uint8Array(bytes)], '年报.txt', { type: 'text/plain' }));
    document.body.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, bytes);
  await waitChecked(page, 2);
  assert.match(await page.textContent('#nb-meta'), /纯文本 · 编码 (GBK|GB18030)/);
  assert.equal(await page.textContent('#nb-doc .nb-text'), readSeed('004'));
  assert.equal(await page.$$eval('#nb-doc mark.nb-cell', (m) => m.length), 15);
  // A file the page cannot read: a PDF cut short (the core's fileKind: the PDF magic number;
  // pdf.js: no document in it).
  await page.setInputFiles('#nb-file', { name: '年报.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4') });
  await page.waitForFunction(() => !document.getElementById('nb-message').hidden);
  assert.equal(await page.isHidden('#nb-result'), true);
  assert.match(await page.textContent('#nb-message'), /^「年报\.pdf」：PDF 文件已损坏或不完整/);
  assert.deepEqual(foreign(), []);
  await page.close();
});

test('text/plain holding a page source is read as HTML (the core decides); the file chooser offers the core’s file types', async () => {
  const { page, foreign, errors } = await openPage();
  const accept = (await page.getAttribute('#nb-file', 'accept')).split(',');
  for (const ext of ['.html', '.htm', '.txt']) assert.ok(accept.includes(ext), `${ext} in ${accept}`);
  const html = textReportToHtml(readSeed('004'));
  await pasteAndWait(page, { text: html });
  assert.match(await page.textContent('#nb-meta'), /网页（含表格）/);
  assert.equal(await page.textContent('#nb-summary'), '发现 2 处错误、1 处警告');
  assert.equal(await page.$$eval('#nb-doc .nb-td', (t) => t.length), 15);
  // Typed (or edited) into the box and checked with the button: the same.
  await page.fill('#nb-paste', html);
  await page.click('#nb-recheck');
  await waitChecked(page, 2);
  assert.match(await page.textContent('#nb-meta'), /网页（含表格）/);
  assert.equal(await page.$$eval('#nb-doc .nb-td', (t) => t.length), 15);
  // Plain text stays text.
  await page.fill('#nb-paste', readSeed('004'));
  await page.click('#nb-recheck');
  await waitChecked(page, 3);
  assert.match(await page.textContent('#nb-meta'), /纯文本/);
  assert.deepEqual(foreign(), []);
  assert.deepEqual(errors, []);
  await page.close();
});

test('empty paste and text that is not a report get a clear message', async () => {
  const { page } = await openPage();
  await pasteAndWait(page, {});
  assert.match(await page.textContent('#nb-message'), /没有可检查的内容/);
  assert.equal(await page.isHidden('#nb-result'), true);
  await pasteAndWait(page, { text: '通知：明天上午九点在三楼会议室开会，请准时参加。' });
  assert.match(await page.textContent('#nb-message'), /不像政府信息公开工作年度报告/);
  assert.equal(await page.isHidden('#nb-result'), true);
  await page.close();
});

test('pasted HTML with <script>, onerror= and javascript: payloads: nothing runs, loads or navigates', async () => {
  const { page, foreign, requests, dialogs, errors } = await openPage();
  // Every navigation of any frame after the page has loaded (none may happen).
  const navigations = [];
  page.on('framenavigated', (f) => navigations.push(f.url()));
  const report = textReportToHtml(readSeed('004'));
  const payload = `
    <script>window.__pwned = 'script'; alert('script')</script>
    <img src="http://evil.invalid/a.png" onerror="window.__pwned='img'; alert('img')">
    <img src=x onerror="window.__pwned='img2'">
    <p><a id="evil-link" href="javascript:window.__pwned='js';alert('js')">点我查看附件</a></p>
    <svg><script>window.__pwned='svg'</script><image href="http://evil.invalid/s.png"></image></svg>
    <iframe src="javascript:parent.__pwned='iframe'"></iframe>
    <div style="background-image:url(http://evil.invalid/bg.png)">带背景的段落</div>
    <link rel="stylesheet" href="http://evil.invalid/x.css">
    <style>@import url(http://evil.invalid/y.css); body { background: url(http://evil.invalid/z.png) }</style>
    <table background="http://evil.invalid/t.png"><tr><td onclick="window.__pwned='td'" onmouseover="window.__pwned='hover'">单元格</td></tr></table>
    <math><mtext><table><mglyph><style><img src=x onerror="window.__pwned='mxss'"></style></mglyph></table></mtext></math>
    <noscript><p title="</noscript><img src=x onerror=window.__pwned='noscript'>"></p></noscript>
    <form action="http://evil.invalid/"><input autofocus onfocus="window.__pwned='focus'"></form>
    <details open ontoggle="window.__pwned='toggle'"><summary>摘要</summary></details>
    <video><source onerror="window.__pwned='video'"></video>
    <object data="http://evil.invalid/o"></object><embed src="http://evil.invalid/e">
    <meta http-equiv="refresh" content="0;url=http://evil.invalid/">
    <base href="http://evil.invalid/">
    <body onload="window.__pwned='onload'">`;
  const html = report.replace('<body>', `<body>${payload}`);
  await pasteAndWait(page, { html });
  await page.waitForTimeout(300);
  // The report was still read and highlighted.
  assert.equal(await page.textContent('#nb-summary'), '发现 2 处错误、1 处警告');
  // What the sanitiser left, read without waiting on anything: no script, frame or plugin, no
  // inline event handler, no javascript: URL anywhere in the page.
  const left = await page.$eval('#nb-doc', (d) => ({
    active: d.querySelectorAll('script, img, iframe, svg, math, object, embed, link, style, meta, base, form, input, video, source').length,
    scripts: document.querySelectorAll('#nb-doc script, #nb-doc iframe, #nb-doc frame, #nb-doc object, #nb-doc embed').length,
    onAttrs: [...d.querySelectorAll('*')].flatMap((el) => [...el.attributes].map((a) => a.name)).filter((n) => n.startsWith('on') || n === 'href' || n === 'src' || n === 'background').length,
    handlers: [...document.querySelectorAll('#nb-doc *')].flatMap((el) => [...el.attributes]).filter((a) => /^on/i.test(a.name)).map((a) => a.name),
    jsUrls: [...document.querySelectorAll('*')].flatMap((el) => [...el.attributes]).filter((a) => /^\s*(javascript|vbscript):/i.test(a.value)).map((a) => `${a.ownerElement.localName}[${a.name}]`),
    urlStyles: [...d.querySelectorAll('[style]')].filter((el) => /url\(/i.test(el.getAttribute('style'))).length,
    text: d.textContent,
  }));
  assert.equal(left.active, 0);
  assert.equal(left.scripts, 0);
  assert.equal(left.onAttrs, 0);
  assert.deepEqual(left.handlers, []);
  assert.deepEqual(left.jsUrls, []);
  assert.equal(left.urlStyles, 0);
  for (const t of ['点我查看附件', '带背景的段落', '单元格', '摘要']) assert.ok(left.text.includes(t), t);
  // Try the interactive payloads where their text survived (the sanitiser drops the id, the
  // href and the handlers, so look them up by text and act only on what is there).
  const link = page.locator('#nb-doc a', { hasText: '点我查看附件' });
  if ((await link.count()) > 0) await link.first().click({ timeout: 5000 });
  const cell = page.locator('#nb-doc td', { hasText: '单元格' });
  assert.equal(await cell.count(), 1, 'the payload table cell is shown');
  await cell.hover({ timeout: 5000 });
  await cell.click({ timeout: 5000 });
  await page.waitForTimeout(300);
  assert.equal(await page.evaluate(() => window.__pwned), undefined);
  assert.deepEqual(dialogs, []);
  assert.deepEqual(navigations, []);
  assert.equal(page.frames().length, 1);
  assert.equal(page.url(), session.server.url);
  assert.deepEqual(foreign(), []);
  assert.ok(!requests.some((u) => u.includes('evil.invalid')));
  assert.deepEqual(errors, []);
  await page.close();
});

test('the single file dist/nianbao.html works from file:// with no request but itself', async () => {
  const file = path.join(dist, 'nianbao.html');
  const url = fileUrl(file);
  const html = readFileSync(file, 'utf8');
  assert.ok(!/<script[^>]+src=/i.test(html) && !/<link[^>]+href="(?!data:)/i.test(html), 'nothing external is referenced');
  const { page, requests, foreign, errors } = await openPage(url, (u) => u === url || u.startsWith('data:') || u.startsWith('blob:'));
  await pasteAndWait(page, { text: readSeed('004') });
  assert.equal(await page.textContent('#nb-summary'), '发现 2 处错误、1 处警告');
  const marks = await textMarks(page);
  assert.equal(marks.filter((m) => /nb-cell/.test(m.cls)).length, 15);
  assert.equal(marks.filter((m) => /nb-sentence/.test(m.cls)).length, 2);
  assert.match(marks.find((m) => m.line === 332).title, /写作「1」，应为0(\n|$)/);
  await pasteAndWait(page, { html: textReportToHtml(readSeed('004')) });
  assert.equal(await page.$$eval('#nb-doc .nb-td', (t) => t.length), 15);
  assert.deepEqual(foreign(), []);
  // The only other request is the check worker, started from a blob: URL of the page's own
  // inline text; the checks ran there.
  assert.deepEqual(requests.filter((u) => !u.startsWith('blob:')), [url]);
  assert.ok(requests.filter((u) => u.startsWith('blob:')).length <= 1, requests.join(' '));
  assert.deepEqual(await page.evaluate(() => [window.nianbao.stats.worker, window.nianbao.stats.timings.at(-1).where]), ['worker', 'worker']);
  assert.deepEqual(errors, []);
  await page.close();
});

/** Prose findings: a clause repeated within one sentence (P402) is highlighted at both places,
 *  the two marks at exactly the offsets the core gives, as one finding. */
for (const [seed, clause, line] of [['000', '为居民申请政府信息公开提供了更多渠道', 9], ['004', '全面履行内容审核把关职责', 401]]) {
  test(`seed ${seed}: the repeated clause 「${clause}」 (P402) is highlighted at both places`, async () => {
    const { page } = await openPage();
    const text = readSeed(seed);
    await pasteAndWait(page, { text });
    const report = await page.evaluate(() => window.nianbao.lastReport);
    const prose = report.findings.map((f, fi) => ({ f, fi })).filter(({ f }) => /^P4/.test(f.code));
    assert.deepEqual(prose.map(({ f }) => f.code), ['P402']);
    const { f, fi } = prose[0];
    assert.equal(f.locations.length, 2, 'both places');
    for (const l of f.locations) assert.equal(text.slice(l.u16_start, l.u16_end), clause);
    const marks = (await textMarks(page)).filter((m) => m.fis.split(' ').includes(String(fi)));
    assert.deepEqual(marks.map((m) => [m.offset, m.line, m.text]), f.locations.map((l) => [l.u16_start, line, clause]));
    for (const m of marks) {
      assert.match(m.cls, /nb-sentence/);
      assert.match(m.cls, /nb-warning/);
      assert.match(m.title, new RegExp(clause));
    }
    assert.ok(seedLine(seed, line).split(clause).length >= 3, `line ${line} of seed ${seed} holds the clause twice`);
    assert.equal(await page.textContent('#nb-doc .nb-text'), text);
    // Clicking the finding flashes both.
    await page.click(`.nb-finding[data-fi="${fi}"]`);
    assert.deepEqual(await page.$$eval('#nb-doc .nb-flash', (els) => els.map((e) => e.textContent)), [clause, clause]);
    await page.close();
  });
}

/** The core's own HTML renderings of the seeds (Word-style markup, GBK, &nbsp;): opened as
 *  files, sanitised, checked, and every place a finding points at is marked on the display —
 *  the browser's element numbering agrees with the core's. */
const htmlFixtures = path.join(root, 'tests/fixtures/html');
test('HTML renderings of the seeds: every finding place is marked, on the right cell', async () => {
  const files = readdirSync(htmlFixtures).filter((f) => f.endsWith('.html')).sort();
  assert.equal(files.length, 5, 'tests/fixtures/html holds the five renderings');
  const { page, foreign, errors } = await openPage();
  let n = 0;
  for (const f of files) {
    await page.setInputFiles('#nb-file', path.join(htmlFixtures, f));
    await waitChecked(page, ++n);
    const r = await page.evaluate(() => {
      const report = window.nianbao.lastReport;
      const out = { summary: document.querySelector('#nb-summary').textContent, meta: document.querySelector('#nb-meta').textContent, missing: [], wrong: [] };
      report.findings.forEach((fd, fi) => {
        for (const c of fd.cells || []) {
          if (!c.location) continue;
          const el = [...document.querySelectorAll(`#nb-doc [data-nb-f~="${fi}"]`)];
          if (!el.length) out.missing.push(`${fd.code} ${c.row} ${c.col}`);
          else if (c.value && !el.some((e) => e.textContent.replace(/\s+/g, '').includes(c.value.replace(/\s+/g, '')))) out.wrong.push(`${fd.code} ${c.row} ${c.col} ${c.value}`);
        }
        if ((fd.locations || []).length && !document.querySelector(`#nb-doc [data-nb-f~="${fi}"]`)) out.missing.push(fd.code);
      });
      out.outlined = [...document.querySelectorAll('#nb-doc .nb-td')].map((td) => td.textContent.trim());
      out.sentences = [...document.querySelectorAll('#nb-doc mark.nb-sentence')].map((m) => `${report.findings[+m.dataset.nbF].code}:${m.textContent}`);
      // P411's table cell: its row's label and whether it is the row's last cell (总计).
      out.p411 = [...document.querySelectorAll('#nb-doc .nb-td')]
        .filter((td) => td.dataset.nbF.split(' ').some((i) => report.findings[+i].code === 'P411'))
        .map((td) => {
          const cells = [...td.parentElement.cells];
          return `${cells[0].textContent.replace(/\s+/g, '')}|${cells.at(-1) === td ? 'last' : cells.indexOf(td)}|${td.textContent.trim()}`;
        });
      out.total = document.querySelector('#nb-doc .nb-td[data-nb-tip*="写作「1」，应为0"]')?.textContent.trim() ?? null;
      return out;
    });
    assert.doesNotMatch(r.meta, /无法在原文中标出/, f);
    assert.deepEqual(r.missing, [], f);
    assert.deepEqual(r.wrong, [], f);
    if (f.startsWith('000')) {
      assert.deepEqual(r.sentences, ['P402:为居民申请政府信息公开提供了更多渠道', 'P402:为居民申请政府信息公开提供了更多渠道']);
    }
    if (f.startsWith('001')) {
      assert.equal(r.summary, '发现 1 处错误');
      assert.deepEqual(r.sentences, ['P411:收到政府信息公开申请27件']);
      assert.deepEqual(r.p411, ['一、本年新收政府信息公开申请数量|last|２５']);
      assert.deepEqual(r.outlined, ['２５']);
    }
    if (f.startsWith('003')) {
      assert.match(r.meta, /编码 GB/);
      assert.deepEqual(r.sentences, ['P411:收到申请公开政府信息 2 件']);
      assert.deepEqual(r.p411, ['一、本年新收政府信息公开申请数量|last|6']);
      assert.deepEqual(r.outlined, ['本年度止件数', '6']);
    }
    if (f.startsWith('004')) {
      assert.equal(r.summary, '发现 2 处错误、1 处警告');
      assert.deepEqual(r.outlined, ['2', '0', '2', '0', '0', '0', '0', '0', '1', '0', '0', '0', '0', '0', '0']);
      assert.deepEqual(r.sentences, ['P402:全面履行内容审核把关职责', 'P402:全面履行内容审核把关职责']);
      assert.equal(r.total, '1');
    }
  }
  assert.deepEqual(foreign(), []);
  assert.deepEqual(errors, []);
  await page.close();
});
