// nianbao web page: paste or open a report, check it with the WebAssembly core, and show it
// as it looks with the findings' cells and sentences highlighted. Everything runs in this
// page; it makes no network request (the served build fetches only its own files).
//
// Data flow (see src/ingest/mod.rs `Location` for the contract):
//   HTML: sanitise (DOMPurify, returning the sanitised DOM itself: no serialise/re-parse) →
//         walk those very nodes with domEvents (www/dom-events.js, shared with the extension)
//         → `checkDom(events)`; `location.element` indexes the walk's `nodes` array, the same
//         elements that are marked and then moved into the page; `u16_*` are offsets into the
//         element's textContent.
//   Text: the text is checked as is (`checkText(text, "text")`) and shown in a pre-wrap
//         block; `u16_*` index the string.
// Highlights wrap text in <mark> elements or outline <td>s of the display copy; they never
// change a character of the report.
//
// Which places a finding marks, their roles, tooltips, fix lines, the order of the findings'
// groups and the guards come from www/findings.js (shared with the extension); every word only
// the core knows (severity names, table titles, file types, the fix line) comes from the core.
//
// The served page loads these modules as they are; the single-file build (scripts/build-page.mjs)
// bundles them with esbuild and supplies the wasm bytes in
// <script type="application/wasm-base64" id="nb-wasm">.
import * as nb from './pkg/nianbao.js';
import DOMPurify from './vendor/purify.es.mjs';
import { domEvents } from './dom-events.js';
import {
  marksOf, drawAs, holdsValue, sameNumbering, tipEntries, tipText, worstSeverity, summaryLine, fixParts, tableCellMarks, tableCellKey,
} from './findings.js';
import { levels, segments, findingsCsv, tablesCsv } from './tables.js';

const $ = (id) => document.getElementById(id);
const params = new URLSearchParams(location.search);

// ---------------------------------------------------------------------------------------
// WebAssembly: compiled once, instantiated once. When the page loads it compiles the module
// (fetch + compile, streaming), then instantiates it and warms it up while idle. Modes for
// measuring (scripts/measure.mjs):
//   `?lazy` — nothing before the first check: it fetches, compiles and instantiates;
//   `?cold` — compiled at load, but neither instantiated nor run before the first check.

let wasmModule = null;
let wasmReady = null;
const stats = { wasmInitMs: null, compileMs: null, instantiateMs: null, timings: [] };

function base64ToBytes(b64) {
  if (typeof Uint8Array.fromBase64 === 'function') return Uint8Array.fromBase64(b64, { lastChunkHandling: 'loose' });
  const bin = atob(b64.replace(/\s+/g, ''));
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** The compiled module (a promise): from the single file's inline bytes, else streamed from
 *  pkg/nianbao_bg.wasm (compiling while it downloads). */
function compileWasm() {
  if (!wasmModule) {
    const t0 = performance.now();
    const inline = document.getElementById('nb-wasm');
    let p;
    if (inline) {
      p = WebAssembly.compile(base64ToBytes(inline.textContent));
    } else {
      const url = new URL('pkg/nianbao_bg.wasm', import.meta.url);
      p = WebAssembly.compileStreaming(fetch(url)).catch(() => fetch(url).then((r) => r.arrayBuffer()).then((b) => WebAssembly.compile(b)));
    }
    wasmModule = p.then((m) => {
      stats.compileMs = performance.now() - t0;
      return m;
    });
    wasmModule.catch(() => {
      wasmModule = null;
    });
  }
  return wasmModule;
}

/** Instantiates the core (once). `stats.wasmInitMs`: from this call to an instance, so for a
 *  first check it includes whatever of fetching and compiling was still to do. */
function initWasm() {
  if (!wasmReady) {
    const t0 = performance.now();
    wasmReady = compileWasm().then((module) => {
      const t1 = performance.now();
      nb.initSync({ module });
      stats.instantiateMs = performance.now() - t1;
      // The file chooser offers the types the core reads.
      $('nb-file').accept = words().vocabulary.accept;
      stats.wasmInitMs = performance.now() - t0;
    });
    wasmReady.catch(() => {
      wasmReady = null;
    });
  }
  return wasmReady;
}

/** The sample report shipped inside the page (inert <script type="text/plain">). */
const sampleText = () => document.getElementById('nb-sample')?.textContent.replace(/^\n/, '') || '';

/** A plain HTML rendering of an indented-layout text report (for warming the HTML path). */
function textToHtml(text) {
  const esc = (x) => x.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  let html = '<html><body>';
  let inTable = false;
  let inRow = false;
  for (const line of text.split('\n')) {
    if (line.startsWith('\t')) {
      if (!inTable) html += '<table>';
      if (!inRow) html += '<tr>';
      inTable = inRow = true;
      html += `<td>${esc(line.slice(1))}</td>`;
    } else if (!line.trim()) {
      if (inRow) html += '</tr>';
      inRow = false;
    } else {
      if (inRow) html += '</tr>';
      if (inTable) html += '</table>';
      inTable = inRow = false;
      html += `<p>${esc(line)}</p>`;
    }
  }
  return html + (inRow ? '</tr>' : '') + (inTable ? '</table>' : '') + '</body></html>';
}

/** Runs the whole path — check, highlight, findings list, tables — on the sample a few times
 *  while the page is idle, into detached nodes, so the engine has compiled (and tiered up) the
 *  hot wasm and JS before the user's first paste. */
function warmUp(rounds = 6) {
  const text = sampleText();
  if (!text) return;
  const html = textToHtml(text);
  const idle = window.requestIdleCallback || ((f) => setTimeout(f, 30));
  let i = 0;
  const show = (report, input, parsed) => {
    const display = buildDisplay(report, input, parsed);
    renderFindings(display.marks, display.findingEls, document.createElement('div'));
    renderTables(report, document.createElement('div'));
  };
  const step = () => {
    try {
      const input = { text, kind: 'text', name: '' };
      show(JSON.parse(nb.checkText(text, 'text', '')), input, null);
      const root = sanitizeDom(html);
      const parsed = { root, ...domEvents(root) };
      show(JSON.parse(nb.checkDom(parsed.events, '')), { text: html, kind: 'html', name: '' }, parsed);
    } catch (e) {
      console.warn('warm-up failed', e);
      return;
    }
    if (++i < rounds) idle(step);
    else stats.warmedUp = true;
  };
  idle(step);
}

let wordsCache = null;
/** The core's words for labels: `vocabulary()` (severity names, table titles, formats, the file
 *  chooser's list) and `rules()` (each code's summary). Needs the instantiated wasm. */
function words() {
  if (!wordsCache) wordsCache = { vocabulary: JSON.parse(nb.vocabulary()), rules: JSON.parse(nb.rules()) };
  return wordsCache;
}

// ---------------------------------------------------------------------------------------
// Sanitising pasted or opened HTML: only inert formatting survives. No script, no event
// handler, no URL-bearing attribute, no element that loads anything; text is kept.

const ALLOWED_TAGS = [
  'html', 'head', 'body', 'title',
  'p', 'div', 'span', 'br', 'hr', 'wbr', 'center', 'blockquote', 'pre', 'address',
  'section', 'article', 'header', 'footer', 'main', 'aside', 'nav', 'figure', 'figcaption',
  'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'ul', 'ol', 'li', 'dl', 'dt', 'dd',
  'table', 'caption', 'colgroup', 'col', 'thead', 'tbody', 'tfoot', 'tr', 'td', 'th',
  'a', 'b', 'strong', 'i', 'em', 'u', 's', 'strike', 'del', 'ins', 'sub', 'sup', 'small', 'big',
  'font', 'abbr', 'cite', 'q', 'code', 'kbd', 'samp', 'var', 'label', 'tt',
];
const ALLOWED_ATTR = [
  'colspan', 'rowspan', 'align', 'valign', 'width', 'height', 'style', 'border', 'cellpadding',
  'cellspacing', 'bgcolor', 'color', 'face', 'size', 'span', 'scope', 'headers', 'nowrap', 'lang',
  'dir', 'title', 'start', 'type', 'abbr',
];
// CSS that could fetch something or escape the report's box.
const UNSAFE_STYLE = /url\s*\(|image-set|image\s*\(|expression|@import|\\|behavior|binding|position\s*:\s*(fixed|sticky)|src\s*\(/i;
let purifyConfigured = false;

/** Sanitises `html` and returns the sanitised <html> element of an inert document (DOMPurify
 *  parses with DOMParser: nothing runs or loads there). The nodes are used as they are —
 *  walked, marked and moved into the page — never serialised and parsed again. */
function sanitizeDom(html) {
  if (!purifyConfigured) {
    DOMPurify.addHook('uponSanitizeAttribute', (_node, data) => {
      if (data.attrName === 'style' && UNSAFE_STYLE.test(data.attrValue)) data.keepAttr = false;
    });
    purifyConfigured = true;
  }
  return DOMPurify.sanitize(html, {
    WHOLE_DOCUMENT: true,
    ALLOWED_TAGS,
    ALLOWED_ATTR,
    ALLOW_DATA_ATTR: false,
    ALLOW_ARIA_ATTR: false,
    ALLOW_UNKNOWN_PROTOCOLS: false,
    KEEP_CONTENT: true,
    RETURN_DOM: true,
  });
}

/** Whether pasted or typed text is HTML: the core's own test (`sniffKind`). */
const inputKind = (text) => (nb.sniffKind(text) === 'html' ? 'html' : 'text');

// ---------------------------------------------------------------------------------------
// Highlights: every place of `marksOf(report)` (www/findings.js) that passes its guards.

/** Applies classes, tooltip and finding indices to a mark or cell for the places it shows
 *  (accumulating: a cell may be called once per finding that involves it). Classes: the worst
 *  severity; for text marks `nb-cell` (a cell or label) or `nb-sentence` (prose); `nb-part`
 *  when every place there only takes part in a relation another cell breaks. */
const decoState = new WeakMap();
function decorate(el, places, baseClass) {
  let st = decoState.get(el);
  if (!st) decoState.set(el, (st = { places: [] }));
  st.places.push(...places);
  const fis = [...new Set(st.places.map((p) => p.finding))].sort((a, b) => a - b);
  el.classList.remove('nb-error', 'nb-warning', 'nb-info', 'nb-cell', 'nb-sentence', 'nb-part');
  el.classList.add(baseClass, `nb-${worstSeverity(st.places.map((p) => p.severity))}`);
  if (baseClass === 'nb-mark') el.classList.add(st.places.some((p) => p.role !== 'sentence') ? 'nb-cell' : 'nb-sentence');
  if (st.places.every((p) => p.role === 'part')) el.classList.add('nb-part');
  el.setAttribute('data-nb-f', fis.join(' '));
  el.setAttribute('title', tipText(tipEntries(st.places)));
}

function textNodesUnder(root) {
  const nodes = [];
  const walker = root.ownerDocument.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  let pos = 0;
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    nodes.push({ node: n, start: pos });
    pos += n.data.length;
  }
  return { nodes, length: pos };
}

const NO_WRAP_PARENTS = new Set(['TABLE', 'TBODY', 'THEAD', 'TFOOT', 'TR', 'COLGROUP', 'HTML', 'HEAD', 'TITLE']);

/** Wraps the ranges [start, end) of `root`'s textContent in <mark>s (splitting text nodes),
 *  and inserts an empty marker for zero-length ranges. Overlapping ranges are cut into
 *  segments, each decorated with every place covering it. Returns Map place → [elements]. */
function wrapRanges(root, items, doc) {
  const out = new Map();
  if (!items.length) return out;
  const { nodes, length } = textNodesUnder(root);
  const bounds = new Set();
  const points = [];
  for (const it of items) {
    it.start = Math.max(0, Math.min(it.start, length));
    it.end = Math.max(it.start, Math.min(it.end, length));
    if (it.end === it.start) points.push(it);
    else bounds.add(it.start).add(it.end);
  }
  const sorted = [...bounds].sort((a, b) => a - b);
  const ops = [];
  for (let i = 0; i + 1 < sorted.length; i++) {
    const a = sorted[i];
    const b = sorted[i + 1];
    const covering = items.filter((it) => it.start < it.end && it.start <= a && it.end >= b);
    if (covering.length) ops.push({ a, b, covering });
  }
  for (const p of points) ops.push({ a: p.start, b: p.start, covering: [p], point: true });
  // From the end backwards, so splitting never shifts the offsets still to come; at the same
  // offset ranges go first, so a point lands before a range starting there.
  ops.sort((x, y) => y.a - x.a || (x.point ? 1 : 0) - (y.point ? 1 : 0));
  const record = (covering, el) => {
    for (const it of covering) {
      if (!out.has(it.target)) out.set(it.target, []);
      out.get(it.target).push(el);
    }
  };
  for (const op of ops) {
    if (op.point) {
      // The text node holding the offset (preferring the one it starts).
      let hit = nodes.find((n) => op.a >= n.start && op.a < n.start + n.node.data.length);
      let after = false;
      if (!hit) {
        hit = [...nodes].reverse().find((n) => op.a === n.start + n.node.data.length);
        after = true;
      }
      if (!hit && nodes.length === 0) continue;
      const m = doc.createElement('mark');
      decorate(m, op.covering.map((it) => it.target), 'nb-point');
      if (after) {
        hit.node.parentNode.insertBefore(m, hit.node.nextSibling);
      } else {
        const local = op.a - hit.start;
        const rest = local > 0 ? hit.node.splitText(local) : hit.node;
        rest.parentNode.insertBefore(m, rest);
      }
      record(op.covering, m);
      continue;
    }
    const segMarks = [];
    for (let k = nodes.length - 1; k >= 0; k--) {
      const n = nodes[k];
      const len = n.node.data.length;
      const s = Math.max(op.a, n.start) - n.start;
      const e = Math.min(op.b, n.start + len) - n.start;
      if (s >= e) continue;
      let piece = n.node;
      if (e < len) piece.splitText(e);
      if (s > 0) piece = piece.splitText(s);
      const parent = piece.parentNode;
      if (!parent || (NO_WRAP_PARENTS.has(parent.nodeName) && !piece.data.trim())) continue;
      const m = doc.createElement('mark');
      parent.insertBefore(m, piece);
      m.appendChild(piece);
      decorate(m, op.covering.map((it) => it.target), 'nb-mark');
      segMarks.unshift(m);
    }
    for (const m of segMarks) record(op.covering, m);
  }
  return out;
}

/** Builds the display of the checked input and highlights every place. Returns
 *  {node, findingEls: Map findingIndex → elements in document order, unplaced, marks}. */
function buildDisplay(report, input, parsed) {
  const marks = marksOf(report, words());
  const findingEls = new Map();
  const add = (p, els) => {
    if (!findingEls.has(p.finding)) findingEls.set(p.finding, []);
    findingEls.get(p.finding).push(...els);
  };
  let unplaced = 0;
  const refuse = (p, why) => {
    console.warn(`nianbao: ${why}`, p.location);
    unplaced++;
  };
  let node;
  if (input.kind === 'text') {
    node = document.createElement('div');
    node.className = 'nb-text';
    node.appendChild(document.createTextNode(input.text));
    const items = [];
    for (const p of marks.places) {
      if (p.kind !== 'text') refuse(p, 'not a text place');
      else if (!holdsValue(p, input.text)) refuse(p, 'the text there is not the cell value');
      else items.push({ start: p.start, end: p.end, target: p });
    }
    for (const [p, els] of wrapRanges(node, items, document)) add(p, els);
  } else {
    // `parsed.nodes` are the elements the core numbered (domEvents' walk of `parsed.root`):
    // marked here in the inert document, then moved into the page.
    const { root, nodes } = parsed;
    const doc = root.ownerDocument;
    // A different element count means the events were not these nodes' (cannot happen with
    // one walk; if it ever does, mark nothing).
    const sameWalk = sameNumbering(report, nodes.length);
    if (!sameWalk) console.warn('nianbao: element count differs', report.element_count, nodes.length);
    const byElement = new Map();
    for (const p of marks.places) {
      const el = p.kind === 'html' && sameWalk ? nodes[p.element] : null;
      if (!el) {
        refuse(p, 'no such element');
        continue;
      }
      if (!holdsValue(p, el.textContent)) {
        refuse(p, 'the element does not hold the cell value');
        continue;
      }
      if (drawAs(p, el.localName) === 'cell') {
        decorate(el, [p], 'nb-td');
        add(p, [el]);
        continue;
      }
      if (!byElement.has(el)) byElement.set(el, []);
      byElement.get(el).push({ start: p.start, end: p.end, target: p });
    }
    for (const [el, items] of byElement) {
      for (const [p, els] of wrapRanges(el, items, doc)) add(p, els);
    }
    node = document.createElement('div');
    node.className = 'nb-html';
    const body = doc.body || root;
    while (body.firstChild) node.appendChild(document.adoptNode(body.firstChild));
  }
  // Document order for scrolling to the first place.
  for (const [fi, els] of findingEls) {
    const uniq = [...new Set(els)];
    uniq.sort((a, b) => (a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1));
    findingEls.set(fi, uniq);
  }
  return { node, findingEls, unplaced, marks };
}

// ---------------------------------------------------------------------------------------
// Findings panel, summary, tables.

/** The findings panel: one section per group (errors first), each finding a button that
 *  scrolls to its places, with the core's fix lines. */
function renderFindings(marks, findingEls, panel = $('nb-findings')) {
  panel.textContent = '';
  const h = document.createElement('h2');
  h.textContent = marks.findings.length ? `问题清单（${marks.findings.length}）` : '问题清单';
  panel.appendChild(h);
  if (!marks.findings.length) {
    const p = document.createElement('p');
    p.className = 'nb-note';
    p.textContent = '按规定格式检查的各项均未发现问题。';
    panel.appendChild(p);
    return;
  }
  for (const g of marks.groups) {
    const sec = document.createElement('section');
    sec.className = 'nb-group';
    sec.dataset.code = g.code;
    const h3 = document.createElement('h3');
    const badge = document.createElement('span');
    badge.className = `nb-badge nb-${g.severity}`;
    badge.textContent = g.severityName;
    const name = document.createElement('span');
    name.textContent = g.label;
    const codeEl = document.createElement('span');
    codeEl.className = 'nb-code';
    codeEl.textContent = g.code;
    const count = document.createElement('span');
    count.className = 'nb-count';
    count.textContent = `${g.findings.length} 处`;
    h3.append(badge, name, codeEl, count);
    sec.appendChild(h3);
    const ol = document.createElement('ol');
    for (const fi of g.findings) {
      const f = marks.findings[fi];
      const li = document.createElement('li');
      const btn = document.createElement('button');
      btn.type = 'button';
      btn.className = `nb-finding nb-${f.severity}`;
      btn.dataset.fi = String(fi);
      btn.appendChild(document.createTextNode(f.message));
      for (const fix of f.fixes) {
        const { before, expected } = fixParts(fix);
        const d = document.createElement('span');
        d.className = 'nb-detail';
        d.appendChild(document.createTextNode(before));
        if (expected) {
          const ex = document.createElement('span');
          ex.className = 'nb-expected';
          ex.textContent = expected;
          d.appendChild(ex);
        }
        btn.appendChild(d);
      }
      if (!findingEls.has(fi)) {
        btn.classList.add('nb-nowhere');
        const d = document.createElement('span');
        d.className = 'nb-detail';
        d.textContent = '（原文中没有可标出的位置）';
        btn.appendChild(d);
      } else {
        btn.title = '点击定位到原文';
      }
      btn.addEventListener('click', () => showFinding(fi));
      li.appendChild(btn);
      ol.appendChild(li);
    }
    sec.appendChild(ol);
    panel.appendChild(sec);
  }
}

let current = null;

function showFinding(fi) {
  if (!current) return;
  for (const b of document.querySelectorAll('.nb-finding.nb-active')) b.classList.remove('nb-active');
  const btn = document.querySelector(`.nb-finding[data-fi="${fi}"]`);
  if (btn) btn.classList.add('nb-active');
  const els = current.findingEls.get(fi);
  if (!els || !els.length) return;
  selectTab('doc');
  els[0].scrollIntoView({ block: 'center', inline: 'nearest', behavior: 'instant' });
  for (const el of document.querySelectorAll('.nb-flash')) el.classList.remove('nb-flash');
  void document.body.offsetWidth; // restart the animation
  for (const el of els) el.classList.add('nb-flash');
  clearTimeout(showFinding.timer);
  showFinding.timer = setTimeout(() => {
    for (const el of els) el.classList.remove('nb-flash');
  }, 2000);
}

function selectTab(which) {
  const doc = which === 'doc';
  $('nb-tab-doc').setAttribute('aria-selected', String(doc));
  $('nb-tab-tables').setAttribute('aria-selected', String(!doc));
  $('nb-doc').hidden = !doc;
  $('nb-tables').hidden = doc;
}

function renderGrid(t, rows, cols, marks) {
  const depthC = Math.max(1, ...cols.map((c) => levels(c).length));
  const depthR = Math.max(1, ...rows.map((r) => levels(r.row).length));
  const table = document.createElement('table');
  table.className = 'nb-grid';
  table.dataset.table = t.id;
  const thead = table.createTHead();
  for (let lv = 0; lv < depthC; lv++) {
    const tr = thead.insertRow();
    if (lv === 0) {
      const corner = document.createElement('th');
      corner.colSpan = depthR;
      corner.rowSpan = depthC;
      corner.textContent = '项目';
      tr.appendChild(corner);
    }
    for (let ci = 0; ci < cols.length; ci++) {
      const path = levels(cols[ci]);
      if (lv >= path.length) continue;
      const key = path.slice(0, lv + 1).join('/');
      const prevKey = ci > 0 ? levels(cols[ci - 1]).slice(0, lv + 1).join('/') : null;
      if (lv < path.length - 1 && key === prevKey && levels(cols[ci - 1]).length > lv + 1) continue;
      const th = document.createElement('th');
      th.textContent = path[lv];
      if (lv === path.length - 1) th.rowSpan = depthC - lv;
      else {
        let span = 1;
        while (ci + span < cols.length && levels(cols[ci + span]).slice(0, lv + 1).join('/') === key && levels(cols[ci + span]).length > lv + 1) span++;
        th.colSpan = span;
      }
      tr.appendChild(th);
    }
  }
  const tbody = table.createTBody();
  let prevPath = [];
  rows.forEach((r, ri) => {
    const tr = tbody.insertRow();
    tr.dataset.row = r.row;
    if (!r.found) {
      tr.className = 'nb-unseen';
      tr.title = '原文中没有找到这一行';
    }
    const path = levels(r.row);
    for (let lv = 0; lv < path.length; lv++) {
      const same = lv < path.length - 1 && prevPath.length > lv + 1 && path.slice(0, lv + 1).join('/') === prevPath.slice(0, lv + 1).join('/');
      if (same) continue;
      const th = document.createElement('th');
      th.scope = 'row';
      th.textContent = path[lv];
      if (lv === path.length - 1) th.colSpan = depthR - lv;
      else {
        let span = 1;
        const key = path.slice(0, lv + 1).join('/');
        while (ri + span < rows.length) {
          const p2 = levels(rows[ri + span].row);
          if (p2.length > lv + 1 && p2.slice(0, lv + 1).join('/') === key) span++;
          else break;
        }
        th.rowSpan = span;
      }
      tr.appendChild(th);
    }
    prevPath = path;
    const byCol = new Map(r.cells.map((c) => [c.col, c]));
    for (const col of cols) {
      const td = document.createElement('td');
      td.dataset.col = col;
      const c = byCol.get(col);
      if (!c || c.value == null) {
        td.className = 'nb-missing';
        td.textContent = '—';
        td.title = '原文中缺少此单元格';
      } else {
        td.textContent = c.value;
        if (c.inferred) {
          td.classList.add('nb-inferred');
          td.title = '原文空白，按规定推算';
        }
      }
      const m = marks.get(tableCellKey(t.id, r.row, col));
      if (m) {
        td.classList.add(`nb-${m.severity}`);
        td.title = tipText(m.tips);
      }
      tr.appendChild(td);
    }
  });
  return table;
}

function renderTables(report, box = $('nb-tables')) {
  box.textContent = '';
  if (!report.tables.length) {
    const p = document.createElement('p');
    p.className = 'nb-note';
    p.textContent = '没有识别出统计表格。';
    box.appendChild(p);
    return;
  }
  const marks = tableCellMarks(report, words());
  for (const t of report.tables) {
    const h = document.createElement('h3');
    h.className = 'nb-grid-title';
    h.textContent = t.title;
    box.appendChild(h);
    for (const seg of segments(t)) box.appendChild(renderGrid(t, seg.rows, seg.cols, marks));
  }
}

// ---------------------------------------------------------------------------------------
// Downloads (blob: URLs, nothing leaves the machine).

function baseName(report) {
  const src = current?.input?.name && !current.input.name.startsWith('粘贴') ? current.input.name.replace(/\.[^.]+$/, '') : report.title || '年报';
  return src.replace(/[\\/:*?"<>|\s]+/g, '_').slice(0, 60);
}

function download(name, text, type) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

// ---------------------------------------------------------------------------------------
// The check itself.

function message(text, tone = '') {
  const m = $('nb-message');
  m.textContent = text;
  m.className = tone ? `nb-msg-${tone}` : '';
  m.hidden = !text;
}

function clearResult() {
  current = null;
  $('nb-result').hidden = true;
  $('nb-doc').textContent = '';
  $('nb-findings').textContent = '';
  $('nb-tables').textContent = '';
}

const MSG_EMPTY = '没有可检查的内容：剪贴板或文件是空的（或只有图片）。请在报告页面中全选（Ctrl+A）并复制（Ctrl+C），再回到这里粘贴。';
const MSG_NOT_REPORT = '这段内容不像政府信息公开工作年度报告：没有找到年度报告的标题、规定的章节或统计表格。请确认复制的是报告全文。';

/**
 * Checks one input and shows it. `input`: {text, kind: 'html'|'text'|'auto', name, source,
 * encoding?}; 'auto': plain text the core's `sniffKind` may find to be HTML.
 * `t0`: performance.now() when the user's action arrived (paste, drop, file read).
 */
let checksDone = 0;
async function check(input, t0 = performance.now()) {
  try {
    return await checkInner(input, t0);
  } finally {
    // Tests and tools wait on this: one more check (of any outcome) has finished.
    document.documentElement.dataset.nbChecked = String(++checksDone);
  }
}

async function checkInner(input, t0) {
  if (!input.text || !input.text.trim()) {
    clearResult();
    message(MSG_EMPTY, 'error');
    return null;
  }
  let parsed = null;
  const phases = {};
  const hadWasm = stats.wasmInitMs != null;
  const wasm = initWasm(); // under way while the HTML is sanitised and walked
  if (input.kind === 'auto') {
    // Plain text that may be markup (a page's source pasted or typed): the core decides.
    await wasm;
    input.kind = inputKind(input.text);
  }
  if (input.kind === 'html') {
    let t = performance.now();
    const root = sanitizeDom(input.text);
    phases.sanitizeMs = performance.now() - t;
    t = performance.now();
    parsed = root ? { root, ...domEvents(root) } : { root: null, events: '', nodes: [] };
    phases.walkMs = performance.now() - t;
  }
  await wasm;
  const tCheck = performance.now();
  const json = parsed ? nb.checkDom(parsed.events, input.name || '') : nb.checkText(input.text, 'text', input.name || '');
  const report = JSON.parse(json);
  const checkMs = performance.now() - tCheck;
  if (report.kind !== 'annual-report') {
    clearResult();
    message(MSG_NOT_REPORT, 'error');
    current = { report, input, findingEls: new Map() };
    window.nianbao.lastReport = report;
    return report;
  }
  const tDisplay = performance.now();
  const display = buildDisplay(report, input, parsed);
  current = { report, input, findingEls: display.findingEls, marks: display.marks };
  const docBox = $('nb-doc');
  docBox.textContent = '';
  docBox.appendChild(display.node);
  const highlightMs = performance.now() - t0;
  phases.displayMs = performance.now() - tDisplay;

  $('nb-summary').textContent = summaryLine(report.summary, words().vocabulary);
  $('nb-summary').className = `nb-summary${report.findings.length ? '' : ' nb-clean'}`;
  const meta = [];
  meta.push(report.title || '（未识别出标题）');
  if (report.year) meta.push(`${report.year}年度`);
  if (report.format_name) meta.push(`${report.format_name}格式`);
  meta.push(input.kind === 'html' ? '网页（含表格）' : '纯文本');
  if (input.encoding) meta.push(`编码 ${input.encoding}`);
  if (display.unplaced) meta.push(`${display.unplaced} 处无法在原文中标出`);
  $('nb-meta').textContent = meta.join(' · ');
  renderFindings(display.marks, display.findingEls);
  renderTables(report);
  selectTab('doc');
  $('nb-result').hidden = false;
  message('');
  const totalMs = performance.now() - t0;
  const timing = { name: input.name, kind: input.kind, highlightMs, totalMs, checkMs, ...phases, firstWasm: !hadWasm, wasmInitMs: stats.wasmInitMs, compileMs: stats.compileMs, instantiateMs: stats.instantiateMs };
  stats.timings.push(timing);
  // Time to the frame that shows it: the next animation frame, then the task after it.
  requestAnimationFrame(() => setTimeout(() => {
    timing.paintMs = performance.now() - t0;
  }, 0));
  window.nianbao.lastReport = report;
  return report;
}

function fail(e) {
  console.error(e);
  document.documentElement.dataset.nbFailed = String(e && e.message ? e.message : e);
  clearResult();
  message(`检查时出错：${e && e.message ? e.message : e}`, 'error');
}

function onPaste(e) {
  const dt = e.clipboardData;
  if (!dt) return;
  e.preventDefault();
  const t0 = performance.now();
  const html = dt.getData('text/html') || '';
  const text = dt.getData('text/plain') || '';
  $('nb-paste').value = text || '';
  let input;
  if (html.trim()) input = { text: html, kind: 'html', name: '粘贴的网页', source: 'paste' };
  else input = { text, kind: 'auto', name: '粘贴的文本', source: 'paste' };
  check(input, t0).catch(fail);
}

/** Opens a file: the core says from its name and first bytes whether it can be read (and
 *  what to tell the user if not), then decodes it (BOM, <meta charset>, UTF-8, else GB18030). */
async function openFile(file, t0 = performance.now()) {
  const [bytes] = await Promise.all([file.arrayBuffer().then((b) => new Uint8Array(b)), initWasm()]);
  const type = JSON.parse(nb.fileKind(file.name, bytes.subarray(0, 1024)));
  if (!type.readable) {
    clearResult();
    message(type.message, 'error');
    return null;
  }
  if (!bytes.length) {
    clearResult();
    message(MSG_EMPTY, 'error');
    return null;
  }
  const d = JSON.parse(nb.decodeFile(bytes, file.name));
  $('nb-paste').value = d.text;
  const kind = d.kind === 'html' ? 'html' : 'text';
  const enc = d.encoding && d.encoding.toUpperCase() !== 'UTF-8' ? d.encoding.toUpperCase() : '';
  return check({ text: d.text, kind, name: file.name, source: 'file', encoding: enc }, t0);
}

function setup() {
  window.nianbao = { stats, check, ready: () => initWasm(), warmedUp: () => !!stats.warmedUp, lastReport: null, sanitizeDom };
  document.addEventListener('paste', onPaste);
  $('nb-recheck').addEventListener('click', () => {
    const text = $('nb-paste').value;
    check({ text, kind: 'auto', name: '输入的文本', source: 'typed' }).catch(fail);
  });
  $('nb-file').addEventListener('change', (e) => {
    const f = e.target.files && e.target.files[0];
    if (f) openFile(f).catch(fail);
    e.target.value = '';
  });
  $('nb-tab-doc').addEventListener('click', () => selectTab('doc'));
  $('nb-tab-tables').addEventListener('click', () => selectTab('tables'));
  $('nb-dl-json').addEventListener('click', () => {
    if (!current) return;
    const r = current.report;
    const out = { file: r.file, title: r.title, issuer: r.issuer, year: r.year, format: r.format, summary: r.summary, findings: r.findings };
    download(`${baseName(r)}-问题清单.json`, JSON.stringify(out, null, 2), 'application/json');
  });
  $('nb-dl-csv').addEventListener('click', () => current && download(`${baseName(current.report)}-问题清单.csv`, findingsCsv(current.report, words()), 'text/csv'));
  $('nb-dl-tables').addEventListener('click', () => current && download(`${baseName(current.report)}-表格.csv`, tablesCsv(current.report), 'text/csv'));
  // Drag and drop: files, or a selection dragged from another window.
  let depth = 0;
  window.addEventListener('dragenter', (e) => {
    e.preventDefault();
    depth++;
    document.body.classList.add('nb-dragging');
  });
  window.addEventListener('dragleave', () => {
    depth = Math.max(0, depth - 1);
    if (!depth) document.body.classList.remove('nb-dragging');
  });
  window.addEventListener('dragover', (e) => e.preventDefault());
  window.addEventListener('drop', (e) => {
    e.preventDefault();
    depth = 0;
    document.body.classList.remove('nb-dragging');
    const t0 = performance.now();
    const dt = e.dataTransfer;
    if (!dt) return;
    if (dt.files && dt.files.length) {
      openFile(dt.files[0], t0).catch(fail);
      return;
    }
    const html = dt.getData('text/html');
    const text = dt.getData('text/plain');
    if (html && html.trim()) check({ text: html, kind: 'html', name: '拖入的网页', source: 'drop' }, t0).catch(fail);
    else check({ text, kind: 'auto', name: '拖入的文本', source: 'drop' }, t0).catch(fail);
  });
  $('nb-sample-button').addEventListener('click', () => {
    const text = sampleText();
    $('nb-paste').value = text;
    check({ text, kind: 'text', name: '示例报告', source: 'sample' }).catch(fail);
  });
  if (params.has('cold')) compileWasm().catch(fail);
  else if (!params.has('lazy')) initWasm().then(() => warmUp()).catch(fail);
}

setup();
