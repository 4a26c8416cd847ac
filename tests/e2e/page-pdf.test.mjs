// PDF and Word files in the web page (Debian's Chromium, playwright-core): pdf.js is loaded only
// when a PDF is opened; the pages are rendered with marks over the cells and sentences the
// findings name (checked against the rendered text layer under each mark); the findings are the
// CLI's for the same file; clicking a finding scrolls to its page; a .docx is checked as a page;
// scans, passwords, damaged files, zip bombs and .doc files are refused in Chinese.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { pageSession, waitChecked, localOnly } from './helpers.mjs';
import { layouts, seedLayouts, cliFindings, pdfMarksOverCells, pdfMarkFaults, htmlMarksOverCells } from './layout-marks.mjs';
const session = pageSession();

async function openPage() {
  const page = await session.browser.context.newPage();
  const requests = [];
  const errors = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(session.server.url);
  await page.waitForFunction(() => window.nianbao && document.getElementById('nb-file'));
  return { page, requests, errors, foreign: () => requests.filter((u) => !localOnly(session.server.url)(u)) };
}

let checks = 0;
async function openFile(page, file) {
  const before = Number((await page.evaluate(() => document.documentElement.dataset.nbChecked)) || 0);
  await page.setInputFiles('#nb-file', file);
  await waitChecked(page, before + 1);
  checks++;
}

test('a PDF: pdf.js and the PDF reader only when opened, the CLI’s reader, pages rendered, marks over the right cells, the CLI’s findings', async () => {
  const { page, requests, errors, foreign } = await openPage();
  assert.equal(requests.filter((u) => u.includes('/vendor/pdfjs/') || u.includes('/vendor/nianbao-pdf/')).length, 0, 'pdf.js and the reader are not loaded with the page');
  const file = path.join(layouts, 'pdf/seed-004-a5.pdf');
  await openFile(page, file);
  assert.ok(requests.some((u) => u.endsWith('/vendor/pdfjs/pdf.min.mjs')), 'pdf.js loaded for the PDF');
  // The text was read by the CLI's reader compiled to wasm, not by pdf.js.
  assert.ok(requests.some((u) => u.endsWith('/vendor/nianbao-pdf/nianbao_pdf_bg.wasm')), 'the PDF reader module loaded');
  const timing = await page.evaluate(() => window.nianbao.stats.timings.at(-1));
  assert.equal(timing.readBy, 'nianbao-pdf');
  assert.equal(timing.readIn, 'worker', 'read in the check worker: a long PDF does not freeze the page');
  assert.match(await page.textContent('#nb-meta'), /PDF（7 页）/);
  const report = await page.evaluate(() => window.nianbao.lastReport);
  assert.equal(report.input, 'pdf');
  const cli = cliFindings(file);
  assert.deepEqual(report.findings.map((f) => `${f.code} ${f.message}`).sort(), cli);
  // Every cell the findings name is marked on its page, at its rectangle; the page under a
  // mark of a cell with a value shows that value (pdf.js's text layer at the mark's centre).
  const checked = await pdfMarksOverCells(page, report);
  assert.ok(checked.length >= 3, JSON.stringify(checked));
  assert.deepEqual(pdfMarkFaults(checked), []);
  // The blank 总计 is the cell to change (solid), its parts dashed.
  const roles = await page.$$eval('#nb-doc .nb-pdf-marks > mark', (ms) => ms.map((m) => m.className));
  assert.ok(roles.some((c) => /nb-change/.test(c)) && roles.some((c) => /nb-part/.test(c)), roles.join('\n'));
  // Clicking a finding of the list scrolls to its page and focuses its mark there.
  await page.evaluate(() => window.scrollTo(0, 0));
  const last = await page.$$eval('#nb-findings button.nb-finding:not(.nb-nowhere)', (bs) => bs.length);
  assert.ok(last > 0);
  await page.click('#nb-findings button.nb-finding:not(.nb-nowhere) >> nth=0');
  await page.waitForFunction(() => document.activeElement?.matches('.nb-pdf-marks > mark'));
  const focused = await page.evaluate(() => {
    const m = document.activeElement.getBoundingClientRect();
    return { page: document.activeElement.closest('.nb-pdf-page').dataset.page, inView: m.top >= 0 && m.bottom <= innerHeight };
  });
  assert.ok(focused.inView, JSON.stringify(focused));
  assert.deepEqual(errors, []);
  assert.deepEqual(foreign(), []);
  await page.close();
});

test('a Word .docx is checked as a page: the same findings as the CLI, marks on its cells', async () => {
  const { page, errors, foreign } = await openPage();
  const file = path.join(layouts, 'docx/seed-004.docx');
  await openFile(page, file);
  assert.match(await page.textContent('#nb-meta'), /Word 文档（\.docx）/);
  const report = await page.evaluate(() => window.nianbao.lastReport);
  const cli = cliFindings(file);
  assert.deepEqual(report.findings.map((f) => `${f.code} ${f.message}`).sort(), cli);
  assert.ok((await page.$$eval('#nb-doc .nb-td', (t) => t.length)) > 3);
  assert.deepEqual(errors, []);
  assert.deepEqual(foreign(), []);
  await page.close();
});

test('every seed as PDF and as .docx: the CLI’s findings, every cell marked over its text', async () => {
  const { page, errors, foreign } = await openPage();
  const files = seedLayouts();
  assert.ok(files.length >= 13, files.join('\n'));
  const faults = [];
  for (const file of files) {
    await openFile(page, file);
    const name = path.basename(file);
    const report = await page.evaluate(() => window.nianbao.lastReport);
    const cli = cliFindings(file);
    assert.deepEqual(report.findings.map((f) => `${f.code} ${f.message}`).sort(), cli, name);
    assert.ok(report.findings.some((f) => f.locations?.length), `${name}: no finding has a place`);
    if (name.endsWith('.pdf')) {
      assert.equal(report.input, 'pdf', name);
      faults.push(...pdfMarkFaults(await pdfMarksOverCells(page, report)).map((b) => `${name}: ${b}`));
    } else {
      faults.push(...(await htmlMarksOverCells(page, report)).map((b) => `${name}: ${b}`));
    }
  }
  assert.deepEqual(faults, []);
  assert.deepEqual(errors, []);
  assert.deepEqual(foreign(), []);
  await page.close();
});

test('bad files say why in Chinese, and nothing hangs', async () => {
  const { page, errors } = await openPage();
  const cases = [
    ['bad/scanned.pdf', /扫描件/],
    ['bad/encrypted-password.pdf', /密码/],
    ['bad/truncated.pdf', /损坏|不完整/],
    ['bad/zip-bomb.docx', /50 MB/],
    ['bad/corrupt-crc.docx', /损坏/],
    ['bad/legacy-word97.doc', /请在 WPS\/Word 中另存为 \.docx 或 PDF 后再检查/],
  ];
  for (const [f, re] of cases) {
    const t0 = Date.now();
    await openFile(page, path.join(layouts, f));
    assert.match(await page.textContent('#nb-message'), re, f);
    assert.ok(Date.now() - t0 < 20000, `${f} took ${Date.now() - t0} ms`);
  }
  assert.deepEqual(errors, []);
  await page.close();
});
