// End-to-end tests of the page as a clerk's tool (Debian's Chromium via playwright-core): the
// marks' roles, the tooltip and the two-way link between marks and the numbered list; 已核实 /
// 忽略 kept across a reload; copy, CSV and print; one column at 390 px; keyboard and screen
// reader (a path to every control, the live region, arrow keys in the tabs, axe-core); odd
// inputs; the sanitiser's limits; a missing wasm; batches of files and zips; 「检查项目说明」. The
// README's screenshots (docs/screenshots/) are taken here. The 2 MB page's responsiveness is
// measured apart, in page-responsive.alone.test.mjs.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { readFileSync, mkdirSync, readdirSync } from 'node:fs';
import { zipSync, strToU8 } from 'fflate';
import { pageSession, paste, waitChecked, readSeed, textReportToHtml, root } from './helpers.mjs';
import { bigPage, pagesDir } from './page-fixtures.mjs';

const shots = path.join(root, 'docs/screenshots');
const axeSource = readFileSync(path.join(root, 'node_modules/axe-core/axe.min.js'), 'utf8');
const sifangtai = readFileSync(path.join(pagesDir, 'sifangtai-2024.html'), 'utf8');
const session = pageSession();

before(() => {
  mkdirSync(shots, { recursive: true });
});

async function openPage({ url = session.server.url, viewport, colorScheme } = {}) {
  const page = await session.browser.context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  if (viewport) await page.setViewportSize(viewport);
  if (colorScheme) await page.emulateMedia({ colorScheme });
  await page.goto(url);
  await page.waitForFunction(() => window.nianbao);
  // Each test starts with no 已核实/忽略 of an earlier one (the browser profile is shared).
  await page.evaluate(() => localStorage.clear());
  await page.evaluate(() => window.nianbao.ready());
  return { page, errors };
}

const counter = new WeakMap();
async function pasteAndWait(page, data) {
  const n = Number(await page.evaluate(() => document.documentElement.dataset.nbChecked || 0)) + 1;
  counter.set(page, n);
  assert.equal(await paste(page, data), true);
  await waitChecked(page, n);
}

async function axe(page, label) {
  await page.evaluate(`${axeSource}\n;0`);
  const r = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }).then((x) => x.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(' | ')}`)));
  assert.deepEqual(r, [], `axe-core violations (${label})`);
}

test('marks: the cell to change is solid, the cells that take part dashed, sentences wavy; Tab reaches the marks', async () => {
  const { page, errors } = await openPage();
  await pasteAndWait(page, { html: sifangtai });
  const marks = await page.$$eval('#nb-doc [data-nb-f]', (els) => els.map((e) => {
    const cs = getComputedStyle(e);
    return { text: e.textContent.trim(), cls: e.className, outline: cs.outlineStyle, width: parseFloat(cs.outlineWidth), deco: cs.textDecorationStyle, tab: e.tabIndex, described: e.getAttribute('aria-describedby') };
  }));
  const change = marks.filter((m) => /nb-change/.test(m.cls) && /nb-td/.test(m.cls));
  const part = marks.filter((m) => /nb-part/.test(m.cls));
  const sentences = marks.filter((m) => /nb-sentence/.test(m.cls) && /^MARK$/i.test('MARK'));
  assert.ok(change.length >= 1 && part.length >= 1 && sentences.length >= 1, JSON.stringify({ change: change.length, part: part.length, sentences: sentences.length }));
  for (const m of change) assert.equal(m.outline, 'solid', m.text);
  for (const m of part) assert.equal(m.outline, 'dashed', m.text);
  assert.ok(Math.min(...change.map((m) => m.width)) > Math.max(...part.map((m) => m.width)), 'the cell to change is drawn heavier');
  for (const m of marks.filter((x) => /mark/.test(x.cls) || /nb-sentence/.test(x.cls)).filter((x) => /nb-sentence/.test(x.cls))) assert.equal(m.deco, 'wavy');
  // Every mark is focusable and described by its findings' hidden descriptions.
  for (const m of marks) {
    assert.equal(m.tab, 0);
    for (const id of m.described.split(' ')) assert.ok(await page.$(`#${id}`), id);
  }
  const desc = await page.textContent(`#${marks.find((m) => /nb-change/.test(m.cls)).described.split(' ')[0]}`);
  assert.match(desc, /^第\d+条，/);
  // T101's one diagnosis: the 自然人 cell of 四, the one cell of its finding with a fix line.
  const total = await page.$eval('#nb-doc .nb-td.nb-change[data-nb-tip*="应为0"]', (e) => e.textContent.trim());
  assert.equal(total, '1');
  await page.screenshot({ path: path.join(shots, 'result.png') });
  assert.deepEqual(errors, []);
  await page.close();
});

test('tooltip on focus and hover with the message, the fix and 依据; Enter on a mark focuses its finding; a finding focuses its first mark', async () => {
  const { page } = await openPage();
  await pasteAndWait(page, { text: readSeed('004') });
  const fi = await page.$eval('.nb-group[data-code="T101"] .nb-finding', (b) => b.dataset.fi);
  const num = await page.$eval('.nb-group[data-code="T101"] .nb-finding .nb-num', (n) => n.textContent.replace('.', ''));
  // Finding → mark.
  await page.focus(`.nb-finding[data-fi="${fi}"]`);
  await page.keyboard.press('Enter');
  await page.waitForFunction((fi) => document.activeElement?.dataset.nbF?.split(' ').includes(fi), fi);
  // The focus lands on the cell to change (solid), not on a cell that only takes part.
  assert.match(await page.evaluate(() => document.activeElement.className), /nb-change/);
  assert.equal(await page.evaluate(() => document.activeElement.textContent.trim()), '1');
  assert.equal(await page.isVisible('#nb-tip'), true);
  const tip = await page.textContent('#nb-tip');
  assert.match(tip, new RegExp(`第${num}条`));
  assert.match(tip, /写作「1」，应为0/);
  assert.match(tip, /「四、结转下年度继续办理」行「自然人」列写作「1」，按勾稽关系应为0/);
  assert.match(tip, /依据：/);
  await page.keyboard.press('Escape');
  assert.equal(await page.isVisible('#nb-tip'), false);
  // Tab to the cell to change, Enter → its finding in the list has the focus.
  const totalSel = '#nb-doc mark.nb-change[data-nb-tip*="写作「1」，应为0"]';
  await page.focus(totalSel);
  assert.match(await page.textContent('#nb-tip'), /写作「1」，应为0/);
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement.classList.contains('nb-finding') && document.activeElement.dataset.fi), fi);
  // Hover shows it too; moving away hides it.
  await page.hover('#nb-doc mark.nb-sentence');
  await page.waitForSelector('#nb-tip:not([hidden])');
  assert.match(await page.textContent('#nb-tip'), /全面履行内容审核把关职责/);
  await page.mouse.move(1, 1);
  await page.waitForSelector('#nb-tip', { state: 'hidden' });
  await page.close();
});

test('已核实 and 忽略 are kept across a reload, counted apart, greyed, with an undo; 本规则不再提示', async () => {
  const { page } = await openPage();
  await pasteAndWait(page, { text: readSeed('004') });
  const item = (code) => `.nb-group[data-code="${code}"] .nb-item`;
  await page.click(`${item('T101')} .nb-act-verified`);
  await page.click(`${item('P402')} .nb-act-ignored`);
  assert.equal(await page.textContent('#nb-summary'), '发现 1 处错误');
  assert.equal(await page.textContent('#nb-aside'), '（另有 1 处已核实、1 处已忽略）');
  assert.match(await page.getAttribute(item('T101'), 'class'), /nb-state-verified/);
  assert.match(await page.$eval('#nb-doc mark.nb-sentence', (m) => m.className), /nb-set-aside/);
  assert.match(await page.textContent('#nb-status'), /另有 1 处已核实、1 处已忽略/);
  // Reload: the same report, checked again, remembers.
  await page.reload();
  await page.waitForFunction(() => window.nianbao);
  await page.evaluate(() => window.nianbao.ready());
  await pasteAndWait(page, { text: readSeed('004') });
  assert.match(await page.getAttribute(item('T101'), 'class'), /nb-state-verified/);
  assert.match(await page.getAttribute(item('P402'), 'class'), /nb-state-ignored/);
  assert.equal(await page.textContent('#nb-aside'), '（另有 1 处已核实、1 处已忽略）');
  // The same report as HTML (other element numbers, other offsets) is the same report.
  await pasteAndWait(page, { html: textReportToHtml(readSeed('004')) });
  assert.match(await page.getAttribute(item('T101'), 'class'), /nb-state-verified/);
  // Undo; mute a rule.
  await page.click(`${item('T101')} .nb-undo`);
  assert.match(await page.getAttribute(item('T101'), 'class'), /nb-state-open/);
  await page.click(`${item('S301')} .nb-act-mute`);
  assert.match(await page.getAttribute(item('S301'), 'class'), /nb-state-muted/);
  assert.equal(await page.textContent('#nb-aside'), '（另有 1 处已忽略、1 处本规则不再提示）');
  await page.click(`${item('S301')} .nb-undo`);
  await page.click(`${item('P402')} .nb-undo`);
  assert.equal(await page.textContent('#nb-aside'), '');
  await page.close();
});

test('copy: the numbered list in panel order with places and fix lines; CSV named after issuer and year; print view', async () => {
  const { page } = await openPage();
  await session.browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: session.server.url.replace(/\/$/, '') });
  await pasteAndWait(page, { html: sifangtai });
  await page.click('#nb-copy');
  await page.waitForFunction(() => /已复制问题清单/.test(document.getElementById('nb-status').textContent));
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  const lines = copied.trim().split('\n');
  const report = await page.evaluate(() => window.nianbao.lastReport);
  assert.match(lines[0], /^四方台区2024年政府信息公开工作年度报告：发现 \d+ 处错误/);
  assert.equal(lines.length, report.findings.length + 1);
  lines.slice(1).forEach((l, i) => assert.match(l, new RegExp(`^${i + 1}\\.【(错误|警告|提示)】`)));
  // The panel's numbers are the list's, in the same order.
  const panel = await page.$$eval('#nb-findings .nb-finding .nb-num', (ns) => ns.map((n) => n.textContent));
  assert.deepEqual(panel, lines.slice(1).map((_, i) => `${i + 1}.`));
  assert.match(copied, /「收到和处理政府信息公开申请情况」表「四、结转下年度继续办理」行「自然人」列：写作「1」，应为0/);
  assert.doesNotMatch(copied, /元素#|\n\s*\n/);
  // CSV.
  const [dl] = await Promise.all([page.waitForEvent('download'), page.click('#nb-dl-csv')]);
  assert.equal(dl.suggestedFilename(), '四方台区2024年年报-问题清单.csv');
  const body = readFileSync(await dl.path(), 'utf8');
  assert.ok(body.startsWith('\uFEFF序号,严重程度,规则代码,规则,说明,位置,'));
  assert.doesNotMatch(body, /元素#/);
  const rows = body.trim().split('\r\n').slice(1);
  assert.deepEqual([...new Set(rows.map((r) => Number(r.split(',')[0])))], lines.slice(1).map((_, i) => i + 1), 'panel order');
  for (const r of rows) assert.doesNotMatch(r, /"[^"]*\n/, 'values on one line');
  // Print: the report and the numbered findings only; marks numbered as the list.
  await page.emulateMedia({ media: 'print' });
  const printed = await page.evaluate(() => {
    const shown = (sel) => [...document.querySelectorAll(sel)].some((e) => getComputedStyle(e).display !== 'none' && e.getClientRects().length);
    const mark = document.querySelector('#nb-doc .nb-change');
    return {
      textarea: shown('#nb-paste'), buttons: shown('button:not(.nb-finding)'), tabs: shown('.nb-tabs'), doc: shown('#nb-doc'), list: shown('#nb-findings .nb-finding'),
      number: getComputedStyle(mark, '::after').content, n: mark.dataset.nbN,
    };
  });
  assert.deepEqual({ ...printed, number: undefined, n: undefined }, { textarea: false, buttons: false, tabs: false, doc: true, list: true, number: undefined, n: undefined });
  assert.equal(printed.number, `"[${printed.n}]"`);
  await page.emulateMedia({ media: 'screen' });
  await page.close();
});

test('390 px: one column; after scrolling and after clicking a finding the list and the report never overlap', async () => {
  const { page, errors } = await openPage({ viewport: { width: 390, height: 844 } });
  await pasteAndWait(page, { html: sifangtai });
  const overlap = () => page.evaluate(() => {
    const out = [];
    for (const [sel, other] of [['#nb-findings', '#nb-doc'], ['#nb-doc', '#nb-findings']]) {
      const r = document.querySelector(sel).getBoundingClientRect();
      const top = Math.max(0, r.top + 2);
      const bottom = Math.min(innerHeight, r.bottom - 2);
      for (let y = top; y < bottom; y += 23) {
        for (let x = Math.max(2, r.left + 2); x < Math.min(innerWidth, r.right - 2); x += 37) {
          const e = document.elementFromPoint(x, y);
          if (e && document.querySelector(other).contains(e)) out.push(`${sel}@${x},${y}`);
        }
      }
    }
    return out;
  });
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= innerWidth + 1), 'no sideways scrolling of the page');
  assert.deepEqual(await overlap(), []);
  for (const y of [400, 900, 1600]) {
    await page.evaluate((y) => window.scrollTo(0, y), y);
    assert.deepEqual(await overlap(), [], `scrolled to ${y}`);
  }
  await page.click('.nb-group .nb-finding');
  await page.waitForTimeout(100);
  assert.deepEqual(await overlap(), [], 'after clicking a finding');
  assert.equal(await page.evaluate(() => getComputedStyle(document.getElementById('nb-findings')).position), 'static');
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: path.join(shots, 'phone-390.png'), fullPage: false });
  assert.deepEqual(errors, []);
  await page.close();
});

test('keyboard: Tab reaches every control; the tabs move with the arrow keys; the live region says what was found', async () => {
  const { page } = await openPage();
  await pasteAndWait(page, { text: readSeed('004') });
  assert.equal(await page.textContent('#nb-status'), '检查完成：发现 2 处错误、1 处警告。');
  assert.equal(await page.getAttribute('#nb-status', 'role'), 'status');
  const controls = await page.$$eval('button, a[href], textarea, input, [tabindex]', (els) => els
    .filter((e) => e.tabIndex >= 0 && !e.closest('[hidden]') && e.getClientRects().length && !e.disabled)
    .map((e) => e.id || `${e.tagName}.${e.className}|${e.textContent.slice(0, 20)}|${e.dataset.fi ?? ''}`));
  // Listen for the file chooser now: Playwright turns on its interception when the first
  // listener is added, without waiting for the browser; added with the Enter press below, the
  // press can win the race under load and the chooser is never reported.
  const chooserOpened = new Promise((resolve) => page.once('filechooser', resolve));
  const reached = new Set();
  await page.evaluate(() => document.activeElement?.blur());
  for (let i = 0; i < controls.length + 60; i++) {
    await page.keyboard.press('Tab');
    const id = await page.evaluate(() => {
      const e = document.activeElement;
      return e.id || `${e.tagName}.${e.className}|${e.textContent.slice(0, 20)}|${e.dataset.fi ?? ''}`;
    });
    reached.add(id.replace(/ nb-flash| nb-active/g, ''));
  }
  const missing = controls.map((c) => c.replace(/ nb-flash| nb-active/g, '')).filter((c) => !reached.has(c));
  assert.deepEqual(missing, []);
  // The tab that is not selected is out of the Tab order (roving tabindex: the arrow keys reach it).
  assert.ok(!reached.has('nb-tab-tables'));
  for (const id of ['nb-paste', 'nb-recheck', 'nb-open', 'nb-open-folder', 'nb-sample-button', 'nb-copy', 'nb-print', 'nb-dl-csv', 'nb-tab-doc']) assert.ok(reached.has(id), id);
  // 「打开文件…」 is a button that opens the chooser.
  await page.focus('#nb-open');
  await page.keyboard.press('Enter');
  let timer;
  const chooser = await Promise.race([chooserOpened, new Promise((_, reject) => (timer = setTimeout(() => reject(new Error('no file chooser after Enter on 「打开文件…」')), 10000)))]);
  clearTimeout(timer);
  assert.equal(chooser.isMultiple(), true);
  // Tabs: arrows, Home, End.
  await page.focus('#nb-tab-doc');
  await page.keyboard.press('ArrowRight');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'nb-tab-tables');
  assert.equal(await page.getAttribute('#nb-tab-tables', 'aria-selected'), 'true');
  assert.equal(await page.isVisible('#nb-tables'), true);
  await page.keyboard.press('ArrowRight');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'nb-tab-doc');
  await page.keyboard.press('End');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'nb-tab-tables');
  await page.keyboard.press('Home');
  assert.equal(await page.getAttribute('#nb-tab-doc', 'aria-selected'), 'true');
  await page.close();
});

test('axe-core: no violations on first load, after a check, on the tables tab, in the dark theme, in a batch', async () => {
  const { page } = await openPage();
  await axe(page, 'first load');
  await pasteAndWait(page, { html: sifangtai });
  await axe(page, 'after a check');
  await page.click('#nb-tab-tables');
  await axe(page, 'tables tab');
  await page.close();
  const dark = await openPage({ colorScheme: 'dark' });
  await pasteAndWait(dark.page, { text: readSeed('004') });
  await axe(dark.page, 'dark theme');
  await dark.page.screenshot({ path: path.join(shots, 'dark.png') });
  await dark.page.close();
});

test('odd inputs: a report whose body is images; a file shows its name and size, not its markup', async () => {
  const { page } = await openPage();
  const title = '湛河区2024年政府信息公开工作年度报告';
  const scanned = `<html><head><title>${title}</title></head><body><h1>${title}</h1><p><img src="scan-1.jpg" alt=""></p><p><img src="scan-2.jpg" alt=""></p><p><img src="scan-3.jpg" alt=""></p></body></html>`;
  await pasteAndWait(page, { html: scanned });
  assert.match(await page.textContent('#nb-message'), /正文是图片或扫描件，无法检查文字/);
  assert.match(await page.textContent('#nb-status'), /正文是图片或扫描件/);
  await page.setInputFiles('#nb-file', { name: '四方台区年报.html', mimeType: 'text/html', buffer: Buffer.from(sifangtai) });
  await page.waitForFunction(() => !document.getElementById('nb-result').hidden);
  assert.equal(await page.inputValue('#nb-paste'), '');
  assert.match(await page.textContent('#nb-file-info'), /^已打开文件：四方台区年报\.html（\d+ KB）$/);
  // A file of more lines than are read (60,000 lines of figures): the answer says the rest was
  // not read.
  await page.setInputFiles('#nb-file', { name: '导出.txt', mimeType: 'text/plain', buffer: Buffer.from('0 |\n'.repeat(60000)) });
  await page.waitForFunction(() => /内容过长/.test(document.getElementById('nb-message').textContent));
  assert.match(await page.textContent('#nb-message'), /不像政府信息公开工作年度报告.*内容过长，只读取了开头的5万个段落、行或表格单元格，其后的内容没有读取，也没有检查。/);
  await page.close();
});

test('sanitising a big page in slices gives the very DOM (and image count) that sanitising it in one call gives, hostile markup at every level', async () => {
  const { page, errors } = await openPage();
  const hostile = [
    '<img src=x onerror="window.__pwned=1">', '<script>window.__pwned=2</script>', '<style>body{color:red}</style>',
    '<svg><a xlink:href="javascript:alert(1)"><text>s</text></a></svg>', '<math><mi><mglyph><style><img src=x onerror=alert(1)></style></mglyph></mi></math>',
    '<template><img src=x onerror=alert(1)></template>', '<form><input name="attributes"><input name="nodeName">表单</form>', '<!-- c --><?pi x?>',
    '<x-custom onclick="1">自定义</x-custom>', '<a href="javascript:alert(1)">链接</a>', '<p style="background:url(x)">样式</p>', '<td rowspan="65534">格</td>',
    '<o:p>词</o:p>', '<span style="color: rgb(1,2,3)">色</span>', '<iframe srcdoc="<script>alert(1)</script>"></iframe>', '<p>&lt;b&gt;文本</p>',
    '<b title="&lt;/b&gt;&lt;img src=x onerror=alert(1)&gt;">粗</b>', '<table><tr><td>1<td>2</table>', '<select><option>选</select>', '<textarea><p>t</textarea>',
    '<font face="仿宋" color="red" size="3">字</font>', '<object data="x.swf"><img src="y.png">替代</object>',
  ];
  const items = Array.from({ length: 3000 }, (_, i) => `<li><a href="/a/${i}.html" onclick="x()">第${i}条</a><span data-x="1">2024-01-01</span>${hostile[i % hostile.length]}</li>`);
  const table = `<table border=1>${Array.from({ length: 200 }, (_, r) => `<tr>${[0, 1, 2, 3].map((c) => `<td>${hostile[(r + c) % hostile.length]}${r}</td>`).join('')}</tr>`).join('')}</table>`;
  // Elements too big for one DOMPurify call, handled above the slices: dropped with their
  // content, unwrapped, or split — each as DOMPurify would. (The one known difference: a form
  // whose controls shadow its DOM properties — a clobbered form — of more than 150 elements,
  // which one call removes whole and the slices unwrap, its controls removed all the same.)
  const many = Array.from({ length: 200 }, (_, i) => `<p>第${i}段<b>粗</b><img src="p${i}.png"></p>`).join('');
  const big = ['form action="x"', 'select', 'svg', 'math', 'template', 'noscript', 'x-wrap onclick="1"', 'button', 'object data="x"', 'picture', 'audio', 'iframe', 'details', 'marquee', 'label for="x"', 'a href="javascript:1"']
    .map((t) => `<${t}>${many}</${t.split(' ')[0]}>`).join('<p>间</p>');
  const pages = {
    hostile: `<html><head><title>t</title><script>1</script></head><body onload="x()">${hostile.join('')}<div class="side"><ul>${items.join('\n')}</ul></div><section><div><div>${table}</div></div></section><x-wrap>${hostile.join('<br>')}${items.slice(0, 400).join('')}</x-wrap>${big}</body></html>`,
    portal: bigPage(),
  };
  for (const [name, html] of Object.entries(pages)) {
    const r = await page.evaluate(async (html) => {
      const m = await import('./sanitize.js');
      // Yield to the event loop without setTimeout's 4 ms clamp on nested timers: the slices
      // are what is tested, not the waits between them (which took most of this test's 16 s).
      const yieldNow = () => new Promise((resolve) => {
        const c = new MessageChannel();
        c.port1.onmessage = resolve;
        c.port2.postMessage(0);
      });
      const whole = {};
      const sliced = {};
      const a = m.sanitizeDom(html, whole).outerHTML;
      const root = await m.sanitizeInSlices(html, { yieldNow, budgetMs: 4, media: sliced });
      const b = root.outerHTML;
      let i = 0;
      while (i < a.length && a[i] === b[i]) i++;
      const unsafe = [...root.querySelectorAll('script, style, img, svg, math, iframe, object, template, form, input, [href], [src], [onclick], [onerror], [onload], [style*="url"]')].map((e) => e.outerHTML.slice(0, 80));
      return { same: a === b, at: i, whole: a.slice(i - 80, i + 80), sliced: b.slice(i - 80, i + 80), media: [whole.removed, sliced.removed], length: a.length, unsafe, pwned: window.__pwned };
    }, html);
    assert.ok(r.same, `${name}: first difference at ${r.at}:\n  one call: ${r.whole}\n  slices:   ${r.sliced}`);
    assert.equal(r.media[1], r.media[0], `${name}: images counted`);
    assert.equal(r.pwned, undefined);
    assert.deepEqual(r.unsafe, [], name);
    if (name === 'hostile') assert.ok(r.length > 200000 && r.media[0] > 1000, JSON.stringify(r.media));
  }
  assert.deepEqual(errors, []);
  await page.close();
});

test('sanitising: huge rowspan/colspan are clamped; url-bearing CSS functions are dropped', async () => {
  const { page } = await openPage();
  const report = textReportToHtml(readSeed('004')).replace('<body>', `<body><table><tr><td rowspan="65534" colspan="1000">巨</td><td style="background-image:-webkit-cross-fade('a.png', 'b.png', 50%)">淡</td><td style="color: rgb(1, 2, 3); font-family: '仿宋_GB2312'">色</td><td style="background: image-set('x.png' 1x)">集</td></tr></table>`);
  await pasteAndWait(page, { html: report });
  const cells = await page.$$eval('#nb-doc td', (tds) => tds.slice(0, 4).map((td) => [td.textContent, td.getAttribute('rowspan'), td.getAttribute('colspan'), td.getAttribute('style')]));
  assert.deepEqual(cells[0], ['巨', '200', '60', null]);
  assert.deepEqual(cells[1], ['淡', null, null, null]);
  assert.deepEqual(cells[2][3], "color: rgb(1, 2, 3); font-family: '仿宋_GB2312'");
  assert.equal(cells[3][3], null);
  const t0 = Date.now();
  await page.click('#nb-tab-tables');
  await page.click('#nb-tab-doc');
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0))));
  assert.ok(Date.now() - t0 < 1500, `tab switches took ${Date.now() - t0} ms`);
  await page.close();
});

test('a missing or damaged wasm: a Chinese message, not the browser’s English one', async () => {
  for (const body of [null, Buffer.from('这不是 wasm')]) {
    const page = await session.browser.context.newPage();
    await page.route('**/pkg/nianbao_bg.wasm', (route) => (body ? route.fulfill({ status: 200, contentType: 'application/wasm', body }) : route.fulfill({ status: 404, body: 'not found' })));
    await page.goto(session.server.url);
    await page.waitForFunction(() => window.nianbao);
    await paste(page, { text: readSeed('004') });
    await page.waitForFunction(() => !document.getElementById('nb-message').hidden);
    const text = await page.textContent('#nb-message');
    assert.match(text, /^检查程序没有加载成功：本工具的程序文件（nianbao_bg\.wasm）缺失或已损坏/);
    assert.doesNotMatch(text, /WebAssembly|CompileError|magic|HTTP/);
    await page.close();
  }
});

test('batch: five files and a .zip of three give eight rows; a row shows its report with marks; one CSV for all', async () => {
  const { page, errors } = await openPage();
  const seeds = ['000', '001', '002', '003', '004'].map((s) => ({ name: `${s}.txt`, mimeType: 'text/plain', buffer: Buffer.from(readSeed(s)) }));
  const zip = zipSync({
    '年报/四方台区2024.html': strToU8(sifangtai),
    '年报/湛河区2024.html': new Uint8Array(readFileSync(path.join(pagesDir, 'zhanhe-2024.html'))),
    '年报/说明.txt': strToU8('通知：请于月底前报送。'),
    '__MACOSX/._x': strToU8('x'),
  });
  await page.setInputFiles('#nb-file', [...seeds, { name: '年报.zip', mimeType: 'application/zip', buffer: Buffer.from(zip) }]);
  await waitChecked(page, 1);
  const rows = await page.$$eval('#nb-batch-rows tr', (trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent)));
  assert.equal(rows.length, 5 + 3, JSON.stringify(rows));
  assert.deepEqual(rows.map((r) => r[0]), ['000.txt', '001.txt', '002.txt', '003.txt', '004.txt', '年报.zip/年报/四方台区2024.html', '年报.zip/年报/湛河区2024.html', '年报.zip/年报/说明.txt']);
  assert.equal(rows[4][3], '2');
  assert.equal(rows[4][4], '1');
  assert.match(rows[5][1], /四方台区2024年政府信息公开工作年度报告/);
  assert.equal(rows[5][2], '2024');
  assert.match(rows[7][1], /不像政府信息公开工作年度报告/);
  assert.match(await page.textContent('#nb-status'), /^批量检查完成：共 8 份/);
  await page.screenshot({ path: path.join(shots, 'batch.png') });
  // A row → that report with its marks.
  await page.click('#nb-batch-rows tr:nth-child(5) button');
  await page.waitForFunction(() => !document.getElementById('nb-result').hidden);
  assert.equal(await page.textContent('#nb-summary'), '发现 2 处错误、1 处警告');
  assert.equal(await page.$$eval('#nb-doc mark.nb-cell', (m) => m.length), 15);
  await page.click('#nb-batch-rows tr:nth-child(6) button');
  await page.waitForFunction(() => document.querySelectorAll('#nb-doc .nb-td').length > 0);
  // One CSV with every report's findings.
  const [dl] = await Promise.all([page.waitForEvent('download'), page.click('#nb-batch-csv')]);
  const csv = readFileSync(await dl.path(), 'utf8');
  assert.ok(csv.startsWith('\uFEFF报告,年度,序号,'));
  for (const t of ['四方台区2024年政府信息公开工作年度报告', '说明.txt']) assert.ok(csv.includes(t), t);
  assert.deepEqual(errors, []);
  await page.close();
});

test('batch series: five years of one body and a .zip of three; the years are paired and the cross-year findings listed', async () => {
  const { page, errors } = await openPage();
  const html = (y) => readFileSync(path.join(root, `tests/fixtures/layouts/html/corpus-${y}.html`));
  const files = [2021, 2022, 2023, 2024, 2025].map((y) => ({ name: `平潭${y}.html`, mimeType: 'text/html', buffer: html(y) }));
  const zip = zipSync({ '早年/平潭2019.html': new Uint8Array(html(2019)), '早年/平潭2020.html': new Uint8Array(html(2020)), '早年/说明.txt': strToU8('通知：请于月底前报送。') });
  await page.setInputFiles('#nb-file', [...files, { name: '早年.zip', mimeType: 'application/zip', buffer: Buffer.from(zip) }]);
  await waitChecked(page, 1);
  const rows = await page.$$eval('#nb-batch-rows tr', (trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent)));
  assert.equal(rows.length, 5 + 3, JSON.stringify(rows));
  // 2025's row counts its cross-year warning (Y504), 2020's its error (Y502).
  const row = (y) => rows.find((r) => r[2] === String(y));
  assert.equal(row(2025)[4], '1');
  assert.equal(row(2020)[3], '3', JSON.stringify(row(2020)));
  await page.waitForSelector('#nb-cross:not([hidden])');
  const series = await page.$$eval('#nb-cross .nb-series', (ss) => ss.map((s) => ({ title: s.querySelector('h4').textContent, codes: [...s.querySelectorAll('.nb-cross-finding')].map((li) => `${li.querySelector('button').textContent} ${li.dataset.code}`).sort() })));
  assert.deepEqual(series, [{ title: '平潭综合实验区：2019、2020、2021、2022、2023、2024、2025年度（7 份）', codes: ['2020年度 Y502', '2022年度 Y512', '2023年度 Y505', '2024年度 Y505', '2025年度 Y504'] }], JSON.stringify(series));
  // A cross-year finding opens its report.
  await page.click('#nb-cross .nb-cross-finding[data-code="Y504"] button');
  await page.waitForFunction(() => !document.getElementById('nb-result').hidden);
  assert.match(await page.textContent('#nb-findings'), /多于2024年度报告的现行有效件数440/);
  assert.deepEqual(errors, []);
  await page.close();
});

test('batch series of files: a page, a Word file and two PDFs of one body are paired across years as the CLI pairs them', async () => {
  const { page, errors } = await openPage();
  const layout = (f) => readFileSync(path.join(root, `tests/fixtures/layouts/${f}`));
  await page.setInputFiles('#nb-file', [
    { name: '平潭2025.html', mimeType: 'text/html', buffer: layout('html/corpus-2025.html') },
    { name: '平潭2024.docx', mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', buffer: layout('docx/corpus-2024.docx') },
    { name: '平潭2023.pdf', mimeType: 'application/pdf', buffer: layout('pdf/corpus-2023-a5.pdf') },
    { name: '平潭2022.pdf', mimeType: 'application/pdf', buffer: layout('pdf/corpus-2022-a4-hf.pdf') },
  ]);
  await waitChecked(page, 1);
  await page.waitForSelector('#nb-cross:not([hidden])');
  const series = await page.$$eval('#nb-cross .nb-series', (ss) => ss.map((s) => ({ title: s.querySelector('h4').textContent, codes: [...s.querySelectorAll('.nb-cross-finding')].map((li) => `${li.querySelector('button').textContent} ${li.dataset.code}`).sort() })));
  // `nianbao check` on the four files: 2025 Y504 (beside the .docx), 2024 Y505 (beside a PDF),
  // 2023 Y505 (a PDF beside a PDF).
  assert.deepEqual(series, [{ title: '平潭综合实验区：2022、2023、2024、2025年度（4 份）', codes: ['2023年度 Y505', '2024年度 Y505', '2025年度 Y504'] }], JSON.stringify(series));
  assert.deepEqual(errors, []);
  await page.close();
});

test('「检查项目说明」: generated from the core’s rules, one anchor per code, linked from each finding', async () => {
  const { page } = await openPage();
  await pasteAndWait(page, { text: readSeed('004') });
  const rules = await page.evaluate(() => window.nianbao.lastReport && 0);
  assert.equal(rules, 0);
  await page.click('.nb-group[data-code="T101"] .nb-why');
  await page.waitForSelector('#nb-help:not([hidden])');
  assert.equal(new URL(page.url()).hash, '#rule-T101');
  const entry = await page.textContent('#rule-T101');
  assert.match(entry, /申请情况表每行的总计应等于六类申请人之和/);
  assert.match(entry, /依据：/);
  const codes = await page.$$eval('#nb-help .nb-rule', (s) => s.map((x) => x.id));
  assert.ok(codes.length >= 27, codes.join(' '));
  assert.ok(readdirSync(path.join(root, 'dist')).includes('help.html'));
  await page.click('#nb-help-close');
  assert.equal(await page.isHidden('#nb-help'), true);
  await page.close();
});
