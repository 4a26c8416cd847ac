// A PDF's positioned text and ruling lines, as the core's `checkPositioned` takes them
// (src/ingest/positioned.rs): {pages: [{page, width, height}], items: [{page, x, y, width,
// height, str}], lines: [{page, x0, y0, x1, y1}]}. PDF user space: points, origin at the page's
// bottom left, y upwards; an item's x, y is the start of its baseline, height its font size.
//
// Shared by the web page, the extension's viewer and the fixture generator
// (tests/fixtures/layouts/pdfjs-positioned.mjs), so all of them send the core the same input.
// `pdfjs` is the loaded pdf.js module (pdfjs-dist); nothing here touches the DOM.

/** At most this many pages are read; the rest of a longer PDF is not checked (see README). */
export const MAX_PAGES = 500;

const mul = (m, n) => [
  m[0] * n[0] + m[2] * n[1],
  m[1] * n[0] + m[3] * n[1],
  m[0] * n[2] + m[2] * n[3],
  m[1] * n[2] + m[3] * n[3],
  m[0] * n[4] + m[2] * n[5] + m[4],
  m[1] * n[4] + m[3] * n[5] + m[5],
];
const apply = (m, x, y) => [m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]];

/**
 * The horizontal and vertical ruling lines of a page: the edges of stroked paths (table
 * borders drawn as lines or rectangles) and thin filled rectangles (borders drawn as fills).
 */
export function rulingLines(pdfjs, opList, page) {
  const { OPS } = pdfjs;
  const out = [];
  let ctm = [1, 0, 0, 1, 0, 0];
  const stack = [];
  const stroked = new Set([OPS.stroke, OPS.closeStroke, OPS.fillStroke, OPS.eoFillStroke, OPS.closeFillStroke, OPS.closeEOFillStroke]);
  const filled = new Set([OPS.fill, OPS.eoFill, OPS.fillStroke, OPS.eoFillStroke, OPS.closeFillStroke, OPS.closeEOFillStroke]);
  const push = (x0, y0, x1, y1) => {
    if (out.length >= 20000) return;
    if (Math.abs(y1 - y0) < 0.5 && Math.abs(x1 - x0) >= 2) out.push({ page, x0: Math.min(x0, x1), y0: y0, x1: Math.max(x0, x1), y1: y0 });
    else if (Math.abs(x1 - x0) < 0.5 && Math.abs(y1 - y0) >= 2) out.push({ page, x0: x0, y0: Math.min(y0, y1), x1: x0, y1: Math.max(y0, y1) });
  };
  const { fnArray, argsArray } = opList;
  for (let i = 0; i < fnArray.length; i++) {
    const fn = fnArray[i];
    const args = argsArray[i];
    if (fn === OPS.save) stack.push(ctm);
    else if (fn === OPS.restore) ctm = stack.pop() || [1, 0, 0, 1, 0, 0];
    else if (fn === OPS.transform) ctm = mul(ctm, args);
    else if (fn === OPS.paintFormXObjectBegin) {
      stack.push(ctm);
      if (Array.isArray(args?.[0]) || ArrayBuffer.isView(args?.[0])) ctm = mul(ctm, Array.from(args[0]));
    } else if (fn === OPS.paintFormXObjectEnd) ctm = stack.pop() || [1, 0, 0, 1, 0, 0];
    else if (fn === OPS.constructPath) {
      const [paint, data] = args;
      const path = data?.[0];
      if (!path || !(ArrayBuffer.isView(path) || Array.isArray(path))) continue;
      const stroke = stroked.has(paint);
      const fill = filled.has(paint);
      if (!stroke && !fill) continue;
      // Walk the path (moveTo 0, lineTo 1, curveTo 2, quadraticCurveTo 3, closePath 4).
      const pts = [];
      let start = null;
      let cur = null;
      let curved = false;
      for (let k = 0; k < path.length; ) {
        const op = path[k];
        if (op === 0) {
          cur = start = apply(ctm, path[k + 1], path[k + 2]);
          pts.push(cur);
          k += 3;
        } else if (op === 1) {
          const p = apply(ctm, path[k + 1], path[k + 2]);
          if (stroke && cur) push(cur[0], cur[1], p[0], p[1]);
          cur = p;
          pts.push(p);
          k += 3;
        } else if (op === 2) {
          curved = true;
          cur = apply(ctm, path[k + 5], path[k + 6]);
          k += 7;
        } else if (op === 3) {
          curved = true;
          cur = apply(ctm, path[k + 3], path[k + 4]);
          k += 5;
        } else if (op === 4) {
          if (stroke && cur && start) push(cur[0], cur[1], start[0], start[1]);
          cur = start;
          k += 1;
        } else break;
      }
      if (fill && !stroke && !curved && pts.length >= 3) {
        // A thin filled rectangle is a line.
        const xs = pts.map((p) => p[0]);
        const ys = pts.map((p) => p[1]);
        const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
        if (y1 - y0 <= 2.5 && x1 - x0 > 2) push(x0, (y0 + y1) / 2, x1, (y0 + y1) / 2);
        else if (x1 - x0 <= 2.5 && y1 - y0 > 2) push((x0 + x1) / 2, y0, (x0 + x1) / 2, y1);
      }
    }
  }
  return out;
}

/**
 * Extracts a loaded PDF document's positioned text (and ruling lines). `onPage(n, total)` is
 * called after each page. Throws nothing of its own: pdf.js's errors propagate.
 */
export async function extractPositioned(pdfjs, doc, { onPage, maxPages = MAX_PAGES, lines = true, window: ahead = 8 } = {}) {
  const total = Math.min(doc.numPages, maxPages);
  // Pages are asked for a few at a time (pdf.js's worker works on the next while this thread
  // reads the last), and kept in page order.
  const read = async (n) => {
    const page = await doc.getPage(n);
    const [content, ops] = await Promise.all([page.getTextContent(), lines ? page.getOperatorList() : null]);
    return { n, page, content, ops };
  };
  const pages = [];
  const items = [];
  const rules = [];
  const queue = [];
  let next = 1;
  while (queue.length < ahead && next <= total) queue.push(read(next++));
  while (queue.length) {
    const { n, page, content, ops } = await queue.shift();
    if (next <= total) queue.push(read(next++));
    const [x0, y0, x1, y1] = page.view;
    pages.push({ page: n, width: x1 - x0, height: y1 - y0 });
    for (const it of content.items) {
      if (!('str' in it)) continue;
      items.push({ page: n, x: it.transform[4], y: it.transform[5], width: it.width, height: it.height, str: it.str });
    }
    if (ops) for (const l of rulingLines(pdfjs, ops, n)) rules.push(l);
    onPage?.(n, total);
  }
  return { pages, items, lines: rules, numPages: doc.numPages, truncated: doc.numPages > total };
}

/**
 * The arguments of the core's `checkPositioned(pages, items, texts, lines, name)`: flat
 * Float64Arrays and the items' strings joined by U+0000 (no JSON to parse in the wasm).
 */
export function positionedArgs(p) {
  const pages = new Float64Array(p.pages.length * 3);
  p.pages.forEach((g, i) => pages.set([g.page, g.width, g.height], i * 3));
  const items = new Float64Array(p.items.length * 5);
  p.items.forEach((t, i) => items.set([t.page, t.x, t.y, t.width, t.height], i * 5));
  const texts = p.items.map((t) => String(t.str).replace(/\u0000/g, '')).join('\u0000');
  const lines = new Float64Array(p.lines.length * 5);
  p.lines.forEach((l, i) => lines.set([l.page, l.x0, l.y0, l.x1, l.y1], i * 5));
  return { pages, items, texts, lines };
}

/**
 * A PDF for the core's `checkPair` (kind 'pdf'): the items' strings as the input string and the
 * rest of `positionedArgs(p)` packed into one array — the numbers of pages, items and lines,
 * then the three arrays (src/ingest/positioned.rs `from_packed`).
 */
export function pairInputOfPdf(a) {
  const geometry = new Float64Array(3 + a.pages.length + a.items.length + a.lines.length);
  geometry.set([a.pages.length / 3, a.items.length / 5, a.lines.length / 5]);
  geometry.set(a.pages, 3);
  geometry.set(a.items, 3 + a.pages.length);
  geometry.set(a.lines, 3 + a.pages.length + a.items.length);
  return { kind: 'pdf', text: a.texts, geometry };
}
