// PDF in the page and in the extension's viewer, loaded only when a PDF is opened (the page's
// first load stays small). The positioned text and ruling lines that the core's
// `checkPositioned` rebuilds into the report's blocks are read by the CLI's own PDF reader,
// compiled to a second wasm module (src/wasm_pdf.rs, `vendor/nianbao-pdf/`): the same PDF gives
// the same findings in the CLI, the page and the extension, and a 12-page report is read in tens
// of milliseconds where pdf.js's text and operator lists took one to two seconds. pdf.js
// (pdfjs-dist) renders the pages (canvas, drawn when a page comes into view, and pdf.js's text layer, so the
// text can be selected and found). Marks are drawn over the rendered pages at the rectangles the
// core gives each place (`location.rects`, PDF points from the page's top left corner).
//
// and, should the reader module fail to load, extracts the text itself (www/pdf-extract.js).
//
// Both live beside the page: `vendor/pdfjs/` (pdf.min.mjs, pdf.worker.min.mjs, cmaps/,
// standard_fonts/) and `vendor/nianbao-pdf/` (nianbao_pdf.js and its .wasm), copied there by
// scripts/build-page.mjs and scripts/build-extension.mjs.
import { extractPositioned, MAX_PAGES } from './pdf-extract.js';

export { MAX_PAGES };

/** What to tell the user when pdf.js cannot open a PDF. */
export const MSG_PASSWORD = '这个 PDF 设置了打开密码，无法读取。请取消密码后另存为 PDF，或向发布单位索取未加密的版本。';
export const MSG_DAMAGED = 'PDF 文件已损坏或不完整（可能没有下载完），无法读取。请重新下载后再检查。';
export const MSG_NO_PDFJS = '这里无法加载 PDF 阅读组件（离线单文件版 nianbao.html 不含它）。请用网页版（dist 文件夹，npm start）或浏览器扩展打开 PDF；Word 文档（.docx）可以直接在这里打开。';

let loading = null;
let pdfWorker = null;
/** pdf.js, loaded once, from `vendor/pdfjs/` next to `base` (the page's or the viewer's URL). */
export function loadPdfjs(base) {
  if (!loading) {
    const url = new URL('vendor/pdfjs/pdf.min.mjs', base).href;
    loading = import(/* webpackIgnore: true */ url).then((pdfjs) => {
      pdfjs.GlobalWorkerOptions.workerSrc = new URL('vendor/pdfjs/pdf.worker.min.mjs', base).href;
      return pdfjs;
    });
    loading.catch(() => {
      loading = null;
    });
  }
  return loading;
}

/** Where the PDF reader module (src/wasm_pdf.rs) lives: `vendor/nianbao-pdf/` next to `base`. */
export const readerUrls = (base) => ({
  glue: new URL('vendor/nianbao-pdf/nianbao_pdf.js', base).href,
  wasm: new URL('vendor/nianbao-pdf/nianbao_pdf_bg.wasm', base).href,
});

let readerLoading = null;
/** The PDF reader module, imported from `urls` ({glue, wasm}: readerUrls) and instantiated once
 *  on this thread (the page's, the viewer's or the check worker's). */
export function loadPdfReader({ glue, wasm }) {
  if (!readerLoading) {
    readerLoading = import(/* webpackIgnore: true */ glue).then(async (reader) => {
      await reader.default({ module_or_path: wasm });
      return reader;
    });
    readerLoading.catch(() => {
      readerLoading = null;
    });
  }
  return readerLoading;
}

class PdfOpenError extends Error {}

/** A Chinese message for an error of `openPdf`. */
export function pdfMessage(e) {
  if (e instanceof PdfOpenError) return e.message;
  const name = e?.name || '';
  if (name === 'PasswordException') return MSG_PASSWORD;
  if (name === 'InvalidPDFException' || name === 'MissingPDFException' || name === 'UnexpectedResponseException') return MSG_DAMAGED;
  return `${MSG_DAMAGED}（${e?.message || e}）`;
}

/**
 * Opens a PDF's bytes and reads its positioned text: {pdfjs, doc, positioned, readBy, times,
 * close} (`doc`: pdf.js's document, or the promise of it while pdf.js still opens it; `readBy`:
 * 'nianbao-pdf', or 'pdf.js' when the reader module could not be loaded; `times`: the reader
 * module's own time and pdf.js opening the document, in ms; `close()` frees pdf.js's copy).
 * `read(bytes, {glue, wasm})`, when given, reads the PDF elsewhere (the page's check worker)
 * and resolves with {json, ms} of the module's `readPdf`. Rejects with a
 * PdfOpenError (Chinese message) for a password, a damaged file or a missing pdf.js.
 */
export async function openPdf(bytes, { base, onProgress, read } = {}) {
  const times = {};
  // The text, started at once: in the page's check worker when it gives `read` (so a long PDF
  // never freezes the page), else here. pdf.js gets its own copy of the bytes below (its
  // getDocument hands the buffer to its worker).
  const urls = readerUrls(base);
  const reading = (read ? read(bytes.slice(), urls) : loadPdfReader(urls).then((reader) => {
    const t = performance.now();
    const json = reader.readPdf(bytes);
    return { json, ms: performance.now() - t };
  }))
    .then(({ json, ms }) => {
      times.readerMs = ms;
      return JSON.parse(json);
    })
    .catch((e) => {
      console.warn('nianbao: the PDF reader module could not read this PDF; pdf.js extracts the text', e);
      return null;
    });
  onProgress?.(0, '正在读取 PDF…');
  let pdfjs;
  try {
    pdfjs = await loadPdfjs(base);
  } catch (e) {
    console.error('nianbao: pdf.js could not be loaded', e);
    throw new PdfOpenError(MSG_NO_PDFJS);
  }
  // One pdf.js worker for every PDF: without it each document starts its own and loads the
  // 1.4 MB worker script again (0.7–1.2 s a PDF, measured with scripts/measure-files.mjs).
  if (!pdfWorker || pdfWorker.destroyed) pdfWorker = new pdfjs.PDFWorker({ name: 'nianbao-pdfjs' });
  const task = pdfjs.getDocument({
    worker: pdfWorker,
    data: bytes.slice(),
    cMapUrl: new URL('vendor/pdfjs/cmaps/', base).href,
    cMapPacked: true,
    standardFontDataUrl: new URL('vendor/pdfjs/standard_fonts/', base).href,
    isEvalSupported: false,
    useSystemFonts: false,
    enableXfa: false,
    verbosity: 0,
  });
  // A password is asked for: refuse at once (nothing here asks the user for one).
  task.onPassword = () => {
    task.destroy();
  };
  const t2 = performance.now();
  const opening = task.promise.then(
    (doc) => {
      times.pdfjsOpenMs = performance.now() - t2;
      return doc;
    },
    (e) => {
      throw new PdfOpenError(pdfMessage(e?.name ? e : { name: 'PasswordException' }));
    },
  );
  // Not always awaited (a PDF the reader refused is closed unopened): never an unhandled rejection.
  opening.catch(() => {});
  const close = () => task.destroy();
  const positioned = await reading;
  if (positioned?.error) {
    close();
    throw new PdfOpenError(positioned.error);
  }
  if (positioned) {
    // Read: the report is checked and marked while pdf.js opens the document to draw the pages
    // (`doc` is that promise; the display waits for it).
    opening.catch((e) => console.warn('nianbao: pdf.js cannot show this PDF', e));
    return { pdfjs, doc: opening, positioned, readBy: 'nianbao-pdf', times, close };
  }
  const doc = await opening;
  const extracted = await extractPositioned(pdfjs, doc, { onPage: (n, total) => onProgress?.(n / total, `正在读取 PDF 第 ${n}/${total} 页…`) });
  return { pdfjs, doc, positioned: extracted, readBy: 'pdf.js', times, close };
}

/** Whether extracted text has anything to read (a scan has none). */
export const hasText = (positioned) => positioned.items.some((i) => i.str && i.str.trim());

/**
 * The pages of a PDF laid out for display at `width` CSS pixels: one box per page (the size of
 * the page), with a canvas drawn when the box comes into view, the text layer, and a layer for
 * marks. `doc` is pdf.js's document or its promise. Returns {node, pageBox(n), scale(n),
 * renderAll(), destroy()}.
 */
export function pdfDisplay(pdfjs, doc, positioned, { width = 800, document: d = document } = {}) {
  const docReady = Promise.resolve(doc);
  const node = d.createElement('div');
  node.className = 'nb-pdf';
  const boxes = [];
  const scales = [];
  const rendered = new Set();
  const ratio = Math.min(2, (typeof devicePixelRatio === 'number' && devicePixelRatio) || 1);
  for (const p of positioned.pages) {
    const scale = width / p.width;
    scales[p.page] = scale;
    const box = d.createElement('div');
    box.className = 'nb-pdf-page';
    box.dataset.page = String(p.page);
    box.style.width = `${Math.round(p.width * scale)}px`;
    box.style.height = `${Math.round(p.height * scale)}px`;
    box.setAttribute('role', 'region');
    box.setAttribute('aria-label', `第 ${p.page} 页`);
    const marks = d.createElement('div');
    marks.className = 'nb-pdf-marks';
    box.appendChild(marks);
    boxes[p.page] = box;
    node.appendChild(box);
  }
  // Rendering under way, cancelled when the display is destroyed: pdf.js's one worker serves
  // every PDF, and a replaced PDF's pages still rendering there would delay the next one.
  const tasks = new Set();
  let stopped = false;
  const render = async (n) => {
    if (rendered.has(n) || stopped) return;
    rendered.add(n);
    const box = boxes[n];
    try {
      const page = await (await docReady).getPage(n);
      if (stopped) return;
      const viewport = page.getViewport({ scale: scales[n] });
      const canvas = d.createElement('canvas');
      canvas.className = 'nb-pdf-canvas';
      canvas.width = Math.floor(viewport.width * ratio);
      canvas.height = Math.floor(viewport.height * ratio);
      canvas.style.width = `${Math.round(viewport.width)}px`;
      canvas.style.height = `${Math.round(viewport.height)}px`;
      canvas.setAttribute('aria-hidden', 'true');
      box.insertBefore(canvas, box.firstChild);
      const task = page.render({ canvas, canvasContext: canvas.getContext('2d'), viewport, transform: ratio !== 1 ? [ratio, 0, 0, ratio, 0, 0] : null });
      tasks.add(task);
      try {
        await task.promise;
      } finally {
        tasks.delete(task);
      }
      if (stopped) return;
      // The text layer: pdf.js's own, so the text can be selected and searched.
      try {
        const layer = d.createElement('div');
        layer.className = 'textLayer nb-pdf-text';
        layer.style.setProperty('--scale-factor', String(scales[n]));
        layer.style.setProperty('--total-scale-factor', String(scales[n]));
        box.insertBefore(layer, box.querySelector('.nb-pdf-marks'));
        await new pdfjs.TextLayer({ textContentSource: await page.getTextContent(), container: layer, viewport }).render();
      } catch (e) {
        console.warn('nianbao: no text layer', e);
      }
      box.dataset.rendered = '1';
    } catch (e) {
      if (!stopped) console.warn('nianbao: page not rendered', n, e);
    }
  };
  let observer = null;
  if (typeof IntersectionObserver === 'function') {
    observer = new IntersectionObserver((entries) => {
      for (const e of entries) if (e.isIntersecting) render(Number(e.target.dataset.page));
    }, { rootMargin: '600px 0px' });
    for (const box of boxes) if (box) observer.observe(box);
  }
  return {
    node,
    pageBox: (n) => boxes[n] || null,
    scale: (n) => scales[n] || 1,
    render,
    renderAll: () => Promise.all(positioned.pages.map((p) => render(p.page))),
    destroy: () => {
      stopped = true;
      observer?.disconnect();
      for (const task of tasks) task.cancel();
    },
  };
}

/**
 * Draws the marks of some places on a display: one element a rectangle of each place's
 * location (kind "pdf"), made by `make(place)` and placed on its page. Returns [[place,
 * [elements]]] and the number of places that could not be placed.
 */
export function drawPdfMarks(display, places, make) {
  const out = [];
  let unplaced = 0;
  for (const p of places) {
    const rects = p.kind === 'pdf' ? p.location?.rects || [] : [];
    const els = [];
    for (const r of rects) {
      const box = display.pageBox(r.page);
      if (!box) continue;
      const s = display.scale(r.page);
      const el = make(p);
      el.dataset.rect = `${r.page}:${r.x}:${r.y}`;
      const pad = 1.5;
      el.style.left = `${r.x * s - pad}px`;
      el.style.top = `${r.y * s - pad}px`;
      el.style.width = `${Math.max(r.width * s, 6) + 2 * pad}px`;
      el.style.height = `${Math.max(r.height * s, 6) + 2 * pad}px`;
      box.querySelector('.nb-pdf-marks').appendChild(el);
      els.push(el);
    }
    if (els.length) out.push([p, els]);
    else unplaced++;
  }
  return { drawn: out, unplaced };
}

/** The CSS of the PDF display (added once to a document or shadow root). */
export const PDF_CSS = `
.nb-pdf { display: flex; flex-direction: column; align-items: center; gap: 12px; padding: 8px 0; }
.nb-pdf-page { position: relative; background: #fff; box-shadow: 0 1px 4px rgba(0,0,0,.25); flex: none; }
.nb-pdf-canvas { position: absolute; left: 0; top: 0; }
.nb-pdf-text { position: absolute; inset: 0; overflow: hidden; line-height: 1; text-align: initial; opacity: 1; z-index: 1; }
.nb-pdf-text span, .nb-pdf-text br { color: transparent; position: absolute; white-space: pre; cursor: text; transform-origin: 0% 0%; }
.nb-pdf-text ::selection { background: rgba(0, 100, 255, .25); }
.nb-pdf-marks { position: absolute; inset: 0; z-index: 2; pointer-events: none; }
.nb-pdf-marks > mark { position: absolute; display: block; pointer-events: auto; background: transparent; }
.nb-pdf-marks > mark.nb-mark.nb-cell { background: transparent; }
.nb-pdf-marks > mark.nb-mark.nb-cell.nb-error { background: rgba(204, 0, 0, .10); }
.nb-pdf-marks > mark.nb-mark.nb-cell.nb-warning { background: rgba(180, 83, 9, .10); }
.nb-pdf-marks > mark.nb-mark.nb-cell.nb-part { background: transparent; }
.nb-pdf-marks > mark.nb-sentence { background: rgba(255, 196, 0, .18); text-decoration: none; border-bottom: 2px dashed var(--warn, #b45309); outline: none; }
.nb-pdf-marks > mark.nb-sentence.nb-error { border-bottom-color: var(--err, #c00); }
@media print { .nb-pdf-page { box-shadow: none; break-inside: avoid; } }
`;
