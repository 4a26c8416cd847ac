// The extension and PDF/Word files: the toolbar button on a tab showing a PDF opens the
// extension's viewer on it (pages rendered, marks over the cells, the CLI's findings); on a page
// that links its report as an attachment, the panel's 「检查附件」 opens the attachment in the
// viewer. The files are served by a local server without CORS headers: the viewer reads them
// with the host permission the click granted (activeTab), nothing else.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import path from 'node:path';
import { existsSync, readFileSync } from 'node:fs';
import { launchWithExtension, clickAction, waitForPanel, clickInPanel, tabTargetOf } from './extension-helpers.mjs';
import { layouts, seedLayouts, cliFindings, pdfMarksOverCells, pdfMarkFaults, htmlMarksOverCells } from './layout-marks.mjs';
let server;
let base;
let ext;

const PAGE = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>某区2024年政府信息公开工作年度报告</title></head>
<body><h1>某区2024年政府信息公开工作年度报告</h1><p>发布日期：2025-01-20</p>
<p>附件：<a href="/pdf/seed-000-a4.pdf">某区2024年政府信息公开工作年度报告.pdf</a></p></body></html>`;

before(async () => {
  server = http.createServer((req, res) => {
    const name = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (name === '/page.html') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(PAGE);
      return;
    }
    const m = /^\/(pdf|docx)\/([\w.-]+\.(pdf|docx))$/.exec(name);
    const file = m && path.join(layouts, m[1], m[2]);
    if (!file || !existsSync(file)) {
      res.writeHead(404);
      res.end();
      return;
    }
    res.writeHead(200, { 'content-type': m[3] === 'pdf' ? 'application/pdf' : 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' });
    res.end(readFileSync(file));
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${server.address().port}`;
  ext = await launchWithExtension();
});

after(async () => {
  await ext?.close();
  await new Promise((r) => server?.close(r));
});

/** The viewer tab the extension opens next, once it has checked its file. */
async function nextViewer(action) {
  const opened = ext.context.waitForEvent('page', { predicate: (p) => p.url().includes('/viewer.html'), timeout: 20000 });
  await action();
  const viewer = await opened.catch(async (e) => {
    // What the button did instead (the worker keeps its last answer), for the failure message.
    const last = await ext.worker.evaluate(() => globalThis.nianbao?.last).catch(() => undefined);
    throw new Error(`${e.message}; the button's last answer: ${JSON.stringify(last)}`);
  });
  await viewer.waitForFunction(() => document.documentElement.dataset.nbChecked, null, { timeout: 60000 });
  return viewer;
}

test('the button on a PDF tab opens the viewer: pages, marks on the cells, the CLI’s findings', async () => {
  const page = await ext.context.newPage();
  await page.goto(`${base}/pdf/seed-004-a5.pdf`).catch(() => {}); // the browser's PDF viewer, or a download
  // The button is pressed once the browser has the tab at the PDF's address (a press before
  // that, while the tab still shows about:blank, is a click on a blank page: no viewer). (The
  // extension itself is not told a tab's address before a press: waiting for it waited 10 s.)
  for (let i = 0; i < 100 && !(page.url().endsWith('.pdf') && (await tabTargetOf(ext, page))); i++) await new Promise((r) => setTimeout(r, 100));
  assert.ok(page.url().endsWith('.pdf'), `the tab shows ${page.url()}, not the PDF`);
  const viewer = await nextViewer(() => clickAction(ext, page));
  const status = await viewer.textContent('#nb-status');
  assert.match(status, /检查完成/, status);
  assert.match(status, /PDF，7 页/);
  const report = await viewer.evaluate(() => globalThis.nianbaoViewer.report);
  assert.equal(await viewer.evaluate(() => globalThis.nianbaoViewer.readBy), 'nianbao-pdf', 'read by the CLI’s reader (wasm), not pdf.js');
  const cli = cliFindings(path.join(layouts, 'pdf/seed-004-a5.pdf'));
  assert.deepEqual(report.findings.map((f) => `${f.code} ${f.message}`).sort(), cli);
  const marks = await viewer.$$eval('.nb-pdf-marks > mark', (ms) => ms.map((m) => m.className));
  assert.ok(marks.length >= 5, `${marks.length} marks`);
  assert.ok(marks.some((c) => /nb-change/.test(c)) && marks.some((c) => /nb-part/.test(c)));
  // A click in the list brings the finding's mark into view, on its page.
  await viewer.click('#nb-findings li >> nth=0');
  await viewer.waitForFunction(() => document.activeElement?.matches('.nb-pdf-marks > mark'));
  await viewer.close();
  await page.close();
});

test('「检查附件」 on a report page opens the linked PDF in the viewer', async () => {
  const page = await ext.context.newPage();
  await page.goto(`${base}/page.html`);
  await clickAction(ext, page);
  await waitForPanel(page);
  const viewer = await nextViewer(() => clickInPanel(page, 'button[value="attachment"]'));
  const status = await viewer.textContent('#nb-status');
  assert.match(status, /检查完成/, status);
  const report = await viewer.evaluate(() => globalThis.nianbaoViewer.report);
  const cli = cliFindings(path.join(layouts, 'pdf/seed-000-a4.pdf'));
  assert.deepEqual(report.findings.map((f) => `${f.code} ${f.message}`).sort(), cli);
  await viewer.close();
  await page.close();
});

test('the viewer: every seed as PDF and as .docx gives the CLI’s findings, every cell marked over its text', async () => {
  const viewer = await ext.context.newPage();
  await viewer.goto(`chrome-extension://${ext.extensionId}/viewer.html`);
  await viewer.waitForFunction(() => /请点「打开文件…」/.test(document.getElementById('nb-status')?.textContent ?? ''));
  const errors = [];
  viewer.on('pageerror', (e) => errors.push(String(e)));
  const faults = [];
  let n = 0;
  for (const file of seedLayouts()) {
    const name = path.basename(file);
    await viewer.setInputFiles('#nb-file', file);
    n++;
    await viewer.waitForFunction((n) => Number(document.documentElement.dataset.nbChecked || 0) >= n, n, { timeout: 60000 });
    assert.match(await viewer.textContent('#nb-status'), /检查完成/, name);
    const report = await viewer.evaluate(() => globalThis.nianbaoViewer.report);
    const cli = cliFindings(file);
    assert.deepEqual(report.findings.map((f) => `${f.code} ${f.message}`).sort(), cli, name);
    if (name.endsWith('.pdf')) faults.push(...pdfMarkFaults(await pdfMarksOverCells(viewer, report)).map((b) => `${name}: ${b}`));
    else faults.push(...(await htmlMarksOverCells(viewer, report)).map((b) => `${name}: ${b}`));
  }
  assert.ok(n >= 13, `${n} files`);
  assert.deepEqual(faults, []);
  assert.deepEqual(errors, []);
  await viewer.close();
});
