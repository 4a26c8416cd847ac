// The extension's viewer for PDF and Word files (viewer.html): opened by the toolbar button on a
// tab showing a .pdf/.docx, by 「检查附件」 in the panel of a report page (`?src=URL`), or with
// its own 「打开文件…」. It downloads the file only when asked (the clerk's click; permission
// for that one site is asked for at that moment if the browser wants it), checks it with the
// core here (no upload), and shows the pages with marks and the findings list: a PDF through
// pdf.js (www/pdf-view.js, the page's own code), a .docx as the HTML the core makes of it.
import init, * as nb from './pkg/nianbao.js';
import { openPdf, hasText, pdfDisplay, drawPdfMarks, PDF_CSS, pdfMessage } from '../pdf-view.js';
import { marksOf, panelOrder, findingPlace, tipText, tipEntries, worstSeverity, summaryLine, drawAs } from '../findings.js';
import { domEvents } from '../dom-events.js';
import { positionedArgs } from '../pdf-extract.js';

const api = globalThis.chrome ?? globalThis.browser;
const $ = (id) => document.getElementById(id);
const MSG_SCANNED = '这是扫描件/图片，无法读取文字，无法检查。请找到报告的文字版（网页、Word 或可复制文字的 PDF）。';

const style = document.createElement('style');
style.textContent = PDF_CSS;
document.head.appendChild(style);

function status(text, error = false) {
  $('nb-status').textContent = text;
  $('nb-status').classList.toggle('error', error);
  document.documentElement.dataset.nbStatus = error ? 'error' : 'ok';
}

const ready = init({ module_or_path: new URL('pkg/nianbao_bg.wasm', import.meta.url) }).then(() => {
  const rules = JSON.parse(nb.rules());
  return { vocabulary: JSON.parse(nb.vocabulary()), rules };
});

/** Marks places on elements: classes by severity and role, tooltip, focusable. */
const state = new WeakMap();
function decorate(el, places, base) {
  const st = state.get(el) ?? { places: [] };
  state.set(el, st);
  st.places.push(...places);
  el.classList.add(base, `nb-${worstSeverity(st.places.map((p) => p.severity))}`);
  el.classList.toggle('nb-cell', st.places.some((p) => p.role !== 'sentence'));
  el.classList.toggle('nb-sentence', st.places.every((p) => p.role === 'sentence'));
  el.classList.toggle('nb-part', st.places.every((p) => p.role === 'part'));
  el.classList.toggle('nb-change', st.places.some((p) => p.role === 'change'));
  el.title = tipText(tipEntries(st.places));
  el.dataset.nbF = [...new Set(st.places.map((p) => p.finding))].join(' ');
  el.tabIndex = 0;
}

/** The findings list; a click (or Enter) scrolls to the finding's first mark. */
function renderList(report, marks, words, elsOf) {
  const list = $('nb-findings');
  list.textContent = '';
  $('nb-summary').textContent = `${summaryLine(report.summary, words.vocabulary)}${report.title ? `（${report.title}）` : ''}`;
  for (const fi of panelOrder(marks)) {
    const f = marks.findings[fi];
    const li = document.createElement('li');
    li.tabIndex = 0;
    li.dataset.finding = String(fi);
    const badge = document.createElement('span');
    badge.className = `badge nb-${f.severity}`;
    badge.textContent = f.severityName;
    li.append(badge, f.message);
    const place = findingPlace(report.findings[fi]);
    const page = report.findings[fi].location?.page;
    if (place || page) {
      const p = document.createElement('span');
      p.className = 'place';
      p.textContent = [page ? `第${page}页` : '', place].filter(Boolean).join(' · ');
      li.appendChild(p);
    }
    for (const fix of f.fixes) {
      const x = document.createElement('span');
      x.className = 'fix';
      x.textContent = fix.text;
      li.appendChild(x);
    }
    const go = () => {
      const el = elsOf.get(fi)?.[0];
      if (!el) return;
      el.scrollIntoView({ block: 'center' });
      el.focus({ preventScroll: true });
    };
    li.addEventListener('click', go);
    li.addEventListener('keydown', (e) => e.key === 'Enter' && go());
    list.appendChild(li);
  }
}

async function showPdf(name, bytes, words) {
  status('正在读取 PDF…');
  const opened = await openPdf(bytes, { base: location.href, onProgress: (f, text) => status(text) });
  if (!hasText(opened.positioned)) throw new Error(MSG_SCANNED);
  status('正在检查…');
  const a = positionedArgs(opened.positioned);
  const report = JSON.parse(nb.checkPositioned(a.pages, a.items, a.texts, a.lines, name));
  if (report.error) throw new Error(report.error);
  if (report.kind !== 'annual-report') throw new Error('未识别到政府信息公开工作年度报告。');
  const marks = marksOf(report, words);
  const doc = $('nb-doc');
  const display = pdfDisplay(opened.pdfjs, opened.doc, opened.positioned, { width: Math.max(320, Math.min(1000, doc.clientWidth - 32)) });
  doc.textContent = '';
  doc.appendChild(display.node);
  const elsOf = new Map();
  const made = drawPdfMarks(display, marks.places, () => document.createElement('mark'));
  for (const [p, els] of made.drawn) {
    for (const el of els) decorate(el, [p], 'nb-mark');
    elsOf.set(p.finding, [...(elsOf.get(p.finding) ?? []), ...els]);
  }
  renderList(report, marks, words, elsOf);
  return { report, pages: opened.positioned.pages.length, unplaced: made.unplaced, readBy: opened.readBy };
}

async function showDocx(name, bytes, words) {
  const d = JSON.parse(nb.docxToHtml(bytes));
  if (d.error) throw new Error(d.error);
  // The core's HTML holds only paragraphs and tables of escaped text; parsed inert.
  const parsed = new DOMParser().parseFromString(d.html, 'text/html');
  const { events, nodes } = domEvents(parsed);
  const report = JSON.parse(nb.checkDom(events, name));
  if (report.kind !== 'annual-report') throw new Error('未识别到政府信息公开工作年度报告。');
  const marks = marksOf(report, words);
  const elsOf = new Map();
  for (const p of marks.places) {
    const el = p.kind === 'html' ? nodes[p.element] : null;
    if (!el) continue;
    const target = drawAs(p, el.localName) === 'cell' ? el : el.closest('p, td, th') ?? el;
    decorate(target, [p], 'nb-td');
    elsOf.set(p.finding, [...(elsOf.get(p.finding) ?? []), target]);
  }
  const box = document.createElement('div');
  box.className = 'nb-docx';
  while (parsed.body.firstChild) box.appendChild(document.adoptNode(parsed.body.firstChild));
  $('nb-doc').textContent = '';
  $('nb-doc').appendChild(box);
  renderList(report, marks, words, elsOf);
  return { report };
}

async function checkBytes(name, bytes) {
  const words = await ready;
  $('nb-name').textContent = name;
  document.title = `${name} · 年报检查`;
  $('nb-findings').textContent = '';
  $('nb-summary').textContent = '';
  const kind = JSON.parse(nb.fileKind(name, bytes.subarray(0, 1024)));
  const t0 = performance.now();
  try {
    let r;
    if (kind.kind === 'pdf') r = await showPdf(name, bytes, words);
    else if (kind.kind === 'docx') r = await showDocx(name, bytes, words);
    else throw new Error(kind.message || '这里只能打开 PDF 和 Word（.docx）文件。网页请在原网页上点「年报检查」按钮。');
    const ms = Math.round(performance.now() - t0);
    status(`检查完成：${summaryLine(r.report.summary, words.vocabulary)}${r.pages ? `（PDF，${r.pages} 页）` : '（Word 文档）'}${r.unplaced ? `，${r.unplaced} 处无法在页面上标出` : ''}。用时 ${ms} 毫秒。`);
    document.documentElement.dataset.nbChecked = String(Number(document.documentElement.dataset.nbChecked || 0) + 1);
    globalThis.nianbaoViewer = { report: r.report, ms, readBy: r.readBy };
  } catch (e) {
    console.warn('nianbao viewer:', e);
    $('nb-doc').textContent = '';
    status(e?.constructor?.name === 'PdfOpenError' ? e.message : e?.message || pdfMessage(e), true);
    document.documentElement.dataset.nbChecked = String(Number(document.documentElement.dataset.nbChecked || 0) + 1);
  }
}

/** Downloads `url` and checks it; without permission for its site, asks on the clerk's click. */
async function load(url) {
  const name = decodeURIComponent(new URL(url).pathname.split('/').pop() || 'report.pdf');
  $('nb-name').textContent = name;
  status('正在下载…');
  let bytes;
  try {
    const res = await fetch(url, { credentials: 'include' });
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    bytes = new Uint8Array(await res.arrayBuffer());
  } catch (e) {
    const origin = /^https?:/.test(url) ? `${new URL(url).origin}/*` : null;
    if (origin && api?.permissions?.request) {
      status(`需要您允许本扩展读取「${new URL(url).host}」上的附件，才能下载检查。也可以先下载文件，再点「打开文件…」选择。`);
      const allow = $('nb-allow');
      allow.hidden = false;
      allow.onclick = async () => {
        allow.hidden = true;
        const granted = await api.permissions.request({ origins: [origin] }).catch(() => false);
        if (granted) load(url);
        else status('未获允许，无法下载。请先下载文件，再点「打开文件…」选择。', true);
      };
    } else {
      status(`无法下载「${name}」（${e.message}）。请先下载文件，再点「打开文件…」选择。`, true);
    }
    return;
  }
  await checkBytes(name, bytes);
}

$('nb-file').addEventListener('change', async (e) => {
  const file = e.target.files?.[0];
  if (file) await checkBytes(file.name, new Uint8Array(await file.arrayBuffer()));
});

const src = new URLSearchParams(location.search).get('src');
ready.then(
  () => (src ? load(src) : status('请点「打开文件…」选择 PDF 或 Word（.docx）文件。')),
  (e) => status(`检查程序没有加载成功：${e?.message ?? e}`, true),
);
